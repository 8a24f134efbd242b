package store_test

import (
	"context"
	"testing"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func TestSearchMatchesInflectedForms(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	if err := st.AwaitIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	cri := domain.RecommendationFilter{StateCodes: []string{"CRI"}}
	for _, tc := range []struct {
		name, query string
		lang        domain.Language
		types       []store.SearchType
		min         int
	}{
		{"spanish plural finds singular", "discriminaciones", "ES", []store.SearchType{store.SearchRecommendation}, 5},
		{"english plural", "discriminations", "EN", []store.SearchType{store.SearchRecommendation}, 5},
		{"phrase", `"hate speech"`, "EN", []store.SearchType{store.SearchRecommendation}, 1},
		{"boolean", "racism AND xenophobia", "EN", []store.SearchType{store.SearchRecommendation}, 1},
		{"arabic singular finds plural", "ممارسة", "AR", []store.SearchType{store.SearchGoodPractice}, 1}, // الممارسات in the text
		{"nmirf by acronym", "DIDH", "EN", []store.SearchType{store.SearchNMIRF}, 1},
		{"state", "Morocco", "EN", []store.SearchType{store.SearchState}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := st.Search(ctx, store.LuceneQuery(tc.query), tc.lang, tc.types, cri, nil, "", 50)
			if err != nil || len(hits) < tc.min {
				t.Errorf("%d hits, %v; want at least %d", len(hits), err, tc.min)
			}
		})
	}
	t.Run("hostile text is escaped", func(t *testing.T) {
		for _, q := range []string{`text_en:(x) OR *`, `"unbalanced`, `AND`, `a || b && !c [1 TO 2] {x} ^2 ~1 ? \ /`} {
			if _, err := st.Search(ctx, store.LuceneQuery(q), "EN", store.SearchTypes, domain.RecommendationFilter{}, nil, "", 5); err != nil {
				t.Errorf("%q: %v", q, err)
			}
		}
	})
	t.Run("pages by score", func(t *testing.T) {
		q := store.LuceneQuery("discrimination")
		first, err := st.Search(ctx, q, "EN", []store.SearchType{store.SearchRecommendation}, cri, nil, "", 3)
		if err != nil || len(first) != 3 {
			t.Fatalf("%v %v", first, err)
		}
		last := first[2]
		next, err := st.Search(ctx, q, "EN", []store.SearchType{store.SearchRecommendation}, cri, &last.Score, last.UID, 3)
		if err != nil || len(next) == 0 || next[0].UID == last.UID || next[0].Score > last.Score {
			t.Errorf("next page %v %v", next, err)
		}
	})
}
