package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/apperr"
)

// Reads of one shape, coalesced into one statement.
//
// Neo4j spends most of a small read on the statement, not on its rows. On the benchmark's
// graph (BENCHMARKS.md, session 20), with two clients, Neo4j's CPU per statement was:
// `RETURN 1` about 170 µs; one node look-up 270 µs; the same look-up for 2, 4 and 8 keys
// run as one statement (UNWIND over their parameters) 335, 390 and 517 µs, that is 65 µs a
// look-up at 8. The driver's own work (session, messages, syscalls) is also per statement.
//
// So reads that return one row (a collected page or tree, a search page) go through a lane
// per statement text. Up to `width` statements of a lane run at once, each for one request,
// exactly as before; a request that finds the lane full waits, and when a statement ends,
// every request waiting in its lane (up to maxCoalesced) is answered by one statement:
//
//	UNWIND $coalesced AS coalesced
//	CALL (coalesced) { <the statement, each $p read as coalesced.p.p> }
//	RETURN collect([coalesced.i, <its columns>]) AS coalesced
//
// No request waits for a batch to fill: a lone request, or one that finds a free slot, runs
// at once and alone, so coalescing costs nothing at low load. A request whose lane has not
// moved for maxCoalesceWait runs alone, so slow statements do not hold up the fast ones of
// their text. Each request still gets the rows its own parameters select, computed by the
// database in that statement; nothing is cached. The subquery runs once per request's row,
// so a request's rows, order and aggregates are those of its statement run alone (a test
// compares them). A batch that fails for any reason is not answered: each of its requests
// runs its own statement, so errors stay per request. A statement the rewrite cannot express
// (an old-style `CALL {`, a parameter where Cypher takes no variable) runs alone, always.
//
// The statements read parameters after top-level WITH clauses that do not carry `coalesced`
// on. Neo4j 5.26 keeps a variable imported by the scope clause visible through the whole
// subquery (checked: `CALL (coalesced) { WITH 1 AS a RETURN coalesced.p.x + a AS rows }`
// gives each row its own x). Should a version refuse that, the batched form is refused and
// every request runs alone, and TestCoalescedReadsAnswerEachRequest fails: nothing shared.

// maxCoalesced bounds the requests one statement answers.
const maxCoalesced = 16

// maxCoalesceWait is how long a request waits in a lane where no statement ends before it
// runs alone: slow statements of its text (a costly search) delay the others by no more.
// Under the benchmark's load a wait is a statement's time, 1–10 ms. A lane whose statements
// keep ending keeps its requests, however long its queue: under overload, requests running
// alone would only add statements.
const maxCoalesceWait = 50 * time.Millisecond

// maxShapes bounds the statement texts remembered: past it, new texts run alone.
const maxShapes = 2000

// A text whose shared statements fail maxBatchFailures times in a row for another reason
// than its text (a transaction memory limit on many collected answers, a database that is
// down) runs alone for batchPause: each failed batch costs its requests a second statement
// each, and there is no point in paying it again at once.
const (
	maxBatchFailures = 3
	batchPause       = 30 * time.Second
)

// coalescedVar names the batch's row in the statement and the batch's parameter.
const coalescedVar = "coalesced"

type coalescer struct {
	width   int                    // statements of one lane at once; 0 turns coalescing off
	observe func(n int, err error) // ObserveCoalesced
	mu      sync.Mutex
	shapes  map[string]*batchShape
	lanes   map[string]*lane
}

// batchShape is a statement text and its batched form.
type batchShape struct {
	text    string      // the statement as written
	batched string      // its batched form; "" when it has none
	globals []string    // parameters kept as parameters (LIMIT, SKIP): a lane's requests agree on them
	locals  []string    // parameters read from each request's row: a request lacking one runs alone
	refused atomic.Bool // Neo4j refused the batched form: the text runs alone from then on

	failures    atomic.Int32 // shared statements failed in a row (maxBatchFailures)
	pausedUntil atomic.Int64 // unix nanoseconds: until then the text runs alone (batchPause)
}

// alone says whether requests of the text run their own statements now.
func (sh *batchShape) alone() bool {
	return sh.refused.Load() || time.Now().UnixNano() < sh.pausedUntil.Load()
}

// failed records a shared statement that failed, refusing the text for good when Neo4j
// refused its batched form, and pausing its sharing after maxBatchFailures in a row.
func (sh *batchShape) failed(err error) {
	if refusedStatement(err) {
		sh.refused.Store(true)
		return
	}
	if sh.failures.Add(1) >= maxBatchFailures {
		sh.failures.Store(0)
		sh.pausedUntil.Store(time.Now().Add(batchPause).UnixNano())
	}
}

type lane struct {
	running int
	waiting []*member
	moved   time.Time // when the lane opened or a statement of it last ended
}

type member struct {
	ctx    context.Context
	params map[string]any
	done   chan answer // buffered: the batch never blocks on a request that left
	left   atomic.Bool // the request stopped waiting
}

// answer is a batch's result for one request; alone says the batch failed and the request
// must run its own statement.
type answer struct {
	recs  []*neo4j.Record
	err   error
	alone bool
}

// readOne runs a read that returns one row with the columns cols, sharing a statement with
// requests of the same text that wait for a free slot (see above).
func (s *Store) readOne(ctx context.Context, cypher string, params map[string]any, cols []string) ([]*neo4j.Record, error) {
	c := &s.coalesce
	if c.width <= 0 {
		return s.read(ctx, cypher, params)
	}
	shape := c.shape(cypher)
	if shape == nil || shape.batched == "" || shape.alone() {
		return s.read(ctx, cypher, params)
	}
	key, ok := laneKey(shape, params, cols)
	if !ok {
		return s.read(ctx, cypher, params)
	}
	m := &member{ctx: ctx, params: params, done: make(chan answer, 1)}
	if c.join(key, m) {
		defer s.finish(key, shape, cols)
		return s.read(ctx, cypher, params)
	}
	patience := time.NewTimer(maxCoalesceWait)
	defer patience.Stop()
	wake := patience.C
	for {
		select {
		case a := <-m.done:
			if a.alone {
				return s.read(ctx, cypher, params)
			}
			return a.recs, a.err
		case <-ctx.Done():
			m.left.Store(true)
			return nil, apperr.Unavailablef(ctx.Err(), "the request ran out of time")
		case <-wake:
			switch c.stalled(key, m) {
			case moving:
				patience.Reset(maxCoalesceWait)
			case taken:
				wake = nil // its statement runs now: wait for it
			case stalled:
				// No statement of the lane ended for maxCoalesceWait (a costly search holds
				// every slot, say): this request stops waiting and runs alone, as it would
				// without coalescing.
				return s.read(ctx, cypher, params)
			}
		}
	}
}

type progress int

const (
	moving  progress = iota // a statement of the lane ended recently: its turn comes
	taken                   // a batch has taken the request
	stalled                 // the request left the queue of a lane that does not move
)

// stalled says how a request that has waited maxCoalesceWait stands, and takes it out of
// the queue of a lane that has not moved for that long.
func (c *coalescer) stalled(key string, m *member) progress {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.lanes[key]
	i := -1
	if l != nil {
		for j, w := range l.waiting {
			if w == m {
				i = j
			}
		}
	}
	switch {
	case i < 0:
		return taken
	case time.Since(l.moved) < maxCoalesceWait:
		return moving
	}
	l.waiting = append(l.waiting[:i], l.waiting[i+1:]...)
	return stalled
}

// shape returns the batched form of a text, rewriting it the first time.
func (c *coalescer) shape(text string) *batchShape {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sh, ok := c.shapes[text]; ok {
		return sh
	}
	if c.shapes == nil {
		c.shapes, c.lanes = map[string]*batchShape{}, map[string]*lane{}
	}
	if len(c.shapes) >= maxShapes {
		return nil
	}
	sh := &batchShape{text: text}
	if inner, globals, locals, ok := batchRewrite(text); ok {
		sh.batched, sh.globals, sh.locals = inner, globals, locals
	}
	c.shapes[text] = sh
	return sh
}

// laneKey is the text and the values of its global parameters: requests that differ in a
// LIMIT cannot share a statement. Only plain values make a key.
// A request lacking a parameter runs alone: alone, Neo4j refuses it (ParameterMissing);
// batched, coalesced.p.x would silently be null. The columns asked for are in the key too.
func laneKey(sh *batchShape, params map[string]any, cols []string) (string, bool) {
	for _, p := range sh.locals {
		if _, ok := params[p]; !ok {
			return "", false
		}
	}
	var b strings.Builder
	b.WriteString(sh.text)
	b.WriteString("\x00" + strings.Join(cols, ","))
	for _, g := range sh.globals {
		switch v := params[g].(type) {
		case int, int64, int32, string, bool, nil:
			fmt.Fprintf(&b, "\x00%T:%v", v, v)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// join enters m in its lane: true when a slot is free (or the lane is stalled) and m runs
// now, alone; false when m waits for a batch.
func (c *coalescer) join(key string, m *member) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.lanes[key]
	if l == nil {
		l = &lane{moved: time.Now()}
		c.lanes[key] = l
	}
	// A lane whose statements have not ended for maxCoalesceWait does not hold a newcomer
	// either: it runs now, beside them.
	if l.running < c.width && len(l.waiting) == 0 || time.Since(l.moved) >= maxCoalesceWait {
		l.running++
		return true
	}
	l.waiting = append(l.waiting, m)
	return false
}

// finish frees the slot of a statement that ended and, when requests wait in the lane,
// starts one statement for them in the slot.
func (s *Store) finish(key string, shape *batchShape, cols []string) {
	c := &s.coalesce
	c.mu.Lock()
	l := c.lanes[key]
	l.running--
	l.moved = time.Now()
	if shape.alone() {
		// The text was refused or paused while these waited: all of them run alone.
		for _, m := range l.waiting {
			m.done <- answer{alone: true} // buffered; a request that left ignores it
		}
		l.waiting = nil
	}
	var batch []*member
	for len(l.waiting) > 0 && len(batch) < maxCoalesced {
		m := l.waiting[0]
		l.waiting[0] = nil
		l.waiting = l.waiting[1:]
		if !m.left.Load() {
			batch = append(batch, m)
		}
	}
	if len(batch) == 0 {
		if l.running == 0 && len(l.waiting) == 0 {
			delete(c.lanes, key)
		}
		c.mu.Unlock()
		return
	}
	l.running++
	c.mu.Unlock()
	go func() {
		defer s.finish(key, shape, cols)
		s.runBatch(shape, cols, batch)
	}()
}

// runBatch answers the requests of batch with one statement (or the statement alone for
// one request), and tells each to run alone when it fails.
func (s *Store) runBatch(shape *batchShape, cols []string, batch []*member) {
	if len(batch) == 1 {
		m := batch[0]
		recs, err := s.read(m.ctx, shape.text, m.params)
		m.done <- answer{recs: recs, err: err}
		return
	}
	ctx, cancel := batchContext(batch)
	defer cancel()
	// The statement stops when every request it answers has left (client gone, deadline,
	// shutdown): nobody would read its answer.
	var waiting atomic.Int32
	waiting.Store(int32(len(batch)))
	for _, m := range batch {
		stop := context.AfterFunc(m.ctx, func() {
			if waiting.Add(-1) == 0 {
				cancel()
			}
		})
		defer stop()
	}
	rows := make([]any, len(batch))
	params := map[string]any{}
	for i, m := range batch {
		rows[i] = map[string]any{"i": i, "p": m.params}
		for _, g := range shape.globals {
			params[g] = m.params[g] // the same in every request of the lane (laneKey)
		}
	}
	params[coalescedVar] = rows
	recs, err := s.read(ctx, shape.batched+batchReturn(cols), params)
	var answers [][]*neo4j.Record
	if err == nil {
		answers, err = splitBatch(recs, cols, len(batch))
	}
	if s.coalesce.observe != nil {
		s.coalesce.observe(len(batch), err)
	}
	if err == nil {
		shape.failures.Store(0)
		for i, m := range batch {
			if i > 0 {
				countRoundTrip(m.ctx) // the first request's context carried the statement
			}
			m.done <- answer{recs: answers[i]}
		}
		return
	}
	// A statement stopped because nobody waits, or because the latest deadline of its
	// requests passed, is no failure of its text.
	if waiting.Load() > 0 && ctx.Err() == nil {
		shape.failed(err)
	}
	for _, m := range batch {
		m.done <- answer{alone: true}
	}
}

// batchContext carries the first request's values (round-trip count, trace) with the
// latest deadline of the batch: the statement runs while any request still waits for it,
// and each request stops waiting at its own deadline. The statement is tried once: a
// failed batch's requests run their own statements, which are the retry (singleAttempt).
func batchContext(batch []*member) (context.Context, context.CancelFunc) {
	base := context.WithValue(context.WithoutCancel(batch[0].ctx), singleAttemptKey{}, true)
	var latest time.Time
	for _, m := range batch {
		dl, ok := m.ctx.Deadline()
		if !ok {
			return context.WithCancel(base)
		}
		if dl.After(latest) {
			latest = dl
		}
	}
	return context.WithDeadline(base, latest)
}

// singleAttemptKey marks a context whose read retryRead tries once.
type singleAttemptKey struct{}

// batchReturn ends a batched statement: each request's index and its columns, collected in
// one row.
func batchReturn(cols []string) string {
	return "\n}\nRETURN collect([" + coalescedVar + ".i, " + strings.Join(cols, ", ") + "]) AS " + coalescedVar
}

// splitBatch gives each of n requests its row as a record of cols.
func splitBatch(recs []*neo4j.Record, cols []string, n int) ([][]*neo4j.Record, error) {
	if len(recs) != 1 || len(recs[0].Values) != 1 {
		return nil, fmt.Errorf("coalesced read: %d records, want 1", len(recs))
	}
	rows, ok := recs[0].Values[0].([]any)
	if !ok {
		return nil, fmt.Errorf("coalesced read: %T, want a list", recs[0].Values[0])
	}
	out := make([][]*neo4j.Record, n)
	for _, r := range rows {
		values, ok := r.([]any)
		if !ok || len(values) != len(cols)+1 {
			return nil, fmt.Errorf("coalesced read: a row of %T", r)
		}
		i, ok := values[0].(int64)
		if !ok || i < 0 || int(i) >= n || out[i] != nil {
			return nil, fmt.Errorf("coalesced read: index %v", values[0])
		}
		out[i] = []*neo4j.Record{{Keys: cols, Values: values[1:]}}
	}
	for i := range out {
		if out[i] == nil {
			return nil, fmt.Errorf("coalesced read: no row for request %d", i)
		}
	}
	return out, nil
}

// refusedStatement says whether Neo4j refused the statement's text (syntax, semantics), as
// opposed to a failure of this run (time, connection, one request's values).
func refusedStatement(err error) bool {
	var n *neo4j.Neo4jError
	return errors.As(err, &n) && (n.Code == "Neo.ClientError.Statement.SyntaxError" || n.Code == "Neo.ClientError.Statement.SemanticError")
}

// batchRewrite writes the start of text's batched form (without its RETURN, batchReturn):
// every parameter $p becomes coalesced.p.`p`, except after LIMIT or SKIP, where Cypher
// takes no variable (those are returned as globals), and every subquery's scope clause
// imports the batch's row. ok is false for a text it cannot rewrite safely: an old-style
// `CALL {` (whose importing WITH would need the row), a parameter that is not a plain name,
// an unclosed string, identifier or comment.
func batchRewrite(text string) (batched string, globals, locals []string, ok bool) {
	var b strings.Builder
	b.WriteString("UNWIND $" + coalescedVar + " AS " + coalescedVar + "\nCALL (" + coalescedVar + ") {\n")
	prev := "" // the last word before here, upper-cased; "" after any other token
	seen, seenLocal := map[string]bool{}, map[string]bool{}
	for i := 0; i < len(text); {
		ch := text[i]
		switch {
		case ch == '\'' || ch == '"':
			j := stringEnd(text, i)
			if j < 0 {
				return "", nil, nil, false
			}
			b.WriteString(text[i:j])
			i, prev = j, ""
		case ch == '`':
			j := strings.IndexByte(text[i+1:], '`')
			if j < 0 {
				return "", nil, nil, false
			}
			b.WriteString(text[i : i+j+2])
			i, prev = i+j+2, ""
		case ch == '/' && i+1 < len(text) && text[i+1] == '/':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				j = len(text) - i
			}
			b.WriteString(text[i : i+j])
			i += j
		case ch == '/' && i+1 < len(text) && text[i+1] == '*':
			j := strings.Index(text[i+2:], "*/")
			if j < 0 {
				return "", nil, nil, false
			}
			b.WriteString(text[i : i+j+4])
			i += j + 4
		case ch == '$':
			j := i + 1
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			name := text[i+1 : j]
			if name == "" || name[0] >= '0' && name[0] <= '9' || name == coalescedVar {
				return "", nil, nil, false
			}
			if prev == "LIMIT" || prev == "SKIP" {
				b.WriteString(text[i:j])
				if !seen[name] {
					seen[name] = true
					globals = append(globals, name)
				}
			} else {
				b.WriteString(coalescedVar + ".p.`" + name + "`")
				if !seenLocal[name] {
					seenLocal[name] = true
					locals = append(locals, name)
				}
			}
			i, prev = j, ""
		case isWordByte(ch):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			word := text[i:j]
			b.WriteString(word)
			up := strings.ToUpper(word)
			if strings.EqualFold(word, coalescedVar) {
				return "", nil, nil, false // the text's own variable would shadow the row
			}
			i, prev = j, up
			if up != "CALL" || i-len(word) > 0 && text[i-len(word)-1] == '.' {
				continue
			}
			k := i
			for k < len(text) && isSpaceByte(text[k]) {
				k++
			}
			if k < len(text) && text[k] == '{' {
				return "", nil, nil, false
			}
			if k < len(text) && text[k] == '(' {
				b.WriteString(text[i : k+1])
				k2 := k + 1
				for k2 < len(text) && isSpaceByte(text[k2]) {
					k2++
				}
				switch {
				case k2 < len(text) && text[k2] == ')':
					b.WriteString(coalescedVar)
				case k2 < len(text) && text[k2] == '*':
				default:
					b.WriteString(coalescedVar + ", ")
				}
				i, prev = k+1, ""
			}
		default:
			b.WriteByte(ch)
			if !isSpaceByte(ch) {
				prev = ""
			}
			i++
		}
	}
	sort.Strings(globals)
	return b.String(), globals, locals, true
}

// stringEnd is the index just past the string literal opened at text[i], or -1.
func stringEnd(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return -1
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
