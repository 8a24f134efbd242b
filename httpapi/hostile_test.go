package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// TestHostileQueriesAreRefusedBeforeAnyDatabaseWork sends the documents an attacker would,
// and checks each is refused with its code while the store counts zero round trips.
func TestHostileQueriesAreRefusedBeforeAnyDatabaseWork(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	aliases := make([]string, 16)
	for i := range aliases {
		aliases[i] = fmt.Sprintf(`a%d: state(code: "MAR") { code }`, i)
	}
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = `"x"`
	}
	directives := strings.Repeat(` __typename @include(if: true)`, 51)
	doubling := "query { ...F0 }"
	for i := range 24 {
		doubling += fmt.Sprintf(" fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	doubling += " fragment F24 on Query { __typename }"
	deepIntro := `{ __type(name: "Query") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } } } }`
	for _, tc := range []struct{ name, query, code string }{
		{"deep nesting", `{ state(code: "MAR") { nmirfs { state { nmirfs { state { nmirfs { state { code } } } } } } } }`, "DEPTH_LIMIT_EXCEEDED"},
		{"alias flood", "{ " + strings.Join(aliases, " ") + " }", "ALIAS_LIMIT_EXCEEDED"},
		{"directive flood", `{ state(code: "MAR") { code` + directives + ` } }`, "DIRECTIVE_LIMIT_EXCEEDED"},
		{"fragment cycle", `fragment A on State { nmirfs { state { ...A } } } { state(code: "MAR") { ...A } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"first: 100000", `{ recommendations(first: 100000) { nodes { id } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"nested pages too costly", `{ states(first: 100) { nodes { recommendationsReceived(first: 100) { nodes { id text } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"fragment doubling (2^24 fields)", doubling, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"first: 100 fan-out through connections", `{ search(query: "water", first: 100) { nodes { ... on Recommendation { similar(first: 50) { edges { node { mechanism { code } } } } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"huge id list", `{ nodes(ids: [` + strings.Join(ids, ",") + `]) { id } }`, "BAD_USER_INPUT"},
		{"token flood", `{ state(code: "MAR") { code ` + strings.Repeat("__typename ", 1200) + `} }`, "GRAPHQL_PARSE_FAILED"},
		{"introspection abuse", deepIntro, "GRAPHQL_VALIDATION_FAILED"}, // gqlparser's own introspection-depth rule
		{"wrong variable type", `query($n: Int) { states(first: $n) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int64
			opts := []client.Option{func(r *client.Request) {
				r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
			}}
			if tc.name == "wrong variable type" {
				opts = append(opts, client.Var("n", "many"))
			}
			start := time.Now()
			_, errs := post(t, c, tc.query, opts...)
			// Generous: the refusal takes well under a millisecond of analysis; before the
			// fix the fragment doubling took seconds.
			if d := time.Since(start); d > time.Second {
				t.Errorf("refused after %v", d)
			}
			if len(errs) == 0 || errs[0].Extensions["code"] != tc.code {
				t.Errorf("errors %+v; want code %s", errs, tc.code)
			}
			if n.Load() != 0 {
				t.Errorf("%d database round trips before the refusal; want 0", n.Load())
			}
			assertSafe(t, errs)
		})
	}
}

// Depth counts what nests, not a connection's edges/node/nodes/pageInfo wrappers: three hops
// through connections are ordinary queries and pass (the cost limit guards fan-out).
func TestThreeHopsThroughConnectionsPass(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	for _, q := range []string{
		`{ search(query: "water") { nodes { ... on Recommendation { similar { edges { node { mechanism { code } } } } } } } }`,
		`{ states(first: 2) { edges { node { recommendationsReceived(first: 2) { pageInfo { hasNextPage } nodes { similar(first: 2) { nodes { mechanism { code } } } } } } } } }`,
	} {
		_, errs := post(t, c, q)
		if errs != nil {
			t.Errorf("%s: %+v", q, errs)
		}
	}
}

func TestCostIsReportedAndIntrospectionCanBeOff(t *testing.T) {
	st := testenv.Store(t)
	h := newHandler(t, st)
	body := `{"query":"{ states(first: 10) { nodes { code nmirfs { name } } } }"}`
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp struct {
		Extensions struct {
			Cost struct{ Requested, Limit int }
		}
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &resp)
	if resp.Extensions.Cost.Limit != 5000 || resp.Extensions.Cost.Requested < 20 {
		t.Errorf("extensions.cost = %+v in %s", resp.Extensions.Cost, rec.Body.String())
	}

	prod := httpapi.DefaultLimits()
	prod.Introspection, prod.Suggestions = false, false
	ph := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"}, Limits: &prod})
	pc := client.New(ph)
	pc.SetCustomTarget("/graphql")
	_, errs := post(t, pc, `{ __schema { types { name } } }`)
	if len(errs) == 0 || errs[0].Extensions["code"] != "INTROSPECTION_DISABLED" {
		t.Errorf("introspection with the production profile: %+v", errs)
	}
	_, errs = post(t, pc, `{ state(code: "MAR") { nam } }`)
	if len(errs) == 0 || strings.Contains(errs[0].Message, "Did you mean") {
		t.Errorf("suggestions with the production profile: %+v", errs)
	}
}

func TestMalformedRequests(t *testing.T) {
	h := newHandler(t, testenv.Store(t))
	for _, tc := range []struct{ name, body, contentType string }{
		{"malformed JSON", `{"query": "{ state(code: \"MAR\") { code } }"`, "application/json"},
		{"variables not an object", `{"query": "{ __typename }", "variables": [1, 2]}`, "application/json"},
		{"no query", `{"variables": {}}`, "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/graphql", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code < 400 || rec.Code >= 500 || !strings.Contains(rec.Body.String(), `"errors"`) {
				t.Errorf("status %d, body %s; want a 4xx with errors", rec.Code, rec.Body.String())
			}
		})
	}
	req := httptest.NewRequest("GET", "/graphql?query=mutation%20%7B%20x%20%7D", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"errors"`) || strings.Contains(rec.Body.String(), `"data":{`) {
		t.Errorf("a mutation over GET was executed: %d %s", rec.Code, rec.Body.String())
	}
}
