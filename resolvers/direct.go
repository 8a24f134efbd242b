package resolvers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Direct answers.
//
// gqlgen executes a query field by field: a field context and a context value for every
// field, a goroutine for every list element and for every resolver field but one, the
// response path built again and again. For a compiled read (plan.go) — one node and the
// links below it, all read by one statement — the values are already in memory when that
// machinery starts, and it is then most of the hub's own CPU: 30–38 % of it on the
// benchmark's practice traversal (pprof, BENCHMARKS.md, session 21).
//
// So a query whose root field is node(id:) or state(code:), and whose every field below is
// one of directFields, a link of fieldLinks or the page a compiled read takes (a State's
// recommendations, pageFields), is answered here; so are a search of recommendations and the
// root page recommendations(…) whose items select their own fields only (direct_search.go,
// direct_pages.go), through their resolvers. The same statement
// (planFields, store.ReadTree, the operation's shapes), the same values (the model methods
// and resolvers gqlgen itself calls), written with gqlgen's own scalar marshalers, under the
// names and in the order gqlgen writes them (graphql.CollectFields: fragments, aliases,
// @skip and @include). Anything else leaves the query to gqlgen, before a byte is written:
// another root field, a field or argument not in the tables, a page with a filter, an
// error, a panic. A test answers a corpus of queries both ways and
// compares the bytes (httpapi's TestDirectAnswersEqualGqlgens).

// DirectAnswers is the gqlgen extension that answers the queries it can (see above); it is
// the innermost response interceptor, so the others (cost, metrics, tracing, raw data) see
// its answers as they see gqlgen's.
type DirectAnswers struct {
	Resolver *Resolver
	// Schema coerces the arguments of root pages as gqlgen does (graph.QueryFieldArgs).
	Schema graphql.ExecutableSchema
	// Observe, when set, is told of every query: answered directly or left to gqlgen.
	Observe func(direct bool)
	// Log receives a panic of the direct answer (the query then goes to gqlgen).
	Log *slog.Logger
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = DirectAnswers{}

func (DirectAnswers) ExtensionName() string                          { return "DirectAnswers" }
func (DirectAnswers) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d DirectAnswers) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	// gqlgen also passes a refused operation (a parse, validation or limit error) through the
	// response interceptors, with its errors already in the response: that is answered by
	// those errors, never executed.
	if len(graphql.GetErrors(ctx)) > 0 {
		return next(ctx)
	}
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	if l == nil || l.direct.answered {
		// A transport that asks for further responses (a stream) gets gqlgen's end of it.
		return next(ctx)
	}
	data, err := d.answer(ctx)
	if d.Observe != nil {
		d.Observe(err == nil)
	}
	switch {
	case err == nil:
		l.direct.answered = true
		return &graphql.Response{Data: data}
	case !errors.Is(err, errNotDirect):
		// The read failed (after the store's retries): gqlgen's resolver of the root field
		// returns this error instead of reading again, and reports it as it reports any.
		l.direct.failed = err
	}
	return next(ctx)
}

// directFailure is the error of the request's direct read, when it failed: the root field's
// resolver returns it rather than asking the database again what it just failed to answer.
func directFailure(ctx context.Context) error {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l.direct.failed
	}
	return nil
}

// errNotDirect says the query is left to gqlgen.
var errNotDirect = errors.New("left to gqlgen")

// answer writes the query's data, or returns errNotDirect (or the read's error, which gqlgen
// then meets again and reports as it reports every error).
func (d DirectAnswers) answer(ctx context.Context) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			if d.Log != nil {
				d.Log.ErrorContext(ctx, "panic in a direct answer; the query goes to gqlgen", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
			data, err = nil, errNotDirect
		}
	}()
	if !graphql.HasOperationContext(ctx) {
		return nil, errNotDirect
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil || op.Operation.Operation != ast.Query {
		return nil, errNotDirect
	}
	rootFields := graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Query"})
	if len(rootFields) != 1 || deferred(rootFields[0]) {
		return nil, errNotDirect
	}
	root := rootFields[0]
	w := &directWriter{ctx: ctx, op: op, r: d.Resolver, es: d.Schema}
	w.buf.Grow(4096)
	w.buf.WriteByte('{')
	writeKey(&w.buf, root.Alias)
	switch root.Name {
	case "search":
		err = w.search(root)
	case "recommendations":
		err = w.recommendations(root)
	default:
		err = w.node(root)
	}
	if err != nil {
		return nil, err
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}

// node writes the node a root field node(id:) or state(code:) asks for, read with everything
// selected below it by one compiled read.
func (w *directWriter) node(root graphql.CollectedField) error {
	typ, key, ok := directRoot(w.op, root)
	if !ok {
		return errNotDirect
	}
	fields := graphql.CollectFields(w.op, root.Selections, satisfies(typ))
	pages := 0
	if !directSelection(w.op, fields, typ, &pages) {
		return errNotDirect
	}
	trees, err := For(w.ctx).store.ReadTree(w.ctx, roots[typ].root, []string{key}, planFields(w.op, fields, typ), shapesOf(w.ctx))
	if err != nil {
		return err
	}
	t := trees[key]
	if t != nil && typ == "GoodPractice" && !canSee(w.ctx, t.Item.(*domain.GoodPractice)) {
		t = nil // as loadNode: a practice the caller may not see is not found
	}
	if t == nil {
		w.buf.WriteString("null")
	} else if !w.object(t, typ, fields) {
		return errNotDirect
	}
	return nil
}

// directRoot is the type and key of the node a root field asks for, when it is one a
// compiled read starts from.
func directRoot(op *graphql.OperationContext, f graphql.CollectedField) (typ, key string, ok bool) {
	args := f.ArgumentMap(op.Variables)
	switch f.Name {
	case "node":
		id, _ := args["id"].(string)
		kind, key, err := domain.ParseGlobalID("id", id)
		if err != nil {
			return "", "", false
		}
		_, ok := roots[string(kind)]
		return string(kind), key, ok
	case "state":
		code, ok := args["code"].(string)
		return "State", domain.NormalizeStateCode(code), ok
	}
	return "", "", false
}

// directSelection says whether every field selected on an object of type typ, as deep as
// the selection goes, can be answered directly. pages counts the page fields met: a compiled
// read holds one (plan.go), so a second leaves the query to gqlgen.
func directSelection(op *graphql.OperationContext, fields []graphql.CollectedField, typ string, pages *int) bool {
	for _, f := range fields {
		if deferred(f) {
			return false
		}
		if f.Name == "__typename" {
			continue
		}
		if sf, ok := directFields[typ][f.Name]; ok {
			if !sf.takes(f) {
				return false
			}
			continue
		}
		if pf, ok := pageFields[typ][f.Name]; ok {
			*pages++
			// A page the compiled read takes (no filter, valid arguments), with a selection
			// of the connection's own fields and of recommendations answered directly.
			items := func(fields []graphql.CollectedField) bool {
				return directSelection(op, fields, "Recommendation", pages)
			}
			if *pages > 1 || pageStep(op, f, pf, func([]graphql.CollectedField) store.Plan { return nil }) == nil ||
				!directConnection(op, f.Selections, items) {
				return false
			}
			continue
		}
		fl, ok := fieldLinks[typ][f.Name]
		if !ok || len(f.Arguments) > 0 {
			return false
		}
		if !directSelection(op, graphql.CollectFields(op, f.Selections, satisfies(fl.to)), fl.to, pages) {
			return false
		}
	}
	return true
}

// directConnection says whether a recommendation connection's selection can be answered
// directly, items saying it of the fields selected on its recommendations.
func directConnection(op *graphql.OperationContext, sel ast.SelectionSet, items func([]graphql.CollectedField) bool) bool {
	for _, f := range graphql.CollectFields(op, sel, connTypes) {
		if deferred(f) {
			return false
		}
		switch f.Name {
		case "__typename", "totalCount":
		case "nodes":
			if !items(graphql.CollectFields(op, f.Selections, recTypes)) {
				return false
			}
		case "edges":
			for _, e := range graphql.CollectFields(op, f.Selections, edgeTypes) {
				if deferred(e) {
					return false
				}
				switch e.Name {
				case "__typename", "cursor":
				case "node":
					if !items(graphql.CollectFields(op, e.Selections, recTypes)) {
						return false
					}
				default:
					return false
				}
			}
		case "pageInfo":
			if !directPageInfo(op, f.Selections) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

type directWriter struct {
	ctx context.Context
	op  *graphql.OperationContext
	r   *Resolver
	es  graphql.ExecutableSchema
	buf bytes.Buffer
}

// object writes a node read by the tree, with the fields selected on it; false when a value
// cannot be written as gqlgen would write it.
func (w *directWriter) object(t *store.Tree, typ string, fields []graphql.CollectedField) bool {
	return w.fields(fields, func(f graphql.CollectedField) bool {
		switch sf, scalar := directFields[typ][f.Name]; {
		case f.Name == "__typename":
			return w.typename(typ)
		case scalar:
			var lang *domain.Language
			if sf.lang {
				var ok bool
				if lang, ok = langArg(w.op, f); !ok {
					return false
				}
			}
			return sf.write(w, t.Item, lang)
		}
		if pf, ok := pageFields[typ][f.Name]; ok {
			return w.page(t, pf, f)
		}
		return w.linked(t, typ, f)
	})
}

// fields writes an object of the fields, each under its response name, as gqlgen's
// marshalFieldSet does; value writes a field's value (false: the query is not answered
// directly).
func (w *directWriter) fields(fields []graphql.CollectedField, value func(graphql.CollectedField) bool) bool {
	w.buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		writeKey(&w.buf, f.Alias)
		if !value(f) {
			return false
		}
	}
	w.buf.WriteByte('}')
	return true
}

// list writes a list of n items, as gqlgen's Array does; item writes the i-th.
func (w *directWriter) list(n int, item func(i int) bool) bool {
	w.buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if !item(i) {
			return false
		}
	}
	w.buf.WriteByte(']')
	return true
}

// typename writes an object's __typename.
func (w *directWriter) typename(typ string) bool {
	graphql.MarshalString(typ).MarshalGQL(&w.buf)
	return true
}

// page writes a page of recommendations the tree read for the node, as the connection
// gqlgen would build from it (compiledConnections).
func (w *directWriter) page(t *store.Tree, pf pageField, f graphql.CollectedField) bool {
	tp := t.Pages["page_"+f.Alias]
	if tp == nil {
		return false
	}
	conn := &model.RecommendationConnection{Scope: domain.RecommendationScope{Kind: pf.kind, Key: t.Key}, Page: tp.Page}
	if counted, _ := connectionSelection(w.op, f.Selections); counted {
		n := tp.Total
		conn.Count = &n
	}
	return w.connection(conn, f.Selections, func(r *domain.Recommendation) *store.Tree {
		if linked := tp.Trees[r.Key]; linked != nil {
			return &store.Tree{Key: r.Key, Item: r, Links: linked.Links}
		}
		return &store.Tree{Key: r.Key, Item: r}
	})
}

// connection writes a recommendation connection with the fields selected on it; item gives
// a recommendation of the page with the links read below it.
func (w *directWriter) connection(conn *model.RecommendationConnection, sel ast.SelectionSet, item func(*domain.Recommendation) *store.Tree) bool {
	return w.fields(graphql.CollectFields(w.op, sel, connTypes), func(cf graphql.CollectedField) bool {
		switch cf.Name {
		case "__typename":
			return w.typename("RecommendationConnection")
		case "totalCount":
			if conn.Count == nil {
				return false
			}
			graphql.MarshalInt(*conn.Count).MarshalGQL(&w.buf)
			return true
		case "nodes":
			below, nodes := graphql.CollectFields(w.op, cf.Selections, recTypes), conn.Nodes()
			return w.list(len(nodes), func(i int) bool { return w.object(item(nodes[i]), "Recommendation", below) })
		case "edges":
			edgeFields, edges := graphql.CollectFields(w.op, cf.Selections, edgeTypes), conn.Edges()
			return w.list(len(edges), func(i int) bool {
				return w.fields(edgeFields, func(ef graphql.CollectedField) bool {
					switch ef.Name {
					case "__typename":
						return w.typename("RecommendationEdge")
					case "cursor":
						graphql.MarshalString(edges[i].Cursor).MarshalGQL(&w.buf)
						return true
					}
					return w.object(item(edges[i].Node), "Recommendation", graphql.CollectFields(w.op, ef.Selections, recTypes))
				})
			})
		}
		return w.pageInfo(conn.PageInfo(), cf.Selections)
	})
}

// pageInfo writes a PageInfo with the fields selected on it.
func (w *directWriter) pageInfo(info *domain.PageInfo, sel ast.SelectionSet) bool {
	return w.fields(graphql.CollectFields(w.op, sel, pageInfoTypes), func(pf graphql.CollectedField) bool {
		if pf.Name == "__typename" {
			return w.typename("PageInfo")
		}
		pageInfoFields[pf.Name](&w.buf, info)
		return true
	})
}

// directPageInfo says whether a PageInfo's selection can be answered directly.
func directPageInfo(op *graphql.OperationContext, sel ast.SelectionSet) bool {
	for _, p := range graphql.CollectFields(op, sel, pageInfoTypes) {
		if _, ok := pageInfoFields[p.Name]; deferred(p) || !ok && p.Name != "__typename" {
			return false
		}
	}
	return true
}

// directScalars says whether the fields selected on an object of type typ are its own
// (directFields), with no link below: for items read without their links (a search's hits, a
// root page's recommendations).
func directScalars(fields []graphql.CollectedField, typ string) bool {
	for _, f := range fields {
		if deferred(f) {
			return false
		}
		if sf, ok := directFields[typ][f.Name]; f.Name != "__typename" && (!ok || !sf.takes(f)) {
			return false
		}
	}
	return true
}

// deferred says whether a field is (or holds a fragment) under @defer: gqlgen answers such a
// field in a later response, null in the first one, so the query is left to it.
func deferred(f graphql.CollectedField) bool { return len(f.Deferrables) > 0 }

// pageInfoTypes are the type conditions a fragment on a PageInfo may name.
var pageInfoTypes = []string{"PageInfo"}

// pageInfoFields write PageInfo's fields as gqlgen does.
var pageInfoFields = map[string]func(io.Writer, *domain.PageInfo){
	"hasNextPage":     func(w io.Writer, p *domain.PageInfo) { graphql.MarshalBoolean(p.HasNextPage).MarshalGQL(w) },
	"hasPreviousPage": func(w io.Writer, p *domain.PageInfo) { graphql.MarshalBoolean(p.HasPreviousPage).MarshalGQL(w) },
	"startCursor":     func(w io.Writer, p *domain.PageInfo) { optString(w, p.StartCursor) },
	"endCursor":       func(w io.Writer, p *domain.PageInfo) { optString(w, p.EndCursor) },
}

// optString writes a nullable String.
func optString(w io.Writer, s *string) {
	if s == nil {
		_, _ = io.WriteString(w, "null")
		return
	}
	graphql.MarshalString(*s).MarshalGQL(w)
}

// linked writes a link field: the items the tree holds for it, in its order.
func (w *directWriter) linked(t *store.Tree, typ string, f graphql.CollectedField) bool {
	fl := fieldLinks[typ][f.Name]
	children := t.Links[f.Name]
	below := graphql.CollectFields(w.op, f.Selections, satisfies(fl.to))
	if fl.single { // a nullable single item (a recommendation's mechanism)
		if len(children) == 0 {
			w.buf.WriteString("null")
			return true
		}
		return w.object(children[0], fl.to, below)
	}
	return w.list(len(children), func(i int) bool { return w.object(children[i], fl.to, below) })
}

// writeKey writes a field's response name and the colon, as gqlgen's marshalFieldSet does.
func writeKey(w io.Writer, alias string) {
	graphql.MarshalString(alias).MarshalGQL(w)
	_, _ = io.WriteString(w, ":")
}

// langArg is a field's lang argument (nil when omitted or null), coerced as gqlgen's
// generated argument code coerces it.
func langArg(op *graphql.OperationContext, f graphql.CollectedField) (*domain.Language, bool) {
	// Called for every item a list writes: without arguments, and without a default in the
	// schema, lang is omitted, and the argument map need not be built.
	if len(f.Arguments) == 0 && f.Definition != nil {
		if def := f.Definition.Arguments.ForName("lang"); def == nil || def.DefaultValue == nil {
			return nil, true
		}
	}
	v, ok := f.ArgumentMap(op.Variables)["lang"]
	if !ok || v == nil {
		return nil, true
	}
	var l domain.Language
	if err := l.UnmarshalGQL(v); err != nil {
		return nil, false
	}
	return &l, true
}

// directField is a field answered directly: write writes its value from the item (false
// when it cannot, e.g. a null where the schema promises a value); lang says the field takes
// the lang argument, its only one.
type directField struct {
	write func(w *directWriter, item any, lang *domain.Language) bool
	lang  bool
}

// takes says whether the field's arguments are ones the direct answer reads.
func (sf directField) takes(f graphql.CollectedField) bool {
	for _, a := range f.Arguments {
		if !sf.lang || a.Name != "lang" {
			return false
		}
	}
	return true
}

// The constructors below write values as the generated marshalers do: non-null scalars
// through graphql.Marshal*, nullable ones as null when nil, enums through their MarshalGQL.

// valueField writes a non-null value of the item with marshal.
func valueField[T, V any](get func(*T) V, marshal func(V) graphql.Marshaler) directField {
	return directField{write: func(w *directWriter, item any, _ *domain.Language) bool {
		marshal(get(item.(*T))).MarshalGQL(&w.buf)
		return true
	}}
}

// optField writes a nullable value of the item with marshal, null when nil.
func optField[T, V any](get func(*T) *V, marshal func(V) graphql.Marshaler) directField {
	return directField{write: func(w *directWriter, item any, _ *domain.Language) bool {
		if v := get(item.(*T)); v != nil {
			marshal(*v).MarshalGQL(&w.buf)
		} else {
			w.buf.WriteString("null")
		}
		return true
	}}
}

func idField[T any](get func(*T) string) directField { return valueField(get, graphql.MarshalID) }
func stringField[T any](get func(*T) string) directField {
	return valueField(get, graphql.MarshalString)
}
func optStringField[T any](get func(*T) *string) directField {
	return optField(get, graphql.MarshalString)
}
func intField[T any](get func(*T) int) directField     { return valueField(get, graphql.MarshalInt) }
func optIntField[T any](get func(*T) *int) directField { return optField(get, graphql.MarshalInt) }
func boolField[T any](get func(*T) bool) directField   { return valueField(get, graphql.MarshalBoolean) }

// enumField writes a non-null enum (or other self-marshalling value), called directly: a
// conversion to graphql.Marshaler would allocate for every value written.
func enumField[T any, E graphql.Marshaler](get func(*T) E) directField {
	return directField{write: func(w *directWriter, item any, _ *domain.Language) bool {
		get(item.(*T)).MarshalGQL(&w.buf)
		return true
	}}
}

// optEnumField writes a nullable enum (or other self-marshalling value).
func optEnumField[T any, E graphql.Marshaler](get func(*T) *E) directField {
	return directField{write: func(w *directWriter, item any, _ *domain.Language) bool {
		if v := get(item.(*T)); v != nil {
			(*v).MarshalGQL(&w.buf)
		} else {
			w.buf.WriteString("null")
		}
		return true
	}}
}

// textField is a non-null text in the language asked for (or its fallback); a resolver's
// error leaves the query to gqlgen, which reports it.
func textField[T any](get func(w *directWriter, x *T, lang *domain.Language) (string, error)) directField {
	return directField{lang: true, write: func(w *directWriter, item any, lang *domain.Language) bool {
		v, err := get(w, item.(*T), lang)
		if err != nil {
			return false
		}
		graphql.MarshalString(v).MarshalGQL(&w.buf)
		return true
	}}
}

// servedField is the language a text is served in (null when it has none).
func servedField[T any](get func(w *directWriter, x *T, lang *domain.Language) (*domain.Language, error)) directField {
	return directField{lang: true, write: func(w *directWriter, item any, lang *domain.Language) bool {
		v, err := get(w, item.(*T), lang)
		if err != nil {
			return false
		}
		if v != nil {
			v.MarshalGQL(&w.buf)
		} else {
			w.buf.WriteString("null")
		}
		return true
	}}
}

// directFields are the fields answered directly, by GraphQL type, besides __typename and the
// links of fieldLinks. Each reads what gqlgen's generated code reads for it: the same model
// field or method, or the same resolver (graph/generated.go).
var directFields = map[string]map[string]directField{
	"State": {
		"id":     idField(func(s *domain.State) string { return s.ID() }),
		"code":   stringField(func(s *domain.State) string { return s.Code }),
		"alpha2": stringField(func(s *domain.State) string { return s.Alpha2 }),
		"name": textField(func(w *directWriter, s *domain.State, lang *domain.Language) (string, error) {
			return w.r.State().Name(w.ctx, s, lang)
		}),
		"nameLanguage": servedField(func(w *directWriter, s *domain.State, lang *domain.Language) (*domain.Language, error) {
			return w.r.State().NameLanguage(w.ctx, s, lang)
		}),
		"unMember":        boolField(func(s *domain.State) bool { return s.UnMember }),
		"unRegionalGroup": optEnumField(func(s *domain.State) *domain.UnRegionalGroup { return s.UnRegionalGroup }),
	},
	"NMIRF": {
		"id": idField(func(n *domain.NMIRF) string { return n.ID() }),
		"name": textField(func(w *directWriter, n *domain.NMIRF, lang *domain.Language) (string, error) {
			return w.r.NMIRF().Name(w.ctx, n, lang)
		}),
		"nameLanguage": servedField(func(w *directWriter, n *domain.NMIRF, lang *domain.Language) (*domain.Language, error) {
			return w.r.NMIRF().NameLanguage(w.ctx, n, lang)
		}),
		"nameKnown": boolField(func(n *domain.NMIRF) bool { return n.NameKnown() }),
		"acronym":   optStringField(func(n *domain.NMIRF) *string { return n.Acronym }),
		"type":      optEnumField(func(n *domain.NMIRF) *domain.NmirfType { return n.Type }),
	},
	"GoodPractice": {
		"id": idField(func(p *domain.GoodPractice) string { return p.ID() }),
		"title": textField(func(_ *directWriter, p *domain.GoodPractice, lang *domain.Language) (string, error) {
			return p.Title(lang), nil
		}),
		"titleLanguage": servedField(func(_ *directWriter, p *domain.GoodPractice, lang *domain.Language) (*domain.Language, error) {
			return p.TitleLanguage(lang), nil
		}),
		"summary": textField(func(_ *directWriter, p *domain.GoodPractice, lang *domain.Language) (string, error) {
			return p.Summary(lang), nil
		}),
		"status":  enumField(func(p *domain.GoodPractice) domain.PracticeStatus { return p.Status }),
		"version": intField(func(p *domain.GoodPractice) int { return p.Version }),
	},
	"Recommendation": {
		"id": idField(func(r *domain.Recommendation) string { return r.ID() }),
		"text": textField(func(_ *directWriter, r *domain.Recommendation, lang *domain.Language) (string, error) {
			return r.Text(lang), nil
		}),
		"textLanguage": servedField(func(_ *directWriter, r *domain.Recommendation, lang *domain.Language) (*domain.Language, error) {
			return r.TextLanguage(lang), nil
		}),
		"paragraph":        optStringField(func(r *domain.Recommendation) *string { return r.Paragraph }),
		"type":             enumField(func(r *domain.Recommendation) domain.RecommendationType { return r.Type }),
		"publishedOn":      optEnumField(func(r *domain.Recommendation) *domain.Date { return r.PublishedOn }),
		"year":             optIntField(func(r *domain.Recommendation) *int { return r.Year }),
		"uprSession":       optIntField(func(r *domain.Recommendation) *int { return r.UprSession }),
		"uhriAnnotationId": optStringField(func(r *domain.Recommendation) *string { return r.UhriAnnotationID }),
	},
	"Theme": {
		"id":  idField(func(t *domain.Theme) string { return t.ID() }),
		"key": stringField(func(t *domain.Theme) string { return t.Key }),
		"name": textField(func(w *directWriter, t *domain.Theme, lang *domain.Language) (string, error) {
			return w.r.Theme().Name(w.ctx, t, lang)
		}),
		"nameLanguage": servedField(func(w *directWriter, t *domain.Theme, lang *domain.Language) (*domain.Language, error) {
			return w.r.Theme().NameLanguage(w.ctx, t, lang)
		}),
		"scheme":  stringField(func(t *domain.Theme) string { return t.Scheme }),
		"version": optStringField(func(t *domain.Theme) *string { return t.Version }),
	},
	"Mechanism": {
		"id":   idField(func(m *domain.Mechanism) string { return m.ID() }),
		"code": stringField(func(m *domain.Mechanism) string { return m.Code }),
		"kind": enumField(func(m *domain.Mechanism) domain.MechanismKind { return m.Kind }),
		"name": textField(func(w *directWriter, m *domain.Mechanism, lang *domain.Language) (string, error) {
			return w.r.Mechanism().Name(w.ctx, m, lang)
		}),
		"nameLanguage": servedField(func(w *directWriter, m *domain.Mechanism, lang *domain.Language) (*domain.Language, error) {
			return w.r.Mechanism().NameLanguage(w.ctx, m, lang)
		}),
	},
}
