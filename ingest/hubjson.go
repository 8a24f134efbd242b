package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// HubRecord is the hub's own JSON form of a recommendation, written by export and read back
// by the hub-json format: every field of store.RecommendationRecord plus its document.
// ToHubRecord and FromHubRecord convert without loss (empty lists come back as nil).
type HubRecord struct {
	Key                    string            `json:"key"`
	Texts                  map[string]string `json:"texts"` // lowercase language code → text
	Paragraph              *string           `json:"paragraph,omitempty"`
	Type                   string            `json:"type"`
	PublishedOn            string            `json:"publishedOn,omitempty"` // YYYY-MM-DD
	Year                   *int              `json:"year,omitempty"`
	UprCycle               *int              `json:"uprCycle,omitempty"`
	UprSession             *int              `json:"uprSession,omitempty"`
	UhriAnnotationID       *string           `json:"uhriAnnotationId,omitempty"`
	Mechanism              *HubMechanism     `json:"mechanism,omitempty"`
	DocumentKey            *string           `json:"documentKey,omitempty"`
	Document               *HubDocument      `json:"document,omitempty"`
	Position               string            `json:"position,omitempty"`
	PositionLabel          *string           `json:"positionLabel,omitempty"`
	PositionSource         *string           `json:"positionSource,omitempty"`
	PositionParagraph      *string           `json:"positionParagraph,omitempty"`
	StateCodes             []string          `json:"stateCodes"`
	RecommendingStateCodes []string          `json:"recommendingStateCodes"`
	ThemeKeys              []string          `json:"themeKeys"`
	AffectedGroupKeys      []string          `json:"affectedGroupKeys"`
	SdgCodes               []string          `json:"sdgCodes"`
	SourceKeys             []string          `json:"sourceKeys"`
	// Aliases are identities of the recommendation in other sources (see
	// domain.RecommendationAliases) besides those its own fields give.
	Aliases []string `json:"aliases,omitempty"`
}

// HubMechanism is a recommendation's mechanism in a HubRecord.
type HubMechanism struct {
	Key   string            `json:"key"`
	Code  string            `json:"code,omitempty"`
	Kind  string            `json:"kind,omitempty"`
	Names map[string]string `json:"names,omitempty"`
}

// HubDocument is a recommendation's document in a HubRecord.
type HubDocument struct {
	Key            string `json:"key"`
	Symbol         string `json:"symbol,omitempty"`
	Title          string `json:"title,omitempty"`
	Type           string `json:"type,omitempty"`
	Year           *int   `json:"year,omitempty"`
	PublishedOn    string `json:"publishedOn,omitempty"`
	UhriDocumentID string `json:"uhriDocumentId,omitempty"`
}

// ToHubRecord is the export form of a record and its document (doc may be nil).
func ToHubRecord(r store.RecommendationRecord, doc *DocumentRef) HubRecord {
	h := HubRecord{
		Key: r.Key, Texts: textsOut(r.Texts), Paragraph: r.Paragraph, Type: string(r.Type), Year: r.Year,
		UprCycle: r.UprCycle, UprSession: r.UprSession, UhriAnnotationID: r.UhriAnnotationID, DocumentKey: r.DocumentKey,
		StateCodes: list(r.StateCodes), RecommendingStateCodes: list(r.RecommendingStateCodes), ThemeKeys: list(r.ThemeKeys), Aliases: r.Aliases,
		AffectedGroupKeys: list(r.AffectedGroupKeys), SdgCodes: list(r.SdgCodes), SourceKeys: list(r.SourceKeys),
	}
	if r.PublishedOn != nil {
		h.PublishedOn = r.PublishedOn.String()
	}
	if m := r.Mechanism; m != nil {
		h.Mechanism = &HubMechanism{Key: m.Key, Code: m.Code, Kind: string(m.Kind), Names: textsOut(m.Names)}
	}
	if p := r.Position; p != nil {
		h.Position, h.PositionLabel, h.PositionSource, h.PositionParagraph = string(p.Value), p.Label, p.SourceSymbol, p.SourceParagraph
	}
	if doc != nil {
		h.Document = &HubDocument{Key: doc.Key, Symbol: doc.Symbol, Title: doc.Title, Type: doc.Type, Year: doc.Year,
			UhriDocumentID: doc.UhriDocumentID}
		if doc.PublishedOn != nil {
			h.Document.PublishedOn = doc.PublishedOn.String()
		}
	}
	return h
}

// FromHubRecord converts a HubRecord back. It checks the form of each value (dates, enum
// values, language codes) but not that States, themes or mechanisms exist; the hub-json
// reader does that too.
func FromHubRecord(h HubRecord) (store.RecommendationRecord, *DocumentRef, error) {
	rec, doc, f, err := fromHub(&h)
	if err != nil {
		return rec, doc, fmt.Errorf("field %s: %w", f, err)
	}
	return rec, doc, nil
}

func fromHub(h *HubRecord) (store.RecommendationRecord, *DocumentRef, string, error) {
	r := store.RecommendationRecord{
		Key: h.Key, Paragraph: h.Paragraph, Type: domain.RecommendationType(h.Type), Year: h.Year, UprCycle: h.UprCycle,
		UprSession: h.UprSession, UhriAnnotationID: h.UhriAnnotationID, DocumentKey: h.DocumentKey,
		StateCodes: unlist(h.StateCodes), RecommendingStateCodes: unlist(h.RecommendingStateCodes), ThemeKeys: unlist(h.ThemeKeys), Aliases: h.Aliases,
		AffectedGroupKeys: unlist(h.AffectedGroupKeys), SdgCodes: unlist(h.SdgCodes), SourceKeys: unlist(h.SourceKeys),
	}
	var err error
	if r.Texts, err = textsIn(h.Texts); err != nil {
		return r, nil, "texts", err
	}
	if r.Type == "" {
		r.Type = "RECOMMENDATION"
	}
	if !domain.Valid(r.Type, domain.RecommendationTypes) {
		return r, nil, "type", fmt.Errorf("unknown type %q", h.Type)
	}
	if h.PublishedOn != "" {
		d, err := ParseDate(h.PublishedOn)
		if err != nil {
			return r, nil, "publishedOn", fmt.Errorf("malformed date: %w", err)
		}
		r.PublishedOn = &d
	}
	if m := h.Mechanism; m != nil {
		names, err := textsIn(m.Names)
		if err != nil {
			return r, nil, "mechanism", err
		}
		r.Mechanism = &domain.Mechanism{Key: m.Key, Code: m.Code, Kind: domain.MechanismKind(m.Kind), Names: names}
		if m.Kind != "" && !domain.Valid(r.Mechanism.Kind, domain.MechanismKinds) {
			return r, nil, "mechanism", fmt.Errorf("unknown kind %q", m.Kind)
		}
	}
	if h.Position != "" {
		v := domain.PositionValue(h.Position)
		if !domain.Valid(v, domain.PositionValues) {
			return r, nil, "position", fmt.Errorf("unknown position %q", h.Position)
		}
		r.Position = &domain.Position{Value: v, Label: h.PositionLabel, SourceSymbol: h.PositionSource, SourceParagraph: h.PositionParagraph}
	} else if h.PositionSource != nil || h.PositionParagraph != nil || h.PositionLabel != nil {
		return r, nil, "position", fmt.Errorf("a position source without a position")
	}
	var doc *DocumentRef
	if d := h.Document; d != nil {
		doc = &DocumentRef{Key: d.Key, Symbol: d.Symbol, Title: d.Title, Type: d.Type, Year: d.Year, UhriDocumentID: d.UhriDocumentID}
		if d.PublishedOn != "" {
			p, err := ParseDate(d.PublishedOn)
			if err != nil {
				return r, nil, "document.publishedOn", fmt.Errorf("malformed date: %w", err)
			}
			doc.PublishedOn = &p
		}
		if doc.Key == "" {
			doc.Key = DocumentKey(doc.Symbol)
		}
		if doc.Key == "" {
			return r, nil, "document", fmt.Errorf("a document needs a key or a symbol")
		}
		if r.DocumentKey == nil {
			k := doc.Key
			r.DocumentKey = &k
		} else if *r.DocumentKey != doc.Key {
			return r, nil, "documentKey", fmt.Errorf("%q is not the key of the document (%q)", *r.DocumentKey, doc.Key)
		}
	}
	return r, doc, "", nil
}

func textsOut(t domain.Texts) map[string]string {
	if t == nil {
		return nil
	}
	out := make(map[string]string, len(t))
	for l, s := range t {
		out[l.Code()] = s
	}
	return out
}

func textsIn(m map[string]string) (domain.Texts, error) {
	if len(m) == 0 {
		return nil, nil
	}
	return domain.ParseTexts(m, "")
}

func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func unlist(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

type hubJSONReader struct {
	s *jsonStream
	n *Normalizer
}

func newHubJSONReader(br *bufio.Reader, n *Normalizer) (*hubJSONReader, error) {
	s, err := newJSONStream(br)
	if err != nil {
		return nil, fmt.Errorf("hub-json: %w", err)
	}
	return &hubJSONReader{s: s, n: n}, nil
}

func (r *hubJSONReader) Close() error { return nil }

func (r *hubJSONReader) Next() (Row, *Rejection, error) {
	b, num, err := r.s.next()
	if err != nil {
		return Row{}, nil, err
	}
	var h HubRecord
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a misspelt field would otherwise vanish
	if err := dec.Decode(&h); err != nil {
		return Row{}, jsonRejection(num, err), nil
	}
	row, f, err := r.n.hubRow(&h)
	if err != nil {
		return Row{}, &Rejection{Line: num, Field: f, Reason: err.Error()}, nil
	}
	row.Line = num
	return row, nil, nil
}

// hubRow converts and validates a HubRecord: the hub's own data is taken as it is (no
// paragraph or State recovered from the text), but every reference must exist.
func (n *Normalizer) hubRow(h *HubRecord) (Row, string, error) {
	rec, doc, f, err := fromHub(h)
	if err != nil {
		return Row{}, f, err
	}
	text, _, ok := rec.Texts.Pick("EN")
	if !ok || strings.TrimSpace(text) == "" {
		return Row{}, "texts", fmt.Errorf("empty text")
	}
	if m := rec.Mechanism; m != nil {
		known, ok := n.mechanisms[m.Key]
		switch {
		case !ok:
			return Row{}, "mechanism", fmt.Errorf("unknown mechanism %q", m.Key)
		case m.Code != "" && m.Code != known.Code || m.Kind != "" && m.Kind != known.Kind:
			return Row{}, "mechanism", fmt.Errorf("mechanism %s is %s (%s), not %s (%s)", m.Key, known.Code, known.Kind, m.Code, m.Kind)
		}
		if m.Code == "" || m.Kind == "" || m.Names == nil {
			rec.Mechanism = &domain.Mechanism{Key: m.Key, Code: known.Code, Kind: known.Kind, Names: m.Names}
			if m.Names == nil {
				rec.Mechanism.Names = known.Names
			}
		}
	}
	if y := rec.Year; y != nil && (*y < minYear || *y > maxYear) {
		return Row{}, "year", fmt.Errorf("malformed year: %d is not between %d and %d", *y, minYear, maxYear)
	}
	if c := rec.UprCycle; c != nil && (*c < 1 || *c > 20) {
		return Row{}, "uprCycle", fmt.Errorf("malformed UPR cycle %d", *c)
	}
	if s := rec.UprSession; s != nil && (*s < 1 || *s > 200) {
		return Row{}, "uprSession", fmt.Errorf("malformed UPR session %d", *s)
	}
	for _, c := range []struct {
		field string
		list  []string
		find  func(string) (string, bool)
		what  string
	}{
		{"stateCodes", rec.StateCodes, n.StateCode, "State"},
		{"recommendingStateCodes", rec.RecommendingStateCodes, n.StateCode, "State"},
		{"themeKeys", rec.ThemeKeys, n.ThemeKey, "theme"},
		{"affectedGroupKeys", rec.AffectedGroupKeys, n.AffectedGroupKey, "affected group"},
		{"sdgCodes", rec.SdgCodes, n.SdgCode, "SDG"},
	} {
		for i, v := range c.list {
			k, ok := c.find(v)
			if !ok {
				return Row{}, c.field, fmt.Errorf("unknown %s %q", c.what, v)
			}
			c.list[i] = k
		}
	}
	for _, k := range rec.SourceKeys {
		if strings.TrimSpace(k) == "" {
			return Row{}, "sourceKeys", fmt.Errorf("empty source key")
		}
	}
	if rec.Key == "" {
		uhri, docKey, para := "", "", ""
		if rec.UhriAnnotationID != nil {
			uhri = *rec.UhriAnnotationID
		}
		if rec.DocumentKey != nil {
			docKey = *rec.DocumentKey
		}
		if rec.Paragraph != nil {
			para = *rec.Paragraph
		}
		rec.Key = domain.RecommendationKey(uhri, docKey, para, strings.Join(rec.StateCodes, ","), text)
	}
	return Row{Record: rec, Document: doc}, "", nil
}
