package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

func fullRecord() (store.RecommendationRecord, *DocumentRef) {
	d := domain.NewDate(2024, time.July, 8)
	doc := &DocumentRef{Key: "a-hrc-57-12", Symbol: "A/HRC/57/12", Title: "Report of the Working Group: Costa Rica",
		Type: "UPR_WG_REPORT", Year: ptr(2024), PublishedOn: &d, UhriDocumentID: "7d1c0000-0000-4000-8000-000000000001"}
	return store.RecommendationRecord{
		Key: "uhri-x", Texts: domain.Texts{"EN": "119.10 Ratify (Chile and Peru);", "ES": "119.10 Ratificar (Chile y Perú);", "FR": "119.10 Ratifier"},
		Paragraph: ptr("119.10"), Type: "RECOMMENDATION", PublishedOn: &d, Year: ptr(2024), UprCycle: ptr(4), UprSession: ptr(47),
		UhriAnnotationID: ptr("X"), Mechanism: &domain.Mechanism{Key: "upr", Code: "UPR", Kind: "UPR", Names: domain.Texts{"EN": "Universal Periodic Review"}},
		DocumentKey: ptr("a-hrc-57-12"),
		Position:    &domain.Position{Value: "PARTIALLY_SUPPORTED", SourceSymbol: ptr("A/HRC/57/12/Add.1"), SourceParagraph: ptr("3")},
		StateCodes:  []string{"CRI"}, RecommendingStateCodes: []string{"CHL", "PER"}, ThemeKeys: []string{"right-to-health"},
		AffectedGroupKeys: []string{"children"}, SdgCodes: []string{"16", "16.2"}, SourceKeys: []string{"uhri-2026-05"},
		Aliases: []string{"doc:a-hrc-57-12#119.3"},
	}, doc
}

// A record survives ToHubRecord → JSON → FromHubRecord unchanged.
func TestHubRecordRoundTrip(t *testing.T) {
	full, doc := fullRecord()
	// fullRecord sets every field, so a field added to RecommendationRecord fails here until
	// HubRecord carries it.
	v := reflect.ValueOf(full)
	for i := range v.NumField() {
		if v.Type().Field(i).IsExported() && v.Field(i).IsZero() {
			t.Errorf("fullRecord does not set RecommendationRecord.%s", v.Type().Field(i).Name)
		}
	}
	for name, c := range map[string]struct {
		rec store.RecommendationRecord
		doc *DocumentRef
	}{
		"full":    {full, doc},
		"minimal": {store.RecommendationRecord{Key: "h-1", Texts: domain.Texts{"EN": "x"}, Type: "OTHER"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(ToHubRecord(c.rec, c.doc))
			if err != nil {
				t.Fatal(err)
			}
			var h HubRecord
			if err := json.Unmarshal(b, &h); err != nil {
				t.Fatal(err)
			}
			rec, d, err := FromHubRecord(h)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rec, c.rec) {
				t.Errorf("record\n got %+v\nwant %+v\njson %s", rec, c.rec, b)
			}
			if !reflect.DeepEqual(d, c.doc) {
				t.Errorf("document\n got %+v\nwant %+v", d, c.doc)
			}
		})
	}
}

// Every row read from every fixture is exported to hub-json and read back, through the
// hub-json reader with its checks, unchanged.
func TestHubJSONRoundTripThroughFiles(t *testing.T) {
	n := mustNormalizer(t)
	var rows []Row
	for _, tc := range goldenCases {
		f, err := os.Open(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		_, rs := drain(t, f, tc.file, tc.opts, n)
		f.Close()
		rows = append(rows, rs...)
	}
	_, rs := drain(t, bytes.NewReader(xlsxFixture(t)), "x.xlsx", Options{}, n)
	rows = append(rows, rs...)
	full, doc := fullRecord()
	rows = append(rows, Row{Record: full, Document: doc})

	for _, ndjson := range []bool{false, true} {
		var buf bytes.Buffer
		if !ndjson {
			buf.WriteString("[\n")
		}
		for i, r := range rows {
			b, err := json.Marshal(ToHubRecord(r.Record, r.Document))
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && !ndjson {
				buf.WriteString(",\n")
			}
			buf.Write(b)
			if ndjson {
				buf.WriteByte('\n')
			}
		}
		if !ndjson {
			buf.WriteString("\n]\n")
		}
		g, back := drain(t, &buf, "export.json", Options{}, n) // the format is guessed
		if g.Error != "" || len(back) != len(rows) {
			t.Fatalf("ndjson %v: read %d of %d rows back; %+v", ndjson, len(back), len(rows), g)
		}
		for i := range rows {
			if !reflect.DeepEqual(back[i].Record, rows[i].Record) || !reflect.DeepEqual(back[i].Document, rows[i].Document) {
				t.Errorf("ndjson %v, row %d:\n got %+v %+v\nwant %+v %+v", ndjson, i, back[i].Record, back[i].Document, rows[i].Record, rows[i].Document)
			}
		}
	}
	if len(rows) < 40 {
		t.Errorf("only %d rows in the fixtures", len(rows))
	}
}

func TestHubRecordChecks(t *testing.T) {
	n := mustNormalizer(t)
	base := func() HubRecord {
		return HubRecord{Texts: map[string]string{"en": "x"}, StateCodes: []string{"CRI"}}
	}
	for name, c := range map[string]struct {
		edit  func(*HubRecord)
		field string
	}{
		"bad type":          {func(h *HubRecord) { h.Type = "NOPE" }, "type"},
		"bad position":      {func(h *HubRecord) { h.Position = "YES" }, "position"},
		"source, no value":  {func(h *HubRecord) { h.PositionSource = ptr("A/1") }, "position"},
		"mechanism kind":    {func(h *HubRecord) { h.Mechanism = &HubMechanism{Key: "crc", Kind: "UPR"} }, "mechanism"},
		"mechanism bad":     {func(h *HubRecord) { h.Mechanism = &HubMechanism{Key: "crc", Kind: "NOPE"} }, "mechanism"},
		"year":              {func(h *HubRecord) { h.Year = ptr(1800) }, "year"},
		"cycle":             {func(h *HubRecord) { h.UprCycle = ptr(0) }, "uprCycle"},
		"session":           {func(h *HubRecord) { h.UprSession = ptr(999) }, "uprSession"},
		"recommending":      {func(h *HubRecord) { h.RecommendingStateCodes = []string{"Narnia"} }, "recommendingStateCodes"},
		"group":             {func(h *HubRecord) { h.AffectedGroupKeys = []string{"nope"} }, "affectedGroupKeys"},
		"sdg":               {func(h *HubRecord) { h.SdgCodes = []string{"18"} }, "sdgCodes"},
		"source key":        {func(h *HubRecord) { h.SourceKeys = []string{" "} }, "sourceKeys"},
		"document date":     {func(h *HubRecord) { h.Document = &HubDocument{Key: "d", PublishedOn: "x"} }, "document.publishedOn"},
		"document, no key":  {func(h *HubRecord) { h.Document = &HubDocument{} }, "document"},
		"mechanism names":   {func(h *HubRecord) { h.Mechanism = &HubMechanism{Key: "crc", Names: map[string]string{"xx": "y"}} }, "mechanism"},
		"no text, only ES":  {func(h *HubRecord) { h.Texts = map[string]string{"es": ""} }, "texts"},
		"unknown mechanism": {func(h *HubRecord) { h.Mechanism = &HubMechanism{Key: "nope"} }, "mechanism"},
	} {
		t.Run(name, func(t *testing.T) {
			h := base()
			c.edit(&h)
			if _, f, err := n.hubRow(&h); err == nil || f != c.field {
				t.Errorf("field %q, error %v; want an error on %s", f, err, c.field)
			}
		})
	}
	h := base()
	h.Mechanism = &HubMechanism{Key: "crc"}
	h.Document = &HubDocument{Symbol: "CRC/C/PER/CO/6-7"}
	h.StateCodes = []string{"Peru"} // names are accepted and become codes
	row, _, err := n.hubRow(&h)
	if err != nil {
		t.Fatal(err)
	}
	if m := row.Record.Mechanism; m.Code != "CRC" || m.Kind != "TREATY_BODY" || m.Names["EN"] == "" {
		t.Errorf("mechanism not completed from the table: %+v", m)
	}
	if *row.Record.DocumentKey != "crc-c-per-co-6-7" || row.Record.StateCodes[0] != "PER" || row.Record.Key == "" {
		t.Errorf("record %+v", row.Record)
	}
	if d := row.Document.Document(); d.Title != "CRC/C/PER/CO/6-7" || *d.Symbol != "CRC/C/PER/CO/6-7" {
		t.Errorf("document %+v", d)
	}
}
