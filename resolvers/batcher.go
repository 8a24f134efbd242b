package resolvers

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"
)

// batcher is one kind of lookup of a request. Its dataloadgen loader batches the loads that
// concurrent resolvers make within loaderWait, so that sibling lists cost one query between
// them. It also remembers what it fetched, so that loadNow can skip the wait when the caller
// is the only one that can ask at that point of the query (see soleBatch): waiting could then
// only add latency — 2 ms per level of the query, most of a light request's time.
//
// A request makes some fifty batchers and uses a few, so a batcher makes its loader and its
// memory on first use: made up front, they were about 4 % of the hub's CPU on a node lookup
// (pprof). What it remembers (fetched or primed) answers Load and LoadAll without the loader.
type batcher[V any] struct {
	fetch func(context.Context, []string) (map[string]V, error)
	list  bool // a key without rows has the zero value (an empty list), not "not found"

	once   sync.Once
	loader *dataloadgen.Loader[string, V] // made by batched

	mu    sync.Mutex
	known map[string]V // nil until something is remembered
}

func newBatcher[V any](fetch func(context.Context, []string) (map[string]V, error), list bool) *batcher[V] {
	return &batcher[V]{fetch: fetch, list: list}
}

// batched is the loader, made on first use.
func (b *batcher[V]) batched() *dataloadgen.Loader[string, V] {
	b.once.Do(func() {
		b.loader = dataloadgen.NewLoader(func(ctx context.Context, keys []string) ([]V, []error) {
			m, err := b.fetch(ctx, keys)
			out, errs := make([]V, len(keys)), make([]error, len(keys))
			for i, k := range keys {
				v, ok := m[k]
				switch {
				case err != nil:
					errs[i] = err
				case ok || b.list:
					out[i] = v
					b.remember(k, v)
				default:
					errs[i] = dataloadgen.ErrNotFound
				}
			}
			return out, errs
		}, dataloadgen.WithWait(loaderWait))
	})
	return b.loader
}

// mapped makes the batcher of a lookup by key ("not found" when a key has no item).
func mapped[V any](fetch func(context.Context, []string) (map[string]V, error)) *batcher[V] {
	return newBatcher(fetch, false)
}

// lists makes the batcher of a lookup of lists by key (an empty list when a key has none).
func lists[V any](fetch func(context.Context, []string) (map[string][]V, error)) *batcher[[]V] {
	return newBatcher(fetch, true)
}

func (b *batcher[V]) remember(k string, v V) {
	b.mu.Lock()
	if b.known == nil {
		b.known = map[string]V{}
	}
	b.known[k] = v
	b.mu.Unlock()
}

// recall is what the batcher remembers for key (fetched or primed), without loading.
func (b *batcher[V]) recall(key string) (V, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.known[key]
	return v, ok
}

// Prime adds a value fetched by other means (e.g. with a search hit).
func (b *batcher[V]) Prime(k string, v V) {
	b.remember(k, v)
}

// Load is the value of key: from memory when known, else through the loader (batched with
// the loads of other resolvers within loaderWait).
func (b *batcher[V]) Load(ctx context.Context, key string) (V, error) {
	b.mu.Lock()
	v, ok := b.known[key]
	b.mu.Unlock()
	if ok {
		return v, nil
	}
	return b.batched().Load(ctx, key)
}

// LoadAll is the values of keys: from memory when all are known, else through the loader.
func (b *batcher[V]) LoadAll(ctx context.Context, keys []string) ([]V, error) {
	b.mu.Lock()
	out := make([]V, len(keys))
	all := true
	for i, k := range keys {
		if out[i], all = b.known[k]; !all {
			break
		}
	}
	b.mu.Unlock()
	if all {
		return out, nil
	}
	return b.batched().LoadAll(ctx, keys)
}

// knowsAll tells whether every key's value is in memory already.
func (b *batcher[V]) knowsAll(keys []string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, k := range keys {
		if _, ok := b.known[k]; !ok {
			return false
		}
	}
	return true
}

// loadNow returns the values of keys at once: known ones from memory, the others in one
// query that does not wait for other callers. Errors are those LoadAll would give.
func (b *batcher[V]) loadNow(ctx context.Context, keys []string) ([]V, error) {
	b.mu.Lock()
	var missing []string
	seen := map[string]bool{}
	for _, k := range keys {
		if _, ok := b.known[k]; !ok && !seen[k] {
			missing = append(missing, k)
			seen[k] = true
		}
	}
	b.mu.Unlock()
	if len(missing) > 0 {
		m, err := b.fetch(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, k := range missing {
			if v, ok := m[k]; ok || b.list {
				b.Prime(k, v)
			}
		}
	}
	out := make([]V, len(keys))
	var errs dataloadgen.ErrorSlice
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, k := range keys {
		if v, ok := b.known[k]; ok {
			out[i] = v
			continue
		}
		if errs == nil {
			errs = make(dataloadgen.ErrorSlice, len(keys))
		}
		errs[i] = dataloadgen.ErrNotFound
	}
	if errs != nil {
		return out, errs
	}
	return out, nil
}

// loadOneNow loads one key at once, for fields at the root of a query (state(code:),
// node(id:)), which nothing else can join.
func (b *batcher[V]) loadOneNow(ctx context.Context, key string) (V, error) {
	vs, err := b.loadNow(ctx, []string{key})
	if es, ok := err.(dataloadgen.ErrorSlice); ok && len(es) == 1 {
		err = es[0]
	}
	var zero V
	if err != nil {
		return zero, err
	}
	return vs[0], nil
}

// soleBatch tells whether a batch resolver's call is the only one its field gets in the
// request: gqlgen calls a batch resolver once per list of parents, so when at most one list
// encloses the field (its parents' own list), there is exactly one call and nothing to wait
// for. Inside nested lists (the States of a page, each with its recommendations) the calls
// for the inner lists come concurrently, and the loader's wait merges them into one query.
func soleBatch(ctx context.Context) bool {
	enclosing := 0
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Index != nil {
			enclosing++
		}
	}
	return enclosing <= 1
}
