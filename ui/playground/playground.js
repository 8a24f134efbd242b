// GraphiQL for the hub: example operations open as tabs, and the address bar keeps the
// current query and variables so a link can be shared.
(function () {
  'use strict';
  const examples = [
    { title: 'Country profile', query: `# A State's profile: its NMIRFs and the recommendations it received, in Spanish.
query CountryProfile($code: String!) {
  state(code: $code) {
    name(lang: ES)
    unRegionalGroup
    nmirfs { name }
    recommendationsReceived(first: 5, filter: {mechanismKinds: [UPR]}) {
      totalCount
      nodes { paragraph text(lang: ES) recommendingStates { code } themes { name } }
    }
  }
}`, variables: '{ "code": "CRI" }' },
    { title: 'Clusters', query: `# The recommendations a State received, grouped by theme for an implementation plan.
query Clusters($code: String!) {
  state(code: $code) {
    recommendationClusters(filter: {mechanismKinds: [UPR]}) {
      label size
      recommendations(first: 3) { paragraph text }
    }
  }
}`, variables: '{ "code": "CRI" }' },
    { title: 'Peer practices', query: `# Good practices of other NMIRFs on the themes of a State's recommendations, with the path that explains each.
query PeerPractices($code: String!) {
  state(code: $code) {
    peerPractices(first: 5) {
      score reason
      practice { title state { name } tools }
      path { type label }
    }
  }
}`, variables: '{ "code": "CRI" }' },
    { title: 'Search', query: `# Full-text search with stemming: the plural finds the singular.
query Search($q: String!) {
  search(query: $q, lang: ES, first: 5) {
    edges { score snippet matchedFields node { __typename id ... on Recommendation { paragraph } } }
  }
}`, variables: '{ "q": "discriminaciones" }' },
    { title: 'Network', query: `{
  network {
    name
    members(first: 10) { totalCount edges { role node { name state { code } } } }
    events { name startDate place }
  }
}` },
  ];

  const params = new URLSearchParams(location.search);
  const shared = params.get('query');
  const props = {
    fetcher: GraphiQL.createFetcher({ url: location.origin + '/graphql' }),
    defaultEditorToolsVisibility: true,
    // A shared link opens its own query; otherwise the examples, as tabs.
    defaultTabs: shared ? undefined : examples.map((e) => ({ query: e.query, variables: e.variables })),
    query: shared || undefined,
    variables: params.get('variables') || undefined,
    onEditQuery: (q) => { params.set('query', q); history.replaceState(null, '', '?' + params.toString()); },
    onEditVariables: (v) => { params.set('variables', v); history.replaceState(null, '', '?' + params.toString()); },
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
