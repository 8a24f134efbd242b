package domain

import (
	"slices"

	"github.com/nmirf-hub/hub/apperr"
	"sort"
	"testing"
)

func ptr2[T any](v T) *T { return &v }

func TestNewPageArgs(t *testing.T) {
	cur := EncodeCursor("k")
	for _, tc := range []struct {
		name          string
		first, last   *int
		after, before *string
		want          PageArgs
		wantErrField  string
	}{
		{name: "default", want: PageArgs{Limit: DefaultPageSize}},
		{name: "first", first: ptr2(5), after: &cur, want: PageArgs{Limit: 5, Cursor: "k"}},
		{name: "last", last: ptr2(5), before: &cur, want: PageArgs{Limit: 5, Backward: true, Cursor: "k"}},
		{name: "too many", first: ptr2(101), wantErrField: "first"},
		{name: "zero", last: ptr2(0), wantErrField: "last"},
		{name: "both", first: ptr2(1), last: ptr2(1), wantErrField: "last"},
		{name: "first with before", first: ptr2(1), before: &cur, wantErrField: "before"},
		{name: "bad cursor", first: ptr2(1), after: ptr2("zz"), wantErrField: "after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewPageArgs(tc.first, tc.after, tc.last, tc.before)
			if tc.wantErrField != "" {
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.BadUserInput || e.Field != tc.wantErrField {
					t.Errorf("error %v; want BAD_USER_INPUT on %s", err, tc.wantErrField)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestNewPageKeepsDisplayOrder(t *testing.T) {
	p := NewPage(PageArgs{Limit: 2, Backward: true, Cursor: "x"}, []string{"c", "b", "a"}, []string{"c", "b", "a"})
	if !slices.Equal(p.Items, []string{"b", "c"}) || !p.Info.HasPreviousPage || !p.Info.HasNextPage {
		t.Errorf("page %+v", p)
	}
}

func TestGlobalIDRoundTrip(t *testing.T) {
	for _, k := range Kinds {
		id := GlobalID(k, "a:b/c")
		kind, key, err := ParseGlobalID("id", id)
		if err != nil || kind != k || key != "a:b/c" {
			t.Errorf("%s: got %s %s %v", k, kind, key, err)
		}
	}
	if _, _, err := ParseGlobalID("id", GlobalID("Nope", "x")); err == nil {
		t.Error("an unknown kind was accepted")
	}
}

func TestNaturalSortKeys(t *testing.T) {
	paras := []string{"119.10", "119.2", "119.1", "12.3", "119.100"}
	sort.Slice(paras, func(i, j int) bool { return ParagraphSortKey(paras[i]) < ParagraphSortKey(paras[j]) })
	if !slices.Equal(paras, []string{"12.3", "119.1", "119.2", "119.10", "119.100"}) {
		t.Errorf("paragraph order %v", paras)
	}
	sdgs := []string{"1.a", "1.10", "1.2", "10", "2", "1"}
	sort.Slice(sdgs, func(i, j int) bool { return SdgSortKey(sdgs[i]) < SdgSortKey(sdgs[j]) })
	if !slices.Equal(sdgs, []string{"1", "1.2", "1.10", "1.a", "2", "10"}) {
		t.Errorf("sdg order %v", sdgs)
	}
}

func TestRecommendationKeys(t *testing.T) {
	if k := RecommendationKey("A9CE-1", "doc", "1", "PER", "t"); k != "uhri-a9ce-1" {
		t.Errorf("uhri key %s", k)
	}
	if k := RecommendationKey("", "doc", "119.1", "CRI", "t"); k != "doc-p119.1" {
		t.Errorf("document key %s", k)
	}
	a, b := RecommendationKey("", "", "1", "CRI", "text"), RecommendationKey("", "", "1", "CRI", "other")
	if a == b || a != RecommendationKey("", "", "1", "CRI", "text") {
		t.Errorf("hash keys %s %s", a, b)
	}
}

func TestTextsFallback(t *testing.T) {
	tx := Texts{"ES": "hola", "FR": "salut"}
	for lang, want := range map[Language][2]string{"ES": {"hola", "ES"}, "AR": {"salut", "FR"}, "": {"salut", "FR"}} {
		s, served, _ := tx.Pick(lang)
		if s != want[0] || string(served) != want[1] {
			t.Errorf("Pick(%s) = %s %s", lang, s, served)
		}
	}
	if !slices.Equal(tx.Available(), []Language{"FR", "ES"}) {
		t.Errorf("Available = %v", tx.Available())
	}
}

func TestStateNames(t *testing.T) {
	s := &State{Code: "MAR", Alpha2: "MA", Name: "Morocco"}
	for lang, want := range map[Language]string{"EN": "Morocco", "ES": "Marruecos", "FR": "Maroc", "AR": "المغرب"} {
		if got, served := StateName(s, lang); got != want || served != lang {
			t.Errorf("StateName(%s) = %s (%s); want %s", lang, got, served, want)
		}
	}
}
