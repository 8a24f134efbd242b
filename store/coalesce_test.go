package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
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
		got, globals, _, ok := batchRewrite(tc.in)
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
		if _, _, _, ok := batchRewrite(in); ok {
			t.Errorf("%q: rewritten, want refused", in)
		}
	}
}

// A request lacking a parameter never shares a statement: batched, the parameter would read
// as null where alone Neo4j refuses the statement. Different columns make different lanes.
func TestLaneKey(t *testing.T) {
	sh := &batchShape{text: "MATCH (r) WHERE r.k = $k RETURN collect(r) AS rows LIMIT $n"}
	var ok bool
	if sh.batched, sh.globals, sh.locals, ok = batchRewrite(sh.text); !ok {
		t.Fatal("not rewritten")
	}
	if _, ok := laneKey(sh, map[string]any{"n": 3}, []string{"rows"}); ok {
		t.Error("a request without $k joined a lane")
	}
	a, okA := laneKey(sh, map[string]any{"k": "x", "n": 3}, []string{"rows"})
	b, okB := laneKey(sh, map[string]any{"k": "y", "n": 3}, []string{"rows"})
	c, _ := laneKey(sh, map[string]any{"k": "x", "n": 4}, []string{"rows"})
	d, _ := laneKey(sh, map[string]any{"k": "x", "n": 3}, []string{"other"})
	if !okA || !okB || a != b || a == c || a == d {
		t.Errorf("lanes: same values of LIMIT and columns must share one, others not (%v %v %q %q %q %q)", okA, okB, a, b, c, d)
	}
}

// A text whose shared statements keep failing for another reason than its text runs alone
// for a while; one Neo4j refuses runs alone for good; a success in between resets the count.
func TestBatchShapePausesAfterFailures(t *testing.T) {
	transient := &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "memory"}
	sh := &batchShape{}
	for i := 1; i < maxBatchFailures; i++ {
		sh.failed(transient)
		if sh.alone() {
			t.Fatalf("paused after %d failures, want %d", i, maxBatchFailures)
		}
	}
	sh.failures.Store(0) // what a shared statement that succeeds does
	for range maxBatchFailures - 1 {
		sh.failed(transient)
	}
	if sh.alone() {
		t.Fatal("paused although a success came between the failures")
	}
	sh.failed(transient)
	if !sh.alone() || sh.refused.Load() {
		t.Fatalf("after %d failures in a row: alone %v, refused %v; want paused, not refused", maxBatchFailures, sh.alone(), sh.refused.Load())
	}
	if until := time.Until(time.Unix(0, sh.pausedUntil.Load())); until < batchPause-time.Second || until > batchPause {
		t.Errorf("paused for %v, want %v", until, batchPause)
	}

	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}
	refused := &batchShape{}
	refused.failed(syntax)
	if !refused.refused.Load() || !refused.alone() {
		t.Error("a batched form Neo4j refused is not refused")
	}
}
