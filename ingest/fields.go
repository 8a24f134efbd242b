package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// field is one input field of the normaliser. Every format maps its columns or keys onto
// these; their names are the ones --map accepts (see doc.go).
type field int

const (
	fKey field = iota
	fTextEN
	fTextFR
	fTextES
	fTextAR
	fTextZH
	fTextRU
	fTextPT
	fParagraph
	fType
	fPublishedOn
	fYear
	fUprCycle
	fUprSession
	fUhriAnnotationID
	fMechanism
	fDocumentSymbol
	fDocumentKey
	fDocumentTitle
	fUhriDocumentID
	fPosition
	fPositionSource
	fPositionParagraph
	fStates
	fRecStates
	fThemes
	fGroups
	fSdgs
	fSources
	numFields
	fIgnore field = -1
)

// fieldNames are the canonical field names, also the JSON names of HubRecord where it has
// the field.
var fieldNames = [numFields]string{
	fKey: "key", fTextEN: "text", fTextFR: "text_fr", fTextES: "text_es", fTextAR: "text_ar",
	fTextZH: "text_zh", fTextRU: "text_ru", fTextPT: "text_pt", fParagraph: "paragraph", fType: "type",
	fPublishedOn: "publishedOn", fYear: "year", fUprCycle: "uprCycle", fUprSession: "uprSession",
	fUhriAnnotationID: "uhriAnnotationId", fMechanism: "mechanism", fDocumentSymbol: "documentSymbol",
	fDocumentKey: "documentKey", fDocumentTitle: "documentTitle", fUhriDocumentID: "uhriDocumentId",
	fPosition: "position", fPositionSource: "positionSource", fPositionParagraph: "positionParagraph",
	fStates: "stateCodes", fRecStates: "recommendingStateCodes", fThemes: "themeKeys",
	fGroups: "affectedGroupKeys", fSdgs: "sdgCodes", fSources: "sourceKeys",
}

// fieldAliases are other names accepted for a field, in --map and as CSV headers.
var fieldAliases = map[string]field{
	"text_en": fTextEN, "states": fStates, "state": fStates, "country": fStates, "countries": fStates,
	"recommendingstates": fRecStates, "recommendingstate": fRecStates, "themes": fThemes, "theme": fThemes,
	"affectedgroups": fGroups, "sdgs": fSdgs, "sdg": fSdgs, "sources": fSources, "body": fMechanism,
	"symbol": fDocumentSymbol, "document": fDocumentSymbol, "date": fPublishedOn, "cycle": fUprCycle,
	"session": fUprSession, "decision": fPosition, "-": fIgnore, "ignore": fIgnore, "": fIgnore,
}

// textFields maps each text field to its language.
var textFields = [...]struct {
	f    field
	lang domain.Language
}{{fTextEN, "EN"}, {fTextFR, "FR"}, {fTextES, "ES"}, {fTextAR, "AR"}, {fTextZH, "ZH"}, {fTextRU, "RU"}, {fTextPT, "PT"}}

// FieldNames lists the field names --map accepts, in a stable order.
func FieldNames() []string {
	out := append([]string(nil), fieldNames[:]...)
	return append(out, "-")
}

// parseField returns the field a name (canonical or alias, any case) stands for.
func parseField(name string) (field, bool) {
	k := strings.ToLower(strings.TrimSpace(name))
	for i, n := range fieldNames {
		if strings.ToLower(n) == k {
			return field(i), true
		}
	}
	if f, ok := fieldAliases[strings.ReplaceAll(k, " ", "")]; ok {
		return f, true
	}
	return fIgnore, false
}

// rawRecord is one input record before normalisation: the values of each field as the
// source wrote them, and the column each came from (named in rejections).
type rawRecord struct {
	line int
	vals [numFields][]string
	cols [numFields]string
	// codes marks State fields whose column holds codes (mapped to stateCodes or
	// recommendingStateCodes by that name): only there is a two-letter value an ISO code.
	codes [numFields]bool
}

func (r *rawRecord) reset(line int) {
	r.line = line
	for i := range r.vals {
		r.vals[i] = r.vals[i][:0]
	}
	r.codes = [numFields]bool{}
}

func (r *rawRecord) add(f field, col, v string) {
	if f < 0 || f >= numFields {
		return
	}
	if len(r.vals[f]) == 0 || r.cols[f] == "" {
		r.cols[f] = col
	}
	r.vals[f] = append(r.vals[f], v)
}

// col names a field as the source names it.
func (r *rawRecord) col(f field) string {
	if r.cols[f] != "" {
		return r.cols[f]
	}
	return fieldNames[f]
}

// profile holds what a format or preset implies when a field is absent.
type profile struct {
	mechanismKey string // mechanism when the record names none
	// cycleFromYear derives the UPR cycle from the year when there is neither cycle nor
	// session (researcher CSVs have only a year).
	cycleFromYear bool
	// unNames: the source is OHCHR's (UHRI, its thematic lists), which names States by their
	// UN names, so "Congo" is the Republic of the Congo and "Guinea" is Guinea. Other files'
	// bare short names are ambiguous (names/ambiguous-states.tsv).
	unNames bool
}

// parseMap turns the user's COLUMN=field overrides into lowercase column → field.
func parseMap(m map[string]string) (map[string]field, error) {
	out := make(map[string]field, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, col := range keys {
		f, ok := parseField(m[col])
		if !ok {
			return nil, fmt.Errorf("--map %s=%s: unknown field %q (known: %s)", col, m[col], m[col], strings.Join(FieldNames(), ", "))
		}
		out[headerKey(col)] = f
	}
	return out, nil
}

func headerKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(s, "\ufeff")), " "))
}

// ParseMapFlag reads the CLI's --map value, "COLUMN=field,COLUMN=field", into Options.Map.
// Field names are checked; column names are checked against the header when the file is
// opened.
func ParseMapFlag(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		col, f, ok := strings.Cut(pair, "=")
		col, f = strings.TrimSpace(col), strings.TrimSpace(f)
		if !ok || col == "" {
			return nil, fmt.Errorf("--map %q: want COLUMN=field", pair)
		}
		if _, known := parseField(f); !known {
			return nil, fmt.Errorf("--map %q: unknown field %q (known: %s)", pair, f, strings.Join(FieldNames(), ", "))
		}
		out[col] = f
	}
	return out, nil
}
