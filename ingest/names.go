package ingest

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/agnivade/levenshtein"
	"golang.org/x/text/unicode/norm"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/refdata"
)

//go:embed names/*.tsv
var nameFiles embed.FS

// Normalizer maps the labels and names found in exports to the hub's keys and codes. It is
// built once from the reference data (package refdata: States, mechanisms with their UHRI
// labels, themes, affected groups, SDGs) and the embedded tables under names/, which hold
// only how files spell things (name variants, aliases, vocabularies of types and positions),
// and is safe for concurrent use (read-only).
type Normalizer struct {
	states      map[string]stateRow // ISO3 -> row
	byAlpha2    map[string]string   // "ES" -> "ESP"
	byName      map[string]string   // nameKey(name) -> ISO3
	bySquash    map[string]string   // squash(name) -> ISO3
	mechanisms  map[string]*domain.Mechanism
	mechByLabel map[string]string // nameKey(label) -> mechanism key
	themes      map[string]bool   // key
	groups      map[string]bool   // key
	sdgs        map[string]bool   // goal or target code
	types       map[string]domain.RecommendationType
	positions   map[string]domain.PositionValue
	prefixes    []symbolPrefix      // longest first
	ambiguous   map[string][]string // nameKey(short name) -> candidate ISO3 codes
	fuzzyCache  sync.Map            // nameKey -> fuzzyResult
}

type stateRow struct{ ISO3, ISO2, Name string }

type symbolPrefix struct{ prefix, mechanism, docType string }

// NewNormalizer loads the reference data and the embedded name tables. An error means a
// table is broken (the tests catch that before a release).
func NewNormalizer() (*Normalizer, error) {
	n := &Normalizer{
		states: map[string]stateRow{}, byAlpha2: map[string]string{}, byName: map[string]string{},
		bySquash: map[string]string{}, mechanisms: map[string]*domain.Mechanism{}, mechByLabel: map[string]string{},
		themes: map[string]bool{}, groups: map[string]bool{}, sdgs: map[string]bool{},
		types: map[string]domain.RecommendationType{}, positions: map[string]domain.PositionValue{},
		ambiguous: map[string][]string{},
	}
	if err := n.addReference(); err != nil {
		return nil, err
	}
	steps := []struct {
		file string
		cols []string
		add  func(r []string) error
	}{
		{"country-variants.tsv", []string{"variant", "iso3"}, n.addVariant},
		{"mechanism-aliases.tsv", []string{"label", "key"}, n.addMechanismLabel},
		{"annotation-types.tsv", []string{"label", "type"}, n.addType},
		{"positions.tsv", []string{"label", "value"}, n.addPosition},
		{"symbol-prefixes.tsv", []string{"prefix", "mechanism", "document_type"}, n.addPrefix},
		{"ambiguous-states.tsv", []string{"name", "candidates"}, n.addAmbiguous},
	}
	for _, s := range steps {
		if err := readTable(nameFiles, "names/"+s.file, s.cols, s.add); err != nil {
			return nil, err
		}
	}
	n.deriveStateNames()
	slices.SortFunc(n.prefixes, func(a, b symbolPrefix) int { return len(b.prefix) - len(a.prefix) })
	return n, nil
}

// addReference adds the reference data: each State by its UN English name and codes, each
// mechanism by its key, code, English name and UHRI labels, and the keys of the taxonomies
// (each the slug of its English label, so a raw label finds its key).
func (n *Normalizer) addReference() error {
	ref, err := refdata.Load()
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range ref.States {
		errs = append(errs, n.addState(s))
	}
	for _, m := range ref.Mechanisms {
		errs = append(errs, n.addMechanism(m))
	}
	for _, t := range ref.Themes {
		errs = append(errs, addSlugKey(n.themes, t.Key, t.Names["EN"]))
	}
	for _, g := range ref.AffectedGroups {
		errs = append(errs, addSlugKey(n.groups, g.Key, g.Names["EN"]))
	}
	for _, g := range ref.SdgGoals {
		errs = append(errs, n.addSdg(g.Code))
	}
	for _, t := range ref.SdgTargets {
		errs = append(errs, n.addSdg(t.Code))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("reference data: %w", err)
	}
	return nil
}

// readTable reads a TSV file: '#' comment lines, a header line naming cols, then rows of
// exactly len(cols) non-empty fields.
func readTable(fsys fs.FS, name string, cols []string, add func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	header, line := false, 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if !header {
			if !slices.Equal(fields, cols) {
				return fmt.Errorf("%s:%d: header %q, want %q", name, line, fields, cols)
			}
			header = true
			continue
		}
		if len(fields) != len(cols) {
			return fmt.Errorf("%s:%d: %d fields, want %d", name, line, len(fields), len(cols))
		}
		for i, x := range fields {
			if x == "" || strings.TrimSpace(x) != x {
				return fmt.Errorf("%s:%d: field %s is empty or has surrounding spaces", name, line, cols[i])
			}
		}
		if err := add(fields); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !header {
		return fmt.Errorf("%s: no header line", name)
	}
	return nil
}

func (n *Normalizer) addState(s domain.State) error {
	if _, dup := n.states[s.Code]; dup {
		return fmt.Errorf("duplicate State %s", s.Code)
	}
	if _, dup := n.byAlpha2[s.Alpha2]; dup {
		return fmt.Errorf("duplicate alpha-2 %s", s.Alpha2)
	}
	n.states[s.Code] = stateRow{s.Code, s.Alpha2, s.Name}
	n.byAlpha2[s.Alpha2] = s.Code
	return n.addName(s.Name, s.Code)
}

func (n *Normalizer) addVariant(r []string) error {
	if _, ok := n.states[r[1]]; !ok {
		return fmt.Errorf("variant %q: unknown ISO3 %q", r[0], r[1])
	}
	return n.addName(r[0], r[1])
}

// addName registers a name; a name that already means another State is an error.
func (n *Normalizer) addName(name, iso3 string) error {
	k := nameKey(name)
	if old, ok := n.byName[k]; ok && old != iso3 {
		return fmt.Errorf("name %q means both %s and %s", name, old, iso3)
	}
	n.byName[k] = iso3
	sq := squash(name)
	if old, ok := n.bySquash[sq]; ok && old != iso3 {
		return fmt.Errorf("name %q written without spaces (%q) means both %s and %s", name, sq, old, iso3)
	}
	n.bySquash[sq] = iso3
	return nil
}

// deriveStateNames adds, for each UN long form "Iran (Islamic Republic of)", the forms
// "Islamic Republic of Iran" and "Iran", unless they already mean something else.
func (n *Normalizer) deriveStateNames() {
	for _, s := range n.states {
		outer, inner, ok := splitBracketName(s.Name)
		if !ok {
			continue
		}
		for _, form := range []string{inner + " " + outer, outer} {
			if _, taken := n.byName[nameKey(form)]; !taken {
				_ = n.addName(form, s.ISO3) // a clash keeps the listed meaning
			}
		}
	}
}

// splitBracketName splits "Iran (Islamic Republic of)" into "Iran" and "Islamic Republic of".
func splitBracketName(name string) (outer, inner string, ok bool) {
	i := strings.IndexByte(name, '(')
	if i <= 0 || !strings.HasSuffix(name, ")") {
		return "", "", false
	}
	return strings.TrimSpace(name[:i]), strings.TrimSpace(name[i+1 : len(name)-1]), true
}

// addMechanism adds a mechanism with its English name only: the name an import's records
// carry (the graph's Mechanism node holds the others).
func (n *Normalizer) addMechanism(m refdata.Mechanism) error {
	if _, dup := n.mechanisms[m.Key]; dup {
		return fmt.Errorf("duplicate mechanism %s", m.Key)
	}
	en := m.Names["EN"]
	n.mechanisms[m.Key] = &domain.Mechanism{Key: m.Key, Code: m.Code, Kind: m.Kind, Names: domain.Texts{"EN": en}}
	for _, l := range append([]string{m.Key, m.Code, en}, m.UhriLabels...) {
		if err := n.addMechanismLabel([]string{l, m.Key}); err != nil {
			return err
		}
	}
	return nil
}

func (n *Normalizer) addMechanismLabel(r []string) error {
	if _, ok := n.mechanisms[r[1]]; !ok {
		return fmt.Errorf("label %q: unknown mechanism %q", r[0], r[1])
	}
	k := nameKey(r[0])
	if old, ok := n.mechByLabel[k]; ok && old != r[1] {
		return fmt.Errorf("label %q means both %s and %s", r[0], old, r[1])
	}
	n.mechByLabel[k] = r[1]
	return nil
}

// addSlugKey adds a taxonomy key, which must be the slug of its label: lookupSlug finds a
// label's key by that slug.
func addSlugKey(set map[string]bool, key, label string) error {
	if slug(label) != key {
		return fmt.Errorf("key %q is not the slug of %q (%q)", key, label, slug(label))
	}
	if set[key] {
		return fmt.Errorf("duplicate key %s", key)
	}
	set[key] = true
	return nil
}

// addSdg adds a goal or target code, which sdgCode must read back unchanged.
func (n *Normalizer) addSdg(code string) error {
	if c, ok := sdgCode(code); !ok || c != code {
		return fmt.Errorf("bad SDG code %q", code)
	}
	if goal, _, isTarget := strings.Cut(code, "."); isTarget && !n.sdgs[goal] {
		return fmt.Errorf("target %s before its goal", code)
	}
	n.sdgs[code] = true
	return nil
}

func (n *Normalizer) addType(r []string) error {
	t := domain.RecommendationType(r[1])
	if !domain.Valid(t, domain.RecommendationTypes) {
		return fmt.Errorf("unknown type %q", r[1])
	}
	n.types[nameKey(r[0])] = t
	return nil
}

func (n *Normalizer) addPosition(r []string) error {
	v := domain.PositionValue(r[1])
	if !domain.Valid(v, domain.PositionValues) {
		return fmt.Errorf("unknown position %q", r[1])
	}
	n.positions[positionKey(r[0])] = v
	return nil
}

func (n *Normalizer) addPrefix(r []string) error {
	p := symbolPrefix{prefix: r[0], mechanism: r[1], docType: r[2]}
	if p.mechanism == "-" {
		p.mechanism = ""
	} else if _, ok := n.mechanisms[p.mechanism]; !ok {
		return fmt.Errorf("prefix %s: unknown mechanism %q", r[0], r[1])
	}
	if p.docType == "-" {
		p.docType = ""
	}
	n.prefixes = append(n.prefixes, p)
	return nil
}

// nameKey is the form names are matched on: case-folded, curly quotes straightened, spaces
// collapsed, a final full stop dropped.
func nameKey(s string) string {
	s = strings.Map(func(r rune) rune { return unicode.ToLower(domain.PlainPunctuation(r)) }, s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimSuffix(s, ".")
}

// squash keeps only the letters and digits of s, lowercased and without accents, so that
// "costarica", "Costa Rica" and "COSTA-RICA" meet, as do "Türkiye" and "Turkiye".
func squash(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func (n *Normalizer) addAmbiguous(r []string) error {
	codes := strings.Fields(r[1])
	if len(codes) < 2 {
		return fmt.Errorf("%q: fewer than two candidates", r[0])
	}
	for _, c := range codes {
		if _, ok := n.states[c]; !ok {
			return fmt.Errorf("%q: unknown ISO3 %q", r[0], c)
		}
	}
	n.ambiguous[nameKey(r[0])] = codes
	return nil
}

// StateCode returns the ISO3 code of a State named in any of the forms the tables know: UN
// names and long forms, listed variants, ISO codes in capitals ("ES", "ESP"), names without
// spaces ("costarica") or accents, with or without a leading "the". UN documents use UN
// names, so "Congo" is the Republic of the Congo here; a file's column is read with
// matchStates, which does not take such short names on trust.
func (n *Normalizer) StateCode(name string) (string, bool) { return n.stateCode(name, true) }

// stateCode is StateCode; codes2 says whether a two-letter value may be an ISO alpha-2 code
// (only in columns that hold codes: in a column of names, "NA" is no Namibia).
func (n *Normalizer) stateCode(name string, codes2 bool) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	if c, ok := n.byName[nameKey(name)]; ok {
		return c, true
	}
	if isUpperASCII(name) {
		switch len(name) {
		case 2:
			if c, ok := n.byAlpha2[name]; ok && codes2 {
				return c, true
			}
		case 3:
			if _, ok := n.states[name]; ok {
				return name, true
			}
		}
	}
	k := nameKey(name)
	if rest, ok := strings.CutPrefix(k, "the "); ok {
		if c, ok := n.byName[rest]; ok {
			return c, true
		}
	}
	sq := squash(name)
	if c, ok := n.bySquash[sq]; ok {
		return c, true
	}
	if rest, ok := strings.CutPrefix(sq, "the"); ok {
		if c, ok := n.bySquash[rest]; ok {
			return c, true
		}
	}
	return "", false
}

// StateName returns the UN English name of a State code.
func (n *Normalizer) StateName(iso3 string) (string, bool) {
	s, ok := n.states[iso3]
	return s.Name, ok
}

// StateCodes lists every known ISO3 code, sorted.
func (n *Normalizer) StateCodes() []string {
	out := make([]string, 0, len(n.states))
	for c := range n.states {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Mechanism returns the mechanism a body label names: a UHRI label ("CRC", "- CRC" after
// cleaning, "CRC-OP-AC"), a code, a key, an official name ("Committee on the Rights of the
// Child"), or a short form such as "SR on torture" or "Special Rapporteur on torture".
func (n *Normalizer) Mechanism(label string) (*domain.Mechanism, bool) {
	k := nameKey(label)
	if k == "" {
		return nil, false
	}
	if key, ok := n.mechByLabel[k]; ok {
		return n.mechanisms[key], true
	}
	for _, p := range mandatePrefixes {
		if rest, ok := strings.CutPrefix(k, p.long); ok {
			short := p.short
			rest = strings.TrimPrefix(rest, "the ")
			if key, ok := n.mechByLabel[short+rest]; ok {
				return n.mechanisms[key], true
			}
		}
	}
	if m, ok := n.mechanisms[slug(label)]; ok {
		return m, true
	}
	return nil, false
}

// mandatePrefixes turn "SR on torture" and "Special Rapporteur on torture" into UHRI's
// "SR Torture".
var mandatePrefixes = []struct{ long, short string }{
	{"special rapporteur on ", "sr "}, {"independent expert on ", "ie "}, {"working group on ", "wg "},
	{"sr on ", "sr "}, {"ie on ", "ie "}, {"wg on ", "wg "},
}

// MechanismByKey returns the mechanism with the given key.
func (n *Normalizer) MechanismByKey(key string) (*domain.Mechanism, bool) {
	m, ok := n.mechanisms[key]
	return m, ok
}

// ThemeKey returns the key of a UHRI theme label (or of a key).
func (n *Normalizer) ThemeKey(label string) (string, bool) { return lookupSlug(n.themes, label) }

// AffectedGroupKey returns the key of a UHRI affected-persons label (or of a key).
func (n *Normalizer) AffectedGroupKey(label string) (string, bool) {
	return lookupSlug(n.groups, label)
}

func lookupSlug(set map[string]bool, label string) (string, bool) {
	k := slug(label)
	if set[k] {
		return k, true
	}
	// OHCHR's older thematic lists put a code before the label: "A41 Constitutional and
	// legislative framework", "G4 Migrants".
	if code, rest, ok := strings.Cut(strings.TrimSpace(label), " "); ok && labelCode.MatchString(code) {
		if k := slug(rest); set[k] {
			return k, true
		}
	}
	return "", false
}

var labelCode = regexp.MustCompile(`^[A-H][0-9]{1,2}$`)

// SdgCode returns the code of an SDG goal or target written as "16.2 - Protect children …",
// "16 - PEACE, JUSTICE …", "16.2" or "SDG 16", if the tables know it.
func (n *Normalizer) SdgCode(s string) (string, bool) {
	c, ok := sdgCode(s)
	if !ok || !n.sdgs[c] {
		return "", false
	}
	return c, true
}

// RecommendationType maps an annotation type label; unknown labels are OTHER, empty ones
// RECOMMENDATION.
func (n *Normalizer) RecommendationType(label string) domain.RecommendationType {
	k := nameKey(label)
	if k == "" {
		return "RECOMMENDATION"
	}
	if t, ok := n.types[k]; ok {
		return t
	}
	return "OTHER"
}

// PositionValue maps a position label ("Supported", "noted", "Supported/Noted").
func (n *Normalizer) PositionValue(label string) (domain.PositionValue, bool) {
	v, ok := n.positions[positionKey(label)]
	return v, ok
}

func positionKey(s string) string {
	k := nameKey(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(k, "/", " / ")), " ")
}

// symbolInfo returns the mechanism and document type a symbol's prefix implies.
func (n *Normalizer) symbolInfo(symbol string) (mech *domain.Mechanism, docType string) {
	up := strings.ToUpper(symbol)
	for _, p := range n.prefixes {
		if strings.HasPrefix(up, strings.ToUpper(p.prefix)) {
			if p.mechanism != "" {
				mech = n.mechanisms[p.mechanism]
			}
			docType = p.docType
			break
		}
	}
	if strings.Contains(up, "/CO/") {
		docType = "CONCLUDING_OBSERVATIONS"
	}
	return mech, docType
}

// stateFromSymbol finds the State a treaty-body symbol names (CEDAW/C/ALB/CO/4 → ALB).
// General Assembly and Council symbols (A/…, including A/HRC/WG.6/…) are not read: their
// country segments are not reliable enough to stand for the State under review.
func (n *Normalizer) stateFromSymbol(symbol string) (string, bool) {
	if strings.HasPrefix(symbol, "A/") {
		return "", false
	}
	parts := strings.Split(symbol, "/")
	for _, p := range parts[min(1, len(parts)):] {
		if len(p) == 3 && isUpperASCII(p) {
			if _, ok := n.states[p]; ok {
				return p, true
			}
		}
	}
	return "", false
}

// stateMatch is what a value naming States resolved to.
type stateMatch struct {
	codes      []string // the States (several for "Chile and Peru")
	fuzzy      string   // the known name a misspelt value was matched to
	candidates []string // an ambiguous short name's States, when its context does not decide
	suggest    []string // names close to an unresolved value
}

// matchStates resolves a value naming one State or a list of them. codes2 allows ISO
// alpha-2 codes (columns of codes only); context lists States the record names elsewhere
// (its text's closing brackets), which decide an ambiguous short name such as "Korea";
// unNames says the source uses UN names, where "Congo" and "Guinea" are not ambiguous.
func (n *Normalizer) matchStates(v string, codes2 bool, context []string, unNames bool) stateMatch {
	if cands, amb := n.ambiguous[nameKey(v)]; amb && !unNames {
		var in []string
		for _, c := range cands {
			if slices.Contains(context, c) {
				in = append(in, c)
			}
		}
		if len(in) == 1 {
			return stateMatch{codes: in}
		}
		return stateMatch{candidates: cands}
	}
	if c, ok := n.stateCode(v, codes2); ok {
		return stateMatch{codes: []string{c}}
	}
	// A two-letter stub ("ES") in a column of names is taken for an ISO code only when the
	// record itself names that State elsewhere (its document symbol, its text).
	if t := strings.TrimSpace(v); len(t) == 2 && isUpperASCII(t) {
		if c, ok := n.byAlpha2[t]; ok && slices.Contains(context, c) {
			return stateMatch{codes: []string{c}, fuzzy: "the ISO alpha-2 code of a State the record names elsewhere"}
		}
		return stateMatch{}
	}
	if codes, ok := n.statesInPhrase(v); ok {
		return stateMatch{codes: codes}
	}
	f := n.fuzzyState(v)
	if f.code != "" {
		return stateMatch{codes: []string{f.code}, fuzzy: f.name}
	}
	return stateMatch{suggest: f.suggest}
}

type fuzzyResult struct {
	code, name string   // a unique close match
	suggest    []string // else the closest names
}

// fuzzyState matches a misspelt State name ("Phillipines", "Marocco") to the one known name
// within a small edit distance: 1 for names of 5 to 9 characters, 2 from 10. Two States
// equally close, or a short value, resolve nothing; the closest names are then offered as
// suggestions.
func (n *Normalizer) fuzzyState(v string) fuzzyResult {
	k := nameKey(v)
	if r, ok := n.fuzzyCache.Load(k); ok {
		return r.(fuzzyResult)
	}
	allowed := 0
	switch l := len([]rune(k)); {
	case l >= 10:
		allowed = 2
	case l >= 5:
		allowed = 1
	}
	best := 1 << 30
	codes := map[string]string{} // ISO3 -> name at the best distance
	type near struct {
		name string
		d    int
	}
	var nearby []near
	for name, code := range n.byName {
		d := levenshtein.ComputeDistance(k, name)
		if d <= max(allowed, 3) {
			nearby = append(nearby, near{name, d})
		}
		if d > allowed {
			continue
		}
		if d < best {
			best = d
			clear(codes)
		}
		if d == best {
			codes[code] = name
		}
	}
	var r fuzzyResult
	if allowed == 0 {
		n.fuzzyCache.Store(k, r) // too short to guess from
		return r
	}
	if len(codes) == 1 {
		for c, name := range codes {
			r.code, r.name = c, "fuzzy: "+name
		}
	} else {
		slices.SortFunc(nearby, func(a, b near) int {
			if a.d != b.d {
				return a.d - b.d
			}
			return strings.Compare(a.name, b.name)
		})
		for _, c := range nearby[:min(3, len(nearby))] {
			if name, ok := n.StateName(n.byName[c.name]); ok && !slices.Contains(r.suggest, name) {
				r.suggest = append(r.suggest, name)
			}
		}
	}
	n.fuzzyCache.Store(k, r)
	return r
}
