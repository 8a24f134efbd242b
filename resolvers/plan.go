package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Compiled reads. Where a resolver knows everything selected below it — a root field that
// returns one node, or a batch field that no other call can join (soleBatch) — the selection
// becomes a store.Plan: one step per selected field that follows a link of fieldLinks,
// nested as the query nests them. store.ReadTree reads the whole plan in one statement, and
// the items it returns prime, level by level, the batchers the nested resolvers read from;
// those resolvers then find their data in memory. Fields outside the table (pages with
// arguments, scores, similarity, peers) load as before, through their batchers.

// fieldLink says how one GraphQL field is read by a compiled query: the store link it
// follows, the GraphQL type it reaches, and how its items prime the batcher its resolver
// reads (by the parent's key for a list, by each item's own key for a single item).
type fieldLink struct {
	link   *store.Link
	to     string
	prime  func(l *Loaders, parentKey string, items []*store.Tree)
	single bool // its resolver loads by the item's key, not the parent's
}

func listLink[V any](link *store.Link, to string, b func(*Loaders) *batcher[[]V]) fieldLink {
	return fieldLink{link: link, to: to, prime: primeList(b)}
}

func itemLink[V any](link *store.Link, to string, b func(*Loaders) *batcher[V]) fieldLink {
	return fieldLink{link: link, to: to, prime: primeEach(b), single: true}
}

// fieldLinks is the one description of how GraphQL fields map to the graph's links, by
// GraphQL type and field name. A field is here only when it takes no arguments.
var fieldLinks = map[string]map[string]fieldLink{
	"State": {
		"nmirfs":        listLink(store.StateNMIRFs, "NMIRF", func(l *Loaders) *batcher[[]*domain.NMIRF] { return l.NMIRFsByState }),
		"goodPractices": listLink(store.StatePractices, "GoodPractice", func(l *Loaders) *batcher[[]*domain.GoodPractice] { return l.PracticesOfState }),
	},
	"NMIRF": {
		"practices": listLink(store.NMIRFPractices, "GoodPractice", func(l *Loaders) *batcher[[]*domain.GoodPractice] { return l.PracticesOfNMIRF }),
	},
	"Theme": {
		"practices": listLink(store.ThemePractices, "GoodPractice", func(l *Loaders) *batcher[[]*domain.GoodPractice] { return l.PracticesOfTheme }),
	},
	"GoodPractice": {
		"themes":          listLink(store.PracticeThemes, "Theme", func(l *Loaders) *batcher[[]*domain.Theme] { return l.ThemesOfPractice }),
		"recommendations": listLink(store.PracticeRecommendations, "Recommendation", func(l *Loaders) *batcher[[]*domain.Recommendation] { return l.RecommendationsOfPractice }),
	},
	"Recommendation": {
		"mechanism":          itemLink(store.RecommendationMechanism, "Mechanism", func(l *Loaders) *batcher[*domain.Mechanism] { return l.MechanismByKey }),
		"states":             listLink(store.RecommendationStates, "State", func(l *Loaders) *batcher[[]*domain.State] { return l.StatesAddressed }),
		"recommendingStates": listLink(store.RecommendationRecommendingStates, "State", func(l *Loaders) *batcher[[]*domain.State] { return l.RecommendingStates }),
		"themes":             listLink(store.RecommendationThemes, "Theme", func(l *Loaders) *batcher[[]*domain.Theme] { return l.ThemesOf }),
		"practices":          listLink(store.RecommendationPractices, "GoodPractice", func(l *Loaders) *batcher[[]*domain.GoodPractice] { return l.PracticesOfRecommendation }),
	},
}

// roots are the node types a compiled read may start from, with the batcher that finds one
// by its key.
var roots = map[string]struct {
	root  *store.Root
	prime func(l *Loaders, _ string, items []*store.Tree)
}{
	"State":          {store.StateRoot, primeEach(func(l *Loaders) *batcher[*domain.State] { return l.StateByCode })},
	"NMIRF":          {store.NMIRFRoot, primeEach(func(l *Loaders) *batcher[*domain.NMIRF] { return l.NMIRFByKey })},
	"GoodPractice":   {store.PracticeRoot, primeEach(func(l *Loaders) *batcher[*domain.GoodPractice] { return l.PracticeByKey })},
	"Recommendation": {store.RecommendationRoot, primeEach(func(l *Loaders) *batcher[*domain.Recommendation] { return l.RecommendationByKey })},
}

// primeList primes a batcher of lists keyed by the parent.
func primeList[V any](b func(*Loaders) *batcher[[]V]) func(*Loaders, string, []*store.Tree) {
	return func(l *Loaders, parentKey string, items []*store.Tree) {
		list := make([]V, len(items))
		for i, t := range items {
			list[i] = t.Item.(V)
		}
		b(l).Prime(parentKey, list)
	}
}

// primeEach primes a batcher of single items keyed by their own keys.
func primeEach[V any](b func(*Loaders) *batcher[V]) func(*Loaders, string, []*store.Tree) {
	return func(l *Loaders, _ string, items []*store.Tree) {
		for _, t := range items {
			b(l).Prime(t.Key, t.Item.(V))
		}
	}
}

// satisfies lists the type conditions a fragment on an object of type typ may name.
func satisfies(typ string) []string { return []string{typ, "Node"} }

// planOf turns the fields selected on an object of type typ into a plan.
func planOf(ctx context.Context, fields []graphql.CollectedField, typ string) store.Plan {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	return planFields(graphql.GetOperationContext(ctx), fields, typ)
}

func planFields(opCtx *graphql.OperationContext, fields []graphql.CollectedField, typ string) store.Plan {
	pages := 0
	return planLevel(opCtx, fields, typ, &pages)
}

// planLevel plans one level; pages counts the page steps planned so far (a plan holds one).
func planLevel(opCtx *graphql.OperationContext, fields []graphql.CollectedField, typ string, pages *int) store.Plan {
	plan := store.Plan{}
	for _, f := range fields {
		if pf, ok := pageFields[typ][f.Name]; ok && *pages == 0 {
			*pages++ // counted first: no page may be planned below this one
			below := func(nodes []graphql.CollectedField) store.Plan {
				return planLevel(opCtx, nodes, "Recommendation", pages)
			}
			if ps := pageStep(opCtx, f, pf, below); ps != nil {
				plan["page_"+f.Alias] = &store.Step{Page: ps}
			} else {
				*pages--
			}
			continue
		}
		fl, ok := fieldLinks[typ][f.Name]
		if !ok {
			continue
		}
		below := planLevel(opCtx, graphql.CollectFields(opCtx, f.Selections, satisfies(fl.to)), fl.to, pages)
		if step := plan[f.Name]; step != nil { // the same field again under another alias
			merge(step.Below, below)
			continue
		}
		plan[f.Name] = &store.Step{Link: fl.link, Below: below}
	}
	return plan
}

// merge adds to plan the steps of other it lacks, as deep as they go. (A page step is
// planned once: other, the plan of the same field under another alias, holds none.)
func merge(plan, other store.Plan) {
	for name, step := range other {
		if mine := plan[name]; mine != nil {
			merge(mine.Below, step.Below)
		} else {
			plan[name] = step
		}
	}
}

// prime hands a tree's links to the batchers, level by level, and files its pages.
func prime(l *Loaders, t *store.Tree, typ string, plan store.Plan) {
	for name, step := range plan {
		if step.Page != nil {
			if tp := t.Pages[name]; tp != nil {
				primePage(l, t.Key, step.Page, tp)
			}
			continue
		}
		fl := fieldLinks[typ][name]
		children := t.Links[name]
		fl.prime(l, t.Key, children)
		for _, c := range children {
			prime(l, c, fl.to, step.Below)
		}
	}
}

// readTree reads the root nodes of type typ with the given keys together with the plan's
// links, and primes the batchers with all of it. An empty plan reads nothing: the root's
// own batcher does that in the same one round trip.
func readTree(ctx context.Context, typ string, keys []string, plan store.Plan) error {
	r, ok := roots[typ]
	if !ok || len(plan) == 0 || len(keys) == 0 {
		return nil
	}
	trees, err := For(ctx).store.ReadTree(ctx, r.root, keys, plan, shapesOf(ctx))
	if err != nil {
		return err
	}
	primeTrees(ctx, typ, trees, plan)
	return nil
}

// primeTrees hands trees read for nodes of type typ, and all their links, to the batchers.
func primeTrees(ctx context.Context, typ string, trees map[string]*store.Tree, plan store.Plan) {
	l := For(ctx)
	found := make([]*store.Tree, 0, len(trees))
	for _, t := range trees {
		found = append(found, t)
		prime(l, t, typ, plan)
	}
	roots[typ].prime(l, "", found)
}

// compileRoot is called by a root field that returns one node of type typ: it reads the
// node with everything selected below it in one statement.
func compileRoot(ctx context.Context, typ, key string) error {
	fc := graphql.GetFieldContext(ctx)
	if !graphql.HasOperationContext(ctx) || fc == nil || !slices.Contains(satisfies(typ), fc.Field.Definition.Type.Name()) {
		return nil // not a field that returns the node itself (e.g. a mutation's payload)
	}
	return readTree(ctx, typ, []string{key}, planOf(ctx, graphql.CollectFieldsCtx(ctx, satisfies(typ)), typ))
}

// compileBatch is called by a batch field that no other call can join, before it loads:
// when the field follows a link of fieldLinks, its parents' links and everything selected
// below them come in one statement.
func compileBatch(ctx context.Context, keys []string) error {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return nil
	}
	typ, name := fc.Object, fc.Field.Name
	fl, ok := fieldLinks[typ][name]
	if !ok || fl.single {
		return nil
	}
	below := planOf(ctx, graphql.CollectFieldsCtx(ctx, satisfies(fl.to)), fl.to)
	if len(below) == 0 {
		return nil // one link, one level: the batcher's own query is the same one round trip
	}
	return readTree(ctx, typ, keys, store.Plan{name: {Link: fl.link, Below: below}})
}

// rootNode is a root field that returns the one node of type typ with the key, or nil: the
// node and everything selected below it come in one statement.
func rootNode[V any](ctx context.Context, typ string, b *batcher[*V], key string) (*V, error) {
	if err := directFailure(ctx); err != nil {
		return nil, err
	}
	if err := compileRoot(ctx, typ, key); err != nil {
		return nil, err
	}
	return optional(b.loadOneNow(ctx, key))
}
