package resolvers

import (
	"context"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
)

// The mutations' GraphQL inputs as the curation service's domain inputs, and its answers as
// payloads. Every mutation resolver is: convert the input, call the service, make the payload.

func practiceDraft(in model.CreateGoodPracticeInput) domain.PracticeDraft {
	return domain.PracticeDraft{Lang: deref(in.Lang), Title: in.Title, Summary: in.Summary, State: domain.NewRef(in.StateCode),
		NMIRF: domain.OptRef(in.NmirfID), Status: deref(in.Status), PracticeDetails: domain.PracticeDetails{Capacities: in.Capacities,
			Stakeholders: in.Stakeholders, Tools: in.Tools, PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Outcome: in.Outcome},
		Themes: domain.NewRefs(in.ThemeIds), GuidanceDimensions: domain.NewRefs(in.GuidanceDimensionIds),
		Recommendations: domain.NewRefs(in.RecommendationIds), Sources: domain.NewRefs(in.SourceIds)}
}

func practicePatch(in model.UpdateGoodPracticeInput) domain.PracticePatch {
	return domain.PracticePatch{Version: in.Version, Lang: deref(in.Lang), Title: in.Title, Summary: in.Summary, Status: in.Status,
		PracticeDetails: domain.PracticeDetails{Capacities: in.Capacities, Stakeholders: in.Stakeholders, Tools: in.Tools,
			PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Outcome: in.Outcome}, Themes: domain.OptRefs(in.ThemeIds), GuidanceDimensions: domain.OptRefs(in.GuidanceDimensionIds),
		Recommendations: domain.OptRefs(in.RecommendationIds), Sources: domain.OptRefs(in.SourceIds)}
}

func nmirfDraft(in model.CreateNmirfInput) domain.NMIRFDraft {
	return domain.NMIRFDraft{State: domain.NewRef(in.StateCode), Sources: domain.NewRefs(in.SourceIds), NMIRFFields: domain.NMIRFFields{
		Name: &in.Name, Acronym: in.Acronym, Type: in.Type, NMIRFDetails: domain.NMIRFDetails{LegalBasis: in.LegalBasis, Mandate: in.Mandate,
			TrackingTool: in.TrackingTool, Website: in.Website, EstablishedYear: in.EstablishedYear}}}
}

func nmirfPatch(in model.UpdateNmirfInput) domain.NMIRFPatch {
	return domain.NMIRFPatch{Version: in.Version, Sources: domain.OptRefs(in.SourceIds), NMIRFFields: domain.NMIRFFields{
		Name: in.Name, Acronym: in.Acronym, Type: in.Type, NMIRFDetails: domain.NMIRFDetails{LegalBasis: in.LegalBasis, Mandate: in.Mandate,
			TrackingTool: in.TrackingTool, Website: in.Website, EstablishedYear: in.EstablishedYear}}}
}

func institutionParts(in []*model.InstitutionPartInput) []domain.InstitutionPart {
	out := make([]domain.InstitutionPart, len(in))
	for i, p := range in {
		out[i] = domain.InstitutionPart{NMIRF: domain.NewRef(p.NmirfID), Role: p.Role}
	}
	return out
}

func institutionDraft(in model.CreateInstitutionInput) domain.InstitutionDraft {
	return domain.InstitutionDraft{State: domain.NewRef(in.StateCode), Name: in.Name, Parts: institutionParts(in.Parts)}
}

func institutionPatch(in model.UpdateInstitutionInput) domain.InstitutionPatch {
	p := domain.InstitutionPatch{Version: in.Version, Name: in.Name}
	if in.Parts != nil {
		parts := institutionParts(in.Parts)
		p.Parts = &parts
	}
	return p
}

func membershipDraft(in model.CreateNetworkMembershipInput) domain.MembershipDraft {
	return domain.MembershipDraft{NMIRF: domain.NewRef(in.NmirfID), Role: in.Role, Since: in.Since}
}

func membershipPatch(in model.UpdateNetworkMembershipInput) domain.MembershipPatch {
	return domain.MembershipPatch{NMIRF: domain.NewRef(in.NmirfID), Version: in.Version, Role: in.Role, Since: in.Since}
}

func membershipEnd(in model.ArchiveNetworkMembershipInput) domain.MembershipEnd {
	return domain.MembershipEnd{NMIRF: domain.NewRef(in.NmirfID), Version: in.Version, EndedOn: in.EndedOn}
}

func actionDraft(in model.CreateFollowUpActionInput) domain.FollowUpActionDraft {
	return domain.FollowUpActionDraft{NMIRF: domain.NewRef(in.NmirfID), Title: in.Title, Description: in.Description,
		Recommendation: domain.OptRef(in.RecommendationID), Cluster: domain.OptRef(in.ClusterID), LeadInstitution: domain.OptRef(in.LeadInstitutionID),
		Status: in.Status, DueDate: in.DueDate, Indicator: in.Indicator, ProgressNote: in.ProgressNote}
}

func actionPatch(in model.UpdateFollowUpActionInput) domain.FollowUpActionPatch {
	return domain.FollowUpActionPatch{Version: in.Version, Title: in.Title, Description: in.Description,
		LeadInstitution: domain.OptRef(in.LeadInstitutionID), Status: in.Status, DueDate: in.DueDate, Indicator: in.Indicator, ProgressNote: in.ProgressNote}
}

func clusterDraft(in model.CreateCuratedClusterInput) domain.CuratedClusterDraft {
	return domain.CuratedClusterDraft{NMIRF: domain.NewRef(in.NmirfID), Name: in.Name, Description: in.Description,
		Recommendations: domain.NewRefs(in.RecommendationIds), Themes: domain.NewRefs(in.ThemeIds)}
}

func clusterPatch(in model.UpdateCuratedClusterInput) domain.CuratedClusterPatch {
	return domain.CuratedClusterPatch{Version: in.Version, Name: in.Name, Description: in.Description,
		Recommendations: domain.OptRefs(in.RecommendationIds), Themes: domain.OptRefs(in.ThemeIds)}
}

func linkOf(in model.LinkInput) domain.Link {
	return domain.Link{From: domain.NewRef(in.FromID), To: domain.NewRef(in.ToID), Version: in.Version}
}

// payload makes a mutation's payload from the service's answer: the node as written and no
// errors, or the input problems and no node (apperr.Problems), or a top-level error.
func payload[N, P any](wrap func(N, []*apperr.Error) *P) func(N, error) (*P, error) {
	return func(n N, err error) (*P, error) {
		problems, err := apperr.Problems(err)
		if err != nil {
			return nil, err
		}
		return wrap(n, problems), nil
	}
}

var (
	practicePayload = payload(func(n *domain.GoodPractice, e []*apperr.Error) *model.GoodPracticePayload {
		return &model.GoodPracticePayload{GoodPractice: n, Errors: e}
	})
	nmirfPayload = payload(func(n *domain.NMIRF, e []*apperr.Error) *model.NmirfPayload {
		return &model.NmirfPayload{Nmirf: n, Errors: e}
	})
	institutionPayload = payload(func(n *domain.Institution, e []*apperr.Error) *model.InstitutionPayload {
		return &model.InstitutionPayload{Institution: n, Errors: e}
	})
	actionPayload = payload(func(n *domain.FollowUpAction, e []*apperr.Error) *model.FollowUpActionPayload {
		return &model.FollowUpActionPayload{FollowUpAction: n, Errors: e}
	})
	clusterPayload = payload(func(n *domain.CuratedCluster, e []*apperr.Error) *model.CuratedClusterPayload {
		return &model.CuratedClusterPayload{CuratedCluster: n, Errors: e}
	})
	// deletePayload takes the ID deleted, which it answers only when nothing went wrong.
	deletePayload = payload(func(id *string, e []*apperr.Error) *model.DeletePayload {
		if len(e) > 0 {
			id = nil
		}
		return &model.DeletePayload{DeletedID: id, Errors: e}
	})
)

// linkPayload answers linkNodes and unlinkNodes: From as written, To as it is now.
func (r *Resolver) linkPayload(ctx context.Context, in model.LinkInput, from domain.Node, err error) (*model.LinkPayload, error) {
	problems, err := apperr.Problems(err)
	switch {
	case err != nil:
		return nil, err
	case len(problems) > 0:
		return &model.LinkPayload{Errors: problems}, nil
	}
	to, err := r.loadNode(ctx, "input.toId", in.ToID, true)
	if err != nil {
		return nil, err
	}
	return &model.LinkPayload{From: from, To: to, Errors: problems}, nil
}
