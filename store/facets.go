package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// Facet names a way of counting recommendations.
type Facet string

// The facets. Each returns rows (key, label, n) over the filtered set r.
const (
	FacetTotal             Facet = "total"
	FacetTheme             Facet = "theme"
	FacetMechanism         Facet = "mechanism"
	FacetPosition          Facet = "position"
	FacetState             Facet = "state"
	FacetRecommendingState Facet = "recommendingState"
	FacetYear              Facet = "year"
	FacetCycle             Facet = "cycle"
)

var facetQueries = map[Facet]string{
	FacetTotal:             `RETURN '' AS key, null AS label, count(r) AS n`,
	FacetTheme:             `MATCH (r)-[:HAS_THEME]->(:Theme)-[:SUBTHEME_OF*0..6]->(t:Theme) RETURN t.key AS key, t.name_en AS label, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetMechanism:         `MATCH (r)-[:ISSUED_BY]->(m:Mechanism) RETURN m.code AS key, m.name_en AS label, count(r) AS n ORDER BY n DESC, key`,
	FacetPosition:          `WITH r WHERE r.position IS NOT NULL RETURN r.position AS key, null AS label, count(r) AS n ORDER BY n DESC, key`,
	FacetState:             `MATCH (r)-[:ADDRESSED_TO]->(s:State) RETURN s.code AS key, s.name AS label, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetRecommendingState: `MATCH (r)-[:RECOMMENDED_BY]->(s:State) RETURN s.code AS key, s.name AS label, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetYear:              `WITH r WHERE r.year IS NOT NULL RETURN toString(r.year) AS key, null AS label, count(r) AS n ORDER BY key DESC`,
	FacetCycle:             `WITH r WHERE r.uprCycle IS NOT NULL RETURN toString(r.uprCycle) AS key, null AS label, count(r) AS n ORDER BY key`,
}

// RecommendationFacet counts the recommendations matching f by one facet.
func (s *Store) RecommendationFacet(ctx context.Context, facet Facet, f domain.RecommendationFilter) ([]*domain.FacetCount, error) {
	q, ok := facetQueries[facet]
	if !ok {
		return nil, fmt.Errorf("unknown facet %q", facet)
	}
	params := map[string]any{}
	where := filterWhere(f, params)
	recs, err := s.read(ctx, `MATCH (r:Recommendation) WHERE `+where+`
`+q, params)
	if err != nil {
		return nil, fmt.Errorf("facet %s: %w", facet, err)
	}
	out := make([]*domain.FacetCount, len(recs))
	for i, r := range recs {
		v, _ := r.Get("label")
		label, _ := v.(string)
		fc := &domain.FacetCount{Key: strOf(r, "key"), Count: intOf(r, "n")}
		if label != "" {
			fc.Label = &label
		}
		out[i] = fc
	}
	return out, nil
}
