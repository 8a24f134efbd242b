package domain

import (
	"testing"
	"time"

	"github.com/nmirf-hub/hub/apperr"
)

// The one check of a node an input names, in each of its answers.
func TestRefChecks(t *testing.T) {
	nmirf := GlobalID(KindNMIRF, "isl-x")
	resolved := func(id string, want Kind, node *Referent) Ref {
		r := NewRef(id)
		r.ParseRef(want)
		if r.Kind == want {
			r.Node = node
		}
		return r
	}
	for _, tc := range []struct {
		name     string
		ref      Ref
		want     Kind
		code     apperr.Code // "" for none
		message  string
		archived bool // Active only
	}{
		{"not an ID", resolved("x", KindNMIRF, nil), KindNMIRF, apperr.BadUserInput, `"x" is not the ID of an NMIRF`, false},
		{"another kind", resolved(GlobalID(KindTheme, "t"), KindCuratedCluster, nil), KindCuratedCluster, apperr.BadUserInput, `"` + GlobalID(KindTheme, "t") + `" is not the ID of a curated cluster`, false},
		{"unknown", resolved(nmirf, KindNMIRF, nil), KindNMIRF, apperr.NotFound, "no such NMIRF", false},
		{"archived", resolved(nmirf, KindNMIRF, &Referent{Key: "isl-x", Archived: true}), KindNMIRF, apperr.BadUserInput, "the NMIRF is archived", true},
		{"active", resolved(nmirf, KindNMIRF, &Referent{Key: "isl-x"}), KindNMIRF, "", "", false},
		{"State code, malformed", resolved("I5L", KindState, nil), KindState, apperr.BadUserInput, `"I5L" is not an ISO 3166-1 alpha-3 code`, false},
		{"State code, unknown", resolved(" atl", KindState, nil), KindState, apperr.BadUserInput, `"ATL" is not a known State`, false},
	} {
		e := tc.ref.Active("input.x", tc.want)
		if tc.code == "" && e != nil || tc.code != "" && (e == nil || e.Code != tc.code || e.Field != "input.x" || e.Message != tc.message) {
			t.Errorf("%s: %+v; want %s %q on input.x", tc.name, e, tc.code, tc.message)
		}
		if e := tc.ref.Exists("input.x", tc.want); (e != nil) != (tc.code != "" && !tc.archived) {
			t.Errorf("%s: Exists = %+v", tc.name, e)
		}
	}
}

// Validate trims texts, keeps "" (clear) for optional ones, and fills defaults.
func TestValidateCleansTheInput(t *testing.T) {
	name, acronym, site := "  Committee ", " ", " https://example.is "
	d := NMIRFDraft{State: Ref{ID: "isl", Kind: KindState, Key: "ISL", Node: &Referent{Key: "ISL"}},
		NMIRFFields: NMIRFFields{Name: &name, Acronym: &acronym, NMIRFDetails: NMIRFDetails{Website: &site}}}
	if err := d.Validate(); err != nil || *d.Name != "Committee" || *d.Acronym != "" || *d.Website != "https://example.is" {
		t.Errorf("%v: %q %q %q", err, *d.Name, *d.Acronym, *d.Website)
	}
	p := PracticeDraft{Title: "t", Summary: "s", State: d.State, PracticeDetails: PracticeDetails{Capacities: []Capacity{"ENGAGEMENT"}}}
	if err := p.Validate(); err != nil || p.Lang != "EN" || p.Status != "DRAFT" || p.Tools == nil || p.Stakeholders == nil {
		t.Errorf("%v: %+v", err, p)
	}
}

// A filter is read one way wherever it comes from: codes normalised, every check naming the field.
func TestRecommendationFilterValidate(t *testing.T) {
	f := RecommendationFilter{StateCodes: []string{" cri"}, ThemeKeys: []string{"right-to-education"}}
	if err := f.Validate(); err != nil || f.StateCodes[0] != "CRI" {
		t.Errorf("%v %v", f.StateCodes, err)
	}
	for field, bad := range map[string]RecommendationFilter{
		"filter.stateCodes[1]":             {StateCodes: []string{"CRI", "C4I"}},
		"filter.themeKeys[0]":              {ThemeKeys: []string{"Right to education"}},
		"filter.uprCycles[0]":              {UprCycles: []int{9}},
		"filter.sdgCodes":                  {SdgCodes: make([]string, MaxFilterValues+1)},
		"filter.publishedTo":               {PublishedFrom: &Date{Time: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, PublishedTo: &Date{Time: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}},
		"filter.recommendingStateCodes[0]": {RecommendingStateCodes: []string{"x"}},
	} {
		e, ok := apperr.As(bad.Validate())
		if !ok || e.Code != apperr.BadUserInput || e.Field != field {
			t.Errorf("%s: %+v", field, e)
		}
	}
}
