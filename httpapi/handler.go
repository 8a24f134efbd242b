package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/rs/cors"

	"github.com/nmirf-hub/hub/config"
	"github.com/nmirf-hub/hub/curation"
	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/metrics"
	"github.com/nmirf-hub/hub/resolvers"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/ui"
)

// Options are what the handler needs.
type Options struct {
	Store *store.Store
	// Curation runs the mutations; nil makes one on Store.
	Curation       *curation.Service
	Log            *slog.Logger
	AllowedOrigins []string
	// Limits on GraphQL documents; the zero value means DefaultLimits().
	Limits *Limits
	// Metrics, served at /metrics; nil makes a fresh set.
	Metrics *metrics.Metrics
	// RateLimit per client on /graphql; a zero Rate turns it off.
	RateLimit RateLimit
	// Trusted, when set, is the allow-list of operations: nothing else runs.
	Trusted *TrustedDocuments
	// MaxConcurrentRequests bounds the GraphQL requests that run at once; the others wait
	// their turn (admission.go). Zero or less: no limit.
	MaxConcurrentRequests int
	// RequestTimeout bounds each GraphQL request; its deadline reaches Neo4j as the
	// transaction timeout. Zero means 15 s.
	RequestTimeout time.Duration
	// JWT, when it has a key, lets JWTs stand in for API tokens as bearer credentials.
	JWT config.JWT
	// FailedTokenTTL is how long an unknown or revoked token is refused from memory without
	// a database look-up; zero means FailedTokenTTL (30 s).
	FailedTokenTTL time.Duration
	// GqlgenOnly sends every query through gqlgen's execution, none through the direct
	// answers of compiled reads (resolvers/direct.go; DIRECT_ANSWERS=false).
	GqlgenOnly bool
}

// New returns the service's whole HTTP handler.
func New(o Options) http.Handler {
	limits := DefaultLimits()
	if o.Limits != nil {
		limits = *o.Limits
	}
	cur := o.Curation
	if cur == nil {
		cur = curation.New(o.Store)
	}
	res := &resolvers.Resolver{Store: o.Store, Curation: cur}
	cfg := graph.Config{Resolvers: res}
	setCosts(&cfg.Complexity)
	m := o.Metrics
	if m == nil {
		m = metrics.New()
	}
	es := graph.NewExecutableSchema(cfg)
	gql := newGraphQLServer(es, o.Log, limits, o.Trusted)
	gql.Use(operationMetrics{m})
	gql.Use(operationTracing{})
	if !o.GqlgenOnly {
		gql.Use(resolvers.DirectAnswers{Resolver: res, Schema: es, Observe: m.Answered, Log: o.Log}) // last: the innermost interceptor
	}

	mux := http.NewServeMux()
	timeout := o.RequestTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	if o.Trusted != nil {
		m.AllowOperationNames(o.Trusted.operationNames()...)
	}
	limiter := newRateLimits(o.RateLimit, m)
	// /graphql's middleware, outermost first.
	mux.Handle("/graphql", chain(gql,
		limiter.byAddress, // every request spends its address's budget before anything else
		errorCounter(m),
		func(h http.Handler) http.Handler { return http.MaxBytesHandler(h, MaxBodyBytes) },
		func(h http.Handler) http.Handler { return withDeadline(timeout, h) },
		newAdmission(o.MaxConcurrentRequests, m).limit, // waiting for a slot counts against the deadline
		specStatus,
		authenticate(o.Store, newJWTVerifier(o.JWT), o.Log, o.FailedTokenTTL),
		limiter.byPrincipal, // an accepted credential spends its principal's budget instead
		func(h http.Handler) http.Handler { return resolvers.Middleware(o.Store, h) },
	))
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("GET /{$}", ui.Playground())
	mux.Handle("GET /playground/", ui.PlaygroundScript("/playground/"))
	mux.Handle("GET /assets/", ui.Assets("/assets/"))
	mux.Handle("GET /explore", ui.Explorer("/explore/"))
	mux.Handle("GET /explore/", ui.Explorer("/explore/"))
	mux.Handle("GET /state/{code}", ui.StatePage())
	mux.Handle("GET /state/_/", ui.StateFiles("/state/_/"))
	mux.Handle("GET /shared/", ui.SharedFiles("/shared/"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := o.Store.Ping(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})

	c := cors.New(cors.Options{
		AllowedOrigins: o.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Accept", "Authorization", "X-Request-Id"},
		ExposedHeaders: []string{"X-Request-Id"},
		MaxAge:         600,
	})
	return withRequestID(withAccessLog(o.Log, c.Handler(mux)))
}

// chain wraps h in the middleware, the first outermost: requests go through them in order.
func chain(h http.Handler, middleware ...func(http.Handler) http.Handler) http.Handler {
	for i := len(middleware) - 1; i >= 0; i-- {
		h = middleware[i](h)
	}
	return h
}

type requestIDKey struct{}

// RequestID returns the request's id ("" outside a request).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// withRequestID gives each request an id, echoed in X-Request-Id, so a client reporting an
// "internal error" can be matched with the log line that has the details.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// statusRecorder notes the status of an answer (its body goes straight through), for the
// access log and the error counter.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func withAccessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.InfoContext(r.Context(), "http request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "request_id", RequestID(r.Context()))
	})
}

// withDeadline gives each request a deadline, which the store turns into Neo4j's
// transaction timeout.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
