package httpapi

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

const codeCost = "COMPLEXITY_LIMIT_EXCEEDED"

// documentLimit measures an operation's shape (depth, aliases, directives, introspection)
// and its cost in one walk, before any resolver runs. It replaces a shape walk plus gqlgen's
// complexity.Calculate, both of which expanded every fragment spread again, so that
// `fragment F0 { ...F1 ...F1 } fragment F1 { ...F2 ...F2 } …` cost 2^n field visits.
//
// Here each fragment is measured once (memoised by name) and its measure reused at every
// spread, and the walk stops as soon as any limit is passed: the work is linear in the size of
// the document, whatever its shape. The cost numbers are gqlgen's (same custom complexity
// functions, same defaults, interfaces charged their dearest implementor, `__schema` free).
type documentLimit struct {
	l      Limits
	es     graphql.ExecutableSchema
	schema *ast.Schema
	// wrappers are the connection fields that add no nesting of their own: a connection's
	// edges, nodes and pageInfo and its edges' node, as "Type.field".
	wrappers map[string]bool
}

func newDocumentLimit(l Limits) *documentLimit { return &documentLimit{l: l} }

func (*documentLimit) ExtensionName() string { return "DocumentLimit" }

func (d *documentLimit) Validate(es graphql.ExecutableSchema) error {
	d.es, d.schema = es, es.Schema()
	d.wrappers = connectionWrappers(d.schema)
	return nil
}

// connectionWrappers finds the wrapper levels of the schema's connections: every object type
// named …Connection with an edges or nodes field; its edges' type's node field.
func connectionWrappers(s *ast.Schema) map[string]bool {
	w := map[string]bool{}
	for name, t := range s.Types {
		if t.Kind != ast.Object || !strings.HasSuffix(name, "Connection") || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range t.Fields {
			switch f.Name {
			case "edges", "nodes", "pageInfo":
				w[name+"."+f.Name] = true
			}
			if f.Name == "edges" {
				if edge := s.Types[f.Type.Name()]; edge != nil && edge.Fields.ForName("node") != nil {
					w[edge.Name+".node"] = true
				}
			}
		}
	}
	return w
}

func (d *documentLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Operation
	if op == nil {
		return nil
	}
	if ctx.Err() != nil {
		return refusal("REQUEST_CANCELLED", "the request was cancelled")
	}
	a := newAnalysis(ctx, d, oc.Variables)
	s := a.operation(op)
	oc.Stats.SetExtension("ComplexityLimit", &extension.ComplexityStats{Complexity: s.cost, ComplexityLimit: d.l.MaxCost})
	return a.verdict(s)
}

// summary is the measure of a selection set. In normal mode depth counts fields below the
// set and intro is the deepest introspection nesting started inside it; in introspection mode
// (below __schema/__type) every field counts in intro and depth stays 0.
type summary struct {
	depth, intro              int
	aliases, directives, cost int // saturating sums
	introspection             bool
	fields                    int // fields the set expands to (saturating): what a naive walk visits
}

type memoKey struct {
	fragment string
	intro    bool
}

// analysis is one operation's walk.
type analysis struct {
	ctx     context.Context
	d       *documentLimit
	vars    map[string]any
	memo    map[memoKey]*summary
	stopped bool   // a limit was passed (or the request ended): the numbers are lower bounds
	err     string // set when the request's context ended
	visited int    // fields walked, for tests: bounded by 2 × the fields written in the document
}

func newAnalysis(ctx context.Context, d *documentLimit, vars map[string]any) *analysis {
	return &analysis{ctx: ctx, d: d, vars: vars, memo: map[memoKey]*summary{}}
}

func (a *analysis) operation(op *ast.OperationDefinition) summary {
	s := a.set(op.SelectionSet, false)
	s.directives = satAdd(s.directives, len(op.Directives))
	a.check(&s)
	return s
}

// check stops the walk once s passes a limit: each measure of a part is a lower bound of the
// whole's, so the whole passes it too.
func (a *analysis) check(s *summary) {
	l := a.d.l
	if s.depth > l.MaxDepth || s.intro > l.MaxIntrospectionDepth || s.aliases > l.MaxAliases ||
		s.directives > l.MaxDirectives || s.cost > l.MaxCost || (s.introspection && !l.Introspection) {
		a.stopped = true
	}
}

func (a *analysis) set(set ast.SelectionSet, intro bool) summary {
	var s summary
	for _, sel := range set {
		if a.stopped {
			return s
		}
		switch f := sel.(type) {
		case *ast.Field:
			a.field(&s, f, intro)
		case *ast.InlineFragment:
			s.directives = satAdd(s.directives, len(f.Directives))
			s.merge(a.set(f.SelectionSet, intro))
		case *ast.FragmentSpread:
			s.directives = satAdd(s.directives, len(f.Directives))
			if f.Definition != nil {
				s.merge(a.fragment(f.Definition, intro))
			}
		}
		a.check(&s)
	}
	return s
}

// fragment measures a fragment once per mode; a spread reuses the measure. A fragment
// counts at each use, so a fragment of aliases spread many times is charged for every copy.
func (a *analysis) fragment(def *ast.FragmentDefinition, intro bool) summary {
	k := memoKey{def.Name, intro}
	if m, ok := a.memo[k]; ok {
		if m == nil { // a cycle (validation refuses them): nothing more
			return summary{}
		}
		return *m
	}
	a.memo[k] = nil
	s := a.set(def.SelectionSet, intro)
	if !a.stopped {
		a.memo[k] = &s
	}
	return s
}

func (a *analysis) field(s *summary, f *ast.Field, intro bool) {
	a.visited++
	if a.visited&255 == 0 && a.ctx.Err() != nil {
		a.stopped, a.err = true, "the request was cancelled"
		return
	}
	s.fields = satAdd(s.fields, 1)
	s.directives = satAdd(s.directives, len(f.Directives))
	if f.Alias != "" && f.Alias != f.Name {
		s.aliases = satAdd(s.aliases, 1)
	}
	startsIntro := !intro && (f.Name == "__schema" || f.Name == "__type")
	child := a.set(f.SelectionSet, intro || startsIntro)
	s.aliases = satAdd(s.aliases, child.aliases)
	s.directives = satAdd(s.directives, child.directives)
	s.fields = satAdd(s.fields, child.fields)
	s.introspection = s.introspection || child.introspection || startsIntro
	switch {
	case intro || startsIntro:
		s.intro = max(s.intro, child.intro+1)
	default:
		s.intro = max(s.intro, child.intro)
		d := child.depth
		if f.Name != "__typename" && !a.wrapper(f) {
			d++
		}
		s.depth = max(s.depth, d)
	}
	s.cost = satAdd(s.cost, a.fieldCost(f, child.cost))
}

// wrapper reports a connection's wrapper level (edges, nodes, pageInfo, an edge's node),
// which adds no nesting to count: three hops through connections stay within the depth.
func (a *analysis) wrapper(f *ast.Field) bool {
	return f.ObjectDefinition != nil && a.d.wrappers[f.ObjectDefinition.Name+"."+f.Name]
}

// fieldCost is gqlgen's complexity.Calculate for one field, given its selection's cost.
func (a *analysis) fieldCost(f *ast.Field, child int) int {
	if f.Definition == nil || f.ObjectDefinition == nil {
		return 0
	}
	typ := a.d.schema.Types[f.Definition.Type.Name()]
	if typ == nil || typ.Name == "__Schema" {
		return 0
	}
	switch typ.Kind {
	case ast.Object, ast.Interface, ast.Union:
	default:
		child = 0
	}
	args := f.ArgumentMap(a.vars)
	if f.ObjectDefinition.Kind != ast.Interface {
		return a.customCost(f.ObjectDefinition, f.Name, child, args)
	}
	// Interfaces have no costs of their own: the dearest implementor's.
	dearest := 0
	for _, t := range a.d.schema.GetPossibleTypes(f.ObjectDefinition) {
		dearest = max(dearest, a.customCost(t, f.Name, child, args))
	}
	return dearest
}

func (a *analysis) customCost(def *ast.Definition, field string, child int, args map[string]any) int {
	if c, ok := a.d.es.Complexity(a.ctx, def.Name, field, child, args); ok {
		if c < 0 && child > 0 { // a custom function that overflowed
			return maxInt
		}
		if c >= 1 {
			return c
		}
	}
	return satAdd(1, child)
}

func (s *summary) merge(o summary) {
	s.depth, s.intro = max(s.depth, o.depth), max(s.intro, o.intro)
	s.aliases = satAdd(s.aliases, o.aliases)
	s.directives = satAdd(s.directives, o.directives)
	s.cost = satAdd(s.cost, o.cost)
	s.fields = satAdd(s.fields, o.fields)
	s.introspection = s.introspection || o.introspection
}

// verdict refuses an operation over a limit. When the walk stopped early the figures are
// lower bounds, and the messages say "at least".
func (a *analysis) verdict(s summary) *gqlerror.Error {
	l := a.d.l
	atLeast := ""
	if a.stopped {
		atLeast = "at least "
	}
	switch {
	case a.err != "":
		return refusal("REQUEST_CANCELLED", a.err)
	case s.introspection && !l.Introspection:
		return refusal(codeIntrospection, "introspection is disabled on this server")
	case s.depth > l.MaxDepth:
		return refusal(codeDepth, fmt.Sprintf("the operation is %s%d levels deep (connections' edges, node, nodes and pageInfo not counted); the limit is %d", atLeast, s.depth, l.MaxDepth))
	case s.intro > l.MaxIntrospectionDepth:
		return refusal(codeDepth, fmt.Sprintf("the introspection query is %s%d levels deep; the limit is %d", atLeast, s.intro, l.MaxIntrospectionDepth))
	case s.aliases > l.MaxAliases:
		return refusal(codeAliases, fmt.Sprintf("the operation uses %s%d aliases; the limit is %d", atLeast, s.aliases, l.MaxAliases))
	case s.directives > l.MaxDirectives:
		return refusal(codeDirectives, fmt.Sprintf("the operation uses %s%d directives; the limit is %d", atLeast, s.directives, l.MaxDirectives))
	case s.cost > l.MaxCost:
		err := gqlerror.Errorf("operation has complexity %s%d, which exceeds the limit of %d", atLeast, s.cost, l.MaxCost)
		errcode.Set(err, codeCost)
		return err
	}
	return nil
}

const maxInt = int(^uint(0) >> 1)

// satAdd adds non-negative numbers without overflowing (negative operands are ignored, as
// gqlgen's complexity does).
func satAdd(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if a > maxInt-b {
		return maxInt
	}
	return a + b
}

// satMul multiplies non-negative numbers without overflowing.
func satMul(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if a != 0 && b > maxInt/a {
		return maxInt
	}
	return a * b
}
