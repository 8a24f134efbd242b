package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

// A researcher's year file as old Mac Excel wrote it: Mac OS Roman bytes, bare CR line ends,
// one row per recommending State, "NA" for no State, a stray quote, a misspelt State, an
// ambiguous short name, several closing brackets.
const researcherRows = "text,to,decision,From,year,notes\r" +
	"\"96.1 Ratify the Optional Protocol to the Convention against Torture RUNTOKEN (Algeria, France, Netherlands);\",Slovenia,support,Algeria,2010\r" +
	"\"96.1 Ratify the Optional Protocol to the Convention against Torture RUNTOKEN (Algeria, France, Netherlands);\",Slovenia,support,France,2010\r" +
	"\"96.1 Ratify the Optional Protocol to the Convention against Torture RUNTOKEN (Algeria, France, Netherlands);\",Slovenia,support,Netherlands,2010\r" +
	"\"96.2 Strengthen the country\u2019s \u201cnational\u201d ombudsman, caf\u00e9 RUNTOKEN (Maldives) (Portugal);\",Slovenia,consider,NA,2010\r" +
	"\"96.3 Protect human rights defenders RUNTOKEN (Bolivia (Plurinational State of));,Slovenia,reject,Bolivia,2010\r" +
	"\"96.8 Protect \"journalists\" better RUNTOKEN (Bolivia (Plurinational State of));,Slovenia,reject,Bolivia,2010\r" +
	"96.4 Combat trafficking RUNTOKEN (Ecuador and Spain);,Slovenia,implemented,Ecuador,2010\r" +
	"96.5 Guarantee freedom of the press RUNTOKEN (Republic of Korea);,Slovenia,Tomada nota,Korea,2010\r" +
	"96.6 Adopt a plan on disability RUNTOKEN;,Slovenia,maybe later,Phillipines,2010\r" +
	"96.7 Abolish corporal punishment RUNTOKEN;,Slovenia,noted,Korea,2010\r"

func macRomanFile(t *testing.T, name, text string) string {
	t.Helper()
	b, err := charmap.Macintosh.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, name, string(b))
}

func TestImportResearcherFileFaithfully(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	fixture, token := fresh(researcherRows)
	path := macRomanFile(t, "2010data.csv", fixture)

	const want = "read=10 created=6 updated=0 unchanged=0 merged=2 rejected=2 warnings=1 conflicts=0"
	out, errs, err := run(t, "import", "--dry-run", path)
	if err != nil || lastLine(out) != want {
		t.Fatalf("dry run: %q %v\n%s", out, err, errs)
	}
	out, errs, err = run(t, "import", path)
	if err != nil || lastLine(out) != want {
		t.Fatalf("import: %q %v\n%s", out, err, errs)
	}
	for _, line := range []string{
		"encoding macintosh (detected)",
		// The stray quote on line 6 is the record's own defect; the rows after it are intact.
		"rejected: lines 6–7: unreadable CSV: a quote opened on line 6",
		`resolved: line 10: field From: "Phillipines" → PHL (fuzzy: philippines)`,
		`warning: line 10: field decision: position "maybe later" not mapped`,
		`rejected: line 11: field From: ambiguous State "Korea": Republic of Korea (KOR) or Democratic People's Republic of Korea (PRK)`,
	} {
		if !strings.Contains(errs, line) {
			t.Errorf("stderr lacks %q:\n%s", line, errs)
		}
	}
	// Importing the same file again changes nothing.
	out, errs, err = run(t, "import", path)
	if err != nil || lastLine(out) != "read=10 created=0 updated=0 unchanged=6 merged=2 rejected=2 warnings=1 conflicts=0" {
		t.Errorf("re-import: %q %v\n%s", out, err, errs)
	}

	recs := recommendationsWith(t, token)
	byPara := map[string]*domain.Recommendation{}
	for _, r := range recs {
		byPara[*r.Paragraph] = r
	}
	check := func(para string, wantBy []string, wantPos domain.PositionValue, wantLabel string) {
		t.Helper()
		r := byPara[para]
		if r == nil {
			t.Errorf("%s: not imported (have %v)", para, keysOf(byPara))
			return
		}
		by, err := st.RecommendingStates(ctx, []string{r.Key})
		var codes []string
		for _, s := range by[r.Key] {
			codes = append(codes, s.Code)
		}
		slices.Sort(codes)
		if err != nil || !slices.Equal(codes, wantBy) {
			t.Errorf("%s: recommending States %v %v, want %v", para, codes, err, wantBy)
		}
		switch {
		case wantPos == "" && r.Position != nil:
			t.Errorf("%s: position %+v, want none", para, r.Position)
		case wantPos != "" && (r.Position == nil || r.Position.Value != wantPos || *r.Position.Label != wantLabel):
			t.Errorf("%s: position %+v, want %s %q", para, r.Position, wantPos, wantLabel)
		}
		states, _ := st.StatesAddressed(ctx, []string{r.Key})
		if len(states[r.Key]) != 1 || states[r.Key][0].Code != "SVN" {
			t.Errorf("%s: addressed to %v", para, states[r.Key])
		}
	}
	check("96.1", []string{"DZA", "FRA", "NLD"}, "SUPPORTED", "support")
	check("96.2", []string{"MDV", "PRT"}, "PENDING", "consider") // "NA" is no State (not Namibia)
	check("96.4", []string{"ECU", "ESP"}, "SUPPORTED", "implemented")
	// Python's csv keeps what follows a closing quote in the field: the stray quotes go, the
	// record stays whole.
	check("96.8", []string{"BOL"}, "NOTED", "reject")
	check("96.5", []string{"KOR"}, "NOTED", "Tomada nota") // "Korea" decided by the text
	check("96.6", []string{"PHL"}, "", "")
	if len(recs) != 6 {
		t.Errorf("%d recommendations, want 6", len(recs))
	}
	if r := byPara["96.2"]; r != nil && !strings.Contains(r.Texts["EN"], "country\u2019s \u201cnational\u201d ombudsman, caf\u00e9") {
		t.Errorf("Mac OS Roman text not decoded: %q", r.Texts["EN"])
	}
	for _, r := range recs {
		if strings.ContainsRune(r.Texts["EN"], '\uFFFD') {
			t.Errorf("U+FFFD stored in %q", r.Texts["EN"])
		}
	}
}

func recommendationsWith(t *testing.T, token string) []*domain.Recommendation {
	t.Helper()
	st := testenv.Store(t)
	out := filepath.Join(t.TempDir(), "export.ndjson")
	if _, errs, err := run(t, "export", "--format", "ndjson", "--text", token, "-o", out); err != nil {
		t.Fatalf("export: %v\n%s", err, errs)
	}
	b, _ := os.ReadFile(out)
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if _, rest, ok := strings.Cut(line, `"key":"`); ok {
			k, _, _ := strings.Cut(rest, `"`)
			keys = append(keys, k)
		}
	}
	byKey, err := st.RecommendationsByKeys(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	var recs []*domain.Recommendation
	for _, r := range byKey {
		recs = append(recs, r)
	}
	return recs
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The same UPR recommendation from a UHRI export and from a researcher's file is one node,
// with the States of both.
func TestImportSameRecommendationFromTwoSources(t *testing.T) {
	testenv.Store(t)
	_, token := fresh("")
	uhri := `[{"AnnotationId": "` + token + `-0000-4000-8000-00000000000a", "AnnotationType": "Recommendations", "Body": "- UPR",
  "Countries": ["Slovenia"], "Symbol": "A/HRC/14/15", "PublicationDate": "2010-03-15T00:00:00",
  "Themes": ["Right to education"], "AffectedPersons": [], "Sdgs": [],
  "Text": "96.9 Ensure access to education ` + token + ` (Chile);", "UprCycle": 1,
  "UprPositions": ["Supported"], "UprRecommendingCountry": ["Chile"], "UprSession": ["7"]}]`
	csv := "text,to,decision,from,year\n" +
		"96.9  Ensure access to education " + token + " (Chile);,Slovenia,support,Chile,2010\n"
	if out, errs, err := run(t, "import", writeFile(t, "uhri.json", uhri)); err != nil || !strings.Contains(out, "created=1") {
		t.Fatalf("uhri: %q %v\n%s", out, err, errs)
	}
	out, errs, err := run(t, "import", writeFile(t, "2010.csv", csv))
	if err != nil || !strings.Contains(out, "created=0 updated=1") {
		t.Fatalf("csv: %q %v\n%s", out, err, errs)
	}
	if recs := recommendationsWith(t, token); len(recs) != 1 {
		t.Errorf("%d recommendations, want one", len(recs))
	}
	// A later file that says otherwise: reported, the first value kept.
	conflicting := "text,to,decision,from,year\n" +
		"96.9  Ensure access to education " + token + " (Chile);,Slovenia,noted,Chile,2010\n"
	out, errs, err = run(t, "import", writeFile(t, "2010b.csv", conflicting))
	if err != nil || !strings.Contains(out, "conflicts=1") || !strings.Contains(errs, `conflict: line 2: field position:`) {
		t.Errorf("conflict: %q %v\n%s", out, err, errs)
	}
	if recs := recommendationsWith(t, token); len(recs) != 1 || recs[0].Position.Value != "SUPPORTED" {
		t.Errorf("after the conflict: %+v", recs)
	}
}

func TestImportRefusesFilesThatYieldNothing(t *testing.T) {
	testenv.Store(t)
	for name, content := range map[string]string{
		"header-only.csv": "text,to,decision,from,year\n",
		// Bare CR lines read as one line would make a header of hundreds of cells.
		"wide.csv":          strings.Repeat("a,", 300) + "\n1,2\n",
		"broken-header.csv": "\"text,to\nx,y\n",
	} {
		for _, dry := range []bool{false, true} {
			args := []string{writeFile(t, name, content)}
			if dry {
				args = append([]string{"--dry-run"}, args...)
			}
			if _, errs, err := run(t, "import", args...); err == nil {
				t.Errorf("%s (dry run %v): no error\n%s", name, dry, errs)
			}
		}
	}
}

// OHCHR's thematic list of a review (upr-matrix), with the State forced by --state.
func TestImportUPRMatrix(t *testing.T) {
	testenv.Store(t)
	path := "../ingest/testdata/uprmatrix/sample.docx"
	for i, want := range []string{
		"read=6 created=5 updated=0 unchanged=0 merged=0 rejected=1 warnings=0 conflicts=0",
		"read=6 created=0 updated=0 unchanged=5 merged=0 rejected=1 warnings=0 conflicts=0",
	} {
		out, errs, err := run(t, "import", "--state", "SVN", "--cycle", "4", path)
		if err != nil || lastLine(out) != want {
			t.Errorf("import %d: %q %v\n%s", i+1, out, err, errs)
		}
		if !strings.Contains(errs, "reading sample.docx as upr-matrix") || !strings.Contains(errs, "rejected: line 9: field Recommendation") {
			t.Errorf("stderr:\n%s", errs)
		}
	}
}

// A theme label the hub lacks keeps its record (a warning, counted at the end); with
// --add-labels it becomes a theme sourced from the file, linked to the record.
func TestImportUnknownLabels(t *testing.T) {
	st := testenv.Store(t)
	_, token := fresh("")
	label := "Underwater basket weaving " + token
	path := writeFile(t, "uhri.json", `[{"AnnotationId": "`+token+`-0000-4000-8000-00000000000b", "AnnotationType": "Recommendations",
  "Body": "- CRC", "Countries": ["Peru"], "Symbol": "CRC/C/PER/CO/9", "PublicationDate": "2025-02-12T00:00:00",
  "Themes": ["Right to health", "`+label+`"], "AffectedPersons": [], "Sdgs": [], "Text": "7. Weave `+token+`."}]`)
	out, errs, err := run(t, "import", path)
	if err != nil || lastLine(out) != "read=1 created=1 updated=0 unchanged=0 merged=0 rejected=0 warnings=1 conflicts=0" ||
		!strings.Contains(errs, `theme "`+label+`": 1 records`) {
		t.Fatalf("without --add-labels: %q %v\n%s", out, err, errs)
	}
	key := domain.RecommendationKey(token+"-0000-4000-8000-00000000000b", "", "", "", "")
	themes := func() []string {
		got, err := st.ThemesOf(context.Background(), []string{key})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, th := range got[key] {
			keys = append(keys, th.Key)
		}
		slices.Sort(keys)
		return keys
	}
	if got := themes(); !slices.Equal(got, []string{"right-to-health"}) {
		t.Errorf("themes without --add-labels: %v", got)
	}
	out, errs, err = run(t, "import", "--add-labels", path)
	if err != nil || lastLine(out) != "read=1 created=0 updated=1 unchanged=0 merged=0 rejected=0 warnings=1 conflicts=0" ||
		!strings.Contains(errs, "created with this file as their source") {
		t.Fatalf("with --add-labels: %q %v\n%s", out, err, errs)
	}
	newKey := "underwater-basket-weaving-" + token
	if got := themes(); !slices.Equal(got, []string{newKey, "right-to-health"}) && !slices.Equal(got, []string{"right-to-health", newKey}) {
		t.Errorf("themes with --add-labels: %v", got)
	}
}

// Imports of one file at once (two operators, or test binaries seeding one database) write
// each link once: the batches take the import lock in turn.
func TestConcurrentImportsLinkOnce(t *testing.T) {
	st := testenv.Store(t)
	_, token := fresh("")
	var b strings.Builder
	b.WriteString("text,to,decision,from,year\n")
	for i := range 20 {
		fmt.Fprintf(&b, "1.%d  Protect right %d %s (Chile);,Iceland,support,Chile,2011\n", i, i, token)
	}
	path := writeFile(t, "same.csv", b.String())
	var wg sync.WaitGroup
	outs := make([]string, 3)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, errs, err := run(t, "import", "--preset", "upr-csv", path)
			if err != nil {
				t.Errorf("import %d: %v\n%s", i, err, errs)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	created := 0
	for _, out := range outs {
		var c int
		if _, rest, ok := strings.Cut(out, "created="); ok {
			fmt.Sscanf(rest, "%d", &c)
		}
		created += c
	}
	if created != 20 {
		t.Errorf("the three imports created %d recommendations between them; want 20: %q", created, outs)
	}
	n, err := st.CountRecommendations(context.Background(), domain.ScopeReceivedBy, []string{"ISL"}, domain.RecommendationFilter{TextContains: &token})
	if err != nil || n["ISL"] != 20 {
		t.Errorf("Iceland received %v (%v); want 20, each linked once", n, err)
	}
}
