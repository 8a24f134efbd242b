// Package httpapi builds the service's HTTP handler: the GraphQL endpoint with its safety
// settings, the playground, health checks, CORS and request ids.
package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/nmirf-hub/hub/apperr"
)

// Limits applied to every GraphQL request before execution.
const (
	// MaxBodyBytes caps a request body; GraphQL documents are small, so anything larger is
	// refused before it is read into memory.
	MaxBodyBytes = 1 << 20
	// queryCacheSize is how many parsed documents are kept.
	queryCacheSize = 1000
)

// newGraphQLServer configures gqlgen's server: explicit transports, a parsed-query cache,
// a token limit, and error handling that never shows internal text to clients.
func newGraphQLServer(es graphql.ExecutableSchema, log *slog.Logger, l Limits, trusted *TrustedDocuments) *handler.Server {
	srv := handler.New(es)
	srv.Use(rawData{}) // first: the outermost response interceptor (rawdata.go)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	// POST accepts application/json and answers in application/json or
	// application/graphql-response+json, following the request's Accept header.
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	// Persisted operations: with an allow-list only registered documents run (public
	// frontends); otherwise clients may use automatic persisted queries to send hashes.
	if trusted != nil {
		srv.Use(trustedOnly{trusted})
	} else {
		srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](queryCacheSize)})
	}
	// Limits before execution: tokens while parsing, then shape and cost after validation.
	srv.SetParserTokenLimit(l.MaxTokens)
	if l.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.SetDisableSuggestion(!l.Suggestions)
	// Shape and cost in one walk that measures each fragment once (not gqlgen's
	// FixedComplexityLimit, which expands every spread again).
	srv.Use(newDocumentLimit(l))
	srv.Use(costInExtensions{l.MaxCost})
	srv.SetErrorPresenter(presentError(log, l.Suggestions))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "request_id", RequestID(ctx))
		return &apperr.Error{Code: apperr.Internal, Message: "internal error"}
	})
	return srv
}

// presentError decides what a client sees of an error. Application errors show their code
// and safe message; gqlgen's own parse, validation and argument errors pass through; any
// other error (driver messages, Cypher) becomes "internal error" with the request id, and
// its text goes only to the log.
//
// Without suggestions (production), "Did you mean …?" is cut from every message (gqlgen's
// switch covers only two validation rules; unknown arguments, types, enum values and input
// fields suggest too). A request body that is not JSON is never echoed back.
func presentError(log *slog.Logger, suggestions bool) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		if ge, ok := err.(*gqlerror.Error); ok && ge.Err == nil {
			out.Message = safeDocumentMessage(out.Message, suggestions)
		}
		if ae, ok := apperr.As(err); ok {
			out.Message = ae.Message
			out.Extensions = map[string]any{"code": string(ae.Code)}
			if ae.Field != "" {
				out.Extensions["field"] = ae.Field
			}
			if ae.Code == apperr.Unavailable {
				markUnavailable(ctx)
			}
			if ae.Code == apperr.Internal || ae.Code == apperr.Unavailable {
				out.Extensions["requestId"] = RequestID(ctx)
				log.ErrorContext(ctx, "request failed", "code", ae.Code, "error", err.Error(), "request_id", RequestID(ctx))
			}
			return out
		}
		// Produced by gqlgen itself (parse, validation): its messages describe the document.
		// A gqlerror that wraps another error is a resolver's error with a path attached,
		// and is treated as internal like any other unknown error.
		if ge, ok := err.(*gqlerror.Error); ok && ge.Err == nil {
			if ge.Extensions == nil || ge.Extensions["code"] == nil {
				if out.Extensions == nil {
					out.Extensions = map[string]any{}
				}
				out.Extensions["code"] = string(apperr.BadUserInput)
			}
			return out
		}
		log.ErrorContext(ctx, "internal error", "error", err.Error(), "request_id", RequestID(ctx))
		out.Message = "internal error"
		out.Extensions = map[string]any{"code": string(apperr.Internal), "requestId": RequestID(ctx)}
		return out
	}
}

// didYouMean is a validation message's suggestion ("Did you mean "x" or "y"?").
var didYouMean = regexp.MustCompile(`\s*Did you mean [^?]*\?`)

// safeDocumentMessage drops what a message of gqlgen's must not show: the request body that
// its POST transport appends to a JSON decoding error (up to MaxBodyBytes of whatever the
// client sent) and, when suggestions are off, "Did you mean …?".
func safeDocumentMessage(msg string, suggestions bool) string {
	if rest, ok := strings.CutPrefix(msg, "json request body could not be decoded: "); ok {
		if i := strings.Index(rest, " body:"); i >= 0 {
			rest = rest[:i]
		}
		if len(rest) > 200 {
			rest = rest[:200] + "…"
		}
		msg = "the request body is not valid JSON: " + rest
	}
	if !suggestions {
		msg = didYouMean.ReplaceAllString(msg, "")
	}
	return msg
}
