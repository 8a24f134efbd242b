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
	return commit(ctx, s, refs(domain.KindState, &d.State).list(domain.KindSource, d.Sources), d.Validate,
		func(by domain.Principal) (string, error) { return s.store.CreateNMIRF(ctx, by, d) }, s.store.NMIRFsByKeys)
}

// UpdateNMIRF changes the NMIRF id.
func (s *Service) UpdateNMIRF(ctx context.Context, id string, p domain.NMIRFPatch) (*domain.NMIRF, error) {
	n, err := s.subject(ctx, id, domain.KindNMIRF)
	if err != nil {
		return nil, err
	}
	return commit(ctx, s, refSet{}.newList(domain.KindSource, p.Sources), p.Validate,
		func(by domain.Principal) (string, error) { return n.Key, s.store.UpdateNMIRF(ctx, by, n.Key, p) }, s.store.NMIRFsByKeys)
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
	return commit(ctx, s, partRefs(d.Parts).add(domain.KindState, &d.State), d.Validate,
		func(by domain.Principal) (string, error) { return s.store.CreateInstitution(ctx, by, d) }, s.store.InstitutionsByKeys)
}

// UpdateInstitution changes the institution id.
func (s *Service) UpdateInstitution(ctx context.Context, id string, p domain.InstitutionPatch) (*domain.Institution, error) {
	inst, err := s.subject(ctx, id, domain.KindInstitution)
	if err != nil {
		return nil, err
	}
	rs := refSet{}
	if p.Parts != nil {
		rs = partRefs(*p.Parts)
	}
	return commit(ctx, s, rs, func() error { return p.Validate(inst.Node.State()) },
		func(by domain.Principal) (string, error) {
			return inst.Key, s.store.UpdateInstitution(ctx, by, inst.Key, p)
		}, s.store.InstitutionsByKeys)
}

func partRefs(parts []domain.InstitutionPart) refSet {
	rs := refSet{}
	for i := range parts {
		rs.add(domain.KindNMIRF, &parts[i].NMIRF)
	}
	return rs
}

// ArchiveInstitution archives the institution id.
func (s *Service) ArchiveInstitution(ctx context.Context, id string, version int) (*domain.Institution, error) {
	return archive(ctx, s, domain.KindInstitution, id, version, s.store.InstitutionsByKeys)
}

// Memberships are the network's to record, not a State's: administrators only.

// membership checks the caller is an administrator, resolves the active NMIRF ref names and
// returns its current membership (nil: none).
func (s *Service) membership(ctx context.Context, ref *domain.Ref) (*domain.Membership, error) {
	if err := adminOnly(ctx); err != nil {
		return nil, err
	}
	if err := s.find(ctx, "input.nmirfId", ref, domain.KindNMIRF, true); err != nil {
		return nil, err
	}
	ms, err := s.store.MembershipsByNMIRFs(ctx, []string{ref.Key})
	if err != nil || len(ms[ref.Key]) == 0 {
		return nil, err
	}
	return ms[ref.Key][0], nil
}

// CreateMembership records an NMIRF's membership in the International Network.
func (s *Service) CreateMembership(ctx context.Context, d domain.MembershipDraft) (*domain.NMIRF, error) {
	m, err := s.membership(ctx, &d.NMIRF)
	if err != nil {
		return nil, err
	}
	return commit(ctx, s, nil, func() error { return d.Validate(m) },
		func(by domain.Principal) (string, error) { return d.NMIRF.Key, s.store.CreateMembership(ctx, by, d) }, s.store.NMIRFsByKeys)
}

// UpdateMembership changes an NMIRF's membership.
func (s *Service) UpdateMembership(ctx context.Context, p domain.MembershipPatch) (*domain.NMIRF, error) {
	m, err := s.membership(ctx, &p.NMIRF)
	if err != nil {
		return nil, err
	}
	return commit(ctx, s, nil, func() error { return p.Validate(m) },
		func(by domain.Principal) (string, error) { return p.NMIRF.Key, s.store.UpdateMembership(ctx, by, p) }, s.store.NMIRFsByKeys)
}

// EndMembership ends an NMIRF's membership; it stays in the NMIRF's history.
func (s *Service) EndMembership(ctx context.Context, e domain.MembershipEnd) (*domain.NMIRF, error) {
	m, err := s.membership(ctx, &e.NMIRF)
	if err != nil {
		return nil, err
	}
	return commit(ctx, s, nil, func() error { return e.Validate(m) },
		func(by domain.Principal) (string, error) { return e.NMIRF.Key, s.store.EndMembership(ctx, by, e, m) }, s.store.NMIRFsByKeys)
}
