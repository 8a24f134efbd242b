package resolvers

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Compiled pages. A page of a node's recommendations selected below a compiled read (a
// State's profile with its 10 newest recommendations) is read in the same statement, as a
// store.PageStep, instead of by the page field's own query afterwards: the profile is then
// one round trip. The page field's resolver (recommendationPages) finds the page in the
// request's compiledPages, under the same key it would read it by, and reads it itself when
// it is not there: a page with a filter, a second page field in one compiled read (a plan
// holds one page), arguments that do not validate (the field's own read says why).

// pageField says how a recommendation page field of a node is read: the scope kind, the
// node's property that is the scope key, and the order when none is asked.
type pageField struct {
	kind  domain.ScopeKind
	scope string
	def   domain.RecommendationOrder
}

// pageFields are the page fields a compiled read may read, by GraphQL type and field name.
var pageFields = map[string]map[string]pageField{
	"State": {
		"recommendationsReceived": {domain.ScopeReceivedBy, "code", domain.DefaultRecommendationOrder},
		"recommendationsMade":     {domain.ScopeMadeBy, "code", domain.DefaultRecommendationOrder},
	},
}

// compiledPage is a page read by a compiled read, with its total when counted.
type compiledPage struct {
	page  domain.Page[*domain.Recommendation]
	total int
}

// compiledPages holds the pages compiled reads brought, by pageKey.
type compiledPages struct{ m sync.Map }

// pageKey names one page: of which kind of scope and which node, in which order, with which
// page arguments, counted or not. A page with a filter is never compiled.
func pageKey(kind domain.ScopeKind, scope string, order domain.RecommendationOrder, p domain.PageArgs, counted bool) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d|%t|%q|%t", kind, scope, order.Field, order.Direction, p.Limit, p.Backward, p.Cursor, counted)
}

// pageStep turns a page field selected on a compiled node into a page step, or says why it
// cannot be one (nil): a filter, or arguments that do not make a valid page.
func pageStep(opCtx *graphql.OperationContext, f graphql.CollectedField, pf pageField, planBelow func([]graphql.CollectedField) store.Plan) *store.PageStep {
	args := f.ArgumentMap(opCtx.Variables)
	if args["filter"] != nil {
		return nil
	}
	first, ok1 := intArg(args["first"])
	last, ok2 := intArg(args["last"])
	after, ok3 := stringArg(args["after"])
	before, ok4 := stringArg(args["before"])
	order, ok5 := orderArg(args["orderBy"], pf.def)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return nil
	}
	p, err := domain.NewPageArgs(first, after, last, before)
	if err != nil {
		return nil
	}
	counted, nodes := connectionSelection(opCtx, f.Selections)
	ps := &store.PageStep{Kind: pf.kind, Scope: pf.scope, Order: order, Args: p,
		Reads: store.PageReads{Count: counted, Plan: planBelow(nodes)}}
	if store.CheckPage(ps) != nil {
		return nil
	}
	return ps
}

// primePage files a page read by a compiled read for the node with the given key, and hands
// the links read below its items to the batchers, as recommendationPages does with its own.
func primePage(l *Loaders, key string, ps *store.PageStep, tp *store.TreePage) {
	l.compiledPages.m.Store(pageKey(ps.Kind, key, ps.Order, ps.Args, ps.Reads.Count), &compiledPage{page: tp.Page, total: tp.Total})
	if len(ps.Reads.Plan) == 0 {
		return
	}
	found := make([]*store.Tree, 0, len(tp.Trees))
	for _, t := range tp.Trees {
		found = append(found, t)
		prime(l, t, "Recommendation", ps.Reads.Plan)
	}
	roots["Recommendation"].prime(l, "", found)
}

// compiledConnections are the connections of the given scopes from pages compiled reads
// brought, or nil unless every scope's page is there.
func compiledConnections(l *Loaders, kind domain.ScopeKind, keys []string, order domain.RecommendationOrder, p domain.PageArgs, counted bool) []*model.RecommendationConnection {
	out := make([]*model.RecommendationConnection, len(keys))
	for i, k := range keys {
		v, ok := l.compiledPages.m.Load(pageKey(kind, k, order, p, counted))
		if !ok {
			return nil
		}
		cp := v.(*compiledPage)
		out[i] = &model.RecommendationConnection{Scope: domain.RecommendationScope{Kind: kind, Key: k}, Page: cp.page}
		if counted {
			n := cp.total
			out[i].Count = &n
		}
	}
	return out
}

// connectionSelection is what a recommendation connection's selection set asks for: whether
// totalCount is wanted, and the fields selected on the recommendations (under nodes and
// under edges.node).
func connectionSelection(opCtx *graphql.OperationContext, sel ast.SelectionSet) (counted bool, nodes []graphql.CollectedField) {
	top := graphql.CollectFields(opCtx, sel, connTypes)
	for _, f := range top {
		switch f.Name {
		case "totalCount":
			counted = true
		case "nodes":
			nodes = append(nodes, graphql.CollectFields(opCtx, f.Selections, recTypes)...)
		case "edges":
			for _, e := range graphql.CollectFields(opCtx, f.Selections, edgeTypes) {
				if e.Name == "node" {
					nodes = append(nodes, graphql.CollectFields(opCtx, e.Selections, recTypes)...)
				}
			}
		}
	}
	return counted, nodes
}

// intArg reads an optional Int argument as the variables or the literal give it.
func intArg(v any) (*int, bool) {
	var n int64
	switch x := v.(type) {
	case nil:
		return nil, true
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	case int64:
		n = x
	case float64:
		if x != float64(int64(x)) {
			return nil, false
		}
		n = int64(x)
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return nil, false
		}
		n = i
	default:
		return nil, false
	}
	i := int(n)
	return &i, true
}

func stringArg(v any) (*string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return &x, true
	}
	return nil, false
}

// orderArg reads an orderBy argument ({field, direction}), def when absent.
func orderArg(v any, def domain.RecommendationOrder) (domain.RecommendationOrder, bool) {
	if v == nil {
		return def, true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return def, false
	}
	var o domain.RecommendationOrder
	if o.Field.UnmarshalGQL(m["field"]) != nil || o.Direction.UnmarshalGQL(m["direction"]) != nil {
		return def, false
	}
	return o, true
}
