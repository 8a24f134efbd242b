package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/nmirf-hub/hub/demo"
	"github.com/nmirf-hub/hub/ingest"
	"github.com/nmirf-hub/hub/store"
)

const defaultBatch = 1000

func runImport(ctx context.Context, env Env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "", "uhri-json, uhri-xlsx, csv or hub-json (default: guessed from the file)")
	preset := fs.String("preset", "", "csv column preset: uhri or upr-csv")
	mapping := fs.String("map", "", "column mapping COLUMN=field,… (see README)")
	dryRun := fs.Bool("dry-run", false, "validate and report what would change; write nothing")
	report := fs.String("report", "", "write rejected rows to this TSV file (line, field, reason)")
	batch := fs.Int("batch", defaultBatch, "records per transaction")
	workers := fs.Int("workers", 1, "transactions in flight at once (1 to 8); more contend for the same dense nodes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: import --format FORMAT [--preset NAME] [--map COLUMN=field,…] [--dry-run] [--report FILE] FILE")
	}
	if *batch < 1 || *batch > 10000 {
		return fmt.Errorf("--batch must be between 1 and 10000")
	}
	if *workers < 1 || *workers > 8 {
		return fmt.Errorf("--workers must be between 1 and 8")
	}
	opts := ingest.Options{Format: ingest.Format(*format), Preset: *preset}
	if *mapping != "" {
		m, err := ingest.ParseMapFlag(*mapping)
		if err != nil {
			return err
		}
		opts.Map = m
	}
	path := fs.Arg(0)
	checksum, size, err := fileChecksum(path)
	if err != nil {
		return err
	}

	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if !*dryRun {
		if err := demo.EnsureReference(ctx, st); err != nil {
			return fmt.Errorf("reference tables: %w", err)
		}
	}

	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	progress := newProgress(env, size)
	rd, err := ingest.Open(io.TeeReader(f, progress), filepath.Base(path), opts, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer rd.Close()

	var rep *os.File
	if *report != "" {
		if rep, err = os.Create(*report); err != nil {
			return err
		}
		defer rep.Close()
		fmt.Fprintln(rep, "line\tfield\treason")
	}

	fmtName := *format
	if fmtName == "" {
		fmtName = "auto"
	}
	src := store.FileSource{Key: "file-" + checksum[:16], FileName: filepath.Base(path), Format: fmtName, Checksum: checksum}
	run := store.ImportRun{Key: uuid.NewString(), StartedAt: time.Now(), Format: fmtName, SourceKey: src.Key}
	if !*dryRun {
		if err := st.StartImport(ctx, run, src); err != nil {
			return err
		}
	}

	// The reader fills batches while writers send earlier ones to Neo4j, so parsing and
	// writing overlap; each batch is one transaction.
	type batchT struct {
		recs []store.RecommendationRecord
		docs []store.DocumentRecord
	}
	wctx, cancelWriters := context.WithCancel(ctx)
	defer cancelWriters()
	batches := make(chan batchT, *workers)
	var (
		mu       sync.Mutex
		total    store.Outcome
		writeErr error
		wg       sync.WaitGroup
	)
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				var o store.Outcome
				var err error
				if *dryRun {
					o, err = st.ClassifyRecommendations(wctx, b.recs)
				} else {
					o, err = st.ImportBatch(wctx, run.Key, src.Key, b.docs, b.recs)
				}
				mu.Lock()
				if err != nil && writeErr == nil {
					writeErr = err
					cancelWriters()
				}
				total = total.Add(o)
				mu.Unlock()
			}
		}()
	}
	rejected := 0
	var recs []store.RecommendationRecord
	var docs []store.DocumentRecord
	inBatch, docIn := map[string]bool{}, map[string]bool{}
	send := func() bool {
		if len(recs) == 0 {
			return true
		}
		select {
		case batches <- batchT{recs, docs}:
		case <-wctx.Done():
			return false
		}
		recs, docs = nil, nil
		clear(inBatch)
		clear(docIn)
		mu.Lock()
		progress.batch(total, rejected)
		mu.Unlock()
		return true
	}
	var loopErr error
	for {
		if wctx.Err() != nil {
			loopErr = ctx.Err()
			break
		}
		row, rej, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			loopErr = fmt.Errorf("%s: %w", path, err)
			break
		}
		if rej != nil {
			rejected++
			fmt.Fprintf(env.Stderr, "rejected: %s\n", rej.Error())
			if rep != nil {
				fmt.Fprintf(rep, "%d\t%s\t%s\n", rej.Line, rej.Field, strings.ReplaceAll(rej.Reason, "\t", " "))
			}
			continue
		}
		// The same record twice in one batch would be merged twice in one statement; send
		// what came before, so the second occurrence counts as unchanged.
		if inBatch[row.Record.Key] && !send() {
			break
		}
		// A hub-json record carries its own provenance (it was exported from a hub); records
		// from other formats are sourced from this file.
		if len(row.Record.SourceKeys) == 0 || opts.Format != ingest.FormatHubJSON {
			row.Record.SourceKeys = append(row.Record.SourceKeys, src.Key)
		}
		recs = append(recs, row.Record)
		inBatch[row.Record.Key] = true
		if d := row.Document; d != nil && !docIn[d.Key] {
			docIn[d.Key] = true
			doc := d.Document()
			docs = append(docs, store.DocumentRecord{Key: doc.Key, Symbol: doc.Symbol, Title: doc.Title, Type: doc.Type, Year: doc.Year})
		}
		if len(recs) >= *batch && !send() {
			break
		}
	}
	if loopErr == nil {
		send()
	}
	close(batches)
	wg.Wait()
	if loopErr == nil {
		loopErr = writeErr
	}
	if loopErr == nil && ctx.Err() != nil {
		loopErr = ctx.Err()
	}
	progress.finish()

	run.Counts, run.Rejected = total, rejected
	switch {
	case loopErr == nil:
		run.Status = "COMPLETED"
	case errors.Is(loopErr, context.Canceled):
		run.Status = "INTERRUPTED"
	default:
		run.Status = "FAILED"
	}
	if !*dryRun {
		// Record the outcome even after Ctrl-C, with a fresh context.
		fctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := st.FinishImport(fctx, run); err != nil && loopErr == nil {
			loopErr = err
		}
		cancel()
	}
	if loopErr != nil {
		fmt.Fprintf(env.Stderr, "import stopped: %v (whole batches written so far stay; run the same import again to complete it)\n", loopErr)
	}
	if *dryRun {
		fmt.Fprintln(env.Stderr, "dry run: nothing was written; the counts say what an import would do")
	}
	fmt.Fprintf(env.Stdout, "created=%d updated=%d unchanged=%d rejected=%d\n", total.Created, total.Updated, total.Unchanged, rejected)
	return loopErr
}

func fileChecksum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// progress shows a bar with rate and ETA on a terminal, and a log line every few seconds
// otherwise (CI logs, pipes).
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

func (p *progress) Write(b []byte) (int, error) {
	p.read += int64(len(b))
	if p.bar != nil {
		_ = p.bar.Add(len(b))
	}
	return len(b), nil
}

func (p *progress) batch(o store.Outcome, rejected int) {
	if p.bar != nil || time.Since(p.lastLog) < 5*time.Second {
		return
	}
	p.lastLog = time.Now()
	done := o.Created + o.Updated + o.Unchanged + rejected
	rate := float64(done) / time.Since(p.started).Seconds()
	pct := 100 * float64(p.read) / float64(max(p.size, 1))
	p.env.Log.Info("import progress", "records", done, "percent", fmt.Sprintf("%.1f", pct), "records_per_s", int(rate))
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
