package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
)

// This file is written by hand (gqlgen writes generated.go only).

// QueryFieldArgs coerces the arguments of a root Query field exactly as the generated
// execution does before it calls the field's resolver (defaults, variables, enums, input
// objects), for code that resolves a root field itself (resolvers/direct.go). raw is the
// field's ArgumentMap. Only the fields listed here are supported.
func QueryFieldArgs(ctx context.Context, es graphql.ExecutableSchema, field string, raw map[string]any) (map[string]any, error) {
	e, ok := es.(*executableSchema)
	if !ok || !graphql.HasOperationContext(ctx) {
		return nil, fmt.Errorf("QueryFieldArgs: not this package's executable schema")
	}
	ec := newExecutionContext(graphql.GetOperationContext(ctx), e, nil)
	switch field {
	case "recommendations":
		return ec.field_Query_recommendations_args(ctx, raw)
	case "search":
		return ec.field_Query_search_args(ctx, raw)
	}
	return nil, fmt.Errorf("QueryFieldArgs: %s is not supported", field)
}
