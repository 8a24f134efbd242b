// Package store is the only place that speaks Cypher: it reads and writes the knowledge graph
// in Neo4j and returns domain types. Each entity has its own file, its Cypher next to the Go
// method that runs it, and an integration test against a real Neo4j.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	neo4jconfig "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/tracing"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string
	Username string
	Password string
	Database string
	// QueryTimeout bounds every transaction on the server side and in the client.
	QueryTimeout time.Duration
	// RetryTime is how long the driver retries a transaction after a transient error
	// (deadlock, leader switch, lost connection); default 5 s so that clients of the API
	// learn fast that the database is down. Bulk imports set it longer.
	RetryTime time.Duration
	// CoalesceReads is how many statements of one read text run at once before further
	// requests of that text wait and share one statement (coalesce.go); 0 runs each alone.
	CoalesceReads int
}

// Store reads and writes the graph.
type Store struct {
	driver  neo4j.DriverWithContext
	db      string
	timeout time.Duration
	// retryTime bounds the retries after a transient error: the driver's for managed
	// transactions, autoRead's own for single reads.
	retryTime time.Duration
	observe   func(routing string) func(error)
	breaker   breaker
	closed    chan struct{} // closed by Close, to stop the breaker's probe
	// facetWrites holds the keys of facet counts being stored (keepFacetCounts).
	facetWrites sync.Map
	plans       plans // the first run of each query text goes alone (plans.go)
	// coalesce shares one statement between reads of one text that arrive together
	// (coalesce.go).
	coalesce coalescer
}

// Observe installs a hook called at the start of every query (for metrics); the function
// it returns is called with the query's outcome.
func (s *Store) Observe(f func(routing string) func(error)) { s.observe = f }

// ObserveCoalesced installs a hook called after each statement that several requests shared
// (coalesce.go), with their number and the statement's error.
func (s *Store) ObserveCoalesced(f func(n int, err error)) { s.coalesce.observe = f }

// Open creates the driver and waits, with exponential backoff, until Neo4j answers or
// connectDeadline passes; a database that is still starting is normal on `make run`.
func Open(ctx context.Context, cfg Config, connectDeadline time.Duration, log *slog.Logger) (*Store, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(connectDeadline)
	backoff := 200 * time.Millisecond
	for {
		err = s.Ping(ctx)
		if err == nil {
			return s, nil
		}
		if time.Now().Add(backoff).After(deadline) {
			_ = s.Close(context.Background())
			return nil, fmt.Errorf("neo4j at %s not reachable within %s: %w", cfg.URI, connectDeadline, err)
		}
		log.Info("waiting for neo4j", "uri", cfg.URI, "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			_ = s.Close(context.Background())
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 3*time.Second)
	}
}

// New creates a store without contacting Neo4j; the driver connects on first use and
// reconnects by itself after an outage.
func New(cfg Config) (*Store, error) {
	auth := neo4j.NoAuth()
	if cfg.Username != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	// Fail fast when Neo4j is down, so clients get UNAVAILABLE in seconds rather than after
	// the driver's default 30 s retry window and 60 s pool wait.
	retryTime := 5 * time.Second
	if cfg.RetryTime > 0 {
		retryTime = cfg.RetryTime
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *neo4jconfig.Config) {
		c.MaxTransactionRetryTime = retryTime
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.SocketConnectTimeout = 2 * time.Second
		// A connection idle for a second is checked before use: after an outage the pool
		// holds connections to the dead server, and using them unchecked stalls the first
		// requests after recovery while each one times out.
		c.ConnectionLivenessCheckTimeout = time.Second
		c.MaxConnectionPoolSize = 100
	})
	if err != nil {
		return nil, fmt.Errorf("create neo4j driver for %s: %w", cfg.URI, err)
	}
	timeout := cfg.QueryTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &Store{driver: driver, db: cfg.Database, timeout: timeout, retryTime: retryTime, closed: make(chan struct{}),
		coalesce: coalescer{width: cfg.CoalesceReads}}, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error {
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	return s.driver.Close(ctx)
}

// Ping checks that Neo4j answers now.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.probe(ctx); err != nil {
		if lostDatabase(err) {
			s.trip()
		}
		return classify(err)
	}
	s.breaker.reset()
	return nil
}

// read runs one read query, routed to readers so reads scale out on a cluster.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return s.runOne(ctx, readAccess, cypher, params)
}

// write runs one write query in its own transaction, routed to the leader.
func (s *Store) write(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return s.runOne(ctx, writeAccess, cypher, params)
}

func (s *Store) runOne(ctx context.Context, mode access, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	done, err := s.plans.await(ctx, cypher)
	if err != nil {
		return nil, err
	}
	defer done()
	if mode == readAccess {
		return s.autoRead(ctx, cypher, params)
	}
	return records(s.transact(ctx, mode, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, cypher, params)
		return collect(ctx, r, err)
	}))
}

// collect reads every record of a statement that ran (err nil).
func collect(ctx context.Context, r neo4j.ResultWithContext, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return r.Collect(ctx)
}

// records is what collect read, as records.
func records(res any, err error) ([]*neo4j.Record, error) {
	if err != nil {
		return nil, err
	}
	return res.([]*neo4j.Record), nil
}

// access says whether a transaction reads (routed to readers) or writes (to the leader),
// and how long it may take.
type access int

const (
	readAccess access = iota
	writeAccess
	// bulkRead and bulkWrite are import batches and the seed: bounded by bulkTimeout rather
	// than the request timeout, because one batch on a fresh database under load took more
	// than 30 s (measured in make test), and no client waits on it.
	bulkRead
	bulkWrite
	// schemaWrite creates indexes and constraints (Neo4j refuses data writes in the same
	// transaction); cacheWrite stores derived counts. Neither changes the knowledge in the
	// graph, so neither moves the graph version.
	schemaWrite
	cacheWrite
)

const bulkTimeout = 10 * time.Minute

func (a access) String() string {
	if a == readAccess || a == bulkRead {
		return "read"
	}
	return "write"
}

// changesData says whether a transaction moves the graph version (bumpGraphVersion).
func (a access) changesData() bool { return a == writeAccess || a == bulkWrite }

// transact runs work in one managed transaction (retried by the driver on transient errors,
// so work must only touch the database). Every statement that work runs counts as one round
// trip (WithRoundTripCounter). A transaction that changes data also moves the graph version,
// in the same transaction (see facets.go).
func (s *Store) transact(ctx context.Context, mode access, work func(tx neo4j.ManagedTransaction) (any, error)) (any, error) {
	return s.session(ctx, mode, func(ctx context.Context, sess neo4j.SessionWithContext, timeout time.Duration) (any, error) {
		counted := func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := work(countingTx{tx})
			if err != nil || !mode.changesData() {
				return res, err
			}
			return res, bumpGraphVersion(ctx, countingTx{tx})
		}
		if mode.String() == "write" {
			return sess.ExecuteWrite(ctx, counted, neo4j.WithTxTimeout(timeout))
		}
		return sess.ExecuteRead(ctx, counted, neo4j.WithTxTimeout(timeout))
	})
}

// autoRead runs one read statement as an auto-commit transaction: one exchange with Neo4j
// (RUN and PULL) where a managed transaction takes three (BEGIN, RUN and PULL, COMMIT). A
// single statement needs no transaction around it, and the two extra exchanges cost more
// than many statements themselves: a State looked up by code at concurrency 1 answered
// 1,220–1,470 times a second this way, 351–583 in a managed transaction (BENCHMARKS.md).
// The driver does not retry auto-commit transactions, so autoRead does, as the driver
// would: after an error it deems retryable, for at most retryTime.
func (s *Store) autoRead(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return records(s.session(ctx, readAccess, func(ctx context.Context, sess neo4j.SessionWithContext, timeout time.Duration) (any, error) {
		return retryRead(ctx, s.retryTime, func() (any, error) {
			countRoundTrip(ctx)
			r, err := sess.Run(ctx, cypher, params, neo4j.WithTxTimeout(timeout))
			return collect(ctx, r, err)
		})
	}))
}

// retryRead calls read until it succeeds, fails with an error the driver would not retry,
// or retryTime has passed since the first call. Between calls it waits 100 ms, doubling up
// to 1 s, except once at once after a lost connection: a connection the pool held may have
// died with a restarted server, and the next one is fresh. Nothing is retried once ctx is
// done: the driver drops a connection whose read outlives the deadline, and a new one could
// not be opened in no time left. A shared statement (coalesce.go) is tried once: its
// requests then run their own statements, which retry.
func retryRead(ctx context.Context, retryTime time.Duration, read func() (any, error)) (any, error) {
	start, wait, fresh := time.Now(), 100*time.Millisecond, false
	once, _ := ctx.Value(singleAttemptKey{}).(bool)
	for {
		res, err := read()
		if err == nil || once || !neo4j.IsRetryable(err) || time.Since(start) > retryTime || ctx.Err() != nil {
			return res, err
		}
		if neo4j.IsConnectivityError(err) && !fresh {
			fresh = true
			continue
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// session is the one way the store reaches Neo4j: every read, mutation, import batch and
// seed runs inside it, so all of them are measured (Observe), traced, stopped by the breaker
// while the database is down, bounded by the request's deadline and the configured timeout
// (on both sides, timeout being the server's) and classified into application errors.
func (s *Store) session(ctx context.Context, mode access, run func(ctx context.Context, sess neo4j.SessionWithContext, timeout time.Duration) (any, error)) (res any, err error) {
	kind := mode.String()
	if s.observe != nil {
		done := s.observe(kind)
		defer func() { done(err) }()
	}
	ctx, span := tracing.Tracer().Start(ctx, "neo4j "+kind, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.system", "neo4j"), attribute.String("db.name", s.db)))
	defer func() {
		if err != nil {
			span.SetStatus(codes.Error, string(apperr.CodeOf(err)))
		}
		span.End()
	}()
	if s.breaker.open() {
		return nil, apperr.Unavailablef(nil, "the database is unavailable; try again shortly")
	}
	// The transaction may run no longer than the request has left (and never longer than
	// the configured timeout), so Neo4j stops work nobody will read.
	timeout := s.timeout
	if mode == bulkRead || mode == bulkWrite {
		timeout = max(timeout, bulkTimeout)
	}
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	if timeout <= 0 {
		return nil, apperr.Unavailablef(context.DeadlineExceeded, "the request ran out of time")
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sessMode := neo4j.AccessModeRead
	if kind == "write" {
		sessMode = neo4j.AccessModeWrite
	}
	// The driver's shared bookmark manager (the one ExecuteQuery uses) keeps a read after a
	// write causally consistent on a cluster.
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: sessMode,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer sess.Close(ctx)
	res, err = run(ctx, sess, timeout)
	if err != nil {
		// Only a lost database trips the breaker; a slow query must not stop the others. When
		// this query's own time ran out (or its request went away), the driver drops the
		// connection it was reading and reports a connectivity error: the query's doing, not
		// the database's (one request of 50 slow similarity reads opened the breaker for
		// every client).
		if ctx.Err() != nil {
			if _, ok := apperr.As(err); !ok {
				err = apperr.Unavailablef(err, "the query took longer than the time allowed; ask for less, or try again")
			}
			return nil, err
		}
		if lostDatabase(err) {
			s.trip()
		}
		return nil, classify(err)
	}
	s.breaker.reset()
	return res, nil
}

// countingTx counts each statement it runs as a round trip.
type countingTx struct{ neo4j.ManagedTransaction }

func (t countingTx) Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	countRoundTrip(ctx)
	return t.ManagedTransaction.Run(ctx, cypher, params)
}

// lostDatabase reports an error that means Neo4j cannot be reached: a connectivity error,
// or the driver giving up after retrying connectivity errors.
func lostDatabase(err error) bool {
	if unreachable(err) {
		return true
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if unreachable(e) {
				return true
			}
		}
	}
	return false
}

// unreachable is one connectivity error, or the database saying it is not available (still
// recovering after a restart).
func unreachable(err error) bool {
	var n4 *neo4j.Neo4jError
	return neo4j.IsConnectivityError(err) ||
		(errors.As(err, &n4) && n4.Code == "Neo.TransientError.General.DatabaseUnavailable")
}

// breaker fails queries fast while the database is known to be down: after a connectivity
// failure every query answers UNAVAILABLE at once, instead of each waiting out the driver's
// retries, and one background probe pings Neo4j every half second until it answers again.
type breaker struct {
	tripped atomic.Bool
	probing atomic.Bool
}

const probeInterval = 500 * time.Millisecond

func (b *breaker) open() bool { return b.tripped.Load() }
func (b *breaker) reset()     { b.tripped.Store(false) }

// trip opens the breaker and starts the probe unless one runs.
func (s *Store) trip() {
	s.breaker.tripped.Store(true)
	if !s.breaker.probing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.breaker.probing.Store(false)
		for {
			select {
			case <-s.closed:
				return
			case <-time.After(probeInterval):
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			err := s.probe(ctx)
			cancel()
			if err == nil {
				s.breaker.reset()
				return
			}
		}
	}()
}

// probe asks the database itself for an answer. A Bolt handshake (VerifyConnectivity) is not
// enough: after a crash Neo4j accepts connections while its database is still recovering, and
// queries let through then hang for up to 15 s (measured by make fault) instead of failing fast.
func (s *Store) probe(ctx context.Context) error {
	_, err := neo4j.ExecuteQuery(ctx, s.driver, "RETURN 1", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	return err
}

// classify turns driver errors into application errors: an unreachable or overloaded
// database is UNAVAILABLE (clients may retry); anything else stays an internal error whose
// text (which may contain Cypher) is logged but never shown.
func classify(err error) error {
	if _, ok := apperr.As(err); ok {
		return err
	}
	// A retryable error that comes back has outlived its retries (autoRead's own, which
	// return the last error rather than the driver's TransactionExecutionLimit).
	if neo4j.IsConnectivityError(err) || neo4j.IsTransactionExecutionLimit(err) || neo4j.IsRetryable(err) ||
		errors.Is(err, context.DeadlineExceeded) {
		return apperr.Unavailablef(err, "the database is unavailable; try again shortly")
	}
	var n4 *neo4j.Neo4jError
	if errors.As(err, &n4) && (n4.Code == "Neo.TransientError.Transaction.Terminated" ||
		n4.Code == "Neo.ClientError.Transaction.TransactionTimedOut" ||
		n4.Code == "Neo.TransientError.General.DatabaseUnavailable") {
		return apperr.Unavailablef(err, "the database is unavailable or the query took too long; try again shortly")
	}
	return fmt.Errorf("neo4j: %w", err)
}

type roundTripKey struct{}

// WithRoundTripCounter returns a context in which every database round trip made by the
// store is counted into *n; tests use it to prove that a request's round trips are bounded.
func WithRoundTripCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, roundTripKey{}, n)
}

func countRoundTrip(ctx context.Context) {
	if n, ok := ctx.Value(roundTripKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}
