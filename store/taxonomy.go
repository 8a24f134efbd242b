package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// The reference taxonomies: mechanisms, themes, affected groups, SDG goals and targets
// (multilingual names: names.go; generic reads: read.go).

const mechanismProjection = `x{.key, .code, .kind, ` + namesProjection + `}`

func decodeMechanism(m map[string]any) *domain.Mechanism {
	return &domain.Mechanism{Key: str(m, "key"), Code: str(m, "code"), Kind: domain.MechanismKind(str(m, "kind")), Names: decodeTexts(m, "name_")}
}

// themeParts: a theme, cut into parts (shape.go) because themes are the most numerous items
// of the compiled reads (each recommendation and practice carries a few): its parent costs an
// expansion and its names seven properties, which a selection of keys or codes never reads.
// On the benchmark's node lookup (a recommendation with three themes) the themes cost 77 of
// the statement's 128 db hits.
var themeParts = &parts{label: "Theme", as: "x",
	base: ".key",
	named: []part{
		textPart("names", "name_"),
		{"scheme", ".scheme, .version", ""},
		{"parent", "parent: [(x)-[:SUBTHEME_OF]->(p:Theme) | p.key][0]", ""},
	}}

var themeProjection = themeParts.whole()

func decodeTheme(m map[string]any) *domain.Theme {
	return &domain.Theme{Key: str(m, "key"), Scheme: str(m, "scheme"), Version: optStr(m, "version"),
		ParentKey: optStr(m, "parent"), Names: decodeTexts(m, "name_")}
}

const groupProjection = `x{.key, ` + namesProjection + `}`

func decodeGroup(m map[string]any) *domain.AffectedGroup {
	return &domain.AffectedGroup{Key: str(m, "key"), Names: decodeTexts(m, "name_")}
}

const goalProjection = `x{.code, ` + namesProjection + `}`

func decodeGoal(m map[string]any) *domain.SdgGoal {
	return &domain.SdgGoal{Code: str(m, "code"), Names: decodeTexts(m, "name_")}
}

const targetProjection = `x{.code, .goalCode, ` + namesProjection + `}`

func decodeTarget(m map[string]any) *domain.SdgTarget {
	return &domain.SdgTarget{Code: str(m, "code"), GoalCode: str(m, "goalCode"), Names: decodeTexts(m, "name_")}
}

// MechanismsByKeys returns mechanisms by key.
func (s *Store) MechanismsByKeys(ctx context.Context, keys []string) (map[string]*domain.Mechanism, error) {
	return byKeys(ctx, s, "Mechanism", "key", mechanismProjection, keys, decodeMechanism, func(m *domain.Mechanism) string { return m.Key })
}

// MechanismByCode returns the mechanism with the code (upper case), or nil.
func (s *Store) MechanismByCode(ctx context.Context, code string) (*domain.Mechanism, error) {
	m, err := byKeys(ctx, s, "Mechanism", "code", mechanismProjection, []string{code}, decodeMechanism, func(m *domain.Mechanism) string { return m.Code })
	if err != nil {
		return nil, err
	}
	return m[code], nil
}

// Mechanisms lists mechanisms of the given kinds (all when none), by kind then code.
func (s *Store) Mechanisms(ctx context.Context, kinds []domain.MechanismKind) ([]*domain.Mechanism, error) {
	var k any
	if len(kinds) > 0 {
		ks := make([]string, len(kinds))
		for i, x := range kinds {
			ks[i] = string(x)
		}
		k = ks
	}
	out, err := listAll(ctx, s, `MATCH (x:Mechanism) WHERE $kinds IS NULL OR x.kind IN $kinds
RETURN `+mechanismProjection+` AS x ORDER BY x.kind, x.code`, map[string]any{"kinds": k}, decodeMechanism)
	if err != nil {
		return nil, fmt.Errorf("list mechanisms: %w", err)
	}
	return out, nil
}

// ThemesByKeys returns themes by key.
func (s *Store) ThemesByKeys(ctx context.Context, keys []string) (map[string]*domain.Theme, error) {
	return byKeys(ctx, s, "Theme", "key", themeProjection, keys, decodeTheme, func(t *domain.Theme) string { return t.Key })
}

// Themes lists all themes (or only top-level ones) by English name.
func (s *Store) Themes(ctx context.Context, rootsOnly bool) ([]*domain.Theme, error) {
	out, err := listAll(ctx, s, `MATCH (x:Theme) WHERE NOT $roots OR NOT (x)-[:SUBTHEME_OF]->()
RETURN `+themeProjection+` AS x ORDER BY x.name_en`, map[string]any{"roots": rootsOnly}, decodeTheme)
	if err != nil {
		return nil, fmt.Errorf("list themes: %w", err)
	}
	return out, nil
}

// ThemeChildren returns the narrower themes of each theme key.
func (s *Store) ThemeChildren(ctx context.Context, keys []string) (map[string][]*domain.Theme, error) {
	return grouped(ctx, s, `MATCH (x:Theme)-[:SUBTHEME_OF]->(p:Theme) WHERE p.key IN $keys
RETURN p.key AS k, `+themeProjection+` AS x ORDER BY x.name_en`, keys, decodeTheme)
}

// AffectedGroupsByKeys returns groups by key.
func (s *Store) AffectedGroupsByKeys(ctx context.Context, keys []string) (map[string]*domain.AffectedGroup, error) {
	return byKeys(ctx, s, "AffectedGroup", "key", groupProjection, keys, decodeGroup, func(g *domain.AffectedGroup) string { return g.Key })
}

// AffectedGroups lists all groups by English name.
func (s *Store) AffectedGroups(ctx context.Context) ([]*domain.AffectedGroup, error) {
	out, err := listAll(ctx, s, `MATCH (x:AffectedGroup) RETURN `+groupProjection+` AS x ORDER BY x.name_en`, nil, decodeGroup)
	if err != nil {
		return nil, fmt.Errorf("list affected groups: %w", err)
	}
	return out, nil
}

// SdgGoalsByCodes returns goals by code.
func (s *Store) SdgGoalsByCodes(ctx context.Context, codes []string) (map[string]*domain.SdgGoal, error) {
	return byKeys(ctx, s, "SdgGoal", "code", goalProjection, codes, decodeGoal, func(g *domain.SdgGoal) string { return g.Code })
}

// SdgTargetsByCodes returns targets by code.
func (s *Store) SdgTargetsByCodes(ctx context.Context, codes []string) (map[string]*domain.SdgTarget, error) {
	return byKeys(ctx, s, "SdgTarget", "code", targetProjection, codes, decodeTarget, func(t *domain.SdgTarget) string { return t.Code })
}

// SdgGoals lists the goals in numeric order.
func (s *Store) SdgGoals(ctx context.Context) ([]*domain.SdgGoal, error) {
	out, err := listAll(ctx, s, `MATCH (x:SdgGoal) RETURN `+goalProjection+` AS x ORDER BY toInteger(x.code)`, nil, decodeGoal)
	if err != nil {
		return nil, fmt.Errorf("list sdg goals: %w", err)
	}
	return out, nil
}

// SdgTargetsOfGoals returns each goal's targets in code order.
func (s *Store) SdgTargetsOfGoals(ctx context.Context, codes []string) (map[string][]*domain.SdgTarget, error) {
	return grouped(ctx, s, `MATCH (x:SdgTarget) WHERE x.goalCode IN $keys
WITH x ORDER BY x.sortKey RETURN x.goalCode AS k, `+targetProjection+` AS x`, codes, decodeTarget)
}

// HasMechanisms reports whether the reference tables are in the graph.
func (s *Store) HasMechanisms(ctx context.Context) (bool, error) {
	n, err := s.count(ctx, `MATCH (m:Mechanism) WITH m LIMIT 1 RETURN count(m) AS n`, nil)
	if err != nil {
		return false, fmt.Errorf("check for mechanisms: %w", err)
	}
	return n > 0, nil
}
