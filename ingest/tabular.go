package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// uhriColumns are the columns of UHRI's XLSX export (the "Reccomending" typos are OHCHR's;
// the correct spelling is accepted too).
var uhriColumns = map[string]field{
	"text": fTextEN, "countries concerned": fStates, "reccomending body": fMechanism, "recommending body": fMechanism,
	"document symbol": fDocumentSymbol, "themes": fThemes, "affected persons": fGroups, "sdgs": fSdgs,
	"document publication date": fPublishedOn, "upr reccomending states": fRecStates, "upr recommending states": fRecStates,
	"upr position": fPosition, "type": fType, "ohchr annotation id": fUhriAnnotationID, "upr session": fUprSession,
	"regions concerned": fIgnore, "recommending regions": fIgnore, "date of publication on uhri": fIgnore,
}

// uprCSVColumns are the columns of researchers' UPR files: text,to,decision,from,year.
var uprCSVColumns = map[string]field{"text": fTextEN, "to": fStates, "decision": fPosition, "from": fRecStates, "year": fYear}

// header maps the columns of a tabular file to fields.
type header struct {
	fields []field
	names  []string
	codes  []bool // the column holds State codes (see rawRecord.codes)
	prof   profile
}

// maxHeaderCells bounds a header row: more cells means the file's line ends or separator
// were not understood (a whole file read as one line), not a table.
const maxHeaderCells = 200

// codeColumns lists the columns (lowercased) that the user mapped to a State field by its
// code name, stateCodes or recommendingStateCodes.
func codeColumns(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for col, f := range m {
		if isCodeField(f) {
			out[headerKey(col)] = true
		}
	}
	return out
}

func isCodeField(name string) bool {
	k := strings.ToLower(strings.TrimSpace(name))
	return k == "statecodes" || k == "recommendingstatecodes"
}

// newHeader reads a header row under a preset ("" recognises it) and the user's map.
func newHeader(cells []string, preset string, userMap map[string]field, codeCols map[string]bool) (*header, error) {
	if len(cells) > maxHeaderCells {
		return nil, fmt.Errorf("the header row has %d cells (at most %d): are the line ends or the separator of this file right? (--comma, --encoding)", len(cells), maxHeaderCells)
	}
	for i, c := range cells {
		if strings.ContainsAny(c, "\r\n") {
			return nil, fmt.Errorf("header cell %d (%q) holds a line break: a quote in the header is not closed, or this is not the header", i+1, truncate(c, 60))
		}
	}
	keys := make([]string, len(cells))
	for i, c := range cells {
		keys[i] = headerKey(c)
	}
	if preset == "" {
		switch {
		case slices.Contains(keys, "reccomending body") || slices.Contains(keys, "ohchr annotation id") || slices.Contains(keys, "countries concerned"):
			preset = PresetUHRI
		case slices.Contains(keys, "to") && slices.Contains(keys, "from"):
			preset = PresetUPRCSV
		}
	}
	var columns map[string]field
	h := &header{}
	switch preset {
	case "":
	case PresetUHRI:
		columns = uhriColumns
		h.prof.unNames = true
	case PresetUPRCSV:
		columns = uprCSVColumns
		h.prof.mechanismKey = "upr"
	default:
		return nil, fmt.Errorf("unknown preset %q (known: %s, %s)", preset, PresetUHRI, PresetUPRCSV)
	}
	used := map[string]bool{}
	hasText := false
	for i, k := range keys {
		f, ok := userMap[k]
		if ok {
			used[k] = true
		} else if f, ok = columns[k]; !ok {
			f, _ = parseField(cells[i]) // unknown columns are ignored
			if k == "" {
				f = fIgnore
			}
		}
		h.fields = append(h.fields, f)
		h.names = append(h.names, strings.TrimSpace(strings.TrimPrefix(cells[i], "\ufeff")))
		h.codes = append(h.codes, codeCols[k] || (!used[k] && isCodeField(k)))
		for _, tf := range textFields {
			hasText = hasText || f == tf.f
		}
	}
	for k := range userMap {
		if !used[k] {
			return nil, fmt.Errorf("--map: the header has no column %q", k)
		}
	}
	if !hasText {
		return nil, fmt.Errorf("no column holds the text (header %q; map one with --map COLUMN=text)", cells)
	}
	return h, nil
}

// fill puts a row's cells into raw; it reports whether any mapped cell had a value.
func (h *header) fill(raw *rawRecord, line int, cells []string) bool {
	raw.reset(line)
	any := false
	for i, v := range cells {
		if i >= len(h.fields) || h.fields[i] == fIgnore {
			continue
		}
		if strings.TrimSpace(v) != "" {
			any = true
		}
		raw.add(h.fields[i], h.names[i], v)
		if h.codes[i] {
			raw.codes[h.fields[i]] = true
		}
	}
	return any
}

// truncate shortens s to at most n runes for a message.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

type csvReader struct {
	rr  *RecordReader
	h   *header
	n   *Normalizer
	raw rawRecord
}

// newCSVReader reads a header row and prepares to read records. br holds UTF-8 text with
// LF line ends (Open decodes and normalises). Records are read as Python's csv module reads
// them (characters after a closing quote stay in the field), and a quote that is never
// closed cannot swallow the rows after it (RecordReader).
func newCSVReader(br *bufio.Reader, name string, opts Options, n *Normalizer) (*csvReader, error) {
	userMap, err := parseMap(opts.Map)
	if err != nil {
		return nil, err
	}
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	comma := opts.Comma
	if comma == 0 {
		comma = ','
		if strings.EqualFold(filepath.Ext(name), ".tsv") {
			comma = '\t'
		} else {
			head, _ := br.Peek(4096)
			line, _, _ := bytes.Cut(head, []byte("\n"))
			if bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0 {
				comma = '\t'
			}
		}
	}
	rr := NewRecordReader(br, comma)
	cells, _, _, err := rr.Read()
	switch {
	case err == io.EOF:
		return nil, fmt.Errorf("csv: no header row (the file is empty)")
	case err != nil:
		return nil, fmt.Errorf("csv header: %w", err)
	}
	h, err := newHeader(cells, opts.Preset, userMap, codeColumns(opts.Map))
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	// A line that parses to as many cells as the header's mapped columns reach is a record
	// of its own: a quoted field may not run over it.
	width := 0
	for i, f := range h.fields {
		if f != fIgnore {
			width = i + 1
		}
	}
	rr.SetMinRecordCells(width)
	return &csvReader{rr: rr, h: h, n: n}, nil
}

func (r *csvReader) Close() error { return nil }

func (r *csvReader) Next() (Row, *Rejection, error) {
	for {
		cells, start, end, err := r.rr.Read()
		var re *RecordError
		if errors.As(err, &re) {
			return Row{}, &Rejection{Line: re.StartLine, EndLine: re.EndLine, Reason: "unreadable CSV: " + re.Reason}, nil
		}
		if err != nil {
			return Row{}, nil, err
		}
		if extra := r.extraCells(cells); extra > 0 {
			return Row{}, &Rejection{Line: start, EndLine: end, Reason: fmt.Sprintf(
				"%d cells, the header has %d: a separator inside an unquoted value, or a quote that is not closed", len(cells), len(r.h.fields))}, nil
		}
		if !r.h.fill(&r.raw, start, cells) {
			continue // a row of empty cells is not a record
		}
		row, rej := r.n.build(&r.raw, r.h.prof)
		return row, rej, nil
	}
}

// extraCells counts the non-empty cells past the header's last column.
func (r *csvReader) extraCells(cells []string) int {
	extra := 0
	for i := len(r.h.fields); i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			extra++
		}
	}
	return extra
}

// xlsxLimits bound what a workbook may inflate to: UHRI's whole export (270,000 records)
// unzips to well under 1 GiB; a zip bomb is refused instead of filling the disk.
// Worksheets larger than UnzipXMLSizeLimit are streamed from a temporary file.
var xlsxLimits = excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 64 << 20}

// maxHeaderRow is how far down a spreadsheet the header row is looked for.
const maxHeaderRow = 50

type xlsxReader struct {
	f      *excelize.File
	rows   *excelize.Rows
	rowNum int
	h      *header
	n      *Normalizer
	raw    rawRecord
	err    error
}

// newXLSXReader opens a workbook. A regular file is opened by its path so that the zip is
// read in place; other readers are read into memory (zip needs random access). Either way
// large worksheets and shared strings go to temporary files and rows are streamed.
func newXLSXReader(r io.Reader, br *bufio.Reader, opts Options, n *Normalizer) (_ *xlsxReader, err error) {
	userMap, err := parseMap(opts.Map)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil { // excelize may panic on malformed workbooks
			err = fmt.Errorf("xlsx: unreadable workbook: %v", p)
		}
	}()
	var f *excelize.File
	if file, ok := r.(*os.File); ok && isRegular(file) {
		f, err = excelize.OpenFile(file.Name(), xlsxLimits)
	} else {
		f, err = excelize.OpenReader(br, xlsxLimits)
	}
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	x := &xlsxReader{f: f, n: n}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, fmt.Errorf("xlsx: no worksheet")
	}
	if x.rows, err = f.Rows(sheets[0]); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("xlsx: sheet %s: %w", sheets[0], err)
	}
	var lastErr error
	for x.rowNum < maxHeaderRow && x.rows.Next() {
		x.rowNum++
		cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			_ = x.Close()
			return nil, fmt.Errorf("xlsx: row %d: %w", x.rowNum, err)
		}
		if !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" }) {
			continue
		}
		h, err := newHeader(cells, opts.Preset, userMap, codeColumns(opts.Map))
		if err != nil { // a title above the header, say: look further down
			lastErr = fmt.Errorf("row %d: %w", x.rowNum, err)
			continue
		}
		x.h = h
		return x, nil
	}
	_ = x.Close()
	if lastErr != nil {
		return nil, fmt.Errorf("xlsx: no header row in sheet %s (%w)", sheets[0], lastErr)
	}
	return nil, fmt.Errorf("xlsx: no header row in sheet %s", sheets[0])
}

func isRegular(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular()
}

func (x *xlsxReader) Close() error {
	var errs []error
	if x.rows != nil {
		if err := x.rows.Close(); err != nil {
			errs = append(errs, err)
		}
		x.rows = nil
	}
	if x.f != nil {
		errs = append(errs, x.f.Close())
		x.f = nil
	}
	return errors.Join(errs...)
}

func (x *xlsxReader) Next() (row Row, rej *Rejection, err error) {
	if x.err != nil {
		return Row{}, nil, x.err
	}
	defer func() {
		if p := recover(); p != nil {
			x.err = fmt.Errorf("xlsx: row %d: unreadable: %v", x.rowNum, p)
			row, rej, err = Row{}, nil, x.err
		}
	}()
	for x.rows != nil && x.rows.Next() {
		x.rowNum++
		cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			x.err = fmt.Errorf("xlsx: row %d: %w", x.rowNum, err)
			return Row{}, nil, x.err
		}
		if !x.h.fill(&x.raw, x.rowNum, cells) {
			continue
		}
		row, rej := x.n.build(&x.raw, x.h.prof)
		return row, rej, nil
	}
	if x.rows != nil {
		if err := x.rows.Error(); err != nil {
			x.err = fmt.Errorf("xlsx: %w", err)
			return Row{}, nil, x.err
		}
	}
	x.err = io.EOF
	return Row{}, nil, io.EOF
}
