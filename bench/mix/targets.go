package mix

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// DeepOffset is how many items the deep page skips.
const DeepOffset = 10_000

// searchTerms match hundreds to a few thousand recommendations each (State names appear in
// synthetic UPR texts; real texts come with the demo data). Broad single words of the
// synthetic vocabulary match 100,000 and more, which the peer cannot rank within Neo4j's
// transaction memory limit (see BENCHMARKS.md).
var searchTerms = []string{"Cambodia", "Norway", `"Cabo Verde"`, "torture AND Brazil", "indigenous AND Mexico",
	"Uruguay OR Paraguay", "migrants AND Germany", "Costa Rica"}

// Discover picks the variants of every query from the graph: States spread over the range
// of recommendation counts, recommendations and practices by a fixed stride, the cursor of
// the 10,000th item of each deep-paged set. The same graph gives the same variants.
func Discover(ctx context.Context, driver neo4j.DriverWithContext, perQuery int) ([]*Query, error) {
	read := func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, fmt.Errorf("discover: %w", err)
		}
		return res.Records, nil
	}
	// States with NMIRFs and recommendations, every k-th by number of recommendations.
	recs, err := read(`MATCH (s:State)<-[:ADDRESSED_TO]-(r:Recommendation)
WITH s, count(r) AS n WHERE EXISTS { (s)<-[:OF_STATE]-(:NMIRF) } AND n >= 40
RETURN s.code AS code ORDER BY n DESC, code`, nil)
	if err != nil {
		return nil, err
	}
	states := stride(column(recs, "code"), perQuery)
	recs, err = read(`MATCH (p:GoodPractice) WHERE p.status = 'PUBLISHED' AND EXISTS { (p)-[:ADDRESSES]->() }
RETURN p.key AS key ORDER BY key`, nil)
	if err != nil {
		return nil, err
	}
	practices := stride(column(recs, "key"), perQuery)
	recs, err = read(`MATCH (r:Recommendation) WHERE r.uhriAnnotationId IS NOT NULL
RETURN r.key AS key ORDER BY r.uhriAnnotationId LIMIT 5000`, nil)
	if err != nil {
		return nil, err
	}
	recommendations := stride(column(recs, "key"), perQuery)
	if len(states) == 0 || len(practices) == 0 || len(recommendations) == 0 {
		return nil, fmt.Errorf("discover: the graph lacks States with NMIRFs, practices or recommendations: run the bench seed first")
	}

	queries := All()
	for _, q := range queries {
		switch q.Name {
		case "country-profile", "filtered-page":
			for _, c := range states {
				q.Variants = append(q.Variants, Variant{Label: c, Hub: vars("code", c), Peer: vars("code", c), Floor: vars("code", c)})
			}
		case "deep-page":
			for _, code := range []string{"CCPR", "CESCR", "CERD"} {
				recs, err := read(`MATCH (r:Recommendation) WHERE r.mechanismCode = $code
RETURN r.sk_pubdesc AS sk ORDER BY r.sk_pubdesc SKIP $skip LIMIT 1`, map[string]any{"code": code, "skip": DeepOffset - 1})
				if err != nil {
					return nil, err
				}
				sk := column(recs, "sk")
				if len(sk) == 0 {
					continue // fewer than 10,000 of this kind
				}
				// The hub's cursor is the sort key of the item to continue after, tagged with
				// its order ("pd" = published, descending); see store.Recommendations.
				q.Variants = append(q.Variants, Variant{Label: code,
					Hub:   map[string]any{"code": code, "after": domain.EncodeCursor("pd|" + sk[0])},
					Peer:  map[string]any{"code": code, "offset": DeepOffset},
					Floor: map[string]any{"code": code, "after": sk[0]}})
			}
		case "facets":
			for _, kind := range []string{"TREATY_BODY", "UPR", "SPECIAL_PROCEDURE"} {
				q.Variants = append(q.Variants, Variant{Label: kind, Hub: vars("kind", kind), Peer: vars("kind", kind), Floor: vars("kind", kind)})
			}
		case "full-text-search":
			for _, t := range searchTerms {
				q.Variants = append(q.Variants, Variant{Label: t, Hub: vars("q", t), Peer: vars("q", t), Floor: vars("q", t)})
			}
		case "practice-traversal":
			for _, k := range practices {
				q.Variants = append(q.Variants, Variant{Label: k, Hub: vars("id", GlobalID("GoodPractice", k)), Peer: vars("key", k), Floor: vars("key", k)})
			}
		case "node-lookup":
			for _, k := range recommendations {
				q.Variants = append(q.Variants, Variant{Label: k, Hub: vars("id", GlobalID("Recommendation", k)), Peer: vars("key", k), Floor: vars("key", k)})
			}
		}
		if len(q.Variants) == 0 {
			return nil, fmt.Errorf("discover: no variants for %s", q.Name)
		}
	}
	return queries, nil
}

func vars(k string, v any) map[string]any { return map[string]any{k: v} }

func column(recs []*neo4j.Record, key string) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		if v, ok := r.Get(key); ok {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// stride takes n items spread evenly over s.
func stride(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	out := make([]string, n)
	for i := range n {
		out[i] = s[i*len(s)/n]
	}
	return out
}
