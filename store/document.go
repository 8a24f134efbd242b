package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Documents: the documents recommendations stand in, (:Recommendation)-[:IN_DOCUMENT]->(:Document).

const documentProjection = `x{.key, .symbol, .title, .title_en, .title_fr, .title_es, .title_ar, .title_zh, .title_ru, .title_pt, .titleLang, .type, .publishedOn, .year}`

func decodeDocument(m map[string]any) *domain.Document {
	d := &domain.Document{Key: str(m, "key"), Symbol: optStr(m, "symbol"), Title: str(m, "title"), Titles: namesOf(m, "title"),
		Type: optStr(m, "type"), PublishedOn: optDate(m, "publishedOn")}
	if _, ok := m["year"].(int64); ok {
		y := integer(m, "year")
		d.Year = &y
	}
	return d
}

// DocumentsByKeys returns documents by key.
func (s *Store) DocumentsByKeys(ctx context.Context, keys []string) (map[string]*domain.Document, error) {
	return byKeys(ctx, s, "Document", "key", documentProjection, keys, decodeDocument, func(d *domain.Document) string { return d.Key })
}
