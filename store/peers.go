package store

import (
	"context"
	"fmt"
)

// Peer learning: for a State or a recommendation, the published good practices of OTHER
// States' NMIRFs on the same themes (a theme, its broader or its narrower ones), ranked by
// how many of the recommendations concern those themes, each with the path that explains
// the suggestion: State ← recommendation → theme ← practice → NMIRF.

// PeerSuggestion is one suggested practice.
type PeerSuggestion struct {
	PracticeKey string
	Score       float64
	Theme       string // the recommendation theme that led to it
	Path        []GraphNode
}

// Suggestions are published practices only; an archived NMIRF is left out of the path (visibleNode).
var peerTail = `
MATCH (t)-[:SUBTHEME_OF*0..2]-(pt:Theme)<-[:ON_THEME]-(p:GoodPractice {status: 'PUBLISHED'})-[:IN_STATE]->(ps:State)
WHERE NOT ps.code IN $exclude
WITH p, t, pt, weight, example
ORDER BY weight DESC, t.key
WITH p, sum(weight) AS score, collect({t: t, pt: pt, weight: weight, example: example})[0] AS best
OPTIONAL MATCH (p)-[:BY_NMIRF]->(n:NMIRF) WHERE ` + visibleNode("n") + `
WITH p, score, best, n, [x IN [best.example, best.t, CASE WHEN best.pt <> best.t THEN best.pt END, p, n] WHERE x IS NOT NULL] AS chain
RETURN p.key AS practice, toFloat(score) AS score, best.t.key AS theme, COLLECT { MATCH (st:State {code: $key}) RETURN st.name }[0] AS stateName,
  [x IN chain | {uid: x.uid, label: ` + nodeLabelOf("x") + `, kind: head([l IN labels(x) WHERE l <> 'Entity'])}] AS path
ORDER BY score DESC, practice LIMIT $limit`

// PeerPracticesForState suggests practices for a State from the themes of the
// recommendations it received.
func (s *Store) PeerPracticesForState(ctx context.Context, code string, limit int) ([]PeerSuggestion, error) {
	return s.peers(ctx, `MATCH (s:State {code: $key})<-[:ADDRESSED_TO]-(r:Recommendation)-[:HAS_THEME]->(t:Theme)
WITH t, count(r) AS weight, min(r.uid) AS exampleUid
MATCH (example:Recommendation {uid: exampleUid})`+peerTail, code, []string{code}, limit, true)
}

// PeerPracticesForRecommendation suggests practices for one recommendation from its themes.
func (s *Store) PeerPracticesForRecommendation(ctx context.Context, key string, limit int) ([]PeerSuggestion, error) {
	states, err := s.StatesAddressed(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	var exclude []string
	for _, st := range states[key] {
		exclude = append(exclude, st.Code)
	}
	return s.peers(ctx, `MATCH (example:Recommendation {key: $key})-[:HAS_THEME]->(t:Theme)
WITH t, 1 AS weight, example`+peerTail, key, exclude, limit, false)
}

func (s *Store) peers(ctx context.Context, cypher, key string, exclude []string, limit int, withState bool) ([]PeerSuggestion, error) {
	recs, err := s.read(ctx, cypher, visibility(ctx, map[string]any{"key": key, "exclude": nonNil(exclude), "limit": limit}))
	if err != nil {
		return nil, fmt.Errorf("peer practices: %w", err)
	}
	out := make([]PeerSuggestion, len(recs))
	for i, r := range recs {
		v, _ := r.Get("score")
		score, _ := v.(float64)
		out[i] = PeerSuggestion{PracticeKey: strOf(r, "practice"), Score: score, Theme: strOf(r, "theme")}
		if withState {
			// Labelled like every State in a picture: by its name (see nodeLabel).
			out[i].Path = append(out[i].Path, GraphNode{UID: "State:" + key, Kind: "State", Label: strOf(r, "stateName")})
		}
		for _, m := range listOfMaps(r, "path") {
			out[i].Path = append(out[i].Path, GraphNode{UID: str(m, "uid"), Kind: str(m, "kind"), Label: fmt.Sprint(m["label"])})
		}
	}
	return out, nil
}
