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
}

// Any tells whether any link is chosen.
func (l RecommendationLinks) Any() bool {
	return l.Mechanism || l.States || l.RecommendingStates || l.Themes
}

// LinkedRecommendation is a recommendation with the links read with it (nil when not chosen).
type LinkedRecommendation struct {
	Recommendation     *domain.Recommendation
	Mechanism          *domain.Mechanism // nil also when it has none
	States             []*domain.State
	RecommendingStates []*domain.State
	Themes             []*domain.Theme
}

// RecommendationsWithLinks reads the recommendations with the given keys and their chosen
// links, keyed by recommendation key.
func (s *Store) RecommendationsWithLinks(ctx context.Context, keys []string, l RecommendationLinks) (map[string]*LinkedRecommendation, error) {
	cols := []string{recommendationProjection + ` AS item`}
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
	recs, err := s.read(ctx, `MATCH (r:Recommendation) WHERE r.key IN $keys RETURN `+strings.Join(cols, ",\n  "), map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("recommendations with links: %w", err)
	}
	out := make(map[string]*LinkedRecommendation, len(recs))
	for _, rec := range recs {
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
		out[lr.Recommendation.Key] = lr
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
