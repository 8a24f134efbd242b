package resolvers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vikstrous/dataloadgen"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// maxFilterValues bounds each list in a filter, so one request cannot send a huge IN list.
const maxFilterValues = 100

// toFilter validates the GraphQL filter and turns its global IDs into keys. Errors name
// the field path, e.g. filter.themeIds[2].
func toFilter(in *model.RecommendationFilter) (domain.RecommendationFilter, error) {
	var f domain.RecommendationFilter
	if in == nil {
		return f, nil
	}
	lists := map[string]int{"stateCodes": len(in.StateCodes), "recommendingStateCodes": len(in.RecommendingStateCodes),
		"mechanismCodes": len(in.MechanismCodes), "themeIds": len(in.ThemeIds), "affectedGroupIds": len(in.AffectedGroupIds),
		"themeKeys": len(in.ThemeKeys), "affectedGroupKeys": len(in.AffectedGroupKeys),
		"sdgCodes": len(in.SdgCodes), "uprCycles": len(in.UprCycles)}
	for name, n := range lists {
		if n > maxFilterValues {
			return f, apperr.Invalid("filter."+name, "at most %d values, got %d", maxFilterValues, n)
		}
	}
	var err error
	if f.StateCodes, err = domain.ParseStateCodes("filter.stateCodes", in.StateCodes); err != nil {
		return f, err
	}
	if f.RecommendingStateCodes, err = domain.ParseStateCodes("filter.recommendingStateCodes", in.RecommendingStateCodes); err != nil {
		return f, err
	}
	ids := func(field string, want domain.Kind, in []string) ([]string, error) {
		out := make([]string, len(in))
		for i, id := range in {
			path := fmt.Sprintf("filter.%s[%d]", field, i)
			kind, key, err := domain.ParseGlobalID(path, id)
			if err != nil {
				return nil, err
			}
			if kind != want {
				return nil, apperr.Invalid(path, "%q is the ID of a %s, not a %s", id, kind, want)
			}
			out[i] = key
		}
		return out, nil
	}
	if f.ThemeKeys, err = ids("themeIds", domain.KindTheme, in.ThemeIds); err != nil {
		return f, err
	}
	if f.AffectedGroupKeys, err = ids("affectedGroupIds", domain.KindAffectedGroup, in.AffectedGroupIds); err != nil {
		return f, err
	}
	// Keys are slugs (see Theme.key): anything else cannot name a theme or group.
	keys := func(field string, in []string) ([]string, error) {
		for i, k := range in {
			if !domain.ValidKey(k) {
				return nil, apperr.Invalid(fmt.Sprintf("filter.%s[%d]", field, i), "%q is not a key (lowercase letters, digits and hyphens)", k)
			}
		}
		return in, nil
	}
	themeKeys, err := keys("themeKeys", in.ThemeKeys)
	if err != nil {
		return f, err
	}
	groupKeys, err := keys("affectedGroupKeys", in.AffectedGroupKeys)
	if err != nil {
		return f, err
	}
	f.ThemeKeys = append(f.ThemeKeys, themeKeys...)
	f.AffectedGroupKeys = append(f.AffectedGroupKeys, groupKeys...)
	for i, c := range in.UprCycles {
		if _, ok := domain.UprCycles[c]; !ok {
			return f, apperr.Invalid(fmt.Sprintf("filter.uprCycles[%d]", i), "UPR cycles are 1 to 4, got %d", c)
		}
	}
	if in.PublishedFrom != nil && in.PublishedTo != nil && in.PublishedTo.Before(in.PublishedFrom.Time) {
		return f, apperr.Invalid("filter.publishedTo", "publishedTo is before publishedFrom")
	}
	if in.TextContains != nil && len(*in.TextContains) > 500 {
		return f, apperr.Invalid("filter.textContains", "at most 500 characters")
	}
	f.MechanismKinds, f.MechanismCodes, f.SdgCodes = in.MechanismKinds, in.MechanismCodes, in.SdgCodes
	f.Positions, f.UprCycles, f.Types, f.Languages = in.Positions, in.UprCycles, in.Types, in.Languages
	f.PublishedFrom, f.PublishedTo, f.TextContains = in.PublishedFrom, in.PublishedTo, in.TextContains
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
	p, err := domain.NewPageArgs(first, after, last, before)
	if err != nil {
		return nil, err
	}
	f, err := toFilter(filter)
	if err != nil {
		return nil, err
	}
	pages, err := r.Store.Recommendations(ctx, kind, keys, f, orderOr(orderBy, def), p)
	if err != nil {
		return nil, err
	}
	wantsCount, nodeFields := recommendationSelection(ctx)
	var counts map[string]int
	if wantsCount { // one count query for all parents, only when totalCount is selected
		if counts, err = r.Store.CountRecommendations(ctx, kind, keys, f); err != nil {
			return nil, err
		}
	}
	out := make([]*model.RecommendationConnection, len(keys))
	for i, k := range keys {
		out[i] = &model.RecommendationConnection{Scope: domain.RecommendationScope{Kind: kind, Key: k}, Filter: f, Page: pages[k]}
		if wantsCount {
			n := counts[k]
			out[i].Count = &n
		}
	}
	prefetch(ctx, out, nodeFields)
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

// pickText serves a multilingual text with its fallback.
func pickText(t domain.Texts, lang *domain.Language) (string, *domain.Language) {
	var want domain.Language
	if lang != nil {
		want = *lang
	}
	s, served, ok := t.Pick(want)
	if !ok {
		return "", nil
	}
	return s, &served
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// toPracticeFilter validates the good-practice filter.
func toPracticeFilter(in *model.GoodPracticeFilter) (domain.GoodPracticeFilter, error) {
	var f domain.GoodPracticeFilter
	if in == nil {
		return f, nil
	}
	if len(in.StateCodes) > maxFilterValues {
		return f, apperr.Invalid("filter.stateCodes", "at most %d values, got %d", maxFilterValues, len(in.StateCodes))
	}
	var err error
	if f.StateCodes, err = domain.ParseStateCodes("filter.stateCodes", in.StateCodes); err != nil {
		return f, err
	}
	for i, id := range in.ThemeIds {
		path := fmt.Sprintf("filter.themeIds[%d]", i)
		kind, key, err := domain.ParseGlobalID(path, id)
		if err != nil {
			return f, err
		}
		if kind != domain.KindTheme {
			return f, apperr.Invalid(path, "%q is the ID of a %s, not a Theme", id, kind)
		}
		f.ThemeKeys = append(f.ThemeKeys, key)
	}
	f.Capacities = in.Capacities
	return f, nil
}
