package store_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
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
	peers, err := st.PeerPracticesForState(ctx, "CRI", 5)
	if err != nil || len(peers) == 0 || peers[0].PracticeKey != "wsm-sadata" {
		t.Fatalf("peers of CRI: %+v, %v", peers, err)
	}
	kinds := ""
	for _, n := range peers[0].Path {
		kinds += n.Kind + ">"
	}
	if kinds != "State>Recommendation>Theme>GoodPractice>NMIRF>" {
		t.Errorf("path %s", kinds)
	}
	var recKey string
	for _, n := range peers[0].Path {
		if n.Kind == "Recommendation" {
			recKey = n.UID[len("Recommendation:"):]
		}
	}
	forRec, err := st.PeerPracticesForRecommendation(ctx, recKey, 5)
	if err != nil || len(forRec) == 0 || forRec[0].PracticeKey != "wsm-sadata" {
		t.Errorf("peers of %s: %+v, %v", recKey, forRec, err)
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
