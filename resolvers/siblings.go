package resolvers

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Nested lists are loaded for all their siblings at once, so that the number of database
// round trips of a query depends on its shape only, never on page sizes or timing.
//
// gqlgen calls a batch resolver once per list of parents. Below the first list level (the
// NMIRFs of each State of a page, then each NMIRF's State) that is one call per inner list,
// made concurrently; a loader's time window would merge them, but only as far as the
// scheduler lets them arrive in time. Instead, every batch resolver records what it
// returned under its field's path without list indices ("states.nodes.nmirfs"); the first
// call of a field below that path then fetches the keys of all those parents in one query,
// and the sibling calls wait for it and read their part from the batcher's memory.

// siblings is a request's record of the items each batch field returned, by index-free path.
type siblings struct {
	mu      sync.Mutex
	items   map[string][]any
	fetched map[string]*sync.Once
}

// fieldPath is the response path of ctx's field without list indices, e.g. "states.nodes.nmirfs".
func fieldPath(ctx context.Context) (string, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return "", false
	}
	var parts []string
	for _, el := range fc.Path() {
		if name, ok := el.(ast.PathName); ok {
			parts = append(parts, string(name))
		}
	}
	return strings.Join(parts, "."), true
}

// flatten lists the items of a batch field's values: each non-nil item of each list, or
// each non-nil item.
func flatten[V any](vals []V) []any {
	var out []any
	for _, v := range vals {
		rv := reflect.ValueOf(v)
		switch {
		case !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()):
		case rv.Kind() == reflect.Slice:
			for i := 0; i < rv.Len(); i++ {
				out = append(out, rv.Index(i).Interface())
			}
		default:
			out = append(out, v)
		}
	}
	return out
}

// record keeps the items a batch field returned, as the parents of the fields below it.
// It is called once per field path: by the field's only call, or by the sibling fetch.
func (s *siblings) record(ctx context.Context, items []any) {
	path, ok := fieldPath(ctx)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.items == nil {
		s.items = map[string][]any{}
	}
	s.items[path] = append(s.items[path], items...)
}

// parentsOf returns every item recorded for the list that holds ctx's field's parents, and
// the once that guards the one fetch for them (nil when nothing was recorded).
func (s *siblings) parentsOf(ctx context.Context) ([]any, *sync.Once) {
	path, ok := fieldPath(ctx)
	if !ok {
		return nil, nil
	}
	cut := strings.LastIndexByte(path, '.')
	if cut < 0 {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.items[path[:cut]]
	if len(all) == 0 {
		return nil, nil
	}
	if s.fetched == nil {
		s.fetched = map[string]*sync.Once{}
	}
	once := s.fetched[path]
	if once == nil {
		once = &sync.Once{}
		s.fetched[path] = once
	}
	return all, once
}

// loadForSiblings loads keys for a nested batch call: the first call of the field fetches
// the keys of every recorded sibling parent at once; all calls then answer from memory.
// ok is false when the parents were not recorded (the caller then uses the loader).
func loadForSiblings[P any, V any](ctx context.Context, b *batcher[V], keys []string, key func(P) []string) ([]V, bool, error) {
	l := For(ctx)
	all, once := l.siblings.parentsOf(ctx)
	if once == nil {
		return nil, false, nil
	}
	var err error
	once.Do(func() {
		var wanted []string
		for _, a := range all {
			if p, isP := a.(P); isP {
				wanted = append(wanted, key(p)...)
			}
		}
		var vals []V
		vals, err = b.loadNow(ctx, wanted)
		if err = notFoundIsNil(err); err == nil {
			l.siblings.record(ctx, flatten(vals))
		}
	})
	if err != nil {
		return nil, true, err
	}
	vals, err := b.loadNow(ctx, keys) // all known now, unless the shared fetch failed
	return vals, true, err
}
