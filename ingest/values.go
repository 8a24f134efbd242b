package ingest

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nmirf-hub/hub/domain"
)

// Dates and years outside this range are taken for errors (an Excel serial read as a year,
// a year read as a serial, a typo).
const minYear, maxYear = 1945, 2100

// unescape decodes HTML entities (&amp; &#39; &nbsp;), twice at most: some exports escape
// their entities again (&amp;amp;).
func unescape(s string) string {
	for range 2 {
		if strings.IndexByte(s, '&') < 0 {
			return s
		}
		u := html.UnescapeString(s)
		if u == s {
			return s
		}
		s = u
	}
	return s
}

// cleanText is what a recommendation text gets: entities decoded and surrounding space
// trimmed; nothing else changes (paragraph numbers stay in the text).
func cleanText(s string) string { return strings.TrimSpace(unescape(strings.ToValidUTF8(s, "\uFFFD"))) }

// cleanLabel is what labels, names and codes get: entities decoded, the "- " that UHRI puts
// before single values removed, spaces collapsed.
func cleanLabel(s string) string {
	s = strings.TrimSpace(unescape(strings.ToValidUTF8(s, "\uFFFD")))
	for {
		rest, ok := strings.CutPrefix(s, "-")
		if !ok || rest == "" || !unicode.IsSpace(rune(rest[0])) {
			break
		}
		s = strings.TrimSpace(rest)
	}
	if isMissing(s) {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

// missingValues are what files write for "no value": never a code or a name ("NA" is not
// Namibia).
var missingValues = map[string]bool{"na": true, "n/a": true, "n.a.": true, "none": true, "null": true, "nil": true,
	"-": true, "--": true, "\u2014": true, "\u2013": true, "?": true, "nan": true, "#n/a": true, "unknown": true}

func isMissing(s string) bool { return missingValues[strings.ToLower(strings.TrimSpace(s))] }

// splitValues splits cell values on newlines (UHRI's XLSX separator) and on any of seps, and
// cleans each part; empty parts are dropped.
func splitValues(vals []string, seps string) []string {
	var out []string
	for _, v := range vals {
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' || strings.ContainsRune(seps, r) })
		for _, p := range parts {
			if c := cleanLabel(p); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// slug is the hub's key form of a label or a document symbol: lowercase letters and digits,
// "&" read as "and", every other run of characters a single "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ReplaceAll(s, "&", " and ") {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r >= 128 && unicode.IsLetter(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			dash = true
		}
	}
	return b.String()
}

// sdgCode reads the code at the start of an SDG label: "16.2 - Protect …" → "16.2",
// "16 - PEACE, …" → "16", "SDG 5" → "5", "1.a" → "1.a".
func sdgCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"sdg", "goal", "target"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimLeft(s[len(p):], " :#")
			break
		}
	}
	i := 0
	for i < len(s) && i < 3 && isDigit(s[i]) {
		i++
	}
	if i == 0 || i > 2 || s[0] == '0' {
		return "", false
	}
	goal, _ := strconv.Atoi(s[:i])
	if goal < 1 || goal > 17 {
		return "", false
	}
	code := s[:i]
	if i+1 < len(s) && s[i] == '.' {
		j := i + 1
		switch {
		case isDigit(s[j]):
			for j < len(s) && j-i <= 3 && isDigit(s[j]) {
				j++
			}
			if j-i-1 > 2 || s[i+1] == '0' {
				return "", false
			}
		case s[j] >= 'a' && s[j] <= 'z':
			j++
		default:
			return "", false
		}
		code, i = s[:j], j
	}
	if i < len(s) && (isDigit(s[i]) || unicode.IsLetter(rune(s[i])) || s[i] == '.' && i+1 < len(s) && isDigit(s[i+1])) {
		return "", false
	}
	return code, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ExcelDate converts an Excel serial date or date-time ("45345", "45719.4539") to a date
// (the fraction is the time of day and is dropped). Serial 1 is 1900-01-01 for every date
// after February 1900, the only ones it is used for here.
func ExcelDate(s string) (domain.Date, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 1 || v >= 2958466 {
		return domain.Date{}, fmt.Errorf("%q is not an Excel serial date", s)
	}
	d := domain.Date{Time: excelEpoch.AddDate(0, 0, int(math.Floor(v)))}
	return d, checkYear(d.Year(), s)
}

// ParseDate reads a date written as an ISO date or date-time ("2025-02-12",
// "2025-03-03T10:53:45.827", "2024-02-23T00:00:00Z") or as an Excel serial.
func ParseDate(s string) (domain.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return domain.Date{}, fmt.Errorf("empty date")
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return ExcelDate(s)
	}
	bad := fmt.Errorf("%q is not a date (want YYYY-MM-DD, an ISO date-time or an Excel serial)", s)
	if len(s) < 10 {
		return domain.Date{}, bad
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return domain.Date{}, bad
	}
	if rest := s[10:]; rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return domain.Date{}, bad
		}
		ok := false
		for _, layout := range []string{"15:04:05Z07:00", "15:04:05", "15:04Z07:00", "15:04"} {
			if _, err := time.Parse(layout, rest[1:]); err == nil {
				ok = true
				break
			}
		}
		if !ok {
			return domain.Date{}, bad
		}
	}
	d := domain.Date{Time: t}
	return d, checkYear(d.Year(), s)
}

func checkYear(y int, s string) error {
	if y < minYear || y > maxYear {
		return fmt.Errorf("%q is out of range (year %d, want %d–%d)", s, y, minYear, maxYear)
	}
	return nil
}

// parseYear reads a year ("2024", or "2024.0" as spreadsheets write numbers).
func parseYear(s string) (int, error) {
	s = strings.TrimSpace(s)
	y, err := strconv.Atoi(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
			return 0, fmt.Errorf("%q is not a year", s)
		}
		y = int(f)
	}
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("%q is not a year between %d and %d", s, minYear, maxYear)
	}
	return y, nil
}

// parseNumber reads the first whole number in s ("41", "41st session", "4.0") in [lo, hi].
func parseNumber(s string, lo, hi int) (int, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	j := i
	for j < len(s) && isDigit(s[j]) && j-i < 6 {
		j++
	}
	if j < len(s) && isDigit(s[j]) {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	if rest := s[j:]; strings.HasPrefix(rest, ".") && strings.Trim(rest[1:], "0") != "" && isDigit(rest[1]) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	v, _ := strconv.Atoi(s[i:j])
	if v < lo || v > hi {
		return 0, fmt.Errorf("%q is out of range (%d–%d)", s, lo, hi)
	}
	return v, nil
}

// leadingParagraph returns the paragraph number a text starts with: "136.1 Continue…" →
// "136.1", "4.The Committee…" → "4", "119.10. Ratify…" → "119.10". Numbers of more than three
// digits ("2030 Agenda…") are not paragraph numbers.
func leadingParagraph(text string) (string, bool) {
	s := strings.TrimLeft(text, " \t\r\n\u00a0")
	i := 0
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || j-i > 3 {
			return "", false
		}
		i = j
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	if i == len(s) {
		return "", false // a number alone is not a paragraph of text
	}
	if s[i] == '.' && i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z' {
		return "", false // "1.a …": a lettered sub-paragraph, not a number
	}
	switch c := s[i]; {
	case c == '.' || c == ')' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
		return s[:i], true
	case strings.HasPrefix(s[i:], "\u00a0"):
		return s[:i], true
	}
	return "", false
}

// trailingGroups returns what each bracket at the end of a text holds, last first:
// "… (Maldives) (Portugal);" → ["Portugal", "Maldives"].
func trailingGroups(text string) []string {
	var out []string
	for range 8 {
		t := strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(";.,:", r) })
		open := bracketStart(t)
		if open < 0 {
			break
		}
		out = append(out, strings.TrimSpace(t[open+1:len(t)-1]))
		text = t[:open]
	}
	return out
}

// bracketStart returns where the bracket that closes t opens, or -1.
func bracketStart(t string) int {
	if !strings.HasSuffix(t, ")") {
		return -1
	}
	depth := 0
	for i := len(t) - 1; i >= 0; i-- {
		switch t[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// maxPhraseWords bounds the work spent on a bracket that is not a list of States.
const maxPhraseWords = 40

// statesInPhrase reads a list of State names such as "Chile and Peru", "Chile, Peru and
// Trinidad and Tobago" or "Iran (Islamic Republic of)": comma-separated parts, each read
// with the longest names first so that "Trinidad and Tobago" stays whole. Every word must
// belong to a name, else the phrase is not a list of States.
func (n *Normalizer) statesInPhrase(phrase string) ([]string, bool) {
	var codes []string
	depth, start := 0, 0
	var parts []string
	for i := 0; i < len(phrase); i++ {
		switch phrase[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',', ';':
			if depth == 0 {
				parts = append(parts, phrase[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, phrase[start:])
	total := 0
	for _, p := range parts {
		w := strings.Fields(p)
		total += len(w)
		if total > maxPhraseWords {
			return nil, false
		}
		for i := 0; i < len(w); {
			if strings.EqualFold(w[i], "and") || w[i] == "&" {
				i++
				continue
			}
			found := false
			for j := len(w); j > i; j-- {
				if c, ok := n.stateCode(strings.Join(w[i:j], " "), false); ok {
					codes, i, found = appendUnique(codes, c), j, true
					break
				}
			}
			if !found {
				return nil, false
			}
		}
	}
	return codes, len(codes) > 0
}

func appendUnique(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// DocumentKey is the hub key of a document symbol: "CRC/C/PER/CO/6-7" → "crc-c-per-co-6-7".
func DocumentKey(symbol string) string { return slug(symbol) }
