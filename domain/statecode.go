package domain

import (
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
)

// NormalizeStateCode is how every input path reads a State code: trimmed and upper-cased,
// so that " mar" and "MAR" name the same State.
func NormalizeStateCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// IsStateCode tells whether s has the form of an ISO 3166-1 alpha-3 code: three letters A–Z.
func IsStateCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// ParseStateCode normalises a State code and checks its form; the error is BAD_USER_INPUT
// naming field.
func ParseStateCode(field, s string) (string, error) {
	code := NormalizeStateCode(s)
	if !IsStateCode(code) {
		return "", apperr.Invalid(field, "%q is not an ISO 3166-1 alpha-3 code", s)
	}
	return code, nil
}

// ParseStateCodes parses a list of State codes; field is the list's name ("filter.stateCodes").
func ParseStateCodes(field string, in []string) ([]string, error) {
	out := make([]string, len(in))
	for i, s := range in {
		code, err := ParseStateCode(fmt.Sprintf("%s[%d]", field, i), s)
		if err != nil {
			return nil, err
		}
		out[i] = code
	}
	return out, nil
}
