package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

type named struct{ Name, NameLanguage, Acronym string }

type langResult struct {
	Network named
	State   struct {
		named
		Nmirfs []struct {
			named
			NameKnown       bool
			LegalBasis      string
			EstablishedYear int
			Website         string
			Sources         []struct{ Title string }
		}
	}
	Prt     struct{ Nmirfs []named }
	SdgGoal named
}

// An analyst reading in Arabic, French or Spanish gets each name in that language when a
// source gives it, and otherwise the fallback, labelled as such.
func TestNamesInTheLanguageAsked(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	q := `query($lang: Language) {
	  network { name(lang: $lang) nameLanguage(lang: $lang) }
	  state(code: "MAR") { name(lang: $lang) nameLanguage(lang: $lang)
	    nmirfs { name(lang: $lang) nameLanguage(lang: $lang) nameKnown acronym legalBasis establishedYear website sources { title } } }
	  prt: state(code: "PRT") { nmirfs { name(lang: $lang) nameLanguage(lang: $lang) acronym } }
	  sdgGoal: sdg(code: "4") { ... on SdgGoal { name(lang: $lang) nameLanguage(lang: $lang) } }
	}`
	var r langResult
	get := func(lang string) {
		t.Helper()
		data, errs := post(t, c, q, client.Var("lang", lang))
		if errs != nil {
			t.Fatalf("%s: %+v", lang, errs)
		}
		r = langResult{}
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			t.Fatal(err)
		}
	}
	get("AR")
	if r.Network.NameLanguage != "AR" || !strings.HasPrefix(r.Network.Name, "الشبكة الدولية") {
		t.Errorf("network in Arabic: %+v", r.Network)
	}
	if r.State.Name != "المغرب" || r.State.NameLanguage != "AR" {
		t.Errorf("Morocco in Arabic: %+v", r.State.named)
	}
	if len(r.State.Nmirfs) != 1 {
		t.Fatalf("Morocco's NMIRFs: %+v", r.State.Nmirfs)
	}
	didh := r.State.Nmirfs[0]
	if didh.Name != "المندوبية الوزارية المكلفة بحقوق الإنسان" || didh.NameLanguage != "AR" || !didh.NameKnown ||
		didh.Acronym != "DIDH" || didh.EstablishedYear != 2011 || !strings.Contains(didh.LegalBasis, "2-11-150") || len(didh.Sources) < 3 {
		t.Errorf("the DIDH in Arabic: %+v", didh)
	}
	// No Arabic name is known for Portugal's commission: English, and it says so.
	if n := r.Prt.Nmirfs; len(n) != 1 || n[0].NameLanguage != "EN" || n[0].Name != "National Human Rights Committee" {
		t.Errorf("Portugal's NMIRF asked in Arabic: %+v", n)
	}
	get("FR")
	if didh := r.State.Nmirfs[0]; didh.Name != "Délégation Interministérielle aux Droits de l'Homme" || didh.NameLanguage != "FR" {
		t.Errorf("the DIDH in French: %+v", didh.named)
	}
	if r.SdgGoal.Name != "Éducation de qualité" || r.SdgGoal.NameLanguage != "FR" {
		t.Errorf("SDG 4 in French: %+v", r.SdgGoal)
	}
	get("PT")
	if n := r.Prt.Nmirfs; len(n) != 1 || n[0].NameLanguage != "PT" || n[0].Name != "Comissão Nacional para os Direitos Humanos" || n[0].Acronym != "CNDH" {
		t.Errorf("Portugal's NMIRF in Portuguese: %+v", n)
	}
	// Themes have English labels only: asked in Spanish, English comes back, labelled EN.
	data, errs := post(t, c, `{ themes(rootsOnly: true) { name(lang: ES) nameLanguage(lang: ES) } }`)
	if errs != nil || !strings.Contains(data, `"nameLanguage":"EN"`) {
		t.Errorf("theme asked in Spanish: %s %+v", data, errs)
	}
}

// A State is found by its name in any UN language, and an exact name comes first.
func TestSearchFindsNamesInEveryLanguage(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	for _, name := range []string{"Morocco", "المغرب", "Marruecos", "Maroc", "Марокко", "摩洛哥"} {
		data, errs := post(t, c, `query($q: String!) { search(query: $q, first: 3) { nodes { __typename ... on State { code } } } }`, client.Var("q", name))
		if errs != nil || !strings.HasPrefix(data, `{"search":{"nodes":[{"__typename":"State","code":"MAR"}`) {
			t.Errorf("search %q: %s %+v", name, data, errs)
		}
	}
	for q, want := range map[string]string{
		"DIDH":                         `"__typename":"NMIRF"`,
		"المندوبية الوزارية":           `"__typename":"NMIRF"`,
		"Right to education":           `"__typename":"Theme"`,
		"Comité des droits de l'homme": `"__typename":"Mechanism"`,
	} {
		data, errs := post(t, c, `query($q: String!) { search(query: $q, first: 1, types: [NMIRF, THEME, AFFECTED_GROUP, MECHANISM]) { nodes { __typename } } }`, client.Var("q", q))
		if errs != nil || !strings.Contains(data, want) {
			t.Errorf("search %q: %s %+v; want %s first", q, data, errs, want)
		}
	}
}

// The concept note itself is a source whose Arabic text is searched with the Arabic analyzer
// and quoted in an Arabic snippet.
func TestConceptNoteSearchableInArabic(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	data, errs := post(t, c, `{ search(query: "الآلية الوطنية", lang: AR, types: [SOURCE], first: 3) {
	  edges { snippet node { __typename ... on Source { title textLanguage(lang: AR) } } } } }`)
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	var r struct {
		Search struct {
			Edges []struct {
				Snippet string
				Node    struct{ Typename, Title, TextLanguage string }
			}
		}
	}
	_ = json.Unmarshal([]byte(strings.Replace(data, "__typename", "typename", -1)), &r)
	if len(r.Search.Edges) == 0 || r.Search.Edges[0].Node.TextLanguage != "AR" || !strings.Contains(r.Search.Edges[0].Snippet, "الوطنية") ||
		!strings.Contains(r.Search.Edges[0].Node.Title, "Concept note") {
		t.Errorf("concept note in Arabic: %s", data)
	}
}

// The concept note's facts are links an analyst can follow: who sponsored resolution 51/33,
// who leads the Group of Friends, who organised the side event and with whom.
func TestConceptNoteFactsAreLinks(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	q := `query($res: ID!, $gof: ID!, $event: ID!) {
	  res: node(id: $res) { ... on Instrument { symbol sponsors { code } } }
	  gof: node(id: $gof) { ... on Organization { name(lang: AR) nameLanguage(lang: AR) ledBy { code } sources { title } } }
	  event: node(id: $event) { ... on Event { organizers { acronym } partners { name missionOf { code } } } }
	}`
	data, errs := post(t, c, q, client.Var("res", domain.GlobalID(domain.KindInstrument, "hrc-res-51-33")),
		client.Var("gof", domain.GlobalID(domain.KindOrganization, "group-of-friends-of-nmirfs")),
		client.Var("event", domain.GlobalID(domain.KindEvent, "hrc58-side-event-network-2025")))
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	for _, want := range []string{
		`"sponsors":[{"code":"BRA"},{"code":"PRY"}]`,
		`"ledBy":[{"code":"PRT"}],"name":"مجموعة أصدقاء الآليات الوطنية للتنفيذ وإعداد التقارير والتتبع","nameLanguage":"AR"`,
		`"organizers":[{"acronym":"DIDH"}]`,
		`{"missionOf":{"code":"PRT"},"name":"Permanent Mission of Portugal"}`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("missing %s in %s", want, data)
		}
	}
}

// Every named type says which language it served: asked in Russian, records with English
// names only answer in English and say so; the concept note has its text in Arabic.
func TestEveryNameSaysItsLanguage(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	q := `query($event: ID!, $res: ID!, $note: ID!) {
	  affectedGroups { nameLanguage(lang: RU) }
	  guidanceDimensions { nameLanguage(lang: RU) }
	  sdg(code: "4.1") { ... on SdgTarget { nameLanguage(lang: RU) } }
	  state(code: "URY") { nmirfs { institutions { institution { name(lang: RU) nameLanguage(lang: RU) } } } }
	  cri: state(code: "CRI") { recommendationsReceived(first: 1) { nodes { document { title(lang: RU) titleLanguage(lang: RU) } } } }
	  event: node(id: $event) { ... on Event { nameLanguage(lang: RU) } }
	  res: node(id: $res) { ... on Instrument { titleLanguage(lang: RU) } }
	  note: node(id: $note) { ... on Source { text(lang: AR) textLanguage(lang: AR) en: textLanguage(lang: RU) } }
	}`
	data, errs := post(t, c, q, client.Var("event", domain.GlobalID(domain.KindEvent, "nmirf-seminar-1-marrakech-2022")),
		client.Var("res", domain.GlobalID(domain.KindInstrument, "hrc-res-51-33")),
		client.Var("note", domain.GlobalID(domain.KindSource, "hrc58-network-concept-note")))
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	if strings.Contains(data, `"RU"`) || strings.Contains(data, `null`) {
		t.Errorf("a name claims Russian, or a language is missing: %s", data)
	}
	for _, want := range []string{`"titleLanguage":"EN"`, `"textLanguage":"AR"`, `"en":"EN"`, `لقاء رفيع المستوى حول`} {
		if !strings.Contains(data, want) {
			t.Errorf("missing %s in %.600s", want, data)
		}
	}
}
