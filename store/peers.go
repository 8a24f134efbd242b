package store

import (
	"context"
	"fmt"
	"strings"
)

// Peer learning: for a State or a recommendation, the published good practices of OTHER
// States' NMIRFs, each with the path that explains it. A practice is reached in up to six
// ways, and its score is the sum of what each adds (peerWeights):
//
//	THEME           the recommendations share a theme (or a broader or narrower one) with the
//	                practice: 1 per recommendation — State ← recommendation → theme ← practice
//	NEED            the recommendations ask for what one of the practice's guidance dimensions
//	                or capacities is about (peer_needs.go): 1 per recommendation —
//	                State ← recommendation → dimension ← practice
//	AFFECTED_GROUP  the practice followed up recommendations on a group these recommendations
//	                concern: 1 per recommendation — State ← recommendation → group ← its
//	                recommendation ← practice
//	RECOMMENDED_BY  the practice's State made some of the recommendations: ½ per
//	                recommendation (it knows the subject and the State, but did not say how
//	                its NMIRF would help) — State ← recommendation → State ← practice
//	MECHANISM       the practice followed up recommendations of a mechanism these come from:
//	                at most 1, the share of the recommendations from it (nearly every State
//	                has UPR recommendations, so it only separates otherwise equal practices)
//	NMIRF_GAP       the practice shows a dimension of which the hub records nothing for the
//	                State's NMIRF (no NMIRF: its legal basis and composition; else a missing
//	                legal basis, tracking tool or member institution): 2 per dimension, worth
//	                a couple of recommendations, so that a State whose recommendations say
//	                nothing the hub can read still gets the practices that fill its NMIRF's
//	                gaps — State → its NMIRF → dimension ← practice
//
// Every path ends with the practice and its NMIRF; a suggestion's path is that of the way
// that adds most to its score. Ties are broken by key, so the ranking is deterministic.

// PeerSuggestion is one suggested practice.
type PeerSuggestion struct {
	PracticeKey string
	Score       float64
	Matches     []PeerMatch // the ways that lead to it, the one adding most first
	Path        []GraphNode
}

// PeerMatch is one way a practice is reached.
type PeerMatch struct {
	Kind            string  // THEME, NEED, AFFECTED_GROUP, RECOMMENDED_BY, MECHANISM, NMIRF_GAP
	Score           float64 // what it adds to the suggestion's score
	Recommendations int     // the recommendations that lead this way (0 for NMIRF_GAP)
	Via             *GraphNode
	Detail          string // in words: the need, the missing fact, or Via's label
}

var peerWeights = map[string]any{"THEME": 1.0, "NEED": 1.0, "AFFECTED_GROUP": 1.0, "RECOMMENDED_BY": 0.5, "MECHANISM": 1.0, "NMIRF_GAP": 2.0}

// peerGapWords says what the hub does not record of a State's NMIRF.
var peerGapWords = map[string]string{
	"NO_NMIRF":        "the hub records no NMIRF of the State",
	"NO_LEGAL_BASIS":  "the hub records no legal basis of the State's NMIRF",
	"NO_TRACKING":     "the hub records no tracking tool of the State's NMIRF",
	"NO_INSTITUTIONS": "the hub records no member institution of the State's NMIRF",
}

// Every way of peerQuery returns one row per practice and way, not one per recommendation:
// nearly every practice shares a theme or a mechanism with some of a State's recommendations,
// so for a State with thousands of them the pairs run into hundreds of thousands or millions,
// more than a transaction may hold (Afghanistan's 8,116 recommendations on the benchmark
// graph reach practices through their themes 423,918 times). A way's row carries the
// recommendations that lead it (rs, sorted by uid, but except), their number (cnt) and the
// chain of the first of them. The recommendations are grouped by the node they link to once
// (peerRecsBy), and every practice's row shares that list. THEME and RECOMMENDED_BY group a
// node's practices in a subquery of their own, so that no list is a grouping key there. The
// example ways group practices beside the lists of all their nodes, the same on every row:
// measured, that is faster than a subquery (Brazil 1.6 s against 4.3 s).

// peerRecsBy groups the recommendations by the node (v:label) they link to by rel: one row
// per node with its recommendations sorted by uid (rs).
func peerRecsBy(rel, v, label string) string {
	return `UNWIND recs AS r
  MATCH (r)-[:` + rel + `]->(` + v + `:` + label + `)
  WITH ` + v + `, r ORDER BY r.uid
  WITH ` + v + `, collect(DISTINCT r) AS rs`
}

// peerWayByExample is the way through a node (v:label) that some of the recommendations
// link to by rel, as does a recommendation the practice addressed: its example, the first by
// uid (AFFECTED_GROUP, MECHANISM). The recommendations that lead this way are those of v but
// the example itself, which is at most one of them.
func peerWayByExample(published, kind, rel, v, label string) string {
	return peerRecsBy(rel, v, label) + `
  WITH collect(` + v + `) AS vs, collect(rs) AS rss
  MATCH ` + published + `-[:ADDRESSES]->(r2:Recommendation)-[:` + rel + `]->(` + v + `) WHERE ` + v + ` IN vs
  WITH vs, rss, p, ` + v + `, min(r2.uid) AS example
  WITH p, ` + v + `, example, rss[[i IN range(0, size(vs) - 1) WHERE vs[i] = ` + v + `][0]] AS rs
  WITH p, ` + v + `, rs, example, [x IN rs[..2] WHERE x.uid <> example][0] AS first
  WHERE first IS NOT NULL
  MATCH (r2:Entity {uid: example})
  RETURN p, '` + kind + `' AS kind, ` + v + ` AS via, null AS detail, rs, r2 AS except,
    size(rs) - CASE WHEN r2 IN rs THEN 1 ELSE 0 END AS cnt, [first, ` + v + `, r2] AS chain`
}

// peerQuery is the one query of a suggestion list; recs is a pattern that binds r to the
// recommendations to learn for (a State's, or one). withGaps adds the State's NMIRF gaps
// ($state). The State's own practices are left out ($exclude).
//
// The query is planned once per text, but planning is what costs most (a page of 100
// recommendations asks for 100 lists at once, before any plan is cached), so the text is
// kept lean: the recommendations are read and checked for visibility once and every way
// starts from that list, and nodes are labelled by one use of nodeLabel.
func peerQuery(recs string, withGaps bool) string {
	published := `(p:GoodPractice {status: 'PUBLISHED'})`
	gaps := ""
	if withGaps {
		gaps = `
  UNION ALL
  MATCH (s:State {code: $state})
  OPTIONAL MATCH (s)<-[:OF_STATE]-(own:NMIRF) WHERE ` + visibleNode("own") + `
  WITH s, own ORDER BY own.key
  WITH s, collect(own) AS owns
  UNWIND [gap IN [
    {dimension: 'legal-basis-and-mandate', fact: 'NO_NMIRF', missing: size(owns) = 0},
    {dimension: 'composition', fact: 'NO_NMIRF', missing: size(owns) = 0},
    {dimension: 'legal-basis-and-mandate', fact: 'NO_LEGAL_BASIS', missing: size(owns) > 0 AND none(n IN owns WHERE n.legalBasis IS NOT NULL)},
    {dimension: 'it-systems-and-data-management', fact: 'NO_TRACKING', missing: size(owns) > 0 AND none(n IN owns WHERE n.trackingTool IS NOT NULL)},
    {dimension: 'composition', fact: 'NO_INSTITUTIONS', missing: size(owns) > 0 AND none(n IN owns WHERE EXISTS { (n)<-[:PART_OF_NMIRF]-(:Institution) })}
  ] WHERE gap.missing] AS gap
  MATCH ` + published + `-[:SHOWS_DIMENSION]->(d:GuidanceDimension {key: gap.dimension})
  WITH DISTINCT p, d, gap.fact AS detail, owns[..1] + [d] AS chain
  RETURN p, 'NMIRF_GAP' AS kind, d AS via, detail, [] AS rs, null AS except, 0 AS cnt, chain`
	}
	return `CALL () { MATCH ` + recs + ` WHERE ` + visibleNode("r") + ` RETURN collect(r) AS recs }
CALL (recs) {
  // A theme leads to the practices on it or on a broader or narrower one, the closest first.
  ` + peerRecsBy("HAS_THEME", "t", "Theme") + `
  CALL (t) {
    MATCH (t)-[:SUBTHEME_OF*0..2]-(pt:Theme)<-[:ON_THEME]-` + published + `
    WITH p, pt ORDER BY CASE WHEN pt = t THEN 0 ELSE 1 END, pt.uid
    RETURN p, head(collect(pt)) AS pt
  }
  RETURN p, 'THEME' AS kind, t AS via, null AS detail, rs, null AS except, size(rs) AS cnt,
    [rs[0], t] + [x IN [pt] WHERE x <> t] AS chain
  UNION ALL
  UNWIND recs AS r
  UNWIND $needs AS need
  WITH r, need WHERE any(k IN keys(r) WHERE k STARTS WITH 'text_' AND r[k] =~ need.pattern)
    OR need.sdg AND EXISTS { (r)-[:LINKED_TO_SDG]->() }
  WITH need, r ORDER BY r.uid
  WITH need, collect(DISTINCT r) AS rs
  MATCH ` + published + `
  WHERE need.capacity IN p.capacities OR EXISTS { (p)-[:SHOWS_DIMENSION]->(:GuidanceDimension {key: need.dimension}) }
  WITH need, rs, p, [(p)-[:SHOWS_DIMENSION]->(d:GuidanceDimension {key: need.dimension}) | d][0] AS d
  RETURN p, 'NEED' AS kind, d AS via, need.key AS detail, rs, null AS except, size(rs) AS cnt,
    rs[..1] + [x IN [d] WHERE x IS NOT NULL] AS chain
  UNION ALL
  ` + peerWayByExample(published, "AFFECTED_GROUP", "CONCERNS_GROUP", "g", "AffectedGroup") + `
  UNION ALL
  ` + peerRecsBy("RECOMMENDED_BY", "f", "State") + `
  CALL (f) { MATCH (f)<-[:IN_STATE]-` + published + ` RETURN DISTINCT p }
  RETURN p, 'RECOMMENDED_BY' AS kind, f AS via, null AS detail, rs, null AS except, size(rs) AS cnt, [rs[0], f] AS chain
  UNION ALL
  ` + peerWayByExample(published, "MECHANISM", "ISSUED_BY", "m", "Mechanism") + gaps + `
}
WITH p, kind, via, detail, rs, except, cnt, chain, size(recs) AS total
WHERE NOT EXISTS { (p)-[:IN_STATE]->(ps:State) WHERE ps.code IN $exclude }
ORDER BY cnt DESC, via.uid, detail
WITH p, kind, collect({via: via, detail: detail, chain: chain}) AS ways, collect({rs: rs, except: except}) AS lists,
  sum(cnt) AS cnts, total
// n: the recommendations that lead some way of this kind, each once. With one way, or for
// MECHANISM (a recommendation has one mechanism, so its ways share none), that is the sum of
// the counts (disjoint); else the ways' lists are read item by item, one practice at a time.
WITH p, kind, ways, lists, cnts, total, size(lists) = 1 OR kind = 'MECHANISM' AS disjoint
CALL (disjoint, lists) {
  UNWIND CASE WHEN disjoint THEN [] ELSE lists END AS l
  UNWIND l.rs AS x
  WITH x, l WHERE x <> l.except OR l.except IS NULL
  RETURN count(DISTINCT x) AS overlapping
}
WITH p, kind, ways, CASE WHEN disjoint THEN cnts ELSE overlapping END AS n, total
WITH p, kind, ways, n, $weights[kind] * CASE kind WHEN 'MECHANISM' THEN toFloat(n) / total WHEN 'NMIRF_GAP' THEN size(ways) ELSE n END AS part
ORDER BY part DESC, kind
WITH p, sum(part) AS score, collect({kind: kind, part: part, n: n, via: ways[0].via, detail: ways[0].detail, chain: ways[0].chain}) AS matches
ORDER BY score DESC, p.key LIMIT $limit
OPTIONAL MATCH (p)-[:BY_NMIRF]->(nm:NMIRF) WHERE ` + visibleNode("nm") + `
// The matches' nodes (null when a match has none), then the path's, labelled together in a
// subquery of their own: one use of nodeLabel, planned apart from the rest (in the main query
// it more than doubled the planning time).
WITH p, score, matches, [m IN matches | m.via] + [x IN matches[0].chain + [p, nm] WHERE x IS NOT NULL] AS nodes
CALL (nodes) {
  UNWIND nodes AS x
  RETURN collect(CASE WHEN x IS NULL THEN {} ELSE {uid: x.uid, label: ` + nodeLabelOf("x") + `, kind: head([l IN labels(x) WHERE l <> 'Entity'])} END) AS labelled
}
RETURN p.key AS practice, toFloat(score) AS score,
  [m IN matches | {kind: m.kind, part: toFloat(m.part), n: m.n, detail: m.detail}] AS matches, labelled AS nodes,
  COLLECT { MATCH (st:State {code: $state}) RETURN st.name }[0] AS stateName
ORDER BY score DESC, practice`
}

// PeerPracticesForState suggests practices for a State from the recommendations it received
// and its NMIRF.
func (s *Store) PeerPracticesForState(ctx context.Context, code string, limit int) ([]PeerSuggestion, error) {
	return s.peers(ctx, peerQuery(`(:State {code: $key})<-[:ADDRESSED_TO]-(r:Recommendation)`, true), code, code, []string{code}, limit)
}

// PeerPracticesForRecommendation suggests practices for one recommendation.
func (s *Store) PeerPracticesForRecommendation(ctx context.Context, key string, limit int) ([]PeerSuggestion, error) {
	states, err := s.StatesAddressed(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	var exclude []string
	for _, st := range states[key] {
		exclude = append(exclude, st.Code)
	}
	return s.peers(ctx, peerQuery(`(r:Recommendation {key: $key})`, false), key, "", exclude, limit)
}

func (s *Store) peers(ctx context.Context, cypher, key, state string, exclude []string, limit int) ([]PeerSuggestion, error) {
	var stateParam any
	if state != "" {
		stateParam = state
	}
	recs, err := s.read(ctx, cypher, visibility(ctx, map[string]any{"key": key, "state": stateParam, "exclude": nonNil(exclude),
		"limit": limit, "needs": peerNeedParams(), "weights": peerWeights}))
	if err != nil {
		return nil, fmt.Errorf("peer practices: %w", err)
	}
	out := make([]PeerSuggestion, len(recs))
	for i, r := range recs {
		v, _ := r.Get("score")
		score, _ := v.(float64)
		out[i] = PeerSuggestion{PracticeKey: strOf(r, "practice"), Score: score}
		if state != "" {
			// Labelled like every State in a picture: by its name (see nodeLabel).
			out[i].Path = append(out[i].Path, GraphNode{UID: "State:" + state, Kind: "State", Label: strOf(r, "stateName")})
		}
		// nodes: one per match (its via, or null), then the path's.
		v, _ = r.Get("nodes")
		nodes, _ := v.([]any)
		matches := listOfMaps(r, "matches")
		if len(nodes) < len(matches) {
			return nil, fmt.Errorf("peer practices: %d nodes for %d matches", len(nodes), len(matches))
		}
		for j, m := range matches {
			part, _ := m["part"].(float64)
			pm := PeerMatch{Kind: str(m, "kind"), Score: part, Recommendations: integer(m, "n")}
			if via, ok := nodes[j].(map[string]any); ok && len(via) > 0 {
				n := graphNodeOf(via)
				pm.Via = &n
			}
			pm.Detail = peerDetail(pm, str(m, "detail"))
			out[i].Matches = append(out[i].Matches, pm)
		}
		for _, x := range nodes[len(matches):] {
			if m, ok := x.(map[string]any); ok && len(m) > 0 {
				out[i].Path = append(out[i].Path, graphNodeOf(m))
			}
		}
	}
	return out, nil
}

// peerDetail is a match in words: the need, the missing fact, else the node it goes through.
func peerDetail(m PeerMatch, code string) string {
	switch m.Kind {
	case "NEED":
		return peerNeedName(code)
	case "NMIRF_GAP":
		return peerGapWords[code]
	}
	if m.Via != nil {
		return m.Via.Label
	}
	return strings.ToLower(m.Kind)
}
