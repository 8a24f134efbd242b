package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// The graph: a node's neighbourhood, and the shortest paths between two nodes.

func (r *Resolver) neighbourhood(ctx context.Context, id string, depth, limit *int, types []string) (*store.Neighbourhood, error) {
	uid, err := uidOfID("id", id)
	if err != nil {
		return nil, err
	}
	d, err := intIn("depth", depth, 1, 1, 3)
	if err != nil {
		return nil, err
	}
	l, err := intIn("limit", limit, 100, 1, 500)
	if err != nil {
		return nil, err
	}
	for i, t := range types {
		if !slices.Contains(domain.Kinds, domain.Kind(t)) {
			return nil, apperr.Invalid(fmt.Sprintf("types[%d]", i), "%q is not a type of the graph", t)
		}
	}
	nb, err := r.Store.Neighbourhood(ctx, uid, d, l, types...)
	if err != nil || len(nb.Nodes) == 0 {
		return nil, err
	}
	return &nb, nil
}

func (r *Resolver) paths(ctx context.Context, from, to string, maxLength, first *int, throughHubs *bool) ([]*store.GraphPath, error) {
	a, err := uidOfID("from", from)
	if err != nil {
		return nil, err
	}
	b, err := uidOfID("to", to)
	if err != nil {
		return nil, err
	}
	n, err := intIn("maxLength", maxLength, 4, 1, 6)
	if err != nil {
		return nil, err
	}
	k, err := intIn("first", first, 5, 1, 20)
	if err != nil {
		return nil, err
	}
	ps, err := r.Store.ShortestPaths(ctx, a, b, n, k, throughHubs != nil && *throughHubs)
	return pointers(ps), err
}
