package store

import (
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/nmirf-hub/hub/domain"
)

// The helpers below read map projections returned by Cypher (`n{.a, .b}`) into Go values.
// A missing or null property gives the zero value (or nil for optional fields).

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func optStr(m map[string]any, k string) *string {
	if s, ok := m[k].(string); ok {
		return &s
	}
	return nil
}

func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func integer(m map[string]any, k string) int {
	n, _ := m[k].(int64)
	return int(n)
}

func optDate(m map[string]any, k string) *domain.Date {
	if d, ok := m[k].(dbtype.Date); ok {
		return &domain.Date{Time: d.Time()}
	}
	return nil
}

func optEnum[T ~string](m map[string]any, k string) *T {
	if s, ok := m[k].(string); ok {
		v := T(s)
		return &v
	}
	return nil
}

// dateParam converts an optional date into a Cypher DATE parameter (or null).
func dateParam(d *domain.Date) any {
	if d == nil {
		return nil
	}
	return neo4j.DateOf(d.Time)
}

func mapOf(rec *neo4j.Record, key string) map[string]any {
	v, _ := rec.Get(key)
	m, _ := v.(map[string]any)
	return m
}

func strOf(rec *neo4j.Record, key string) string {
	v, _ := rec.Get(key)
	s, _ := v.(string)
	return s
}

func intOf(rec *neo4j.Record, key string) int {
	v, _ := rec.Get(key)
	n, _ := v.(int64)
	return int(n)
}

func listOfMaps(rec *neo4j.Record, key string) []map[string]any {
	v, _ := rec.Get(key)
	l, _ := v.([]any)
	out := make([]map[string]any, 0, len(l))
	for _, x := range l {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func strList(m map[string]any, k string) []string {
	l, _ := m[k].([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
