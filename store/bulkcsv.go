package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Writing an initial load as the files of Neo4j's offline importer (neo4j-admin database
// import full, CSV with a header line per file). Every value is written with its type in the
// header (long, double, boolean, date, localdatetime, datetime, arrays of them, string), so
// the importer stores what the transactional path stores; a value the format cannot carry
// exactly (an empty list, a NaN, a list of mixed types, a datetime in a named zone) stops
// the load with its node and property named, never a guess. Nodes are grouped into files by
// their exact set of typed columns, so no property cell is ever empty (an empty cell means "no
// property" to the importer and an empty string to us).

// ArrayDelimiter separates the items of a list value and the labels of a node: the unit
// separator, which no text of the hub holds; a list item that holds it stops the load.
const ArrayDelimiter = "\x1f"

// ImportArgsFile is the file, in the load's directory, that lists the importer's arguments
// one per line (scripts/neo4j-local.sh load reads it).
const ImportArgsFile = "admin-import.args"

// BulkStats says what an initial load's files hold.
type BulkStats struct {
	Nodes, Relationships, Recommendations int
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
		"--quote=\"", "--ignore-empty-strings=false", "--trim-strings=false",
		"--bad-tolerance=0", "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
		"--report-file=" + filepath.Join(abs, "import.report")}

	// Nodes, grouped by their labels and typed columns; relationships by type and typed
	// columns. Each is written by two workers, each into files of its own (on one core, with
	// a string built per cell, writing them took about 10 of the hub's 47 s at 270,000
	// records; now 3–4 s).
	nodeArgs, nodeMultiline, err := inParts(abs, "nodes", []string{":ID", ":LABEL"}, len(g.nodes), func(_, i int, out *csvGroups) error {
		n := g.nodes[i]
		labels := slices.Sorted(slices.Values(n.labels))
		for _, l := range labels {
			if strings.Contains(l, ArrayDelimiter) {
				return fmt.Errorf("initial load: node %s: label %q holds the list separator", describeNode(n), l)
			}
		}
		cell := "" // no label: an empty cell, not an empty label
		if len(labels) > 0 {
			cell = quoted(strings.Join(labels, ArrayDelimiter))
		}
		if err := out.add("", strconv.Itoa(i)+","+cell, n.props); err != nil {
			return fmt.Errorf("initial load: node %s: %w", describeNode(n), err)
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	st.Nodes, st.Recommendations = len(g.nodes), len(g.recs)

	// The relationships: the copy's and the aliases' IDENTIFIES, then each recommendation's
	// links (in key order, so that a load's files do not depend on map order).
	type relation struct {
		a, b  int
		typ   string
		props map[string]any
	}
	var others []relation
	for _, r := range g.rels {
		others = append(others, relation{r.start, r.end, r.typ, r.props})
	}
	for _, a := range slices.Sorted(maps.Keys(g.identifies)) {
		for _, n := range g.find("RecommendationAlias", "key", a) {
			others = append(others, relation{n, g.recs[g.identifies[a]].node, "IDENTIFIES", nil})
		}
	}
	keys := slices.Sorted(maps.Keys(g.recs))
	var count [2]int
	relArgs, relMultiline, err := inParts(abs, "relationships", []string{":START_ID", ":END_ID", ":TYPE"}, len(others)+len(keys), func(part, i int, out *csvGroups) error {
		write := func(r relation) error {
			count[part]++
			if err := out.add(r.typ, strconv.Itoa(r.a)+","+strconv.Itoa(r.b)+","+quoted(r.typ), r.props); err != nil {
				return fmt.Errorf("initial load: relationship %s from %s: %w", r.typ, describeNode(g.nodes[r.a]), err)
			}
			return nil
		}
		if i < len(others) {
			return write(others[i])
		}
		r := g.recs[keys[i-len(others)]]
		for _, l := range recommendationLinks {
			for _, v := range r.links[l.list] {
				var props map[string]any
				if l.rel == "ADDRESSED_TO" {
					props = receivedPageKeysOf(v, g.nodes[r.node].props)
				}
				for _, t := range g.find(l.label, l.key, v) {
					if err := write(relation{r.node, t, l.rel, props}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	st.Relationships = count[0] + count[1]
	args = append(append(args, nodeArgs...), relArgs...)
	// Only the files with a line end inside a cell are read as multiline: the importer reads
	// such a file in one piece, where it splits the others between its threads ("can severely
	// degrade the performance of the importer", its help says).
	if multiline := append(nodeMultiline, relMultiline...); len(multiline) > 0 {
		args = append(args, "--multiline-fields-format=v2", "--multiline-fields="+strings.Join(multiline, ","))
	}
	// The argument list last: a directory without it (a load that stopped while writing) is
	// refused by scripts/neo4j-local.sh load.
	return st, os.WriteFile(filepath.Join(abs, ImportArgsFile), []byte(strings.Join(args, "\n")+"\n"), 0o644)
}

func describeNode(n *bulkNode) string {
	id := str(n.props, "uid")
	if id == "" {
		id = str(n.props, "key")
	}
	return fmt.Sprintf("(%s %s)", strings.Join(n.labels, ":"), id)
}

// inParts calls each(part, i, add) for i in [0, n), in two halves (part 0 and 1) written by
// two goroutines, each into its own files (prefix-a-…, prefix-b-…), and returns one
// importer argument per file and the paths of the files with a line end inside a cell.
func inParts(dir, prefix string, fixed []string, n int, each func(part, i int, out *csvGroups) error) ([]string, []string, error) {
	var args, multiline [2][]string
	var errs [2]error
	var wg sync.WaitGroup
	for part := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			groups := newCSVGroups(dir, prefix+"-"+string(rune('a'+part)), fixed)
			for i := part * n / 2; i < (part+1)*n/2 && errs[part] == nil; i++ {
				errs[part] = each(part, i, groups)
			}
			files, err := groups.close("--" + prefix + "=")
			if errs[part] == nil {
				errs[part] = err
			}
			args[part], multiline[part] = files, groups.multiline()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[0], errs[1]); err != nil {
		return nil, nil, err
	}
	return append(args[0], args[1]...), append(multiline[0], multiline[1]...), nil
}

// csvGroups writes rows into one file per set of typed columns (a signature).
type csvGroups struct {
	dir, prefix string
	fixed       []string
	files       map[string]*csvFile
	order       []string
	// Reused for every row: the property names, the row's signature and its text.
	names    []string
	sig, row []byte
}

type csvFile struct {
	path      string
	f         *os.File
	w         *bufio.Writer
	multiline bool // a cell holds a line end
}

func newCSVGroups(dir, prefix string, fixed []string) *csvGroups {
	return &csvGroups{dir: dir, prefix: prefix, fixed: fixed, files: map[string]*csvFile{}}
}

// add writes one row: the fixed cells (as written, without the line end), then props in
// the columns of their names and types. Rows of another tag ("ADDRESSED_TO") never share a
// file.
func (c *csvGroups) add(tag, fixed string, props map[string]any) error {
	if strings.ContainsAny(tag, ",\"\n\r") {
		return fmt.Errorf("relationship type %q cannot be a CSV cell", tag)
	}
	c.names = c.names[:0]
	for p := range props {
		c.names = append(c.names, p)
	}
	slices.Sort(c.names)
	c.sig = append(c.sig[:0], tag...)
	c.row = append(c.row[:0], fixed...)
	for _, p := range c.names {
		if p == "" || strings.ContainsAny(p, ":,\"\n\r"+ArrayDelimiter) {
			return fmt.Errorf("property name %q cannot be a CSV column", p)
		}
		c.row = append(c.row, ',')
		var typ string
		var err error
		if c.row, typ, err = appendCell(c.row, props[p]); err != nil {
			return fmt.Errorf("property %s: %w", p, err)
		}
		c.sig = append(append(append(append(c.sig, ','), p...), ':'), typ...)
	}
	lineEnd := bytes.ContainsAny(c.row, "\n\r") // inside a cell: the row's own is not written yet
	c.row = append(c.row, '\n')
	f, ok := c.files[string(c.sig)]
	if !ok {
		var err error
		if f, err = c.create(string(c.sig)); err != nil {
			return err
		}
	}
	f.multiline = f.multiline || lineEnd
	_, err := f.w.Write(c.row)
	return err
}

// create opens the file of a new signature and writes its header.
func (c *csvGroups) create(sig string) (*csvFile, error) {
	path := filepath.Join(c.dir, fmt.Sprintf("%s-%03d.csv", c.prefix, len(c.order)+1))
	fh, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	f := &csvFile{path: path, f: fh, w: bufio.NewWriterSize(fh, 1<<20)}
	c.files[sig] = f
	c.order = append(c.order, sig)
	cols := strings.Split(sig, ",")[1:] // the tag, then the typed columns
	_, err = f.w.WriteString(strings.Join(append(slices.Clone(c.fixed), cols...), ",") + "\n")
	return f, err
}

// multiline lists the paths of the files with a line end inside a cell.
func (c *csvGroups) multiline() []string {
	var paths []string
	for _, sig := range c.order {
		if f := c.files[sig]; f.multiline {
			paths = append(paths, f.path)
		}
	}
	return paths
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

// appendCell appends a value's cell and returns its importer type.
func appendCell(b []byte, v any) ([]byte, string, error) {
	switch v := v.(type) {
	case string:
		return appendQuoted(b, v), "string", nil
	case bool:
		return strconv.AppendBool(b, v), "boolean", nil
	case int64:
		return strconv.AppendInt(b, v, 10), "long", nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, "", fmt.Errorf("the number %v has no CSV form", v)
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64), "double", nil
	case neo4j.Date:
		t := time.Time(v)
		if t.Year() < 1 || t.Year() > 9999 {
			return nil, "", fmt.Errorf("the date %v is out of range", t)
		}
		return t.AppendFormat(b, "2006-01-02"), "date", nil
	case neo4j.LocalDateTime:
		t := time.Time(v)
		if t.Year() < 1 || t.Year() > 9999 {
			return nil, "", fmt.Errorf("the time %v is out of range", t)
		}
		return t.AppendFormat(b, "2006-01-02T15:04:05.999999999"), "localdatetime", nil
	case time.Time:
		// The driver reads a datetime with an offset into a zone named "Offset"; one in a
		// named zone (Europe/Geneva) would lose its name as an offset.
		if name := v.Location().String(); name != "UTC" && name != "Offset" {
			return nil, "", fmt.Errorf("the datetime %v is in a named zone (%s), which this load does not carry", v, name)
		}
		if v.Year() < 1 || v.Year() > 9999 {
			return nil, "", fmt.Errorf("the datetime %v is out of range", v)
		}
		return v.AppendFormat(b, "2006-01-02T15:04:05.999999999Z07:00"), "datetime", nil
	case []any:
		if len(v) == 0 {
			return nil, "", fmt.Errorf("an empty list has no CSV form")
		}
		// A list is one quoted cell, its items separated by ArrayDelimiter.
		b = append(b, '"')
		var typ string
		for i, x := range v {
			if i > 0 {
				b = append(b, ArrayDelimiter...)
			}
			var t string
			var err error
			if s, ok := x.(string); ok {
				if strings.Contains(s, ArrayDelimiter) {
					return nil, "", fmt.Errorf("a list item holds the list separator")
				}
				b, t = appendEscaped(b, s), "string"
			} else if b, t, err = appendCell(b, x); err != nil {
				return nil, "", err
			}
			if strings.HasSuffix(t, "[]") || (typ != "" && t != typ) {
				return nil, "", fmt.Errorf("a list of mixed or nested values has no CSV form")
			}
			typ = t
		}
		return append(b, '"'), typ + "[]", nil
	}
	return nil, "", fmt.Errorf("a value of type %T has no CSV form", v)
}

// appendQuoted appends s as a quoted cell; appendEscaped its inside (quotes doubled).
func appendQuoted(b []byte, s string) []byte { return append(appendEscaped(append(b, '"'), s), '"') }

func appendEscaped(b []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return append(b, s...)
		}
		b = append(append(b, s[:i+1]...), '"')
		s = s[i+1:]
	}
}

func quoted(s string) string { return string(appendQuoted(nil, s)) }
