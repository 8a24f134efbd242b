package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// A State's received recommendations, newest first and unfiltered, are read from the page
// keys on its ADDRESSED_TO links (received.go). They must give the same pages, forward and
// backward, as the list of all recommendations filtered by that State, which is read from
// the recommendations themselves.
func TestReceivedPagesMatchTheFilteredList(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	newest := domain.RecommendationOrder{Field: "PUBLISHED_AT", Direction: "DESC"}
	all, err := st.ListStates(ctx, domain.StateFilter{}, domain.PageArgs{Limit: 250})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range all.Items {
		byLinks, err := st.Recommendations(ctx, domain.ScopeReceivedBy, []string{s.Code}, domain.RecommendationFilter{}, newest, domain.PageArgs{Limit: 7})
		if err != nil {
			t.Fatal(err)
		}
		byFilter, err := st.Recommendations(ctx, domain.ScopeAll, []string{""}, domain.RecommendationFilter{StateCodes: []string{s.Code}}, newest, domain.PageArgs{Limit: 7})
		if err != nil {
			t.Fatal(err)
		}
		a, b := byLinks[s.Code], byFilter[""]
		if !reflect.DeepEqual(keysOf(a.Items), keysOf(b.Items)) || a.Info.HasNextPage != b.Info.HasNextPage {
			t.Errorf("%s, first page: %v (more: %v) from the links, %v (more: %v) filtered", s.Code, keysOf(a.Items), a.Info.HasNextPage, keysOf(b.Items), b.Info.HasNextPage)
		}
		if len(a.Items) > 0 {
			checked++
		}
	}
	if checked < 3 {
		t.Fatalf("only %d States with recommendations", checked)
	}
	// Costa Rica to the end and back, seven at a time.
	walk := func(kind domain.ScopeKind, key string, f domain.RecommendationFilter, backward bool) []string {
		var keys []string
		cursor := ""
		for range 100 {
			pages, err := st.Recommendations(ctx, kind, []string{key}, f, newest, domain.PageArgs{Limit: 7, Cursor: cursor, Backward: backward})
			if err != nil {
				t.Fatal(err)
			}
			p := pages[key]
			keys = append(keys, keysOf(p.Items)...)
			more := p.Info.HasNextPage
			if backward {
				more = p.Info.HasPreviousPage
			}
			if !more || len(p.SortKeys) == 0 {
				return keys
			}
			cursor = p.SortKeys[len(p.SortKeys)-1]
			if backward {
				cursor = p.SortKeys[0]
			}
		}
		t.Fatal("more than 100 pages")
		return nil
	}
	for _, backward := range []bool{false, true} {
		a := walk(domain.ScopeReceivedBy, "CRI", domain.RecommendationFilter{}, backward)
		b := walk(domain.ScopeAll, "", domain.RecommendationFilter{StateCodes: []string{"CRI"}}, backward)
		if len(a) < 50 || !reflect.DeepEqual(a, b) {
			t.Errorf("Costa Rica, backward %v: %d recommendations from the links, %d filtered", backward, len(a), len(b))
		}
	}
}

// Every writer of ADDRESSED_TO gives it its page keys, and a recommendation whose date
// changes gets new ones: checked right after the writes, before any migration could
// backfill them.
func TestAddressedToLinksCarryTheirPageKeys(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	year, para := 2021, "9"
	text := fmt.Sprintf("page keys test %d", time.Now().UnixNano())
	rec := store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, "NRU", text), Texts: domain.Texts{"EN": text},
		Paragraph: &para, Type: "CONCERN_OBSERVATION", Year: &year, Mechanism: &domain.Mechanism{Key: "crc", Code: "CRC", Kind: "TREATY_BODY"},
		StateCodes: []string{"NRU", "TUV"}, SourceKeys: []string{"ohchr-uhri-labels"}}
	check := func(when string) {
		t.Helper()
		if n, err := st.StaleReceivedPageKeys(ctx); err != nil || n != 0 {
			t.Errorf("%s: %d ADDRESSED_TO links without their page keys (%v)", when, n, err)
		}
		pages, err := st.Recommendations(ctx, domain.ScopeReceivedBy, []string{"NRU"}, domain.RecommendationFilter{},
			domain.RecommendationOrder{Field: "PUBLISHED_AT", Direction: "DESC"}, domain.PageArgs{Limit: 100})
		if err != nil || !slices.Contains(keysOf(pages["NRU"].Items), rec.Key) {
			t.Errorf("%s: Nauru's page lacks the new recommendation: %v", when, err)
		}
	}
	if _, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{rec}); err != nil {
		t.Fatal(err)
	}
	check("created")
	year = 2025
	if _, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{rec}); err != nil {
		t.Fatal(err)
	}
	check("redated")
	// Links written by a hub that did not write the keys: the migration's backfill gives
	// them their keys.
	if err := st.DropReceivedPageKeys(ctx, rec.Key); err != nil {
		t.Fatal(err)
	}
	// (0 when a test binary of another package started meanwhile: its migration backfilled.)
	if n, err := st.StaleReceivedPageKeys(ctx); err != nil || n != 2 && n != 0 {
		t.Fatalf("after dropping the keys of 2 links: %d without keys (%v)", n, err)
	}
	if err := st.BackfillReceivedPageKeys(ctx); err != nil {
		t.Fatal(err)
	}
	check("backfilled")
}

func keysOf(recs []*domain.Recommendation) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Key
	}
	return out
}

// A record whose key already names another recommendation (a file's explicit key reused for
// another UHRI annotation) is written under that key: the import says so with a conflict, and
// the links of the recommendation it replaces go, so that no ADDRESSED_TO link is left with
// another recommendation's page keys (or twice).
func TestARecordReusingAnotherRecommendationsKeySaysSoAndReplacesItsLinks(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	nano := time.Now().UnixNano()
	key := fmt.Sprintf("key-reuse-test-%d", nano)
	record := func(uhri string, year int) store.RecommendationRecord {
		text := "key reuse test " + uhri
		return store.RecommendationRecord{Key: key, Texts: domain.Texts{"EN": text}, Type: "CONCERN_OBSERVATION", Year: &year,
			UhriAnnotationID: &uhri, Mechanism: &domain.Mechanism{Key: "crc", Code: "CRC", Kind: "TREATY_BODY"},
			StateCodes: []string{"NRU"}, SourceKeys: []string{"ohchr-uhri-labels"}}
	}
	first, err := st.MergeImportBatch(ctx, "ohchr-uhri-labels", nil, []store.RecommendationRecord{record(fmt.Sprintf("a-%d", nano), 2019)}, store.MergeOptions{})
	if err != nil || first[0].Outcome != "created" || len(first[0].Conflicts) != 0 {
		t.Fatalf("first record: %+v, %v", first, err)
	}
	second, err := st.MergeImportBatch(ctx, "ohchr-uhri-labels", nil, []store.RecommendationRecord{record(fmt.Sprintf("b-%d", nano), 2024)}, store.MergeOptions{})
	if err != nil || len(second) != 1 || len(second[0].Conflicts) != 1 || second[0].Conflicts[0].Field != "key" {
		t.Fatalf("a record reusing the key: %+v, %v", second, err)
	}
	states, err := st.StatesAddressed(ctx, []string{key})
	if err != nil || len(states[key]) != 1 {
		t.Errorf("the recommendation under the reused key is addressed to %d States (want Nauru once), %v", len(states[key]), err)
	}
	if n, err := st.StaleReceivedPageKeys(ctx); err != nil || n != 0 {
		t.Errorf("%d ADDRESSED_TO links with stale page keys (%v)", n, err)
	}
}
