package mix

import (
	"strings"
	"testing"
)

// The canonical form is what makes "same data" mean the same thing for three servers that
// order unordered lists differently and shape to-one links differently.
func TestCanonicalSortsUnorderedListsAndUnwrapsSingles(t *testing.T) {
	q := &Query{Unordered: []string{"themes"}, Single: []string{"mechanism"}}
	hub := map[string]any{"themes": []any{map[string]any{"name": "b"}, map[string]any{"name": "a"}}, "mechanism": map[string]any{"code": "UPR"}}
	peer := map[string]any{"themes": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}, "mechanism": []any{map[string]any{"code": "UPR"}}}
	if d := q.Compare(q.Canonical(hub), q.Canonical(peer)); d != "" {
		t.Fatalf("equal answers differ: %s", d)
	}
	peer["themes"] = []any{map[string]any{"name": "a"}}
	if d := q.Compare(q.Canonical(hub), q.Canonical(peer)); !strings.Contains(d, ".themes") {
		t.Fatalf("a missing theme is not reported at .themes: %q", d)
	}
}

func TestOrderedListsKeepTheirOrder(t *testing.T) {
	q := &Query{}
	a := map[string]any{"edges": []any{"x", "y"}}
	b := map[string]any{"edges": []any{"y", "x"}}
	if d := q.Compare(q.Canonical(a), q.Canonical(b)); d == "" {
		t.Fatal("a page in another order compares equal")
	}
}

func hits(pairs ...any) map[string]any {
	var edges []any
	for i := 0; i < len(pairs); i += 2 {
		edges = append(edges, map[string]any{"score": pairs[i], "node": map[string]any{"id": pairs[i+1]}})
	}
	return map[string]any{"edges": edges}
}

// Documents tied on the page's last score may differ (the engine picks which fill the page);
// anything above it may not.
func TestRankedComparisonAllowsTiesOnlyAtTheEnd(t *testing.T) {
	q := &Query{Ranked: true}
	want := q.Canonical(hits(3.0, "a", 2.0, "b", 2.0, "c"))
	if d := q.Compare(want, q.Canonical(hits(3.0, "a", 2.0, "b", 2.0, "d"))); d != "" {
		t.Fatalf("a different tie at the last score is refused: %s", d)
	}
	if d := q.Compare(want, q.Canonical(hits(3.0, "z", 2.0, "b", 2.0, "c"))); d == "" {
		t.Fatal("a different best hit is accepted")
	}
	if d := q.Compare(want, q.Canonical(hits(3.0, "a", 2.0, "b", 1.0, "c"))); d == "" {
		t.Fatal("different scores are accepted")
	}
}

func TestAtWalksMapsAndLists(t *testing.T) {
	v := map[string]any{"states": []any{map[string]any{"code": "MAR"}}}
	if got := At(v, "states.0.code"); got != "MAR" {
		t.Fatalf("At = %v", got)
	}
	if got := At(v, "states.1.code"); got != nil {
		t.Fatalf("At past the end = %v", got)
	}
}
