package resolvers

import (
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Direct answers of full-text searches (direct.go): a search of recommendations only, with
// no filter, whose hits select the edge's cursor and score and fields of directFields on the
// recommendation. The search itself is the resolver's (Resolver.search: the same checks,
// the same statement, the same page and cursors); only the writing skips gqlgen's execution.
// Each hit's recommendation is read with the hit (store.SearchHit.Recommendation) and found
// where the search resolver primed it, as the edge's node resolver finds it.

// search writes the answer of a root field search(…).
func (w *directWriter) search(root graphql.CollectedField) error {
	args := root.ArgumentMap(w.op.Variables)
	for name, v := range args {
		switch name {
		case "query", "types", "first", "after", "lang":
		default: // a filter (or anything new) leaves the search to gqlgen
			if v != nil {
				return errNotDirect
			}
		}
	}
	query, ok := args["query"].(string)
	if !ok {
		return errNotDirect
	}
	types, ok := recommendationsOnly(args["types"])
	first, ok1 := intArg(args["first"])
	after, ok2 := stringArg(args["after"])
	lang, ok3 := langArg(w.op, root)
	if !ok || !ok1 || !ok2 || !ok3 || !directSearchSelection(w.op, root) {
		return errNotDirect
	}
	// The resolver reads the field's selection (whether texts are needed for snippets).
	ctx := graphql.WithFieldContext(w.ctx, &graphql.FieldContext{Object: "Query", Field: root, Args: args, IsMethod: true, IsResolver: true})
	conn, err := w.r.search(ctx, query, lang, types, nil, first, after)
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

// recommendationsOnly reads a types argument that names recommendations alone.
func recommendationsOnly(v any) ([]store.SearchType, bool) {
	list := graphql.CoerceList(v)
	if len(list) == 0 {
		return nil, false // every type
	}
	types := make([]store.SearchType, len(list))
	for i, x := range list {
		if err := types[i].UnmarshalGQL(x); err != nil || types[i] != store.SearchRecommendation {
			return nil, false
		}
	}
	return types, true
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
