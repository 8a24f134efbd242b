package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// A State's recommendations, newest first: the State page's and the country profile's list.
//
// Read from the State, a page must expand all the State's ADDRESSED_TO links and sort them:
// 24,000 db hits and 20 ms for the first 10 of a State with 8,116 recommendations in the
// benchmark's graph, whatever the page size. So each ADDRESSED_TO link also carries the
// State's code and the recommendation's sort key (sk_pubdesc), written with the link
// (recommendationLinks), and a composite index on the two gives the page in index order: 34
// db hits and 1.3 ms for the same page. The unfiltered newest-first page of a State's
// received recommendations is read that way.
//
// The links also carry the recommendation's mechanism kind, under a second index (State,
// kind, sort key): "the UPR recommendations my State received", the list an NMIRF reads
// most, is then a walk of that index too, and so is its count. The same list filtered from
// every recommendation read, for each of the State's links, the recommendation's kind and
// sort key: 13–17 ms of Neo4j's CPU for Brazil's first page and count in the benchmark's
// graph (PROFILE: a Sort of all 2,752 rows before the LIMIT).
//
// A list is read from the links when it is the recommendations addressed to one State
// (received by it, or all of them filtered by that State alone), filtered by at most one
// mechanism kind and nothing else (linkList); its pages also need the newest-first order.

// noMechanismKind is the kind a link carries when its recommendation has no mechanism: every
// link has its three keys, so that counting the links without them is a count of the
// index's entries (backfillReceivedPageKeys). No filter names it: kinds are validated.
const noMechanismKind = "-"

// linkKind is the Cypher expression of the kind a link carries for a recommendation whose
// mechanism kind is the expression mechanismKind (null without a mechanism): the one rule the
// transactional writer (receivedPageKeys) and the backfill (setReceivedPageKeys) both write.
// The initial load's files write it in Go (receivedPageKeysOf).
func linkKind(mechanismKind string) string {
	return "coalesce(" + mechanismKind + ", '" + noMechanismKind + "')"
}

// receivedPageKeysOf are the page keys of an ADDRESSED_TO link to the State v from the
// recommendation whose properties are props (what receivedPageKeys writes).
func receivedPageKeysOf(v any, props map[string]any) map[string]any {
	kind := props["mechanismKind"]
	if kind == nil {
		kind = noMechanismKind
	}
	return map[string]any{"state": v, "kind": kind, "sk": props["sk_pubdesc"]}
}

// staleReceivedPageKeys matches the ADDRESSED_TO links a whose page keys are missing or
// differ from their State's code, their recommendation's mechanism kind and sort key (a
// recommendation without a sort key, which no writer leaves, has none to give: the backfill
// would never end).
var staleReceivedPageKeys = `MATCH (r:Recommendation)-[a:ADDRESSED_TO]->(st:State)
WHERE r.sk_pubdesc IS NOT NULL AND (a.state IS NULL OR a.sk IS NULL OR a.kind IS NULL OR a.state <> st.code OR a.sk <> r.sk_pubdesc
  OR a.kind <> ` + linkKind("r.mechanismKind") + `)`

// setReceivedPageKeys gives the links staleReceivedPageKeys matched their keys.
var setReceivedPageKeys = ` SET a.state = st.code, a.kind = ` + linkKind("r.mechanismKind") + `, a.sk = r.sk_pubdesc`

// linkScope selects the links of a list that linkList accepts: the conditions on a (with
// their parameters, l_state and l_kind) and the index properties to walk in order, the sort
// key last.
type linkScope struct {
	cond string
	walk []string
}

// linkList says whether a list can be read from its links' page keys (see above), and gives
// the links that select it.
func linkList(kind domain.ScopeKind, f domain.RecommendationFilter, params map[string]any) (linkScope, bool) {
	rest := f
	rest.StateCodes, rest.MechanismKinds = nil, nil
	if !filterIsEmpty(rest) || len(f.MechanismKinds) > 1 {
		return linkScope{}, false
	}
	var l linkScope
	switch {
	case kind == domain.ScopeReceivedBy && len(f.StateCodes) == 0:
		l.cond = "a.state = scope"
	case kind == domain.ScopeAll && len(f.StateCodes) == 1:
		l.cond, params["l_state"] = "a.state = $l_state", f.StateCodes[0]
	default:
		return linkScope{}, false
	}
	l.walk = []string{"a.state"}
	if len(f.MechanismKinds) == 1 {
		l.cond += " AND a.kind = $l_kind"
		params["l_kind"] = string(f.MechanismKinds[0])
		l.walk = append(l.walk, "a.kind")
	}
	l.walk = append(l.walk, "a.sk")
	return l, true
}

// pageBody is the subquery body of one page of the list in sk_pubdesc order, from the links'
// index, binding r; false when the order is another. cmp and dir are the cursor comparison and
// the order of the walk.
func (l linkScope) pageBody(prop string, hasCursor bool, cmp, dir string, limit int) (string, bool) {
	if prop != "sk_pubdesc" {
		return "", false
	}
	cond := l.cond + " AND a.sk IS NOT NULL"
	if hasCursor {
		cond = l.cond + " AND a.sk " + cmp + " $cursor"
	}
	// ORDER BY the index's properties (those before the sort key fixed by equalities): the
	// planner then walks the index in order and stops at the LIMIT.
	return `MATCH ()-[a:ADDRESSED_TO]->() WHERE ` + cond + `
  WITH a ORDER BY ` + strings.Join(l.walk, " "+dir+", ") + ` ` + dir + ` LIMIT ` + strconv.Itoa(limit) + `
  MATCH (r:Recommendation)-[a]->()
  RETURN r`, true
}

// countBody is the subquery body that counts the list from the links' index, as total. A
// recommendation has one link to a State (its States are a set), so its links count its
// recommendations.
func (l linkScope) countBody() string {
	return `MATCH ()-[a:ADDRESSED_TO]->() WHERE ` + l.cond + ` AND a.sk IS NOT NULL RETURN count(a) AS total`
}

// backfillReceivedPageKeys gives every ADDRESSED_TO link the State's code and its
// recommendation's sort key where they are missing or stale (a graph written before the
// links carried them, or by an older hub), in batches.
func (s *Store) backfillReceivedPageKeys(ctx context.Context) error {
	if err := s.dropDuplicateAddressedTo(ctx); err != nil {
		return err
	}
	// Every start: when as many links have both keys as there are links (the count of links
	// is Neo4j's own, the other is a scan of the keys' index without reading properties),
	// none lacks them, and the scan below is skipped: 0.16 s instead of 0.79 s with 250,000
	// recommendations. Keys can go missing (a link written by a hub that did not write them),
	// not wrong: every writer of a key writes it from the recommendation it links, and a
	// record that takes over another recommendation's key replaces its links (mergeWave).
	counts, err := s.read(ctx, `CALL () { MATCH ()-[a:ADDRESSED_TO]->() RETURN count(a) AS links }
CALL () { MATCH ()-[a:ADDRESSED_TO]->() WHERE a.state IS NOT NULL AND a.kind IS NOT NULL AND a.sk IS NOT NULL RETURN count(a) AS keyed }
RETURN links, keyed`, nil)
	if err != nil {
		return wrapBackfill(err)
	}
	if len(counts) == 1 && intOf(counts[0], "links") == intOf(counts[0], "keyed") {
		return nil
	}
	for {
		// Read first: a write transaction moves the graph version (and with it every kept
		// facet count) even when it changes nothing.
		some, err := s.read(ctx, staleReceivedPageKeys+" RETURN a LIMIT 1", nil)
		if err != nil || len(some) == 0 {
			return wrapBackfill(err)
		}
		if _, err := s.write(ctx, staleReceivedPageKeys+" WITH a, r, st LIMIT 10000"+setReceivedPageKeys, nil); err != nil {
			return wrapBackfill(err)
		}
	}
}

// duplicateAddressedTo matches a recommendation's links to one State when it has more than
// one. No writer leaves two (a record's States are a set, and a record that takes over another
// recommendation's key replaces its links), but older hubs could; the lists read from the
// links would count and list such a recommendation twice.
const duplicateAddressedTo = `MATCH (r:Recommendation)-[a:ADDRESSED_TO]->(s:State)
WITH r, s, collect(a) AS links WHERE size(links) > 1`

// dropDuplicateAddressedTo keeps one link of each duplicate set (every start, read first:
// about 0.3 s with 250,000 recommendations; written only when some are found).
func (s *Store) dropDuplicateAddressedTo(ctx context.Context) error {
	some, err := s.read(ctx, duplicateAddressedTo+" RETURN r LIMIT 1", nil)
	if err != nil || len(some) == 0 {
		return wrapBackfill(err)
	}
	_, err = s.write(ctx, duplicateAddressedTo+" UNWIND tail(links) AS extra DELETE extra", nil)
	return wrapBackfill(err)
}

func wrapBackfill(err error) error {
	if err != nil {
		return fmt.Errorf("backfill the page keys of ADDRESSED_TO: %w", err)
	}
	return nil
}
