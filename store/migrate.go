package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
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
	`CREATE CONSTRAINT graph_version_key IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT facet_count_key IF NOT EXISTS FOR (n:FacetCount) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT import_lock_key IF NOT EXISTS FOR (n:ImportLock) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT instrument_key IF NOT EXISTS FOR (n:Instrument) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE`,
	`CREATE INDEX state_group IF NOT EXISTS FOR (n:State) ON (n.unRegionalGroup)`,
	`CREATE CONSTRAINT mechanism_key IF NOT EXISTS FOR (n:Mechanism) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT mechanism_code IF NOT EXISTS FOR (n:Mechanism) REQUIRE n.code IS UNIQUE`,
	`CREATE CONSTRAINT document_key IF NOT EXISTS FOR (n:Document) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT theme_key IF NOT EXISTS FOR (n:Theme) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT group_key IF NOT EXISTS FOR (n:AffectedGroup) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT sdg_goal_code IF NOT EXISTS FOR (n:SdgGoal) REQUIRE n.code IS UNIQUE`,
	`CREATE CONSTRAINT sdg_target_code IF NOT EXISTS FOR (n:SdgTarget) REQUIRE n.code IS UNIQUE`,
	`CREATE INDEX sdg_target_goal IF NOT EXISTS FOR (n:SdgTarget) ON (n.goalCode)`,
	`CREATE CONSTRAINT recommendation_key IF NOT EXISTS FOR (n:Recommendation) REQUIRE n.key IS UNIQUE`,
	// The identities of a recommendation across sources (domain.RecommendationAliases):
	// its own as properties, those other sources gave it as alias nodes.
	`CREATE INDEX recommendation_id_doc IF NOT EXISTS FOR (n:Recommendation) ON (n.idDoc)`,
	`CREATE INDEX recommendation_id_text IF NOT EXISTS FOR (n:Recommendation) ON (n.idText)`,
	`CREATE CONSTRAINT recommendation_alias_key IF NOT EXISTS FOR (n:RecommendationAlias) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT recommendation_uhri IF NOT EXISTS FOR (n:Recommendation) REQUIRE n.uhriAnnotationId IS UNIQUE`,
	// The sort keys back keyset pagination: ORDER BY one of them with LIMIT is an index scan.
	`CREATE INDEX recommendation_sk_pub IF NOT EXISTS FOR (n:Recommendation) ON (n.sk_pub)`,
	`CREATE INDEX recommendation_sk_pubdesc IF NOT EXISTS FOR (n:Recommendation) ON (n.sk_pubdesc)`,
	`CREATE INDEX recommendation_sk_para IF NOT EXISTS FOR (n:Recommendation) ON (n.sk_para)`,
	`CREATE INDEX recommendation_mechanism IF NOT EXISTS FOR (n:Recommendation) ON (n.mechanismCode)`,
	`CREATE INDEX recommendation_mechanism_kind IF NOT EXISTS FOR (n:Recommendation) ON (n.mechanismKind)`,
	`CREATE INDEX recommendation_position IF NOT EXISTS FOR (n:Recommendation) ON (n.position)`,
	`CREATE INDEX recommendation_cycle IF NOT EXISTS FOR (n:Recommendation) ON (n.uprCycle)`,
	`CREATE INDEX recommendation_year IF NOT EXISTS FOR (n:Recommendation) ON (n.year)`,
	// A State's recommendations newest first, read in index order (received.go).
	`CREATE INDEX addressed_to_page IF NOT EXISTS FOR ()-[a:ADDRESSED_TO]-() ON (a.state, a.sk)`,
	`CREATE INDEX addressed_to_kind_page IF NOT EXISTS FOR ()-[a:ADDRESSED_TO]-() ON (a.state, a.kind, a.sk)`,
	`CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.hash IS UNIQUE`,
	`CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT practice_key IF NOT EXISTS FOR (n:GoodPractice) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT institution_key IF NOT EXISTS FOR (n:Institution) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT followup_key IF NOT EXISTS FOR (n:FollowUpAction) REQUIRE n.key IS UNIQUE`,
	`CREATE CONSTRAINT cluster_key IF NOT EXISTS FOR (n:CuratedCluster) REQUIRE n.key IS UNIQUE`,
	`CREATE INDEX change_subject IF NOT EXISTS FOR (n:Change) ON (n.subject)`,
}

// dataMigrations bring data written by older versions up to date; each is idempotent.
var dataMigrations = []string{
	// The node every import batch locks first (see lockImports).
	`MERGE (:ImportLock {key: 'recommendations'})`,
	// The version every data-changing transaction increments (see facets.go).
	`MERGE (v:GraphVersion {key: 'graph'}) ON CREATE SET v.n = 0`,
	// Changes name their subject by uid since hard deletes (the CHANGED link goes with the node).
	`MATCH (c:Change)-[:CHANGED]->(n) WHERE c.subject IS NULL SET c.subject = n.uid`,
}

// Migrate applies the graph schema and waits until its indexes are online.
func (s *Store) Migrate(ctx context.Context) error {
	// Indexes first, constraints second, in two transactions. Neo4j builds a constraint's
	// index inside the statement that creates it, one after the other, and the indexes of a
	// transaction only once it commits. Committed first, the indexes are populated while
	// the constraints are built: on a graph just loaded with 270,000 recommendations
	// (scripts/initial-load.sh), `hub migrate` took 27.7 s instead of 29.2 s (medians of four
	// alternating runs; the builds keep both cores busy, so the order cannot win much more).
	indexes, constraints := splitConstraints(append(schemaStatements, searchIndexStatements()...))
	for _, stmts := range [][]string{indexes, constraints} {
		if err := s.applySchema(ctx, stmts); err != nil {
			return err
		}
	}
	if err := s.AwaitIndexes(ctx); err != nil {
		return fmt.Errorf("await indexes: %w", err)
	}
	return s.MigrateData(ctx)
}

// MigrateData brings the data up to date (dataMigrations and the backfills) without
// touching the schema. Alone, it is for an initial load's preparation: the offline importer
// replaces the database, schema included, and `hub migrate` builds the schema after it.
func (s *Store) MigrateData(ctx context.Context) error {
	for _, stmt := range dataMigrations {
		if _, err := s.write(ctx, stmt, nil); err != nil {
			return fmt.Errorf("migrate data %q: %w", stmt, err)
		}
	}
	// The backfills read and rewrite recommendations and their links. A graph without any
	// (a new hub, an initial load's preparation) has nothing for them, and Neo4j's count of
	// a label is read in constant time, where the backfills' statements took 1.1–1.4 s on an
	// empty graph in a Neo4j just started.
	n, err := s.recommendationCount(ctx)
	if err != nil {
		return fmt.Errorf("migrate data: %w", err)
	}
	if n == 0 {
		return nil
	}
	if err := s.BackfillIdentities(ctx); err != nil {
		return err
	}
	return s.backfillReceivedPageKeys(ctx)
}

// recommendationCount is the number of recommendations, from Neo4j's count of the label
// (constant time).
func (s *Store) recommendationCount(ctx context.Context) (int, error) {
	recs, err := s.read(ctx, `MATCH (r:Recommendation) RETURN count(r) AS n`, nil)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return intOf(recs[0], "n"), nil
}

// splitConstraints parts schema statements into those creating indexes and those creating
// constraints, each in their order.
func splitConstraints(stmts []string) (indexes, constraints []string) {
	for _, stmt := range stmts {
		if strings.HasPrefix(stmt, "CREATE CONSTRAINT ") {
			constraints = append(constraints, stmt)
		} else {
			indexes = append(indexes, stmt)
		}
	}
	return indexes, constraints
}

// applySchema creates the indexes and constraints that do not exist yet, all in one
// transaction first (Migrate calls it twice: indexes, then constraints). One commit instead
// of 70 took opening the store on an empty database from 6.7 s to 4.2 s (the schema alone
// to 2.0 s), and a graph that has them all changes nothing. Should that transaction fail
// (another process created one of them in between), each statement is applied on its own,
// where "already exists" is no failure.
func (s *Store) applySchema(ctx context.Context, stmts []string) error {
	_, err := s.transact(ctx, schemaWrite, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, stmt := range stmts {
			res, err := tx.Run(ctx, stmt, nil)
			if err == nil {
				_, err = res.Consume(ctx)
			}
			if err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	if err == nil {
		return nil
	}
	for _, stmt := range stmts {
		if _, err := s.runOne(ctx, schemaWrite, stmt, nil); err != nil && !alreadyExists(err) {
			return fmt.Errorf("apply schema %q: %w", stmt, err)
		}
	}
	return nil
}

// alreadyExists recognises the error Neo4j gives when another process (a second replica, a
// parallel test binary) created the same index or constraint between our IF NOT EXISTS
// check and our CREATE: the schema is as wanted, so it is not a failure.
func alreadyExists(err error) bool {
	var n4 *neo4j.Neo4jError
	return errors.As(err, &n4) && strings.HasPrefix(n4.Code, "Neo.ClientError.Schema.") && strings.HasSuffix(n4.Code, "AlreadyExists")
}

// AwaitIndexes waits until every index, full-text ones included, is online.
func (s *Store) AwaitIndexes(ctx context.Context) error {
	_, err := s.runOne(ctx, schemaWrite, `CALL db.awaitIndexes(300)`, nil)
	return err
}
