package store_test

import (
	"context"
	"fmt"
	"slices"
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
			hits, err := st.Search(ctx, store.LuceneQuery(tc.query), "", tc.lang, tc.types, cri, nil, "", 50, nil, true)
			if err != nil || len(hits) < tc.min {
				t.Errorf("%d hits, %v; want at least %d", len(hits), err, tc.min)
			}
		})
	}
	t.Run("hostile text is escaped", func(t *testing.T) {
		for _, q := range []string{`text_en:(x) OR *`, `"unbalanced`, `AND`, `a || b && !c [1 TO 2] {x} ^2 ~1 ? \ /`} {
			if _, err := st.Search(ctx, store.LuceneQuery(q), "", "EN", store.SearchTypes, domain.RecommendationFilter{}, nil, "", 5, nil, true); err != nil {
				t.Errorf("%q: %v", q, err)
			}
		}
	})
	t.Run("pages by score", func(t *testing.T) {
		q := store.LuceneQuery("discrimination")
		first, err := st.Search(ctx, q, "", "EN", []store.SearchType{store.SearchRecommendation}, cri, nil, "", 3, nil, true)
		if err != nil || len(first) != 3 {
			t.Fatalf("%v %v", first, err)
		}
		last := first[2]
		next, err := st.Search(ctx, q, "", "EN", []store.SearchType{store.SearchRecommendation}, cri, &last.Score, last.UID, 3, nil, true)
		if err != nil || len(next) == 0 || next[0].UID == last.UID || next[0].Score > last.Score {
			t.Errorf("next page %v %v", next, err)
		}
	})
}

// Paging through search hits, ties included, gives exactly the hits and order of one deep
// search: no hit skipped or repeated at a page boundary. (A shallow first page, asking the
// index for one page of hits, was tried and dropped: on ties at the page's end it must ask
// again, and the benchmark's texts tie so often that it cost a second query. It is back with
// a margin: the index is asked for four pages, and again only when the page's last score
// ties with the lowest fetched.)
func TestSearchPagesNeitherSkipNorRepeat(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	types := []store.SearchType{store.SearchRecommendation, store.SearchState}
	// A filter that keeps every recommendation.
	all := domain.RecommendationFilter{MechanismKinds: []domain.MechanismKind{"UPR", "TREATY_BODY", "SPECIAL_PROCEDURE"}}
	// Twelve Iceland recommendations with one text: their scores tie exactly, and the index
	// returns them in another order than their uids.
	year := 2021
	var tied []store.RecommendationRecord
	for i := range 12 {
		para := fmt.Sprintf("tie-test.%d", i)
		tied = append(tied, store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, "ISL", "tie"), Paragraph: &para,
			Texts: domain.Texts{"EN": "Ratify the quorvantic convention"}, Type: "RECOMMENDATION", Year: &year,
			Mechanism: &domain.Mechanism{Key: "upr", Code: "UPR", Kind: "UPR"}, StateCodes: []string{"ISL"}, SourceKeys: []string{"ohchr-uhri-labels"}})
	}
	if _, err := st.UpsertRecommendations(ctx, tied); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"quorvantic", "human rights", "discrimination", "women", "education"} {
		inOneVersion(t, st, func() string {
			deep, err := st.Search(ctx, store.LuceneQuery(q), "", "EN", types, all, nil, "", 1000, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			var deepUIDs []string
			for _, h := range deep {
				if h.Type == store.SearchRecommendation {
					deepUIDs = append(deepUIDs, h.UID)
				}
			}
			for _, size := range []int{1, 2, 5} {
				var paged []string
				var afterScore *float64
				after := ""
				for range 200 {
					hits, err := st.Search(ctx, store.LuceneQuery(q), "", "EN", []store.SearchType{store.SearchRecommendation}, domain.RecommendationFilter{}, afterScore, after, size+1, nil, true)
					if err != nil {
						t.Fatal(err)
					}
					more := len(hits) > size
					hits = hits[:min(size, len(hits))]
					for _, h := range hits {
						paged = append(paged, h.UID)
					}
					if !more {
						break
					}
					last := hits[len(hits)-1]
					afterScore, after = &last.Score, last.UID
				}
				if len(paged) > len(deepUIDs) {
					paged = paged[:len(deepUIDs)]
				}
				if !slices.Equal(paged, deepUIDs[:len(paged)]) || len(paged) == 0 {
					return fmt.Sprintf("%q by pages of %d: %d hits differ from the deep search's %d", q, size, len(paged), len(deepUIDs))
				}
			}
			return ""
		})
	}
}

// inOneVersion runs check until it runs while the graph stays at one version, and reports
// what it found then. Test binaries share one database, and a write by another (new texts)
// changes every search score: pages read across it would rightly differ.
func inOneVersion(t *testing.T, st *store.Store, check func() string) {
	t.Helper()
	ctx := context.Background()
	for range 10 {
		v1, err := st.GraphVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		problem := check()
		if v2, _ := st.GraphVersion(ctx); v1 != v2 {
			continue
		}
		if problem != "" {
			t.Error(problem)
		}
		return
	}
	t.Fatal("the graph changed under every attempt")
}
