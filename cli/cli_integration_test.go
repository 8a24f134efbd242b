package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

// The fixtures use States other than Costa Rica, whose demo records other tests count.

const uhriJSON = `[
 {"AnnotationId": "0b1c9a52-0000-4000-8000-000000000001", "AnnotationType": "- Concerns/Observations", "Body": "- CRC",
  "Countries": ["Peru"], "Regions": ["Latin America and the Caribbean"], "Symbol": "CRC/C/PER/CO/6-7",
  "DocumentId": "41a0b08f-5a9a-4eb5-985f-05b47986ad82", "PublicationDate": "2025-02-12T00:00:00", "PublicationDateOnUhri": "2025-03-03T10:53:45.827",
  "Themes": ["Right to health"], "AffectedPersons": ["Children"], "Sdgs": ["16.2 - Protect children from abuse, exploitation, trafficking and violence"],
  "Text": "4.The Committee recommends that the State party strengthen health &amp; birth registration services RUNTOKEN.", "UprCycle": null,
  "UprPositions": [], "UprRecommendingCountry": [], "UprRecommendingRegions": [], "UprSession": []},
 {"AnnotationId": "0b1c9a52-0000-4000-8000-000000000002", "AnnotationType": "Recommendations", "Body": "- UPR",
  "Countries": ["Iran (Islamic Republic of)"], "Regions": [], "Symbol": "A/HRC/55/12",
  "DocumentId": "d2", "PublicationDate": "2024-01-05T00:00:00", "PublicationDateOnUhri": "2024-02-01T00:00:00",
  "Themes": ["Right to education"], "AffectedPersons": [], "Sdgs": [],
  "Text": "136.1 Ratify the Convention on the Rights of Persons with Disabilities RUNTOKEN (Türkiye);", "UprCycle": 4,
  "UprPositions": ["Supported/Noted"], "UprRecommendingCountry": ["Türkiye"], "UprRecommendingRegions": [], "UprSession": ["45"]},
 {"AnnotationId": "0b1c9a52-0000-4000-8000-000000000003", "AnnotationType": "Recommendations", "Body": "- UPR",
  "Countries": ["Atlantis"], "Regions": [], "Symbol": "A/HRC/55/13", "DocumentId": "d3", "PublicationDate": "2024-01-05T00:00:00",
  "PublicationDateOnUhri": "2024-02-01T00:00:00", "Themes": [], "AffectedPersons": [], "Sdgs": [],
  "Text": "136.2 Something (France);", "UprCycle": 4, "UprPositions": ["Noted"], "UprRecommendingCountry": ["France"],
  "UprRecommendingRegions": [], "UprSession": ["45"]},
 {"AnnotationId": "0b1c9a52-0000-4000-8000-000000000004", "AnnotationType": "Recommendations", "Body": "- UPR",
  "Countries": ["Bolivia (Plurinational State of)"], "Regions": [], "Symbol": "A/HRC/55/14", "DocumentId": "d4", "PublicationDate": "2024-01-05T00:00:00",
  "PublicationDateOnUhri": "2024-02-01T00:00:00", "Themes": [], "AffectedPersons": [], "Sdgs": [],
  "Text": "  ", "UprCycle": 4, "UprPositions": ["Noted"], "UprRecommendingCountry": ["France"], "UprRecommendingRegions": [], "UprSession": ["45"]}
]`

const uprCSV = "text,to,decision,from,year\n" +
	"\"Adopt a national action plan on business and human rights RUNTOKEN (Chile and Peru);\",argentina,support,Chile,2023\n" +
	"\"Abolish the death penalty RUNTOKEN (Iran (Islamic Republic of));\",argentina,noted,Islamic Republic of,2023\n" +
	"\"Strengthen the ombudsman;\",argentina,support,Uruguay,twenty\n"

// fresh makes a fixture's keys unique to this run, so the tests also pass on a database
// that earlier runs wrote to.
func fresh(fixture string) (string, string) {
	token := fmt.Sprintf("%08x", rand.Uint32())
	return strings.ReplaceAll(strings.ReplaceAll(fixture, "0b1c9a52", token), "RUNTOKEN", token), token
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, cmd string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runAt(testenv.URI(), cmd, args...)
}

// runAt runs a command against the Neo4j at uri.
func runAt(uri, cmd string, args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	env := Env{Getenv: func(k string) string {
		if k == "NEO4J_URI" {
			return uri
		}
		return os.Getenv(k)
	}, Stdout: &out, Stderr: &errb, Log: testenv.Logger()}
	err = Run(context.Background(), cmd, env, args)
	return out.String(), errb.String(), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func TestImportIsIdempotentAndAccountsForEveryRow(t *testing.T) {
	st := testenv.Store(t)
	fixture, token := fresh(uhriJSON)
	path := writeFile(t, "uhri.json", fixture)

	out, errs, err := run(t, "import", "--format", "uhri-json", "--dry-run", path)
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, errs)
	}
	if got := lastLine(out); got != "read=4 created=2 updated=0 unchanged=0 merged=0 rejected=2 warnings=0 conflicts=0" {
		t.Errorf("dry run: %q", got)
	}
	exists, err := st.RecommendationByUhriID(context.Background(), token+"-0000-4000-8000-000000000001")
	if err != nil || exists != nil {
		t.Fatalf("the dry run wrote: %v %v", exists, err)
	}

	report := filepath.Join(t.TempDir(), "rejected.tsv")
	out, errs, err = run(t, "import", "--format", "uhri-json", "--report", report, path)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errs)
	}
	if got := lastLine(out); got != "read=4 created=2 updated=0 unchanged=0 merged=0 rejected=2 warnings=0 conflicts=0" {
		t.Errorf("first import: %q", got)
	}
	rep, _ := os.ReadFile(report)
	if !strings.Contains(string(rep), "3\t3\trejected\tCountries\t") || !strings.Contains(string(rep), "4\t4\trejected\tText\t") {
		t.Errorf("report does not name line and field:\n%s", rep)
	}
	out, _, err = run(t, "import", "--format", "uhri-json", path)
	if err != nil || lastLine(out) != "read=4 created=0 updated=0 unchanged=2 merged=0 rejected=2 warnings=0 conflicts=0" {
		t.Errorf("re-import: %q %v", out, err)
	}

	// The imported record keeps its links, its quirks normalised, and its provenance.
	key := domain.RecommendationKey(token+"-0000-4000-8000-000000000002", "", "", "", "")
	recs, err := st.RecommendationsByKeys(context.Background(), []string{key})
	if err != nil || recs[key] == nil {
		t.Fatalf("imported record missing: %v", err)
	}
	r := recs[key]
	if r.Position == nil || r.Position.Value != "PARTIALLY_SUPPORTED" || *r.Paragraph != "136.1" || *r.UprCycle != 4 {
		t.Errorf("record %+v", r)
	}
	by, err := st.RecommendingStates(context.Background(), []string{key})
	if err != nil || len(by[key]) != 1 || by[key][0].Code != "TUR" {
		t.Errorf("recommending States %v %v", by, err)
	}
	addressed, _ := st.StatesAddressed(context.Background(), []string{key})
	if len(addressed[key]) != 1 || addressed[key][0].Code != "IRN" {
		t.Errorf("State under review %v", addressed)
	}
	srcs, err := st.SourcesOf(context.Background(), []string{"Recommendation:" + key})
	if err != nil || len(srcs["Recommendation:"+key]) != 1 || srcs["Recommendation:"+key][0].Title != "uhri.json" {
		t.Errorf("provenance %v %v", srcs, err)
	}
}

func TestImportResearcherCSV(t *testing.T) {
	testenv.Store(t)
	fixture, _ := fresh(uprCSV)
	path := writeFile(t, "upr.csv", fixture)
	out, errs, err := run(t, "import", "--format", "csv", "--preset", "upr-csv", path)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errs)
	}
	if got := lastLine(out); got != "read=3 created=2 updated=0 unchanged=0 merged=0 rejected=1 warnings=0 conflicts=0" {
		t.Errorf("import: %q\n%s", got, errs)
	}
	if !strings.Contains(errs, "line 4") {
		t.Errorf("the malformed year is not reported with its line:\n%s", errs)
	}
}

func TestExportRoundTripsAndGraphFormats(t *testing.T) {
	testenv.Store(t)
	fixture, token := fresh(uhriJSON)
	path := writeFile(t, "uhri.json", fixture)
	if _, errs, err := run(t, "import", "--format", "uhri-json", path); err != nil {
		t.Fatalf("import: %v\n%s", err, errs)
	}
	dir := t.TempDir()
	for _, format := range []string{"ndjson", "json", "csv"} {
		out := filepath.Join(dir, "export."+format)
		_, errs, err := run(t, "export", "--format", format, "--state", "PER,IRN", "--text", token, "-o", out)
		if err != nil || !strings.Contains(errs, "exported=2") {
			t.Fatalf("export %s: %v\n%s", format, err, errs)
		}
		if format == "csv" {
			b, _ := os.ReadFile(out)
			if !strings.Contains(string(b), "Right to health") || !strings.Contains(string(b), "CRC/C/PER/CO/6-7") {
				t.Errorf("csv lacks labels or symbol:\n%s", b)
			}
			continue
		}
		stdout, errs, err := run(t, "import", "--format", "hub-json", out)
		if err != nil || lastLine(stdout) != "read=2 created=0 updated=0 unchanged=2 merged=0 rejected=0 warnings=0 conflicts=0" {
			t.Errorf("re-import of the %s export: %q %v\n%s", format, stdout, err, errs)
		}
	}
	for _, format := range []string{"graphml", "json"} {
		out := filepath.Join(dir, "graph."+format)
		if _, errs, err := run(t, "export", "--neighbourhood", "State:PER", "--depth", "2", "--format", format, "-o", out); err != nil {
			t.Fatalf("neighbourhood %s: %v\n%s", format, err, errs)
		}
		b, _ := os.ReadFile(out)
		if format == "graphml" {
			if err := xml.Unmarshal(b, new(struct{})); err != nil || !strings.Contains(string(b), `<node id="State:PER">`) {
				t.Errorf("graphml: %v\n%.500s", err, b)
			}
		} else if !strings.Contains(string(b), `"id": "State:PER"`) {
			t.Errorf("json graph: %.500s", b)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		args []string
		want string
	}{
		{"import", []string{"--map", "nocolumn", "x.csv"}, "COLUMN=field"},
		{"import", []string{"/no/such/file.json"}, "no such file"},
		{"export", []string{"--cycle", "9"}, "UPR cycle"},
		{"export", []string{"--format", "xml"}, "csv, json or ndjson"},
		{"gen", []string{"--recommendations", "0"}, "between 1"},
		{"frobnicate", nil, "unknown command"},
	} {
		_, _, err := run(t, tc.cmd, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v; want it to mention %q", tc.cmd, tc.args, err, tc.want)
		}
	}
}
