// Package demo holds the demo content — the facts about the International Network of NMIRFs,
// its good practices and real recommendations, each with its sources — and loads it, with
// the reference data of package refdata, into an empty graph. The data lives in data/ as
// files, so facts are edited without touching code.
package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/refdata"
	"github.com/nmirf-hub/hub/store"
)

//go:embed data/network.json data/recommendations-cri-2024.json data/practices.json data/upr_morocco_paraguay_portugal_2010_2014.csv data/concept-note.ar.txt data/concept-note.en.md
var files embed.FS

// LoadIfEmpty writes the demo dataset when the graph does not have it yet (no Network node;
// an import may already have written the reference tables). Every write is a MERGE on a
// natural key, so it never duplicates a user's records. It reports whether it loaded anything.
func LoadIfEmpty(ctx context.Context, st *store.Store, log *slog.Logger) (bool, error) {
	nets, err := st.NetworksByKeys(ctx, []string{store.NetworkKey})
	if err != nil || len(nets) > 0 {
		return false, err
	}
	return true, Load(ctx, st, log)
}

// Load writes the demo dataset: the reference data and Network facts, then the demo's real
// recommendation files through the importer. Every write merges on natural keys.
func Load(ctx context.Context, st *store.Store, log *slog.Logger) error {
	seed, err := Dataset()
	if err != nil {
		return err
	}
	if err := st.ApplySeed(ctx, seed); err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	log.Info("loaded demo data", "states", len(seed.States), "nmirfs", len(seed.NMIRFs), "events", len(seed.Events))
	return importFiles(ctx, st, log)
}

// Dataset parses and cross-checks the reference data and the embedded data files.
func Dataset() (store.Seed, error) {
	seed, err := refdata.Seed()
	if err != nil {
		return seed, err
	}
	raw, err := files.ReadFile("data/network.json")
	if err != nil {
		return seed, err
	}
	net, err := parseNetworkFile(raw)
	if err != nil {
		return seed, fmt.Errorf("data/network.json: %w", err)
	}
	if err := net.into(&seed); err != nil {
		return seed, fmt.Errorf("data/network.json: %w", err)
	}
	if err := loadCostaRica(&seed); err != nil {
		return seed, err
	}
	if err := loadPractices(&seed); err != nil {
		return seed, err
	}
	if err := checkLinks(seed); err != nil {
		return seed, err
	}
	return seed, check(seed)
}

// check verifies that every reference in the dataset points at something in it, so a typo
// in a data file fails the tests instead of silently dropping a link.
func check(seed store.Seed) error {
	sources := map[string]bool{}
	for _, s := range seed.Sources {
		sources[s.Key] = true
	}
	states := map[string]bool{}
	for _, s := range seed.States {
		states[s.Item.Code] = true
	}
	events := map[string]bool{}
	for _, e := range seed.Events {
		events[e.Item.Key] = true
	}
	instruments := map[string]bool{}
	for _, i := range seed.Instruments {
		instruments[i.Item.Key] = true
	}
	nmirfs := map[string]bool{}
	for _, n := range seed.NMIRFs {
		nmirfs[n.Item.Key] = true
	}
	uids := map[string]bool{}
	refs := func(what string, keys []string) error {
		if len(keys) == 0 {
			return fmt.Errorf("%s has no source", what)
		}
		for _, k := range keys {
			if !sources[k] {
				return fmt.Errorf("%s names unknown source %q", what, k)
			}
		}
		return nil
	}
	for _, s := range seed.States {
		if err := refs("state "+s.Item.Code, s.SourceKeys); err != nil {
			return err
		}
	}
	for _, e := range seed.Events {
		uids[e.Item.UID()] = true
		if err := refs("event "+e.Item.Key, e.SourceKeys); err != nil {
			return err
		}
		if e.Item.HostStateCode != nil && !states[*e.Item.HostStateCode] {
			return fmt.Errorf("event %s: unknown host state %q", e.Item.Key, *e.Item.HostStateCode)
		}
	}
	for _, i := range seed.Instruments {
		uids[i.Item.UID()] = true
		if err := refs("instrument "+i.Item.Key, i.SourceKeys); err != nil {
			return err
		}
		if i.Item.AdoptedAtEventKey != nil && !events[*i.Item.AdoptedAtEventKey] {
			return fmt.Errorf("instrument %s: unknown event %q", i.Item.Key, *i.Item.AdoptedAtEventKey)
		}
	}
	for _, n := range seed.NMIRFs {
		if err := refs("nmirf "+n.Item.Key, n.SourceKeys); err != nil {
			return err
		}
		if !states[n.Item.StateCode] {
			return fmt.Errorf("nmirf %s: unknown state %q", n.Item.Key, n.Item.StateCode)
		}
	}
	for _, n := range seed.Networks {
		if err := refs("network "+n.Item.Key, n.SourceKeys); err != nil {
			return err
		}
		if k := n.Item.FoundingInstrumentKey; k != nil && !instruments[*k] {
			return fmt.Errorf("network %s: unknown founding instrument %q", n.Item.Key, *k)
		}
		if rc := n.Item.ReportedMemberCount; rc != nil && !sources[rc.SourceKey] {
			return fmt.Errorf("network %s: reported member count names unknown source %q", n.Item.Key, rc.SourceKey)
		}
	}
	for uid := range seed.HistoryOf {
		if !uids[uid] {
			return fmt.Errorf("network history names unknown event or instrument %q", uid)
		}
	}
	if err := checkReference(seed, sources, states); err != nil {
		return err
	}
	if err := checkPractices(seed, sources, states, nmirfs); err != nil {
		return err
	}
	for _, m := range seed.Memberships {
		if !nmirfs[m.NMIRFKey] {
			return fmt.Errorf("membership names unknown nmirf %q", m.NMIRFKey)
		}
		if m.SourceKey == nil || !sources[*m.SourceKey] {
			return fmt.Errorf("membership of %s has no known source", m.NMIRFKey)
		}
	}
	return nil
}

// The JSON shapes of data/network.json.
type networkFile struct {
	Comment     string           `json:"_comment"`
	Sources     []sourceJSON     `json:"sources"`
	Events      []eventJSON      `json:"events"`
	Instruments []instrumentJSON `json:"instruments"`
	NMIRFs      []nmirfJSON      `json:"nmirfs"`
	Network     networkJSON      `json:"network"`
	Links       []linkJSON       `json:"links"`
}

// linkJSON is one fact between two nodes named by uid ("Instrument:hrc-res-51-33"), of a
// kind in store.LinkKinds, with its source.
type linkJSON struct {
	From, Kind, To, Source string
}

type sourceJSON struct {
	Key, Title           string
	TextFiles            map[string]string // language → a file of data/ holding the source's text
	Publisher, URL       *string
	License, PublishedOn *string
}

// nameJSON is a name in one language with the source that gives it: names in other
// languages are never translated by the team, only copied from a source.
type nameJSON struct {
	Lang, Name, Source string
}

// namesOf checks a record's names (a known language, a source of the file, one per
// language) and returns them with the source keys they add.
func namesOf(what, primary string, list []nameJSON, sources map[string]bool) (domain.Texts, []string, error) {
	if len(list) == 0 {
		return nil, nil, nil
	}
	out := domain.Texts{}
	var srcs []string
	for _, n := range list {
		l := domain.Language(n.Lang)
		switch {
		case !domain.Valid(l, domain.Languages):
			return nil, nil, fmt.Errorf("%s: name %q: unknown language %q", what, n.Name, n.Lang)
		case strings.TrimSpace(n.Name) == "":
			return nil, nil, fmt.Errorf("%s: empty name in %s", what, n.Lang)
		case !sources[n.Source]:
			return nil, nil, fmt.Errorf("%s: name in %s: unknown source %q", what, n.Lang, n.Source)
		case out[l] != "":
			return nil, nil, fmt.Errorf("%s: two names in %s", what, n.Lang)
		}
		out[l] = n.Name
		srcs = append(srcs, n.Source)
	}
	found := false
	for _, n := range out {
		found = found || n == primary
	}
	if !found {
		return nil, nil, fmt.Errorf("%s: its name %q is not among its names by language", what, primary)
	}
	return out, srcs, nil
}

type eventJSON struct {
	Key, Name                 string
	Names                     []nameJSON
	StartDate, EndDate        *string
	DatePrecision             *string
	Place, HostState, Summary *string
	Sources                   []string
}

type instrumentJSON struct {
	Key, Title, Kind   string
	Titles             []nameJSON
	Symbol, AdoptedOn  *string
	AdoptedOnPrecision *string
	AdoptedAt, Summary *string
	Sources            []string
}

type nmirfJSON struct {
	Key, Name, StateCode         string
	Names                        []nameJSON
	NameKnown                    *bool // false: no source gives its name; Name describes it
	Acronym, Type                *string
	LegalBasis, Mandate, Website *string
	TrackingTool                 *string
	EstablishedYear              *int
	Sources                      []string
}

// toSeed validates an NMIRF of a data file.
func (n nmirfJSON) toSeed(sources map[string]bool) (store.Sourced[domain.NMIRF], error) {
	typ, err := optEnum("nmirf "+n.Key+" type", n.Type, domain.NmirfTypes)
	if err != nil {
		return store.Sourced[domain.NMIRF]{}, err
	}
	names, nameSources, err := namesOf("nmirf "+n.Key, n.Name, n.Names, sources)
	if err != nil {
		return store.Sourced[domain.NMIRF]{}, err
	}
	return store.Sourced[domain.NMIRF]{Item: domain.NMIRF{Key: n.Key, Name: n.Name, Names: names, NameUnknown: n.NameKnown != nil && !*n.NameKnown, Acronym: n.Acronym, Type: typ,
		StateCode: n.StateCode, NMIRFDetails: n.details()}, SourceKeys: union(n.Sources, nameSources)}, nil
}

// union is a's keys followed by b's that a lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, k := range b {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// sourcesOf validates the sources of a data file.
func sourcesOf(list []sourceJSON) ([]domain.Source, error) {
	out := make([]domain.Source, 0, len(list))
	for _, s := range list {
		d, err := optDate("source "+s.Key+" publishedOn", s.PublishedOn)
		if err != nil {
			return nil, err
		}
		texts := domain.Texts{}
		for lang, name := range s.TextFiles {
			l := domain.Language(lang)
			if !domain.Valid(l, domain.Languages) {
				return nil, fmt.Errorf("source %s: text in unknown language %q", s.Key, lang)
			}
			raw, err := files.ReadFile("data/" + name)
			if err != nil {
				return nil, fmt.Errorf("source %s: text %s: %w", s.Key, name, err)
			}
			texts[l] = string(raw)
		}
		out = append(out, domain.Source{Key: s.Key, Title: s.Title, Publisher: s.Publisher, URL: s.URL, License: s.License, PublishedOn: d, Texts: texts})
	}
	return out, nil
}

func (n nmirfJSON) details() domain.NMIRFDetails {
	return domain.NMIRFDetails{LegalBasis: n.LegalBasis, EstablishedYear: n.EstablishedYear, Mandate: n.Mandate,
		TrackingTool: n.TrackingTool, Website: n.Website}
}

type networkJSON struct {
	Key, Name           string
	Names               []nameJSON
	FoundingInstrument  *string
	ReportedMemberCount *struct {
		Count        int
		AsOf, Source string
	}
	Sources []string
	History []string
	Members []struct {
		NMIRF, Role   string
		Since, Source *string
	}
}

func parseNetworkFile(raw []byte) (*networkFile, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f networkFile
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

func (f *networkFile) into(seed *store.Seed) error {
	srcs, err := sourcesOf(f.Sources)
	if err != nil {
		return err
	}
	seed.Sources = append(seed.Sources, srcs...)
	known := map[string]bool{}
	for _, src := range srcs {
		known[src.Key] = true
	}
	for _, e := range f.Events {
		start, err := optDate("event "+e.Key+" startDate", e.StartDate)
		if err != nil {
			return err
		}
		end, err := optDate("event "+e.Key+" endDate", e.EndDate)
		if err != nil {
			return err
		}
		prec, err := optEnum("event "+e.Key+" datePrecision", e.DatePrecision, domain.DatePrecisions)
		if err != nil {
			return err
		}
		names, nameSources, err := namesOf("event "+e.Key, e.Name, e.Names, known)
		if err != nil {
			return err
		}
		seed.Events = append(seed.Events, store.Sourced[domain.Event]{Item: domain.Event{Key: e.Key, Name: e.Name, Names: names,
			StartDate: start, EndDate: end, DatePrecision: prec, Place: e.Place, HostStateCode: e.HostState,
			Summary: e.Summary}, SourceKeys: union(e.Sources, nameSources)})
	}
	for _, i := range f.Instruments {
		adopted, err := optDate("instrument "+i.Key+" adoptedOn", i.AdoptedOn)
		if err != nil {
			return err
		}
		prec, err := optEnum("instrument "+i.Key+" adoptedOnPrecision", i.AdoptedOnPrecision, domain.DatePrecisions)
		if err != nil {
			return err
		}
		kind := domain.InstrumentKind(i.Kind)
		if !domain.Valid(kind, domain.InstrumentKinds) {
			return fmt.Errorf("instrument %s: unknown kind %q", i.Key, i.Kind)
		}
		titles, titleSources, err := namesOf("instrument "+i.Key, i.Title, i.Titles, known)
		if err != nil {
			return err
		}
		seed.Instruments = append(seed.Instruments, store.Sourced[domain.Instrument]{Item: domain.Instrument{Key: i.Key,
			Title: i.Title, Titles: titles, Kind: kind, Symbol: i.Symbol, AdoptedOn: adopted, AdoptedOnPrecision: prec,
			AdoptedAtEventKey: i.AdoptedAt, Summary: i.Summary}, SourceKeys: union(i.Sources, titleSources)})
	}
	for _, n := range f.NMIRFs {
		item, err := n.toSeed(known)
		if err != nil {
			return err
		}
		seed.NMIRFs = append(seed.NMIRFs, item)
	}
	netNames, netNameSources, err := namesOf("network", f.Network.Name, f.Network.Names, known)
	if err != nil {
		return err
	}
	net := domain.Network{Key: f.Network.Key, Name: f.Network.Name, Names: netNames, FoundingInstrumentKey: f.Network.FoundingInstrument}
	if rc := f.Network.ReportedMemberCount; rc != nil {
		asOf, err := domain.ParseDate(rc.AsOf)
		if err != nil {
			return fmt.Errorf("network reportedMemberCount asOf: %w", err)
		}
		net.ReportedMemberCount = &domain.ReportedCount{Count: rc.Count, AsOf: asOf, SourceKey: rc.Source}
	}
	seed.Networks = append(seed.Networks, store.Sourced[domain.Network]{Item: net, SourceKeys: union(f.Network.Sources, netNameSources)})
	for _, l := range f.Links {
		labels, ok := store.LinkKinds[l.Kind]
		switch {
		case !ok:
			return fmt.Errorf("link %s %s %s: unknown kind", l.From, l.Kind, l.To)
		case !strings.HasPrefix(l.From, labels[0]+":") || !strings.HasPrefix(l.To, labels[1]+":"):
			return fmt.Errorf("link %s %s %s: a %s link joins a %s to a %s", l.From, l.Kind, l.To, l.Kind, labels[0], labels[1])
		case !known[l.Source]:
			return fmt.Errorf("link %s %s %s: unknown source %q", l.From, l.Kind, l.To, l.Source)
		}
		seed.Links = append(seed.Links, store.LinkSeed{From: l.From, Kind: l.Kind, To: l.To, SourceKey: l.Source})
	}
	seed.HistoryOf = map[string]string{}
	kindOf := map[string]domain.Kind{}
	for _, e := range f.Events {
		kindOf[e.Key] = domain.KindEvent
	}
	for _, i := range f.Instruments {
		kindOf[i.Key] = domain.KindInstrument
	}
	for _, k := range f.Network.History {
		kind, ok := kindOf[k]
		if !ok {
			return fmt.Errorf("network history: unknown event or instrument %q", k)
		}
		seed.HistoryOf[domain.UID(kind, k)] = net.Key
	}
	for _, m := range f.Network.Members {
		role := domain.MembershipRole(m.Role)
		if !domain.Valid(role, domain.MembershipRoles) {
			return fmt.Errorf("network member %s: unknown role %q", m.NMIRF, m.Role)
		}
		since, err := optDate("network member "+m.NMIRF+" since", m.Since)
		if err != nil {
			return err
		}
		seed.Memberships = append(seed.Memberships, store.MembershipSeed{NMIRFKey: m.NMIRF, NetworkKey: net.Key,
			Role: role, Since: since, SourceKey: m.Source})
	}
	return nil
}

func optDate(field string, s *string) (*domain.Date, error) {
	if s == nil {
		return nil, nil
	}
	d, err := domain.ParseDate(*s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	return &d, nil
}

func optEnum[T ~string](field string, s *string, valid []T) (*T, error) {
	if s == nil {
		return nil, nil
	}
	v := T(*s)
	if !domain.Valid(v, valid) {
		return nil, fmt.Errorf("%s: unknown value %q", field, *s)
	}
	return &v, nil
}

// checkReference verifies the taxonomies and recommendations refer to known items.
func checkReference(seed store.Seed, sources, states map[string]bool) error {
	for _, k := range seed.ReferenceSourceKeys {
		if !sources[k] {
			return fmt.Errorf("reference data names unknown source %q", k)
		}
	}
	themes, groups, sdgs, goals, docs := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, t := range seed.Themes {
		themes[t.Key] = true
	}
	for _, t := range seed.Themes {
		if t.ParentKey != nil && !themes[*t.ParentKey] {
			return fmt.Errorf("theme %s: unknown parent %q", t.Key, *t.ParentKey)
		}
	}
	for _, g := range seed.AffectedGroups {
		groups[g.Key] = true
	}
	for _, g := range seed.SdgGoals {
		goals[g.Code], sdgs[g.Code] = true, true
	}
	for _, t := range seed.SdgTargets {
		if !goals[t.GoalCode] {
			return fmt.Errorf("sdg target %s: unknown goal %q", t.Code, t.GoalCode)
		}
		sdgs[t.Code] = true
	}
	for _, d := range seed.Documents {
		docs[d.Item.Key] = true
	}
	seen := map[string]bool{}
	for _, r := range seed.Recommendations {
		what := "recommendation " + r.Key
		if seen[r.Key] {
			return fmt.Errorf("%s: duplicate key", what)
		}
		seen[r.Key] = true
		for _, list := range []struct {
			name  string
			keys  []string
			known map[string]bool
		}{{"state", r.StateCodes, states}, {"recommending state", r.RecommendingStateCodes, states}, {"theme", r.ThemeKeys, themes},
			{"affected group", r.AffectedGroupKeys, groups}, {"sdg", r.SdgCodes, sdgs}, {"source", r.SourceKeys, sources}} {
			for _, k := range list.keys {
				if !list.known[k] {
					return fmt.Errorf("%s: unknown %s %q", what, list.name, k)
				}
			}
		}
		if r.DocumentKey != nil && !docs[*r.DocumentKey] {
			return fmt.Errorf("%s: unknown document %q", what, *r.DocumentKey)
		}
	}
	return nil
}

// checkLinks refuses a link to a node the dataset does not hold: the store's MATCH would
// drop it without a word.
func checkLinks(seed store.Seed) error {
	uids := map[string]bool{}
	for _, x := range seed.States {
		uids[x.Item.UID()] = true
	}
	for _, x := range seed.Instruments {
		uids[x.Item.UID()] = true
	}
	for _, x := range seed.Events {
		uids[x.Item.UID()] = true
	}
	for _, x := range seed.NMIRFs {
		uids[x.Item.UID()] = true
	}
	for _, x := range seed.Organizations {
		uids[x.Item.UID()] = true
	}
	for _, l := range seed.Links {
		for _, uid := range []string{l.From, l.To} {
			if !uids[uid] {
				return fmt.Errorf("data/network.json: link %s %s %s: no node %s in the dataset", l.From, l.Kind, l.To, uid)
			}
		}
	}
	return nil
}
