package resolvers

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
)

// selectedNames returns the names of the fields selected on the current field's value, with
// fragments on the given types.
func selectedNames(ctx context.Context, types []string) map[string]bool {
	out := map[string]bool{}
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return out
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, types) {
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
// totalCount is wanted, and the fields selected on the recommendations (under nodes and
// under edges.node).
func recommendationSelection(ctx context.Context) (wantsCount bool, nodes []graphql.CollectedField) {
	fc := graphql.GetFieldContext(ctx)
	if !graphql.HasOperationContext(ctx) || fc == nil {
		return false, nil
	}
	return connectionSelection(graphql.GetOperationContext(ctx), fc.Field.Selections)
}

// prefetch loads, for all recommendations of all pages at once, the linked items the
// selection asks for that the page's own read did not bring (fields outside plan.go's
// table). The nested resolvers then find them in the loaders' caches, so the number of
// database round trips does not depend on how many parents or items there are.
func prefetch(ctx context.Context, conns []*model.RecommendationConnection, nodes []graphql.CollectedField) {
	fields := map[string]bool{}
	for _, f := range nodes {
		fields[f.Name] = true
	}
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
