package store

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nmirf-hub/hub/domain"
)

// Full-text search: one Neo4j full-text index per language property, each with the Lucene
// analyzer of its language (stemming, stop words), so a plural finds the singular.

// analyzers maps languages to Lucene analyzers available in Neo4j 5.
var analyzers = map[domain.Language]string{
	"EN": "english", "ES": "spanish", "FR": "french", "AR": "arabic", "RU": "russian", "ZH": "cjk", "PT": "portuguese",
}

// SearchType is what a search may return.
type SearchType string

// The searchable types.
const (
	SearchRecommendation SearchType = "RECOMMENDATION"
	SearchGoodPractice   SearchType = "GOOD_PRACTICE"
	SearchNMIRF          SearchType = "NMIRF"
	SearchState          SearchType = "STATE"
)

// SearchTypes lists them.
var SearchTypes = []SearchType{SearchRecommendation, SearchGoodPractice, SearchNMIRF, SearchState}

// indexName names the full-text index of a type in a language; NMIRF and State names are
// indexed once, with the standard analyzer (names are not inflected).
func indexName(t SearchType, lang domain.Language) string {
	switch t {
	case SearchRecommendation:
		return "ft_recommendation_" + lang.Code()
	case SearchGoodPractice:
		return "ft_practice_" + lang.Code()
	case SearchNMIRF:
		return "ft_nmirf"
	}
	return "ft_state"
}

// searchIndexStatements create the full-text indexes (IF NOT EXISTS).
func searchIndexStatements() []string {
	var out []string
	for _, lang := range domain.Languages {
		a, c := analyzers[lang], lang.Code()
		out = append(out,
			fmt.Sprintf("CREATE FULLTEXT INDEX ft_recommendation_%s IF NOT EXISTS FOR (n:Recommendation) ON EACH [n.text_%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", c, c, a),
			fmt.Sprintf("CREATE FULLTEXT INDEX ft_practice_%s IF NOT EXISTS FOR (n:GoodPractice) ON EACH [n.title_%s, n.summary_%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", c, c, c, a))
	}
	return append(out,
		"CREATE FULLTEXT INDEX ft_nmirf IF NOT EXISTS FOR (n:NMIRF) ON EACH [n.name, n.acronym, n.mandate, n.trackingTool] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}",
		"CREATE FULLTEXT INDEX ft_state IF NOT EXISTS FOR (n:State) ON EACH [n.name, n.code] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}")
}

// SearchHit is one match.
type SearchHit struct {
	Type  SearchType
	UID   string
	Score float64
	// Fields holds the indexed properties of the node, for snippets and "matched" fields.
	Fields map[string]string
	// Recommendation is the whole hit when it is a recommendation, read by the same query so
	// that resolving the hit's node costs no second round trip.
	Recommendation *domain.Recommendation
}

// MaxSearchHits bounds how deep a search can page: the best 1,000 matches per type.
const MaxSearchHits = 1000

// Search runs a Lucene query (already sanitised by LuceneQuery) over the types' indexes in
// lang, merges the hits by score, and returns those after the cursor (score, uid). The
// recommendation filter narrows recommendation hits.
func (s *Store) Search(ctx context.Context, query string, lang domain.Language, types []SearchType,
	f domain.RecommendationFilter, afterScore *float64, afterUID string, limit int) ([]SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, nil
	}
	params := map[string]any{"q": query, "cap": MaxSearchHits, "limit": limit, "afterScore": nil, "afterUid": afterUID}
	if afterScore != nil {
		params["afterScore"] = *afterScore
	}
	where := filterWhere(f, params)
	var parts []string
	for _, t := range types {
		idx := indexName(t, lang)
		switch t {
		case SearchRecommendation:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('`+idx+`', $q, {limit: $cap}) YIELD node AS r, score
WITH r, score WHERE `+where+` RETURN 'RECOMMENDATION' AS type, r.uid AS uid, score, r{.text_`+lang.Code()+`} AS fields, r AS node`)
		case SearchGoodPractice:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('`+idx+`', $q, {limit: $cap}) YIELD node, score
WITH node, score WHERE node.status = 'PUBLISHED'
RETURN 'GOOD_PRACTICE' AS type, node.uid AS uid, score, node{.title_`+lang.Code()+`, .summary_`+lang.Code()+`} AS fields, node`)
		case SearchNMIRF:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('`+idx+`', $q, {limit: $cap}) YIELD node, score
RETURN 'NMIRF' AS type, node.uid AS uid, score, node{.name, .acronym, .mandate, .trackingTool} AS fields, node`)
		case SearchState:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('`+idx+`', $q, {limit: $cap}) YIELD node, score
RETURN 'STATE' AS type, node.uid AS uid, score, node{.name, .code} AS fields, node`)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	// Recommendations are projected whole only for the page's hits, after the LIMIT.
	cypher := `CALL () { ` + strings.Join(parts, "\nUNION ALL\n") + ` }
WITH type, uid, score, fields, node
WHERE $afterScore IS NULL OR score < $afterScore OR (score = $afterScore AND uid > $afterUid)
WITH type, uid, score, fields, node AS r ORDER BY score DESC, uid LIMIT $limit
RETURN type, uid, score, fields, CASE WHEN type = 'RECOMMENDATION' THEN ` + recommendationProjection + ` END AS rec`
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]SearchHit, len(recs))
	for i, r := range recs {
		v, _ := r.Get("score")
		score, _ := v.(float64)
		fields := map[string]string{}
		for k, x := range mapOf(r, "fields") {
			if str, ok := x.(string); ok && str != "" {
				fields[k] = str
			}
		}
		out[i] = SearchHit{Type: SearchType(strOf(r, "type")), UID: strOf(r, "uid"), Score: score, Fields: fields}
		if rec := mapOf(r, "rec"); rec != nil {
			out[i].Recommendation = decodeRecommendation(rec)
		}
	}
	return out, nil
}

// LuceneQuery turns user text into a safe Lucene query: words, "quoted phrases" and the
// operators AND, OR, NOT (and a leading -) keep their meaning; every other character Lucene
// treats as syntax is escaped, so no input can make the query fail or reach other fields.
func LuceneQuery(in string) string {
	if strings.Count(in, `"`)%2 == 1 { // an unbalanced quote would be a syntax error
		in = strings.ReplaceAll(in, `"`, " ")
	}
	var b strings.Builder
	words := strings.FieldsFunc(in, func(r rune) bool { return unicode.IsSpace(r) })
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if w == "AND" || w == "OR" || w == "NOT" {
			if i == 0 || i == len(words)-1 { // a dangling operator is a syntax error
				continue
			}
			b.WriteString(w)
			continue
		}
		for j, r := range w {
			switch {
			case r == '"':
				b.WriteRune(r)
			case r == '-' && j == 0 && len(w) > 1:
				b.WriteRune(r)
			case strings.ContainsRune(`+-&|!(){}[]^~*?:\/`, r):
				b.WriteByte('\\')
				b.WriteRune(r)
			default:
				b.WriteRune(r)
			}
		}
	}
	return strings.TrimSpace(b.String())
}

func (e SearchType) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(e))) }
func (e *SearchType) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !slices.Contains(SearchTypes, SearchType(s)) {
		return fmt.Errorf("%v is not a valid SearchType", v)
	}
	*e = SearchType(s)
	return nil
}
