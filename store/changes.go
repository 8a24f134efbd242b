package store

import (
	"context"
	"fmt"
)

// The history of editable nodes: every write through Apply or Delete records a Change
// (write.go); these read them back.

// Change is one recorded write.
type Change struct {
	At, Actor, Action string
	ActorID           *string // the principal's id (token id or jwt:<sub>); nil in changes recorded before it was kept
	Before, After     *string
}

// ChangePage is a page of changes.
type ChangePage struct {
	Nodes      []*Change
	TotalCount int
}

// History returns the changes of a node, newest first.
func (s *Store) History(ctx context.Context, uid string, limit int) (ChangePage, error) {
	recs, err := s.read(ctx, `MATCH (c:Change {subject: $uid})
WITH c ORDER BY c.at DESC
WITH collect(c) AS cs
RETURN size(cs) AS total, [c IN cs[..$limit] | c{.at, .actor, .actorId, .action, .before, .after}] AS changes`,
		map[string]any{"uid": uid, "limit": limit})
	if err != nil {
		return ChangePage{}, fmt.Errorf("history: %w", err)
	}
	var page ChangePage
	if len(recs) == 0 {
		return page, nil
	}
	page.TotalCount = intOf(recs[0], "total")
	for _, m := range listOfMaps(recs[0], "changes") {
		page.Nodes = append(page.Nodes, &Change{At: str(m, "at"), Actor: str(m, "actor"), ActorID: optStr(m, "actorId"), Action: str(m, "action"),
			Before: optStr(m, "before"), After: optStr(m, "after")})
	}
	return page, nil
}

// HistoryState returns the State recorded with a node's latest change ("" when none was), for
// deciding who may read the history of a node that no longer exists.
func (s *Store) HistoryState(ctx context.Context, uid string) (string, error) {
	recs, err := s.read(ctx, `MATCH (c:Change {subject: $uid}) WHERE c.state IS NOT NULL
RETURN c.state AS state ORDER BY c.at DESC LIMIT 1`, map[string]any{"uid": uid})
	if err != nil {
		return "", fmt.Errorf("history state: %w", err)
	}
	if len(recs) == 0 {
		return "", nil
	}
	return strOf(recs[0], "state"), nil
}
