package store

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Writing an initial load as the files of Neo4j's offline importer (neo4j-admin database
// import full, CSV with a header line per file). Every value is written with its type in the
// header (long, double, boolean, date, localdatetime, datetime, arrays of them, string), so
// the importer stores what the transactional path stores; a value the format cannot carry
// exactly (an empty list, a NaN, a list of mixed types, a datetime in a named zone) stops
// the load with its node and property named, never a guess. Nodes are grouped into files by
// their exact set of typed columns, so no cell is ever empty (an empty cell would mean "no
// property" to the importer and an empty string to us).

// ArrayDelimiter separates the items of a list value and the labels of a node: the unit
// separator, which no text of the hub holds; a list item that holds it stops the load.
const ArrayDelimiter = "\x1f"

// ImportArgsFile is the file, in the load's directory, that lists the importer's arguments
// one per line (scripts/neo4j-local.sh load reads it).
const ImportArgsFile = "admin-import.args"

// BulkStats says what an initial load's files hold.
type BulkStats struct {
	Nodes, Relationships, Recommendations, Files int
}

// WriteImportFiles writes the graph into dir (created, must be empty) as the offline
// importer's files and the argument list to load them with. The graph version moves on (as
// after every write transaction), so facet counts kept in the copy are stale, not wrong.
func (g *BulkGraph) WriteImportFiles(dir string) (BulkStats, error) {
	var st BulkStats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	if entries, err := os.ReadDir(dir); err != nil {
		return st, err
	} else if len(entries) > 0 {
		return st, fmt.Errorf("initial load: %s is not empty", dir)
	}
	for _, v := range g.find("GraphVersion", "key", "graph") {
		if n, ok := g.nodes[v].props["n"].(int64); ok {
			g.nodes[v].props["n"] = n + 1
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return st, err
	}
	args := []string{"--overwrite-destination=true", "--id-type=integer", "--delimiter=,", "--array-delimiter=" + ArrayDelimiter,
		"--quote=\"", "--multiline-fields=true", "--ignore-empty-strings=false", "--trim-strings=false",
		"--bad-tolerance=0", "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
		"--report-file=" + filepath.Join(abs, "import.report")}

	// Nodes, grouped by their labels and typed columns.
	nodeFiles := newCSVGroups(abs, "nodes", []string{":ID", ":LABEL"})
	for id, n := range g.nodes {
		cols, cells, err := typedCells(n.props)
		if err != nil {
			return st, fmt.Errorf("initial load: node %s: %w", describeNode(n), err)
		}
		labels := slices.Sorted(slices.Values(n.labels))
		for _, l := range labels {
			if strings.Contains(l, ArrayDelimiter) {
				return st, fmt.Errorf("initial load: node %s: label %q holds the list separator", describeNode(n), l)
			}
		}
		row := append([]string{strconv.Itoa(id), quoted(strings.Join(labels, ArrayDelimiter))}, cells...)
		if err := nodeFiles.add(cols, row); err != nil {
			return st, err
		}
		st.Nodes++
	}
	st.Recommendations = len(g.recs)

	// Relationships: the copy's, the recommendations' links, the aliases' IDENTIFIES.
	relFiles := newCSVGroups(abs, "relationships", []string{":START_ID", ":END_ID", ":TYPE"})
	addRel := func(a, b int, typ string, props map[string]any) error {
		cols, cells, err := typedCells(props)
		if err != nil {
			return fmt.Errorf("initial load: relationship %s from %s: %w", typ, describeNode(g.nodes[a]), err)
		}
		st.Relationships++
		return relFiles.add(append([]string{"type=" + typ}, cols...), append([]string{strconv.Itoa(a), strconv.Itoa(b), quoted(typ)}, cells...))
	}
	for _, r := range g.rels {
		if err := addRel(r.start, r.end, r.typ, r.props); err != nil {
			return st, err
		}
	}
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range g.recs {
			if !yield(k) {
				return
			}
		}
	}) {
		r := g.recs[key]
		for _, l := range recommendationLinks {
			for _, v := range r.links[l.list] {
				var props map[string]any
				if l.rel == "ADDRESSED_TO" {
					props = map[string]any{"state": v, "sk": g.nodes[r.node].props["sk_pubdesc"]}
				}
				for _, t := range g.find(l.label, l.key, v) {
					if err := addRel(r.node, t, l.rel, props); err != nil {
						return st, err
					}
				}
			}
		}
	}
	for a, keys := range g.identifies {
		for _, n := range g.find("RecommendationAlias", "key", a) {
			for _, k := range keys {
				if err := addRel(n, g.recs[k].node, "IDENTIFIES", nil); err != nil {
					return st, err
				}
			}
		}
	}
	files, err := nodeFiles.close("--nodes=")
	if err != nil {
		return st, err
	}
	args = append(args, files...)
	if files, err = relFiles.close("--relationships="); err != nil {
		return st, err
	}
	args = append(args, files...)
	st.Files = len(args)
	return st, os.WriteFile(filepath.Join(abs, ImportArgsFile), []byte(strings.Join(args, "\n")+"\n"), 0o644)
}

func describeNode(n *bulkNode) string {
	id := str(n.props, "uid")
	if id == "" {
		id = str(n.props, "key")
	}
	return fmt.Sprintf("(%s %s)", strings.Join(n.labels, ":"), id)
}

// csvGroups writes rows into one file per set of columns.
type csvGroups struct {
	dir, prefix string
	fixed       []string
	files       map[string]*csvFile
	order       []string
}

type csvFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

func newCSVGroups(dir, prefix string, fixed []string) *csvGroups {
	return &csvGroups{dir: dir, prefix: prefix, fixed: fixed, files: map[string]*csvFile{}}
}

// add writes row under the header fixed + cols. cols may begin with a grouping tag that is
// not a column ("type=…", to keep relationship types apart).
func (c *csvGroups) add(cols, row []string) error {
	sig := strings.Join(cols, ",")
	f, ok := c.files[sig]
	if !ok {
		header := append(slices.Clone(c.fixed), cols...)
		if len(cols) > 0 && strings.HasPrefix(cols[0], "type=") {
			header = append(slices.Clone(c.fixed), cols[1:]...)
		}
		path := filepath.Join(c.dir, fmt.Sprintf("%s-%03d.csv", c.prefix, len(c.order)+1))
		fh, err := os.Create(path)
		if err != nil {
			return err
		}
		f = &csvFile{path: path, f: fh, w: bufio.NewWriterSize(fh, 1<<20)}
		c.files[sig] = f
		c.order = append(c.order, sig)
		f.w.WriteString(strings.Join(header, ",") + "\n")
	}
	_, err := f.w.WriteString(strings.Join(row, ",") + "\n")
	return err
}

// close flushes the files and returns one importer argument per file.
func (c *csvGroups) close(flag string) ([]string, error) {
	var args []string
	for _, sig := range c.order {
		f := c.files[sig]
		if err := f.w.Flush(); err != nil {
			return nil, err
		}
		if err := f.f.Close(); err != nil {
			return nil, err
		}
		args = append(args, flag+f.path)
	}
	return args, nil
}

// typedCells returns the header columns ("name:type", sorted by name) and the cells of a
// property map.
func typedCells(props map[string]any) ([]string, []string, error) {
	names := make([]string, 0, len(props))
	for p := range props {
		names = append(names, p)
	}
	slices.Sort(names)
	cols, cells := make([]string, len(names)), make([]string, len(names))
	for i, p := range names {
		if p == "" || strings.ContainsAny(p, ":,\"\n\r"+ArrayDelimiter) {
			return nil, nil, fmt.Errorf("property name %q cannot be a CSV column", p)
		}
		typ, cell, err := csvValue(props[p])
		if err != nil {
			return nil, nil, fmt.Errorf("property %s: %w", p, err)
		}
		cols[i], cells[i] = p+":"+typ, cell
	}
	return cols, cells, nil
}

// csvValue is a value's importer type and cell.
func csvValue(v any) (string, string, error) {
	switch v := v.(type) {
	case string:
		return "string", quoted(v), nil
	case bool:
		return "boolean", strconv.FormatBool(v), nil
	case int64:
		return "long", strconv.FormatInt(v, 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", "", fmt.Errorf("the number %v has no CSV form", v)
		}
		return "double", strconv.FormatFloat(v, 'g', -1, 64), nil
	case neo4j.Date:
		t := time.Time(v)
		if t.Year() < 1 || t.Year() > 9999 {
			return "", "", fmt.Errorf("the date %v is out of range", t)
		}
		return "date", t.Format("2006-01-02"), nil
	case neo4j.LocalDateTime:
		t := time.Time(v)
		if t.Year() < 1 || t.Year() > 9999 {
			return "", "", fmt.Errorf("the time %v is out of range", t)
		}
		return "localdatetime", t.Format("2006-01-02T15:04:05.999999999"), nil
	case time.Time:
		// The driver reads a datetime with an offset into a zone named "Offset"; one in a
		// named zone (Europe/Geneva) would lose its name as an offset.
		if name := v.Location().String(); name != "UTC" && name != "Offset" {
			return "", "", fmt.Errorf("the datetime %v is in a named zone (%s), which this load does not carry", v, name)
		}
		if v.Year() < 1 || v.Year() > 9999 {
			return "", "", fmt.Errorf("the datetime %v is out of range", v)
		}
		return "datetime", v.Format("2006-01-02T15:04:05.999999999Z07:00"), nil
	case []any:
		if len(v) == 0 {
			return "", "", fmt.Errorf("an empty list has no CSV form")
		}
		var typ string
		items := make([]string, len(v))
		for i, x := range v {
			t, cell, err := csvValue(x)
			if err != nil {
				return "", "", err
			}
			if strings.HasSuffix(t, "[]") || (typ != "" && t != typ) {
				return "", "", fmt.Errorf("a list of mixed or nested values has no CSV form")
			}
			typ = t
			if s, ok := x.(string); ok {
				if strings.Contains(s, ArrayDelimiter) {
					return "", "", fmt.Errorf("a list item holds the list separator")
				}
				cell = s
			}
			items[i] = cell
		}
		return typ + "[]", quoted(strings.Join(items, ArrayDelimiter)), nil
	}
	return "", "", fmt.Errorf("a value of type %T has no CSV form", v)
}

func quoted(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
