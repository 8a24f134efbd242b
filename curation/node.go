package curation

import (
	"context"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Operations on any editable node: archive, link, unlink, hard delete.

// archive archives the node of kind id names. Archiving twice is refused, except for a good
// practice, whose archive is a status it may take again.
func archive[N any](ctx context.Context, s *Service, kind domain.Kind, id string, version int,
	read func(context.Context, []string) (map[string]*N, error)) (*N, error) {
	n, err := s.subject(ctx, id, kind)
	if err != nil {
		return nil, err
	}
	if n.Node.Archived && kind != domain.KindGoodPractice {
		return nil, apperr.Invalid("input.id", "it is archived already")
	}
	return commit(ctx, s, nil, valid, func(by domain.Principal) (string, error) {
		return n.Key, s.store.Archive(ctx, by, kind, n.Key, version)
	}, read)
}

// Link links l.From to l.To and returns From as written.
func (s *Service) Link(ctx context.Context, l domain.Link) (domain.Node, error) {
	return s.link(ctx, l, true)
}

// Unlink removes the link between l.From and l.To and returns From as written.
func (s *Service) Unlink(ctx context.Context, l domain.Link) (domain.Node, error) {
	return s.link(ctx, l, false)
}

func (s *Service) link(ctx context.Context, l domain.Link, add bool) (domain.Node, error) {
	if err := Authenticated(ctx); err != nil {
		return nil, err
	}
	l.From.ParseRef("")
	l.To.ParseRef("")
	if l.From.Kind == "" || l.To.Kind == "" {
		return nil, apperr.Invalid("input.fromId", "fromId and toId must be IDs the hub handed out")
	}
	if !store.Linkable(l.From.Kind, l.To.Kind) {
		return nil, apperr.Invalid("input.toId", "a %s cannot be linked to a %s", l.From.Kind, l.To.Kind)
	}
	if err := s.find(ctx, "input.fromId", &l.From, l.From.Kind, false); err != nil {
		return nil, err
	}
	state := l.From.Node.State()
	if err := authorize(ctx, state); err != nil {
		return nil, err
	}
	if err := s.find(ctx, "input.toId", &l.To, l.To.Kind, true); err != nil {
		return nil, err
	}
	if add && l.From.Kind == domain.KindCuratedCluster && l.To.Kind == domain.KindRecommendation && !l.To.Node.AddressedTo(state) {
		return nil, apperr.Invalid("input.toId", "the recommendation is not addressed to %s", state)
	}
	write := s.store.Unlink
	if add {
		write = s.store.Link
	}
	if err := write(ctx, domain.PrincipalFrom(ctx), l.From, l.To, l.Version); err != nil {
		return nil, err
	}
	return s.node(ctx, l.From.Kind, l.From.Key)
}

// node reads a node just written straight from the store: the request's loaders may hold the
// version from before the write.
func (s *Service) node(ctx context.Context, kind domain.Kind, key string) (domain.Node, error) {
	keys := []string{key}
	switch kind {
	case domain.KindGoodPractice:
		return nodeOf(s.store.PracticesByKeys(ctx, keys))
	case domain.KindNMIRF:
		return nodeOf(s.store.NMIRFsByKeys(ctx, keys))
	case domain.KindCuratedCluster:
		return nodeOf(s.store.CuratedClustersByKeys(ctx, keys))
	}
	return nil, nil
}

// nodeOf is the one node of a by-keys read, nil (not a non-nil interface holding nil) when
// there is none.
func nodeOf[T any, P interface {
	*T
	domain.Node
}](m map[string]P, err error) (domain.Node, error) {
	for _, n := range m {
		return n, err
	}
	return nil, err
}

// Delete deletes an editable node for good (administrators only); the deletion is recorded,
// with the node's last state, in its history. Refused while other nodes depend on it.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := adminOnly(ctx); err != nil {
		return err
	}
	kind, _, err := domain.ParseGlobalID("input.id", id)
	if err != nil || !domain.IsEditable(kind) {
		return apperr.Invalid("input.id", "%q is not the ID of a good practice, NMIRF, institution, follow-up action or curated cluster", id)
	}
	n, err := s.subject(ctx, id, kind)
	if err != nil {
		return err
	}
	return s.store.DeleteNode(ctx, domain.PrincipalFrom(ctx), kind, n.Key)
}
