package mix

// The seven query shapes of the issue. Variants are filled in by Discover.

// recommendationOrder is the hub's default order (newest first, then paragraph), which the
// store keeps as the indexed property sk_pubdesc; the peer sorts on the same property. The
// floor's country profile reads a State's newest recommendations as the hub does, from the
// page keys on ADDRESSED_TO links and their index (store/received.go): a floor that sorted
// all of a State's recommendations would no longer be the fastest raw Cypher.

func profile() *Query {
	return &Query{
		Name:        "country-profile",
		Description: "a State, its NMIRFs, their practices and those practices' themes, and its 10 newest recommendations with mechanism and themes (3 levels deep)",
		Hub: `query Profile($code: String!) {
  state(code: $code) {
    code name
    nmirfs { name practices { title themes { name } } }
    recommendationsReceived(first: 10) {
      edges { node { uhriAnnotationId text year mechanism { code } themes { name } } }
    }
  }
}`,
		Peer: `query Profile($code: String!) {
  states(where: { code: { eq: $code } }) {
    code name
    nmirfs { name practices(where: { status: { eq: "PUBLISHED" } }) { title: title_en themes { name: name_en } } }
    recommendationsReceived: recommendationsReceivedConnection(first: 10, sort: [{ node: { sk_pubdesc: ASC } }]) {
      edges { node { uhriAnnotationId text: text_en year mechanism: issuedBy { code } themes { name: name_en } } }
    }
  }
}`,
		Floor: `MATCH (s:State {code: $code})
RETURN s{.code, .name,
  nmirfs: [(n:NMIRF)-[:OF_STATE]->(s) | n{.name,
    practices: [(p:GoodPractice)-[:BY_NMIRF]->(n) WHERE p.status = 'PUBLISHED' | {title: p.title_en,
      themes: [(p)-[:ON_THEME]->(t:Theme) | {name: t.name_en}]}]}],
  recommendationsReceived: {edges: COLLECT {
    MATCH ()-[a:ADDRESSED_TO]->() WHERE a.state = s.code AND a.sk IS NOT NULL
    WITH a ORDER BY a.state, a.sk LIMIT 10
    MATCH (r:Recommendation)-[a]->()
    RETURN {node: r{.uhriAnnotationId, text: r.text_en, .year, mechanism: {code: r.mechanismCode},
      themes: [(r)-[:HAS_THEME]->(t:Theme) | {name: t.name_en}]}}
  }}
} AS result`,
		HubRoot:   "state",
		PeerRoot:  "states.0",
		Unordered: []string{"nmirfs", "practices", "themes"},
		Single:    []string{"mechanism"},
	}
}

func filteredPage() *Query {
	return &Query{
		Name:        "filtered-page",
		Description: "the first 20 UPR recommendations to a State, newest first, with totalCount",
		Hub: `query Page($code: String!) {
  recommendations(first: 20, filter: { stateCodes: [$code], mechanismKinds: [UPR] }) {
    totalCount
    edges { node { uhriAnnotationId text year } }
  }
}`,
		Peer: `query Page($code: String!) {
  recommendationsConnection(first: 20, sort: [{ sk_pubdesc: ASC }],
      where: { mechanismKind: { eq: "UPR" }, addressedTo: { some: { code: { eq: $code } } } }) {
    totalCount
    edges { node { uhriAnnotationId text: text_en year } }
  }
}`,
		Floor: `MATCH (s:State {code: $code})
CALL (s) { MATCH (s)<-[:ADDRESSED_TO]-(r:Recommendation) WHERE r.mechanismKind = 'UPR' RETURN count(r) AS total }
CALL (s) {
  MATCH (s)<-[:ADDRESSED_TO]-(r:Recommendation) WHERE r.mechanismKind = 'UPR'
  WITH r ORDER BY r.sk_pubdesc LIMIT 20
  RETURN collect({node: r{.uhriAnnotationId, text: r.text_en, .year}}) AS edges
}
RETURN {totalCount: total, edges: edges} AS result`,
		HubRoot:  "recommendations",
		PeerRoot: "recommendationsConnection",
	}
}

func deepPage() *Query {
	return &Query{
		Name:        "deep-page",
		Description: "items 10,001–10,020 of the recommendations of one treaty body, newest first",
		Hub: `query Deep($after: String!, $code: String!) {
  recommendations(first: 20, after: $after, filter: { mechanismCodes: [$code] }) {
    edges { node { uhriAnnotationId year } }
  }
}`,
		// Offset paging: the library's connections collect the whole filtered set and carry
		// it on every sorted row, which exceeds Neo4j's transaction memory limit this deep
		// (see BENCHMARKS.md); its documented alternative for jumping to an offset is this.
		Peer: `query Deep($offset: Int!, $code: String!) {
  recommendations(offset: $offset, limit: 20, sort: [{ sk_pubdesc: ASC }], where: { mechanismCode: { eq: $code } }) {
    uhriAnnotationId year
  }
}`,
		PeerShape: func(v any) any {
			l, _ := v.([]any)
			edges := make([]any, len(l))
			for i, n := range l {
				edges[i] = map[string]any{"node": n}
			}
			return map[string]any{"edges": edges}
		},
		// The floor pages the way a hand-written query would: from the sort key of the
		// 10,000th item (keyset), not by skipping 10,000 rows.
		Floor: `MATCH (r:Recommendation) WHERE r.mechanismCode = $code AND r.sk_pubdesc > $after
WITH r ORDER BY r.sk_pubdesc LIMIT 20
RETURN {edges: collect({node: r{.uhriAnnotationId, .year}})} AS result`,
		HubRoot:  "recommendations",
		PeerRoot: "recommendations",
	}
}

func facets() *Query {
	return &Query{
		Name:        "facets",
		Description: "counts of the recommendations of one kind of mechanism: total, by mechanism and by State",
		Hub: `query Facets($kind: MechanismKind!) {
  recommendationFacets(filter: { mechanismKinds: [$kind] }) {
    total
    byMechanism { key count }
    byState { key count }
  }
}`,
		// The library has no group-by: its idiom is an aggregate per value of the facet,
		// nested under the nodes that are the facet's values.
		Peer: `query Facets($kind: String!) {
  recommendationsConnection(where: { mechanismKind: { eq: $kind } }) { aggregate { count { nodes } } }
  mechanisms { code recommendationsConnection(where: { node: { mechanismKind: { eq: $kind } } }) { aggregate { count { nodes } } } }
  states { code recommendationsReceivedConnection(where: { node: { mechanismKind: { eq: $kind } } }) { aggregate { count { nodes } } } }
}`,
		Floor: `CALL () { MATCH (r:Recommendation) WHERE r.mechanismKind = $kind RETURN count(r) AS total }
CALL () {
  MATCH (r:Recommendation)-[:ISSUED_BY]->(m:Mechanism) WHERE r.mechanismKind = $kind
  WITH m.code AS key, count(r) AS count RETURN collect({key: key, count: count}) AS byMechanism
}
CALL () {
  MATCH (r:Recommendation)-[:ADDRESSED_TO]->(s:State) WHERE r.mechanismKind = $kind
  WITH s.code AS key, count(DISTINCT r) AS count RETURN collect({key: key, count: count}) AS byState
}
RETURN {total: total, byMechanism: byMechanism, byState: byState} AS result`,
		HubRoot:   "recommendationFacets",
		PeerRoot:  "",
		PeerShape: peerFacets,
		Unordered: []string{"byMechanism", "byState"},
	}
}

// peerFacets turns the library's nested aggregates into facet rows, leaving out zero
// counts as a group-by does.
func peerFacets(v any) any {
	rows := func(list any, countPath string) []any {
		out := []any{}
		l, _ := list.([]any)
		for _, x := range l {
			n, _ := At(x, countPath).(float64)
			if n > 0 {
				out = append(out, map[string]any{"key": At(x, "code"), "count": n})
			}
		}
		return out
	}
	return map[string]any{
		"total":       At(v, "recommendationsConnection.aggregate.count.nodes"),
		"byMechanism": rows(At(v, "mechanisms"), "recommendationsConnection.aggregate.count.nodes"),
		"byState":     rows(At(v, "states"), "recommendationsReceivedConnection.aggregate.count.nodes"),
	}
}

func search() *Query {
	return &Query{
		Name:        "full-text-search",
		Description: "the 20 best English full-text matches among recommendations, with scores",
		Hub: `query Search($q: String!) {
  search(query: $q, types: [RECOMMENDATION], first: 20) {
    edges { score node { ... on Recommendation { uhriAnnotationId } } }
  }
}`,
		Peer: `query Search($q: String!) {
  recommendationsByText(phrase: $q, first: 20, sort: [{ score: DESC }]) {
    edges { score node { uhriAnnotationId } }
  }
}`,
		Floor: `CALL db.index.fulltext.queryNodes('ft_recommendation_en', $q, {limit: 20}) YIELD node, score
RETURN {edges: collect({score: score, node: {uhriAnnotationId: node.uhriAnnotationId}})} AS result`,
		HubRoot:  "search",
		PeerRoot: "recommendationsByText",
		Ranked:   true,
	}
}

func practiceTraversal() *Query {
	return &Query{
		Name:        "practice-traversal",
		Description: "a good practice, the recommendations it addresses, their States and the other practices addressing them",
		Hub: `query Practice($id: ID!) {
  node(id: $id) {
    ... on GoodPractice {
      title
      recommendations { uhriAnnotationId year states { code } practices { title } }
    }
  }
}`,
		Peer: `query Practice($key: String!) {
  goodPractices(where: { key: { eq: $key }, status: { eq: "PUBLISHED" } }) {
    title: title_en
    recommendations: addresses {
      uhriAnnotationId year states: addressedTo { code }
      practices: addressedBy(where: { status: { eq: "PUBLISHED" } }) { title: title_en }
    }
  }
}`,
		Floor: `MATCH (p:GoodPractice {key: $key}) WHERE p.status = 'PUBLISHED'
RETURN {title: p.title_en,
  recommendations: [(p)-[:ADDRESSES]->(r:Recommendation) | r{.uhriAnnotationId, .year,
    states: [(r)-[:ADDRESSED_TO]->(s:State) | {code: s.code}],
    practices: [(q:GoodPractice)-[:ADDRESSES]->(r) WHERE q.status = 'PUBLISHED' | {title: q.title_en}]}]
} AS result`,
		HubRoot:   "node",
		PeerRoot:  "goodPractices.0",
		Unordered: []string{"recommendations", "states", "practices"},
	}
}

func nodeLookup() *Query {
	return &Query{
		Name:        "node-lookup",
		Description: "a recommendation by its ID with mechanism, States and themes",
		Hub: `query Node($id: ID!) {
  node(id: $id) {
    ... on Recommendation { uhriAnnotationId text year type mechanism { code } states { code } themes { name } }
  }
}`,
		Peer: `query Node($key: String!) {
  recommendations(where: { key: { eq: $key } }) {
    uhriAnnotationId text: text_en year type mechanism: issuedBy { code } states: addressedTo { code } themes { name: name_en }
  }
}`,
		Floor: `MATCH (r:Recommendation {key: $key})
RETURN r{.uhriAnnotationId, text: r.text_en, .year, .type, mechanism: {code: r.mechanismCode},
  states: [(r)-[:ADDRESSED_TO]->(s:State) | {code: s.code}],
  themes: [(r)-[:HAS_THEME]->(t:Theme) | {name: t.name_en}]} AS result`,
		HubRoot:   "node",
		PeerRoot:  "recommendations.0",
		Unordered: []string{"states", "themes"},
		Single:    []string{"mechanism"},
	}
}

// All returns the query shapes, without variants.
func All() []*Query {
	return []*Query{profile(), filteredPage(), deepPage(), facets(), search(), practiceTraversal(), nodeLookup()}
}
