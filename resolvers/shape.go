package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Shaped projections (store/shape.go): a compiled read projects of a good practice, a
// recommendation or a theme only the parts the operation's fields read.
//
// The shape of a kind is decided once per request, for the whole operation: the parts read by
// every field selected on that kind (or on an interface or union it belongs to) anywhere in
// the operation, fragments and aliases included. Items prime batchers the whole request
// shares, so an item read for one field must hold what every other field of the operation
// could ask of it. A field missing from fieldParts (similar, peerPractices, history, a field
// added later) makes its kind projected whole: an unknown field never gets a partial item.
//
// A field with a lang argument (title, text, name and their …Language fields) reads its text
// part in that language, or in the fallback languages when the item lacks it: the part is
// asked for in the languages the operation's fields pick (store.InLanguages), and whole as
// soon as one field reads every language (a recommendation's languages).

// fieldParts gives, by GraphQL type and field, the parts of store/shape.go the field's
// resolver reads. An empty list: the field reads only the base (the key, and a practice's
// status); the practice's State is the part "state" (see requestShapes).
var fieldParts = map[string]map[string][]string{
	"GoodPractice": {
		"__typename": {}, "id": {}, "status": {}, "state": {"state"},
		"title": {"titles"}, "titleLanguage": {"titles"}, "summary": {"summaries"},
		"capacities": {"details"}, "stakeholders": {"details"}, "tools": {"details"},
		"periodStart": {"details"}, "periodEnd": {"details"}, "outcome": {"details"},
		"version": {"version"}, "nmirf": {"nmirf"},
		// links read by the practice's key
		"themes": {}, "recommendations": {}, "sources": {}, "guidanceDimensions": {},
	},
	"Recommendation": {
		"__typename": {}, "id": {},
		"text": {"texts"}, "textLanguage": {"texts"}, "languages": {"texts"},
		"paragraph": {"paragraph"}, "type": {"type"}, "publishedOn": {"publishedOn"}, "year": {"year"},
		"uprCycle": {"uprCycle"}, "uprSession": {"uprSession"}, "uhriAnnotationId": {"uhriAnnotationId"},
		"mechanism": {"mechanism"}, "document": {"document"}, "position": {"position"},
		// links read by the recommendation's key
		"states": {}, "recommendingStates": {}, "themes": {}, "affectedGroups": {}, "sdgTargets": {},
		"sdgGoals": {}, "sources": {}, "practices": {}, "followUpActions": {},
	},
	"Theme": {
		"__typename": {}, "id": {}, "key": {},
		"name": {"names"}, "nameLanguage": {"names"}, "scheme": {"scheme"}, "version": {"scheme"},
		"parent": {"parent"},
		// links read by the theme's key (its recommendations, a page with arguments, are left
		// out: such a selection reads themes whole, which the shaped-reads test relies on)
		"children": {}, "practices": {},
	},
}

// shapesOf is the request's shapes, worked out from its operation on first use.
func shapesOf(ctx context.Context) store.Shapes {
	l := For(ctx)
	l.shapeOnce.Do(func() {
		if graphql.HasOperationContext(ctx) {
			op := graphql.GetOperationContext(ctx)
			l.shapes = requestShapes(op.Operation, op.Variables, domain.PrincipalFrom(ctx))
		}
	})
	return l.shapes
}

// requestShapes are the operation's shapes, plus what the caller's rights check reads: who
// may see a practice that is not published depends on its State only for an editor of one
// State (canSee); for anyone else its status decides.
func requestShapes(op *ast.OperationDefinition, vars map[string]any, who domain.Principal) store.Shapes {
	shapes := operationShapes(op, vars)
	if parts, shaped := shapes["GoodPractice"]; shaped && who.Role == domain.RoleEditor && who.StateCode != "" && !slices.Contains(parts, "state") {
		shapes["GoodPractice"] = slices.Sorted(slices.Values(append(parts, "state")))
	}
	return shapes
}

// operationShapes walks every selection of the operation (with its variables) and gives each
// shapeable kind the parts its selected fields read; a kind with a field outside fieldParts
// is left out (projected whole).
func operationShapes(op *ast.OperationDefinition, vars map[string]any) store.Shapes {
	if op == nil {
		return nil
	}
	// want: by kind, the parts read, each with the languages its fields pick (allLanguages:
	// every one).
	want := map[string]map[string][]domain.Language{}
	whole := map[string]bool{}
	for typ := range fieldParts {
		want[typ] = map[string][]domain.Language{}
	}
	visited := map[string]bool{}
	var walk func(set ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				for typ := range fieldParts {
					if !selectsOn(s, typ) {
						continue
					}
					parts, known := fieldParts[typ][s.Name]
					if !known {
						whole[typ] = true
					}
					lang := pickedLanguage(s, vars)
					for _, p := range parts {
						if !slices.Contains(want[typ][p], lang) {
							want[typ][p] = append(want[typ][p], lang)
						}
					}
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil && !visited[s.Name] {
					visited[s.Name] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	shapes := store.Shapes{}
	for typ, parts := range want {
		if whole[typ] {
			continue
		}
		names := make([]string, 0, len(parts))
		for p, langs := range parts {
			if slices.Contains(langs, allLanguages) {
				names = append(names, p)
			} else {
				names = append(names, store.InLanguages(p, langs))
			}
		}
		slices.Sort(names) // one text per shape: one cached Neo4j plan
		shapes[typ] = names
	}
	return shapes
}

// selectsOn says whether a field may be read on an object of type typ: selected on typ
// itself, or on an interface or union (Node, a search result) that typ may be.
func selectsOn(f *ast.Field, typ string) bool {
	d := f.ObjectDefinition
	if d == nil {
		return true // not validated against the schema: assume the worst
	}
	if d.Name == typ {
		return true
	}
	return d.Kind == ast.Interface || d.Kind == ast.Union
}

// allLanguages stands for a field that reads a text in every language, or no text at all.
const allLanguages domain.Language = "*"

// pickedLanguage is the language a field with a lang argument picks its text in (English
// when the argument is left out or null, as domain.Texts.Pick has it); allLanguages for a
// field without one, or whose argument is not a known language.
func pickedLanguage(f *ast.Field, vars map[string]any) domain.Language {
	if f.Definition == nil || f.Definition.Arguments.ForName("lang") == nil {
		return allLanguages
	}
	var v any // the argument's value: an enum literal, a variable's (coerced) value, or null
	if arg := f.Arguments.ForName("lang"); arg != nil && arg.Value != nil {
		switch arg.Value.Kind {
		case ast.Variable:
			v = vars[arg.Value.Raw]
		case ast.EnumValue:
			v = arg.Value.Raw
		case ast.NullValue:
		default:
			return allLanguages
		}
	}
	switch v := v.(type) {
	case nil:
		return "EN"
	case string:
		if slices.Contains(domain.Languages, domain.Language(v)) {
			return domain.Language(v)
		}
	case domain.Language:
		if slices.Contains(domain.Languages, v) {
			return v
		}
	}
	return allLanguages
}
