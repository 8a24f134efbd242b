package store_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func TestSimilarRecommendations(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	if err := st.AwaitIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	key := domain.RecommendationKey("", criReport, "119.10", "CRI", "") // hate speech, xenophobia, discrimination
	hits, err := st.SimilarRecommendations(ctx, key, "EN", 10)
	if err != nil || len(hits) == 0 {
		t.Fatalf("%v %v", hits, err)
	}
	for _, h := range hits {
		if h.Key == key || h.Score <= 0 || h.Method == "" {
			t.Errorf("bad hit %+v", h)
		}
	}
	if hits[0].Method != "text+links" {
		t.Errorf("the best hit should share text and themes: %+v", hits[0])
	}
	none, err := st.SimilarRecommendations(ctx, "no-such-key", "EN", 5)
	if err != nil || len(none) != 0 {
		t.Errorf("unknown key: %v %v", none, err)
	}
}

// TestSimilarPrecisionRecall measures text similarity against the expert links in
// testdata/costa_rica_2024_match_links.jsonl: for each NGO recommendation, the UPR
// recommendations experts judged similar. Run with -v to see the figures.
func TestSimilarPrecisionRecall(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	if err := st.AwaitIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(testenv.RepoFile(t, "testdata/costa_rica_2024_match_links.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type ngo struct {
		en, es string
		gold   map[string]bool
	}
	byID := map[string]*ngo{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct {
			SourceID string `json:"source_id"`
			En       string `json:"source_recommendation_en"`
			Es       string `json:"source_recommendation_es"`
			Target   string `json:"target_recommendation_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		n := byID[row.SourceID]
		if n == nil {
			n = &ngo{en: row.En, es: row.Es, gold: map[string]bool{}}
			byID[row.SourceID] = n
		}
		n.gold[domain.RecommendationKey("", criReport, row.Target, "CRI", "")] = true
	}
	var report []string
	for _, lang := range []domain.Language{"EN", "ES"} {
		for _, k := range []int{1, 5, 10} {
			var hitsTotal, predicted, gold int
			for _, n := range byID {
				text := n.en
				if lang == "ES" {
					text = n.es
				}
				hits, err := st.SimilarToText(ctx, text, lang, []string{"CRI"}, nil, "", k)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hits {
					if n.gold[h.Key] {
						hitsTotal++
					}
				}
				predicted += len(hits)
				gold += len(n.gold)
			}
			p, r := float64(hitsTotal)/float64(max(predicted, 1)), float64(hitsTotal)/float64(gold)
			report = append(report, fmt.Sprintf("%s k=%d: precision %.2f recall %.2f (%d of %d expert links found)", lang, k, p, r, hitsTotal, gold))
			if k == 10 && r < 0.2 {
				t.Errorf("%s recall@10 is %.2f; text similarity has broken", lang, r)
			}
		}
	}
	for _, line := range report {
		t.Log(line)
	}
}

func TestPeerPractices(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	peers, err := st.PeerPracticesForState(ctx, "CRI", 10)
	if err != nil || len(peers) == 0 {
		t.Fatalf("peers of CRI: %+v, %v", peers, err)
	}
	// Samoa's recommendation database answers Costa Rica's recommendation on data collection:
	// through the theme they share.
	var sadata *store.PeerSuggestion
	for i, p := range peers {
		if p.PracticeKey == "wsm-sadata" {
			sadata = &peers[i]
		}
	}
	if sadata == nil || sadata.Matches[0].Kind != "THEME" || sadata.Matches[0].Via == nil || sadata.Matches[0].Via.UID != "Theme:data-collection-and-research" {
		t.Fatalf("peers of CRI lack SADATA through its theme: %+v", peers)
	}
	kinds := ""
	for _, n := range sadata.Path {
		kinds += n.Kind + ">"
	}
	if kinds != "State>Recommendation>Theme>GoodPractice>NMIRF>" {
		t.Errorf("path %s", kinds)
	}
	// The score is the sum of the matches.
	sum := 0.0
	for _, m := range sadata.Matches {
		sum += m.Score
	}
	if sum != sadata.Score {
		t.Errorf("score %v is not the sum of its matches %+v", sadata.Score, sadata.Matches)
	}
	var recKey string
	for _, n := range sadata.Path {
		if n.Kind == "Recommendation" {
			recKey = n.UID[len("Recommendation:"):]
		}
	}
	forRec, err := st.PeerPracticesForRecommendation(ctx, recKey, 5)
	if err != nil || len(forRec) == 0 || forRec[0].PracticeKey != "wsm-sadata" || forRec[0].Path[0].UID != "Recommendation:"+recKey {
		t.Errorf("peers of %s: %+v, %v", recKey, forRec, err)
	}
	for _, p := range forRec {
		for _, m := range p.Matches {
			if m.Kind == "NMIRF_GAP" {
				t.Errorf("a recommendation's suggestion counts its State's NMIRF gaps: %+v", p)
			}
		}
	}
	// A published practice of Costa Rica on a theme of its own recommendations must not be
	// suggested to Costa Rica. (Right to education: no other test counts practices on it.)
	cri, published, key := "CRI", domain.PracticeStatus("PUBLISHED"), fmt.Sprintf("gp-own-state-test-%d", time.Now().UnixNano())
	edu := []string{"right-to-education"}
	createPractice(t, st, key, store.PracticeWrite{Titles: domain.Texts{"EN": "own practice"}, Summaries: domain.Texts{"EN": "s"},
		StateCode: &cri, Capacities: []domain.Capacity{"COORDINATION"}, Status: &published, ThemeKeys: &edu})
	own, err := st.PeerPracticesForState(ctx, "CRI", 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range own {
		if p.PracticeKey == key {
			t.Errorf("a State's own practice was suggested to it: %+v", p)
		}
	}
}

// A practice that followed up recommendations is suggested for recommendations on the same
// affected group and from the same mechanism, through the recommendation it followed up.
// Ghana and Kenya, persons with albinism and the CED: no other test reads them.
func TestPeerPracticesThroughFollowedUpRecommendations(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	year, suffix := 2023, fmt.Sprint(time.Now().UnixNano())
	ced := &domain.Mechanism{Key: "ced", Code: "CED", Kind: "TREATY_BODY"}
	rec := func(state string) store.RecommendationRecord {
		para := "peer-test." + suffix
		return store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, state, "peer test"), Paragraph: &para,
			Texts: domain.Texts{"EN": "Adopt the zorvath measures " + suffix}, Type: "RECOMMENDATION", Year: &year, Mechanism: ced,
			StateCodes: []string{state}, AffectedGroupKeys: []string{"persons-with-albinism"}, SourceKeys: []string{"ohchr-uhri-labels"}}
	}
	toGhana, toKenya := rec("GHA"), rec("KEN")
	if _, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{toGhana, toKenya}); err != nil {
		t.Fatal(err)
	}
	ken, published, key := "KEN", domain.PracticeStatus("PUBLISHED"), "gp-peer-followup-test-"+suffix
	addresses := []string{toKenya.Key}
	createPractice(t, st, key, store.PracticeWrite{Titles: domain.Texts{"EN": "followed-up practice"}, Summaries: domain.Texts{"EN": "s"},
		StateCode: &ken, Status: &published, RecommendationKeys: &addresses})
	t.Cleanup(func() { archivePractice(t, st, key) })

	for _, c := range []struct {
		name  string
		peers func() ([]store.PeerSuggestion, error)
		start string
	}{
		{"State", func() ([]store.PeerSuggestion, error) { return st.PeerPracticesForState(ctx, "GHA", 20) }, "State:GHA"},
		{"recommendation", func() ([]store.PeerSuggestion, error) { return st.PeerPracticesForRecommendation(ctx, toGhana.Key, 20) }, "Recommendation:" + toGhana.Key},
	} {
		got := suggestion(t, c.name, c.peers, key)
		if got == nil {
			continue
		}
		// Ghana's recommendations of earlier runs on a kept database count too: each adds 1 for
		// the group, and all of them come from the CED (a share of 1).
		var kinds, path []string
		for _, m := range got.Matches {
			kinds = append(kinds, fmt.Sprintf("%s %.1f %d %s", m.Kind, m.Score, m.Recommendations, m.Detail))
		}
		for _, n := range got.Path {
			path = append(path, n.UID)
		}
		n := 1
		if c.name == "State" {
			n = max(got.Matches[0].Recommendations, 1)
		}
		want := []string{fmt.Sprintf("AFFECTED_GROUP %d.0 %d Persons with albinism", n, n), fmt.Sprintf("MECHANISM 1.0 %d Committee on Enforced Disappearances", n)}
		if fmt.Sprint(kinds) != fmt.Sprint(want) {
			t.Errorf("%s: matches %q; want %q", c.name, kinds, want)
		}
		wantPath := []string{c.start, "AffectedGroup:persons-with-albinism", "Recommendation:" + toKenya.Key, "GoodPractice:" + key}
		if c.name == "State" && len(path) > 1 && strings.HasPrefix(path[1], "Recommendation:") {
			wantPath = append([]string{c.start, path[1]}, wantPath[1:]...)
		}
		if fmt.Sprint(path) != fmt.Sprint(wantPath) {
			t.Errorf("%s: path %v; want %v", c.name, path, wantPath)
		}
	}
}

// A recommendation that reaches a practice through two of its groups counts once: the ways
// share it, so the practice's score for its groups is the number of recommendations, not of
// pairs. Palau, the Marshall Islands and the CMW: no other test reads them.
func TestPeerPracticesCountARecommendationOnce(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	year, suffix := 2024, fmt.Sprint(time.Now().UnixNano())
	cmw := &domain.Mechanism{Key: "cmw", Code: "CMW", Kind: "TREATY_BODY"}
	rec := func(state string, groups ...string) store.RecommendationRecord {
		para := "peer-once-test." + strings.Join(groups, ".") + "." + suffix
		return store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, state, "peer once test"), Paragraph: &para,
			Texts: domain.Texts{"EN": "Adopt the quellith measures " + suffix}, Type: "RECOMMENDATION", Year: &year, Mechanism: cmw,
			StateCodes: []string{state}, AffectedGroupKeys: groups, SourceKeys: []string{"ohchr-uhri-labels"}}
	}
	toPalau := rec("PLW", "migrants", "domestic-workers")
	followed := []store.RecommendationRecord{rec("MHL", "migrants"), rec("MHL", "domestic-workers")}
	if _, err := st.UpsertRecommendations(ctx, append([]store.RecommendationRecord{toPalau}, followed...)); err != nil {
		t.Fatal(err)
	}
	mhl, published, key := "MHL", domain.PracticeStatus("PUBLISHED"), "gp-peer-once-test-"+suffix
	addresses := []string{followed[0].Key, followed[1].Key}
	createPractice(t, st, key, store.PracticeWrite{Titles: domain.Texts{"EN": "practice for two groups"}, Summaries: domain.Texts{"EN": "s"},
		StateCode: &mhl, Status: &published, RecommendationKeys: &addresses})
	t.Cleanup(func() { archivePractice(t, st, key) })

	for _, c := range []struct {
		name  string
		peers func() ([]store.PeerSuggestion, error)
	}{
		{"State", func() ([]store.PeerSuggestion, error) { return st.PeerPracticesForState(ctx, "PLW", 500) }},
		{"recommendation", func() ([]store.PeerSuggestion, error) {
			return st.PeerPracticesForRecommendation(ctx, toPalau.Key, 500)
		}},
	} {
		got := suggestion(t, c.name, c.peers, key)
		if got == nil {
			continue
		}
		// Palau's recommendations of earlier runs on a kept database count too; each of them
		// concerns both groups and comes from the CMW, so the mechanism's count is theirs.
		var kinds []string
		for _, m := range got.Matches {
			kinds = append(kinds, fmt.Sprintf("%s %.1f %d", m.Kind, m.Score, m.Recommendations))
		}
		n := 1
		if c.name == "State" && len(got.Matches) == 2 {
			n = got.Matches[1].Recommendations
		}
		want := []string{fmt.Sprintf("AFFECTED_GROUP %d.0 %d", n, n), fmt.Sprintf("MECHANISM 1.0 %d", n)}
		if n == 0 || fmt.Sprint(kinds) != fmt.Sprint(want) || got.Score != float64(n)+1 {
			t.Errorf("%s: score %v, matches %q; want %d + 1 and %q", c.name, got.Score, kinds, n, want)
		}
	}
}

// suggestion is the practice key among the suggestions peers gives, or nil (reported).
func suggestion(t *testing.T, name string, peers func() ([]store.PeerSuggestion, error), key string) *store.PeerSuggestion {
	t.Helper()
	list, err := peers()
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].PracticeKey == key {
			return &list[i]
		}
	}
	t.Errorf("%s: the practice is not suggested: %+v", name, list)
	return nil
}

func TestClusterRecommendations(t *testing.T) {
	st := testenv.Store(t)
	clusters, err := st.ClusterRecommendations(context.Background(), "CRI", domain.RecommendationFilter{MechanismKinds: []domain.MechanismKind{"UPR"}})
	if err != nil || len(clusters) < 3 {
		t.Fatalf("%+v %v", clusters, err)
	}
	seen := map[string]bool{}
	for i, c := range clusters {
		if i > 0 && c.ThemeKey != "" && len(c.Keys) > len(clusters[0].Keys) {
			t.Errorf("cluster %d is larger than the first", i)
		}
		for _, k := range c.Keys {
			if seen[k] {
				t.Errorf("%s in two clusters", k)
			}
			seen[k] = true
		}
	}
	if len(seen) < 82 || clusters[0].ThemeKey != "equality-and-non-discrimination" {
		t.Errorf("%d recommendations clustered; first cluster %s", len(seen), clusters[0].ThemeKey)
	}
}
