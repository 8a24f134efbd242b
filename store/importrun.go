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
	Key       string
	StartedAt time.Time
	Format    string
	Encoding  string // of a text file; "" for binary formats
	Counts    Outcome
	Merged    int // records added to a recommendation an earlier record of the run wrote
	Rejected  int
	Warnings  int
	Conflicts int
	Status    string // RUNNING, COMPLETED, INTERRUPTED, FAILED
}

// FileSource is the provenance of an imported file.
type FileSource struct {
	Key       string // "file-" + checksum prefix: the same bytes are the same source
	FileName  string
	Format    string
	Checksum  string // sha256, hex
	Encoding  string // the text encoding it was read in ("" for binary formats)
	Synthetic bool
}

// LabelRecord is a taxonomy label an import creates (--add-labels): a theme, or an
// affected group when Group.
type LabelRecord struct {
	Group      bool
	Key, Label string
}

// AddLabels creates the themes and affected groups an import found and the hub lacked,
// sourced from the imported file; existing ones are left as they are.
func (s *Store) AddLabels(ctx context.Context, sourceKey string, labels []LabelRecord) error {
	var themes, groups []any
	for _, l := range labels {
		row := map[string]any{"key": l.Key, "label": l.Label}
		if l.Group {
			groups = append(groups, row)
		} else {
			themes = append(themes, row)
		}
	}
	for _, x := range []struct {
		label string
		rows  []any
	}{{"Theme", themes}, {"AffectedGroup", groups}} {
		if len(x.rows) == 0 {
			continue
		}
		// The label comes from a fixed list above, never from input.
		_, err := s.write(ctx, `UNWIND $rows AS x
MERGE (t:`+x.label+` {key: x.key})
ON CREATE SET t:Entity, t.uid = '`+x.label+`:' + x.key, t.name_en = x.label, t.scheme = 'import', t.addedByImport = true
WITH t, x MATCH (src:Source {key: $source}) MERGE (t)-[:SOURCED_FROM]->(src)`, map[string]any{"rows": x.rows, "source": sourceKey})
		if err != nil {
			return fmt.Errorf("add labels: %w", err)
		}
	}
	return nil
}

// DocumentRecord is a document to MERGE before the recommendations that cite it.
type DocumentRecord struct {
	Key    string
	Symbol *string
	Title  string
	Type   *string
	Year   *int
}

// staleRun is how long a RUNNING import may go without a batch before the next import
// takes it for dead (killed without a chance to record its end) and marks it INTERRUPTED.
const staleRun = 30 * time.Minute

// StartImport records the source file and a RUNNING import run, and marks runs that died
// without finishing (no batch for staleRun) INTERRUPTED.
func (s *Store) StartImport(ctx context.Context, run ImportRun, src FileSource) error {
	if _, err := s.write(ctx, `MATCH (r:ImportRun {status: 'RUNNING'})
WHERE coalesce(r.lastBatchAt, r.startedAt) < $stale
SET r.status = 'INTERRUPTED'`, map[string]any{"stale": neo4j.LocalDateTimeOf(time.Now().UTC().Add(-staleRun))}); err != nil {
		return fmt.Errorf("start import: %w", err)
	}
	// The import lock first, as every import batch takes it (lockImports): two imports of one
	// file at once otherwise deadlock on the Source node one creates and the other links to.
	_, err := s.write(ctx, `MATCH (l:ImportLock {key: 'recommendations'}) SET l.heldAt = timestamp()
WITH l LIMIT 1
MERGE (src:Source {key: $src.key})
SET src:Entity, src.uid = 'Source:' + $src.key, src.title = $src.fileName, src.format = $src.format,
    src.checksum = $src.checksum, src.synthetic = $src.synthetic, src.encoding = $src.encoding,
    src.publisher = coalesce(src.publisher, 'imported file')
CREATE (run:ImportRun:Entity {key: $run.key, uid: 'ImportRun:' + $run.key, startedAt: $run.startedAt,
    format: $run.format, encoding: $run.encoding, status: 'RUNNING', created: 0, updated: 0, unchanged: 0, merged: 0, rejected: 0})
CREATE (run)-[:READ]->(src)`, map[string]any{
		"src": map[string]any{"key": src.Key, "fileName": src.FileName, "format": src.Format, "checksum": src.Checksum,
			"synthetic": src.Synthetic, "encoding": nilIfEmpty(src.Encoding)},
		"run": map[string]any{"key": run.Key, "startedAt": neo4j.LocalDateTimeOf(run.StartedAt.UTC()), "format": run.Format,
			"encoding": nilIfEmpty(run.Encoding)},
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
    run.unchanged = $unchanged, run.merged = $merged, run.rejected = $rejected, run.warnings = $warnings,
    run.conflicts = $conflicts`, map[string]any{
		"key": run.Key, "finishedAt": neo4j.LocalDateTimeOf(time.Now().UTC()), "status": run.Status,
		"created": run.Counts.Created, "updated": run.Counts.Updated, "unchanged": run.Counts.Unchanged, "merged": run.Merged,
		"rejected": run.Rejected, "warnings": run.Warnings, "conflicts": run.Conflicts,
	})
	if err != nil {
		return fmt.Errorf("finish import: %w", err)
	}
	return nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
