package store

import (
	"context"
	"fmt"

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
	recs, err := s.read(ctx, `MATCH (src:Source) WHERE src.key IN $keys RETURN `+sourceProjection+` AS src`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("sources by keys: %w", err)
	}
	out := make(map[string]*domain.Source, len(recs))
	for _, r := range recs {
		src := decodeSource(mapOf(r, "src"))
		out[src.Key] = src
	}
	return out, nil
}

// SourcesOf returns, for each node uid ("Kind:key"), the sources of that node's facts,
// ordered by title.
func (s *Store) SourcesOf(ctx context.Context, uids []string) (map[string][]*domain.Source, error) {
	recs, err := s.read(ctx, `MATCH (n:Entity)-[:SOURCED_FROM]->(src:Source) WHERE n.uid IN $uids
RETURN n.uid AS uid, `+sourceProjection+` AS src ORDER BY src.title`, map[string]any{"uids": uids})
	if err != nil {
		return nil, fmt.Errorf("sources of nodes: %w", err)
	}
	out := map[string][]*domain.Source{}
	for _, r := range recs {
		out[strOf(r, "uid")] = append(out[strOf(r, "uid")], decodeSource(mapOf(r, "src")))
	}
	return out, nil
}
