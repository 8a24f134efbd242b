package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Separators of multi-valued cells besides the newline. Theme labels may hold ";"
// ("Children: definition; general principles; protection"), so themes and groups split on
// "|" only; no State name, SDG label, position or key holds ";".
const (
	sepLabels = "|"
	sepCodes  = "|;"
	sepKeys   = "|;,"
)

// build normalises and validates one raw record. The first problem found rejects it.
func (n *Normalizer) build(r *rawRecord, p profile) (Row, *Rejection) {
	reject := func(f field, format string, args ...any) (Row, *Rejection) {
		return Row{}, &Rejection{Line: r.line, Field: r.col(f), Reason: fmt.Sprintf(format, args...)}
	}
	var rec store.RecommendationRecord

	texts := domain.Texts{}
	for _, tf := range textFields {
		if s := firstNonEmpty(r.vals[tf.f], cleanText); s != "" {
			texts[tf.lang] = s
		}
	}
	text, _, ok := texts.Pick("EN")
	if !ok {
		return reject(fTextEN, "empty text")
	}
	for _, tf := range textFields {
		if len(texts[tf.lang]) > maxTextBytes {
			return reject(tf.f, "text of %d bytes (over %d KB): not a recommendation's text (a broken file?)", len(texts[tf.lang]), maxTextBytes>>10)
		}
	}
	rec.Texts = texts
	var notes []Note
	note := func(kind string, f field, format string, args ...any) {
		notes = append(notes, Note{Line: r.line, Kind: kind, Field: r.col(f), Message: fmt.Sprintf(format, args...)})
	}

	para := strings.TrimSuffix(firstNonEmpty(r.vals[fParagraph], cleanLabel), ".")
	if para == "" {
		para, _ = leadingParagraph(text)
	}
	if para != "" {
		rec.Paragraph = &para
	}

	symbol := firstNonEmpty(r.vals[fDocumentSymbol], cleanLabel)
	symMech, docType := n.symbolInfo(symbol)
	if label := firstNonEmpty(r.vals[fMechanism], cleanLabel); label != "" {
		m, ok := n.Mechanism(label)
		if !ok {
			return reject(fMechanism, "unknown body %q", label)
		}
		rec.Mechanism = m
	} else if symMech != nil {
		rec.Mechanism = symMech
	} else if p.mechanismKey != "" {
		rec.Mechanism = n.mechanisms[p.mechanismKey]
	}
	isUPR := rec.Mechanism != nil && rec.Mechanism.Kind == "UPR"
	rec.Type = n.RecommendationType(firstNonEmpty(r.vals[fType], cleanLabel))

	if s := firstNonEmpty(r.vals[fPublishedOn], cleanLabel); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			return reject(fPublishedOn, "malformed date: %v", err)
		}
		rec.PublishedOn = &d
	}
	if s := firstNonEmpty(r.vals[fYear], cleanLabel); s != "" {
		y, err := parseYear(s)
		if err != nil {
			return reject(fYear, "malformed year: %v", err)
		}
		rec.Year = &y
	} else if rec.PublishedOn != nil {
		y := rec.PublishedOn.Year()
		rec.Year = &y
	}
	if s := firstNonEmpty(r.vals[fUprSession], cleanLabel); s != "" {
		v, err := parseNumber(s, 1, 200)
		if err != nil {
			return reject(fUprSession, "malformed UPR session: %v", err)
		}
		rec.UprSession = &v
	}
	if s := firstNonEmpty(r.vals[fUprCycle], cleanLabel); s != "" {
		v, err := parseNumber(s, 1, 20)
		if err != nil {
			return reject(fUprCycle, "malformed UPR cycle: %v", err)
		}
		rec.UprCycle = &v
	} else if isUPR {
		rec.UprCycle = uprCycle(rec.UprSession, rec.Year)
	}
	if s := firstNonEmpty(r.vals[fUhriAnnotationID], cleanLabel); s != "" {
		rec.UhriAnnotationID = &s
	}

	var doc *DocumentRef
	docKey := firstNonEmpty(r.vals[fDocumentKey], cleanLabel)
	if docKey == "" {
		docKey = DocumentKey(symbol)
	}
	if docKey != "" {
		if rec.Mechanism != nil && docType == "HRC_REPORT" {
			switch rec.Mechanism.Kind {
			case "UPR":
				docType = "UPR_WG_REPORT"
			case "SPECIAL_PROCEDURE":
				docType = "SPECIAL_PROCEDURE_REPORT"
			}
		}
		doc = &DocumentRef{Key: docKey, Symbol: symbol, Title: firstNonEmpty(r.vals[fDocumentTitle], cleanLabel), Type: docType,
			Year: rec.Year, PublishedOn: rec.PublishedOn, UhriDocumentID: firstNonEmpty(r.vals[fUhriDocumentID], cleanLabel)}
		k := doc.Key
		rec.DocumentKey = &k
	}

	// States named in the text's closing brackets: the recommending States of a UPR text,
	// and the context that decides an ambiguous short name in a column.
	var fromText []string
	for _, g := range trailingGroups(text) {
		if codes, ok := n.statesInPhrase(g); ok {
			for _, c := range codes {
				fromText = appendUnique(fromText, c)
			}
		}
	}
	// resolve reads one column of State names; a Rejection rejects the record.
	symbolState, _ := n.stateFromSymbol(symbol)
	resolve := func(f field, into *[]string) *Rejection {
		context := fromText
		if f == fStates {
			context = []string{symbolState}
		}
		for _, v := range splitValues(r.vals[f], sepCodes) {
			m := n.matchStates(v, r.codes[f], context, p.unNames)
			switch {
			case len(m.candidates) > 0:
				var names []string
				for _, c := range m.candidates {
					name, _ := n.StateName(c)
					names = append(names, fmt.Sprintf("%s (%s)", name, c))
				}
				return &Rejection{Line: r.line, Field: r.col(f), Reason: fmt.Sprintf("ambiguous State %q: %s; the record does not say which", v, strings.Join(names, " or "))}
			case len(m.codes) == 0:
				reason := fmt.Sprintf("unknown State %q", v)
				if len(m.suggest) > 0 {
					reason += fmt.Sprintf("; did you mean %s?", strings.Join(quoteAll(m.suggest), " or "))
				}
				return &Rejection{Line: r.line, Field: r.col(f), Reason: reason}
			case m.fuzzy != "":
				note(NoteResolved, f, "%q → %s (%s)", v, m.codes[0], m.fuzzy)
			}
			for _, c := range m.codes {
				*into = appendUnique(*into, c)
			}
		}
		return nil
	}
	if rej := resolve(fStates, &rec.StateCodes); rej != nil {
		return Row{}, rej
	}
	if len(rec.StateCodes) == 0 {
		if symbolState == "" {
			if symbol == "" {
				return reject(fStates, "no State under review")
			}
			return reject(fStates, "no State under review, and none in the document symbol %q", symbol)
		}
		rec.StateCodes = []string{symbolState}
	}
	if rej := resolve(fRecStates, &rec.RecommendingStateCodes); rej != nil {
		// A broken column ("Islamic Republic of") with the States in the text: the text wins.
		if len(fromText) == 0 || !isUPR {
			return Row{}, rej
		}
		note(NoteResolved, fRecStates, "%s; the text's closing brackets name %s", rej.Reason, strings.Join(fromText, ", "))
		rec.RecommendingStateCodes = nil
	}
	if isUPR {
		// UPR texts end with the recommending States in brackets, "… (Chile and Peru);",
		// "… (Maldives) (Portugal);": every one of them is a recommending State.
		for _, c := range fromText {
			rec.RecommendingStateCodes = appendUnique(rec.RecommendingStateCodes, c)
		}
	}

	var pos *domain.Position
	for _, v := range splitValues(r.vals[fPosition], sepCodes) {
		val, label, src, srcPara, ok := n.parsePosition(v)
		if !ok {
			note(NoteWarning, fPosition, "position %q not mapped (the record is kept without a position)", v)
			continue
		}
		if pos == nil {
			pos = &domain.Position{Value: val, Label: &label}
		} else {
			pos.Value = combinePositions(pos.Value, val)
			both := *pos.Label + " | " + label
			pos.Label = &both
		}
		if src != "" && pos.SourceSymbol == nil {
			pos.SourceSymbol = &src
		}
		if srcPara != "" && pos.SourceParagraph == nil {
			pos.SourceParagraph = &srcPara
		}
	}
	src, srcPara := firstNonEmpty(r.vals[fPositionSource], cleanLabel), firstNonEmpty(r.vals[fPositionParagraph], cleanLabel)
	if src != "" && pos != nil {
		pos.SourceSymbol = &src
	}
	if srcPara != "" && pos != nil {
		pos.SourceParagraph = &srcPara
	}
	rec.Position = pos

	var unknown []UnknownLabel
	// taxonomy reads a field of taxonomy labels into keys; a label the hub does not know is
	// noted, under its kind ("theme", "affected group"), and kept in unknown.
	taxonomy := func(f field, kind string, key func(string) (string, bool), keys *[]string) {
		for _, v := range splitValues(r.vals[f], sepLabels) {
			k, ok := key(v)
			if !ok {
				unknown = append(unknown, UnknownLabel{Kind: kind, Label: v})
				note(NoteWarning, f, "%s %q not in the hub's taxonomy", kind, v)
				continue
			}
			*keys = appendUnique(*keys, k)
		}
	}
	taxonomy(fThemes, LabelTheme, n.ThemeKey, &rec.ThemeKeys)
	taxonomy(fGroups, LabelGroup, n.AffectedGroupKey, &rec.AffectedGroupKeys)
	for _, v := range splitValues(r.vals[fSdgs], sepCodes) {
		c, ok := n.SdgCode(v)
		if !ok {
			return reject(fSdgs, "unknown SDG %q", v)
		}
		rec.SdgCodes = appendUnique(rec.SdgCodes, c)
	}
	for _, v := range splitValues(r.vals[fSources], sepKeys) {
		rec.SourceKeys = appendUnique(rec.SourceKeys, v)
	}

	rec.Key = firstNonEmpty(r.vals[fKey], cleanLabel)
	if rec.Key == "" {
		uhri := ""
		if rec.UhriAnnotationID != nil {
			uhri = *rec.UhriAnnotationID
		}
		rec.Key = domain.RecommendationKey(uhri, docKey, para, strings.Join(rec.StateCodes, ","), text)
	}
	return Row{Line: r.line, Record: rec, Document: doc, Notes: notes, UnknownLabels: unknown}, nil
}

// maxTextBytes bounds one text field: a longer one is a file whose quoting broke, not a text.
const maxTextBytes = 64 << 10

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

func firstNonEmpty(vals []string, clean func(string) string) string {
	for _, v := range vals {
		if s := clean(v); s != "" {
			return s
		}
	}
	return ""
}

// uprCycle derives the UPR cycle from the session (cycle 1 had sessions 1–12; later cycles
// have 14 sessions each: 13–26, 27–40, 41–54) or, failing that, from the year (1: 2008–2011,
// 2: 2012–2016, 3: 2017–2021, 4: 2022–; 2022 held the last session of cycle 3 too, so a
// session, when known, wins).
func uprCycle(session, year *int) *int {
	var c int
	switch {
	case session != nil && *session <= 12:
		c = 1
	case session != nil:
		c = 2 + (*session-13)/14
	case year == nil || *year < 2008:
		return nil
	case *year <= 2011:
		c = 1
	case *year <= 2016:
		c = 2
	case *year <= 2021:
		c = 3
	default:
		c = 4
	}
	return &c
}

var (
	positionParaRe   = regexp.MustCompile(`(?i)\bpara(?:graph)?s?\.?\s*(\d+(?:\.\d+)*)`)
	positionSymbolRe = regexp.MustCompile(`[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.\-]+)+`)
)

// parsePosition reads "Supported", "Noted", "Supported/Noted", optionally followed by where
// the State said so: "Supported - A/HRC/59/15/Add.1 - Para.3", "Noted (A/HRC/59/15/Add.1)".
func (n *Normalizer) parsePosition(s string) (val domain.PositionValue, label, src, para string, ok bool) {
	label, rest := s, ""
	if i := strings.IndexAny(label, "(:"); i > 0 {
		label, rest = label[:i], label[i:]
	}
	if i := strings.Index(label, " - "); i > 0 {
		label, rest = label[:i], label[i:]+rest
	}
	label = strings.TrimSpace(label)
	val, ok = n.PositionValue(label)
	if !ok {
		return "", "", "", "", false
	}
	src = strings.TrimRight(positionSymbolRe.FindString(rest), ".-")
	if m := positionParaRe.FindStringSubmatch(rest); m != nil {
		para = m[1]
	}
	return val, label, src, para, true
}

// combinePositions merges two positions given on one recommendation: Supported and Noted
// make Supported/Noted; Pending yields to the other.
func combinePositions(a, b domain.PositionValue) domain.PositionValue {
	switch {
	case a == b:
		return a
	case a == "PENDING":
		return b
	case b == "PENDING":
		return a
	}
	return "PARTIALLY_SUPPORTED"
}
