package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// coalescingStore opens a second store on the test graph whose reads of one text coalesce
// once one statement of the text runs, and counts the statements it sends.
func coalescingStore(t *testing.T) (st *store.Store, statements, shared, answered *atomic.Int64) {
	t.Helper()
	testenv.Store(t) // the graph, prepared
	cfg := testenv.Config()
	cfg.CoalesceReads = 1
	var err error
	st, err = store.Open(context.Background(), cfg, 60*time.Second, testenv.Logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	statements, shared, answered = new(atomic.Int64), new(atomic.Int64), new(atomic.Int64)
	st.Observe(func(string) func(error) { statements.Add(1); return func(error) {} })
	st.ObserveCoalesced(func(n int, err error) {
		if err == nil {
			shared.Add(1)
			answered.Add(int64(n))
		}
	})
	return st, statements, shared, answered
}

// Requests of one shape that arrive together share statements, and each gets exactly what
// its own statement gives alone: trees, pages (with cursors and counts) and search pages of
// different sizes, run at once many times over.
func TestCoalescedReadsAnswerEachRequest(t *testing.T) {
	alone := testenv.Store(t)
	st, statements, shared, answered := coalescingStore(t)
	ctx := context.Background()
	codes := allStateCodes(t, alone)
	keys := testenv.ReportRecommendations(t, alone, "a-hrc-wg6-cri-2024-upr4", 40)
	if len(keys) < 20 {
		t.Fatalf("only %d recommendations to read", len(keys))
	}
	treePlan := store.Plan{"mechanism": {Link: store.RecommendationMechanism}, "states": {Link: store.RecommendationStates},
		"themes": {Link: store.RecommendationThemes}}
	type request struct {
		name string
		read func(*store.Store) (any, error)
	}
	var requests []request
	for _, k := range keys {
		requests = append(requests, request{"tree " + k, func(s *store.Store) (any, error) {
			return s.ReadTree(ctx, store.RecommendationRoot, []string{k}, treePlan, nil)
		}})
	}
	for i, code := range codes {
		args := domain.PageArgs{Limit: 3 + i%2}
		requests = append(requests, request{"page " + code, func(s *store.Store) (any, error) {
			return s.RecommendationPages(ctx, domain.ScopeReceivedBy, []string{code}, domain.RecommendationFilter{},
				domain.DefaultRecommendationOrder, args, store.PageReads{Plan: store.Plan{"themes": {Link: store.RecommendationThemes}}, Count: true})
		}})
	}
	for i, q := range []string{"discrimination", "women", "children", "torture", "education", "migrants"} {
		limit := 3 + i%3 // LIMIT $limit: requests of different sizes must not share a statement
		requests = append(requests, request{"search " + q, func(s *store.Store) (any, error) {
			return s.Search(ctx, store.LuceneQuery(q), "", "EN", store.SearchTypes, domain.RecommendationFilter{}, nil, "", limit, nil, true)
		}})
	}
	want := make([]any, len(requests))
	for i, r := range requests {
		var err error
		if want[i], err = r.read(alone); err != nil {
			t.Fatalf("%s alone: %v", r.name, err)
		}
	}
	for round := 0; round < 5; round++ {
		before, sharedBefore, answeredBefore := statements.Load(), shared.Load(), answered.Load()
		got := make([]any, len(requests))
		errs := make([]error, len(requests))
		var wg sync.WaitGroup
		for i, r := range requests {
			wg.Add(1)
			go func() { defer wg.Done(); got[i], errs[i] = r.read(st) }()
		}
		wg.Wait()
		for i, r := range requests {
			if errs[i] != nil {
				t.Fatalf("round %d, %s: %v", round, r.name, errs[i])
			}
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("round %d, %s: %+v\nwant %+v", round, r.name, got[i], want[i])
			}
		}
		sent := statements.Load() - before
		batches, inBatches := shared.Load()-sharedBefore, answered.Load()-answeredBefore
		t.Logf("round %d: %d requests, %d statements, %d of them shared by %d requests", round, len(requests), sent, batches, inBatches)
		// Every request is answered once: by a statement of its own or by one it shared.
		if alone := sent - batches; alone+inBatches != int64(len(requests)) {
			t.Fatalf("round %d: %d statements alone and %d requests in shared ones, for %d requests", round, alone, inBatches, len(requests))
		}
		if round == 4 && sent >= int64(len(requests)) {
			t.Fatalf("%d requests sent %d statements: nothing was coalesced", len(requests), sent)
		}
	}
}

// A text whose batched form Neo4j refuses (a variable where LIMIT takes none) is answered
// statement by statement, correctly, and runs alone from then on.
func TestCoalescingRefusedRunsAlone(t *testing.T) {
	st, _, _, _ := coalescingStore(t)
	ctx := context.Background()
	const cypher = "UNWIND range(1, $n) AS x WITH x LIMIT toInteger($cap) RETURN collect(x) AS rows"
	for round := 0; round < 20 && !st.CoalescingRefused(cypher); round++ {
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				recs, err := st.ReadOne(ctx, cypher, map[string]any{"n": int64(i + 5), "cap": int64(i + 1)}, []string{"rows"})
				if err != nil {
					errs <- err
					return
				}
				rows, _ := recs[0].Get("rows")
				if got := rows.([]any); len(got) != i+1 || got[i] != int64(i+1) {
					errs <- fmt.Errorf("request %d: %v", i, got)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	if !st.CoalescingRefused(cypher) {
		t.Fatal("the batched form was never tried, or Neo4j took a variable in LIMIT")
	}
}

// A request that runs out of time while it waits leaves with UNAVAILABLE; one that waits
// behind a slow statement of its text runs alone after a short wait, long before the slow
// one ends.
func TestCoalescedWaitIsBounded(t *testing.T) {
	st, _, _, _ := coalescingStore(t)
	ctx := context.Background()
	const cypher = "UNWIND range(1, $n) AS x WITH sum(x) AS s RETURN collect(s) AS rows"
	// Planned first: the first run of a text goes alone (plans.go), whatever coalescing does.
	if _, err := st.ReadOne(ctx, cypher, map[string]any{"n": int64(1)}, []string{"rows"}); err != nil {
		t.Fatal(err)
	}
	slowDone := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		_, _ = st.ReadOne(ctx, cypher, map[string]any{"n": int64(150_000_000)}, []string{"rows"})
		slowDone <- time.Since(start)
	}()
	for st.CoalesceRunning(cypher) == 0 { // the slow statement holds the text's one slot
		time.Sleep(time.Millisecond)
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := st.ReadOne(short, cypher, map[string]any{"n": int64(3)}, []string{"rows"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a request past its deadline: %v, want the deadline's error", err)
	}
	start := time.Now()
	recs, err := st.ReadOne(ctx, cypher, map[string]any{"n": int64(4)}, []string{"rows"})
	fast := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := recs[0].Get("rows"); !reflect.DeepEqual(rows, []any{int64(10)}) {
		t.Fatalf("the request that waited: %v, want [10]", rows)
	}
	// The lane has not moved since: the next request does not wait at all.
	start = time.Now()
	if _, err := st.ReadOne(ctx, cypher, map[string]any{"n": int64(5)}, []string{"rows"}); err != nil {
		t.Fatal(err)
	}
	next := time.Since(start)
	slow := <-slowDone
	t.Logf("the next request %s", next)
	if next >= 50*time.Millisecond { // maxCoalesceWait
		t.Errorf("a request after the lane stalled took %s: it waited", next)
	}
	t.Logf("slow statement %s; the request behind it %s", slow, fast)
	if fast > slow/2 || fast > time.Second {
		t.Fatalf("the request behind a slow statement took %s (the slow one %s): it waited for it", fast, slow)
	}
}

// A shared statement stops as soon as every request it answers has left: nobody would read
// its answer, and it would hold a connection and the database's CPU until the latest
// deadline. Stopped that way, it does not count against its text.
func TestSharedStatementStopsWhenItsRequestsLeave(t *testing.T) {
	st, _, _, _ := coalescingStore(t)
	const cypher = "UNWIND range(1, $n) AS x WITH sum(x) AS s RETURN collect(s) AS rows"
	slow := map[string]any{"n": int64(400_000_000)} // seconds of work
	// Clients that go away at 300 ms, long before their deadlines (the statement's own).
	var ctxs []context.Context
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		time.AfterFunc(300*time.Millisecond, cancel)
		ctxs = append(ctxs, ctx)
	}
	start := time.Now()
	answered := st.RunSharedStatement(cypher, []string{"rows"}, ctxs, []map[string]any{slow, slow, slow})
	took := time.Since(start)
	t.Logf("shared statement stopped after %s", took)
	if took > 2*time.Second {
		t.Errorf("the shared statement ran %s after its requests left at 300 ms", took)
	}
	if slices.Contains(answered, true) {
		t.Errorf("answered %v: a stopped statement answered a request", answered)
	}
	if st.CoalescingPaused(cypher) || st.CoalescingRefused(cypher) {
		t.Error("a statement stopped because its requests left counted against its text")
	}
}
