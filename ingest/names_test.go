package ingest

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/refdata"
)

// tableColumns is every table under names/ with its columns; a TSV file that is not listed
// here is an error, so no table goes untested.
var tableColumns = map[string][]string{
	"country-variants.tsv":  {"variant", "iso3"},
	"mechanism-aliases.tsv": {"label", "key"},
	"ambiguous-states.tsv":  {"name", "candidates"},
	"annotation-types.tsv":  {"label", "type"},
	"positions.tsv":         {"label", "value"},
	"symbol-prefixes.tsv":   {"prefix", "mechanism", "document_type"},
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

// refStates returns the States of the reference data.
func refStates(t *testing.T) []domain.State {
	t.Helper()
	states, err := refdata.States()
	if err != nil {
		t.Fatal(err)
	}
	return states
}

// Every listed variant names a State of the reference data and maps to it.
func TestVariantsMapToTheirStates(t *testing.T) {
	members := map[string]bool{}
	for _, s := range refStates(t) {
		members[s.Code] = true
	}
	n := mustNormalizer(t)
	for _, r := range tableRows(t, "country-variants.tsv") {
		if !members[r[1]] {
			t.Errorf("variant %q: %s is not a State of refdata/un-member-states.csv", r[0], r[1])
		}
		if got, ok := n.StateCode(r[0]); !ok || got != r[1] {
			t.Errorf("%q = %q %v, want %s", r[0], got, ok, r[1])
		}
	}
}

func TestEveryStateByNameAndCodes(t *testing.T) {
	n := mustNormalizer(t)
	for _, s := range refStates(t) {
		for _, form := range []string{s.Code, s.Alpha2, s.Name, strings.ToLower(strings.ReplaceAll(s.Name, " ", "")), strings.ToUpper(s.Name)} {
			if got, ok := n.StateCode(form); !ok || got != s.Code {
				t.Errorf("%q = %q %v, want %s", form, got, ok, s.Code)
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

// Every UHRI body label, with or without its "- ", names its mechanism.
func TestUhriBodyLabels(t *testing.T) {
	mechs, err := refdata.Mechanisms()
	if err != nil {
		t.Fatal(err)
	}
	n := mustNormalizer(t)
	for _, m := range mechs {
		for _, l := range m.UhriLabels {
			for _, form := range []string{l, "- " + l} {
				if got, ok := n.Mechanism(cleanLabel(form)); !ok || got.Key != m.Key {
					t.Errorf("UHRI body %q = %v %v, want %s", form, got, ok, m.Key)
				}
			}
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

// Every theme and affected-group label, as exports write it, finds its key, and every SDG
// its code.
func TestTaxonomyLabels(t *testing.T) {
	n := mustNormalizer(t)
	themes, err := refdata.Themes()
	if err != nil {
		t.Fatal(err)
	}
	groups, err := refdata.AffectedGroups()
	if err != nil {
		t.Fatal(err)
	}
	goals, targets, err := refdata.SDGs()
	if err != nil {
		t.Fatal(err)
	}
	check := func(what, key, label string, find func(string) (string, bool)) {
		for _, form := range []string{label, "- " + label, strings.ToUpper(label), strings.ReplaceAll(label, "&", "&amp;"), key} {
			if k, ok := find(cleanLabel(form)); !ok || k != key {
				t.Errorf("%s: %q = %q %v, want %s", what, form, k, ok, key)
			}
		}
	}
	for _, x := range themes {
		check("theme", x.Key, x.Names["EN"], n.ThemeKey)
	}
	for _, x := range groups {
		check("affected group", x.Key, x.Names["EN"], n.AffectedGroupKey)
	}
	sdgs := map[string]string{}
	for _, g := range goals {
		sdgs[g.Code] = g.Names["EN"]
	}
	for _, x := range targets {
		sdgs[x.Code] = x.Names["EN"]
	}
	for code, name := range sdgs {
		for _, form := range []string{code, code + " - " + name, code + " - " + strings.ToUpper(name)} {
			if c, ok := n.SdgCode(form); !ok || c != code {
				t.Errorf("SDG %q = %q %v, want %s", form, c, ok, code)
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
