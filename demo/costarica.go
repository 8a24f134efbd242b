package demo

import (
	"fmt"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// loadCostaRica adds data/recommendations-cri-2024.json: the 82 UPR recommendations made to
// Costa Rica in 2024, with their document and source (see data/README.md for how the file was
// made). The reference data (the UPR mechanism, States, themes) must be in seed already.
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
		return fmt.Errorf("refdata/mechanisms.json has no UPR")
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
