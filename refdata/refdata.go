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

// names reads an item's names by language code; every item has an English name, the one
// imports match labels on.
func names(what string, byCode map[string]string) (domain.Texts, error) {
	t, err := domain.ParseTexts(byCode, "EN")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return t, nil
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

// Seed is the reference data as the store writes it: the tables with their sources.
func Seed() (store.Seed, error) {
	var seed store.Seed
	var err error
	if seed.Sources, err = Sources(); err != nil {
		return seed, err
	}
	states, err := States()
	if err != nil {
		return seed, err
	}
	for _, s := range states {
		seed.States = append(seed.States, store.Sourced[domain.State]{Item: s, SourceKeys: []string{StatesSourceKey}})
	}
	mechs, err := Mechanisms()
	if err != nil {
		return seed, err
	}
	for _, m := range mechs {
		seed.Mechanisms = append(seed.Mechanisms, m.Mechanism)
	}
	if seed.Themes, err = Themes(); err != nil {
		return seed, err
	}
	if seed.AffectedGroups, err = AffectedGroups(); err != nil {
		return seed, err
	}
	if seed.SdgGoals, seed.SdgTargets, err = SDGs(); err != nil {
		return seed, err
	}
	seed.ReferenceSourceKeys = []string{UHRISourceKey}
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
