package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/testenv"
)

// A page of Costa Rica's recommendations asking each for its peer practices sends one query
// text about 80 times at once. With no plan cached, each used to be planned on its own: on a
// busy machine they all timed out and the breaker shut the store (82 of 82 failed in 31 s;
// with the first run going alone, none fails, in 5 s).
func TestConcurrentFirstRunsShareOnePlan(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	// Costa Rica's paragraphs 119.1 to 119.80 (a missing one runs the same query).
	keys := []string{}
	for i := 1; i <= 80; i++ {
		keys = append(keys, "a-hrc-wg6-cri-2024-upr4-p119."+strconv.Itoa(i))
	}
	if err := st.ClearQueryCaches(ctx); err != nil {
		t.Fatal(err)
	}
	st.ForgetFirstRuns()
	var wg sync.WaitGroup
	errs := make([]error, len(keys))
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.PeerPracticesForRecommendation(ctx, k, 1)
		}()
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			t.Log(err)
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d concurrent first runs failed", failed, len(keys))
	}
}

// A query that outlives its request's time loses its connection (the driver drops it
// mid-read), which the driver reports as a connectivity error; that is the query's doing,
// not the database's, and must not open the breaker for every other client (seen on the
// benchmark graph: one request asking 50 recommendations for their similar ones did).
func TestAQueryOutOfTimeLeavesTheBreakerClosed(t *testing.T) {
	st := testenv.Store(t)
	// A read first, so that the slow one runs on a connection already open and its time
	// runs out while it reads.
	if _, err := st.PeerPracticesForState(context.Background(), "CRI", 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := st.ReadForAWhile(ctx)
	t.Logf("the slow read: %v", err)
	if err == nil {
		t.Fatal("a read of seconds ended within 300 ms")
	}
	if st.BreakerOpen() {
		t.Error("the breaker opened after a query ran out of its time")
	}
	if _, err := st.PeerPracticesForState(context.Background(), "CRI", 1); err != nil {
		t.Errorf("the next read failed: %v", err)
	}
}
