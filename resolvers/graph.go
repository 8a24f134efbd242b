package resolvers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// idOfUID turns a stored uid ("Kind:key") into the opaque global ID.
func idOfUID(uid string) string {
	kind, key, _ := strings.Cut(uid, ":")
	return domain.GlobalID(domain.Kind(kind), key)
}

// uidOfID validates a global ID and returns its uid.
func uidOfID(field, id string) (string, error) {
	kind, key, err := domain.ParseGlobalID(field, id)
	if err != nil {
		return "", err
	}
	return domain.UID(kind, key), nil
}

func intIn(field string, v *int, def, lo, hi int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < lo || *v > hi {
		return 0, apperr.Invalid(field, "%s must be between %d and %d, got %d", field, lo, hi, *v)
	}
	return *v, nil
}

func (r *Resolver) neighbourhood(ctx context.Context, id string, depth, limit *int, types []string) (*store.Neighbourhood, error) {
	uid, err := uidOfID("id", id)
	if err != nil {
		return nil, err
	}
	d, err := intIn("depth", depth, 1, 1, 3)
	if err != nil {
		return nil, err
	}
	l, err := intIn("limit", limit, 100, 1, 500)
	if err != nil {
		return nil, err
	}
	for i, t := range types {
		if !slices.Contains(domain.Kinds, domain.Kind(t)) {
			return nil, apperr.Invalid(fmt.Sprintf("types[%d]", i), "%q is not a type of the graph", t)
		}
	}
	nb, err := r.Store.Neighbourhood(ctx, uid, d, l, types...)
	if err != nil || len(nb.Nodes) == 0 {
		return nil, err
	}
	return &nb, nil
}

func (r *Resolver) paths(ctx context.Context, from, to string, maxLength, first *int, throughHubs *bool) ([]*store.GraphPath, error) {
	a, err := uidOfID("from", from)
	if err != nil {
		return nil, err
	}
	b, err := uidOfID("to", to)
	if err != nil {
		return nil, err
	}
	n, err := intIn("maxLength", maxLength, 4, 1, 6)
	if err != nil {
		return nil, err
	}
	k, err := intIn("first", first, 5, 1, 20)
	if err != nil {
		return nil, err
	}
	ps, err := r.Store.ShortestPaths(ctx, a, b, n, k, throughHubs != nil && *throughHubs)
	out := make([]*store.GraphPath, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out, err
}

func hitPointers(hits []store.SimilarHit) []*store.SimilarHit {
	out := make([]*store.SimilarHit, len(hits))
	for i := range hits {
		out[i] = &hits[i]
	}
	return out
}

func (r *Resolver) similar(ctx context.Context, key string, first *int, lang *domain.Language) (*model.SimilarConnection, error) {
	n, err := intIn("first", first, 10, 1, 50)
	if err != nil {
		return nil, err
	}
	hits, err := r.Store.SimilarRecommendations(ctx, key, deref(lang), n)
	return &model.SimilarConnection{Edges: hitPointers(hits)}, err
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
	return &model.SimilarConnection{Edges: hitPointers(hits)}, err
}

func peerPointers(p []store.PeerSuggestion) []*store.PeerSuggestion {
	out := make([]*store.PeerSuggestion, len(p))
	for i := range p {
		out[i] = &p[i]
	}
	return out
}

func (r *Resolver) peerPractices(ctx context.Context, stateCode, recKey string, first *int) ([]*store.PeerSuggestion, error) {
	n, err := intIn("first", first, 5, 1, 20)
	if err != nil {
		return nil, err
	}
	var p []store.PeerSuggestion
	if stateCode != "" {
		p, err = r.Store.PeerPracticesForState(ctx, stateCode, n)
	} else {
		p, err = r.Store.PeerPracticesForRecommendation(ctx, recKey, n)
	}
	return peerPointers(p), err
}

// peerReason says why a practice is suggested: its matches in words, the one adding most
// first ("addresses the theme "Data collection and research", shared by 12 recommendations;
// …").
func (r *Resolver) peerReason(_ context.Context, p *store.PeerSuggestion) (string, error) {
	parts := make([]string, 0, len(p.Matches))
	for _, m := range p.Matches {
		parts = append(parts, peerMatchWords(m))
	}
	if len(parts) == 0 {
		return "shares a theme", nil
	}
	return strings.Join(parts, "; "), nil
}

func peerMatchWords(m store.PeerMatch) string {
	recs := func(one, many string) string {
		if m.Recommendations == 1 {
			return one
		}
		return fmt.Sprintf(many, m.Recommendations)
	}
	switch m.Kind {
	case "THEME":
		return fmt.Sprintf("addresses the theme %q", m.Detail) + recs(" of the recommendation", ", shared by %d recommendations")
	case "NEED":
		what := "one of its capacities"
		if m.Via != nil {
			what = fmt.Sprintf("its dimension %q", m.Via.Label)
		}
		return recs("the recommendation asks", "%d recommendations ask") + fmt.Sprintf(" for %s, which %s covers", m.Detail, what)
	case "AFFECTED_GROUP":
		return fmt.Sprintf("followed up recommendations concerning %s", m.Detail) + recs(", like the recommendation", ", like %d of these")
	case "RECOMMENDED_BY":
		return fmt.Sprintf("%s, its State, made ", m.Detail) + recs("the recommendation", "%d of the recommendations")
	case "MECHANISM":
		return fmt.Sprintf("followed up recommendations of %s, which made ", m.Detail) + recs("the recommendation", "%d of these")
	case "NMIRF_GAP":
		dim := ""
		if m.Via != nil {
			dim = m.Via.Label
		}
		return fmt.Sprintf("shows %q; %s", dim, m.Detail)
	}
	return strings.ToLower(m.Kind)
}

func (r *Resolver) clusters(ctx context.Context, code string, filter *model.RecommendationFilter) ([]*store.Cluster, error) {
	f, err := toFilter(filter)
	if err != nil {
		return nil, err
	}
	cs, err := r.Store.ClusterRecommendations(ctx, code, f)
	out := make([]*store.Cluster, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	return out, err
}

func (r *Resolver) clusterLabel(ctx context.Context, c *store.Cluster) (string, error) {
	if c.CuratedKey != "" {
		cc, err := For(ctx).CuratedClusterByKey.Load(ctx, c.CuratedKey)
		if err != nil {
			return "", err
		}
		return cc.Name, nil
	}
	if c.ThemeKey == "" {
		return "Without a theme", nil
	}
	t, err := For(ctx).ThemeByKey.Load(ctx, c.ThemeKey)
	if err != nil {
		return "", err
	}
	name, _, _ := t.Names.Pick("EN")
	return name, nil
}

func (r *Resolver) clusterRecommendations(ctx context.Context, c *store.Cluster, first *int) ([]*domain.Recommendation, error) {
	n, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	return For(ctx).RecommendationByKey.LoadAll(ctx, c.Keys[:min(n, len(c.Keys))])
}
