package load

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// HubRoundTrips reads the hub's histogram of database queries (hub_neo4j_query_duration_seconds,
// its sample counts over every label set added up) from its /metrics endpoint next to the
// GraphQL one. Read before and after a known number of requests, it tells how many database
// round trips one request costs, provided nothing else queries the database meanwhile (see
// WaitHubIdle).
func HubRoundTrips(ctx context.Context, client *http.Client, graphqlEndpoint string) (float64, error) {
	families, err := hubMetrics(ctx, client, graphqlEndpoint)
	if err != nil {
		return 0, err
	}
	// A labelled histogram appears with its first query: absent, it is 0.
	var n float64
	for _, m := range families["hub_neo4j_query_duration_seconds"].GetMetric() {
		n += float64(m.GetHistogram().GetSampleCount())
	}
	return n, nil
}

// WaitHubIdle waits until the hub has no database query in flight
// (hub_neo4j_queries_in_flight is 0 on two reads 100 ms apart), or until timeout; it returns
// how long it waited and whether the hub was idle. A hub is ready before its start-up work
// (the warm-up of costly query plans, server.go) has ended: its queries, counted while the
// benchmark counts round trips, made the country profile's 1 look like 1.1.
func WaitHubIdle(ctx context.Context, client *http.Client, graphqlEndpoint string, timeout time.Duration) (time.Duration, bool, error) {
	const gauge = "hub_neo4j_queries_in_flight"
	start := time.Now()
	idleReads := 0
	for {
		families, err := hubMetrics(ctx, client, graphqlEndpoint)
		if err != nil {
			return time.Since(start), false, err
		}
		inFlight, ok := families[gauge]
		if !ok {
			return time.Since(start), false, fmt.Errorf("the hub's /metrics has no %s", gauge)
		}
		var n float64
		for _, m := range inFlight.GetMetric() {
			n += m.GetGauge().GetValue()
		}
		if n == 0 {
			idleReads++
		} else {
			idleReads = 0
		}
		if idleReads == 2 {
			return time.Since(start), true, nil
		}
		if time.Since(start) > timeout {
			return time.Since(start), false, nil
		}
		select {
		case <-ctx.Done():
			return time.Since(start), false, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// hubMetrics reads the hub's /metrics endpoint, next to the GraphQL one, with Prometheus's
// own parser of its text format.
func hubMetrics(ctx context.Context, client *http.Client, graphqlEndpoint string) (map[string]*dto.MetricFamily, error) {
	url := strings.TrimSuffix(graphqlEndpoint, "/graphql") + "/metrics"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	return families, nil
}
