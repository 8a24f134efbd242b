package domain

import (
	"github.com/nmirf-hub/hub/apperr"
	"io"
	"slices"
	"strconv"
)

// The enums below are string types whose values are the GraphQL enum values, so the store
// can keep them as plain strings in Neo4j. Each validates what clients send.

// UnRegionalGroup is one of the five UN regional groups.
type UnRegionalGroup string

// UnRegionalGroups lists the valid values.
var UnRegionalGroups = []UnRegionalGroup{"AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "LATIN_AMERICAN_CARIBBEAN", "WESTERN_EUROPEAN_OTHERS"}

func (e UnRegionalGroup) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *UnRegionalGroup) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, UnRegionalGroups) }

// NmirfType is the OHCHR typology of NMIRFs.
type NmirfType string

// NmirfTypes lists the valid values.
var NmirfTypes = []NmirfType{"AD_HOC", "MINISTERIAL", "INTERMINISTERIAL", "INSTITUTIONALLY_SEPARATE"}

func (e NmirfType) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *NmirfType) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, NmirfTypes) }

// MembershipRole is an NMIRF's role in the International Network.
type MembershipRole string

// MembershipRoles lists the valid values, highest rank first.
var MembershipRoles = []MembershipRole{"EXECUTIVE_COMMITTEE_COORDINATOR", "EXECUTIVE_COMMITTEE", "MEMBER"}

func (e MembershipRole) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *MembershipRole) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, MembershipRoles) }

// Rank orders roles: the coordinator first, plain members last.
func (e MembershipRole) Rank() int { return slices.Index(MembershipRoles, e) }

// InstrumentKind says what an Instrument is.
type InstrumentKind string

// InstrumentKinds lists the valid values.
var InstrumentKinds = []InstrumentKind{"HRC_RESOLUTION", "DECLARATION", "GUIDANCE_FRAMEWORK"}

func (e InstrumentKind) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *InstrumentKind) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, InstrumentKinds) }

// DatePrecision says how precise a date is.
type DatePrecision string

// DatePrecisions lists the valid values.
var DatePrecisions = []DatePrecision{"DAY", "MONTH", "YEAR"}

func (e DatePrecision) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *DatePrecision) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, DatePrecisions) }

func marshalEnum(w io.Writer, s string) { _, _ = io.WriteString(w, strconv.Quote(s)) }

// Errors are apperr BAD_USER_INPUT, so the API shows them (and only them) to clients.
func unmarshalEnum[T ~string](v any, dst *T, valid []T) error {
	s, ok := v.(string)
	if !ok {
		return apperr.Invalid("", "enum value must be a string")
	}
	if !slices.Contains(valid, T(s)) {
		return apperr.Invalid("", "%q is not a valid value", s)
	}
	*dst = T(s)
	return nil
}

// Valid reports whether v is one of valid.
func Valid[T ~string](v T, valid []T) bool { return slices.Contains(valid, v) }
