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
	return commit(ctx, s, rs, d.Validate, func(by domain.Principal) (string, error) {
		return s.store.CreateFollowUpAction(ctx, by, d)
	}, s.store.FollowUpActionsByKeys)
}

// UpdateFollowUpAction changes the follow-up action id, or adds a progress note.
func (s *Service) UpdateFollowUpAction(ctx context.Context, id string, p domain.FollowUpActionPatch) (*domain.FollowUpAction, error) {
	a, err := s.subject(ctx, id, domain.KindFollowUpAction)
	if err != nil {
		return nil, err
	}
	return commit(ctx, s, refs(domain.KindInstitution, p.LeadInstitution), func() error { return p.Validate(a.Node.State()) },
		func(by domain.Principal) (string, error) {
			return a.Key, s.store.UpdateFollowUpAction(ctx, by, a.Key, p)
		}, s.store.FollowUpActionsByKeys)
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
	return commit(ctx, s, rs, d.Validate, func(by domain.Principal) (string, error) {
		return s.store.CreateCuratedCluster(ctx, by, d)
	}, s.store.CuratedClustersByKeys)
}

// UpdateCuratedCluster changes the curated cluster id.
func (s *Service) UpdateCuratedCluster(ctx context.Context, id string, p domain.CuratedClusterPatch) (*domain.CuratedCluster, error) {
	c, err := s.subject(ctx, id, domain.KindCuratedCluster)
	if err != nil {
		return nil, err
	}
	rs := refSet{}.newList(domain.KindRecommendation, p.Recommendations).newList(domain.KindTheme, p.Themes)
	return commit(ctx, s, rs, func() error { return p.Validate(c.Node.State()) },
		func(by domain.Principal) (string, error) {
			return c.Key, s.store.UpdateCuratedCluster(ctx, by, c.Key, p)
		}, s.store.CuratedClustersByKeys)
}

// ArchiveCuratedCluster archives the curated cluster id (its recommendations go back to the
// computed clusters).
func (s *Service) ArchiveCuratedCluster(ctx context.Context, id string, version int) (*domain.CuratedCluster, error) {
	return archive(ctx, s, domain.KindCuratedCluster, id, version, s.store.CuratedClustersByKeys)
}
