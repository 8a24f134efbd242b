package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// Institutions: (:Institution)-[:PART_OF_NMIRF {role}]->(:NMIRF), (:Institution)-[:OF_STATE]->(:State).

const institutionProjection = `x{.key, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .version, .archivedAt, stateCode: [(x)-[:OF_STATE]->(s:State) | s.code][0]}`

func decodeInstitution(m map[string]any) *domain.Institution {
	return &domain.Institution{Key: str(m, "key"), Name: str(m, "name"), Names: namesOf(m, "name"), StateCode: str(m, "stateCode"), Editable: decodeEditable(m)}
}

// InstitutionsByKeys returns institutions by key.
func (s *Store) InstitutionsByKeys(ctx context.Context, keys []string) (map[string]*domain.Institution, error) {
	return byKeys(ctx, s, "Institution", "key", institutionProjection, keys, decodeInstitution, func(i *domain.Institution) string { return i.Key })
}

// InstitutionsOfNMIRFs returns each NMIRF's institutions with their roles.
func (s *Store) InstitutionsOfNMIRFs(ctx context.Context, keys []string) (map[string][]*domain.InstitutionRole, error) {
	return grouped(ctx, s, `MATCH (x:Institution)-[p:PART_OF_NMIRF]->(n:NMIRF) WHERE n.key IN $keys AND x.archivedAt IS NULL
RETURN n.key AS k, {institution: `+institutionProjection+`, role: p.role} AS x ORDER BY x.name`, keys,
		func(m map[string]any) *domain.InstitutionRole {
			im, _ := m["institution"].(map[string]any)
			return &domain.InstitutionRole{Institution: decodeInstitution(im), Role: str(m, "role")}
		})
}

// NMIRFsOfInstitutions returns the NMIRFs each institution takes part in.
func (s *Store) NMIRFsOfInstitutions(ctx context.Context, keys []string) (map[string][]*domain.NMIRF, error) {
	out, err := grouped(ctx, s, `MATCH (i:Institution)-[:PART_OF_NMIRF]->(n:NMIRF) WHERE i.key IN $keys
RETURN i.key AS k, `+nmirfProjection+` AS x ORDER BY x.name`, keys, decodeNMIRF)
	if err != nil {
		return nil, fmt.Errorf("nmirfs of institutions: %w", err)
	}
	return out, nil
}
