package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// Multilingual names are stored one property per language (name_en, name_es, …) because
// Neo4j properties cannot hold maps; namesProjection reads them back.
const namesProjection = `name_en: x.name_en, name_fr: x.name_fr, name_es: x.name_es, name_ar: x.name_ar,
  name_zh: x.name_zh, name_ru: x.name_ru, name_pt: x.name_pt`

func decodeTexts(m map[string]any, prefix string) domain.Texts {
	t := domain.Texts{}
	for _, l := range domain.Languages {
		if s, ok := m[prefix+l.Code()].(string); ok && s != "" {
			t[l] = s
		}
	}
	return t
}

// namesOf reads a record's names in every language: prop_xx per language, and prop itself,
// the primary name, in the language propLang names (English when unset). prop wins over
// prop_xx of its language, so an edit of the primary name through the API shows at once.
func namesOf(m map[string]any, prop string) domain.Texts {
	t := decodeTexts(m, prop+"_")
	primary := str(m, prop)
	if primary == "" {
		return t
	}
	lang := domain.Language("EN")
	if l := str(m, prop+"Lang"); l != "" {
		lang = domain.Language(l)
	}
	t[lang] = primary
	return t
}

// otherNames are the properties of a record's names beside prop itself (the primary name,
// which the caller writes): prop_xx for every language, and propLang, the language of the
// primary name when it is not English (namesOf reads them back).
func otherNames(names domain.Texts, primary string, prop string) map[string]any {
	into := map[string]any{}
	textParams(names, prop+"_", into)
	into[prop+"Lang"] = nil
	if names["EN"] != primary {
		for _, l := range domain.Languages {
			if names[l] == primary {
				into[prop+"Lang"] = string(l)
				break
			}
		}
	}
	return into
}

// textParams spreads texts into prefix_xx parameters (null for the languages missing, so a
// re-import that drops a language also drops it from the node).
func textParams(t domain.Texts, prefix string, into map[string]any) {
	for _, l := range domain.Languages {
		if s, ok := t[l]; ok && s != "" {
			into[prefix+l.Code()] = s
		} else {
			into[prefix+l.Code()] = nil
		}
	}
}

const mechanismProjection = `x{.key, .code, .kind, ` + namesProjection + `}`

func decodeMechanism(m map[string]any) *domain.Mechanism {
	return &domain.Mechanism{Key: str(m, "key"), Code: str(m, "code"), Kind: domain.MechanismKind(str(m, "kind")), Names: decodeTexts(m, "name_")}
}

const themeProjection = `x{.key, .scheme, .version, parent: [(x)-[:SUBTHEME_OF]->(p:Theme) | p.key][0], ` + namesProjection + `}`

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

const documentProjection = `x{.key, .symbol, .title, .title_en, .title_fr, .title_es, .title_ar, .title_zh, .title_ru, .title_pt, .titleLang, .type, .publishedOn, .year}`

func decodeDocument(m map[string]any) *domain.Document {
	d := &domain.Document{Key: str(m, "key"), Symbol: optStr(m, "symbol"), Title: str(m, "title"), Titles: namesOf(m, "title"),
		Type: optStr(m, "type"), PublishedOn: optDate(m, "publishedOn")}
	if _, ok := m["year"].(int64); ok {
		y := integer(m, "year")
		d.Year = &y
	}
	return d
}

// byKeys runs `MATCH (n:Label) WHERE n.<prop> IN $keys RETURN <projection> AS x` and indexes
// the decoded items by key. label and prop come from the callers' constants. The node is bound
// to the projection's own variable n (the name before its "{": s for `s{.code, …}`), so a
// projection written for other queries serves here unchanged.
func byKeys[T any](ctx context.Context, s *Store, label, prop, projection string, keys []string,
	decode func(map[string]any) T, keyOf func(T) string) (map[string]T, error) {
	n, _, _ := strings.Cut(projection, "{")
	recs, err := s.read(ctx, `MATCH (`+n+`:`+label+`) WHERE `+n+`.`+prop+` IN $keys RETURN `+projection+` AS x`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("%s by %s: %w", label, prop, err)
	}
	out := make(map[string]T, len(recs))
	for _, r := range recs {
		v := decode(mapOf(r, "x"))
		out[keyOf(v)] = v
	}
	return out, nil
}

// listAll runs a query returning rows with column "x" and decodes each.
func listAll[T any](ctx context.Context, s *Store, cypher string, params map[string]any, decode func(map[string]any) T) ([]T, error) {
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(recs))
	for i, r := range recs {
		out[i] = decode(mapOf(r, "x"))
	}
	return out, nil
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

// DocumentsByKeys returns documents by key.
func (s *Store) DocumentsByKeys(ctx context.Context, keys []string) (map[string]*domain.Document, error) {
	return byKeys(ctx, s, "Document", "key", documentProjection, keys, decodeDocument, func(d *domain.Document) string { return d.Key })
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

// grouped runs a query whose rows are (k, x) and groups the decoded x by k.
func grouped[T any](ctx context.Context, s *Store, cypher string, keys []string, decode func(map[string]any) T) (map[string][]T, error) {
	return groupedWith(ctx, s, cypher, map[string]any{"keys": keys}, decode)
}

// groupedWith is grouped with more parameters than $keys.
func groupedWith[T any](ctx context.Context, s *Store, cypher string, params map[string]any, decode func(map[string]any) T) (map[string][]T, error) {
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := map[string][]T{}
	for _, r := range recs {
		k := strOf(r, "k")
		out[k] = append(out[k], decode(mapOf(r, "x")))
	}
	return out, nil
}

// HasMechanisms reports whether the reference tables are in the graph.
func (s *Store) HasMechanisms(ctx context.Context) (bool, error) {
	n, err := s.count(ctx, `MATCH (m:Mechanism) WITH m LIMIT 1 RETURN count(m) AS n`, nil)
	if err != nil {
		return false, fmt.Errorf("check for mechanisms: %w", err)
	}
	return n > 0, nil
}
