package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/nmirf-hub/hub/apperr"
)

func TestPresenterNeverShowsInternalText(t *testing.T) {
	present := presentError(slog.New(slog.NewTextHandler(io.Discard, nil)), true)
	ctx := context.Background()
	raw := errors.New("Neo4jError: MATCH (n) RETURN n syntax error")
	for name, err := range map[string]error{
		"raw": raw,
		"wrapped with a path (gqlgen does this for fields with arguments)": &gqlerror.Error{Message: raw.Error(), Err: raw},
		"wrapped twice": &gqlerror.Error{Message: "x: " + raw.Error(), Err: &gqlerror.Error{Message: raw.Error(), Err: raw}},
	} {
		out := present(ctx, err)
		if out.Message != "internal error" || out.Extensions["code"] != "INTERNAL" {
			t.Errorf("%s: %q %v", name, out.Message, out.Extensions)
		}
	}
	safe := present(ctx, &gqlerror.Error{Message: "x", Err: apperr.Invalid("f", "bad f")})
	if safe.Message != "bad f" || safe.Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("an application error lost its message: %+v", safe)
	}
	parse := present(ctx, &gqlerror.Error{Message: "Expected Name", Extensions: map[string]any{"code": "GRAPHQL_PARSE_FAILED"}})
	if parse.Message != "Expected Name" {
		t.Errorf("a parse error lost its message: %+v", parse)
	}
}
