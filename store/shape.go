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

type part struct{ name, entries string }

// whole is the projection of every part.
func (p *parts) whole() string {
	return p.project(nil, true)
}

// in is the projection the shapes ask for items of p's label.
func (p *parts) in(shapes Shapes) string {
	want, shaped := shapes[p.label]
	return p.project(want, !shaped)
}

func (p *parts) project(want []string, all bool) string {
	entries := []string{p.base}
	for _, n := range p.named {
		if all || slices.Contains(want, n.name) {
			entries = append(entries, n.entries)
		}
	}
	return p.as + "{" + strings.Join(entries, ", ") + "}"
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
		{"state", "state: [(x)-[:IN_STATE]->(s:State) | s.code][0]"},
		{"titles", texts("title_")},
		{"summaries", texts("summary_")},
		{"details", ".capacities, .stakeholders, .tools, .periodStart, .periodEnd, .outcome"},
		{"version", ".version"},
		{"nmirf", "nmirf: [(x)-[:BY_NMIRF]->(n:NMIRF) | n.key][0]"},
	}}

// recommendationParts: a recommendation.
var recommendationParts = &parts{label: "Recommendation", as: "r",
	base: ".key",
	named: []part{
		{"texts", texts("text_")},
		{"paragraph", ".paragraph"},
		{"type", ".type"},
		{"publishedOn", ".publishedOn"},
		{"year", ".year"},
		{"uprCycle", ".uprCycle"},
		{"uprSession", ".uprSession"},
		{"uhriAnnotationId", ".uhriAnnotationId"},
		{"mechanism", ".mechanismKey"},
		{"document", ".documentKey"},
		{"position", ".position, .positionLabel, .positionSource, .positionParagraph"},
	}}
