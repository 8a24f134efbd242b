package store

import (
	"context"
	"fmt"
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

// nodeLabel picks a readable name whatever the node's kind.
const nodeLabel = `coalesce(n.name, n.name_en, n.title, n.title_en, n.symbol, n.paragraph, n.code, n.key)`

// Neighbourhood returns the nodes within depth hops (1–3) of the node uid, at most limit
// nodes (nearest first), and the relationships among them. Provenance and import-run links
// are left out: they would tie everything to a few hubs.
func (s *Store) Neighbourhood(ctx context.Context, uid string, depth, limit int) (Neighbourhood, error) {
	if depth < 1 || depth > 3 {
		return Neighbourhood{}, fmt.Errorf("depth %d out of range 1–3", depth)
	}
	// Variable-length bounds cannot be parameters; depth is checked above and picks one of
	// three fixed texts.
	pattern := map[int]string{1: "*1..1", 2: "*1..2", 3: "*1..3"}[depth]
	recs, err := s.read(ctx, `MATCH (start:Entity {uid: $uid})
OPTIONAL MATCH p = (start)-[`+pattern+`]-(m:Entity)
WHERE none(r IN relationships(p) WHERE type(r) IN ['SOURCED_FROM', 'READ'])
WITH start, m, min(length(p)) AS dist
ORDER BY dist, m.uid
WITH start, collect(m)[..$limit] AS ms, count(m) AS total
WITH [start] + [x IN ms WHERE x IS NOT NULL] AS ns, total
UNWIND ns AS n
WITH collect(n) AS ns, collect({uid: n.uid, label: `+nodeLabel+`, kind: head([l IN labels(n) WHERE l <> 'Entity'])}) AS nodes, total
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r]->(b) WHERE b IN ns AND NOT type(r) IN ['SOURCED_FROM', 'READ']
  RETURN collect({from: a.uid, to: b.uid, type: type(r)}) AS edges
}
RETURN nodes, edges, total`, map[string]any{"uid": uid, "limit": limit})
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
