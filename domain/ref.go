package domain

import (
	"fmt"

	"github.com/nmirf-hub/hub/apperr"
)

// Ref is a node an input names: by global ID, or a State by its code. The curation service
// resolves every Ref of an input before validating it (ParseRef, then one store query per
// kind), and Validate reports a Ref's problem where its field is checked, so that a client
// gets every problem in the order of the fields.
type Ref struct {
	ID   string    // as given: a global ID, or a State code
	Kind Kind      // the kind the ID names ("" when it names none)
	Key  string    // the node's key (a State's: its code)
	Node *Referent // what the store holds of it; nil while unresolved or when nothing has the key
}

// NewRef is the unresolved Ref of id.
func NewRef(id string) Ref { return Ref{ID: id} }

// NewRefs makes unresolved Refs of ids.
func NewRefs(ids []string) []Ref {
	if ids == nil {
		return nil
	}
	out := make([]Ref, len(ids))
	for i, id := range ids {
		out[i] = NewRef(id)
	}
	return out
}

// OptRef is the unresolved Ref of an optional ID; nil stays nil (not named).
func OptRef(id *string) *Ref {
	if id == nil {
		return nil
	}
	r := NewRef(*id)
	return &r
}

// OptRefs is NewRefs for a list of a patch; nil stays nil (left as it is).
func OptRefs(ids []string) *[]Ref {
	if ids == nil {
		return nil
	}
	out := NewRefs(ids)
	return &out
}

// Referent is what curation checks of a node an input names.
type Referent struct {
	Key      string
	Archived bool
	// States: the State the node belongs to (an NMIRF, institution, practice, action or
	// cluster: at most one), or the States a recommendation is addressed to.
	States []string
	// NMIRFKey is the NMIRF a follow-up action or curated cluster belongs to.
	NMIRFKey string
}

// State is the State the node belongs to, "" when none.
func (r *Referent) State() string {
	if r == nil || len(r.States) == 0 {
		return ""
	}
	return r.States[0]
}

// AddressedTo tells whether the node (a recommendation) is addressed to the State code.
func (r *Referent) AddressedTo(code string) bool {
	for _, s := range r.States {
		if s == code {
			return true
		}
	}
	return false
}

// ParseRef fills r.Kind and r.Key from r.ID read as a node of kind want: a State code for
// KindState (normalised), else a global ID of any kind (want "" when any kind will do). An
// ID of another kind than want keeps its kind, so that the problem can say so; one that is
// not an ID leaves Kind empty.
func (r *Ref) ParseRef(want Kind) {
	r.Kind, r.Key = "", ""
	if want == KindState {
		if code, err := ParseStateCode("", r.ID); err == nil {
			r.Kind, r.Key = KindState, code
		}
		return
	}
	if kind, key, err := ParseGlobalID("", r.ID); err == nil {
		r.Kind, r.Key = kind, key
	}
}

// Exists is the one check that a Ref names a node of kind want, with the one error shape
// every input path shares: an ID that is not one of want's is BAD_USER_INPUT, an unknown
// node NOT_FOUND, both naming field. (A State code is a value rather than an ID: an unknown
// one is BAD_USER_INPUT.)
func (r Ref) Exists(field string, want Kind) *apperr.Error {
	switch {
	case want == KindState && r.Kind != KindState:
		return apperr.Invalid(field, "%q is not an ISO 3166-1 alpha-3 code", r.ID)
	case want == KindState && r.Node == nil:
		return apperr.Invalid(field, "%q is not a known State", r.Key)
	case r.Kind != want:
		return apperr.Invalid(field, "%q is not the ID of %s", r.ID, KindNoun(want, true))
	case r.Node == nil:
		return &apperr.Error{Code: apperr.NotFound, Field: field, Message: "no such " + KindNoun(want, false)}
	}
	return nil
}

// Active is Exists, and refuses an archived node too (BAD_USER_INPUT): nothing new may refer
// to what was archived.
func (r Ref) Active(field string, want Kind) *apperr.Error {
	if e := r.Exists(field, want); e != nil {
		return e
	}
	if r.Node.Archived {
		return apperr.Invalid(field, "the %s is archived", KindNoun(want, false))
	}
	return nil
}

// Keys returns the keys of refs.
func Keys(refs []Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Key
	}
	return out
}

// kindNouns are the kinds as messages name them.
var kindNouns = map[Kind]string{KindNMIRF: "NMIRF", KindGoodPractice: "good practice", KindInstitution: "institution",
	KindFollowUpAction: "follow-up action", KindCuratedCluster: "curated cluster", KindGuidanceDimension: "guidance dimension",
	KindAffectedGroup: "affected group", KindSdgGoal: "SDG goal", KindSdgTarget: "SDG target"}

// KindNoun names a kind in a message ("curated cluster"), with its article when article is
// set ("an NMIRF").
func KindNoun(k Kind, article bool) string {
	n, ok := kindNouns[k]
	if !ok {
		n = lowerFirst(string(k))
	}
	if !article {
		return n
	}
	if n == "NMIRF" || n[0] == 'a' || n[0] == 'e' || n[0] == 'i' || n[0] == 'o' || n[0] == 'u' {
		return "an " + n
	}
	return "a " + n
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return fmt.Sprintf("%c%s", s[0]|0x20, s[1:])
}
