package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// Facet names a way of counting recommendations.
type Facet string

// The facets. Each returns rows (key, labels, n) over the filtered set r: labels are the
// value's names in every language (null for values without a name).
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
	FacetTotal:             `RETURN '' AS key, null AS labels, count(r) AS n`,
	FacetTheme:             `MATCH (r)-[:HAS_THEME]->(:Theme)-[:SUBTHEME_OF*0..6]->(t:Theme) RETURN t.key AS key, t{.name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt} AS labels, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetMechanism:         `MATCH (r)-[:ISSUED_BY]->(m:Mechanism) RETURN m.code AS key, m{.name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt} AS labels, count(r) AS n ORDER BY n DESC, key`,
	FacetPosition:          `WITH r WHERE r.position IS NOT NULL RETURN r.position AS key, null AS labels, count(r) AS n ORDER BY n DESC, key`,
	FacetState:             `MATCH (r)-[:ADDRESSED_TO]->(s:State) RETURN s.code AS key, s{.name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt} AS labels, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetRecommendingState: `MATCH (r)-[:RECOMMENDED_BY]->(s:State) RETURN s.code AS key, s{.name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt} AS labels, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetYear:              `WITH r WHERE r.year IS NOT NULL RETURN toString(r.year) AS key, null AS labels, count(r) AS n ORDER BY key DESC`,
	FacetCycle:             `WITH r WHERE r.uprCycle IS NOT NULL RETURN toString(r.uprCycle) AS key, null AS labels, count(r) AS n ORDER BY key`,
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
		fc := &domain.FacetCount{Key: strOf(r, "key"), Count: intOf(r, "n")}
		if m := mapOf(r, "labels"); m != nil {
			fc.Labels = namesOf(m, "name")
			if en, ok := fc.Labels["EN"]; ok {
				fc.Label = &en
			}
		}
		out[i] = fc
	}
	return out, nil
}
