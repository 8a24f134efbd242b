package store

import (
	"slices"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// Shaped projections. A compiled read (tree.go, the items of a recommendation page) may
// project only the parts of an item its query selects, instead of the whole item: a good
// practice's title in its seven languages rather than its 23 properties and two links. On
// the benchmark's practice traversal this cut Neo4j's work from 6,737 to 1,558 db hits.
//
// Good practices and recommendations are cut into parts (their texts in seven languages make
// them the heavy items), and themes (the most numerous items, each with a parent to look up
// and names in seven languages); the other kinds are a few short properties.
//
// The caller decides the shape of each kind for a whole request (resolvers/shape.go): the
// parts every field selected on that kind anywhere in the operation reads. Items are shared
// by the whole request (they prime its batchers), so a shape narrower than the operation's
// would hand a field an item without its data.

// Shapes gives, by node label, the parts to project of the items of that label; a label
// that is absent is projected whole.
type Shapes map[string][]string

// parts is a projection cut into named parts. base is always projected: the key, and what
// the resolvers read to check the caller's rights.
type parts struct {
	label, as string
	base      string
	named     []part
}

// part is a named part of a projection. texts, for a part that is a text in every language
// (made by textPart), is its properties' prefix ("title_"): such a part may be asked for in
// some languages only (InLanguages).
type part struct{ name, entries, texts string }

// textPart is the part name holding prefix's text in every language.
func textPart(name, prefix string) part { return part{name, texts(prefix), prefix} }

// InLanguages names a text part read for fields that pick the text in langs (with
// domain.Texts.Pick): "titles:EN,FR". Such a read projects only those languages when the
// item has a text in every one of them, which Pick then returns; when it lacks one, Pick
// falls back to another language, so the read projects them all. The answer is the same as
// the whole part's, whatever the item holds. The languages are named in fallback order, so
// that one set of languages is one part name (and one Cypher text).
func InLanguages(name string, langs []domain.Language) string {
	codes := make([]string, len(langs))
	for i, l := range slices.SortedFunc(slices.Values(langs), domain.ByFallbackOrder) {
		codes[i] = string(l)
	}
	return name + ":" + strings.Join(codes, ",")
}

// whole is the projection of every part.
func (p *parts) whole() string {
	return p.project(nil, true)
}

// in is the projection the shapes ask for items of p's label.
func (p *parts) in(shapes Shapes) string {
	want, shaped := shapes[p.label]
	return p.project(want, !shaped)
}

// project writes the projection of the parts in want (all of them when all). When some
// text parts are wanted in some languages only, it is a CASE: those languages alone when
// the item has them all, else the whole texts.
func (p *parts) project(want []string, all bool) string {
	full, narrow := []string{p.base}, []string{p.base}
	var have []string // the conditions for the narrow projection
	for _, n := range p.named {
		langs, asked := wanted(want, n.name)
		if !all && !asked {
			continue
		}
		full = append(full, n.entries)
		if all || langs == nil || n.texts == "" {
			narrow = append(narrow, n.entries)
			continue
		}
		var entries []string
		for _, l := range langs {
			prop := n.texts + l.Code()
			entries = append(entries, "."+prop)
			have = append(have, p.as+"."+prop+" <> ''")
		}
		narrow = append(narrow, strings.Join(entries, ", "))
	}
	whole := p.as + "{" + strings.Join(full, ", ") + "}"
	if len(have) == 0 {
		return whole
	}
	return "CASE WHEN " + strings.Join(have, " AND ") + " THEN " + p.as + "{" + strings.Join(narrow, ", ") + "} ELSE " + whole + " END"
}

// wanted says whether want asks for the part name, and in which languages (nil: all of
// them). A part asked for whole and in some languages is wanted whole; a language that is
// not one of domain.Languages makes it whole too.
func wanted(want []string, name string) (langs []domain.Language, asked bool) {
	whole := false
	for _, w := range want {
		if w == name {
			whole, asked = true, true
			continue
		}
		codes, ok := strings.CutPrefix(w, name+":")
		if !ok {
			continue
		}
		asked = true
		for _, c := range strings.Split(codes, ",") {
			l := domain.Language(c)
			if !slices.Contains(domain.Languages, l) {
				whole = true
			} else if !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
	}
	if whole || len(langs) == 0 {
		return nil, asked
	}
	slices.SortFunc(langs, domain.ByFallbackOrder)
	return langs, true
}

// PartNames lists the parts of the items of a label that can be shaped (nil for the others).
func PartNames(label string) []string {
	for _, p := range []*parts{practiceParts, recommendationParts, themeParts} {
		if p.label == label {
			names := make([]string, len(p.named))
			for i, n := range p.named {
				names[i] = n.name
			}
			return names
		}
	}
	return nil
}

// texts lists a text property in every language, as textParams writes it: ".title_en, …".
func texts(prefix string) string {
	var b []string
	for _, l := range domain.Languages {
		b = append(b, "."+prefix+l.Code())
	}
	return strings.Join(b, ", ")
}

// practiceParts: a good practice. The base holds its status, which the resolvers' rights
// check reads; the State it also reads for an editor of one State is the part "state" (found
// through the practice's links, 43 db hits a practice in the benchmark: not worth paying
// for callers whose rights do not depend on it).
var practiceParts = &parts{label: "GoodPractice", as: "x",
	base: ".key, .status",
	named: []part{
		{"state", "state: [(x)-[:IN_STATE]->(s:State) | s.code][0]", ""},
		textPart("titles", "title_"),
		textPart("summaries", "summary_"),
		{"details", ".capacities, .stakeholders, .tools, .periodStart, .periodEnd, .outcome", ""},
		{"version", ".version", ""},
		{"nmirf", "nmirf: [(x)-[:BY_NMIRF]->(n:NMIRF) | n.key][0]", ""},
	}}

// recommendationParts: a recommendation.
var recommendationParts = &parts{label: "Recommendation", as: "r",
	base: ".key",
	named: []part{
		textPart("texts", "text_"),
		{"paragraph", ".paragraph", ""},
		{"type", ".type", ""},
		{"publishedOn", ".publishedOn", ""},
		{"year", ".year", ""},
		{"uprCycle", ".uprCycle", ""},
		{"uprSession", ".uprSession", ""},
		{"uhriAnnotationId", ".uhriAnnotationId", ""},
		{"mechanism", ".mechanismKey", ""},
		{"document", ".documentKey", ""},
		{"position", ".position, .positionLabel, .positionSource, .positionParagraph", ""},
	}}
