package ingest

// A lenient CSV record reader. encoding/csv with LazyQuotes, given a stray quote
// (`"abc"def,x`, or an opening quote that is never closed), stays in quoted mode and
// swallows the following lines into one field, so one State's recommendation is glued
// onto the next rows and those rows are lost. RecordReader reads like Python's csv
// module (excel dialect, doublequote, strict=False), which is what most researchers'
// files were written and checked with, and adds a run-over guard: a quoted field whose
// inner lines read as complete records of their own is rejected, and those lines are
// read again as the records they are.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Bounds of one record. A quote that is never closed would otherwise make the reader
// hold the rest of the file; past these bounds the record is rejected instead.
const (
	maxRecordBytes = 1 << 20
	maxRecordLines = 10000
)

// RecordReader reads CSV records from UTF-8 text whose line ends are LF (callers apply
// NormalizeLineEnds first). It streams: memory is bounded by the largest record it
// accepts (maxRecordBytes, maxRecordLines), not by the file.
type RecordReader struct {
	src      *bufio.Reader
	comma    string // the delimiter, UTF-8 encoded
	commaErr error  // set when the delimiter cannot be used
	minCells int

	maxBytes, maxLines int // maxRecordBytes, maxRecordLines (smaller in tests)

	lineNo  int       // physical lines taken from src so far
	srcErr  error     // sticky error of src (io.EOF at its end)
	pending []csvLine // lines to read again after a rejected record; the last is next

	// The record being read.
	lines     []csvLine // its lines, so they can be pushed back
	state     parseState
	field     []byte
	fieldLine int // the line the current field started on
	cells     []string
	multi     []multiLineField
}

// csvLine is one physical line without its LF.
type csvLine struct {
	text    string
	num     int  // 1-based line number
	lf      bool // the line ended with LF (false only for a last line without one)
	tooLong bool // longer than maxBytes: text is empty and the line was skipped
}

// multiLineField is a cell that contains a line break (so it was quoted and spanned
// lines): the run-over guard looks at it once the record is complete.
type multiLineField struct {
	cell      int // index in cells
	startLine int // the line its opening quote is on
}

// parseState follows the states of Python's csv reader (Modules/_csv.c).
type parseState int

const (
	stStartField    parseState = iota // at the start of a field
	stInField                         // in an unquoted field: quotes are literal
	stInQuoted                        // in a quoted field: delimiters and LFs are literal
	stQuoteInQuoted                   // just after a quote inside a quoted field
)

// NewRecordReader returns a RecordReader of r with the delimiter comma (',' or '\t').
// A delimiter that is a quote, CR, LF or not a valid rune makes Read fail.
func NewRecordReader(r io.Reader, comma rune) *RecordReader {
	rr := &RecordReader{
		src:      bufio.NewReaderSize(r, 64<<10),
		comma:    string(comma),
		maxBytes: maxRecordBytes,
		maxLines: maxRecordLines,
	}
	if comma == '"' || comma == '\r' || comma == '\n' || !utf8.ValidRune(comma) || comma == utf8.RuneError {
		rr.commaErr = fmt.Errorf("ingest: invalid CSV delimiter %q", comma)
	}
	return rr
}

// SetMinRecordCells sets how many cells a line must parse to for it to count as a
// complete record in the run-over check (callers set it to the header's width after
// reading the header). 0 turns the check off; values < 2 are treated as 2, because
// every non-blank line parses to at least one cell.
func (rr *RecordReader) SetMinRecordCells(n int) {
	switch {
	case n <= 0:
		rr.minCells = 0
	case n < 2:
		rr.minCells = 2
	default:
		rr.minCells = n
	}
}

// RecordError is a record that could not be read. Reading continues after it: the
// caller counts it as rejected and calls Read again.
type RecordError struct {
	StartLine, EndLine int
	Reason             string
}

func (e *RecordError) Error() string {
	return lineSpan(e.StartLine, e.EndLine) + ": " + e.Reason
}

// lineSpan is "line 12" or "lines 12–40".
func lineSpan(a, b int) string {
	if a == b {
		return fmt.Sprintf("line %d", a)
	}
	return fmt.Sprintf("lines %d–%d", a, b)
}

// Read returns the next record's cells and the 1-based lines it starts and ends on.
// Blank lines are skipped (they are not records). At the end it returns io.EOF. A record
// that cannot be read is a *RecordError (with its lines also returned as startLine and
// endLine); call Read again to go on. Any other error comes from the underlying reader
// and ends reading.
func (rr *RecordReader) Read() (cells []string, startLine, endLine int, err error) {
	if rr.commaErr != nil {
		return nil, 0, 0, rr.commaErr
	}
	for {
		first, err := rr.nextLine()
		if err != nil {
			return nil, 0, 0, err
		}
		if first.tooLong {
			return nil, first.num, first.num, &RecordError{first.num, first.num,
				fmt.Sprintf("the line is longer than %s; it is skipped", byteSize(rr.maxBytes))}
		}
		if first.text == "" {
			continue // a blank line (Python yields [] for it)
		}
		return rr.readRecord(first)
	}
}

// readRecord parses the record that starts with line first, taking further lines while
// a quoted field is open.
func (rr *RecordReader) readRecord(first csvLine) ([]string, int, int, error) {
	rr.lines = append(rr.lines[:0], first)
	rr.state, rr.field, rr.cells, rr.multi = stStartField, rr.field[:0], nil, rr.multi[:0]
	size := len(first.text)
	l := first
	for {
		rr.parseLine(l.text, l.num)
		if rr.state != stInQuoted {
			// At the end of a line outside quotes the field and the record end (Python:
			// '\n' or the end of the last line in START_FIELD, IN_FIELD or
			// QUOTE_IN_QUOTED_FIELD saves the field).
			rr.saveField()
			break
		}
		// A quoted field is open: the line break is part of it.
		if l.lf {
			rr.field = append(rr.field, '\n')
		}
		next, err := rr.nextLine()
		if err == io.EOF {
			// Python (strict=False) returns an unterminated quoted field as read.
			rr.saveField()
			break
		}
		if err != nil {
			return nil, 0, 0, err
		}
		rr.lines = append(rr.lines, next)
		size += 1 + len(next.text)
		if next.tooLong || size > rr.maxBytes || len(rr.lines) > rr.maxLines {
			limit := fmt.Sprintf("within %d lines", rr.maxLines)
			if next.tooLong || size > rr.maxBytes {
				limit = "within " + byteSize(rr.maxBytes)
			}
			return rr.reject(fmt.Sprintf("a quote opened on line %d is not closed %s; "+
				"the record is skipped and reading resumes at line %d", rr.fieldLine, limit, first.num+1))
		}
		l = next
	}
	if reason := rr.runOver(); reason != "" {
		return rr.reject(reason)
	}
	cells := rr.cells
	rr.cells = nil
	return cells, first.num, l.num, nil
}

// parseLine runs one line's characters (without its LF) through Python's state machine.
func (rr *RecordReader) parseLine(text string, num int) {
	c0 := rr.comma[0]
	for i := 0; i < len(text); i++ {
		c := text[i]
		isComma := c == c0 && (len(rr.comma) == 1 || strings.HasPrefix(text[i:], rr.comma))
		switch rr.state {
		case stStartField:
			rr.fieldLine = num
			switch {
			case c == '"':
				rr.state = stInQuoted
			case isComma:
				rr.saveField()
				i += len(rr.comma) - 1
			default:
				rr.field = append(rr.field, c)
				rr.state = stInField
			}
		case stInField:
			if isComma {
				rr.saveField()
				rr.state = stStartField
				i += len(rr.comma) - 1
				continue
			}
			// Copy c and everything up to the next possible delimiter at once.
			j := strings.IndexByte(text[i+1:], c0)
			if j < 0 {
				j = len(text) - i - 1
			}
			rr.field = append(rr.field, text[i:i+1+j]...)
			i += j
		case stInQuoted:
			if c == '"' {
				rr.state = stQuoteInQuoted
				continue
			}
			j := strings.IndexByte(text[i+1:], '"')
			if j < 0 {
				j = len(text) - i - 1
			}
			rr.field = append(rr.field, text[i:i+1+j]...)
			i += j
		case stQuoteInQuoted:
			switch {
			case c == '"': // "" is one quote
				rr.field = append(rr.field, '"')
				rr.state = stInQuoted
			case isComma:
				rr.saveField()
				rr.state = stStartField
				i += len(rr.comma) - 1
			default:
				// strict=False: the closing quote is dropped and the field goes on
				// unquoted ("abc"def → abcdef); later quotes in it are literal.
				rr.field = append(rr.field, c)
				rr.state = stInField
			}
		}
	}
}

// saveField ends the current field and starts the next one.
func (rr *RecordReader) saveField() {
	s := string(rr.field)
	if strings.IndexByte(s, '\n') >= 0 {
		rr.multi = append(rr.multi, multiLineField{cell: len(rr.cells), startLine: rr.fieldLine})
	}
	rr.cells = append(rr.cells, s)
	rr.field = rr.field[:0]
	rr.state = stStartField
}

// runOver is the run-over guard. A quoted field that spans lines holds, between its
// first and its last line, whole physical lines. If one of them parses on its own to
// at least minCells cells, it is a record of its own that an unclosed (or stray) quote
// swallowed: runOver returns the reason to reject the record, "" if there is none.
//
// The last segment (the line up to the closing quote) is only part of a line and is not
// judged. The first one (the rest of the line the quote opened on) is judged only in files
// of three or more columns: there, a first line that holds a whole record's cells is a
// record glued to the next line by a stray quote (the commonest break in scraped files),
// while in a two-column file any comma before a cell's first line break would look so.
func (rr *RecordReader) runOver() string {
	if rr.minCells == 0 {
		return ""
	}
	from := 1
	if rr.minCells >= 3 {
		from = 0
	}
	for _, m := range rr.multi {
		segs := strings.Split(rr.cells[m.cell], "\n")
		first, last := 0, 0
		for i := from; i < len(segs)-1; i++ {
			if i == 0 && !rr.tailLike(segs[0], m.cell) {
				continue
			}
			if countCells(segs[i], rr.comma) >= rr.minCells {
				if last == 0 {
					first = m.startLine + i
				}
				last = m.startLine + i
			}
		}
		if first != 0 {
			return fmt.Sprintf("a quote opened on line %d is not closed before lines that read as records "+
				"of their own (%s); the record is skipped and reading resumes at line %d",
				m.startLine, lineSpan(first, last), rr.lines[0].num+1)
		}
	}
	return ""
}

// tailLike tells whether the first line of a multi-line cell reads as the rest of a
// record of its own: as many cells as the record has from that cell on, ending in cells of
// the same kind as the record's (a year where the record has a year). Prose with commas
// before a line break does not; a stray quote that glued two rows does.
func (rr *RecordReader) tailLike(seg string, cell int) bool {
	sub := NewRecordReader(strings.NewReader(seg), []rune(rr.comma)[0])
	cells, _, _, err := sub.Read()
	if err != nil || len(cells) != len(rr.cells)-cell || len(cells) < 2 {
		return false
	}
	for k := 1; k <= min(2, len(cells)-1); k++ {
		if cellKind(cells[len(cells)-k]) != cellKind(rr.cells[len(rr.cells)-k]) {
			return false
		}
	}
	return true
}

// cellKind sorts a cell value coarsely: empty, a number, one short word, or text.
func cellKind(v string) int {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return 0
	case strings.Trim(v, "0123456789.") == "":
		return 1
	case len(v) <= 40 && !strings.ContainsAny(v, " \t\n"):
		return 2
	}
	return 3
}

// countCells is the number of cells line parses to on its own, by the same rules
// (a quote left open at its end keeps the rest in one cell). A blank line has none.
func countCells(line, comma string) int {
	if line == "" {
		return 0
	}
	n, st := 1, stStartField
	for i := 0; i < len(line); i++ {
		c := line[i]
		isComma := c == comma[0] && strings.HasPrefix(line[i:], comma)
		switch st {
		case stStartField:
			switch {
			case c == '"':
				st = stInQuoted
			case isComma:
				n++
				i += len(comma) - 1
			default:
				st = stInField
			}
		case stInField:
			if isComma {
				n++
				st = stStartField
				i += len(comma) - 1
			}
		case stInQuoted:
			if c == '"' {
				st = stQuoteInQuoted
			}
		case stQuoteInQuoted:
			switch {
			case c == '"':
				st = stInQuoted
			case isComma:
				n++
				st = stStartField
				i += len(comma) - 1
			default:
				st = stInField
			}
		}
	}
	return n
}

// reject returns a *RecordError for the record read so far and pushes back all its
// lines after the first, so that reading resumes at the line after its start line and
// lines that a quote swallowed are read again as the records they are.
func (rr *RecordReader) reject(reason string) ([]string, int, int, error) {
	start, end := rr.lines[0].num, rr.lines[len(rr.lines)-1].num
	for i := len(rr.lines) - 1; i >= 1; i-- {
		rr.pending = append(rr.pending, rr.lines[i])
	}
	rr.lines = rr.lines[:0]
	rr.cells, rr.multi = nil, rr.multi[:0]
	return nil, start, end, &RecordError{StartLine: start, EndLine: end, Reason: reason}
}

// nextLine returns the next physical line: a pushed-back one, else one from src. A line
// longer than maxBytes is not kept: the rest of it is read and dropped, and it comes
// back marked tooLong. At the end it returns io.EOF.
func (rr *RecordReader) nextLine() (csvLine, error) {
	if n := len(rr.pending); n > 0 {
		l := rr.pending[n-1]
		rr.pending = rr.pending[:n-1]
		return l, nil
	}
	if rr.srcErr != nil {
		return csvLine{}, rr.srcErr
	}
	var buf []byte
	size := 0
	for {
		chunk, err := rr.src.ReadSlice('\n')
		size += len(chunk)
		if size <= rr.maxBytes+1 { // +1: the LF
			buf = append(buf, chunk...)
		} else {
			buf = nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			rr.srcErr = err
			if err != io.EOF || size == 0 {
				return csvLine{}, err
			}
		}
		break
	}
	rr.lineNo++
	l := csvLine{num: rr.lineNo}
	if size > 0 && rr.srcErr == nil {
		l.lf = true // ReadSlice stopped at a LF
		size--
	}
	if size > rr.maxBytes {
		l.tooLong = true
		return l, nil
	}
	l.text = string(buf[:size])
	return l, nil
}

// byteSize is n bytes as people say it ("1 MiB").
func byteSize(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
