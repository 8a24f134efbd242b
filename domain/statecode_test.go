package domain

import "testing"

func TestParseStateCode(t *testing.T) {
	for in, want := range map[string]string{"MAR": "MAR", " mar ": "MAR", "pRy": "PRY"} {
		if got, err := ParseStateCode("f", in); err != nil || got != want {
			t.Errorf("ParseStateCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MA", "MARO", "M4R", "MA-", "ÉTA"} {
		if _, err := ParseStateCode("filter.stateCodes[0]", bad); err == nil {
			t.Errorf("ParseStateCode(%q) accepted", bad)
		}
	}
	if _, err := ParseStateCodes("filter.stateCodes", []string{"MAR", "XX"}); err == nil || err.Error() == "" {
		t.Error("a bad code in a list was accepted")
	}
}
