package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Provenance: every domain node links to the sources its facts come from,
// (n:Entity)-[:SOURCED_FROM]->(:Source).

const sourceProjection = `src{.key, .title, .publisher, .publishedOn, .url, .license, .text_en, .text_fr, .text_es, .text_ar, .text_zh, .text_ru, .text_pt}`

func decodeSource(m map[string]any) *domain.Source {
	return &domain.Source{
		Key: str(m, "key"), Title: str(m, "title"), Publisher: optStr(m, "publisher"),
		PublishedOn: optDate(m, "publishedOn"), URL: optStr(m, "url"), License: optStr(m, "license"),
		Texts: decodeTexts(m, "text_"),
	}
}

// SourcesByKeys returns the sources with the given keys, keyed by key.
func (s *Store) SourcesByKeys(ctx context.Context, keys []string) (map[string]*domain.Source, error) {
	return byKeys(ctx, s, "Source", "key", sourceProjection, keys, decodeSource, func(src *domain.Source) string { return src.Key })
}

// SourcesOf returns, for each node uid ("Kind:key"), the sources of that node's facts,
// ordered by title.
func (s *Store) SourcesOf(ctx context.Context, uids []string) (map[string][]*domain.Source, error) {
	return grouped(ctx, s, `MATCH (n:Entity)-[:SOURCED_FROM]->(src:Source) WHERE n.uid IN $keys
RETURN n.uid AS k, `+sourceProjection+` AS x ORDER BY x.title`, uids, decodeSource)
}
