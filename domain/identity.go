package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// One record per recommendation, across sources. The same UPR recommendation reaches the hub
// from a UHRI export (AnnotationId), from OHCHR's thematic list of the review (the Working
// Group report's symbol and the paragraph) and from researchers' CSV files (the State, the
// year and the text only). Each source knows some of these keys; RecommendationAliases lists
// the ones a record has, and a record that shares any alias with a stored one is that
// recommendation. The aliases, strongest first:
//
//	uhri:<annotation id>                      UHRI's own identifier
//	doc:<document key>#<paragraph>            the report and the paragraph in it
//	text:<States>|<cycle or year>|<hash>      the States under review, the UPR cycle (else the
//	                                          year) and the normalised text (NormalizeRecommendationText)
//
// The text alias keeps the recommending States written in the text ("… (Chile and Peru);"), so
// two paragraphs of one report that ask the same thing of one State on behalf of different
// States stay two records, while the rows of a researcher file that repeat one paragraph once
// per recommending State meet. The cycle (or year) keeps the same words recommended again in a
// later review a record of its own.
func RecommendationAliases(uhriID, documentKey, paragraph string, stateCodes []string, uprCycle, year *int, text string) []string {
	var out []string
	if uhriID != "" {
		out = append(out, "uhri:"+strings.ToLower(strings.TrimSpace(uhriID)))
	}
	if p := strings.TrimSuffix(strings.TrimSpace(paragraph), "."); documentKey != "" && p != "" {
		out = append(out, "doc:"+documentKey+"#"+p)
	}
	if norm := NormalizeRecommendationText(text); norm != "" && len(stateCodes) > 0 {
		states := slices.Clone(stateCodes)
		slices.Sort(states)
		when := ""
		switch {
		case uprCycle != nil:
			when = "c" + strconv.Itoa(*uprCycle)
		case year != nil:
			when = "y" + strconv.Itoa(*year)
		}
		sum := sha256.Sum256([]byte(norm))
		out = append(out, "text:"+strings.Join(states, ",")+"|"+when+"|"+hex.EncodeToString(sum[:12]))
	}
	return out
}

// NormalizeRecommendationText is the form texts are compared in across sources: HTML
// entities decoded, case folded, curly quotes and dashes straightened, the leading paragraph
// number ("104.1", "104.1.1.", "119.10)") dropped, every run of spaces one space, and the
// closing punctuation of a list item (";", ".", stray ")" left by scrapers) dropped. Words,
// their order and the recommending States in brackets are kept.
func NormalizeRecommendationText(text string) string {
	s := foldSpaces(html.UnescapeString(text))
	// The leading paragraph number: parts of one to three digits joined by dots ("104.1.1."),
	// then a space or ")". "2030 Agenda" is no paragraph number.
	i, run := 0, 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') && run <= 3 {
		if s[i] == '.' {
			run = 0
		} else {
			run++
		}
		i++
	}
	if i > 0 && run <= 3 && s[0] >= '0' && s[0] <= '9' && i < len(s) && (s[i] == ' ' || s[i] == ')') {
		s = strings.TrimLeft(s[i:], " )")
	}
	return strings.TrimRightFunc(s, func(r rune) bool { return r == ' ' || strings.ContainsRune(";.,:)", r) })
}

// foldSpaces is s with its runes as PlainPunctuation then unicode.ToLower give them, and
// every run of white space (unicode.IsSpace, after the mapping) one space, none at either
// end: strings.Map, strings.Fields and strings.Join in one pass (they were a tenth of an
// initial load's merge). Bytes that are not UTF-8 become U+FFFD, as strings.Map makes them.
func foldSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = unicode.ToLower(PlainPunctuation(r))
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PlainPunctuation is the plain form of a typographic character, for comparing texts and
// names however they were typed: curly quotes and apostrophes straight, dashes '-', a
// no-break space a space; other runes are themselves.
func PlainPunctuation(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u02bc', '`', '\u00b4':
		return '\''
	case '\u201c', '\u201d', '\u00ab', '\u00bb':
		return '"'
	case '\u2013', '\u2014', '\u2212':
		return '-'
	case '\u00a0':
		return ' '
	}
	return r
}

// ValidKey tells whether s has the form of a key of the reference data (themes, groups):
// 1 to 200 lowercase ASCII letters, digits and single hyphens, e.g. "right-to-education".
func ValidKey(s string) bool {
	if s == "" || len(s) > 200 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
