package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Facet names a way of counting recommendations.
type Facet string

// The facets. Each body runs on one row per filtered recommendation r and ends in
// `WITH key, labels, n ORDER BY …`: labels are the value's names in every language (null for
// values without a name).
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

const facetLabels = `{.name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt}`

var facetBodies = map[Facet]string{
	FacetTotal:             `WITH '' AS key, null AS labels, count(r) AS n`,
	FacetTheme:             `MATCH (r)-[:HAS_THEME]->(:Theme)-[:SUBTHEME_OF*0..6]->(t:Theme) WITH t.key AS key, t` + facetLabels + ` AS labels, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetMechanism:         `MATCH (r)-[:ISSUED_BY]->(m:Mechanism) WITH m.code AS key, m` + facetLabels + ` AS labels, count(r) AS n ORDER BY n DESC, key`,
	FacetPosition:          `WITH r WHERE r.position IS NOT NULL WITH r.position AS key, null AS labels, count(r) AS n ORDER BY n DESC, key`,
	FacetState:             `MATCH (r)-[:ADDRESSED_TO]->(s:State) WITH s.code AS key, s` + facetLabels + ` AS labels, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetRecommendingState: `MATCH (r)-[:RECOMMENDED_BY]->(s:State) WITH s.code AS key, s` + facetLabels + ` AS labels, count(DISTINCT r) AS n ORDER BY n DESC, key`,
	FacetYear:              `WITH r WHERE r.year IS NOT NULL WITH toString(r.year) AS key, null AS labels, count(r) AS n ORDER BY key DESC`,
	FacetCycle:             `WITH r WHERE r.uprCycle IS NOT NULL WITH toString(r.uprCycle) AS key, null AS labels, count(r) AS n ORDER BY key`,
}

// Facet counts are kept in the graph, stamped with the graph version (see bumpGraphVersion):
// every write transaction increments the version in the same transaction, so counts stamped
// with the current version are exact, never stale. A read takes the stamped counts it finds
// in one lookup and computes the others in the same query, from one pass over the filtered
// set shared by all facets (CALL subqueries); counts it computed are then stored, in the
// background, for the next reader. Only unfiltered and singly-filtered counts (one filter
// field with one value) are kept, so the number of stored rows stays bounded (facets × the
// values of one filter field); combined filters are computed every time.

// RecommendationFacets counts the recommendations matching f by each of facets, in one
// database round trip.
func (s *Store) RecommendationFacets(ctx context.Context, facets []Facet, f domain.RecommendationFilter) (map[Facet][]*domain.FacetCount, error) {
	return s.countFacets(ctx, facets, f, keepsCounts(f))
}

// countFacets counts; keep says whether stored counts are used and kept.
func (s *Store) countFacets(ctx context.Context, facets []Facet, f domain.RecommendationFilter, keep bool) (map[Facet][]*domain.FacetCount, error) {
	if len(facets) == 0 {
		return map[Facet][]*domain.FacetCount{}, nil
	}
	params := map[string]any{}
	where := filterWhere(f, params)
	keys := make([]string, len(facets))
	for i, fc := range facets {
		if _, ok := facetBodies[fc]; !ok {
			return nil, fmt.Errorf("unknown facet %q", fc)
		}
		if keep {
			keys[i] = facetCacheKey(fc, f)
		}
	}
	params["cacheKeys"] = keys
	var q strings.Builder
	// The recommendations are read only when a count is missing. The condition is an UNWIND
	// of zero or one row, not a WHERE: Neo4j 5 planned "WITH kept WHERE any(…)" as a filter
	// after the index seek, so every lookup of kept counts read the whole filtered set (PROFILE
	// on the benchmark graph: 99,863 db hits for a kept TREATY_BODY lookup; 18 with the UNWIND).
	q.WriteString(`OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
WITH v, [k IN $cacheKeys | COLLECT { MATCH (c:FacetCount {key: k}) WHERE c.version = v.n RETURN c.rows }[0]] AS kept
CALL (kept) {
  UNWIND CASE WHEN any(x IN kept WHERE x IS NULL) THEN [true] ELSE [] END AS missing
  MATCH (r:Recommendation) WHERE ` + where + `
  RETURN collect(r) AS rs
}
`)
	for i, fc := range facets {
		fmt.Fprintf(&q, `CALL (rs, kept) {
  WITH rs WHERE kept[%d] IS NULL
  UNWIND rs AS r
  %s
  RETURN collect({key: key, labels: labels, n: n}) AS f%d
}
`, i, facetBodies[fc], i)
	}
	q.WriteString("RETURN v.n AS version, kept")
	for i := range facets {
		fmt.Fprintf(&q, ", f%d", i)
	}
	recs, err := s.read(ctx, q.String(), params)
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("facets: %d rows", len(recs))
	}
	rec := recs[0]
	keptRows, _ := rec.Get("kept")
	kept, _ := keptRows.([]any)
	out := make(map[Facet][]*domain.FacetCount, len(facets))
	var fresh []map[string]any
	for i, fc := range facets {
		if i < len(kept) {
			if js, ok := kept[i].(string); ok {
				var rows []map[string]any
				if err := json.Unmarshal([]byte(js), &rows); err != nil {
					return nil, fmt.Errorf("facets: stored counts %s: %w", keys[i], err)
				}
				out[fc] = facetCounts(rows)
				continue
			}
		}
		rows := listOfMaps(rec, fmt.Sprintf("f%d", i))
		out[fc] = facetCounts(rows)
		if keep {
			js, err := json.Marshal(rows)
			if err != nil {
				return nil, fmt.Errorf("facets: %w", err)
			}
			fresh = append(fresh, map[string]any{"key": keys[i], "rows": string(js)})
		}
	}
	if version, ok := rec.Get("version"); ok && version != nil && len(fresh) > 0 {
		s.keepFacetCounts(version.(int64), fresh)
	}
	return out, nil
}

// RecommendationFacet counts the recommendations matching f by one facet.
func (s *Store) RecommendationFacet(ctx context.Context, facet Facet, f domain.RecommendationFilter) ([]*domain.FacetCount, error) {
	m, err := s.RecommendationFacets(ctx, []Facet{facet}, f)
	return m[facet], err
}

func facetCounts(rows []map[string]any) []*domain.FacetCount {
	out := make([]*domain.FacetCount, len(rows))
	for i, r := range rows {
		fc := &domain.FacetCount{Key: fmt.Sprint(r["key"]), Count: toInt(r["n"])}
		if m, ok := r["labels"].(map[string]any); ok && m != nil {
			fc.Labels = namesOf(m, "name")
			if en, ok := fc.Labels["EN"]; ok {
				fc.Label = &en
			}
		}
		out[i] = fc
	}
	return out
}

// toInt reads a count from Neo4j (int64) or from stored JSON (float64).
func toInt(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

// keepsCounts says whether counts under f are stored: no filter, or one filter field with
// one value (a State, a theme, a mechanism…), the shapes dashboards ask for again and again.
func keepsCounts(f domain.RecommendationFilter) bool {
	if f.PublishedFrom != nil || f.PublishedTo != nil || (f.TextContains != nil && strings.TrimSpace(*f.TextContains) != "") {
		return false
	}
	lists := []int{len(f.StateCodes), len(f.RecommendingStateCodes), len(f.MechanismKinds), len(f.MechanismCodes),
		len(f.ThemeKeys), len(f.AffectedGroupKeys), len(f.SdgCodes), len(f.Positions), len(f.UprCycles), len(f.Types), len(f.Languages)}
	fields := 0
	for _, n := range lists {
		if n > 1 {
			return false
		}
		fields += n
	}
	return fields <= 1
}

// facetCacheKey names one facet under one filter: the filter's JSON, hashed.
func facetCacheKey(fc Facet, f domain.RecommendationFilter) string {
	js, _ := json.Marshal(f)
	sum := sha256.Sum256(js)
	return string(fc) + ":" + hex.EncodeToString(sum[:12])
}

// keepFacetCounts stores freshly computed counts stamped with the version they were computed
// at, unless the graph has changed since (then they are already out of date). It runs in the
// background so the reader does not wait; one write per key at a time.
func (s *Store) keepFacetCounts(version int64, rows []map[string]any) {
	var todo []map[string]any
	for _, r := range rows {
		if _, busy := s.facetWrites.LoadOrStore(r["key"], true); !busy {
			todo = append(todo, r)
		}
	}
	if len(todo) == 0 {
		return
	}
	go func() {
		defer func() {
			for _, r := range todo {
				s.facetWrites.Delete(r["key"])
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := s.transact(ctx, cacheWrite, func(tx neo4j.ManagedTransaction) (any, error) {
			r, err := tx.Run(ctx, `MATCH (v:GraphVersion {key: 'graph'}) WHERE v.n = $version
UNWIND $rows AS x
MERGE (c:FacetCount {key: x.key})
SET c.version = $version, c.rows = x.rows`, map[string]any{"version": version, "rows": todo})
			if err != nil {
				return nil, err
			}
			return r.Consume(ctx)
		})
		if err != nil {
			// Losing a stored count only costs the next reader a computation.
			slog.Debug("facet counts not stored", "err", err)
		}
	}()
}

// bumpGraphVersion runs at the end of every transaction that changes data, inside it (see
// transact): stored facet counts stamped with an older version are no longer used.
func bumpGraphVersion(ctx context.Context, tx neo4j.ManagedTransaction) error {
	r, err := tx.Run(ctx, `MATCH (v:GraphVersion {key: 'graph'}) SET v.n = v.n + 1`, nil)
	if err != nil {
		return err
	}
	_, err = r.Consume(ctx)
	return err
}
