// Package refdata holds the reference data every graph needs, demo or production: the UN
// member and observer States, the mechanisms that issue recommendations, UHRI's themes and
// affected groups, and the SDGs, each with the public source it comes from (README.md).
// There is one copy of each table, embedded; the demo seed and the import normaliser both
// read it from here. Every reader parses and checks its file, so a broken table is an error
// naming the file and the item, found by this package's tests before a release.
package refdata

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

//go:embed un-member-states.csv mechanisms.json themes.json affected-groups.json sdgs.json sources.json
var files embed.FS

// The keys of the sources in sources.json: States name the first, every taxonomy the second.
const (
	StatesSourceKey = "un-member-states-dataset"
	UHRISourceKey   = "ohchr-uhri-labels"
)

// decode reads one of the JSON files into v.
func decode(name string, v any) error {
	raw, err := files.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("refdata/%s: %w", name, err)
	}
	return nil
}

// entry is what every item of a reference file has: a key (or, for SDGs, a code) and names by
// language code.
type entry struct {
	Key, Code string
	Name      map[string]string
}

func (e entry) base() entry { return e }

// entries converts the items of a file, in order, after checking that each has a key listed
// once and an English name (the one imports match labels on); an error names the file and
// the item.
func entries[J interface{ base() entry }, T any](file, what string, items []J, conv func(J, domain.Texts) (T, error)) ([]T, error) {
	out := make([]T, 0, len(items))
	seen := map[string]bool{}
	for _, item := range items {
		e := item.base()
		id := e.Key
		if id == "" {
			id = e.Code
		}
		fail := func(err error) ([]T, error) { return nil, fmt.Errorf("refdata/%s: %s %q: %w", file, what, id, err) }
		if id == "" || seen[id] {
			return fail(errors.New("no key, or listed twice"))
		}
		seen[id] = true
		names, err := domain.ParseTexts(e.Name, "EN")
		if err != nil {
			return fail(err)
		}
		x, err := conv(item, names)
		if err != nil {
			return fail(err)
		}
		out = append(out, x)
	}
	return out, nil
}

// Sources returns the sources of the reference data.
func Sources() ([]domain.Source, error) {
	var f struct {
		Sources []struct {
			Key, Title              string
			Publisher, URL, License *string
		}
	}
	if err := decode("sources.json", &f); err != nil {
		return nil, err
	}
	out := make([]domain.Source, len(f.Sources))
	for i, s := range f.Sources {
		if s.Key == "" || s.Title == "" {
			return nil, fmt.Errorf("refdata/sources.json: source %d has no key or title", i+1)
		}
		out[i] = domain.Source{Key: s.Key, Title: s.Title, Publisher: s.Publisher, URL: s.URL, License: s.License}
	}
	return out, nil
}

// Tables is the whole reference data.
type Tables struct {
	Sources        []domain.Source
	States         []domain.State
	Mechanisms     []Mechanism
	Themes         []domain.Theme
	AffectedGroups []domain.AffectedGroup
	SdgGoals       []domain.SdgGoal
	SdgTargets     []domain.SdgTarget
}

// Load reads and checks every table.
func Load() (Tables, error) {
	var t Tables
	var errs [6]error
	t.Sources, errs[0] = Sources()
	t.States, errs[1] = States()
	t.Mechanisms, errs[2] = Mechanisms()
	t.Themes, errs[3] = Themes()
	t.AffectedGroups, errs[4] = AffectedGroups()
	t.SdgGoals, t.SdgTargets, errs[5] = SDGs()
	return t, errors.Join(errs[:]...)
}

// Seed is the reference data as the store writes it: the tables with their sources.
func Seed() (store.Seed, error) {
	t, err := Load()
	if err != nil {
		return store.Seed{}, err
	}
	seed := store.Seed{Sources: t.Sources, Themes: t.Themes, AffectedGroups: t.AffectedGroups,
		SdgGoals: t.SdgGoals, SdgTargets: t.SdgTargets, ReferenceSourceKeys: []string{UHRISourceKey}}
	for _, s := range t.States {
		seed.States = append(seed.States, store.Sourced[domain.State]{Item: s, SourceKeys: []string{StatesSourceKey}})
	}
	for _, m := range t.Mechanisms {
		seed.Mechanisms = append(seed.Mechanisms, m.Mechanism)
	}
	return seed, nil
}

// EnsureReference writes the reference data when the graph has no mechanism yet, so an import
// into an empty database can link its records. Every write merges on a natural key.
func EnsureReference(ctx context.Context, st *store.Store) error {
	has, err := st.HasMechanisms(ctx)
	if err != nil || has {
		return err
	}
	seed, err := Seed()
	if err != nil {
		return err
	}
	return st.ApplySeed(ctx, seed)
}
