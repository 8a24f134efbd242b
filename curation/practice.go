package curation

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// CreatePractice records a good practice (a draft unless d.Status says PUBLISHED).
func (s *Service) CreatePractice(ctx context.Context, d domain.PracticeDraft) (*domain.GoodPractice, error) {
	if err := newRecordOf(ctx, d.State); err != nil {
		return nil, err
	}
	rs := refs(domain.KindState, &d.State).add(domain.KindNMIRF, d.NMIRF).list(domain.KindTheme, d.Themes).
		list(domain.KindGuidanceDimension, d.GuidanceDimensions).list(domain.KindRecommendation, d.Recommendations).list(domain.KindSource, d.Sources)
	return commit(ctx, s, rs, d.Validate, func(by domain.Principal) (string, error) {
		return s.store.CreatePractice(ctx, by, d)
	}, s.store.PracticesByKeys)
}

// UpdatePractice changes the good practice id.
func (s *Service) UpdatePractice(ctx context.Context, id string, p domain.PracticePatch) (*domain.GoodPractice, error) {
	gp, err := s.subject(ctx, id, domain.KindGoodPractice)
	if err != nil {
		return nil, err
	}
	rs := refSet{}.newList(domain.KindTheme, p.Themes).newList(domain.KindGuidanceDimension, p.GuidanceDimensions).
		newList(domain.KindRecommendation, p.Recommendations).newList(domain.KindSource, p.Sources)
	return commit(ctx, s, rs, p.Validate, func(by domain.Principal) (string, error) {
		return gp.Key, s.store.UpdatePractice(ctx, by, gp.Key, p)
	}, s.store.PracticesByKeys)
}

// ArchivePractice archives the good practice id (archiving it again records another change).
func (s *Service) ArchivePractice(ctx context.Context, id string, version int) (*domain.GoodPractice, error) {
	return archive(ctx, s, domain.KindGoodPractice, id, version, s.store.PracticesByKeys)
}
