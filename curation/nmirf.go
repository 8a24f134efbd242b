package curation

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// NMIRFs, their institutions and their memberships in the International Network.

// CreateNMIRF records an NMIRF.
func (s *Service) CreateNMIRF(ctx context.Context, d domain.NMIRFDraft) (*domain.NMIRF, error) {
	if err := newRecordOf(ctx, d.State); err != nil {
		return nil, err
	}
	return create(ctx, s, refs(domain.KindState, &d.State).list(domain.KindSource, d.Sources), &d, s.store.CreateNMIRF, s.store.NMIRFsByKeys)
}

// UpdateNMIRF changes the NMIRF id.
func (s *Service) UpdateNMIRF(ctx context.Context, id string, p domain.NMIRFPatch) (*domain.NMIRF, error) {
	return update(ctx, s, domain.KindNMIRF, id, refSet{}.newList(domain.KindSource, p.Sources), &p, anyState(p.Validate),
		s.store.UpdateNMIRF, s.store.NMIRFsByKeys)
}

// ArchiveNMIRF archives the NMIRF id.
func (s *Service) ArchiveNMIRF(ctx context.Context, id string, version int) (*domain.NMIRF, error) {
	return archive(ctx, s, domain.KindNMIRF, id, version, s.store.NMIRFsByKeys)
}

// CreateInstitution records a State institution with its parts in NMIRFs.
func (s *Service) CreateInstitution(ctx context.Context, d domain.InstitutionDraft) (*domain.Institution, error) {
	if err := newRecordOf(ctx, d.State); err != nil {
		return nil, err
	}
	return create(ctx, s, partRefs(&d.Parts).add(domain.KindState, &d.State), &d, s.store.CreateInstitution, s.store.InstitutionsByKeys)
}

// UpdateInstitution changes the institution id.
func (s *Service) UpdateInstitution(ctx context.Context, id string, p domain.InstitutionPatch) (*domain.Institution, error) {
	return update(ctx, s, domain.KindInstitution, id, partRefs(p.Parts), &p, p.Validate, s.store.UpdateInstitution, s.store.InstitutionsByKeys)
}

// partRefs are the NMIRFs of an institution's parts (none when parts is nil).
func partRefs(parts *[]domain.InstitutionPart) refSet {
	rs := refSet{}
	if parts != nil {
		for i := range *parts {
			rs.add(domain.KindNMIRF, &(*parts)[i].NMIRF)
		}
	}
	return rs
}

// ArchiveInstitution archives the institution id.
func (s *Service) ArchiveInstitution(ctx context.Context, id string, version int) (*domain.Institution, error) {
	return archive(ctx, s, domain.KindInstitution, id, version, s.store.InstitutionsByKeys)
}

// Memberships are the network's to record, not a State's: administrators only.

// CreateMembership records an NMIRF's membership in the International Network.
func (s *Service) CreateMembership(ctx context.Context, d domain.MembershipDraft) (*domain.NMIRF, error) {
	return s.membership(ctx, &d.NMIRF, d.Validate, func(by domain.Principal, _ *domain.Membership) error {
		return s.store.CreateMembership(ctx, by, d)
	})
}

// UpdateMembership changes an NMIRF's membership.
func (s *Service) UpdateMembership(ctx context.Context, p domain.MembershipPatch) (*domain.NMIRF, error) {
	return s.membership(ctx, &p.NMIRF, p.Validate, func(by domain.Principal, _ *domain.Membership) error {
		return s.store.UpdateMembership(ctx, by, p)
	})
}

// EndMembership ends an NMIRF's membership; it stays in the NMIRF's history.
func (s *Service) EndMembership(ctx context.Context, e domain.MembershipEnd) (*domain.NMIRF, error) {
	return s.membership(ctx, &e.NMIRF, e.Validate, func(by domain.Principal, m *domain.Membership) error {
		return s.store.EndMembership(ctx, by, e, m)
	})
}

// membership runs a membership write: the caller must be an administrator, nmirf an active
// NMIRF; validate checks the input against the NMIRF's current membership (nil: none).
func (s *Service) membership(ctx context.Context, nmirf *domain.Ref, validate func(*domain.Membership) error,
	write func(domain.Principal, *domain.Membership) error) (*domain.NMIRF, error) {
	if err := adminOnly(ctx); err != nil {
		return nil, err
	}
	if err := s.find(ctx, "input.nmirfId", nmirf, domain.KindNMIRF, true); err != nil {
		return nil, err
	}
	ms, err := s.store.MembershipsByNMIRFs(ctx, []string{nmirf.Key})
	if err != nil {
		return nil, err
	}
	var current *domain.Membership
	if len(ms[nmirf.Key]) > 0 {
		current = ms[nmirf.Key][0]
	}
	return commit(ctx, s, nil, func() error { return validate(current) },
		func(by domain.Principal) (string, error) { return nmirf.Key, write(by, current) }, s.store.NMIRFsByKeys)
}
