// Command hub is the NMIRF Knowledge Hub: a GraphQL service over a Neo4j knowledge graph.
//
//	go run .            start the server (configured by environment variables; see README)
//	go run . import …   import UHRI JSON/XLSX, CSV/TSV or the hub's own JSON (see package cli)
//	go run . export …   export recommendations (CSV, JSON, NDJSON) or a neighbourhood (GraphML, JSON)
//	go run . gen …      write synthetic UHRI-JSON for benchmarks
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nmirf-hub/hub/cli"
	"github.com/nmirf-hub/hub/config"
	"github.com/nmirf-hub/hub/curation"
	"github.com/nmirf-hub/hub/demo"
	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/metrics"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/tracing"
)

//go:generate go run github.com/99designs/gqlgen generate

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
		os.Exit(1)
	}
}

// run starts the service and blocks until ctx is cancelled (SIGINT/SIGTERM), then drains
// in-flight requests. Tests call it directly with their own environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		level := getenv("LOG_LEVEL")
		if level == "" {
			level = "info"
		}
		env := cli.Env{Getenv: getenv, Stdout: stdout, Stderr: stderr, Log: newLogger(stderr, level)}
		return cli.Run(ctx, args[0], env, args[1:])
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(stderr, cfg.LogLevel)
	if applied := tuneGC(getenv); len(applied) > 0 {
		log.Info("garbage collector defaults", applied...)
	}
	log.Debug("goroutine starting stack", "bytes", warmStackStart())
	stopTracing, tracingOn, err := tracing.Setup(ctx, getenv)
	if err != nil {
		return err
	}
	defer stopTracing(context.Background())
	if tracingOn {
		log.Info("opentelemetry tracing on")
	}
	if cfg.JWT.Enabled() {
		log.Info("JWT bearer credentials on", "algorithms", cfg.JWT.Methods(), "issuer", cfg.JWT.Issuer, "audience", cfg.JWT.Audience)
	}
	return serve(ctx, cfg, log, stdout)
}

// serve connects to Neo4j, prepares the graph and serves HTTP until ctx ends.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	started := time.Now()
	st, err := store.Open(ctx, store.Config{URI: cfg.Neo4jURI, Username: cfg.Neo4jUsername,
		Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase, QueryTimeout: cfg.QueryTimeout, RetryTime: cfg.RetryTime,
		CoalesceReads: cfg.CoalesceReads}, cfg.ConnectTimeout, log)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	m := metrics.New()
	st.Observe(m.QueryStarted)
	st.ObserveCoalesced(m.Coalesced)
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("prepare graph schema: %w", err)
	}
	if cfg.LoadDemo {
		if _, err := demo.LoadIfEmpty(ctx, st, log); err != nil {
			return err
		}
	}
	// In the background: a request that comes first waits for it (store/plans.go) instead of
	// planning the same query again.
	go func() {
		wctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := st.WarmPeerPlans(wctx); err != nil {
			log.Warn("peer-practice plans not warmed", "err", err)
		}
	}()

	var trusted *httpapi.TrustedDocuments
	if cfg.TrustedDocuments != "" {
		if trusted, err = httpapi.LoadTrustedDocuments(cfg.TrustedDocuments); err != nil {
			return fmt.Errorf("TRUSTED_DOCUMENTS: %w", err)
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr(), err)
	}
	srv := &http.Server{
		Handler: httpapi.New(httpapi.Options{Store: st, Curation: curation.New(st), Log: log, AllowedOrigins: cfg.CORSAllowedOrigins, Metrics: m, RequestTimeout: cfg.QueryTimeout, MaxConcurrentRequests: cfg.MaxConcurrentRequests, Trusted: trusted, JWT: cfg.JWT, GqlgenOnly: !cfg.DirectAnswers,
			RateLimit: httpapi.RateLimit{Rate: cfg.RateLimitRPS, Burst: cfg.RateLimitBurst}, Limits: &httpapi.Limits{
				MaxDepth: cfg.MaxDepth, MaxAliases: cfg.MaxAliases, MaxDirectives: cfg.MaxDirectives, MaxTokens: cfg.MaxTokens,
				MaxCost: cfg.MaxCost, Introspection: cfg.Introspection, Suggestions: cfg.Suggestions, MaxIntrospectionDepth: 15}}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.QueryTimeout + 15*time.Second,
		IdleTimeout:       120 * time.Second,
	}
	base := "http://" + ln.Addr().String()
	log.Info("server started", "addr", ln.Addr().String(), "startup_ms", time.Since(started).Milliseconds(),
		"max_concurrent_requests", cfg.MaxConcurrentRequests)
	fmt.Fprintf(stdout, "NMIRF Knowledge Hub is ready:\n  playground  %s/\n  graphql     %s/graphql\n  health      %s/healthz  %s/readyz\n  metrics     %s/metrics\n", base, base, base, base, base)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.DebugAddr != "" {
		dbg, err := startDebug(cfg.DebugAddr)
		if err != nil {
			return err
		}
		defer dbg.Close()
		log.Info("pprof profiles served", "addr", cfg.DebugAddr)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// startDebug serves Go's pprof profiles (CPU, heap, goroutines, traces) on a loopback
// address of its own, never on the public port: `go tool pprof
// http://127.0.0.1:6060/debug/pprof/profile?seconds=10` profiles the server under load.
func startDebug(addr string) (*http.Server, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("DEBUG_ADDR: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, nil
}
