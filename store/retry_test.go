package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/apperr"
)

// autoRead's retries follow the driver's rules for managed transactions: a lost connection
// is tried again at once, a transient error after a wait, anything else not at all, and
// never past the retry time.
func TestRetryReadRetriesWhatTheDriverWouldRetry(t *testing.T) {
	ctx := context.Background()
	lost := &neo4j.ConnectivityError{Inner: errors.New("connection reset")}
	transient := &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable", Msg: "starting"}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}

	failing := func(errs ...error) (func() (any, error), *int) {
		calls := 0
		return func() (any, error) {
			calls++
			if calls <= len(errs) {
				return nil, errs[calls-1]
			}
			return "ok", nil
		}, &calls
	}

	read, calls := failing(lost)
	start := time.Now()
	if res, err := retryRead(ctx, 5*time.Second, read); err != nil || res != "ok" || *calls != 2 {
		t.Errorf("lost connection: %v, %v after %d calls; want ok after 2", res, err, *calls)
	}
	if waited := time.Since(start); waited > 50*time.Millisecond {
		t.Errorf("lost connection retried after %v; want at once", waited)
	}

	read, calls = failing(transient, transient)
	start = time.Now()
	if res, err := retryRead(ctx, 5*time.Second, read); err != nil || res != "ok" || *calls != 3 {
		t.Errorf("transient: %v, %v after %d calls; want ok after 3", res, err, *calls)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("transient errors retried after %v; want 100 ms then 200 ms", waited)
	}

	// Once the caller's time is up, a lost connection is not tried again: a new one could not
	// be opened in no time left.
	done, cancel := context.WithCancel(ctx)
	cancel()
	read, calls = failing(lost)
	if _, err := retryRead(done, 5*time.Second, read); !errors.Is(err, lost) || *calls != 1 {
		t.Errorf("lost connection after the deadline: %v after %d calls; want it after 1", err, *calls)
	}

	// A shared statement (coalesce.go) is tried once: its requests then run alone, and retry.
	read, calls = failing(transient)
	if _, err := retryRead(context.WithValue(ctx, singleAttemptKey{}, true), 5*time.Second, read); !errors.Is(err, transient) || *calls != 1 {
		t.Errorf("shared statement: %v after %d calls; want the transient error after 1", err, *calls)
	}

	read, calls = failing(syntax)
	if _, err := retryRead(ctx, 5*time.Second, read); !errors.Is(err, syntax) || *calls != 1 {
		t.Errorf("syntax error: %v after %d calls; want it after 1", err, *calls)
	}

	read, calls = failing(transient, transient, transient, transient, transient, transient, transient, transient)
	start = time.Now()
	if _, err := retryRead(ctx, 250*time.Millisecond, read); !errors.Is(err, transient) {
		t.Errorf("past the retry time: %v; want the transient error", err)
	}
	if waited := time.Since(start); waited > time.Second || *calls > 4 {
		t.Errorf("gave up after %v and %d calls; want soon after 250 ms", waited, *calls)
	}
}

// A retryable error that outlived autoRead's retries is UNAVAILABLE (clients may try again),
// as the driver's own TransactionExecutionLimit is; other errors stay internal.
func TestClassifyRetryableErrorsAsUnavailable(t *testing.T) {
	transient := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}
	if got := apperr.CodeOf(classify(transient)); got != apperr.Unavailable {
		t.Errorf("a transient error after its retries: %s, want %s", got, apperr.Unavailable)
	}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}
	if got := apperr.CodeOf(classify(syntax)); got == apperr.Unavailable {
		t.Errorf("a syntax error: %s", got)
	}
}
