package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/ingest"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func TestRecommendationContractQueries(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	t.Run("country profile", func(t *testing.T) {
		data, errs := post(t, c, `{ state(code: "CRI") { name(lang: ES) recommendationsReceived(first: 5, filter: {mechanismKinds: [UPR]}) { totalCount pageInfo { hasNextPage endCursor } nodes { id text(lang: ES) position { value } recommendingStates { code } themes { name } } } } }`)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		var r struct {
			State struct {
				Name                    string
				RecommendationsReceived struct {
					TotalCount int
					PageInfo   struct{ HasNextPage bool }
					Nodes      []struct {
						ID, Text           string
						RecommendingStates []struct{ Code string }
						Themes             []struct{ Name string }
					}
				}
			}
		}
		_ = json.Unmarshal([]byte(data), &r)
		rr := r.State.RecommendationsReceived
		if r.State.Name != "Costa Rica" || rr.TotalCount != 82 || !rr.PageInfo.HasNextPage || len(rr.Nodes) != 5 {
			t.Fatalf("got %s", data)
		}
		for _, n := range rr.Nodes {
			if len(n.RecommendingStates) == 0 || len(n.Themes) == 0 || !strings.ContainsAny(n.Text, "áéíóúñ") && !strings.Contains(n.Text, " la ") {
				t.Errorf("node %+v: want a Spanish text, recommending States and themes", n)
			}
		}
	})
	t.Run("facets", func(t *testing.T) {
		data, errs := post(t, c, `{ recommendationFacets(filter: {stateCodes: ["CRI"]}) { byTheme { key count } byRecommendingState { key count } } }`)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		var r struct {
			RecommendationFacets struct {
				ByTheme, ByRecommendingState []struct {
					Key   string
					Count int
				}
			}
		}
		_ = json.Unmarshal([]byte(data), &r)
		f := r.RecommendationFacets
		if len(f.ByRecommendingState) != 62 || len(f.ByTheme) < 5 {
			t.Fatalf("got %s", data)
		}
		// A theme facet's key is the theme's ID, ready for filter.themeIds.
		data, errs = post(t, c, `query($t: ID!) { recommendations(first: 1, filter: {stateCodes: ["CRI"], themeIds: [$t]}) { totalCount } }`, client.Var("t", f.ByTheme[0].Key))
		if errs != nil || !strings.Contains(data, `"totalCount":`+itoa(f.ByTheme[0].Count)) {
			t.Errorf("filtering by the top theme facet gave %s %+v; want %d", data, errs, f.ByTheme[0].Count)
		}
	})
	t.Run("node by id", func(t *testing.T) {
		data, _ := post(t, c, `{ recommendations(first: 1, filter: {stateCodes: ["CRI"]}) { nodes { id } } }`)
		var r struct {
			Recommendations struct{ Nodes []struct{ ID string } }
		}
		_ = json.Unmarshal([]byte(data), &r)
		data, errs := post(t, c, `query($id: ID!) { node(id: $id) { __typename id } }`, client.Var("id", r.Recommendations.Nodes[0].ID))
		if errs != nil || !strings.Contains(data, `"__typename":"Recommendation"`) {
			t.Errorf("node = %s %+v", data, errs)
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestRecommendationsWalkForwardAndBack(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	query := `query($cursor: String, $last: Int, $before: String, $first: Int) { recommendations(first: $first, after: $cursor, last: $last, before: $before, filter: {stateCodes: ["CRI"]}) { edges { cursor node { id } } pageInfo { startCursor endCursor hasNextPage hasPreviousPage } } }`
	type resp struct {
		Recommendations struct {
			Edges []struct {
				Cursor string
				Node   struct{ ID string }
			}
			PageInfo struct {
				StartCursor, EndCursor       string
				HasNextPage, HasPreviousPage bool
			}
		}
	}
	get := func(vars map[string]any) resp {
		t.Helper()
		opts := []client.Option{}
		for k, v := range vars {
			opts = append(opts, client.Var(k, v))
		}
		data, errs := post(t, c, query, opts...)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		var r resp
		_ = json.Unmarshal([]byte(data), &r)
		return r
	}
	var forward []string
	vars := map[string]any{"first": 3}
	for {
		r := get(vars)
		for _, e := range r.Recommendations.Edges {
			forward = append(forward, e.Node.ID)
		}
		if !r.Recommendations.PageInfo.HasNextPage {
			break
		}
		vars = map[string]any{"first": 3, "cursor": r.Recommendations.PageInfo.EndCursor}
	}
	var backward []string
	vars = map[string]any{"last": 3}
	for {
		r := get(vars)
		var ids []string
		for _, e := range r.Recommendations.Edges {
			ids = append(ids, e.Node.ID)
		}
		backward = append(ids, backward...)
		if !r.Recommendations.PageInfo.HasPreviousPage {
			break
		}
		vars = map[string]any{"last": 3, "before": r.Recommendations.PageInfo.StartCursor}
	}
	if len(forward) != 82 || strings.Join(forward, ",") != strings.Join(backward, ",") {
		t.Errorf("forward %d items, backward %d; equal: %v", len(forward), len(backward), strings.Join(forward, ",") == strings.Join(backward, ","))
	}
}

// TestEveryCostaRicaRecommendationIsThere checks the demo data against the shared source file:
// each UPR recommendation made to Costa Rica in 2024, its texts and its recommending State.
func TestEveryCostaRicaRecommendationIsThere(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	f, err := os.Open(testenv.RepoFile(t, "testdata/costa_rica_2024_match_links.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][2]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct {
			ID string `json:"target_recommendation_id"`
			En string `json:"target_recommendation_en"`
			Es string `json:"target_recommendation_es"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		want[row.ID] = [2]string{row.En, row.Es}
	}
	got := map[string]struct {
		en, es string
		states []string
	}{}
	var after *string
	for {
		opts := []client.Option{}
		if after != nil {
			opts = append(opts, client.Var("after", *after))
		}
		data, errs := post(t, c, `query($after: String) { state(code: "CRI") { recommendationsReceived(first: 100, after: $after, orderBy: {field: PARAGRAPH, direction: ASC}) {
		  pageInfo { hasNextPage endCursor } nodes { paragraph en: text(lang: EN) es: text(lang: ES) recommendingStates { name } } } } }`, opts...)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		var r struct {
			State struct {
				RecommendationsReceived struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Nodes []struct {
						Paragraph, En, Es  string
						RecommendingStates []struct{ Name string }
					}
				}
			}
		}
		_ = json.Unmarshal([]byte(data), &r)
		for _, n := range r.State.RecommendationsReceived.Nodes {
			var names []string
			for _, s := range n.RecommendingStates {
				names = append(names, s.Name)
			}
			got[n.Paragraph] = struct {
				en, es string
				states []string
			}{n.En, n.Es, names}
		}
		if !r.State.RecommendationsReceived.PageInfo.HasNextPage {
			break
		}
		after = &r.State.RecommendationsReceived.PageInfo.EndCursor
	}
	if len(want) != 82 {
		t.Fatalf("the shared file has %d distinct recommendations; expected 82", len(want))
	}
	// Names the UN writes differently from the M49 short name ("Cape Verde" for "Cabo Verde")
	// are read as the importer reads them.
	names, err := ingest.NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	bracket := regexp.MustCompile(`\(([^()]*(?:\([^()]*\)[^()]*)*)\)[;.]?\s*$`)
	for para, texts := range want {
		g, ok := got[para]
		if !ok {
			t.Errorf("recommendation %s is missing", para)
			continue
		}
		if strings.TrimSpace(para+" "+g.en) != strings.TrimSpace(texts[0]) || strings.TrimSpace(para+" "+g.es) != strings.TrimSpace(texts[1]) {
			t.Errorf("%s: texts differ:\n got %q\nwant %q", para, g.en, texts[0])
		}
		m := bracket.FindStringSubmatch(texts[0])
		if m == nil || len(g.states) == 0 {
			t.Errorf("%s: no recommending State (got %v)", para, g.states)
			continue
		}
		for _, name := range g.states {
			if !strings.Contains(m[1], name) && !strings.Contains(name, strings.TrimSpace(m[1])) && !sameState(names, strings.TrimSpace(m[1]), name) {
				t.Errorf("%s: recommending State %q is not in %q", para, name, m[1])
			}
		}
	}
}

func TestRecommendationFieldsAndTaxonomies(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{
	  recommendations(first: 1, filter: {stateCodes: ["CRI"], recommendingStateCodes: ["LBY"]}) {
	    totalCount
	    edges { cursor node { id } }
	    nodes { id paragraph type publishedOn year uhriAnnotationId uprSession languages
	      text ar: text(lang: AR) textLanguage(lang: AR) es: textLanguage(lang: ES)
	      mechanism { id code kind name nameLanguage fr: name(lang: FR) recommendations(first: 1) { totalCount } }
	      document { id symbol title type publishedOn year recommendations(first: 2) { nodes { paragraph } } }
	      states { code } recommendingStates { code name(lang: FR) recommendationsMade(first: 5) { totalCount nodes { paragraph } } }
	      uprCycle { number startYear endYear } position { value sourceDocument sourceParagraph }
	      themes { id name scheme version parent { name } children { name } recommendations(first: 1) { totalCount } }
	      affectedGroups { id name } sdgTargets { id code } sources { id title license url publishedOn publisher }
	    }
	    pageInfo { hasNextPage hasPreviousPage }
	  }
	  mechanisms(kinds: [TREATY_BODY]) { code }
	  mechanism(code: "crc") { code name(lang: ES) }
	  themes(rootsOnly: true) { name children { name } }
	  affectedGroups { id name recommendations(first: 1) { totalCount } }
	  sdgGoals { id code name targets { code } }
	  sdg(code: "16.2") { code name ... on SdgTarget { id goal { code name } recommendations(first: 1) { totalCount } } }
	  goal: sdg(code: "5") { code ... on SdgGoal { targets { code } } }
	  uprCycles { number startYear endYear }
	  recommendation(uhriAnnotationId: "a9ceae8c-fe1c-40f9-a326-1529e0ab678f") { id }
	  states(first: 2, filter: {unMember: true}) { totalCount edges { cursor node { alpha2 unMember unRegionalGroup } } }
	  nmirfs(first: 5) { totalCount edges { cursor node { id } } nodes { name } pageInfo { hasNextPage } }
	  recommendationFacets(filter: {stateCodes: ["CRI"]}) { total byTheme { key label count } byMechanism { key label count }
	    byPosition { key count } byState { key label count } byRecommendingState { key count } byYear { key count } byCycle { key count } }
	}`)
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	for _, want := range []string{
		`"paragraph":"119.10"`, `"textLanguage":"EN"`, `"es":"ES"`, `"languages":["EN","ES"]`, `"kind":"UPR"`,
		`"fr":"Examen périodique universel"`, `"states":[{"code":"CRI"}]`, `"recommendingStates":[{"code":"LBY","name":"Libye"`,
		`"uprCycle":{"endYear":null,"number":4,"startYear":2022}`, `"position":null`, `"year":2024`,
		`"recommendation":null`, `"total":82`, `"byYear":[{"count":82,"key":"2024"}]`, `"byCycle":[{"count":82,"key":"4"}]`,
		`"goal":{"code":"16","name":"Peace, justice and strong institutions"}`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("response lacks %s", want)
		}
	}
	var r struct {
		Mechanisms []struct{ Code string }
		SdgGoals   []struct{ Targets []struct{ Code string } }
	}
	_ = json.Unmarshal([]byte(data), &r)
	if len(r.Mechanisms) != 10 || len(r.SdgGoals) != 17 {
		t.Errorf("%d treaty bodies, %d goals", len(r.Mechanisms), len(r.SdgGoals))
	}
}

func TestRecommendationInputErrors(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	stateID := domain.GlobalID(domain.KindState, "MAR")
	for _, tc := range []struct{ name, query, field string }{
		{"bad theme id", `{ recommendations(first: 1, filter: {themeIds: ["nope"]}) { totalCount } }`, "filter.themeIds[0]"},
		{"id of another type", `{ recommendations(first: 1, filter: {affectedGroupIds: ["` + stateID + `"]}) { totalCount } }`, "filter.affectedGroupIds[0]"},
		{"bad state code", `{ recommendations(first: 1, filter: {stateCodes: ["CR"]}) { totalCount } }`, "filter.stateCodes[0]"},
		{"bad cycle", `{ recommendations(first: 1, filter: {uprCycles: [9]}) { totalCount } }`, "filter.uprCycles[0]"},
		{"dates reversed", `{ recommendations(first: 1, filter: {publishedFrom: "2024-01-02", publishedTo: "2024-01-01"}) { totalCount } }`, "filter.publishedTo"},
		{"page too large", `{ state(code: "CRI") { recommendationsReceived(first: 1000) { totalCount } } }`, "first"},
		{"cursor of another order", `{ recommendations(first: 1, after: "YzF8cWF8eA", orderBy: {field: PUBLISHED_AT, direction: ASC}) { totalCount } }`, "after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := post(t, c, tc.query)
			if len(errs) == 0 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || errs[0].Extensions["field"] != tc.field {
				t.Errorf("errors = %+v; want BAD_USER_INPUT on %s", errs, tc.field)
			}
		})
	}
	t.Run("bad date", func(t *testing.T) {
		_, errs := post(t, c, `{ recommendations(first: 1, filter: {publishedFrom: "2024-13-01"}) { totalCount } }`)
		if len(errs) == 0 {
			t.Fatal("no error")
		}
		assertSafe(t, errs)
	})
}

func TestNestedConnectionsCostOneQueryPerLevel(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	count := func(first int) int64 {
		var n atomic.Int64
		_, errs := post(t, c, `query($n: Int) { states(first: $n, filter: {unRegionalGroups: [LATIN_AMERICAN_CARIBBEAN]}) { nodes {
		  recommendationsReceived(first: 5) { totalCount nodes { themes { name } recommendingStates { code } mechanism { code } } }
		  recommendationsMade(first: 2) { totalCount } } } }`, client.Var("n", first), func(r *client.Request) {
			r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
		})
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		return n.Load()
	}
	small, large := count(2), count(33)
	// states, received page, made page, two counts, themes, recommending States, mechanism.
	if small > 8 || large > 8 {
		t.Errorf("round trips: %d for 2 States, %d for 33; want at most 8 for both", small, large)
	}
}

// sameState reports whether two names name the same State.
func sameState(names *ingest.Normalizer, a, b string) bool {
	ca, ok := names.StateCode(a)
	cb, _ := names.StateCode(b)
	return ok && ca == cb
}

// TestPositionLabelAndSdgGoals writes two Norway recommendations of its own (no other test
// looks at Norway): one with a position label and SDG links to goal 16, two targets of goal
// 16 and two of goal 4; one with only a position code and no SDG links.
func TestPositionLabelAndSdgGoals(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	year, label := 2019, "reject"
	mech := &domain.Mechanism{Key: "upr", Code: "UPR", Kind: "UPR"}
	var recs []store.RecommendationRecord
	var ids []string
	for i, text := range []string{"Ratify the read-model test convention", "Consider the read-model test protocol"} {
		para := fmt.Sprintf("readmodel-test.%d", i+1)
		rec := store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, "NOR", text), Texts: domain.Texts{"EN": text},
			Paragraph: &para, Type: "RECOMMENDATION", Year: &year, Mechanism: mech, StateCodes: []string{"NOR"},
			Position: &domain.Position{Value: "SUPPORTED"}, SourceKeys: []string{"ohchr-uhri-labels"}}
		if i == 0 {
			rec.Position = &domain.Position{Value: "NOTED", Label: &label}
			rec.SdgCodes = []string{"16.3", "4.1", "16", "4.2", "16.2"}
		}
		recs = append(recs, rec)
		ids = append(ids, domain.GlobalID(domain.KindRecommendation, rec.Key))
	}
	if _, err := st.UpsertRecommendations(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	const fields = `paragraph position { value label } sdgGoals { code name } sdgTargets { code }`
	first := `{"paragraph":"readmodel-test.1","position":{"value":"NOTED","label":"reject"},
	  "sdgGoals":[{"code":"4","name":"Quality education"},{"code":"16","name":"Peace, justice and strong institutions"}],
	  "sdgTargets":[{"code":"4.1"},{"code":"4.2"},{"code":"16.2"},{"code":"16.3"}]}`
	second := `{"paragraph":"readmodel-test.2","position":{"value":"SUPPORTED","label":null},"sdgGoals":[],"sdgTargets":[]}`

	t.Run("node", func(t *testing.T) {
		for i, want := range []string{first, second} {
			data, errs := post(t, c, `query($id: ID!) { node(id: $id) { ... on Recommendation { `+fields+` } } }`, client.Var("id", ids[i]))
			if errs != nil {
				t.Fatalf("errors: %+v", errs)
			}
			assertJSON(t, data, `{"node":`+want+`}`)
		}
	})
	t.Run("page, goals read once for all items", func(t *testing.T) {
		var n atomic.Int64
		data, errs := post(t, c, `{ recommendations(first: 10, filter: {stateCodes: ["NOR"]}, orderBy: {field: PARAGRAPH, direction: ASC}) {
		  nodes { paragraph position { value label } sdgGoals { code name } } } }`, func(r *client.Request) {
			r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
		})
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		assertJSON(t, data, `{"recommendations":{"nodes":[
		  {"paragraph":"readmodel-test.1","position":{"value":"NOTED","label":"reject"},
		   "sdgGoals":[{"code":"4","name":"Quality education"},{"code":"16","name":"Peace, justice and strong institutions"}]},
		  {"paragraph":"readmodel-test.2","position":{"value":"SUPPORTED","label":null},"sdgGoals":[]}]}}`)
		if n.Load() != 2 {
			t.Errorf("a page with its SDG goals: %d round trips, want 2", n.Load())
		}
	})
}
