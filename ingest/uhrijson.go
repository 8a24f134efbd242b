package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonStream yields the elements of one big JSON array, or of a stream of objects (NDJSON),
// one at a time: only the current element is in memory.
type jsonStream struct {
	dec   *json.Decoder
	array bool
	n     int // elements read
	buf   json.RawMessage
	err   error // sticky
}

func newJSONStream(br *bufio.Reader) (*jsonStream, error) {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	first := byte(0)
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			break // an empty file has no records
		}
		if err != nil {
			return nil, err
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			first = c
			_ = br.UnreadByte()
			break
		}
	}
	s := &jsonStream{dec: json.NewDecoder(br)}
	switch first {
	case 0, '{':
	case '[':
		s.array = true
		if _, err := s.dec.Token(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("not JSON: the file starts with %q, not an array or an object", first)
	}
	return s, nil
}

// next returns the next element and its 1-based number; io.EOF after the last one.
// The returned bytes are valid until the following call.
func (s *jsonStream) next() (json.RawMessage, int, error) {
	if s.err != nil {
		return nil, s.n, s.err
	}
	if s.array && !s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil || tok != json.Delim(']') {
			s.err = fmt.Errorf("after record %d: the array is not closed (%v)", s.n, errOr(err, "unexpected "+fmt.Sprint(tok)))
			return nil, s.n, s.err
		}
		if _, err := s.dec.Token(); err != io.EOF {
			s.err = fmt.Errorf("after record %d: data after the closing bracket", s.n)
			return nil, s.n, s.err
		}
		s.err = io.EOF
		return nil, s.n, io.EOF
	}
	if err := s.dec.Decode(&s.buf); err != nil {
		if err == io.EOF && !s.array {
			s.err = io.EOF
			return nil, s.n, io.EOF
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		s.err = fmt.Errorf("record %d: %w", s.n+1, err)
		return nil, s.n, s.err
	}
	s.n++
	return s.buf, s.n, nil
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// flex is a JSON value read as a list of strings: null, a string, a number or an array of
// those. UHRI's export writes single values and lists, strings and numbers, inconsistently.
type flex []string

func (f *flex) UnmarshalJSON(b []byte) error {
	*f = (*f)[:0]
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	if b[0] != '[' {
		s, ok, err := scalar(b)
		if err != nil {
			return err
		}
		if ok {
			*f = append(*f, s)
		}
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	for _, it := range items {
		s, ok, err := scalar(it)
		if err != nil {
			return err
		}
		if ok {
			*f = append(*f, s)
		}
	}
	return nil
}

// scalar reads a JSON string or number as text; null is no value.
func scalar(b []byte) (string, bool, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		return "", false, nil
	case b[0] == '"':
		if len(b) >= 2 && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			return string(b[1 : len(b)-1]), true, nil // no escapes: the common case, without a second parse
		}
		var s string
		err := json.Unmarshal(b, &s)
		return s, err == nil, err
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		if _, err := strconv.ParseFloat(string(b), 64); err != nil {
			return "", false, &json.UnmarshalTypeError{Value: "number " + string(b), Type: flexType}
		}
		return string(b), true, nil
	}
	what := "object"
	switch b[0] {
	case 't', 'f':
		what = "bool"
	case '[':
		what = "array"
	}
	return "", false, &json.UnmarshalTypeError{Value: what, Type: flexType}
}

var flexType = reflect.TypeFor[flex]()

// uhriRecord is an element of the UHRI bulk JSON export (field names match in any case).
// Regions, PublicationDateOnUhri and UprRecommendingRegions are read but not kept: the hub
// derives regions from States, and RecommendationRecord has no field for the UHRI date.
type uhriRecord struct {
	AnnotationID           flex `json:"AnnotationId"`
	AnnotationType         flex
	Body                   flex
	Countries              flex
	Symbol                 flex
	DocumentID             flex `json:"DocumentId"`
	PublicationDate        flex
	Themes                 flex
	AffectedPersons        flex
	Sdgs                   flex
	Text                   flex
	UprCycle               flex
	UprSession             flex
	UprPositions           flex
	UprRecommendingCountry flex
}

// uhriFields maps the export's keys to fields (and names them in rejections).
var uhriFields = []struct {
	f   field
	col string
	get func(*uhriRecord) flex
}{
	{fTextEN, "Text", func(x *uhriRecord) flex { return x.Text }},
	{fUhriAnnotationID, "AnnotationId", func(x *uhriRecord) flex { return x.AnnotationID }},
	{fType, "AnnotationType", func(x *uhriRecord) flex { return x.AnnotationType }},
	{fMechanism, "Body", func(x *uhriRecord) flex { return x.Body }},
	{fStates, "Countries", func(x *uhriRecord) flex { return x.Countries }},
	{fDocumentSymbol, "Symbol", func(x *uhriRecord) flex { return x.Symbol }},
	{fUhriDocumentID, "DocumentId", func(x *uhriRecord) flex { return x.DocumentID }},
	{fPublishedOn, "PublicationDate", func(x *uhriRecord) flex { return x.PublicationDate }},
	{fThemes, "Themes", func(x *uhriRecord) flex { return x.Themes }},
	{fGroups, "AffectedPersons", func(x *uhriRecord) flex { return x.AffectedPersons }},
	{fSdgs, "Sdgs", func(x *uhriRecord) flex { return x.Sdgs }},
	{fUprCycle, "UprCycle", func(x *uhriRecord) flex { return x.UprCycle }},
	{fUprSession, "UprSession", func(x *uhriRecord) flex { return x.UprSession }},
	{fPosition, "UprPositions", func(x *uhriRecord) flex { return x.UprPositions }},
	{fRecStates, "UprRecommendingCountry", func(x *uhriRecord) flex { return x.UprRecommendingCountry }},
}

type uhriJSONReader struct {
	s   *jsonStream
	n   *Normalizer
	rec uhriRecord
	raw rawRecord
}

func newUHRIJSONReader(br *bufio.Reader, n *Normalizer) (*uhriJSONReader, error) {
	s, err := newJSONStream(br)
	if err != nil {
		return nil, fmt.Errorf("uhri-json: %w", err)
	}
	return &uhriJSONReader{s: s, n: n}, nil
}

func (r *uhriJSONReader) Close() error { return nil }

func (r *uhriJSONReader) Next() (Row, *Rejection, error) {
	b, num, err := r.s.next()
	if err != nil {
		return Row{}, nil, err
	}
	r.rec = uhriRecord{}
	if err := json.Unmarshal(b, &r.rec); err != nil {
		return Row{}, jsonRejection(num, err), nil
	}
	raw := &r.raw
	raw.reset(num)
	for _, c := range uhriFields {
		raw.cols[c.f] = c.col
		raw.vals[c.f] = append(raw.vals[c.f], c.get(&r.rec)...)
	}
	row, rej := r.n.build(raw, profile{unNames: true})
	return row, rej, nil
}

// jsonRejection turns an element's decoding error into a rejection naming the field.
func jsonRejection(num int, err error) *Rejection {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return &Rejection{Line: num, Reason: fmt.Sprintf("not an object (a JSON %s)", te.Value)}
		}
		return &Rejection{Line: num, Field: te.Field, Reason: fmt.Sprintf("unexpected JSON %s", te.Value)}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &Rejection{Line: num, Field: strings.Trim(f, `"`), Reason: "unknown field"}
	}
	return &Rejection{Line: num, Reason: err.Error()}
}
