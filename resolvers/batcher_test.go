package resolvers

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vikstrous/dataloadgen"
)

// The batcher's own bookkeeping (no database needed): what loadNow fetches, what it
// remembers, and that its errors read like the loader's.
func TestBatcherLoadNow(t *testing.T) {
	ctx := context.Background()
	var asked [][]string
	fetch := func(_ context.Context, keys []string) (map[string]string, error) {
		asked = append(asked, slices.Clone(keys))
		out := map[string]string{}
		for _, k := range keys {
			if k != "missing" {
				out[k] = "v-" + k
			}
		}
		return out, nil
	}
	b := mapped(fetch)
	got, err := b.loadNow(ctx, []string{"a", "b", "a"})
	if err != nil || !slices.Equal(got, []string{"v-a", "v-b", "v-a"}) {
		t.Fatalf("loadNow = %v, %v", got, err)
	}
	// Known keys are not asked again, by loadNow or by the loader.
	if _, err := b.loadNow(ctx, []string{"b", "c"}); err != nil {
		t.Fatal(err)
	}
	if v, err := b.Load(ctx, "c"); err != nil || v != "v-c" {
		t.Fatalf("Load after loadNow = %q, %v", v, err)
	}
	if want := [][]string{{"a", "b"}, {"c"}}; !slices.EqualFunc(asked, want, slices.Equal[[]string]) {
		t.Errorf("fetched %v, want %v", asked, want)
	}
	// An unknown key is "not found", as with the loader; for lists it is an empty list.
	if _, err := b.loadOneNow(ctx, "missing"); !errors.Is(err, dataloadgen.ErrNotFound) {
		t.Errorf("loadOneNow(missing) error = %v", err)
	}
	if _, err := b.loadNow(ctx, []string{"a", "missing"}); !errors.Is(err, dataloadgen.ErrNotFound) || notFoundIsNil(err) != nil {
		t.Errorf("loadNow with a missing key: %v", err)
	}
	l := lists(func(context.Context, []string) (map[string][]int, error) { return map[string][]int{"x": {1}}, nil })
	if got, err := l.loadNow(ctx, []string{"x", "y"}); err != nil || len(got[0]) != 1 || got[1] != nil {
		t.Errorf("lists loadNow = %v, %v", got, err)
	}
}
