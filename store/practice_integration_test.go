package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func TestPractices(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	p, err := st.ListPractices(ctx, domain.GoodPracticeFilter{Capacities: []domain.Capacity{"ENGAGEMENT"}}, page(t, ptr(10), nil, nil, nil))
	if err != nil || len(p.Items) != 2 {
		t.Fatalf("engagement practices %+v, %v", p.Items, err)
	}
	if n, err := st.CountPractices(ctx, domain.GoodPracticeFilter{StateCodes: []string{"PRY"}}); err != nil || n != 2 {
		t.Errorf("CountPractices(PRY) = %d, %v", n, err)
	}
	if n, err := st.CountPractices(ctx, domain.GoodPracticeFilter{ThemeKeys: []string{"cooperation-with-human-rights-mechanisms-and-requests-for-technical-assistance"}}); err != nil || n != 2 {
		t.Errorf("CountPractices(theme) = %d, %v", n, err)
	}
	byKey, err := st.PracticesByKeys(ctx, []string{"pry-simore"})
	simore := byKey["pry-simore"]
	if err != nil || simore == nil || *simore.NMIRFKey != "pry-nmirf" || simore.StateCode != "PRY" || simore.Titles["ES"] == "" || simore.Version != 1 || len(simore.Tools) != 2 {
		t.Fatalf("PracticesByKeys = %+v, %v", simore, err)
	}
	for name, check := range map[string]func() (int, error){
		"of nmirfs": func() (int, error) {
			m, err := st.PracticesOfNMIRFs(ctx, []string{"pry-nmirf"})
			return len(m["pry-nmirf"]), err
		},
		"of states": func() (int, error) { m, err := st.PracticesOfStates(ctx, []string{"URY"}); return len(m["URY"]), err },
		"of themes": func() (int, error) {
			m, err := st.PracticesOfThemes(ctx, []string{"data-collection-and-research"})
			return len(m["data-collection-and-research"]), err
		},
		"of dimensions": func() (int, error) {
			m, err := st.PracticesOfDimensions(ctx, []string{"legal-basis-and-mandate"})
			return len(m["legal-basis-and-mandate"]), err
		},
		"dimensions": func() (int, error) {
			m, err := st.DimensionsOfPractices(ctx, []string{"pry-simore"})
			return len(m["pry-simore"]), err
		},
		"themes": func() (int, error) {
			m, err := st.ThemesOfPractices(ctx, []string{"pry-simore"})
			return len(m["pry-simore"]), err
		},
		"institutions": func() (int, error) {
			m, err := st.InstitutionsOfNMIRFs(ctx, []string{"ury-nmirf"})
			return len(m["ury-nmirf"]), err
		},
		"nmirfs of inst": func() (int, error) {
			m, err := st.NMIRFsOfInstitutions(ctx, []string{"ury-ministry-of-foreign-affairs"})
			return len(m["ury-ministry-of-foreign-affairs"]), err
		},
		"partners": func() (int, error) {
			m, err := st.PartnersOfEvents(ctx, []string{"hrc58-side-event-network-2025"})
			return len(m["hrc58-side-event-network-2025"]), err
		},
		"events of orgs": func() (int, error) {
			m, err := st.EventsOfOrganizations(ctx, []string{"urg"})
			return len(m["urg"]), err
		},
		"all dimensions": func() (int, error) { l, err := st.GuidanceDimensions(ctx); return len(l), err },
		"dimensions by key": func() (int, error) {
			m, err := st.GuidanceDimensionsByKeys(ctx, []string{"composition"})
			return len(m), err
		},
		"institutions by key": func() (int, error) {
			m, err := st.InstitutionsByKeys(ctx, []string{"ury-ministry-of-foreign-affairs"})
			return len(m), err
		},
		"organizations": func() (int, error) { l, err := st.Organizations(ctx); return len(l), err },
		"orgs by key": func() (int, error) {
			m, err := st.OrganizationsByKeys(ctx, []string{"ohchr", "nope"})
			return len(m), err
		},
	} {
		want := map[string]int{"of nmirfs": 2, "of states": 1, "of themes": 1, "of dimensions": 1, "dimensions": 3, "themes": 2,
			"institutions": 1, "nmirfs of inst": 1, "partners": 5, "events of orgs": 1, "all dimensions": 6, "dimensions by key": 1,
			"institutions by key": 1, "organizations": 7, "orgs by key": 1}[name]
		if n, err := check(); err != nil || n != want {
			t.Errorf("%s: %d, %v; want %d", name, n, err, want)
		}
	}
	recs, err := st.RecommendationsOfPractices(ctx, []string{"pry-simore"})
	if err != nil || len(recs["pry-simore"]) != 0 {
		t.Errorf("RecommendationsOfPractices = %v, %v", recs, err)
	}
	if m, err := st.PracticesOfRecommendations(ctx, []string{"x"}); err != nil || len(m) != 0 {
		t.Errorf("PracticesOfRecommendations = %v, %v", m, err)
	}
}

func TestNeighbourhood(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	nb, err := st.Neighbourhood(ctx, "NMIRF:mar-didh", 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, n := range nb.Nodes {
		kinds[n.Kind]++
	}
	if nb.Nodes[0].UID != "NMIRF:mar-didh" || kinds["State"] != 1 || kinds["Network"] != 1 || kinds["GoodPractice"] != 1 || len(nb.Edges) < 3 || nb.Truncated {
		t.Errorf("neighbourhood %+v (kinds %v)", nb, kinds)
	}
	small, err := st.Neighbourhood(ctx, "State:CRI", 2, 10)
	if err != nil || len(small.Nodes) != 11 || !small.Truncated {
		t.Errorf("bounded neighbourhood: %d nodes, truncated %v, %v", len(small.Nodes), small.Truncated, err)
	}
	states, err := st.Neighbourhood(ctx, "NMIRF:mar-didh", 1, 50, "State")
	if err != nil || len(states.Nodes) != 2 || states.Nodes[1].Kind != "State" {
		t.Errorf("kind filter: %+v, %v", states.Nodes, err)
	}
	paths, err := st.ShortestPaths(ctx, "State:MAR", "Network:"+"international-network-of-nmirfs", 4, 3, false)
	// Shortest paths of equal length come in no set order (through the DIDH, or through the
	// seminar held in Morocco): the one through the NMIRF must be among them.
	viaNMIRF := slices.ContainsFunc(paths, func(p store.GraphPath) bool { return len(p.Edges) == 2 && p.Nodes[1].Kind == "NMIRF" })
	if err != nil || len(paths) == 0 || len(paths[0].Edges) != 2 || !viaNMIRF {
		t.Errorf("paths %+v, %v", paths, err)
	}
	if _, err := st.ShortestPaths(ctx, "State:MAR", "State:CRI", 9, 1, false); err == nil {
		t.Error("a path length of 9 was accepted")
	}
	// Three hops, nearest first: the centre once, then the nodes one hop away (those of the
	// depth-1 neighbourhood), then the others, each once.
	wide, err := st.Neighbourhood(ctx, "NMIRF:mar-didh", 3, 500)
	near, err1 := st.Neighbourhood(ctx, "NMIRF:mar-didh", 1, 500)
	if err != nil || err1 != nil || len(wide.Nodes) <= len(near.Nodes) {
		t.Fatalf("depth 3: %d nodes, depth 1: %d; %v %v", len(wide.Nodes), len(near.Nodes), err, err1)
	}
	seen := map[string]bool{}
	for i, n := range wide.Nodes {
		if seen[n.UID] {
			t.Errorf("%s is listed twice (at %d)", n.UID, i)
		}
		seen[n.UID] = true
		if i < len(near.Nodes) && !slices.ContainsFunc(near.Nodes, func(m store.GraphNode) bool { return m.UID == n.UID }) {
			t.Errorf("%s, at %d, comes before nodes one hop away", n.UID, i)
		}
	}
	none, err := st.Neighbourhood(ctx, "State:XXX", 1, 10)
	if err != nil || len(none.Nodes) != 0 {
		t.Errorf("unknown node: %+v, %v", none, err)
	}
}

func TestDraftsStayOutOfPublicViews(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	draft := domain.PracticeStatus("DRAFT")
	isl, key := "ISL", fmt.Sprintf("gp-draft-test-%d", time.Now().UnixNano())
	p := createPractice(t, st, key, store.PracticeWrite{Titles: domain.Texts{"EN": "secret draft"}, Summaries: domain.Texts{"EN": "s"},
		StateCode: &isl, Capacities: []domain.Capacity{"ENGAGEMENT"}, Status: &draft})
	if p == nil || p.Status != "DRAFT" {
		t.Fatalf("%+v", p)
	}
	nb, err := st.Neighbourhood(ctx, "State:ISL", 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nb.Nodes {
		if n.UID == "GoodPractice:"+key {
			t.Error("a draft is in a public neighbourhood")
		}
	}
	if m, err := st.PracticesOfStates(ctx, []string{"ISL"}); err != nil || len(m["ISL"]) != 0 && containsKey(m["ISL"], key) {
		t.Errorf("a draft is in the State's practices: %v", err)
	}
	hist, err := st.History(ctx, "GoodPractice:"+key, 10)
	if err != nil || hist.TotalCount != 1 || hist.Nodes[0].Action != "CREATE" || hist.Nodes[0].Before != nil {
		t.Errorf("history %+v %v", hist, err)
	}
}

func containsKey(ps []*domain.GoodPractice, key string) bool {
	for _, p := range ps {
		if p.Key == key {
			return true
		}
	}
	return false
}

// createPractice writes a new practice as the tests' actor and reads it back.
func createPractice(t *testing.T, st *store.Store, key string, w store.PracticeWrite) *domain.GoodPractice {
	t.Helper()
	ctx := context.Background()
	write := w.Write(key, 0, "CREATE")
	write.Actor = "test"
	if _, err := st.Apply(ctx, write); err != nil {
		t.Fatal(err)
	}
	got, err := st.PracticesByKeys(ctx, []string{key})
	if err != nil {
		t.Fatal(err)
	}
	return got[key]
}

// archivePractice takes a practice a test created out of every list and suggestion, so that
// tests running beside it in the shared graph do not meet it.
func archivePractice(t *testing.T, st *store.Store, key string) {
	t.Helper()
	archived := domain.PracticeStatus("ARCHIVED")
	write := store.PracticeWrite{Status: &archived}.Write(key, 1, "UPDATE")
	write.Actor = "test"
	if _, err := st.Apply(context.Background(), write); err != nil {
		t.Errorf("archive %s: %v", key, err)
	}
}
