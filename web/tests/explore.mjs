// Headless browser test of the graph explorer at HUB_URL + '/explore': it starts from the
// Network, search finds Morocco, a click adds its neighbours, a type can be hidden, and no
// request leaves this machine. Keeps a screenshot in web/test-results/explore.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HUB_URL = (process.env.HUB_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOT = path.join(webDir, 'test-results', 'explore.png');
const local = (u) => /^(data|blob|about):/.test(u) || /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(u);

test('graph explorer: search, expand, filter, all offline', { timeout: 90000 }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const outside = [];
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (r) => { if (!local(r.url())) outside.push(r.url()); });
    page.on('pageerror', (e) => failures.push(String(e)));
    await page.goto(HUB_URL + '/explore', { waitUntil: 'load' });
    const count = () => page.evaluate(() => window.__explorer.cy.nodes().length);
    await page.waitForFunction(() => window.__explorer && window.__explorer.cy.nodes().length > 5, null, { timeout: 20000 });
    const start = await count();

    await page.fill('#q', 'Morocco');
    await page.click('button[type=submit]');
    const first = page.locator('#results li:not(.hint)').first();
    await first.waitFor({ timeout: 20000 });
    await first.click();
    await page.waitForFunction((n) => window.__explorer.cy.nodes().length > n, start, { timeout: 20000 });

    // Expand a State node by clicking it in the graph (tap event).
    await page.evaluate(() => window.__explorer.cy.nodes('[kind = "State"]').first().emit('tap'));
    await page.waitForFunction(() => window.__explorer.cy.nodes('[kind = "GoodPractice"]').length > 0, null, { timeout: 20000 });

    // Hide a type.
    const box = page.locator('#types input[data-kind="Event"]');
    if (await box.count()) {
      await box.uncheck();
      const shown = await page.evaluate(() => window.__explorer.cy.nodes('[kind = "Event"]').filter((n) => n.style('display') !== 'none').length);
      assert.equal(shown, 0, 'hidden type still shown');
    }
    const total = await count();
    assert.ok(total >= 15, `only ${total} nodes`);
    await mkdir(path.dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT });
    console.log(`# ${total} nodes; screenshot: ${SHOT}`);
    assert.deepEqual(failures, [], 'page errors');
    assert.deepEqual(outside, [], 'requests left this machine');
  } finally {
    await browser.close();
  }
});
