package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

const stateProjection = `s{.code, .alpha2, .name, .unMember, .unRegionalGroup}`

func decodeState(m map[string]any) *domain.State {
	return &domain.State{
		Code:            str(m, "code"),
		Alpha2:          str(m, "alpha2"),
		Name:            str(m, "name"),
		UnMember:        boolean(m, "unMember"),
		UnRegionalGroup: optEnum[domain.UnRegionalGroup](m, "unRegionalGroup"),
	}
}

// StatesByCodes returns the States with the given ISO alpha-3 codes, keyed by code; unknown
// codes are absent from the map.
func (s *Store) StatesByCodes(ctx context.Context, codes []string) (map[string]*domain.State, error) {
	return byKeys(ctx, s, "State", "code", stateProjection, codes, decodeState, func(st *domain.State) string { return st.Code })
}

const stateFilterWhere = `($groups IS NULL OR s.unRegionalGroup IN $groups)
  AND ($unMember IS NULL OR s.unMember = $unMember)`

func stateFilterParams(f domain.StateFilter) map[string]any {
	p := map[string]any{"groups": nil, "unMember": nil}
	if len(f.UnRegionalGroups) > 0 {
		g := make([]string, len(f.UnRegionalGroups))
		for i, x := range f.UnRegionalGroups {
			g[i] = string(x)
		}
		p["groups"] = g
	}
	if f.UnMember != nil {
		p["unMember"] = *f.UnMember
	}
	return p
}

// ListStates returns one page of States matching f, ordered by code.
func (s *Store) ListStates(ctx context.Context, f domain.StateFilter, p domain.PageArgs) (domain.Page[*domain.State], error) {
	page, err := readPage(ctx, s, `MATCH (s:State)
WHERE `+stateFilterWhere+` AND ($cursor = '' OR s.code %[1]s $cursor)
RETURN `+stateProjection+` AS item, s.code AS sortKey
ORDER BY s.code %[2]s LIMIT $limit`, p, stateFilterParams(f),
		func(r *neo4j.Record) *domain.State { return decodeState(mapOf(r, "item")) })
	if err != nil {
		return page, fmt.Errorf("list states: %w", err)
	}
	return page, nil
}

// CountStates counts the States matching f.
func (s *Store) CountStates(ctx context.Context, f domain.StateFilter) (int, error) {
	n, err := s.count(ctx, `MATCH (s:State) WHERE `+stateFilterWhere+` RETURN count(s) AS n`, stateFilterParams(f))
	if err != nil {
		return 0, fmt.Errorf("count states: %w", err)
	}
	return n, nil
}
