package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// referable are the kinds a write input may name that are not editable themselves (the
// editable ones are in `editables`), with how a node's States are read.
var referable = map[domain.Kind]string{
	domain.KindState:             `[n.code]`,
	domain.KindRecommendation:    `[(n)-[:ADDRESSED_TO]->(st:State) | st.code]`,
	domain.KindTheme:             `[]`,
	domain.KindGuidanceDimension: `[]`,
	domain.KindSource:            `[]`,
}

// Referents reads, in one query, what curation checks of the nodes of one kind an input
// names: whether each exists and is archived, its State (a recommendation's: the States it is
// addressed to) and the NMIRF it belongs to. Keys that name nothing are absent.
func (s *Store) Referents(ctx context.Context, kind domain.Kind, keys []string) (map[string]*domain.Referent, error) {
	states, ok := referable[kind]
	if spec, editable := editables[string(kind)]; editable {
		states, ok = `[`+spec.statePath+` | st.code]`, true
	}
	if !ok {
		return nil, fmt.Errorf("referents: an input cannot name a %s", kind)
	}
	prop := "key"
	if kind == domain.KindState {
		prop = "code"
	}
	recs, err := s.read(ctx, `MATCH (n:`+string(kind)+`) WHERE n.`+prop+` IN $keys
RETURN n.`+prop+` AS key, n.archivedAt IS NOT NULL OR n.status = 'ARCHIVED' AS archived, `+states+` AS states,
  [(n)-[:BY_NMIRF]->(m:NMIRF) | m.key][0] AS nmirf`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("referents of %s: %w", kind, err)
	}
	out := make(map[string]*domain.Referent, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		archived, _ := m["archived"].(bool)
		out[str(m, "key")] = &domain.Referent{Key: str(m, "key"), Archived: archived, States: strList(m, "states"), NMIRFKey: str(m, "nmirf")}
	}
	return out, nil
}
