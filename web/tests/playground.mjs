// Headless browser test of the GraphiQL playground served at HUB_URL + '/'.
//
// Checks that the page renders with every asset served by our own server (no
// request leaves loopback), that the schema loads, and that the documentation
// explorer shows the root types and the field EXPECT_FIELD on Query.
//
// Env:
//   HUB_URL        server base URL (default http://127.0.0.1:8080)
//   EXPECT_FIELD   a field of the Query type to find in the docs (default "state")
//   CHROMIUM_PATH  browser binary (default /usr/bin/chromium; see scripts/ensure-chromium.sh)
//
// Run from web/: `npm run test:playground` (or `node --test tests/playground.mjs`).
// Screenshot: web/test-results/playground.png (written on failure too).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HUB_URL = (process.env.HUB_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const EXPECT_FIELD = process.env.EXPECT_FIELD || 'state';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.PLAYGROUND_TIMEOUT_MS || 20000);

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOT = path.join(webDir, 'test-results', 'playground.png');

const LOCAL_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** True when the URL stays on this machine (or never hits the network). */
function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  const host = u.hostname.toLowerCase();
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

test('GraphiQL playground renders offline and documents the schema', { timeout: TIMEOUT_MS * 4 }, async (t) => {
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    throw new Error(
      `cannot launch chromium at ${CHROMIUM_PATH} (run scripts/ensure-chromium.sh): ${err.message}`,
    );
  }
  t.after(() => browser.close());

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.setDefaultNavigationTimeout(TIMEOUT_MS);

  const requests = [];
  const failed = [];
  const pageErrors = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('requestfailed', (req) => failed.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
  });

  const diagnostics = () =>
    `\n  requests: ${JSON.stringify(requests)}` +
    `\n  failed requests: ${JSON.stringify(failed)}` +
    `\n  page errors: ${JSON.stringify(pageErrors)}`;

  try {
    const res = await page.goto(`${HUB_URL}/`, { waitUntil: 'load' });
    assert.ok(res, `no response for ${HUB_URL}/`);
    assert.equal(res.status(), 200, `GET ${HUB_URL}/ answered ${res.status()}`);

    // GraphiQL is rendered: the "Loading…" placeholder is replaced by the editor.
    try {
      await page.locator('.graphiql-container .graphiql-query-editor .CodeMirror').first().waitFor({ state: 'visible' });
    } catch (err) {
      throw new Error(`GraphiQL editor did not render: ${err.message.split('\n')[0]}${diagnostics()}`);
    }

    // Open the documentation explorer (sidebar button; its label flips to "Hide …" once open).
    const docs = page.locator('section.graphiql-doc-explorer');
    const showDocs = page.getByRole('button', { name: 'Show Documentation Explorer', exact: true });
    if (!(await docs.isVisible())) await showDocs.click();
    await docs.waitFor({ state: 'visible' });

    // Root types, once the introspection result has arrived.
    const queryRoot = docs
      .locator('div', { has: page.locator('.graphiql-doc-explorer-root-type', { hasText: /^query$/ }) })
      .locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ })
      .first();
    try {
      await queryRoot.waitFor({ state: 'visible' });
    } catch (err) {
      const text = await docs.innerText().catch(() => '');
      throw new Error(
        `docs show no "query: Query" root type: ${err.message.split('\n')[0]}\n  docs text: ${JSON.stringify(text)}${diagnostics()}`,
      );
    }

    // Into the Query type: the expected field is listed.
    await queryRoot.click();
    await docs.locator('.graphiql-doc-explorer-title', { hasText: /^Query$/ }).waitFor({ state: 'visible' });
    const field = docs.locator('a.graphiql-doc-explorer-field-name', { hasText: new RegExp(`^${EXPECT_FIELD}$`) });
    try {
      await field.first().waitFor({ state: 'visible' });
    } catch (err) {
      const names = await docs.locator('a.graphiql-doc-explorer-field-name').allInnerTexts();
      throw new Error(`field "${EXPECT_FIELD}" not in the Query docs (fields: ${JSON.stringify(names)}): ${err.message.split('\n')[0]}`);
    }

    // Nothing left loopback.
    const external = requests.filter((u) => !isLocal(u));
    assert.deepEqual(external, [], `requests left loopback:${diagnostics()}`);
    assert.deepEqual(failed, [], `some requests failed:${diagnostics()}`);
    t.diagnostic(`${requests.length} requests, all local`);
  } finally {
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => {});
    t.diagnostic(`screenshot: ${SCREENSHOT}`);
  }
});

// Every example tab, in a fresh profile (a new browser context has empty localStorage), opens
// with its own variables and answers with data, no error; the address bar follows the tab, and
// the address opens the same query and variables in another fresh profile.
test('every example tab runs with its own variables in a fresh profile', { timeout: TIMEOUT_MS * 12 }, async (t) => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  const editorValue = (sel) => page.evaluate((s) => {
    const el = document.querySelector(s);
    return el && el.CodeMirror ? el.CodeMirror.getValue() : null;
  }, sel);
  const response = () => editorValue('.graphiql-response .CodeMirror');

  async function runAndRead(label) {
    const before = await response();
    await page.locator('button.graphiql-execute-button').click();
    let text = '';
    try {
      await page.waitForFunction((prev) => {
        const el = document.querySelector('.graphiql-response .CodeMirror');
        const v = el && el.CodeMirror ? el.CodeMirror.getValue() : '';
        return v.trim().startsWith('{') && v !== prev;
      }, before);
    } finally {
      text = await response();
    }
    let body;
    try { body = JSON.parse(text); } catch { throw new Error(`${label}: the response is not JSON: ${text}`); }
    assert.equal(body.errors, undefined, `${label}: errors ${JSON.stringify(body.errors)}`);
    assert.ok(body.data && Object.values(body.data).some((v) => v !== null), `${label}: no data: ${text}`);
    return body;
  }

  await page.goto(`${HUB_URL}/`, { waitUntil: 'load' });
  await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor({ state: 'visible' });
  const tabs = page.locator('.graphiql-tabs .graphiql-tab');
  await tabs.first().waitFor();
  const n = await tabs.count();
  assert.ok(n >= 8, `only ${n} tabs`);
  const firstTitle = (await tabs.first().innerText()).trim();
  assert.match(firstTitle, /StartHere/, 'the first tab is "Start here"');
  const start = await editorValue('.graphiql-query-editor .CodeMirror');
  assert.match(start, /\/state\/MAR/, 'the start tab links the State page');

  const titles = [];
  for (let i = 0; i < n; i++) {
    const tab = tabs.nth(i);
    const title = (await tab.innerText()).trim();
    titles.push(title);
    if (i > 0) await tab.locator('button.graphiql-tab-button').click();
    await page.waitForFunction((k) => document.querySelectorAll('.graphiql-tabs .graphiql-tab')[k].classList.contains('graphiql-tab-active'), i);
    const q = await editorValue('.graphiql-query-editor .CodeMirror');
    const v = await editorValue('.graphiql-editor-tool .graphiql-editor[aria-label="Variables"] .CodeMirror')
      ?? await page.evaluate(() => {
        const all = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')];
        return all.length ? all[0].CodeMirror.getValue() : null;
      });
    if (/\$\w+/.test(q.replace(/^#.*$/gm, ''))) assert.ok(v && v.trim().startsWith('{'), `${title}: the tab opened without its variables (${JSON.stringify(v)})`);
    await runAndRead(`tab ${i} ${title}`);
    // The address bar keeps this tab's query (and variables, when it has some).
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('query'), q, `${title}: the address does not hold the tab's query`);
    if (v && v.trim()) assert.equal(url.searchParams.get('variables'), v, `${title}: the address does not hold the tab's variables`);
  }
  t.diagnostic(`ran ${n} tabs: ${titles.join(', ')}`);

  // The address of the last tab opens the same query and variables in a fresh profile, and runs.
  await page.locator('.graphiql-tabs .graphiql-tab').nth(1).locator('button.graphiql-tab-button').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('query')?.includes('CountryProfile'));
  const sharedUrl = page.url();
  const other = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page2 = await other.newPage();
  page2.setDefaultTimeout(TIMEOUT_MS);
  await page2.goto(sharedUrl, { waitUntil: 'load' });
  await page2.locator('.graphiql-query-editor .CodeMirror').first().waitFor({ state: 'visible' });
  const q2 = await page2.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue());
  assert.equal(q2, new URL(sharedUrl).searchParams.get('query'), 'the shared address opened another query');
  await page2.locator('button.graphiql-execute-button').click();
  await page2.waitForFunction(() => {
    const el = document.querySelector('.graphiql-response .CodeMirror');
    return el && el.CodeMirror && el.CodeMirror.getValue().includes('"data"');
  });
  const r2 = await page2.evaluate(() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue());
  assert.ok(!JSON.parse(r2).errors, `shared link answered with errors: ${r2}`);
  await other.close();
  assert.deepEqual(pageErrors, [], 'page errors');
});
