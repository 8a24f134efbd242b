package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// Compiled reads: a query's whole selection below a root node, read in one statement.
//
// Each way from a node to the items linked to it is described once, as a Link (links.go).
// Two reads are written from that one description:
//   - linkedBy, the batched lookup of one link for many parents (what a loader calls);
//   - ReadTree, which turns a Plan (the links a query selects, nested as the query nests
//     them) into one Cypher statement with a CALL subquery per link and level.
//
// Both bind the child with the same pattern, keep the same items and order them by the same
// expression, so a nested field reads the same thing whichever way it was loaded; a test
// compares them (tree_test.go).

// Link is one way from a node to the items linked to it.
type Link struct {
	name string // for errors: "themes of practices"
	// from: the parent's label and key property.
	fromLabel, fromKey string
	// match binds the child from the parent, written %[1]s, under the variable its
	// projection uses (as); it may end with a WHERE.
	match, as  string
	projection string
	parts      *parts // when set, projection can be shaped (shape.go)
	toKey      string // the child's key property: its key for the links below it
	order      string // expressions on the child that order the items, ending with its key: "n.name, n.key"
	visible    bool   // match filters by the caller's rights (needs visibility's parameters)
	decode     func(map[string]any) any
}

// Root is a kind of node a compiled read starts from, found by its key.
type Root struct {
	label, key, as, projection string
	parts                      *parts // when set, projection can be shaped (shape.go)
	decode                     func(map[string]any) any
}

// Step is one selected link of a plan, with the links selected below it; or, when Page is
// set, a page of the node's recommendations.
type Step struct {
	Link  *Link
	Below Plan
	Page  *PageStep
}

// PageStep is a page of a node's recommendations (as RecommendationPages reads it for that
// node) read in the tree's own statement, so that a State's profile with its newest
// recommendations is one round trip. A plan holds at most one: the page's parameters
// (filter, cursor) have fixed names.
type PageStep struct {
	Kind   domain.ScopeKind
	Scope  string // the node's property that is the page's scope key ("code" of a State)
	Filter domain.RecommendationFilter
	Order  domain.RecommendationOrder
	Args   domain.PageArgs
	Reads  PageReads // Plan and Count; the tree's shapes apply
}

// TreePage is a page read by a PageStep: the page, its total (when counted) and the trees of
// its items (by key, when its plan selects links below them).
type TreePage struct {
	Page  domain.Page[*domain.Recommendation]
	Total int
	Trees map[string]*Tree
}

// Plan is what to read below a node: a step per selected field, by field name.
type Plan map[string]*Step

// Tree is one node read by ReadTree: its key, its decoded item, and per field of the plan
// the items linked to it (in the link's order).
type Tree struct {
	Key   string
	Item  any
	Links map[string][]*Tree
	Pages map[string]*TreePage // per page step of the plan
}

// ReadTree reads the root nodes with the given keys and, in the same statement, every link
// the plan selects below them, as deep as it goes, projecting items as shapes say. Keys not
// found are absent from the result.
func (s *Store) ReadTree(ctx context.Context, root *Root, keys []string, plan Plan, shapes Shapes) (map[string]*Tree, error) {
	params := map[string]any{"keys": keys}
	if plan.needsVisibility() {
		visibility(ctx, params)
	}
	if n := plan.pageSteps(); n > 1 {
		return nil, fmt.Errorf("%s tree: %d pages in one plan (at most one)", root.label, n)
	}
	var q strings.Builder
	fmt.Fprintf(&q, "MATCH (%[1]s:%[2]s) WHERE %[1]s.%[3]s IN $keys\nWITH %[1]s AS parent0, %[1]s.%[3]s AS key, %[4]s AS item\n",
		root.as, root.label, root.key, projectionIn(root.projection, root.parts, shapes))
	links, err := compileLinks(&q, plan, 0, shapes, params)
	if err != nil {
		return nil, err
	}
	names := writeCollected(&q, []collectedColumn{{"key", "key"}, {"item", "item"}, {"links", links}}, "", "")
	recs, err := s.readCollected(ctx, q.String(), params, names)
	if err != nil {
		return nil, fmt.Errorf("%s tree: %w", root.label, err)
	}
	out := make(map[string]*Tree, len(recs))
	for _, rec := range recs {
		m := rec.AsMap()
		t := decodeTree(m, root.decode, plan)
		out[t.Key] = t
	}
	return out, nil
}

// compileLinks writes a CALL subquery per step of plan below the node bound to parent<depth>,
// and returns the map expression that gathers their results by field name. Inside each
// subquery only the parent is in scope (CALL (parentN) {…}), so the projections' own
// variable names (x, s, n, r) never meet those of another level.
//
// A subquery orders its nodes and projects them in the collect itself, with no columns
// carried between clauses: measured on the benchmark's practice traversal, that costs Neo4j
// about a tenth less CPU than naming key, item and order columns in WITH clauses first. The
// nodes are ordered after the subqueries below them, which are not promised to keep an
// order.
func compileLinks(q *strings.Builder, plan Plan, depth int, shapes Shapes, params map[string]any) (string, error) {
	parent := fmt.Sprintf("parent%d", depth)
	child := fmt.Sprintf("parent%d", depth+1)
	var fields []string
	for _, name := range plan.names() {
		step := plan[name]
		out := fmt.Sprintf("links%d_%d", depth, len(fields))
		if step.Page != nil {
			if err := compilePage(q, step.Page, parent, depth+1, shapes, params, out); err != nil {
				return "", err
			}
			fields = append(fields, name+": "+out)
			continue
		}
		l := step.Link
		fmt.Fprintf(q, "CALL (%s) {\n  MATCH %s\n", parent, fmt.Sprintf(l.match, parent))
		// A leaf item carries no links entry at all: an empty map per item cost Neo4j about
		// 3 % of the practice traversal's statement (BENCHMARKS.md, session 16), and
		// decodeTree reads links only for the steps below.
		links := ""
		if len(step.Below) == 0 {
			fmt.Fprintf(q, "  WITH %s ORDER BY %s\n", l.as, l.order)
		} else {
			fmt.Fprintf(q, "  WITH %s, %s AS %s\n", l.as, l.as, child)
			below, err := compileLinks(q, step.Below, depth+1, shapes, params)
			if err != nil {
				return "", err
			}
			links = ", links: " + below
			fmt.Fprintf(q, "  WITH * ORDER BY %s\n", l.order)
		}
		fmt.Fprintf(q, "  RETURN collect({key: %s.%s, item: %s%s}) AS %s\n}\n",
			l.as, l.toKey, projectionIn(l.projection, l.parts, shapes), links, out)
		fields = append(fields, name+": "+out)
	}
	return "{" + strings.Join(fields, ", ") + "}", nil
}

// compilePage writes a CALL subquery that reads a page step's page for the node bound to
// parent, as RecommendationPages reads it (writePage), into out: {total, rows}, the rows in
// the page's order.
func compilePage(q *strings.Builder, ps *PageStep, parent string, depth int, shapes Shapes, params map[string]any, out string) error {
	fmt.Fprintf(q, "CALL (%s) {\n  WITH %s.%s AS scope\n", parent, parent, ps.Scope)
	reads := ps.Reads
	reads.Shapes = shapes
	cols, err := writePage(q, params, ps.Kind, ps.Filter, ps.Order, ps.Args, reads, depth)
	if err != nil {
		return err
	}
	fmt.Fprintf(q, "  WITH total, %s AS item, %s AS key, %s AS sortKey, %s AS links ORDER BY sortKey %s\n", cols.item, cols.key, cols.sortKey, cols.links, cols.dir)
	fmt.Fprintf(q, "  WITH total, collect(CASE WHEN item IS NULL THEN NULL ELSE {key: key, item: item, sortKey: sortKey, links: links} END) AS rows\n")
	fmt.Fprintf(q, "  RETURN {total: total, rows: rows} AS %s\n}\n", out)
	return nil
}

// CheckPage says whether a page step can be read (its scope kind, order and cursor are
// valid), without writing its Cypher.
func CheckPage(ps *PageStep) error {
	_, _, _, err := pageOrdering(ps.Kind, ps.Order, ps.Args)
	return err
}

func decodeTree(m map[string]any, decode func(map[string]any) any, plan Plan) *Tree {
	item, _ := m["item"].(map[string]any)
	key, ok := m["key"].(string) // keys are strings; anything else is written as fmt would
	if !ok {
		key = fmt.Sprint(m["key"])
	}
	t := &Tree{Key: key, Item: decode(item)}
	if len(plan) > 0 {
		t.Links = make(map[string][]*Tree, len(plan))
	}
	links, _ := m["links"].(map[string]any)
	for name, step := range plan {
		if step.Page != nil {
			if t.Pages == nil {
				t.Pages = map[string]*TreePage{}
			}
			t.Pages[name] = decodePage(links[name], step.Page)
			continue
		}
		children, _ := links[name].([]any)
		list := make([]*Tree, 0, len(children))
		for _, c := range children {
			cm, _ := c.(map[string]any)
			list = append(list, decodeTree(cm, step.Link.decode, step.Below))
		}
		t.Links[name] = list
	}
	return t
}

// decodePage turns a page step's {total, rows} into its page.
func decodePage(v any, ps *PageStep) *TreePage {
	m, _ := v.(map[string]any)
	rows, _ := m["rows"].([]any)
	tp := &TreePage{Total: integer(m, "total"), Trees: map[string]*Tree{}}
	var items []*domain.Recommendation // nil when empty, as RecommendationPages gives it
	var keys []string
	for _, r := range rows {
		rm, _ := r.(map[string]any)
		t := decodeTree(rm, RecommendationRoot.decode, ps.Reads.Plan)
		items = append(items, t.Item.(*domain.Recommendation))
		keys = append(keys, str(rm, "sortKey"))
		if len(ps.Reads.Plan) > 0 {
			tp.Trees[t.Key] = t
		}
	}
	tp.Page = domain.NewPage(ps.Args, items, keys)
	return tp
}

// pageSteps counts the plan's page steps, as deep as it goes.
func (p Plan) pageSteps() int {
	n := 0
	for _, step := range p {
		if step.Page != nil {
			n += 1 + step.Page.Reads.Plan.pageSteps()
		} else {
			n += step.Below.pageSteps()
		}
	}
	return n
}

// names lists the plan's fields in a fixed order, so a selection always compiles to the
// same text (one cached Neo4j plan per query shape).
func (p Plan) names() []string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (p Plan) needsVisibility() bool {
	for _, step := range p {
		if step.Page != nil {
			if step.Page.Reads.Plan.needsVisibility() {
				return true
			}
			continue
		}
		if step.Link.visible || step.Below.needsVisibility() {
			return true
		}
	}
	return false
}

// linkedBy is the batched lookup of one link: for each parent key, the linked items in the
// link's order.
func linkedBy[T any](ctx context.Context, s *Store, l *Link, keys []string) (map[string][]T, error) {
	orderAs, orderBy := l.orderColumns()
	params := map[string]any{"keys": keys}
	if l.visible {
		visibility(ctx, params)
	}
	var q strings.Builder
	fmt.Fprintf(&q, "MATCH (parent:%[1]s) WHERE parent.%[2]s IN $keys\nMATCH %[3]s\n", l.fromLabel, l.fromKey, fmt.Sprintf(l.match, "parent"))
	names := writeCollected(&q, []collectedColumn{{"k", "parent." + l.fromKey}, {"x", l.projection}}, orderAs, orderBy)
	recs, err := s.readCollected(ctx, q.String(), params, names)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.name, err)
	}
	out := map[string][]T{}
	for _, r := range recs {
		k := strOf(r, "k")
		out[k] = append(out[k], l.decode(mapOf(r, "x")).(T))
	}
	return out, nil
}

// orderColumns names the link's order expressions as columns ("n.name AS o0, n.key AS o1")
// and lists those columns for ORDER BY ("o0, o1").
func (l *Link) orderColumns() (as, by string) {
	var cols, names []string
	for i, e := range strings.Split(l.order, ", ") {
		name := fmt.Sprintf("o%d", i)
		cols = append(cols, e+" AS "+name)
		names = append(names, name)
	}
	return strings.Join(cols, ", "), strings.Join(names, ", ")
}

// projectionIn is a link's or a root's projection as shapes ask: whole, unless it can be
// shaped and shapes name its label.
func projectionIn(whole string, p *parts, shapes Shapes) string {
	if p == nil {
		return whole
	}
	return p.in(shapes)
}

// decoder adapts a typed decoder to a Link's or a Root's.
func decoder[T any](decode func(map[string]any) T) func(map[string]any) any {
	return func(m map[string]any) any { return decode(m) }
}

// Roots a compiled read may start from.
var (
	StateRoot          = &Root{label: "State", key: "code", as: "s", projection: stateProjection, decode: decoder(decodeState)}
	NMIRFRoot          = &Root{label: "NMIRF", key: "key", as: "n", projection: nmirfProjection, decode: decoder(decodeNMIRF)}
	PracticeRoot       = &Root{label: "GoodPractice", key: "key", as: "x", projection: practiceProjection, parts: practiceParts, decode: decoder(decodePractice)}
	RecommendationRoot = &Root{label: "Recommendation", key: "key", as: "r", projection: recommendationProjection, parts: recommendationParts, decode: decoder(decodeRecommendation)}
)
