package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Events are part of the network's history: (e:Event)-[:IN_HISTORY_OF]->(:Network).

const eventProjection = `e{.key, .name, .name_en, .name_fr, .name_es, .name_ar, .name_zh, .name_ru, .name_pt, .nameLang, .startDate, .endDate, .datePrecision, .place, .summary,
  hostState: [(e)-[:HELD_IN]->(st:State) | st.code][0]}`

func decodeEvent(m map[string]any) *domain.Event {
	return &domain.Event{
		Key: str(m, "key"), Name: str(m, "name"), Names: namesOf(m, "name"),
		StartDate: optDate(m, "startDate"), EndDate: optDate(m, "endDate"),
		DatePrecision: optEnum[domain.DatePrecision](m, "datePrecision"),
		Place:         optStr(m, "place"), Summary: optStr(m, "summary"),
		HostStateCode: optStr(m, "hostState"),
	}
}

// EventsByKeys returns the events with the given keys, keyed by key.
func (s *Store) EventsByKeys(ctx context.Context, keys []string) (map[string]*domain.Event, error) {
	return byKeys(ctx, s, "Event", "key", eventProjection, keys, decodeEvent, func(e *domain.Event) string { return e.Key })
}

// NetworkEvents returns the events in a network's history, oldest first.
func (s *Store) NetworkEvents(ctx context.Context, networkKey string) ([]*domain.Event, error) {
	return listAll(ctx, s, `MATCH (e:Event)-[:IN_HISTORY_OF]->(:Network {key: $network})
RETURN `+eventProjection+` AS x ORDER BY x.startDate, x.key`, map[string]any{"network": networkKey}, decodeEvent)
}

// OrganizersOfEvents returns the NMIRFs that organised each event (those the caller may see).
func (s *Store) OrganizersOfEvents(ctx context.Context, keys []string) (map[string][]*domain.NMIRF, error) {
	return groupedWith(ctx, s, `MATCH (e:Event)-[:ORGANIZED_BY]->(n:NMIRF) WHERE e.key IN $keys AND `+visibleNode("n")+`
RETURN e.key AS k, `+nmirfProjection+` AS x ORDER BY x.key`, visibility(ctx, map[string]any{"keys": keys}), decodeNMIRF)
}
