package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// Organisations: (:Organization)-[:PARTNER_OF]->(:Event), -[:LED_BY]->(:State), -[:MISSION_OF]->(:State).

const organizationProjection = `x{.key, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .acronym, .url}`

func decodeOrganization(m map[string]any) *domain.Organization {
	return &domain.Organization{Key: str(m, "key"), Name: str(m, "name"), Names: namesOf(m, "name"), Acronym: optStr(m, "acronym"), URL: optStr(m, "url")}
}

// Organizations lists the organisations by name.
func (s *Store) Organizations(ctx context.Context) ([]*domain.Organization, error) {
	out, err := listAll(ctx, s, `MATCH (x:Organization) RETURN `+organizationProjection+` AS x ORDER BY x.name`, nil, decodeOrganization)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	return out, nil
}

// OrganizationsByKeys returns organisations by key.
func (s *Store) OrganizationsByKeys(ctx context.Context, keys []string) (map[string]*domain.Organization, error) {
	return byKeys(ctx, s, "Organization", "key", organizationProjection, keys, decodeOrganization, func(o *domain.Organization) string { return o.Key })
}

// PartnersOfEvents returns each event's partner organisations.
func (s *Store) PartnersOfEvents(ctx context.Context, keys []string) (map[string][]*domain.Organization, error) {
	return grouped(ctx, s, `MATCH (x:Organization)-[:PARTNER_OF]->(e:Event) WHERE e.key IN $keys
RETURN e.key AS k, `+organizationProjection+` AS x ORDER BY x.name`, keys, decodeOrganization)
}

// EventsOfOrganizations returns the events each organisation took part in.
func (s *Store) EventsOfOrganizations(ctx context.Context, keys []string) (map[string][]*domain.Event, error) {
	out, err := grouped(ctx, s, `MATCH (o:Organization)-[:PARTNER_OF]->(e:Event) WHERE o.key IN $keys
RETURN o.key AS k, `+eventProjection+` AS x ORDER BY x.startDate`, keys, decodeEvent)
	if err != nil {
		return nil, fmt.Errorf("events of organizations: %w", err)
	}
	return out, nil
}

// LeadersOfOrganizations returns the States that lead each organisation (a group of States).
func (s *Store) LeadersOfOrganizations(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return grouped(ctx, s, `MATCH (o:Organization)-[:LED_BY]->(s:State) WHERE o.key IN $keys
RETURN o.key AS k, `+stateProjection+` AS x ORDER BY x.code`, keys, decodeState)
}

// MissionStatesOfOrganizations returns, for each organisation that is a permanent mission,
// the State whose mission it is (a list of one).
func (s *Store) MissionStatesOfOrganizations(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return grouped(ctx, s, `MATCH (o:Organization)-[:MISSION_OF]->(s:State) WHERE o.key IN $keys
RETURN o.key AS k, `+stateProjection+` AS x`, keys, decodeState)
}
