package curation

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Resolution: what the store holds of the nodes an input names. It only reads; the one check
// of what it found (domain.Ref.Exists and Active) runs in the domain inputs' Validate, or,
// for the node a write is about, in find.

// refSet gathers an input's references by the kind they must name, to resolve each kind in
// one query.
type refSet map[domain.Kind][]*domain.Ref

// refs starts a refSet.
func refs(kind domain.Kind, rs ...*domain.Ref) refSet { return refSet{}.add(kind, rs...) }

// add adds references (nil ones, left out of an input, are skipped).
func (s refSet) add(kind domain.Kind, rs ...*domain.Ref) refSet {
	for _, r := range rs {
		if r != nil {
			s[kind] = append(s[kind], r)
		}
	}
	return s
}

// list adds a list of references.
func (s refSet) list(kind domain.Kind, rs []domain.Ref) refSet {
	for i := range rs {
		s[kind] = append(s[kind], &rs[i])
	}
	return s
}

// newList adds a list of a patch (nil: left as it is).
func (s refSet) newList(kind domain.Kind, rs *[]domain.Ref) refSet {
	if rs != nil {
		s.list(kind, *rs)
	}
	return s
}

// resolveAll parses every reference and fills the Node of those that name a node of the kind
// they must: one store query per kind.
func (s *Service) resolveAll(ctx context.Context, set refSet) error {
	for kind, rs := range set {
		var keys []string
		for _, r := range rs {
			if r.ParseRef(kind); r.Kind == kind {
				keys = append(keys, r.Key)
			}
		}
		if len(keys) == 0 {
			continue
		}
		nodes, err := s.store.Referents(ctx, kind, keys)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Kind == kind {
				r.Node = nodes[r.Key]
			}
		}
	}
	return nil
}

// find resolves the node a write is about, named in field: one of kind that exists (and, with
// active, is not archived). Its problem is returned alone: nothing else can be checked
// without it.
func (s *Service) find(ctx context.Context, field string, ref *domain.Ref, kind domain.Kind, active bool) error {
	if err := s.resolveAll(ctx, refs(kind, ref)); err != nil {
		return err
	}
	check := ref.Exists
	if active {
		check = ref.Active
	}
	if e := check(field, kind); e != nil {
		return e
	}
	return nil
}

// subject authenticates, resolves the node of kind that id names in input.id, and authorizes
// the caller for its State.
func (s *Service) subject(ctx context.Context, id string, kind domain.Kind) (domain.Ref, error) {
	ref := domain.NewRef(id)
	if err := Authenticated(ctx); err != nil {
		return ref, err
	}
	if err := s.find(ctx, "input.id", &ref, kind, false); err != nil {
		return ref, err
	}
	return ref, authorize(ctx, ref.Node.State())
}

// ownerNMIRF authenticates, resolves the active NMIRF a new action or cluster belongs to, and
// authorizes the caller for its State.
func (s *Service) ownerNMIRF(ctx context.Context, ref *domain.Ref) error {
	if err := Authenticated(ctx); err != nil {
		return err
	}
	if err := s.find(ctx, "input.nmirfId", ref, domain.KindNMIRF, true); err != nil {
		return err
	}
	return authorize(ctx, ref.Node.State())
}

// newRecordOf authorizes the creation of a record of the State an input names by code (its
// existence is checked with the rest of the input, after authorization).
func newRecordOf(ctx context.Context, state domain.Ref) error {
	return authorize(ctx, domain.NormalizeStateCode(state.ID))
}
