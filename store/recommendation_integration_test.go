package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

var byParagraph = domain.RecommendationOrder{Field: "PARAGRAPH", Direction: "ASC"}

// criReport is the demo's Costa Rica 2024 UPR report.
const criReport = "a-hrc-wg6-cri-2024-upr4"

func TestRecommendationsFiltersAndCounts(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		f    domain.RecommendationFilter
		want int
	}{
		{"all for CRI", domain.RecommendationFilter{StateCodes: []string{"CRI"}}, 82},
		{"UPR kind", domain.RecommendationFilter{StateCodes: []string{"CRI"}, MechanismKinds: []domain.MechanismKind{"UPR"}}, 82},
		{"treaty bodies", domain.RecommendationFilter{StateCodes: []string{"CRI"}, MechanismKinds: []domain.MechanismKind{"TREATY_BODY"}}, 0},
		{"mechanism code", domain.RecommendationFilter{StateCodes: []string{"CRI"}, MechanismCodes: []string{"upr"}}, 82},
		{"made by Libya", domain.RecommendationFilter{StateCodes: []string{"CRI"}, RecommendingStateCodes: []string{"LBY"}}, 1},
		{"cycle 4", domain.RecommendationFilter{StateCodes: []string{"CRI"}, UprCycles: []int{4}}, 82},
		{"cycle 3", domain.RecommendationFilter{StateCodes: []string{"CRI"}, UprCycles: []int{3}}, 0},
		{"spanish", domain.RecommendationFilter{StateCodes: []string{"CRI"}, Languages: []domain.Language{"ES"}}, 82},
		{"arabic", domain.RecommendationFilter{StateCodes: []string{"CRI"}, Languages: []domain.Language{"AR"}}, 0},
		{"text in spanish", domain.RecommendationFilter{StateCodes: []string{"CRI"}, TextContains: ptr("DISCURSO DE ODIO")}, 3},
		{"position", domain.RecommendationFilter{StateCodes: []string{"CRI"}, Positions: []domain.PositionValue{"SUPPORTED"}}, 0},
		{"type", domain.RecommendationFilter{Types: []domain.RecommendationType{"RECOMMENDATION"}, StateCodes: []string{"CRI"}}, 82},
		{"dates", domain.RecommendationFilter{StateCodes: []string{"CRI"}, PublishedFrom: &domain.Date{Time: domain.NewDate(2024, 1, 1).Time}, PublishedTo: ptr(domain.NewDate(2024, 12, 31))}, 82},
		{"dates before", domain.RecommendationFilter{StateCodes: []string{"CRI"}, PublishedTo: ptr(domain.NewDate(2023, 12, 31))}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Scoped to the demo's Costa Rica report, which imports never write to.
			n, err := st.CountRecommendations(ctx, domain.ScopeDocument, []string{criReport}, tc.f)
			if err != nil || n[criReport] != tc.want {
				t.Errorf("count = %v, %v; want %d", n, err, tc.want)
			}
		})
	}
	t.Run("theme includes descendants", func(t *testing.T) {
		parent, err := st.CountRecommendations(ctx, domain.ScopeAll, []string{""}, domain.RecommendationFilter{StateCodes: []string{"CRI"}, ThemeKeys: []string{"equality-and-non-discrimination"}})
		if err != nil {
			t.Fatal(err)
		}
		child, err := st.CountRecommendations(ctx, domain.ScopeAll, []string{""}, domain.RecommendationFilter{StateCodes: []string{"CRI"}, ThemeKeys: []string{"racial-discrimination"}})
		if err != nil {
			t.Fatal(err)
		}
		if child[""] == 0 || parent[""] < child[""] {
			t.Errorf("parent theme %d, child theme %d", parent[""], child[""])
		}
		byScope, err := st.CountRecommendations(ctx, domain.ScopeTheme, []string{"equality-and-non-discrimination", "racial-discrimination"}, domain.RecommendationFilter{StateCodes: []string{"CRI"}})
		if err != nil || byScope["equality-and-non-discrimination"] != parent[""] || byScope["racial-discrimination"] != child[""] {
			t.Errorf("theme scope counts %v, %v", byScope, err)
		}
	})
	t.Run("scopes in one query", func(t *testing.T) {
		n, err := st.CountRecommendations(ctx, domain.ScopeReceivedBy, []string{"CRI", "MAR"}, domain.RecommendationFilter{})
		// MAR: the 148 distinct recommendations of its 2012 review in the demo's researcher file.
		if err != nil || n["CRI"] != 82 || n["MAR"] != 148 {
			t.Errorf("counts %v, %v", n, err)
		}
		made, err := st.CountRecommendations(ctx, domain.ScopeMadeBy, []string{"LBY"}, domain.RecommendationFilter{StateCodes: []string{"CRI"}})
		if err != nil || made["LBY"] != 1 {
			t.Errorf("made by LBY %v, %v", made, err)
		}
		for kind, key := range map[domain.ScopeKind]string{domain.ScopeMechanism: "upr", domain.ScopeDocument: "a-hrc-wg6-cri-2024-upr4"} {
			n, err := st.CountRecommendations(ctx, kind, []string{key}, domain.RecommendationFilter{StateCodes: []string{"CRI"}})
			if err != nil || n[key] != 82 {
				t.Errorf("%s %s: %v, %v", kind, key, n, err)
			}
		}
	})
}

func TestRecommendationPagesWalkBothWays(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	f := domain.RecommendationFilter{StateCodes: []string{"CRI"}}
	for _, order := range []domain.RecommendationOrder{byParagraph, {Field: "PARAGRAPH", Direction: "DESC"},
		{Field: "PUBLISHED_AT", Direction: "ASC"}, {Field: "PUBLISHED_AT", Direction: "DESC"}} {
		t.Run(string(order.Field)+" "+string(order.Direction), func(t *testing.T) {
			var forward []string
			var after *string
			for {
				pages, err := st.Recommendations(ctx, domain.ScopeAll, []string{""}, f, order, page(t, ptr(9), after, nil, nil))
				if err != nil {
					t.Fatal(err)
				}
				p := pages[""]
				for _, r := range p.Items {
					forward = append(forward, *r.Paragraph)
				}
				if !p.Info.HasNextPage {
					break
				}
				after = p.Info.EndCursor
			}
			var backward []string
			var before *string
			for {
				pages, err := st.Recommendations(ctx, domain.ScopeAll, []string{""}, f, order, page(t, nil, nil, ptr(9), before))
				if err != nil {
					t.Fatal(err)
				}
				p := pages[""]
				var got []string
				for _, r := range p.Items {
					got = append(got, *r.Paragraph)
				}
				backward = append(got, backward...)
				if !p.Info.HasPreviousPage {
					break
				}
				before = p.Info.StartCursor
			}
			if len(forward) != 82 || !slices.Equal(forward, backward) {
				t.Errorf("forward %v\nbackward %v", forward, backward)
			}
			if order == byParagraph && (forward[0] != "119.5" || forward[1] != "119.7") {
				t.Errorf("paragraph order starts %v; want natural order 119.5, 119.7…", forward[:3])
			}
		})
	}
	t.Run("a cursor of another order is refused", func(t *testing.T) {
		pages, err := st.Recommendations(ctx, domain.ScopeAll, []string{""}, f, byParagraph, page(t, ptr(2), nil, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.Recommendations(ctx, domain.ScopeAll, []string{""}, f, domain.DefaultRecommendationOrder, page(t, ptr(2), pages[""].Info.EndCursor, nil, nil))
		if e, ok := apperr.As(err); !ok || e.Code != apperr.BadUserInput || e.Field != "after" {
			t.Errorf("err = %v; want BAD_USER_INPUT on after", err)
		}
	})
	t.Run("many scopes, one page each", func(t *testing.T) {
		pages, err := st.Recommendations(ctx, domain.ScopeMadeBy, []string{"LBY", "CUB", "FRA", "XXX"}, domain.RecommendationFilter{StateCodes: []string{"CRI"}}, byParagraph, page(t, ptr(5), nil, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		if len(pages["LBY"].Items) != 1 || len(pages["XXX"].Items) != 0 || pages["XXX"].Info.HasNextPage {
			t.Errorf("pages %+v", pages)
		}
	})
}

func TestRecommendationLinksAndTaxonomies(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	key := domain.RecommendationKey("", "a-hrc-wg6-cri-2024-upr4", "119.10", "CRI", "")
	recs, err := st.RecommendationsByKeys(ctx, []string{key})
	if err != nil || recs[key] == nil {
		t.Fatalf("RecommendationsByKeys = %v, %v", recs, err)
	}
	r := recs[key]
	if r.Texts["ES"] == "" || r.Texts["EN"] == "" || *r.UprCycle != 4 || *r.MechanismKey != "upr" || *r.Year != 2024 {
		t.Errorf("recommendation %+v", r)
	}
	states, err := st.StatesAddressed(ctx, []string{key})
	if err != nil || len(states[key]) != 1 || states[key][0].Code != "CRI" {
		t.Errorf("StatesAddressed %v, %v", states, err)
	}
	rec, err := st.RecommendingStates(ctx, []string{key})
	if err != nil || len(rec[key]) != 1 || rec[key][0].Code != "LBY" {
		t.Errorf("RecommendingStates %v, %v", rec, err)
	}
	themes, err := st.ThemesOf(ctx, []string{key})
	if err != nil || len(themes[key]) == 0 {
		t.Errorf("ThemesOf %v, %v", themes, err)
	}
	if _, err := st.AffectedGroupsOf(ctx, []string{key}); err != nil {
		t.Error(err)
	}
	if _, err := st.SdgTargetsOf(ctx, []string{key}); err != nil {
		t.Error(err)
	}
	if r, err := st.RecommendationByUhriID(ctx, "00000000-0000-0000-0000-000000000000"); err != nil || r != nil {
		t.Errorf("RecommendationByUhriID = %v, %v", r, err)
	}

	mechs, err := st.Mechanisms(ctx, []domain.MechanismKind{"TREATY_BODY"})
	if err != nil || len(mechs) != 10 {
		t.Errorf("treaty bodies: %d, %v", len(mechs), err)
	}
	all, err := st.Mechanisms(ctx, nil)
	if err != nil || len(all) < 11 {
		t.Errorf("mechanisms: %d, %v", len(all), err)
	}
	crc, err := st.MechanismByCode(ctx, "CRC")
	if err != nil || crc == nil || crc.Names["FR"] == "" {
		t.Errorf("MechanismByCode(CRC) = %+v, %v", crc, err)
	}
	if m, err := st.MechanismsByKeys(ctx, []string{"upr"}); err != nil || m["upr"].Kind != "UPR" {
		t.Errorf("MechanismsByKeys = %v, %v", m, err)
	}
	if d, err := st.DocumentsByKeys(ctx, []string{"a-hrc-wg6-cri-2024-upr4"}); err != nil || *d["a-hrc-wg6-cri-2024-upr4"].Year != 2024 {
		t.Errorf("DocumentsByKeys = %v, %v", d, err)
	}
	roots, err := st.Themes(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	allThemes, err := st.Themes(ctx, false)
	// The reference taxonomy: UHRI's themes (an import may add its own, scheme "import",
	// in tests that run beside this one).
	uhri := 0
	for _, th := range allThemes {
		if th.Scheme == "UHRI" {
			uhri++
		}
	}
	if err != nil || uhri != 104 || len(roots) >= len(allThemes) {
		t.Errorf("UHRI themes %d of %d, roots %d, %v", uhri, len(allThemes), len(roots), err)
	}
	children, err := st.ThemeChildren(ctx, []string{"equality-and-non-discrimination"})
	if err != nil || len(children["equality-and-non-discrimination"]) == 0 {
		t.Errorf("ThemeChildren = %v, %v", children, err)
	}
	th, err := st.ThemesByKeys(ctx, []string{"racial-discrimination"})
	if err != nil || *th["racial-discrimination"].ParentKey != "equality-and-non-discrimination" {
		t.Errorf("ThemesByKeys = %v, %v", th, err)
	}
	groups, err := st.AffectedGroups(ctx)
	if err != nil || len(groups) != 35 {
		t.Errorf("groups %d, %v", len(groups), err)
	}
	if g, err := st.AffectedGroupsByKeys(ctx, []string{groups[0].Key}); err != nil || len(g) != 1 {
		t.Errorf("AffectedGroupsByKeys %v, %v", g, err)
	}
	goals, err := st.SdgGoals(ctx)
	if err != nil || len(goals) != 17 || goals[0].Code != "1" || goals[16].Code != "17" {
		t.Errorf("goals %v, %v", goals, err)
	}
	targets, err := st.SdgTargetsOfGoals(ctx, []string{"16"})
	if err != nil || len(targets["16"]) == 0 || targets["16"][0].Code != "16.1" {
		t.Errorf("targets of 16 %v, %v", targets, err)
	}
	if g, err := st.SdgGoalsByCodes(ctx, []string{"5"}); err != nil || g["5"] == nil {
		t.Errorf("SdgGoalsByCodes %v, %v", g, err)
	}
	if tg, err := st.SdgTargetsByCodes(ctx, []string{"16.2"}); err != nil || tg["16.2"].GoalCode != "16" {
		t.Errorf("SdgTargetsByCodes %v, %v", tg, err)
	}
}

func TestFacets(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	f := domain.RecommendationFilter{StateCodes: []string{"CRI"}}
	for facet, check := range map[store.Facet]func([]*domain.FacetCount) bool{
		store.FacetTotal:             func(c []*domain.FacetCount) bool { return c[0].Count == 82 },
		store.FacetTheme:             func(c []*domain.FacetCount) bool { return len(c) > 5 && c[0].Count >= c[1].Count && c[0].Label != nil },
		store.FacetMechanism:         func(c []*domain.FacetCount) bool { return len(c) == 1 && c[0].Key == "UPR" && c[0].Count == 82 },
		store.FacetPosition:          func(c []*domain.FacetCount) bool { return len(c) == 0 },
		store.FacetState:             func(c []*domain.FacetCount) bool { return len(c) == 1 && c[0].Key == "CRI" },
		store.FacetRecommendingState: func(c []*domain.FacetCount) bool { return len(c) == 62 },
		store.FacetYear:              func(c []*domain.FacetCount) bool { return len(c) == 1 && c[0].Key == "2024" && c[0].Count == 82 },
		store.FacetCycle:             func(c []*domain.FacetCount) bool { return len(c) == 1 && c[0].Key == "4" },
	} {
		got, err := st.RecommendationFacet(ctx, facet, f)
		if err != nil || !check(got) {
			var show []domain.FacetCount
			for _, c := range got {
				show = append(show, *c)
			}
			t.Errorf("facet %s = %+v, %v", facet, show, err)
		}
	}
}

func TestUpsertRecommendationsIsIdempotent(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	para, year := "1.1", 2020
	mech := &domain.Mechanism{Key: "crc", Code: "CRC", Kind: "TREATY_BODY"}
	rec := store.RecommendationRecord{
		Key: domain.RecommendationKey("", "", para, "ISL", "test upsert"), Texts: domain.Texts{"EN": "test upsert text"},
		Paragraph: &para, Type: "CONCERN_OBSERVATION", Year: &year, Mechanism: mech, StateCodes: []string{"ISL"},
		ThemeKeys: []string{"right-to-education"}, SdgCodes: []string{"4", "16.2"}, SourceKeys: []string{"ohchr-uhri-labels"},
	}
	first, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{rec})
	if err != nil {
		t.Fatal(err)
	}
	again, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{rec})
	if err != nil {
		t.Fatal(err)
	}
	rec.Texts["FR"] = "texte"
	rec.ThemeKeys = []string{"right-to-health"}
	changed, err := st.UpsertRecommendations(ctx, []store.RecommendationRecord{rec})
	if err != nil {
		t.Fatal(err)
	}
	if first.Created+first.Updated+first.Unchanged != 1 || again != (store.Outcome{Unchanged: 1}) || changed != (store.Outcome{Updated: 1}) {
		t.Errorf("outcomes %+v, %+v, %+v", first, again, changed)
	}
	themes, err := st.ThemesOf(ctx, []string{rec.Key})
	if err != nil || len(themes[rec.Key]) != 1 || themes[rec.Key][0].Key != "right-to-health" {
		t.Errorf("after the update, themes = %v, %v (stale links must go)", themes, err)
	}
	sdgs, err := st.CountRecommendations(ctx, domain.ScopeAll, []string{""}, domain.RecommendationFilter{SdgCodes: []string{"16"}, StateCodes: []string{"ISL"}})
	if err != nil || sdgs[""] != 1 {
		t.Errorf("goal filter through a target: %v, %v", sdgs, err)
	}
}
