package domain

import (
	"fmt"
	"strings"
	"time"
)

// The inputs that write NMIRFs, institutions and network memberships (see practice_input.go
// for the pattern).

// NMIRFFields are an NMIRF's descriptive fields. In a patch nil leaves a field as it is; ""
// clears an optional text (every one but Name).
type NMIRFFields struct {
	Name    *string // required on create
	Acronym *string
	Type    *NmirfType
	NMIRFDetails
}

func (f *NMIRFFields) check(p *problems) {
	p.newText("input.name", f.Name, 300)
	p.optText("input.acronym", f.Acronym, 30)
	p.optText("input.legalBasis", f.LegalBasis, 500)
	p.optText("input.mandate", f.Mandate, 2000)
	p.optText("input.trackingTool", f.TrackingTool, 100)
	p.website("input.website", f.Website)
	p.year("input.establishedYear", f.EstablishedYear)
}

// NMIRFDraft is a new NMIRF.
type NMIRFDraft struct {
	State Ref // by code
	NMIRFFields
	Sources []Ref
}

// Validate checks the draft.
func (d *NMIRFDraft) Validate() error {
	var p problems
	p.add(d.State.Exists("input.stateCode", KindState))
	if d.Name == nil {
		d.Name = new(string)
	}
	d.check(&p)
	p.refs("input.sourceIds", KindSource, d.Sources)
	return p.err()
}

// NMIRFPatch changes an NMIRF.
type NMIRFPatch struct {
	Version int
	NMIRFFields
	Sources *[]Ref // nil: left as they are
}

// Validate checks the patch.
func (d *NMIRFPatch) Validate() error {
	var p problems
	d.check(&p)
	p.newRefs("input.sourceIds", KindSource, d.Sources)
	return p.err()
}

// InstitutionPart is an institution's part in an NMIRF.
type InstitutionPart struct {
	NMIRF Ref
	Role  string // e.g. COORDINATOR or MEMBER; upper-cased by Validate
}

// checkParts checks an institution's parts: each an active NMIRF of the institution's State
// (code), each named once, with a role.
func checkParts(p *problems, parts []InstitutionPart, code string) {
	seen := map[string]bool{}
	for i := range parts {
		part, field := &parts[i], fmt.Sprintf("input.parts[%d]", i)
		part.Role = strings.ToUpper(strings.TrimSpace(part.Role))
		if part.Role == "" || len(part.Role) > 50 {
			p.fail(field+".role", "a role of 1 to 50 characters, e.g. COORDINATOR or MEMBER")
		}
		if !p.add(part.NMIRF.Active(field+".nmirfId", KindNMIRF)) {
			continue
		}
		if st := part.NMIRF.Node.State(); code != "" && st != code {
			p.fail(field+".nmirfId", "the NMIRF is %s's, not %s's", st, code)
		}
		if seen[part.NMIRF.Key] {
			p.fail(field+".nmirfId", "names an NMIRF twice")
		}
		seen[part.NMIRF.Key] = true
	}
}

// InstitutionDraft is a new State institution.
type InstitutionDraft struct {
	State Ref // by code
	Name  string
	Parts []InstitutionPart
}

// Validate checks the draft.
func (d *InstitutionDraft) Validate() error {
	var p problems
	p.add(d.State.Exists("input.stateCode", KindState))
	p.text("input.name", &d.Name, 300)
	checkParts(&p, d.Parts, d.State.Key)
	return p.err()
}

// InstitutionPatch changes an institution.
type InstitutionPatch struct {
	Version int
	Name    *string
	Parts   *[]InstitutionPart // nil: left as they are; replaces them all otherwise
}

// Validate checks the patch of an institution of the State code.
func (d *InstitutionPatch) Validate(code string) error {
	var p problems
	p.newText("input.name", d.Name, 300)
	if d.Parts != nil {
		checkParts(&p, *d.Parts, code)
	}
	return p.err()
}

// MembershipDraft is an NMIRF's new membership in the International Network.
type MembershipDraft struct {
	NMIRF Ref
	Role  *MembershipRole // MEMBER when nil
	Since *Date
}

// Validate checks the draft against the NMIRF's current membership (nil: none), and fills
// the role's default.
func (d *MembershipDraft) Validate(current *Membership) error {
	var p problems
	if current != nil {
		p.fail("input.nmirfId", "the NMIRF is a member already; use updateNetworkMembership")
	}
	p.date("input.since", d.Since)
	if d.Role == nil {
		d.Role = ptr(MembershipRole("MEMBER"))
	}
	return p.err()
}

// MembershipPatch changes a membership; the version is the NMIRF's.
type MembershipPatch struct {
	NMIRF   Ref
	Version int
	Role    *MembershipRole
	Since   *Date
}

// Validate checks the patch against the current membership and fills the fields it leaves
// out from it.
func (d *MembershipPatch) Validate(current *Membership) error {
	var p problems
	if current == nil {
		p.fail("input.nmirfId", "the NMIRF is not a member; use createNetworkMembership")
	}
	p.date("input.since", d.Since)
	if err := p.err(); err != nil {
		return err
	}
	if d.Role == nil {
		d.Role = &current.Role
	}
	if d.Since == nil {
		d.Since = current.Since
	}
	return nil
}

// MembershipEnd ends a membership; the version is the NMIRF's.
type MembershipEnd struct {
	NMIRF   Ref
	Version int
	EndedOn *Date // today (UTC) when nil
}

// Validate checks the end of the current membership and fills the date's default.
func (d *MembershipEnd) Validate(current *Membership) error {
	var p problems
	if current == nil {
		p.fail("input.nmirfId", "the NMIRF is not a member")
	}
	p.date("input.endedOn", d.EndedOn)
	if d.EndedOn == nil {
		d.EndedOn = &Date{Time: time.Now().UTC().Truncate(24 * time.Hour)}
	}
	return p.err()
}
