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

// A shaped read projects the base and the parts asked for, and those exactly as the whole
// read has them; every part is checked alone, and all parts together give the whole item.
func TestShapedReadsGiveThePartsAskedForExactly(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	// Parts as the domain holds them: a part's fields copied from one item to another.
	practiceParts := map[string]func(to, from *domain.GoodPractice){
		"titles":    func(to, from *domain.GoodPractice) { to.Titles = from.Titles },
		"summaries": func(to, from *domain.GoodPractice) { to.Summaries = from.Summaries },
		"details":   func(to, from *domain.GoodPractice) { to.PracticeDetails = from.PracticeDetails },
		"version":   func(to, from *domain.GoodPractice) { to.Version = from.Version },
		"nmirf":     func(to, from *domain.GoodPractice) { to.NMIRFKey = from.NMIRFKey },
		"state":     func(to, from *domain.GoodPractice) { to.StateCode = from.StateCode },
	}
	recParts := map[string]func(to, from *domain.Recommendation){
		"texts":            func(to, from *domain.Recommendation) { to.Texts = from.Texts },
		"paragraph":        func(to, from *domain.Recommendation) { to.Paragraph = from.Paragraph },
		"type":             func(to, from *domain.Recommendation) { to.Type = from.Type },
		"publishedOn":      func(to, from *domain.Recommendation) { to.PublishedOn = from.PublishedOn },
		"year":             func(to, from *domain.Recommendation) { to.Year = from.Year },
		"uprCycle":         func(to, from *domain.Recommendation) { to.UprCycle = from.UprCycle },
		"uprSession":       func(to, from *domain.Recommendation) { to.UprSession = from.UprSession },
		"uhriAnnotationId": func(to, from *domain.Recommendation) { to.UhriAnnotationID = from.UhriAnnotationID },
		"mechanism":        func(to, from *domain.Recommendation) { to.MechanismKey = from.MechanismKey },
		"document":         func(to, from *domain.Recommendation) { to.DocumentKey = from.DocumentKey },
		"position":         func(to, from *domain.Recommendation) { to.Position = from.Position },
	}
	sameNames(t, "GoodPractice", practiceParts)
	sameNames(t, "Recommendation", recParts)

	// Every practice of every State, and a draft with every detail that addresses 60
	// recommendations of Costa Rica.
	codes := allStateCodes(t, st)
	byState, err := st.PracticesOfStates(ctx, codes)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, ps := range byState {
		for _, p := range ps {
			keys = append(keys, p.Key)
		}
	}
	recKeys := testenv.ReportRecommendations(t, st, "a-hrc-wg6-cri-2024-upr4", 60)
	isl, draft, key := "ISL", domain.PracticeStatus("DRAFT"), fmt.Sprintf("gp-shape-test-%d", time.Now().UnixNano())
	start, end, outcome := 2019, 2023, "an outcome"
	createPractice(t, st, key, store.PracticeWrite{Titles: domain.Texts{"EN": "shape test", "FR": "essai"}, Summaries: domain.Texts{"EN": "s"},
		StateCode: &isl, Capacities: []domain.Capacity{"ENGAGEMENT"}, Stakeholders: []string{"civil society"}, Tools: []string{"a tool"},
		PeriodStart: &start, PeriodEnd: &end, Outcome: &outcome, Status: &draft, RecommendationKeys: &recKeys})
	defer archivePractice(t, st, key)
	keys = append(keys, key)
	admin := domain.WithPrincipal(ctx, domain.Principal{Role: domain.RoleAdmin})

	plan := store.Plan{"recommendations": {Link: store.PracticeRecommendations}}
	read := func(shapes store.Shapes) (map[string]*domain.GoodPractice, map[string]*domain.Recommendation) {
		t.Helper()
		trees, err := st.ReadTree(admin, store.PracticeRoot, keys, plan, shapes)
		if err != nil {
			t.Fatal(err)
		}
		ps, rs := map[string]*domain.GoodPractice{}, map[string]*domain.Recommendation{}
		for k, tr := range trees {
			ps[k] = tr.Item.(*domain.GoodPractice)
			for _, r := range tr.Links["recommendations"] {
				rs[r.Key] = r.Item.(*domain.Recommendation)
			}
		}
		return ps, rs
	}
	wholeP, wholeR := read(nil)
	if len(wholeP) != len(keys) || len(wholeR) < 60 || wholeP[key].Outcome == nil {
		t.Fatalf("whole read: %d of %d practices, %d recommendations", len(wholeP), len(keys), len(wholeR))
	}
	baseP, baseR := read(store.Shapes{"GoodPractice": {}, "Recommendation": {}})
	for k, w := range wholeP {
		b := baseP[k]
		if b.Key != w.Key || b.Status != w.Status || b.StateCode != "" || w.StateCode == "" || len(b.Titles) != 0 || b.Outcome != nil {
			t.Errorf("practice %s, base only: %+v (whole: %+v)", k, b, w)
		}
	}
	for k, w := range wholeR {
		if b := baseR[k]; b.Key != w.Key || len(b.Texts) != 0 || b.Year != nil {
			t.Errorf("recommendation %s, base only: %+v", k, b)
		}
	}
	for name, copyPart := range practiceParts {
		got, _ := read(store.Shapes{"GoodPractice": {name}})
		for k, w := range wholeP {
			want := *baseP[k]
			copyPart(&want, w)
			if !reflect.DeepEqual(got[k], &want) {
				t.Errorf("practice %s, part %s: got %+v, want %+v", k, name, got[k], &want)
			}
		}
	}
	for name, copyPart := range recParts {
		_, got := read(store.Shapes{"Recommendation": {name}})
		for k, w := range wholeR {
			want := *baseR[k]
			copyPart(&want, w)
			if !reflect.DeepEqual(got[k], &want) {
				t.Errorf("recommendation %s, part %s: got %+v, want %+v", k, name, got[k], &want)
			}
		}
	}
	// Texts asked for in some languages: each text picked in those languages is the whole
	// read's, and only those languages are read where the item has them all.
	narrowed := 0
	for _, langs := range languageSets {
		got, gotR := read(store.Shapes{"GoodPractice": {store.InLanguages("titles", langs), store.InLanguages("summaries", langs)},
			"Recommendation": {store.InLanguages("texts", langs)}})
		for k, w := range wholeP {
			narrowed += samePicks(t, "practice "+k+" title", langs, got[k].Titles, w.Titles)
			samePicks(t, "practice "+k+" summary", langs, got[k].Summaries, w.Summaries)
		}
		for k, w := range wholeR {
			narrowed += samePicks(t, "recommendation "+k, langs, gotR[k].Texts, w.Texts)
		}
	}
	if narrowed == 0 {
		t.Errorf("no text was read in fewer languages than the whole read's")
	}
	allP, allR := read(store.Shapes{"GoodPractice": store.PartNames("GoodPractice"), "Recommendation": store.PartNames("Recommendation")})
	if !reflect.DeepEqual(allP, wholeP) || !reflect.DeepEqual(allR, wholeR) {
		t.Errorf("every part named is not the whole item")
	}

	// Themes: those of every practice and of the recommendations they address (subthemes
	// among them, so that "parent" is not always empty).
	themeParts := map[string]func(to, from *domain.Theme){
		"names":  func(to, from *domain.Theme) { to.Names = from.Names },
		"scheme": func(to, from *domain.Theme) { to.Scheme, to.Version = from.Scheme, from.Version },
		"parent": func(to, from *domain.Theme) { to.ParentKey = from.ParentKey },
	}
	sameNames(t, "Theme", themeParts)
	themePlan := store.Plan{"themes": {Link: store.PracticeThemes},
		"recommendations": {Link: store.PracticeRecommendations, Below: store.Plan{"themes": {Link: store.RecommendationThemes}}}}
	themes := func(shapes store.Shapes) map[string]*domain.Theme {
		t.Helper()
		trees, err := st.ReadTree(admin, store.PracticeRoot, keys, themePlan, shapes)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*domain.Theme{}
		for _, tr := range trees {
			for _, th := range tr.Links["themes"] {
				out[th.Key] = th.Item.(*domain.Theme)
			}
			for _, r := range tr.Links["recommendations"] {
				for _, th := range r.Links["themes"] {
					out[th.Key] = th.Item.(*domain.Theme)
				}
			}
		}
		return out
	}
	wholeT, baseT := themes(nil), themes(store.Shapes{"Theme": {}})
	withParent := 0
	for k, w := range wholeT {
		if w.ParentKey != nil {
			withParent++
		}
		if b := baseT[k]; b.Key != w.Key || len(b.Names) != 0 || b.Scheme != "" || b.ParentKey != nil || w.Scheme == "" || len(w.Names) == 0 {
			t.Errorf("theme %s, base only: %+v (whole: %+v)", k, b, w)
		}
	}
	if len(wholeT) < 5 || withParent == 0 {
		t.Fatalf("%d themes read, %d with a parent: too few to check the parts", len(wholeT), withParent)
	}
	for name, copyPart := range themeParts {
		got := themes(store.Shapes{"Theme": {name}})
		for k, w := range wholeT {
			want := *baseT[k]
			copyPart(&want, w)
			if !reflect.DeepEqual(got[k], &want) {
				t.Errorf("theme %s, part %s: got %+v, want %+v", k, name, got[k], &want)
			}
		}
	}
	if all := themes(store.Shapes{"Theme": store.PartNames("Theme")}); !reflect.DeepEqual(all, wholeT) {
		t.Errorf("every part of a theme named is not the whole theme")
	}
	// (The reference themes are named in English only: the narrower read is checked on
	// practices and recommendations above, the answers here.)
	for _, langs := range languageSets {
		got := themes(store.Shapes{"Theme": {store.InLanguages("names", langs)}})
		for k, w := range wholeT {
			samePicks(t, "theme "+k, langs, got[k].Names, w.Names)
		}
	}
}

// languageSets are the languages the narrowed reads are asked for.
var languageSets = [][]domain.Language{{"EN"}, {"FR"}, {"ES"}, {"PT"}, {"EN", "FR"}, {"FR", "ZH"}}

// samePicks fails unless got, a text read for fields that pick it in langs, gives each of
// them what whole gives; got must be whole, or exactly the languages asked for. It returns 1
// when got is the narrower.
func samePicks(t *testing.T, what string, langs []domain.Language, got, whole domain.Texts) int {
	t.Helper()
	for _, l := range langs {
		gs, gl, gok := got.Pick(l)
		ws, wl, wok := whole.Pick(l)
		if gs != ws || gl != wl || gok != wok {
			t.Errorf("%s in %s: got %q (%s), want %q (%s)", what, l, gs, gl, ws, wl)
		}
	}
	if reflect.DeepEqual(got, whole) || len(got) == 0 && len(whole) == 0 {
		return 0
	}
	for l, s := range got {
		if !slices.Contains(langs, l) || whole[l] != s {
			t.Errorf("%s: read %v for %v, whole %v", what, got, langs, whole)
		}
	}
	if len(got) != len(langs) {
		t.Errorf("%s: read %v for %v, whole %v", what, got, langs, whole)
	}
	return 1
}

// sameNames fails unless the test knows every part of a label's items.
func sameNames[V any](t *testing.T, label string, parts map[string]V) {
	t.Helper()
	names := store.PartNames(label)
	if len(names) != len(parts) {
		t.Errorf("%s: the store has parts %v, the test knows %d", label, names, len(parts))
	}
	for _, n := range names {
		if _, ok := parts[n]; !ok {
			t.Errorf("%s: part %q is not checked", label, n)
		}
	}
}
