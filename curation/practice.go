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
	return create(ctx, s, rs, &d, s.store.CreatePractice, s.store.PracticesByKeys)
}

// UpdatePractice changes the good practice id.
func (s *Service) UpdatePractice(ctx context.Context, id string, p domain.PracticePatch) (*domain.GoodPractice, error) {
	rs := refSet{}.newList(domain.KindTheme, p.Themes).newList(domain.KindGuidanceDimension, p.GuidanceDimensions).
		newList(domain.KindRecommendation, p.Recommendations).newList(domain.KindSource, p.Sources)
	return update(ctx, s, domain.KindGoodPractice, id, rs, &p, anyState(p.Validate), s.store.UpdatePractice, s.store.PracticesByKeys)
}

// ArchivePractice archives the good practice id (archiving it again records another change).
func (s *Service) ArchivePractice(ctx context.Context, id string, version int) (*domain.GoodPractice, error) {
	return archive(ctx, s, domain.KindGoodPractice, id, version, s.store.PracticesByKeys)
}
