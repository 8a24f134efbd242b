package httpapi_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

func TestNeighbourhoodAndPaths(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	didh := domain.GlobalID(domain.KindNMIRF, "mar-didh")
	data, errs := post(t, c, `query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 20) { truncated nodes { id type label node { id } } edges { from to type } } }`, client.Var("id", didh))
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	for _, want := range []string{`"type":"State"`, `"type":"Network"`, `"type":"MEMBER_OF"`, `"label":"Morocco"`, `"truncated":false`} {
		if !strings.Contains(data, want) {
			t.Errorf("neighbourhood lacks %s: %s", want, data)
		}
	}
	only, errs := post(t, c, `query($id: ID!) { neighbourhood(id: $id, types: ["State"]) { nodes { type } } }`, client.Var("id", didh))
	if errs != nil || strings.Contains(only, `"Network"`) {
		t.Errorf("type filter: %s %+v", only, errs)
	}
	// From a rights theme to a network member: theme ← good practice → NMIRF.
	theme := domain.GlobalID(domain.KindTheme, "inter-state-cooperation-and-assistance")
	paths, errs := post(t, c, `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxLength: 3) { length nodes { type label } edges { type } } }`,
		client.Var("a", theme), client.Var("b", didh))
	if errs != nil || !strings.Contains(paths, `"length":2`) || !strings.Contains(paths, `"GoodPractice"`) {
		t.Errorf("paths: %s %+v", paths, errs)
	}
	for _, bad := range []string{
		`{ neighbourhood(id: "x") { truncated } }`,
		`query($id: ID!) { neighbourhood(id: $id, depth: 9) { truncated } }`,
		`query($id: ID!) { neighbourhood(id: $id, types: ["Nope"]) { truncated } }`,
		`query($id: ID!) { paths(from: $id, to: $id, maxLength: 10) { length } }`,
	} {
		_, errs := post(t, c, bad, client.Var("id", didh))
		if len(errs) == 0 || errs[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", bad, errs)
		}
	}
	if data, _ := post(t, c, `query($id: ID!) { neighbourhood(id: $id) { truncated } }`, client.Var("id", domain.GlobalID(domain.KindState, "XXX"))); data != `{"neighbourhood":null}` {
		t.Errorf("unknown node: %s", data)
	}
}

func TestSimilarAndLike(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	data, errs := post(t, c, `{ recommendations(first: 1, filter: {stateCodes: ["CRI"], recommendingStateCodes: ["LBY"]}) { nodes { paragraph similar(first: 3, lang: ES) { edges { score method node { paragraph } } nodes { id } } } } }`)
	if errs != nil || !strings.Contains(data, `"method":"text+links"`) {
		t.Errorf("similar: %s %+v", data, errs)
	}
	like, errs := post(t, c, `{ recommendationsLike(text: "Combat hate speech and discrimination against migrants", stateCodes: ["CRI"], first: 5) { edges { score node { paragraph text } } } }`)
	if errs != nil || !strings.Contains(strings.ToLower(like), "hate speech") {
		t.Errorf("recommendationsLike: %s %+v", like, errs)
	}
	_, errs = post(t, c, `{ recommendationsLike(text: "x", stateCodes: [], first: 5) { edges { score } } }`)
	if len(errs) == 0 || errs[0].Extensions["field"] != "stateCodes" {
		t.Errorf("no State: %+v", errs)
	}
}

func TestPeerPractices(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{ state(code: "CRI") { peerPractices(first: 3) { score reason practice { title state { code } } path { type label } } } }`)
	if errs != nil || !strings.Contains(data, `"code":"WSM"`) || !strings.Contains(data, `"type":"Theme"`) || !strings.Contains(data, "Data collection") {
		t.Errorf("peer practices of CRI: %s %+v", data, errs)
	}
	rec, errs := post(t, c, `{ recommendations(first: 100, filter: {stateCodes: ["CRI"]}) { nodes { peerPractices(first: 1) { practice { title } } } } }`)
	if errs != nil || !strings.Contains(rec, "SADATA") {
		t.Errorf("peer practices of recommendations: %.300s %+v", rec, errs)
	}
}

// peerQuery asks a State's suggestions with everything that explains them.
const peerQuery = `query($code: String!) { state(code: $code) { name peerPractices(first: 10) {
  score reason
  matchedOn { kind score recommendations detail via { id type label } }
  practice { id state { code } }
  path { id type label } } } }`

type peerAnswer struct {
	State struct {
		Name          string
		PeerPractices []struct {
			Score     float64
			Reason    string
			MatchedOn []struct {
				Kind            string
				Score           float64
				Recommendations int
				Detail          string
				Via             *struct{ ID, Type, Label string }
			}
			Practice struct {
				ID    string
				State struct{ Code string }
			}
			Path []struct{ ID, Type, Label string }
		}
	}
}

// Every State with recommendations gets suggestions, themes or not (Morocco's, Paraguay's and
// Portugal's come from a researcher's UPR file without themes), never its own practices; each
// runs from the State to the practice (and its NMIRF), says why, and comes in the same order
// every time.
func TestPeerPracticesAnswerEveryState(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	for _, code := range []string{"MAR", "PRY", "PRT", "CRI"} {
		data, errs := post(t, c, peerQuery, client.Var("code", code))
		if errs != nil {
			t.Fatalf("%s: %+v", code, errs)
		}
		again, _ := post(t, c, peerQuery, client.Var("code", code))
		if again != data {
			t.Errorf("%s: two answers differ:\n%s\n%s", code, data, again)
		}
		var r peerAnswer
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			t.Fatal(err)
		}
		peers := r.State.PeerPractices
		if len(peers) == 0 {
			t.Errorf("%s: no suggestion", code)
		}
		for i, p := range peers {
			if p.Practice.State.Code == code {
				t.Errorf("%s: its own practice was suggested: %+v", code, p)
			}
			if i > 0 && p.Score > peers[i-1].Score {
				t.Errorf("%s: not best first: %v after %v", code, p.Score, peers[i-1].Score)
			}
			if len(p.Path) < 3 || p.Path[0].ID != domain.GlobalID(domain.KindState, code) || p.Path[0].Label != r.State.Name {
				t.Errorf("%s: path does not start at the State: %+v", code, p.Path)
				continue
			}
			last, end := p.Path[len(p.Path)-1], len(p.Path)-1
			if last.Type == "NMIRF" {
				end--
			}
			if p.Path[end].Type != "GoodPractice" || p.Path[end].ID != p.Practice.ID {
				t.Errorf("%s: path does not end at the practice (and its NMIRF): %+v", code, p.Path)
			}
			sum := 0.0
			for _, m := range p.MatchedOn {
				sum += m.Score
				if m.Detail == "" || m.Kind != "NMIRF_GAP" && m.Recommendations == 0 {
					t.Errorf("%s: match without detail or recommendations: %+v", code, m)
				}
			}
			if len(p.MatchedOn) == 0 || math.Abs(sum-p.Score) > 1e-9 || p.Reason == "" {
				t.Errorf("%s: score %v, matches %+v, reason %q", code, p.Score, p.MatchedOn, p.Reason)
			}
		}
		t.Logf("%s: %d suggestions; first: %.1f %s (%s)", code, len(peers), peers[0].Score, peers[0].Practice.ID, peers[0].Reason)
	}

	// Morocco's recommendations ask to cooperate with civil society and NGOs: a practice on
	// stakeholder engagement answers them, through that dimension, saying so.
	data, _ := post(t, c, peerQuery, client.Var("code", "MAR"))
	var r peerAnswer
	_ = json.Unmarshal([]byte(data), &r)
	found := false
	for _, p := range r.State.PeerPractices {
		m := p.MatchedOn[0]
		if m.Kind == "NEED" && m.Via != nil && m.Via.Label == "Stakeholder engagement" && m.Recommendations >= 3 &&
			p.Path[1].Type == "Recommendation" && p.Path[2].Label == "Stakeholder engagement" && strings.Contains(p.Reason, "civil society") {
			found = true
		}
	}
	if !found {
		t.Errorf("no suggestion for Morocco's recommendations on civil society: %s", data)
	}
	// Morocco's NMIRF has no tracking tool in the hub: the tracking databases of others fill it.
	if !strings.Contains(data, `"detail":"the hub records no tracking tool of the State's NMIRF"`) || !strings.Contains(data, `"kind":"NMIRF_GAP"`) {
		t.Errorf("no NMIRF gap for Morocco: %s", data)
	}
}

// The path between two Costa Rica recommendations used to run through the UPR, the review's
// report or Costa Rica itself (hubs: 2 hops that say only "both are UPR recommendations to
// Costa Rica"); by default it now runs through the groups and themes they share, and
// throughHubs: true gives the short routes back. When no other route exists within maxLength,
// the hub routes come, marked.
func TestPathsAvoidHubs(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	from := domain.GlobalID(domain.KindRecommendation, "a-hrc-wg6-cri-2024-upr4-p120.31")
	to := domain.GlobalID(domain.KindRecommendation, "a-hrc-wg6-cri-2024-upr4-p120.72")
	const q = `query($a: ID!, $b: ID!, $n: Int, $hubs: Boolean) { paths(from: $a, to: $b, maxLength: $n, throughHubs: $hubs) { length throughHubs nodes { type label } } }`
	type paths struct {
		Paths []struct {
			Length      int
			ThroughHubs bool
			Nodes       []struct{ Type, Label string }
		}
	}
	ask := func(n int, hubs *bool) paths {
		t.Helper()
		opts := []client.Option{client.Var("a", from), client.Var("b", to), client.Var("n", n)}
		if hubs != nil {
			opts = append(opts, client.Var("hubs", *hubs))
		}
		data, errs := post(t, c, q, opts...)
		if errs != nil {
			t.Fatalf("errors: %+v", errs)
		}
		var r paths
		_ = json.Unmarshal([]byte(data), &r)
		return r
	}
	yes := true
	informative, short, fallback := ask(4, nil), ask(4, &yes), ask(2, nil)
	if len(informative.Paths) == 0 || len(short.Paths) == 0 || len(fallback.Paths) == 0 {
		t.Fatalf("paths: %+v %+v %+v", informative, short, fallback)
	}
	for _, p := range informative.Paths {
		if p.ThroughHubs || p.Length != 4 {
			t.Errorf("default path through a hub or not 4 hops: %+v", p)
		}
		for _, n := range p.Nodes[1 : len(p.Nodes)-1] {
			if n.Type == "Mechanism" || n.Type == "Document" || n.Type == "State" && n.Label == "Costa Rica" {
				t.Errorf("default path through %s %q: %+v", n.Type, n.Label, p)
			}
		}
	}
	viaUPR := false
	for _, p := range short.Paths {
		if p.Length != 2 || !p.ThroughHubs {
			t.Errorf("throughHubs: true path %+v; want 2 hops through a hub", p)
		}
		viaUPR = viaUPR || p.Nodes[1].Type == "Mechanism" && p.Nodes[1].Label == "Universal Periodic Review"
	}
	if !viaUPR {
		t.Errorf("throughHubs: true gives no path through the UPR: %+v", short)
	}
	for _, p := range fallback.Paths {
		if p.Length != 2 || !p.ThroughHubs {
			t.Errorf("maxLength 2 (no route without a hub): %+v; want the hub routes, marked", p)
		}
	}
	t.Logf("%d informative paths of %d hops (e.g. %+v); %d through hubs of %d hops", len(informative.Paths), informative.Paths[0].Length,
		informative.Paths[0].Nodes, len(short.Paths), short.Paths[0].Length)
}

func TestRecommendationClusters(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{ state(code: "CRI") { recommendationClusters(filter: {mechanismKinds: [UPR]}) { label method size theme { id } recommendations(first: 2) { paragraph } } } }`)
	if errs != nil || !strings.Contains(data, `"label":"Equality \u0026 non-discrimination"`) || !strings.Contains(data, `"method":"computed"`) {
		t.Errorf("clusters: %.400s %+v", data, errs)
	}
}

func TestViewerIsAnonymousWithoutCredentials(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{ viewer { name role stateCode } }`)
	if errs != nil || data != `{"viewer":{"name":"anonymous","role":"VIEWER","stateCode":null}}` {
		t.Errorf("viewer: %s %+v", data, errs)
	}
}
