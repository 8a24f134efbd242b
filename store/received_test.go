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

// A State's received recommendations, newest first, unfiltered or of one mechanism kind, are
// read from the page keys on its ADDRESSED_TO links (received.go), and so are the lists of
// all recommendations filtered by that one State (and kind), and their counts. They must give
// the same pages, forward and backward, and the same counts, as the list read from the
// recommendations themselves: the same filter with a second State code that matches nothing,
// which the links' index cannot read.
func TestReceivedPagesMatchTheFilteredList(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	// The demo data holds UPR recommendations only: this test writes its own of the two other
	// kinds, so that it compares all three however it runs (alone on a fresh graph, or after
	// other tests wrote theirs).
	nano := time.Now().UnixNano()
	var recs []store.RecommendationRecord
	for i, m := range []*domain.Mechanism{{Key: "cedaw", Code: "CEDAW", Kind: "TREATY_BODY"}, {Key: "ie-albinism", Code: "IE Albinism", Kind: "SPECIAL_PROCEDURE"}} {
		for j, states := range [][]string{{"MWI"}, {"MWI", "TZA"}, {"TZA"}} {
			year, para := 2015+j, fmt.Sprint(i*10+j+1)
			text := fmt.Sprintf("received pages test %d %d at %d", i, j, nano)
			recs = append(recs, store.RecommendationRecord{Key: domain.RecommendationKey("", "", para, states[0], text), Texts: domain.Texts{"EN": text},
				Paragraph: &para, Type: "RECOMMENDATION", Year: &year, Mechanism: m, StateCodes: states, SourceKeys: []string{"ohchr-uhri-labels"}})
		}
	}
	if out, err := st.UpsertRecommendations(ctx, recs); err != nil || out.Created != len(recs) {
		t.Fatalf("writing the test's recommendations: %+v, %v", out, err)
	}
	newest := domain.RecommendationOrder{Field: "PUBLISHED_AT", Direction: "DESC"}
	all, err := st.ListStates(ctx, domain.StateFilter{}, domain.PageArgs{Limit: 250})
	if err != nil {
		t.Fatal(err)
	}
	// A page with its count read in the same statement, and the count read alone: both ways
	// of counting must agree.
	page := func(kind domain.ScopeKind, key string, f domain.RecommendationFilter) (*domain.Page[*domain.Recommendation], int) {
		t.Helper()
		pages, err := st.RecommendationPages(ctx, kind, []string{key}, f, newest, domain.PageArgs{Limit: 7}, store.PageReads{Count: true})
		if err != nil {
			t.Fatal(err)
		}
		n, err := st.CountRecommendations(ctx, kind, []string{key}, f)
		if err != nil {
			t.Fatal(err)
		}
		if n[key] != pages.Counts[key] {
			t.Errorf("%s %+v: counted %d alone, %d with a page", key, f, n[key], pages.Counts[key])
		}
		p := pages.Pages[key]
		return &p, n[key]
	}
	checked := 0
	for _, s := range all.Items {
		for _, kinds := range [][]domain.MechanismKind{nil, {"UPR"}, {"TREATY_BODY"}, {"SPECIAL_PROCEDURE"}} {
			want, wantN := page(domain.ScopeAll, "", domain.RecommendationFilter{StateCodes: []string{s.Code, "ZZZ"}, MechanismKinds: kinds})
			for _, got := range []struct {
				how   string
				kind  domain.ScopeKind
				key   string
				codes []string
			}{{"received", domain.ScopeReceivedBy, s.Code, nil}, {"filtered by the State", domain.ScopeAll, "", []string{s.Code}}} {
				p, n := page(got.kind, got.key, domain.RecommendationFilter{StateCodes: got.codes, MechanismKinds: kinds})
				if !reflect.DeepEqual(keysOf(p.Items), keysOf(want.Items)) || p.Info.HasNextPage != want.Info.HasNextPage || n != wantN {
					t.Errorf("%s %v, %s, first page: %v (more: %v, count %d) from the links, %v (more: %v, count %d) from the recommendations",
						s.Code, kinds, got.how, keysOf(p.Items), p.Info.HasNextPage, n, keysOf(want.Items), want.Info.HasNextPage, wantN)
				}
			}
			if len(want.Items) > 0 && kinds != nil {
				checked++
			}
		}
	}
	if checked < 6 {
		t.Fatalf("only %d States and kinds with recommendations", checked)
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
		for _, kinds := range [][]domain.MechanismKind{nil, {"UPR"}} {
			a := walk(domain.ScopeReceivedBy, "CRI", domain.RecommendationFilter{MechanismKinds: kinds}, backward)
			b := walk(domain.ScopeAll, "", domain.RecommendationFilter{StateCodes: []string{"CRI", "ZZZ"}, MechanismKinds: kinds}, backward)
			c := walk(domain.ScopeAll, "", domain.RecommendationFilter{StateCodes: []string{"CRI"}, MechanismKinds: kinds}, backward)
			if len(a) < 30 || !reflect.DeepEqual(a, b) || !reflect.DeepEqual(c, b) {
				t.Errorf("Costa Rica %v, backward %v: %d and %d recommendations from the links, %d from the recommendations", kinds, backward, len(a), len(c), len(b))
			}
		}
	}
}

// Every writer of ADDRESSED_TO gives it its page keys, and a recommendation whose date or
// mechanism changes gets new ones: checked right after the writes, before any migration could
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
		// Read from the links' kind: listed under its mechanism's kind, and not under another.
		for _, k := range []domain.MechanismKind{"UPR", "TREATY_BODY"} {
			pages, err := st.Recommendations(ctx, domain.ScopeAll, []string{""}, domain.RecommendationFilter{StateCodes: []string{"NRU"}, MechanismKinds: []domain.MechanismKind{k}},
				domain.RecommendationOrder{Field: "PUBLISHED_AT", Direction: "DESC"}, domain.PageArgs{Limit: 100})
			if err != nil || slices.Contains(keysOf(pages[""].Items), rec.Key) != (k == rec.Mechanism.Kind) {
				t.Errorf("%s: Nauru's %s page, with the %s recommendation: %v (%v)", when, k, rec.Mechanism.Kind, keysOf(pages[""].Items), err)
			}
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
	rec.Mechanism = &domain.Mechanism{Key: "upr", Code: "UPR", Kind: "UPR"}
	if _, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{rec}); err != nil {
		t.Fatal(err)
	}
	check("moved to the UPR")
	// Links left without some of their keys by an older hub: the migration's backfill gives
	// them their keys.
	backfilled := func(what string, drop func(context.Context, string) error) {
		t.Helper()
		if err := drop(ctx, rec.Key); err != nil {
			t.Fatal(err)
		}
		// (0 when a test binary of another package started meanwhile: its migration backfilled.)
		if n, err := st.StaleReceivedPageKeys(ctx); err != nil || n != 2 && n != 0 {
			t.Fatalf("after dropping the %s of 2 links: %d without keys (%v)", what, n, err)
		}
		if err := st.BackfillReceivedPageKeys(ctx); err != nil {
			t.Fatal(err)
		}
		check(what + " backfilled")
	}
	backfilled("keys", st.DropReceivedPageKeys) // a hub that wrote none
	backfilled("kind", st.DropReceivedPageKind) // a hub that wrote the State and the sort key
	// A second link to Nauru, as an older hub could leave it: the migration drops it, so that
	// the lists read from the links count the recommendation once.
	if err := st.DuplicateAddressedTo(ctx, rec.Key, "NRU"); err != nil {
		t.Fatal(err)
	}
	if states, err := st.StatesAddressed(ctx, []string{rec.Key}); err != nil || len(states[rec.Key]) != 3 {
		t.Fatalf("after duplicating a link: %d States (want Nauru twice and Tuvalu), %v", len(states[rec.Key]), err)
	}
	if err := st.BackfillReceivedPageKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if states, err := st.StatesAddressed(ctx, []string{rec.Key}); err != nil || len(states[rec.Key]) != 2 {
		t.Errorf("after the migration: %d States (want Nauru and Tuvalu once), %v", len(states[rec.Key]), err)
	}
	check("duplicate dropped")
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
