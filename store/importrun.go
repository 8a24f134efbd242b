package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Provenance of imports: each run is an (:ImportRun) node that READ a file (:Source with
// format and checksum); every record the run created or changed is SOURCED_FROM that file
// and carries the run's id.

// ImportRun describes one run of the importer.
type ImportRun struct {
	Key        string
	StartedAt  time.Time
	FinishedAt *time.Time
	Format     string
	SourceKey  string
	Counts     Outcome
	Rejected   int
	Status     string // RUNNING, COMPLETED, INTERRUPTED, FAILED
}

// FileSource is the provenance of an imported file.
type FileSource struct {
	Key       string // "file-" + checksum prefix: the same bytes are the same source
	FileName  string
	Format    string
	Checksum  string // sha256, hex
	Synthetic bool
}

// DocumentRecord is a document to MERGE before the recommendations that cite it.
type DocumentRecord struct {
	Key    string
	Symbol *string
	Title  string
	Type   *string
	Year   *int
}

// StartImport records the source file and a RUNNING import run.
func (s *Store) StartImport(ctx context.Context, run ImportRun, src FileSource) error {
	_, err := s.write(ctx, `MERGE (src:Source {key: $src.key})
SET src:Entity, src.uid = 'Source:' + $src.key, src.title = $src.fileName, src.format = $src.format,
    src.checksum = $src.checksum, src.synthetic = $src.synthetic,
    src.publisher = coalesce(src.publisher, 'imported file')
CREATE (run:ImportRun:Entity {key: $run.key, uid: 'ImportRun:' + $run.key, startedAt: $run.startedAt,
    format: $run.format, status: 'RUNNING', created: 0, updated: 0, unchanged: 0, rejected: 0})
CREATE (run)-[:READ]->(src)`, map[string]any{
		"src": map[string]any{"key": src.Key, "fileName": src.FileName, "format": src.Format, "checksum": src.Checksum, "synthetic": src.Synthetic},
		"run": map[string]any{"key": run.Key, "startedAt": neo4j.LocalDateTimeOf(run.StartedAt.UTC()), "format": run.Format},
	})
	if err != nil {
		return fmt.Errorf("start import: %w", err)
	}
	return nil
}

// FinishImport records the run's outcome.
func (s *Store) FinishImport(ctx context.Context, run ImportRun) error {
	_, err := s.write(ctx, `MATCH (run:ImportRun {key: $key})
SET run.finishedAt = $finishedAt, run.status = $status, run.created = $created, run.updated = $updated,
    run.unchanged = $unchanged, run.rejected = $rejected`, map[string]any{
		"key": run.Key, "finishedAt": neo4j.LocalDateTimeOf(time.Now().UTC()), "status": run.Status,
		"created": run.Counts.Created, "updated": run.Counts.Updated, "unchanged": run.Counts.Unchanged, "rejected": run.Rejected,
	})
	if err != nil {
		return fmt.Errorf("finish import: %w", err)
	}
	return nil
}

// ImportBatch writes one batch in one transaction: its documents, then its recommendations
// stamped with the run. A crash between batches leaves whole batches only, and a rerun
// finds them unchanged and completes the rest.
func (s *Store) ImportBatch(ctx context.Context, runKey, sourceKey string, docs []DocumentRecord, recs []RecommendationRecord) (Outcome, error) {
	docRows := make([]any, len(docs))
	for i, d := range docs {
		docRows[i] = map[string]any{"key": d.Key, "symbol": d.Symbol, "title": d.Title, "type": d.Type, "year": d.Year}
	}
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	countRoundTrip(ctx)
	res, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if len(docRows) > 0 {
			r, err := tx.Run(ctx, `UNWIND $docs AS x
MERGE (d:Document {key: x.key})
ON CREATE SET d:Entity, d.uid = 'Document:' + x.key, d.symbol = x.symbol, d.title = x.title, d.type = x.type, d.year = x.year
WITH d MATCH (src:Source {key: $source}) MERGE (d)-[:SOURCED_FROM]->(src)`,
				map[string]any{"docs": docRows, "source": sourceKey})
			if err != nil {
				return nil, err
			}
			if _, err := r.Consume(ctx); err != nil {
				return nil, err
			}
		}
		return writeRecommendations(ctx, tx, recs, runKey)
	})
	if err != nil {
		return Outcome{}, fmt.Errorf("import batch: %w", classify(err))
	}
	return res.(Outcome), nil
}

// ImportRunsByKeys returns import runs by key.
func (s *Store) ImportRunsByKeys(ctx context.Context, keys []string) (map[string]*ImportRun, error) {
	recs, err := s.read(ctx, `MATCH (run:ImportRun) WHERE run.key IN $keys
RETURN run{.key, .startedAt, .finishedAt, .format, .status, .created, .updated, .unchanged, .rejected,
  source: [(run)-[:READ]->(src:Source) | src.key][0]} AS run`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("import runs by keys: %w", err)
	}
	out := make(map[string]*ImportRun, len(recs))
	for _, r := range recs {
		m := mapOf(r, "run")
		run := &ImportRun{Key: str(m, "key"), Format: str(m, "format"), Status: str(m, "status"), SourceKey: str(m, "source"),
			Counts:   Outcome{Created: integer(m, "created"), Updated: integer(m, "updated"), Unchanged: integer(m, "unchanged")},
			Rejected: integer(m, "rejected")}
		if t, ok := m["startedAt"].(neo4j.LocalDateTime); ok {
			run.StartedAt = t.Time()
		}
		if t, ok := m["finishedAt"].(neo4j.LocalDateTime); ok {
			ft := t.Time()
			run.FinishedAt = &ft
		}
		out[run.Key] = run
	}
	return out, nil
}
