package ingest

import (
	"slices"
	"testing"
)

func TestExcelDate(t *testing.T) {
	for in, want := range map[string]string{
		"45345": "2024-02-23", "45345.0": "2024-02-23", "45719.4539": "2025-03-03", " 45345 ": "2024-02-23",
		"45345.99999": "2024-02-23", "16438": "1945-01-01", "73415": "2100-12-31",
	} {
		d, err := ExcelDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ExcelDate(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "x", "0", "-1", "2024", "NaN", "Inf", "1e309", "2958466", "45x", "16437"} {
		if d, err := ExcelDate(in); err == nil {
			t.Errorf("ExcelDate(%q) = %s, want an error", in, d)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-02-12": "2025-02-12", "2025-02-12T00:00:00": "2025-02-12", "2025-03-03T10:53:45.827": "2025-03-03",
		"2024-02-23T00:00:00Z": "2024-02-23", "2024-02-23T23:30:00-05:00": "2024-02-23", "2024-02-23 10:00:00": "2024-02-23",
		"2024-02-23T10:00": "2024-02-23", "45345": "2024-02-23", "45719.4539": "2025-03-03",
	} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "2022-13-45", "2024-02-30", "28/02/2017", "2024", "2024-02-23X", "2024-02-23Tnoon",
		"1899-01-01", "2024-02", "February 2024"} {
		if d, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", in, d)
		}
	}
}

func TestLeadingParagraph(t *testing.T) {
	for in, want := range map[string]string{
		"136.1 Continue": "136.1", "4.The Committee": "4", "119.10. Ratify": "119.10", " 12. The": "12",
		"7) Adopt": "7", "1.2.3 x": "1.2.3", "5\tTab": "5", "2030 Agenda for": "", "Continue 1.": "", "12": "",
		"12.": "12", "1.a Ratify": "", "(a) x": "", "": "", "9999.1 x": "", "1.1234 x": "",
	} {
		got, ok := leadingParagraph(in)
		if got != want || ok != (want != "") {
			t.Errorf("leadingParagraph(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestTrailingGroup(t *testing.T) {
	for in, want := range map[string]string{
		"Do it (Libya);": "Libya", "Do it (Chile and Peru)": "Chile and Peru", "Do it (Iran (Islamic Republic of)).": "Iran (Islamic Republic of)",
		"Do it (a) and (b) ;  ": "b", "Do it": "", "Do it (para. 45). ": "para. 45", "x)": "", ")": "", "": "",
	} {
		got := ""
		if g := trailingGroups(in); len(g) > 0 {
			got = g[0]
		}
		if got != want {
			t.Errorf("trailingGroups(%q)[0] = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][]string{
		"Do it (Maldives) (Portugal);":             {"Portugal", "Maldives"},
		"Do it (Bolivia (Plurinational State of))": {"Bolivia (Plurinational State of)"},
		"Do it (Algeria, France, Netherlands).":    {"Algeria, France, Netherlands"},
		"Do it":                                    nil,
	} {
		if got := trailingGroups(in); !slices.Equal(got, want) {
			t.Errorf("trailingGroups(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStatesInPhrase(t *testing.T) {
	n := mustNormalizer(t)
	for in, want := range map[string][]string{
		"Chile and Peru": {"CHL", "PER"}, "Libya": {"LBY"}, "Trinidad and Tobago": {"TTO"},
		"Chile, Peru and Trinidad and Tobago": {"CHL", "PER", "TTO"}, "Iran (Islamic Republic of)": {"IRN"},
		"Bosnia and Herzegovina and Antigua and Barbuda": {"BIH", "ATG"}, "Venezuela (Bolivarian Republic of), Cuba": {"VEN", "CUB"},
		"Saint Vincent and the Grenadines": {"VCT"}, "Chile and Chile": {"CHL"},
		"para. 45": nil, "Chile and Narnia": nil, "": nil, "and": nil, "Republic of": nil,
	} {
		got, ok := n.statesInPhrase(in)
		if !slices.Equal(got, want) || ok != (want != nil) {
			t.Errorf("statesInPhrase(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
}

func TestSdgCode(t *testing.T) {
	for in, want := range map[string]string{
		"16.2 - Protect children": "16.2", "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS": "16", "5": "5", "1.a": "1.a",
		"17.19 - x": "17.19", "SDG 5": "5", "Goal 16": "16", "16.10": "16.10", " 3.8 ": "3.8", "16.": "16",
		"0": "", "18": "", "16.2.1": "", "123": "", "1.ab": "", "x": "", "": "", "16x": "", "01": "", "16.02": "", "1.100": "",
	} {
		got, ok := sdgCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("sdgCode(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestCleaning(t *testing.T) {
	for in, want := range map[string]string{
		"- CRC": "CRC", "-  Concerns/Observations ": "Concerns/Observations", "- - x": "x", "-": "", "- ": "",
		"Women &amp; girls": "Women & girls", "Women &amp;amp; girls": "Women & girls", "State party&#39;s": "State party's",
		"Guinea-Bissau": "Guinea-Bissau", "-5": "-5", "  a \n b ": "a b", "&nbsp;x": "x",
	} {
		if got := cleanLabel(in); got != want {
			t.Errorf("cleanLabel(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanText("  - 4.The State party&#39;s  \n"); got != "- 4.The State party's" {
		t.Errorf("cleanText kept %q", got)
	}
	if got := splitValues([]string{"- Chile\n- Peru\r\n\n", "Cuba|Haiti;Mali"}, "|;"); !slices.Equal(got, []string{"Chile", "Peru", "Cuba", "Haiti", "Mali"}) {
		t.Errorf("splitValues = %q", got)
	}
	if got := splitValues([]string{"Children: definition; general principles; protection"}, sepLabels); len(got) != 1 {
		t.Errorf("a theme label was split: %q", got)
	}
	for in, want := range map[string]string{
		"CRC/C/PER/CO/6-7": "crc-c-per-co-6-7", "A/HRC/WG.6/41/CRI/1": "a-hrc-wg-6-41-cri-1", "E/C.12/COL/CO/7": "e-c-12-col-co-7",
		"Business & Human Rights": "business-and-human-rights", "": "", "//": "",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for in, want := range map[string]int{"2024": 2024, " 2024 ": 2024, "2024.0": 2024} {
		if got, err := parseYear(in); err != nil || got != want {
			t.Errorf("parseYear(%q) = %d %v", in, got, err)
		}
	}
	for _, in := range []string{"", "20x4", "2024.5", "1850", "3000", "1e9", "NaN"} {
		if got, err := parseYear(in); err == nil {
			t.Errorf("parseYear(%q) = %d, want an error", in, got)
		}
	}
	for in, want := range map[string]int{"41": 41, "41st session": 41, "Session 41": 41, "4.0": 4, "4": 4} {
		if got, err := parseNumber(in, 1, 200); err != nil || got != want {
			t.Errorf("parseNumber(%q) = %d %v", in, got, err)
		}
	}
	for _, in := range []string{"", "third", "0", "201", "4.5", "99999999999999999999"} {
		if got, err := parseNumber(in, 1, 200); err == nil {
			t.Errorf("parseNumber(%q) = %d, want an error", in, got)
		}
	}
	for _, c := range []struct {
		session, year *int
		want          int
	}{
		{ptr(1), nil, 1}, {ptr(12), nil, 1}, {ptr(13), nil, 2}, {ptr(26), nil, 2}, {ptr(27), nil, 3}, {ptr(40), ptr(2022), 3},
		{ptr(41), nil, 4}, {ptr(54), nil, 4}, {ptr(55), nil, 5}, {nil, ptr(2008), 1}, {nil, ptr(2011), 1}, {nil, ptr(2012), 2},
		{nil, ptr(2016), 2}, {nil, ptr(2017), 3}, {nil, ptr(2021), 3}, {nil, ptr(2022), 4}, {nil, ptr(2030), 4}, {nil, ptr(2007), 0}, {nil, nil, 0},
	} {
		got := uprCycle(c.session, c.year)
		if (got == nil) != (c.want == 0) || got != nil && *got != c.want {
			t.Errorf("uprCycle(%v, %v) = %v, want %d", c.session, c.year, got, c.want)
		}
	}
}

func TestPositions(t *testing.T) {
	n := mustNormalizer(t)
	for in, want := range map[string][3]string{
		"Supported":                              {"SUPPORTED", "", ""},
		"Supported - A/HRC/59/15/Add.1 - Para.3": {"SUPPORTED", "A/HRC/59/15/Add.1", "3"},
		"Noted (A/HRC/59/15/Add.1, para. 12.4)":  {"NOTED", "A/HRC/59/15/Add.1", "12.4"},
		"Supported/Noted":                        {"PARTIALLY_SUPPORTED", "", ""},
		"noted":                                  {"NOTED", "", ""},
		"consider":                               {"PENDING", "", ""},
		"reject":                                 {"NOTED", "", ""},
		"implemented":                            {"SUPPORTED", "", ""},
		"Under consideration/pending":            {"PENDING", "", ""},
		"Tomada nota":                            {"NOTED", "", ""},
		"Aceptada":                               {"SUPPORTED", "", ""},
		"Acceptée":                               {"SUPPORTED", "", ""},
		"Notée":                                  {"NOTED", "", ""},
		"Partially supported":                    {"PARTIALLY_SUPPORTED", "", ""},
	} {
		v, _, src, para, ok := n.parsePosition(in)
		if !ok || string(v) != want[0] || src != want[1] || para != want[2] {
			t.Errorf("parsePosition(%q) = %s %q %q %v, want %v", in, v, src, para, ok, want)
		}
	}
	if _, _, _, _, ok := n.parsePosition("Maybe - A/HRC/1"); ok {
		t.Error("an unknown position was read")
	}
	for _, c := range [][3]string{{"SUPPORTED", "NOTED", "PARTIALLY_SUPPORTED"}, {"NOTED", "NOTED", "NOTED"},
		{"PENDING", "NOTED", "NOTED"}, {"SUPPORTED", "PENDING", "SUPPORTED"}, {"PARTIALLY_SUPPORTED", "SUPPORTED", "PARTIALLY_SUPPORTED"}} {
		if got := combinePositions(domainPosition(c[0]), domainPosition(c[1])); string(got) != c[2] {
			t.Errorf("combine %s %s = %s", c[0], c[1], got)
		}
	}
}

func TestParseMapFlag(t *testing.T) {
	m, err := ParseMapFlag("Recommendation=text, Country=stateCodes,Notes=-,Issue=themes")
	if err != nil || len(m) != 4 || m["Country"] != "stateCodes" || m["Notes"] != "-" {
		t.Errorf("got %v %v", m, err)
	}
	for _, bad := range []string{"Recommendation", "=text", "A=nope"} {
		if _, err := ParseMapFlag(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, name := range FieldNames() {
		if _, ok := parseField(name); !ok {
			t.Errorf("field %q is listed but not parsed", name)
		}
	}
}
