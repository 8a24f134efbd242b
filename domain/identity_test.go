package domain

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

func TestNormalizeRecommendationText(t *testing.T) {
	same := [][]string{
		{"104.1  Sign and ratify the ICRMW (Egypt);", "104.1 Sign and ratify the ICRMW (Egypt)", "104.1.1 sign and ratify the ICRMW (Egypt).", "Sign and ratify the ICRMW (Egypt);"},
		{"96.37 Prepare a system (Czech Republic).  );", "96.37 Prepare a system (Czech Republic)."},
		{"Protect the country’s “national” heritage &amp; culture", "Protect the country's \"national\" heritage & culture"},
		{"119.10) Ratify OP-CAT – now", "Ratify OP-CAT - now"},
	}
	for _, group := range same {
		want := NormalizeRecommendationText(group[0])
		for _, s := range group[1:] {
			if got := NormalizeRecommendationText(s); got != want {
				t.Errorf("%q → %q, want %q (as %q)", s, got, want, group[0])
			}
		}
	}
	// Recommending States in the brackets keep two recommendations apart.
	if NormalizeRecommendationText("Ratify OP-CAT (France);") == NormalizeRecommendationText("Ratify OP-CAT (Spain);") {
		t.Error("different recommending States normalised alike")
	}
	// A number that is not a paragraph number stays.
	if got := NormalizeRecommendationText("2030 Agenda: implement it"); !strings.HasPrefix(got, "2030") {
		t.Errorf("%q", got)
	}
}

func TestRecommendationAliases(t *testing.T) {
	c1, c2, y := 1, 2, 2010
	a := RecommendationAliases("ABC-1", "a-hrc-14-15", "96.1.", []string{"SVN"}, &c1, &y, "96.1 Ratify OP-CAT (France);")
	if len(a) != 3 || a[0] != "uhri:abc-1" || a[1] != "doc:a-hrc-14-15#96.1" || !strings.HasPrefix(a[2], "text:SVN|c1|") {
		t.Fatalf("aliases %q", a)
	}
	// A researcher's row of the same recommendation: only the text alias, and it is the same.
	b := RecommendationAliases("", "", "", []string{"SVN"}, &c1, nil, "96.1  Ratify OP-CAT (France)")
	if len(b) != 1 || b[0] != a[2] {
		t.Errorf("researcher row %q, want %q", b, a[2])
	}
	// The same words in a later cycle are another recommendation.
	if c := RecommendationAliases("", "", "", []string{"SVN"}, &c2, nil, "96.1 Ratify OP-CAT (France)"); c[0] == a[2] {
		t.Error("cycles 1 and 2 share a text alias")
	}
	// States are a set.
	d1 := RecommendationAliases("", "", "", []string{"PER", "CHL"}, nil, &y, "x")
	d2 := RecommendationAliases("", "", "", []string{"CHL", "PER"}, nil, &y, "x")
	if d1[0] != d2[0] || !strings.HasPrefix(d1[0], "text:CHL,PER|y2010|") {
		t.Errorf("%q %q", d1, d2)
	}
	if len(RecommendationAliases("", "", "", nil, nil, nil, "x")) != 0 {
		t.Error("no State: no text alias")
	}
}

// foldSpaces is strings.Map, strings.Fields and strings.Join in one pass: the same string
// for every input, spaces of every kind, typographic punctuation and bytes that are not
// UTF-8 included.
func TestFoldSpacesIsMapFieldsJoin(t *testing.T) {
	pieces := []string{"Ratify", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u0085", "\u2028", "OP-CAT",
		"“quoted”", "‘it’s’", "–", "—", "É", "İ", "ß", "Σ", "ملاحظة", "中文", "😀", "\xff", "\xc3", "\xe2\x80", "96.1", ""}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		want := strings.Join(strings.Fields(strings.Map(func(r rune) rune { return unicode.ToLower(PlainPunctuation(r)) }, s)), " ")
		if got := foldSpaces(s); got != want {
			t.Fatalf("case %d, %q: %q, want %q", i, s, got, want)
		}
	}
}
