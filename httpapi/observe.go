package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

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
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		typ := "query"
		if oc.Operation != nil {
			typ = string(oc.Operation.Operation)
		}
		o.m.ObserveOperation(oc.OperationName, typ, time.Since(start))
	}
	return resp
}

// errorCounter counts the error codes of every GraphQL response, including the parse,
// validation and limit errors that gqlgen answers before any resolver runs.
func errorCounter(m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tee := &teeWriter{ResponseWriter: w}
		next.ServeHTTP(tee, r)
		if !bytes.Contains(tee.buf.Bytes(), []byte(`"errors"`)) {
			return
		}
		var body struct {
			Errors []struct {
				Extensions struct{ Code string } `json:"extensions"`
			} `json:"errors"`
		}
		if json.Unmarshal(tee.buf.Bytes(), &body) != nil {
			return
		}
		for _, e := range body.Errors {
			code := e.Extensions.Code
			if code == "" {
				code = "UNKNOWN"
			}
			m.CountError(code)
		}
	})
}

// teeWriter keeps a copy of a response body (up to 1 MiB; larger answers carry no errors
// worth counting that a smaller one would not).
type teeWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.buf.Len() < 1<<20 {
		t.buf.Write(b)
	}
	return t.ResponseWriter.Write(b)
}

// RateLimit is a per-client token bucket: Rate requests per second on average, Burst at once.
type RateLimit struct {
	Rate  float64
	Burst int
}

// rateLimiter refuses requests over a client's budget with 429 and Retry-After. A client is
// its bearer token (hashed) when it sends one, else its IP address. The table of clients is
// an LRU, so a flood of new addresses cannot grow memory without bound.
func rateLimiter(rl RateLimit, m *metrics.Metrics, next http.Handler) http.Handler {
	if rl.Rate <= 0 {
		return next
	}
	clients, _ := lru.New[string, *rate.Limiter](10000)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := clientKey(r)
		lim, ok := clients.Get(key)
		if !ok {
			lim = rate.NewLimiter(rate.Limit(rl.Rate), rl.Burst)
			clients.Add(key, lim)
		}
		res := lim.Reserve()
		if delay := res.Delay(); delay > 0 {
			res.Cancel()
			if m != nil {
				m.CountRateLimited()
			}
			w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(delay.Seconds()))))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"errors":[{"message":"too many requests; retry after the time in Retry-After","extensions":{"code":"RATE_LIMITED"}}]}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func clientKey(r *http.Request) string {
	if auth := r.Header.Get("Authorization"); auth != "" {
		sum := sha256.Sum256([]byte(auth))
		return "t:" + hex.EncodeToString(sum[:8])
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host
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
