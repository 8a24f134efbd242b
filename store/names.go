package store

import (
	"sync"

	"github.com/nmirf-hub/hub/domain"
)

// Multilingual names are stored one property per language (name_en, name_es, …) because
// Neo4j properties cannot hold maps; namesProjection reads them back.
const namesProjection = `name_en: x.name_en, name_fr: x.name_fr, name_es: x.name_es, name_ar: x.name_ar,
  name_zh: x.name_zh, name_ru: x.name_ru, name_pt: x.name_pt`

func decodeTexts(m map[string]any, prefix string) domain.Texts {
	t := domain.Texts{}
	for i, name := range textProps(prefix) {
		if s, ok := m[name].(string); ok && s != "" {
			t[domain.Languages[i]] = s
		}
	}
	return t
}

// textPropNames holds, by prefix, a text's property names in the order of domain.Languages
// ("title_en", …): decoding every item of a read would otherwise build them again.
var textPropNames sync.Map

func textProps(prefix string) []string {
	if names, ok := textPropNames.Load(prefix); ok {
		return names.([]string)
	}
	names := make([]string, len(domain.Languages))
	for i, l := range domain.Languages {
		names[i] = prefix + l.Code()
	}
	textPropNames.Store(prefix, names)
	return names
}

// namesOf reads a record's names in every language: prop_xx per language, and prop itself,
// the primary name, in the language propLang names (English when unset). prop wins over
// prop_xx of its language, so an edit of the primary name through the API shows at once.
func namesOf(m map[string]any, prop string) domain.Texts {
	t := decodeTexts(m, prop+"_")
	primary := str(m, prop)
	if primary == "" {
		return t
	}
	lang := domain.Language("EN")
	if l := str(m, prop+"Lang"); l != "" {
		lang = domain.Language(l)
	}
	t[lang] = primary
	return t
}

// otherNames are the properties of a record's names beside prop itself (the primary name,
// which the caller writes): prop_xx for every language, and propLang, the language of the
// primary name when it is not English (namesOf reads them back).
func otherNames(names domain.Texts, primary string, prop string) map[string]any {
	into := map[string]any{}
	textParams(names, prop+"_", into)
	into[prop+"Lang"] = nil
	if names["EN"] != primary {
		for _, l := range domain.Languages {
			if names[l] == primary {
				into[prop+"Lang"] = string(l)
				break
			}
		}
	}
	return into
}

// textParams spreads texts into prefix_xx parameters (null for the languages missing, so a
// re-import that drops a language also drops it from the node).
func textParams(t domain.Texts, prefix string, into map[string]any) {
	for _, l := range domain.Languages {
		if s, ok := t[l]; ok && s != "" {
			into[prefix+l.Code()] = s
		} else {
			into[prefix+l.Code()] = nil
		}
	}
}
