package resolvers

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// facetFields maps RecommendationFacets' fields to the store's facets.
var facetFields = map[string]store.Facet{
	"total": store.FacetTotal, "byTheme": store.FacetTheme, "byMechanism": store.FacetMechanism,
	"byPosition": store.FacetPosition, "byState": store.FacetState, "byRecommendingState": store.FacetRecommendingState,
	"byYear": store.FacetYear, "byCycle": store.FacetCycle,
}

// recommendationFacets counts every facet the selection asks for in one database round trip;
// the field resolvers then read their part (facet).
func (r *Resolver) recommendationFacets(ctx context.Context, filter *model.RecommendationFilter) (*model.RecommendationFacets, error) {
	f, err := toFilter(filter)
	if err != nil {
		return nil, err
	}
	var facets []store.Facet
	for name := range selectedNames(ctx, []string{"RecommendationFacets"}) {
		if fc, ok := facetFields[name]; ok {
			facets = append(facets, fc)
		}
	}
	counts, err := r.Store.RecommendationFacets(ctx, facets, f)
	if err != nil {
		return nil, err
	}
	out := &model.RecommendationFacets{Filter: f, Counts: map[string][]*domain.FacetCount{}}
	for fc, c := range counts {
		out.Counts[string(fc)] = c
	}
	return out, nil
}

// facet is one facet's counts: those counted with the others, or (a selection the root
// could not see) counted now. Theme keys become theme IDs, as filter.themeIds takes them.
func (r *Resolver) facet(ctx context.Context, obj *model.RecommendationFacets, fc store.Facet) ([]*domain.FacetCount, error) {
	counts, ok := obj.Counts[string(fc)]
	if !ok {
		var err error
		if counts, err = r.Store.RecommendationFacet(ctx, fc, obj.Filter); err != nil {
			return nil, err
		}
	}
	if fc != store.FacetTheme {
		return counts, nil
	}
	out := make([]*domain.FacetCount, len(counts))
	for i, c := range counts {
		cp := *c
		cp.Key = domain.GlobalID(domain.KindTheme, c.Key)
		out[i] = &cp
	}
	return out, nil
}
