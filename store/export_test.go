package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Recount counts facets from the recommendations themselves, ignoring stored counts: the
// reference that tests compare stored counts with.
func (s *Store) Recount(ctx context.Context, facets []Facet, f domain.RecommendationFilter) (map[Facet][]*domain.FacetCount, error) {
	return s.countFacets(ctx, facets, f, false)
}

// KeptFacets says how many of facets under f are stored at the current graph version, and
// that version.
func (s *Store) KeptFacets(ctx context.Context, facets []Facet, f domain.RecommendationFilter) (kept int, version int64, err error) {
	keys := make([]string, len(facets))
	for i, fc := range facets {
		keys[i] = facetCacheKey(fc, f)
	}
	recs, err := s.read(ctx, `MATCH (v:GraphVersion {key: 'graph'})
RETURN v.n AS version, COUNT { MATCH (c:FacetCount) WHERE c.key IN $keys AND c.version = v.n } AS kept`, map[string]any{"keys": keys})
	if err != nil || len(recs) == 0 {
		return 0, 0, err
	}
	return intOf(recs[0], "kept"), int64(intOf(recs[0], "version")), nil
}

// GraphVersion is the graph's version now (see bumpGraphVersion).
func (s *Store) GraphVersion(ctx context.Context) (int64, error) {
	_, v, err := s.KeptFacets(ctx, nil, domain.RecommendationFilter{})
	return v, err
}
