package httpapi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/resolvers"
)

// These tests need no database: they measure documents against the schema only.

func testSchema() graphql.ExecutableSchema {
	cfg := graph.Config{Resolvers: &resolvers.Resolver{}}
	setCosts(&cfg.Complexity)
	return graph.NewExecutableSchema(cfg)
}

func unlimited() Limits {
	return Limits{MaxDepth: maxInt, MaxAliases: maxInt, MaxDirectives: maxInt, MaxTokens: maxInt, MaxCost: maxInt,
		Introspection: true, Suggestions: true, MaxIntrospectionDepth: maxInt}
}

type measured struct {
	s       summary
	visited int
	stopped bool
	err     *gqlerror.Error
}

func measure(ctx context.Context, es graphql.ExecutableSchema, l Limits, doc *ast.QueryDocument, vars map[string]any) measured {
	d := newDocumentLimit(l)
	_ = d.Validate(es)
	a := newAnalysis(ctx, d, vars)
	s := a.operation(doc.Operations[0])
	return measured{s, a.visited, a.stopped, a.verdict(s)}
}

func code(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	c, _ := err.Extensions["code"].(string)
	return c
}

// writtenFields counts the fields as written in the document, each fragment once.
func writtenFields(doc *ast.QueryDocument) int {
	n := 0
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				n++
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		walk(f.SelectionSet)
	}
	return n
}

// naive is the old shape walk (every spread expanded again), with the connection rule: the
// reference the memoised walk must agree with.
func naive(d *documentLimit, op *ast.OperationDefinition) summary {
	var s summary
	var walk func(set ast.SelectionSet, depth, intro int)
	walk = func(set ast.SelectionSet, depth, intro int) {
		for _, sel := range set {
			switch f := sel.(type) {
			case *ast.Field:
				s.fields++
				s.directives += len(f.Directives)
				if f.Alias != "" && f.Alias != f.Name {
					s.aliases++
				}
				dd, id := depth, intro
				if f.Name == "__schema" || f.Name == "__type" || intro > 0 {
					s.introspection = s.introspection || f.Name == "__schema" || f.Name == "__type"
					id++
					s.intro = max(s.intro, id)
				} else if f.Name != "__typename" && !d.wrappers[f.ObjectDefinition.Name+"."+f.Name] {
					dd++
					s.depth = max(s.depth, dd)
				}
				walk(f.SelectionSet, dd, id)
			case *ast.InlineFragment:
				s.directives += len(f.Directives)
				walk(f.SelectionSet, depth, intro)
			case *ast.FragmentSpread:
				s.directives += len(f.Directives)
				walk(f.Definition.SelectionSet, depth, intro)
			}
		}
	}
	s.directives += len(op.Directives)
	walk(op.SelectionSet, 0, 0)
	return s
}

// genFragmentGraph writes a random document whose fragments form a DAG: chains where each
// fragment spreads the next twice (doubling), wide fan-out from one fragment, repeated
// spreads, spreads nested in fields (depth), aliases, directives, connections, and
// introspection fragments on __Type.
func genFragmentGraph(r *rand.Rand, size int) string {
	nq, ns, nt := 1+r.IntN(size), r.IntN(size), r.IntN(size/2+1)
	body := func(n int) []string { return make([]string, n) }
	q, s, t := body(nq), body(ns), body(nt)
	shape := r.IntN(3)
	pick := func(i int) int { // the parent of fragment i: a chain, fan-out from 0, or random
		switch shape {
		case 0:
			return i - 1
		case 1:
			return 0
		}
		return r.IntN(i)
	}
	copies := func() int { // chains double (or more); fan-outs repeat
		if shape == 0 {
			return 2 + r.IntN(2)
		}
		return 1 + r.IntN(3)
	}
	qItems := []string{`__typename`, `a%d: __typename`, `__typename @include(if: true)`,
		`states(first: 3) { nodes { code } pageInfo { hasNextPage } }`, `search(query: "water", first: 2) { edges { node { __typename } } }`,
		`recommendations(first: 5) { nodes { id similar { edges { node { mechanism { code } } } } } }`}
	sItems := []string{`code`, `name`, `nmirfs { name }`, `s%d: code`}
	tItems := []string{`name`, `kind`, `fields { name }`, `t%d: name`}
	fill := func(bodies []string, items []string) {
		for i := range bodies {
			for range 1 + r.IntN(3) {
				it := items[r.IntN(len(items))]
				if strings.Contains(it, "%d") {
					it = fmt.Sprintf(it, r.IntN(20))
				}
				bodies[i] += " " + it
			}
		}
	}
	fill(q, qItems)
	fill(s, sItems)
	fill(t, tItems)
	for i := 1; i < nq; i++ {
		p := pick(i)
		for range copies() {
			q[p] += fmt.Sprintf(" ...Q%d", i)
		}
	}
	for i := 1; i < ns; i++ {
		p := pick(i)
		for range copies() {
			if r.IntN(2) == 0 {
				s[p] += fmt.Sprintf(" nmirfs { state { ...S%d } }", i)
			} else {
				s[p] += fmt.Sprintf(" ...S%d", i)
			}
		}
	}
	for i := 1; i < nt; i++ {
		p := pick(i)
		for range copies() {
			if r.IntN(2) == 0 {
				t[p] += fmt.Sprintf(" ofType { ...T%d }", i)
			} else {
				t[p] += fmt.Sprintf(" ...T%d", i)
			}
		}
	}
	if ns > 0 {
		q[0] += ` state(code: "MAR") { ...S0 }`
	}
	if nt > 0 {
		q[0] += ` __type(name: "Query") { ...T0 }`
	}
	var b strings.Builder
	b.WriteString("query { ...Q0 }\n")
	for i, x := range q {
		fmt.Fprintf(&b, "fragment Q%d on Query {%s }\n", i, x)
	}
	for i, x := range s {
		fmt.Fprintf(&b, "fragment S%d on State {%s }\n", i, x)
	}
	for i, x := range t {
		fmt.Fprintf(&b, "fragment T%d on __Type {%s }\n", i, x)
	}
	return b.String()
}

// doubling is the document: each of n levels spreads the next twice.
func doubling(n int, leaf string) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n - 1 {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { %s }\n", n-1, leaf)
	return b.String()
}

// checkBounded is the property: the analysis visits each written field at most twice (once
// per mode), whatever the expansion; with limits it refuses exactly the documents whose full
// measure passes a limit; without, it agrees with the naive walk and gqlgen's complexity.
func checkBounded(t *testing.T, es graphql.ExecutableSchema, src string) (valid bool, expansion int) {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(es.Schema(), src)
	if len(errs) > 0 {
		return false, 0
	}
	written := writtenFields(doc)
	ctx := context.Background()
	full := measure(ctx, es, unlimited(), doc, nil)
	limited := measure(ctx, es, DefaultLimits(), doc, nil)
	for _, m := range []measured{full, limited} {
		if m.visited > 2*written {
			t.Fatalf("visited %d fields for %d written (expansion %d):\n%s", m.visited, written, full.s.fields, src)
		}
	}
	l := DefaultLimits()
	over := full.s.depth > l.MaxDepth || full.s.intro > l.MaxIntrospectionDepth || full.s.aliases > l.MaxAliases ||
		full.s.directives > l.MaxDirectives || full.s.cost > l.MaxCost
	if over != (limited.err != nil) {
		t.Fatalf("full measure %+v (over: %v) but with limits: %v\n%s", full.s, over, limited.err, src)
	}
	if full.err != nil {
		t.Fatalf("refused without limits: %v", full.err)
	}
	if full.s.fields <= 5000 { // small enough for the exponential references
		d := newDocumentLimit(unlimited())
		_ = d.Validate(es)
		ref := naive(d, doc.Operations[0])
		got := full.s
		got.cost = 0
		if got != ref {
			t.Fatalf("memoised %+v, naive %+v\n%s", got, ref, src)
		}
		if want := complexity.Calculate(ctx, es, doc.Operations[0], nil); full.s.cost != want {
			t.Fatalf("cost %d, gqlgen's %d\n%s", full.s.cost, want, src)
		}
	}
	return true, full.s.fields / written
}

func TestFragmentGraphsCostBoundedWork(t *testing.T) {
	es := testSchema()
	valid, expansive := 0, 0
	for seed := range uint64(2000) {
		r := rand.New(rand.NewPCG(seed, 14))
		ok, expansion := checkBounded(t, es, genFragmentGraph(r, 2+int(seed%40)))
		if ok {
			valid++
		}
		if expansion > 1000 {
			expansive++
		}
	}
	t.Logf("%d valid generated documents, %d expanding over 1000× their written size", valid, expansive)
	if valid < 1500 || expansive < 100 {
		t.Errorf("the generator made %d valid documents, %d expansive: it no longer exercises the analysis", valid, expansive)
	}
}

func FuzzFragmentGraphs(f *testing.F) {
	for _, s := range []uint64{1, 7, 42, 1000} {
		f.Add(s, uint8(30))
	}
	es := testSchema()
	f.Fuzz(func(t *testing.T, seed uint64, size uint8) {
		checkBounded(t, es, genFragmentGraph(rand.New(rand.NewPCG(seed, 14)), 2+int(size%60)))
	})
}

// The document: 2^24 copies of __typename when expanded, refused after a handful of
// visits.
func TestDoublingFragmentsRefusedAfterFewVisits(t *testing.T) {
	es := testSchema()
	for _, tc := range []struct{ leaf, code string }{
		{"__typename", codeCost},
		{"a: __typename", codeAliases},
		{`states(first: 1) { nodes { code } }`, codeCost},
		{"__type(name: \"Query\") { name }", codeCost},
	} {
		doc, errs := gqlparser.LoadQuery(es.Schema(), doubling(25, tc.leaf))
		if errs != nil {
			t.Fatal(errs)
		}
		full := measure(context.Background(), es, unlimited(), doc, nil)
		m := measure(context.Background(), es, DefaultLimits(), doc, nil)
		t.Logf("%s: %d fields when expanded (a naive walk's visits); memoised walk without limits %d visits, with limits %d: %v",
			tc.leaf, full.s.fields, full.visited, m.visited, m.err)
		if code(m.err) != tc.code || m.visited > 30 {
			t.Errorf("%s: %v after %d visits; want %s after at most 30", tc.leaf, m.err, m.visited, tc.code)
		}
	}
}

// A client that leaves stops the analysis.
func TestAnalysisStopsWhenTheRequestEnds(t *testing.T) {
	es := testSchema()
	doc, errs := gqlparser.LoadQuery(es.Schema(), "{ "+strings.Repeat("__typename ", 600)+"}")
	if errs != nil {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := measure(ctx, es, unlimited(), doc, nil)
	if code(m.err) != "REQUEST_CANCELLED" || m.visited > 256 {
		t.Errorf("cancelled: %v after %d visits", m.err, m.visited)
	}
	d := newDocumentLimit(DefaultLimits())
	_ = d.Validate(es)
	if err := d.MutateOperationContext(ctx, &graphql.OperationContext{Operation: doc.Operations[0]}); code(err) != "REQUEST_CANCELLED" {
		t.Errorf("cancelled before the analysis: %v", err)
	}
}

// The cost of ordinary documents (the playground's examples and the shapes the docs show) is
// gqlgen's, and three hops through connections fit in the depth.
func TestCostOfOrdinaryDocumentsIsGqlgens(t *testing.T) {
	es := testSchema()
	docs := []string{
		`{ state(code: "MAR") { code name nmirfs { name } } }`,
		`{ network { name members(first: 10) { totalCount edges { role node { name state { code } } } } } }`,
		`{ states(first: 10) { nodes { code nmirfs { name } } } }`,
		`{ search(query: "water") { nodes { ... on Recommendation { similar { edges { node { mechanism { code } } } } } } } }`,
		`{ states(first: 5) { edges { node { recommendationsReceived(first: 5) { nodes { similar(first: 3) { nodes { id } } } } } } } }`,
		`{ node(id: "x") { id ... on State { code } } nodes(ids: ["a", "b"]) { id } }`,
		`{ __schema { types { name } } __type(name: "State") { fields { name } } }`,
	}
	src, err := os.ReadFile("../ui/playground/playground.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?s)query: `(.*?)`").FindAllStringSubmatch(string(src), -1) {
		docs = append(docs, m[1])
	}
	for _, q := range docs {
		doc, errs := gqlparser.LoadQuery(es.Schema(), q)
		if errs != nil {
			t.Fatalf("%s: %v", q, errs)
		}
		for _, op := range doc.Operations {
			one := &ast.QueryDocument{Operations: ast.OperationList{op}, Fragments: doc.Fragments}
			vars := map[string]any{}
			for _, v := range op.VariableDefinitions {
				vars[v.Variable] = nil
			}
			got := measure(context.Background(), es, DefaultLimits(), one, vars)
			if want := complexity.Calculate(context.Background(), es, op, vars); got.s.cost != want {
				t.Errorf("cost %d, gqlgen's %d: %s", got.s.cost, want, q)
			}
			if code(got.err) == codeDepth {
				t.Errorf("an ordinary document refused: %v\n%s", got.err, q)
			}
		}
	}
	// Still refused: a deep chain of objects, and a first: 100 fan-out through connections.
	for q, want := range map[string]string{
		`{ state(code: "MAR") { nmirfs { state { nmirfs { state { nmirfs { state { code } } } } } } } }`:                                          codeDepth,
		`{ search(query: "x", first: 100) { nodes { ... on Recommendation { similar(first: 50) { edges { node { mechanism { code } } } } } } } }`: codeCost,
	} {
		doc, _ := gqlparser.LoadQuery(es.Schema(), q)
		if got := measure(context.Background(), es, DefaultLimits(), doc, nil); code(got.err) != want {
			t.Errorf("%s: %v; want %s", q, got.err, want)
		}
	}
}

// hostileDocuments are the generated documents the benchmark measures: every one within the
// token limit, as the parser would otherwise refuse it first.
func hostileDocuments(es graphql.ExecutableSchema) []string {
	docs := []string{doubling(25, "__typename"), doubling(60, "__typename"), doubling(60, "a: __typename"),
		doubling(60, `__type(name: "Query") { name }`), doubling(60, "__schema { __typename }")}
	for seed := uint64(0); len(docs) < 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		src := genFragmentGraph(r, 10+int(seed%60))
		_, tooLong := parser.ParseQueryWithTokenLimit(&ast.Source{Input: src}, DefaultLimits().MaxTokens)
		if _, errs := gqlparser.LoadQuery(es.Schema(), src); errs == nil && tooLong == nil {
			docs = append(docs, src)
		}
	}
	return docs
}

// BenchmarkHostileDocuments runs gqlgen's executor up to execution (parse with the token
// limit, validation, the document limit) over hostile generated documents and reports the
// worst time per document (goal ≤ 50 ms).
func BenchmarkHostileDocuments(b *testing.B) {
	es := testSchema()
	exec := executor.New(es)
	exec.SetParserTokenLimit(DefaultLimits().MaxTokens)
	exec.Use(newDocumentLimit(DefaultLimits()))
	docs := hostileDocuments(es)
	var worst time.Duration
	refused := 0
	for b.Loop() {
		refused = 0
		for _, d := range docs {
			start := time.Now()
			_, errs := exec.CreateOperationContext(graphql.StartOperationTrace(context.Background()), &graphql.RawParams{Query: d})
			worst = max(worst, time.Since(start))
			if errs != nil {
				refused++
			}
		}
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms/doc")
	b.ReportMetric(float64(len(docs)), "docs")
	b.ReportMetric(float64(refused), "refused")
}
