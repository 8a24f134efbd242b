package demo

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// The reference files: mechanisms, UHRI themes and affected groups, SDGs, and the real
// Costa Rica 2024 UPR recommendations (see data/README.md for where each comes from).

// referenceSourceKeys are the sources of the taxonomy labels.
var referenceSourceKeys = []string{"ohchr-uhri-labels"}

type textsJSON map[string]string

// texts converts {"en": …} into domain texts, refusing unknown language codes.
func (t textsJSON) texts(what string) (domain.Texts, error) {
	out := domain.Texts{}
	for code, s := range t {
		lang := domain.Language(strings.ToUpper(code))
		if !domain.Valid(lang, domain.Languages) {
			return nil, fmt.Errorf("%s: unknown language %q", what, code)
		}
		out[lang] = s
	}
	if out["EN"] == "" {
		return nil, fmt.Errorf("%s: no English text", what)
	}
	return out, nil
}

func decodeStrict(name string, v any) error {
	raw, err := files.ReadFile("data/" + name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("data/%s: %w", name, err)
	}
	return nil
}

// loadReference adds the reference files to seed.
func loadReference(seed *store.Seed) error {
	seed.ReferenceSourceKeys = referenceSourceKeys
	var mech struct {
		Mechanisms []struct {
			Key, Code, Kind string
			Name            textsJSON
		}
	}
	if err := decodeStrict("mechanisms.json", &mech); err != nil {
		return err
	}
	for _, m := range mech.Mechanisms {
		names, err := m.Name.texts("mechanism " + m.Key)
		if err != nil {
			return err
		}
		kind := domain.MechanismKind(m.Kind)
		if !domain.Valid(kind, domain.MechanismKinds) {
			return fmt.Errorf("mechanism %s: unknown kind %q", m.Key, m.Kind)
		}
		seed.Mechanisms = append(seed.Mechanisms, domain.Mechanism{Key: m.Key, Code: strings.ToUpper(m.Code), Kind: kind, Names: names})
	}

	var themes struct {
		Scheme, Version string
		Themes          []struct {
			Key    string
			Name   textsJSON
			Parent *string
		}
	}
	if err := decodeStrict("themes.json", &themes); err != nil {
		return err
	}
	for _, t := range themes.Themes {
		names, err := t.Name.texts("theme " + t.Key)
		if err != nil {
			return err
		}
		v := themes.Version
		seed.Themes = append(seed.Themes, domain.Theme{Key: t.Key, Names: names, Scheme: themes.Scheme, Version: &v, ParentKey: t.Parent})
	}

	var groups struct {
		Groups []struct {
			Key  string
			Name textsJSON
		}
	}
	if err := decodeStrict("affected-groups.json", &groups); err != nil {
		return err
	}
	for _, g := range groups.Groups {
		names, err := g.Name.texts("affected group " + g.Key)
		if err != nil {
			return err
		}
		seed.AffectedGroups = append(seed.AffectedGroups, domain.AffectedGroup{Key: g.Key, Names: names})
	}

	var sdgs struct {
		Goals []struct {
			Code string
			Name textsJSON
		}
		Targets []struct {
			Code, Goal string
			Name       textsJSON
		}
	}
	if err := decodeStrict("sdgs.json", &sdgs); err != nil {
		return err
	}
	for _, g := range sdgs.Goals {
		names, err := g.Name.texts("sdg goal " + g.Code)
		if err != nil {
			return err
		}
		seed.SdgGoals = append(seed.SdgGoals, domain.SdgGoal{Code: g.Code, Names: names})
	}
	for _, t := range sdgs.Targets {
		names, err := t.Name.texts("sdg target " + t.Code)
		if err != nil {
			return err
		}
		seed.SdgTargets = append(seed.SdgTargets, domain.SdgTarget{Code: t.Code, GoalCode: t.Goal, Names: names})
	}
	return loadCostaRica(seed)
}

func loadCostaRica(seed *store.Seed) error {
	var f struct {
		Document struct {
			Key, Title, Type string
			Year             int
		}
		Source struct {
			Key, Title, Publisher, License string
		}
		Recommendations []struct {
			Paragraph          string
			Text               textsJSON
			RecommendingStates []string
			Themes             []string
			SdgTargets         []string
			AffectedGroups     []string
		}
	}
	const name = "recommendations-cri-2024.json"
	if err := decodeStrict(name, &f); err != nil {
		return err
	}
	src := domain.Source{Key: f.Source.Key, Title: f.Source.Title, Publisher: &f.Source.Publisher, License: &f.Source.License}
	seed.Sources = append(seed.Sources, src)
	year, docType := f.Document.Year, f.Document.Type
	seed.Documents = append(seed.Documents, store.Sourced[domain.Document]{Item: domain.Document{
		Key: f.Document.Key, Title: f.Document.Title, Type: &docType, Year: &year}, SourceKeys: []string{src.Key}})
	var upr *domain.Mechanism
	for i := range seed.Mechanisms {
		if seed.Mechanisms[i].Code == "UPR" {
			upr = &seed.Mechanisms[i]
		}
	}
	if upr == nil {
		return fmt.Errorf("data/mechanisms.json has no UPR")
	}
	cycle := 4
	for _, r := range f.Recommendations {
		texts, err := r.Text.texts(name + " paragraph " + r.Paragraph)
		if err != nil {
			return err
		}
		para, docKey := r.Paragraph, f.Document.Key
		seed.Recommendations = append(seed.Recommendations, store.RecommendationRecord{
			Key:   domain.RecommendationKey("", docKey, para, "CRI", texts["EN"]),
			Texts: texts, Paragraph: &para, Type: "RECOMMENDATION", Year: &year, UprCycle: &cycle,
			Mechanism: upr, DocumentKey: &docKey, StateCodes: []string{"CRI"},
			RecommendingStateCodes: r.RecommendingStates, ThemeKeys: r.Themes, AffectedGroupKeys: r.AffectedGroups,
			SdgCodes: r.SdgTargets, SourceKeys: []string{src.Key},
		})
	}
	return nil
}
