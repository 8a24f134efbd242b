package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/metrics"
	"github.com/nmirf-hub/hub/testenv"
)

func gql(h http.Handler, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestMetricsEndpoint(t *testing.T) {
	st := testenv.Store(t)
	m := metrics.New()
	st.Observe(m.QueryStarted)
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"}, Metrics: m})
	gql(h, `{"query":"query Profile { state(code: \"MAR\") { code } }","operationName":"Profile"}`)
	gql(h, `{"query":"{ state(code: "}`)
	gql(h, `{"query":"{ states(first: 500) { totalCount } }"}`)
	// A refusal written before gqlgen runs counts too (no response body is parsed for it).
	bad := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ viewer { role } }"}`))
	bad.Header.Set("Content-Type", "application/json")
	bad.Header.Set("Authorization", "Bearer  hub_two-spaces")
	h.ServeHTTP(httptest.NewRecorder(), bad)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`graphql_request_duration_seconds_count{operation="Profile",type="query"} 1`,
		`graphql_errors_total{code="GRAPHQL_PARSE_FAILED"} 1`,
		`graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`graphql_errors_total{code="UNAUTHENTICATED"} 1`,
		`hub_neo4j_query_duration_seconds_count{outcome="ok",routing="read"}`,
		`hub_neo4j_queries_in_flight 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestRateLimitPerClient(t *testing.T) {
	h := httpapi.New(httpapi.Options{Store: testenv.Store(t), Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"},
		RateLimit: httpapi.RateLimit{Rate: 0.5, Burst: 2}})
	q := `{"query":"{ __typename }"}`
	for i := 0; i < 2; i++ {
		if rec := gql(h, q); rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := gql(h, q)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "RATE_LIMITED") {
		t.Errorf("third request: %d, Retry-After %q, %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	// Another client (another address) has its own budget.
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(q))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "203.0.113.9:4000"
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("another client was limited: %d", rec.Code)
	}
}

// TestConcurrentRequestsWaitTheirTurn: with one slot, requests sent together through the
// whole handler wait for it (counted in /metrics) and all get their answer.
func TestConcurrentRequestsWaitTheirTurn(t *testing.T) {
	st := testenv.Store(t)
	m := metrics.New()
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"}, Metrics: m,
		MaxConcurrentRequests: 1})
	const n = 32
	codes := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() { codes <- gql(h, `{"query":"{ state(code: \"MAR\") { code name } }"}`).Code }()
	}
	for i := 0; i < n; i++ {
		if c := <-codes; c != http.StatusOK {
			t.Errorf("request %d: status %d", i, c)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	if !strings.Contains(body, `hub_http_request_wait_seconds_count{outcome="admitted"}`) || !strings.Contains(body, "hub_http_requests_waiting 0") {
		t.Errorf("no request waited for the one slot, or some still wait:\n%s", grepLines(body, "hub_http_request"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
