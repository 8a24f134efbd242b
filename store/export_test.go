package store

// Functions only the store's tests use, compiled into the tests alone: the hub itself never
// calls them.

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Recount counts facets from the recommendations themselves, ignoring stored counts: the
// reference that tests compare stored counts with.
func (s *Store) Recount(ctx context.Context, facets []Facet, f domain.RecommendationFilter) (map[Facet][]*domain.FacetCount, error) {
	return s.countFacets(ctx, facets, f, false)
}

// KeptFacets says how many of facets under f are stored at the current graph version, and
// that version.
func (s *Store) KeptFacets(ctx context.Context, facets []Facet, f domain.RecommendationFilter) (kept int, version int64, err error) {
	keys := make([]string, len(facets))
	for i, fc := range facets {
		keys[i] = facetCacheKey(fc, f)
	}
	recs, err := s.read(ctx, `MATCH (v:GraphVersion {key: 'graph'})
RETURN v.n AS version, COUNT { MATCH (c:FacetCount) WHERE c.key IN $keys AND c.version = v.n } AS kept`, map[string]any{"keys": keys})
	if err != nil || len(recs) == 0 {
		return 0, 0, err
	}
	return intOf(recs[0], "kept"), int64(intOf(recs[0], "version")), nil
}

// GraphVersion is the graph's version now (see bumpGraphVersion).
func (s *Store) GraphVersion(ctx context.Context) (int64, error) {
	_, v, err := s.KeptFacets(ctx, nil, domain.RecommendationFilter{})
	return v, err
}

// NodeExists reports whether a node with the given uid exists.
func (s *Store) NodeExists(ctx context.Context, uid string) (bool, error) {
	n, err := s.count(ctx, `MATCH (n:Entity {uid: $uid}) RETURN count(n) AS n`, map[string]any{"uid": uid})
	if err != nil {
		return false, fmt.Errorf("node exists: %w", err)
	}
	return n > 0, nil
}

// CountUnsourced counts domain nodes that have no source (sources and import runs are
// provenance themselves; records written through the API have their change history).
func (s *Store) CountUnsourced(ctx context.Context) (int, error) {
	n, err := s.count(ctx, `MATCH (n:Entity) WHERE NOT n:Source AND NOT n:ImportRun AND NOT (n)-[:SOURCED_FROM]->(:Source)
  AND NOT EXISTS { (:Change)-[:CHANGED]->(n) } RETURN count(n) AS n`, nil)
	if err != nil {
		return 0, fmt.Errorf("count unsourced: %w", err)
	}
	return n, nil
}

// GraphSize counts the nodes and relationships in the graph.
type GraphSize struct{ Nodes, Relationships int }

// SubgraphSize counts the nodes with the given uids and the relationships among them: the
// part of the graph a dataset owns, whatever else is written at the same time.
func (s *Store) SubgraphSize(ctx context.Context, uids []string) (GraphSize, error) {
	recs, err := s.read(ctx, `MATCH (n:Entity) WHERE n.uid IN $uids
WITH collect(n) AS ns
CALL (ns) { UNWIND ns AS a MATCH (a)-[r]->(b:Entity) WHERE b.uid IN $uids RETURN count(r) AS rels }
RETURN size(ns) AS nodes, rels`, map[string]any{"uids": uids})
	if err != nil {
		return GraphSize{}, fmt.Errorf("subgraph size: %w", err)
	}
	return GraphSize{Nodes: intOf(recs[0], "nodes"), Relationships: intOf(recs[0], "rels")}, nil
}

// HasStates reports whether any State is in the graph.
func (s *Store) HasStates(ctx context.Context) (bool, error) {
	n, err := s.count(ctx, `MATCH (s:State) WITH s LIMIT 1 RETURN count(s) AS n`, nil)
	if err != nil {
		return false, fmt.Errorf("check for states: %w", err)
	}
	return n > 0, nil
}

// UIDs lists the uid of every node the seed writes.
func (seed Seed) UIDs() []string {
	out := uidsOf(seed.Sources)
	out = append(out, sourcedUIDs(seed.States)...)
	out = append(out, sourcedUIDs(seed.Instruments)...)
	out = append(out, sourcedUIDs(seed.Events)...)
	out = append(out, sourcedUIDs(seed.NMIRFs)...)
	out = append(out, sourcedUIDs(seed.Networks)...)
	out = append(out, uidsOf(seed.Mechanisms)...)
	out = append(out, uidsOf(seed.Themes)...)
	out = append(out, uidsOf(seed.AffectedGroups)...)
	out = append(out, uidsOf(seed.SdgGoals)...)
	out = append(out, uidsOf(seed.SdgTargets)...)
	out = append(out, sourcedUIDs(seed.Documents)...)
	out = append(out, sourcedUIDs(seed.GuidanceDimensions)...)
	out = append(out, sourcedUIDs(seed.Organizations)...)
	for _, r := range seed.Recommendations {
		out = append(out, domain.UID(domain.KindRecommendation, r.Key))
	}
	for i := range seed.Institutions {
		out = append(out, seed.Institutions[i].Institution.UID())
	}
	for i := range seed.Practices {
		out = append(out, seed.Practices[i].Practice.UID())
	}
	return out
}

// uidsOf lists the uids of items whose pointers are nodes.
func uidsOf[T any, P interface {
	*T
	domain.Node
}](items []T) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = P(&items[i]).UID()
	}
	return out
}

func sourcedUIDs[T any, P interface {
	*T
	domain.Node
}](items []Sourced[T]) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = P(&items[i].Item).UID()
	}
	return out
}

// PeerNeedsOf returns the keys of the needs (peer_needs.go) that a recommendation text shows,
// read by Neo4j as the peer query reads it.
func (s *Store) PeerNeedsOf(ctx context.Context, text string) ([]string, error) {
	recs, err := s.read(ctx, `UNWIND $needs AS need WITH need WHERE $text =~ need.pattern RETURN need.key AS k`,
		map[string]any{"needs": peerNeedParams(), "text": text})
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, r := range recs {
		out = append(out, strOf(r, "k"))
	}
	return out, nil
}

// ClearQueryCaches makes Neo4j forget every plan, as after a restart. (A procedure of the
// DBMS, not a change of data: it does not move the graph version.)
func (s *Store) ClearQueryCaches(ctx context.Context) error {
	_, err := s.runOne(ctx, schemaWrite, `CALL db.clearQueryCaches()`, nil)
	return err
}

// ForgetFirstRuns makes the store treat every query text as never run (plans.go).
func (s *Store) ForgetFirstRuns() {
	s.plans.mu.Lock()
	s.plans.first = nil
	s.plans.mu.Unlock()
}

// BookkeepingLinks exposes bookkeepingLinks to the store's tests.
var BookkeepingLinks = bookkeepingLinks

// EntityLinkTypes lists the relationship types present between two entities.
func (s *Store) EntityLinkTypes(ctx context.Context) ([]string, error) {
	recs, err := s.read(ctx, `MATCH (:Entity)-[r]->(:Entity) RETURN collect(DISTINCT type(r)) AS types`, nil)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	var types []string
	for _, t := range recs[0].AsMap()["types"].([]any) {
		types = append(types, t.(string))
	}
	return types, nil
}

// StaleReceivedPageKeys counts the ADDRESSED_TO links whose page keys are missing or stale:
// none, unless a writer forgot them (the page of a State would then miss those
// recommendations).
func (s *Store) StaleReceivedPageKeys(ctx context.Context) (int, error) {
	recs, err := s.read(ctx, staleReceivedPageKeys+" RETURN count(a) AS n", nil)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return intOf(recs[0], "n"), nil
}

// DropReceivedPageKeys removes the page keys from a recommendation's ADDRESSED_TO links, as
// a hub that did not write them would have left them.
func (s *Store) DropReceivedPageKeys(ctx context.Context, key string) error {
	_, err := s.write(ctx, `MATCH (:Recommendation {key: $key})-[a:ADDRESSED_TO]->() REMOVE a.state, a.kind, a.sk`, map[string]any{"key": key})
	return err
}

// BackfillReceivedPageKeys is the backfill Migrate runs.
func (s *Store) BackfillReceivedPageKeys(ctx context.Context) error {
	return s.backfillReceivedPageKeys(ctx)
}

// DropReceivedPageKind removes the mechanism kind from a recommendation's ADDRESSED_TO links,
// as a hub that wrote only the State and the sort key would have left them.
func (s *Store) DropReceivedPageKind(ctx context.Context, key string) error {
	_, err := s.write(ctx, `MATCH (:Recommendation {key: $key})-[a:ADDRESSED_TO]->() REMOVE a.kind`, map[string]any{"key": key})
	return err
}

// DuplicateAddressedTo gives a recommendation a second link to one of its States, with the
// same keys, as an older hub could leave it.
func (s *Store) DuplicateAddressedTo(ctx context.Context, key, code string) error {
	_, err := s.write(ctx, `MATCH (r:Recommendation {key: $key})-[a:ADDRESSED_TO]->(st:State {code: $code})
CREATE (r)-[b:ADDRESSED_TO]->(st) SET b = properties(a)`, map[string]any{"key": key, "code": code})
	return err
}

// ReadForAWhile runs a read that keeps the database busy for seconds (counting through
// fifty million numbers), for tests of what a query that outlives its time does.
func (s *Store) ReadForAWhile(ctx context.Context) error {
	_, err := s.read(ctx, `UNWIND range(1, 50000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n`, nil)
	return err
}

// BreakerOpen says whether the store fails queries fast, taking the database for lost.
func (s *Store) BreakerOpen() bool { return s.breaker.open() }

// ReadOne runs cypher as the hub's one-row reads run (coalesced with reads of its text that
// wait), returning its records.
func (s *Store) ReadOne(ctx context.Context, cypher string, params map[string]any, cols []string) ([]*neo4j.Record, error) {
	return s.readOne(ctx, cypher, params, cols)
}

// CoalescingRefused says whether Neo4j refused the batched form of cypher, which then runs
// alone.
func (s *Store) CoalescingRefused(cypher string) bool {
	sh := s.coalesce.shape(cypher)
	return sh != nil && sh.refused.Load()
}

// CoalesceRunning says how many statements of cypher's lane (a text without LIMIT or SKIP
// parameters) run now.
func (s *Store) CoalesceRunning(cypher string) int {
	s.coalesce.mu.Lock()
	defer s.coalesce.mu.Unlock()
	if l := s.coalesce.lanes[cypher+"\x00rows"]; l != nil {
		return l.running
	}
	return 0
}

// RunSharedStatement runs cypher as one shared statement for requests with ctxs and params
// (as a lane's batch runs), returning when the statement ended and whether each request was
// answered (false: told to run alone).
func (s *Store) RunSharedStatement(cypher string, cols []string, ctxs []context.Context, params []map[string]any) []bool {
	sh := s.coalesce.shape(cypher)
	batch := make([]*member, len(ctxs))
	for i := range ctxs {
		batch[i] = &member{ctx: ctxs[i], params: params[i], done: make(chan answer, 1)}
	}
	s.runBatch(sh, cols, batch)
	answered := make([]bool, len(batch))
	for i, m := range batch {
		a := <-m.done
		answered[i] = !a.alone && a.err == nil
	}
	return answered
}

// CoalescingPaused says whether cypher's shared statements are paused after failures.
func (s *Store) CoalescingPaused(cypher string) bool {
	sh := s.coalesce.shape(cypher)
	return sh != nil && !sh.refused.Load() && sh.alone()
}
