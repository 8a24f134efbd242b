package curation

import (
	"context"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
)

// Authorization: anonymous callers are UNAUTHENTICATED and callers without the right
// FORBIDDEN, as top-level errors, so that no client mistakes them for input problems.

// Authenticated fails for anonymous callers, before anything about the input is revealed.
func Authenticated(ctx context.Context) error {
	if domain.PrincipalFrom(ctx).TokenID == "" {
		return &apperr.Error{Code: apperr.Unauthenticated, Message: "writing needs a bearer token (see `hub token create`)"}
	}
	return nil
}

// authorize lets a write of a record of the State code through for who may edit it
// (domain.Principal.MayEdit).
func authorize(ctx context.Context, stateCode string) error {
	if err := Authenticated(ctx); err != nil {
		return err
	}
	if !domain.PrincipalFrom(ctx).MayEdit(stateCode) {
		return &apperr.Error{Code: apperr.Forbidden, Message: "this token may not write this record"}
	}
	return nil
}

// adminOnly lets administrators through.
func adminOnly(ctx context.Context) error {
	if err := Authenticated(ctx); err != nil {
		return err
	}
	if domain.PrincipalFrom(ctx).Role != domain.RoleAdmin {
		return &apperr.Error{Code: apperr.Forbidden, Message: "only administrators may do this"}
	}
	return nil
}

// MayReadHistory is the one rule for history: it is readable by who may edit the node —
// administrators, editors of every State, and editors of the node's State — and by nobody
// else. For a node that no longer exists (hard-deleted), its State is the one recorded with
// its last change (none recorded: administrators and editors of every State only).
func (s *Service) MayReadHistory(ctx context.Context, kind domain.Kind, key string) (bool, error) {
	who := domain.PrincipalFrom(ctx)
	switch {
	case who.MayEdit(""):
		return true, nil
	case who.Role != domain.RoleEditor || !domain.IsEditable(kind):
		return false, nil
	}
	nodes, err := s.store.Referents(ctx, kind, []string{key})
	if err != nil {
		return false, err
	}
	state := nodes[key].State()
	if nodes[key] == nil {
		if state, err = s.store.HistoryState(ctx, domain.UID(kind, key)); err != nil {
			return false, err
		}
	}
	return state != "" && who.MayEdit(state), nil
}
