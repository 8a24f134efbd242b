package resolvers

import (
	"context"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
)

// loadNode resolves a global ID through the loader of its kind, so nodes(ids:) costs one
// round trip per kind however many IDs it names. An unknown object is null, not an error.
func (r *Resolver) loadNode(ctx context.Context, field, id string) (domain.Node, error) {
	kind, key, err := domain.ParseGlobalID(field, id)
	if err != nil {
		return nil, err
	}
	l := For(ctx)
	switch kind {
	case domain.KindState:
		return nodeOrNil(optional(l.StateByCode.Load(ctx, key)))
	case domain.KindNMIRF:
		return nodeOrNil(optional(l.NMIRFByKey.Load(ctx, key)))
	case domain.KindNetwork:
		return nodeOrNil(optional(l.NetworkByKey.Load(ctx, key)))
	case domain.KindEvent:
		return nodeOrNil(optional(l.EventByKey.Load(ctx, key)))
	case domain.KindInstrument:
		return nodeOrNil(optional(l.InstrumentByKey.Load(ctx, key)))
	case domain.KindSource:
		return nodeOrNil(optional(l.SourceByKey.Load(ctx, key)))
	case domain.KindMechanism:
		return nodeOrNil(optional(l.MechanismByKey.Load(ctx, key)))
	case domain.KindDocument:
		return nodeOrNil(optional(l.DocumentByKey.Load(ctx, key)))
	case domain.KindRecommendation:
		return nodeOrNil(optional(l.RecommendationByKey.Load(ctx, key)))
	case domain.KindTheme:
		return nodeOrNil(optional(l.ThemeByKey.Load(ctx, key)))
	case domain.KindAffectedGroup:
		return nodeOrNil(optional(l.AffectedGroupByKey.Load(ctx, key)))
	case domain.KindSdgGoal:
		return nodeOrNil(optional(l.SdgGoalByCode.Load(ctx, key)))
	case domain.KindSdgTarget:
		return nodeOrNil(optional(l.SdgTargetByCode.Load(ctx, key)))
	case domain.KindGoodPractice:
		p, err := optional(l.PracticeByKey.Load(ctx, key))
		if p != nil && !canSee(ctx, p) {
			return nil, err
		}
		return nodeOrNil(p, err)
	case domain.KindGuidanceDimension:
		return nodeOrNil(optional(l.GuidanceDimensionByKey.Load(ctx, key)))
	case domain.KindInstitution:
		return nodeOrNil(optional(l.InstitutionByKey.Load(ctx, key)))
	case domain.KindOrganization:
		return nodeOrNil(optional(l.OrganizationByKey.Load(ctx, key)))
	case domain.KindFollowUpAction:
		return nodeOrNil(optional(l.FollowUpActionByKey.Load(ctx, key)))
	case domain.KindCuratedCluster:
		return nodeOrNil(optional(l.CuratedClusterByKey.Load(ctx, key)))
	}
	return nil, apperr.Invalid(field, "%q is not a valid ID", id)
}

// loadNodes resolves many global IDs concurrently, so their loads batch by kind.
func (r *Resolver) loadNodes(ctx context.Context, ids []string) ([]domain.Node, error) {
	if len(ids) > domain.MaxPageSize {
		return nil, apperr.Invalid("ids", "at most %d IDs, got %d", domain.MaxPageSize, len(ids))
	}
	out := make([]domain.Node, len(ids))
	errs := make([]error, len(ids))
	done := make(chan int)
	for i, id := range ids {
		go func() {
			out[i], errs[i] = r.loadNode(ctx, "ids", id)
			done <- i
		}()
	}
	for range ids {
		<-done
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nodeOrNil keeps a nil pointer from becoming a non-nil interface holding nil.
func nodeOrNil[T any, P interface {
	*T
	domain.Node
}](v P, err error) (domain.Node, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

// canSee tells whether the caller may read a practice fetched by ID: published ones are
// public; drafts and archived ones are for administrators and the editors who may write them
// (store.visibleToCaller is the same rule for lists, which leave archived ones out).
func canSee(ctx context.Context, p *domain.GoodPractice) bool {
	if p.Status == "PUBLISHED" {
		return true
	}
	who := domain.PrincipalFrom(ctx)
	return who.Role == domain.RoleAdmin || who.Role == domain.RoleEditor && (who.StateCode == "" || who.StateCode == p.StateCode)
}
