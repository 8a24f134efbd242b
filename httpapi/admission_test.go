package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/metrics"
)

// gated is an admission of n slots whose requests give their slot up after hold.
func gated(n int, hold time.Duration, m *metrics.Metrics) *admission {
	a := newAdmission(n, m)
	a.holdLimit = hold
	return a
}

// waitFor polls cond for up to 2 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// within runs f and fails the test if it has not returned after d (a regression that
// blocks forever fails instead of hanging the suite).
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not end within %v", what, d)
	}
}

func TestAdmissionServesWaitersInArrivalOrder(t *testing.T) {
	m := metrics.New()
	a := gated(1, time.Minute, m)
	release := make(chan struct{})
	var mu sync.Mutex
	var order []string
	h := a.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("n")
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
		if name == "first" {
			<-release
		}
	}))
	send := func(name string, wg *sync.WaitGroup) {
		defer wg.Done()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql?n="+name, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", name, rec.Code)
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go send("first", &wg)
	waitFor(t, "the first request to hold the slot", func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 1 })
	// Queue the others one at a time, so their arrival order is known: each is counted as
	// waiting just before it blocks, and the pause lets it block before the next comes.
	names := []string{"second", "third", "fourth", "fifth"}
	for i, name := range names {
		wg.Add(1)
		go send(name, &wg)
		waitFor(t, name+" to queue", func() bool {
			return strings.Contains(scrape(t, m), fmt.Sprintf("hub_http_requests_waiting %d\n", i+1))
		})
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	if len(order) != 1 {
		t.Fatalf("requests ran while the only slot was held: %v", order)
	}
	mu.Unlock()
	close(release)
	within(t, 5*time.Second, "the queued requests", wg.Wait)
	want := append([]string{"first"}, names...)
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("order %v, want %v", order, want)
	}
	if len(a.slots) != 0 {
		t.Errorf("%d slots still taken after every request ended", len(a.slots))
	}
}

func TestAdmissionRefusesAWaiterWhoseDeadlinePasses(t *testing.T) {
	m := metrics.New()
	a := gated(1, time.Minute, m)
	release := make(chan struct{})
	defer close(release)
	held := make(chan struct{})
	h := a.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(held)
		<-release
	}))
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql", nil))
	<-held
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	rec := httptest.NewRecorder()
	start := time.Now()
	within(t, 5*time.Second, "a waiter whose deadline passed", func() {
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql", nil).WithContext(ctx))
	})
	if waited := time.Since(start); waited < 40*time.Millisecond {
		t.Errorf("gave up after %v, before its 50 ms deadline", waited)
	}
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if body := rec.Body.String(); !strings.Contains(body, `"code":"UNAVAILABLE"`) || !strings.Contains(body, "busy") {
		t.Errorf("body %s", body)
	}
	metricsText := scrape(t, m)
	for _, want := range []string{`hub_http_request_wait_seconds_count{outcome="gave_up"} 1`, "hub_http_requests_waiting 0"} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestAdmissionLetsASlowRequestGiveUpItsSlot(t *testing.T) {
	const hold = 200 * time.Millisecond
	a := gated(1, hold, nil)
	release := make(chan struct{})
	held := make(chan struct{})
	h := a.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("n") == "slow" {
			close(held)
			<-release
		}
	}))
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql?n=slow", nil))
		close(done)
	}()
	<-held
	// The slow request still runs; after its hold limit the next one gets its slot.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rec := httptest.NewRecorder()
	start := time.Now()
	within(t, 6*time.Second, "a quick request behind a slow one", func() {
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql?n=quick", nil).WithContext(ctx))
	})
	if rec.Code != http.StatusOK {
		t.Fatalf("quick request behind a slow one: status %d", rec.Code)
	}
	if waited := time.Since(start); waited < hold/2 {
		t.Errorf("quick request ran after %v, well before the slow one's hold limit (%v)", waited, hold)
	}
	close(release)
	within(t, 5*time.Second, "the slow request's end (its slot given back once)", func() { <-done })
	// A new request fits, and the slots are empty again after it.
	within(t, 5*time.Second, "a request after both", func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql?n=after", nil))
	})
	if len(a.slots) != 0 {
		t.Errorf("%d slots taken after every request ended", len(a.slots))
	}
}

// TestAdmissionReadsTheBodyBeforeQueueing: a request queues with its body read, and the
// handler after it reads the same bytes, and the same error when reading failed.
func TestAdmissionReadsTheBodyBeforeQueueing(t *testing.T) {
	a := gated(1, time.Minute, nil)
	var got string
	var gotErr error
	h := a.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		got, gotErr = string(b), err
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ __typename }"}`)))
	if got != `{"query":"{ __typename }"}` || gotErr != nil {
		t.Errorf("body %q, %v", got, gotErr)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(strings.Repeat("x", 100)))
	req.Body = http.MaxBytesReader(rec, req.Body, 10)
	h.ServeHTTP(rec, req)
	var tooLarge *http.MaxBytesError
	if len(got) != 10 || gotErr == nil || !errors.As(gotErr, &tooLarge) {
		t.Errorf("over the cap: %d bytes, %v; want the 10 allowed, then the size error", len(got), gotErr)
	}
}

// TestAdmissionReadsASlowBodyOutsideTheQueue: while the only slot is held, a waiting
// request's body is read all the same (a slow sender holds its own request, not a slot).
func TestAdmissionReadsASlowBodyOutsideTheQueue(t *testing.T) {
	a := gated(1, time.Minute, nil)
	release := make(chan struct{})
	held := make(chan struct{})
	var got string
	h := a.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("n") == "first" {
			close(held)
			<-release
			return
		}
		b, _ := io.ReadAll(r.Body)
		got = string(b)
	}))
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql?n=first", nil))
	<-held
	body, send := io.Pipe()
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql?n=second", body))
		close(done)
	}()
	// Each write returns only once the server has read it.
	within(t, 2*time.Second, "sending the body while the slot is held", func() {
		for _, part := range []string{`{"query":`, `"{ __typename }"}`} {
			if _, err := send.Write([]byte(part)); err != nil {
				t.Errorf("write: %v", err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		send.Close()
	})
	close(release)
	within(t, 5*time.Second, "the second request", func() { <-done })
	if got != `{"query":"{ __typename }"}` {
		t.Errorf("body %q", got)
	}
}

func TestNoAdmissionLimitWhenOff(t *testing.T) {
	a := newAdmission(0, nil)
	if a != nil {
		t.Fatal("0 slots should mean no limit")
	}
	// Without a limit, requests run together: each waits until all have started.
	const n = 20
	var started sync.WaitGroup
	started.Add(n)
	h := a.limit(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		started.Done()
		started.Wait()
	}))
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql", nil))
		}()
	}
	within(t, 5*time.Second, "20 requests without a limit", wg.Wait)
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}
