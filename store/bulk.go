package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// An initial load: the first import of a large file into a graph that holds no
// recommendation yet goes through Neo4j's offline importer (neo4j-admin database import),
// which writes the store files directly, instead of one transaction per batch. 270,000 UHRI
// records take 131–142 s through transactions on two cores, most of it Neo4j's
// transactional write path; as an initial load, 105–115 s: the merge in memory, about 25 s
// in the offline importer and about 25 s building the indexes (BENCHMARKS.md).
//
// Fidelity is kept by doing everything else exactly as an import does: the same reader,
// accounting and notes (ingest.Import), and the same merge (mergeBatch: the same identity
// look-ups, waves, conflicts and write plans), run against BulkGraph, an in-memory copy of
// the graph (its reference data, taken when the load begins) that answers the look-ups as
// lookupRecommendations does and applies the write plans as writeRecommendationRows,
// dropRecommendationLinks and writeAliases do. What it ends with is written as the offline
// importer's CSV files (WriteImportFiles, bulkcsv.go), the whole graph: the copy's nodes and
// relationships and what the import added. scripts/neo4j-local.sh load then replaces the
// stopped database with them, and Migrate (hub migrate, once it runs again) builds the
// indexes.
// TestInitialLoadEqualsTransactionalImport compares the two paths graph for graph.

// BulkGraph is the in-memory graph of an initial load. It implements what ingest.Import
// asks of a store (StartImport, AddLabels, MergeImportBatch, FinishImport). Not safe for
// concurrent use: an import calls it from one goroutine.
type BulkGraph struct {
	nodes []*bulkNode
	rels  []bulkRel
	// merged holds the relationships written by MERGE (no properties): start, type, end.
	merged map[bulkRelKey]bool
	// byKey finds nodes by label and key property ("State\x00code\x00FRA"), in creation order.
	byKey map[string][]int

	// version is the graph version the copy was taken at (GraphVersion.n): every
	// data-changing transaction moves it, so a load can tell that the graph changed since.
	version any

	recs                  map[string]*bulkRec // recommendations by key
	byUhri, byDoc, byText map[string][]string // identity property → recommendation keys, in creation order
	identifies            map[string]string   // alias key → the recommendation it IDENTIFIES (one at most: writeAliases)
}

type bulkNode struct {
	labels []string
	props  map[string]any // as the driver returns them: string, int64, float64, bool, []any, neo4j temporal types
}

type bulkRel struct {
	start, end int
	typ        string
	props      map[string]any
}

type bulkRelKey struct {
	start, end int
	typ        string
}

// bulkRec is a recommendation written by the load: its node, and the targets of its links
// by the lists of writeRecommendationRows' rows (only targets the graph holds, as MATCH
// finds them).
type bulkRec struct {
	node    int
	links   map[string][]string
	aliases []string // the aliases that IDENTIFY it
}

// keyProps are the properties by which the import's statements find nodes.
var keyProps = []string{"key", "code"}

// OpenBulk copies the graph for an initial load. The graph must hold no recommendation: the
// offline importer replaces the whole database, so an initial load is for a graph with
// only its reference data, where it can lose nothing.
func (s *Store) OpenBulk(ctx context.Context) (*BulkGraph, error) {
	n, err := s.recommendationCount(ctx)
	if err != nil {
		return nil, fmt.Errorf("initial load: %w", err)
	}
	if n > 0 {
		return nil, fmt.Errorf("initial load: the graph holds %d recommendations already; an initial load replaces the database, so it is only for a graph without any (import the file without --initial-load)", n)
	}
	g := &BulkGraph{merged: map[bulkRelKey]bool{}, byKey: map[string][]int{}, recs: map[string]*bulkRec{},
		byUhri: map[string][]string{}, byDoc: map[string][]string{}, byText: map[string][]string{}, identifies: map[string]string{}}
	nodes, err := s.read(ctx, `MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props`, nil)
	if err != nil {
		return nil, fmt.Errorf("initial load: copy nodes: %w", err)
	}
	index := make(map[string]int, len(nodes))
	for _, r := range nodes {
		labels := []string{}
		if l, ok := r.Get("labels"); ok {
			for _, x := range l.([]any) {
				labels = append(labels, x.(string))
			}
		}
		index[strOf(r, "id")] = g.addNode(labels, mapOf(r, "props"))
	}
	rels, err := s.read(ctx, `MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b`, nil)
	if err != nil {
		return nil, fmt.Errorf("initial load: copy relationships: %w", err)
	}
	for _, r := range rels {
		a, okA := index[strOf(r, "a")]
		b, okB := index[strOf(r, "b")]
		if !okA || !okB {
			return nil, fmt.Errorf("initial load: the graph changed while it was copied (a relationship to a node the copy lacks); run the load again while nothing else writes")
		}
		// (No IDENTIFIES link is among them: the graph holds no recommendation.)
		g.rels = append(g.rels, bulkRel{start: a, end: b, typ: strOf(r, "type"), props: mapOf(r, "props")})
	}
	for _, r := range g.rels {
		if len(r.props) == 0 {
			g.merged[bulkRelKey{r.start, r.end, r.typ}] = true
		}
	}
	for _, v := range g.find("GraphVersion", "key", "graph") {
		g.version = g.nodes[v].props["n"]
	}
	return g, nil
}

// CheckUnchanged fails if the graph has changed since g copied it (its version moved): the
// load would replace the database and lose what was written since. Called last, before the
// files are written, it leaves only the moment until the database stops for such a write.
func (s *Store) CheckUnchanged(ctx context.Context, g *BulkGraph) error {
	recs, err := s.read(ctx, `MATCH (v:GraphVersion {key: 'graph'}) RETURN v.n AS n`, nil)
	if err != nil {
		return fmt.Errorf("initial load: %w", err)
	}
	var now any
	if len(recs) > 0 {
		now, _ = recs[0].Get("n")
	}
	if now != g.version {
		return fmt.Errorf("initial load: the graph changed while the records were merged (version %v, now %v): something wrote to it, and the load would lose that; stop what writes and run the load again", g.version, now)
	}
	return nil
}

// addNode adds a node and indexes it by its labels' key properties.
func (g *BulkGraph) addNode(labels []string, props map[string]any) int {
	if props == nil {
		props = map[string]any{}
	}
	n := len(g.nodes)
	g.nodes = append(g.nodes, &bulkNode{labels: labels, props: props})
	for _, l := range labels {
		g.index(n, l)
	}
	return n
}

// index makes node n found by label and each of its key properties.
func (g *BulkGraph) index(n int, label string) {
	for _, p := range keyProps {
		if v, ok := g.nodes[n].props[p].(string); ok {
			k := label + "\x00" + p + "\x00" + v
			if !slices.Contains(g.byKey[k], n) {
				g.byKey[k] = append(g.byKey[k], n)
			}
		}
	}
}

// find returns the nodes MATCH (n:label {prop: v}) finds.
func (g *BulkGraph) find(label, prop, v string) []int { return g.byKey[label+"\x00"+prop+"\x00"+v] }

// merge returns the node MERGE (n:label {key: v}) binds, and whether it created it.
func (g *BulkGraph) merge(label, v string) (int, bool) {
	if found := g.find(label, "key", v); len(found) > 0 {
		return found[0], false
	}
	return g.addNode([]string{label}, map[string]any{"key": v}), true
}

// mergeRel is MERGE (a)-[:typ]->(b) without properties.
func (g *BulkGraph) mergeRel(a, b int, typ string) {
	k := bulkRelKey{a, b, typ}
	if !g.merged[k] {
		g.merged[k] = true
		g.rels = append(g.rels, bulkRel{start: a, end: b, typ: typ})
	}
}

// addLabel is SET n:label.
func (g *BulkGraph) addLabel(n int, label string) {
	if node := g.nodes[n]; !slices.Contains(node.labels, label) {
		node.labels = append(node.labels, label)
		g.index(n, label)
	}
}

// set is SET n.p = v with a Go value as the import's statements pass it: a nil value
// removes the property.
func (n *bulkNode) set(p string, v any) {
	if v = driverValue(v); v == nil {
		delete(n.props, p)
	} else {
		n.props[p] = v
	}
}

// setEntity is SET n:Entity, n.uid = label:key, and each of props (a nil value removes it).
func (g *BulkGraph) setEntity(n int, label, key string, props map[string]any) {
	g.addLabel(n, "Entity")
	node := g.nodes[n]
	node.set("uid", label+":"+key)
	for p, v := range props {
		node.set(p, v)
	}
}

// driverValue turns a parameter into the value Neo4j stores and the driver reads back.
func driverValue(v any) any {
	switch v := v.(type) {
	case *string:
		if v == nil {
			return nil
		}
		return *v
	case int:
		return int64(v)
	case *int:
		if v == nil {
			return nil
		}
		return int64(*v)
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	}
	return v
}

// StartImport is Store.StartImport on the copy.
func (g *BulkGraph) StartImport(_ context.Context, run ImportRun, src FileSource) error {
	stale := time.Now().UTC().Add(-staleRun)
	for _, n := range g.nodes {
		if !slices.Contains(n.labels, "ImportRun") || n.props["status"] != "RUNNING" {
			continue
		}
		at, ok := n.props["lastBatchAt"].(neo4j.LocalDateTime)
		if !ok {
			at, ok = n.props["startedAt"].(neo4j.LocalDateTime)
		}
		if ok && at.Time().Before(stale) {
			n.props["status"] = "INTERRUPTED"
		}
	}
	lock := g.find("ImportLock", "key", "recommendations")
	if len(lock) == 0 {
		return nil // as the statement: without the lock node it matches nothing (startBatch says so)
	}
	g.nodes[lock[0]].props["heldAt"] = time.Now().UnixMilli()
	s, _ := g.merge("Source", src.Key)
	g.setEntity(s, "Source", src.Key, map[string]any{"title": src.FileName, "format": src.Format, "checksum": src.Checksum,
		"synthetic": src.Synthetic, "encoding": nilIfEmpty(src.Encoding)})
	if _, ok := g.nodes[s].props["publisher"]; !ok {
		g.nodes[s].set("publisher", "imported file")
	}
	r := g.addNode([]string{"ImportRun"}, map[string]any{"key": run.Key})
	g.setEntity(r, "ImportRun", run.Key, map[string]any{"startedAt": neo4j.LocalDateTimeOf(run.StartedAt.UTC()),
		"format": run.Format, "encoding": nilIfEmpty(run.Encoding), "status": "RUNNING",
		"created": 0, "updated": 0, "unchanged": 0, "merged": 0, "rejected": 0})
	g.rels = append(g.rels, bulkRel{start: r, end: s, typ: "READ"})
	return nil
}

// FinishImport is Store.FinishImport on the copy.
func (g *BulkGraph) FinishImport(_ context.Context, run ImportRun) error {
	for _, n := range g.find("ImportRun", "key", run.Key) {
		for p, v := range map[string]any{"finishedAt": neo4j.LocalDateTimeOf(time.Now().UTC()), "status": run.Status,
			"created": run.Counts.Created, "updated": run.Counts.Updated, "unchanged": run.Counts.Unchanged, "merged": run.Merged,
			"rejected": run.Rejected, "warnings": run.Warnings, "conflicts": run.Conflicts} {
			g.nodes[n].set(p, v)
		}
	}
	return nil
}

// AddLabels is Store.AddLabels on the copy.
func (g *BulkGraph) AddLabels(_ context.Context, sourceKey string, labels []LabelRecord) error {
	src := g.find("Source", "key", sourceKey)
	for _, l := range labels {
		label := "Theme"
		if l.Group {
			label = "AffectedGroup"
		}
		t, created := g.merge(label, l.Key)
		if created {
			g.setEntity(t, label, l.Key, map[string]any{"name_en": l.Label, "scheme": "import", "addedByImport": true})
		}
		for _, s := range src {
			g.mergeRel(t, s, "SOURCED_FROM")
		}
	}
	return nil
}

// MergeImportBatch is Store.MergeImportBatch on the copy.
func (g *BulkGraph) MergeImportBatch(ctx context.Context, sourceKey string, docs []DocumentRecord, recs []RecommendationRecord, opt MergeOptions) ([]RowResult, error) {
	res, err := mergeBatch(ctx, g, sourceKey, docs, recs, opt)
	if err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	return res, nil
}

// startBatch is startBatchStatement on the copy.
func (g *BulkGraph) startBatch(_ context.Context, sourceKey, runKey string, docs []DocumentRecord) error {
	lock := g.find("ImportLock", "key", "recommendations")
	if len(lock) == 0 {
		return fmt.Errorf("the import lock node is missing: every hub command prepares the graph (Store.Migrate) first")
	}
	g.nodes[lock[0]].props["heldAt"] = time.Now().UnixMilli()
	for _, r := range g.find("ImportRun", "key", runKey) {
		g.nodes[r].props["lastBatchAt"] = neo4j.LocalDateTimeOf(time.Now().UTC())
	}
	src := g.find("Source", "key", sourceKey)
	for _, d := range docs {
		n, created := g.merge("Document", d.Key)
		if created {
			g.setEntity(n, "Document", d.Key, map[string]any{"symbol": d.Symbol, "title": d.Title, "type": d.Type, "year": d.Year})
		}
		for _, s := range src {
			g.mergeRel(n, s, "SOURCED_FROM")
		}
	}
	return nil
}

// lookup is lookupRecommendations on the copy: the parts in the statement's order (key,
// UHRI id, report paragraph, text, alias), each in the order of its values, and for one
// value the recommendations in the order they were created (the order of an index's
// entries for equal values).
func (g *BulkGraph) lookup(_ context.Context, q identityQuery) ([]identityHit, error) {
	var hits []identityHit
	each := func(list []identityValue, keys func(v string) []string, via func(v string) string) {
		for _, x := range list {
			for _, k := range keys(x.v) {
				hits = append(hits, identityHit{x.i, hit{via(x.v), g.projection(k)}})
			}
		}
	}
	same := func(v string) string { return v }
	each(q.byKey, func(v string) []string {
		if _, ok := g.recs[v]; ok {
			return []string{v}
		}
		return nil
	}, func(v string) string { return "key:" + v })
	each(q.byUhri, func(v string) []string { return g.byUhri[v] }, func(v string) string { return "uhri:" + strings.ToLower(v) })
	each(q.byDoc, func(v string) []string { return g.byDoc[v] }, same)
	each(q.byText, func(v string) []string { return g.byText[v] }, same)
	each(q.byAlias, func(v string) []string {
		if k, ok := g.identifies[v]; ok {
			return []string{k}
		}
		return nil
	}, same)
	return hits, nil
}

// projection is storedProjection of recommendation key.
func (g *BulkGraph) projection(key string) map[string]any {
	r := g.recs[key]
	props := g.nodes[r.node].props
	m := make(map[string]any, len(props)+7)
	for p, v := range props {
		m[p] = v
	}
	list := func(names ...string) []any {
		out := []any{}
		for _, n := range names {
			for _, v := range r.links[n] {
				out = append(out, v)
			}
		}
		return out
	}
	m["states"], m["recStates"], m["themes"] = list("states"), list("recStates"), list("themes")
	m["groups"], m["sdgs"], m["sources"] = list("groups"), list("targets", "goals"), list("sources")
	aliases := []any{props["idDoc"], props["idText"]}
	for _, a := range r.aliases {
		aliases = append(aliases, a)
	}
	m["aliases"] = aliases
	return m
}

// write applies a plan as txGraph.write does: links of the dropped recommendations go, each
// row's node is merged with its properties set by name, its links created to the targets
// the graph holds, and extra aliases linked unless they identify another recommendation.
func (g *BulkGraph) write(_ context.Context, w recommendationWrite, run any) error {
	for _, k := range w.drop {
		if r, ok := g.recs[k]; ok {
			r.links = nil
		}
	}
	for _, x := range w.rows {
		row := x.(map[string]any)
		key := row["key"].(string)
		r, ok := g.recs[key]
		if !ok {
			r = &bulkRec{node: g.addNode([]string{"Recommendation"}, map[string]any{"key": key})}
			g.recs[key] = r
		}
		g.addLabel(r.node, "Entity")
		n := g.nodes[r.node]
		var old [len(identityProps)]string
		for k, p := range identityProps {
			old[k] = str(n.props, p)
		}
		// The row's properties become the node's (SET by name of every property of
		// recommendationPropNames, a null removing it), in a map of their own size: the
		// row's map has room for every property, nulls included, and a 270,000-record load
		// kept 0.6 GB of such maps (heap profile, BENCHMARKS.md session 14).
		given := row["props"].(map[string]any)
		for p, v := range given {
			if v = driverValue(v); v == nil {
				delete(given, p)
			} else {
				given[p] = v
			}
		}
		run = driverValue(run)
		props := make(map[string]any, len(given)+3)
		for p, v := range given {
			props[p] = v
		}
		props["key"], props["uid"] = key, "Recommendation:"+key
		if run != nil {
			props["importRun"] = run
		}
		n.props = props
		g.reindexIdentities(key, old, n.props)
		// Links are created, never merged: a row's lists are sets (nonNil), and an updated
		// recommendation's old links were dropped above, as dropRecommendationLinks does.
		if r.links == nil {
			r.links = map[string][]string{}
		}
		for _, l := range recommendationLinks {
			for _, v := range row[l.list].([]string) {
				if len(g.find(l.label, l.key, v)) > 0 {
					r.links[l.list] = append(r.links[l.list], v)
				}
			}
		}
	}
	for _, x := range w.aliases {
		p := x.(map[string]any)
		k, a := p["k"].(string), p["a"].(string)
		if _, ok := g.recs[k]; !ok {
			continue
		}
		if len(g.find("RecommendationAlias", "key", a)) == 0 {
			g.addNode([]string{"RecommendationAlias"}, map[string]any{"key": a})
		}
		if _, named := g.identifies[a]; named {
			continue // it names this recommendation already, or another: the merge reported that
		}
		g.identifies[a] = k
		g.recs[k].aliases = append(g.recs[k].aliases, a)
	}
	return nil
}

// identityProps are the properties by which lookup finds recommendations, besides their
// key: those of byUhri, byDoc and byText, in that order.
var identityProps = [...]string{"uhriAnnotationId", "idDoc", "idText"}

// reindexIdentities keeps the identity indexes of recommendation key up to date; old holds
// the values of identityProps before the write.
func (g *BulkGraph) reindexIdentities(key string, old [len(identityProps)]string, props map[string]any) {
	for k, idx := range [...]map[string][]string{g.byUhri, g.byDoc, g.byText} {
		was, now := old[k], str(props, identityProps[k])
		if was == now {
			continue
		}
		if was != "" {
			idx[was] = slices.DeleteFunc(idx[was], func(x string) bool { return x == key })
		}
		if now != "" {
			idx[now] = append(idx[now], key)
			// Equal values are found in the order their nodes were created.
			slices.SortStableFunc(idx[now], func(a, b string) int { return g.recs[a].node - g.recs[b].node })
		}
	}
}
