package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/metrics"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// ask posts body from addr with the Authorization header auth ("" for none) and counts the
// database round trips the request makes.
func ask(h http.Handler, addr, auth, body string) (*httptest.ResponseRecorder, int64) {
	var n atomic.Int64
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
	req = req.WithContext(store.WithRoundTripCounter(req.Context(), &n))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr + ":4000"
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, n.Load()
}

const viewerQuery = `{"query":"{ viewer { name role } }"}`

func newToken(t *testing.T, st *store.Store, role domain.Role, state string) string {
	t.Helper()
	_, tok, err := st.CreateToken(context.Background(), fmt.Sprintf("test-abuse-%d", rand.Int()), role, state)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Made-up tokens are limited by address before they are looked up: each used to get its own
// bucket (keyed on the raw header) and to cost a Neo4j look-up.
func TestRateLimitCountsMadeUpTokensByAddress(t *testing.T) {
	st := testenv.Store(t)
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), RateLimit: httpapi.RateLimit{Rate: 0.5, Burst: 3}})
	limited, trips := 0, int64(0)
	for i := 0; i < 20; i++ {
		rec, n := ask(h, "198.51.100.7", fmt.Sprintf("Bearer hub_madeup%d", i), viewerQuery)
		if rec.Code == http.StatusTooManyRequests {
			limited++
		} else if rec.Code != http.StatusUnauthorized {
			t.Fatalf("request %d: %d %s", i, rec.Code, rec.Body.String())
		}
		trips += n
	}
	if limited != 17 || trips > 3 {
		t.Errorf("20 made-up tokens from one address: %d refused with 429 (want 17), %d database round trips (want ≤ 3)", limited, trips)
	}
	// Another address keeps its own budget.
	if rec, _ := ask(h, "198.51.100.8", "", viewerQuery); rec.Code != http.StatusOK {
		t.Errorf("another address: %d", rec.Code)
	}
}

// A token is one client whatever the spelling of its header and the address it comes from.
func TestRateLimitByPrincipalAndStrictBearer(t *testing.T) {
	st := testenv.Store(t)
	tok := newToken(t, st, domain.RoleViewer, "")
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), RateLimit: httpapi.RateLimit{Rate: 0.5, Burst: 2}})
	for _, bad := range []string{"Bearer  " + tok, "Bearer " + tok + " ", "Bearer\t" + tok, "bearer " + tok, "Bearer " + tok + " x", "Bearer "} {
		if rec, _ := ask(h, "192.0.2."+fmt.Sprint(rand.IntN(200)+1), bad, viewerQuery); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "UNAUTHENTICATED") {
			t.Errorf("%q: %d %s", bad, rec.Code, rec.Body.String())
		}
	}
	for i, addr := range []string{"203.0.113.1", "203.0.113.2"} {
		if rec, _ := ask(h, addr, "Bearer "+tok, viewerQuery); rec.Code != http.StatusOK {
			t.Fatalf("request %d with the token: %d %s", i, rec.Code, rec.Body.String())
		}
	}
	if rec, _ := ask(h, "203.0.113.3", "Bearer "+tok, viewerQuery); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("third use of the token from a third address: %d; want 429 with Retry-After", rec.Code)
	}
	// Token use is charged to the token, not to the address: the address still has its budget.
	for i := 0; i < 2; i++ {
		if rec, _ := ask(h, "203.0.113.1", "", viewerQuery); rec.Code != http.StatusOK {
			t.Errorf("anonymous request %d from the token's address: %d", i, rec.Code)
		}
	}
}

// Unknown tokens are remembered (for a short TTL only); revoked tokens are refused at once.
func TestFailedTokenLookupsAreCached(t *testing.T) {
	st := testenv.Store(t)
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), FailedTokenTTL: 300 * time.Millisecond})
	junk := fmt.Sprintf("Bearer hub_junk%d", rand.Int())
	trips := []int64{}
	for i := 0; i < 3; i++ {
		rec, n := ask(h, "192.0.2.50", junk, viewerQuery)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("junk token: %d", rec.Code)
		}
		trips = append(trips, n)
	}
	if trips[0] != 1 || trips[1] != 0 || trips[2] != 0 {
		t.Errorf("round trips of one junk token sent three times: %v; want [1 0 0]", trips)
	}
	time.Sleep(400 * time.Millisecond)
	if _, n := ask(h, "192.0.2.50", junk, viewerQuery); n != 1 {
		t.Errorf("after the TTL the token is looked up again: %d round trips; want 1", n)
	}
	// Successes are not cached: a revoked token is refused by the next request.
	name := fmt.Sprintf("test-revoked-%d", rand.Int())
	_, tok, err := st.CreateToken(context.Background(), name, domain.RoleViewer, "")
	if err != nil {
		t.Fatal(err)
	}
	if rec, _ := ask(h, "192.0.2.50", "Bearer "+tok, viewerQuery); rec.Code != http.StatusOK {
		t.Fatalf("new token: %d", rec.Code)
	}
	if _, err := st.RevokeToken(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	if rec, _ := ask(h, "192.0.2.50", "Bearer "+tok, viewerQuery); rec.Code != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", rec.Code)
	}
}

// Client-chosen operation names cannot grow the metrics without bound.
func TestOperationNameLabelsAreBounded(t *testing.T) {
	st := testenv.Store(t)
	m := metrics.New()
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), Metrics: m})
	for i := 0; i < 300; i++ {
		ask(h, "192.0.2.60", "", fmt.Sprintf(`{"query":"query Op%d { __typename }","operationName":"Op%d"}`, i, i))
	}
	// An operationName the document does not define is refused, not counted under that name.
	ask(h, "192.0.2.60", "", `{"query":"query Real { __typename }","operationName":"Bogus"}`)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	series := strings.Count(rec.Body.String(), "graphql_request_duration_seconds_count{")
	// At most the capped names, "other" and "anonymous" (the refused Bogus request).
	if series > metrics.MaxOperationNames+2 || !strings.Contains(rec.Body.String(), `operation="other"`) ||
		strings.Contains(rec.Body.String(), `operation="Bogus"`) {
		t.Errorf("300 operation names gave %d series; want at most %d, with \"other\"", series, metrics.MaxOperationNames+2)
		for _, l := range strings.Split(rec.Body.String(), "\n") {
			if strings.HasPrefix(l, "graphql_request_duration_seconds_count{") && !strings.Contains(l, `operation="Op`) {
				t.Log(l)
			}
		}
	}
}

// Operator soup is refused as the user's mistake, before any database work.
func TestSearchOperatorSoupIsBadUserInput(t *testing.T) {
	st := testenv.Store(t)
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger()})
	for _, q := range []string{"a AND OR b", "OR OR OR", "a NOT AND b", "a NOT NOT b", "a OR NOT AND b", "rights -AND women", "a NOT -b"} {
		rec, n := ask(h, "192.0.2.70", "", searchBody(q))
		body := rec.Body.String()
		if !strings.Contains(body, `"code":"BAD_USER_INPUT"`) || n != 0 {
			t.Errorf("%q: %d round trips, %s", q, n, body)
		}
	}
	// Dangling operators are dropped, not refused.
	for _, q := range []string{"a OR OR", "NOT NOT a b", "rights NOT women", "rights AND NOT women", `"AND OR" rights`, "-women rights", "rights or and women"} {
		rec, _ := ask(h, "192.0.2.70", "", searchBody(q))
		if strings.Contains(rec.Body.String(), `"errors"`) {
			t.Errorf("%q: %s", q, rec.Body.String())
		}
	}
}

func searchBody(q string) string {
	b, _ := json.Marshal(map[string]any{"query": `query($q: String!) { search(query: $q, first: 1) { nodes { id } } }`, "variables": map[string]any{"q": q}})
	return string(b)
}

// A body that is not JSON is not echoed back.
func TestMalformedBodyIsNotEchoed(t *testing.T) {
	st := testenv.Store(t)
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger()})
	rec, _ := ask(h, "192.0.2.80", "", `{"query":"{ __typename }" SECRET-`+strings.Repeat("x", 5000))
	if rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), "SECRET") || rec.Body.Len() > 500 {
		t.Errorf("%d, %d bytes: %.300s", rec.Code, rec.Body.Len(), rec.Body.String())
	}
}

// Without suggestions no message says "Did you mean".
func TestNoSuggestionsWhenTurnedOff(t *testing.T) {
	st := testenv.Store(t)
	l := httpapi.DefaultLimits()
	l.Suggestions = false
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), Limits: &l})
	for _, q := range []string{
		`{ state(code: \"MAR\") { nam } }`,                         // field (gqlgen's switch covers it)
		`{ state(cod: \"MAR\") { name } }`,                         // argument
		`{ search(query: \"x\", types: [STATES]) { totalCount } }`, // enum value
		`query($x: Strin) { state(code: $x) { name } }`,            // type
	} {
		rec, _ := ask(h, "192.0.2.90", "", `{"query":"`+q+`"}`)
		if !strings.Contains(rec.Body.String(), `"errors"`) || strings.Contains(rec.Body.String(), "Did you mean") {
			t.Errorf("%s: %s", q, rec.Body.String())
		}
	}
}
