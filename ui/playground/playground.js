// GraphiQL for the hub: a "Start here" tab in plain words, then the example operations, each
// tab with its own variables; the address bar keeps the current tab's query and variables so a
// link can be shared.
(function () {
  'use strict';
  const origin = location.origin;
  const examples = [
    { title: 'Start here', query: `# Welcome to the NMIRF Knowledge Hub.
#
# The hub holds, with the source of every fact:
#  - the 193 UN member States and the observer States;
#  - their National Mechanisms for Implementation, Reporting and Follow-up (NMIRFs),
#    and the International Network of NMIRFs (members, Executive Committee, events);
#  - recommendations of the UPR, the treaty bodies and the special procedures, with their
#    themes, affected groups, SDG targets and the State's position;
#  - good practices that NMIRFs share, and their follow-up actions.
#
# You ask in GraphQL: you write the fields you want, the answer has exactly those.
# Press the pink ▶ button (or Ctrl-Enter) to run the question below. It reads the
# "Variables" pane at the bottom: change "MAR" to another ISO code (CRI, PRY, PRT…).
# Other tabs hold more examples; the "Docs" book icon on the left lists every field.
#
# Three questions to copy (paste one in place of the query below, then press ▶):
#
#  1. Which NMIRFs are in the International Network, and their role:
#     { network { name members(first: 20) { edges { role node { name state { name } } } } } }
#
#  2. Recommendations on a subject, with an excerpt:
#     { search(query: "trafficking", first: 5) { edges { snippet node { ... on Recommendation { paragraph states { name } } } } } }
#
#  3. How many recommendations a State received, by mechanism:
#     { recommendationFacets(filter: {stateCodes: ["CRI"]}) { total byMechanism { key count } } }
#
# Not a GraphQL user? A State's page in plain view, printable: ${origin}/state/MAR
# and the graph explorer, to browse the links with the mouse: ${origin}/explore
query StartHere($code: String!) {
  state(code: $code) {
    name
    nmirfs { name acronym networkMemberships { role } }
    recommendationsReceived(first: 3) { totalCount nodes { paragraph text } }
  }
}`, variables: '{ "code": "MAR" }' },
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
    { title: 'Peer practices', query: `# Good practices of other NMIRFs that answer a State's recommendations (their themes, what
# their words ask for, who made them) or fill gaps of its NMIRF, with the path that explains each.
query PeerPractices($code: String!) {
  state(code: $code) {
    peerPractices(first: 5) {
      score reason
      matchedOn { kind score recommendations detail }
      practice { title state { name } tools }
      path { type label }
    }
  }
}`, variables: '{ "code": "MAR" }' },
    { title: 'Search', query: `# Full-text search with stemming: the plural finds the singular.
query Search($q: String!) {
  search(query: $q, lang: ES, first: 5) {
    edges { score snippet matchedFields node { __typename id ... on Recommendation { paragraph } } }
  }
}`, variables: '{ "q": "discriminaciones" }' },
    { title: 'Facets', query: `# Counts of a State's recommendations by theme, mechanism, position, year and recommending State
# (what the State page draws as charts).
query Facets($code: String!) {
  recommendationFacets(filter: {stateCodes: [$code]}) {
    total
    byTheme { key label count }
    byMechanism { key count }
    byPosition { key count }
    byYear { key count }
    byRecommendingState { key label count }
  }
}`, variables: '{ "code": "CRI" }' },
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
    { title: 'Network', query: `# The International Network of NMIRFs: its members (Executive Committee first) and events.
query Network {
  network {
    name
    members(first: 10) { totalCount edges { role node { name state { code } } } }
    events { name startDate place }
  }
}`, variables: '' },
    { title: 'Share a practice (token)', query: `# Writing needs a bearer token. Make one with
#   go run . token create --role EDITOR --name "my name" --state PRY
# and put it in the Headers pane below: { "Authorization": "Bearer hub_…" }
# (a made-up or revoked token is refused with UNAUTHENTICATED, even for reading).
#
# Step 1 (runs as is): who the hub thinks you are, and the id of the NMIRF the practice is of.
query BeforeWriting($code: String!) {
  viewer { name role stateCode }
  state(code: $code) { name nmirfs { id name } }
}
#
# Step 2: replace the query above by this mutation (remove the leading #s) and the variables by
#   { "in": { "title": "Focal points in every ministry", "summary": "Each ministry named a focal point for follow-up.",
#             "stateCode": "PRY", "nmirfId": "<the NMIRF id from step 1>", "capacities": ["COORDINATION"] } }
# The practice starts as a DRAFT (only editors see it); nothing is written if a field is wrong.
#
# mutation SharePractice($in: CreateGoodPracticeInput!) {
#   createGoodPractice(input: $in) {
#     goodPractice { id version status title history(first: 5) { totalCount nodes { action actor at } } }
#     errors { code field message }
#   }
# }`, variables: '{ "code": "PRY" }' },
  ];

  // GraphiQL keeps its tabs in localStorage. The keys carry a digest of the examples, so a new
  // set of examples is not hidden behind tabs a browser stored for an older one.
  let digest = 0;
  for (const e of examples) for (const ch of e.query + e.variables) digest = (digest * 31 + ch.charCodeAt(0)) | 0;
  const prefix = 'hub-' + (digest >>> 0).toString(36) + ':';
  let ls = null;
  try { ls = window.localStorage; ls.getItem('probe'); } catch { ls = null; }
  const storage = ls && {
    getItem: (k) => ls.getItem(prefix + k),
    setItem: (k, v) => ls.setItem(prefix + k, v),
    removeItem: (k) => ls.removeItem(prefix + k),
    get length() { let n = 0; for (let i = 0; i < ls.length; i++) if ((ls.key(i) || '').startsWith(prefix)) n++; return n; },
    clear() { const keys = []; for (let i = 0; i < ls.length; i++) if ((ls.key(i) || '').startsWith(prefix)) keys.push(ls.key(i)); keys.forEach((k) => ls.removeItem(k)); },
  };
  const stored = storage && storage.getItem('graphiql:tabState');

  const params = new URLSearchParams(location.search);
  const shared = params.get('query');
  const sharedVars = params.get('variables');
  const tabs = examples.map((e) => ({ query: e.query, variables: e.variables || null, headers: e.headers || null }));

  // GraphiQL 4 fills the editors of the first tab from the `query`/`variables` props (or the
  // stored editors), not from the tab itself: without these the first example opened with
  // empty variables and answered "must be defined". So the opening tab is always passed
  // explicitly: the shared one, or the first example when nothing is stored yet.
  let query, variables, headers;
  if (shared) {
    query = shared;
    variables = sharedVars || '';
    tabs.unshift({ query: shared, variables: sharedVars || null, headers: null });
  } else if (!stored) {
    query = tabs[0].query;
    variables = tabs[0].variables || '';
  }

  function keepInAddress(q, v) {
    const p = new URLSearchParams(location.search);
    if (q) p.set('query', q); else p.delete('query');
    if (v && v.trim()) p.set('variables', v); else p.delete('variables');
    history.replaceState(null, '', location.pathname + '?' + p.toString());
  }
  let current = { query: query || '', variables: variables || '' };

  // GraphiQL can send the previous tab's operation name when Run is pressed right after a tab
  // switch ("operation CountryProfile not found"): the name is kept only when the query
  // defines it, else the query's one operation is run (several: the server asks which).
  const http = GraphiQL.createFetcher({ url: origin + '/graphql' });
  const fetcher = (params, opts) => {
    const names = [...String(params.query || '').matchAll(/^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/gm)].map((m) => m[1]);
    if (params.operationName && !names.includes(params.operationName)) {
      params = { ...params, operationName: names.length === 1 ? names[0] : undefined };
    }
    return http(params, opts);
  };

  const props = {
    fetcher,
    defaultEditorToolsVisibility: true,
    defaultTabs: tabs,
    query,
    variables,
    headers,
    storage: storage || undefined,
    onEditQuery: (q) => { current.query = q; keepInAddress(current.query, current.variables); },
    onEditVariables: (v) => { current.variables = v; keepInAddress(current.query, current.variables); },
    onTabChange: (state) => {
      const tab = state.tabs[state.activeTabIndex];
      if (!tab) return;
      current = { query: tab.query || '', variables: tab.variables || '' };
      keepInAddress(current.query, current.variables);
    },
  };
  if (shared) keepInAddress(query, variables);

  const h = React.createElement;
  const logo = h(GraphiQL.Logo, null, h('span', { className: 'hub-logo' },
    'NMIRF Knowledge Hub ',
    h('a', { href: '/explore', title: 'Browse the graph with the mouse' }, 'Explorer'), ' · ',
    h('a', { href: '/state/MAR', title: 'A State profile page (Morocco), printable' }, 'State page')));
  ReactDOM.createRoot(document.getElementById('graphiql')).render(h(GraphiQL, props, logo));
})();
