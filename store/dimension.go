package store

import (
	"context"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// Guidance dimensions: (:GoodPractice)-[:SHOWS_DIMENSION]->(:GuidanceDimension).

const dimensionProjection = `x{.key, .description, ` + namesProjection + `}`

func decodeDimension(m map[string]any) *domain.GuidanceDimension {
	return &domain.GuidanceDimension{Key: str(m, "key"), Description: optStr(m, "description"), Names: decodeTexts(m, "name_")}
}

// GuidanceDimensions lists the dimensions in their defined order.
func (s *Store) GuidanceDimensions(ctx context.Context) ([]*domain.GuidanceDimension, error) {
	out, err := listAll(ctx, s, `MATCH (x:GuidanceDimension) WITH x ORDER BY x.position, x.key RETURN `+dimensionProjection+` AS x`, nil, decodeDimension)
	if err != nil {
		return nil, fmt.Errorf("list guidance dimensions: %w", err)
	}
	return out, nil
}

// GuidanceDimensionsByKeys returns dimensions by key.
func (s *Store) GuidanceDimensionsByKeys(ctx context.Context, keys []string) (map[string]*domain.GuidanceDimension, error) {
	return byKeys(ctx, s, "GuidanceDimension", "key", dimensionProjection, keys, decodeDimension, func(d *domain.GuidanceDimension) string { return d.Key })
}

// DimensionsOfPractices returns each practice's guidance dimensions.
func (s *Store) DimensionsOfPractices(ctx context.Context, keys []string) (map[string][]*domain.GuidanceDimension, error) {
	return grouped(ctx, s, `MATCH (p:GoodPractice)-[:SHOWS_DIMENSION]->(x:GuidanceDimension) WHERE p.key IN $keys
WITH p, x ORDER BY x.position RETURN p.key AS k, `+dimensionProjection+` AS x`, keys, decodeDimension)
}
