package httpapi

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/nmirf-hub/hub/metrics"
	"github.com/nmirf-hub/hub/tracing"
)

// operationMetrics records each operation's latency by name and type.
type operationMetrics struct{ m *metrics.Metrics }

func (operationMetrics) ExtensionName() string                   { return "OperationMetrics" }
func (operationMetrics) Validate(graphql.ExecutableSchema) error { return nil }
func (o operationMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			reportError(ctx, code)
		}
	}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		typ := "query"
		if oc.Operation != nil {
			typ = string(oc.Operation.Operation)
		}
		// The name as the parsed document defines it (never the client's raw operationName);
		// the metrics keep a bounded set of names and count the rest as "other".
		name := ""
		if oc.Operation != nil {
			name = oc.Operation.Name
		}
		o.m.ObserveOperation(name, typ, time.Since(start))
	}
	return resp
}

// errorCounter counts the error codes of every answer of /graphql. Nothing parses a
// response body for it: gqlgen's answers (execution, parse, validation and limit errors
// alike) report their codes from the response object (operationMetrics), and the
// middleware's own refusals (authentication, per-principal rate limits, a missing query)
// report theirs when they write them (reportError). An error answer that reported no code
// (a transport gqlgen refuses outright) counts as UNKNOWN.
func errorCounter(m *metrics.Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sink := &errorSink{}
			sw := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), errorSinkKey{}, sink)))
			sink.mu.Lock()
			defer sink.mu.Unlock()
			if len(sink.codes) == 0 && sw.status >= 400 {
				sink.codes = append(sink.codes, "UNKNOWN")
			}
			for _, code := range sink.codes {
				m.CountError(code)
			}
		})
	}
}

type errorSinkKey struct{}

// errorSink collects the error codes of one request.
type errorSink struct {
	mu    sync.Mutex
	codes []string
}

// reportError records an error code of the request's answer, for errorCounter.
func reportError(ctx context.Context, code string) {
	if s, ok := ctx.Value(errorSinkKey{}).(*errorSink); ok {
		if code == "" {
			code = "UNKNOWN"
		}
		s.mu.Lock()
		s.codes = append(s.codes, code)
		s.mu.Unlock()
	}
}

// operationTracing opens a span per GraphQL operation (a no-op unless tracing is configured);
// the store's spans for Neo4j queries nest under it.
type operationTracing struct{}

func (operationTracing) ExtensionName() string                   { return "OperationTracing" }
func (operationTracing) Validate(graphql.ExecutableSchema) error { return nil }
func (operationTracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	name, typ := "anonymous", "query"
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		if oc.OperationName != "" {
			name = oc.OperationName
		}
		if oc.Operation != nil {
			typ = string(oc.Operation.Operation)
		}
	}
	ctx, span := tracing.Tracer().Start(ctx, "graphql."+typ+" "+name,
		trace.WithAttributes(attribute.String("graphql.operation.name", name), attribute.String("graphql.operation.type", typ)))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	return resp
}
