package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Sourced is an item with the keys of the sources its facts come from.
type Sourced[T any] struct {
	Item       T
	SourceKeys []string
}

// MembershipSeed is a network membership to write.
type MembershipSeed struct {
	NMIRFKey   string
	NetworkKey string
	Role       domain.MembershipRole
	Since      *domain.Date
	SourceKey  *string
}

// Seed is a whole reference dataset (the demo data) to write in one transaction.
type Seed struct {
	Sources     []domain.Source
	States      []Sourced[domain.State]
	Instruments []Sourced[domain.Instrument]
	Events      []Sourced[domain.Event]
	NMIRFs      []Sourced[domain.NMIRF]
	Networks    []Sourced[domain.Network]
	// HistoryOf links events and instruments (by uid) to the network whose history they are.
	HistoryOf   map[string]string
	Memberships []MembershipSeed

	// ReferenceSourceKeys are the sources of the taxonomies (mechanisms, themes, groups, SDGs).
	ReferenceSourceKeys []string
	Mechanisms          []domain.Mechanism
	Themes              []domain.Theme
	AffectedGroups      []domain.AffectedGroup
	SdgGoals            []domain.SdgGoal
	SdgTargets          []domain.SdgTarget
	Documents           []Sourced[domain.Document]
	Recommendations     []RecommendationRecord

	GuidanceDimensions []Sourced[domain.GuidanceDimension]
	Organizations      []Sourced[domain.Organization]
	EventPartners      map[string][]string // event key → organisation keys
	Links              []LinkSeed          // further facts between nodes (sponsors, leaders, organisers)
	Institutions       []InstitutionSeed
	Practices          []PracticeSeed
}

// InstitutionSeed is an institution with its part in an NMIRF.
type InstitutionSeed struct {
	Institution domain.Institution
	NMIRFKey    string
	Role        string
	SourceKeys  []string
}

// PracticeSeed is a good practice with its links.
type PracticeSeed struct {
	Practice           domain.GoodPractice
	DimensionKeys      []string
	ThemeKeys          []string
	RecommendationKeys []string
	SourceKeys         []string
}

// mergeSourced is the common statement of reference items: MERGE on the key, set the
// properties in x.props, link the sources in x.sources. All arguments are constants.
func mergeSourced(name, param, label, keyProp string) struct{ name, cypher string } {
	return struct{ name, cypher string }{name, `UNWIND $` + param + ` AS x
MERGE (n:` + label + ` {` + keyProp + `: x.key}) SET n:Entity, n += x.props, n.uid = '` + label + `:' + x.key
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`}
}

// Every statement below MERGEs on the natural key and SETs all properties, so applying the
// same seed twice changes nothing.
var seedStatements = []struct{ name, cypher string }{
	{"sources", `UNWIND $sources AS x
MERGE (n:Source {key: x.key}) SET n:Entity, n.uid = 'Source:' + x.key,
  n.title = x.title, n.publisher = x.publisher, n.publishedOn = x.publishedOn, n.url = x.url, n.license = x.license,
  n += x.texts`},
	{"states", `UNWIND $states AS x
MERGE (n:State {code: x.code}) SET n:Entity, n.uid = 'State:' + x.code,
  n.alpha2 = x.alpha2, n.name = x.name, n.unMember = x.unMember, n.unRegionalGroup = x.unRegionalGroup, n += x.names
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	{"instruments", `UNWIND $instruments AS x
MERGE (n:Instrument {key: x.key}) SET n:Entity, n.uid = 'Instrument:' + x.key,
  n.title = x.title, n.kind = x.kind, n.symbol = x.symbol, n.adoptedOn = x.adoptedOn,
  n.adoptedOnPrecision = x.adoptedOnPrecision, n.summary = x.summary, n += x.names
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	{"events", `UNWIND $events AS x
MERGE (n:Event {key: x.key}) SET n:Entity, n.uid = 'Event:' + x.key,
  n.name = x.name, n.startDate = x.startDate, n.endDate = x.endDate, n.datePrecision = x.datePrecision,
  n.place = x.place, n.summary = x.summary, n += x.names
WITH n, x
OPTIONAL MATCH (st:State {code: x.hostState})
FOREACH (_ IN CASE WHEN st IS NULL THEN [] ELSE [1] END | MERGE (n)-[:HELD_IN]->(st))
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	{"instrument events", `UNWIND $instruments AS x
MATCH (i:Instrument {key: x.key}), (e:Event {key: x.adoptedAt}) MERGE (i)-[:ADOPTED_AT]->(e)`},
	{"nmirfs", `UNWIND $nmirfs AS x
MATCH (st:State {code: x.stateCode})
MERGE (n:NMIRF {key: x.key}) SET n:Entity, n.uid = 'NMIRF:' + x.key,
  n.name = x.name, n.acronym = x.acronym, n.type = x.type, n.legalBasis = x.legalBasis,
  n.establishedYear = x.establishedYear, n.mandate = x.mandate, n.trackingTool = x.trackingTool, n.website = x.website, n.nameUnknown = x.nameUnknown, n += x.names
MERGE (n)-[:OF_STATE]->(st)
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	{"networks", `UNWIND $networks AS x
MERGE (n:Network {key: x.key}) SET n:Entity, n.uid = 'Network:' + x.key,
  n.name = x.name, n.reportedMemberCount = x.reportedMemberCount,
  n.reportedMemberCountAsOf = x.reportedMemberCountAsOf, n.reportedMemberCountSource = x.reportedMemberCountSource, n += x.names
WITH n, x
OPTIONAL MATCH (i:Instrument {key: x.foundingInstrument})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (n)-[:FOUNDED_BY]->(i))
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	{"history", `UNWIND $history AS x
MATCH (item:Entity {uid: x.uid}), (net:Network {key: x.network}) MERGE (item)-[:IN_HISTORY_OF]->(net)`},
	mergeSourced("mechanisms", "mechanisms", "Mechanism", "key"),
	mergeSourced("themes", "themes", "Theme", "key"),
	{"theme parents", `UNWIND $themes AS x
MATCH (n:Theme {key: x.key})
OPTIONAL MATCH (n)-[old:SUBTHEME_OF]->() DELETE old
WITH n, x MATCH (p:Theme {key: x.parent}) MERGE (n)-[:SUBTHEME_OF]->(p)`},
	mergeSourced("affected groups", "groups", "AffectedGroup", "key"),
	mergeSourced("sdg goals", "goals", "SdgGoal", "code"),
	{"sdg targets", `UNWIND $targets AS x
MERGE (n:SdgTarget {code: x.key}) SET n:Entity, n += x.props, n.uid = 'SdgTarget:' + x.key
WITH n, x CALL (n, x) { MATCH (g:SdgGoal {code: x.props.goalCode}) MERGE (n)-[:PART_OF]->(g) }
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	mergeSourced("documents", "documents", "Document", "key"),
	mergeSourced("guidance dimensions", "dimensions", "GuidanceDimension", "key"),
	mergeSourced("organizations", "organizations", "Organization", "key"),
	{"event partners", `UNWIND $eventPartners AS x
MATCH (e:Event {key: x.event}), (o:Organization {key: x.organization}) MERGE (o)-[:PARTNER_OF]->(e)`},
	{"institutions", `UNWIND $institutions AS x
MATCH (st:State {code: x.stateCode}), (nm:NMIRF {key: x.nmirf})
MERGE (n:Institution {key: x.key}) SET n:Entity, n.name = x.name, n.uid = 'Institution:' + x.key
MERGE (n)-[:OF_STATE]->(st)
MERGE (n)-[p:PART_OF_NMIRF]->(nm) SET p.role = x.role
WITH n, x UNWIND x.sources AS sk MATCH (src:Source {key: sk}) MERGE (n)-[:SOURCED_FROM]->(src)`},
	{"memberships", `UNWIND $memberships AS x
MATCH (n:NMIRF {key: x.nmirf}), (net:Network {key: x.network})
MERGE (n)-[m:MEMBER_OF]->(net)
SET m.role = x.role, m.since = x.since, m.source = x.source, m.sortKey = x.sortKey`},
}

// seedLateStatements run after the recommendations are written, since they link to them.
var seedLateStatements = []struct{ name, cypher string }{
	{"practices", `UNWIND $practices AS x
MATCH (st:State {code: x.stateCode})
MERGE (n:GoodPractice {key: x.key})
ON CREATE SET n.version = 1
SET n:Entity, n += x.props, n.uid = 'GoodPractice:' + x.key
MERGE (n)-[:IN_STATE]->(st)
WITH n, x
CALL (n, x) { MATCH (nm:NMIRF {key: x.nmirf}) MERGE (n)-[:BY_NMIRF]->(nm) }
CALL (n, x) { UNWIND x.dimensions AS k MATCH (d:GuidanceDimension {key: k}) MERGE (n)-[:SHOWS_DIMENSION]->(d) }
CALL (n, x) { UNWIND x.themes AS k MATCH (t:Theme {key: k}) MERGE (n)-[:ON_THEME]->(t) }
CALL (n, x) { UNWIND x.recommendations AS k MATCH (r:Recommendation {key: k}) MERGE (n)-[:ADDRESSES]->(r) }
CALL (n, x) { UNWIND x.sources AS k MATCH (src:Source {key: k}) MERGE (n)-[:SOURCED_FROM]->(src) }`},
}

// ApplySeed writes a whole dataset in one transaction: all of it or, on any error, none.
func (s *Store) ApplySeed(ctx context.Context, seed Seed) error {
	params := seedParams(seed)
	_, err := s.transact(ctx, bulkWrite, func(tx neo4j.ManagedTransaction) (any, error) {
		if err := runStatements(ctx, tx, seedStatements, params); err != nil {
			return nil, err
		}
		if _, err := writeRecommendations(ctx, tx, seed.Recommendations, nil); err != nil {
			return nil, fmt.Errorf("seed recommendations: %w", err)
		}
		if err := runStatements(ctx, tx, seedLateStatements, params); err != nil {
			return nil, err
		}
		return nil, runStatements(ctx, tx, seedLinkStatements(), params)
	})
	return err
}

// runStatements runs named statements in order inside tx.
func runStatements(ctx context.Context, tx neo4j.ManagedTransaction, stmts []struct{ name, cypher string }, params map[string]any) error {
	for _, st := range stmts {
		res, err := tx.Run(ctx, st.cypher, params)
		if err != nil {
			return fmt.Errorf("seed %s: %w", st.name, err)
		}
		if _, err := res.Consume(ctx); err != nil {
			return fmt.Errorf("seed %s: %w", st.name, err)
		}
	}
	return nil
}

// stateNames are a State's names in every language, English from the UN data and the others
// from CLDR (domain.StateName), stored so that full-text search finds a State by any of them.
func stateNames(s *domain.State) map[string]any {
	out := map[string]any{}
	for _, l := range domain.Languages {
		name, served := domain.StateName(s, l)
		if served == l {
			out["name_"+l.Code()] = name
		} else {
			out["name_"+l.Code()] = nil
		}
	}
	return out
}

func seedParams(seed Seed) map[string]any {
	sources := make([]any, len(seed.Sources))
	for i, x := range seed.Sources {
		sources[i] = map[string]any{"key": x.Key, "title": x.Title, "publisher": x.Publisher,
			"publishedOn": dateParam(x.PublishedOn), "url": x.URL, "license": x.License, "texts": textsParam(x.Texts, "text_")}
	}
	states := make([]any, len(seed.States))
	for i, x := range seed.States {
		s := x.Item
		states[i] = map[string]any{"code": s.Code, "alpha2": s.Alpha2, "name": s.Name, "unMember": s.UnMember,
			"unRegionalGroup": enumParam(s.UnRegionalGroup), "sources": x.SourceKeys, "names": stateNames(&s)}
	}
	instruments := make([]any, len(seed.Instruments))
	for i, x := range seed.Instruments {
		n := x.Item
		instruments[i] = map[string]any{"key": n.Key, "title": n.Title, "kind": string(n.Kind), "symbol": n.Symbol,
			"adoptedOn": dateParam(n.AdoptedOn), "adoptedOnPrecision": enumParam(n.AdoptedOnPrecision),
			"summary": n.Summary, "adoptedAt": n.AdoptedAtEventKey, "sources": x.SourceKeys, "names": otherNames(n.Titles, n.Title, "title")}
	}
	events := make([]any, len(seed.Events))
	for i, x := range seed.Events {
		e := x.Item
		events[i] = map[string]any{"key": e.Key, "name": e.Name, "startDate": dateParam(e.StartDate),
			"endDate": dateParam(e.EndDate), "datePrecision": enumParam(e.DatePrecision), "place": e.Place,
			"summary": e.Summary, "hostState": e.HostStateCode, "sources": x.SourceKeys, "names": otherNames(e.Names, e.Name, "name")}
	}
	nmirfs := make([]any, len(seed.NMIRFs))
	for i, x := range seed.NMIRFs {
		n := x.Item
		nmirfs[i] = map[string]any{"key": n.Key, "name": n.Name, "acronym": n.Acronym, "type": enumParam(n.Type),
			"stateCode": n.StateCode, "sources": x.SourceKeys, "legalBasis": n.LegalBasis, "establishedYear": n.EstablishedYear,
			"mandate": n.Mandate, "trackingTool": n.TrackingTool, "website": n.Website, "names": otherNames(n.Names, n.Name, "name"),
			"nameUnknown": nilUnless(n.NameUnknown)}
	}
	networks := make([]any, len(seed.Networks))
	for i, x := range seed.Networks {
		n := x.Item
		m := map[string]any{"key": n.Key, "name": n.Name,
			"foundingInstrument": n.FoundingInstrumentKey, "sources": x.SourceKeys, "names": otherNames(n.Names, n.Name, "name"),
			"reportedMemberCount": nil, "reportedMemberCountAsOf": nil, "reportedMemberCountSource": nil}
		if rc := n.ReportedMemberCount; rc != nil {
			m["reportedMemberCount"], m["reportedMemberCountAsOf"], m["reportedMemberCountSource"] = rc.Count, neo4j.DateOf(rc.AsOf.Time), rc.SourceKey
		}
		networks[i] = m
	}
	history := make([]any, 0, len(seed.HistoryOf))
	for uid, net := range seed.HistoryOf {
		history = append(history, map[string]any{"uid": uid, "network": net})
	}
	stateOf := map[string]string{}
	for _, x := range seed.NMIRFs {
		stateOf[x.Item.Key] = x.Item.StateCode
	}
	memberships := make([]any, len(seed.Memberships))
	for i, m := range seed.Memberships {
		memberships[i] = map[string]any{"nmirf": m.NMIRFKey, "network": m.NetworkKey, "role": string(m.Role),
			"since": dateParam(m.Since), "source": m.SourceKey,
			"sortKey": membershipSortKey(m.Role, stateOf[m.NMIRFKey], m.NMIRFKey)}
	}
	named := func(key string, names domain.Texts, extra map[string]any) map[string]any {
		props := map[string]any{}
		textParams(names, "name_", props)
		for k, v := range extra {
			props[k] = v
		}
		return map[string]any{"key": key, "props": props, "sources": nonNil(seed.ReferenceSourceKeys)}
	}
	var mechanisms, themes, groups, goals, targets, documents []any
	for _, m := range seed.Mechanisms {
		mechanisms = append(mechanisms, named(m.Key, m.Names, map[string]any{"code": m.Code, "kind": string(m.Kind)}))
	}
	for _, t := range seed.Themes {
		row := named(t.Key, t.Names, map[string]any{"scheme": t.Scheme, "version": t.Version})
		row["parent"] = t.ParentKey
		themes = append(themes, row)
	}
	for _, g := range seed.AffectedGroups {
		groups = append(groups, named(g.Key, g.Names, map[string]any{}))
	}
	for _, g := range seed.SdgGoals {
		goals = append(goals, named(g.Code, g.Names, map[string]any{"sortKey": domain.SdgSortKey(g.Code)}))
	}
	for _, t := range seed.SdgTargets {
		targets = append(targets, named(t.Code, t.Names, map[string]any{"goalCode": t.GoalCode, "sortKey": domain.SdgSortKey(t.Code)}))
	}
	for _, d := range seed.Documents {
		doc := d.Item
		documents = append(documents, map[string]any{"key": doc.Key, "sources": d.SourceKeys, "props": map[string]any{
			"symbol": doc.Symbol, "title": doc.Title, "type": doc.Type, "publishedOn": dateParam(doc.PublishedOn), "year": doc.Year}})
	}
	var dimensions, organizations, partners, institutions, practices []any
	for i, d := range seed.GuidanceDimensions {
		row := named(d.Item.Key, d.Item.Names, map[string]any{"description": d.Item.Description, "position": i})
		row["sources"] = nonNil(d.SourceKeys)
		dimensions = append(dimensions, row)
	}
	for _, o := range seed.Organizations {
		props := otherNames(o.Item.Names, o.Item.Name, "name")
		props["name"], props["acronym"], props["url"] = o.Item.Name, o.Item.Acronym, o.Item.URL
		organizations = append(organizations, map[string]any{"key": o.Item.Key, "sources": nonNil(o.SourceKeys),
			"props": props})
	}
	for event, orgs := range seed.EventPartners {
		for _, o := range orgs {
			partners = append(partners, map[string]any{"event": event, "organization": o})
		}
	}
	for _, in := range seed.Institutions {
		institutions = append(institutions, map[string]any{"key": in.Institution.Key, "name": in.Institution.Name,
			"stateCode": in.Institution.StateCode, "nmirf": in.NMIRFKey, "role": in.Role, "sources": nonNil(in.SourceKeys)})
	}
	for _, ps := range seed.Practices {
		p := ps.Practice
		props := map[string]any{"capacities": strs(p.Capacities), "stakeholders": nonNil(p.Stakeholders), "tools": nonNil(p.Tools),
			"periodStart": p.PeriodStart, "periodEnd": p.PeriodEnd, "outcome": p.Outcome, "status": string(p.Status)}
		textParams(p.Titles, "title_", props)
		textParams(p.Summaries, "summary_", props)
		practices = append(practices, map[string]any{"key": p.Key, "stateCode": p.StateCode, "nmirf": p.NMIRFKey, "props": props,
			"dimensions": nonNil(ps.DimensionKeys), "themes": nonNil(ps.ThemeKeys), "recommendations": nonNil(ps.RecommendationKeys),
			"sources": nonNil(ps.SourceKeys)})
	}
	return map[string]any{"sources": sources,
		"dimensions": nonNilAny(dimensions), "organizations": nonNilAny(organizations), "eventPartners": nonNilAny(partners), "links": linkParams(seed.Links),
		"institutions": nonNilAny(institutions), "practices": nonNilAny(practices),
		"mechanisms": nonNilAny(mechanisms), "themes": nonNilAny(themes), "groups": nonNilAny(groups),
		"goals": nonNilAny(goals), "targets": nonNilAny(targets), "documents": nonNilAny(documents), "states": states, "instruments": instruments, "events": events,
		"nmirfs": nmirfs, "networks": networks, "history": history, "memberships": memberships}
}

func enumParam[T ~string](v *T) any {
	if v == nil {
		return nil
	}
	return string(*v)
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

// nilUnless stores a flag only when it is set (no property is false).
func nilUnless(b bool) any {
	if b {
		return true
	}
	return nil
}

// textsParam is texts as prefix_xx properties (null for the languages missing).
func textsParam(t domain.Texts, prefix string) map[string]any {
	out := map[string]any{}
	textParams(t, prefix, out)
	return out
}

// LinkSeed is one fact between two nodes (by uid) of a kind in LinkKinds, with its source.
type LinkSeed struct {
	From, Kind, To, SourceKey string
}

// LinkKinds are the kinds of link a dataset may state, each with the labels it joins: the
// relationship types are constants, never read from data.
var LinkKinds = map[string][2]string{
	"SPONSORED_BY": {"Instrument", "State"},   // a resolution and its main sponsors
	"LED_BY":       {"Organization", "State"}, // a group of States and who leads it
	"MISSION_OF":   {"Organization", "State"}, // a permanent mission and its State
	"ORGANIZED_BY": {"Event", "NMIRF"},        // an event and the NMIRF that organised it
}

func seedLinkStatements() []struct{ name, cypher string } {
	kinds := make([]string, 0, len(LinkKinds))
	for k := range LinkKinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var out []struct{ name, cypher string }
	for _, k := range kinds {
		labels := LinkKinds[k]
		out = append(out, struct{ name, cypher string }{"links " + k, `UNWIND $links AS x
WITH x WHERE x.kind = '` + k + `'
MATCH (a:` + labels[0] + ` {uid: x.from}), (b:` + labels[1] + ` {uid: x.to})
MERGE (a)-[r:` + k + `]->(b) SET r.source = x.source`})
	}
	return out
}

func linkParams(links []LinkSeed) []any {
	out := make([]any, len(links))
	for i, l := range links {
		out[i] = map[string]any{"from": l.From, "kind": l.Kind, "to": l.To, "source": l.SourceKey}
	}
	return out
}
