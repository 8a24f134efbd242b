package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/nmirf-hub/hub/bench/mix"
)

// GraphQLTargets makes one POST target per set of variables.
func GraphQLTargets(endpoint, doc string, variables []map[string]any) ([]vegeta.Target, error) {
	out := make([]vegeta.Target, len(variables))
	for i, v := range variables {
		body, err := json.Marshal(map[string]any{"query": doc, "variables": v})
		if err != nil {
			return nil, err
		}
		out[i] = vegeta.Target{Method: http.MethodPost, URL: endpoint, Body: body,
			Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}}
	}
	return out, nil
}

// FetchGraphQL runs one GraphQL request and returns its data; GraphQL errors are errors.
func FetchGraphQL(ctx context.Context, client *http.Client, endpoint, doc string, variables map[string]any) (any, error) {
	body, _ := json.Marshal(map[string]any{"query": doc, "variables": variables})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   any             `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: HTTP %d, not JSON: %.200s", endpoint, resp.StatusCode, raw)
	}
	if len(out.Errors) > 0 && string(out.Errors) != "null" {
		return nil, fmt.Errorf("%s: HTTP %d, errors: %.400s", endpoint, resp.StatusCode, out.Errors)
	}
	return out.Data, nil
}

// Floor answers the queries with their hand-written Cypher through the Go driver, the way
// the hub's store runs its own (ExecuteQuery, routed to readers, results read eagerly).
type Floor struct {
	Driver  neo4j.DriverWithContext
	Queries map[string]*mix.Query
}

// Answer runs one query's Cypher and returns its "result" column.
func (f *Floor) Answer(ctx context.Context, q *mix.Query, params map[string]any) (any, error) {
	res, err := neo4j.ExecuteQuery(ctx, f.Driver, q.Floor, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, nil
	}
	v, _ := res.Records[0].Get("result")
	return v, nil
}

// floorHost is the made-up host of floor targets: the load generator speaks HTTP, so floor
// requests are HTTP requests that RoundTrip answers in process, without a network hop.
const floorHost = "floor.invalid"

// FloorTargets makes one target per variant of q.
func FloorTargets(q *mix.Query) []vegeta.Target {
	out := make([]vegeta.Target, len(q.Variants))
	for i := range q.Variants {
		out[i] = vegeta.Target{Method: http.MethodGet, URL: fmt.Sprintf("http://%s/%s?v=%d", floorHost, url.PathEscape(q.Name), i)}
	}
	return out
}

// RoundTrip makes Floor an http.RoundTripper for the load generator: it runs the target's
// query and answers 200 with an empty body (the rows are read, not serialised: a floor).
func (f *Floor) RoundTrip(req *http.Request) (*http.Response, error) {
	q, ok := f.Queries[strings.TrimPrefix(req.URL.Path, "/")]
	if !ok {
		return nil, fmt.Errorf("floor: unknown query %q", req.URL.Path)
	}
	i, err := strconv.Atoi(req.URL.Query().Get("v"))
	if err != nil || i < 0 || i >= len(q.Variants) {
		return nil, fmt.Errorf("floor: bad variant in %s", req.URL)
	}
	if _, err := f.Answer(req.Context(), q, q.Variants[i].Floor); err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
}
