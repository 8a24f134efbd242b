package resolvers

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Curation beyond good practices: NMIRFs, institutions, network memberships, follow-up
// actions, curated clusters, links and hard deletes. Each mutation follows the same steps:
// authenticate; resolve the node it names (unknown → NOT_FOUND in `errors`); authorize for
// that node's State; check every input field, collecting all problems (nothing is written
// when there is one); then one store write, which checks the version and records the change.

// authenticated fails for anonymous callers, before anything about the input is revealed.
func authenticated(ctx context.Context) error {
	if domain.PrincipalFrom(ctx).TokenID == "" {
		return authorize(ctx, "")
	}
	return nil
}

// adminOnly lets administrators through; the others are UNAUTHENTICATED or FORBIDDEN.
func adminOnly(ctx context.Context) error {
	if err := authenticated(ctx); err != nil {
		return err
	}
	if domain.PrincipalFrom(ctx).Role != domain.RoleAdmin {
		return &apperr.Error{Code: apperr.Forbidden, Message: "only administrators may do this"}
	}
	return nil
}

// existing is a node an update names, once found and authorized.
type existing struct {
	key   string
	owner store.Owner
}

// lookup resolves the global ID in field to a node of kind, checks that it exists and that
// the caller may write it. A bad or unknown ID is a user error; a caller without rights gets
// a top-level error.
func (r *Resolver) lookup(ctx context.Context, field, id string, kind domain.Kind) (existing, *apperr.Error, error) {
	if err := authenticated(ctx); err != nil {
		return existing{}, nil, err
	}
	k, key, err := domain.ParseGlobalID(field, id)
	if err != nil || k != kind {
		return existing{}, apperr.Invalid(field, "%q is not the ID of a %s", id, kind), nil
	}
	owner, err := r.Store.OwnerOf(ctx, string(kind), key)
	if err != nil {
		return existing{}, nil, err
	}
	if !owner.Found {
		return existing{}, &apperr.Error{Code: apperr.NotFound, Field: field, Message: "no such " + string(kind)}, nil
	}
	return existing{key: key, owner: owner}, nil, authorize(ctx, owner.StateCode)
}

// settle splits collected problems: an internal one becomes the top-level error, the others
// go back in the payload.
func settle(errs []*apperr.Error) error {
	for _, e := range errs {
		if e != nil && e.Code == apperr.Internal {
			return e
		}
	}
	return nil
}

// apply writes w for the caller; a stale version or a node deleted meanwhile comes back as a
// user error.
func (r *Resolver) apply(ctx context.Context, w store.Write) (*apperr.Error, error) {
	w.Actor = domain.PrincipalFrom(ctx).Name
	_, err := r.Store.Apply(ctx, w)
	if e, ok := apperr.As(err); ok && (e.Code == apperr.Conflict || e.Code == apperr.NotFound) {
		return e, nil
	}
	return nil, err
}

// optText checks an optional text; "" asks to clear it (nil in the written properties).
func (c *checker) optText(props map[string]any, prop, field string, v *string, max int) {
	if v == nil {
		return
	}
	t := strings.TrimSpace(*v)
	if len([]rune(t)) > max {
		c.fail(field, "at most %d characters", max)
		return
	}
	if t == "" {
		props[prop] = nil
	} else {
		props[prop] = t
	}
}

// reqText checks a text that must not be empty and sets it when given.
func (c *checker) reqText(props map[string]any, prop, field string, v *string, max int) {
	if v == nil {
		return
	}
	c.text(field, *v, max)
	props[prop] = strings.TrimSpace(*v)
}

func (c *checker) website(props map[string]any, field string, v *string) {
	if v == nil {
		return
	}
	t := strings.TrimSpace(*v)
	if t == "" {
		props["website"] = nil
		return
	}
	u, err := url.Parse(t)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(t) > 500 {
		c.fail(field, "%q is not an http or https address", t)
		return
	}
	props["website"] = t
}

// state checks a State code and returns it upper-cased.
func (c *checker) state(ctx context.Context, field, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if st, err := optional(For(ctx).StateByCode.Load(ctx, code)); err != nil {
		c.errs = append(c.errs, internal(err))
	} else if st == nil {
		c.fail(field, "%q is not a known State", code)
	}
	return code
}

// nmirf resolves an NMIRF ID to an active NMIRF.
func (c *checker) nmirf(ctx context.Context, field, id string) *domain.NMIRF {
	kind, key, err := domain.ParseGlobalID(field, id)
	if err != nil || kind != domain.KindNMIRF {
		c.fail(field, "%q is not the ID of an NMIRF", id)
		return nil
	}
	n, err := optional(For(ctx).NMIRFByKey.Load(ctx, key))
	switch {
	case err != nil:
		c.errs = append(c.errs, internal(err))
	case n == nil:
		c.fail(field, "no such NMIRF")
	case n.ArchivedAt != nil:
		c.fail(field, "the NMIRF is archived")
		return nil
	}
	return n
}

// addressedTo checks that every recommendation is addressed to the State code.
func (c *checker) addressedTo(ctx context.Context, field string, keys []string, code string) {
	lists, err := For(ctx).StatesAddressed.LoadAll(ctx, keys)
	if err != nil {
		c.errs = append(c.errs, internal(err))
		return
	}
	for i, states := range lists {
		ok := false
		for _, s := range states {
			ok = ok || s.Code == code
		}
		if !ok {
			c.fail(field, "recommendation %d is not addressed to %s", i, code)
		}
	}
}

func (c *checker) date(field string, d *domain.Date) {
	if d != nil && (d.Year() < 1945 || d.Year() > 2100) {
		c.fail(field, "%s is not a date between 1945 and 2100", d)
	}
}

func internal(err error) *apperr.Error {
	return &apperr.Error{Code: apperr.Internal, Message: "internal error", Err: err}
}

func archivedNow() map[string]any {
	return map[string]any{"archivedAt": time.Now().UTC().Format(time.RFC3339)}
}

// archive checks the version and archive state, then archives.
func (r *Resolver) archive(ctx context.Context, kind domain.Kind, in model.ArchiveInput) (string, []*apperr.Error, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, kind)
	if err != nil || userErr != nil {
		return "", []*apperr.Error{userErr}, err
	}
	if e.owner.Archived {
		return "", []*apperr.Error{apperr.Invalid("input.id", "it is archived already")}, nil
	}
	userErr, err = r.apply(ctx, store.Write{Label: string(kind), Key: e.key, Version: in.Version, Action: "ARCHIVE", Props: archivedNow()})
	if userErr != nil {
		return "", []*apperr.Error{userErr}, err
	}
	return e.key, nil, err
}

// ---- NMIRFs ----

func (r *Resolver) nmirfPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.NmirfPayload, error) {
	if err != nil {
		return nil, err
	}
	if err := settle(errs); err != nil {
		return nil, err
	}
	if len(errs) > 0 && errs[0] != nil {
		return &model.NmirfPayload{Errors: errs}, nil
	}
	got, err := r.Store.NMIRFsByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return &model.NmirfPayload{Nmirf: got[key], Errors: []*apperr.Error{}}, nil
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
	code := strings.ToUpper(strings.TrimSpace(in.StateCode))
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
	if err != nil {
		return nil, err
	}
	if err := settle(errs); err != nil {
		return nil, err
	}
	if len(errs) > 0 && errs[0] != nil {
		return &model.InstitutionPayload{Errors: errs}, nil
	}
	got, err := r.Store.InstitutionsByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return &model.InstitutionPayload{Institution: got[key], Errors: []*apperr.Error{}}, nil
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
	code := strings.ToUpper(strings.TrimSpace(in.StateCode))
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

// ---- Follow-up actions ----

func (r *Resolver) actionPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.FollowUpActionPayload, error) {
	if err != nil {
		return nil, err
	}
	if err := settle(errs); err != nil {
		return nil, err
	}
	if len(errs) > 0 && errs[0] != nil {
		return &model.FollowUpActionPayload{Errors: errs}, nil
	}
	got, err := r.Store.FollowUpActionsByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return &model.FollowUpActionPayload{FollowUpAction: got[key], Errors: []*apperr.Error{}}, nil
}

// leadInstitution checks that the institution exists, is active and is of the State.
func (c *checker) leadInstitution(ctx context.Context, id, code string) string {
	kind, key, err := domain.ParseGlobalID("input.leadInstitutionId", id)
	if err != nil || kind != domain.KindInstitution {
		c.fail("input.leadInstitutionId", "%q is not the ID of an institution", id)
		return ""
	}
	inst, err := optional(For(ctx).InstitutionByKey.Load(ctx, key))
	switch {
	case err != nil:
		c.errs = append(c.errs, internal(err))
	case inst == nil:
		c.fail("input.leadInstitutionId", "no such institution")
	case inst.ArchivedAt != nil:
		c.fail("input.leadInstitutionId", "the institution is archived")
	case inst.StateCode != code:
		c.fail("input.leadInstitutionId", "the institution is %s's, not %s's", inst.StateCode, code)
	}
	return key
}

func (c *checker) note(ctx context.Context, w *store.Write, v *string) {
	if v == nil {
		return
	}
	c.text("input.progressNote", *v, 5000)
	w.Append = map[string]any{"notes": store.ProgressNoteJSON(domain.ProgressNote{
		At: time.Now().UTC().Format(time.RFC3339), Author: domain.PrincipalFrom(ctx).Name, Text: strings.TrimSpace(*v)})}
}

func (r *Resolver) createFollowUpAction(ctx context.Context, in model.CreateFollowUpActionInput) (*model.FollowUpActionPayload, error) {
	if err := authenticated(ctx); err != nil {
		return nil, err
	}
	c := &checker{}
	n := c.nmirf(ctx, "input.nmirfId", in.NmirfID)
	if n == nil {
		return r.actionPayload(ctx, "", c.errs, nil)
	}
	if err := authorize(ctx, n.StateCode); err != nil {
		return nil, err
	}
	props := map[string]any{"status": "IN_PREPARATION", "dueDate": store.DateValue(in.DueDate)}
	if in.Status != nil {
		props["status"] = string(*in.Status)
	}
	c.reqText(props, "title", "input.title", &in.Title, 300)
	c.optText(props, "description", "input.description", in.Description, 5000)
	c.optText(props, "indicator", "input.indicator", in.Indicator, 1000)
	c.date("input.dueDate", in.DueDate)
	w := store.Write{Label: "FollowUpAction", Key: "action-" + uuid.NewString(), Action: "CREATE", Props: props,
		Replace: map[string][]store.Target{"nmirf": store.Keys([]string{n.Key})}}
	switch {
	case (in.RecommendationID == nil) == (in.ClusterID == nil):
		c.fail("input.recommendationId", "name exactly one of recommendationId and clusterId")
	case in.RecommendationID != nil:
		keys := c.ids(ctx, "input.recommendationId", domain.KindRecommendation, []string{*in.RecommendationID}, r.Store.CountNodes("Recommendation"))
		if len(c.errs) == 0 {
			c.addressedTo(ctx, "input.recommendationId", keys, n.StateCode)
			w.Replace["recommendation"] = store.Keys(keys)
		}
	default:
		if key := c.cluster(ctx, *in.ClusterID, n.Key); key != "" {
			w.Replace["cluster"] = store.Keys([]string{key})
		}
	}
	if in.LeadInstitutionID != nil {
		w.Replace["leadInstitution"] = store.Keys([]string{c.leadInstitution(ctx, *in.LeadInstitutionID, n.StateCode)})
	}
	c.note(ctx, &w, in.ProgressNote)
	if len(c.errs) > 0 {
		return r.actionPayload(ctx, "", c.errs, nil)
	}
	userErr, err := r.apply(ctx, w)
	return r.actionPayload(ctx, w.Key, []*apperr.Error{userErr}, err)
}

// cluster checks that a curated cluster exists, is active and is the NMIRF's.
func (c *checker) cluster(ctx context.Context, id, nmirfKey string) string {
	kind, key, err := domain.ParseGlobalID("input.clusterId", id)
	if err != nil || kind != domain.KindCuratedCluster {
		c.fail("input.clusterId", "%q is not the ID of a curated cluster", id)
		return ""
	}
	cl, err := optional(For(ctx).CuratedClusterByKey.Load(ctx, key))
	switch {
	case err != nil:
		c.errs = append(c.errs, internal(err))
	case cl == nil:
		c.fail("input.clusterId", "no such curated cluster")
	case cl.ArchivedAt != nil:
		c.fail("input.clusterId", "the cluster is archived")
	case cl.NMIRFKey != nmirfKey:
		c.fail("input.clusterId", "the cluster is another NMIRF's")
	default:
		return key
	}
	return ""
}

func (r *Resolver) updateFollowUpAction(ctx context.Context, in model.UpdateFollowUpActionInput) (*model.FollowUpActionPayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindFollowUpAction)
	if err != nil || userErr != nil {
		return r.actionPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	props := map[string]any{}
	c.reqText(props, "title", "input.title", in.Title, 300)
	c.optText(props, "description", "input.description", in.Description, 5000)
	c.optText(props, "indicator", "input.indicator", in.Indicator, 1000)
	c.date("input.dueDate", in.DueDate)
	if in.DueDate != nil {
		props["dueDate"] = store.DateValue(in.DueDate)
	}
	if in.Status != nil {
		props["status"] = string(*in.Status)
	}
	w := store.Write{Label: "FollowUpAction", Key: e.key, Version: in.Version, Action: "UPDATE", Props: props, Replace: map[string][]store.Target{}}
	if in.LeadInstitutionID != nil {
		w.Replace["leadInstitution"] = store.Keys([]string{c.leadInstitution(ctx, *in.LeadInstitutionID, e.owner.StateCode)})
	}
	c.note(ctx, &w, in.ProgressNote)
	if len(c.errs) > 0 {
		return r.actionPayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w)
	return r.actionPayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveFollowUpAction(ctx context.Context, in model.ArchiveInput) (*model.FollowUpActionPayload, error) {
	key, errs, err := r.archive(ctx, domain.KindFollowUpAction, in)
	return r.actionPayload(ctx, key, errs, err)
}

// ---- Curated clusters ----

func (r *Resolver) clusterPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.CuratedClusterPayload, error) {
	if err != nil {
		return nil, err
	}
	if err := settle(errs); err != nil {
		return nil, err
	}
	if len(errs) > 0 && errs[0] != nil {
		return &model.CuratedClusterPayload{Errors: errs}, nil
	}
	got, err := r.Store.CuratedClustersByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return &model.CuratedClusterPayload{CuratedCluster: got[key], Errors: []*apperr.Error{}}, nil
}

// clusterRecommendations checks a cluster's recommendations: 1 to 500, all addressed to code.
func (r *Resolver) clusterRecs(ctx context.Context, c *checker, ids []string, code string) []string {
	if len(ids) == 0 || len(ids) > 500 {
		c.fail("input.recommendationIds", "name 1 to 500 recommendations")
		return nil
	}
	before := len(c.errs)
	keys := c.ids(ctx, "input.recommendationIds", domain.KindRecommendation, ids, r.Store.CountNodes("Recommendation"))
	if len(c.errs) == before {
		c.addressedTo(ctx, "input.recommendationIds", keys, code)
	}
	return keys
}

func (r *Resolver) createCuratedCluster(ctx context.Context, in model.CreateCuratedClusterInput) (*model.CuratedClusterPayload, error) {
	if err := authenticated(ctx); err != nil {
		return nil, err
	}
	c := &checker{}
	n := c.nmirf(ctx, "input.nmirfId", in.NmirfID)
	if n == nil {
		return r.clusterPayload(ctx, "", c.errs, nil)
	}
	if err := authorize(ctx, n.StateCode); err != nil {
		return nil, err
	}
	props := map[string]any{}
	c.reqText(props, "name", "input.name", &in.Name, 200)
	c.optText(props, "description", "input.description", in.Description, 2000)
	recs := r.clusterRecs(ctx, c, in.RecommendationIds, n.StateCode)
	themes := c.ids(ctx, "input.themeIds", domain.KindTheme, in.ThemeIds, r.Store.CountNodes("Theme"))
	if len(c.errs) > 0 {
		return r.clusterPayload(ctx, "", c.errs, nil)
	}
	key := "cluster-" + uuid.NewString()
	userErr, err := r.apply(ctx, store.Write{Label: "CuratedCluster", Key: key, Action: "CREATE", Props: props,
		Replace: map[string][]store.Target{"nmirf": store.Keys([]string{n.Key}), "recommendations": store.Keys(recs), "themes": store.Keys(themes)}})
	return r.clusterPayload(ctx, key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) updateCuratedCluster(ctx context.Context, in model.UpdateCuratedClusterInput) (*model.CuratedClusterPayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindCuratedCluster)
	if err != nil || userErr != nil {
		return r.clusterPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	props := map[string]any{}
	c.reqText(props, "name", "input.name", in.Name, 200)
	c.optText(props, "description", "input.description", in.Description, 2000)
	w := store.Write{Label: "CuratedCluster", Key: e.key, Version: in.Version, Action: "UPDATE", Props: props, Replace: map[string][]store.Target{}}
	if in.RecommendationIds != nil {
		w.Replace["recommendations"] = store.Keys(r.clusterRecs(ctx, c, in.RecommendationIds, e.owner.StateCode))
	}
	if in.ThemeIds != nil {
		w.Replace["themes"] = store.Keys(c.ids(ctx, "input.themeIds", domain.KindTheme, in.ThemeIds, r.Store.CountNodes("Theme")))
	}
	if len(c.errs) > 0 {
		return r.clusterPayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w)
	return r.clusterPayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveCuratedCluster(ctx context.Context, in model.ArchiveInput) (*model.CuratedClusterPayload, error) {
	key, errs, err := r.archive(ctx, domain.KindCuratedCluster, in)
	return r.clusterPayload(ctx, key, errs, err)
}

// ---- Links ----

// linkable lists the pairs linkNodes accepts and the link each makes (see store.editables).
var linkable = map[[2]domain.Kind]string{
	{domain.KindGoodPractice, domain.KindRecommendation}:    "recommendations",
	{domain.KindGoodPractice, domain.KindTheme}:             "themes",
	{domain.KindGoodPractice, domain.KindGuidanceDimension}: "guidanceDimensions",
	{domain.KindGoodPractice, domain.KindSource}:            "sources",
	{domain.KindCuratedCluster, domain.KindRecommendation}:  "recommendations",
	{domain.KindCuratedCluster, domain.KindTheme}:           "themes",
	{domain.KindNMIRF, domain.KindSource}:                   "sources",
}

func (r *Resolver) link(ctx context.Context, in model.LinkInput, add bool) (*model.LinkPayload, error) {
	if err := authenticated(ctx); err != nil {
		return nil, err
	}
	fail := func(e *apperr.Error) (*model.LinkPayload, error) {
		return &model.LinkPayload{Errors: []*apperr.Error{e}}, nil
	}
	fromKind, _, err1 := domain.ParseGlobalID("input.fromId", in.FromID)
	toKind, toKey, err2 := domain.ParseGlobalID("input.toId", in.ToID)
	if err1 != nil || err2 != nil {
		return fail(apperr.Invalid("input.fromId", "fromId and toId must be IDs the hub handed out"))
	}
	name, ok := linkable[[2]domain.Kind{fromKind, toKind}]
	if !ok {
		return fail(apperr.Invalid("input.toId", "a %s cannot be linked to a %s", fromKind, toKind))
	}
	e, userErr, err := r.lookup(ctx, "input.fromId", in.FromID, fromKind)
	if err != nil {
		return nil, err
	}
	if userErr != nil {
		return fail(userErr)
	}
	to, err := r.loadNode(ctx, "input.toId", in.ToID)
	if err != nil {
		return nil, err
	}
	if to == nil {
		return fail(&apperr.Error{Code: apperr.NotFound, Field: "input.toId", Message: "no such " + string(toKind)})
	}
	if add && fromKind == domain.KindCuratedCluster && toKind == domain.KindRecommendation {
		c := &checker{}
		c.addressedTo(ctx, "input.toId", []string{toKey}, e.owner.StateCode)
		if err := settle(c.errs); err != nil || len(c.errs) > 0 {
			if err != nil {
				return nil, err
			}
			return fail(c.errs[0])
		}
	}
	w := store.Write{Label: string(fromKind), Key: e.key, AnyVersion: in.Version == nil}
	if in.Version != nil {
		w.Version = *in.Version
	}
	if add {
		w.Action, w.Add = "LINK", map[string][]store.Target{name: store.Keys([]string{toKey})}
	} else {
		w.Action, w.Remove = "UNLINK", map[string][]string{name: {toKey}}
	}
	if userErr, err := r.apply(ctx, w); err != nil || userErr != nil {
		if err != nil {
			return nil, err
		}
		return fail(userErr)
	}
	from, err := r.freshNode(ctx, fromKind, e.key)
	if err != nil {
		return nil, err
	}
	return &model.LinkPayload{From: from, To: to, Errors: []*apperr.Error{}}, nil
}

// freshNode reads a node just written straight from the store: the request's loaders may
// hold the version from before the write.
func (r *Resolver) freshNode(ctx context.Context, kind domain.Kind, key string) (domain.Node, error) {
	keys := []string{key}
	switch kind {
	case domain.KindGoodPractice:
		m, err := r.Store.PracticesByKeys(ctx, keys)
		return nodeOrNil(m[key], err)
	case domain.KindNMIRF:
		m, err := r.Store.NMIRFsByKeys(ctx, keys)
		return nodeOrNil(m[key], err)
	case domain.KindCuratedCluster:
		m, err := r.Store.CuratedClustersByKeys(ctx, keys)
		return nodeOrNil(m[key], err)
	}
	return nil, nil
}

// ---- Hard delete and history ----

// deletable lists the kinds deleteNode accepts: the ones the API creates.
var deletable = map[domain.Kind]bool{domain.KindGoodPractice: true, domain.KindNMIRF: true, domain.KindInstitution: true,
	domain.KindFollowUpAction: true, domain.KindCuratedCluster: true}

func (r *Resolver) deleteNode(ctx context.Context, in model.DeleteNodeInput) (*model.DeletePayload, error) {
	if err := adminOnly(ctx); err != nil {
		return nil, err
	}
	kind, _, err := domain.ParseGlobalID("input.id", in.ID)
	if err != nil || !deletable[kind] {
		return &model.DeletePayload{Errors: []*apperr.Error{apperr.Invalid("input.id",
			"%q is not the ID of a good practice, NMIRF, institution, follow-up action or curated cluster", in.ID)}}, nil
	}
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, kind)
	if err != nil {
		return nil, err
	}
	if userErr != nil {
		return &model.DeletePayload{Errors: []*apperr.Error{userErr}}, nil
	}
	if err := r.Store.Delete(ctx, string(kind), e.key, domain.PrincipalFrom(ctx).Name); err != nil {
		if ae, ok := apperr.As(err); ok && ae.Code == apperr.NotFound {
			return &model.DeletePayload{Errors: []*apperr.Error{ae}}, nil
		}
		return nil, err
	}
	return &model.DeletePayload{DeletedID: &in.ID, Errors: []*apperr.Error{}}, nil
}

// history pages a node's recorded changes.
func (r *Resolver) history(ctx context.Context, n domain.Node, first *int) (*store.ChangePage, error) {
	limit, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	page, err := r.Store.History(ctx, n.UID(), limit)
	return &page, err
}

// historyOf is Query.history: any node's changes, deleted nodes included, for editors and
// administrators (a deleted draft's content must not leak to the public).
func (r *Resolver) historyOf(ctx context.Context, id string, first *int) (*store.ChangePage, error) {
	if err := authenticated(ctx); err != nil {
		return nil, err
	}
	if domain.PrincipalFrom(ctx).Role == domain.RoleViewer {
		return nil, &apperr.Error{Code: apperr.Forbidden, Message: "history by ID is for editors and administrators"}
	}
	kind, key, err := domain.ParseGlobalID("id", id)
	if err != nil {
		return nil, err
	}
	limit, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	page, err := r.Store.History(ctx, domain.UID(kind, key), limit)
	return &page, err
}

// ---- Reads of curated clusters ----

func (r *Resolver) curatedClusterSizes(ctx context.Context, objs []*domain.CuratedCluster) ([]int, error) {
	lists, err := loadLists(ctx, For(ctx).RecommendationsOfCluster, objs, func(x *domain.CuratedCluster) string { return x.Key })
	out := make([]int, len(lists))
	for i, l := range lists {
		out[i] = len(l)
	}
	return out, err
}

func (r *Resolver) curatedClusterRecommendations(ctx context.Context, c *domain.CuratedCluster, first *int) ([]*domain.Recommendation, error) {
	n, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	keys, err := For(ctx).RecommendationsOfCluster.Load(ctx, c.Key)
	if err != nil {
		return nil, err
	}
	return For(ctx).RecommendationByKey.LoadAll(ctx, keys[:min(n, len(keys))])
}

func (r *Resolver) clusterCurated(ctx context.Context, c *store.Cluster) (*domain.CuratedCluster, error) {
	if c.CuratedKey == "" {
		return nil, nil
	}
	return optional(For(ctx).CuratedClusterByKey.Load(ctx, c.CuratedKey))
}

func clusterMethod(c *store.Cluster) string {
	if c.CuratedKey != "" {
		return "curated"
	}
	return "computed"
}
