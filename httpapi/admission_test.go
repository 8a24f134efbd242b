package httpapi

import (
	"context"
	"fmt"
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
	// Queue the others one at a time, so their arrival order is known.
	names := []string{"second", "third", "fourth", "fifth"}
	for i, name := range names {
		wg.Add(1)
		go send(name, &wg)
		waitFor(t, name+" to queue", func() bool { return strings.Contains(scrape(t, m), fmt.Sprintf("hub_http_requests_waiting %d\n", i+1)) })
	}
	mu.Lock()
	if len(order) != 1 {
		t.Fatalf("requests ran while the only slot was held: %v", order)
	}
	mu.Unlock()
	close(release)
	wg.Wait()
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
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql", nil).WithContext(ctx))
	if waited := time.Since(start); waited < 40*time.Millisecond || waited > time.Second {
		t.Errorf("gave up after %v, want about the 50 ms deadline", waited)
	}
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if body := rec.Body.String(); !strings.Contains(body, `"code":"UNAVAILABLE"`) || !strings.Contains(body, "busy") {
		t.Errorf("body %s", body)
	}
	close(release)
	metricsText := scrape(t, m)
	for _, want := range []string{`hub_http_request_wait_seconds_count{outcome="gave_up"} 1`, "hub_http_requests_waiting 0"} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestAdmissionLetsASlowRequestGiveUpItsSlot(t *testing.T) {
	a := gated(1, 30*time.Millisecond, nil)
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
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql?n=quick", nil).WithContext(ctx))
	if rec.Code != http.StatusOK {
		t.Fatalf("quick request behind a slow one: status %d", rec.Code)
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Errorf("quick request ran after %v, before the slow one's hold limit", waited)
	}
	close(release)
	<-done
	// The slow request's slot was given back once, not twice: a new request fits, and the
	// channel is empty again after it.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql?n=after", nil))
	if len(a.slots) != 0 {
		t.Errorf("%d slots taken after every request ended", len(a.slots))
	}
}

func TestNoAdmissionLimitWhenOff(t *testing.T) {
	if newAdmission(0, nil) != nil {
		t.Fatal("0 slots should mean no limit")
	}
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	var a *admission
	if h := a.limit(next); h == nil {
		t.Fatal("no handler")
	}
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}
