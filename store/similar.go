package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Similar recommendations: the recommendations to the same State, from any mechanism and
// cycle, that share themes, SDGs and affected groups with a recommendation and whose text
// is alike (found by the full-text index with the language's stemming, then measured by the
// share of the text's significant words the other covers: absolute, 0 to 1). The score
// combines both: 0.5 × text + 0.3 × theme overlap (Jaccard) + 0.1 × SDG overlap + 0.1 ×
// group overlap.

// SimilarHit is one similar recommendation.
type SimilarHit struct {
	Key    string
	Score  float64
	Method string // "text+links", "text" or "links"
}

// stopwords are left out of similarity queries: frequent words that carry no topic.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for with that this from into their which would should shall
		ensure take continue strengthen adopt measures including include other all such state party
		para para. los las del que para con por una uno como sus más este esta estos estas entre sobre
		todas todos adoptar medidas seguir fortalecer garantizar asegurar les des pour avec dans sont`) {
		stopwords[w] = true
	}
}

// significantWords are a text's words that carry its topic: at least four letters, not a
// stop word, each once, at most 40.
func significantWords(text string) []string {
	seen := map[string]bool{}
	var terms []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) < 4 || stopwords[w] || seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, w)
		if len(terms) == 40 {
			break
		}
	}
	return terms
}

// coverageStems are the first five letters of a text's significant words (a light stem, so
// that "discrimination" meets "discriminatory"), for textCoverage.
func coverageStems(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range significantWords(text) {
		if r := []rune(w); len(r) > 5 {
			w = string(r[:5])
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// textCoverage is the Cypher for how much of the asked text another text covers: the share
// of $stems found in its property prop, 0 to 1. Unlike a full-text score scaled to the best
// hit, it is absolute: a poor best match scores low.
func textCoverage(node, prop string) string {
	return `(toFloat(size([w IN $stems WHERE toLower(coalesce(` + node + `.` + prop + `, '')) CONTAINS w])) / size($stems))`
}

// TermsQuery builds an OR query of a text's significant words (at most 40), for "more like
// this" searches; words are escaped by LuceneQuery.
func TermsQuery(text string) string {
	return LuceneQuery(strings.Join(significantWords(text), " OR "))
}

// SimilarToText ranks the recommendations addressed to one of stateCodes by likeness to a
// text (and, when given, to theme keys): what an NMIRF asks when an NGO or a ministry
// proposes a recommendation and wants the UN's matching ones.
func (s *Store) SimilarToText(ctx context.Context, text string, lang domain.Language, stateCodes, themeKeys []string, exclude string, limit int) ([]SimilarHit, error) {
	q := TermsQuery(text)
	if q == "" {
		return nil, nil
	}
	recs, err := s.read(ctx, `CALL db.index.fulltext.queryNodes('`+recommendationIndex(lang)+`', $q, {limit: 500}) YIELD node AS o, score
WHERE o.key <> $exclude AND EXISTS { (o)-[:ADDRESSED_TO]->(s:State) WHERE s.code IN $states }
WITH o, `+textCoverage("o", "text_"+lang.Code())+` AS text
WITH o, text,
  CASE WHEN size($themes) = 0 THEN 0.0 ELSE toFloat(size([(o)-[:HAS_THEME]->(t:Theme) WHERE t.key IN $themes | t])) / size($themes) END AS themes
RETURN o.key AS key, 0.7 * text + 0.3 * themes AS score, CASE WHEN themes > 0 THEN 'text+links' ELSE 'text' END AS method
ORDER BY score DESC, key LIMIT $limit`, map[string]any{"q": q, "exclude": exclude, "states": stateCodes, "themes": nonNil(themeKeys), "limit": limit,
		"stems": coverageStems(text)})
	if err != nil {
		return nil, fmt.Errorf("similar to text: %w", err)
	}
	return similarHits(recs), nil
}

// SimilarRecommendations ranks, for one recommendation, the others addressed to the same
// State by shared links and text.
func (s *Store) SimilarRecommendations(ctx context.Context, key string, lang domain.Language, limit int) ([]SimilarHit, error) {
	base, err := s.RecommendationsByKeys(ctx, []string{key})
	if err != nil || base[key] == nil {
		return nil, err
	}
	text, served, _ := base[key].Texts.Pick(lang)
	q := TermsQuery(text)
	params := map[string]any{"key": key, "q": q, "limit": limit, "stems": nonNil(coverageStems(text))}
	if q == "" {
		params["q"] = "zzzzzz" // no words: a query that matches nothing, so only links count
	}
	recs, err := s.read(ctx, similarQuery(served)+`
ORDER BY score DESC, key LIMIT $limit`, params)
	if err != nil {
		return nil, fmt.Errorf("similar recommendations: %w", err)
	}
	return similarHits(recs), nil
}

// similarQuery scores the recommendations addressed to the same State as $key (o) by the
// themes, SDGs and groups they share with it (links) and by how much of its text (in lang)
// theirs covers among the full-text index's 500 best hits (text).
//
// Each side is read once: the recommendation's own counts before the others, and the text
// hits kept by a pattern of their own rather than looked up in the list of the others. A
// State with thousands of recommendations made the look-ups quadratic (500 hits against
// 8,116 keys, and each key against the 500 hits, for Afghanistan on the benchmark graph).
func similarQuery(lang domain.Language) string {
	return `MATCH (r:Recommendation {key: $key})
WITH r, COUNT { (r)-[:HAS_THEME]->() } AS rThemes, COUNT { (r)-[:LINKED_TO_SDG]->() } AS rSdgs,
  COUNT { (r)-[:CONCERNS_GROUP]->() } AS rGroups
MATCH (r)-[:ADDRESSED_TO]->(:State)<-[:ADDRESSED_TO]-(o:Recommendation)
WHERE o <> r
WITH DISTINCT r, rThemes, rSdgs, rGroups, o
WITH r, o, rThemes + COUNT { (o)-[:HAS_THEME]->() } AS bothThemes, rSdgs, rGroups,
  COUNT { (r)-[:HAS_THEME]->(t)<-[:HAS_THEME]-(o) } AS themes, COUNT { (r)-[:LINKED_TO_SDG]->(x)<-[:LINKED_TO_SDG]-(o) } AS sdgs,
  COUNT { (r)-[:CONCERNS_GROUP]->(g)<-[:CONCERNS_GROUP]-(o) } AS groups
WITH r, o, toFloat(themes) / CASE WHEN bothThemes = 0 THEN 1 ELSE bothThemes - themes END AS themes,
  toFloat(sdgs) / CASE WHEN rSdgs = 0 THEN 1 ELSE rSdgs END AS sdgs, toFloat(groups) / CASE WHEN rGroups = 0 THEN 1 ELSE rGroups END AS groups
WITH r, collect({key: o.key, links: 0.3 * themes + 0.1 * sdgs + 0.1 * groups}) AS candidates
OPTIONAL CALL (r) {
  CALL db.index.fulltext.queryNodes('` + recommendationIndex(lang) + `', $q, {limit: 500}) YIELD node, score
  WHERE size($stems) > 0 AND node <> r AND EXISTS { (r)-[:ADDRESSED_TO]->(:State)<-[:ADDRESSED_TO]-(node) }
  RETURN collect({key: node.key, text: 0.5 * ` + textCoverage("node", "text_"+lang.Code()) + `}) AS textHits
}
UNWIND candidates + coalesce(textHits, []) AS c
WITH c.key AS key, sum(coalesce(c.links, 0.0)) AS links, sum(coalesce(c.text, 0.0)) AS text
WHERE links + text > 0
RETURN key, links + text AS score,
  CASE WHEN links > 0 AND text > 0 THEN 'text+links' WHEN text > 0 THEN 'text' ELSE 'links' END AS method`
}

func similarHits(recs []*neo4j.Record) []SimilarHit {
	out := make([]SimilarHit, len(recs))
	for i, r := range recs {
		v, _ := r.Get("score")
		score, _ := v.(float64)
		out[i] = SimilarHit{Key: strOf(r, "key"), Score: score, Method: strOf(r, "method")}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
