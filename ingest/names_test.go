package ingest

import (
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tableColumns is every table under names/ with its columns; a TSV file that is not listed
// here is an error, so no table goes untested.
var tableColumns = map[string][]string{
	"states.tsv":           {"iso3", "iso2", "name_en"},
	"country-variants.tsv": {"variant", "iso3"},
	"mechanisms.tsv":       {"key", "code", "kind", "name_en"},
	"mechanism-labels.tsv": {"label", "key"},
	"themes.tsv":           {"key", "label"},
	"affected-groups.tsv":  {"key", "label"},
	"ambiguous-states.tsv": {"name", "candidates"},
	"sdgs.tsv":             {"code", "name_en"},
	"annotation-types.tsv": {"label", "type"},
	"positions.tsv":        {"label", "value"},
	"symbol-prefixes.tsv":  {"prefix", "mechanism", "document_type"},
}

// tableRows reads a table with the generic TSV rules (every line parses).
func tableRows(t *testing.T, name string) [][]string {
	t.Helper()
	var rows [][]string
	if err := readTable(nameFiles, "names/"+name, tableColumns[name], func(r []string) error {
		rows = append(rows, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s has no rows", name)
	}
	return rows
}

func TestEveryTableLineParses(t *testing.T) {
	files, err := fs.Glob(nameFiles, "names/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tableColumns) {
		t.Errorf("names/ has %d tables, the test knows %d", len(files), len(tableColumns))
	}
	for _, f := range files {
		name := filepath.Base(f)
		if tableColumns[name] == nil {
			t.Errorf("%s is not tested: add it to tableColumns", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			rows := tableRows(t, name)
			seen := map[string]bool{}
			for _, r := range rows {
				k := strings.ToLower(r[0])
				if seen[k] {
					t.Errorf("%s: %q listed twice", name, r[0])
				}
				seen[k] = true
			}
		})
	}
	mustNormalizer(t) // and the loader's own checks (targets exist, no clashes) pass
}

func memberCodes(t *testing.T) map[string]bool {
	out := map[string]bool{}
	for _, r := range tableRows(t, "states.tsv") {
		out[r[0]] = true
	}
	return out
}

// The States are a copy of demo/data/un-member-states.csv; they must not drift apart.
func TestStatesMatchDemoData(t *testing.T) {
	f, err := os.Open("../demo/data/un-member-states.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for _, r := range recs[1:] {
		want = append(want, r[:3])
	}
	got := tableRows(t, "states.tsv")
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("names/states.tsv differs from demo/data/un-member-states.csv")
	}
	if len(got) != 195 {
		t.Errorf("%d States, want 193 members + 2 observers", len(got))
	}
}

func TestVariantTargetsAreMembers(t *testing.T) {
	members := memberCodes(t)
	for _, r := range tableRows(t, "country-variants.tsv") {
		if !members[r[1]] {
			t.Errorf("variant %q: %s is not in states.tsv", r[0], r[1])
		}
	}
}

// Every variant the hub already ships (demo/data/country-name-variants.tsv) maps the same.
func TestDemoVariantsMapTheSame(t *testing.T) {
	n := mustNormalizer(t)
	b, err := os.ReadFile("../demo/data/country-name-variants.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		name, code, _ := strings.Cut(line, "\t")
		if got, ok := n.StateCode(name); !ok || got != code {
			t.Errorf("%q = %q %v, want %s", name, got, ok, code)
		}
	}
}

func TestEveryStateByNameAndCodes(t *testing.T) {
	n := mustNormalizer(t)
	for _, r := range tableRows(t, "states.tsv") {
		for _, form := range []string{r[0], r[1], r[2], strings.ToLower(strings.ReplaceAll(r[2], " ", "")), strings.ToUpper(r[2])} {
			if got, ok := n.StateCode(form); !ok || got != r[0] {
				t.Errorf("%q = %q %v, want %s", form, got, ok, r[0])
			}
		}
	}
}

func TestTrickyStateNames(t *testing.T) {
	n := mustNormalizer(t)
	for name, want := range map[string]string{
		"Iran (Islamic Republic of)": "IRN", "Islamic Republic of Iran": "IRN", "Iran": "IRN", "Iran, Islamic Republic of": "IRN",
		"Bolivia (Plurinational State of)": "BOL", "Plurinational State of Bolivia": "BOL",
		"Venezuela (Bolivarian Republic of)": "VEN", "Micronesia": "FSM", "Netherlands (Kingdom of the)": "NLD",
		"Kingdom of the Netherlands": "NLD", "the Netherlands": "NLD", "The Gambia": "GMB", "the Bahamas": "BHS",
		"Türkiye": "TUR", "Turkey": "TUR", "Turkiye": "TUR", "TÜRKIYE": "TUR", "turkiye": "TUR",
		"ES": "ESP", "GB": "GBR", "ESP": "ESP", "UK": "GBR", "US": "USA",
		"costarica": "CRI", "unitedkingdomofgreatbritainandnorthernireland": "GBR", "iranislamicrepublicof": "IRN",
		"boliviaplurinationalstateof": "BOL", "cotedivoire": "CIV", "guineabissau": "GNB", "timorleste": "TLS",
		"Côte d’Ivoire": "CIV", "Côte d'Ivoire": "CIV", "Cote d'Ivoire": "CIV", "São Tomé and Príncipe": "STP",
		"Democratic People’s Republic of Korea": "PRK", "Republic of Korea": "KOR", "Korea, Republic of": "KOR",
		"Congo": "COG", "Democratic Republic of the Congo": "COD", "Congo (Democratic Republic of the)": "COD",
		"Niger": "NER", "Nigeria": "NGA", "Guinea": "GIN", "Equatorial Guinea": "GNQ", "Papua New Guinea": "PNG",
		"Dominica": "DMA", "Dominican Republic": "DOM", "Sudan": "SDN", "South Sudan": "SSD",
		"Czech Republic": "CZE", "Swaziland": "SWZ", "Cape Verde": "CPV", "Viet Nam": "VNM", "Vietnam": "VNM",
		"State of Palestine": "PSE", "Palestine": "PSE", "Holy See": "VAT", "Russia": "RUS",
		"  Costa   Rica ": "CRI", "COSTA RICA": "CRI", "Costa Rica.": "CRI",
	} {
		if got, ok := n.StateCode(name); !ok || got != want {
			t.Errorf("%q = %q %v, want %s", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "Atlantis", "Islamic Republic of", "Republic of", "Korea", "in", "is", "es", "esp",
		"Guinea Bissau Peru", "Chile and Peru", "XX", "XXX", "the", "-"} {
		if got, ok := n.StateCode(name); ok {
			t.Errorf("%q = %s, want unknown", name, got)
		}
	}
}

// demoJSON reads one of the hub's reference files.
func demoJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("../demo/data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestMechanismsMatchDemoData(t *testing.T) {
	var f struct {
		Mechanisms []struct {
			Key, Code, Kind string
			Name            map[string]string
			UhriLabels      []string
		}
	}
	demoJSON(t, "mechanisms.json", &f)
	var want [][]string
	labels := map[string]string{}
	for _, m := range f.Mechanisms {
		want = append(want, []string{m.Key, m.Code, m.Kind, m.Name["en"]})
		for _, l := range m.UhriLabels {
			labels[l] = m.Key
		}
	}
	if got := tableRows(t, "mechanisms.tsv"); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("names/mechanisms.tsv differs from demo/data/mechanisms.json")
	}
	n := mustNormalizer(t)
	for l, key := range labels {
		for _, form := range []string{l, "- " + l} {
			if m, ok := n.Mechanism(cleanLabel(form)); !ok || m.Key != key {
				t.Errorf("UHRI body %q = %v %v, want %s", form, m, ok, key)
			}
		}
	}
	listed := map[string]bool{}
	for _, r := range tableRows(t, "mechanism-labels.tsv") {
		listed[r[0]] = true
	}
	for l := range labels {
		if !listed[l] {
			t.Errorf("UHRI body %q is not listed in mechanism-labels.tsv", l)
		}
	}
}

func TestMechanismNames(t *testing.T) {
	n := mustNormalizer(t)
	for label, want := range map[string]string{
		"CRC": "crc", "crc": "crc", "CRC-OP-AC": "crc", "CRC-OP-SC": "crc", "Committee on the Rights of the Child": "crc",
		"SR on torture": "sr-torture", "Special Rapporteur on torture": "sr-torture", "SR Torture": "sr-torture",
		"Special Rapporteur on the right to food": "sr-food", "SR on the right to food": "sr-food", "SR food": "sr-food",
		"Human Rights Committee": "ccpr", "CCPR": "ccpr", "Committee on Economic, Social and Cultural Rights": "cescr",
		"Universal Periodic Review": "upr", "UPR": "upr", "WGAD": "wg-arbitrary-detention",
		"Working Group on Arbitrary Detention": "wg-arbitrary-detention", "IE Albinism": "ie-albinism",
		"Subcommittee on Prevention of Torture": "spt", "sr-violence-against-women": "sr-violence-against-women",
		"SR Water &amp; sanitation": "sr-water-and-sanitation",
	} {
		if m, ok := n.Mechanism(cleanLabel(label)); !ok || m.Key != want {
			t.Errorf("%q = %v %v, want %s", label, m, ok, want)
		}
	}
	for _, label := range []string{"", "XYZ", "SR on nothing", "Committee"} {
		if m, ok := n.Mechanism(label); ok {
			t.Errorf("%q = %s, want unknown", label, m.Key)
		}
	}
}

func TestLabelTablesMatchDemoData(t *testing.T) {
	n := mustNormalizer(t)
	var themes struct {
		Themes []struct {
			Key  string
			Name map[string]string
		}
	}
	demoJSON(t, "themes.json", &themes)
	var groups struct {
		Groups []struct {
			Key  string
			Name map[string]string
		}
	}
	demoJSON(t, "affected-groups.json", &groups)
	var sdgs struct {
		Goals, Targets []struct {
			Code string
			Name map[string]string
		}
	}
	demoJSON(t, "sdgs.json", &sdgs)
	check := func(table string, want [][]string, find func(string) (string, bool)) {
		if got := tableRows(t, table); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("names/%s differs from the demo data", table)
		}
		for _, r := range want {
			label := r[1]
			for _, form := range []string{label, "- " + label, strings.ToUpper(label), strings.ReplaceAll(label, "&", "&amp;"), r[0]} {
				if k, ok := find(cleanLabel(form)); !ok || k != r[0] {
					t.Errorf("%s: %q = %q %v, want %s", table, form, k, ok, r[0])
				}
			}
		}
	}
	var want [][]string
	for _, x := range themes.Themes {
		want = append(want, []string{x.Key, x.Name["en"]})
	}
	check("themes.tsv", want, n.ThemeKey)
	want = nil
	for _, x := range groups.Groups {
		want = append(want, []string{x.Key, x.Name["en"]})
	}
	check("affected-groups.tsv", want, n.AffectedGroupKey)
	want = nil
	for _, x := range append(sdgs.Goals, sdgs.Targets...) {
		want = append(want, []string{x.Code, x.Name["en"]})
	}
	if got := tableRows(t, "sdgs.tsv"); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("names/sdgs.tsv differs from demo/data/sdgs.json")
	}
	for _, r := range want {
		for _, form := range []string{r[0], r[0] + " - " + r[1], r[0] + " - " + strings.ToUpper(r[1])} {
			if c, ok := n.SdgCode(form); !ok || c != r[0] {
				t.Errorf("SDG %q = %q %v, want %s", form, c, ok, r[0])
			}
		}
	}
}

func TestTypesPositionsPrefixes(t *testing.T) {
	n := mustNormalizer(t)
	for _, r := range tableRows(t, "annotation-types.tsv") {
		if got := n.RecommendationType(cleanLabel("- " + r[0])); string(got) != r[1] {
			t.Errorf("type %q = %s, want %s", r[0], got, r[1])
		}
	}
	if n.RecommendationType("Positive aspects") != "OTHER" || n.RecommendationType("") != "RECOMMENDATION" {
		t.Error("unknown types should be OTHER and empty ones RECOMMENDATION")
	}
	for _, r := range tableRows(t, "positions.tsv") {
		for _, form := range []string{r[0], strings.ToLower(r[0]), r[0] + "."} {
			if got, ok := n.PositionValue(form); !ok || string(got) != r[1] {
				t.Errorf("position %q = %s %v, want %s", form, got, ok, r[1])
			}
		}
	}
	if v, ok := n.PositionValue("Supported /Noted"); !ok || v != "PARTIALLY_SUPPORTED" {
		t.Errorf("Supported /Noted = %s", v)
	}
	for _, r := range tableRows(t, "symbol-prefixes.tsv") {
		if r[1] != "-" {
			if _, ok := n.MechanismByKey(r[1]); !ok {
				t.Errorf("prefix %s: unknown mechanism %s", r[0], r[1])
			}
		}
	}
	for symbol, want := range map[string][2]string{
		"CRC/C/PER/CO/6-7": {"crc", "CONCLUDING_OBSERVATIONS"}, "E/C.12/COL/CO/7": {"cescr", "CONCLUDING_OBSERVATIONS"},
		"CAT/OP/MEX/1": {"spt", "SPT_VISIT_REPORT"}, "A/HRC/WG.6/41/CRI/1": {"upr", "UPR_DOCUMENT"},
		"A/HRC/57/12": {"", "HRC_REPORT"}, "XYZ/1": {"", ""},
	} {
		m, typ := n.symbolInfo(symbol)
		key := ""
		if m != nil {
			key = m.Key
		}
		if key != want[0] || typ != want[1] {
			t.Errorf("symbol %s = %s %s, want %v", symbol, key, typ, want)
		}
	}
	for symbol, want := range map[string]string{
		"CEDAW/C/ALB/CO/4": "ALB", "CRC/C/OPAC/USA/CO/2": "USA", "E/C.12/COL/CO/7": "COL", "CAT/OP/MEX/1": "MEX",
		"A/HRC/WG.6/41/CRI/1": "", "A/HRC/57/12": "", "CRC/C/ATL/CO/1": "", "": "", "CAT/C/CAT/1": "",
	} {
		if got, _ := n.stateFromSymbol(symbol); got != want {
			t.Errorf("State of %s = %q, want %q", symbol, got, want)
		}
	}
}
