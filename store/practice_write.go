package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
)

// Writing good practices. Every write runs in one transaction that also records a
// (:Change) node — who, when, what, before and after — linked to the practice, so the history
// can never miss a write. Updates name the version they read: a stale one fails with CONFLICT.

// PracticeWrite is what a create or update sets; nil fields are left as they are.
type PracticeWrite struct {
	Titles, Summaries  domain.Texts // merged into the existing texts
	StateCode          *string
	NMIRFKey           *string
	Capacities         []domain.Capacity
	Stakeholders       []string
	Tools              []string
	PeriodStart        *int
	PeriodEnd          *int
	Outcome            *string
	Status             *domain.PracticeStatus
	ThemeKeys          *[]string
	DimensionKeys      *[]string
	RecommendationKeys *[]string
}

// Change is one recorded write.
type Change struct {
	At, Actor, Action string
	Before, After     *string
}

// ChangePage is a page of changes.
type ChangePage struct {
	Nodes      []*Change
	TotalCount int
}

func (w PracticeWrite) props() map[string]any {
	p := map[string]any{}
	for l, t := range w.Titles {
		p["title_"+l.Code()] = t
	}
	for l, t := range w.Summaries {
		p["summary_"+l.Code()] = t
	}
	if w.Capacities != nil {
		p["capacities"] = strs(w.Capacities)
	}
	if w.Stakeholders != nil {
		p["stakeholders"] = w.Stakeholders
	}
	if w.Tools != nil {
		p["tools"] = w.Tools
	}
	if w.PeriodStart != nil {
		p["periodStart"] = *w.PeriodStart
	}
	if w.PeriodEnd != nil {
		p["periodEnd"] = *w.PeriodEnd
	}
	if w.Outcome != nil {
		p["outcome"] = *w.Outcome
	}
	if w.Status != nil {
		p["status"] = string(*w.Status)
	}
	return p
}

const practiceSnapshot = `p{.*}`

// WritePractice creates (version 0 → 1) or updates a practice and records the change.
func (s *Store) WritePractice(ctx context.Context, key string, version int, w PracticeWrite, actor, action string) (*domain.GoodPractice, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	countRoundTrip(ctx)
	res, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		run := func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
			r, err := tx.Run(ctx, cypher, params)
			if err != nil {
				return nil, err
			}
			return r.Collect(ctx)
		}
		params := map[string]any{"key": key, "version": version, "props": w.props()}
		var before any
		if action == "CREATE" {
			if _, err := run(`CREATE (p:GoodPractice:Entity {key: $key, uid: 'GoodPractice:' + $key, version: 1}) SET p += $props`, params); err != nil {
				return nil, err
			}
		} else {
			// Lock first (a write takes the node's exclusive lock until commit), then read the
			// version: of two editors racing on one version, the second waits here and then
			// sees the first's version, so it gets CONFLICT instead of overwriting.
			if _, err := run(`MATCH (p:GoodPractice {key: $key}) SET p.lockedAt = timestamp()`, params); err != nil {
				return nil, err
			}
			recs, err := run(`MATCH (p:GoodPractice {key: $key}) RETURN p.version AS version, `+practiceSnapshot+` AS before`, params)
			if err != nil {
				return nil, err
			}
			if len(recs) == 0 {
				return nil, &apperr.Error{Code: apperr.NotFound, Field: "input.id", Message: "no such good practice"}
			}
			if intOf(recs[0], "version") != version {
				return nil, &apperr.Error{Code: apperr.Conflict, Field: "input.version",
					Message: fmt.Sprintf("the practice changed since you read it: it is at version %d, not %d; read it again", intOf(recs[0], "version"), version)}
			}
			before = mapOf(recs[0], "before")
			if _, err := run(`MATCH (p:GoodPractice {key: $key, version: $version}) SET p += $props, p.version = p.version + 1 REMOVE p.lockedAt`, params); err != nil {
				return nil, err
			}
		}
		if w.StateCode != nil {
			if _, err := run(`MATCH (p:GoodPractice {key: $key}) OPTIONAL MATCH (p)-[old:IN_STATE]->() DELETE old
WITH p MATCH (s:State {code: $code}) CREATE (p)-[:IN_STATE]->(s)`, map[string]any{"key": key, "code": *w.StateCode}); err != nil {
				return nil, err
			}
		}
		if w.NMIRFKey != nil {
			if _, err := run(`MATCH (p:GoodPractice {key: $key}) OPTIONAL MATCH (p)-[old:BY_NMIRF]->() DELETE old
WITH p MATCH (n:NMIRF {key: $nmirf}) CREATE (p)-[:BY_NMIRF]->(n)`, map[string]any{"key": key, "nmirf": *w.NMIRFKey}); err != nil {
				return nil, err
			}
		}
		for _, l := range []struct {
			keys          *[]string
			rel, label, k string
		}{{w.ThemeKeys, "ON_THEME", "Theme", "key"}, {w.DimensionKeys, "SHOWS_DIMENSION", "GuidanceDimension", "key"},
			{w.RecommendationKeys, "ADDRESSES", "Recommendation", "key"}} {
			if l.keys == nil {
				continue
			}
			// rel and label come from the fixed table above, never from input.
			if _, err := run(`MATCH (p:GoodPractice {key: $key}) OPTIONAL MATCH (p)-[old:`+l.rel+`]->() DELETE old
WITH DISTINCT p UNWIND $keys AS k MATCH (t:`+l.label+` {`+l.k+`: k}) CREATE (p)-[:`+l.rel+`]->(t)`,
				map[string]any{"key": key, "keys": *l.keys}); err != nil {
				return nil, err
			}
		}
		recs, err := run(`MATCH (p:GoodPractice {key: $key}) RETURN `+practiceSnapshot+` AS after`, params)
		if err != nil {
			return nil, err
		}
		beforeJSON, afterJSON := jsonOrNil(before), jsonOrNil(mapOf(recs[0], "after"))
		if _, err := run(`MATCH (p:GoodPractice {key: $key})
CREATE (c:Change {at: $at, actor: $actor, action: $action, before: $before, after: $after})-[:CHANGED]->(p)`,
			map[string]any{"key": key, "at": time.Now().UTC().Format(time.RFC3339Nano), "actor": actor, "action": action,
				"before": beforeJSON, "after": afterJSON}); err != nil {
			return nil, err
		}
		return nil, nil
	})
	_ = res
	if err != nil {
		return nil, classify(err)
	}
	got, err := s.PracticesByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return got[key], nil
}

func jsonOrNil(v any) any {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok || m == nil {
		return nil
	}
	delete(m, "lockedAt")
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return string(b)
}

// History returns the changes of a node, newest first.
func (s *Store) History(ctx context.Context, uid string, limit int) (ChangePage, error) {
	recs, err := s.read(ctx, `MATCH (c:Change)-[:CHANGED]->(:Entity {uid: $uid})
WITH c ORDER BY c.at DESC
WITH collect(c) AS cs
RETURN size(cs) AS total, [c IN cs[..$limit] | c{.at, .actor, .action, .before, .after}] AS changes`,
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
		page.Nodes = append(page.Nodes, &Change{At: str(m, "at"), Actor: str(m, "actor"), Action: str(m, "action"),
			Before: optStr(m, "before"), After: optStr(m, "after")})
	}
	return page, nil
}

// CountNodes returns a function counting the nodes of a label with the given keys; label
// is one of the fixed names the resolvers pass, never input.
func (s *Store) CountNodes(label string) func(context.Context, []string) (int, error) {
	prop := "key"
	if label == "State" {
		prop = "code"
	}
	return func(ctx context.Context, keys []string) (int, error) {
		return s.count(ctx, `MATCH (n:`+label+`) WHERE n.`+prop+` IN $keys RETURN count(n) AS n`, map[string]any{"keys": keys})
	}
}
