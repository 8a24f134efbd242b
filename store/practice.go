package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Good practices: (p:GoodPractice)-[:BY_NMIRF]->(:NMIRF), -[:IN_STATE]->(:State),
//   -[:SHOWS_DIMENSION]->(:GuidanceDimension), -[:ON_THEME]->(:Theme), -[:ADDRESSES]->(:Recommendation).
// Who may see drafts: visibility.go.

// practiceProjection is a good practice whole (shape.go cuts it into parts).
var practiceProjection = practiceParts.whole()

func decodePractice(m map[string]any) *domain.GoodPractice {
	p := &domain.GoodPractice{Key: str(m, "key"), Titles: decodeTexts(m, "title_"), Summaries: decodeTexts(m, "summary_"),
		NMIRFKey: optStr(m, "nmirf"), StateCode: str(m, "state"), Status: domain.PracticeStatus(str(m, "status")), Version: integer(m, "version"),
		PracticeDetails: domain.PracticeDetails{Outcome: optStr(m, "outcome"), PeriodStart: optInt(m, "periodStart"), PeriodEnd: optInt(m, "periodEnd"),
			Stakeholders: strList(m, "stakeholders"), Tools: strList(m, "tools")}}
	for _, c := range strList(m, "capacities") {
		p.Capacities = append(p.Capacities, domain.Capacity(c))
	}
	return p
}

// PracticesByKeys returns practices by key, whatever their status (callers check visibility).
func (s *Store) PracticesByKeys(ctx context.Context, keys []string) (map[string]*domain.GoodPractice, error) {
	return byKeys(ctx, s, "GoodPractice", "key", practiceProjection, keys, decodePractice, func(p *domain.GoodPractice) string { return p.Key })
}

func practiceFilterParams(f domain.GoodPracticeFilter) map[string]any {
	p := map[string]any{"states": nil, "capacities": nil, "themes": nil}
	if len(f.StateCodes) > 0 {
		p["states"] = f.StateCodes
	}
	if len(f.Capacities) > 0 {
		p["capacities"] = strs(f.Capacities)
	}
	if len(f.ThemeKeys) > 0 {
		p["themes"] = f.ThemeKeys
	}
	return p
}

var practiceFilterWhere = visibleToCaller + `
  AND ($states IS NULL OR EXISTS { (x)-[:IN_STATE]->(s:State) WHERE s.code IN $states })
  AND ($capacities IS NULL OR any(c IN x.capacities WHERE c IN $capacities))
  AND ($themes IS NULL OR EXISTS { (x)-[:ON_THEME]->(:Theme)-[:SUBTHEME_OF*0..6]->(t:Theme) WHERE t.key IN $themes })`

// ListPractices returns a page of the practices the caller may see matching f, ordered by key.
func (s *Store) ListPractices(ctx context.Context, f domain.GoodPracticeFilter, p domain.PageArgs) (domain.Page[*domain.GoodPractice], error) {
	page, err := readPage(ctx, s, `MATCH (x:GoodPractice) WHERE `+practiceFilterWhere+` AND ($cursor = '' OR x.key %[1]s $cursor)
RETURN `+practiceProjection+` AS item, x.key AS sortKey ORDER BY x.key %[2]s LIMIT $limit`, p, visibility(ctx, practiceFilterParams(f)),
		func(r *neo4j.Record) *domain.GoodPractice { return decodePractice(mapOf(r, "item")) })
	if err != nil {
		return page, fmt.Errorf("list practices: %w", err)
	}
	return page, nil
}

// CountPractices counts the practices the caller may see matching f.
func (s *Store) CountPractices(ctx context.Context, f domain.GoodPracticeFilter) (int, error) {
	n, err := s.count(ctx, `MATCH (x:GoodPractice) WHERE `+practiceFilterWhere+` RETURN count(x) AS n`, visibility(ctx, practiceFilterParams(f)))
	if err != nil {
		return 0, fmt.Errorf("count practices: %w", err)
	}
	return n, nil
}

// practicesVia groups the practices the caller may see by the key of a linked node: pattern
// binds x (the practice) and the linked node, keyExpr is that node's key property. The key is
// tested on the node itself, not on a projected alias (WITH x, r.key AS k WHERE k IN …), so
// the planner seeks the linked nodes by their unique key and expands from them: the practices
// of a page of recommendations cost a few db hits instead of a scan of every practice and
// every ADDRESSES link (50,000 db hits in make bench).
// PracticesOfNMIRFs returns each NMIRF's practices the caller may see.
func (s *Store) PracticesOfNMIRFs(ctx context.Context, keys []string) (map[string][]*domain.GoodPractice, error) {
	return linkedBy[*domain.GoodPractice](ctx, s, NMIRFPractices, keys)
}

// PracticesOfStates returns each State's practices the caller may see.
func (s *Store) PracticesOfStates(ctx context.Context, codes []string) (map[string][]*domain.GoodPractice, error) {
	return linkedBy[*domain.GoodPractice](ctx, s, StatePractices, codes)
}

// PracticesOfThemes returns each theme's practices the caller may see.
func (s *Store) PracticesOfThemes(ctx context.Context, keys []string) (map[string][]*domain.GoodPractice, error) {
	return linkedBy[*domain.GoodPractice](ctx, s, ThemePractices, keys)
}

// PracticesOfDimensions returns each guidance dimension's practices the caller may see.
func (s *Store) PracticesOfDimensions(ctx context.Context, keys []string) (map[string][]*domain.GoodPractice, error) {
	return linkedBy[*domain.GoodPractice](ctx, s, DimensionPractices, keys)
}

// PracticesOfRecommendations returns the practices the caller may see addressing each recommendation.
func (s *Store) PracticesOfRecommendations(ctx context.Context, keys []string) (map[string][]*domain.GoodPractice, error) {
	return linkedBy[*domain.GoodPractice](ctx, s, RecommendationPractices, keys)
}

// ThemesOfPractices returns each practice's themes.
func (s *Store) ThemesOfPractices(ctx context.Context, keys []string) (map[string][]*domain.Theme, error) {
	return linkedBy[*domain.Theme](ctx, s, PracticeThemes, keys)
}

// RecommendationsOfPractices returns the recommendations each practice addresses.
func (s *Store) RecommendationsOfPractices(ctx context.Context, keys []string) (map[string][]*domain.Recommendation, error) {
	return linkedBy[*domain.Recommendation](ctx, s, PracticeRecommendations, keys)
}
