package resolvers

import "github.com/nmirf-hub/hub/apperr"

// intIn reads an optional integer argument: def when absent, else a value from lo to hi.
func intIn(field string, v *int, def, lo, hi int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < lo || *v > hi {
		return 0, apperr.Invalid(field, "%s must be between %d and %d, got %d", field, lo, hi, *v)
	}
	return *v, nil
}
