package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/store"
)

// The import pipeline: file → format and encoding → Reader → batches → store, with every
// record accounted for. Each record read ends in exactly one count:
//
//	created    a recommendation the graph did not hold
//	updated    a recommendation the graph held before this import, now with more (or other) facts
//	unchanged  a recommendation the graph held, to which the record adds nothing
//	merged     a record of a recommendation an earlier record of this file already gave
//	           (researcher files give one row per recommending State: they add up)
//	rejected   not imported; listed with its line(s) and the reason
//
// so that read = created + updated + unchanged + merged + rejected. Warnings (values left
// out, such as an unmapped position) and conflicts (a stored fact the record contradicts)
// are counted besides, and every one is printed with its line.

// ImportOptions say what to import and how.
type ImportOptions struct {
	// Options.Encoding, when set, is the encoding of a text file; else it is detected from
	// the whole file.
	Options
	DryRun    bool // decide everything; write nothing
	Strict    bool // warnings reject their record
	AddLabels bool // unknown theme and group labels become new themes and groups
	Overwrite bool // a conflicting stored value takes the file's value
	Batch     int  // records per transaction (1–10000; 0: 1000)

	Notes    io.Writer // one line per rejection, warning, conflict and resolution (stderr)
	Report   io.Writer // the same as TSV: line, end_line, kind, field, message (optional)
	Progress func(records int, bytesRead, size int64)
}

// Summary is what an import did.
type Summary struct {
	RunKey                                              string
	Format                                              Format
	Encoding                                            Encoding // "" for binary formats (xlsx, docx)
	Checksum                                            string
	Read, Created, Updated, Unchanged, Merged, Rejected int
	Warnings, Conflicts, Resolved                       int
	UnknownLabels                                       map[UnknownLabel]int
	Status                                              string // COMPLETED, INTERRUPTED, FAILED
}

// Line is the summary line every import ends with.
func (s Summary) Line() string {
	return fmt.Sprintf("read=%d created=%d updated=%d unchanged=%d merged=%d rejected=%d warnings=%d conflicts=%d",
		s.Read, s.Created, s.Updated, s.Unchanged, s.Merged, s.Rejected, s.Warnings, s.Conflicts)
}

const defaultBatch = 1000

// Target is the graph an import writes to: Neo4j (*store.Store), or the in-memory graph of
// an initial load (*store.BulkGraph), which merges records exactly as the store does.
type Target interface {
	StartImport(ctx context.Context, run store.ImportRun, src store.FileSource) error
	AddLabels(ctx context.Context, sourceKey string, labels []store.LabelRecord) error
	MergeImportBatch(ctx context.Context, sourceKey string, docs []store.DocumentRecord, recs []store.RecommendationRecord, opt store.MergeOptions) ([]store.RowResult, error)
	FinishImport(ctx context.Context, run store.ImportRun) error
}

// Import reads the file at path and merges its records into the graph (or, in a dry run,
// says what that would do). The reference tables must be in the graph already. A file
// that yields no record at all is an error, as is one whose every line is rejected.
func Import(ctx context.Context, st Target, path string, opt ImportOptions) (Summary, error) {
	var sum Summary
	if opt.Batch == 0 {
		opt.Batch = defaultBatch
	}
	if opt.Batch < 1 || opt.Batch > 10000 {
		return sum, fmt.Errorf("batch must be between 1 and 10000")
	}
	if opt.Notes == nil {
		opt.Notes = io.Discard
	}
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return sum, err
	}
	head := make([]byte, 64<<10)
	nHead, _ := io.ReadFull(f, head)
	head = head[:nHead]
	format := opt.Format
	if format == "" {
		format = GuessFormat(filepath.Base(path), head)
	}
	opt.Format, sum.Format = format, format

	// One pass for the checksum (provenance) and, for text, the encoding of the whole file.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return sum, err
	}
	h := sha256.New()
	forced := opt.Encoding != ""
	text := format == FormatCSV || format == FormatUHRIJSON || format == FormatHubJSON
	det := NewDetector()
	var w io.Writer = h
	if text && !forced {
		w = io.MultiWriter(h, det)
	}
	if _, err := io.Copy(w, f); err != nil {
		return sum, fmt.Errorf("read %s: %w", path, err)
	}
	sum.Checksum = hex.EncodeToString(h.Sum(nil))
	if text {
		if !forced {
			opt.Encoding = det.Encoding()
		}
		sum.Encoding = opt.Encoding
		how := "detected"
		if forced {
			how = "given"
		}
		fmt.Fprintf(opt.Notes, "reading %s as %s, encoding %s (%s)\n", filepath.Base(path), format, opt.Encoding, how)
	} else {
		fmt.Fprintf(opt.Notes, "reading %s as %s\n", filepath.Base(path), format)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return sum, err
	}
	progress := &countingReader{r: f}
	var src io.Reader = progress
	if format == FormatUPRMatrix || format == FormatUHRIXLSX {
		src = f // random access; progress is by records
	}
	rd, err := Open(src, filepath.Base(path), opt.Options, nil)
	if err != nil {
		return sum, fmt.Errorf("%s: %w", path, err)
	}
	defer rd.Close()

	fileSrc := store.FileSource{Key: "file-" + sum.Checksum[:16], FileName: filepath.Base(path), Format: string(format),
		Checksum: sum.Checksum, Encoding: string(sum.Encoding)}
	run := store.ImportRun{Key: uuid.NewString(), StartedAt: time.Now(), Format: string(format), Encoding: string(sum.Encoding)}
	sum.RunKey = run.Key
	if !opt.DryRun {
		if err := st.StartImport(ctx, run, fileSrc); err != nil {
			return sum, err
		}
	}
	im := &importer{st: st, opt: opt, sum: &sum, src: fileSrc, run: run, seen: map[uint64]bool{}, unknown: map[UnknownLabel]int{}}
	im.seed = maphash.MakeSeed()
	loopErr := im.readAll(ctx, rd, progress, fi.Size())
	sum.UnknownLabels = im.unknown
	if loopErr == nil && sum.Read == 0 {
		loopErr = fmt.Errorf("%s: no record found in a file of %d bytes: is it a %s file (--format), and are its line ends, separator and encoding right (--encoding)?", path, fi.Size(), format)
	}
	switch {
	case loopErr == nil:
		sum.Status = "COMPLETED"
	case errors.Is(loopErr, context.Canceled):
		sum.Status = "INTERRUPTED"
	default:
		sum.Status = "FAILED"
	}
	if !opt.DryRun {
		run.Counts = store.Outcome{Created: sum.Created, Updated: sum.Updated, Unchanged: sum.Unchanged}
		run.Merged, run.Rejected, run.Status = sum.Merged, sum.Rejected, sum.Status
		run.Warnings, run.Conflicts = sum.Warnings, sum.Conflicts
		// Record the outcome even after Ctrl-C, with a fresh context.
		fctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := st.FinishImport(fctx, run); err != nil && loopErr == nil {
			loopErr = err
		}
		cancel()
	}
	im.reportLabels()
	if loopErr == nil && sum.Rejected == sum.Read {
		loopErr = fmt.Errorf("every one of the %d records was rejected", sum.Read)
	}
	return sum, loopErr
}

// importer carries one import's state.
type importer struct {
	st      Target
	opt     ImportOptions
	sum     *Summary
	src     store.FileSource
	run     store.ImportRun
	seed    maphash.Seed
	seen    map[uint64]bool // hashes of the keys of the recommendations this import went to
	unknown map[UnknownLabel]int

	rows []Row
	// docs holds the hashes of the documents this import has written: a document is merged
	// (with its link to this file's source) by the first batch that names it; later batches
	// find it in the graph and only link to it.
	docs map[uint64]bool
}

// readAll reads the file and writes it batch by batch. Reading (parsing, normalising) runs
// in its own goroutine one batch ahead, so the importer's CPU and Neo4j's overlap; all the
// counting and printing stays here, in file order.
func (im *importer) readAll(ctx context.Context, rd Reader, progress *countingReader, size int64) error {
	im.docs = map[uint64]bool{}
	type parsed struct {
		row Row
		rej *Rejection
	}
	type chunk struct {
		items []parsed
		err   error // the error that ended reading (nil at the end of the file)
		last  bool
	}
	rctx, stop := context.WithCancel(ctx)
	chunks := make(chan chunk, 1)
	go func() {
		defer close(chunks)
		var items []parsed
		rows := 0
		for {
			if err := rctx.Err(); err != nil {
				chunks <- chunk{err: err, last: true}
				return
			}
			row, rej, err := rd.Next()
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				chunks <- chunk{items: items, err: err, last: true}
				return
			}
			items = append(items, parsed{row, rej})
			if rej == nil {
				rows++
			}
			if rows >= im.opt.Batch || len(items) >= 4*im.opt.Batch {
				select {
				case chunks <- chunk{items: items}:
				case <-rctx.Done():
					return
				}
				items, rows = nil, 0
			}
		}
	}()
	// On return, stop the reader and wait for it, so that the caller may close rd.
	defer func() {
		stop()
		for range chunks {
		}
	}()
	for c := range chunks {
		for _, it := range c.items {
			im.account(it.row, it.rej)
		}
		if err := im.flush(ctx); err != nil {
			return err
		}
		if im.opt.Progress != nil {
			im.opt.Progress(im.sum.Read, progress.bytes(), size)
		}
		if c.last {
			return c.err
		}
	}
	return nil
}

// account counts one record read and prints what there is to say about it; a row to write
// joins the batch.
func (im *importer) account(row Row, rej *Rejection) {
	im.sum.Read++
	if rej == nil && im.opt.Strict {
		if w := firstWarning(row.Notes); w != nil {
			rej = &Rejection{Line: w.Line, Field: w.Field, Reason: w.Message + " (--strict)"}
		}
	}
	if rej != nil {
		im.sum.Rejected++
		im.note("rejected", rej.Line, rej.EndLine, rej.Field, rej.Reason)
		return
	}
	for _, n := range row.Notes {
		if n.Kind == NoteWarning {
			im.sum.Warnings++
		}
		im.note(n.Kind, n.Line, 0, n.Field, n.Message)
	}
	for _, l := range row.UnknownLabels {
		im.unknown[l]++
	}
	im.rows = append(im.rows, row)
}

func firstWarning(notes []Note) *Note {
	for i := range notes {
		if notes[i].Kind == NoteWarning {
			return &notes[i]
		}
	}
	return nil
}

// flush writes the batch read so far in one transaction.
func (im *importer) flush(ctx context.Context) error {
	if len(im.rows) == 0 {
		return nil
	}
	rows := im.rows
	im.rows = nil
	recs := make([]store.RecommendationRecord, len(rows))
	var docs []store.DocumentRecord
	var labels []store.LabelRecord
	for i, row := range rows {
		rec := row.Record
		// A hub-json record carries its own provenance (it was exported from a hub); records
		// of other formats are sourced from this file.
		if len(rec.SourceKeys) == 0 || im.opt.Format != FormatHubJSON {
			rec.SourceKeys = append(slices.Clone(rec.SourceKeys), im.src.Key)
		}
		if im.opt.AddLabels {
			for _, l := range row.UnknownLabels {
				key := slug(l.Label)
				labels = append(labels, store.LabelRecord{Group: l.Kind == LabelGroup, Key: key, Label: l.Label})
				if l.Kind == LabelGroup {
					rec.AffectedGroupKeys = appendUnique(rec.AffectedGroupKeys, key)
				} else {
					rec.ThemeKeys = appendUnique(rec.ThemeKeys, key)
				}
			}
		}
		recs[i] = rec
		if d := row.Document; d != nil && !im.docs[maphash.String(im.seed, d.Key)] {
			im.docs[maphash.String(im.seed, d.Key)] = true
			doc := d.Document()
			docs = append(docs, store.DocumentRecord{Key: doc.Key, Symbol: doc.Symbol, Title: doc.Title, Type: doc.Type, Year: doc.Year})
		}
	}
	if len(labels) > 0 && !im.opt.DryRun {
		if err := im.st.AddLabels(ctx, im.src.Key, labels); err != nil {
			return err
		}
	}
	results, err := im.st.MergeImportBatch(ctx, im.src.Key, docs, recs, store.MergeOptions{RunKey: im.run.Key, Overwrite: im.opt.Overwrite, DryRun: im.opt.DryRun})
	if err != nil {
		return err
	}
	for i, r := range results {
		// A record of a recommendation an earlier record of this import went to is merged,
		// whatever the store saw. (A dry run writes nothing, so there the records of one
		// recommendation meet by key only: rows that repeat one recommendation do.)
		h := maphash.String(im.seed, r.Key)
		merged := im.seen[h]
		im.seen[h] = true
		switch {
		case merged:
			im.sum.Merged++
		case r.Outcome == "created":
			im.sum.Created++
		case r.Outcome == "updated":
			im.sum.Updated++
		default:
			im.sum.Unchanged++
		}
		for _, c := range r.Conflicts {
			im.sum.Conflicts++
			kept := "kept the stored value; --overwrite takes the file's"
			if im.opt.Overwrite {
				kept = "took the file's value (--overwrite)"
			}
			if c.Field == "key" {
				im.note("conflict", rows[i].Line, 0, "key", fmt.Sprintf("the key %s named another recommendation (%s); this file's record (%s) replaced it, links included",
					r.Key, c.Stored, c.Incoming))
				continue
			}
			if c.Field == "identity" {
				kept = "merged into the first"
				im.note("conflict", rows[i].Line, 0, "", fmt.Sprintf("the record matches two stored recommendations: %s and %s", c.Stored, c.Incoming))
				continue
			}
			im.note("conflict", rows[i].Line, 0, c.Field, fmt.Sprintf("recommendation %s holds %q, this file %q (%s)", r.Key, short(c.Stored), short(c.Incoming), kept))
		}
	}
	return nil
}

func short(s string) string { return truncate(s, 120) }

// note prints one line on the notes writer and one row of the TSV report.
func (im *importer) note(kind string, line, end int, field, msg string) {
	where := fmt.Sprintf("line %d", line)
	if end > line {
		where = fmt.Sprintf("lines %d–%d", line, end)
	}
	if field != "" {
		fmt.Fprintf(im.opt.Notes, "%s: %s: field %s: %s\n", kind, where, field, msg)
	} else {
		fmt.Fprintf(im.opt.Notes, "%s: %s: %s\n", kind, where, msg)
	}
	if im.opt.Report != nil {
		clean := func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s) }
		if end == 0 {
			end = line
		}
		fmt.Fprintf(im.opt.Report, "%d\t%d\t%s\t%s\t%s\n", line, end, kind, clean(field), clean(msg))
	}
}

// reportLabels lists the unknown taxonomy labels with their counts, most frequent first.
func (im *importer) reportLabels() {
	if len(im.unknown) == 0 {
		return
	}
	labels := make([]UnknownLabel, 0, len(im.unknown))
	for l := range im.unknown {
		labels = append(labels, l)
	}
	slices.SortFunc(labels, func(a, b UnknownLabel) int {
		if d := im.unknown[b] - im.unknown[a]; d != 0 {
			return d
		}
		return strings.Compare(a.Kind+a.Label, b.Kind+b.Label)
	})
	what := "left out of their records (--add-labels creates them)"
	if im.opt.AddLabels {
		what = "created with this file as their source (--add-labels)"
	}
	fmt.Fprintf(im.opt.Notes, "unknown labels, %s:\n", what)
	for _, l := range labels {
		fmt.Fprintf(im.opt.Notes, "  %s %q: %d records\n", l.Kind, l.Label, im.unknown[l])
	}
}

// ReportHeader is the first line of the TSV report.
const ReportHeader = "line\tend_line\tkind\tfield\tmessage"

type countingReader struct {
	r io.Reader
	n atomic.Int64 // read by the writer's progress while the reader reads
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) bytes() int64 { return c.n.Load() }
