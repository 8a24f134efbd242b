package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/domain"
)

// The fuzz targets feed arbitrary input to each parser: it must not panic or loop, and
// every row it accepts must be valid and survive the hub-json round trip.
//
//	go test ./ingest -run='^$' -fuzz=FuzzUHRIJSON -fuzztime=90s

var fuzzNormalizer *Normalizer

func fuzzN(t testing.TB) *Normalizer {
	if fuzzNormalizer == nil {
		fuzzNormalizer = mustNormalizer(t)
	}
	return fuzzNormalizer
}

func addFiles(f *testing.F, names ...string) {
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// fuzzDrain reads everything an input yields and checks every row.
func fuzzDrain(t *testing.T, data []byte, name string, opts Options, hub bool) {
	n := fuzzN(t)
	r, err := Open(bytes.NewReader(data), name, opts, n)
	if err != nil {
		return
	}
	defer r.Close()
	limit := len(data) + 10
	if opts.Format == FormatUHRIXLSX {
		limit = len(data)*1000 + 10 // deflate packs many rows in few bytes
	}
	for i := 0; ; i++ {
		if i > limit {
			t.Fatalf("%d results from %d bytes: the reader does not advance", i, len(data))
		}
		row, rej, err := r.Next()
		if err != nil {
			if _, _, again := r.Next(); again == nil {
				t.Fatalf("Next after the error %v returned no error", err)
			}
			return
		}
		if rej != nil {
			if rej.Line < 1 || rej.Reason == "" {
				t.Fatalf("bad rejection %+v", rej)
			}
			continue
		}
		checkRow(t, n, row, hub)
	}
}

func checkRow(t *testing.T, n *Normalizer, row Row, hub bool) {
	t.Helper()
	rec := row.Record
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("row %d: "+format+"\n%+v", append(append([]any{row.Line}, args...), rec)...)
	}
	if row.Line < 1 || rec.Key == "" {
		fail("no line or key")
	}
	if text, _, ok := rec.Texts.Pick("EN"); !ok || strings.TrimSpace(text) == "" {
		fail("no text")
	}
	if !domain.Valid(rec.Type, domain.RecommendationTypes) {
		fail("type %q", rec.Type)
	}
	if len(rec.StateCodes) == 0 && !hub {
		fail("no State")
	}
	for _, list := range [][]string{rec.StateCodes, rec.RecommendingStateCodes} {
		for _, c := range list {
			if _, ok := n.StateName(c); !ok {
				fail("State %q", c)
			}
		}
	}
	for _, k := range rec.ThemeKeys {
		if !n.themes[k] {
			fail("theme %q", k)
		}
	}
	for _, k := range rec.AffectedGroupKeys {
		if !n.groups[k] {
			fail("group %q", k)
		}
	}
	for _, c := range rec.SdgCodes {
		if !n.sdgs[c] {
			fail("SDG %q", c)
		}
	}
	if m := rec.Mechanism; m != nil {
		if known, ok := n.mechanisms[m.Key]; !ok || known.Kind != m.Kind || known.Code != m.Code {
			fail("mechanism %+v", m)
		}
	}
	if p := rec.Position; p != nil && !domain.Valid(p.Value, domain.PositionValues) {
		fail("position %q", p.Value)
	}
	if y := rec.Year; y != nil && (*y < minYear || *y > maxYear) {
		fail("year %d", *y)
	}
	if (rec.DocumentKey == nil) != (row.Document == nil) || row.Document != nil && *rec.DocumentKey != row.Document.Key {
		fail("document key %v vs %+v", rec.DocumentKey, row.Document)
	}
	b, err := json.Marshal(ToHubRecord(rec, row.Document))
	if err != nil {
		fail("export: %v", err)
	}
	var h HubRecord
	if err := json.Unmarshal(b, &h); err != nil {
		fail("re-read: %v", err)
	}
	back, doc, err := FromHubRecord(h)
	if err != nil || !reflect.DeepEqual(back, rec) || !reflect.DeepEqual(doc, row.Document) {
		fail("hub-json round trip: %v\n%s", err, b)
	}
	if again, _, err := n.hubRow(&h); err != nil || !reflect.DeepEqual(again.Record, rec) {
		fail("the hub-json reader refuses or changes an accepted row: %v", err)
	}
}

func FuzzUHRIJSON(f *testing.F) {
	addFiles(f, "uhri.json", "uhri.ndjson")
	f.Add([]byte(`[{"Text":"1. a (Chile and Peru);","Countries":"Chile","Body":"UPR","UprRecommendingCountry":["x"]}]`))
	f.Add([]byte(`{"Text":"x","Symbol":"CRC/C/PER/CO/1","UprSession":[41],"UprCycle":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDrain(t, data, "x.json", Options{Format: FormatUHRIJSON}, false)
	})
}

func FuzzCSV(f *testing.F) {
	for _, name := range []string{"uhri-export.csv", "upr.csv", "upr.tsv", "mapped.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(1))
	}
	f.Add([]byte("text,to,decision,from,year\n\"1. x (Peru)\",chile,support,Islamic Republic of,2020\n"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opts := Options{Format: FormatCSV}
		switch mode % 4 {
		case 1:
			opts.Preset = PresetUHRI
		case 2:
			opts.Preset = PresetUPRCSV
		case 3:
			opts.Comma = '\t'
		}
		fuzzDrain(t, data, "x.csv", opts, false)
	})
}

func FuzzHubJSON(f *testing.F) {
	addFiles(f, "hub.json")
	full, doc := fullRecord()
	b, _ := json.Marshal(ToHubRecord(full, doc))
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDrain(t, data, "x.json", Options{Format: FormatHubJSON}, true)
	})
}

func FuzzXLSX(f *testing.F) {
	f.Add(xlsxFixture(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDrain(t, data, "x.xlsx", Options{Format: FormatUHRIXLSX}, false)
	})
}

func FuzzExcelDate(f *testing.F) {
	for _, s := range []string{"45345", "45719.4539", "0", "-1", "1e309", "NaN", "2958465", "2025-03-03T10:53:45.827", "2024-02-23Z", "2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (domain.Date, error){ExcelDate, ParseDate} {
			d, err := parse(s)
			if err != nil {
				continue
			}
			if d.Year() < minYear || d.Year() > maxYear {
				t.Fatalf("%q → %s: out of range", s, d)
			}
			if again, err := ParseDate(d.String()); err != nil || again != d {
				t.Fatalf("%q → %s does not parse back: %s %v", s, d, again, err)
			}
		}
	})
}

func FuzzCountry(f *testing.F) {
	for _, s := range []string{"Iran (Islamic Republic of)", "Türkiye", "ES", "costarica", "the Netherlands", "Chile and Peru",
		"Côte d’Ivoire", "Islamic Republic of", "Trinidad and Tobago, Bosnia and Herzegovina", "1. x (Libya);"} {
		f.Add(s)
	}
	n := mustNormalizer(f)
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := n.StateCode(s); ok {
			name, known := n.StateName(c)
			if !known {
				t.Fatalf("%q → unknown code %q", s, c)
			}
			if again, _ := n.StateCode(c); again != c {
				t.Fatalf("code %s → %s", c, again)
			}
			if again, _ := n.StateCode(name); again != c {
				t.Fatalf("name %q → %s, want %s", name, again, c)
			}
		}
		if codes, ok := n.statesInPhrase(s); ok {
			for _, c := range codes {
				if _, known := n.StateName(c); !known {
					t.Fatalf("%q → unknown code %q", s, c)
				}
			}
		}
		for _, g := range trailingGroups(s) {
			if !strings.Contains(s, g) {
				t.Fatalf("group %q is not in %q", g, s)
			}
		}
		if p, ok := leadingParagraph(s); ok && !strings.HasPrefix(strings.TrimLeft(s, " \t\r\n\u00a0"), p) {
			t.Fatalf("paragraph %q is not at the start of %q", p, s)
		}
		_, _ = sdgCode(s)
		_ = slug(s)
		_ = cleanLabel(s)
	})
}

// Inputs the fuzzers found, kept as regular tests.
func TestFuzzRegressions(t *testing.T) {
	for name, c := range map[string]struct {
		data string
		file string
		opts Options
		hub  bool
	}{
		// Invalid UTF-8 in a text became U+FFFD only on export, so the round trip changed it.
		"csv invalid utf-8": {"TeXt,,,SYmBol\n\xfd,,,/PER", "x.csv", Options{Format: FormatCSV}, false},
		// Empty mechanism names ({}) were kept, then dropped by the export.
		"hub empty names": {`{"keY":"000000","teXts":{"en":"0"},"meChAnism":{"keY":"upr","Code":"UPR","kind":"UPR","nAmes":{}}}`,
			"x.json", Options{Format: FormatHubJSON}, true},
	} {
		t.Run(name, func(t *testing.T) { fuzzDrain(t, []byte(c.data), c.file, c.opts, c.hub) })
	}
}
