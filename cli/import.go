package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/nmirf-hub/hub/ingest"
	"github.com/nmirf-hub/hub/refdata"
	"github.com/nmirf-hub/hub/store"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "", "uhri-json, uhri-xlsx, csv, hub-json or upr-matrix (default: guessed from the file)")
	preset := fs.String("preset", "", "csv column preset: uhri or upr-csv")
	mapping := fs.String("map", "", "column mapping COLUMN=field,… (see README)")
	encoding := fs.String("encoding", "", "text encoding: utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1, macintosh (default: detected from the whole file)")
	dryRun := fs.Bool("dry-run", false, "validate and report what would change; write nothing")
	strict := fs.Bool("strict", false, "reject records with warnings (unmapped position, unknown label) instead of keeping them")
	addLabels := fs.Bool("add-labels", false, "create unknown theme and affected-group labels, sourced from this file")
	overwrite := fs.Bool("overwrite", false, "where a record contradicts a stored fact, take the file's value (conflicts are reported either way)")
	report := fs.String("report", "", "write rejections, warnings and conflicts to this TSV file")
	batch := fs.Int("batch", 1000, "records per transaction (1 to 10000)")
	state := fs.String("state", "", "upr-matrix: State under review (ISO3 or name), when the title does not say")
	cycle := fs.Int("cycle", 0, "upr-matrix: UPR cycle, when the title does not say")
	session := fs.Int("session", 0, "upr-matrix: UPR session, when the title does not say")
	cpuProfile := fs.String("cpuprofile", "", "write the importer's CPU profile to this file (go tool pprof)")
	initialLoad := fs.String("initial-load", "", "a first import into a graph without recommendations: merge in memory and write the whole graph into this new directory as files for Neo4j's offline importer (scripts/neo4j-local.sh load DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *initialLoad != "" && *dryRun {
		return fmt.Errorf("--initial-load and --dry-run: a dry run of an initial load is a dry run of the import (leave out --initial-load)")
	}
	if *initialLoad != "" {
		// The offline importer takes its files as comma-separated lists.
		abs, err := filepath.Abs(*initialLoad)
		if err != nil {
			return fmt.Errorf("--initial-load: %w", err)
		}
		if strings.Contains(abs, ",") {
			return fmt.Errorf("--initial-load %s: the path holds a comma, which the offline importer's lists of files cannot carry; choose another directory", abs)
		}
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: import [--format FORMAT] [--preset NAME] [--map COLUMN=field,…] [--encoding NAME] [--strict] [--add-labels] [--overwrite] [--dry-run] [--report FILE] FILE")
	}
	f, err := ingest.ParseFormat(*format)
	if err != nil {
		return err
	}
	if *batch < 1 || *batch > 10000 {
		return fmt.Errorf("--batch must be between 1 and 10000")
	}
	if *cycle < 0 || *cycle > 20 || *session < 0 || *session > 200 {
		return fmt.Errorf("--cycle must be 1–20 and --session 1–200")
	}
	opts := ingest.ImportOptions{
		Options: ingest.Options{Format: f, Preset: *preset, Matrix: ingest.MatrixOptions{State: *state, Cycle: *cycle, Session: *session}},
		DryRun:  *dryRun, Strict: *strict, AddLabels: *addLabels, Overwrite: *overwrite, Batch: *batch, Notes: env.Stderr,
	}
	if *encoding != "" {
		if opts.Encoding, err = ingest.ParseEncoding(*encoding); err != nil {
			return err
		}
	}
	if *mapping != "" {
		if opts.Map, err = ingest.ParseMapFlag(*mapping); err != nil {
			return err
		}
	}
	path := fs.Arg(0)
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}

	opened := time.Now()
	// An initial load's database is replaced by the offline importer, schema included, and
	// `hub migrate` builds the schema after it (scripts/initial-load.sh): creating it here
	// too took about 2 s of a fresh database's 10 s of preparation, for nothing.
	migrate := (*store.Store).Migrate
	if *initialLoad != "" {
		migrate = (*store.Store).MigrateData
	}
	st, err := openStoreWith(ctx, env, migrate)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if !*dryRun {
		if err := refdata.EnsureReference(ctx, st); err != nil {
			return fmt.Errorf("reference tables: %w", err)
		}
	}
	if *report != "" {
		rep, err := os.Create(*report)
		if err != nil {
			return err
		}
		defer rep.Close()
		fmt.Fprintln(rep, ingest.ReportHeader)
		opts.Report = rep
	}
	var target ingest.Target = st
	var bulk *store.BulkGraph
	if *initialLoad != "" {
		fmt.Fprintf(env.Stderr, "initial load: graph prepared (reference tables) in %.1f s\n", time.Since(opened).Seconds())
		// The load holds the whole graph in memory; the collector runs by a memory limit
		// rather than each time the heap doubles (loadgc.go).
		defer relaxLoadGC(env.Getenv, fi.Size())()
		began := time.Now()
		if bulk, err = st.OpenBulk(ctx); err != nil {
			return err
		}
		target = bulk
		fmt.Fprintf(env.Stderr, "initial load: graph copied in %.1f s\n", time.Since(began).Seconds())
	}
	began := time.Now()
	progress := newProgress(env, fi.Size())
	opts.Progress = progress.update
	sum, err := ingest.Import(ctx, target, path, opts)
	progress.finish()
	if bulk != nil {
		fmt.Fprintf(env.Stderr, "initial load: records read and merged in %.1f s\n", time.Since(began).Seconds())
		if err == nil {
			err = st.CheckUnchanged(ctx, bulk)
		}
		return finishInitialLoad(env, bulk, *initialLoad, sum, err)
	}
	if err != nil && sum.Read > 0 {
		fmt.Fprintf(env.Stderr, "import stopped: %v (whole batches written so far stay; run the same import again to complete it)\n", err)
	}
	if *dryRun {
		fmt.Fprintln(env.Stderr, "dry run: nothing was written; the counts say what an import would do")
	}
	fmt.Fprintln(env.Stdout, sum.Line())
	return err
}

// progress shows a bar with rate and ETA on a terminal, and a log line every few seconds
// otherwise (CI logs, pipes).
// finishInitialLoad writes an initial load's files once every record is accounted for; an
// import that stopped writes none, so nothing of it can be loaded.
func finishInitialLoad(env Env, bulk *store.BulkGraph, dir string, sum ingest.Summary, err error) error {
	if err != nil {
		fmt.Fprintf(env.Stderr, "initial load stopped: %v (no file was written; the graph is unchanged)\n", err)
		fmt.Fprintln(env.Stdout, sum.Line())
		return err
	}
	began := time.Now()
	stats, err := bulk.WriteImportFiles(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "initial load: %d nodes (%d recommendations) and %d relationships written to %s in %.1f s\n", stats.Nodes, stats.Recommendations, stats.Relationships, dir, time.Since(began).Seconds())
	fmt.Fprintf(env.Stderr, "nothing is in the database yet: stop it, then load the files (scripts/neo4j-local.sh load %s; or neo4j-admin database import full neo4j with the arguments in %s, one per line), and start it\n", dir, store.ImportArgsFile)
	fmt.Fprintln(env.Stdout, sum.Line())
	return nil
}

type progress struct {
	bar     *progressbar.ProgressBar
	env     Env
	read    int64
	size    int64
	lastLog time.Time
	started time.Time
}

func newProgress(env Env, size int64) *progress {
	p := &progress{env: env, size: size, started: time.Now(), lastLog: time.Now()}
	if f, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(size, progressbar.OptionSetWriter(env.Stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("importing"), progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	return p
}

// update is called after each batch with the records read and the bytes read so far.
func (p *progress) update(records int, bytesRead, size int64) {
	if p.bar != nil {
		_ = p.bar.Set64(bytesRead)
		return
	}
	if time.Since(p.lastLog) < 5*time.Second {
		return
	}
	p.lastLog = time.Now()
	rate := float64(records) / time.Since(p.started).Seconds()
	pct := 100 * float64(bytesRead) / float64(max(size, 1))
	p.env.Log.Info("import progress", "records", records, "percent", fmt.Sprintf("%.1f", pct), "records_per_s", int(rate))
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// startCPUProfile profiles the importer's own CPU (parsing, matching, the driver) until the
// returned function is called; make bench-import uses it to say where the importer's time goes.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
