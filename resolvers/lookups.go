package resolvers

import (
	"context"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
)

// The bodies of resolvers that do more than one call, so that schema.resolvers.go stays one
// line per field.

// sdg is sdg(code:): a code with a dot is a target ("16.2"), else a goal ("16").
func (r *Resolver) sdg(ctx context.Context, code string) (domain.Sdg, error) {
	code = strings.TrimSpace(code)
	if strings.Contains(code, ".") {
		t, err := optional(For(ctx).SdgTargetByCode.Load(ctx, code))
		if t == nil {
			return nil, err
		}
		return t, nil
	}
	g, err := optional(For(ctx).SdgGoalByCode.Load(ctx, code))
	if g == nil {
		return nil, err
	}
	return g, nil
}

// states is states(…): a page of States.
func (r *Resolver) states(ctx context.Context, first *int, after *string, last *int, before *string, filter *domain.StateFilter) (*model.StateConnection, error) {
	p, err := domain.NewPageArgs(first, after, last, before)
	if err != nil {
		return nil, err
	}
	var f domain.StateFilter
	if filter != nil {
		f = *filter
	}
	page, err := r.Store.ListStates(ctx, f, p)
	return &model.StateConnection{Page: page, Filter: f}, err
}

// goodPractices is goodPractices(…): a page of practices under a checked filter.
func (r *Resolver) goodPractices(ctx context.Context, first *int, after *string, last *int, before *string, filter *model.GoodPracticeFilter) (*model.GoodPracticeConnection, error) {
	p, err := domain.NewPageArgs(first, after, last, before)
	if err != nil {
		return nil, err
	}
	f, err := toPracticeFilter(filter)
	if err != nil {
		return nil, err
	}
	page, err := r.Store.ListPractices(ctx, f, p)
	return &model.GoodPracticeConnection{Filter: f, Page: page}, err
}

// firstOfEach keeps the first item of each list (nil for an empty one), for a field that
// holds one item read through a list lookup.
func firstOfEach[T any](lists [][]*T, err error) ([]*T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*T, len(lists))
	for i, l := range lists {
		if len(l) > 0 {
			out[i] = l[0]
		}
	}
	return out, nil
}

// reviewCycle is the UPR cycle a recommendation's cycle number names, if known.
func reviewCycle(n *int) *domain.ReviewCycle {
	if n == nil {
		return nil
	}
	c, ok := domain.UprCycles[*n]
	if !ok {
		return nil
	}
	return &c
}

// networkMemberships wraps memberships for the API.
func networkMemberships(lists [][]*domain.Membership, err error) ([][]*model.NetworkMembership, error) {
	out := make([][]*model.NetworkMembership, len(lists))
	for i, ms := range lists {
		for _, m := range ms {
			out[i] = append(out[i], &model.NetworkMembership{Membership: m})
		}
	}
	return out, err
}
