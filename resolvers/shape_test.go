package resolvers

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/store"
)

// The shapes of an operation: the parts its fields read, gathered over every selection of a
// kind (fragments, interfaces, aliases, other root fields); an unknown field makes its kind
// whole.
func TestOperationShapes(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	cases := []struct {
		name, query string
		want        store.Shapes
	}{
		{"the benchmark's practice traversal", `query($id: ID!) { node(id: $id) { ... on GoodPractice { title
		  recommendations { uhriAnnotationId year states { code } practices { title } } } } }`,
			store.Shapes{"GoodPractice": {"titles:EN"}, "Recommendation": {"uhriAnnotationId", "year"}, "Theme": {}}},
		{"two root fields add up", `query($id: ID!) { a: node(id: $id) { ... on GoodPractice { title } }
		  b: node(id: $id) { ... on GoodPractice { summary outcome nmirf { name } } } }`,
			store.Shapes{"GoodPractice": {"details", "nmirf", "summaries:EN", "titles:EN"}, "Recommendation": {}, "Theme": {}}},
		{"a named fragment and an interface field", `query($id: ID!) { node(id: $id) { id ...P } }
		  fragment P on GoodPractice { version recommendations { ...R } }
		  fragment R on Recommendation { text mechanism { code } position { value } }`,
			store.Shapes{"GoodPractice": {"version"}, "Recommendation": {"mechanism", "position", "texts:EN"}, "Theme": {}}},
		{"a field outside the table makes its kind whole", `query($id: ID!) { node(id: $id) { ... on GoodPractice { title
		  history(first: 1) { totalCount } recommendations { year } } } }`,
			store.Shapes{"Recommendation": {"year"}, "Theme": {}}},
		{"so does one on the other kind", `query($id: ID!) { node(id: $id) { ... on Recommendation { year
		  similar(first: 1) { __typename } practices { title } } } }`,
			store.Shapes{"GoodPractice": {"titles:EN"}, "Theme": {}}},
		{"themes: a parent's name is a theme's name", `query($id: ID!) { node(id: $id) { ... on Recommendation {
		  themes { key parent { name } } } } }`,
			store.Shapes{"GoodPractice": {}, "Recommendation": {}, "Theme": {"names:EN", "parent"}}},
		{"a theme's recommendations (a page) make themes whole", `query($id: ID!) { node(id: $id) { ... on GoodPractice {
		  themes { key recommendations(first: 1) { totalCount } } } } }`,
			store.Shapes{"GoodPractice": {}, "Recommendation": {}}},
		{"texts in the languages the fields pick (a variable, a literal, the default), in fallback order",
			`query($id: ID!, $l: Language) { node(id: $id) { ... on GoodPractice { title(lang: $l) titleLanguage(lang: AR)
		  summary(lang: null) recommendations { text(lang: $l) textLanguage(lang: $l) themes { name(lang: ZH) nameLanguage(lang: FR) } } } } }`,
			store.Shapes{"GoodPractice": {"summaries:EN", "titles:FR,AR"}, "Recommendation": {"texts:FR"}, "Theme": {"names:FR,ZH"}}},
		{"a field reading every language makes its part whole", `query($id: ID!) { node(id: $id) { ... on Recommendation {
		  text(lang: ES) languages } } }`,
			store.Shapes{"GoodPractice": {}, "Recommendation": {"texts"}, "Theme": {}}},
		{"a variable left out is the default: English", `query($id: ID!, $l: Language) { node(id: $id) { ... on Recommendation {
		  text(lang: $l) } } }`,
			store.Shapes{"GoodPractice": {}, "Recommendation": {"texts:EN"}, "Theme": {}}},
	}
	vars := map[string]any{"l": "FR"}
	for _, c := range cases {
		doc, errs := gqlparser.LoadQuery(schema, c.query)
		if errs != nil {
			t.Fatalf("%s: %v", c.name, errs)
		}
		v := vars
		if strings.Contains(c.name, "left out") {
			v = nil
		}
		if got := operationShapes(doc.Operations[0], v); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Who may see a draft depends on its State only for an editor of one State: only then is
// the State read with every practice.
func TestRequestShapesReadTheStateForAStateEditor(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, `query($id: ID!) { node(id: $id) { ... on GoodPractice { title } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		who  domain.Principal
		want []string
	}{
		{domain.Principal{}, []string{"titles:EN"}},
		{domain.Principal{Role: domain.RoleAdmin}, []string{"titles:EN"}},
		{domain.Principal{Role: domain.RoleEditor}, []string{"titles:EN"}},
		{domain.Principal{Role: domain.RoleEditor, StateCode: "ISL"}, []string{"state", "titles:EN"}},
	} {
		if got := requestShapes(doc.Operations[0], nil, c.who)["GoodPractice"]; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.who, got, c.want)
		}
	}
}

// Every field of a shapeable type that the table lists exists in the schema, so that a
// renamed field cannot leave a stale entry behind.
func TestFieldPartsNameSchemaFields(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for typ, fields := range fieldParts {
		def := schema.Types[typ]
		if def == nil {
			t.Fatalf("no type %s", typ)
		}
		for name, parts := range fields {
			if name != "__typename" && def.Fields.ForName(name) == nil {
				t.Errorf("%s.%s is not in the schema", typ, name)
			}
			for _, p := range parts {
				if !slices.Contains(store.PartNames(typ), p) {
					t.Errorf("%s.%s reads part %q, which the store does not have", typ, name, p)
				}
			}
		}
	}
}
