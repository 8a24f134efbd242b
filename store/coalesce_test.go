package store

import (
	"reflect"
	"testing"
)

func TestBatchRewrite(t *testing.T) {
	const head = "UNWIND $coalesced AS coalesced\nCALL (coalesced) {\n"
	cases := []struct {
		name, in, want string
		globals        []string
	}{
		{"parameters read from the row", "MATCH (r:R) WHERE r.key IN $keys AND r.y > $year RETURN collect(r) AS rows",
			"MATCH (r:R) WHERE r.key IN coalesced.p.`keys` AND r.y > coalesced.p.`year` RETURN collect(r) AS rows", nil},
		{"LIMIT and SKIP keep theirs", "WITH h ORDER BY h.s SKIP $skip LIMIT  $limit RETURN collect(h) AS rows",
			"WITH h ORDER BY h.s SKIP $skip LIMIT  $limit RETURN collect(h) AS rows", []string{"limit", "skip"}},
		{"scope clauses import the row", "CALL () { RETURN $a AS a } CALL (a, b) { RETURN 1 AS c } CALL(*) { RETURN 2 AS d } RETURN a",
			"CALL (coalesced) { RETURN coalesced.p.`a` AS a } CALL (coalesced, a, b) { RETURN 1 AS c } CALL(*) { RETURN 2 AS d } RETURN a", nil},
		{"procedures, strings, names and comments untouched",
			"CALL db.index.fulltext.queryNodes('idx_$x', $q) YIELD node // $c\nRETURN node.`$n` AS \"$s\", x.call(1) /* $b */",
			"CALL db.index.fulltext.queryNodes('idx_$x', coalesced.p.`q`) YIELD node // $c\nRETURN node.`$n` AS \"$s\", x.call(1) /* $b */", nil},
	}
	for _, tc := range cases {
		got, globals, ok := batchRewrite(tc.in)
		if !ok || got != head+tc.want || !reflect.DeepEqual(globals, tc.globals) {
			t.Errorf("%s:\n got %q %v %v\nwant %q %v", tc.name, got, globals, ok, head+tc.want, tc.globals)
		}
	}
	for _, in := range []string{
		"CALL { WITH x RETURN x AS y } RETURN y", // old-style import needs the row in its WITH
		"MATCH (n:$($label)) RETURN n",           // a dynamic label
		"RETURN $0 AS a",                         // a numbered parameter
		"WITH 1 AS coalesced RETURN coalesced",   // the row's name taken
		"RETURN 'unclosed AS a",                  // an unclosed string
		"RETURN $coalesced AS a",                 // the batch's parameter taken
	} {
		if _, _, ok := batchRewrite(in); ok {
			t.Errorf("%q: rewritten, want refused", in)
		}
	}
}
