package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// TestInitialLoadEqualsTransactionalImport imports each corpus twice into a Neo4j of its own
// (started by scripts/neo4j-local.sh, as `make run` starts one): once through transactions
// (hub import), once as an initial load (scripts/initial-load.sh: hub import --initial-load,
// the offline importer, hub migrate), each time into a graph holding only the reference
// tables. The two graphs
// must be equal, node for node and link for link, properties and their types included,
// except what names the run itself (its id, its times). The corpora: the real researcher
// file of the demo (one row per recommending State: merges), the real UHRI records of the
// ingest tests with variants whose texts hold what CSV quoting must carry (quotes, commas,
// line ends, tabs, semicolons, scripts of other languages), records that repeat or
// contradict others (merges, conflicts, an alias kept from a record matched by its report
// paragraph), and synthetic records from hub gen.
func TestInitialLoadEqualsTransactionalImport(t *testing.T) {
	db := startPrivateNeo4j(t)
	hubBin := filepath.Join(t.TempDir(), "hub")
	build := exec.Command("go", "build", "-o", hubBin, ".")
	build.Dir = filepath.Dir(testenv.RepoFile(t, "go.mod"))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	corpora := map[string]string{
		"researcher-csv": testenv.RepoFile(t, "demo/data/upr_morocco_paraguay_portugal_2010_2014.csv"),
		"uhri-json":      writeFile(t, "uhri-tricky.json", trickyUHRI(t)),
		"synthetic":      filepath.Join(t.TempDir(), "synthetic.json"),
	}
	if out, errs, err := db.hub(t, "gen", "--recommendations", "1500", "-o", corpora["synthetic"]); err != nil {
		t.Fatalf("gen: %v\n%s%s", err, out, errs)
	}
	for _, name := range []string{"researcher-csv", "uhri-json", "synthetic"} {
		file := corpora[name]
		var flags []string
		if name == "uhri-json" {
			flags = []string{"--add-labels"} // its unknown theme becomes a theme sourced from the file
		}
		t.Run(name, func(t *testing.T) {
			db.wipe(t)
			out, errs, err := db.hub(t, "import", append(flags, file)...)
			if err != nil {
				t.Fatalf("import: %v\n%s", err, errs)
			}
			want, wantGraph := lastLine(out), db.dump(t)
			if name == "uhri-json" && !slices.ContainsFunc(wantGraph, func(s string) bool { return strings.HasPrefix(s, "node RecommendationAlias ") }) {
				t.Fatalf("the corpus gave no alias node: the alias path goes untested\n%s", errs)
			}
			if os.Getenv("SHOW_NOTES") != "" {
				t.Log(errs)
			}
			// An initial load is refused where recommendations exist.
			if _, errs, err := db.hub(t, "import", append([]string{"--initial-load", filepath.Join(t.TempDir(), "refused")}, append(flags, file)...)...); err == nil || !strings.Contains(err.Error(), "holds") {
				t.Fatalf("an initial load into a graph with recommendations: %v\n%s", err, errs)
			}

			// As a user runs it: scripts/initial-load.sh, with a hub built from this checkout.
			db.wipe(t)
			cmd := exec.Command(testenv.RepoFile(t, "scripts/initial-load.sh"), append(flags, file)...)
			cmd.Env = append(db.env(), "HUB_BIN="+hubBin)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil || !strings.Contains(stdout.String(), want+"\n") {
				t.Fatalf("initial load: %v (want %q)\n%s\n%s", err, want, stdout.String(), stderr.String())
			}
			got := db.dump(t)
			compareGraphs(t, wantGraph, got)
			t.Logf("%s: %d nodes and links equal", want, len(got))
		})
	}
	t.Run("changed-meanwhile", func(t *testing.T) { checkRefusesChangedGraph(t, db) })
}

// A load whose graph was written to after it copied it is refused: the load would replace
// the database and lose that write.
func checkRefusesChangedGraph(t *testing.T, db *privateNeo4j) {
	db.wipe(t)
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{URI: db.uri(), Database: "neo4j", QueryTimeout: time.Minute}, time.Minute, testenv.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	g, err := st.OpenBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CheckUnchanged(ctx, g); err != nil {
		t.Fatalf("nothing was written, yet: %v", err)
	}
	if err := st.AddLabels(ctx, "no-such-source", []store.LabelRecord{{Key: "written-meanwhile", Label: "Written meanwhile"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.CheckUnchanged(ctx, g); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("a write after the copy: %v", err)
	}
}

// compareGraphs reports every node or link one graph has and the other lacks.
func compareGraphs(t *testing.T, want, got []string) {
	t.Helper()
	if len(want) < 100 {
		t.Fatalf("the transactional graph has %d items: the corpus did not import", len(want))
	}
	missing, extra := diffSorted(want, got), diffSorted(got, want)
	for i, m := range missing {
		if i < 5 {
			t.Errorf("initial load lacks: %s", m)
		}
	}
	for i, m := range extra {
		if i < 5 {
			t.Errorf("initial load has in excess: %s", m)
		}
	}
	if len(missing)+len(extra) > 0 {
		t.Fatalf("%d items missing, %d in excess (of %d)", len(missing), len(extra), len(want))
	}
}

// diffSorted lists the items of a not in b, as multisets.
func diffSorted(a, b []string) []string {
	count := map[string]int{}
	for _, x := range b {
		count[x]++
	}
	var out []string
	for _, x := range a {
		if count[x] > 0 {
			count[x]--
		} else {
			out = append(out, x)
		}
	}
	return out
}

// trickyUHRI is the real UHRI records of the ingest tests, then a variant of each whose text
// holds characters CSV must quote, then records that repeat one of them with more themes
// or groups (merged into it) or another State or date (conflicts).
func trickyUHRI(t *testing.T) string {
	var all []any // records, and one number the reader rejects
	b, err := os.ReadFile(testenv.RepoFile(t, "ingest/testdata/uhri.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	for _, x := range all {
		if m, ok := x.(map[string]any); ok {
			recs = append(recs, m)
		}
	}
	tricky := []string{
		`He said "ensure" the rights, and ""more"", of all`,
		"line one\nline two\r\nline three\rend",
		"tab\there, comma, semicolon; pipe | backslash \\ and \\\"",
		"العربية 中文 русский español français — «quotes» ‘single’ …",
		`"`, `,`, "  leading and trailing spaces  ", "ends with a backslash \\",
	}
	out := slices.Clone(all)
	for i, r := range recs {
		v := map[string]any{}
		for k, x := range r {
			v[k] = x
		}
		v["AnnotationId"] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		v["Text"] = fmt.Sprintf("%d. %s (variant %d)", 100+i, tricky[i%len(tricky)], i)
		out = append(out, v)
	}
	list := func(v any) []any { l, _ := v.([]any); return slices.Clone(l) }
	for i, r := range recs[:5] {
		v := map[string]any{}
		for k, x := range r {
			v[k] = x
		}
		switch i {
		case 0: // adds another record's themes: merged, links replaced by their union
			v["Themes"] = append(list(r["Themes"]), list(recs[5]["Themes"])...)
		case 1: // adds another record's affected groups
			v["AffectedPersons"] = append(list(r["AffectedPersons"]), list(recs[0]["AffectedPersons"])...)
		case 2: // another State: a conflict, the stored value kept
			v["Countries"] = append(list(r["Countries"]), "Chile")
		case 3: // another date: a conflict
			v["PublicationDate"] = "2011-01-01T00:00:00"
		default: // no UHRI id and a longer text: matched by report and paragraph, its text's identity kept as an alias
			delete(v, "AnnotationId")
			v["Text"] = r["Text"].(string) + " Additionally, it recommends a review."
		}
		out = append(out, v)
	}
	j, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(j)
}

// privateNeo4j is a Neo4j of the test's own, for tests that replace its database.
type privateNeo4j struct {
	dir, port, launcher string
}

func startPrivateNeo4j(t *testing.T) *privateNeo4j {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	db := &privateNeo4j{dir: t.TempDir(), port: port, launcher: testenv.RepoFile(t, "scripts/neo4j-local.sh")}
	db.script(t, "start")
	t.Cleanup(func() { db.script(t, "stop") })
	return db
}

func (db *privateNeo4j) uri() string { return "bolt://127.0.0.1:" + db.port }

// env is the environment of scripts that work on this Neo4j.
func (db *privateNeo4j) env() []string {
	return append(os.Environ(), "NEO4J_BOLT_PORT="+db.port, "NEO4J_DATA_DIR="+db.dir, "NEO4J_HEAP_MB=768", "NEO4J_PAGECACHE_MB=128")
}

func (db *privateNeo4j) script(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(db.launcher, args...)
	cmd.Env = db.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("neo4j-local.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (db *privateNeo4j) hub(t *testing.T, cmd string, args ...string) (string, string, error) {
	t.Helper()
	return runAt(db.uri(), cmd, args...)
}

func (db *privateNeo4j) session(t *testing.T) (neo4j.SessionWithContext, func()) {
	t.Helper()
	drv, err := neo4j.NewDriverWithContext(db.uri(), neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	s := drv.NewSession(context.Background(), neo4j.SessionConfig{})
	return s, func() { s.Close(context.Background()); drv.Close(context.Background()) }
}

// wipe empties the database and prepares it as every hub command does (schema, reference
// tables).
func (db *privateNeo4j) wipe(t *testing.T) {
	t.Helper()
	s, done := db.session(t)
	defer done()
	if _, err := s.Run(context.Background(), `MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`, nil); err != nil {
		t.Fatal(err)
	}
	if out, errs, err := db.hub(t, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s%s", err, out, errs)
	}
}

// volatile are the properties that name one run of an import (its id, its times) or move
// with every write transaction, by label.
var volatile = map[string][]string{
	"ImportRun":      {"key", "uid", "startedAt", "finishedAt", "lastBatchAt"},
	"Recommendation": {"importRun"},
	"ImportLock":     {"heldAt"},
	"GraphVersion":   {"n"},
}

// dump lists the graph's nodes and links as canonical text: a node by its labels and
// properties with their types, a link by its type, properties and its two nodes' texts.
// Facet counts are caches of the graph version and left out.
func (db *privateNeo4j) dump(t *testing.T) []string {
	t.Helper()
	s, done := db.session(t)
	defer done()
	ctx := context.Background()
	res, err := s.Run(ctx, `MATCH (n) WHERE NOT n:FacetCount RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props`, nil)
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := res.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	var out []string
	for _, r := range nodes {
		id, _ := r.Get("id")
		l, _ := r.Get("labels")
		p, _ := r.Get("props")
		var labels []string
		for _, x := range l.([]any) {
			labels = append(labels, x.(string))
		}
		slices.Sort(labels)
		props := p.(map[string]any)
		for _, label := range labels {
			for _, v := range volatile[label] {
				delete(props, v)
			}
		}
		s := strings.Join(labels, ":") + " " + typedJSON(t, props)
		text[id.(string)] = s
		out = append(out, "node "+s)
	}
	res, err = s.Run(ctx, `MATCH (a)-[r]->(b) WHERE NOT a:FacetCount AND NOT b:FacetCount RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b`, nil)
	if err != nil {
		t.Fatal(err)
	}
	rels, err := res.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		a, _ := r.Get("a")
		b, _ := r.Get("b")
		typ, _ := r.Get("type")
		p, _ := r.Get("props")
		out = append(out, fmt.Sprintf("link %s %s from %s to %s", typ, typedJSON(t, p.(map[string]any)), text[a.(string)], text[b.(string)]))
	}
	slices.Sort(out)
	return out
}

// typedJSON writes properties with their driver types, so that 1 and "1", or a date and its
// text, differ.
func typedJSON(t *testing.T, props map[string]any) string {
	t.Helper()
	typed := map[string]string{}
	for k, v := range props {
		switch x := v.(type) {
		case neo4j.Date:
			v = x.String()
		case neo4j.LocalDateTime:
			v = time.Time(x).Format(time.RFC3339Nano)
		}
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		typed[k] = fmt.Sprintf("%T=%s", props[k], j)
	}
	j, err := json.Marshal(typed)
	if err != nil {
		t.Fatal(err)
	}
	return string(j)
}
