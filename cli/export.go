package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/ingest"
	"github.com/nmirf-hub/hub/store"
)

// listFlag collects comma-separated values from a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			*l = append(*l, x)
		}
	}
	return nil
}

func runExport(ctx context.Context, env Env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "ndjson", "csv, json or ndjson for recommendations (json/ndjson re-import with --format hub-json); graphml or json for --neighbourhood")
	out := fs.String("o", "", "output file (default: standard output)")
	around := fs.String("neighbourhood", "", "export the neighbourhood of this node (global ID, or Kind:key) instead of recommendations")
	depth := fs.Int("depth", 1, "neighbourhood depth, 1 to 3")
	limit := fs.Int("limit", 500, "neighbourhood size limit, 1 to 5000")
	var ff filterFlags
	ff.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The filter is read as the API reads one (domain.RecommendationFilter.Validate), and
	// checked before any file is created.
	f, err := ff.filter()
	if err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("export takes no positional arguments (got %q)", fs.Args())
	}
	w := env.Stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	defer bw.Flush()

	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())

	if *around != "" {
		if *depth < 1 || *depth > 3 || *limit < 1 || *limit > 5000 {
			return fmt.Errorf("--depth must be 1 to 3 and --limit 1 to 5000")
		}
		uid := *around
		if kind, key, err := domain.ParseGlobalID("neighbourhood", *around); err == nil {
			uid = domain.UID(kind, key)
		}
		nb, err := st.Neighbourhood(ctx, uid, *depth, *limit)
		if err != nil {
			return err
		}
		if len(nb.Nodes) == 0 {
			return fmt.Errorf("--neighbourhood: no node %q", *around)
		}
		if nb.Truncated {
			fmt.Fprintf(env.Stderr, "export cut at --limit %d nodes: the neighbourhood has more (raise --limit, up to 5000, or lower --depth)\n", *limit)
		}
		switch *format {
		case "graphml":
			return writeGraphML(bw, nb)
		case "json":
			return writeGraphJSON(bw, nb)
		}
		return fmt.Errorf("--format for a neighbourhood is graphml or json, not %q", *format)
	}

	var write func(store.ExportRow) error
	var finish func() error
	switch *format {
	case "ndjson", "hub-json":
		enc := json.NewEncoder(bw)
		write = func(r store.ExportRow) error { return enc.Encode(hubRecord(r)) }
		finish = func() error { return nil }
	case "json":
		first := true
		if _, err := bw.WriteString("[\n"); err != nil {
			return err
		}
		write = func(r store.ExportRow) error {
			b, err := json.Marshal(hubRecord(r))
			if err != nil {
				return err
			}
			if !first {
				bw.WriteString(",\n")
			}
			first = false
			_, err = bw.Write(b)
			return err
		}
		finish = func() error { _, err := bw.WriteString("\n]\n"); return err }
	case "csv":
		cw := csv.NewWriter(bw)
		if err := cw.Write(csvHeader); err != nil {
			return err
		}
		write = func(r store.ExportRow) error { return cw.Write(csvRow(r)) }
		finish = func() error { cw.Flush(); return cw.Error() }
	default:
		return fmt.Errorf("--format for recommendations is csv, json or ndjson, not %q", *format)
	}
	n, err := st.ExportRecommendations(ctx, f, write)
	if err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported=%d\n", n)
	return nil
}

func hubRecord(r store.ExportRow) ingest.HubRecord {
	var doc *ingest.DocumentRef
	if d := r.Document; d != nil {
		doc = &ingest.DocumentRef{Key: d.Key, Title: d.Title, Year: d.Year}
		if d.Symbol != nil {
			doc.Symbol = *d.Symbol
		}
		if d.Type != nil {
			doc.Type = *d.Type
		}
	}
	return ingest.ToHubRecord(r.Record, doc)
}

var csvHeader = []string{"key", "uhriAnnotationId", "stateCodes", "states", "recommendingStateCodes", "recommendingStates",
	"mechanismCode", "mechanismKind", "mechanism", "documentSymbol", "documentKey", "paragraph", "type", "publishedOn", "year",
	"uprCycle", "uprSession", "position", "positionLabel", "positionSource", "positionParagraph",
	"text_en", "text_fr", "text_es", "text_ar", "text_zh", "text_ru", "text_pt",
	"themeKeys", "themes", "affectedGroupKeys", "affectedGroups", "sdgCodes", "sourceKeys", "sources", "importRun"}

// csvRow flattens a record; lists are joined with " | " (no label contains it).
func csvRow(r store.ExportRow) []string {
	rec := r.Record
	j := func(s []string) string { return strings.Join(s, " | ") }
	p := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	i := func(n *int) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(*n)
	}
	row := []string{rec.Key, p(rec.UhriAnnotationID), j(rec.StateCodes), j(r.StateNames), j(rec.RecommendingStateCodes), j(r.RecommenderName)}
	if m := rec.Mechanism; m != nil {
		row = append(row, m.Code, string(m.Kind), m.Names["EN"])
	} else {
		row = append(row, "", "", "")
	}
	symbol := ""
	if r.Document != nil {
		symbol = p(r.Document.Symbol)
	}
	date := ""
	if rec.PublishedOn != nil {
		date = rec.PublishedOn.String()
	}
	row = append(row, symbol, p(rec.DocumentKey), p(rec.Paragraph), string(rec.Type), date, i(rec.Year), i(rec.UprCycle), i(rec.UprSession))
	if pos := rec.Position; pos != nil {
		row = append(row, string(pos.Value), p(pos.Label), p(pos.SourceSymbol), p(pos.SourceParagraph))
	} else {
		row = append(row, "", "", "", "")
	}
	for _, l := range []domain.Language{"EN", "FR", "ES", "AR", "ZH", "RU", "PT"} {
		row = append(row, rec.Texts[l])
	}
	return append(row, j(rec.ThemeKeys), j(r.ThemeLabels), j(rec.AffectedGroupKeys), j(r.GroupLabels), j(rec.SdgCodes),
		j(rec.SourceKeys), j(r.SourceTitles), p(r.ImportRun))
}

// filterFlags are the export flags that make a recommendation filter.
type filterFlags struct {
	states, recStates, mechs, kinds, themes, groups, sdgs, positions, cycles, types, langs listFlag
	from, to, text                                                                         *string
}

func (ff *filterFlags) register(fs *flag.FlagSet) {
	fs.Var(&ff.states, "state", "ISO alpha-3 codes of the States addressed")
	fs.Var(&ff.recStates, "recommending-state", "ISO alpha-3 codes of recommending States")
	fs.Var(&ff.mechs, "mechanism", "mechanism codes (UPR, CRC, …)")
	fs.Var(&ff.kinds, "mechanism-kind", "UPR, TREATY_BODY, SPECIAL_PROCEDURE, REGIONAL, OTHER")
	fs.Var(&ff.themes, "theme", "theme keys (descendants included)")
	fs.Var(&ff.groups, "group", "affected-group keys")
	fs.Var(&ff.sdgs, "sdg", "SDG goal or target codes")
	fs.Var(&ff.positions, "position", "SUPPORTED, NOTED, PARTIALLY_SUPPORTED, PENDING")
	fs.Var(&ff.cycles, "cycle", "UPR cycles 1 to 4")
	fs.Var(&ff.types, "type", "RECOMMENDATION, CONCERN_OBSERVATION, OTHER")
	fs.Var(&ff.langs, "lang", "languages the text must exist in (EN, ES, …)")
	ff.from = fs.String("from", "", "published on or after YYYY-MM-DD")
	ff.to = fs.String("to", "", "published on or before YYYY-MM-DD")
	ff.text = fs.String("text", "", "text contains (case-insensitive)")
}

// filter reads the flags into a recommendation filter and checks it.
func (ff *filterFlags) filter() (domain.RecommendationFilter, error) {
	f := domain.RecommendationFilter{StateCodes: ff.states, RecommendingStateCodes: ff.recStates,
		MechanismCodes: upperAll(ff.mechs), ThemeKeys: ff.themes, AffectedGroupKeys: ff.groups, SdgCodes: ff.sdgs}
	if err := enumList("--mechanism-kind", ff.kinds, domain.MechanismKinds, &f.MechanismKinds); err != nil {
		return f, err
	}
	if err := enumList("--position", ff.positions, domain.PositionValues, &f.Positions); err != nil {
		return f, err
	}
	if err := enumList("--type", ff.types, domain.RecommendationTypes, &f.Types); err != nil {
		return f, err
	}
	if err := enumList("--lang", ff.langs, domain.Languages, &f.Languages); err != nil {
		return f, err
	}
	for _, c := range ff.cycles {
		n, err := strconv.Atoi(c)
		if err != nil {
			return f, fmt.Errorf("--cycle: %q is not a UPR cycle (1 to 4)", c)
		}
		f.UprCycles = append(f.UprCycles, n)
	}
	for name, v := range map[string]string{"--from": *ff.from, "--to": *ff.to} {
		if v == "" {
			continue
		}
		d, err := domain.ParseDate(v)
		if err != nil {
			return f, fmt.Errorf("%s: %w", name, err)
		}
		if name == "--from" {
			f.PublishedFrom = &d
		} else {
			f.PublishedTo = &d
		}
	}
	if *ff.text != "" {
		f.TextContains = ff.text
	}
	if err := f.Validate(); err != nil {
		return f, flagError(err)
	}
	return f, nil
}

// flagOfField are the export flags of the filter's fields, as the API names them.
var flagOfField = map[string]string{"filter.stateCodes": "--state", "filter.recommendingStateCodes": "--recommending-state",
	"filter.mechanismCodes": "--mechanism", "filter.themeKeys": "--theme", "filter.affectedGroupKeys": "--group", "filter.sdgCodes": "--sdg",
	"filter.uprCycles": "--cycle", "filter.publishedTo": "--to", "filter.textContains": "--text"}

// flagError names the flag at fault in a filter's error.
func flagError(err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	field, _, _ := strings.Cut(e.Field, "[")
	if flag, ok := flagOfField[field]; ok {
		return fmt.Errorf("%s: %s", flag, e.Message)
	}
	return err
}

func upperAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToUpper(x)
	}
	return out
}

func enumList[T ~string](flagName string, in []string, valid []T, out *[]T) error {
	for _, v := range in {
		e := T(strings.ToUpper(v))
		if !domain.Valid(e, valid) {
			return fmt.Errorf("%s: %q is not one of %v", flagName, v, valid)
		}
		*out = append(*out, e)
	}
	return nil
}

// writeGraphJSON writes a neighbourhood as {nodes, edges} in Cytoscape.js's elements form.
func writeGraphJSON(w io.Writer, nb store.Neighbourhood) error {
	type data struct {
		ID     string `json:"id"`
		Label  string `json:"label,omitempty"`
		Kind   string `json:"kind,omitempty"`
		Source string `json:"source,omitempty"`
		Target string `json:"target,omitempty"`
		Type   string `json:"type,omitempty"`
	}
	type el struct {
		Data data `json:"data"`
	}
	var out struct {
		Nodes     []el `json:"nodes"`
		Edges     []el `json:"edges"`
		Truncated bool `json:"truncated"`
	}
	for _, n := range nb.Nodes {
		out.Nodes = append(out.Nodes, el{data{ID: n.UID, Label: n.Label, Kind: n.Kind}})
	}
	for i, e := range nb.Edges {
		out.Edges = append(out.Edges, el{data{ID: fmt.Sprintf("e%d", i), Source: e.From, Target: e.To, Type: e.Type}})
	}
	out.Truncated = nb.Truncated
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeGraphML writes a neighbourhood as GraphML, which Gephi and Cytoscape open directly.
func writeGraphML(w io.Writer, nb store.Neighbourhood) error {
	type dataEl struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	type node struct {
		ID   string   `xml:"id,attr"`
		Data []dataEl `xml:"data"`
	}
	type edge struct {
		Source string   `xml:"source,attr"`
		Target string   `xml:"target,attr"`
		Data   []dataEl `xml:"data"`
	}
	type key struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	type graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []node `xml:"node"`
		Edges       []edge `xml:"edge"`
	}
	type graphml struct {
		XMLName xml.Name `xml:"graphml"`
		XMLNS   string   `xml:"xmlns,attr"`
		Keys    []key    `xml:"key"`
		Graph   graph    `xml:"graph"`
	}
	g := graphml{XMLNS: "http://graphml.graphdrawing.org/xmlns",
		Keys:  []key{{"label", "node", "label", "string"}, {"kind", "node", "kind", "string"}, {"type", "edge", "type", "string"}},
		Graph: graph{EdgeDefault: "directed"}}
	for _, n := range nb.Nodes {
		g.Graph.Nodes = append(g.Graph.Nodes, node{ID: n.UID, Data: []dataEl{{"label", n.Label}, {"kind", n.Kind}}})
	}
	for _, e := range nb.Edges {
		g.Graph.Edges = append(g.Graph.Edges, edge{Source: e.From, Target: e.To, Data: []dataEl{{"type", e.Type}}})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(g); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
