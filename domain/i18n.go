package domain

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Language is a UN language (plus Portuguese, a language of the network).
type Language string

// Languages lists the valid values in fallback order after the requested language: English,
// French and Spanish first (the UN's working languages, in which most documents exist).
var Languages = []Language{"EN", "FR", "ES", "AR", "ZH", "RU", "PT"}

func (e Language) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *Language) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, Languages) }

// ByFallbackOrder orders languages as Languages lists them (for slices.SortFunc).
func ByFallbackOrder(a, b Language) int {
	return slices.Index(Languages, a) - slices.Index(Languages, b)
}

// Code is the lowercase ISO 639-1 code, used in property names (text_es).
func (e Language) Code() string { return strings.ToLower(string(e)) }

// Texts holds a text in several languages, keyed by language.
type Texts map[Language]string

// Pick returns the text in lang, else in the first language of the fallback order that has
// one, and the language it returned. lang "" means English.
func (t Texts) Pick(lang Language) (string, Language, bool) {
	if lang == "" {
		lang = "EN"
	}
	if s, ok := t[lang]; ok && s != "" {
		return s, lang, true
	}
	for _, l := range Languages {
		if s, ok := t[l]; ok && s != "" {
			return s, l, true
		}
	}
	return "", "", false
}

// In is the text in lang (English when nil) or, failing that, in the first language of the
// fallback order that has one, with the language served; "" and nil when there is none.
// GraphQL's text fields (a practice's title, a recommendation's text) are these.
func (t Texts) In(lang *Language) (string, *Language) {
	var want Language
	if lang != nil {
		want = *lang
	}
	s, served, ok := t.Pick(want)
	if !ok {
		return "", nil
	}
	return s, &served
}

// Available lists the languages present, in the order of Languages.
func (t Texts) Available() []Language {
	var out []Language
	for _, l := range Languages {
		if t[l] != "" {
			out = append(out, l)
		}
	}
	return out
}

// ParseTexts reads texts keyed by language code in either case ({"en": …, "ES": …}), as data
// files and the hub's JSON write them. An unknown code is an error naming it, and so is a
// missing text in need, unless need is "".
func ParseTexts(byCode map[string]string, need Language) (Texts, error) {
	out := make(Texts, len(byCode))
	for code, s := range byCode {
		l := Language(strings.ToUpper(code))
		if !Valid(l, Languages) {
			return nil, fmt.Errorf("unknown language %q", code)
		}
		out[l] = s
	}
	if need != "" && out[need] == "" {
		return nil, fmt.Errorf("no text in %s", need)
	}
	return out, nil
}
