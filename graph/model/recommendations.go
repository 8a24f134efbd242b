package model

import "github.com/nmirf-hub/hub/domain"

// RecommendationFilter is the GraphQL input; resolvers turn its IDs into keys to make a
// domain.RecommendationFilter.
type RecommendationFilter struct {
	StateCodes             []string
	RecommendingStateCodes []string
	MechanismKinds         []domain.MechanismKind
	MechanismCodes         []string
	ThemeIds               []string
	ThemeKeys              []string
	AffectedGroupIds       []string
	AffectedGroupKeys      []string
	SdgCodes               []string
	Positions              []domain.PositionValue
	UprCycles              []int
	Types                  []domain.RecommendationType
	PublishedFrom          *domain.Date
	PublishedTo            *domain.Date
	Languages              []domain.Language
	TextContains           *string
}

// RecommendationConnection is a page of recommendations; Scope and Filter are kept so
// totalCount can be computed on demand.
type RecommendationConnection struct {
	Scope  domain.RecommendationScope
	Filter domain.RecommendationFilter
	Page   domain.Page[*domain.Recommendation]
	// Count is the total, when it was computed together with the page.
	Count *int
}

// RecommendationEdge is a recommendation with its cursor.
type RecommendationEdge struct {
	Cursor string
	Node   *domain.Recommendation
}

func (c *RecommendationConnection) Edges() []*RecommendationEdge {
	return edges(c.Page, func(cur string, r *domain.Recommendation) *RecommendationEdge {
		return &RecommendationEdge{cur, r}
	})
}
func (c *RecommendationConnection) Nodes() []*domain.Recommendation { return c.Page.Items }
func (c *RecommendationConnection) PageInfo() *domain.PageInfo      { return &c.Page.Info }

// RecommendationFacets holds the filter whose facets are asked for and the counts of the
// facets selected, all counted in one query (resolvers/facets.go), keyed by store.Facet.
type RecommendationFacets struct {
	Filter domain.RecommendationFilter
	Counts map[string][]*domain.FacetCount
}
