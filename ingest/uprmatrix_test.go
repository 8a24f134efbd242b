package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Fixtures are built here: minimal WordprocessingML shaped like OHCHR's thematic lists
// (written from their published layout, not copied from any file).

// mxText renders text as runs: "\t" becomes w:tab, "\n" w:br, and "|" splits runs (Word
// often cuts a word into several runs).
func mxText(s string) string {
	var b strings.Builder
	for _, run := range strings.Split(s, "|") {
		b.WriteString("<w:r><w:rPr><w:sz w:val=\"20\"/></w:rPr>")
		for i, line := range strings.Split(run, "\n") {
			if i > 0 {
				b.WriteString("<w:br/>")
			}
			for j, part := range strings.Split(line, "\t") {
				if j > 0 {
					b.WriteString("<w:tab/>")
				}
				b.WriteString(`<w:t xml:space="preserve">`)
				_ = xml.EscapeText(&b, []byte(part))
				b.WriteString("</w:t>")
			}
		}
		b.WriteString("</w:r>")
	}
	return b.String()
}

// mxP is a paragraph (with a tab-stop definition, which is not text).
func mxP(s string) string {
	return `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` + mxText(s) + `</w:p>`
}

// mxC is a table cell of one paragraph per argument.
func mxC(paras ...string) string { return mxCell("", paras...) }

// mxSpan is a merged cell spanning n grid columns.
func mxSpan(n int, paras ...string) string {
	return mxCell(fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, n), paras...)
}

// mxMerged continues the cell above (w:vMerge).
func mxMerged() string { return mxCell(`<w:vMerge/>`) }

func mxCell(props string, paras ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/>` + props + `</w:tcPr>`)
	if len(paras) == 0 {
		paras = []string{""}
	}
	for _, p := range paras {
		b.WriteString(mxP(p))
	}
	b.WriteString(`</w:tc>`)
	return b.String()
}

func mxRow(cells ...string) string {
	return `<w:tr><w:trPr><w:cantSplit/></w:trPr>` + strings.Join(cells, "") + `</w:tr>`
}

func mxTable(cols int, rows ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>`)
	for range cols {
		b.WriteString(`<w:gridCol w:w="2000"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, r := range rows {
		b.WriteString(r)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

// mxDocx assembles a .docx: body is the content of w:body; coreTitle goes to
// docProps/core.xml when not empty; extra adds parts (name → content). Entries are stored
// uncompressed with no timestamps, so the bytes are the same on every run.
func mxDocx(t testing.TB, body, coreTitle string, extra map[string]string) []byte {
	t.Helper()
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
			body + `<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>`},
	}
	if coreTitle != "" {
		var esc bytes.Buffer
		_ = xml.EscapeText(&esc, []byte(coreTitle))
		parts = append(parts, [2]string{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc.String() + `</dc:title><dc:creator>OHCHR</dc:creator></cp:coreProperties>`})
	}
	names := make([]string, 0, len(extra))
	for k := range extra {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		parts = append(parts, [2]string{k, extra[k]})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mxSample is a fourth-cycle list (SDG column, "Groups of Persons:") with third-cycle rows
// mixed in ("SDGs:" inside the themes cell, "Affected persons:", codes before labels).
func mxSample(t testing.TB) []byte {
	header := mxRow(mxC("Recommendation and recommending State"), mxC("Position of the State under review"),
		mxC("Human rights themes and groups of persons"), mxC("Relevant SDGs"),
		mxC("Assessment/comments on level of implementation"))
	body := mxP("Thematic list of recommendations") +
		mxP("Costa Rica \u2014 Universal Periodic Review, fourth cycle (47th session)") +
		mxTable(5,
			header, // row 1
			mxRow(mxSpan(5, "Theme: A12 Ratification of & accession to international instruments")), // row 2
			mxRow( // row 3
				mxC("119.1 Consider ratifying the Convention on the Rights of All Migrant Workers (Honduras) (Paraguay);",
					"Source of Position: A/HRC/56/15/Add.1 - Para.20"),
				mxC("Supported"),
				mxC("- Ratification of & accession to international instruments", "- Public officials",
					"Groups of Persons: ", "- Migrants"),
				mxC("- 10 - REDUCED INEQUALITIES", "16 - Peace, justice and strong institutions"),
				mxC()),
			mxRow(mxSpan(5, "Theme: A5 Human rights education, trainings and awareness raising")), // row 4
			mxRow( // row 5: two paragraphs of text, a word cut into runs, themes from the theme row
				mxC("119.2 Strengthen the teaching of human rights in schools", "and in the training of police officers (Chile and Peru);",
					"Source of position: A/HRC/56/15 - Para. 119"),
				mxC("No|ted"),
				mxC(),
				mxC("4.7 - Education for sustainable development and global citizenship"),
				mxC()),
			mxRow( // row 6: position merged with the row above; third-cycle themes cell
				mxC("119.6 Train teachers\ton human rights (Slovenia);", "Source of Position: A/HRC/56/15/Add.1 - Para.21"),
				mxMerged(),
				mxC("- Human rights education, trainings & awareness raising", "SDGs: ", "- 4 - QUALITY EDUCATION",
					"Affected persons: ", "- Children", "- Educational staff & students"),
				mxC(),
				mxC("Partially implemented")),
			mxRow(mxSpan(5, "Theme: Right to education")), // row 7
			mxRow( // row 8: codes, a group on the "Affected persons:" line, "general"
				mxC("119.3 Guarantee access to secondary education for girls (Iran (Islamic Republic of));",
					"Source of Position: A/HRC/56/15/Add.1 - Para.20"),
				mxC("Supported"),
				mxC("E51 Right to education", "Affected persons: Women & girls", "- general"),
				mxC("4 - Quality education", "5.1 - End discrimination against women and girls"),
				mxC()),
			mxRow(mxC(), mxC("Supported"), mxC("Right to education"), mxC("4 - Quality education"), mxC()), // row 9: no text
			mxRow(mxC(), mxC(), mxC(), mxC(), mxC()),                                                       // row 10: empty
			mxRow( // row 11: merged recommendations, several brackets
				mxC("119.4 Ensure free primary education (France) (Lithuania); Extend scholarships to rural girls (Slovenia);",
					"Source of position: A/HRC/56/15 - Para. 119"),
				mxC("Supported"),
				mxC("Right to education"),
				mxC("- 4 - QUALITY EDUCATION"),
				mxC()),
		)
	return mxDocx(t, body, "Thematic list of recommendations", nil)
}

func openMatrix(t *testing.T, docx []byte, mo MatrixOptions) (Reader, error) {
	t.Helper()
	n, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	return newUPRMatrixReader(bytes.NewReader(docx), int64(len(docx)), mo, n)
}

// readMatrix reads every row and rejection.
func readMatrix(t *testing.T, docx []byte, mo MatrixOptions) ([]Row, []*Rejection) {
	t.Helper()
	r, err := openMatrix(t, docx, mo)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rows []Row
	var rejs []*Rejection
	for {
		row, rej, err := r.Next()
		if err == io.EOF {
			return rows, rejs
		}
		if err != nil {
			t.Fatal(err)
		}
		if rej != nil {
			rejs = append(rejs, rej)
			continue
		}
		rows = append(rows, row)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestMatrixRows(t *testing.T) {
	rows, rejs := readMatrix(t, mxSample(t), MatrixOptions{})
	if len(rejs) != 1 || rejs[0].Line != 9 || rejs[0].Field != "Recommendation and recommending State" || rejs[0].Reason != "empty recommendation" {
		t.Errorf("rejections: %v", rejs)
	}
	type want struct {
		line                 int
		text, para           string
		recStates            []string
		position, src, srcP  string
		doc                  string
		themes, groups, sdgs []string
	}
	wants := []want{
		{3, "119.1 Consider ratifying the Convention on the Rights of All Migrant Workers (Honduras) (Paraguay);", "119.1",
			[]string{"HND", "PRY"}, "SUPPORTED", "A/HRC/56/15/Add.1", "20", "a-hrc-56-15",
			[]string{"ratification-of-and-accession-to-international-instruments"}, []string{"migrants", "public-officials"}, []string{"10", "16"}},
		{5, "119.2 Strengthen the teaching of human rights in schools\nand in the training of police officers (Chile and Peru);", "119.2",
			[]string{"CHL", "PER"}, "NOTED", "A/HRC/56/15", "119", "a-hrc-56-15",
			[]string{"human-rights-education-trainings-and-awareness-raising"}, nil, []string{"4.7"}},
		{6, "119.6 Train teachers\ton human rights (Slovenia);", "119.6",
			[]string{"SVN"}, "NOTED", "A/HRC/56/15/Add.1", "21", "a-hrc-56-15",
			[]string{"human-rights-education-trainings-and-awareness-raising"}, []string{"children", "educational-staff-and-students"}, []string{"4"}},
		{8, "119.3 Guarantee access to secondary education for girls (Iran (Islamic Republic of));", "119.3",
			[]string{"IRN"}, "SUPPORTED", "A/HRC/56/15/Add.1", "20", "a-hrc-56-15",
			[]string{"right-to-education"}, []string{"women-and-girls"}, []string{"4", "5.1"}},
		{11, "119.4 Ensure free primary education (France) (Lithuania); Extend scholarships to rural girls (Slovenia);", "119.4",
			[]string{"FRA", "LTU", "SVN"}, "SUPPORTED", "A/HRC/56/15", "119", "a-hrc-56-15",
			[]string{"right-to-education"}, nil, []string{"4"}},
	}
	if len(rows) != len(wants) {
		t.Fatalf("got %d rows, want %d", len(rows), len(wants))
	}
	for i, w := range wants {
		row, rec := rows[i], rows[i].Record
		check := func(what string, got, want any) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("row %d (line %d) %s = %v, want %v", i, row.Line, what, got, want)
			}
		}
		check("line", row.Line, w.line)
		check("text", rec.Texts["EN"], w.text)
		check("paragraph", deref(rec.Paragraph), w.para)
		check("states", rec.StateCodes, []string{"CRI"})
		check("recommending", rec.RecommendingStateCodes, w.recStates)
		check("cycle", deref(rec.UprCycle), 4)
		check("session", deref(rec.UprSession), 47)
		check("mechanism", rec.Mechanism.Key, "upr")
		check("document key", deref(rec.DocumentKey), w.doc)
		if rec.Position == nil {
			t.Errorf("row %d: no position", i)
		} else {
			check("position", rec.Position.Value, w.position)
			check("position source", deref(rec.Position.SourceSymbol), w.src)
			check("position paragraph", deref(rec.Position.SourceParagraph), w.srcP)
		}
		check("themes", rec.ThemeKeys, w.themes)
		check("groups", rec.AffectedGroupKeys, w.groups)
		check("sdgs", rec.SdgCodes, w.sdgs)
		if row.Document == nil {
			t.Errorf("row %d: no document", i)
		} else {
			check("document symbol", row.Document.Symbol, "A/HRC/56/15")
			check("document type", row.Document.Type, "UPR_WG_REPORT")
		}
	}
}

func TestMatrixTitle(t *testing.T) {
	n, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		texts          []string
		state          string
		cycle, session int
	}{
		{[]string{"Thematic list of recommendations \u2014 Costa Rica \u2014 Universal Periodic Review, fourth cycle (47th session)"}, "CRI", 4, 47},
		{[]string{"UPR of Paraguay (3rd Cycle \u2013 38th session)"}, "PRY", 3, 38},
		{[]string{"Matrix of recommendations", "Bolivia (Plurinational State of) - Cycle 4 - session 48"}, "BOL", 4, 48},
		{[]string{"Universal Periodic Review of the Republic of Moldova: third cycle, forty-first session"}, "MDA", 3, 41},
		{[]string{"Thematic list of recommendations", "UPR 34 Slovenia 3rd UPR cycle"}, "SVN", 3, 34},
		{[]string{"Thematic list of recommendations for Timor-Leste", "Cycle IV"}, "TLS", 4, 0},
		{[]string{"THEMATIC LIST OF RECOMMENDATIONS", "Second cycle"}, "", 2, 0},
		{[]string{"Matrix of recommendations (Côte d\u2019Ivoire)"}, "CIV", 0, 0},
	} {
		state, cycle, session := n.matrixTitle(c.texts)
		if state != c.state || cycle != c.cycle || session != c.session {
			t.Errorf("%q: got %q %d %d, want %q %d %d", c.texts, state, cycle, session, c.state, c.cycle, c.session)
		}
	}
}

func TestMatrixSourceAndLabels(t *testing.T) {
	for _, c := range []struct{ src, symbol, para, report string }{
		{"A/HRC/46/15/Add.1 - Para.20", "A/HRC/46/15/Add.1", "20", "A/HRC/46/15"},
		{"A/HRC/46/15 - Para. 136", "A/HRC/46/15", "136", "A/HRC/46/15"},
		{"A/HRC/43/15 - Para 121", "A/HRC/43/15", "121", "A/HRC/43/15"},
		{"A/HRC/28/15/Add.1/Corr.1 - paragraph 3", "A/HRC/28/15/Add.1/Corr.1", "3", "A/HRC/28/15"},
	} {
		symbol, para, report := parseSource(c.src)
		if symbol != c.symbol || para != c.para || report != c.report {
			t.Errorf("%q: got %q %q %q", c.src, symbol, para, report)
		}
	}
	rest, src := splitSource("119.1 Do this (Chile);\nSource of Position: A/HRC/46/15/Add.1 - Para.20")
	if rest != "119.1 Do this (Chile);" || src != "A/HRC/46/15/Add.1 - Para.20" {
		t.Errorf("splitSource: %q %q", rest, src)
	}
	for in, want := range map[string]string{
		"A41 Constitutional and legislative framework": "Constitutional and legislative framework",
		"- B31 Equality & non-discrimination":          "Equality & non-discrimination",
		"- Public officials":                           "Public officials",
		"Right to education":                           "Right to education",
	} {
		if got := matrixLabel(in); got != want {
			t.Errorf("matrixLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// A second-cycle layout: "Recommendation | Position | Full list of themes | Assessment…",
// coded labels, lower-case groups, "Source of position: … - Para. 3", the title only in
// docProps/core.xml and the page header.
func TestMatrixSecondCycleLayout(t *testing.T) {
	body := mxTable(4,
		mxRow(mxC("Recommendation"), mxC("Position"), mxC("Full list of themes"), mxC("Assessment/comments on level of implementation")),
		mxRow(mxSpan(4, "Theme: A41 Constitutional and legislative framework")),
		mxRow(mxC("115.21 Ensure that national legislation is harmonized with international standards (Bahrain);",
			"Source of position: A/HRC/28/15/Add.1 - Para. 3"),
			mxC("Supported"),
			mxC("A41 Constitutional and legislative framework", "F12 Discrimination against women", "Affected persons:", "- women & girls", "- general"),
			mxC()),
		mxRow(mxC("115.94 Bring forward legislation on the restoration of rights (Portugal, Slovakia);",
			"Source of position: A/HRC/28/15/Add.1 - Para. 3"),
			mxC("Supported"),
			mxC("Affected persons:", "- stateless persons"),
			mxC()),
	)
	header := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` + mxP("UPR of Slovenia (2nd Cycle \u2013 20th session)") + `</w:hdr>`
	docx := mxDocx(t, body, "Thematic list of recommendations", map[string]string{"word/header1.xml": header})
	rows, rejs := readMatrix(t, docx, MatrixOptions{})
	if len(rejs) != 0 || len(rows) != 2 {
		t.Fatalf("rows %d, rejections %v", len(rows), rejs)
	}
	r0, r1 := rows[0].Record, rows[1].Record
	if fmt.Sprint(r0.StateCodes, deref(r0.UprCycle), deref(r0.UprSession)) != "[SVN] 2 20" {
		t.Errorf("state/cycle/session: %v %v %v", r0.StateCodes, deref(r0.UprCycle), deref(r0.UprSession))
	}
	if fmt.Sprint(r0.ThemeKeys) != "[constitutional-and-legislative-framework discrimination-against-women]" ||
		fmt.Sprint(r0.AffectedGroupKeys) != "[women-and-girls]" {
		t.Errorf("row 3: themes %v groups %v", r0.ThemeKeys, r0.AffectedGroupKeys)
	}
	if deref(r0.Position.SourceParagraph) != "3" || deref(r0.DocumentKey) != "a-hrc-28-15" || fmt.Sprint(r0.RecommendingStateCodes) != "[BHR]" {
		t.Errorf("row 3: %v %v %v", deref(r0.Position.SourceParagraph), deref(r0.DocumentKey), r0.RecommendingStateCodes)
	}
	// No theme of its own: the theme row's.
	if fmt.Sprint(r1.ThemeKeys) != "[constitutional-and-legislative-framework]" || fmt.Sprint(r1.AffectedGroupKeys) != "[stateless-persons]" ||
		fmt.Sprint(r1.RecommendingStateCodes) != "[PRT SVK]" || rows[1].Line != 4 {
		t.Errorf("row 4: themes %v groups %v recommending %v line %d", r1.ThemeKeys, r1.AffectedGroupKeys, r1.RecommendingStateCodes, rows[1].Line)
	}
}

func TestMatrixOptionsOverrideTitle(t *testing.T) {
	rows, _ := readMatrix(t, mxSample(t), MatrixOptions{State: "Paraguay", Cycle: 3, Session: 38})
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, r := range rows {
		if fmt.Sprint(r.Record.StateCodes, deref(r.Record.UprCycle), deref(r.Record.UprSession)) != "[PRY] 3 38" {
			t.Fatalf("line %d: %v %v %v", r.Line, r.Record.StateCodes, deref(r.Record.UprCycle), deref(r.Record.UprSession))
		}
	}
	if _, err := openMatrix(t, mxSample(t), MatrixOptions{State: "Atlantis"}); err == nil || !strings.Contains(err.Error(), "--state") {
		t.Errorf("unknown --state: %v", err)
	}
}

// Later tables: one going on after a section break (no header), one unrelated.
func TestMatrixLaterTables(t *testing.T) {
	body := mxP("Matrix of recommendations \u2013 Chile \u2013 Cycle 4") +
		mxTable(3, mxRow(mxC("Recommendations"), mxC("Position"), mxC("Relevant SDGs")),
			mxRow(mxC("1.1 Adopt a plan (Peru);"), mxC("Supported"), mxC("16 - Peace"))) +
		mxP("") +
		mxTable(3, mxRow(mxC("1.2 Adopt a law (Peru);"), mxC("Noted"), mxC())) +
		mxTable(2, mxRow(mxSpan(2, "Prepared by OHCHR")), mxRow(mxC("Date"), mxC("2024")), mxRow(mxC("Contact"), mxC("UPR Branch")))
	rows, rejs := readMatrix(t, mxDocx(t, body, "", nil), MatrixOptions{})
	if len(rejs) != 0 || len(rows) != 2 || rows[1].Line != 3 || rows[1].Record.Position.Value != "NOTED" {
		t.Fatalf("rows %+v rejections %v", rows, rejs)
	}
}

func TestMatrixErrors(t *testing.T) {
	noTable := mxDocx(t, mxP("UPR of Chile")+mxTable(2, mxRow(mxC("Name"), mxC("Value"))), "", nil)
	if _, err := openMatrix(t, noTable, MatrixOptions{}); err == nil || !strings.Contains(err.Error(), "no recommendations table") ||
		!strings.Contains(err.Error(), `"Recommendation"`) {
		t.Errorf("no table: %v", err)
	}
	noState := mxDocx(t, mxP("Thematic list of recommendations")+
		mxTable(2, mxRow(mxC("Recommendation"), mxC("Position")), mxRow(mxC("1.1 Do (Peru);"), mxC("Supported"))), "", nil)
	if _, err := openMatrix(t, noState, MatrixOptions{}); err == nil || !strings.Contains(err.Error(), "pass --state") {
		t.Errorf("no State: %v", err)
	}
	if _, err := openMatrix(t, []byte("not a zip"), MatrixOptions{}); err == nil || !strings.Contains(err.Error(), ".docx") {
		t.Errorf("not a zip: %v", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	_, _ = zw.Create("hello.txt")
	_ = zw.Close()
	if _, err := openMatrix(t, buf.Bytes(), MatrixOptions{}); err == nil || !strings.Contains(err.Error(), "word/document.xml") {
		t.Errorf("no document part: %v", err)
	}
	// Broken XML after the header row: Next fails, and keeps failing.
	broken := mxDocx(t, mxP("UPR of Chile")+`<w:tbl>`+mxRow(mxC("Recommendation"), mxC("Position"))+`<w:tr><w:tc></w:tbl>`, "", nil)
	r, err := openMatrix(t, broken, MatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Next(); err == nil || err == io.EOF {
		t.Errorf("broken XML: %v", err)
	}
	if _, _, err2 := r.Next(); err2 == nil || err2 == io.EOF {
		t.Errorf("after an error: %v", err2)
	}
	_ = r.Close()
}

func TestMatrixBounds(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range maxMatrixEntries + 1 {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("f%d", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	_ = zw.Close()
	if _, err := openMatrix(t, buf.Bytes(), MatrixOptions{}); err == nil || !strings.Contains(err.Error(), "10000") {
		t.Errorf("too many entries: %v", err)
	}

	// A document.xml that says it is larger than allowed (the data itself is small).
	buf.Reset()
	zw = zip.NewWriter(&buf)
	data := []byte("<w:document/>")
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(len(data)), UncompressedSize64: maxMatrixDocument + 1})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(data)
	_ = zw.Close()
	if _, err := openMatrix(t, buf.Bytes(), MatrixOptions{}); err == nil || !strings.Contains(err.Error(), "64 MiB") {
		t.Errorf("large document.xml: %v", err)
	}

	// The stream is capped whatever the header says.
	c := &capReader{r: strings.NewReader(strings.Repeat("x", 100)), left: 11, what: "word/document.xml"}
	got, err := io.ReadAll(c)
	if len(got) != 11 || err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("capReader: %d bytes, %v", len(got), err)
	}
}

// The committed sample (for trying the CLI) must be what mxSample builds; set
// UPRMATRIX_WRITE=1 to rewrite it.
func TestMatrixSampleFile(t *testing.T) {
	want := mxSample(t)
	name := filepath.Join("testdata", "uprmatrix", "sample.docx")
	if os.Getenv("UPRMATRIX_WRITE") != "" {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run UPRMATRIX_WRITE=1 go test ./ingest -run MatrixSampleFile", name)
	}
	rows, rejs := readMatrix(t, got, MatrixOptions{})
	if len(rows) != 5 || len(rejs) != 1 {
		t.Errorf("%s: %d rows, %d rejections", name, len(rows), len(rejs))
	}
}

func TestMatrixReaderClosed(t *testing.T) {
	r, err := openMatrix(t, mxSample(t), MatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Next(); err == nil || errors.Is(err, io.EOF) {
		t.Errorf("Next after Close: %v", err)
	}
}
