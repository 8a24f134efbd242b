package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Instruments (resolutions, declarations) are part of the network's history:
// (i:Instrument)-[:IN_HISTORY_OF]->(:Network).

const instrumentProjection = `i{.key, .title, .title_en, .title_fr, .title_es, .title_ar, .title_zh, .title_ru, .title_pt, .titleLang, .kind, .symbol, .adoptedOn, .adoptedOnPrecision, .summary,
  adoptedAt: [(i)-[:ADOPTED_AT]->(ev:Event) | ev.key][0]}`

func decodeInstrument(m map[string]any) *domain.Instrument {
	return &domain.Instrument{
		Key: str(m, "key"), Title: str(m, "title"), Titles: namesOf(m, "title"), Kind: domain.InstrumentKind(str(m, "kind")),
		Symbol: optStr(m, "symbol"), AdoptedOn: optDate(m, "adoptedOn"),
		AdoptedOnPrecision: optEnum[domain.DatePrecision](m, "adoptedOnPrecision"),
		AdoptedAtEventKey:  optStr(m, "adoptedAt"), Summary: optStr(m, "summary"),
	}
}

// InstrumentsByKeys returns the instruments with the given keys, keyed by key.
func (s *Store) InstrumentsByKeys(ctx context.Context, keys []string) (map[string]*domain.Instrument, error) {
	return byKeys(ctx, s, "Instrument", "key", instrumentProjection, keys, decodeInstrument, func(i *domain.Instrument) string { return i.Key })
}

// InstrumentsAdoptedAt returns, per event key, the instruments adopted at that event.
func (s *Store) InstrumentsAdoptedAt(ctx context.Context, eventKeys []string) (map[string][]*domain.Instrument, error) {
	return grouped(ctx, s, `MATCH (i:Instrument)-[:ADOPTED_AT]->(e:Event) WHERE e.key IN $keys
RETURN e.key AS k, `+instrumentProjection+` AS x ORDER BY x.adoptedOn, x.key`, eventKeys, decodeInstrument)
}

// NetworkInstruments returns the instruments in a network's history, oldest first.
func (s *Store) NetworkInstruments(ctx context.Context, networkKey string) ([]*domain.Instrument, error) {
	return listAll(ctx, s, `MATCH (i:Instrument)-[:IN_HISTORY_OF]->(:Network {key: $network})
RETURN `+instrumentProjection+` AS x ORDER BY x.adoptedOn, x.key`, map[string]any{"network": networkKey}, decodeInstrument)
}

// SponsorsOfInstruments returns the States that sponsored each instrument, by code.
func (s *Store) SponsorsOfInstruments(ctx context.Context, keys []string) (map[string][]*domain.State, error) {
	return grouped(ctx, s, `MATCH (i:Instrument)-[:SPONSORED_BY]->(s:State) WHERE i.key IN $keys
RETURN i.key AS k, `+stateProjection+` AS x ORDER BY x.code`, keys, decodeState)
}
