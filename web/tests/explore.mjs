// Headless browser test of the graph explorer at HUB_URL + '/explore': it starts from the
// Network with readable, distinct labels that do not overlap and named links; search finds
// Morocco, a click adds its neighbours without moving the nodes already placed; a type can be
// hidden; the details panel has sources and a playground link; the interface text (legend,
// headings, buttons, details, link names) follows the language chosen, Arabic right to left,
// French after it; the address restores the same view in a fresh page; no page error, no
// warning from Cytoscape (e.g. an invalid selector), no request leaves this machine.
// Screenshot: web/test-results/explore.png (and docs/screenshots/explore.png when
// DOCS_SCREENSHOTS=1).
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HUB_URL = (process.env.HUB_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOT = path.join(webDir, 'test-results', 'explore.png');
const DOCS_SHOT = path.join(webDir, '..', 'docs', 'screenshots', 'explore.png');
const local = (u) => /^(data|blob|about):/.test(u) || /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(u);

function watch(page, outside, failures) {
  page.on('request', (r) => { if (!local(r.url())) outside.push(r.url()); });
  page.on('pageerror', (e) => failures.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') failures.push(`console ${m.type()}: ${m.text()}`); });
}

const ready = (page) => page.waitForFunction(() => window.__explorer && window.__explorer.ready, null, { timeout: 30000 });

// Pairs of visible nodes whose boxes (labels included) overlap, as rendered at the current zoom.
const overlaps = (page) => page.evaluate(() => {
  const nodes = window.__explorer.cy.nodes(':visible');
  const boxes = nodes.map((n) => ({ l: n.data('short'), b: n.renderedBoundingBox({ includeLabels: true, includeOverlays: false }) }));
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].b, b = boxes[j].b;
    if (Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 1 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 1) out.push(`${boxes[i].l} / ${boxes[j].l}`);
  }
  return out;
});

// The interface text as drawn: legend, headings, buttons, the details panel, link names.
const ui = (page) => page.evaluate(() => ({
  legend: [...document.querySelectorAll('#types label')].map((l) => l.textContent),
  headings: [...document.querySelectorAll('aside h2')].map((h) => h.textContent),
  buttons: [...document.querySelectorAll('button')].map((b) => b.textContent),
  kind: document.querySelector('#selected .kind')?.textContent,
  facts: [...document.querySelectorAll('#selected dt')].map((d) => d.textContent),
  links: [...document.querySelectorAll('#selected .links a')].map((a) => a.textContent),
  placeholder: document.getElementById('q').placeholder,
  status: document.getElementById('status').textContent,
  title: document.title,
  dir: document.documentElement.dir,
  lang: document.documentElement.lang,
  edges: [...new Set(window.__explorer.cy.edges().map((e) => e.style('label')))],
}));
const ARABIC = /[\u0600-\u06FF]/;
// Every string of the interface in Arabic (a label may carry a number, a code or "GraphQL").
function assertArabic(u) {
  for (const part of ['legend', 'headings', 'buttons', 'facts', 'links', 'edges']) {
    assert.ok(u[part].length > 0, `no ${part} drawn`);
    assert.deepEqual(u[part].filter((x) => !ARABIC.test(x)), [], `${part} not in Arabic`);
  }
  for (const part of ['kind', 'placeholder', 'title']) assert.match(u[part], ARABIC, `${part} not in Arabic: ${u[part]}`);
  if (u.status) assert.match(u.status, ARABIC, 'status line not in Arabic');
  assert.equal(u.dir, 'rtl');
  assert.equal(u.lang, 'ar');
}

const view = (page) => page.evaluate(() => ({
  nodes: window.__explorer.cy.nodes().map((n) => n.id()).sort(),
  selected: window.__explorer.cy.$('node:selected').map((n) => n.id()),
  lang: document.getElementById('lang').value,
}));

test('graph explorer: labels, links, incremental layout, details, language, shareable address, offline', { timeout: 240000 }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const outside = [];
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    watch(page, outside, failures);
    await page.goto(HUB_URL + '/explore', { waitUntil: 'load' });
    await ready(page);
    const count = () => page.evaluate(() => window.__explorer.cy.nodes().length);
    const start = await count();
    assert.ok(start > 5, `the Network has only ${start - 1} neighbours`);

    // Labels: every node has one, nodes of a type are told apart, and none overlap at the default zoom.
    const labels = await page.evaluate(() => window.__explorer.cy.nodes().map((n) => ({ kind: n.data('kind'), short: n.data('short') })));
    for (const l of labels) assert.ok(l.short && l.short.trim(), `a ${l.kind} without a label`);
    for (const kind of ['Instrument', 'NMIRF', 'Event']) {
      const ls = labels.filter((l) => l.kind === kind).map((l) => l.short);
      assert.equal(new Set(ls).size, ls.length, `${kind} labels repeat: ${JSON.stringify(ls)}`);
    }
    assert.ok(labels.some((l) => /^HRC resolution \d+\/\d+$/.test(l.short)), 'resolutions are labelled by number');
    assert.deepEqual(await overlaps(page), [], 'labels overlap at the default zoom');

    // Links carry the relationship's name.
    const edgeLabels = await page.evaluate(() => window.__explorer.cy.edges().map((e) => e.style('label')));
    assert.ok(edgeLabels.length > 0, 'no links');
    assert.deepEqual(edgeLabels.filter((l) => !l || !l.trim()), [], 'links without a label');
    assert.ok(edgeLabels.includes('member of') || edgeLabels.includes('in history of'), `link labels: ${[...new Set(edgeLabels)]}`);

    // Types have distinct colours.
    const colours = await page.evaluate(() => {
      const seen = {};
      window.__explorer.cy.nodes().forEach((n) => { seen[n.data('kind')] = n.style('background-color'); });
      return seen;
    });
    assert.equal(new Set(Object.values(colours)).size, Object.keys(colours).length, `types share a colour: ${JSON.stringify(colours)}`);
    assert.ok(await page.locator('#types label').count() >= 3, 'no legend');

    // Search, then a result adds its neighbours; nodes already placed stay still.
    await page.fill('#q', 'Morocco');
    await page.click('button[type=submit]');
    const first = page.locator('#results li:not(.hint)').first();
    await first.waitFor({ timeout: 20000 });
    const positions = () => page.evaluate(() => Object.fromEntries(window.__explorer.cy.nodes().map((n) => [n.id(), n.position()])));
    const before = await positions();
    await first.click();
    await page.waitForFunction((n) => window.__explorer.cy.nodes().length > n, start, { timeout: 20000 });
    await page.evaluate(() => window.__explorer.cy.nodes('[kind = "State"]').first().emit('tap'));
    await page.waitForFunction(() => window.__explorer.cy.nodes('[kind = "GoodPractice"]').length > 0, null, { timeout: 20000 });
    await page.waitForFunction(() => document.querySelector('#selected .kind')?.textContent === 'State', null, { timeout: 20000 });
    const after = await positions();
    const moved = Object.keys(before).filter((id) => Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y) > 0.5);
    assert.deepEqual(moved, [], 'expanding moved nodes that were already placed');

    // Details: the State's sources, a playground link that opens the node, the State page.
    const open = page.locator('#open-playground');
    await open.waitFor();
    const href = new URL(await open.getAttribute('href'), HUB_URL);
    assert.match(href.searchParams.get('query') || '', /node\(id: \$id\)/, 'the playground link has no query');
    assert.ok(JSON.parse(href.searchParams.get('variables')).id, 'the playground link has no id');
    assert.equal(await page.locator('#selected a.state-page').getAttribute('href'), '/state/MAR?lang=EN');
    assert.ok(await page.locator('#selected li').count() > 0, 'no sources in the details');

    // Hide a type.
    const box = page.locator('#types input[data-kind="Event"]');
    if (await box.count()) {
      await box.uncheck();
      const shown = await page.evaluate(() => window.__explorer.cy.nodes('[kind = "Event"]').filter((n) => n.style('display') !== 'none').length);
      assert.equal(shown, 0, 'hidden type still shown');
      await box.check();
    }

    // Arabic: labels relabelled, the interface text in Arabic, the page right to left.
    const english = await ui(page);
    assert.ok(english.legend.some((l) => l.startsWith('State (')) && english.headings.includes('Legend (untick to hide)'), `English: ${JSON.stringify(english)}`);
    await page.selectOption('#lang', 'AR');
    await page.waitForFunction(() => window.__explorer.cy.nodes('[kind = "State"]').some((n) => /[\u0600-\u06FF]/.test(n.data('short'))), null, { timeout: 20000 });
    await page.waitForFunction(() => /[\u0600-\u06FF]/.test(document.querySelector('#selected .kind')?.textContent || '') && document.querySelector('#selected dt'), null, { timeout: 20000 });
    assert.equal(await page.getAttribute('#details', 'dir'), 'rtl');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'AR');
    const arabic = await ui(page);
    assertArabic(arabic);
    assert.ok(arabic.legend.some((l) => l.startsWith('دولة (')), `the State type in the legend: ${arabic.legend}`);
    assert.ok(arabic.edges.includes('عضو في'), `link names: ${arabic.edges}`);

    const total = await count();
    assert.ok(total >= 15, `only ${total} nodes`);
    await mkdir(path.dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT });
    if (process.env.DOCS_SCREENSHOTS === '1') { await mkdir(path.dirname(DOCS_SHOT), { recursive: true }); await copyFile(SHOT, DOCS_SHOT); }
    console.log(`# ${total} nodes; screenshot: ${SHOT}`);

    // The address restores the view (nodes, selection, language) in a fresh page.
    const url = page.url();
    assert.match(url, /\/explore\?node=[^&]+&lang=AR/, `address: ${url}`);
    const shared = await view(page);
    const context2 = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page2 = await context2.newPage();
    watch(page2, outside, failures);
    await page2.goto(url, { waitUntil: 'load' });
    await ready(page2);
    assert.deepEqual(await view(page2), shared, 'the address did not restore the view');
    assert.equal(await page2.getAttribute('#details', 'dir'), 'rtl');
    await page2.waitForFunction(() => /[\u0600-\u06FF]/.test(document.querySelector('#selected .kind')?.textContent || '') && document.querySelector('#selected dt'), null, { timeout: 20000 });
    assertArabic(await ui(page2));
    await context2.close();

    // French: the same interface in French, left to right again.
    await page.selectOption('#lang', 'FR');
    await page.waitForFunction(() => document.querySelector('#selected .kind')?.textContent === 'État' && document.querySelector('#selected dt'), null, { timeout: 20000 });
    const french = await ui(page);
    assert.equal(french.dir, 'ltr');
    assert.equal(french.lang, 'fr');
    assert.equal(await page.getAttribute('#details', 'dir'), 'ltr');
    assert.ok(french.legend.some((l) => l.startsWith('État (')) && french.legend.some((l) => l.startsWith('Mécanisme national (')), `legend: ${french.legend}`);
    assert.deepEqual(french.headings.slice(0, 4), ['Résultats', 'Légende (décocher pour masquer)', 'Affichage', 'Sélection'], 'headings');
    assert.deepEqual(french.buttons, ['Rechercher', 'Ajuster à l’écran', 'Réorganiser', 'Effacer'], 'buttons');
    assert.ok(french.facts.includes('Code') && french.facts.includes('Groupe régional'), `facts: ${french.facts}`);
    assert.ok(french.links.includes('Ouvrir dans la console') && french.links.includes('Ajouter ses voisins'), `links: ${french.links}`);
    assert.ok(french.edges.includes('membre de') && !french.edges.includes('member of'), `link names: ${french.edges}`);
    assert.match(french.placeholder, /^Rechercher des recommandations/);
    assert.match(french.title, /explorateur du graphe/);

    assert.deepEqual(failures, [], 'page errors or warnings');
    assert.deepEqual(outside, [], 'requests left this machine');
  } finally {
    await browser.close();
  }
});
