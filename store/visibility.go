package store

import (
	"context"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// visibleNode is the one visibility rule for drafts and archived nodes, for every read where
// a node can surface (lists, search, paths, neighbourhoods, peers, clusters, explorer): a node
// is visible when it is neither a draft nor archived (a good practice whose status is not
// PUBLISHED, or any node with archivedAt); a draft is visible besides to administrators and to
// the editors who may write it (editors of every State, or of its State). Archived nodes are
// in no list. v names the node variable; the parameters come from visibility(ctx). By ID,
// resolvers.canSee applies the same rule and also shows archived nodes to who may edit them.
func visibleNode(v string) string {
	return strings.ReplaceAll(`(NOT ({v}:GoodPractice AND {v}.status <> 'PUBLISHED') AND {v}.archivedAt IS NULL
  OR {v}:GoodPractice AND {v}.status = 'DRAFT' AND ($draftsAll OR EXISTS { ({v})-[:IN_STATE]->(ds:State) WHERE ds.code IN $draftStates }))`,
		"{v}", v)
}

// visibleToCaller is visibleNode for a good practice bound to x.
var visibleToCaller = visibleNode("x")

// visibility adds the caller's draft rights to params.
func visibility(ctx context.Context, params map[string]any) map[string]any {
	p := domain.PrincipalFrom(ctx)
	all, states := false, []string{}
	switch {
	case p.Role == domain.RoleAdmin || p.Role == domain.RoleEditor && p.StateCode == "":
		all = true
	case p.Role == domain.RoleEditor:
		states = []string{p.StateCode}
	}
	params["draftsAll"], params["draftStates"] = all, states
	return params
}
