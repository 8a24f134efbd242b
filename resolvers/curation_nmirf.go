package resolvers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Curation of NMIRFs, their institutions and their memberships in the network.

// ---- NMIRFs ----

func (r *Resolver) nmirfPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.NmirfPayload, error) {
	return payload(ctx, key, errs, err, r.Store.NMIRFsByKeys, func(n *domain.NMIRF, e []*apperr.Error) *model.NmirfPayload {
		return &model.NmirfPayload{Nmirf: n, Errors: e}
	})
}

// nmirfProps checks the descriptive fields shared by create and update.
func (c *checker) nmirfProps(props map[string]any, name, acronym, legalBasis, mandate, tool, website *string, year *int, typ *domain.NmirfType) {
	c.reqText(props, "name", "input.name", name, 300)
	c.optText(props, "acronym", "input.acronym", acronym, 30)
	c.optText(props, "legalBasis", "input.legalBasis", legalBasis, 500)
	c.optText(props, "mandate", "input.mandate", mandate, 2000)
	c.optText(props, "trackingTool", "input.trackingTool", tool, 100)
	c.website(props, "input.website", website)
	c.year("input.establishedYear", year)
	if year != nil {
		props["establishedYear"] = *year
	}
	if typ != nil {
		props["type"] = string(*typ)
	}
}

func (r *Resolver) createNmirf(ctx context.Context, in model.CreateNmirfInput) (*model.NmirfPayload, error) {
	code := domain.NormalizeStateCode(in.StateCode)
	if err := authorize(ctx, code); err != nil {
		return nil, err
	}
	c := &checker{}
	props := map[string]any{}
	c.state(ctx, "input.stateCode", code)
	c.nmirfProps(props, &in.Name, in.Acronym, in.LegalBasis, in.Mandate, in.TrackingTool, in.Website, in.EstablishedYear, in.Type)
	sources := c.ids(ctx, "input.sourceIds", domain.KindSource, in.SourceIds, r.Store.CountNodes("Source"))
	if len(c.errs) > 0 {
		return r.nmirfPayload(ctx, "", c.errs, nil)
	}
	key := "nmirf-" + uuid.NewString()
	userErr, err := r.apply(ctx, store.Write{Label: "NMIRF", Key: key, Action: "CREATE", Props: props,
		Replace: map[string][]store.Target{"state": store.Keys([]string{code}), "sources": store.Keys(sources)}})
	return r.nmirfPayload(ctx, key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) updateNmirf(ctx context.Context, in model.UpdateNmirfInput) (*model.NmirfPayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindNMIRF)
	if err != nil || userErr != nil {
		return r.nmirfPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	props := map[string]any{}
	c.nmirfProps(props, in.Name, in.Acronym, in.LegalBasis, in.Mandate, in.TrackingTool, in.Website, in.EstablishedYear, in.Type)
	w := store.Write{Label: "NMIRF", Key: e.key, Version: in.Version, Action: "UPDATE", Props: props, Replace: map[string][]store.Target{}}
	if in.SourceIds != nil {
		w.Replace["sources"] = store.Keys(c.ids(ctx, "input.sourceIds", domain.KindSource, in.SourceIds, r.Store.CountNodes("Source")))
	}
	if len(c.errs) > 0 {
		return r.nmirfPayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w)
	return r.nmirfPayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveNmirf(ctx context.Context, in model.ArchiveInput) (*model.NmirfPayload, error) {
	key, errs, err := r.archive(ctx, domain.KindNMIRF, in)
	return r.nmirfPayload(ctx, key, errs, err)
}

// ---- Institutions ----

func (r *Resolver) institutionPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.InstitutionPayload, error) {
	return payload(ctx, key, errs, err, r.Store.InstitutionsByKeys, func(n *domain.Institution, e []*apperr.Error) *model.InstitutionPayload {
		return &model.InstitutionPayload{Institution: n, Errors: e}
	})
}

// parts checks an institution's parts in NMIRFs: each an active NMIRF of the same State,
// each named once, with a role.
func (c *checker) parts(ctx context.Context, parts []*model.InstitutionPartInput, code string) []store.Target {
	out := make([]store.Target, 0, len(parts))
	seen := map[string]bool{}
	for i, p := range parts {
		field := "input.parts[" + strconv.Itoa(i) + "]"
		role := strings.ToUpper(strings.TrimSpace(p.Role))
		if role == "" || len(role) > 50 {
			c.fail(field+".role", "a role of 1 to 50 characters, e.g. COORDINATOR or MEMBER")
		}
		n := c.nmirf(ctx, field+".nmirfId", p.NmirfID)
		if n == nil {
			continue
		}
		if n.StateCode != code {
			c.fail(field+".nmirfId", "the NMIRF is %s's, not %s's", n.StateCode, code)
		}
		if seen[n.Key] {
			c.fail(field+".nmirfId", "names an NMIRF twice")
		}
		seen[n.Key] = true
		out = append(out, store.Target{Key: n.Key, Props: map[string]any{"role": role}})
	}
	return out
}

func (r *Resolver) createInstitution(ctx context.Context, in model.CreateInstitutionInput) (*model.InstitutionPayload, error) {
	code := domain.NormalizeStateCode(in.StateCode)
	if err := authorize(ctx, code); err != nil {
		return nil, err
	}
	c := &checker{}
	props := map[string]any{}
	c.state(ctx, "input.stateCode", code)
	c.reqText(props, "name", "input.name", &in.Name, 300)
	parts := c.parts(ctx, in.Parts, code)
	if len(c.errs) > 0 {
		return r.institutionPayload(ctx, "", c.errs, nil)
	}
	key := "inst-" + uuid.NewString()
	userErr, err := r.apply(ctx, store.Write{Label: "Institution", Key: key, Action: "CREATE", Props: props,
		Replace: map[string][]store.Target{"state": store.Keys([]string{code}), "nmirfs": parts}})
	return r.institutionPayload(ctx, key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) updateInstitution(ctx context.Context, in model.UpdateInstitutionInput) (*model.InstitutionPayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindInstitution)
	if err != nil || userErr != nil {
		return r.institutionPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	props := map[string]any{}
	c.reqText(props, "name", "input.name", in.Name, 300)
	w := store.Write{Label: "Institution", Key: e.key, Version: in.Version, Action: "UPDATE", Props: props, Replace: map[string][]store.Target{}}
	if in.Parts != nil {
		w.Replace["nmirfs"] = c.parts(ctx, in.Parts, e.owner.StateCode)
	}
	if len(c.errs) > 0 {
		return r.institutionPayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w)
	return r.institutionPayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveInstitution(ctx context.Context, in model.ArchiveInput) (*model.InstitutionPayload, error) {
	key, errs, err := r.archive(ctx, domain.KindInstitution, in)
	return r.institutionPayload(ctx, key, errs, err)
}

// ---- Network memberships (administrators: the network, not a State, decides who belongs) ----

// membership resolves the NMIRF a membership mutation names and its current membership.
func (r *Resolver) membership(ctx context.Context, id string) (*domain.NMIRF, *domain.Membership, *apperr.Error, error) {
	if err := adminOnly(ctx); err != nil {
		return nil, nil, nil, err
	}
	c := &checker{}
	n := c.nmirf(ctx, "input.nmirfId", id)
	if err := settle(c.errs); err != nil {
		return nil, nil, nil, err
	}
	if n == nil {
		return nil, nil, c.errs[0], nil
	}
	ms, err := r.Store.MembershipsByNMIRFs(ctx, []string{n.Key})
	if err != nil {
		return nil, nil, nil, err
	}
	var m *domain.Membership
	if len(ms[n.Key]) > 0 {
		m = ms[n.Key][0]
	}
	return n, m, nil, nil
}

func (r *Resolver) createNetworkMembership(ctx context.Context, in model.CreateNetworkMembershipInput) (*model.NmirfPayload, error) {
	n, m, userErr, err := r.membership(ctx, in.NmirfID)
	if err != nil || userErr != nil {
		return r.nmirfPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	if m != nil {
		c.fail("input.nmirfId", "the NMIRF is a member already; use updateNetworkMembership")
	}
	c.date("input.since", in.Since)
	if len(c.errs) > 0 {
		return r.nmirfPayload(ctx, "", c.errs, nil)
	}
	role := domain.MembershipRole("MEMBER")
	if in.Role != nil {
		role = *in.Role
	}
	userErr, err = r.apply(ctx, store.Write{Label: "NMIRF", Key: n.Key, AnyVersion: true, Action: "MEMBERSHIP_CREATE",
		Add: map[string][]store.Target{"network": {store.MembershipLink(n.Key, n.StateCode, role, in.Since)}}})
	return r.nmirfPayload(ctx, n.Key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) updateNetworkMembership(ctx context.Context, in model.UpdateNetworkMembershipInput) (*model.NmirfPayload, error) {
	n, m, userErr, err := r.membership(ctx, in.NmirfID)
	if err != nil || userErr != nil {
		return r.nmirfPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	if m == nil {
		c.fail("input.nmirfId", "the NMIRF is not a member; use createNetworkMembership")
	}
	c.date("input.since", in.Since)
	if len(c.errs) > 0 {
		return r.nmirfPayload(ctx, "", c.errs, nil)
	}
	role, since := m.Role, m.Since
	if in.Role != nil {
		role = *in.Role
	}
	if in.Since != nil {
		since = in.Since
	}
	userErr, err = r.apply(ctx, store.Write{Label: "NMIRF", Key: n.Key, Version: in.Version, Action: "MEMBERSHIP_UPDATE",
		Add: map[string][]store.Target{"network": {store.MembershipLink(n.Key, n.StateCode, role, since)}}})
	return r.nmirfPayload(ctx, n.Key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveNetworkMembership(ctx context.Context, in model.ArchiveNetworkMembershipInput) (*model.NmirfPayload, error) {
	n, m, userErr, err := r.membership(ctx, in.NmirfID)
	if err != nil || userErr != nil {
		return r.nmirfPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	if m == nil {
		c.fail("input.nmirfId", "the NMIRF is not a member")
	}
	c.date("input.endedOn", in.EndedOn)
	if len(c.errs) > 0 {
		return r.nmirfPayload(ctx, "", c.errs, nil)
	}
	ended := domain.Date{Time: time.Now().UTC().Truncate(24 * time.Hour)}
	if in.EndedOn != nil {
		ended = *in.EndedOn
	}
	userErr, err = r.apply(ctx, store.Write{Label: "NMIRF", Key: n.Key, Version: in.Version, Action: "MEMBERSHIP_ARCHIVE",
		Remove: map[string][]string{"network": {store.NetworkKey}},
		Add:    map[string][]store.Target{"formerNetworks": {store.FormerMembershipLink(m, ended)}}})
	return r.nmirfPayload(ctx, n.Key, []*apperr.Error{userErr}, err)
}
