package store

import (
	"slices"
	"strings"
	"testing"
)

// Migrate applies the indexes, then the constraints: every schema statement goes to one of
// the two, in its order.
func TestSplitConstraintsKeepsEveryStatement(t *testing.T) {
	all := append(slices.Clone(schemaStatements), searchIndexStatements()...)
	indexes, constraints := splitConstraints(all)
	if len(indexes)+len(constraints) != len(all) || len(indexes) == 0 || len(constraints) == 0 {
		t.Fatalf("%d statements split into %d indexes and %d constraints", len(all), len(indexes), len(constraints))
	}
	for _, stmt := range indexes {
		if strings.Contains(stmt, "CONSTRAINT") || !strings.HasPrefix(stmt, "CREATE ") || !strings.Contains(stmt, "INDEX ") {
			t.Errorf("not an index: %s", stmt)
		}
	}
	for _, stmt := range constraints {
		if !strings.Contains(stmt, " IS UNIQUE") {
			t.Errorf("not a uniqueness constraint: %s", stmt)
		}
	}
	var i, c int
	for _, stmt := range all {
		if i < len(indexes) && indexes[i] == stmt {
			i++
		} else if c < len(constraints) && constraints[c] == stmt {
			c++
		} else {
			t.Fatalf("order not kept at %q", stmt)
		}
	}
}
