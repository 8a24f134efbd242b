package demo

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/nmirf-hub/hub/ingest"
	"github.com/nmirf-hub/hub/store"
)

// demoImports are the real recommendation files of the demo, loaded with the same importer
// a user runs (`hub import`), so the demo shows what an import of them gives. Each is
// described, with its provenance, in data/README.md.
var demoImports = []struct {
	file   string
	preset string
}{
	// The UPR recommendations to the three States of the Network's Executive Committee.
	{"data/upr_morocco_paraguay_portugal_2010_2014.csv", ingest.PresetUPRCSV},
}

// importFiles runs the importer over each demo file. The importer reads a path, so each
// embedded file is written to a temporary directory first. Re-running changes nothing.
func importFiles(ctx context.Context, st *store.Store, log *slog.Logger) error {
	dir, err := os.MkdirTemp("", "hub-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, f := range demoImports {
		raw, err := files.ReadFile(f.file)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, filepath.Base(f.file))
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			return err
		}
		sum, err := ingest.Import(ctx, st, path, ingest.ImportOptions{Options: ingest.Options{Format: ingest.FormatCSV, Preset: f.preset}})
		if err != nil {
			return fmt.Errorf("import %s: %w", f.file, err)
		}
		if sum.Rejected > 0 {
			return fmt.Errorf("import %s: %d records rejected (%s)", f.file, sum.Rejected, sum.Line())
		}
		log.Info("imported demo file", "file", f.file, "summary", sum.Line())
	}
	return nil
}
