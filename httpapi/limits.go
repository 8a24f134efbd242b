package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Limits bound what one GraphQL document may ask for; they are checked after parsing and
// validation and before any resolver runs, so a refused document costs no database work.
// The defaults equal graphql-armor's (depth 6, aliases 15, directives 50, tokens 1000,
// cost 5000), the strictest widely used set.
type Limits struct {
	MaxDepth      int  // nesting of fields, connection wrappers not counted; introspection has its own limit
	MaxAliases    int  // aliased fields in the document
	MaxDirectives int  // directive uses in the document
	MaxTokens     int  // parser tokens (gqlgen's parser limit)
	MaxCost       int  // cost with connection sizes as multipliers
	Introspection bool // __schema / __type allowed
	Suggestions   bool // "Did you mean …?" in validation errors
	// MaxIntrospectionDepth bounds nesting under __schema/__type (GraphiQL's own query needs 13).
	MaxIntrospectionDepth int
}

// DefaultLimits are used unless configured otherwise; introspection and suggestions are on
// for local use and off in the documented production profile.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 6, MaxAliases: 15, MaxDirectives: 50, MaxTokens: 1000, MaxCost: 5000,
		Introspection: true, Suggestions: true, MaxIntrospectionDepth: 15}
}

// The codes of refusals, in extensions.code.
const (
	codeDepth         = "DEPTH_LIMIT_EXCEEDED"
	codeAliases       = "ALIAS_LIMIT_EXCEEDED"
	codeDirectives    = "DIRECTIVE_LIMIT_EXCEEDED"
	codeIntrospection = "INTROSPECTION_DISABLED"
)

func refusal(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

// pageSize is the number of items a connection may return, as the cost counts it.
func pageSize(first, last *int) int {
	switch {
	case first != nil:
		return max(*first, 0)
	case last != nil:
		return max(*last, 0)
	}
	return domain.DefaultPageSize
}

// connectionCost follows Shopify's model: a connection costs 2 plus, for each item it may
// return, what its selection costs.
func connectionCost(child int, first, last *int) int { return priced(2, pageSize(first, last), child) }

// priced is base + n × child, saturating: a huge page size cannot wrap the cost around.
func priced(base, n, child int) int { return satAdd(base, satMul(n, child)) }

// setCosts gives every connection and long list its multiplier.
func setCosts(c *graph.ComplexityRoot) {
	type recArgs = func(int, *int, *string, *int, *string, *model.RecommendationFilter, *domain.RecommendationOrder) int
	recConn := recArgs(func(child int, first *int, _ *string, last *int, _ *string, _ *model.RecommendationFilter, _ *domain.RecommendationOrder) int {
		return connectionCost(child, first, last)
	})
	c.Query.Recommendations = recConn
	c.State.RecommendationsReceived = recConn
	c.State.RecommendationsMade = recConn
	c.Mechanism.Recommendations = recConn
	c.Theme.Recommendations = recConn
	c.AffectedGroup.Recommendations = recConn
	c.SdgTarget.Recommendations = recConn
	c.Document.Recommendations = func(child int, first *int, _ *string, last *int, _ *string, _ *domain.RecommendationOrder) int {
		return connectionCost(child, first, last)
	}
	c.Query.States = func(child int, first *int, _ *string, last *int, _ *string, _ *domain.StateFilter) int {
		return connectionCost(child, first, last)
	}
	c.Query.Nmirfs = func(child int, first *int, _ *string, last *int, _ *string) int {
		return connectionCost(child, first, last)
	}
	c.Query.GoodPractices = func(child int, first *int, _ *string, last *int, _ *string, _ *model.GoodPracticeFilter) int {
		return connectionCost(child, first, last)
	}
	c.Query.Search = func(child int, _ string, _ *domain.Language, _ []store.SearchType, _ *model.RecommendationFilter, first *int, _ *string) int {
		return connectionCost(child, first, nil)
	}
	c.Query.Neighbourhood = func(child int, _ string, _ *int, limit *int, _ []string) int {
		return connectionCost(child, limit, nil)
	}
	c.Query.Paths = func(child int, _, _ string, maxLength, first *int, _ *bool) int {
		return priced(2, satMul(pageSize(first, nil), pageSize(maxLength, nil)), child)
	}
	// Similarity runs one query per recommendation asked: priced so lists of them stay short.
	c.Recommendation.Similar = func(child int, first *int, _ *domain.Language) int { return priced(50, pageSize(first, nil), child) }
	c.Query.RecommendationsLike = func(child int, _ string, _ *domain.Language, _ []string, first *int) int {
		return priced(50, pageSize(first, nil), child)
	}
	c.State.PeerPractices = func(child int, first *int) int { return priced(20, pageSize(first, nil), child) }
	c.Recommendation.PeerPractices = func(child int, first *int) int { return priced(20, pageSize(first, nil), child) }
	c.State.RecommendationClusters = func(child int, _ *model.RecommendationFilter) int { return priced(20, 20, child) }
	c.RecommendationCluster.Recommendations = func(child int, first *int) int { return priced(1, pageSize(first, nil), child) }
	c.CuratedCluster.Recommendations = func(child int, first *int) int { return priced(1, pageSize(first, nil), child) }
	history := func(child int, first *int) int { return priced(1, pageSize(first, nil), child) }
	c.GoodPractice.History, c.NMIRF.History, c.Institution.History = history, history, history
	c.FollowUpAction.History, c.CuratedCluster.History = history, history
	c.Query.History = func(child int, _ string, first *int) int { return history(child, first) }
	c.Network.Members = func(child int, first *int, _ *string, last *int, _ *string) int {
		return connectionCost(child, first, last)
	}
	c.Query.Nodes = func(child int, ids []string) int { return priced(1, len(ids), child) }
	// Lists bounded by the size of a taxonomy.
	c.Query.Themes = func(child int, _ *bool) int { return priced(1, 100, child) }
	c.Query.Mechanisms = func(child int, _ []domain.MechanismKind) int { return priced(1, 70, child) }
	c.Query.AffectedGroups = func(child int) int { return priced(1, 35, child) }
	c.Query.SdgGoals = func(child int) int { return priced(1, 17, child) }
	c.SdgGoal.Targets = func(child int) int { return priced(1, 12, child) }
}

// costInExtensions adds extensions.cost to every response: what the operation was charged
// and the limit, so clients can see how close they are.
type costInExtensions struct{ limit int }

func (costInExtensions) ExtensionName() string                   { return "CostInExtensions" }
func (costInExtensions) Validate(graphql.ExecutableSchema) error { return nil }
func (c costInExtensions) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	requested := 0
	if graphql.HasOperationContext(ctx) {
		if stats := extension.GetComplexityStats(ctx); stats != nil {
			requested = stats.Complexity
		}
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["cost"] = map[string]int{"requested": requested, "limit": c.limit}
	return resp
}
