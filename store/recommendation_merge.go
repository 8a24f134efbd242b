package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Imports merge; they never replace. A file row is matched to the recommendation it is
// (domain.RecommendationAliases: UHRI id, report + paragraph, State + cycle + text, or the
// record's key) and adds to it what the graph lacks: States, recommending States, themes,
// groups, SDGs, sources, texts in other languages, and any property still empty. A property
// that the graph already holds with another value is a conflict: reported, and the stored
// value kept unless the import overwrites. So rows repeating one recommendation once per
// recommending State add up, and importing a file again changes nothing.

// MergeOptions say how an import batch meets the graph.
type MergeOptions struct {
	RunKey    string // the import run stamped on what it writes
	Overwrite bool   // a differing property takes the file's value (the conflict is still reported)
	DryRun    bool   // decide everything, write nothing
}

// Conflict is a property of a stored recommendation that a record would change.
type Conflict struct {
	Field    string // year, uprCycle, stateCodes, text_en, position, …
	Stored   string
	Incoming string
}

// RowResult is what merging one record did.
type RowResult struct {
	Outcome   string // created, updated or unchanged
	Key       string // the recommendation the record went to
	Conflicts []Conflict
}

// hit is a stored recommendation a look-up found for a record, and the identity it found it by.
type hit struct {
	via string
	rec map[string]any
}

// recommendationAliases lists the identities of a record: its aliases and its key.
func recommendationAliases(r RecommendationRecord) []string {
	uhri, doc, para, text := "", "", "", ""
	if r.UhriAnnotationID != nil {
		uhri = *r.UhriAnnotationID
	}
	if r.DocumentKey != nil {
		doc = *r.DocumentKey
	}
	if r.Paragraph != nil {
		para = *r.Paragraph
	}
	text, _, _ = r.Texts.Pick("EN")
	return domain.RecommendationAliases(uhri, doc, para, r.StateCodes, r.UprCycle, r.Year, text)
}

// MergeImportBatch merges one batch of records in one transaction (a read transaction for a
// dry run) and returns one result per record, in order. Records of one batch that are the
// same recommendation are merged one after the other, in file order.
func (s *Store) MergeImportBatch(ctx context.Context, sourceKey string, docs []DocumentRecord, recs []RecommendationRecord, opt MergeOptions) ([]RowResult, error) {
	work := func(tx neo4j.ManagedTransaction) (any, error) {
		return mergeBatch(ctx, txGraph{tx}, sourceKey, docs, recs, opt)
	}
	mode := bulkWrite
	if opt.DryRun {
		mode = bulkRead
	}
	res, err := s.transact(ctx, mode, work)
	if err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	return res.([]RowResult), nil
}

// mergeGraph is what merging import records needs of a graph: Neo4j inside one transaction
// (txGraph), or the in-memory graph of an initial load (BulkGraph). Both are given the same
// look-ups and the same write plans, so a record merges the same way into either.
type mergeGraph interface {
	// startBatch begins a batch: the import lock, the run's stamp, the batch's documents.
	startBatch(ctx context.Context, sourceKey, runKey string, docs []DocumentRecord) error
	// lookup finds the stored recommendations of identityQuery's values, as
	// lookupRecommendations does: in the order of its parts, then of their values.
	lookup(ctx context.Context, q identityQuery) ([]identityHit, error)
	// write applies a plan (planWrite) stamped with the import run.
	write(ctx context.Context, w recommendationWrite, run any) error
}

// identityQuery holds, for each kind of identity, the values to look up.
type identityQuery struct{ byKey, byUhri, byDoc, byText, byAlias []identityValue }

// identityValue is a value to look up for record i of a wave.
type identityValue struct {
	i int
	v string
}

// params are lookupRecommendations' parameters: each list as {i: record, v: value} maps,
// empty rather than null. Only the statement needs maps; BulkGraph reads the values as they
// are (a map per value cost 1.9 of the hub's 65 CPU-s in an initial load of 270,000 records).
func (q identityQuery) params() map[string]any {
	list := func(l []identityValue) []any {
		out := make([]any, len(l))
		for k, x := range l {
			out[k] = map[string]any{"i": x.i, "v": x.v}
		}
		return out
	}
	return map[string]any{"byKey": list(q.byKey), "byUhri": list(q.byUhri), "byDoc": list(q.byDoc),
		"byText": list(q.byText), "byAlias": list(q.byAlias)}
}

// identityHit is one stored recommendation found for record i.
type identityHit struct {
	i int
	hit
}

// mergeBatch merges one batch into g (see MergeImportBatch).
func mergeBatch(ctx context.Context, g mergeGraph, sourceKey string, docs []DocumentRecord, recs []RecommendationRecord, opt MergeOptions) ([]RowResult, error) {
	if !opt.DryRun {
		if err := g.startBatch(ctx, sourceKey, opt.RunKey, docs); err != nil {
			return nil, err
		}
	}
	results := make([]RowResult, len(recs))
	ids := make([][]string, len(recs)) // each record's aliases, computed once
	for i, r := range recs {
		ids[i] = recommendationAliases(r)
	}
	for _, wave := range mergeWaves(recs, ids) {
		if err := mergeWave(ctx, g, recs, ids, wave, results, opt); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// txGraph is a mergeGraph over one Neo4j transaction.
type txGraph struct{ tx neo4j.ManagedTransaction }

func (g txGraph) exec(ctx context.Context, cypher string, params map[string]any) error {
	res, err := g.tx.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func (g txGraph) startBatch(ctx context.Context, sourceKey, runKey string, docs []DocumentRecord) error {
	return startBatch(ctx, g.tx, sourceKey, runKey, docs)
}

func (g txGraph) lookup(ctx context.Context, q identityQuery) ([]identityHit, error) {
	res, err := g.tx.Run(ctx, lookupRecommendations, q.params())
	if err != nil {
		return nil, err
	}
	found, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	hits := make([]identityHit, len(found))
	for k, f := range found {
		hits[k] = identityHit{intOf(f, "i"), hit{strOf(f, "via"), mapOf(f, "rec")}}
	}
	return hits, nil
}

func (g txGraph) write(ctx context.Context, w recommendationWrite, run any) error {
	if len(w.rows) == 0 {
		return nil
	}
	if len(w.drop) > 0 {
		if err := g.exec(ctx, dropRecommendationLinks, map[string]any{"keys": w.drop}); err != nil {
			return err
		}
	}
	if err := g.exec(ctx, writeRecommendationRows, map[string]any{"rows": w.rows, "run": run}); err != nil {
		return err
	}
	if len(w.aliases) > 0 {
		if err := g.exec(ctx, writeAliases, map[string]any{"pairs": w.aliases}); err != nil {
			return fmt.Errorf("aliases: %w", err)
		}
	}
	return nil
}

// startBatch takes the import lock, stamps the run with the time of this batch (see
// staleRun) and merges the batch's documents, in one statement.
//
// The lock makes import batches run one at a time. Two imports at once (two operators, or
// test binaries seeding one database) would each look up a recommendation, find nothing or an
// unlinked node, and each write its links: MERGE does not make a relationship unique across
// concurrent transactions, so a recommendation got its State twice. The batch holds the lock
// node's write lock (taken first, by the SET) until it commits; the next batch then sees what
// it wrote.
func startBatch(ctx context.Context, tx neo4j.ManagedTransaction, sourceKey, runKey string, docs []DocumentRecord) error {
	rows := make([]any, len(docs))
	for i, d := range docs {
		rows[i] = map[string]any{"key": d.Key, "symbol": d.Symbol, "title": d.Title, "type": d.Type, "year": d.Year}
	}
	r, err := tx.Run(ctx, startBatchStatement, map[string]any{"docs": rows, "source": sourceKey, "run": runKey})
	if err != nil {
		return err
	}
	recs, err := r.Collect(ctx)
	if err == nil && len(recs) == 0 {
		return fmt.Errorf("the import lock node is missing: every hub command prepares the graph (Store.Migrate) first")
	}
	return err
}

const startBatchStatement = `MATCH (l:ImportLock {key: 'recommendations'}) SET l.heldAt = timestamp()
WITH l
CALL () {
  OPTIONAL MATCH (run:ImportRun {key: $run})
  SET run.lastBatchAt = localdatetime({timezone: 'UTC'})
}
CALL () {
  UNWIND $docs AS x
  MERGE (d:Document {key: x.key})
  ON CREATE SET d:Entity, d.uid = 'Document:' + x.key, d.symbol = x.symbol, d.title = x.title, d.type = x.type, d.year = x.year
  WITH d MATCH (src:Source {key: $source}) MERGE (d)-[:SOURCED_FROM]->(src)
}
RETURN true AS locked`

// mergeWaves splits a batch into waves in which no two records share an identity: records
// linked by shared aliases (directly or through others) form a group, and the n-th record
// of each group goes to wave n. Each wave is looked up and written before the next.
func mergeWaves(recs []RecommendationRecord, ids [][]string) [][]int {
	parent := make([]int, len(recs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := make(map[string]int, 4*len(recs))
	for i, r := range recs {
		for _, a := range append(slices.Clone(ids[i]), "key:"+r.Key) {
			j, ok := owner[a]
			switch {
			case !ok:
				owner[a] = i
			case !distinctRecords(recs[j], r):
				parent[find(i)] = find(j)
			}
		}
	}
	rank := make(map[int]int, len(recs))
	var waves [][]int
	for i := range recs {
		g := find(i)
		w := rank[g]
		rank[g]++
		if w == len(waves) {
			waves = append(waves, nil)
		}
		waves[w] = append(waves[w], i)
	}
	return waves
}

// lookupRecommendations finds, for each record, the stored recommendations it is, by key
// and by identity (flat index seeks, one list per kind: {i: record, v: value}), with
// everything a merge compares. Alias nodes are sought only if the graph holds any (a count
// kept by Neo4j, read in constant time): a graph of one source has none, and the seeks would
// be three of a record's seven.
const lookupRecommendations = `UNWIND $byKey AS x
MATCH (n:Recommendation {key: x.v}) USING INDEX n:Recommendation(key)
RETURN x.i AS i, 'key:' + x.v AS via, ` + storedProjection + ` AS rec
UNION ALL
UNWIND $byUhri AS x
MATCH (n:Recommendation {uhriAnnotationId: x.v}) USING INDEX n:Recommendation(uhriAnnotationId)
RETURN x.i AS i, 'uhri:' + toLower(x.v) AS via, ` + storedProjection + ` AS rec
UNION ALL
UNWIND $byDoc AS x
MATCH (n:Recommendation {idDoc: x.v}) USING INDEX n:Recommendation(idDoc)
RETURN x.i AS i, x.v AS via, ` + storedProjection + ` AS rec
UNION ALL
UNWIND $byText AS x
MATCH (n:Recommendation {idText: x.v}) USING INDEX n:Recommendation(idText)
RETURN x.i AS i, x.v AS via, ` + storedProjection + ` AS rec
UNION ALL
CALL () { MATCH (a:RecommendationAlias) RETURN count(a) > 0 AS anyAlias }
UNWIND CASE WHEN anyAlias THEN $byAlias ELSE [] END AS x
MATCH (al:RecommendationAlias {key: x.v}) USING INDEX al:RecommendationAlias(key)
MATCH (al)-[:IDENTIFIES]->(n:Recommendation)
RETURN x.i AS i, x.v AS via, ` + storedProjection + ` AS rec`

// storedProjection is what a merge reads of a stored recommendation n.
const storedProjection = `n{.*,
  states: [(n)-[:ADDRESSED_TO]->(t) | t.code],
  recStates: [(n)-[:RECOMMENDED_BY]->(t) | t.code],
  themes: [(n)-[:HAS_THEME]->(t) | t.key],
  groups: [(n)-[:CONCERNS_GROUP]->(t) | t.key],
  sdgs: [(n)-[:LINKED_TO_SDG]->(t) | t.code],
  sources: [(n)-[:SOURCED_FROM]->(t) | t.key],
  aliases: [n.idDoc, n.idText] + [(a:RecommendationAlias)-[:IDENTIFIES]->(n) | a.key]}`

func mergeWave(ctx context.Context, g mergeGraph, recs []RecommendationRecord, ids [][]string, wave []int, results []RowResult, opt MergeOptions) error {
	var q identityQuery
	add := func(list *[]identityValue, i int, v string) { *list = append(*list, identityValue{i, v}) }
	for _, i := range wave {
		add(&q.byKey, i, recs[i].Key)
		if id := recs[i].UhriAnnotationID; id != nil {
			add(&q.byUhri, i, *id)
		}
		for _, a := range ids[i] {
			switch {
			case strings.HasPrefix(a, "doc:"):
				add(&q.byDoc, i, a)
			case strings.HasPrefix(a, "text:"):
				add(&q.byText, i, a)
			}
			add(&q.byAlias, i, a)
		}
	}
	found, err := g.lookup(ctx, q)
	if err != nil {
		return err
	}
	hits := map[int][]hit{}
	for _, f := range found {
		hits[f.i] = append(hits[f.i], f.hit)
	}
	var write []RecommendationRecord
	var replaced []string // keys of stored recommendations that records distinct from them overwrite
	outcomes := make(map[string]string, len(wave))
	for _, i := range wave {
		in, aliases := recs[i], ids[i]
		var r RowResult
		// The stored recommendation: the one found by key, else by the strongest alias.
		var stored map[string]any
		var taken map[string]string // alias → key of the recommendation it names (none without hits)
		if len(hits[i]) > 0 {
			taken = make(map[string]string, len(hits[i]))
		}
		rank := len(aliases) + 1
		for _, h := range hits[i] {
			taken[h.via] = str(h.rec, "key")
			if k := slices.Index(aliases, h.via); k < rank && !distinct(h.rec, in) {
				rank, stored = k, h.rec
			}
		}
		var out RecommendationRecord
		if stored == nil {
			r.Outcome, r.Key, out = "created", in.Key, in
			// The record's key already names another recommendation (a file's explicit key
			// reused for another paragraph or UHRI annotation): the record is written under
			// that key, so say so, and replace the other's links rather than add to them
			// (links kept would contradict the node, and ADDRESSED_TO's page keys with it).
			if other := keyHit(hits[i], in.Key); other != nil {
				r.Conflicts = append(r.Conflicts, Conflict{Field: "key", Stored: describeStored(other), Incoming: describeRecord(in)})
				replaced = append(replaced, in.Key)
			}
		} else {
			r.Key = str(stored, "key")
			old := storedRecord(stored)
			var changed bool
			out, r.Conflicts, changed = mergeRecord(old, in, opt.Overwrite)
			for _, h := range hits[i] {
				if key := str(h.rec, "key"); key != r.Key && !distinct(h.rec, in) {
					r.Conflicts = append(r.Conflicts, Conflict{Field: "identity", Stored: r.Key, Incoming: key + " (" + h.via + ")"})
				}
			}
			have := map[string]bool{}
			for _, a := range strList(stored, "aliases") {
				have[a] = true
			}
			for _, a := range aliases {
				if !have[a] && taken[a] == "" {
					changed = true
				}
			}
			r.Outcome = "unchanged"
			if changed {
				r.Outcome = "updated"
			}
		}
		results[i] = r
		if r.Outcome == "unchanged" {
			continue
		}
		// The record's own aliases are kept too (the stored text's alias is the stored
		// record's; a file that wrote it otherwise adds its own).
		out.Aliases = aliases
		write = append(write, out)
		outcomes[r.Key] = r.Outcome
	}
	if opt.DryRun || len(write) == 0 {
		return nil
	}
	_, w, err := planWrite(write, outcomes)
	if err != nil {
		return err
	}
	// Links of a recommendation a record replaces (its key reused) go first, as an updated
	// one's do.
	w.drop = append(replaced, w.drop...)
	return g.write(ctx, w, opt.RunKey)
}

// keyHit is the stored recommendation a look-up found by the record's own key, if any.
func keyHit(hits []hit, key string) map[string]any {
	for _, h := range hits {
		if h.via == "key:"+key {
			return h.rec
		}
	}
	return nil
}

// describeStored and describeRecord name a recommendation by what tells it apart, for a
// conflict line: its UHRI annotation, else its report and paragraph.
func describeStored(m map[string]any) string {
	return describeIdentity(optStr(m, "uhriAnnotationId"), optStr(m, "documentKey"), optStr(m, "paragraph"))
}

func describeRecord(r RecommendationRecord) string {
	return describeIdentity(r.UhriAnnotationID, r.DocumentKey, r.Paragraph)
}

func describeIdentity(uhri, doc, para *string) string {
	if uhri != nil && *uhri != "" {
		return "UHRI " + *uhri
	}
	if doc != nil && para != nil {
		return *doc + " ¶" + *para
	}
	return "(no UHRI id, report or paragraph)"
}

// distinct tells a stored recommendation from a record that shares a weaker alias with it
// but is another recommendation by a stronger identity: another UHRI annotation, or another
// paragraph of a report (a treaty body's paragraph may hold several UHRI annotations, and a
// report may ask the same of a State twice).
func distinct(stored map[string]any, in RecommendationRecord) bool {
	if id := str(stored, "uhriAnnotationId"); id != "" && in.UhriAnnotationID != nil && !strings.EqualFold(id, *in.UhriAnnotationID) {
		return true
	}
	doc, para := str(stored, "documentKey"), str(stored, "paragraph")
	return doc != "" && para != "" && in.DocumentKey != nil && in.Paragraph != nil &&
		(doc != *in.DocumentKey || para != *in.Paragraph)
}

// distinctRecords is distinct for two records of one batch.
func distinctRecords(a, b RecommendationRecord) bool {
	m := map[string]any{}
	if a.UhriAnnotationID != nil {
		m["uhriAnnotationId"] = *a.UhriAnnotationID
	}
	if a.DocumentKey != nil && a.Paragraph != nil {
		m["documentKey"], m["paragraph"] = *a.DocumentKey, *a.Paragraph
	}
	return distinct(m, b)
}

// storedRecord turns a stored recommendation (its properties and link lists) back into a
// record.
func storedRecord(m map[string]any) RecommendationRecord {
	d := decodeRecommendation(m)
	r := RecommendationRecord{
		Key: d.Key, Texts: d.Texts, Paragraph: d.Paragraph, Type: d.Type, PublishedOn: d.PublishedOn, Year: d.Year,
		UprCycle: d.UprCycle, UprSession: d.UprSession, UhriAnnotationID: d.UhriAnnotationID, DocumentKey: d.DocumentKey,
		Position:   d.Position,
		StateCodes: strList(m, "states"), RecommendingStateCodes: strList(m, "recStates"), ThemeKeys: strList(m, "themes"),
		AffectedGroupKeys: strList(m, "groups"), SdgCodes: strList(m, "sdgs"), SourceKeys: strList(m, "sources"),
	}
	if k := str(m, "mechanismKey"); k != "" {
		r.Mechanism = &domain.Mechanism{Key: k, Code: str(m, "mechanismCode"), Kind: domain.MechanismKind(str(m, "mechanismKind"))}
	}
	return r
}

// mergeRecord adds in to old: link lists are united, empty properties filled, differing ones
// reported (and taken from in when overwrite). It says whether anything changed.
func mergeRecord(old, in RecommendationRecord, overwrite bool) (RecommendationRecord, []Conflict, bool) {
	out := old
	out.Texts = maps.Clone(old.Texts)
	if out.Texts == nil {
		out.Texts = domain.Texts{}
	}
	var conflicts []Conflict
	changed := false
	// scalar merges one property shown as text; set stores the incoming value.
	scalar := func(field string, stored, incoming *string, set func()) {
		switch {
		case incoming == nil || *incoming == "":
		case stored == nil || *stored == "":
			set()
			changed = true
		case *stored != *incoming:
			conflicts = append(conflicts, Conflict{Field: field, Stored: *stored, Incoming: *incoming})
			if overwrite {
				set()
				changed = true
			}
		}
	}
	for _, l := range domain.Languages {
		v, ok := in.Texts[l]
		if !ok || v == "" {
			continue
		}
		o, had := old.Texts[l]
		switch {
		case !had || o == "":
			out.Texts[l] = v
			changed = true
		case domain.NormalizeRecommendationText(o) != domain.NormalizeRecommendationText(v):
			conflicts = append(conflicts, Conflict{Field: "text_" + l.Code(), Stored: o, Incoming: v})
			if overwrite {
				out.Texts[l] = v
				changed = true
			}
		}
	}
	scalar("paragraph", old.Paragraph, in.Paragraph, func() { out.Paragraph = in.Paragraph })
	scalar("year", itoa(old.Year), itoa(in.Year), func() { out.Year = in.Year })
	scalar("uprCycle", itoa(old.UprCycle), itoa(in.UprCycle), func() { out.UprCycle = in.UprCycle })
	scalar("uprSession", itoa(old.UprSession), itoa(in.UprSession), func() { out.UprSession = in.UprSession })
	scalar("publishedOn", dateStr(old.PublishedOn), dateStr(in.PublishedOn), func() { out.PublishedOn = in.PublishedOn })
	scalar("uhriAnnotationId", old.UhriAnnotationID, in.UhriAnnotationID, func() { out.UhriAnnotationID = in.UhriAnnotationID })
	scalar("documentKey", old.DocumentKey, in.DocumentKey, func() { out.DocumentKey = in.DocumentKey })
	scalar("mechanism", mechKey(old.Mechanism), mechKey(in.Mechanism), func() { out.Mechanism = in.Mechanism })
	if in.Type != "" && in.Type != "RECOMMENDATION" || old.Type == "" {
		t, o := string(in.Type), string(old.Type)
		scalar("type", &o, &t, func() { out.Type = in.Type })
	}
	if in.Position != nil {
		scalar("position", posStr(old.Position), posStr(in.Position), func() { out.Position = in.Position })
		if out.Position != nil && old.Position != nil && out.Position.Value == in.Position.Value {
			// Same position: fill what the stored one lacks (label, where it was said).
			p := *out.Position
			fill := func(dst **string, src *string) {
				if *dst == nil && src != nil {
					*dst = src
					changed = true
				}
			}
			fill(&p.Label, in.Position.Label)
			fill(&p.SourceSymbol, in.Position.SourceSymbol)
			fill(&p.SourceParagraph, in.Position.SourceParagraph)
			out.Position = &p
		}
	}
	states := strings.Join(nonNil(old.StateCodes), ",")
	inStates := strings.Join(nonNil(in.StateCodes), ",")
	scalar("stateCodes", &states, &inStates, func() { out.StateCodes = in.StateCodes })
	union := func(dst *[]string, add []string) {
		for _, v := range add {
			if !slices.Contains(*dst, v) {
				*dst = append(slices.Clone(*dst), v)
				changed = true
			}
		}
	}
	union(&out.RecommendingStateCodes, in.RecommendingStateCodes)
	union(&out.ThemeKeys, in.ThemeKeys)
	union(&out.AffectedGroupKeys, in.AffectedGroupKeys)
	union(&out.SdgCodes, in.SdgCodes)
	union(&out.SourceKeys, in.SourceKeys)
	return out, conflicts, changed
}

func itoa(p *int) *string {
	if p == nil {
		return nil
	}
	s := strconv.Itoa(*p)
	return &s
}

func dateStr(d *domain.Date) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

func mechKey(m *domain.Mechanism) *string {
	if m == nil {
		return nil
	}
	return &m.Key
}

func posStr(p *domain.Position) *string {
	if p == nil {
		return nil
	}
	s := string(p.Value)
	return &s
}

// identityVersion marks recommendations whose identity properties (idDoc, idText) are those
// of the current domain.RecommendationAliases; BackfillIdentities brings older ones up to it.
const identityVersion = 1

// BackfillIdentities sets the identity properties of recommendations written before they
// existed (or by an older rule), a batch at a time, so that imports meet them. Idempotent;
// Migrate runs it at every start, where it costs one indexed look when nothing is left.
func (s *Store) BackfillIdentities(ctx context.Context) error {
	for {
		recs, err := s.read(ctx, `MATCH (n:Recommendation) WHERE n.idVersion IS NULL OR n.idVersion < $v
RETURN `+storedProjection+` AS rec LIMIT 2000`, map[string]any{"v": identityVersion})
		if err != nil {
			return fmt.Errorf("backfill identities: %w", err)
		}
		if len(recs) == 0 {
			return nil
		}
		rows := make([]any, 0, len(recs))
		for _, r := range recs {
			m := mapOf(r, "rec")
			row := map[string]any{"key": str(m, "key"), "doc": nil, "text": nil}
			for _, a := range recommendationAliases(storedRecord(m)) {
				switch {
				case strings.HasPrefix(a, "doc:"):
					row["doc"] = a
				case strings.HasPrefix(a, "text:"):
					row["text"] = a
				}
			}
			rows = append(rows, row)
		}
		if _, err := s.write(ctx, `UNWIND $rows AS x MATCH (n:Recommendation {key: x.key})
SET n.idDoc = x.doc, n.idText = x.text, n.idVersion = $v`, map[string]any{"rows": rows, "v": identityVersion}); err != nil {
			return fmt.Errorf("backfill identities: %w", err)
		}
	}
}
