package resolvers

import (
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Direct answers of full-text searches (direct.go): a search of recommendations only, with
// no filter, whose hits select the edge's cursor and score and fields of directFields on the
// recommendation. Its arguments are coerced by gqlgen's generated code (graph.QueryFieldArgs).
// The search itself is the resolver's (Resolver.search: the same checks,
// the same statement, the same page and cursors); only the writing skips gqlgen's execution.
// Each hit's recommendation is read with the hit (store.SearchHit.Recommendation) and found
// where the search resolver primed it, as the edge's node resolver finds it.

// search writes the answer of a root field search(…).
func (w *directWriter) search(root graphql.CollectedField) error {
	if w.es == nil || !directSearchSelection(w.op, root) {
		return errNotDirect
	}
	args, err := graph.QueryFieldArgs(w.ctx, w.es, "search", root.ArgumentMap(w.op.Variables))
	if err != nil {
		return errNotDirect // gqlgen reports it
	}
	query, _ := args["query"].(string)
	lang, _ := args["lang"].(*domain.Language)
	types, _ := args["types"].([]store.SearchType)
	filter, _ := args["filter"].(*model.RecommendationFilter)
	first, _ := args["first"].(*int)
	after, _ := args["after"].(*string)
	if filter != nil || !recommendationsOnly(types) {
		return errNotDirect
	}
	// The resolver reads the field's selection (whether texts are needed for snippets).
	ctx := graphql.WithFieldContext(w.ctx, &graphql.FieldContext{Object: "Query", Field: root, Args: args, IsMethod: true, IsResolver: true})
	conn, err := w.r.search(ctx, query, lang, types, filter, first, after)
	if err != nil {
		return err
	}
	known := For(w.ctx).RecommendationByKey
	if !w.fields(graphql.CollectFields(w.op, root.Selections, searchConnTypes), func(cf graphql.CollectedField) bool {
		switch cf.Name {
		case "__typename":
			return w.typename("SearchConnection")
		case "pageInfo":
			return w.pageInfo(conn.PageInfo, cf.Selections)
		}
		edgeFields := graphql.CollectFields(w.op, cf.Selections, searchEdgeTypes)
		return w.list(len(conn.Edges), func(i int) bool {
			e := conn.Edges[i]
			return w.fields(edgeFields, func(ef graphql.CollectedField) bool {
				switch ef.Name {
				case "__typename":
					return w.typename("SearchEdge")
				case "cursor":
					graphql.MarshalString(e.Cursor).MarshalGQL(&w.buf)
					return true
				case "score":
					// As the generated marshalNFloat2float64: an infinite or NaN score is an
					// error there, left to gqlgen here.
					return graphql.MarshalFloatContext(e.Score).MarshalGQLContext(w.ctx, &w.buf) == nil
				}
				kind, key, _ := strings.Cut(e.UID, ":")
				r, ok := known.recall(key)
				if domain.Kind(kind) != domain.KindRecommendation || !ok || r == nil {
					return false
				}
				return w.object(&store.Tree{Key: key, Item: r}, "Recommendation", graphql.CollectFields(w.op, ef.Selections, recTypes))
			})
		})
	}) {
		return errNotDirect
	}
	return nil
}

var (
	searchConnTypes = []string{"SearchConnection"}
	searchEdgeTypes = []string{"SearchEdge"}
)

// recommendationsOnly says whether a search's types name recommendations alone (none: every
// type).
func recommendationsOnly(types []store.SearchType) bool {
	for _, t := range types {
		if t != store.SearchRecommendation {
			return false
		}
	}
	return len(types) > 0
}

// directSearchSelection says whether a search's selection can be answered directly: edges
// with their cursor, score and a recommendation's own fields (no links: the hit's read
// brings none), and pageInfo.
func directSearchSelection(op *graphql.OperationContext, root graphql.CollectedField) bool {
	for _, f := range graphql.CollectFields(op, root.Selections, searchConnTypes) {
		if deferred(f) {
			return false
		}
		switch f.Name {
		case "__typename":
		case "pageInfo":
			if !directPageInfo(op, f.Selections) {
				return false
			}
		case "edges":
			for _, e := range graphql.CollectFields(op, f.Selections, searchEdgeTypes) {
				if deferred(e) {
					return false
				}
				switch e.Name {
				case "__typename", "cursor", "score":
				case "node":
					if !directScalars(graphql.CollectFields(op, e.Selections, recTypes), "Recommendation") {
						return false
					}
				default: // snippet, matchedFields
					return false
				}
			}
		default: // nodes, totalCount, totalCountCapped
			return false
		}
	}
	return true
}
