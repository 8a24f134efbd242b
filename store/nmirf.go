package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

const nmirfProjection = `n{.key, .nameUnknown, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .acronym, .type, .legalBasis, .establishedYear, .mandate, .trackingTool, .website, .version, .archivedAt, stateCode: [(n)-[:OF_STATE]->(st:State) | st.code][0]}`

func decodeNMIRF(m map[string]any) *domain.NMIRF {
	return &domain.NMIRF{
		Key:         str(m, "key"),
		Name:        str(m, "name"),
		Names:       namesOf(m, "name"),
		Acronym:     optStr(m, "acronym"),
		NameUnknown: m["nameUnknown"] == true,
		Type:        optEnum[domain.NmirfType](m, "type"),
		StateCode:   str(m, "stateCode"),
		NMIRFDetails: domain.NMIRFDetails{LegalBasis: optStr(m, "legalBasis"), EstablishedYear: optInt(m, "establishedYear"),
			Mandate: optStr(m, "mandate"), TrackingTool: optStr(m, "trackingTool"), Website: optStr(m, "website")},
		Editable: decodeEditable(m),
	}
}

// NMIRFsByKeys returns the NMIRFs with the given keys, keyed by key.
func (s *Store) NMIRFsByKeys(ctx context.Context, keys []string) (map[string]*domain.NMIRF, error) {
	return byKeys(ctx, s, "NMIRF", "key", nmirfProjection, keys, decodeNMIRF, func(n *domain.NMIRF) string { return n.Key })
}

// NMIRFsByStates returns, for each State code, that State's NMIRFs ordered by name.
func (s *Store) NMIRFsByStates(ctx context.Context, codes []string) (map[string][]*domain.NMIRF, error) {
	return linkedBy[*domain.NMIRF](ctx, s, StateNMIRFs, codes)
}

// ListNMIRFs returns one page of all NMIRFs, ordered by key.
func (s *Store) ListNMIRFs(ctx context.Context, p domain.PageArgs) (domain.Page[*domain.NMIRF], error) {
	page, err := readPage(ctx, s, `MATCH (n:NMIRF) WHERE n.archivedAt IS NULL AND ($cursor = '' OR n.key %[1]s $cursor)
RETURN `+nmirfProjection+` AS item, n.key AS sortKey ORDER BY n.key %[2]s LIMIT $limit`, p, nil,
		func(r *neo4j.Record) *domain.NMIRF { return decodeNMIRF(mapOf(r, "item")) })
	if err != nil {
		return page, fmt.Errorf("list nmirfs: %w", err)
	}
	return page, nil
}

// CountNMIRFs counts all NMIRFs.
func (s *Store) CountNMIRFs(ctx context.Context) (int, error) {
	n, err := s.count(ctx, `MATCH (n:NMIRF) WHERE n.archivedAt IS NULL RETURN count(n) AS n`, nil)
	if err != nil {
		return 0, fmt.Errorf("count nmirfs: %w", err)
	}
	return n, nil
}
