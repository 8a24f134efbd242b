package resolvers

import (
	"context"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Links between nodes, hard deletes and history by ID.

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
	to, err := r.loadNode(ctx, "input.toId", in.ToID, true)
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
	if err := r.Store.Delete(ctx, string(kind), e.key, domain.PrincipalFrom(ctx).Name, domain.PrincipalFrom(ctx).TokenID); err != nil {
		if ae, ok := apperr.As(err); ok && (ae.Code == apperr.NotFound || ae.Code == apperr.BadUserInput) {
			return &model.DeletePayload{Errors: []*apperr.Error{ae}}, nil
		}
		return nil, err
	}
	return &model.DeletePayload{DeletedID: &in.ID, Errors: []*apperr.Error{}}, nil
}

// mayReadHistory is the one rule for history: it is readable by who may edit the node —
// administrators, editors of every State, and editors of the node's State — and by nobody
// else. For a node that no longer exists (hard-deleted), its State is the one recorded with
// its last change (none recorded: administrators and editors of every State only).
func (r *Resolver) mayReadHistory(ctx context.Context, kind domain.Kind, key string) (bool, error) {
	who := domain.PrincipalFrom(ctx)
	switch {
	case who.Role == domain.RoleAdmin, who.Role == domain.RoleEditor && who.StateCode == "":
		return true, nil
	case who.Role != domain.RoleEditor || !deletable[kind]:
		return false, nil
	}
	owner, err := r.Store.OwnerOf(ctx, string(kind), key)
	if err != nil {
		return false, err
	}
	if !owner.Found {
		owner.StateCode, err = r.Store.HistoryState(ctx, domain.UID(kind, key))
		if err != nil {
			return false, err
		}
	}
	return owner.StateCode != "" && owner.StateCode == who.StateCode, nil
}

// history pages a node's recorded changes; to whoever may not edit the node it is an empty
// connection (the node itself stays readable).
func (r *Resolver) history(ctx context.Context, kind domain.Kind, key string, first *int) (*store.ChangePage, error) {
	limit, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	ok, err := r.mayReadHistory(ctx, kind, key)
	if err != nil || !ok {
		return &store.ChangePage{Nodes: []*store.Change{}}, err
	}
	page, err := r.Store.History(ctx, domain.UID(kind, key), limit)
	return &page, err
}

// historyOf is Query.history: any node's changes, deleted nodes included, for who may edit
// the node (a draft's content, even a deleted one's, must not leak); others get FORBIDDEN.
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
	ok, err := r.mayReadHistory(ctx, kind, key)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &apperr.Error{Code: apperr.Forbidden, Message: "this history is for administrators and the editors of the node's State"}
	}
	page, err := r.Store.History(ctx, domain.UID(kind, key), limit)
	return &page, err
}
