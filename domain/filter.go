package domain

import (
	"fmt"

	"github.com/nmirf-hub/hub/apperr"
)

// The one reading of list filters, for GraphQL arguments and `hub export` alike. Errors are
// BAD_USER_INPUT naming the field as GraphQL spells it (filter.stateCodes[2]); the CLI
// names its flags instead.

// MaxFilterValues bounds each list in a filter, so one request cannot send a huge IN list.
const MaxFilterValues = 100

func capList(field string, n int) error {
	if n > MaxFilterValues {
		return apperr.Invalid(field, "at most %d values, got %d", MaxFilterValues, n)
	}
	return nil
}

// ParseIDs turns a filter's list of global IDs of kind want into keys; field names the list
// (filter.themeIds), its errors the element (filter.themeIds[2]).
func ParseIDs(field string, want Kind, ids []string) ([]string, error) {
	if err := capList(field, len(ids)); err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		path := fmt.Sprintf("%s[%d]", field, i)
		kind, key, err := ParseGlobalID(path, id)
		if err != nil {
			return nil, err
		}
		if kind != want {
			return nil, apperr.Invalid(path, "%q is the ID of a %s, not a %s", id, kind, want)
		}
		out[i] = key
	}
	return out, nil
}

// Validate checks a recommendation filter and normalises its State codes: at most
// MaxFilterValues values per list, theme and group keys that are keys, UPR cycles 1 to 4,
// publishedTo not before publishedFrom, at most 500 characters of text.
func (f *RecommendationFilter) Validate() error {
	for _, l := range []struct {
		name string
		n    int
	}{{"stateCodes", len(f.StateCodes)}, {"recommendingStateCodes", len(f.RecommendingStateCodes)}, {"mechanismCodes", len(f.MechanismCodes)},
		{"themeKeys", len(f.ThemeKeys)}, {"affectedGroupKeys", len(f.AffectedGroupKeys)}, {"sdgCodes", len(f.SdgCodes)}, {"uprCycles", len(f.UprCycles)}} {
		if err := capList("filter."+l.name, l.n); err != nil {
			return err
		}
	}
	var err error
	if f.StateCodes, err = ParseStateCodes("filter.stateCodes", f.StateCodes); err != nil {
		return err
	}
	if f.RecommendingStateCodes, err = ParseStateCodes("filter.recommendingStateCodes", f.RecommendingStateCodes); err != nil {
		return err
	}
	// Keys are slugs (see Theme.key): anything else cannot name a theme or group.
	for _, l := range []struct {
		field string
		keys  []string
	}{{"themeKeys", f.ThemeKeys}, {"affectedGroupKeys", f.AffectedGroupKeys}} {
		for i, k := range l.keys {
			if !ValidKey(k) {
				return apperr.Invalid(fmt.Sprintf("filter.%s[%d]", l.field, i), "%q is not a key (lowercase letters, digits and hyphens)", k)
			}
		}
	}
	for i, c := range f.UprCycles {
		if _, ok := UprCycles[c]; !ok {
			return apperr.Invalid(fmt.Sprintf("filter.uprCycles[%d]", i), "UPR cycles are 1 to 4, got %d", c)
		}
	}
	if f.PublishedFrom != nil && f.PublishedTo != nil && f.PublishedTo.Before(f.PublishedFrom.Time) {
		return apperr.Invalid("filter.publishedTo", "publishedTo is before publishedFrom")
	}
	if f.TextContains != nil && len(*f.TextContains) > 500 {
		return apperr.Invalid("filter.textContains", "at most 500 characters")
	}
	return nil
}

// Validate checks a good-practice filter and normalises its State codes.
func (f *GoodPracticeFilter) Validate() error {
	if err := capList("filter.stateCodes", len(f.StateCodes)); err != nil {
		return err
	}
	var err error
	f.StateCodes, err = ParseStateCodes("filter.stateCodes", f.StateCodes)
	return err
}
