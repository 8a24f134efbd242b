package resolvers

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Direct answers of the root page recommendations(…) (direct.go): the page is the resolver's
// own (the same argument checks, filter, order, cursors and count, in its one statement),
// its arguments coerced by gqlgen's generated code (graph.QueryFieldArgs); only the writing
// skips gqlgen's execution. Only the recommendations' own fields (directFields) are taken: a
// page whose items select a link goes to gqlgen as a whole (its links are primed into the
// request's batchers, not kept as trees the writer could walk).

// recommendations writes the answer of a root field recommendations(…).
func (w *directWriter) recommendations(root graphql.CollectedField) error {
	items := func(fields []graphql.CollectedField) bool { return directScalars(fields, "Recommendation") }
	if w.es == nil || !directConnection(w.op, root.Selections, items) {
		return errNotDirect
	}
	args, err := graph.QueryFieldArgs(w.ctx, w.es, "recommendations", root.ArgumentMap(w.op.Variables))
	if err != nil {
		return errNotDirect // gqlgen reports it
	}
	first, _ := args["first"].(*int)
	after, _ := args["after"].(*string)
	last, _ := args["last"].(*int)
	before, _ := args["before"].(*string)
	filter, _ := args["filter"].(*model.RecommendationFilter)
	orderBy, _ := args["orderBy"].(*domain.RecommendationOrder)
	// The resolver reads the field's selection (the count, the links to read with the page).
	ctx := graphql.WithFieldContext(w.ctx, &graphql.FieldContext{Object: "Query", Field: root, Args: args, IsMethod: true, IsResolver: true})
	conn, err := w.r.Query().Recommendations(ctx, first, after, last, before, filter, orderBy)
	if err != nil {
		return err
	}
	if !w.connection(conn, root.Selections, func(r *domain.Recommendation) *store.Tree { return &store.Tree{Key: r.Key, Item: r} }) {
		return errNotDirect
	}
	return nil
}
