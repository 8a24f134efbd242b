package ingest

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// FormatUPRMatrix is OHCHR's "Thematic list of recommendations" (also "Matrix of
// recommendations") of a UPR review: a Word .docx holding one table, a row per
// recommendation, grouped under full-width "Theme: …" rows.
//
// The columns vary between cycles; the header row names them and unknown columns (such as
// "Assessment/comments on level of implementation") are ignored:
//
//	Recommendation | Recommendation and recommending State    text, "Source of Position: A/HRC/46/15/Add.1 - Para.20"
//	Position | Position of the State under review             Supported / Noted
//	Full list of themes | Human rights themes and groups of persons
//	                                                           theme labels, then "Affected persons:" or
//	                                                           "Groups of Persons:" and group labels, and
//	                                                           (third cycle) "SDGs:" and SDG lines
//	Relevant SDGs                                              "16 - PEACE, JUSTICE …", "5.2 …"
//
// The State under review, the cycle and the session come from MatrixOptions or else from
// the title: the paragraphs before the table, the page headers, docProps/core.xml.
const FormatUPRMatrix Format = "upr-matrix"

// MatrixOptions are what the CLI may force; zero values are read from the document's title.
type MatrixOptions struct {
	State   string // State under review: ISO3 code or name (--state)
	Cycle   int    // UPR cycle (--cycle)
	Session int    // UPR Working Group session (--session)
}

// Bounds on the work a document may cause.
const (
	maxMatrixDocument  = 64 << 20 // uncompressed word/document.xml
	maxMatrixEntries   = 10000    // files in the zip
	maxMatrixPart      = 1 << 20  // core.xml, .rels and each page header
	maxMatrixHeaders   = 8        // page headers read for the title
	maxMatrixTitle     = 4096     // characters of title text kept
	maxMatrixProbeRows = 5        // rows of a table searched for its header row
)

const (
	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// matrixRole is what a column of the table holds.
type matrixRole int

const (
	roleIgnore matrixRole = iota
	roleRec
	rolePosition
	roleThemes
	roleGroups
	roleSdgs
	roleRecStates
	roleSource
)

// matrixColumns maps the grid columns of a table to roles.
type matrixColumns struct {
	roles []matrixRole // by grid column
	names map[matrixRole]string
}

func (c *matrixColumns) role(col, span int) matrixRole {
	for i := col; i < col+max(span, 1) && i < len(c.roles); i++ {
		if c.roles[i] != roleIgnore {
			return c.roles[i]
		}
	}
	return roleIgnore
}

// matrixHeaderRole reads one header cell.
func matrixHeaderRole(text string) matrixRole {
	k := strings.ToLower(strings.Join(strings.Fields(text), " "))
	k = strings.TrimRight(k, ": ")
	switch {
	case k == "":
		return roleIgnore
	case strings.HasPrefix(k, "recommending state"):
		return roleRecStates
	case strings.HasPrefix(k, "source of"):
		return roleSource
	case strings.HasPrefix(k, "recommendation"):
		return roleRec
	case strings.Contains(k, "sdg") || strings.Contains(k, "sustainable development"):
		return roleSdgs
	case strings.Contains(k, "theme"):
		return roleThemes
	case strings.Contains(k, "affected persons") || strings.Contains(k, "groups of persons") || strings.Contains(k, "group of persons"):
		return roleGroups
	case strings.Contains(k, "position") || k == "response" || k == "decision":
		return rolePosition
	}
	return roleIgnore
}

// matrixHeader recognises a header row: a recommendation column and a position, themes or
// SDG column.
func matrixHeader(row *matrixRow) (matrixColumns, bool) {
	cols := matrixColumns{names: map[matrixRole]string{}}
	for _, c := range row.cells {
		r := matrixHeaderRole(c.text)
		if r == roleIgnore {
			continue
		}
		if _, dup := cols.names[r]; dup {
			continue // the first column of a kind wins
		}
		for len(cols.roles) < c.col+1 {
			cols.roles = append(cols.roles, roleIgnore)
		}
		cols.roles[c.col] = r
		cols.names[r] = strings.Join(strings.Fields(c.text), " ")
	}
	_, rec := cols.names[roleRec]
	_, pos := cols.names[rolePosition]
	_, th := cols.names[roleThemes]
	_, sdg := cols.names[roleSdgs]
	return cols, rec && (pos || th || sdg)
}

// matrixRow is one top-level table row.
type matrixRow struct {
	line  int // the row's number over all top-level table rows of the document, 1-based
	table int // the top-level table it belongs to, 1-based
	cells []matrixCell
}

type matrixCell struct {
	col, span int
	vmerge    bool // continues the cell above (w:vMerge without "restart")
	text      string
}

func (r *matrixRow) empty() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}

// docxWalker streams the rows of the top-level tables of word/document.xml. Paragraphs
// outside tables go to onPara. A cell's text is its paragraphs joined by "\n"; w:tab is a
// tab and w:br a newline. Nested tables count as text of their cell.
type docxWalker struct {
	d      *xml.Decoder
	onPara func(string)

	depth   int // table nesting
	tables  int // top-level tables seen
	rows    int // top-level rows seen
	inRow   bool
	col     int // next grid column of the row
	cell    *matrixCell
	paras   []string
	pdepth  int // paragraph nesting (text boxes hold paragraphs inside paragraphs)
	rdepth  int // run nesting
	inText  bool
	para    strings.Builder
	row     matrixRow
	cellBuf matrixCell
}

func newDocxWalker(r io.Reader) *docxWalker {
	return &docxWalker{d: xml.NewDecoder(r)}
}

func isWordNS(n xml.Name) bool { return n.Space == wordNS || n.Space == wordStrictNS }

func wordAttr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || isWordNS(a.Name)) {
			return a.Value, true
		}
	}
	return "", false
}

// next returns the next top-level table row, or io.EOF.
func (w *docxWalker) next() (*matrixRow, error) {
	for {
		tok, err := w.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !isWordNS(t.Name) {
				if t.Name.Local == "Fallback" { // mc:Fallback repeats mc:Choice
					if err := w.d.Skip(); err != nil {
						return nil, err
					}
				}
				continue
			}
			switch t.Name.Local {
			case "tbl":
				w.depth++
				if w.depth == 1 {
					w.tables++
				}
			case "tr":
				if w.depth == 1 {
					w.inRow, w.col = true, 0
					w.row.cells = w.row.cells[:0]
				}
			case "gridBefore":
				if w.depth == 1 && w.inRow && w.cell == nil {
					if v, ok := wordAttr(t, "val"); ok {
						if n, err := strconv.Atoi(v); err == nil && n > 0 && n < 1000 {
							w.col += n
						}
					}
				}
			case "tc":
				if w.depth == 1 && w.inRow {
					w.cellBuf = matrixCell{col: w.col, span: 1}
					w.cell = &w.cellBuf
					w.paras = w.paras[:0]
				}
			case "gridSpan":
				if w.depth == 1 && w.cell != nil {
					if v, ok := wordAttr(t, "val"); ok {
						if n, err := strconv.Atoi(v); err == nil && n > 1 && n < 1000 {
							w.cell.span = n
						}
					}
				}
			case "vMerge":
				if w.depth == 1 && w.cell != nil {
					v, _ := wordAttr(t, "val")
					w.cell.vmerge = v == "" || v == "continue"
				}
			case "p":
				if w.pdepth == 0 {
					w.para.Reset()
				}
				w.pdepth++
			case "r":
				w.rdepth++
			case "t":
				w.inText = w.pdepth > 0
			case "tab":
				if w.rdepth > 0 && w.pdepth > 0 {
					w.para.WriteByte('\t')
				}
			case "br", "cr":
				if w.rdepth > 0 && w.pdepth > 0 {
					w.para.WriteByte('\n')
				}
			case "noBreakHyphen":
				if w.rdepth > 0 && w.pdepth > 0 {
					w.para.WriteByte('-')
				}
			}
		case xml.CharData:
			if w.inText {
				w.para.Write(t)
			}
		case xml.EndElement:
			if !isWordNS(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "t":
				w.inText = false
			case "r":
				w.rdepth = max(w.rdepth-1, 0)
			case "p":
				w.pdepth = max(w.pdepth-1, 0)
				if w.pdepth > 0 {
					w.para.WriteByte('\n')
					continue
				}
				switch {
				case w.cell != nil:
					w.paras = append(w.paras, w.para.String())
				case w.depth == 0 && w.onPara != nil:
					w.onPara(w.para.String())
				}
			case "tc":
				if w.depth == 1 && w.cell != nil {
					w.cell.text = strings.Join(w.paras, "\n")
					w.row.cells = append(w.row.cells, *w.cell)
					w.col += w.cell.span
					w.cell = nil
				}
			case "tr":
				if w.depth == 1 && w.inRow {
					w.inRow, w.cell = false, nil
					w.rows++
					w.row.line, w.row.table = w.rows, w.tables
					return &w.row, nil
				}
			case "tbl":
				w.depth = max(w.depth-1, 0)
			}
		}
	}
}

// capReader fails once more than limit bytes have been read (the zip header's size may lie).
type capReader struct {
	r    io.Reader
	left int64
	what string
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, fmt.Errorf("%s is larger than %d MiB", c.what, (maxMatrixDocument)>>20)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

type matrixTableMode int

const (
	tableUndecided matrixTableMode = iota
	tableMapped
	tableSkipped
)

type matrixReader struct {
	n        *Normalizer
	rc       io.ReadCloser
	w        *docxWalker
	cols     matrixColumns
	state    string
	stateCol string
	cycle    int
	session  int
	theme    string // the label of the last "Theme:" row
	table    int
	mode     matrixTableMode
	tries    int
	prev     map[int]string // cell texts of the previous row, by grid column (for w:vMerge)
	raw      rawRecord
	err      error
}

// newUPRMatrixReader reads a .docx; r must be an io.ReaderAt of the given size (archive/zip).
// It reads up to the header row of the recommendations table, so that a file without one, or
// without a State under review, fails here.
func newUPRMatrixReader(r io.ReaderAt, size int64, mo MatrixOptions, n *Normalizer) (Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("upr-matrix: not a Word .docx file (zip): %w", err)
	}
	if len(zr.File) > maxMatrixEntries {
		return nil, fmt.Errorf("upr-matrix: the .docx holds %d files, more than the %d a Word document may have", len(zr.File), maxMatrixEntries)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	docName := officeDocument(files)
	doc := files[docName]
	if doc == nil {
		return nil, fmt.Errorf("upr-matrix: no %s: not a Word .docx file", docName)
	}
	if doc.UncompressedSize64 > maxMatrixDocument {
		return nil, fmt.Errorf("upr-matrix: %s is %d MiB uncompressed, more than the %d MiB allowed", docName, doc.UncompressedSize64>>20, maxMatrixDocument>>20)
	}

	// Title text: paragraphs before the table come first, then page headers, then core.xml.
	var body []string
	bodyLen := 0
	keep := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || bodyLen >= maxMatrixTitle {
			return
		}
		if len(s) > maxMatrixTitle-bodyLen {
			s = s[:maxMatrixTitle-bodyLen]
		}
		body = append(body, s)
		bodyLen += len(s)
	}

	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("upr-matrix: %s: %w", docName, err)
	}
	m := &matrixReader{n: n, rc: rc, prev: map[int]string{}}
	m.w = newDocxWalker(&capReader{r: rc, left: maxMatrixDocument + 1, what: docName})
	m.w.onPara = keep
	fail := func(err error) (Reader, error) {
		_ = rc.Close()
		return nil, err
	}
	for m.mode != tableMapped {
		row, err := m.w.next()
		if err == io.EOF {
			return fail(fmt.Errorf("upr-matrix: no recommendations table: looked for a table whose header row names a %q column and a %q, themes (%q) or %q column",
				"Recommendation", "Position", "Full list of themes", "Relevant SDGs"))
		}
		if err != nil {
			return fail(fmt.Errorf("upr-matrix: %s: %w", docName, err))
		}
		if row.table != m.table {
			m.table, m.mode, m.tries = row.table, tableUndecided, 0
		}
		if m.mode == tableSkipped || row.empty() {
			continue
		}
		if cols, ok := matrixHeader(row); ok {
			m.cols, m.mode = cols, tableMapped
			break
		}
		for _, c := range row.cells { // a title in a layout table
			keep(c.text)
		}
		if m.tries++; m.tries >= maxMatrixProbeRows {
			m.mode = tableSkipped
		}
	}
	m.w.onPara = nil

	titles := body
	for _, h := range pageHeaders(files, path.Dir(docName)) {
		titles = append(titles, partParagraphs(h)...)
	}
	if f := files["docProps/core.xml"]; f != nil {
		if t := coreTitle(f); t != "" {
			titles = append(titles, t)
		}
	}
	tState, tCycle, tSession := n.matrixTitle(titles)

	switch {
	case strings.TrimSpace(mo.State) != "":
		c, ok := n.StateCode(mo.State)
		if !ok {
			return fail(fmt.Errorf("upr-matrix: --state %q: unknown State (give its ISO3 code)", mo.State))
		}
		m.state, m.stateCol = c, "--state"
	case tState != "":
		m.state, m.stateCol = tState, "title"
	default:
		return fail(errors.New("upr-matrix: the title names no State under review; pass --state ISO3"))
	}
	m.cycle, m.session = tCycle, tSession
	if mo.Cycle > 0 {
		m.cycle = mo.Cycle
	}
	if mo.Session > 0 {
		m.session = mo.Session
	}
	return m, nil
}

func (m *matrixReader) Close() error {
	if m.rc == nil {
		return nil
	}
	err := m.rc.Close()
	m.rc = nil
	return err
}

// Next returns the next recommendation. Row.Line is the number of the table row it is on,
// counting every top-level table row of the document from 1 (header and theme rows too).
func (m *matrixReader) Next() (Row, *Rejection, error) {
	if m.err != nil {
		return Row{}, nil, m.err
	}
	if m.rc == nil {
		m.err = errors.New("upr-matrix: reader closed")
		return Row{}, nil, m.err
	}
	for {
		row, err := m.w.next()
		if err != nil {
			if err != io.EOF {
				err = fmt.Errorf("upr-matrix: %w", err)
			}
			m.err = err
			return Row{}, nil, err
		}
		if row.table != m.table {
			m.table, m.mode, m.tries = row.table, tableUndecided, 0
			clear(m.prev)
		}
		if m.mode == tableSkipped || row.empty() {
			continue
		}
		if m.mode == tableUndecided {
			// A later table: a new header, or the table going on after a page or section
			// break (its rows look like ours), or something else.
			if cols, ok := matrixHeader(row); ok {
				m.cols, m.mode = cols, tableMapped
				continue
			}
			if themeRow(row) || m.looksLikeData(row) {
				m.mode = tableMapped
			} else {
				if m.tries++; m.tries >= maxMatrixProbeRows {
					m.mode = tableSkipped
				}
				continue
			}
		}
		if m.repeatedHeader(row) {
			continue
		}
		if label, heading := m.heading(row); heading {
			m.theme = label
			continue
		}
		out, rej := m.record(row)
		return out, rej, nil
	}
}

// cellText returns the text of a cell, the cell above for a vertical merge.
func (m *matrixReader) cellText(c *matrixCell) string {
	if c.vmerge {
		return m.prev[c.col]
	}
	return c.text
}

func (m *matrixReader) looksLikeData(row *matrixRow) bool {
	for i := range row.cells {
		c := &row.cells[i]
		if m.cols.role(c.col, c.span) == roleRec {
			_, ok := leadingParagraph(c.text)
			return ok
		}
	}
	return false
}

func (m *matrixReader) repeatedHeader(row *matrixRow) bool {
	for i := range row.cells {
		c := &row.cells[i]
		if m.cols.role(c.col, c.span) == roleRec {
			return strings.Join(strings.Fields(c.text), " ") == m.cols.names[roleRec]
		}
	}
	return false
}

var themeRowRe = regexp.MustCompile(`(?i)^\s*themes?\s*:\s*`)

// themeRow reports whether a row is a "Theme: …" row: one cell with text, starting so.
func themeRow(row *matrixRow) bool {
	var text string
	for _, c := range row.cells {
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		if text != "" {
			return false
		}
		text = c.text
	}
	return themeRowRe.MatchString(text)
}

// heading reads a row that is not a record: "Theme: A41 Constitutional and legislative
// framework", or any other single full-width cell (a section title), whose label is kept
// when it is a known theme.
func (m *matrixReader) heading(row *matrixRow) (label string, ok bool) {
	var only *matrixCell
	for i := range row.cells {
		if strings.TrimSpace(row.cells[i].text) == "" {
			continue
		}
		if only != nil {
			return "", false
		}
		only = &row.cells[i]
	}
	if only == nil {
		return "", false
	}
	if loc := themeRowRe.FindStringIndex(only.text); loc != nil {
		return matrixLabel(strings.Join(strings.Fields(only.text[loc[1]:]), " ")), true
	}
	if len(row.cells) != 1 || only.span < 2 {
		return "", false
	}
	if _, isRec := leadingParagraph(only.text); isRec {
		return "", false
	}
	label = matrixLabel(strings.Join(strings.Fields(only.text), " "))
	if _, known := m.n.ThemeKey(label); known {
		return label, true
	}
	return "", true
}

var (
	matrixSourceRe = regexp.MustCompile(`(?i)^\s*source\s+of\s+(?:the\s+)?position\s*:?\s*`)
	matrixSymbolRe = regexp.MustCompile(`[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.\-]+)+`)
	matrixParaRe   = regexp.MustCompile(`(?i)\bpara(?:graph)?s?\.?\s*(\d+(?:\.\d+)*)`)
	matrixAddRe    = regexp.MustCompile(`(?i)/Add\.?\s*\d+(?:/.*)?$`)
	// A theme code such as "A41 " or "F31 " before a label.
	matrixCodeRe = regexp.MustCompile(`^[A-Z]\d{1,3}\s+`)
)

// splitSource separates the "Source of Position: SYMBOL - Para.N" lines (and whatever
// follows them) from the rest of a cell.
func splitSource(text string) (rest, source string) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if loc := matrixSourceRe.FindStringIndex(l); loc != nil {
			src := strings.Join(append([]string{l[loc[1]:]}, lines[i+1:]...), " ")
			return strings.TrimSpace(strings.Join(lines[:i], "\n")), strings.TrimSpace(src)
		}
	}
	return strings.TrimSpace(text), ""
}

// parseSource reads "A/HRC/46/15/Add.1 - Para.20" into the symbol, the paragraph and the
// Working Group report the addendum belongs to.
func parseSource(src string) (symbol, para, report string) {
	symbol = strings.TrimRight(matrixSymbolRe.FindString(src), ".-")
	if p := matrixParaRe.FindStringSubmatch(src); p != nil {
		para = p[1]
	}
	report = matrixAddRe.ReplaceAllString(symbol, "")
	return symbol, para, report
}

// matrixLabel is a theme or group label as given, without a bullet or a leading code
// ("- A41 Constitutional …" → "Constitutional …").
func matrixLabel(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimLeftFunc(s, func(r rune) bool {
			return r == '-' || r == '\u2013' || r == '\u2014' || r == '\u2022' || r == '\u00b7' || r == '*' || unicode.IsSpace(r)
		})
		t = matrixCodeRe.ReplaceAllString(t, "")
		if t == s {
			return s
		}
		s = t
	}
}

type matrixSection int

const (
	secThemes matrixSection = iota
	secGroups
	secSdgs
)

var matrixSectionRe = regexp.MustCompile(`(?i)^\s*[-\x{2013}\x{2022}]?\s*(affected\s+persons|persons\s+affected|groups?\s+of\s+persons|(?:relevant\s+)?sdgs?|sustainable\s+development\s+goals|(?:full\s+list\s+of\s+|human\s+rights\s+)?themes)\s*(:|$)\s*`)

// sectionLine recognises "Affected persons:", "Groups of Persons:", "SDGs:" and "Themes:"
// lines; rest is what follows the colon on the same line.
func sectionLine(line string) (sec matrixSection, rest string, ok bool) {
	mm := matrixSectionRe.FindStringSubmatchIndex(line)
	if mm == nil {
		return 0, "", false
	}
	k := strings.ToLower(line[mm[2]:mm[3]])
	switch {
	case strings.Contains(k, "person"):
		sec = secGroups
	case strings.Contains(k, "sdg") || strings.Contains(k, "sustainable"):
		sec = secSdgs
	default:
		sec = secThemes
	}
	return sec, strings.TrimSpace(line[mm[1]:]), true
}

// record turns a data row into a Row or a Rejection.
func (m *matrixReader) record(row *matrixRow) (Row, *Rejection) {
	var rec, pos, recStates, source string
	var themes, groups, sdgs []string
	themeCol, groupCol, sdgCol := m.cols.names[roleThemes], m.cols.names[roleGroups], m.cols.names[roleSdgs]
	addLines := func(sec matrixSection, text string) {
		for _, line := range strings.Split(text, "\n") {
			if s, rest, ok := sectionLine(line); ok {
				sec, line = s, rest
			}
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			switch sec {
			case secThemes:
				if l := matrixLabel(line); l != "" {
					themes = append(themes, l)
				}
			case secGroups:
				// "general" (second-cycle matrices) means no group in particular.
				if l := matrixLabel(line); l != "" && !strings.EqualFold(l, "general") {
					groups = append(groups, l)
				}
			case secSdgs:
				sdgs = append(sdgs, line)
			}
		}
	}
	for i := range row.cells {
		c := &row.cells[i]
		text := m.cellText(c)
		switch m.cols.role(c.col, c.span) {
		case roleRec:
			text = c.text // never repeat the recommendation above
			rec = joinCell(rec, text)
		case rolePosition:
			pos = joinCell(pos, text)
		case roleThemes:
			addLines(secThemes, text)
		case roleGroups:
			addLines(secGroups, text)
		case roleSdgs:
			addLines(secSdgs, text)
		case roleRecStates:
			recStates = joinCell(recStates, text)
		case roleSource:
			source = joinCell(source, text)
		}
		m.prev[c.col] = text
	}

	text, src := splitSource(rec)
	pos, psrc := splitSource(pos)
	if src == "" {
		src = psrc
	}
	if src == "" {
		src = strings.TrimSpace(source)
	}
	recName := m.cols.names[roleRec]
	if text == "" {
		return Row{}, &Rejection{Line: row.line, Field: recName, Reason: "empty recommendation"}
	}

	r := &m.raw
	r.reset(row.line)
	r.add(fTextEN, recName, text)
	if p, ok := leadingParagraph(text); ok {
		r.add(fParagraph, recName, p)
	}
	r.add(fMechanism, "", "UPR")
	r.add(fStates, m.stateCol, m.state)
	if m.cycle > 0 {
		r.add(fUprCycle, "--cycle", strconv.Itoa(m.cycle))
	}
	if m.session > 0 {
		r.add(fUprSession, "--session", strconv.Itoa(m.session))
	}
	if strings.TrimSpace(recStates) != "" {
		r.add(fRecStates, m.cols.names[roleRecStates], recStates)
	} else {
		for _, c := range m.n.bracketStates(text) {
			r.add(fRecStates, recName, c)
		}
	}
	posName := m.cols.names[rolePosition]
	if strings.TrimSpace(pos) != "" {
		r.add(fPosition, posName, pos)
	}
	if src != "" {
		symbol, para, report := parseSource(src)
		srcName := "Source of Position"
		if strings.TrimSpace(pos) != "" { // a source without a position would reject the row
			if symbol != "" {
				r.add(fPositionSource, srcName, symbol)
			}
			if para != "" {
				r.add(fPositionParagraph, srcName, para)
			}
		}
		if report != "" {
			r.add(fDocumentSymbol, srcName, report)
		}
	}
	for _, t := range themes {
		if _, ok := m.n.ThemeKey(t); !ok {
			if _, isGroup := m.n.AffectedGroupKey(t); isGroup {
				// The themes column lists some groups ("Migrants", "Members of minorities").
				groups = append(groups, t)
				continue
			}
		}
		r.add(fThemes, themeCol, t)
	}
	if len(r.vals[fThemes]) == 0 && m.theme != "" {
		r.add(fThemes, "Theme", m.theme)
	}
	if groupCol == "" {
		groupCol = themeCol
	}
	for _, g := range groups {
		r.add(fGroups, groupCol, g)
	}
	if sdgCol == "" {
		sdgCol = themeCol
	}
	for _, s := range sdgs {
		r.add(fSdgs, sdgCol, s)
	}
	return m.n.build(r, profile{mechanismKey: "upr", unNames: true})
}

func joinCell(a, b string) string {
	if strings.TrimSpace(a) == "" {
		return b
	}
	if strings.TrimSpace(b) == "" {
		return a
	}
	return a + "\n" + b
}

// bracketStates reads the recommending States of a UPR text from its brackets: every
// bracket closing a recommendation, "… (France) (Lithuania);" or "… (Ukraine); Increase …
// (Slovakia);", that holds only State names. It returns ISO3 codes.
func (n *Normalizer) bracketStates(text string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(':
			if depth == 0 {
				start = i
			}
			depth++
		case ')':
			if depth == 0 {
				continue
			}
			depth--
			if depth != 0 || start < 0 {
				continue
			}
			after := strings.TrimLeft(text[i+1:], " \t\u00a0")
			if after != "" && !strings.ContainsAny(after[:1], ";.,(\n") {
				continue
			}
			if codes, ok := n.statesInPhrase(text[start+1 : i]); ok {
				for _, c := range codes {
					out = appendUnique(out, c)
				}
			}
		}
	}
	return out
}

// officeDocument finds the main part through _rels/.rels ("word/document.xml" usually).
func officeDocument(files map[string]*zip.File) string {
	const def = "word/document.xml"
	f := files["_rels/.rels"]
	if f == nil {
		return def
	}
	rc, err := f.Open()
	if err != nil {
		return def
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, maxMatrixPart))
	for {
		tok, err := d.Token()
		if err != nil {
			return def
		}
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			var typ, target string
			for _, a := range e.Attr {
				switch a.Name.Local {
				case "Type":
					typ = a.Value
				case "Target":
					target = a.Value
				}
			}
			if strings.HasSuffix(typ, "/officeDocument") && target != "" {
				return strings.TrimPrefix(path.Clean("/"+target), "/")
			}
		}
	}
}

// pageHeaders lists the page-header parts next to the main part, in name order.
func pageHeaders(files map[string]*zip.File, dir string) []*zip.File {
	var out []*zip.File
	for i := 1; len(out) < maxMatrixHeaders && i <= maxMatrixHeaders*4; i++ {
		if f := files[fmt.Sprintf("%s/header%d.xml", dir, i)]; f != nil {
			out = append(out, f)
		}
	}
	return out
}

// partParagraphs returns the non-empty paragraphs of a small WordprocessingML part.
func partParagraphs(f *zip.File) []string {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	w := newDocxWalker(io.LimitReader(rc, maxMatrixPart))
	var out []string
	total := 0
	w.onPara = func(s string) {
		if s = strings.TrimSpace(s); s != "" && total < maxMatrixTitle {
			out = append(out, s)
			total += len(s)
		}
	}
	for {
		row, err := w.next()
		if err != nil {
			return out
		}
		for _, c := range row.cells {
			w.onPara(c.text)
		}
	}
}

// coreTitle returns dc:title of docProps/core.xml.
func coreTitle(f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, maxMatrixPart))
	in := false
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return strings.TrimSpace(b.String())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "title"
		case xml.CharData:
			if in && b.Len() < maxMatrixTitle {
				b.Write(t)
			}
		case xml.EndElement:
			if in {
				return strings.TrimSpace(b.String())
			}
		}
	}
}

// Title parsing.

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
	"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
}

var tensWords = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}

var romanNumbers = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}

const ordinalPattern = `(?:(?:twenty|thirty|forty|fifty|sixty|seventy)[\s-]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth)`

var (
	cycleBeforeRe   = regexp.MustCompile(`(?i)\b(` + ordinalPattern + `|\d{1,2}(?:st|nd|rd|th)?)(?:\s+|-)(?:upr\s+)?cycle\b`)
	cycleAfterRe    = regexp.MustCompile(`(?i)\bcycle\s*:?\s*(\d{1,2}|iv|v|vi{0,3}|i{1,3}|ix|x)\b`)
	sessionBeforeRe = regexp.MustCompile(`(?i)\b(` + ordinalPattern + `|\d{1,3}(?:st|nd|rd|th)?)(?:\s+|-)(?:upr\s+)?(?:working\s+group\s+)?session\b`)
	sessionAfterRe  = regexp.MustCompile(`(?i)\bsession\s*:?\s*(?:no\.?\s*)?(\d{1,3})\b`)
	sessionUPRRe    = regexp.MustCompile(`(?i)\bupr[\s_-]?(?:wg[\s_-]?)?(\d{1,2})\b`)
)

// ordinalNumber reads "4", "4th", "fourth", "forty-seventh", "IV".
func ordinalNumber(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" && isDigit(t[len(t)-1]) {
			s = t
			break
		}
	}
	if v, err := strconv.Atoi(s); err == nil {
		return v, true
	}
	if v, ok := romanNumbers[s]; ok {
		return v, true
	}
	if v, ok := ordinalWords[s]; ok {
		return v, true
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || unicode.IsSpace(r) })
	if len(f) == 2 {
		t, ok1 := tensWords[f[0]]
		u, ok2 := ordinalWords[f[1]]
		if ok1 && ok2 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

func firstNumber(s string, lo, hi int, res ...*regexp.Regexp) int {
	for _, re := range res {
		for _, mm := range re.FindAllStringSubmatch(s, -1) {
			if v, ok := ordinalNumber(mm[1]); ok && v >= lo && v <= hi {
				return v
			}
		}
	}
	return 0
}

// matrixTitle reads the State under review (ISO3), the cycle and the session from title
// texts, the first text that has each winning: "Thematic list of recommendations — Costa
// Rica — Universal Periodic Review, fourth cycle (47th session)", "UPR of Paraguay (3rd
// Cycle – 38th session)".
func (n *Normalizer) matrixTitle(texts []string) (state string, cycle, session int) {
	for _, t := range texts {
		if state == "" {
			state = n.stateInTitle(t)
		}
		if cycle == 0 {
			cycle = firstNumber(t, 1, 20, cycleBeforeRe, cycleAfterRe)
		}
		if session == 0 {
			session = firstNumber(t, 1, 200, sessionBeforeRe, sessionAfterRe, sessionUPRRe)
		}
	}
	if state == "" { // no phrase of its own: a State name among the words
		for _, t := range texts {
			if state = n.stateAmongWords(t); state != "" {
				break
			}
		}
	}
	return state, cycle, session
}

var (
	titleSepRe = regexp.MustCompile(`\s+-\s+|[\x{2013}\x{2014}:|,;\n\t]`)
	bracketRe  = regexp.MustCompile(`\(([^()]*)\)`)
	ofRe       = regexp.MustCompile(`(?i)\s(?:of|for|on)\s`)
)

// stateInTitle tries the phrases of a title: each part between dashes, colons, commas, …,
// with and without its brackets, and what follows each "of" / "for".
func (n *Normalizer) stateInTitle(s string) string {
	try := func(p string) string {
		for _, q := range []string{strings.TrimSpace(p), strings.Trim(p, " .\u201c\u201d\"'")} {
			if q == "" || len(q) > 80 || len(q) <= 3 && isUpperASCII(q) {
				continue
			}
			if c, ok := n.StateCode(q); ok {
				return c
			}
		}
		return ""
	}
	for _, seg := range titleSepRe.Split(s, -1) {
		// Without its brackets, and without the part a dash cut off: "UPR of Paraguay (3rd
		// Cycle" → "UPR of Paraguay".
		plain := bracketRe.ReplaceAllString(seg, " ")
		if i := strings.IndexByte(plain, '('); i >= 0 {
			plain = plain[:i]
		}
		plain = strings.Join(strings.Fields(strings.ReplaceAll(plain, ")", " ")), " ")
		cands := []string{seg, plain}
		for _, base := range []string{seg, plain} {
			for _, loc := range ofRe.FindAllStringIndex(base, -1) {
				cands = append(cands, base[loc[1]:])
			}
		}
		for _, mm := range bracketRe.FindAllStringSubmatch(seg, -1) {
			cands = append(cands, mm[1])
		}
		for _, c := range cands {
			if code := try(c); code != "" {
				return code
			}
		}
	}
	return ""
}

// stateAmongWords finds the longest run of words that names a State (ISO codes excepted).
func (n *Normalizer) stateAmongWords(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '\u2019' || r == '-')
	})
	if len(words) > 200 {
		words = words[:200]
	}
	for size := min(6, len(words)); size >= 1; size-- {
		for i := 0; i+size <= len(words); i++ {
			p := strings.Join(words[i:i+size], " ")
			if size == 1 && len(p) <= 3 && isUpperASCII(p) {
				continue
			}
			if c, ok := n.StateCode(p); ok {
				return c
			}
		}
	}
	return ""
}
