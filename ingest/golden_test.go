package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nmirf-hub/hub/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenEntry is one row or rejection, in file order, as the golden files show it.
type goldenEntry struct {
	Line      int        `json:"line"`
	Row       *HubRecord `json:"row,omitempty"`
	Notes     []string   `json:"notes,omitempty"`
	Rejection string     `json:"rejection,omitempty"`
}

type goldenFile struct {
	Entries []goldenEntry `json:"entries"`
	Error   string        `json:"error,omitempty"`
}

func mustNormalizer(t testing.TB) *Normalizer {
	t.Helper()
	n, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// drain reads a whole file through Open.
func drain(t testing.TB, r io.Reader, name string, opts Options, n *Normalizer) (goldenFile, []Row) {
	t.Helper()
	rd, err := Open(r, name, opts, n)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer func() {
		if err := rd.Close(); err != nil {
			t.Errorf("close %s: %v", name, err)
		}
	}()
	var g goldenFile
	var rows []Row
	for {
		row, rej, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			g.Error = err.Error()
			break
		}
		if rej != nil {
			g.Entries = append(g.Entries, goldenEntry{Line: rej.Line, Rejection: rej.Error()})
			continue
		}
		h := ToHubRecord(row.Record, row.Document)
		e := goldenEntry{Line: row.Line, Row: &h}
		for _, n := range row.Notes {
			e.Notes = append(e.Notes, n.String())
		}
		g.Entries = append(g.Entries, e)
		rows = append(rows, row)
	}
	return g, rows
}

type goldenCase struct {
	name string // golden file testdata/<name>.golden.json
	file string
	opts Options
}

var goldenCases = []goldenCase{
	{"uhri-json", "uhri.json", Options{Format: FormatUHRIJSON}},
	{"uhri-ndjson", "uhri.ndjson", Options{}}, // format guessed from the content
	{"uhri-csv", "uhri-export.csv", Options{Format: FormatCSV, Preset: PresetUHRI}},
	{"upr-csv", "upr.csv", Options{}}, // preset recognised from the header
	{"upr-tsv", "upr.tsv", Options{}}, // separator from the extension
	{"mapped-csv", "mapped.csv", Options{Format: FormatCSV, Map: map[string]string{
		"Recommendation": "text", "Country": "stateCodes", "Issue": "themeKeys", "Notes": "-"}}},
	{"hub-json", "hub.json", Options{Format: FormatHubJSON}},
}

func TestGolden(t *testing.T) {
	n := mustNormalizer(t)
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			g, _ := drain(t, f, tc.file, tc.opts, n)
			checkGolden(t, tc.name, g)
		})
	}
	t.Run("uhri-xlsx", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "uhri-export.xlsx")
		if err := os.WriteFile(path, xlsxFixture(t), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		g, _ := drain(t, f, "uhri-export.xlsx", Options{}, n)
		checkGolden(t, "uhri-xlsx", g)
	})
}

func checkGolden(t *testing.T, name string, got goldenFile) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", path, b)
	}
}

// xlsxFixture builds UHRI's XLSX export from testdata/uhri-export.csv (the same records
// in the same 16 columns): a title row and a blank row above the header, dates as numbers.
func xlsxFixture(t testing.TB) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "uhri-export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	if err := f.SetCellStr(sheet, "A1", "Universal Human Rights Index - export"); err != nil {
		t.Fatal(err)
	}
	for i, rec := range records {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
			if i > 0 && (records[0][j] == "Document Publication Date" || records[0][j] == "Date of publication on UHRI") {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					row[j] = x
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestQuirks states what the golden files show for each quirk, so that a regenerated golden
// file cannot hide a regression.
func TestQuirks(t *testing.T) {
	n := mustNormalizer(t)
	read := func(file string, opts Options) (map[int]Row, map[int]string) {
		f, err := os.Open(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		g, rows := drain(t, f, file, opts, n)
		if g.Error != "" {
			t.Fatalf("%s: %s", file, g.Error)
		}
		byLine, rej := map[int]Row{}, map[int]string{}
		for _, r := range rows {
			byLine[r.Line] = r
		}
		for _, e := range g.Entries {
			if e.Rejection != "" {
				rej[e.Line] = e.Rejection
			}
		}
		return byLine, rej
	}
	type check struct {
		what string
		got  any
		want any
	}
	eq := func(cs ...check) {
		t.Helper()
		for _, c := range cs {
			gb, _ := json.Marshal(c.got)
			wb, _ := json.Marshal(c.want)
			if !bytes.Equal(gb, wb) {
				t.Errorf("%s: got %s, want %s", c.what, gb, wb)
			}
		}
	}

	rows, rej := read("uhri.json", Options{Format: FormatUHRIJSON})
	r1, r2, r3, r4 := rows[1].Record, rows[2].Record, rows[3].Record, rows[4].Record
	eq(check{"sample key", r1.Key, "uhri-a9ceae8c-fe1c-40f9-a326-1529e0ab678f"},
		check{"sample paragraph from '4.The'", *r1.Paragraph, "4"},
		check{"sample type", r1.Type, "CONCERN_OBSERVATION"},
		check{"sample body '- CRC'", r1.Mechanism.Key, "crc"},
		check{"sample SDG targets", r1.SdgCodes, []string{"16.2", "5.2", "16.9"}},
		check{"sample document", rows[1].Document.Key, "crc-c-per-co-6-7"},
		check{"sample date", r1.PublishedOn.String(), "2025-02-12"},
		check{"&#39; decoded, text kept", r1.Texts["EN"][:40], "4.The Committee reminds the State party "},
		check{"two recommending States", r2.RecommendingStateCodes, []string{"CHL", "PER"}},
		check{"position with its source", *r2.Position, domain.Position{Value: "SUPPORTED", Label: ptr("Supported"), SourceSymbol: ptr("A/HRC/57/12/Add.1"), SourceParagraph: ptr("3")}},
		check{"SDG goal label", r2.SdgCodes, []string{"16"}},
		check{"uppercase id lowercased in key", r2.Key, "uhri-0f2d6c1e-1111-4c8b-9a51-3c3a0b1d2e01"},
		check{"Türkiye", r3.StateCodes, []string{"TUR"}},
		check{"UN long form", r3.RecommendingStateCodes, []string{"IRN"}},
		check{"Supported/Noted", r3.Position.Value, "PARTIALLY_SUPPORTED"},
		check{"cycle from session 41", *r3.UprCycle, 4},
		check{"&amp;amp; decoded", r3.Texts["EN"], "45.3 Guarantee freedom of expression for journalists & human rights defenders (Iran (Islamic Republic of));"},
		check{"Turkey", r4.StateCodes, []string{"TUR"}},
		check{"State from the symbol", rows[5].Record.StateCodes, []string{"ALB"}},
		check{"SR on torture", rows[6].Record.Mechanism.Key, "sr-torture"},
		check{"SP document type", rows[6].Document.Type, "SPECIAL_PROCEDURE_REPORT"},
		check{"Bolivia long form", rows[6].Record.StateCodes, []string{"BOL"}},
		check{"two-letter stub", rows[7].Record.StateCodes, []string{"ESP"}},
		check{"long body name", rows[7].Record.Mechanism.Key, "crc"},
		check{"duplicate text, own key", rows[8].Record.Key != r4.Key && rows[8].Record.Texts["EN"] == r4.Texts["EN"], true},
		check{"mangled State recovered from text", rows[9].Record.RecommendingStateCodes, []string{"IRN"}},
		check{"missing State recovered from text", rows[10].Record.RecommendingStateCodes, []string{"LBY"}},
		check{"empty text", rej[11], "line 11: field Text: empty text"},
		check{"unknown State", rej[12], `line 12: field Countries: unknown State "Atlantis"`},
		check{"malformed date", rej[13], `line 13: field PublicationDate: malformed date: "2022-13-45T00:00:00" is not a date (want YYYY-MM-DD, an ISO date-time or an Excel serial)`},
		check{"malformed cycle", rej[14], `line 14: field UprCycle: malformed UPR cycle: "third" is not a number`},
		check{"not an object", rej[15], "line 15: not an object (a JSON number)"},
		check{"unknown body", rej[16], `line 16: field Body: unknown body "XYZ"`},
		check{"object for a list", rej[18], "line 18: field Countries: unexpected JSON object"},
		check{"unrecoverable State, with suggestions", rej[19], `line 19: field UprRecommendingCountry: unknown State "Narnia"; did you mean "Armenia" or "Bosnia and Herzegovina" or "Gambia"?`},
		check{"two-letter stub confirmed by the symbol", rows[7].Notes[0].String(), `resolved: line 7: field Countries: "ES" → ESP (the ISO alpha-2 code of a State the record names elsewhere)`},
		check{"unknown theme kept as a warning", rows[17].Notes[0].Kind, NoteWarning},
		check{"unmapped position kept without a position", rows[20].Record.Position == nil && rows[20].Notes[0].Kind == NoteWarning, true},
	)

	rows, rej = read("uhri-export.csv", Options{Format: FormatCSV, Preset: PresetUHRI})
	eq(check{"newline multi-values", rows[2].Record.ThemeKeys, []string{"violence-against-women", "rights-related-to-name-identity-and-nationality", "right-to-health"}},
		check{"Excel serial date", rows[2].Record.PublishedOn.String(), "2025-02-12"},
		check{"newline recommending States", rows[7].Record.RecommendingStateCodes, []string{"CHL", "PER"}},
		check{"'- 47' session", *rows[7].Record.UprSession, 47},
		check{"Excel date-time with a fraction", rows[9].Record.PublishedOn.String(), "2023-04-11"},
		check{"serial that is a year", rej[21], `line 21: field Document Publication Date: malformed date: "2024" is out of range (year 1905, want 1945–2100)`},
		check{"no annotation id: document + paragraph", rows[16].Record.Key, "a-hrc-57-12-p119.70"},
	)

	rows, rej = read("upr.csv", Options{})
	eq(check{"lowercase joined State", rows[2].Record.StateCodes, []string{"CRI"}},
		check{"researcher support", rows[2].Record.Position.Value, "SUPPORTED"},
		check{"UPR mechanism", rows[2].Record.Mechanism.Key, "upr"},
		check{"cycle 4 from 2024", *rows[2].Record.UprCycle, 4},
		check{"joined UN long name", rows[3].Record.StateCodes, []string{"GBR"}},
		check{"'Islamic Republic of' recovered", rows[3].Record.RecommendingStateCodes, []string{"IRN"}},
		check{"cycle 3 from 2017", *rows[3].Record.UprCycle, 3},
		check{"'Chile and Peru' in from", rows[4].Record.RecommendingStateCodes, []string{"CHL", "PER"}},
		check{"joined long form", rows[4].Record.StateCodes, []string{"IRN"}},
		check{"identical rows share a key", rows[5].Record.Key, rows[2].Record.Key},
		check{"turkiye", rows[6].Record.StateCodes, []string{"TUR"}},
		check{"malformed year", rej[9], `line 9: field year: malformed year: "20x4" is not a year`},
		check{"unknown to", rej[10], `line 10: field to: unknown State "atlantis"`},
		check{"empty text", rej[11], "line 11: field text: empty text"},
		check{"unknown decision: a warning, no position", rows[12].Notes[0].String(), `warning: line 12: field decision: position "maybe" not mapped (the record is kept without a position)`},
		check{"researcher label kept", *rows[2].Record.Position.Label, "support"},
		check{"mangled from, no brackets", rej[13], `line 13: field from: unknown State "Republic of"`},
	)
}

func TestOpenErrors(t *testing.T) {
	n := mustNormalizer(t)
	for name, tc := range map[string]struct {
		in   string
		file string
		opts Options
	}{
		"unknown format":      {"x", "x.csv", Options{Format: "pdf"}},
		"unknown preset":      {"text\nx\n", "x.csv", Options{Preset: "nope"}},
		"unknown map field":   {"a\nx\n", "x.csv", Options{Map: map[string]string{"a": "nope"}}},
		"map to no column":    {"text\nx\n", "x.csv", Options{Map: map[string]string{"b": "text"}}},
		"no text column":      {"a,b\nx,y\n", "x.csv", Options{}},
		"empty csv":           {"", "x.csv", Options{}},
		"not json":            {"hello", "x.json", Options{Format: FormatUHRIJSON}},
		"not a workbook":      {"hello", "x.xlsx", Options{}},
		"hub-json not json":   {"<xml/>", "x.json", Options{Format: FormatHubJSON}},
		"xlsx with no header": {"PK\x03\x04", "x.xlsx", Options{}},
	} {
		t.Run(name, func(t *testing.T) {
			if r, err := Open(bytes.NewReader([]byte(tc.in)), tc.file, tc.opts, n); err == nil {
				r.Close()
				t.Errorf("no error")
			}
		})
	}
}

func TestStreamErrors(t *testing.T) {
	n := mustNormalizer(t)
	for name, in := range map[string]string{
		"truncated array":   `[{"Text":"1. a","Countries":["Chile"]},`,
		"unclosed array":    `[{"Text":"1. a","Countries":["Chile"]}`,
		"garbage after":     `[{"Text":"1. a","Countries":["Chile"]}] x`,
		"syntax error":      `[{"Text":"1. a","Countries":["Chile"]}, {"Text": }]`,
		"ndjson truncation": "{\"Text\":\"1. a\",\"Countries\":[\"Chile\"]}\n{\"Text\":",
	} {
		t.Run(name, func(t *testing.T) {
			g, rows := drain(t, bytes.NewReader([]byte(in)), "x.json", Options{Format: FormatUHRIJSON}, n)
			if g.Error == "" {
				t.Errorf("no error; entries %+v", g.Entries)
			}
			if len(rows) != 1 {
				t.Errorf("%d rows before the error, want 1", len(rows))
			}
		})
	}
	g, _ := drain(t, bytes.NewReader(nil), "x.json", Options{Format: FormatUHRIJSON}, n)
	if g.Error != "" || len(g.Entries) != 0 {
		t.Errorf("empty file: %+v", g)
	}
	g, _ = drain(t, bytes.NewReader([]byte(" [ ] ")), "x.json", Options{Format: FormatUHRIJSON}, n)
	if g.Error != "" || len(g.Entries) != 0 {
		t.Errorf("empty array: %+v", g)
	}
}

func TestGuessFormat(t *testing.T) {
	for in, want := range map[[2]string]Format{
		{"x.xlsx", ""}:                            FormatUHRIXLSX,
		{"x.tsv", ""}:                             FormatCSV,
		{"x", "PK\x03\x04..."}:                    FormatUHRIXLSX,
		{"x.json", `[{"AnnotationId": "1"}]`}:     FormatUHRIJSON,
		{"x.ndjson", `{"AnnotationType": "x"}`}:   FormatUHRIJSON,
		{"x.json", `[{"key": "k", "texts": {}}]`}: FormatHubJSON,
		{"x.txt", "text,to\n"}:                    FormatCSV,
		{"x.docx", ""}:                            FormatUPRMatrix,
		{"x", "\xff\xfe[\x00{\x00\"\x00A\x00n\x00n\x00o\x00t\x00a\x00t\x00i\x00o\x00n\x00I\x00d\x00\"\x00"}: FormatUHRIJSON,
	} {
		if got := GuessFormat(in[0], []byte(in[1])); got != want {
			t.Errorf("guessFormat(%q, %q) = %s, want %s", in[0], in[1], got, want)
		}
	}
}

func TestRejectionError(t *testing.T) {
	r := &Rejection{Line: 7, Field: "Countries", Reason: `unknown State "Atlantis"`}
	if got := r.Error(); got != `line 7: field Countries: unknown State "Atlantis"` {
		t.Errorf("got %s", got)
	}
	var err error = r
	var target *Rejection
	if !errors.As(err, &target) {
		t.Error("a Rejection is not an error")
	}
}
