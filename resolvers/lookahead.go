package resolvers

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
)

// selectedUnder returns the names of the fields selected below the current field along
// path, e.g. ("nodes") or ("edges", "node"); types lists the type names that fragments may
// be conditioned on at each level.
func selectedUnder(ctx context.Context, path []string, types [][]string) map[string]bool {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return nil
	}
	opCtx := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFieldsCtx(ctx, types[0])
	for i, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				next = append(next, graphql.CollectFields(opCtx, f.Selections, types[i+1])...)
			}
		}
		fields = next
	}
	out := map[string]bool{}
	for _, f := range fields {
		out[f.Name] = true
	}
	return out
}

var (
	connTypes = []string{"RecommendationConnection"}
	edgeTypes = []string{"RecommendationEdge"}
	recTypes  = []string{"Recommendation", "Node"}
)

// recommendationSelection is what a recommendation connection's selection asks for: whether
// totalCount is wanted, and which fields of the recommendations.
func recommendationSelection(ctx context.Context) (wantsCount bool, nodeFields map[string]bool) {
	top := selectedUnder(ctx, nil, [][]string{connTypes})
	nodeFields = selectedUnder(ctx, []string{"nodes"}, [][]string{connTypes, recTypes})
	for k := range selectedUnder(ctx, []string{"edges", "node"}, [][]string{connTypes, edgeTypes, recTypes}) {
		nodeFields[k] = true
	}
	return top["totalCount"], nodeFields
}

// prefetch loads, for all recommendations of all pages at once, the linked items the
// selection asks for. The nested resolvers then find them in the loaders' caches, so the
// number of database round trips does not depend on how many parents or items there are.
func prefetch(ctx context.Context, conns []*model.RecommendationConnection, fields map[string]bool) {
	var keys []string
	var documents []string
	for _, c := range conns {
		for _, r := range c.Page.Items {
			keys = append(keys, r.Key)
			if r.DocumentKey != nil {
				documents = append(documents, *r.DocumentKey)
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	l := For(ctx)
	loads := map[string]func(){
		"affectedGroups": func() { _, _ = l.AffectedGroupsOf.LoadAll(ctx, keys) },
		"sdgTargets":     func() { _, _ = l.SdgTargetsOf.LoadAll(ctx, keys) },
		"sdgGoals":       func() { _, _ = l.SdgGoalsOf.LoadAll(ctx, keys) },
		"sources":        func() { _, _ = l.SourcesOf.LoadAll(ctx, uids(conns)) },
		"document":       func() { _, _ = l.DocumentByKey.LoadAll(ctx, documents) },
	}
	var run []func()
	for name, load := range loads {
		if fields[name] {
			run = append(run, load)
		}
	}
	// Mechanisms, States and themes of all items come in one query (see fold.go); should
	// it fail, the nested resolvers read them themselves.
	if links := recommendationLinks(fields); links.Any() {
		run = append(run, func() {
			if recs, err := l.store.RecommendationsWithLinks(ctx, keys, links); err == nil {
				primeRecommendations(ctx, recs, links)
			}
		})
	}
	var wg sync.WaitGroup
	for _, load := range run {
		wg.Add(1)
		go func() { defer wg.Done(); load() }()
	}
	wg.Wait()
}

func uids(conns []*model.RecommendationConnection) []string {
	var out []string
	for _, c := range conns {
		for _, r := range c.Page.Items {
			out = append(out, domain.UID(domain.KindRecommendation, r.Key))
		}
	}
	return out
}
