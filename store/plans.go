package store

import (
	"context"
	"sync"

	"github.com/nmirf-hub/hub/apperr"
)

// Neo4j plans a query text the first time it runs and caches the plan. A plan can cost a
// second of CPU (the peer-practice query, with its six ways in) while running it on a
// cached plan costs milliseconds; and a page of 100 recommendations that each ask for their
// peer practices sends 100 queries of one text at once. Planned 100 times over on a busy
// machine, they outlast their timeouts, the breaker takes the lost connections for a lost
// database, and every other request fails too (seen in make test). So the first run of a
// text goes alone: concurrent runs of the same text wait until it has finished, then find
// the plan cached. A text whose first run is over costs one map lookup.

// plans holds, per query text, a channel closed when its first run has finished.
type plans struct {
	mu    sync.Mutex
	first map[string]chan struct{}
}

// maxPlanned bounds the texts remembered; the store's texts are built from fixed parts, so
// there are far fewer (beyond it, runs simply do not wait).
const maxPlanned = 10000

// await waits, when another run of cypher is the first and still running, until it ends (or
// ctx does). It returns done, to call when this run ends: non-nil when this run is the first.
func (p *plans) await(ctx context.Context, cypher string) (done func(), err error) {
	p.mu.Lock()
	if p.first == nil {
		p.first = map[string]chan struct{}{}
	}
	ch, seen := p.first[cypher]
	if !seen && len(p.first) < maxPlanned {
		ch = make(chan struct{})
		p.first[cypher] = ch
		p.mu.Unlock()
		return func() { close(ch) }, nil
	}
	p.mu.Unlock()
	if !seen {
		return func() {}, nil
	}
	select {
	case <-ch:
		return func() {}, nil
	case <-ctx.Done():
		return nil, apperr.Unavailablef(ctx.Err(), "the request ran out of time")
	}
}

// WarmPeerPlans runs the peer-practice queries (the costliest to plan) once for one State and
// one of its recommendations, so that Neo4j has their plans cached before the first user
// asks: cold, each plans for over a second of CPU, several on a busy machine. The State is
// the one with the fewest recommendations: the plan is the same for every State, and running
// it for the largest takes seconds of the database's CPU while the service starts.
func (s *Store) WarmPeerPlans(ctx context.Context) error {
	recs, err := s.read(ctx, `MATCH (st:State) WHERE EXISTS { (st)<-[:ADDRESSED_TO]-(:Recommendation) }
WITH st ORDER BY COUNT { (st)<-[:ADDRESSED_TO]-() }, st.code LIMIT 1
MATCH (st)<-[:ADDRESSED_TO]-(r:Recommendation)
RETURN st.code AS code, r.key AS key ORDER BY key LIMIT 1`, nil)
	if err != nil || len(recs) == 0 {
		return err
	}
	if _, err := s.PeerPracticesForState(ctx, strOf(recs[0], "code"), 1); err != nil {
		return err
	}
	_, err = s.PeerPracticesForRecommendation(ctx, strOf(recs[0], "key"), 1)
	return err
}
