package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/nmirf-hub/hub/apperr"
)

// Writes to editable nodes. Every write runs in one transaction that also records a
// (:Change {subject, at, actor, action, before, after}) — who, when, what, before and after —
// so the history can never miss a write, and survives a hard delete (it names its subject by
// uid rather than only by a relationship). Updates name the version they read: a stale one
// fails with CONFLICT instead of overwriting.
//
// The editable labels and the links each may have are fixed in `editables`; labels,
// relationship types and property names in the Cypher below come only from that table, never
// from input.

// link is one kind of outgoing relationship of an editable node.
type link struct {
	rel, target, prop string // relationship type, target label, the target's key property
	props             bool   // the relationship carries properties (kept in snapshots)
}

type editable struct {
	// statePath binds st, the State a node belongs to (for authorization scopes).
	statePath string
	links     map[string]link
	// dependents matches (d) nodes that cannot exist without n: n cannot be deleted while
	// there are any (a follow-up action must have its NMIRF, for instance).
	dependents string
}

var editables = map[string]editable{
	"GoodPractice": {statePath: `(n)-[:IN_STATE]->(st:State)`, links: map[string]link{
		"state": {"IN_STATE", "State", "code", false}, "nmirf": {"BY_NMIRF", "NMIRF", "key", false},
		"themes": {"ON_THEME", "Theme", "key", false}, "guidanceDimensions": {"SHOWS_DIMENSION", "GuidanceDimension", "key", false},
		"recommendations": {"ADDRESSES", "Recommendation", "key", false}, "sources": {"SOURCED_FROM", "Source", "key", false}}},
	"NMIRF": {statePath: `(n)-[:OF_STATE]->(st:State)`, dependents: `(d)-[:BY_NMIRF]->(n) WHERE d:FollowUpAction OR d:CuratedCluster`, links: map[string]link{
		"state": {"OF_STATE", "State", "code", false}, "sources": {"SOURCED_FROM", "Source", "key", false},
		"network": {"MEMBER_OF", "Network", "key", true}, "formerNetworks": {"FORMER_MEMBER_OF", "Network", "key", true}}},
	"Institution": {statePath: `(n)-[:OF_STATE]->(st:State)`, links: map[string]link{
		"state": {"OF_STATE", "State", "code", false}, "nmirfs": {"PART_OF_NMIRF", "NMIRF", "key", true}}},
	"FollowUpAction": {statePath: `(n)-[:BY_NMIRF]->(:NMIRF)-[:OF_STATE]->(st:State)`, links: map[string]link{
		"nmirf": {"BY_NMIRF", "NMIRF", "key", false}, "leadInstitution": {"LED_BY", "Institution", "key", false},
		"recommendation": {"FOLLOWS_UP", "Recommendation", "key", false}, "cluster": {"FOLLOWS_UP_CLUSTER", "CuratedCluster", "key", false}}},
	"CuratedCluster": {statePath: `(n)-[:BY_NMIRF]->(:NMIRF)-[:OF_STATE]->(st:State)`, dependents: `(d:FollowUpAction)-[:FOLLOWS_UP_CLUSTER]->(n)`, links: map[string]link{
		"nmirf": {"BY_NMIRF", "NMIRF", "key", false}, "recommendations": {"GROUPS", "Recommendation", "key", false},
		"themes": {"ON_THEME", "Theme", "key", false}}},
}

// Target is the far end of a link, with the relationship's properties when it has some.
type Target struct {
	Key   string
	Props map[string]any
}

// Keys turns plain keys into targets.
func Keys(keys []string) []Target {
	out := make([]Target, len(keys))
	for i, k := range keys {
		out[i] = Target{Key: k}
	}
	return out
}

// Write is one change to one editable node.
type Write struct {
	Label, Key string
	// Version is the version the caller read; CREATE ignores it and makes version 1. With
	// AnyVersion the version is not checked (additive changes such as adding a link).
	Version    int
	AnyVersion bool
	Action     string              // CREATE, UPDATE, ARCHIVE, LINK, UNLINK, … (recorded in the history)
	Actor      string              // the principal's name
	ActorID    string              // the principal's id: API token id or jwt:<sub>
	Props      map[string]any      // set on the node; a nil value removes the property
	Append     map[string]any      // one value appended to each of these list properties
	Replace    map[string][]Target // link name → the complete new set of targets
	Add        map[string][]Target // link name → targets to link (merged; properties set)
	Remove     map[string][]string // link name → target keys to unlink
}

// Apply runs w in one transaction with its Change record and returns the new version.
func (s *Store) Apply(ctx context.Context, w Write) (int, error) {
	spec, ok := editables[w.Label]
	if !ok {
		return 0, fmt.Errorf("apply: %q is not editable", w.Label)
	}
	for _, m := range []map[string][]Target{w.Replace, w.Add} {
		for name := range m {
			if _, ok := spec.links[name]; !ok {
				return 0, fmt.Errorf("apply: %s has no link %q", w.Label, name)
			}
		}
	}
	for name := range w.Remove {
		if _, ok := spec.links[name]; !ok {
			return 0, fmt.Errorf("apply: %s has no link %q", w.Label, name)
		}
	}
	version := 0
	err := s.inWrite(ctx, func(run runFunc) error {
		key := map[string]any{"key": w.Key}
		var before any
		if w.Action == "CREATE" {
			if _, err := run(`CREATE (n:`+w.Label+`:Entity {key: $key, uid: $uid, version: 1, createdAt: $at})`,
				map[string]any{"key": w.Key, "uid": w.Label + ":" + w.Key, "at": now()}); err != nil {
				return err
			}
		} else {
			v, snap, err := lockAndRead(run, w.Label, spec, w.Key)
			if err != nil {
				return err
			}
			if !w.AnyVersion && v != w.Version {
				return &apperr.Error{Code: apperr.Conflict, Field: "input.version",
					Message: fmt.Sprintf("it changed since you read it: it is at version %d, not %d; read it again", v, w.Version)}
			}
			before = snap
			if _, err := run(`MATCH (n:`+w.Label+` {key: $key}) SET n.version = coalesce(n.version, 0) + 1 REMOVE n.lockedAt`, key); err != nil {
				return err
			}
		}
		if len(w.Props) > 0 {
			if _, err := run(`MATCH (n:`+w.Label+` {key: $key}) SET n += $props`, map[string]any{"key": w.Key, "props": w.Props}); err != nil {
				return err
			}
		}
		for _, prop := range sortedKeys(w.Append) {
			if !validProperty(prop) {
				return fmt.Errorf("apply: bad property name %q", prop)
			}
			if _, err := run(`MATCH (n:`+w.Label+` {key: $key}) SET n.`+prop+` = coalesce(n.`+prop+`, []) + [$v]`,
				map[string]any{"key": w.Key, "v": w.Append[prop]}); err != nil {
				return err
			}
		}
		for _, name := range sortedKeys(w.Remove) {
			l := spec.links[name]
			if _, err := run(`MATCH (n:`+w.Label+` {key: $key})-[r:`+l.rel+`]->(t:`+l.target+`) WHERE t.`+l.prop+` IN $keys DELETE r`,
				map[string]any{"key": w.Key, "keys": w.Remove[name]}); err != nil {
				return err
			}
		}
		for _, name := range sortedKeys(w.Replace) {
			l := spec.links[name]
			if _, err := run(`MATCH (n:`+w.Label+` {key: $key}) OPTIONAL MATCH (n)-[r:`+l.rel+`]->(:`+l.target+`) DELETE r`, key); err != nil {
				return err
			}
			if err := addLinks(run, w.Label, w.Key, l, w.Replace[name]); err != nil {
				return err
			}
		}
		for _, name := range sortedKeys(w.Add) {
			if err := addLinks(run, w.Label, w.Key, spec.links[name], w.Add[name]); err != nil {
				return err
			}
		}
		recs, err := run(`MATCH (n:`+w.Label+` {key: $key}) RETURN n.version AS version, `+snapshot(spec)+` AS after`, key)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return &apperr.Error{Code: apperr.NotFound, Field: "input.id", Message: "no such record"}
		}
		version = intOf(recs[0], "version")
		return recordChange(run, w.Label, w.Key, w.Actor, w.ActorID, w.Action, before, mapOf(recs[0], "after"))
	})
	return version, err
}

// Delete removes a node and its relationships for good; the removal is recorded in its
// history with the last state of the node.
func (s *Store) Delete(ctx context.Context, label, key, actor, actorID string) error {
	spec, ok := editables[label]
	if !ok {
		return fmt.Errorf("delete: %q is not editable", label)
	}
	return s.inWrite(ctx, func(run runFunc) error {
		_, snap, err := lockAndRead(run, label, spec, key)
		if err != nil {
			return err
		}
		if spec.dependents != "" {
			recs, err := run(`MATCH (n:`+label+` {key: $key}) RETURN COUNT { MATCH `+spec.dependents+` } AS n`, map[string]any{"key": key})
			if err != nil {
				return err
			}
			if n := intOf(recs[0], "n"); n > 0 {
				return apperr.Invalid("input.id", "%d follow-up action(s) or curated cluster(s) depend on it: delete or move them first, or archive it instead", n)
			}
		}
		if err := recordChange(run, label, key, actor, actorID, "DELETE", snap, nil); err != nil {
			return err
		}
		_, err = run(`MATCH (n:`+label+` {key: $key}) DETACH DELETE n`, map[string]any{"key": key})
		return err
	})
}

// Owner tells whether an editable node exists and, if so, its State (for authorization),
// its version and whether it is archived.
type Owner struct {
	Found     bool
	StateCode string
	Version   int
	Archived  bool
}

// OwnerOf reads the owner facts of an editable node.
func (s *Store) OwnerOf(ctx context.Context, label, key string) (Owner, error) {
	spec, ok := editables[label]
	if !ok {
		return Owner{}, fmt.Errorf("owner: %q is not editable", label)
	}
	recs, err := s.read(ctx, `MATCH (n:`+label+` {key: $key})
RETURN n.version AS version, n.archivedAt IS NOT NULL OR n.status = 'ARCHIVED' AS archived,
  [`+spec.statePath+` | st.code][0] AS state`, map[string]any{"key": key})
	if err != nil {
		return Owner{}, fmt.Errorf("owner of %s %s: %w", label, key, err)
	}
	if len(recs) == 0 {
		return Owner{}, nil
	}
	st, _ := recs[0].Get("state")
	code, _ := st.(string)
	archived, _ := recs[0].Get("archived")
	a, _ := archived.(bool)
	return Owner{Found: true, StateCode: code, Version: intOf(recs[0], "version"), Archived: a}, nil
}

type runFunc func(cypher string, params map[string]any) ([]*neo4j.Record, error)

// inWrite runs fn in one managed write transaction (retried by the driver on transient
// errors, so fn must only touch the database).
func (s *Store) inWrite(ctx context.Context, fn func(run runFunc) error) error {
	_, err := s.transact(ctx, writeAccess, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, fn(func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
			r, err := tx.Run(ctx, cypher, params)
			if err != nil {
				return nil, err
			}
			return r.Collect(ctx)
		})
	})
	return err
}

// lockAndRead takes the node's write lock, then reads its version and snapshot. Locking first
// matters: of two editors racing on one version, the second waits for the first's commit and
// then sees the new version, so it gets CONFLICT instead of overwriting.
func lockAndRead(run runFunc, label string, spec editable, key string) (int, map[string]any, error) {
	params := map[string]any{"key": key}
	if _, err := run(`MATCH (n:`+label+` {key: $key}) SET n.lockedAt = timestamp()`, params); err != nil {
		return 0, nil, err
	}
	recs, err := run(`MATCH (n:`+label+` {key: $key}) RETURN n.version AS version, `+snapshot(spec)+` AS before`, params)
	if err != nil {
		return 0, nil, err
	}
	if len(recs) == 0 {
		return 0, nil, &apperr.Error{Code: apperr.NotFound, Field: "input.id", Message: "no such record"}
	}
	return intOf(recs[0], "version"), mapOf(recs[0], "before"), nil
}

func addLinks(run runFunc, label, key string, l link, targets []Target) error {
	if len(targets) == 0 {
		return nil
	}
	ts := make([]map[string]any, len(targets))
	for i, t := range targets {
		props := t.Props
		if props == nil {
			props = map[string]any{}
		}
		ts[i] = map[string]any{"key": t.Key, "props": props}
	}
	_, err := run(`MATCH (n:`+label+` {key: $key}) UNWIND $targets AS t
MATCH (x:`+l.target+` {`+l.prop+`: t.key}) MERGE (n)-[r:`+l.rel+`]->(x) SET r += t.props`,
		map[string]any{"key": key, "targets": ts})
	return err
}

// snapshot projects a node's properties and its editable links, for the history.
func snapshot(spec editable) string {
	var b strings.Builder
	b.WriteString(`n{.*`)
	for _, name := range sortedKeys(spec.links) {
		l := spec.links[name]
		if l.props {
			fmt.Fprintf(&b, `, %s: [(n)-[r:%s]->(t:%s) | {key: t.%s, link: properties(r)}]`, name, l.rel, l.target, l.prop)
		} else {
			fmt.Fprintf(&b, `, %s: [(n)-[:%s]->(t:%s) | t.%s]`, name, l.rel, l.target, l.prop)
		}
	}
	b.WriteString(`}`)
	return b.String()
}

// recordChange writes the Change of one write: who (the principal's name and id), when, what,
// before and after, and the node's State at the time (so that the history of a node deleted
// since stays readable by the editors of its State).
func recordChange(run runFunc, label, key, actor, actorID, action string, before, after any) error {
	state := `null`
	if spec, ok := editables[label]; ok && spec.statePath != "" {
		state = `[` + spec.statePath + ` | st.code][0]`
	}
	_, err := run(`OPTIONAL MATCH (n:`+label+` {key: $key})
WITH n, CASE WHEN n IS NULL THEN null ELSE `+state+` END AS state
CREATE (c:Change {subject: $subject, at: $at, actor: $actor, actorId: $actorId, action: $action, before: $before, after: $after, state: state})
FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | CREATE (c)-[:CHANGED]->(n))`,
		map[string]any{"key": key, "subject": label + ":" + key, "at": now(), "actor": actor, "actorId": actorID, "action": action,
			"before": jsonOrNil(before), "after": jsonOrNil(after)})
	return err
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func jsonOrNil(v any) any {
	m, ok := v.(map[string]any)
	if !ok || m == nil {
		return nil
	}
	delete(m, "lockedAt")
	for k, x := range m {
		if l, ok := x.([]any); ok {
			sortAny(l)
			m[k] = l
		}
	}
	b, err := json.Marshal(plain(m))
	if err != nil {
		return nil
	}
	return string(b)
}

// plain turns Neo4j values that JSON cannot show (dates) into text, at any depth.
func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.Time().Format(time.DateOnly)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// sortAny orders link lists so that two snapshots of the same links read the same.
func sortAny(l []any) {
	sort.SliceStable(l, func(i, j int) bool { return fmt.Sprint(l[i]) < fmt.Sprint(l[j]) })
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func validProperty(p string) bool {
	if p == "" {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
