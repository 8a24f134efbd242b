package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// TestPropImportMatchesReference writes random researcher records (texts with curly quotes,
// accents, commas, quotes and line breaks) as CSV in a random encoding, with random line
// ends and random quoting, then reads them as an import does (encoding detected from the
// whole file, then Open): every record must come back exactly once, in order, with its
// text, State and recommending State — the records a standard reader sees in the original.
func TestPropImportMatchesReference(t *testing.T) {
	n := mustNormalizer(t)
	rng := rand.New(rand.NewPCG(12, 2026))
	states := []string{"Portugal", "Morocco", "Paraguay", "Costa Rica", "Côte d'Ivoire", "Türkiye", "Chile"}
	words := []string{"ratify", "the", "Convention", "country’s", "“national”", "café", "niños", "and,", "so", "on;", `"quoted"`, "réfugiés", "ombudsman"}
	encodings := []Encoding{EncodingUTF8, EncodingUTF16LE, EncodingUTF16BE, EncodingWindows1252, EncodingMacRoman}
	for iter := range 150 {
		type rec struct{ text, to, from string }
		var recs []rec
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"text", "to", "decision", "from", "year"})
		for i := range 1 + rng.IntN(12) {
			var b strings.Builder
			fmt.Fprintf(&b, "%d.%d", 100+iter, i+1)
			for range 3 + rng.IntN(12) {
				b.WriteString(" " + words[rng.IntN(len(words))])
				if rng.IntN(15) == 0 {
					b.WriteString("\n")
				}
			}
			from := states[rng.IntN(len(states))]
			fmt.Fprintf(&b, " (%s);", from)
			r := rec{b.String(), states[rng.IntN(len(states))], from}
			recs = append(recs, r)
			_ = w.Write([]string{r.text, r.to, "support", r.from, "2014"})
		}
		w.Flush()
		text := buf.String()
		// Random line ends between records (inside quoted cells they stay "\n", which is
		// what the reference reader gives too).
		switch rng.IntN(3) {
		case 1:
			text = strings.ReplaceAll(text, "\n", "\r\n")
		case 2:
			text = strings.ReplaceAll(text, "\n", "\r")
		}
		enc := encodings[rng.IntN(len(encodings))]
		raw := encode(t, text, enc)
		got, err := DetectEncoding(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		rd, err := Open(bytes.NewReader(raw), "year.csv", Options{Encoding: got}, n)
		if err != nil {
			t.Fatalf("iteration %d (%s): %v", iter, enc, err)
		}
		var rows []Row
		for {
			row, rej, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil || rej != nil {
				t.Fatalf("iteration %d (%s, detected %s): %v %v", iter, enc, got, err, rej)
			}
			rows = append(rows, row)
		}
		if len(rows) != len(recs) {
			t.Fatalf("iteration %d (%s): %d records, want %d", iter, enc, len(rows), len(recs))
		}
		for i, r := range recs {
			gotText := rows[i].Record.Texts["EN"]
			wantText := strings.TrimSpace(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(r.text))
			to, _ := n.StateCode(r.to)
			from, _ := n.StateCode(r.from)
			if gotText != wantText || rows[i].Record.StateCodes[0] != to || !equalSet(rows[i].Record.RecommendingStateCodes, []string{from}) {
				t.Fatalf("iteration %d (%s, detected %s) record %d:\n got %q %v %v\nwant %q %s %s", iter, enc, got, i,
					gotText, rows[i].Record.StateCodes, rows[i].Record.RecommendingStateCodes, wantText, to, from)
			}
			if strings.ContainsRune(gotText, '\uFFFD') {
				t.Fatalf("U+FFFD in %q", gotText)
			}
		}
	}
}

func encode(t *testing.T, s string, enc Encoding) []byte {
	t.Helper()
	var b []byte
	var err error
	switch enc {
	case EncodingUTF16LE:
		b, err = xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(s))
	case EncodingUTF16BE:
		b, err = xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(s))
	case EncodingWindows1252:
		b, err = charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	case EncodingMacRoman:
		b, err = charmap.Macintosh.NewEncoder().Bytes([]byte(s))
	default:
		b = []byte(s)
	}
	if err != nil {
		t.Fatalf("encode %s: %v", enc, err)
	}
	return b
}

func equalSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}
