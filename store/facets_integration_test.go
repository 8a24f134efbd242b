package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

var allFacets = []store.Facet{store.FacetTotal, store.FacetTheme, store.FacetMechanism, store.FacetPosition,
	store.FacetState, store.FacetRecommendingState, store.FacetYear, store.FacetCycle}

// sameAsRecount reads the facets (stored counts where kept) and recounts them from the
// recommendations, both at one graph version (other test binaries write to the same
// database, so a pair read across one of their writes is read again), and fails unless
// they are equal. It returns the counts.
func sameAsRecount(t *testing.T, st *store.Store, f domain.RecommendationFilter) map[store.Facet][]*domain.FacetCount {
	t.Helper()
	ctx := context.Background()
	var got map[store.Facet][]*domain.FacetCount
	inOneVersion(t, st, func() string {
		var err error
		if got, err = st.RecommendationFacets(ctx, allFacets, f); err != nil {
			t.Fatal(err)
		}
		want, err := st.Recount(ctx, allFacets, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, fc := range allFacets {
			if !reflect.DeepEqual(got[fc], want[fc]) {
				return fmt.Sprintf("filter %+v, facet %s: kept %v, recounted %v", f, fc, show(got[fc]), show(want[fc]))
			}
		}
		return ""
	})
	return got
}

func show(c []*domain.FacetCount) map[string]int {
	m := map[string]int{}
	for _, x := range c {
		m[x.Key] = x.Count
	}
	return m
}

// waitKept waits until all the facets under f are stored at the current version.
func waitKept(t *testing.T, st *store.Store, f domain.RecommendationFilter) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := st.RecommendationFacets(ctx, allFacets, f); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		if kept, _, err := st.KeptFacets(ctx, allFacets, f); err == nil && kept == len(allFacets) {
			return
		}
	}
	t.Fatalf("facet counts under %+v were never stored", f)
}

// Facet counts are stored stamped with the graph version and used only at that version:
// after an import batch and after a curation write they equal a recount, and a kept read
// of all eight facets is one round trip.
func TestKeptFacetCountsEqualRecount(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	filters := []domain.RecommendationFilter{{}, {StateCodes: []string{"TUV"}}, {ThemeKeys: []string{"right-to-education"}}}
	for _, f := range filters {
		waitKept(t, st, f)
		sameAsRecount(t, st, f)
	}
	var n atomic.Int64
	if _, err := st.RecommendationFacets(store.WithRoundTripCounter(ctx, &n), allFacets, domain.RecommendationFilter{StateCodes: []string{"TUV"}}); err != nil || n.Load() != 1 {
		t.Errorf("eight facets took %d round trips (want 1), %v", n.Load(), err)
	}
	before := show(sameAsRecount(t, st, filters[1])[store.FacetTotal])[""]

	// An import batch: new recommendations to Tuvalu.
	year := 2026
	mech := &domain.Mechanism{Key: "crc", Code: "CRC", Kind: "TREATY_BODY"}
	var recs []store.RecommendationRecord
	for i := range 2 {
		text := fmt.Sprintf("facet test %d at %d", i, time.Now().UnixNano())
		para := fmt.Sprint(i + 1)
		recs = append(recs, store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, "TUV", text),
			Texts: domain.Texts{"EN": text}, Paragraph: &para, Type: "CONCERN_OBSERVATION", Year: &year,
			Mechanism: mech, StateCodes: []string{"TUV"}, ThemeKeys: []string{"right-to-education"}, SourceKeys: []string{"ohchr-uhri-labels"}})
	}
	out, err := st.UpsertRecommendations(ctx, recs)
	if err != nil || out.Created != 2 {
		t.Fatalf("upsert: %+v, %v", out, err)
	}
	for _, f := range filters {
		sameAsRecount(t, st, f)
	}
	after := show(sameAsRecount(t, st, filters[1])[store.FacetTotal])[""]
	if after != before+2 {
		t.Errorf("Tuvalu's total went from %d to %d after an import of two new recommendations", before, after)
	}

	// Any other write moves the version too (here an API token), so nothing stored before
	// it is used after it.
	waitKept(t, st, filters[1])
	_, v1, _ := st.KeptFacets(ctx, allFacets, filters[1])
	if _, _, err := st.CreateToken(ctx, fmt.Sprint("facet test ", time.Now().UnixNano()), domain.RoleViewer, ""); err != nil {
		t.Fatal(err)
	}
	kept, v2, err := st.KeptFacets(ctx, allFacets, filters[1])
	if err != nil || v2 <= v1 || kept != 0 {
		t.Errorf("after a write: version %d → %d, %d facets still current, %v", v1, v2, kept, err)
	}
	sameAsRecount(t, st, filters[1])
}
