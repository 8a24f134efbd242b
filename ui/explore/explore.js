// The graph explorer: search the hub, add results and their neighbours to a graph, click a
// node to expand it, filter and colour by type. Talks to /graphql only; no other host.
(function () {
  'use strict';
  const COLORS = {
    State: '#0b3d91', NMIRF: '#d9480f', Network: '#e8590c', Recommendation: '#5c7cfa', Theme: '#2b8a3e',
    AffectedGroup: '#a61e4d', SdgGoal: '#1098ad', SdgTarget: '#15aabf', Mechanism: '#7048e8', Document: '#868e96',
    GoodPractice: '#f59f00', GuidanceDimension: '#94d82d', Institution: '#c2255c', Organization: '#495057',
    Event: '#f783ac', Instrument: '#845ef7', Source: '#adb5bd',
  };
  const hidden = new Set();

  async function gql(query, variables) {
    const res = await fetch('/graphql', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  const cy = cytoscape({
    container: document.getElementById('graph'),
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: {
        'background-color': (n) => COLORS[n.data('kind')] || '#999', label: 'data(short)', 'font-size': 8, 'min-zoomed-font-size': 6,
        'text-valign': 'bottom', 'text-margin-y': 3, color: '#1d2433', 'text-wrap': 'ellipsis', 'text-max-width': 110,
        width: (n) => 14 + Math.min(26, n.degree() * 2), height: (n) => 14 + Math.min(26, n.degree() * 2),
        'border-width': 1, 'border-color': '#fff' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#ffd24d' } },
      { selector: 'edge', style: { width: 1, 'line-color': '#c5cad6', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'target-arrow-color': '#c5cad6', 'arrow-scale': 0.6 } },
      // Relationship names only for the links of the selected node, to keep the picture clean.
      { selector: 'node:selected ~ edge, edge.near', style: { label: 'data(type)', 'font-size': 7, color: '#5b6478',
        'text-rotation': 'autorotate', 'line-color': '#8a93a6', 'target-arrow-color': '#8a93a6' } },
    ],
  });
  window.__explorer = { cy }; // for the browser test

  function short(label) { return label.length > 40 ? label.slice(0, 38) + '…' : label; }

  function layout() {
    cy.layout({ name: 'cose', animate: false, randomize: true, nodeRepulsion: 40000, idealEdgeLength: 110,
      nodeOverlap: 40, componentSpacing: 80, numIter: 2500, padding: 40 }).run();
  }

  async function expand(id) {
    const data = await gql(`query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 40) {
      nodes { id type label } edges { from to type } } }`, { id });
    const nb = data.neighbourhood;
    if (!nb) return;
    const add = [];
    for (const n of nb.nodes) {
      if (cy.getElementById(n.id).empty()) add.push({ group: 'nodes', data: { id: n.id, kind: n.type, label: n.label, short: short(n.label) } });
    }
    for (const e of nb.edges) {
      const eid = e.from + '>' + e.type + '>' + e.to;
      if (cy.getElementById(eid).empty()) add.push({ group: 'edges', data: { id: eid, source: e.from, target: e.to, type: e.type } });
    }
    cy.add(add);
    applyTypes();
    layout();
    select(id);
  }

  function select(id) {
    const n = cy.getElementById(id);
    if (n.empty()) return;
    cy.$(':selected').unselect();
    cy.edges().removeClass('near');
    n.select();
    n.connectedEdges().addClass('near');
    const box = document.getElementById('selected');
    box.classList.remove('hint');
    box.innerHTML = '';
    const dl = document.createElement('dl');
    for (const [k, v] of [['Type', n.data('kind')], ['Name', n.data('label')], ['Links', String(n.degree())]]) {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v;
      dl.append(dt, dd);
    }
    box.append(dl);
  }

  function applyTypes() {
    const present = new Set(cy.nodes().map((n) => n.data('kind')));
    const box = document.getElementById('types');
    box.innerHTML = '';
    for (const kind of [...present].sort()) {
      const label = document.createElement('label');
      const cb = document.createElement('input');
      cb.type = 'checkbox'; cb.checked = !hidden.has(kind); cb.dataset.kind = kind;
      cb.addEventListener('change', () => { cb.checked ? hidden.delete(kind) : hidden.add(kind); applyTypes(); });
      const dot = document.createElement('i'); dot.style.background = COLORS[kind] || '#999';
      label.append(cb, dot, document.createTextNode(`${kind} (${cy.nodes(`[kind = "${kind}"]`).length})`));
      box.append(label);
    }
    cy.nodes().forEach((n) => n.style('display', hidden.has(n.data('kind')) ? 'none' : 'element'));
  }

  cy.on('tap', 'node', (ev) => expand(ev.target.id()).catch(show));

  function show(err) {
    const list = document.getElementById('results');
    list.innerHTML = '';
    const li = document.createElement('li'); li.className = 'hint'; li.textContent = String(err.message || err);
    list.append(li);
  }

  document.getElementById('search').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = document.getElementById('q').value.trim();
    if (!q) return;
    try {
      const data = await gql(`query($q: String!, $lang: Language) { search(query: $q, lang: $lang, first: 15) { edges { snippet node {
        __typename id ... on Recommendation { paragraph } ... on GoodPractice { title } ... on NMIRF { name } ... on State { name } } } } }`,
        { q, lang: document.getElementById('lang').value });
      const list = document.getElementById('results');
      list.innerHTML = '';
      if (data.search.edges.length === 0) show('No match.');
      for (const e of data.search.edges) {
        const n = e.node;
        const li = document.createElement('li');
        li.style.setProperty('--c', COLORS[n.__typename] || '#999');
        li.textContent = n.name || n.title || (n.paragraph ? `Recommendation ${n.paragraph}` : n.__typename);
        const small = document.createElement('small'); small.textContent = e.snippet || n.__typename;
        li.append(small);
        li.addEventListener('click', () => expand(n.id).catch(show));
        list.append(li);
      }
    } catch (err) { show(err); }
  });

  // Start from the ?id= in the address, or from the International Network of NMIRFs.
  const start = new URLSearchParams(location.search).get('id');
  (start ? Promise.resolve(start) : gql('{ network { id } }').then((d) => d.network && d.network.id))
    .then((id) => id && expand(id)).catch(show);
})();
