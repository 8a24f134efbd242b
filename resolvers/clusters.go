package resolvers

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Clusters of a State's recommendations, for a national implementation plan.

func (r *Resolver) clusters(ctx context.Context, code string, filter *model.RecommendationFilter) ([]*store.Cluster, error) {
	f, err := toFilter(filter)
	if err != nil {
		return nil, err
	}
	cs, err := r.Store.ClusterRecommendations(ctx, code, f)
	return pointers(cs), err
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
