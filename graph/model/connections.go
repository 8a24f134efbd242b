// Package model holds the GraphQL-only types: connections and edges built around domain
// pages. The code generator writes models_gen.go beside this hand-written file.
package model

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// edges pairs each item of a page with its cursor.
func edges[T any, E any](p domain.Page[T], mk func(cursor string, item T) E) []E {
	out := make([]E, len(p.Items))
	for i, it := range p.Items {
		out[i] = mk(domain.EncodeCursor(p.SortKeys[i]), it)
	}
	return out
}

// StateConnection is a page of States; Filter is kept so totalCount can be computed on demand.
type StateConnection struct {
	Page   domain.Page[*domain.State]
	Filter domain.StateFilter
}

// StateEdge is a State with its cursor.
type StateEdge struct {
	Cursor string
	Node   *domain.State
}

func (c *StateConnection) Edges() []*StateEdge {
	return edges(c.Page, func(cur string, s *domain.State) *StateEdge { return &StateEdge{cur, s} })
}
func (c *StateConnection) Nodes() []*domain.State     { return c.Page.Items }
func (c *StateConnection) PageInfo() *domain.PageInfo { return &c.Page.Info }

// NMIRFConnection is a page of NMIRFs.
type NMIRFConnection struct {
	Page domain.Page[*domain.NMIRF]
}

// NMIRFEdge is an NMIRF with its cursor.
type NMIRFEdge struct {
	Cursor string
	Node   *domain.NMIRF
}

func (c *NMIRFConnection) Edges() []*NMIRFEdge {
	return edges(c.Page, func(cur string, n *domain.NMIRF) *NMIRFEdge { return &NMIRFEdge{cur, n} })
}
func (c *NMIRFConnection) Nodes() []*domain.NMIRF     { return c.Page.Items }
func (c *NMIRFConnection) PageInfo() *domain.PageInfo { return &c.Page.Info }

// NetworkMembershipConnection is a page of a network's memberships.
type NetworkMembershipConnection struct {
	NetworkKey string
	Page       domain.Page[*domain.Membership]
}

// NetworkMembership is a membership with its cursor: an edge of Network.members.
type NetworkMembership struct {
	Cursor     string
	Membership *domain.Membership
}

func (m *NetworkMembership) Node() *domain.NMIRF         { return m.Membership.NMIRF }
func (m *NetworkMembership) Role() domain.MembershipRole { return m.Membership.Role }
func (m *NetworkMembership) Since() *domain.Date         { return m.Membership.Since }

func (c *NetworkMembershipConnection) Edges() []*NetworkMembership {
	return edges(c.Page, func(cur string, m *domain.Membership) *NetworkMembership { return &NetworkMembership{cur, m} })
}

func (c *NetworkMembershipConnection) Nodes() []*domain.NMIRF {
	out := make([]*domain.NMIRF, len(c.Page.Items))
	for i, m := range c.Page.Items {
		out[i] = m.NMIRF
	}
	return out
}
func (c *NetworkMembershipConnection) PageInfo() *domain.PageInfo { return &c.Page.Info }

// GoodPracticeFilter is the GraphQL input for good practices.
type GoodPracticeFilter struct {
	StateCodes []string
	Capacities []domain.Capacity
	ThemeIds   []string
}

// GoodPracticeConnection is a page of good practices.
type GoodPracticeConnection struct {
	Filter domain.GoodPracticeFilter
	Page   domain.Page[*domain.GoodPractice]
}

// GoodPracticeEdge is a good practice with its cursor.
type GoodPracticeEdge struct {
	Cursor string
	Node   *domain.GoodPractice
}

func (c *GoodPracticeConnection) Edges() []*GoodPracticeEdge {
	return edges(c.Page, func(cur string, p *domain.GoodPractice) *GoodPracticeEdge { return &GoodPracticeEdge{cur, p} })
}
func (c *GoodPracticeConnection) Nodes() []*domain.GoodPractice { return c.Page.Items }
func (c *GoodPracticeConnection) PageInfo() *domain.PageInfo    { return &c.Page.Info }

// SearchConnection is a page of search hits.
type SearchConnection struct {
	Edges    []*SearchEdge
	PageInfo *domain.PageInfo
	// Count counts the search's hits (with whether the count hit the cap); called only
	// when totalCount is selected.
	Count func(context.Context) (int, bool, error)
}

// SearchEdge is one hit; Node is resolved from UID.
type SearchEdge struct {
	Cursor        string
	Score         float64
	Snippet       *string
	MatchedFields []string
	UID           string
}

// SimilarConnection is a list of similar recommendations.
type SimilarConnection struct {
	Edges []*store.SimilarHit
}
