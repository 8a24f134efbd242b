// The graph explorer: search the hub, add results and their neighbours to a graph, click a
// node to expand it, filter by type. Labels say which resolution, NMIRF or recommendation a
// node is; links carry their relationship's name; an expansion places only the new nodes (the
// others stay still); the address (?node=…&lang=…&open=…) restores the view; the interface
// text follows the language chosen (i18n.js; Arabic right to left). Talks to /graphql only; no
// other host.
(function () {
  'use strict';
  // One colour and one shape per type: no two types share both, and the legend shows both.
  const TYPES = {
    Network: ['#862e9c', 'star'],
    NMIRF: ['#e8590c', 'ellipse'],
    State: ['#1c3f94', 'round-rectangle'],
    Recommendation: ['#4dabf7', 'ellipse'],
    Theme: ['#2f9e44', 'hexagon'],
    AffectedGroup: ['#a61e4d', 'hexagon'],
    SdgGoal: ['#0b7285', 'diamond'],
    SdgTarget: ['#66d9e8', 'diamond'],
    Mechanism: ['#5f3dc4', 'diamond'],
    Document: ['#868e96', 'rectangle'],
    GoodPractice: ['#f5b800', 'ellipse'],
    GuidanceDimension: ['#94d82d', 'hexagon'],
    Institution: ['#f783ac', 'round-rectangle'],
    Organization: ['#343a40', 'round-rectangle'],
    Event: ['#e03131', 'triangle'],
    Instrument: ['#9775fa', 'rectangle'],
    Source: ['#ced4da', 'rectangle'],
    FollowUpAction: ['#12b886', 'triangle'],
    CuratedCluster: ['#99e9f2', 'hexagon'],
  };
  const colour = (k) => (TYPES[k] || ['#999'])[0];
  const shape = (k) => (TYPES[k] || [0, 'ellipse'])[1];
  const LANGS = ['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'];
  // The interface text in the language chosen, English when a key is missing (i18n.js).
  const I18N = window.EXPLORE_I18N || {};
  const tr = (part, key) => ((I18N[lang] || {})[part] || {})[key] || ((I18N.EN || {})[part] || {})[key];
  const t = (key, vars) => (tr('ui', key) || key).replace(/\{(\w+)\}/g, (_, k) => (vars && vars[k] != null ? vars[k] : ''));
  const fact = (key) => tr('facts', key) || key;
  const typeName = (kind) => tr('types', kind) || kind;
  const relName = (type) => tr('rels', type) || words(type);
  const valueName = (v) => tr('values', v) || words(v);
  const hidden = new Set();
  const opened = []; // the nodes expanded, in order (for the address)
  let lang = 'EN';
  let selectedId = null;
  let selecting = 0; // the latest select() call; an older one's answer is dropped

  // What a label needs, per type; the same fragment serves neighbourhoods and relabelling.
  const LABEL = `fragment L on Node { __typename id
    ... on State { code name(lang: $lang) }
    ... on NMIRF { name acronym state { code } }
    ... on Network { name }
    ... on Recommendation { paragraph states { code } themes { name(lang: $lang) } text(lang: $lang) mechanism { code } }
    ... on Theme { name(lang: $lang) }
    ... on AffectedGroup { name(lang: $lang) }
    ... on SdgGoal { code name(lang: $lang) }
    ... on SdgTarget { code name(lang: $lang) }
    ... on Mechanism { code name(lang: $lang) }
    ... on Document { symbol title year }
    ... on GoodPractice { title(lang: $lang) state { code } }
    ... on GuidanceDimension { name(lang: $lang) }
    ... on Institution { name state { code } }
    ... on Organization { name acronym }
    ... on Event { name startDate }
    ... on Instrument { title symbol kind adoptedOn }
    ... on Source { title publisher }
    ... on FollowUpAction { title state { code } }
    ... on CuratedCluster { name state { code } }
  }`;

  const gql = window.hubGql; // ui/shared/gql.js

  const cut = (s, n) => (s && s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s || '');
  const NMIRF_LONG = /National Mechanisms? for Implementation,? Reporting and Follow-?up/gi;
  const shorten = (s) => (s || '').replace(NMIRF_LONG, (m) => (/s for/i.test(m) ? 'NMIRFs' : 'NMIRF'));

  // A label that tells nodes of one type apart: a resolution's number, an NMIRF's State, a
  // recommendation's State, paragraph and theme.
  function labelOf(n, fallback) {
    if (!n) return cut(shorten(fallback), 34);
    switch (n.__typename) {
      case 'Recommendation': {
        const who = (n.states || []).map((s) => s.code).join('/');
        // The text without the paragraph number it often starts with ("129.127. Organize…").
        const what = n.themes && n.themes.length ? n.themes[0].name : (n.text || '').replace(/^\s*\d+(\.\d+)*\.?\s*/, '');
        return `${who} ${n.paragraph || (n.mechanism && n.mechanism.code) || ''} · ${cut(what, 20)}`.trim();
      }
      case 'NMIRF': {
        const base = n.acronym || shorten(n.name).replace(/ of [^,]+$/, '');
        return `${cut(base, 28)} · ${n.state ? n.state.code : ''}`;
      }
      case 'Instrument': {
        const res = /resolution (\d+\/\d+)/i.exec(n.title || '');
        if (res) return t('hrcResolution', { n: res[1] });
        const year = n.adoptedOn ? ` (${n.adoptedOn.slice(0, 4)})` : '';
        return cut(n.title, 30) + year;
      }
      case 'Event': {
        const year = n.startDate ? ` (${n.startDate.slice(0, 4)})` : '';
        return cut(shorten(n.name).replace(/^High-level side event: /, 'Side event: '), 44) + year;
      }
      case 'Network': return t('network');
      case 'GoodPractice': return `${cut(n.title, 30)} · ${n.state ? n.state.code : ''}`;
      case 'Institution': case 'FollowUpAction': case 'CuratedCluster':
        return `${cut(n.name || n.title, 30)} · ${n.state ? n.state.code : ''}`;
      case 'SdgGoal': return `${t('sdg', { code: n.code })} · ${cut(n.name, 22)}`;
      case 'SdgTarget': return t('sdgTarget', { code: n.code });
      case 'Mechanism': return n.code;
      case 'Document': return n.symbol || cut(n.title, 34);
      case 'Organization': return n.acronym || cut(n.name, 34);
      case 'Source': return cut(n.title, 34);
      default: return cut(n.name || n.title || fallback, 34);
    }
  }
  const words = (t) => t.toLowerCase().replace(/_/g, ' ');

  const cy = cytoscape({
    container: document.getElementById('graph'),
    minZoom: 0.15,
    maxZoom: 3,
    style: [
      { selector: 'node', style: {
        'background-color': (n) => colour(n.data('kind')), shape: (n) => shape(n.data('kind')),
        label: 'data(short)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#1d2433',
        'text-wrap': 'wrap', 'text-max-width': 120, 'text-background-color': '#f6f7fb', 'text-background-opacity': 0.85,
        'text-background-padding': 1, 'min-zoomed-font-size': 5,
        width: (n) => 16 + Math.min(22, n.degree() * 2), height: (n) => 16 + Math.min(22, n.degree() * 2),
        'border-width': 1, 'border-color': '#fff' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffd24d' } },
      { selector: 'edge', style: { width: 1, 'line-color': '#c5cad6', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'target-arrow-color': '#c5cad6', 'arrow-scale': 0.6, label: 'data(label)', 'font-size': 7, color: '#7a8396',
        'text-rotation': 'autorotate', 'text-background-color': '#f6f7fb', 'text-background-opacity': 0.8,
        'text-background-padding': 1, 'min-zoomed-font-size': 6 } },
      // The links of the selected node stand out (class set in select()).
      { selector: 'edge.near', style: { 'line-color': '#5b6478', 'target-arrow-color': '#5b6478', color: '#1d2433', width: 2, 'font-size': 8, 'z-index': 10 } },
    ],
  });
  window.__explorer = { cy }; // for the browser test

  // The status line keeps its key, so that a new language redraws it.
  let statusNow = null;
  const status = (key, vars) => {
    statusNow = key ? [key, vars] : null;
    document.getElementById('status').textContent = key ? t(key, vars) : '';
  };

  // Moves the nodes in `movable` until no two node boxes (labels included) overlap, or the
  // passes run out. Nodes outside `movable` stay where they are.
  function separate(movable) {
    const free = new Set(movable.map((n) => n.id()));
    const nodes = cy.nodes(':visible');
    for (let pass = 0; pass < 60; pass++) {
      let moved = false;
      const boxes = nodes.map((n) => ({ n, b: n.boundingBox({ includeLabels: true, includeOverlays: false }) }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i], b = boxes[j];
          const fa = free.has(a.n.id()), fb = free.has(b.n.id());
          if (!fa && !fb) continue;
          const ox = Math.min(a.b.x2, b.b.x2) - Math.max(a.b.x1, b.b.x1) + 6;
          const oy = Math.min(a.b.y2, b.b.y2) - Math.max(a.b.y1, b.b.y1) + 6;
          if (ox <= 0 || oy <= 0) continue;
          const pa = a.n.position(), pb = b.n.position();
          let dx = 0, dy = 0;
          if (ox < oy) dx = (pb.x >= pa.x ? 1 : -1) * ox; else dy = (pb.y >= pa.y ? 1 : -1) * oy;
          const share = fa && fb ? 0.5 : 1;
          if (fb) { b.n.position({ x: pb.x + dx * share, y: pb.y + dy * share }); b.b = b.n.boundingBox({ includeLabels: true, includeOverlays: false }); }
          if (fa) { a.n.position({ x: pa.x - dx * share, y: pa.y - dy * share }); a.b = a.n.boundingBox({ includeLabels: true, includeOverlays: false }); }
          moved = true;
        }
      }
      if (!moved) return;
    }
  }

  const COSE = { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: 60000, idealEdgeLength: 120,
    nodeOverlap: 40, componentSpacing: 100, numIter: 1500, padding: 40 };

  // Lays out only `added`: they start on a ring around `centre`, away from the placed nodes,
  // then a force layout moves them while every other node is locked.
  function placeNew(centre, added) {
    if (added.empty()) return;
    const placed = cy.nodes().not(added);
    if (placed.empty() || !centre || centre.empty()) {
      cy.layout({ ...COSE, randomize: true, fit: true }).run();
      separate(cy.nodes());
      cy.fit(undefined, 40);
      return;
    }
    const c = centre.position();
    const r = 140 + added.length * 4;
    added.forEach((n, i) => {
      const a = (2 * Math.PI * i) / added.length;
      n.position({ x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) });
    });
    const locked = placed.filter((n) => !n.locked());
    locked.lock();
    cy.elements().layout({ ...COSE, randomize: false, fit: false, numIter: 800 }).run();
    locked.unlock();
    separate(added);
  }

  function addNode(n) {
    if (!cy.getElementById(n.id).empty()) return null;
    const label = labelOf(n.node, n.label);
    return { group: 'nodes', data: { id: n.id, kind: n.type, label: n.label, short: label } };
  }

  async function expand(id, opts = {}) {
    status('loading');
    const data = await gql(`query($id: ID!, $lang: Language) { neighbourhood(id: $id, depth: 1, limit: 40) {
      truncated nodes { id type label node { ...L } } edges { from to type } } } ${LABEL}`, { id, lang });
    const nb = data.neighbourhood;
    if (!nb) { status('notFound'); return; }
    const add = [];
    for (const n of nb.nodes) { const el = addNode(n); if (el) add.push(el); }
    for (const e of nb.edges) {
      const eid = e.from + '>' + e.type + '>' + e.to;
      if (cy.getElementById(eid).empty()) add.push({ group: 'edges', data: { id: eid, source: e.from, target: e.to, type: e.type, label: relName(e.type) } });
    }
    const added = cy.add(add).nodes();
    applyTypes();
    placeNew(cy.getElementById(id), added);
    const ext = cy.extent();
    if (added.some((n) => { const p = n.position(); return p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2; })) cy.fit(undefined, 40);
    if (!opened.includes(id)) opened.push(id);
    status(nb.truncated ? 'truncated' : null, { n: 40 });
    if (!opts.keepSelection) await select(id);
    if (!opts.quiet) keepInAddress();
  }

  function keepInAddress() {
    const p = new URLSearchParams();
    if (selectedId) p.set('node', selectedId);
    p.set('lang', lang);
    const others = opened.filter((id) => id !== selectedId);
    if (others.length) p.set('open', others.join(','));
    history.replaceState(null, '', location.pathname + '?' + p.toString());
  }

  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) e.setAttribute(k, v);
    for (const k of kids) if (k != null) e.append(k);
    return e;
  };

  // The details of one node, and a query that opens it in the playground.
  const DETAILS = {
    State: 'code name(lang: $lang) unRegionalGroup nmirfs { name } sources { title url publisher }',
    NMIRF: 'name acronym type mandate legalBasis establishedYear trackingTool website state { code name(lang: $lang) } networkMemberships { role } sources { title url publisher }',
    Network: 'name reportedMemberCount { count asOf } sources { title url publisher }',
    Recommendation: 'paragraph year text(lang: $lang) mechanism { code } document { symbol } states { code name(lang: $lang) } recommendingStates { code } position { value } themes { name(lang: $lang) } sources { title url publisher }',
    GoodPractice: 'title(lang: $lang) summary(lang: $lang) outcome state { code name(lang: $lang) } tools sources { title url publisher }',
    Instrument: 'title symbol kind adoptedOn summary sources { title url publisher }',
    Event: 'name startDate endDate place summary hostState { code name(lang: $lang) } sources { title url publisher }',
    Theme: 'name(lang: $lang) scheme', AffectedGroup: 'name(lang: $lang)',
    SdgGoal: 'code name(lang: $lang)', SdgTarget: 'code name(lang: $lang)',
    Mechanism: 'code kind name(lang: $lang)', Document: 'symbol title type year',
    GuidanceDimension: 'name(lang: $lang) description', Institution: 'name state { code name(lang: $lang) }',
    Organization: 'name acronym url', Source: 'title publisher publishedOn url license',
    FollowUpAction: 'title description status dueDate state { code name(lang: $lang) }',
    CuratedCluster: 'name description size state { code name(lang: $lang) }',
  };

  function playgroundLink(kind, id) {
    const fields = (DETAILS[kind] || '').replace(/\(lang: \$lang\)/g, `(lang: ${lang})`);
    const query = `# The node chosen in the graph explorer.\nquery Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n` +
      (fields ? `    ... on ${kind} { ${fields} }\n` : '') + '  }\n}';
    const p = new URLSearchParams();
    p.set('query', query);
    p.set('variables', JSON.stringify({ id }));
    return '/?' + p.toString();
  }

  async function select(id) {
    const n = cy.getElementById(id);
    if (n.empty()) return;
    selectedId = id;
    const mine = ++selecting;
    cy.$(':selected').unselect();
    cy.edges().removeClass('near');
    n.select();
    n.connectedEdges().addClass('near');
    const kind = n.data('kind');
    const box = document.getElementById('selected');
    box.classList.remove('hint');
    box.dir = lang === 'AR' ? 'rtl' : 'ltr';
    box.replaceChildren(el('span', { class: 'kind', 'data-kind': kind, style: `background:${colour(kind)}` }, typeName(kind)), el('h3', null, n.data('label')));
    let d = null;
    if (DETAILS[kind]) {
      try {
        const withLang = DETAILS[kind].includes('$lang');
        d = (await gql(`query($id: ID!${withLang ? ', $lang: Language' : ''}) { node(id: $id) { ... on ${kind} { ${DETAILS[kind]} } } }`,
          withLang ? { id, lang } : { id })).node;
      } catch (err) { box.append(el('p', { class: 'hint' }, String(err.message || err))); }
    }
    if (mine !== selecting) return; // a later call draws the panel
    if (d) {
      if (d.name || d.title) box.querySelector('h3').textContent = d.name || d.title;
      const text = d.text || d.summary || d.mandate || d.description;
      if (text) box.append(el('p', { class: 'text' }, text));
      const facts = [];
      const add = (k, v) => { if (v != null && v !== '' && !(Array.isArray(v) && !v.length)) facts.push([k, Array.isArray(v) ? v.join(', ') : String(v)]); };
      add(fact('acronym'), d.acronym); add(fact('code'), d.code); add(fact('symbol'), d.symbol); add(fact('paragraph'), d.paragraph);
      add(fact('mechanism'), d.mechanism && d.mechanism.code); add(fact('document'), d.document && d.document.symbol);
      add(fact('year'), d.year); add(fact('adopted'), d.adoptedOn); add(fact('dates'), d.startDate && [d.startDate, d.endDate].filter(Boolean).join(' – '));
      add(fact('place'), d.place); add(fact('position'), d.position && valueName(d.position.value));
      add(fact('recommendedBy'), d.recommendingStates && d.recommendingStates.map((s) => s.code));
      add(fact('themes'), d.themes && d.themes.map((x) => x.name)); add(fact('type'), d.type); add(fact('kind'), d.kind);
      add(fact('legalBasis'), d.legalBasis); add(fact('established'), d.establishedYear); add(fact('trackingTool'), d.trackingTool);
      add(fact('networkRole'), d.networkMemberships && d.networkMemberships.map((m) => valueName(m.role)));
      add(fact('membersReported'), d.reportedMemberCount && `${d.reportedMemberCount.count} (${d.reportedMemberCount.asOf})`);
      add(fact('outcome'), d.outcome); add(fact('tools'), d.tools); add(fact('status'), d.status && valueName(d.status)); add(fact('due'), d.dueDate);
      add(fact('region'), d.unRegionalGroup && valueName(d.unRegionalGroup)); add(fact('nmirfs'), d.nmirfs && d.nmirfs.map((m) => m.name));
      add(fact('publisher'), d.publisher); add(fact('licence'), d.license);
      if (facts.length) box.append(el('dl', null, ...facts.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)])));
      if (d.sources && d.sources.length) {
        box.append(el('h2', null, t('sources')));
        box.append(el('ul', null, ...d.sources.map((s) => el('li', null,
          s.url ? el('a', { href: s.url, target: '_blank', rel: 'noopener' }, s.title) : s.title,
          s.publisher ? ` — ${s.publisher}` : null))));
      }
    }
    const links = el('p', { class: 'links' });
    links.append(el('a', { href: playgroundLink(kind, id), id: 'open-playground' }, t('openPlayground')));
    const stateCode = kind === 'State' ? (d && d.code) : d && ((d.state && d.state.code) || (d.hostState && d.hostState.code) ||
      (d.states && d.states.length === 1 && d.states[0].code));
    if (stateCode) links.append(el('a', { href: `/state/${stateCode}?lang=${lang}`, class: 'state-page' }, t('statePage', { code: stateCode })));
    links.append(el('a', { href: '#', id: 'expand-selected' }, t('expandSelected')));
    box.append(links);
    box.querySelector('#expand-selected').addEventListener('click', (ev) => { ev.preventDefault(); expand(id).catch(show); });
    keepInAddress();
  }

  function applyTypes() {
    const present = new Set(cy.nodes().map((n) => n.data('kind')));
    const box = document.getElementById('types');
    box.replaceChildren();
    for (const kind of Object.keys(TYPES).filter((k) => present.has(k)).concat([...present].filter((k) => !TYPES[k]).sort())) {
      const cb = el('input', { type: 'checkbox', 'data-kind': kind });
      cb.checked = !hidden.has(kind);
      cb.addEventListener('change', () => { cb.checked ? hidden.delete(kind) : hidden.add(kind); applyTypes(); });
      const dot = el('i', { class: `s-${shape(kind)}`, style: `background:${colour(kind)}` });
      box.append(el('label', null, cb, dot, `${typeName(kind)} (${cy.nodes(`[kind = "${kind}"]`).length})`));
    }
    cy.nodes().forEach((n) => n.style('display', hidden.has(n.data('kind')) ? 'none' : 'element'));
  }

  // A new language relabels every node (one request per 100 nodes) and the details panel.
  async function relabel() {
    const ids = cy.nodes().map((n) => n.id());
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const data = await gql(`query($ids: [ID!]!, $lang: Language) { nodes(ids: $ids) { ...L } } ${LABEL}`, { ids: chunk, lang });
      data.nodes.forEach((n, k) => { if (n) cy.getElementById(chunk[k]).data('short', labelOf(n, cy.getElementById(chunk[k]).data('label'))); });
    }
  }

  function setLang(value) {
    lang = LANGS.includes(value) ? value : 'EN';
    document.getElementById('lang').value = lang;
    document.documentElement.lang = lang.toLowerCase();
    const rtl = lang === 'AR' ? 'rtl' : 'ltr';
    document.documentElement.dir = rtl;
    document.getElementById('details').dir = rtl;
    document.getElementById('results').dir = rtl;
    translatePage();
  }

  // The page's own text (data-i18n* attributes), the legend and the links' names.
  function translatePage() {
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach((e) => { e.placeholder = t(e.dataset.i18nPlaceholder); });
    document.querySelectorAll('[data-i18n-aria-label]').forEach((e) => { e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel)); });
    cy.edges().forEach((e) => { e.data('label', relName(e.data('type'))); });
    applyTypes();
    if (statusNow) status(...statusNow);
  }

  cy.on('tap', 'node', (ev) => {
    const id = ev.target.id();
    (opened.includes(id) ? select(id) : expand(id)).catch(show);
  });

  function show(err) {
    const list = document.getElementById('results');
    list.replaceChildren(el('li', { class: 'hint' }, String(err.message || err)));
    status(null);
  }

  document.getElementById('lang').addEventListener('change', async (ev) => {
    setLang(ev.target.value);
    try {
      await relabel();
      if (selectedId) await select(selectedId);
      keepInAddress();
    } catch (err) { show(err); }
  });
  document.getElementById('fit').addEventListener('click', () => cy.fit(undefined, 40));
  document.getElementById('relayout').addEventListener('click', () => {
    cy.layout({ ...COSE, randomize: false, fit: true }).run();
    separate(cy.nodes());
  });
  document.getElementById('clear').addEventListener('click', () => {
    cy.elements().remove(); opened.length = 0; selectedId = null; applyTypes(); keepInAddress();
  });

  document.getElementById('search').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = document.getElementById('q').value.trim();
    if (!q) return;
    try {
      const data = await gql(`query($q: String!, $lang: Language) { search(query: $q, lang: $lang, first: 15) { edges { snippet node { ...L } } } } ${LABEL}`,
        { q, lang });
      const list = document.getElementById('results');
      list.replaceChildren();
      if (data.search.edges.length === 0) show(t('noMatch'));
      for (const e of data.search.edges) {
        const n = e.node;
        const li = el('li', { style: `--c:${colour(n.__typename)}` }, labelOf(n, n.__typename), el('small', null, e.snippet || typeName(n.__typename)));
        li.addEventListener('click', () => expand(n.id).catch(show));
        list.append(li);
      }
    } catch (err) { show(err); }
  });

  // The address restores a view: the nodes in ?open= are expanded in order, then ?node= is
  // expanded and selected; ?id= (older links) is ?node=. Without either, the Network.
  const params = new URLSearchParams(location.search);
  setLang((params.get('lang') || 'EN').toUpperCase());
  const node = params.get('node') || params.get('id');
  const open = (params.get('open') || '').split(',').filter(Boolean);
  (async () => {
    for (const id of open) await expand(id, { keepSelection: true, quiet: true });
    let start = node;
    if (!start && !open.length) { const d = await gql('{ network { id } }'); start = d.network && d.network.id; }
    if (start) {
      if (cy.getElementById(start).nonempty() && open.includes(start)) await select(start);
      else await expand(start);
    }
    cy.fit(undefined, 40);
    window.__explorer.ready = true;
  })().catch(show);
})();
