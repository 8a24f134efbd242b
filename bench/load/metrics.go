package load

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HubRoundTrips reads the hub's Prometheus counter of database queries
// (hub_neo4j_query_duration_seconds_count, all label sets added up) from its /metrics
// endpoint next to the GraphQL one. Read before and after a known number of requests, it
// tells how many database round trips one request costs, provided nothing else queries the
// database meanwhile (see WaitHubIdle).
func HubRoundTrips(ctx context.Context, client *http.Client, graphqlEndpoint string) (float64, error) {
	// A labelled counter appears with its first query: absent, it is 0.
	n, _, err := hubMetric(ctx, client, graphqlEndpoint, "hub_neo4j_query_duration_seconds_count")
	return n, err
}

// WaitHubIdle waits until the hub has no database query in flight
// (hub_neo4j_queries_in_flight is 0 on two reads 100 ms apart), or until timeout; it returns
// how long it waited and whether the hub was idle. A hub is ready before its start-up work
// (the warm-up of costly query plans, server.go) has ended: its queries, counted while the
// benchmark counts round trips, made the country profile's 1 look like 1.1.
func WaitHubIdle(ctx context.Context, client *http.Client, graphqlEndpoint string, timeout time.Duration) (time.Duration, bool, error) {
	start := time.Now()
	idleReads := 0
	for {
		n, found, err := hubMetric(ctx, client, graphqlEndpoint, "hub_neo4j_queries_in_flight")
		if err == nil && !found {
			err = fmt.Errorf("the hub's /metrics has no hub_neo4j_queries_in_flight")
		}
		if err != nil {
			return time.Since(start), false, err
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

// hubMetric adds up the values of every sample of one metric (all its label sets) on the
// hub's /metrics endpoint next to the GraphQL one; found says whether it had any.
func hubMetric(ctx context.Context, client *http.Client, graphqlEndpoint, name string) (total float64, found bool, err error) {
	url := strings.TrimSuffix(graphqlEndpoint, "/graphql") + "/metrics"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, false, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, false, fmt.Errorf("%s: %s", url, resp.Status)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		// The metric alone or with labels, not another metric whose name starts with it.
		if !strings.HasPrefix(line, name+" ") && !strings.HasPrefix(line, name+"{") {
			continue
		}
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			if v, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
				total += v
				found = true
			}
		}
	}
	return total, found, sc.Err()
}
