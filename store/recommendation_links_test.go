package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// The folded read must give what the separate reads give, item for item and in order.
func TestRecommendationsWithLinksMatchSeparateReads(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	page, err := st.Recommendations(ctx, domain.ScopeDocument, []string{"a-hrc-wg6-cri-2024-upr4"}, domain.RecommendationFilter{},
		domain.RecommendationOrder{Field: "PARAGRAPH", Direction: "ASC"}, domain.PageArgs{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range page["a-hrc-wg6-cri-2024-upr4"].Items {
		keys = append(keys, r.Key)
	}
	if len(keys) < 50 {
		t.Fatalf("only %d Costa Rica recommendations", len(keys))
	}
	all := store.RecommendationLinks{Mechanism: true, States: true, RecommendingStates: true, Themes: true, Practices: true}
	folded, err := st.RecommendationsWithLinks(ctx, keys, all)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := st.RecommendationsByKeys(ctx, keys)
	states, _ := st.StatesAddressed(ctx, keys)
	recStates, _ := st.RecommendingStates(ctx, keys)
	themes, _ := st.ThemesOf(ctx, keys)
	mechs, _ := st.MechanismsByKeys(ctx, []string{"upr"})
	practices, _ := st.PracticesOfRecommendations(ctx, keys)
	for _, k := range keys {
		f := folded[k]
		if f == nil || !reflect.DeepEqual(f.Recommendation, recs[k]) || !reflect.DeepEqual(f.Mechanism, mechs["upr"]) ||
			!sameList(f.States, states[k]) || !sameList(f.RecommendingStates, recStates[k]) || !sameList(f.Themes, themes[k]) ||
			!sameList(f.Practices, practices[k]) {
			t.Fatalf("%s: folded %+v differs from the separate reads", k, f)
		}
	}
	// Links not asked for are not read.
	bare, err := st.RecommendationsWithLinks(ctx, keys[:1], store.RecommendationLinks{Themes: true})
	if err != nil || bare[keys[0]].States != nil || bare[keys[0]].Mechanism != nil || len(bare[keys[0]].Themes) != len(themes[keys[0]]) {
		t.Errorf("themes only: %+v, %v", bare[keys[0]], err)
	}
}

func sameList[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// Recommendations of practices, folded, are those RecommendationsOfPractices gives, in order.
func TestRecommendationsOfPracticesWithLinks(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	// A draft of Iceland (no counting test sees it) that addresses three Costa Rica recommendations.
	key := fmt.Sprintf("gp-fold-test-%d", time.Now().UnixNano())
	isl, draft := "ISL", domain.PracticeStatus("DRAFT")
	recs := []string{"a-hrc-wg6-cri-2024-upr4-p119.7", "a-hrc-wg6-cri-2024-upr4-p119.5", "a-hrc-wg6-cri-2024-upr4-p119.10"}
	createPractice(t, st, key, store.PracticeWrite{Titles: domain.Texts{"EN": "fold"}, StateCode: &isl, Status: &draft,
		Capacities: []domain.Capacity{"COORDINATION"}, RecommendationKeys: &recs})
	keys := []string{key}
	want, err := st.RecommendationsOfPractices(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.RecommendationsOfPracticesWithLinks(ctx, keys, store.RecommendationLinks{States: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(want[key]) != 3 {
		t.Fatalf("the practice addresses %d recommendations, want 3", len(want[key]))
	}
	for _, k := range keys {
		if len(got[k]) != len(want[k]) {
			t.Fatalf("%s: %d recommendations folded, %d separately", k, len(got[k]), len(want[k]))
		}
		for i, lr := range got[k] {
			if !reflect.DeepEqual(lr.Recommendation, want[k][i]) || lr.States == nil {
				t.Errorf("%s[%d]: %+v, want %+v", k, i, lr.Recommendation, want[k][i])
			}
		}
	}
}
