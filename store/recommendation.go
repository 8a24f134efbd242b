package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
)

// recommendationProjection is a recommendation whole (shape.go cuts it into parts).
var recommendationProjection = recommendationParts.whole()

func decodeRecommendation(m map[string]any) *domain.Recommendation {
	r := &domain.Recommendation{
		Key: str(m, "key"), Texts: decodeTexts(m, "text_"), Paragraph: optStr(m, "paragraph"),
		Type: domain.RecommendationType(str(m, "type")), PublishedOn: optDate(m, "publishedOn"),
		UhriAnnotationID: optStr(m, "uhriAnnotationId"), MechanismKey: optStr(m, "mechanismKey"),
		DocumentKey: optStr(m, "documentKey"),
	}
	r.Year, r.UprCycle, r.UprSession = optInt(m, "year"), optInt(m, "uprCycle"), optInt(m, "uprSession")
	if v := optStr(m, "position"); v != nil {
		r.Position = &domain.Position{Value: domain.PositionValue(*v), Label: optStr(m, "positionLabel"), SourceSymbol: optStr(m, "positionSource"),
			SourceParagraph: optStr(m, "positionParagraph")}
	}
	return r
}

func optInt(m map[string]any, k string) *int {
	if n, ok := m[k].(int64); ok {
		v := int(n)
		return &v
	}
	return nil
}

// scopePatterns anchor a recommendation list at its parent ($scope is the parent's key).
// The theme scope includes descendant themes, so a broad theme lists its narrower ones'.
var scopePatterns = map[domain.ScopeKind]string{
	domain.ScopeAll:           `MATCH (r:Recommendation)`,
	domain.ScopeReceivedBy:    `MATCH (:State {code: scope})<-[:ADDRESSED_TO]-(r:Recommendation)`,
	domain.ScopeMadeBy:        `MATCH (:State {code: scope})<-[:RECOMMENDED_BY]-(r:Recommendation)`,
	domain.ScopeMechanism:     `MATCH (:Mechanism {key: scope})<-[:ISSUED_BY]-(r:Recommendation)`,
	domain.ScopeDocument:      `MATCH (:Document {key: scope})<-[:IN_DOCUMENT]-(r:Recommendation)`,
	domain.ScopeTheme:         `MATCH (:Theme {key: scope})<-[:SUBTHEME_OF*0..6]-(:Theme)<-[:HAS_THEME]-(r:Recommendation) WITH DISTINCT scope, r`,
	domain.ScopeAffectedGroup: `MATCH (:AffectedGroup {key: scope})<-[:CONCERNS_GROUP]-(r:Recommendation)`,
	domain.ScopeSdgTarget:     `MATCH (:SdgTarget {code: scope})<-[:LINKED_TO_SDG]-(r:Recommendation)`,
}

// anchor returns the pattern a list starts from. A list of all recommendations filtered by
// State starts from those States (an index seek on the code, then their ADDRESSED_TO links)
// rather than from every recommendation, each then tested for its States: the planner
// otherwise scans a whole mechanism kind (120,000 UPR recommendations and 1.5 million db
// hits for one State's first page and count in the benchmark). The filter's own State
// condition is then what the pattern ensures, and anchored leaves it out.
func anchor(kind domain.ScopeKind, pattern string, f domain.RecommendationFilter) string {
	if kind == domain.ScopeAll && len(f.StateCodes) > 0 {
		return `MATCH (anchor:State)<-[:ADDRESSED_TO]-(r:Recommendation) WHERE anchor.code IN $f_states WITH DISTINCT scope, r`
	}
	return pattern
}

// anchored returns the pattern that binds r for a scope (anchor) and the filter's conditions
// on r, with their parameters. When the pattern starts from the filter's States, their
// condition is what the pattern ensures already and is left out: tested again for each of a
// State's recommendations it cost two thirds of the statement (Afghanistan's first page of
// UPR recommendations with its count: 152,129 → 48,775 db hits, 61 → 45 ms).
func anchored(kind domain.ScopeKind, pattern string, f domain.RecommendationFilter, params map[string]any) (match, where string) {
	match = anchor(kind, pattern, f)
	if match == pattern {
		return match, filterWhere(f, params)
	}
	rest := f
	rest.StateCodes = nil
	params["f_states"] = f.StateCodes
	return match, filterWhere(rest, params)
}

// ordering is how one order is read: its sort-key property, direction and cursor tag.
type ordering struct{ prop, dir, tag string }

// orderings map an order to the precomputed sort-key property that realises it (each has a
// range index) and its direction. Descending dates use an inverted-date key, so that within
// one date the paragraphs still read in document order.
var orderings = map[domain.RecommendationOrder]ordering{
	{Field: "PUBLISHED_AT", Direction: "ASC"}:  {"sk_pub", "ASC", "pa"},
	{Field: "PUBLISHED_AT", Direction: "DESC"}: {"sk_pubdesc", "ASC", "pd"},
	{Field: "PARAGRAPH", Direction: "ASC"}:     {"sk_para", "ASC", "qa"},
	{Field: "PARAGRAPH", Direction: "DESC"}:    {"sk_para", "DESC", "qd"},
}

// filterWhere returns the WHERE conditions for f (combined with AND) and adds their
// parameters. Every condition is a fixed string chosen by which fields are set.
func filterWhere(f domain.RecommendationFilter, p map[string]any) string {
	conds := []string{"true"}
	add := func(cond, name string, v any) {
		conds = append(conds, cond)
		p[name] = v
	}
	if len(f.StateCodes) > 0 {
		add(`EXISTS { (r)-[:ADDRESSED_TO]->(fs:State) WHERE fs.code IN $f_states }`, "f_states", f.StateCodes)
	}
	if len(f.RecommendingStateCodes) > 0 {
		add(`EXISTS { (r)-[:RECOMMENDED_BY]->(fr:State) WHERE fr.code IN $f_recstates }`, "f_recstates", f.RecommendingStateCodes)
	}
	if len(f.MechanismKinds) > 0 {
		add(`r.mechanismKind IN $f_mkinds`, "f_mkinds", strs(f.MechanismKinds))
	}
	if len(f.MechanismCodes) > 0 {
		add(`r.mechanismCode IN $f_mcodes`, "f_mcodes", upper(f.MechanismCodes))
	}
	if len(f.ThemeKeys) > 0 {
		add(`EXISTS { (r)-[:HAS_THEME]->(:Theme)-[:SUBTHEME_OF*0..6]->(ft:Theme) WHERE ft.key IN $f_themes }`, "f_themes", f.ThemeKeys)
	}
	if len(f.AffectedGroupKeys) > 0 {
		add(`EXISTS { (r)-[:CONCERNS_GROUP]->(fg:AffectedGroup) WHERE fg.key IN $f_groups }`, "f_groups", f.AffectedGroupKeys)
	}
	if len(f.SdgCodes) > 0 {
		add(`EXISTS { (r)-[:LINKED_TO_SDG]->(fx) WHERE fx.code IN $f_sdgs OR fx.goalCode IN $f_sdgs }`, "f_sdgs", f.SdgCodes)
	}
	if len(f.Positions) > 0 {
		add(`r.position IN $f_positions`, "f_positions", strs(f.Positions))
	}
	if len(f.UprCycles) > 0 {
		add(`r.uprCycle IN $f_cycles`, "f_cycles", f.UprCycles)
	}
	if len(f.Types) > 0 {
		add(`r.type IN $f_types`, "f_types", strs(f.Types))
	}
	if f.PublishedFrom != nil {
		add(`coalesce(r.publishedOn, date({year: r.year})) >= $f_from`, "f_from", dateParam(f.PublishedFrom))
	}
	if f.PublishedTo != nil {
		add(`coalesce(r.publishedOn, date({year: r.year})) <= $f_to`, "f_to", dateParam(f.PublishedTo))
	}
	if len(f.Languages) > 0 {
		add(`any(l IN r.languages WHERE l IN $f_langs)`, "f_langs", strs(f.Languages))
	}
	if f.TextContains != nil && strings.TrimSpace(*f.TextContains) != "" {
		add(`any(l IN r.languages WHERE toLower(r['text_' + toLower(l)]) CONTAINS $f_text)`, "f_text", strings.ToLower(strings.TrimSpace(*f.TextContains)))
	}
	return strings.Join(conds, " AND ")
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}

func upper(v []string) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = strings.ToUpper(strings.TrimSpace(x))
	}
	return out
}

// Recommendations returns one page of recommendations for each scope key (a State code, a
// theme key…; one "" key for ScopeAll), in one query whatever the number of parents.
func (s *Store) Recommendations(ctx context.Context, kind domain.ScopeKind, keys []string, f domain.RecommendationFilter,
	order domain.RecommendationOrder, p domain.PageArgs) (map[string]domain.Page[*domain.Recommendation], error) {
	pages, err := s.RecommendationPages(ctx, kind, keys, f, order, p, PageReads{})
	return pages.Pages, err
}

// PageReads is what a read of recommendation pages brings in the same statement besides the
// items: the links of a plan below each item, and each scope's total count.
type PageReads struct {
	Plan   Plan
	Count  bool
	Shapes Shapes // how to project the items and what is read below them
}

// RecommendationPages is a page of recommendations per scope key, with what reads asks for.
type RecommendationPages struct {
	Pages  map[string]domain.Page[*domain.Recommendation]
	Trees  map[string]*Tree // each item's links, by recommendation key (with a plan)
	Counts map[string]int   // the recommendations matching the filter, by scope key (with Count)
}

// RecommendationPages reads, for each scope key, one page of its recommendations matching f
// in the order asked for, and in the same statement what reads asks for.
func (s *Store) RecommendationPages(ctx context.Context, kind domain.ScopeKind, keys []string, f domain.RecommendationFilter,
	order domain.RecommendationOrder, p domain.PageArgs, reads PageReads) (RecommendationPages, error) {
	var none RecommendationPages
	// Each scope once: two parents with one key (nodes(ids: [S, S])) would otherwise double
	// its rows, and the page would repeat items and cut at the wrong one.
	params := map[string]any{"scopes": uniqueKeys(keys)}
	var q strings.Builder
	q.WriteString("UNWIND $scopes AS scope\n")
	cols, err := writePage(&q, params, kind, f, order, p, reads, 0)
	if err != nil {
		return none, err
	}
	// The page's order is set inside the OPTIONAL CALL; the final ORDER BY keeps it through
	// the link subqueries, since NewPage drops the last row and builds cursors from the order.
	names := writeCollected(&q, []collectedColumn{{"scope", "scope"}, {"total", "total"}, {"item", cols.item},
		{"key", cols.key}, {"sortKey", cols.sortKey}, {"links", cols.links}}, "", "scope, sortKey "+cols.dir)
	if reads.Plan.needsVisibility() {
		visibility(ctx, params)
	}
	recs, err := s.readCollected(ctx, q.String(), params, names)
	if err != nil {
		return none, fmt.Errorf("list recommendations: %w", err)
	}
	items := map[string][]*domain.Recommendation{}
	sortKeys := map[string][]string{}
	out := RecommendationPages{Pages: make(map[string]domain.Page[*domain.Recommendation], len(keys)), Trees: map[string]*Tree{}}
	if reads.Count {
		out.Counts = map[string]int{}
	}
	for _, r := range recs {
		m := r.AsMap()
		sc := strOf(r, "scope")
		if reads.Count {
			out.Counts[sc] = integer(m, "total")
		}
		if m["item"] == nil {
			continue
		}
		t := decodeTree(m, RecommendationRoot.decode, reads.Plan)
		items[sc] = append(items[sc], t.Item.(*domain.Recommendation))
		sortKeys[sc] = append(sortKeys[sc], strOf(r, "sortKey"))
		if len(reads.Plan) > 0 {
			out.Trees[t.Key] = t
		}
	}
	for _, k := range keys {
		out.Pages[k] = domain.NewPage(p, items[k], sortKeys[k])
	}
	return out, nil
}

// pageColumns are the expressions writePage leaves for the caller to return, per item, and
// the direction of the page's order.
type pageColumns struct{ item, key, sortKey, links, dir string }

// writePage writes the reading of one page of recommendations for the scope key bound to
// scope: the total (when reads.Count, else 0) bound to total, each item bound to r (null for
// an empty page, which still gives its row and count) with the links of reads.Plan compiled
// below it at depth, and returns the columns to project. Its parameters go into params:
// f_… (the filter), cursor and tag.
func writePage(q *strings.Builder, params map[string]any, kind domain.ScopeKind, f domain.RecommendationFilter,
	order domain.RecommendationOrder, p domain.PageArgs, reads PageReads, depth int) (pageColumns, error) {
	pattern, o, cursor, err := pageOrdering(kind, order, p)
	if err != nil {
		return pageColumns{}, err
	}
	cmp, dir := ">", o.dir
	if o.dir == "DESC" {
		cmp = "<"
	}
	if p.Backward { // walk the other way, then NewPage puts the rows back in display order
		cmp = map[string]string{">": "<", "<": ">"}[cmp]
		dir = map[string]string{"ASC": "DESC", "DESC": "ASC"}[dir]
	}
	params["cursor"], params["tag"] = cursor, o.tag+"|"
	match, where := anchored(kind, pattern, f, params)
	filtered := where // what the count counts: the filter, without the cursor
	// The cursor condition is written only when there is a cursor: inside an OR
	// ("$cursor = '' OR …") the planner cannot seek the sort key's range index from the
	// cursor, and a deep page then reads the whole filtered set (a benchmark's page 10,000 of
	// one treaty body: 66,000 db hits instead of 500). The limit is written as a literal (a
	// validated page size, 1 to 101) for the same reason: only a limit it can see lets the
	// planner prefer walking the sort key's index in order over sorting the whole filtered set.
	if cursor != "" {
		where += ` AND r.` + o.prop + ` ` + cmp + ` $cursor`
	}
	byLinks, fromLinks := linkList(kind, f, params)
	if reads.Count {
		q.WriteString("CALL (scope) { " + countBody(byLinks, fromLinks, match, filtered) + " }\n")
	} else {
		q.WriteString("WITH scope, 0 AS total\n")
	}
	// OPTIONAL: a scope whose page is empty still gives its row, and with it its count.
	var body string
	fromIndex := false
	if fromLinks {
		body, fromIndex = byLinks.pageBody(o.prop, cursor != "", cmp, dir, p.Limit+1)
	}
	if !fromIndex {
		body = match + `
  WITH r WHERE ` + where + `
  RETURN r ORDER BY r.` + o.prop + ` ` + dir + ` LIMIT ` + strconv.Itoa(p.Limit+1)
	}
	item := fmt.Sprintf("parent%d", depth)
	fmt.Fprintf(q, "OPTIONAL CALL (scope) {\n  %s\n}\nWITH scope, total, r, r AS %s\n", body, item)
	links, err := compileLinks(q, reads.Plan, depth, reads.Shapes, params)
	if err != nil {
		return pageColumns{}, err
	}
	return pageColumns{item: "CASE WHEN r IS NULL THEN NULL ELSE " + recommendationParts.in(reads.Shapes) + " END",
		key: "r.key", sortKey: "$tag + r." + o.prop, links: links, dir: dir}, nil
}

// pageOrdering checks a page's scope kind, order and cursor, and gives the scope's pattern,
// the order's ordering and the cursor's sort key ("" for none).
func pageOrdering(kind domain.ScopeKind, order domain.RecommendationOrder, p domain.PageArgs) (pattern string, o ordering, cursor string, err error) {
	pattern, ok := scopePatterns[kind]
	if !ok {
		return "", o, "", fmt.Errorf("unknown recommendation scope %q", kind)
	}
	if o, ok = orderings[order]; !ok {
		return "", o, "", apperr.Invalid("orderBy", "unknown order %v", order)
	}
	if p.Cursor != "" {
		tag, value, found := strings.Cut(p.Cursor, "|")
		if !found || tag != o.tag {
			field := "after"
			if p.Backward {
				field = "before"
			}
			return "", o, "", apperr.Invalid(field, "the cursor belongs to another order or list")
		}
		cursor = value
	}
	return pattern, o, cursor, nil
}

// countBody is the subquery body that counts a scope's recommendations matching the filter,
// as total: from its links when linkList accepts the list, else those match binds and where
// keeps (anchored).
func countBody(links linkScope, fromLinks bool, match, where string) string {
	if fromLinks {
		return links.countBody()
	}
	return match + " WITH r WHERE " + where + " RETURN count(r) AS total"
}

// CountRecommendations counts, for each scope key, the recommendations matching f.
func (s *Store) CountRecommendations(ctx context.Context, kind domain.ScopeKind, keys []string, f domain.RecommendationFilter) (map[string]int, error) {
	pattern, ok := scopePatterns[kind]
	if !ok {
		return nil, fmt.Errorf("unknown recommendation scope %q", kind)
	}
	params := map[string]any{"scopes": keys}
	match, where := anchored(kind, pattern, f, params)
	links, fromLinks := linkList(kind, f, params)
	recs, err := s.read(ctx, `UNWIND $scopes AS scope
CALL (scope) { `+countBody(links, fromLinks, match, where)+` }
RETURN scope, total AS n`, params)
	if err != nil {
		return nil, fmt.Errorf("count recommendations: %w", err)
	}
	out := make(map[string]int, len(keys))
	for _, r := range recs {
		out[strOf(r, "scope")] = intOf(r, "n")
	}
	return out, nil
}

// RecommendationsByKeys returns recommendations by key.
func (s *Store) RecommendationsByKeys(ctx context.Context, keys []string) (map[string]*domain.Recommendation, error) {
	return byKeys(ctx, s, "Recommendation", "key", recommendationProjection, keys, decodeRecommendation,
		func(r *domain.Recommendation) string { return r.Key })
}

// RecommendationByUhriID returns the recommendation with a UHRI annotation id, or nil.
func (s *Store) RecommendationByUhriID(ctx context.Context, id string) (*domain.Recommendation, error) {
	recs, err := s.read(ctx, `MATCH (r:Recommendation {uhriAnnotationId: $id}) RETURN `+recommendationProjection+` AS r`, map[string]any{"id": id})
	if err != nil {
		return nil, fmt.Errorf("recommendation by uhri id: %w", err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return decodeRecommendation(mapOf(recs[0], "r")), nil
}

// The linked items of recommendations, each a list per recommendation key.

// StatesAddressed returns the States each recommendation is addressed to.
func (s *Store) StatesAddressed(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return linkedBy[*domain.State](ctx, s, RecommendationStates, keys)
}

// RecommendingStates returns the States that made each recommendation.
func (s *Store) RecommendingStates(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return linkedBy[*domain.State](ctx, s, RecommendationRecommendingStates, keys)
}

// ThemesOf returns each recommendation's themes.
func (s *Store) ThemesOf(ctx context.Context, keys []string) (map[string][]*domain.Theme, error) {
	return linkedBy[*domain.Theme](ctx, s, RecommendationThemes, keys)
}

// AffectedGroupsOf returns each recommendation's affected groups.
func (s *Store) AffectedGroupsOf(ctx context.Context, keys []string) (map[string][]*domain.AffectedGroup, error) {
	return grouped(ctx, s, `MATCH (r:Recommendation)-[:CONCERNS_GROUP]->(x:AffectedGroup) WHERE r.key IN $keys
RETURN r.key AS k, `+groupProjection+` AS x ORDER BY x.name_en`, keys, decodeGroup)
}

// SdgTargetsOf returns each recommendation's SDG targets.
func (s *Store) SdgTargetsOf(ctx context.Context, keys []string) (map[string][]*domain.SdgTarget, error) {
	return grouped(ctx, s, `MATCH (r:Recommendation)-[:LINKED_TO_SDG]->(x:SdgTarget) WHERE r.key IN $keys
WITH r, x ORDER BY x.sortKey RETURN r.key AS k, `+targetProjection+` AS x`, keys, decodeTarget)
}

// SdgGoalsOf returns each recommendation's SDG goals: those it is linked to directly and
// those of the targets it is linked to (by the target's goalCode, as SdgTarget.goal reads
// it), each once, in goal order.
func (s *Store) SdgGoalsOf(ctx context.Context, keys []string) (map[string][]*domain.SdgGoal, error) {
	return grouped(ctx, s, `MATCH (r:Recommendation) WHERE r.key IN $keys
CALL (r) {
  MATCH (r)-[:LINKED_TO_SDG]->(x:SdgGoal) RETURN x
  UNION
  MATCH (r)-[:LINKED_TO_SDG]->(t:SdgTarget) MATCH (x:SdgGoal {code: t.goalCode}) RETURN x
}
WITH r, x ORDER BY x.sortKey RETURN r.key AS k, `+goalProjection+` AS x`, keys, decodeGoal)
}

// uniqueKeys returns keys without repeats, in their first order.
func uniqueKeys(keys []string) []string {
	seen := make(map[string]bool, len(keys))
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
