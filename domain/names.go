package domain

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// StateName returns a State's name in lang and the language served. English is the UN M49
// short name stored with the State; other languages come from the CLDR data in
// golang.org/x/text (the names browsers and operating systems use), with English as the
// fallback when CLDR has none.
func StateName(s *State, lang Language) (string, Language) {
	if lang == "" || lang == "EN" {
		return s.Name, "EN"
	}
	tag, err := language.Parse(lang.Code())
	if err != nil {
		return s.Name, "EN"
	}
	region, err := language.ParseRegion(s.Alpha2)
	if err != nil {
		return s.Name, "EN"
	}
	if n := display.Regions(tag).Name(region); n != "" {
		return n, lang
	}
	return s.Name, "EN"
}
