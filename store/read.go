package store

import (
	"context"
	"fmt"
	"strings"
)

// The generic reads every entity's file uses: by key, as a list, grouped by parent (paging: page.go).

// byKeys runs `MATCH (n:Label) WHERE n.<prop> IN $keys RETURN <projection> AS x` (its rows
// collected in one record, rows.go) and indexes the decoded items by key. label and prop come
// from the callers' constants. The node is bound to the projection's own variable n (the
// name before its "{": s for `s{.code, …}`), so a projection written for other queries serves
// here unchanged.
func byKeys[T any](ctx context.Context, s *Store, label, prop, projection string, keys []string,
	decode func(map[string]any) T, keyOf func(T) string) (map[string]T, error) {
	n, _, _ := strings.Cut(projection, "{")
	var q strings.Builder
	q.WriteString(`MATCH (` + n + `:` + label + `) WHERE ` + n + `.` + prop + ` IN $keys` + "\n")
	names := writeCollected(&q, []collectedColumn{{"x", projection}}, "", "")
	recs, err := s.readCollected(ctx, q.String(), map[string]any{"keys": keys}, names)
	if err != nil {
		return nil, fmt.Errorf("%s by %s: %w", label, prop, err)
	}
	out := make(map[string]T, len(recs))
	for _, r := range recs {
		v := decode(mapOf(r, "x"))
		out[keyOf(v)] = v
	}
	return out, nil
}

// listAll runs a query returning rows with column "x" and decodes each.
func listAll[T any](ctx context.Context, s *Store, cypher string, params map[string]any, decode func(map[string]any) T) ([]T, error) {
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(recs))
	for i, r := range recs {
		out[i] = decode(mapOf(r, "x"))
	}
	return out, nil
}

// grouped runs a query whose rows are (k, x) and groups the decoded x by k.
func grouped[T any](ctx context.Context, s *Store, cypher string, keys []string, decode func(map[string]any) T) (map[string][]T, error) {
	return groupedWith(ctx, s, cypher, map[string]any{"keys": keys}, decode)
}

// groupedWith is grouped with more parameters than $keys.
func groupedWith[T any](ctx context.Context, s *Store, cypher string, params map[string]any, decode func(map[string]any) T) (map[string][]T, error) {
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := map[string][]T{}
	for _, r := range recs {
		k := strOf(r, "k")
		out[k] = append(out[k], decode(mapOf(r, "x")))
	}
	return out, nil
}
