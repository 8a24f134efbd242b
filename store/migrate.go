package store

import (
	"context"
	"fmt"
)

// schemaStatements create the constraints and indexes the queries rely on. Each is
// idempotent (IF NOT EXISTS), so Migrate runs at every start. Community edition supports
// uniqueness constraints (each backed by a range index) but not node keys or existence.
var schemaStatements = []string{
	// Every domain node also carries the Entity label and a graph-wide unique uid
	// ("Kind:key"), so node(id:) and provenance lookups are one index seek whatever the type.
	`CREATE CONSTRAINT entity_uid IF NOT EXISTS FOR (n:Entity) REQUIRE n.uid IS UNIQUE`,
	`CREATE CONSTRAINT state_code IF NOT EXISTS FOR (n:State) REQUIRE n.code IS UNIQUE`,
	`CREATE CONSTRAINT nmirf_key IF NOT EXISTS FOR (n:NMIRF) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT network_key IF NOT EXISTS FOR (n:Network) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT event_key IF NOT EXISTS FOR (n:Event) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT instrument_key IF NOT EXISTS FOR (n:Instrument) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE`,
	`CREATE INDEX state_group IF NOT EXISTS FOR (n:State) ON (n.unRegionalGroup)`,
}

// Migrate applies the graph schema and waits until its indexes are online.
func (s *Store) Migrate(ctx context.Context) error {
	for _, stmt := range schemaStatements {
		if _, err := s.write(ctx, stmt, nil); err != nil {
			return fmt.Errorf("apply schema %q: %w", stmt, err)
		}
	}
	if _, err := s.write(ctx, `CALL db.awaitIndexes(300)`, nil); err != nil {
		return fmt.Errorf("await indexes: %w", err)
	}
	return nil
}
