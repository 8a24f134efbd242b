package httpapi_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/testenv"
)

// The playground's example tabs are what analysts try first: each must run. Queries must
// answer without errors; a mutation, sent anonymously, must get exactly UNAUTHENTICATED — so
// the document itself is valid against the schema.
func TestPlaygroundExamplesRun(t *testing.T) {
	src, err := os.ReadFile("../ui/playground/playground.js")
	if err != nil {
		t.Fatal(err)
	}
	example := regexp.MustCompile("(?s)\\{ title: '([^']+)', query: `(.*?)`(?:, variables: (?:'([^']*)'|`([^`]*)`))?")
	found := example.FindAllStringSubmatch(string(src), -1)
	if len(found) < 6 {
		t.Fatalf("found %d examples in playground.js; the pattern no longer matches the file", len(found))
	}
	c := newClient(t, testenv.Store(t))
	for _, ex := range found {
		title, query, vars := ex[1], ex[2], ex[3]+ex[4]
		t.Run(title, func(t *testing.T) {
			var opts []client.Option
			if vars != "" {
				var v map[string]any
				if err := json.Unmarshal([]byte(vars), &v); err != nil {
					t.Fatalf("variables are not JSON: %v", err)
				}
				for k, x := range v {
					opts = append(opts, client.Var(k, x))
				}
			}
			data, errs := post(t, c, query, opts...)
			// A mutation shown only in comments (for copying) does not make the tab a mutation.
			if regexp.MustCompile(`(?m)^\s*mutation `).MatchString(query) {
				if len(errs) != 1 || errs[0].Extensions["code"] != "UNAUTHENTICATED" {
					t.Errorf("mutation example sent anonymously: %+v (want only UNAUTHENTICATED)", errs)
				}
				return
			}
			if errs != nil || data == "" || data == "null" {
				t.Errorf("example fails: %s %+v", data, errs)
			}
		})
	}
}
