package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func newHandler(t *testing.T, st *store.Store) http.Handler {
	t.Helper()
	return httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"}})
}

func newClient(t *testing.T, st *store.Store) *client.Client {
	t.Helper()
	c := client.New(newHandler(t, st))
	c.SetCustomTarget("/graphql")
	return c
}

// post sends a document and returns the raw response (data and errors as JSON).
func post(t *testing.T, c *client.Client, query string, opts ...client.Option) (string, []gqlError) {
	t.Helper()
	record(query)
	resp, err := c.RawPost(query, opts...)
	if err != nil {
		// The client reports 4xx answers (parse and validation errors under
		// application/json) as an error "http NNN: <body>"; read the body.
		_, body, ok := strings.Cut(err.Error(), ": ")
		resp = &client.Response{}
		if !ok || json.Unmarshal([]byte(body), resp) != nil {
			t.Fatalf("post: %v", err)
		}
	}
	data, _ := json.Marshal(resp.Data)
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			t.Fatalf("decode errors %s: %v", resp.Errors, err)
		}
	}
	return string(data), errs
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func assertJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got is not JSON: %s", got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %s", want)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("got  %s\nwant %s", gb, wb)
	}
}

// internalText are fragments that must never reach a client.
var internalText = []string{"MATCH", "RETURN", "neo4j", "Neo4j", "bolt", "dial", "127.0.0.1", "goroutine", ".go:", "connectivity"}

func assertSafe(t *testing.T, errs []gqlError) {
	t.Helper()
	for _, e := range errs {
		raw, _ := json.Marshal(e)
		for _, frag := range internalText {
			if strings.Contains(string(raw), frag) {
				t.Errorf("error shows internal text %q: %s", frag, raw)
			}
		}
	}
}

func TestContractQueries(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	t.Run("state with its NMIRFs", func(t *testing.T) {
		data, errs := post(t, c, `{ state(code: "MAR") { code name nmirfs { name } } }`)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		assertJSON(t, data, `{"state":{"code":"MAR","name":"Morocco","nmirfs":[{"name":"Interministerial Delegation for Human Rights"}]}}`)
	})
	t.Run("network members", func(t *testing.T) {
		data, errs := post(t, c, `{ network { name members(first: 10) { totalCount edges { role node { name state { code } } } } } }`)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		assertJSON(t, data, `{"network":{"name":"International Network of National Mechanisms for Implementation, Reporting and Follow-up",
		  "members":{"totalCount":3,"edges":[
		    {"role":"EXECUTIVE_COMMITTEE_COORDINATOR","node":{"name":"Interministerial Delegation for Human Rights","state":{"code":"MAR"}}},
		    {"role":"EXECUTIVE_COMMITTEE","node":{"name":"National Human Rights Committee","state":{"code":"PRT"}}},
		    {"role":"EXECUTIVE_COMMITTEE","node":{"name":"Monitoring System of International Recommendations on Human Rights and Sustainable Development Goals","state":{"code":"PRY"}}}]}}}`)
	})
}

func TestNetworkHistory(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{ network { reportedMemberCount { count asOf source { title } }
	  foundingInstrument { title kind adoptedOn adoptedOnPrecision adoptedAt { name place hostState { code } startDate endDate } }
	  events { name startDate datePrecision summary instrumentsAdopted { title } sources { publisher } }
	  instruments { title symbol kind summary sources { title } } sources { title }
	  members(first: 1) { edges { cursor } nodes { acronym type networkMemberships { role since source { id } } sources { title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`)
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	var got struct {
		Network struct {
			ReportedMemberCount struct {
				Count int
				AsOf  string
			}
			FoundingInstrument struct {
				Title, AdoptedOn string
				AdoptedAt        struct {
					Place     string
					HostState struct{ Code string }
				}
			}
			Events []struct {
				Name               string
				InstrumentsAdopted []struct{ Title string }
			}
			Instruments []struct{ Symbol *string }
			Members     struct {
				Nodes []struct {
					Acronym            string
					NetworkMemberships []struct{ Role string }
				}
				PageInfo struct{ HasNextPage, HasPreviousPage bool }
			}
		}
	}
	if err := json.Unmarshal([]byte(data), &got); err != nil {
		t.Fatal(err)
	}
	n := got.Network
	if n.ReportedMemberCount.Count != 24 || n.ReportedMemberCount.AsOf != "2025-02-25" {
		t.Errorf("reportedMemberCount = %+v", n.ReportedMemberCount)
	}
	if n.FoundingInstrument.Title != "Asunción Declaration" || n.FoundingInstrument.AdoptedAt.HostState.Code != "PRY" || n.FoundingInstrument.AdoptedOn != "2024-05-01" {
		t.Errorf("foundingInstrument = %+v", n.FoundingInstrument)
	}
	if len(n.Events) != 5 || len(n.Events[0].InstrumentsAdopted) != 1 || n.Events[0].InstrumentsAdopted[0].Title != "Marrakech Declaration" {
		t.Errorf("events = %+v", n.Events)
	}
	if len(n.Instruments) != 7 || n.Instruments[3].Symbol == nil || *n.Instruments[3].Symbol != "A/HRC/RES/51/33" {
		t.Errorf("instruments = %+v", n.Instruments)
	}
	if len(n.Members.Nodes) != 1 || n.Members.Nodes[0].Acronym != "DIDH" || !n.Members.PageInfo.HasNextPage || n.Members.PageInfo.HasPreviousPage {
		t.Errorf("members = %+v", n.Members)
	}
}

func TestPagination(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	type pageResp struct {
		States struct {
			TotalCount int
			Edges      []struct {
				Cursor string
				Node   struct{ Code string }
			}
			PageInfo struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       string
			}
		}
	}
	get := func(args string) pageResp {
		t.Helper()
		data, errs := post(t, c, `{ states(`+args+`, filter: {unRegionalGroups: [EASTERN_EUROPEAN]}) { totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)
		if errs != nil {
			t.Fatalf("errors for %s: %+v", args, errs)
		}
		var r pageResp
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	var forward []string
	after := ""
	for {
		args := "first: 5"
		if after != "" {
			args += `, after: "` + after + `"`
		}
		r := get(args)
		if r.States.TotalCount != 23 {
			t.Fatalf("totalCount = %d, want 23", r.States.TotalCount)
		}
		for _, e := range r.States.Edges {
			forward = append(forward, e.Node.Code)
		}
		if !r.States.PageInfo.HasNextPage {
			break
		}
		after = r.States.PageInfo.EndCursor
	}
	var backward []string
	before := ""
	for {
		args := "last: 5"
		if before != "" {
			args += `, before: "` + before + `"`
		}
		r := get(args)
		var codes []string
		for _, e := range r.States.Edges {
			codes = append(codes, e.Node.Code)
		}
		backward = append(codes, backward...)
		if !r.States.PageInfo.HasPreviousPage {
			break
		}
		before = r.States.PageInfo.StartCursor
	}
	if len(forward) != 23 || strings.Join(forward, ",") != strings.Join(backward, ",") {
		t.Errorf("forward %v\nbackward %v", forward, backward)
	}
}

func TestErrors(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	for _, tc := range []struct {
		name, query, code, field string
	}{
		{"syntax error", `{ state(code: "MAR") { code `, "GRAPHQL_PARSE_FAILED", ""},
		{"unknown field", `{ state(code: "MAR") { code population } }`, "GRAPHQL_VALIDATION_FAILED", ""},
		{"page too large", `{ states(first: 101) { nodes { code } } }`, "BAD_USER_INPUT", "first"},
		{"negative page", `{ states(last: 0) { nodes { code } } }`, "BAD_USER_INPUT", "last"},
		{"first with last", `{ states(first: 1, last: 1) { nodes { code } } }`, "BAD_USER_INPUT", "last"},
		{"bad cursor", `{ states(first: 1, after: "nope") { nodes { code } } }`, "BAD_USER_INPUT", "after"},
		{"bad id", `{ node(id: "not-an-id") { id } }`, "BAD_USER_INPUT", "id"},
		{"too many ids", `{ nodes(ids: [` + strings.Repeat(`"x",`, 101) + `]) { id } }`, "BAD_USER_INPUT", "ids"},
		{"bad enum", `{ states(first: 1, filter: {unRegionalGroups: [MARS]}) { nodes { code } } }`, "GRAPHQL_VALIDATION_FAILED", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := post(t, c, tc.query)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			if errs[0].Extensions["code"] != tc.code {
				t.Errorf("code = %v, want %s (%+v)", errs[0].Extensions["code"], tc.code, errs[0])
			}
			if tc.field != "" && errs[0].Extensions["field"] != tc.field {
				t.Errorf("field = %v, want %s", errs[0].Extensions["field"], tc.field)
			}
			assertSafe(t, errs)
		})
	}
	t.Run("unknown state is null", func(t *testing.T) {
		data, errs := post(t, c, `{ state(code: "XXX") { code } }`)
		if errs != nil || data != `{"state":null}` {
			t.Errorf("got %s %+v", data, errs)
		}
	})
}

func TestUnavailableDatabase(t *testing.T) {
	cfg := testenv.Config()
	cfg.URI = "bolt://127.0.0.1:1"
	st, err := store.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	c := newClient(t, st)
	_, errs := post(t, c, `{ state(code: "MAR") { code } }`)
	if len(errs) != 1 || errs[0].Extensions["code"] != "UNAVAILABLE" {
		t.Fatalf("errors = %+v; want one UNAVAILABLE", errs)
	}
	if errs[0].Extensions["requestId"] == "" {
		t.Errorf("no request id: %+v", errs[0])
	}
	assertSafe(t, errs)

	h := newHandler(t, st)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d; want 503", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("/healthz = %d; want 200", rec.Code)
	}
}

func TestNodeResolvesEveryID(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{ states(first: 100) { nodes { id } }
	  network { id foundingInstrument { id } events { id sources { id } } instruments { id } members(first: 10) { nodes { id state { id } } } } }`)
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	// Collect every "id" in the response with the type it came from.
	var raw map[string]any
	_ = json.Unmarshal([]byte(data), &raw)
	want := map[string]string{}
	var walk func(v any, typ string)
	walk = func(v any, typ string) {
		switch x := v.(type) {
		case map[string]any:
			if id, ok := x["id"].(string); ok {
				want[id] = typ
			}
			for k, child := range x {
				walk(child, map[string]string{"states": "State", "network": "Network", "foundingInstrument": "Instrument",
					"events": "Event", "sources": "Source", "instruments": "Instrument", "members": "NMIRF", "state": "State"}[k]+pick(typ, k))
			}
		case []any:
			for _, child := range x {
				walk(child, typ)
			}
		}
	}
	walk(raw, "")
	if len(want) < 110 {
		t.Fatalf("only %d ids collected", len(want))
	}
	for id, typ := range want {
		data, errs := post(t, c, `query($id: ID!) { node(id: $id) { __typename id } }`, client.Var("id", id))
		if errs != nil {
			t.Fatalf("node(%s): %+v", id, errs)
		}
		var r struct{ Node struct{ Typename, ID string } }
		_ = json.Unmarshal([]byte(strings.Replace(data, "__typename", "typename", 1)), &r)
		if r.Node.Typename != typ || r.Node.ID != id {
			t.Errorf("node(%s) = %s; want a %s", id, data, typ)
		}
	}
}

// pick keeps the parent's type for plain wrapper keys (nodes, edges).
func pick(parent, key string) string {
	switch key {
	case "nodes", "edges", "node":
		return parent
	}
	return ""
}

func TestRoundTripsDoNotGrowWithPageSize(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	count := func(first int) int64 {
		var n atomic.Int64
		// Start just before MAR so even one State has an NMIRF and every level is reached.
		query := `query($n: Int, $after: String) { states(first: $n, after: $after) { nodes { code nmirfs { name state { code } networkMemberships { role } } sources { title } } } }`
		_, errs := post(t, c, query, client.Var("n", first), client.Var("after", domain.EncodeCursor("MAQ")), func(r *client.Request) {
			r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
		})
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		return n.Load()
	}
	small, large := count(1), count(100)
	// One query for the page, then one per nested lookup: nmirfs, sources, state, memberships.
	if large != small || large != 5 {
		t.Errorf("round trips: %d for 3 states, %d for 100; want the same, at most 5", small, large)
	}
	// totalCount costs a query only when selected.
	var n atomic.Int64
	post(t, c, `{ states(first: 5) { nodes { code } } }`, func(r *client.Request) {
		r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
	})
	if n.Load() != 1 {
		t.Errorf("a page without totalCount took %d round trips; want 1", n.Load())
	}
}

func TestHTTPSurface(t *testing.T) {
	h := newHandler(t, testenv.Store(t))
	t.Run("readyz", func(t *testing.T) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("/readyz = %d", rec.Code)
		}
	})
	t.Run("cors allow-list", func(t *testing.T) {
		for origin, allowed := range map[string]bool{"http://localhost:3000": true, "https://evil.example": false} {
			req := httptest.NewRequest("OPTIONS", "/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			got := rec.Header().Get("Access-Control-Allow-Origin")
			if (got == origin) != allowed || got == "*" {
				t.Errorf("origin %s: Access-Control-Allow-Origin = %q", origin, got)
			}
		}
	})
	t.Run("playground is self-hosted", func(t *testing.T) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, `src="/assets/graphiql.min.js"`) || strings.Contains(body, "cdn.") {
			t.Fatalf("GET / = %d: %.300s", rec.Code, body)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/assets/graphiql.min.js", nil))
		if rec.Code != http.StatusOK || rec.Body.Len() < 100000 {
			t.Errorf("GET /assets/graphiql.min.js = %d, %d bytes", rec.Code, rec.Body.Len())
		}
	})
	t.Run("body cap", func(t *testing.T) {
		big := `{"query":"{ __typename }","variables":{"x":"` + strings.Repeat("a", httpapi.MaxBodyBytes) + `"}}`
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(big))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK && !strings.Contains(rec.Body.String(), "errors") {
			t.Errorf("an oversized body was accepted: %d %.200s", rec.Code, rec.Body.String())
		}
	})
	t.Run("graphql-response+json", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ state(code: \"MAR\") { code } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/graphql-response+json") {
			t.Errorf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
	})
	t.Run("get query", func(t *testing.T) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", `/graphql?query=%7B%20state(code%3A%20%22MAR%22)%20%7B%20code%20%7D%20%7D`, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"MAR"`) {
			t.Errorf("GET /graphql = %d %s", rec.Code, rec.Body.String())
		}
	})
}

// A recommendation looked up by ID comes with the links its selection asks for in one
// query, and a page of recommendations with them in two (the page, then all links).
func TestFoldedRecommendationReads(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	count := roundTripCounter(t, c)
	id := domain.GlobalID(domain.KindRecommendation, "a-hrc-wg6-cri-2024-upr4-p119.5")
	data, n := count(`query($id: ID!) { node(id: $id) { ... on Recommendation { paragraph mechanism { code } states { code }
	  recommendingStates { code } themes { id } } } }`, client.Var("id", id))
	if n != 1 || !strings.Contains(data, `"states":[{"code":"CRI"}]`) || !strings.Contains(data, `"mechanism":{"code":"UPR"}`) {
		t.Errorf("node(id:) with its links: %d round trips (want 1): %s", n, data)
	}
	_, n = count(`{ recommendations(first: 20, filter: {stateCodes: ["CRI"]}) { totalCount nodes { paragraph mechanism { code } states { code } themes { id } } } }`)
	if n != 1 {
		t.Errorf("a page with its links and total count: %d round trips, want 1", n)
	}
}

// roundTripCounter posts a query and returns its data and how many database round trips it
// took; any error fails the test.
func roundTripCounter(t *testing.T, c *client.Client) func(query string, opts ...client.Option) (string, int64) {
	return func(query string, opts ...client.Option) (string, int64) {
		t.Helper()
		var n atomic.Int64
		data, errs := post(t, c, query, append(opts, func(r *client.Request) {
			r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
		})...)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		return data, n.Load()
	}
}

// A root field that returns one node is read with everything selected below it that
// follows a link (resolvers/plan.go) in one statement, as deep as the query goes.
func TestCompiledReads(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	count := roundTripCounter(t, c)
	data, n := count(`{ state(code: "pry") { code name nmirfs { name practices { id title themes { name } } } goodPractices { id } } }`)
	if n != 1 || !strings.Contains(data, `SIMORE`) || !strings.Contains(data, `"themes":[{"name":`) {
		t.Errorf("a State, its NMIRFs, their practices and themes: %d round trips (want 1): %s", n, data)
	}
	// The same through node(id:), with a fragment, and an alias that must not change the plan.
	id := domain.GlobalID(domain.KindState, "PRY")
	again, n := count(`query($id: ID!) { node(id: $id) { ... on State { code name nmirfs { name practices { id title themes { name } } }
	  goodPractices { id } } } }`, client.Var("id", id))
	if n != 1 || strings.TrimPrefix(again, `{"node":`) != strings.TrimPrefix(data, `{"state":`) {
		t.Errorf("node(id:) %d round trips (want 1):\n%s\nwant the same as\n%s", n, again, data)
	}
	// The benchmark's country profile: the tree and the page of recommendations with their
	// links, in one statement (resolvers/pages.go).
	_, n = count(`{ state(code: "CRI") { code name nmirfs { name practices { title themes { name } } }
	  recommendationsReceived(first: 10) { edges { node { uhriAnnotationId text year mechanism { code } themes { name } } } } } }`)
	if n != 1 {
		t.Errorf("the country profile: %d round trips, want 1", n)
	}
	// A compiled page answers as the page field's own read does (forced by an empty filter,
	// which is never compiled), whatever the arguments: order, direction, cursor (a
	// variable), count, page info, links below the items; and a second page field of one
	// compiled read is read by its own query.
	first, _ := count(`{ state(code: "CRI") { recommendationsReceived(first: 4, orderBy: {field: PARAGRAPH, direction: ASC}) { pageInfo { endCursor } } } }`)
	var firstPage struct {
		State struct {
			RecommendationsReceived struct{ PageInfo struct{ EndCursor string } }
		}
	}
	if err := json.Unmarshal([]byte(first), &firstPage); err != nil || firstPage.State.RecommendationsReceived.PageInfo.EndCursor == "" {
		t.Fatalf("%v: %s", err, first)
	}
	cursor := firstPage.State.RecommendationsReceived.PageInfo.EndCursor
	for _, c := range []struct{ name, args string }{
		{"newest first", `first: 10`},
		{"the last three", `last: 3`},
		{"by paragraph, after a cursor", `first: 5, after: $after, orderBy: {field: PARAGRAPH, direction: ASC}`},
		{"by paragraph, before a cursor", `last: 2, before: $after, orderBy: {field: PARAGRAPH, direction: ASC}`},
	} {
		q := `query VARS { state(code: "CRI") { code
		  page: recommendationsReceived(ARGS) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		    edges { cursor node { id paragraph text year mechanism { code } themes { name } states { code } practices { title } } } }
		  made: recommendationsMade(first: 2) { totalCount nodes { id recommendingStates { code } } } } }`
		vars, opts := "", []client.Option(nil)
		if strings.Contains(c.args, "$after") {
			vars, opts = "($after: String)", []client.Option{client.Var("after", cursor)}
		}
		q = strings.ReplaceAll(q, "VARS", vars)
		compiled, trips := count(strings.ReplaceAll(q, "ARGS", c.args), opts...)
		separate, _ := count(strings.ReplaceAll(strings.ReplaceAll(q, "ARGS", c.args+", filter: {}"), "recommendationsMade(first: 2)", "recommendationsMade(first: 2, filter: {})"), opts...)
		if compiled != separate || !strings.Contains(compiled, `"edges":[{"cursor"`) {
			t.Errorf("%s: compiled page\n%s\nthe field's own read\n%s", c.name, compiled, separate)
		}
		// The page is compiled; recommendationsMade, a second page, is read by its own query.
		if trips != 2 {
			t.Errorf("%s: %d round trips, want 2", c.name, trips)
		}
	}
	// Two aliases of one field with different selections: one plan, merged.
	data, n = count(`{ state(code: "PRY") { a: nmirfs { name } b: nmirfs { practices { id themes { name } } } } }`)
	if n != 1 || !strings.Contains(data, `"b":[{"practices":[{"id":`) {
		t.Errorf("two aliases of nmirfs: %d round trips (want 1): %s", n, data)
	}
	// One State asked for twice: each gets the same page, its items once each.
	id = domain.GlobalID(domain.KindState, "CRI")
	data, _ = count(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on State { recommendationsReceived(first: 3) {
	  nodes { paragraph } pageInfo { hasNextPage } } } } }`, client.Var("ids", []string{id, id}))
	var twice struct {
		Nodes []struct {
			RecommendationsReceived struct {
				Nodes    []struct{ Paragraph string }
				PageInfo struct{ HasNextPage bool }
			}
		}
	}
	if err := json.Unmarshal([]byte(data), &twice); err != nil || len(twice.Nodes) != 2 {
		t.Fatalf("%v: %s", err, data)
	}
	for _, st := range twice.Nodes {
		page := st.RecommendationsReceived
		seen := map[string]bool{}
		for _, r := range page.Nodes {
			seen[r.Paragraph] = true
		}
		if len(page.Nodes) != 3 || len(seen) != 3 || !page.PageInfo.HasNextPage {
			t.Errorf("a State asked for twice: %s", data)
		}
	}
	// Facets: every selected facet in one statement, whether the counts are counted or kept.
	for i := 0; i < 2; i++ {
		if _, n = count(`{ recommendationFacets(filter: {mechanismKinds: [UPR]}) { total byMechanism { key count } byState { key count } } }`); n != 1 {
			t.Errorf("facets, request %d: %d round trips, want 1", i+1, n)
		}
	}
	// A State without NMIRFs gets empty lists, not a second query.
	data, n = count(`{ state(code: "FRA") { nmirfs { name practices { id } } } }`)
	if n != 1 || data != `{"state":{"nmirfs":[]}}` {
		t.Errorf("a State without NMIRFs: %d round trips: %s", n, data)
	}
}
