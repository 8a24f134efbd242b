package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Good practices, guidance dimensions, institutions and organisations.
//   (p:GoodPractice)-[:BY_NMIRF]->(:NMIRF), -[:IN_STATE]->(:State), -[:SHOWS_DIMENSION]->(:GuidanceDimension),
//   -[:ON_THEME]->(:Theme), -[:ADDRESSES]->(:Recommendation);
//   (:Institution)-[:PART_OF_NMIRF {role}]->(:NMIRF), (:Institution)-[:OF_STATE]->(:State);
//   (:Organization)-[:PARTNER_OF]->(:Event).

const practiceProjection = `x{.key, .capacities, .stakeholders, .tools, .periodStart, .periodEnd, .outcome, .status, .version,
  .title_en, .title_fr, .title_es, .title_ar, .title_zh, .title_ru, .title_pt,
  .summary_en, .summary_fr, .summary_es, .summary_ar, .summary_zh, .summary_ru, .summary_pt,
  nmirf: [(x)-[:BY_NMIRF]->(n:NMIRF) | n.key][0], state: [(x)-[:IN_STATE]->(s:State) | s.code][0]}`

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

func strList(m map[string]any, k string) []string {
	l, _ := m[k].([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// visibleNode is the one visibility rule for drafts and archived nodes, for every read where
// a node can surface (lists, search, paths, neighbourhoods, peers, clusters, explorer): a node
// is visible when it is neither a draft nor archived (a good practice whose status is not
// PUBLISHED, or any node with archivedAt); a draft is visible besides to administrators and to
// the editors who may write it (editors of every State, or of its State). Archived nodes are
// in no list. v names the node variable; the parameters come from visibility(ctx). By ID,
// resolvers.canSee applies the same rule and also shows archived nodes to who may edit them.
func visibleNode(v string) string {
	return strings.ReplaceAll(`(NOT ({v}:GoodPractice AND {v}.status <> 'PUBLISHED') AND {v}.archivedAt IS NULL
  OR {v}:GoodPractice AND {v}.status = 'DRAFT' AND ($draftsAll OR EXISTS { ({v})-[:IN_STATE]->(ds:State) WHERE ds.code IN $draftStates }))`,
		"{v}", v)
}

// visibleToCaller is visibleNode for a good practice bound to x.
var visibleToCaller = visibleNode("x")

// visibility adds the caller's draft rights to params.
func visibility(ctx context.Context, params map[string]any) map[string]any {
	p := domain.PrincipalFrom(ctx)
	all, states := false, []string{}
	switch {
	case p.Role == domain.RoleAdmin || p.Role == domain.RoleEditor && p.StateCode == "":
		all = true
	case p.Role == domain.RoleEditor:
		states = []string{p.StateCode}
	}
	params["draftsAll"], params["draftStates"] = all, states
	return params
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

const dimensionProjection = `x{.key, .description, ` + namesProjection + `}`

func decodeDimension(m map[string]any) *domain.GuidanceDimension {
	return &domain.GuidanceDimension{Key: str(m, "key"), Description: optStr(m, "description"), Names: decodeTexts(m, "name_")}
}

// GuidanceDimensions lists the dimensions in their defined order.
func (s *Store) GuidanceDimensions(ctx context.Context) ([]*domain.GuidanceDimension, error) {
	out, err := listAll(ctx, s, `MATCH (x:GuidanceDimension) WITH x ORDER BY x.position, x.key RETURN `+dimensionProjection+` AS x`, nil, decodeDimension)
	if err != nil {
		return nil, fmt.Errorf("list guidance dimensions: %w", err)
	}
	return out, nil
}

// GuidanceDimensionsByKeys returns dimensions by key.
func (s *Store) GuidanceDimensionsByKeys(ctx context.Context, keys []string) (map[string]*domain.GuidanceDimension, error) {
	return byKeys(ctx, s, "GuidanceDimension", "key", dimensionProjection, keys, decodeDimension, func(d *domain.GuidanceDimension) string { return d.Key })
}

// DimensionsOfPractices returns each practice's guidance dimensions.
func (s *Store) DimensionsOfPractices(ctx context.Context, keys []string) (map[string][]*domain.GuidanceDimension, error) {
	return grouped(ctx, s, `MATCH (p:GoodPractice)-[:SHOWS_DIMENSION]->(x:GuidanceDimension) WHERE p.key IN $keys
WITH p, x ORDER BY x.position RETURN p.key AS k, `+dimensionProjection+` AS x`, keys, decodeDimension)
}

// ThemesOfPractices returns each practice's themes.
func (s *Store) ThemesOfPractices(ctx context.Context, keys []string) (map[string][]*domain.Theme, error) {
	return linkedBy[*domain.Theme](ctx, s, PracticeThemes, keys)
}

// RecommendationsOfPractices returns the recommendations each practice addresses.
func (s *Store) RecommendationsOfPractices(ctx context.Context, keys []string) (map[string][]*domain.Recommendation, error) {
	return linkedBy[*domain.Recommendation](ctx, s, PracticeRecommendations, keys)
}

const institutionProjection = `x{.key, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .version, .archivedAt, stateCode: [(x)-[:OF_STATE]->(s:State) | s.code][0]}`

func decodeInstitution(m map[string]any) *domain.Institution {
	return &domain.Institution{Key: str(m, "key"), Name: str(m, "name"), Names: namesOf(m, "name"), StateCode: str(m, "stateCode"), Editable: decodeEditable(m)}
}

// InstitutionsByKeys returns institutions by key.
func (s *Store) InstitutionsByKeys(ctx context.Context, keys []string) (map[string]*domain.Institution, error) {
	return byKeys(ctx, s, "Institution", "key", institutionProjection, keys, decodeInstitution, func(i *domain.Institution) string { return i.Key })
}

// InstitutionsOfNMIRFs returns each NMIRF's institutions with their roles.
func (s *Store) InstitutionsOfNMIRFs(ctx context.Context, keys []string) (map[string][]*domain.InstitutionRole, error) {
	return grouped(ctx, s, `MATCH (x:Institution)-[p:PART_OF_NMIRF]->(n:NMIRF) WHERE n.key IN $keys AND x.archivedAt IS NULL
RETURN n.key AS k, {institution: `+institutionProjection+`, role: p.role} AS x ORDER BY x.name`, keys,
		func(m map[string]any) *domain.InstitutionRole {
			im, _ := m["institution"].(map[string]any)
			return &domain.InstitutionRole{Institution: decodeInstitution(im), Role: str(m, "role")}
		})
}

// NMIRFsOfInstitutions returns the NMIRFs each institution takes part in.
func (s *Store) NMIRFsOfInstitutions(ctx context.Context, keys []string) (map[string][]*domain.NMIRF, error) {
	recs, err := s.read(ctx, `MATCH (i:Institution)-[:PART_OF_NMIRF]->(n:NMIRF) WHERE i.key IN $keys
RETURN i.key AS k, `+nmirfProjection+` AS n ORDER BY n.name`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("nmirfs of institutions: %w", err)
	}
	out := map[string][]*domain.NMIRF{}
	for _, r := range recs {
		out[strOf(r, "k")] = append(out[strOf(r, "k")], decodeNMIRF(mapOf(r, "n")))
	}
	return out, nil
}

const organizationProjection = `x{.key, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .acronym, .url}`

func decodeOrganization(m map[string]any) *domain.Organization {
	return &domain.Organization{Key: str(m, "key"), Name: str(m, "name"), Names: namesOf(m, "name"), Acronym: optStr(m, "acronym"), URL: optStr(m, "url")}
}

// Organizations lists the organisations by name.
func (s *Store) Organizations(ctx context.Context) ([]*domain.Organization, error) {
	out, err := listAll(ctx, s, `MATCH (x:Organization) RETURN `+organizationProjection+` AS x ORDER BY x.name`, nil, decodeOrganization)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	return out, nil
}

// OrganizationsByKeys returns organisations by key.
func (s *Store) OrganizationsByKeys(ctx context.Context, keys []string) (map[string]*domain.Organization, error) {
	return byKeys(ctx, s, "Organization", "key", organizationProjection, keys, decodeOrganization, func(o *domain.Organization) string { return o.Key })
}

// PartnersOfEvents returns each event's partner organisations.
func (s *Store) PartnersOfEvents(ctx context.Context, keys []string) (map[string][]*domain.Organization, error) {
	return grouped(ctx, s, `MATCH (x:Organization)-[:PARTNER_OF]->(e:Event) WHERE e.key IN $keys
RETURN e.key AS k, `+organizationProjection+` AS x ORDER BY x.name`, keys, decodeOrganization)
}

// EventsOfOrganizations returns the events each organisation took part in.
func (s *Store) EventsOfOrganizations(ctx context.Context, keys []string) (map[string][]*domain.Event, error) {
	recs, err := s.read(ctx, `MATCH (o:Organization)-[:PARTNER_OF]->(e:Event) WHERE o.key IN $keys
RETURN o.key AS k, `+eventProjection+` AS e ORDER BY e.startDate`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("events of organizations: %w", err)
	}
	out := map[string][]*domain.Event{}
	for _, r := range recs {
		out[strOf(r, "k")] = append(out[strOf(r, "k")], decodeEvent(mapOf(r, "e")))
	}
	return out, nil
}

// LeadersOfOrganizations returns the States that lead each organisation (a group of States).
func (s *Store) LeadersOfOrganizations(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return grouped(ctx, s, `MATCH (o:Organization)-[:LED_BY]->(s:State) WHERE o.key IN $keys
RETURN o.key AS k, `+stateProjection+` AS x ORDER BY x.code`, keys, decodeState)
}

// MissionStatesOfOrganizations returns, for each organisation that is a permanent mission,
// the State whose mission it is (a list of one).
func (s *Store) MissionStatesOfOrganizations(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return grouped(ctx, s, `MATCH (o:Organization)-[:MISSION_OF]->(s:State) WHERE o.key IN $keys
RETURN o.key AS k, `+stateProjection+` AS x`, keys, decodeState)
}
