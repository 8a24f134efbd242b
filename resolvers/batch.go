package resolvers

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"
)

// The helpers below implement batch resolvers: gqlgen hands over every parent of a list at
// once, and the request's batcher fetches all their keys in one query — at once when no
// other list can ask, else merged with the other lists that ask at the same moment.

// loadOne looks up one optional item per parent; a parent without a key, or whose key is
// not found, gets nil.
func loadOne[P any, V any](ctx context.Context, l *batcher[*V], objs []P, key func(P) *string) ([]*V, error) {
	out := make([]*V, len(objs))
	var keys []string
	var at []int
	for i, o := range objs {
		if k := key(o); k != nil {
			keys = append(keys, *k)
			at = append(at, i)
		}
	}
	if len(keys) == 0 {
		return out, nil
	}
	vals, err := loadBatch(ctx, l, keys, func(p P) []string {
		if k := key(p); k != nil {
			return []string{*k}
		}
		return nil
	})
	if err := notFoundIsNil(err); err != nil {
		return nil, err
	}
	for j, v := range vals {
		out[at[j]] = v
	}
	return out, nil
}

// loadLists looks up a list per parent.
func loadLists[P any, V any](ctx context.Context, l *batcher[[]V], objs []P, key func(P) string) ([][]V, error) {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = key(o)
	}
	return loadBatch(ctx, l, keys, func(p P) []string { return []string{key(p)} })
}

// loadBatch loads a batch resolver's keys: at once when no other call can join the batch;
// else with the keys of all sibling parents when their list was recorded (siblings.go);
// else through the loader, which merges the calls that come within its wait.
func loadBatch[P any, V any](ctx context.Context, l *batcher[V], keys []string, key func(P) []string) ([]V, error) {
	if soleBatch(ctx) {
		if !l.knowsAll(keys) {
			if err := compileBatch(ctx, keys); err != nil {
				return nil, err
			}
		}
		vals, err := l.loadNow(ctx, keys)
		if notFoundIsNil(err) == nil {
			For(ctx).siblings.record(ctx, flatten(vals))
		}
		return vals, err
	}
	if vals, ok, err := loadForSiblings(ctx, l, keys, key); ok {
		return vals, err
	}
	return l.LoadAll(ctx, keys)
}

// notFoundIsNil drops "not found" from a LoadAll error, keeping any real failure.
func notFoundIsNil(err error) error {
	var es dataloadgen.ErrorSlice
	if !errors.As(err, &es) {
		return err
	}
	for _, e := range es {
		if e != nil && !errors.Is(e, dataloadgen.ErrNotFound) {
			return e
		}
	}
	return nil
}
