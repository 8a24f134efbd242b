package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// Reading recommendations together with the links a query asks for, in one query: a lookup
// by ID then costs one database round trip instead of one per level and kind of link. The
// link reads below are the same (projection and order) as those of ThemesOf, StatesAddressed,
// RecommendingStates and MechanismsByKeys, so that the two ways give the same answers.

// RecommendationLinks chooses the links read with the recommendations.
type RecommendationLinks struct {
	Mechanism, States, RecommendingStates, Themes bool
	Practices                                     bool // the good practices the caller may see
}

// Any tells whether any link is chosen.
func (l RecommendationLinks) Any() bool {
	return l.Mechanism || l.States || l.RecommendingStates || l.Themes || l.Practices
}

// LinkedRecommendation is a recommendation with the links read with it (nil when not chosen).
type LinkedRecommendation struct {
	Recommendation     *domain.Recommendation
	Mechanism          *domain.Mechanism // nil also when it has none
	States             []*domain.State
	RecommendingStates []*domain.State
	Themes             []*domain.Theme
	Practices          []*domain.GoodPractice
}

// RecommendationsWithLinks reads the recommendations with the given keys and their chosen
// links, keyed by recommendation key.
func (s *Store) RecommendationsWithLinks(ctx context.Context, keys []string, l RecommendationLinks) (map[string]*LinkedRecommendation, error) {
	rows, err := s.linkedRecommendations(ctx, `MATCH (r:Recommendation) WHERE r.key IN $keys WITH r.key AS k, r`, keys, l)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*LinkedRecommendation, len(rows))
	for _, row := range rows {
		out[row.key] = row.rec
	}
	return out, nil
}

// RecommendationsOfPracticesWithLinks reads, for each practice, the recommendations it
// addresses in document order (as RecommendationsOfPractices does) with their chosen links.
func (s *Store) RecommendationsOfPracticesWithLinks(ctx context.Context, keys []string, l RecommendationLinks) (map[string][]*LinkedRecommendation, error) {
	rows, err := s.linkedRecommendations(ctx, `MATCH (p:GoodPractice)-[:ADDRESSES]->(r:Recommendation) WHERE p.key IN $keys
WITH p.key AS k, r ORDER BY r.sk_para`, keys, l)
	if err != nil {
		return nil, err
	}
	out := map[string][]*LinkedRecommendation{}
	for _, row := range rows {
		out[row.key] = append(out[row.key], row.rec)
	}
	return out, nil
}

type linkedRow struct {
	key string
	rec *LinkedRecommendation
}

// linkedRecommendations runs match (which binds k and r, in the order wanted) and reads each
// r with the chosen links.
func (s *Store) linkedRecommendations(ctx context.Context, match string, keys []string, l RecommendationLinks) ([]linkedRow, error) {
	params := map[string]any{"keys": keys}
	cols := []string{`k`, recommendationProjection + ` AS item`}
	if l.Mechanism {
		cols = append(cols, `COLLECT { MATCH (x:Mechanism {key: r.mechanismKey}) RETURN `+mechanismProjection+` } AS mechanism`)
	}
	if l.States {
		cols = append(cols, `COLLECT { MATCH (r)-[:ADDRESSED_TO]->(s:State) RETURN `+stateProjection+` ORDER BY s.code } AS states`)
	}
	if l.RecommendingStates {
		cols = append(cols, `COLLECT { MATCH (r)-[:RECOMMENDED_BY]->(s:State) RETURN `+stateProjection+` ORDER BY s.code } AS recommendingStates`)
	}
	if l.Themes {
		cols = append(cols, `COLLECT { MATCH (r)-[:HAS_THEME]->(x:Theme) RETURN `+themeProjection+` ORDER BY x.name_en } AS themes`)
	}
	if l.Practices {
		cols = append(cols, `COLLECT { MATCH (x:GoodPractice)-[:ADDRESSES]->(r) WHERE `+visibleToCaller+` RETURN `+practiceProjection+` ORDER BY x.key } AS practices`)
		visibility(ctx, params)
	}
	recs, err := s.read(ctx, match+`
RETURN `+strings.Join(cols, ",\n  "), params)
	if err != nil {
		return nil, fmt.Errorf("recommendations with links: %w", err)
	}
	out := make([]linkedRow, len(recs))
	for i, rec := range recs {
		lr := &LinkedRecommendation{Recommendation: decodeRecommendation(mapOf(rec, "item"))}
		if l.Mechanism {
			if ms := listOfMaps(rec, "mechanism"); len(ms) > 0 {
				lr.Mechanism = decodeMechanism(ms[0])
			}
		}
		if l.States {
			lr.States = decodeAll(listOfMaps(rec, "states"), decodeState)
		}
		if l.RecommendingStates {
			lr.RecommendingStates = decodeAll(listOfMaps(rec, "recommendingStates"), decodeState)
		}
		if l.Themes {
			lr.Themes = decodeAll(listOfMaps(rec, "themes"), decodeTheme)
		}
		if l.Practices {
			lr.Practices = decodeAll(listOfMaps(rec, "practices"), decodePractice)
		}
		out[i] = linkedRow{key: strOf(rec, "k"), rec: lr}
	}
	return out, nil
}

func decodeAll[T any](ms []map[string]any, decode func(map[string]any) T) []T {
	out := make([]T, len(ms))
	for i, m := range ms {
		out[i] = decode(m)
	}
	return out
}
