// Package testenv connects tests to the real Neo4j that `make test` starts. A test that
// needs Neo4j fails (never skips) when it cannot reach it.
package testenv

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/demo"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// DefaultURI is where `make test` starts its own Neo4j, away from the user's (7687).
const DefaultURI = "bolt://127.0.0.1:7688"

// URI returns the test database's Bolt URI (NEO4J_TEST_URI, else DefaultURI).
func URI() string {
	if u := os.Getenv("NEO4J_TEST_URI"); u != "" {
		return u
	}
	return DefaultURI
}

// Config returns the store configuration of the test database.
func Config() store.Config {
	return store.Config{URI: URI(), Username: os.Getenv("NEO4J_TEST_USERNAME"), Password: os.Getenv("NEO4J_TEST_PASSWORD"),
		Database: "neo4j", QueryTimeout: 30 * time.Second}
}

var seedOnce sync.Once
var seedErr error

// Store returns a store on the test database with the schema applied and the demo dataset
// loaded (once per test binary). Tests that write must use keys of their own.
func Store(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	// A generous connect deadline: on a busy machine the first answers of a fresh Neo4j are slow.
	st, err := store.Open(ctx, Config(), 60*time.Second, Logger())
	if err != nil {
		t.Fatalf("the test Neo4j is not reachable (start it with `make test`, or set NEO4J_TEST_URI): %v", err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	seedOnce.Do(func() {
		if seedErr = st.Migrate(ctx); seedErr != nil {
			return
		}
		seedErr = loadDemoAlone(ctx, st)
	})
	if seedErr != nil {
		t.Fatalf("prepare test graph: %v", seedErr)
	}
	return st
}

// Logger discards logs unless TEST_LOG=1.
func Logger() *slog.Logger {
	if os.Getenv("TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// RepoFile returns the path of a file of the repository (rel from its root: the directory
// of go.mod), and fails the test when it is missing. Tests read only the repository, never
// files beside it, so a clone alone passes.
func RepoFile(t testing.TB, rel string) string {
	t.Helper()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatal("go.mod not found above the test's directory")
		}
		root = parent
	}
	p := filepath.Join(root, rel)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test data file missing: %v", err)
	}
	return p
}

// loadDemoAlone loads the demo dataset while holding a file lock named after the test
// database, so that the test binaries `go test ./...` runs in parallel seed it one after the
// other: the first loads it, the others find it there (every write merges) instead of
// deadlocking on the same nodes.
func loadDemoAlone(ctx context.Context, st *store.Store) error {
	name := filepath.Join(os.TempDir(), fmt.Sprintf("hub-test-seed-%x.lock", sha256.Sum256([]byte(URI()))))
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return demo.Load(ctx, st, Logger())
}

// ReportRecommendations returns the keys of the first n recommendations of a report of the
// demo data, in paragraph order (for tests that link a practice to real recommendations).
func ReportRecommendations(t testing.TB, st *store.Store, document string, n int) []string {
	t.Helper()
	page, err := st.Recommendations(context.Background(), domain.ScopeDocument, []string{document}, domain.RecommendationFilter{},
		domain.RecommendationOrder{Field: "PARAGRAPH", Direction: "ASC"}, domain.PageArgs{Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range page[document].Items {
		keys = append(keys, r.Key)
	}
	return keys
}
