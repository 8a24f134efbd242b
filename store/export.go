package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// ExportRow is a recommendation with everything linked to it: the record the importer
// writes (so hub-json round-trips) plus labels and provenance for readable exports.
type ExportRow struct {
	Record          RecommendationRecord
	Document        *DocumentRecord
	ThemeLabels     []string
	GroupLabels     []string
	StateNames      []string
	RecommenderName []string
	SourceTitles    []string
	ImportRun       *string
}

const exportBatch = 500

// ExportRecommendations calls fn for every recommendation matching f, in document and
// paragraph order, reading batches of 500 with a keyset cursor so memory stays flat.
func (s *Store) ExportRecommendations(ctx context.Context, f domain.RecommendationFilter, fn func(ExportRow) error) (int, error) {
	params := map[string]any{"limit": exportBatch}
	where := filterWhere(f, params)
	cypher := `MATCH (r:Recommendation) WHERE ` + where + ` AND r.sk_para > $cursor
WITH r ORDER BY r.sk_para LIMIT $limit
RETURN ` + recommendationProjection + ` AS r, r.sk_para AS sortKey, r.importRun AS importRun,
  [(r)-[:ADDRESSED_TO]->(s:State) | [s.code, s.name]] AS states,
  [(r)-[:RECOMMENDED_BY]->(s:State) | [s.code, s.name]] AS recStates,
  [(r)-[:HAS_THEME]->(t:Theme) | [t.key, t.name_en]] AS themes,
  [(r)-[:CONCERNS_GROUP]->(g:AffectedGroup) | [g.key, g.name_en]] AS groups,
  [(r)-[:LINKED_TO_SDG]->(x) | x.code] AS sdgs,
  [(r)-[:SOURCED_FROM]->(src:Source) | [src.key, src.title]] AS sources,
  [(r)-[:ISSUED_BY]->(x:Mechanism) | ` + mechanismProjection + `][0] AS mechanism,
  [(r)-[:IN_DOCUMENT]->(x:Document) | ` + documentProjection + `][0] AS document`
	cursor, n := "", 0
	for {
		params["cursor"] = cursor
		recs, err := s.read(ctx, cypher, params)
		if err != nil {
			return n, fmt.Errorf("export recommendations: %w", err)
		}
		for _, rec := range recs {
			r := decodeRecommendation(mapOf(rec, "r"))
			row := ExportRow{Record: RecommendationRecord{Key: r.Key, Texts: r.Texts, Paragraph: r.Paragraph, Type: r.Type,
				PublishedOn: r.PublishedOn, Year: r.Year, UprCycle: r.UprCycle, UprSession: r.UprSession,
				UhriAnnotationID: r.UhriAnnotationID, DocumentKey: r.DocumentKey, Position: r.Position}}
			if run, ok := mustGet(rec, "importRun").(string); ok {
				row.ImportRun = &run
			}
			row.Record.StateCodes, row.StateNames = pairs(rec, "states")
			row.Record.RecommendingStateCodes, row.RecommenderName = pairs(rec, "recStates")
			row.Record.ThemeKeys, row.ThemeLabels = pairs(rec, "themes")
			row.Record.AffectedGroupKeys, row.GroupLabels = pairs(rec, "groups")
			row.Record.SourceKeys, row.SourceTitles = pairs(rec, "sources")
			for _, x := range listAny(rec, "sdgs") {
				if c, ok := x.(string); ok {
					row.Record.SdgCodes = append(row.Record.SdgCodes, c)
				}
			}
			if m := mapOf(rec, "mechanism"); m != nil {
				row.Record.Mechanism = decodeMechanism(m)
			}
			if m := mapOf(rec, "document"); m != nil {
				d := decodeDocument(m)
				row.Document = &DocumentRecord{Key: d.Key, Symbol: d.Symbol, Title: d.Title, Type: d.Type, Year: d.Year}
			}
			if err := fn(row); err != nil {
				return n, err
			}
			n++
			cursor = strOf(rec, "sortKey")
		}
		if len(recs) < exportBatch {
			return n, nil
		}
	}
}

func mustGet(rec interface{ Get(string) (any, bool) }, k string) any {
	v, _ := rec.Get(k)
	return v
}

func listAny(rec interface{ Get(string) (any, bool) }, k string) []any {
	l, _ := mustGet(rec, k).([]any)
	return l
}

// pairs splits a list of [key, label] pairs, sorted by key for stable output.
func pairs(rec interface{ Get(string) (any, bool) }, k string) (keys, labels []string) {
	for _, x := range sortedPairs(listAny(rec, k)) {
		keys = append(keys, x[0])
		labels = append(labels, x[1])
	}
	return keys, labels
}

func sortedPairs(l []any) [][2]string {
	out := make([][2]string, 0, len(l))
	for _, x := range l {
		p, _ := x.([]any)
		if len(p) != 2 {
			continue
		}
		a, _ := p[0].(string)
		b, _ := p[1].(string)
		out = append(out, [2]string{a, b})
	}
	slices.SortFunc(out, func(x, y [2]string) int { return strings.Compare(x[0], y[0]) })
	return out
}
