package synth

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteIsValidDeterministicAndMarked(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, 500, 7); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, 500, 7); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("the same seed gave different output")
	}
	var recs []Record
	if err := json.Unmarshal(a.Bytes(), &recs); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	kinds := map[string]int{}
	ids := map[string]bool{}
	for _, r := range recs {
		if !r.Synthetic || !strings.Contains(r.Text, "[SYNTHETIC]") || len(r.Countries) != 1 || len(r.Themes) == 0 {
			t.Fatalf("bad record %+v", r)
		}
		if ids[r.AnnotationID] {
			t.Fatalf("duplicate id %s", r.AnnotationID)
		}
		ids[r.AnnotationID] = true
		switch {
		case r.UprCycle != nil:
			kinds["upr"]++
			if len(r.UprRecommendingCountry) == 0 || len(r.UprPositions) != 1 {
				t.Fatalf("UPR record without recommending State or position: %+v", r)
			}
		case strings.Contains(r.Symbol, "/CO/"):
			kinds["tb"]++
		default:
			kinds["sp"]++
		}
	}
	if kinds["upr"] < 150 || kinds["tb"] < 120 || kinds["sp"] < 20 {
		t.Errorf("mechanism mix %v", kinds)
	}
}
