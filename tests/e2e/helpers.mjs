// Shared harness for the browser tests in tests/e2e/*.test.mjs.
// Run with `node --test tests/e2e/` after `npm run build` (or just `npm test`).
//
//   const server = await startServer({ port: 0 });       // www/ on an ephemeral port
//   const browser = await launchBrowser();               // Debian Chromium, fresh profile
//   const page = await browser.newPage();
//   const watch = watchPage(page);                       // console errors + off-origin requests
//   await page.goto(server.url + 'index.html');
//   ...
//   watch.assertClean();
//   await browser.close(); await server.close();
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer } from '../../scripts/serve.mjs';

export { startServer };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');

/** Debian's Chromium. Never `npx playwright install` (no CDN access, wrong binary). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage', // containers often have a tiny /dev/shm; Chromium then crashes on big pages
];

/** Where tests put screenshots and other evidence; git-ignored, created on import. */
export const artifactsDir = path.join(ROOT, 'test-artifacts');
mkdirSync(artifactsDir, { recursive: true });

/** A file path inside artifactsDir, e.g. artifact('ending-en.png'). */
export const artifact = (name) => path.join(artifactsDir, name);

/**
 * Launches headless Chromium with a fresh profile in a temp dir (removed on
 * close). Returns a Playwright BrowserContext: use `await ctx.newPage()`, or
 * `ctx.pages()[0]` for the blank page it opens with. `options` are passed to
 * launchPersistentContext (e.g. { viewport, locale, colorScheme, args }).
 */
export async function launchBrowser({ args = [], ...options } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found — run 'npm run setup' (installs Debian's chromium)`);
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...args],
      ...options,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const close = context.close.bind(context);
  context.close = async (...a) => {
    try {
      await close(...a);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  };
  return context;
}

/** Serves www/ (or `root`) on an ephemeral port for the duration of `fn({ url, port })`. */
export async function withServer(fn, { root } = {}) {
  const server = await startServer({ port: 0, ...(root ? { root } : {}) });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/** A browser for the duration of `fn(context)`; always closed afterwards. */
export async function withBrowser(fn, options) {
  const context = await launchBrowser(options);
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/**
 * Records, from now on, what a page reports as wrong:
 *   consoleErrors     console.error messages (incl. "Failed to load resource")
 *   pageErrors        uncaught exceptions and unhandled rejections
 *   externalRequests  every request whose host is not 127.0.0.1 / localhost
 *                     (data:, blob: and about: URLs have no host and count as local)
 *   failedRequests    requests that failed at the network level
 * `assertClean()` fails with all of them listed.
 */
export function watchPage(page, { allowHosts = ['127.0.0.1', 'localhost'] } = {}) {
  const w = { consoleErrors: [], pageErrors: [], externalRequests: [], failedRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') w.consoleErrors.push(`${msg.text()} (${msg.location()?.url ?? '?'})`);
  });
  page.on('pageerror', (err) => w.pageErrors.push(String(err?.stack ?? err)));
  page.on('request', (req) => {
    const { protocol, hostname } = new URL(req.url());
    const local = ['data:', 'blob:', 'about:'].includes(protocol) || allowHosts.includes(hostname);
    if (!local) w.externalRequests.push(`${req.method()} ${req.url()}`);
  });
  page.on('requestfailed', (req) => w.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  w.assertClean = (message = 'page reported problems') => {
    assert.deepEqual(
      { consoleErrors: w.consoleErrors, pageErrors: w.pageErrors, externalRequests: w.externalRequests, failedRequests: w.failedRequests },
      { consoleErrors: [], pageErrors: [], externalRequests: [], failedRequests: [] },
      message,
    );
  };
  return w;
}

/**
 * Opens an empty HTML page at `${origin}__blank__.html` — same origin as the
 * server, so `import('/pkg/agreement_guide.js')` and fetches resolve against
 * it — without adding any page to www/. The document itself is answered by
 * Playwright; everything it loads comes from the real server.
 */
export async function gotoBlank(page, origin, { title = 'blank', body = '' } = {}) {
  const url = new URL('__blank__.html', origin).href;
  await page.route(url, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><body>${body}</body></html>`,
    }),
  );
  await page.goto(url);
  return url;
}

/** Fails with a useful message when the wasm bundle has not been built. */
export function requireBuild() {
  const js = path.join(WWW, 'pkg', 'agreement_guide.js');
  if (!existsSync(js)) throw new Error(`${path.relative(ROOT, js)} is missing — run 'npm run build' first`);
}

/** Saves a full-page screenshot into artifactsDir; returns its path. */
export async function screenshot(page, name) {
  const file = artifact(name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs axe-core on the page. The page must be clean first; axe's own injected
 * styles trip the demo pages' CSP, so those reports are dropped afterwards.
 */
export async function assertNoAxeViolations(page, what, watch) {
  watch.assertClean(`before the axe scan of ${what}`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  watch.consoleErrors.splice(0, Infinity, ...watch.consoleErrors.filter((e) => !e.startsWith('Applying inline style violates')));
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe violations on ${what}`);
}

// ── Page helpers for the widget (Playwright's CSS locators pierce the open shadow root) ──

/** Waits until the guide shows a card or an ending (or an error, with `state`). */
export async function ready(page, state = 'ready') {
  await page.locator(`.ag[data-state="${state}"]`).waitFor({ timeout: 15_000 });
}

/** Steps taken so far, as the widget shows them. */
export async function step(page) {
  return Number(await page.locator('.ag').getAttribute('data-step'));
}

/** The current card's (or ending's) heading text. */
export async function headingText(page) {
  return (await page.locator('[data-focus-target]').textContent()).trim();
}

/** Clicks the choice with this id and waits for the next card. */
export async function choose(page, id) {
  const before = await step(page);
  await page.locator(`[data-choice-id="${id}"]`).click();
  await page.locator(`.ag[data-step="${before + 1}"]`).waitFor();
}

/** Takes the first enabled choice; returns its id. */
export async function chooseFirst(page) {
  const id = await page.locator('[data-choice-id]:not([aria-disabled])').first().getAttribute('data-choice-id');
  await choose(page, id);
  return id;
}
