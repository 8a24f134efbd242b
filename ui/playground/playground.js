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
    { title: 'Follow-up', query: `# What NMIRFs do about a State's recommendations: actions, leads, due dates, progress notes,
# and the clusters they plan by (curated clusters come first, method "curated").
query FollowUp($code: String!) {
  state(code: $code) {
    recommendationClusters { label method size curatedCluster { nmirf { name } } }
    recommendationsReceived(first: 5) {
      nodes {
        paragraph
        followUpActions { title status dueDate indicator leadInstitution { name } progressNotes { at author text } }
      }
    }
  }
}`, variables: '{ "code": "CRI" }' },
    { title: 'Share a practice (token)', query: `# Writes need a bearer token: make one with
#   go run . token create --role EDITOR --name "my name" --state PRY
# and put it in the Headers pane below: { "Authorization": "Bearer hub_…" }.
# The practice starts as a DRAFT (only editors see it); nothing is written if a field is wrong.
mutation SharePractice($in: CreateGoodPracticeInput!) {
  createGoodPractice(input: $in) {
    goodPractice { id version status title history(first: 5) { totalCount nodes { action actor at } } }
    errors { code field message }
  }
}`, variables: `{ "in": { "title": "Focal points in every ministry", "summary": "Each ministry named a focal point for follow-up.",
  "stateCode": "PRY", "nmirfId": "Tk1JUkY6cHJ5LW5taXJm", "capacities": ["COORDINATION"] } }`,
      headers: '{ "Authorization": "Bearer paste-your-token-here" }' },
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
    defaultTabs: shared ? undefined : examples.map((e) => ({ query: e.query, variables: e.variables, headers: e.headers })),
    query: shared || undefined,
    variables: params.get('variables') || undefined,
    onEditQuery: (q) => { params.set('query', q); history.replaceState(null, '', '?' + params.toString()); },
    onEditVariables: (v) => { params.set('variables', v); history.replaceState(null, '', '?' + params.toString()); },
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
