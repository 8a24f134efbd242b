package demo

import (
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/store"
)

func TestDatasetParsesAndCrossChecks(t *testing.T) {
	seed, err := Dataset()
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][2]int{
		"states":          {len(seed.States), 195},
		"recommendations": {len(seed.Recommendations), 82},
		"themes":          {len(seed.Themes), 104},
		"affected groups": {len(seed.AffectedGroups), 35},
		"sdg goals":       {len(seed.SdgGoals), 17},
		"nmirfs":          {len(seed.NMIRFs), 5},
		"practices":       {len(seed.Practices), 7},
		"memberships":     {len(seed.Memberships), 3},
	} {
		if got[0] != got[1] {
			t.Errorf("%s: %d, want %d", name, got[0], got[1])
		}
	}
	if len(seed.Mechanisms) < 11 {
		t.Errorf("only %d mechanisms", len(seed.Mechanisms))
	}
	for _, r := range seed.Recommendations {
		if len(r.RecommendingStateCodes) == 0 || r.Texts["EN"] == "" || r.Texts["ES"] == "" || r.Paragraph == nil {
			t.Errorf("incomplete recommendation %+v", r)
		}
		if strings.HasPrefix(r.Texts["EN"], *r.Paragraph) {
			t.Errorf("%s: text keeps its paragraph number", *r.Paragraph)
		}
	}
}

func TestCheckRefusesBrokenReferences(t *testing.T) {
	for name, breakIt := range map[string]func(*store.Seed){
		"unknown state":  func(s *store.Seed) { s.Recommendations[0].RecommendingStateCodes = []string{"XXX"} },
		"unknown theme":  func(s *store.Seed) { s.Recommendations[0].ThemeKeys = []string{"no-such-theme"} },
		"unknown source": func(s *store.Seed) { s.NMIRFs[0].SourceKeys = []string{"nowhere"} },
		"no source":      func(s *store.Seed) { s.Events[0].SourceKeys = nil },
		"duplicate key":  func(s *store.Seed) { s.Recommendations[1].Key = s.Recommendations[0].Key },
		"unknown host":   func(s *store.Seed) { x := "ZZZ"; s.Events[0].Item.HostStateCode = &x },
		"unknown sdg":    func(s *store.Seed) { s.Recommendations[0].SdgCodes = []string{"99.9"} },
		"unknown nmirf":  func(s *store.Seed) { s.Memberships[0].NMIRFKey = "nope" },
		"unknown parent": func(s *store.Seed) { p := "nope"; s.Themes[0].ParentKey = &p },
	} {
		t.Run(name, func(t *testing.T) {
			seed, err := Dataset()
			if err != nil {
				t.Fatal(err)
			}
			breakIt(&seed)
			if err := check(seed); err == nil {
				t.Error("check accepted a broken dataset")
			}
		})
	}
}
