package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// NetworkKey is the key of the International Network of NMIRFs, the one network the hub
// describes today.
const NetworkKey = "international-network-of-nmirfs"

const networkProjection = `net{.key, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .reportedMemberCount, .reportedMemberCountAsOf,
  .reportedMemberCountSource, foundingInstrument: [(net)-[:FOUNDED_BY]->(i:Instrument) | i.key][0]}`

func decodeNetwork(m map[string]any) *domain.Network {
	n := &domain.Network{
		Key:                   str(m, "key"),
		Name:                  str(m, "name"),
		Names:                 namesOf(m, "name"),
		FoundingInstrumentKey: optStr(m, "foundingInstrument"),
	}
	if asOf := optDate(m, "reportedMemberCountAsOf"); asOf != nil {
		n.ReportedMemberCount = &domain.ReportedCount{
			Count: integer(m, "reportedMemberCount"), AsOf: *asOf, SourceKey: str(m, "reportedMemberCountSource"),
		}
	}
	return n
}

// NetworksByKeys returns the networks with the given keys, keyed by key.
func (s *Store) NetworksByKeys(ctx context.Context, keys []string) (map[string]*domain.Network, error) {
	return byKeys(ctx, s, "Network", "key", networkProjection, keys, decodeNetwork, func(n *domain.Network) string { return n.Key })
}

const membershipProjection = `{nmirf: ` + nmirfProjection + `, role: m.role, since: m.since, source: m.source}`

func decodeMembership(m map[string]any) *domain.Membership {
	nm, _ := m["nmirf"].(map[string]any)
	return &domain.Membership{
		NMIRF:     decodeNMIRF(nm),
		Role:      domain.MembershipRole(str(m, "role")),
		Since:     optDate(m, "since"),
		SourceKey: optStr(m, "source"),
	}
}

// NetworkMembers returns one page of a network's memberships: Executive Committee first
// (by role rank), then by State code. The order is kept in m.sortKey when memberships are
// written, so paging is an ordered range on one property.
func (s *Store) NetworkMembers(ctx context.Context, networkKey string, p domain.PageArgs) (domain.Page[*domain.Membership], error) {
	page, err := readPage(ctx, s, `MATCH (n:NMIRF)-[m:MEMBER_OF]->(:Network {key: $network})
WHERE $cursor = '' OR m.sortKey %[1]s $cursor
RETURN `+membershipProjection+` AS item, m.sortKey AS sortKey ORDER BY m.sortKey %[2]s LIMIT $limit`,
		p, map[string]any{"network": networkKey},
		func(r *neo4j.Record) *domain.Membership { return decodeMembership(mapOf(r, "item")) })
	if err != nil {
		return page, fmt.Errorf("network members: %w", err)
	}
	return page, nil
}

// CountNetworkMembers counts a network's memberships.
func (s *Store) CountNetworkMembers(ctx context.Context, networkKey string) (int, error) {
	n, err := s.count(ctx, `MATCH (:NMIRF)-[m:MEMBER_OF]->(:Network {key: $network}) RETURN count(m) AS n`,
		map[string]any{"network": networkKey})
	if err != nil {
		return 0, fmt.Errorf("count network members: %w", err)
	}
	return n, nil
}

// MembershipsByNMIRFs returns each NMIRF's network memberships, keyed by NMIRF key.
func (s *Store) MembershipsByNMIRFs(ctx context.Context, keys []string) (map[string][]*domain.Membership, error) {
	return grouped(ctx, s, `MATCH (n:NMIRF)-[m:MEMBER_OF]->(:Network) WHERE n.key IN $keys
RETURN n.key AS k, `+membershipProjection+` AS x ORDER BY m.sortKey`, keys, decodeMembership)
}

// membershipSortKey orders memberships by role rank, then State code.
func membershipSortKey(role domain.MembershipRole, stateCode, nmirfKey string) string {
	return fmt.Sprintf("%d|%s|%s", role.Rank(), stateCode, nmirfKey)
}

// membershipLink is the MEMBER_OF link of an NMIRF of the given State, for Write.Add: its
// role, start date and the precomputed sort key the members list pages by.
func membershipLink(nmirfKey, stateCode string, role domain.MembershipRole, since *domain.Date) Target {
	return Target{Key: NetworkKey, Props: map[string]any{"role": string(role), "since": dateParam(since),
		"sortKey": membershipSortKey(role, stateCode, nmirfKey)}}
}

// formerMembershipLink is the FORMER_MEMBER_OF link an ended membership becomes.
func formerMembershipLink(m *domain.Membership, endedOn domain.Date) Target {
	return Target{Key: NetworkKey, Props: map[string]any{"role": string(m.Role), "since": dateParam(m.Since),
		"endedOn": dateParam(&endedOn)}}
}
