package load

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
)

// HubRoundTrips reads the hub's Prometheus counter of database queries
// (hub_neo4j_query_duration_seconds_count, all label sets added up) from its /metrics
// endpoint next to the GraphQL one. Read before and after a known number of requests, it
// tells how many database round trips one request costs.
func HubRoundTrips(ctx context.Context, client *http.Client, graphqlEndpoint string) (float64, error) {
	url := strings.TrimSuffix(graphqlEndpoint, "/graphql") + "/metrics"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var total float64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "hub_neo4j_query_duration_seconds_count") {
			continue
		}
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			if v, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
				total += v
			}
		}
	}
	return total, sc.Err()
}
