package store

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Values are written with their types, and a value the importer's CSV cannot carry exactly
// is refused with a reason, never written approximately.
func TestAppendCellTypesAndRefusals(t *testing.T) {
	zurich, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		t.Skip("no time zone database")
	}
	for _, c := range []struct {
		v          any
		cell, typ  string
		refusedFor string
	}{
		{v: `say "no", twice`, cell: `"say ""no"", twice"`, typ: "string"},
		{v: "", cell: `""`, typ: "string"},
		{v: "two\r\nlines", cell: "\"two\r\nlines\"", typ: "string"},
		{v: int64(-42), cell: "-42", typ: "long"},
		{v: 0.1, cell: "0.1", typ: "double"},
		{v: true, cell: "true", typ: "boolean"},
		{v: neo4j.DateOf(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), cell: "2024-02-29", typ: "date"},
		{v: neo4j.LocalDateTimeOf(time.Date(2026, 12, 3, 7, 8, 9, 123456789, time.UTC)), cell: "2026-12-03T07:08:09.123456789", typ: "localdatetime"},
		{v: time.Date(2026, 12, 3, 7, 8, 9, 0, time.FixedZone("Offset", 3600)), cell: "2026-12-03T07:08:09+01:00", typ: "datetime"},
		{v: []any{"EN", `F"R`}, cell: "\"EN" + ArrayDelimiter + `F""R"`, typ: "string[]"},
		{v: []any{int64(1), int64(2)}, cell: "\"1" + ArrayDelimiter + "2\"", typ: "long[]"},
		{v: []any{}, refusedFor: "empty list"},
		{v: []any{"a", int64(1)}, refusedFor: "mixed"},
		{v: []any{"a" + ArrayDelimiter + "b"}, refusedFor: "separator"},
		{v: math.NaN(), refusedFor: "no CSV form"},
		{v: time.Date(2026, 1, 1, 0, 0, 0, 0, zurich), refusedFor: "named zone"},
		{v: []byte("x"), refusedFor: "no CSV form"},
	} {
		b, typ, err := appendCell(nil, c.v)
		switch {
		case c.refusedFor != "":
			if err == nil || !strings.Contains(err.Error(), c.refusedFor) {
				t.Errorf("%#v: want a refusal for %q, got %q %v", c.v, c.refusedFor, b, err)
			}
		case err != nil || string(b) != c.cell || typ != c.typ:
			t.Errorf("%#v: got %q %s %v, want %q %s", c.v, b, typ, err, c.cell, c.typ)
		}
	}
}
