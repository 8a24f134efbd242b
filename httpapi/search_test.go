package httpapi_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/testenv"
)

func TestSearch(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	q := `query($q: String!, $lang: Language, $after: String) { search(query: $q, lang: $lang, types: [RECOMMENDATION], filter: {stateCodes: ["CRI"]}, first: 3, after: $after) {
	  edges { cursor score snippet matchedFields node { __typename id ... on Recommendation { paragraph } } }
	  nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`
	data, errs := post(t, c, q, client.Var("q", "discriminaciones"), client.Var("lang", "ES"))
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	var r struct {
		Search struct {
			Edges []struct {
				Cursor, Snippet string
				Score           float64
				MatchedFields   []string
				Node            struct {
					Typename string `json:"__typename"`
				}
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
		}
	}
	_ = json.Unmarshal([]byte(data), &r)
	e := r.Search.Edges
	if len(e) != 3 || !r.Search.PageInfo.HasNextPage || e[0].Score < e[2].Score || e[0].Node.Typename != "Recommendation" {
		t.Fatalf("search page: %s", data)
	}
	if !strings.Contains(strings.ToLower(e[0].Snippet), "discrimina") || len(e[0].MatchedFields) == 0 || e[0].MatchedFields[0] != "text_es" {
		t.Errorf("snippet %q, fields %v", e[0].Snippet, e[0].MatchedFields)
	}
	next, errs := post(t, c, q, client.Var("q", "discriminaciones"), client.Var("lang", "ES"), client.Var("after", r.Search.PageInfo.EndCursor))
	if errs != nil || strings.Contains(next, e[0].Cursor) {
		t.Errorf("second page repeats the first: %s %+v", next, errs)
	}
	all, errs := post(t, c, `{ search(query: "Morocco OR DIDH", first: 10, types: [STATE, NMIRF]) { nodes { __typename } } }`)
	if errs != nil || !strings.Contains(all, `"State"`) || !strings.Contains(all, `"NMIRF"`) {
		t.Errorf("search across types: %s %+v", all, errs)
	}
	for _, bad := range []string{`{ search(query: "AND", first: 1) { nodes { id } } }`, `{ search(query: "x", first: 500) { nodes { id } } }`, `{ search(query: "x", after: "zz") { nodes { id } } }`} {
		_, errs := post(t, c, bad)
		if len(errs) == 0 || errs[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", bad, errs)
		}
	}
}

// A search that shows no snippet and no matched fields reads no texts (store.Search's texts):
// it must find the same hits, in the same order, with the same scores and cursors, as the
// search that shows them; and the texts must be read when snippets are asked for, however the
// selection names them (a fragment, an alias).
func TestSearchWithoutSnippetsFindsTheSameHits(t *testing.T) {
	st := testenv.Store(t)
	if err := st.AwaitIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, st)
	const node = `node { __typename id ... on Recommendation { uhriAnnotationId } ... on GoodPractice { title } }`
	for _, s := range []struct{ query, types string }{
		{"children", "[RECOMMENDATION]"},
		{"children OR education", "[RECOMMENDATION, GOOD_PRACTICE, SOURCE]"},
		{"Costa Rica", ""},
	} {
		args := `query: "` + strings.ReplaceAll(s.query, `"`, `\"`) + `", first: 25`
		if s.types != "" {
			args += ", types: " + s.types
		}
		bare := answer(t, c, `{ search(`+args+`) { totalCount edges { cursor score `+node+` } } }`)
		for _, shown := range []string{
			`{ search(` + args + `) { totalCount edges { cursor score snippet matchedFields ` + node + ` } } }`,
			`{ search(` + args + `) { totalCount edges { cursor score ...E ` + node + ` } } } fragment E on SearchEdge { s: snippet }`,
		} {
			with := answer(t, c, shown)
			edges, _ := with["search"].(map[string]any)["edges"].([]any)
			snippets := 0
			for _, e := range edges {
				m := e.(map[string]any)
				for _, k := range []string{"snippet", "s"} {
					if v, ok := m[k]; ok {
						if v != nil {
							snippets++
						}
						delete(m, k)
					}
				}
				delete(m, "matchedFields")
			}
			if len(edges) == 0 || snippets == 0 {
				t.Errorf("%q: %d hits, %d with a snippet: the texts were not read", s.query, len(edges), snippets)
			}
			if !reflect.DeepEqual(bare, with) {
				t.Errorf("%q: without snippets\n%v\nwith them\n%v", s.query, bare, with)
			}
		}
	}
}
