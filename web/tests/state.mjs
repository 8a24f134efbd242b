// Headless browser test of the State profile page, /state/{CODE}: Costa Rica's recommendations
// drawn as charts (theme, recommending State, mechanism, year), its peer practices; Morocco's
// NMIRF with its role in the network, in Arabic right to left; printable (the print style
// hides the controls); links to the explorer and the playground; a lower-case code redirects;
// an unknown code says so. No page error, no request leaves this machine.
// Screenshots: web/test-results/state-*.png (and docs/screenshots/ when DOCS_SCREENSHOTS=1).
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HUB_URL = (process.env.HUB_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const local = (u) => /^(data|blob|about):/.test(u) || /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(u);

async function shot(page, name) {
  const file = path.join(webDir, 'test-results', name);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.DOCS_SCREENSHOTS === '1') {
    const docs = path.join(webDir, '..', 'docs', 'screenshots', name);
    await mkdir(path.dirname(docs), { recursive: true });
    await copyFile(file, docs);
  }
  console.log(`# screenshot: ${file}`);
}

test('State profile page: charts, NMIRF and network role, languages, print, links', { timeout: 120000 }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const outside = [];
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('request', (r) => { if (!local(r.url())) outside.push(r.url()); });
    page.on('pageerror', (e) => failures.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') failures.push(`console: ${m.text()}`); });
    const ready = () => page.waitForFunction(() => window.__statePage && window.__statePage.ready, null, { timeout: 30000 });

    // Costa Rica: 82 UPR recommendations in the demo data.
    const res = await page.goto(HUB_URL + '/state/cri', { waitUntil: 'load' });
    assert.equal(res.status(), 200);
    assert.match(page.url(), /\/state\/CRI$/, 'a lower-case code redirects to the upper-case address');
    await ready();
    assert.equal(await page.locator('#error').isHidden(), true, await page.locator('#error').innerText());
    assert.match(await page.locator('#title').innerText(), /Costa Rica \(CRI\)/);
    assert.match(await page.locator('#recs .total').innerText(), /^\d+ recommendations/);
    const drawn = await page.evaluate(() => window.__statePage.charts.map((c) => ({ id: c.canvas.id, n: c.data.labels.length, w: c.width })));
    for (const id of ['c-theme', 'c-recstate', 'c-mechanism', 'c-year']) {
      const c = drawn.find((d) => d.id === id);
      assert.ok(c && c.n > 0 && c.w > 100, `chart ${id} not drawn: ${JSON.stringify(drawn)}`);
    }
    // The canvases hold pixels (the chart library ran, offline).
    const inked = await page.evaluate(() => {
      const c = document.getElementById('c-theme');
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    assert.ok(inked > 1000, `the theme chart is blank (${inked} pixels)`);
    assert.ok(await page.locator('#peers tbody tr').count() > 0, 'no peer practices for Costa Rica');
    const explorer = await page.getAttribute('#to-explorer', 'href');
    assert.match(explorer, /^\/explore\?node=[^&]+&lang=EN$/);
    const playground = new URL(await page.getAttribute('#to-playground', 'href'), HUB_URL);
    assert.match(playground.searchParams.get('query'), /query StateProfile/);
    await shot(page, 'state-CRI.png');

    // Print: the controls are hidden, the content stays.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.bar nav').isVisible(), false, 'the controls are printed');
    assert.equal(await page.locator('#recs').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });

    // Morocco: its NMIRF coordinates the Executive Committee; in Arabic, right to left.
    await page.goto(HUB_URL + '/state/MAR', { waitUntil: 'load' });
    await ready();
    assert.match(await page.locator('#nmirf').innerText(), /Interministerial Delegation for Human Rights/);
    assert.match(await page.locator('#nmirf .role').first().innerText(), /Executive Committee coordinator/);
    await page.selectOption('#lang', 'AR');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'AR' && window.__statePage.ready);
    await ready();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.match(await page.locator('#title').innerText(), /[\u0600-\u06FF]/, 'the State name is not in Arabic');
    await shot(page, 'state-MAR-ar.png');

    // An unknown code says so.
    await page.goto(HUB_URL + '/state/XXX', { waitUntil: 'load' });
    await ready();
    assert.match(await page.locator('#error').innerText(), /XXX/);
    const bad = await page.goto(HUB_URL + '/state/TOOLONG', { waitUntil: 'load' });
    assert.equal(bad.status(), 404);

    assert.deepEqual(failures.filter((f) => !/404/.test(f)), [], 'page errors');
    assert.deepEqual(outside, [], 'requests left this machine');
  } finally {
    await browser.close();
  }
});
