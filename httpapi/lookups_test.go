package httpapi_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

// Themes and groups are found and filtered by their stable keys, without global IDs.
func TestThemeAndGroupKeys(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{ theme(key: "right-to-education") { key name } affectedGroup(key: "children") { key } none: theme(key: "no-such-theme") { key } }`)
	if errs != nil || !strings.Contains(data, `"theme":{"key":"right-to-education","name":"Right to education"}`) ||
		!strings.Contains(data, `"affectedGroup":{"key":"children"}`) || !strings.Contains(data, `"none":null`) {
		t.Fatalf("lookups: %s %+v", data, errs)
	}
	count := func(filter string, vars ...client.Option) int {
		t.Helper()
		data, errs := post(t, c, `query`+filter, vars...)
		if errs != nil {
			t.Fatalf("%s: %+v", filter, errs)
		}
		var r struct{ Recommendations struct{ TotalCount int } }
		_ = json.Unmarshal([]byte(data), &r)
		return r.Recommendations.TotalCount
	}
	id := client.Var("id", domain.GlobalID(domain.KindTheme, "right-to-education"))
	byKey := count(`{ recommendations(filter: {themeKeys: ["right-to-education"]}) { totalCount } }`)
	byID := count(`($id: ID!) { recommendations(filter: {themeIds: [$id]}) { totalCount } }`, id)
	if byKey == 0 || byKey != byID {
		t.Errorf("themeKeys counts %d, themeIds %d; want the same, not 0", byKey, byID)
	}
	_, errs = post(t, c, `{ recommendations(filter: {themeKeys: ["Right to education"]}) { totalCount } }`)
	if len(errs) == 0 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "filter.themeKeys[0]" {
		t.Errorf("a label given as a key: %+v", errs)
	}
}

// A search says how many hits it has (counted as far as it can page), and facet labels
// come in the language asked, saying which one they are in.
func TestSearchCountAndFacetLabels(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	data, errs := post(t, c, `{ search(query: "torture", types: [RECOMMENDATION], first: 2) { totalCount totalCountCapped edges { score } pageInfo { hasNextPage } } }`)
	var r struct {
		Search struct {
			TotalCount       int
			TotalCountCapped bool
			Edges            []struct{ Score float64 }
			PageInfo         struct{ HasNextPage bool }
		}
	}
	_ = json.Unmarshal([]byte(data), &r)
	if errs != nil || r.Search.TotalCount <= 2 || !r.Search.PageInfo.HasNextPage || r.Search.TotalCountCapped {
		t.Errorf("search count: %s %+v", data, errs)
	}
	data, errs = post(t, c, `{ recommendationFacets(filter: {stateCodes: ["MAR"]}) {
	  byState { key label(lang: AR) labelLanguage(lang: AR) count }
	  byMechanism { key label(lang: ZH) labelLanguage(lang: ZH) } } }`)
	if errs != nil || !strings.Contains(data, `{"count":148,"key":"MAR","label":"المغرب","labelLanguage":"AR"}`) ||
		!strings.Contains(data, `"labelLanguage":"EN"`) {
		t.Errorf("facet labels: %s %+v", data, errs)
	}
}

var recLabel = regexp.MustCompile(`^[A-Z]{3} [0-9][0-9.]* · [^0-9]`)

// One label rule everywhere a node is drawn: a State by its name, a recommendation by its
// State, paragraph and the start of its text.
func TestOneLabelRule(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `query($id: ID!) {
	  neighbourhood(id: $id, depth: 1, types: ["State", "Recommendation"]) { nodes { type label } }
	  state(code: "CRI") { peerPractices(first: 5) { path { type label } } } }`,
		client.Var("id", domain.GlobalID(domain.KindState, "CRI")))
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	var r struct {
		Neighbourhood struct {
			Nodes []struct{ Type, Label string }
		}
		State struct {
			PeerPractices []struct {
				Path []struct{ Type, Label string }
			}
		}
	}
	_ = json.Unmarshal([]byte(data), &r)
	nodes := r.Neighbourhood.Nodes
	for _, p := range r.State.PeerPractices {
		nodes = append(nodes, p.Path...)
	}
	recs, states := 0, 0
	for _, n := range nodes {
		switch n.Type {
		case "State":
			states++
			if n.Label == "CRI" {
				t.Errorf("a State labelled by its code: %+v", n)
			}
		case "Recommendation":
			recs++
			if !recLabel.MatchString(n.Label) {
				t.Errorf("recommendation label %q; want e.g. \"CRI 119.59 · Adopt…\"", n.Label)
			}
		}
	}
	if recs == 0 || states == 0 || len(r.State.PeerPractices) == 0 {
		t.Errorf("no recommendation, State or peer path drawn: %s", data)
	}
}

// recommendationsLike scores on an absolute scale: its best hit for a text the graph knows
// scores high, and for a text it barely knows scores low (it used to score 0.7 either way).
func TestRecommendationsLikeScoresPoorMatchesLow(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	best := func(text string) float64 {
		t.Helper()
		data, errs := post(t, c, `query($t: String!) { recommendationsLike(text: $t, stateCodes: ["CRI"], first: 1) { edges { score } } }`, client.Var("t", text))
		if errs != nil {
			t.Fatalf("%q: %+v", text, errs)
		}
		var r struct {
			RecommendationsLike struct{ Edges []struct{ Score float64 } }
		}
		_ = json.Unmarshal([]byte(data), &r)
		if len(r.RecommendationsLike.Edges) == 0 {
			return 0
		}
		return r.RecommendationsLike.Edges[0].Score
	}
	good, poor := best("Combat hate speech and discrimination against migrants"), best("Protect penguin colonies from Antarctic tourism")
	if good < 0.5 || poor > 0.3 || good > 1 {
		t.Errorf("best scores: %.2f for a known text, %.2f for a poor one; want ≥ 0.5 and ≤ 0.3", good, poor)
	}
}
