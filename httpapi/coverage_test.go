package httpapi_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nmirf-hub/hub/graph"
)

// Every document the tests send is recorded; after the run, TestMain checks that together
// they select every field of every object type in the schema, so a new field cannot ship
// without a test that queries it.
var (
	sentMu sync.Mutex
	sent   []string
)

func record(query string) {
	sentMu.Lock()
	sent = append(sent, query)
	sentMu.Unlock()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && os.Getenv("SKIP_SCHEMA_COVERAGE") == "" && len(os.Args) > 0 && !runFiltered() {
		if missing := uncoveredFields(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: no test selects these %d schema fields:\n  %s\n", len(missing), strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// runFiltered reports whether -run narrowed the tests, in which case coverage is not checked.
func runFiltered() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") {
			return true
		}
	}
	return false
}

func uncoveredFields() []string {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	covered := map[string]bool{}
	for _, q := range sent {
		doc, errs := gqlparser.LoadQuery(schema, q)
		if errs != nil {
			continue // documents that fail validation select nothing
		}
		var walk func(ast.SelectionSet)
		walk = func(set ast.SelectionSet) {
			for _, sel := range set {
				switch s := sel.(type) {
				case *ast.Field:
					if s.ObjectDefinition != nil {
						covered[s.ObjectDefinition.Name+"."+s.Name] = true
					}
					walk(s.SelectionSet)
				case *ast.InlineFragment:
					walk(s.SelectionSet)
				case *ast.FragmentSpread:
					walk(s.Definition.SelectionSet)
				}
			}
		}
		for _, op := range doc.Operations {
			walk(op.SelectionSet)
		}
	}
	var missing []string
	for name, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") || covered[name+"."+f.Name] {
				continue
			}
			viaInterface := false
			for _, iface := range def.Interfaces {
				viaInterface = viaInterface || covered[iface+"."+f.Name]
			}
			if !viaInterface {
				missing = append(missing, name+"."+f.Name)
			}
		}
	}
	sort.Strings(missing)
	return missing
}
