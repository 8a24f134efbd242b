package store

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nmirf-hub/hub/apperr"
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
	SearchTheme          SearchType = "THEME"
	SearchAffectedGroup  SearchType = "AFFECTED_GROUP"
	SearchMechanism      SearchType = "MECHANISM"
	SearchSource         SearchType = "SOURCE"
)

// SearchTypes lists them.
var SearchTypes = []SearchType{SearchRecommendation, SearchGoodPractice, SearchNMIRF, SearchState, SearchTheme,
	SearchAffectedGroup, SearchMechanism, SearchSource}

// namedTypes are the types found by their names, in every language at once: whatever
// language the query is in, `Marruecos`, `المغرب` and `摩洛哥` find Morocco. Each maps to
// its node label.
var namedTypes = map[SearchType]string{SearchState: "State", SearchNMIRF: "NMIRF", SearchTheme: "Theme",
	SearchAffectedGroup: "AffectedGroup", SearchMechanism: "Mechanism"}

// recommendationIndex is the full-text index of recommendation texts in lang.
func recommendationIndex(lang domain.Language) string { return "ft_recommendation_" + lang.Code() }

// nameIndexes are the indexes of names, one per language with that language's analyzer
// (Arabic normalisation, CJK bigrams, Russian stemming, …). English also covers the plain
// `name` property (a State's or an NMIRF's primary name). ft_state and ft_nmirf add codes,
// acronyms, mandates and tools.
func nameIndexes() []string {
	out := make([]string, 0, len(domain.Languages)+2)
	for _, l := range domain.Languages {
		out = append(out, "ft_names_"+l.Code())
	}
	return append(out, "ft_state", "ft_nmirf")
}

// searchIndexStatements create the full-text indexes (IF NOT EXISTS).
func searchIndexStatements() []string {
	var out []string
	for _, lang := range domain.Languages {
		a, c := analyzers[lang], lang.Code()
		out = append(out,
			fmt.Sprintf("CREATE FULLTEXT INDEX ft_recommendation_%s IF NOT EXISTS FOR (n:Recommendation) ON EACH [n.text_%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", c, c, a),
			fmt.Sprintf("CREATE FULLTEXT INDEX ft_source_%s IF NOT EXISTS FOR (n:Source) ON EACH [n.text_%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", c, c, a),
			fmt.Sprintf("CREATE FULLTEXT INDEX ft_practice_%s IF NOT EXISTS FOR (n:GoodPractice) ON EACH [n.title_%s, n.summary_%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", c, c, c, a))
	}
	for _, lang := range domain.Languages {
		a, c := analyzers[lang], lang.Code()
		props := "n.name_" + c
		if lang == "EN" {
			props += ", n.name"
		}
		out = append(out, fmt.Sprintf("CREATE FULLTEXT INDEX ft_names_%s IF NOT EXISTS FOR (n:State|NMIRF|Theme|AffectedGroup|Mechanism) ON EACH [%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", c, props, a))
	}
	return append(out,
		"CREATE FULLTEXT INDEX ft_nmirf IF NOT EXISTS FOR (n:NMIRF) ON EACH [n.name, n.acronym, n.mandate, n.trackingTool] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}",
		"CREATE FULLTEXT INDEX ft_state IF NOT EXISTS FOR (n:State) ON EACH [n.name, n.code] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}")
}

// ExactNameBonus is added to the score of a node one of whose names is the query.
const ExactNameBonus = 1000.0

// namesPart finds named nodes through every name index: a node found by several keeps its
// best score; drafts and archived NMIRFs stay hidden from who may not see them. The fields
// (for snippets and matchedFields) are the node's names, code, acronym, and an NMIRF's
// mandate and tool, which ft_nmirf also searches.
var namesPart = `UNWIND $nameIndexes AS idx
CALL db.index.fulltext.queryNodes(idx, $q, {limit: $cap}) YIELD node, score
WITH node, max(score) AS score
WITH node, score, [l IN labels(node) WHERE l IN $labels][0] AS label
WHERE label IS NOT NULL AND ` + visibleNode("node") + `
WITH node, label, score, node{.name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .code, .acronym, .mandate, .trackingTool} AS fields
WITH node, label, fields, score + CASE WHEN any(k IN keys(fields) WHERE toLower(toString(fields[k])) = $exact) THEN $bonus ELSE 0 END AS score
RETURN CASE label WHEN 'State' THEN 'STATE' WHEN 'AffectedGroup' THEN 'AFFECTED_GROUP' ELSE toUpper(label) END AS type,
  node.uid AS uid, score, fields, node`

// SearchHit is one match.
type SearchHit struct {
	Type  SearchType
	UID   string
	Score float64
	// Fields holds the indexed properties of the node, for snippets and "matched" fields; for
	// a recommendation, a source or a good practice, only when the search read texts.
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
//
// Names rank by the best score any language's index gives them, plus ExactNameBonus when one
// of the node's names (or its code or acronym) is the query itself, so that an exact name
// comes first ("Morocco" finds the State before the recommendations that mention it).
//
// texts says whether to read the indexed texts of recommendations, sources and good practices
// into the hits' Fields: a caller that shows no snippet and no matched fields leaves them
// out, so that up to MaxSearchHits texts per type are not read and sent for nothing.
func (s *Store) Search(ctx context.Context, query, exact string, lang domain.Language, types []SearchType,
	f domain.RecommendationFilter, afterScore *float64, afterUID string, limit int, shapes Shapes, texts bool) ([]SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, nil
	}
	if err := CheckLuceneQuery(query); err != nil {
		return nil, err
	}
	parts, params := searchParts(ctx, query, exact, lang, types, f, texts)
	if len(parts) == 0 {
		return nil, nil
	}
	recText := "null"
	if texts {
		recText = "r{.text_" + lang.Code() + "}"
	}
	params["limit"], params["afterScore"], params["afterUid"] = limit, nil, afterUID
	if afterScore != nil {
		params["afterScore"] = *afterScore
	}
	// Recommendations are projected (as shapes ask) and their text read for the snippet only
	// for the page's hits, after the LIMIT: not for the hits the ranking reads past.
	cypher := `CALL () { ` + strings.Join(parts, "\nUNION ALL\n") + ` }
WITH collect({type: type, uid: uid, score: score, fields: fields, node: node}) AS hits
WITH hits, [h IN hits WHERE h.type = 'RECOMMENDATION' | h.score] AS recScores
CALL (hits) {
  UNWIND hits AS h
  WITH h WHERE $afterScore IS NULL OR h.score < $afterScore OR (h.score = $afterScore AND h.uid > $afterUid)
  WITH h ORDER BY h.score DESC, h.uid LIMIT $limit
  WITH h, h.node AS r
  RETURN collect({type: h.type, uid: h.uid, score: h.score,
    fields: CASE WHEN h.type = 'RECOMMENDATION' THEN ` + recText + ` ELSE h.fields END,
    rec: CASE WHEN h.type = 'RECOMMENDATION' THEN ` + recommendationParts.in(shapes) + ` END}) AS page
}
RETURN page, size(recScores) AS recN, reduce(low = null, x IN recScores | CASE WHEN low IS NULL OR x < low THEN x ELSE low END) AS recLow`
	// Without a filter, the recommendation index is asked only for as many hits as the page
	// can need, doubling while the page might miss some (see exactPage); with one, filtered
	// hits come after the index's answer, so it is asked for its MaxSearchHits best.
	adaptive := filterIsEmpty(f)
	recCap := MaxSearchHits
	if adaptive {
		recCap = min(MaxSearchHits, max(4*limit, 40))
	}
	for {
		params["recCap"] = recCap
		recs, err := s.readOne(ctx, cypher, params, []string{"page", "recN", "recLow"})
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("search: %d rows", len(recs))
		}
		out := decodeHits(listOfMaps(recs[0], "page"))
		v, _ := recs[0].Get("recLow")
		low, _ := v.(float64)
		if recCap >= MaxSearchHits || exactPage(out, limit, intOf(recs[0], "recN") < recCap, low) {
			return out, nil
		}
		recCap = min(MaxSearchHits, recCap*4)
	}
}

// exactPage says whether a page built from the recommendation index's best hits (the
// lowest of which scored low) is the page the whole index would give: the index gave all
// its hits (complete), or the page is full and every hit left out scores strictly below the
// page's last (a tie at the boundary could hide a hit that sorts before it by uid).
func exactPage(page []SearchHit, limit int, complete bool, low float64) bool {
	if complete {
		return true
	}
	return len(page) == limit && low < page[len(page)-1].Score
}

func decodeHits(rows []map[string]any) []SearchHit {
	out := make([]SearchHit, len(rows))
	for i, r := range rows {
		score, _ := r["score"].(float64)
		fields := map[string]string{}
		if m, ok := r["fields"].(map[string]any); ok {
			for k, x := range m {
				if str, ok := x.(string); ok && str != "" {
					fields[k] = str
				}
			}
		}
		out[i] = SearchHit{Type: SearchType(str(r, "type")), UID: str(r, "uid"), Score: score, Fields: fields}
		if rec, ok := r["rec"].(map[string]any); ok && rec != nil {
			out[i].Recommendation = decodeRecommendation(rec)
		}
	}
	return out
}

// filterIsEmpty says whether f restricts nothing.
func filterIsEmpty(f domain.RecommendationFilter) bool {
	return len(filterWhere(f, map[string]any{})) == len("true")
}

// searchParts builds one subquery per searched type (the named types share one), each
// returning type, uid, score, fields and node, with their parameters. Without texts, sources
// and good practices return no fields (names always do: the exact-name bonus reads them).
func searchParts(ctx context.Context, query, exact string, lang domain.Language, types []SearchType, f domain.RecommendationFilter, texts bool) ([]string, map[string]any) {
	params := map[string]any{"q": query, "cap": MaxSearchHits, "recCap": MaxSearchHits,
		"exact": strings.ToLower(strings.TrimSpace(exact)), "bonus": ExactNameBonus, "nameIndexes": nameIndexes()}
	visibility(ctx, params)
	where := filterWhere(f, params)
	var parts []string
	var labels []string
	for _, t := range types {
		if label, ok := namedTypes[t]; ok {
			labels = append(labels, label)
		}
	}
	if len(labels) > 0 {
		params["labels"] = labels
		parts = append(parts, namesPart)
	}
	sourceFields, practiceFields := "null", "null"
	if texts {
		sourceFields = "node{.text_" + lang.Code() + "}"
		practiceFields = "node{.title_" + lang.Code() + ", .summary_" + lang.Code() + "}"
	}
	for _, t := range types {
		switch t {
		case SearchRecommendation:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('`+recommendationIndex(lang)+`', $q, {limit: $recCap}) YIELD node AS r, score
WITH r, score WHERE `+where+` RETURN 'RECOMMENDATION' AS type, r.uid AS uid, score, null AS fields, r AS node`)
		case SearchSource:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('ft_source_`+lang.Code()+`', $q, {limit: $cap}) YIELD node, score
RETURN 'SOURCE' AS type, node.uid AS uid, score, `+sourceFields+` AS fields, node`)
		case SearchGoodPractice:
			parts = append(parts, `CALL db.index.fulltext.queryNodes('ft_practice_`+lang.Code()+`', $q, {limit: $cap}) YIELD node, score
WITH node, score WHERE `+visibleNode("node")+`
RETURN 'GOOD_PRACTICE' AS type, node.uid AS uid, score, `+practiceFields+` AS fields, node`)
		}
	}
	return parts, params
}

// SearchCount counts a search's hits as far as Search can page (MaxSearchHits per index
// and type); capped tells that some type reached that bound.
func (s *Store) SearchCount(ctx context.Context, query, exact string, lang domain.Language, types []SearchType, f domain.RecommendationFilter) (n int, capped bool, err error) {
	if strings.TrimSpace(query) == "" {
		return 0, false, nil
	}
	if err := CheckLuceneQuery(query); err != nil {
		return 0, false, err
	}
	parts, params := searchParts(ctx, query, exact, lang, types, f, false)
	if len(parts) == 0 {
		return 0, false, nil
	}
	recs, err := s.read(ctx, `CALL () { `+strings.Join(parts, "\nUNION ALL\n")+` }
WITH type, count(*) AS n RETURN sum(n) AS total, max(n) >= $cap AS capped`, params)
	if err != nil || len(recs) == 0 {
		return 0, false, err
	}
	v, _ := recs[0].Get("capped")
	capped, _ = v.(bool)
	return intOf(recs[0], "total"), capped, nil
}

// LuceneQuery turns user text into a safe Lucene query: words, "quoted phrases" and the
// operators AND, OR, NOT (and a leading -) keep their meaning; every other character Lucene
// treats as syntax is escaped, so no input can reach other fields. Operators at the start or
// the end (dangling) are dropped. What is left can still be operator soup ("a AND OR b",
// "a NOT AND b"), which Lucene cannot parse: CheckLuceneQuery finds it, and Search refuses
// it with BAD_USER_INPUT before any database work.
func LuceneQuery(in string) string {
	if strings.Count(in, `"`)%2 == 1 { // an unbalanced quote would be a syntax error
		in = strings.ReplaceAll(in, `"`, " ")
	}
	words := strings.FieldsFunc(in, func(r rune) bool { return unicode.IsSpace(r) })
	ops := operatorWords(words)
	first, last := 0, len(words)-1
	for first <= last && ops[first] { // dangling operators are a syntax error: dropped
		first++
	}
	for last >= first && ops[last] {
		last--
	}
	var b strings.Builder
	for i := first; i <= last; i++ {
		w := words[i]
		if i > first {
			b.WriteByte(' ')
		}
		if ops[i] {
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

// operatorWords marks the words that are Lucene operators: AND, OR, NOT outside quotes.
func operatorWords(words []string) []bool {
	ops := make([]bool, len(words))
	inQuote := false
	for i, w := range words {
		ops[i] = !inQuote && (w == "AND" || w == "OR" || w == "NOT")
		if strings.Count(w, `"`)%2 == 1 {
			inQuote = !inQuote
		}
	}
	return ops
}

// CheckLuceneQuery reports, as BAD_USER_INPUT on "query", a query from LuceneQuery that
// Lucene's parser would refuse: an operator that does not stand between two words (AND OR,
// NOT AND, NOT NOT, NOT -word, -AND). It follows Lucene's grammar, Query := Modifier? Clause
// (Conjunction? Modifier? Clause)*, where a modifier is NOT or a leading -.
func CheckLuceneQuery(q string) error {
	words := strings.Fields(q)
	ops := operatorWords(words)
	const (
		start = iota
		afterClause
		afterConjunction
		afterModifier
	)
	state := start
	bad := func(i int) error {
		from := max(0, i-1)
		return apperr.Invalid("query", "%q cannot be read: the operators AND, OR and NOT must each stand between words "+
			"(as in `rights AND women`, `rights NOT women`); to look for the word itself, write it in lower case or in quotes",
			strings.Join(words[from:i+1], " "))
	}
	inQuote := false
	for i, w := range words {
		quoted := inQuote
		if strings.Count(w, `"`)%2 == 1 {
			inQuote = !inQuote
		}
		switch {
		case quoted: // inside a phrase: part of the clause already counted
		case ops[i] && w != "NOT": // AND, OR
			if state != afterClause {
				return bad(i)
			}
			state = afterConjunction
		case ops[i]: // NOT
			if state == afterModifier {
				return bad(i)
			}
			state = afterModifier
		case strings.HasPrefix(w, "-") && len(w) > 1: // -word: a modifier and its clause
			if rest := w[1:]; state == afterModifier || rest == "AND" || rest == "OR" || rest == "NOT" {
				return bad(i)
			}
			state = afterClause
		default:
			state = afterClause
		}
	}
	if state == afterConjunction || state == afterModifier {
		return bad(len(words) - 1)
	}
	return nil
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
