package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
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
var Formats = []Format{FormatUHRIJSON, FormatUHRIXLSX, FormatCSV, FormatHubJSON}

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
}

// Row is one record ready to write.
type Row struct {
	Line     int // line (csv), spreadsheet row (xlsx) or record number (json), 1-based
	Record   store.RecommendationRecord
	Document *DocumentRef // the document the record is in, for the caller to MERGE; nil if none
}

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
	Line   int
	Field  string // the column or key as the source names it; "" for the record as a whole
	Reason string
}

func (r *Rejection) Error() string {
	if r.Field == "" {
		return fmt.Sprintf("line %d: %s", r.Line, r.Reason)
	}
	return fmt.Sprintf("line %d: field %s: %s", r.Line, r.Field, r.Reason)
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
// Normalizer loads the embedded tables.
func Open(r io.Reader, name string, opts Options, n *Normalizer) (Reader, error) {
	if n == nil {
		var err error
		if n, err = NewNormalizer(); err != nil {
			return nil, err
		}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	format := opts.Format
	if format == "" {
		format = guessFormat(br, name)
	}
	switch format {
	case FormatUHRIJSON:
		return newUHRIJSONReader(br, n)
	case FormatHubJSON:
		return newHubJSONReader(br, n)
	case FormatCSV:
		return newCSVReader(br, name, opts, n)
	case FormatUHRIXLSX:
		return newXLSXReader(r, br, opts, n)
	}
	return nil, fmt.Errorf("unknown format %q (known: %s, %s, %s, %s)", format, FormatUHRIJSON, FormatUHRIXLSX, FormatCSV, FormatHubJSON)
}

// guessFormat looks at the extension, then at the first bytes.
func guessFormat(br *bufio.Reader, name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatUHRIXLSX
	case ".csv", ".tsv":
		return FormatCSV
	}
	head, _ := br.Peek(64 << 10)
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatUHRIXLSX
	case len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{'):
		if bytes.Contains(head, []byte(`"AnnotationId"`)) || bytes.Contains(head, []byte(`"AnnotationType"`)) {
			return FormatUHRIJSON
		}
		return FormatHubJSON
	}
	return FormatCSV
}
