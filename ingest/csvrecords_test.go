package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// readResult is what Read returned once: a record or a *RecordError.
type readResult struct {
	Cells      []string
	Start, End int
	Err        string // RecordError.Error(), "" for a record
}

func (r readResult) String() string {
	if r.Err != "" {
		return "ERROR " + r.Err
	}
	return fmt.Sprintf("%d–%d %q", r.Start, r.End, r.Cells)
}

// readAllRecords reads r to its end; minCells as for SetMinRecordCells.
func readAllRecords(t *testing.T, r io.Reader, comma rune, minCells int) []readResult {
	t.Helper()
	rr := NewRecordReader(r, comma)
	rr.SetMinRecordCells(minCells)
	var out []readResult
	for {
		cells, start, end, err := rr.Read()
		if err == io.EOF {
			return out
		}
		var re *RecordError
		switch {
		case errors.As(err, &re):
			if re.StartLine != start || re.EndLine != end {
				t.Fatalf("RecordError lines %d–%d, Read returned %d–%d", re.StartLine, re.EndLine, start, end)
			}
			out = append(out, readResult{Start: start, End: end, Err: re.Error()})
		case err != nil:
			t.Fatalf("Read: %v", err)
		default:
			out = append(out, readResult{Cells: cells, Start: start, End: end})
		}
		if len(out) > 100000 {
			t.Fatal("Read does not stop")
		}
	}
}

func wantRec(start, end int, cells ...string) readResult {
	return readResult{Cells: cells, Start: start, End: end}
}

// checkRecords reads input whole and one byte at a time and compares with want.
func checkRecords(t *testing.T, input string, minCells int, want []readResult) {
	t.Helper()
	for name, r := range map[string]io.Reader{
		"whole":    strings.NewReader(input),
		"one byte": iotest.OneByteReader(strings.NewReader(input)),
	} {
		got := readAllRecords(t, r, ',', minCells)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s reads of %q:\n got %v\nwant %v", name, input, got, want)
		}
	}
}

func TestRecordsWellFormed(t *testing.T) {
	input := "text,to,decision,from,year\n" + // 1
		"\"Ratify the convention, and report\",AFG,supported,\"Chile, Peru\",2019\n" + // 2
		"\n" + // 3: blank, not a record
		"\"She said \"\"no\"\"\",BOL,noted,- Chile,2020\n" + // 4
		"\"Consider:\n- Chile\n- Peru\",COL,supported,\"x\n\ny\",2021\n" + // 5–9: embedded newlines
		"\n\n" + // 10, 11
		"last,ECU,noted,FRA,2022" // 12: no LF at the end
	want := []readResult{
		wantRec(1, 1, "text", "to", "decision", "from", "year"),
		wantRec(2, 2, "Ratify the convention, and report", "AFG", "supported", "Chile, Peru", "2019"),
		wantRec(4, 4, `She said "no"`, "BOL", "noted", "- Chile", "2020"),
		wantRec(5, 9, "Consider:\n- Chile\n- Peru", "COL", "supported", "x\n\ny", "2021"),
		wantRec(12, 12, "last", "ECU", "noted", "FRA", "2022"),
	}
	checkRecords(t, input, 5, want)
	checkRecords(t, input, 0, want)
	// Commas in a multi-line cell's first and last lines are not records of their own.
	checkRecords(t, "a,b\n\"x, y, z\n- Peru, Chile\",w\n", 2,
		[]readResult{wantRec(1, 1, "a", "b"), wantRec(2, 3, "x, y, z\n- Peru, Chile", "w")})
}

func TestRecordsPythonLenient(t *testing.T) {
	// Expected values as Python 3's csv.reader (excel dialect) returns them.
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"\"abc\"def,x\n", []string{"abcdef", "x"}},
		{"\"a\"b\"c\",x\n", []string{`ab"c"`, "x"}},
		{"\"abc\" ,x\n", []string{"abc ", "x"}},
		{"ab\"c,d\n", []string{`ab"c`, "d"}},
		{"\"abc\"\"def\"ghi,x\n", []string{`abc"defghi`, "x"}},
		{"a\"\"b,c\n", []string{`a""b`, "c"}},
		{"\"\"a,b\n", []string{"a", "b"}},
		{"\"\",x\n", []string{"", "x"}},
		{"x,\"\",\n", []string{"x", "", ""}},
		{"\"\"\"\",x\n", []string{`"`, "x"}},
		{" \"abc\",x\n", []string{` "abc"`, "x"}},
		{" ,  \n", []string{" ", "  "}},
		{"a,\n", []string{"a", ""}},
		{"a,", []string{"a", ""}},
		{"\"abc\"", []string{"abc"}},
		// Unterminated quoted field at the end: returned as read, with its line break.
		{"\"abc\n", []string{"abc\n"}},
		{"\"a\"\",b\n", []string{"a\",b\n"}},
		{"a,\"", []string{"a", ""}},
		{"a,\"\n", []string{"a", "\n"}},
	} {
		got := readAllRecords(t, strings.NewReader(c.in), ',', 0)
		if len(got) != 1 || !reflect.DeepEqual(got[0].Cells, c.want) || got[0].Err != "" {
			t.Errorf("%q: got %v, want %q", c.in, got, c.want)
		}
	}
	// After the closing quote the field goes on unquoted, so a line end ends the record.
	checkRecords(t, "\"a\"b\nc,d\n", 2, []readResult{wantRec(1, 1, "ab"), wantRec(2, 2, "c", "d")})
	// Other delimiters, including one of several bytes.
	got := readAllRecords(t, strings.NewReader("\"a\tb\"\t\"c\"\"d\"\tx\"y\n"), '\t', 3)
	if want := []readResult{wantRec(1, 1, "a\tb", `c"d`, `x"y`)}; !reflect.DeepEqual(got, want) {
		t.Errorf("tab: got %v, want %v", got, want)
	}
	got = readAllRecords(t, strings.NewReader("a¦\"b¦c\"¦d\ne¦f¦g\n"), '¦', 3)
	if want := []readResult{wantRec(1, 1, "a", "b¦c", "d"), wantRec(2, 2, "e", "f", "g")}; !reflect.DeepEqual(got, want) {
		t.Errorf("¦: got %v, want %v", got, want)
	}
}

func TestRecordsStrayQuote(t *testing.T) {
	input := "text,to,decision,from,year\n" + // 1
		"r1,AFG,accepted,CHL,2019\n" + // 2
		"r2,AFG,noted,PER,2019\n" + // 3
		"\"r3 stray,AFG,accepted,CHL,2019\n" + // 4: the quote is never closed on its line
		"r4,BOL,accepted,CHL,2019\n" + // 5
		"r5,BOL,noted,PER,2019\n" + // 6
		"r6,BOL,accepted,ARG,2019\n" + // 7
		"\"r7, with comma\",COL,accepted,CHL,2020\n" + // 8: its first quote closes line 4's
		"r8,COL,noted,CHL,2020\n" + // 9
		"r9,ECU,\"noted\",CHL,2021\n" // 10
	// Python glues lines 4–8 into one record of 6 cells; the guard rejects it and reads
	// lines 5–8 again.
	want := []readResult{
		wantRec(1, 1, "text", "to", "decision", "from", "year"),
		wantRec(2, 2, "r1", "AFG", "accepted", "CHL", "2019"),
		wantRec(3, 3, "r2", "AFG", "noted", "PER", "2019"),
		{Start: 4, End: 8, Err: "lines 4–8: a quote opened on line 4 is not closed before lines that read as records " +
			"of their own (lines 5–7); the record is skipped and reading resumes at line 5"},
		wantRec(5, 5, "r4", "BOL", "accepted", "CHL", "2019"),
		wantRec(6, 6, "r5", "BOL", "noted", "PER", "2019"),
		wantRec(7, 7, "r6", "BOL", "accepted", "ARG", "2019"),
		wantRec(8, 8, "r7, with comma", "COL", "accepted", "CHL", "2020"),
		wantRec(9, 9, "r8", "COL", "noted", "CHL", "2020"),
		wantRec(10, 10, "r9", "ECU", "noted", "CHL", "2021"),
	}
	checkRecords(t, input, 5, want)

	// Without the guard the reader is Python: one glued record.
	got := readAllRecords(t, strings.NewReader(input), ',', 0)
	if len(got) != 6 || got[3].Start != 4 || got[3].End != 8 || len(got[3].Cells) != 6 {
		t.Errorf("guard off: got %v", got)
	}

	// A quote in the middle of a record's line that is never closed: everything after
	// it is read again; the unclosed cell at the end of the file is kept as Python does.
	input = "a,b,c\n" + // 1
		"x,\"oops,z\n" + // 2
		"d,e,f\n" + // 3
		"g,h,i\n" + // 4
		"j,\"k,l\n" // 5: unclosed quote on the last line
	checkRecords(t, input, 3, []readResult{
		wantRec(1, 1, "a", "b", "c"),
		{Start: 2, End: 5, Err: "lines 2–5: a quote opened on line 2 is not closed before lines that read as records " +
			"of their own (lines 3–4); the record is skipped and reading resumes at line 3"},
		wantRec(3, 3, "d", "e", "f"),
		wantRec(4, 4, "g", "h", "i"),
		wantRec(5, 5, "j", "k,l\n"),
	})

	// Two lines glued by a stray quote: the first line holds a whole record itself.
	input = "text,to,decision,from,year\n" + // 1
		"\"r1 stray (Chile);,AFG,accepted,CHL,2019\n" + // 2: the quote is never closed on its line
		"\"r2 (Peru);\",AFG,noted,PER,2019\n" + // 3: its first quote closes line 2's
		"r3,AFG,noted,PER,2019\n" // 4
	checkRecords(t, input, 5, []readResult{
		wantRec(1, 1, "text", "to", "decision", "from", "year"),
		{Start: 2, End: 3, Err: "lines 2–3: a quote opened on line 2 is not closed before lines that read as records " +
			"of their own (line 2); the record is skipped and reading resumes at line 3"},
		wantRec(3, 3, "r2 (Peru);", "AFG", "noted", "PER", "2019"),
		wantRec(4, 4, "r3", "AFG", "noted", "PER", "2019"),
	})
}

func TestRecordsUnclosedLastLine(t *testing.T) {
	checkRecords(t, "a,b\nc,\"d, e", 2, []readResult{wantRec(1, 1, "a", "b"), wantRec(2, 2, "c", "d, e")})
	checkRecords(t, "a,b\nc,\"d, e\n", 2, []readResult{wantRec(1, 1, "a", "b"), wantRec(2, 2, "c", "d, e\n")})
	// Lines after the quote that are no records of their own stay in the cell.
	checkRecords(t, "a,b\nc,\"d\ne\nf\n", 2, []readResult{wantRec(1, 1, "a", "b"), wantRec(2, 4, "c", "d\ne\nf\n")})
}

func TestRecordsBounds(t *testing.T) {
	// A quote that never closes, guard off: the record is cut at 10,000 lines.
	var b strings.Builder
	b.WriteString("h1,h2\nx,\"unclosed\n")
	for range 10050 {
		b.WriteString("y\n")
	}
	got := readAllRecords(t, strings.NewReader(b.String()), ',', 0)
	if len(got) != 2+10050 || got[1].Err == "" || got[1].Start != 2 || got[1].End != 10002 ||
		!strings.Contains(got[1].Err, "within 10000 lines") {
		t.Fatalf("10,000 lines: got %d results, second %v", len(got), got[1])
	}
	if got[2].Start != 3 || got[len(got)-1].Start != 10052 {
		t.Errorf("not resumed at line 3: %v … %v", got[2], got[len(got)-1])
	}

	// A line longer than 1 MiB is skipped on its own.
	long := strings.Repeat("x", maxRecordBytes+10)
	got = readAllRecords(t, strings.NewReader("a,b\n"+long+",z\nc,d\n"), ',', 2)
	want := []readResult{wantRec(1, 1, "a", "b"), {Start: 2, End: 2, Err: "line 2: the line is longer than 1 MiB; it is skipped"}, wantRec(3, 3, "c", "d")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("long line: got %v", got)
	}

	// A quoted field past 1 MiB.
	b.Reset()
	b.WriteString("a,\"")
	chunk := strings.Repeat("y", 100<<10)
	for range 12 {
		b.WriteString(chunk + "\n")
	}
	b.WriteString("\",b\nc,d\n")
	got = readAllRecords(t, strings.NewReader(b.String()), ',', 2)
	if len(got) == 0 || got[0].Start != 1 || !strings.Contains(got[0].Err, "within 1 MiB") {
		t.Fatalf("1 MiB field: got %v", got[:1])
	}
	if last := got[len(got)-1]; !reflect.DeepEqual(last, wantRec(14, 14, "c", "d")) {
		t.Errorf("1 MiB field: last result %v", last)
	}
}

func TestRecordsInvalidDelimiter(t *testing.T) {
	for _, c := range []rune{'"', '\n', '\r', utf8.RuneError, -1} {
		if _, _, _, err := NewRecordReader(strings.NewReader("a\n"), c).Read(); err == nil || err == io.EOF {
			t.Errorf("delimiter %q: err = %v", c, err)
		}
	}
}

func TestRecordsReadError(t *testing.T) {
	boom := errors.New("boom")
	rr := NewRecordReader(io.MultiReader(strings.NewReader("a,b\n"), iotest.ErrReader(boom)), ',')
	if cells, _, _, err := rr.Read(); err != nil || len(cells) != 2 {
		t.Fatalf("first record: %q, %v", cells, err)
	}
	if _, _, _, err := rr.Read(); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

// Property test: random records written by encoding/csv (or a writer that quotes at
// random), re-encoded and given random line ends, read back through the whole pipeline
// (DetectEncoding → Decode → NormalizeLineEnds → RecordReader) equal what strict
// encoding/csv reads from the UTF-8 LF text, line numbers included.

var propWords = []string{
	"State", "recommendation", "Afghanistan’s", "don’t", "l’État", "café", "résumé", "señor",
	"Türkiye", "façade", "Genève", "São", "naïve", "Côte", "d’Ivoire", "à", "“national”",
	"“Ensure", "rights”", "Peru", "Chile", "(a)", "2019", "women’s", "States’", "über", "Égypte",
	"x", "Y",
}

var propSeps = []string{" ", " ", " ", ", ", ",", "\n", "\r\n", "\r", "\"", "\"\"", "; ", " - "}

// propCell returns a random cell with at most maxCommas commas (so that, with the
// run-over guard on, no line inside it parses to a whole record).
func propCell(rng *rand.Rand, maxCommas int) string {
	n := rng.IntN(6)
	if rng.IntN(8) == 0 {
		return ""
	}
	var b strings.Builder
	commas := 0
	for i := range n {
		if i > 0 || rng.IntN(4) == 0 {
			sep := propSeps[rng.IntN(len(propSeps))]
			if c := strings.Count(sep, ","); commas+c > maxCommas {
				sep = " "
			} else {
				commas += c
			}
			b.WriteString(sep)
		}
		b.WriteString(propWords[rng.IntN(len(propWords))])
	}
	return b.String()
}

// propWrite writes records as CSV text: with encoding/csv, or quoting at random
// (always when needed).
func propWrite(rng *rand.Rand, records [][]string) string {
	var b strings.Builder
	if rng.IntN(2) == 0 {
		w := csv.NewWriter(&b)
		w.UseCRLF = rng.IntN(2) == 0
		w.WriteAll(records)
		return b.String()
	}
	eol := []string{"\n", "\r\n"}[rng.IntN(2)]
	for _, r := range records {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\r\n") || (len(r) == 1 && c == "") || rng.IntN(3) == 0 {
				b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
			} else {
				b.WriteString(c)
			}
		}
		b.WriteString(eol)
	}
	return b.String()
}

var lineEndReplacer = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// propEncode encodes s in a random encoding the Detector can tell: a single-byte
// encoding only when every rune is representable and the bytes are not valid UTF-8 by
// accident (then UTF-8 is the right reading).
func propEncode(t *testing.T, rng *rand.Rand, s string) ([]byte, string) {
	switch rng.IntN(6) {
	case 1:
		return append([]byte("\xEF\xBB\xBF"), s...), "utf-8 BOM"
	case 2:
		return utf16Bytes(t, xunicode.LittleEndian, xunicode.UseBOM, s), "utf-16le BOM"
	case 3:
		return utf16Bytes(t, xunicode.BigEndian, xunicode.UseBOM, s), "utf-16be BOM"
	case 4, 5:
		cm := charmap.Windows1252
		if rng.IntN(2) == 0 {
			cm = charmap.Macintosh
		}
		if b, err := cm.NewEncoder().Bytes([]byte(s)); err == nil && !utf8.Valid(b) {
			return b, cm.String()
		}
	}
	return []byte(s), "utf-8"
}

func TestPropRecordsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240611, 7))
	for iter := range 300 {
		width := 1 + rng.IntN(6)
		guard := rng.IntN(2) == 0
		maxCommas := 1 << 30
		if guard {
			maxCommas = max(width, 2) - 2
		}
		records := make([][]string, 1+rng.IntN(12))
		for i := range records {
			records[i] = make([]string, width)
			for j := range records[i] {
				records[i][j] = propCell(rng, maxCommas)
			}
		}
		text := propWrite(rng, records)

		// Reference: strict encoding/csv on the text with LF line ends.
		lf := lineEndReplacer.Replace(text)
		ref := csv.NewReader(strings.NewReader(lf))
		ref.FieldsPerRecord = -1
		var want []readResult
		for {
			cells, err := ref.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("iteration %d: reference: %v\n%q", iter, err, lf)
			}
			start, _ := ref.FieldPos(0)
			last, _ := ref.FieldPos(len(cells) - 1)
			want = append(want, wantRec(start, last+strings.Count(cells[len(cells)-1], "\n"), cells...))
		}

		// Pipeline under test, on the text with random line ends and encoding.
		eol := []string{"\n", "\r\n", "\r"}[rng.IntN(3)]
		data, encName := propEncode(t, rng, strings.ReplaceAll(lf, "\n", eol))
		wrap := func(r io.Reader) io.Reader { return r }
		if rng.IntN(3) == 0 {
			wrap = iotest.OneByteReader
		}
		enc, err := DetectEncoding(wrap(bytes.NewReader(data)))
		if err != nil {
			t.Fatal(err)
		}
		minCells := 0
		if guard {
			minCells = width
		}
		got := readAllRecords(t, NormalizeLineEnds(Decode(wrap(bytes.NewReader(data)), enc)), ',', minCells)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d (%s as %s, line end %q, guard %v):\n got %v\nwant %v\ntext %q",
				iter, encName, enc, eol, guard, got, want, lf)
		}
	}
}
