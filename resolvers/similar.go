package resolvers

import (
	"context"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
)

// Similar recommendations: to a recommendation, or to a text.

func (r *Resolver) similar(ctx context.Context, key string, first *int, lang *domain.Language) (*model.SimilarConnection, error) {
	n, err := intIn("first", first, 10, 1, 50)
	if err != nil {
		return nil, err
	}
	hits, err := r.Store.SimilarRecommendations(ctx, key, deref(lang), n)
	return &model.SimilarConnection{Edges: pointers(hits)}, err
}

func (r *Resolver) recommendationsLike(ctx context.Context, text string, lang *domain.Language, stateCodes []string, first *int) (*model.SimilarConnection, error) {
	n, err := intIn("first", first, 10, 1, 50)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" || len(text) > 5000 {
		return nil, apperr.Invalid("text", "give a text of 1 to 5000 characters")
	}
	f, err := toFilter(&model.RecommendationFilter{StateCodes: stateCodes})
	if err != nil {
		return nil, err
	}
	if len(f.StateCodes) == 0 {
		return nil, apperr.Invalid("stateCodes", "name at least one State")
	}
	l := domain.Language("EN")
	if lang != nil {
		l = *lang
	}
	hits, err := r.Store.SimilarToText(ctx, text, l, f.StateCodes, nil, "", n)
	return &model.SimilarConnection{Edges: pointers(hits)}, err
}
