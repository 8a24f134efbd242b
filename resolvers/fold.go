package resolvers

import (
	"context"

	"github.com/vikstrous/dataloadgen"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Folding: recommendations are read together with the links the query selects on them
// (mechanism, States, recommending States, themes, practices) in one query, and the request's batchers
// are primed with what came back, so the nested fields find their data without a query of
// their own. A lookup by ID is then one database round trip, a page of recommendations two.

// recommendationLinks is what a selection of recommendation fields asks to fold.
func recommendationLinks(fields map[string]bool) store.RecommendationLinks {
	return store.RecommendationLinks{Mechanism: fields["mechanism"], States: fields["states"],
		RecommendingStates: fields["recommendingStates"], Themes: fields["themes"], Practices: fields["practices"]}
}

// primeRecommendations hands folded links to the batchers the nested resolvers use.
func primeRecommendations(ctx context.Context, recs map[string]*store.LinkedRecommendation, links store.RecommendationLinks) {
	l := For(ctx)
	for k, lr := range recs {
		l.RecommendationByKey.Prime(k, lr.Recommendation)
		if links.Mechanism && lr.Mechanism != nil {
			l.MechanismByKey.Prime(lr.Mechanism.Key, lr.Mechanism)
		}
		if links.States {
			l.StatesAddressed.Prime(k, lr.States)
		}
		if links.RecommendingStates {
			l.RecommendingStates.Prime(k, lr.RecommendingStates)
		}
		if links.Themes {
			l.ThemesOf.Prime(k, lr.Themes)
		}
		if links.Practices {
			l.PracticesOfRecommendation.Prime(k, lr.Practices)
		}
	}
}

// practiceRecommendations is GoodPractice.recommendations: when no other call can join the
// batch, the practices' recommendations come with the links selected on them in one query.
func (r *Resolver) practiceRecommendations(ctx context.Context, objs []*domain.GoodPractice) ([][]*domain.Recommendation, error) {
	key := func(x *domain.GoodPractice) string { return x.Key }
	links := recommendationLinks(selectedUnder(ctx, nil, [][]string{recTypes}))
	if !links.Any() || !soleBatch(ctx) {
		return loadLists(ctx, For(ctx).RecommendationsOfPractice, objs, key)
	}
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = key(o)
	}
	byPractice, err := r.Store.RecommendationsOfPracticesWithLinks(ctx, keys, links)
	if err != nil {
		return nil, err
	}
	out := make([][]*domain.Recommendation, len(objs))
	for i, k := range keys {
		linked := map[string]*store.LinkedRecommendation{}
		for _, lr := range byPractice[k] {
			out[i] = append(out[i], lr.Recommendation)
			linked[lr.Recommendation.Key] = lr
		}
		For(ctx).RecommendationsOfPractice.Prime(k, out[i])
		primeRecommendations(ctx, linked, links)
	}
	return out, nil
}

// recommendationNow reads one recommendation for node(id:) with the links its selection
// asks for.
func (r *Resolver) recommendationNow(ctx context.Context, key string) (*domain.Recommendation, error) {
	links := recommendationLinks(selectedUnder(ctx, nil, [][]string{recTypes}))
	if !links.Any() {
		return For(ctx).RecommendationByKey.loadOneNow(ctx, key)
	}
	recs, err := r.Store.RecommendationsWithLinks(ctx, []string{key}, links)
	if err != nil {
		return nil, err
	}
	if recs[key] == nil {
		return nil, dataloadgen.ErrNotFound
	}
	primeRecommendations(ctx, recs, links)
	return recs[key].Recommendation, nil
}
