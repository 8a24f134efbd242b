package resolvers

import (
	"context"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/curation"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Reads of what curation writes: curated clusters and the history of editable nodes. (The
// writes are the curation package's.)

func (r *Resolver) curatedClusterSizes(ctx context.Context, objs []*domain.CuratedCluster) ([]int, error) {
	lists, err := loadLists(ctx, For(ctx).RecommendationsOfCluster, objs, func(x *domain.CuratedCluster) string { return x.Key })
	out := make([]int, len(lists))
	for i, l := range lists {
		out[i] = len(l)
	}
	return out, err
}

func (r *Resolver) curatedClusterRecommendations(ctx context.Context, c *domain.CuratedCluster, first *int) ([]*domain.Recommendation, error) {
	n, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	keys, err := For(ctx).RecommendationsOfCluster.Load(ctx, c.Key)
	if err != nil {
		return nil, err
	}
	return For(ctx).RecommendationByKey.LoadAll(ctx, keys[:min(n, len(keys))])
}

func (r *Resolver) clusterCurated(ctx context.Context, c *store.Cluster) (*domain.CuratedCluster, error) {
	if c.CuratedKey == "" {
		return nil, nil
	}
	return optional(For(ctx).CuratedClusterByKey.Load(ctx, c.CuratedKey))
}

func clusterMethod(c *store.Cluster) string {
	if c.CuratedKey != "" {
		return "curated"
	}
	return "computed"
}

// history pages a node's recorded changes; to whoever may not edit the node it is an empty
// connection (the node itself stays readable).
func (r *Resolver) history(ctx context.Context, kind domain.Kind, key string, first *int) (*store.ChangePage, error) {
	limit, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	ok, err := r.Curation.MayReadHistory(ctx, kind, key)
	if err != nil || !ok {
		return &store.ChangePage{Nodes: []*store.Change{}}, err
	}
	page, err := r.Store.History(ctx, domain.UID(kind, key), limit)
	return &page, err
}

// historyOf is Query.history: any node's changes, deleted nodes included, for who may edit
// the node (a draft's content, even a deleted one's, must not leak); others get FORBIDDEN.
func (r *Resolver) historyOf(ctx context.Context, id string, first *int) (*store.ChangePage, error) {
	if err := curation.Authenticated(ctx); err != nil {
		return nil, err
	}
	if domain.PrincipalFrom(ctx).Role == domain.RoleViewer {
		return nil, &apperr.Error{Code: apperr.Forbidden, Message: "history by ID is for editors and administrators"}
	}
	kind, key, err := domain.ParseGlobalID("id", id)
	if err != nil {
		return nil, err
	}
	limit, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	ok, err := r.Curation.MayReadHistory(ctx, kind, key)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &apperr.Error{Code: apperr.Forbidden, Message: "this history is for administrators and the editors of the node's State"}
	}
	page, err := r.Store.History(ctx, domain.UID(kind, key), limit)
	return &page, err
}
