package synth

import (
	"reflect"
	"testing"
)

func TestPracticesMakeNMIRFsWhereMissingAndAddressTheirStatesRecommendations(t *testing.T) {
	pools := []StatePool{
		{Code: "MAR", NMIRFKey: "mar-didh", Recommendations: []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7"}},
		{Code: "PRY", Recommendations: []string{"p1", "p2", "p3", "p4", "p5"}},
		{Code: "XYZ"}, // no recommendations: an NMIRF, no practice
	}
	seed := Practices(pools, []string{"t1", "t2", "t3"}, 3, 7)
	if len(seed.NMIRFs) != 2 || seed.NMIRFs[0].Item.StateCode != "PRY" || seed.NMIRFs[1].Item.StateCode != "XYZ" {
		t.Fatalf("NMIRFs made for %+v", seed.NMIRFs)
	}
	if len(seed.Practices) != 6 {
		t.Fatalf("%d practices, want 3 for each State with recommendations", len(seed.Practices))
	}
	own := map[string]map[string]bool{"MAR": {}, "PRY": {}}
	for _, p := range pools[:2] {
		for _, r := range p.Recommendations {
			own[p.Code][r] = true
		}
	}
	for _, p := range seed.Practices {
		if p.Practice.Status != "PUBLISHED" || *p.Practice.NMIRFKey == "" || len(p.ThemeKeys) == 0 || len(p.RecommendationKeys) == 0 {
			t.Fatalf("incomplete practice %+v", p)
		}
		for _, r := range p.RecommendationKeys {
			if !own[p.Practice.StateCode][r] {
				t.Fatalf("practice of %s addresses %s, not one of its State's", p.Practice.StateCode, r)
			}
		}
	}
	if !reflect.DeepEqual(seed, Practices(pools, []string{"t1", "t2", "t3"}, 3, 7)) {
		t.Fatal("the same seed gives different practices")
	}
}
