package demo

import (
	"fmt"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// loadPractices adds data/practices.json: good practices, guidance dimensions, the NMIRFs,
// institutions and organisations they name.
func loadPractices(seed *store.Seed) error {
	var f struct {
		Comment    string `json:"_comment"`
		Sources    []sourceJSON
		Dimensions []struct {
			Key         string
			Name        textsJSON
			Description *string
		}
		DimensionSources []string
		Organizations    []struct {
			Key, Name    string
			Names        []nameJSON
			Acronym, URL *string
			Sources      []string
		}
		EventPartners []struct {
			Event         string
			Organizations []string
		}
		NMIRFs       []nmirfJSON
		NMIRFDetails []struct {
			NMIRF        string
			TrackingTool *string
			Sources      []string
		}
		Institutions []struct {
			Key, Name, StateCode, NMIRF, Role string
			Sources                           []string
		}
		Practices []struct {
			Key                 string
			Title, Summary      textsJSON
			NMIRF               *string
			StateCode           string
			Capacities          []string
			Dimensions          []string
			Stakeholders, Tools []string
			PeriodStart         *int
			PeriodEnd           *int
			Outcome             *string
			Themes              []string
			Recommendations     []string
			Sources             []string
		}
	}
	if err := decodeStrict("practices.json", &f); err != nil {
		return err
	}
	srcs, err := sourcesOf(f.Sources)
	if err != nil {
		return err
	}
	seed.Sources = append(seed.Sources, srcs...)
	for _, d := range f.Dimensions {
		names, err := d.Name.texts("dimension " + d.Key)
		if err != nil {
			return err
		}
		seed.GuidanceDimensions = append(seed.GuidanceDimensions, store.Sourced[domain.GuidanceDimension]{
			Item: domain.GuidanceDimension{Key: d.Key, Names: names, Description: d.Description}, SourceKeys: f.DimensionSources})
	}
	known := map[string]bool{}
	for _, src := range seed.Sources {
		known[src.Key] = true
	}
	for _, o := range f.Organizations {
		names, nameSources, err := namesOf("organization "+o.Key, o.Name, o.Names, known)
		if err != nil {
			return err
		}
		seed.Organizations = append(seed.Organizations, store.Sourced[domain.Organization]{
			Item: domain.Organization{Key: o.Key, Name: o.Name, Names: names, Acronym: o.Acronym, URL: o.URL}, SourceKeys: union(o.Sources, nameSources)})
	}
	seed.EventPartners = map[string][]string{}
	for _, ep := range f.EventPartners {
		seed.EventPartners[ep.Event] = append(seed.EventPartners[ep.Event], ep.Organizations...)
	}
	for _, n := range f.NMIRFs {
		item, err := n.toSeed(known)
		if err != nil {
			return err
		}
		seed.NMIRFs = append(seed.NMIRFs, item)
	}
	for _, d := range f.NMIRFDetails {
		found := false
		for i := range seed.NMIRFs {
			if seed.NMIRFs[i].Item.Key == d.NMIRF {
				seed.NMIRFs[i].Item.TrackingTool = d.TrackingTool
				seed.NMIRFs[i].SourceKeys = append(seed.NMIRFs[i].SourceKeys, d.Sources...)
				found = true
			}
		}
		if !found {
			return fmt.Errorf("data/practices.json: nmirfDetails names unknown nmirf %q", d.NMIRF)
		}
	}
	for _, in := range f.Institutions {
		seed.Institutions = append(seed.Institutions, store.InstitutionSeed{
			Institution: domain.Institution{Key: in.Key, Name: in.Name, StateCode: in.StateCode},
			NMIRFKey:    in.NMIRF, Role: in.Role, SourceKeys: in.Sources})
	}
	for _, p := range f.Practices {
		what := "practice " + p.Key
		titles, err := p.Title.texts(what + " title")
		if err != nil {
			return err
		}
		summaries, err := p.Summary.texts(what + " summary")
		if err != nil {
			return err
		}
		gp := domain.GoodPractice{Key: p.Key, Titles: titles, Summaries: summaries, NMIRFKey: p.NMIRF, StateCode: p.StateCode,
			PracticeDetails: domain.PracticeDetails{Stakeholders: p.Stakeholders, Tools: p.Tools, PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd,
				Outcome: p.Outcome}, Status: "PUBLISHED"}
		for _, c := range p.Capacities {
			if !domain.Valid(domain.Capacity(c), domain.Capacities) {
				return fmt.Errorf("%s: unknown capacity %q", what, c)
			}
			gp.Capacities = append(gp.Capacities, domain.Capacity(c))
		}
		seed.Practices = append(seed.Practices, store.PracticeSeed{Practice: gp, DimensionKeys: p.Dimensions,
			ThemeKeys: p.Themes, RecommendationKeys: p.Recommendations, SourceKeys: p.Sources})
	}
	return nil
}

// checkPractices verifies the practices' references.
func checkPractices(seed store.Seed, sources, states, nmirfs map[string]bool) error {
	dims, themes, events, orgs := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, d := range seed.GuidanceDimensions {
		dims[d.Item.Key] = true
	}
	for _, t := range seed.Themes {
		themes[t.Key] = true
	}
	for _, e := range seed.Events {
		events[e.Item.Key] = true
	}
	for _, o := range seed.Organizations {
		orgs[o.Item.Key] = true
	}
	recs := map[string]bool{}
	for _, r := range seed.Recommendations {
		recs[r.Key] = true
	}
	known := func(what, kind string, keys []string, set map[string]bool) error {
		for _, k := range keys {
			if !set[k] {
				return fmt.Errorf("%s: unknown %s %q", what, kind, k)
			}
		}
		return nil
	}
	for _, o := range seed.Organizations {
		if err := known("organization "+o.Item.Key, "source", o.SourceKeys, sources); err != nil {
			return err
		}
	}
	for ev, os := range seed.EventPartners {
		if err := known("event partners", "event", []string{ev}, events); err != nil {
			return err
		}
		if err := known("event "+ev+" partners", "organization", os, orgs); err != nil {
			return err
		}
	}
	for _, in := range seed.Institutions {
		what := "institution " + in.Institution.Key
		if err := known(what, "state", []string{in.Institution.StateCode}, states); err != nil {
			return err
		}
		if err := known(what, "nmirf", []string{in.NMIRFKey}, nmirfs); err != nil {
			return err
		}
		if err := known(what, "source", in.SourceKeys, sources); err != nil {
			return err
		}
	}
	for _, d := range seed.GuidanceDimensions {
		if len(d.SourceKeys) == 0 {
			return fmt.Errorf("dimension %s has no source", d.Item.Key)
		}
		if err := known("dimension "+d.Item.Key, "source", d.SourceKeys, sources); err != nil {
			return err
		}
	}
	for _, p := range seed.Practices {
		what := "practice " + p.Practice.Key
		if len(p.SourceKeys) == 0 {
			return fmt.Errorf("%s has no source", what)
		}
		for _, c := range []struct {
			kind string
			keys []string
			set  map[string]bool
		}{{"state", []string{p.Practice.StateCode}, states}, {"dimension", p.DimensionKeys, dims}, {"theme", p.ThemeKeys, themes},
			{"recommendation", p.RecommendationKeys, recs}, {"source", p.SourceKeys, sources}} {
			if err := known(what, c.kind, c.keys, c.set); err != nil {
				return err
			}
		}
		if p.Practice.NMIRFKey != nil {
			if err := known(what, "nmirf", []string{*p.Practice.NMIRFKey}, nmirfs); err != nil {
				return err
			}
		}
	}
	return nil
}
