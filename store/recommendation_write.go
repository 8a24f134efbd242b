package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

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
}

// Outcome counts what an upsert did.
type Outcome struct{ Created, Updated, Unchanged int }

// upsertRecommendations MERGEs on the natural key. A record whose content hash equals the
// stored one is left alone (unchanged); otherwise its properties are set and its links are
// replaced, so re-running an import changes nothing and an edited record loses stale links.
const upsertRecommendations = `UNWIND $rows AS x
OPTIONAL MATCH (old:Recommendation {key: x.key})
WITH x, CASE WHEN old IS NULL THEN 'created' WHEN old.contentHash = x.props.contentHash THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (x, outcome) {
  WITH x WHERE outcome <> 'unchanged'
  MERGE (r:Recommendation {key: x.key})
  SET r:Entity, r += x.props, r.uid = 'Recommendation:' + x.key, r.importRun = $run
  WITH r, x
  CALL (r) {
    MATCH (r)-[old:ADDRESSED_TO|RECOMMENDED_BY|ISSUED_BY|IN_DOCUMENT|HAS_THEME|CONCERNS_GROUP|LINKED_TO_SDG|SOURCED_FROM]->()
    DELETE old
  }
  CALL (r, x) { UNWIND x.states AS c MATCH (s:State {code: c}) MERGE (r)-[:ADDRESSED_TO]->(s) }
  CALL (r, x) { UNWIND x.recStates AS c MATCH (s:State {code: c}) MERGE (r)-[:RECOMMENDED_BY]->(s) }
  CALL (r, x) { UNWIND x.themes AS k MATCH (t:Theme {key: k}) MERGE (r)-[:HAS_THEME]->(t) }
  CALL (r, x) { UNWIND x.groups AS k MATCH (g:AffectedGroup {key: k}) MERGE (r)-[:CONCERNS_GROUP]->(g) }
  CALL (r, x) { UNWIND x.sdgs AS c MATCH (t:SdgTarget {code: c}) MERGE (r)-[:LINKED_TO_SDG]->(t) }
  CALL (r, x) { UNWIND x.sdgs AS c MATCH (g:SdgGoal {code: c}) MERGE (r)-[:LINKED_TO_SDG]->(g) }
  CALL (r, x) { UNWIND x.sources AS k MATCH (src:Source {key: k}) MERGE (r)-[:SOURCED_FROM]->(src) }
  CALL (r, x) { MATCH (m:Mechanism {key: x.props.mechanismKey}) MERGE (r)-[:ISSUED_BY]->(m) }
  CALL (r, x) { MATCH (d:Document {key: x.props.documentKey}) MERGE (r)-[:IN_DOCUMENT]->(d) }
}
RETURN outcome, count(*) AS n`

// UpsertRecommendations writes one batch of recommendations in one transaction.
func (s *Store) UpsertRecommendations(ctx context.Context, recs []RecommendationRecord) (Outcome, error) {
	rows, err := recommendationRows(recs)
	if err != nil {
		return Outcome{}, err
	}
	records, err := s.write(ctx, upsertRecommendations, map[string]any{"rows": rows, "run": nil})
	if err != nil {
		return Outcome{}, fmt.Errorf("upsert recommendations: %w", err)
	}
	var o Outcome
	for _, r := range records {
		switch strOf(r, "outcome") {
		case "created":
			o.Created = intOf(r, "n")
		case "updated":
			o.Updated = intOf(r, "n")
		case "unchanged":
			o.Unchanged = intOf(r, "n")
		}
	}
	return o, nil
}

func recommendationRows(recs []RecommendationRecord) ([]any, error) {
	rows := make([]any, len(recs))
	for i, r := range recs {
		props := map[string]any{
			"paragraph": r.Paragraph, "type": string(r.Type), "publishedOn": dateParam(r.PublishedOn),
			"year": r.Year, "uprCycle": r.UprCycle, "uprSession": r.UprSession, "uhriAnnotationId": r.UhriAnnotationID,
			"documentKey": r.DocumentKey, "languages": strs(r.Texts.Available()),
			"mechanismKey": nil, "mechanismCode": nil, "mechanismKind": nil,
			"position": nil, "positionSource": nil, "positionParagraph": nil,
		}
		textParams(r.Texts, "text_", props)
		if m := r.Mechanism; m != nil {
			props["mechanismKey"], props["mechanismCode"], props["mechanismKind"] = m.Key, m.Code, string(m.Kind)
		}
		if p := r.Position; p != nil {
			props["position"], props["positionSource"], props["positionParagraph"] = string(p.Value), p.SourceSymbol, p.SourceParagraph
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
		links := map[string]any{"states": nonNil(r.StateCodes), "recStates": nonNil(r.RecommendingStateCodes),
			"themes": nonNil(r.ThemeKeys), "groups": nonNil(r.AffectedGroupKeys), "sdgs": nonNil(r.SdgCodes), "sources": nonNil(r.SourceKeys)}
		hash, err := contentHash(props, links)
		if err != nil {
			return nil, err
		}
		props["contentHash"] = hash
		row := map[string]any{"key": r.Key, "props": props}
		for k, v := range links {
			row[k] = v
		}
		rows[i] = row
	}
	return rows, nil
}

// contentHash fingerprints everything written for a record, so an unchanged record is
// recognised without comparing property by property.
func contentHash(props map[string]any, links map[string]any) (string, error) {
	plain := map[string]any{"links": links}
	for k, v := range props {
		if d, ok := v.(neo4j.Date); ok {
			v = d.String()
		}
		plain[k] = v
	}
	b, err := json.Marshal(plain) // map keys are sorted, so the hash is stable
	if err != nil {
		return "", fmt.Errorf("hash record: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16]), nil
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

// ClassifyRecommendations tells, without writing, what UpsertRecommendations would do with
// recs: the dry run of an import.
func (s *Store) ClassifyRecommendations(ctx context.Context, recs []RecommendationRecord) (Outcome, error) {
	rows, err := recommendationRows(recs)
	if err != nil {
		return Outcome{}, err
	}
	records, err := s.read(ctx, `UNWIND $rows AS x
OPTIONAL MATCH (old:Recommendation {key: x.key})
RETURN CASE WHEN old IS NULL THEN 'created' WHEN old.contentHash = x.props.contentHash THEN 'unchanged' ELSE 'updated' END AS outcome,
  count(*) AS n`, map[string]any{"rows": rows})
	if err != nil {
		return Outcome{}, fmt.Errorf("classify recommendations: %w", err)
	}
	var o Outcome
	for _, r := range records {
		switch strOf(r, "outcome") {
		case "created":
			o.Created = intOf(r, "n")
		case "updated":
			o.Updated = intOf(r, "n")
		case "unchanged":
			o.Unchanged = intOf(r, "n")
		}
	}
	return o, nil
}

// Add sums two outcomes.
func (o Outcome) Add(p Outcome) Outcome {
	return Outcome{Created: o.Created + p.Created, Updated: o.Updated + p.Updated, Unchanged: o.Unchanged + p.Unchanged}
}
