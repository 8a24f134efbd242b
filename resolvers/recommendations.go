package resolvers

import (
	"context"
	"encoding/json"

	"github.com/vikstrous/dataloadgen"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// toFilter turns the GraphQL filter into the domain's: global IDs into keys, then the checks
// every filter gets (domain.RecommendationFilter.Validate). Errors name the field path, e.g.
// filter.themeIds[2].
func toFilter(in *model.RecommendationFilter) (domain.RecommendationFilter, error) {
	if in == nil {
		return domain.RecommendationFilter{}, nil
	}
	themes, err := domain.ParseIDs("filter.themeIds", domain.KindTheme, in.ThemeIds)
	if err != nil {
		return domain.RecommendationFilter{}, err
	}
	groups, err := domain.ParseIDs("filter.affectedGroupIds", domain.KindAffectedGroup, in.AffectedGroupIds)
	if err != nil {
		return domain.RecommendationFilter{}, err
	}
	f := domain.RecommendationFilter{StateCodes: in.StateCodes, RecommendingStateCodes: in.RecommendingStateCodes,
		MechanismKinds: in.MechanismKinds, MechanismCodes: in.MechanismCodes, ThemeKeys: in.ThemeKeys, AffectedGroupKeys: in.AffectedGroupKeys,
		SdgCodes: in.SdgCodes, Positions: in.Positions, UprCycles: in.UprCycles, Types: in.Types, Languages: in.Languages,
		PublishedFrom: in.PublishedFrom, PublishedTo: in.PublishedTo, TextContains: in.TextContains}
	if err := f.Validate(); err != nil {
		return f, err
	}
	f.ThemeKeys = append(themes, f.ThemeKeys...)
	f.AffectedGroupKeys = append(groups, f.AffectedGroupKeys...)
	return f, nil
}

func orderOr(o *domain.RecommendationOrder, def domain.RecommendationOrder) domain.RecommendationOrder {
	if o == nil {
		return def
	}
	return *o
}

// recommendationPages serves a recommendation connection for every parent in one query.
func (r *Resolver) recommendationPages(ctx context.Context, kind domain.ScopeKind, keys []string,
	first *int, after *string, last *int, before *string, filter *model.RecommendationFilter,
	orderBy *domain.RecommendationOrder, def domain.RecommendationOrder) ([]*model.RecommendationConnection, error) {
	if err := directFailure(ctx); err != nil {
		return nil, err
	}
	p, err := domain.NewPageArgs(first, after, last, before)
	if err != nil {
		return nil, err
	}
	f, err := toFilter(filter)
	if err != nil {
		return nil, err
	}
	// The pages, the links selected below their items (compiled, plan.go) and, only when
	// selected, the total counts: one statement for all parents, unless a compiled read
	// brought them already (pages.go).
	wantsCount, nodes := recommendationSelection(ctx)
	if filter == nil {
		if out := compiledConnections(For(ctx), kind, keys, orderOr(orderBy, def), p, wantsCount); out != nil {
			for _, c := range out {
				c.Filter = f
			}
			prefetch(ctx, out, nodes)
			return out, nil
		}
	}
	plan := planOf(ctx, nodes, "Recommendation")
	read, err := r.Store.RecommendationPages(ctx, kind, keys, f, orderOr(orderBy, def), p, store.PageReads{Plan: plan, Count: wantsCount, Shapes: shapesOf(ctx)})
	if err != nil {
		return nil, err
	}
	primeTrees(ctx, "Recommendation", read.Trees, plan)
	out := make([]*model.RecommendationConnection, len(keys))
	for i, k := range keys {
		out[i] = &model.RecommendationConnection{Scope: domain.RecommendationScope{Kind: kind, Key: k}, Filter: f, Page: read.Pages[k]}
		if wantsCount {
			n := read.Counts[k]
			out[i].Count = &n
		}
	}
	prefetch(ctx, out, nodes)
	return out, nil
}

// keysOf maps parents to their keys.
func keysOf[P any](objs []P, key func(P) string) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = key(o)
	}
	return out
}

// countKey identifies one count: a scope and a filter (as JSON, to be comparable).
type countKey struct {
	Kind   domain.ScopeKind
	Key    string
	Filter string
}

// newCountLoader counts recommendations for many connections at once: connections with the
// same scope kind and filter share one query.
func newCountLoader(st *store.Store) *dataloadgen.Loader[countKey, int] {
	return dataloadgen.NewMappedLoader(func(ctx context.Context, keys []countKey) (map[countKey]int, error) {
		type group struct {
			kind   domain.ScopeKind
			filter string
		}
		byGroup := map[group][]string{}
		for _, k := range keys {
			g := group{k.Kind, k.Filter}
			byGroup[g] = append(byGroup[g], k.Key)
		}
		out := make(map[countKey]int, len(keys))
		for g, scopeKeys := range byGroup {
			var f domain.RecommendationFilter
			if err := json.Unmarshal([]byte(g.filter), &f); err != nil {
				return nil, err
			}
			counts, err := st.CountRecommendations(ctx, g.kind, scopeKeys, f)
			if err != nil {
				return nil, err
			}
			for _, k := range scopeKeys {
				out[countKey{g.kind, k, g.filter}] = counts[k]
			}
		}
		return out, nil
	}, dataloadgen.WithWait(loaderWait))
}

func (r *Resolver) countRecommendations(ctx context.Context, c *model.RecommendationConnection) (int, error) {
	if c.Count != nil {
		return *c.Count, nil
	}
	f, err := json.Marshal(c.Filter)
	if err != nil {
		return 0, err
	}
	return For(ctx).RecommendationCount.Load(ctx, countKey{c.Scope.Kind, c.Scope.Key, string(f)})
}

// toPracticeFilter turns the GraphQL good-practice filter into the domain's.
func toPracticeFilter(in *model.GoodPracticeFilter) (domain.GoodPracticeFilter, error) {
	if in == nil {
		return domain.GoodPracticeFilter{}, nil
	}
	themes, err := domain.ParseIDs("filter.themeIds", domain.KindTheme, in.ThemeIds)
	if err != nil {
		return domain.GoodPracticeFilter{}, err
	}
	f := domain.GoodPracticeFilter{StateCodes: in.StateCodes, Capacities: in.Capacities, ThemeKeys: themes}
	return f, f.Validate()
}
