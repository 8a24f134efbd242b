// Package mix is the benchmark's query mix: each query shape as the hub answers it (its
// GraphQL API), as the peer answers it (the API that the Neo4j GraphQL Library generates over
// the same graph) and as the floor answers it (one hand-written Cypher query through the Go
// driver), with what it takes to bring the three answers to one comparable form.
//
// Each GraphQL document is written the way a client of that server would write it. Peer
// documents use aliases so that their answers have the hub's field names; what aliases cannot
// do (the library's list-valued to-one relationships, its aggregate shapes) the per-query
// shape functions do.
package mix

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Variant is one set of arguments for a query: the load rotates through a query's variants so
// that no answer is served from a warm single-row cache only.
type Variant struct {
	Label string
	Hub   map[string]any // GraphQL variables for the hub
	Peer  map[string]any // GraphQL variables for the peer
	Floor map[string]any // Cypher parameters
}

// Query is one query shape of the mix.
type Query struct {
	Name        string
	Description string
	Hub, Peer   string // GraphQL documents
	Floor       string // Cypher; returns one row whose column "result" is the answer
	// HubRoot and PeerRoot locate the answer in a GraphQL response's data ("state",
	// "states.0"); dots walk maps and list indexes.
	HubRoot, PeerRoot string
	// PeerShape, when set, turns the peer's answer into the hub's shape.
	PeerShape func(any) any
	// Unordered names the lists whose order the query does not define (compared as sets);
	// Single the fields that are one object in the hub and a list of one in the peer.
	Unordered, Single []string
	// Ranked, for full-text search, compares hits best first allowing ties in any order.
	Ranked   bool
	Variants []Variant
}

// Canonical brings one answer to the form in which the three are compared.
func (q *Query) Canonical(v any) any {
	return canon(jsonRound(v), "", q)
}

func canon(v any, key string, q *Query) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = canon(e, k, q)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canon(e, key, q)
		}
		if slices.Contains(q.Single, key) {
			if len(out) == 0 {
				return nil
			}
			if len(out) == 1 {
				return out[0]
			}
		}
		if slices.Contains(q.Unordered, key) {
			slices.SortFunc(out, func(a, b any) int { return strings.Compare(jsonText(a), jsonText(b)) })
		}
		return out
	}
	return v
}

// Compare reports how two canonical answers differ ("" when they are the same).
func (q *Query) Compare(want, got any) string {
	if q.Ranked {
		return compareRanked(want, got)
	}
	return diff("", want, got)
}

// diff returns the first path at which a and b differ.
func diff(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: %s vs %s", path, short(a), short(b))
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		for _, k := range slices.Sorted(mapsKeys(keys)) {
			if d := diff(path+"."+k, x[k], y[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %s vs %s", path, short(a), short(b))
		}
		for i := range x {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s: %s vs %s", path, short(a), short(b))
	}
	return ""
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// compareRanked compares search answers {edges: [{score, node}]}: the scores must be the same
// list, and the hits of every score but the lowest the same set. Hits that tie with the last
// one may differ: which of equal-scored documents fill the page is the engine's choice.
func compareRanked(want, got any) string {
	we, ge := edges(want), edges(got)
	if len(we) != len(ge) {
		return fmt.Sprintf("hits: %d vs %d", len(we), len(ge))
	}
	if len(we) == 0 {
		return ""
	}
	group := func(es []map[string]any) map[string][]string {
		g := map[string][]string{}
		for _, e := range es {
			s := fmt.Sprintf("%.5f", e["score"])
			g[s] = append(g[s], jsonText(e["node"]))
		}
		for _, v := range g {
			slices.Sort(v)
		}
		return g
	}
	wg, gg := group(we), group(ge)
	last := fmt.Sprintf("%.5f", we[len(we)-1]["score"])
	for s, ids := range wg {
		other := gg[s]
		if len(other) != len(ids) {
			return fmt.Sprintf("score %s: %d vs %d hits", s, len(ids), len(other))
		}
		if s != last && !slices.Equal(ids, other) {
			return fmt.Sprintf("score %s: hits %v vs %v", s, ids, other)
		}
	}
	return ""
}

func edges(v any) []map[string]any {
	m, _ := v.(map[string]any)
	l, _ := m["edges"].([]any)
	out := make([]map[string]any, 0, len(l))
	for _, e := range l {
		if em, ok := e.(map[string]any); ok {
			out = append(out, em)
		}
	}
	return out
}

// At walks a dotted path ("states.0.code") through maps and lists.
func At(v any, path string) any {
	if path == "" {
		return v
	}
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// jsonRound gives v the types encoding/json decodes to (float64 numbers, []any, map[string]any),
// so that answers from the driver and from HTTP compare equal.
func jsonRound(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("unencodable: %v", err)
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func short(v any) string {
	s := jsonText(v)
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// GlobalID is the hub's opaque ID of a node (base64url of "Kind:key"); the hub documents it
// as opaque, so the benchmark builds it only to pick targets, never to read answers.
func GlobalID(kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + key))
}
