package curation

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Follow-up actions and curated clusters: an NMIRF's, so the caller's rights are those on the
// NMIRF's State.

// CreateFollowUpAction records a follow-up action on a recommendation or a curated cluster.
func (s *Service) CreateFollowUpAction(ctx context.Context, d domain.FollowUpActionDraft) (*domain.FollowUpAction, error) {
	if err := s.ownerNMIRF(ctx, &d.NMIRF); err != nil {
		return nil, err
	}
	rs := refs(domain.KindRecommendation, d.Recommendation).add(domain.KindCuratedCluster, d.Cluster).add(domain.KindInstitution, d.LeadInstitution)
	return create(ctx, s, rs, &d, s.store.CreateFollowUpAction, s.store.FollowUpActionsByKeys)
}

// UpdateFollowUpAction changes the follow-up action id, or adds a progress note.
func (s *Service) UpdateFollowUpAction(ctx context.Context, id string, p domain.FollowUpActionPatch) (*domain.FollowUpAction, error) {
	return update(ctx, s, domain.KindFollowUpAction, id, refs(domain.KindInstitution, p.LeadInstitution), &p, p.Validate,
		s.store.UpdateFollowUpAction, s.store.FollowUpActionsByKeys)
}

// ArchiveFollowUpAction archives the follow-up action id.
func (s *Service) ArchiveFollowUpAction(ctx context.Context, id string, version int) (*domain.FollowUpAction, error) {
	return archive(ctx, s, domain.KindFollowUpAction, id, version, s.store.FollowUpActionsByKeys)
}

// CreateCuratedCluster groups recommendations addressed to an NMIRF's State into a cluster.
func (s *Service) CreateCuratedCluster(ctx context.Context, d domain.CuratedClusterDraft) (*domain.CuratedCluster, error) {
	if err := s.ownerNMIRF(ctx, &d.NMIRF); err != nil {
		return nil, err
	}
	rs := refSet{}.list(domain.KindRecommendation, d.Recommendations).list(domain.KindTheme, d.Themes)
	return create(ctx, s, rs, &d, s.store.CreateCuratedCluster, s.store.CuratedClustersByKeys)
}

// UpdateCuratedCluster changes the curated cluster id.
func (s *Service) UpdateCuratedCluster(ctx context.Context, id string, p domain.CuratedClusterPatch) (*domain.CuratedCluster, error) {
	rs := refSet{}.newList(domain.KindRecommendation, p.Recommendations).newList(domain.KindTheme, p.Themes)
	return update(ctx, s, domain.KindCuratedCluster, id, rs, &p, p.Validate, s.store.UpdateCuratedCluster, s.store.CuratedClustersByKeys)
}

// ArchiveCuratedCluster archives the curated cluster id (its recommendations go back to the
// computed clusters).
func (s *Service) ArchiveCuratedCluster(ctx context.Context, id string, version int) (*domain.CuratedCluster, error) {
	return archive(ctx, s, domain.KindCuratedCluster, id, version, s.store.CuratedClustersByKeys)
}
