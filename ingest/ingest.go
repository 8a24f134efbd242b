package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Format names an input format.
type Format string

// The formats Open reads.
const (
	FormatUHRIJSON Format = "uhri-json" // UHRI bulk JSON export: one array of objects, or NDJSON
	FormatUHRIXLSX Format = "uhri-xlsx" // UHRI XLSX export (16 columns)
	FormatCSV      Format = "csv"       // CSV or TSV with a header row (presets uhri, upr-csv; --map)
	FormatHubJSON  Format = "hub-json"  // the hub's own export: array or NDJSON of HubRecord
)

// Formats lists the valid formats.
var Formats = []Format{FormatUHRIJSON, FormatUHRIXLSX, FormatCSV, FormatHubJSON, FormatUPRMatrix}

// ParseFormat checks a format name ("" means: guess it from the file).
func ParseFormat(name string) (Format, error) {
	if name == "" {
		return "", nil
	}
	for _, f := range Formats {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(names, ", "))
}

// The CSV presets.
const (
	PresetUHRI   = "uhri"    // UHRI's XLSX column names as CSV headers
	PresetUPRCSV = "upr-csv" // researcher files: text,to,decision,from,year
)

// Options say how to read a file. The zero value guesses everything from the file.
type Options struct {
	// Format; "" guesses it from the file name and the first bytes.
	Format Format
	// Preset of column names for csv ("uhri" or "upr-csv"); "" recognises them from the
	// header, else takes the headers for field names (doc.go lists them).
	Preset string
	// Map maps column names (any case) to field names, over the preset: {"Recommendation":
	// "text", "Country": "stateCodes"}; field "-" ignores a column. Applies to csv and xlsx.
	Map map[string]string
	// Comma is the csv separator; 0 means '\t' for .tsv files, else ',' unless the header
	// line has tabs and no commas.
	Comma rune
	// Encoding of a text file (csv, json); "" means UTF-8 (a BOM of any Unicode encoding
	// still decides). DetectEncoding finds it from the whole file.
	Encoding Encoding
	// Matrix is what --state, --cycle and --session force for upr-matrix documents.
	Matrix MatrixOptions
}

// Row is one record ready to write.
type Row struct {
	Line     int // line (csv), spreadsheet row (xlsx) or record number (json), 1-based
	Record   store.RecommendationRecord
	Document *DocumentRef // the document the record is in, for the caller to MERGE; nil if none
	// Notes are what the reader decided about this record that a person should know: values
	// it kept out (warnings) and names it matched by spelling (resolutions).
	Notes []Note
	// UnknownLabels are theme and group labels the hub's taxonomies lack; the record is
	// kept without them (or they are created, with --add-labels).
	UnknownLabels []UnknownLabel
}

// The kinds of Note.
const (
	NoteWarning  = "warning"  // a value was not used; --strict rejects the record instead
	NoteResolved = "resolved" // a name was matched by spelling, not exactly
)

// Note is one remark on a record, printed as "KIND: line N: field F: message".
type Note struct {
	Line    int
	Kind    string
	Field   string
	Message string
}

func (n Note) String() string {
	if n.Field == "" {
		return fmt.Sprintf("%s: line %d: %s", n.Kind, n.Line, n.Message)
	}
	return fmt.Sprintf("%s: line %d: field %s: %s", n.Kind, n.Line, n.Field, n.Message)
}

// The kinds of UnknownLabel.
const (
	LabelTheme = "theme"
	LabelGroup = "affected group"
)

// UnknownLabel is a taxonomy label a record carries that the hub does not know.
type UnknownLabel struct{ Kind, Label string }

// DocumentRef is what a record says about its document.
type DocumentRef struct {
	Key            string // DocumentKey(Symbol) unless the source gave a key
	Symbol         string
	Title          string // empty when the source has none (UHRI exports do not)
	Type           string // CONCLUDING_OBSERVATIONS, UPR_WG_REPORT, … from the symbol; may be empty
	Year           *int
	PublishedOn    *domain.Date
	UhriDocumentID string
}

// Document returns the domain document, titled by its symbol when it has no title.
func (d *DocumentRef) Document() domain.Document {
	doc := domain.Document{Key: d.Key, Title: d.Title, Year: d.Year, PublishedOn: d.PublishedOn}
	if d.Symbol != "" {
		s := d.Symbol
		doc.Symbol = &s
	}
	if doc.Title == "" {
		doc.Title = d.Symbol
	}
	if doc.Title == "" {
		doc.Title = d.Key
	}
	if d.Type != "" {
		t := d.Type
		doc.Type = &t
	}
	return doc
}

// Rejection is a record that was not imported, and why.
type Rejection struct {
	Line    int
	EndLine int    // the last line of a record that spans several (0: as Line)
	Field   string // the column or key as the source names it; "" for the record as a whole
	Reason  string
}

func (r *Rejection) Error() string {
	where := fmt.Sprintf("line %d", r.Line)
	if r.EndLine > r.Line {
		where = fmt.Sprintf("lines %d–%d", r.Line, r.EndLine)
	}
	if r.Field == "" {
		return fmt.Sprintf("%s: %s", where, r.Reason)
	}
	return fmt.Sprintf("%s: field %s: %s", where, r.Field, r.Reason)
}

// Reader yields the rows of a file one at a time; memory use does not grow with the file.
type Reader interface {
	// Next returns the next row, or a rejection for a bad record (reading goes on after it),
	// or io.EOF at the end, or another error when the file cannot be read further.
	Next() (Row, *Rejection, error)
	// Close releases what the reader holds (temporary files of large spreadsheets).
	Close() error
}

// Open starts reading r, a file called name (its extension helps guess the format). A nil
// Normalizer loads the embedded tables. Text formats are decoded from opts.Encoding; the
// CSV reader also reads CRLF and bare CR line ends. upr-matrix needs r to be an
// io.ReaderAt with a Size (an *os.File, a *bytes.Reader).
func Open(r io.Reader, name string, opts Options, n *Normalizer) (Reader, error) {
	if n == nil {
		var err error
		if n, err = NewNormalizer(); err != nil {
			return nil, err
		}
	}
	raw := bufio.NewReaderSize(r, 64<<10)
	format := opts.Format
	if format == "" {
		format = GuessFormat(name, peek(raw))
	}
	switch format {
	case FormatUHRIXLSX:
		return newXLSXReader(r, raw, opts, n)
	case FormatUPRMatrix:
		ra, size, err := readerAt(r)
		if err != nil {
			return nil, err
		}
		return newUPRMatrixReader(ra, size, opts.Matrix, n)
	}
	enc := opts.Encoding
	if enc == "" {
		enc = EncodingUTF8
		if bom, _ := bomEncoding(peek(raw)); bom != "" {
			enc = bom
		}
	}
	text := bufio.NewReaderSize(Decode(raw, enc), 64<<10)
	switch format {
	case FormatUHRIJSON:
		return newUHRIJSONReader(text, n)
	case FormatHubJSON:
		return newHubJSONReader(text, n)
	case FormatCSV:
		return newCSVReader(bufio.NewReaderSize(NormalizeLineEnds(text), 64<<10), name, opts, n)
	}
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("format %s has no reader", format)
}

func peek(br *bufio.Reader) []byte {
	head, _ := br.Peek(64 << 10)
	return head
}

// readerAt gives random access to r (a .docx is a zip); files and in-memory readers have it.
func readerAt(r io.Reader) (io.ReaderAt, int64, error) {
	type sized interface {
		io.ReaderAt
		Size() int64
	}
	switch x := r.(type) {
	case *os.File:
		fi, err := x.Stat()
		if err != nil {
			return nil, 0, err
		}
		return x, fi.Size(), nil
	case sized:
		return x, x.Size(), nil
	}
	return nil, 0, fmt.Errorf("upr-matrix: the document must be a file")
}

// GuessFormat tells the format of a file from its name and its first bytes: the
// extension first, then the content (a zip is a spreadsheet, or a Word document when its
// name says .docx; JSON with UHRI's keys is uhri-json, other JSON hub-json; the rest csv).
func GuessFormat(name string, head []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatUHRIXLSX
	case ".docx":
		return FormatUPRMatrix
	case ".csv", ".tsv", ".txt":
		return FormatCSV
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if bytes.Contains(head, []byte("word/")) {
			return FormatUPRMatrix
		}
		return FormatUHRIXLSX
	}
	if enc, n := bomEncoding(head); enc != "" && enc != EncodingUTF8 {
		// UTF-16 text: look at its ASCII bytes only.
		head = bytes.ReplaceAll(head[n:], []byte{0}, nil)
	}
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		if bytes.Contains(head, []byte(`"AnnotationId"`)) || bytes.Contains(head, []byte(`"AnnotationType"`)) {
			return FormatUHRIJSON
		}
		return FormatHubJSON
	}
	return FormatCSV
}
