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

// NodeKindExists reports whether a node with the given uid exists.
func (s *Store) NodeExists(ctx context.Context, uid string) (bool, error) {
	n, err := s.count(ctx, `MATCH (n:Entity {uid: $uid}) RETURN count(n) AS n`, map[string]any{"uid": uid})
	if err != nil {
		return false, fmt.Errorf("node exists: %w", err)
	}
	return n > 0, nil
}

// CountUnsourced counts domain nodes that have no source (sources and import runs are
// provenance themselves; records written through the API have their change history).
func (s *Store) CountUnsourced(ctx context.Context) (int, error) {
	n, err := s.count(ctx, `MATCH (n:Entity) WHERE NOT n:Source AND NOT n:ImportRun AND NOT (n)-[:SOURCED_FROM]->(:Source)
  AND NOT EXISTS { (:Change)-[:CHANGED]->(n) } RETURN count(n) AS n`, nil)
	if err != nil {
		return 0, fmt.Errorf("count unsourced: %w", err)
	}
	return n, nil
}

// GraphSize counts the nodes and relationships in the graph.
type GraphSize struct{ Nodes, Relationships int }

// GraphSize returns the size of the whole graph; tests use it to show that a repeated
// write changed nothing.
func (s *Store) GraphSize(ctx context.Context) (GraphSize, error) {
	recs, err := s.read(ctx, `CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels`, nil)
	if err != nil {
		return GraphSize{}, fmt.Errorf("graph size: %w", err)
	}
	return GraphSize{Nodes: intOf(recs[0], "nodes"), Relationships: intOf(recs[0], "rels")}, nil
}

// SubgraphSize counts the nodes with the given uids and the relationships among them: the
// part of the graph a dataset owns, whatever else is written at the same time.
func (s *Store) SubgraphSize(ctx context.Context, uids []string) (GraphSize, error) {
	recs, err := s.read(ctx, `MATCH (n:Entity) WHERE n.uid IN $uids
WITH collect(n) AS ns
CALL (ns) { UNWIND ns AS a MATCH (a)-[r]->(b:Entity) WHERE b.uid IN $uids RETURN count(r) AS rels }
RETURN size(ns) AS nodes, rels`, map[string]any{"uids": uids})
	if err != nil {
		return GraphSize{}, fmt.Errorf("subgraph size: %w", err)
	}
	return GraphSize{Nodes: intOf(recs[0], "nodes"), Relationships: intOf(recs[0], "rels")}, nil
}
