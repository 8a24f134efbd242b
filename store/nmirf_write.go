package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Typed writes of NMIRFs, institutions and network memberships (see node_write.go). Their
// inputs are validated already (the domain inputs' Validate).

func nmirfProps(f domain.NMIRFFields) map[string]any {
	props := map[string]any{}
	if f.Name != nil {
		props["name"] = *f.Name
	}
	setOptional(props, "acronym", f.Acronym)
	setOptional(props, "legalBasis", f.LegalBasis)
	setOptional(props, "mandate", f.Mandate)
	setOptional(props, "trackingTool", f.TrackingTool)
	setOptional(props, "website", f.Website)
	if f.EstablishedYear != nil {
		props["establishedYear"] = *f.EstablishedYear
	}
	if f.Type != nil {
		props["type"] = string(*f.Type)
	}
	return props
}

// CreateNMIRF writes a new NMIRF and returns its key.
func (s *Store) CreateNMIRF(ctx context.Context, by domain.Principal, d domain.NMIRFDraft) (string, error) {
	key := newKey("nmirf")
	return key, s.applyAs(ctx, by, Write{Label: "NMIRF", Key: key, Action: "CREATE", Props: nmirfProps(d.NMIRFFields),
		Replace: map[string][]Target{"state": Keys([]string{d.State.Key}), "sources": Keys(domain.Keys(d.Sources))}})
}

// UpdateNMIRF changes the NMIRF key of version p.Version.
func (s *Store) UpdateNMIRF(ctx context.Context, by domain.Principal, key string, p domain.NMIRFPatch) error {
	w := Write{Label: "NMIRF", Key: key, Version: p.Version, Action: "UPDATE", Props: nmirfProps(p.NMIRFFields), Replace: map[string][]Target{}}
	if p.Sources != nil {
		w.Replace["sources"] = Keys(domain.Keys(*p.Sources))
	}
	return s.applyAs(ctx, by, w)
}

// partLinks are an institution's PART_OF_NMIRF links, with their roles.
func partLinks(parts []domain.InstitutionPart) []Target {
	out := make([]Target, len(parts))
	for i, p := range parts {
		out[i] = Target{Key: p.NMIRF.Key, Props: map[string]any{"role": p.Role}}
	}
	return out
}

// CreateInstitution writes a new institution with its parts in NMIRFs and returns its key.
func (s *Store) CreateInstitution(ctx context.Context, by domain.Principal, d domain.InstitutionDraft) (string, error) {
	key := newKey("inst")
	return key, s.applyAs(ctx, by, Write{Label: "Institution", Key: key, Action: "CREATE", Props: map[string]any{"name": d.Name},
		Replace: map[string][]Target{"state": Keys([]string{d.State.Key}), "nmirfs": partLinks(d.Parts)}})
}

// UpdateInstitution changes the institution key of version p.Version.
func (s *Store) UpdateInstitution(ctx context.Context, by domain.Principal, key string, p domain.InstitutionPatch) error {
	w := Write{Label: "Institution", Key: key, Version: p.Version, Action: "UPDATE", Props: map[string]any{}, Replace: map[string][]Target{}}
	if p.Name != nil {
		w.Props["name"] = *p.Name
	}
	if p.Parts != nil {
		w.Replace["nmirfs"] = partLinks(*p.Parts)
	}
	return s.applyAs(ctx, by, w)
}

// CreateMembership records an NMIRF's membership in the International Network (whatever the
// NMIRF's version: it adds a link).
func (s *Store) CreateMembership(ctx context.Context, by domain.Principal, d domain.MembershipDraft) error {
	return s.applyAs(ctx, by, Write{Label: "NMIRF", Key: d.NMIRF.Key, AnyVersion: true, Action: "MEMBERSHIP_CREATE",
		Add: map[string][]Target{"network": {membershipLink(d.NMIRF.Key, d.NMIRF.Node.State(), *d.Role, d.Since)}}})
}

// UpdateMembership changes an NMIRF's membership; the version is the NMIRF's.
func (s *Store) UpdateMembership(ctx context.Context, by domain.Principal, p domain.MembershipPatch) error {
	return s.applyAs(ctx, by, Write{Label: "NMIRF", Key: p.NMIRF.Key, Version: p.Version, Action: "MEMBERSHIP_UPDATE",
		Add: map[string][]Target{"network": {membershipLink(p.NMIRF.Key, p.NMIRF.Node.State(), *p.Role, p.Since)}}})
}

// EndMembership turns the NMIRF's current membership m into a former one, ended on e.EndedOn.
func (s *Store) EndMembership(ctx context.Context, by domain.Principal, e domain.MembershipEnd, m *domain.Membership) error {
	return s.applyAs(ctx, by, Write{Label: "NMIRF", Key: e.NMIRF.Key, Version: e.Version, Action: "MEMBERSHIP_ARCHIVE",
		Remove: map[string][]string{"network": {NetworkKey}},
		Add:    map[string][]Target{"formerNetworks": {formerMembershipLink(m, *e.EndedOn)}}})
}
