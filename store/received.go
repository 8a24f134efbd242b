package store

import (
	"context"
	"fmt"
	"strconv"

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
// received recommendations is read that way; every other list as before.

// staleReceivedPageKeys matches the ADDRESSED_TO links a whose page keys are missing or
// differ from their State's code and their recommendation's sort key (a recommendation
// without a sort key, which no writer leaves, has none to give: the backfill would never end).
const staleReceivedPageKeys = `MATCH (r:Recommendation)-[a:ADDRESSED_TO]->(st:State)
WHERE r.sk_pubdesc IS NOT NULL AND (a.state IS NULL OR a.sk IS NULL OR a.state <> st.code OR a.sk <> r.sk_pubdesc)`

// receivedPageBody is the subquery body of one page of a State's received recommendations in
// sk_pubdesc order, from the link index, when the list can be read that way: received by a
// State, no filter, newest first (either direction). cmp and dir are the cursor comparison
// and the order of the walk.
func receivedPageBody(kind domain.ScopeKind, f domain.RecommendationFilter, prop string, hasCursor bool, cmp, dir string, limit int) (string, bool) {
	if kind != domain.ScopeReceivedBy || !filterIsEmpty(f) || prop != "sk_pubdesc" {
		return "", false
	}
	cond := "a.sk IS NOT NULL"
	if hasCursor {
		cond = "a.sk " + cmp + " $cursor"
	}
	// ORDER BY the index's two properties (the first fixed by the equality): the planner
	// then walks the index in order and stops at the LIMIT.
	return `MATCH ()-[a:ADDRESSED_TO]->() WHERE a.state = scope AND ` + cond + `
  WITH a ORDER BY a.state ` + dir + `, a.sk ` + dir + ` LIMIT ` + strconv.Itoa(limit) + `
  MATCH (r:Recommendation)-[a]->()
  RETURN r`, true
}

// backfillReceivedPageKeys gives every ADDRESSED_TO link the State's code and its
// recommendation's sort key where they are missing or stale (a graph written before the
// links carried them, or by an older hub), in batches.
func (s *Store) backfillReceivedPageKeys(ctx context.Context) error {
	// Every start: when as many links have both keys as there are links (the count of links
	// is Neo4j's own, the other is a scan of the keys' index without reading properties),
	// none lacks them, and the scan below is skipped: 0.16 s instead of 0.79 s with 250,000
	// recommendations. Keys can go missing (a link written by a hub that did not write them),
	// not wrong: every writer of a key writes it from the recommendation it links, and a
	// record that takes over another recommendation's key replaces its links (mergeWave).
	counts, err := s.read(ctx, `CALL () { MATCH ()-[a:ADDRESSED_TO]->() RETURN count(a) AS links }
CALL () { MATCH ()-[a:ADDRESSED_TO]->() WHERE a.state IS NOT NULL AND a.sk IS NOT NULL RETURN count(a) AS keyed }
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
		if _, err := s.write(ctx, staleReceivedPageKeys+" WITH a, r, st LIMIT 10000 SET a.state = st.code, a.sk = r.sk_pubdesc", nil); err != nil {
			return wrapBackfill(err)
		}
	}
}

func wrapBackfill(err error) error {
	if err != nil {
		return fmt.Errorf("backfill the page keys of ADDRESSED_TO: %w", err)
	}
	return nil
}
