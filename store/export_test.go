package store

import "context"

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

// ClearQueryCaches makes Neo4j forget every plan, as after a restart.
func (s *Store) ClearQueryCaches(ctx context.Context) error {
	_, err := s.write(ctx, `CALL db.clearQueryCaches()`, nil)
	return err
}

// ForgetFirstRuns makes the store treat every query text as never run (plans.go).
func (s *Store) ForgetFirstRuns() {
	s.plans.mu.Lock()
	s.plans.first = nil
	s.plans.mu.Unlock()
}
