package store

import (
	"context"
	"fmt"
	"strings"
)

// GraphNode is a node of a neighbourhood, for visualisation and export.
type GraphNode struct {
	UID   string // "Kind:key"
	Kind  string
	Label string // a readable name
}

// GraphEdge is a relationship between two nodes of a neighbourhood.
type GraphEdge struct {
	From, To string // uids
	Type     string
}

// Neighbourhood is a bounded subgraph around a node.
type Neighbourhood struct {
	Nodes []GraphNode
	Edges []GraphEdge
	// Truncated is true when the limit cut the neighbourhood short.
	Truncated bool
}

// LinkTypes are the relationship types that link two entities: every link a neighbourhood or
// a path can show. The explorer names each of them in every language it offers
// (ui/explore/i18n.js, checked by ui's tests), so a new link type is added here too; a store
// test fails when the store's Cypher writes a type that is neither here nor in
// bookkeepingLinks.
var LinkTypes = []string{
	"ADDRESSED_TO", "ADDRESSES", "ADOPTED_AT", "BY_NMIRF", "CONCERNS_GROUP", "FOLLOWS_UP", "FOLLOWS_UP_CLUSTER",
	"FORMER_MEMBER_OF", "FOUNDED_BY", "GROUPS", "HAS_THEME", "HELD_IN", "IN_DOCUMENT", "IN_HISTORY_OF", "IN_STATE",
	"ISSUED_BY", "LED_BY", "LINKED_TO_SDG", "MEMBER_OF", "MISSION_OF", "OF_STATE", "ON_THEME", "ORGANIZED_BY",
	"PARTNER_OF", "PART_OF", "PART_OF_NMIRF", "RECOMMENDED_BY", "SHOWS_DIMENSION", "SPONSORED_BY", "SUBTHEME_OF",
}

// bookkeepingLinks are the relationship types neighbourhoods and paths never show: provenance
// (SOURCED_FROM), import runs (READ), change history (CHANGED) and recommendation aliases
// (IDENTIFIES); the last two do not reach an entity.
var bookkeepingLinks = []string{"SOURCED_FROM", "READ", "CHANGED", "IDENTIFIES"}

// nodeLabel is the one rule for a node's label in neighbourhoods, paths and peer
// suggestions: a State by its name (never its code), a recommendation by its State, its
// paragraph and the start of its text ("CRI 119.59 · Adopt a comprehensive…"), anything
// else by its name, title, symbol or code.
const nodeLabel = `CASE WHEN n:Recommendation THEN
  trim(coalesce([(n)-[:ADDRESSED_TO]->(s:State) | s.code][0], '') + ' ' + coalesce(n.paragraph, '')) + ' · ' +
  [t IN [coalesce(n.text_en, n.text_es, n.text_fr, '')] |
    [u IN [trim(CASE WHEN n.paragraph IS NOT NULL AND t STARTS WITH n.paragraph + '.' THEN substring(t, size(n.paragraph) + 1)
                     WHEN n.paragraph IS NOT NULL AND t STARTS WITH n.paragraph THEN substring(t, size(n.paragraph)) ELSE t END)] |
      CASE WHEN size(u) > 48 THEN left(u, 48) + '…' ELSE u END][0]][0]
ELSE coalesce(n.name, n.name_en, n.title, n.title_en, n.symbol, n.paragraph, n.code, n.key) END`

// Neighbourhoods and paths show only the nodes the caller may see (visibleNode): a hidden start
// node has no neighbourhood, and no path runs through a hidden node.

// Neighbourhood returns the nodes within depth hops (1–3) of the node uid, at most limit
// nodes (nearest first), and the relationships among them. Provenance and import-run links
// are left out: they would tie everything to a few hubs.
//
// It searches breadth first: the nodes within one hop, then within two, then three, each set
// read once and without repeats, and it stops as soon as more than limit nodes are found,
// since the nodes one hop further can no longer be among the nearest. Matching the paths of
// up to three hops instead enumerates every path: from a State with 8,116 recommendations
// on the benchmark graph, through their themes, mechanisms and States, that outlived the
// query's 15 s.
func (s *Store) Neighbourhood(ctx context.Context, uid string, depth, limit int, kinds ...string) (Neighbourhood, error) {
	if depth < 1 || depth > 3 {
		return Neighbourhood{}, fmt.Errorf("depth %d out of range 1–3", depth)
	}
	step := func(from, within, into string) string {
		return `CALL (` + from + `, ` + within + `) {
  UNWIND CASE WHEN ` + within + ` THEN ` + from + ` ELSE [] END AS a
  MATCH (a)-[r]-(m) WHERE NOT type(r) IN ['SOURCED_FROM', 'READ'] AND ` + visibleNode("m") + `
  RETURN collect(DISTINCT m) AS ` + into + `
}
`
	}
	found := func(ball string) string {
		return `size([m IN ` + ball + ` WHERE m <> start AND m:Entity AND ($kinds IS NULL OR any(l IN labels(m) WHERE l IN $kinds))])`
	}
	recs, err := s.read(ctx, `MATCH (start:Entity {uid: $uid}) WHERE `+visibleNode("start")+`
WITH start, [start] AS ball0, true AS more0
`+step("ball0", "more0", "near1")+`WITH start, [start] + near1 AS ball1
WITH start, ball1, $depth >= 2 AND `+found("ball1")+` <= $limit AS more1
`+step("ball1", "more1", "near2")+`WITH start, ball1, CASE WHEN more1 THEN near2 ELSE [] END AS ball2
WITH start, ball1, ball2, $depth >= 3 AND `+found("ball2")+` <= $limit AS more2
`+step("ball2", "more2", "near3")+`WITH start, [x IN ball1 | [x, 1]] + [x IN ball2 | [x, 2]] + [x IN near3 | [x, 3]] AS reached
CALL (start, reached) {
  UNWIND reached AS pair
  WITH pair[0] AS m, min(pair[1]) AS dist
  WHERE m <> start AND m:Entity AND ($kinds IS NULL OR any(l IN labels(m) WHERE l IN $kinds))
  WITH m, dist ORDER BY dist, m.uid
  RETURN collect(m)[..$limit] AS ms, count(m) AS total
}
WITH [start] + ms AS ns, total
UNWIND ns AS n
WITH collect(n) AS ns, collect({uid: n.uid, label: `+nodeLabelOf("n")+`, kind: head([l IN labels(n) WHERE l <> 'Entity'])}) AS nodes, total
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r]->(b) WHERE b IN ns AND NOT type(r) IN ['SOURCED_FROM', 'READ']
  RETURN collect({from: a.uid, to: b.uid, type: type(r)}) AS edges
}
RETURN nodes, edges, total`, visibility(ctx, map[string]any{"uid": uid, "depth": depth, "limit": limit, "kinds": kindsParam(kinds)}))
	if err != nil {
		return Neighbourhood{}, fmt.Errorf("neighbourhood of %s: %w", uid, err)
	}
	var nb Neighbourhood
	if len(recs) == 0 {
		return nb, nil
	}
	for _, m := range listOfMaps(recs[0], "nodes") {
		nb.Nodes = append(nb.Nodes, GraphNode{UID: str(m, "uid"), Kind: str(m, "kind"), Label: fmt.Sprint(m["label"])})
	}
	for _, m := range listOfMaps(recs[0], "edges") {
		nb.Edges = append(nb.Edges, GraphEdge{From: str(m, "from"), To: str(m, "to"), Type: str(m, "type")})
	}
	nb.Truncated = intOf(recs[0], "total") > limit
	return nb, nil
}

func kindsParam(kinds []string) any {
	if len(kinds) == 0 {
		return nil
	}
	return kinds
}

// GraphPath is one path between two nodes.
type GraphPath struct {
	Nodes []GraphNode
	Edges []GraphEdge
	// ThroughHubs is true when a node in its middle is a hub (see HubDegree).
	ThroughHubs bool
}

// HubDegree is the number of links (provenance left out) above which a node is a hub that
// paths avoid in their middle. A hub relates its neighbours only by a broad category: in the
// demo graph the UPR (615 links), a review's report (82) and the States with their
// recommendations (90–270) are above it; the themes (at most 28), affected groups, SDGs, the
// Network (16), NMIRFs and practices that make a route worth reading are well below. A route
// "recommendation → UPR ← recommendation" says only that both are UPR recommendations. Full
// UHRI imports give the mechanisms, reports and States thousands of links and leave the
// others where they are, so the bound need not grow with the graph.
const HubDegree = 50

// hubFree is true when no node in the middle of path p is a hub. It is a predicate on every
// node of the path (the ends excepted by identity), so Neo4j checks it while it searches for
// the shortest paths rather than after.
var hubFree = `all(x IN nodes(p) WHERE x = a OR x = b OR COUNT { (x)-[h]-() WHERE NOT type(h) IN ['SOURCED_FROM', 'READ'] } <= $hubDegree)`

// ShortestPaths returns up to limit shortest paths (of at most maxLength hops, 1–6) between
// two nodes, leaving out provenance links. Unless throughHubs, the paths avoid hubs in their
// middle (HubDegree), and the shortest paths through hubs are given only when no other
// path exists within maxLength.
func (s *Store) ShortestPaths(ctx context.Context, from, to string, maxLength, limit int, throughHubs bool) ([]GraphPath, error) {
	if maxLength < 1 || maxLength > 6 {
		return nil, fmt.Errorf("path length %d out of range 1–6", maxLength)
	}
	// The bound of a variable-length pattern cannot be a parameter; maxLength is checked
	// above and picks one of six fixed texts.
	search := `MATCH p = allShortestPaths((a)-[*..` + fmt.Sprint(maxLength) + `]-(b))
  WHERE none(r IN relationships(p) WHERE type(r) IN ['SOURCED_FROM', 'READ'])
    AND all(x IN nodes(p) WHERE ` + visibleNode("x") + `)`
	recs, err := s.read(ctx, `MATCH (a:Entity {uid: $from}), (b:Entity {uid: $to})
CALL (a, b) {
  WITH a, b WHERE NOT $throughHubs
  `+search+` AND `+hubFree+`
  WITH p LIMIT $limit
  RETURN collect(p) AS informative
}
CALL (a, b, informative) {
  WITH a, b WHERE size(informative) = 0
  `+search+`
  WITH p LIMIT $limit
  RETURN collect(p) AS shortest
}
UNWIND informative + shortest AS p
RETURN [n IN nodes(p) | {uid: n.uid, label: `+nodeLabelOf("n")+`, kind: head([l IN labels(n) WHERE l <> 'Entity'])}] AS nodes,
       [r IN relationships(p) | {from: startNode(r).uid, to: endNode(r).uid, type: type(r)}] AS edges,
       NOT `+hubFree+` AS throughHubs`,
		visibility(ctx, map[string]any{"from": from, "to": to, "limit": limit, "throughHubs": throughHubs, "hubDegree": HubDegree}))
	if err != nil {
		return nil, fmt.Errorf("shortest paths: %w", err)
	}
	out := make([]GraphPath, len(recs))
	for i, r := range recs {
		for _, m := range listOfMaps(r, "nodes") {
			out[i].Nodes = append(out[i].Nodes, graphNodeOf(m))
		}
		for _, m := range listOfMaps(r, "edges") {
			out[i].Edges = append(out[i].Edges, GraphEdge{From: str(m, "from"), To: str(m, "to"), Type: str(m, "type")})
		}
		v, _ := r.Get("throughHubs")
		out[i].ThroughHubs, _ = v.(bool)
	}
	return out, nil
}

func graphNodeOf(m map[string]any) GraphNode {
	return GraphNode{UID: str(m, "uid"), Kind: str(m, "kind"), Label: fmt.Sprint(m["label"])}
}

func nodeLabelOf(v string) string {
	return strings.NewReplacer("(n)", "("+v+")", "n.", v+".", "n:", v+":").Replace(nodeLabel)
}
