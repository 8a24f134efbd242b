package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// RecommendationRecord is a recommendation to write with all its links. References to
// States, themes, groups, SDGs, mechanisms, documents and sources must exist already:
// callers validate them first, so nothing is dropped silently.
type RecommendationRecord struct {
	Key                    string
	Texts                  domain.Texts
	Paragraph              *string
	Type                   domain.RecommendationType
	PublishedOn            *domain.Date
	Year                   *int
	UprCycle               *int
	UprSession             *int
	UhriAnnotationID       *string
	Mechanism              *domain.Mechanism // key, code and kind are denormalised for filtering
	DocumentKey            *string
	Position               *domain.Position
	StateCodes             []string
	RecommendingStateCodes []string
	ThemeKeys              []string
	AffectedGroupKeys      []string
	SdgCodes               []string // targets ("5.2") or goals ("5")
	SourceKeys             []string
	// Aliases are identities to record besides the ones computed from the record itself
	// (domain.RecommendationAliases): those of other sources merged into it.
	Aliases []string
}

// Outcome counts what an upsert did.
type Outcome struct{ Created, Updated, Unchanged int }

// Writing recommendations: a record whose content hash equals the stored one is left alone
// (unchanged); otherwise its properties are set and its links replaced, so re-running an
// import changes nothing and an edited record loses stale links. A batch is written by one
// statement: each record's node is merged and its links created from it while it is bound,
// so no link looks its recommendation up again.

const classifyRecommendations = `UNWIND $rows AS x
OPTIONAL MATCH (old:Recommendation {key: x.key})
RETURN x.key AS key, CASE WHEN old IS NULL THEN 'created' WHEN old.contentHash = x.props.contentHash THEN 'unchanged' ELSE 'updated' END AS outcome`

const dropRecommendationLinks = `UNWIND $keys AS k
MATCH (r:Recommendation {key: k})-[old:ADDRESSED_TO|RECOMMENDED_BY|ISSUED_BY|IN_DOCUMENT|HAS_THEME|CONCERNS_GROUP|LINKED_TO_SDG|SOURCED_FROM]->()
DELETE old`

// recommendationLinks are the links a record gives its recommendation: for each list of a
// row (target keys), the target's label and key property, the relationship and its
// properties. ADDRESSED_TO carries the State's code, the recommendation's mechanism kind and
// its newest-first sort key, under the indexes that page a State's recommendations
// (receivedPageKeys).
var recommendationLinks = []struct{ list, label, key, rel, props string }{
	{"states", "State", "code", "ADDRESSED_TO", receivedPageKeys}, {"recStates", "State", "code", "RECOMMENDED_BY", ""},
	{"themes", "Theme", "key", "HAS_THEME", ""}, {"groups", "AffectedGroup", "key", "CONCERNS_GROUP", ""},
	{"targets", "SdgTarget", "code", "LINKED_TO_SDG", ""}, {"goals", "SdgGoal", "code", "LINKED_TO_SDG", ""},
	{"sources", "Source", "key", "SOURCED_FROM", ""}, {"mechanism", "Mechanism", "key", "ISSUED_BY", ""},
	{"document", "Document", "key", "IN_DOCUMENT", ""},
}

// receivedPageKeys are the properties of an ADDRESSED_TO link written with it (v: the
// State's code, x.props: the recommendation's properties); see received.go.
var receivedPageKeys = " {state: v, kind: " + linkKind("x.props.mechanismKind") + ", sk: x.props.sk_pubdesc}"

// writeRecommendationRows merges each row's recommendation and creates its links (a target
// that does not exist is skipped by MATCH: callers validate references first). Properties are
// set by name, not with SET r += map: a map may hold any key, so Neo4j would have to assume it
// writes the key the MERGE reads and put an Eager (all rows materialised) in between.
var writeRecommendationRows = func() string {
	var b strings.Builder
	b.WriteString("UNWIND $rows AS x\nMERGE (r:Recommendation {key: x.key})\nSET r:Entity, r.uid = 'Recommendation:' + x.key, r.importRun = $run")
	for _, p := range recommendationPropNames {
		fmt.Fprintf(&b, ", r.%s = x.props.%s", p, p)
	}
	b.WriteString("\nWITH r, x")
	for _, l := range recommendationLinks {
		fmt.Fprintf(&b, "\nCALL (r, x) { UNWIND x.%s AS v MATCH (t:%s {%s: v}) CREATE (r)-[:%s%s]->(t) }", l.list, l.label, l.key, l.rel, l.props)
	}
	return b.String()
}()

// recommendationPropNames are the properties recommendationRows gives every row (the same
// for every record; absent values are null, which removes the property).
var recommendationPropNames = func() []string {
	rows, err := recommendationRows([]RecommendationRecord{{}})
	if err != nil {
		panic(err)
	}
	names := slices.Sorted(maps.Keys(rows[0].(map[string]any)["props"].(map[string]any)))
	return names
}()

// writeRecommendations writes recs inside tx and says what it did. run is the import run's
// key (nil outside an import).
func writeRecommendations(ctx context.Context, tx neo4j.ManagedTransaction, recs []RecommendationRecord, run any) (Outcome, error) {
	return writeClassified(ctx, tx, recs, nil, run)
}

// writeClassified is writeRecommendations for records whose outcome (created, updated or
// unchanged, by key) the caller knows already; nil classifies them here.
func writeClassified(ctx context.Context, tx neo4j.ManagedTransaction, recs []RecommendationRecord, outcome map[string]string, run any) (Outcome, error) {
	rows, err := recommendationRows(recs)
	if err != nil || len(rows) == 0 {
		return Outcome{}, err
	}
	if outcome == nil {
		if outcome, err = classifyRows(ctx, tx, rows); err != nil {
			return Outcome{}, err
		}
	}
	o, w := planRows(recs, rows, outcome)
	return o, txGraph{tx}.write(ctx, w, run)
}

// classifyRows says, by key, whether each row's recommendation is new, changed or the same.
func classifyRows(ctx context.Context, tx neo4j.ManagedTransaction, rows []any) (map[string]string, error) {
	res, err := tx.Run(ctx, classifyRecommendations, map[string]any{"rows": rows})
	if err != nil {
		return nil, err
	}
	classified, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	outcome := make(map[string]string, len(classified))
	for _, r := range classified {
		outcome[strOf(r, "key")] = strOf(r, "outcome")
	}
	return outcome, nil
}

// recommendationWrite is what writing a batch of records does to a graph, decided before
// any of it is written, so that Neo4j (txGraph) and the in-memory graph of an initial load
// (BulkGraph) apply one plan.
type recommendationWrite struct {
	drop    []string // recommendations whose links are removed first (updated, or replaced by key)
	rows    []any    // writeRecommendationRows' rows: key, props and the target keys of each link
	aliases []any    // writeAliases' pairs {k: recommendation key, a: alias}
}

// planWrite turns records and their outcomes into the rows to write; unchanged records are
// left out.
func planWrite(recs []RecommendationRecord, outcome map[string]string) (Outcome, recommendationWrite, error) {
	rows, err := recommendationRows(recs)
	if err != nil {
		return Outcome{}, recommendationWrite{}, err
	}
	o, w := planRows(recs, rows, outcome)
	return o, w, nil
}

// planRows is planWrite for records whose rows (recommendationRows) are made already.
func planRows(recs []RecommendationRecord, rows []any, outcome map[string]string) (Outcome, recommendationWrite) {
	var w recommendationWrite
	var o Outcome
	for i, row := range rows {
		key := recs[i].Key
		o.count(outcome[key])
		switch outcome[key] {
		case "unchanged":
			continue
		case "updated":
			w.drop = append(w.drop, key)
		}
		m := row.(map[string]any)
		var goals, targets []string
		for _, c := range m["sdgs"].([]string) {
			if strings.Contains(c, ".") {
				targets = append(targets, c)
			} else {
				goals = append(goals, c)
			}
		}
		props := m["props"].(map[string]any)
		one := func(v any) []string {
			switch v := v.(type) {
			case string:
				if v != "" {
					return []string{v}
				}
			case *string:
				if v != nil && *v != "" {
					return []string{*v}
				}
			}
			return []string{}
		}
		w.rows = append(w.rows, map[string]any{"key": key, "props": props,
			"states": m["states"], "recStates": m["recStates"], "themes": m["themes"], "groups": m["groups"],
			"targets": nonNil(targets), "goals": nonNil(goals), "sources": m["sources"],
			"mechanism": one(props["mechanismKey"]), "document": one(props["documentKey"])})
		for _, a := range m["extraAliases"].([]string) {
			w.aliases = append(w.aliases, map[string]any{"k": key, "a": a})
		}
	}
	return o, w
}

// A recommendation's own identities (domain.RecommendationAliases of its fields) are
// properties under range indexes: idDoc ("doc:…") and idText ("text:…"); its UHRI id is
// uhriAnnotationId and its key is key. Identities that other sources gave it and its own
// fields no longer yield (a CSV's slightly different text, matched through the report
// paragraph) are (:RecommendationAlias {key})-[:IDENTIFIES]->(r) nodes: few, so a new
// record costs no extra node.
//
// writeAliases links each extra alias {k: recommendation key, a: alias} to its
// recommendation, unless the alias already names another one (the merge reports that as a
// conflict).
const writeAliases = `UNWIND $pairs AS p
MATCH (r:Recommendation {key: p.k})
MERGE (a:RecommendationAlias {key: p.a})
WITH a, r WHERE NOT EXISTS { (a)-[:IDENTIFIES]->(other) WHERE other <> r }
MERGE (a)-[:IDENTIFIES]->(r)`

// UpsertRecommendations writes one batch of recommendations in one transaction.
func (s *Store) UpsertRecommendations(ctx context.Context, recs []RecommendationRecord) (Outcome, error) {
	res, err := s.transact(ctx, bulkWrite, func(tx neo4j.ManagedTransaction) (any, error) {
		return writeRecommendations(ctx, tx, recs, nil)
	})
	if err != nil {
		return Outcome{}, fmt.Errorf("upsert recommendations: %w", err)
	}
	return res.(Outcome), nil
}

func recommendationRows(recs []RecommendationRecord) ([]any, error) {
	rows := make([]any, len(recs))
	for i, r := range recs {
		// Sized for every property set below (about 30), so that it never grows: growing it
		// from a literal's size cost about 1 of the merge's 24 CPU-s in an initial load of
		// 270,000 records.
		props := make(map[string]any, 32)
		props["paragraph"], props["type"], props["publishedOn"] = r.Paragraph, string(r.Type), dateParam(r.PublishedOn)
		props["year"], props["uprCycle"], props["uprSession"] = r.Year, r.UprCycle, r.UprSession
		props["uhriAnnotationId"], props["documentKey"], props["languages"] = r.UhriAnnotationID, r.DocumentKey, strs(r.Texts.Available())
		props["mechanismKey"], props["mechanismCode"], props["mechanismKind"] = nil, nil, nil
		props["position"], props["positionLabel"], props["positionSource"], props["positionParagraph"] = nil, nil, nil, nil
		textParams(r.Texts, "text_", props)
		if m := r.Mechanism; m != nil {
			props["mechanismKey"], props["mechanismCode"], props["mechanismKind"] = m.Key, m.Code, string(m.Kind)
		}
		if p := r.Position; p != nil {
			props["position"], props["positionLabel"], props["positionSource"], props["positionParagraph"] = string(p.Value), p.Label, p.SourceSymbol, p.SourceParagraph
		}
		para, doc := "", ""
		if r.Paragraph != nil {
			para = *r.Paragraph
		}
		if r.DocumentKey != nil {
			doc = *r.DocumentKey
		}
		props["sk_para"] = doc + "|" + domain.ParagraphSortKey(para) + "|" + r.Key
		date := "0000-00-00"
		if r.PublishedOn != nil {
			date = r.PublishedOn.String()
		} else if r.Year != nil {
			date = fmt.Sprintf("%04d-00-00", *r.Year)
		}
		props["sk_pub"] = date + "|" + props["sk_para"].(string)
		props["sk_pubdesc"] = invertDate(date) + "|" + props["sk_para"].(string)
		// A State once: a recommendation's links to its States are counted as its recommendations
		// (linkScope.countBody).
		links := map[string]any{"states": uniqueKeys(r.StateCodes), "recStates": nonNil(r.RecommendingStateCodes),
			"themes": nonNil(r.ThemeKeys), "groups": nonNil(r.AffectedGroupKeys), "sdgs": nonNil(r.SdgCodes), "sources": nonNil(r.SourceKeys)}
		hash, err := contentHash(props, links)
		if err != nil {
			return nil, err
		}
		props["contentHash"] = hash
		own := recommendationAliases(r)
		props["idDoc"], props["idText"], props["idVersion"] = nil, nil, identityVersion
		for _, a := range own {
			switch {
			case strings.HasPrefix(a, "doc:"):
				props["idDoc"] = a
			case strings.HasPrefix(a, "text:"):
				props["idText"] = a
			}
		}
		extra := []string{}
		for _, a := range r.Aliases {
			if !slices.Contains(own, a) && !slices.Contains(extra, a) {
				extra = append(extra, a)
			}
		}
		row := make(map[string]any, 3+len(links))
		row["key"], row["props"], row["extraAliases"] = r.Key, props, extra
		for k, v := range links {
			row[k] = v
		}
		rows[i] = row
	}
	return rows, nil
}

// contentHash fingerprints everything written for a record, so an unchanged record is
// recognised without comparing property by property. The fingerprint is that of the record's
// JSON as encoding/json writes it (props, dates as strings, and links under "links", keys
// sorted), which stored hashes were made from; appendJSON writes the same bytes without
// reflection (a seventh of the importer's CPU went to json.Marshal), here straight from
// props rather than from a copy with links added (the copy, and sorting its keys through an
// iterator, cost 1.5 of the merge's 24 CPU-s in an initial load of 270,000 records).
func contentHash(props map[string]any, links map[string]any) (string, error) {
	if _, clash := props["links"]; clash {
		return "", fmt.Errorf("hash record: a property named links")
	}
	keys := make([]string, 0, len(props)+1)
	for k := range props {
		keys = append(keys, k)
	}
	keys = append(keys, "links")
	slices.Sort(keys)
	b := append(make([]byte, 0, 2048), '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendJSONString(b, k); err != nil {
			return "", fmt.Errorf("hash record: %w", err)
		}
		b = append(b, ':')
		var v any = links
		if k != "links" {
			v = props[k]
			if d, ok := v.(neo4j.Date); ok {
				v = d.String()
			}
		}
		if b, err = appendJSON(b, v); err != nil {
			return "", fmt.Errorf("hash record: %w", err)
		}
	}
	sum := sha256.Sum256(append(b, '}'))
	return hex.EncodeToString(sum[:16]), nil
}

// appendJSON appends v as json.Marshal writes it, for the value types of a recommendation
// row; other types, and strings that need escaping, are left to json.Marshal itself.
func appendJSON(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, v)
	case *string:
		if v == nil {
			return append(b, "null"...), nil
		}
		return appendJSONString(b, *v)
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case *int:
		if v == nil {
			return append(b, "null"...), nil
		}
		return strconv.AppendInt(b, int64(*v), 10), nil
	case []string:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSONString(b, s); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '{')
		for i, k := range slices.Sorted(maps.Keys(v)) {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSONString(b, k); err != nil {
				return nil, err
			}
			b = append(b, ':')
			if b, err = appendJSON(b, v[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	}
	j, err := json.Marshal(v)
	return append(b, j...), err
}

// appendJSONString writes printable ASCII without escapes as json.Marshal does, and leaves
// any other string (control characters, quotes, backslashes, <, >, &, non-ASCII) to it.
func appendJSONString(b []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, err := json.Marshal(s)
			return append(b, j...), err
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// invertDate maps YYYY-MM-DD to a string that sorts in the opposite order.
func invertDate(d string) string {
	out := []byte(d)
	for i, c := range out {
		if c >= '0' && c <= '9' {
			out[i] = '9' - (c - '0')
		}
	}
	return string(out)
}

// nonNil returns a sorted copy (never nil): link lists are sets, and a stable order keeps
// the content hash the same whatever order a file lists them in.
func nonNil(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return slices.Compact(out)
}

// count adds one record with the given outcome.
func (o *Outcome) count(outcome string) {
	switch outcome {
	case "created":
		o.Created++
	case "updated":
		o.Updated++
	default:
		o.Unchanged++
	}
}

// Add sums two outcomes.
func (o Outcome) Add(p Outcome) Outcome {
	return Outcome{Created: o.Created + p.Created, Updated: o.Updated + p.Updated, Unchanged: o.Unchanged + p.Unchanged}
}
