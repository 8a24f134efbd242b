package refdata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/nmirf-hub/hub/domain"
)

// States returns the 193 UN member States and the 2 observer States, in the file's order
// (by English name), from un-member-states.csv.
func States() ([]domain.State, error) {
	raw, err := files.ReadFile("un-member-states.csv")
	if err != nil {
		return nil, err
	}
	states, err := parseStates(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("refdata/un-member-states.csv: %w", err)
	}
	return states, nil
}

// parseStates reads iso3,iso2,name_en,un_member,un_regional_group rows.
func parseStates(r io.Reader) ([]domain.State, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	want := []string{"iso3", "iso2", "name_en", "un_member", "un_regional_group"}
	if !slices.Equal(header, want) {
		return nil, fmt.Errorf("line 1: header is %v, want %v", header, want)
	}
	var out []domain.State
	seen := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		member, err := strconv.ParseBool(rec[3])
		if err != nil {
			return nil, fmt.Errorf("line %d: field un_member: %q is not true or false", line, rec[3])
		}
		if !domain.IsStateCode(rec[0]) || !isAlpha2(rec[1]) || rec[2] == "" {
			return nil, fmt.Errorf("line %d: bad iso3/iso2/name %q", line, rec[:3])
		}
		for _, code := range rec[:2] {
			if seen[code] {
				return nil, fmt.Errorf("line %d: code %s listed twice", line, code)
			}
			seen[code] = true
		}
		s := domain.State{Code: rec[0], Alpha2: rec[1], Name: rec[2], UnMember: member}
		if rec[4] != "" {
			g := domain.UnRegionalGroup(rec[4])
			if !domain.Valid(g, domain.UnRegionalGroups) {
				return nil, fmt.Errorf("line %d: field un_regional_group: unknown group %q", line, rec[4])
			}
			s.UnRegionalGroup = &g
		}
		out = append(out, s)
	}
}

// isAlpha2 says whether s has the form of an ISO 3166-1 alpha-2 code: two letters A–Z.
func isAlpha2(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}
