package load

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// metricsServer serves /metrics with the given number of queries in flight (read on every
// request) and a query counter split over two label sets.
func metricsServer(inFlight *atomic.Int64) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		// As the hub writes them (client_golang's text format), with neighbours whose names
		// start like theirs.
		fmt.Fprintf(w, "# HELP hub_neo4j_queries_in_flight Queries running.\n# TYPE hub_neo4j_queries_in_flight gauge\n")
		fmt.Fprintf(w, "hub_neo4j_queries_in_flight %d\n", inFlight.Load())
		fmt.Fprintf(w, "# TYPE hub_neo4j_queries_in_flight_peak gauge\nhub_neo4j_queries_in_flight_peak 9\n")
		fmt.Fprintf(w, "# TYPE hub_neo4j_query_duration_seconds histogram\n")
		for _, l := range []struct {
			routing string
			n       int
		}{{"read", 15}, {"write", 4}} {
			fmt.Fprintf(w, "hub_neo4j_query_duration_seconds_bucket{outcome=\"ok\",routing=%q,le=\"0.01\"} %d\n", l.routing, l.n)
			fmt.Fprintf(w, "hub_neo4j_query_duration_seconds_bucket{outcome=\"ok\",routing=%q,le=\"+Inf\"} %d\n", l.routing, l.n)
			fmt.Fprintf(w, "hub_neo4j_query_duration_seconds_sum{outcome=\"ok\",routing=%q} 0.5\n", l.routing)
			fmt.Fprintf(w, "hub_neo4j_query_duration_seconds_count{outcome=\"ok\",routing=%q} %d\n", l.routing, l.n)
		}
	}))
}

func TestHubRoundTripsAddsTheHistogramsLabelSets(t *testing.T) {
	var inFlight atomic.Int64
	srv := metricsServer(&inFlight)
	defer srv.Close()
	n, err := HubRoundTrips(context.Background(), srv.Client(), srv.URL+"/graphql")
	if err != nil || n != 19 {
		t.Fatalf("round trips = %v, %v; want 19 (15 + 4, not the buckets or the _sum)", n, err)
	}
	// A hub that has run no query yet has no label set of the histogram: 0.
	none := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "# TYPE hub_neo4j_queries_in_flight gauge\nhub_neo4j_queries_in_flight 0")
	}))
	defer none.Close()
	if n, err := HubRoundTrips(context.Background(), none.Client(), none.URL+"/graphql"); err != nil || n != 0 {
		t.Fatalf("no query yet: round trips = %v, %v; want 0", n, err)
	}
}

// An endpoint that does not answer with the metrics, or without the gauge, is an error, not
// an idle hub.
func TestWaitHubIdleRefusesWhatIsNotTheHubsMetrics(t *testing.T) {
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	if _, idle, err := WaitHubIdle(context.Background(), missing.Client(), missing.URL+"/graphql", time.Second); err == nil || idle {
		t.Fatalf("a 404: idle %v, err %v; want an error", idle, err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "go_goroutines 12")
	}))
	defer other.Close()
	if _, idle, err := WaitHubIdle(context.Background(), other.Client(), other.URL+"/graphql", time.Second); err == nil || idle {
		t.Fatalf("no gauge: idle %v, err %v; want an error", idle, err)
	}
}

func TestWaitHubIdle(t *testing.T) {
	var inFlight atomic.Int64
	inFlight.Store(1)
	srv := metricsServer(&inFlight)
	defer srv.Close()
	ctx := context.Background()

	// Busy all along: not idle once the time is up.
	waited, idle, err := WaitHubIdle(ctx, srv.Client(), srv.URL+"/graphql", 300*time.Millisecond)
	if err != nil || idle || waited < 300*time.Millisecond {
		t.Fatalf("busy hub: waited %v, idle %v, err %v; want not idle after 300 ms", waited, idle, err)
	}

	// The start-up's queries end after 300 ms: idle then, not before.
	time.AfterFunc(300*time.Millisecond, func() { inFlight.Store(0) })
	waited, idle, err = WaitHubIdle(ctx, srv.Client(), srv.URL+"/graphql", 10*time.Second)
	if err != nil || !idle || waited < 300*time.Millisecond || waited > 5*time.Second {
		t.Fatalf("hub idle after 300 ms: waited %v, idle %v, err %v", waited, idle, err)
	}
}
