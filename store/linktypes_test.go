package store_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// Every relationship type the store's Cypher names is either a link between entities, which
// the explorer must name in every language (store.LinkTypes), or bookkeeping it never shows:
// a new type written without being listed fails here, before a user meets it untranslated.
func TestEveryWrittenLinkTypeIsListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// Relationship patterns in Cypher ("[:A|B]", "[r:A]") and the typed link table of write.go
	// ({"TYPE", "Label", …}).
	pattern := regexp.MustCompile(`\[\w*:([A-Z_|]+)|\{"([A-Z][A-Z_]+)", "[A-Z]`)
	known := append(slices.Clone(store.LinkTypes), store.BookkeepingLinks...)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllStringSubmatch(string(src), -1) {
			for _, typ := range strings.Split(m[1]+m[2], "|") {
				seen++
				if !slices.Contains(known, typ) {
					t.Errorf("%s names the relationship type %s, which is in neither store.LinkTypes nor bookkeepingLinks", f, typ)
				}
			}
		}
	}
	if seen < 30 {
		t.Fatalf("found only %d relationship types in the store's Cypher: the pattern no longer matches how it is written", seen)
	}
}

// The graph itself (the demo and whatever the other tests wrote) links entities only by listed
// types: this catches a type that reaches the graph some other way than the store's Cypher.
func TestGraphLinksEntitiesByListedTypesOnly(t *testing.T) {
	st := testenv.Store(t)
	types, err := st.EntityLinkTypes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(types) < 10 {
		t.Fatalf("only %d link types in the demo graph: %v", len(types), types)
	}
	for _, typ := range types {
		if !slices.Contains(store.LinkTypes, typ) && !slices.Contains(store.BookkeepingLinks, typ) {
			t.Errorf("the graph links two entities by %s, which store.LinkTypes does not list", typ)
		}
	}
}
