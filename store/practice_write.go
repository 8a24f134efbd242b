package store

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
)

// Writing good practices, through the generic Apply (write.go): one transaction per write,
// with its Change record and the version check. CreatePractice and UpdatePractice are the
// typed writes the curation service calls (see node_write.go); PracticeWrite is their form
// as properties and links.

// PracticeWrite is what a create or update sets; nil fields are left as they are.
type PracticeWrite struct {
	Titles, Summaries  domain.Texts // merged into the existing texts
	StateCode          *string
	NMIRFKey           *string
	Capacities         []domain.Capacity
	Stakeholders       []string
	Tools              []string
	PeriodStart        *int
	PeriodEnd          *int
	Outcome            *string
	Status             *domain.PracticeStatus
	ThemeKeys          *[]string
	DimensionKeys      *[]string
	RecommendationKeys *[]string
	SourceKeys         *[]string
}

func (w PracticeWrite) props() map[string]any {
	p := map[string]any{}
	for l, t := range w.Titles {
		p["title_"+l.Code()] = t
	}
	for l, t := range w.Summaries {
		p["summary_"+l.Code()] = t
	}
	if w.Capacities != nil {
		p["capacities"] = strs(w.Capacities)
	}
	if w.Stakeholders != nil {
		p["stakeholders"] = w.Stakeholders
	}
	if w.Tools != nil {
		p["tools"] = w.Tools
	}
	if w.PeriodStart != nil {
		p["periodStart"] = *w.PeriodStart
	}
	if w.PeriodEnd != nil {
		p["periodEnd"] = *w.PeriodEnd
	}
	if w.Outcome != nil {
		p["outcome"] = *w.Outcome
	}
	if w.Status != nil {
		p["status"] = string(*w.Status)
	}
	return p
}

// Write turns the practice fields into the generic write of the practice key (version 0 and
// action CREATE make it).
func (w PracticeWrite) Write(key string, version int, action string) Write {
	out := Write{Label: "GoodPractice", Key: key, Version: version, Action: action, Props: w.props(), Replace: map[string][]Target{}}
	if w.StateCode != nil {
		out.Replace["state"] = Keys([]string{*w.StateCode})
	}
	if w.NMIRFKey != nil {
		out.Replace["nmirf"] = Keys([]string{*w.NMIRFKey})
	}
	for name, keys := range map[string]*[]string{"themes": w.ThemeKeys, "guidanceDimensions": w.DimensionKeys,
		"recommendations": w.RecommendationKeys, "sources": w.SourceKeys} {
		if keys != nil {
			out.Replace[name] = Keys(*keys)
		}
	}
	return out
}

// CreatePractice writes a new good practice (validated: domain.PracticeDraft.Validate) and
// returns its key.
func (s *Store) CreatePractice(ctx context.Context, by domain.Principal, d domain.PracticeDraft) (string, error) {
	var nmirf *string
	if d.NMIRF != nil {
		nmirf = &d.NMIRF.Key
	}
	themes, dims, recs, sources := domain.Keys(d.Themes), domain.Keys(d.GuidanceDimensions), domain.Keys(d.Recommendations), domain.Keys(d.Sources)
	w := PracticeWrite{Titles: domain.Texts{d.Lang: d.Title}, Summaries: domain.Texts{d.Lang: d.Summary}, StateCode: &d.State.Key,
		NMIRFKey: nmirf, Capacities: d.Capacities, Stakeholders: d.Stakeholders, Tools: d.Tools,
		PeriodStart: d.PeriodStart, PeriodEnd: d.PeriodEnd, Outcome: d.Outcome, Status: &d.Status,
		ThemeKeys: &themes, DimensionKeys: &dims, RecommendationKeys: &recs, SourceKeys: &sources}
	key := newKey("gp")
	return key, s.applyAs(ctx, by, w.Write(key, 0, "CREATE"))
}

// UpdatePractice changes the good practice key of version p.Version.
func (s *Store) UpdatePractice(ctx context.Context, by domain.Principal, key string, p domain.PracticePatch) error {
	w := PracticeWrite{Titles: textIn(p.Lang, p.Title), Summaries: textIn(p.Lang, p.Summary), Capacities: p.Capacities,
		Stakeholders: p.Stakeholders, Tools: p.Tools, PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd, Outcome: p.Outcome, Status: p.Status,
		ThemeKeys: refKeys(p.Themes), DimensionKeys: refKeys(p.GuidanceDimensions), RecommendationKeys: refKeys(p.Recommendations), SourceKeys: refKeys(p.Sources)}
	return s.applyAs(ctx, by, w.Write(key, p.Version, "UPDATE"))
}

// textIn is a text in one language, nil when none is given.
func textIn(lang domain.Language, v *string) domain.Texts {
	if v == nil {
		return nil
	}
	return domain.Texts{lang: *v}
}
