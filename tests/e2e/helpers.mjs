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
//
// Most files want that for a whole suite; describeInBrowser (below) does the
// setup and teardown once:
//
//   describeInBrowser('the widget', { browser: { viewport } }, ({ server, browser, newPage }) => {
//     test('…', async () => {
//       const { page, watch } = await newPage();      // console errors, off-origin requests, CSP violations
//       await page.goto(server.url + 'index.html');
//       ...
//       await watch.assertClean();                     // also fails on any CSP violation
//     });
//   });
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { describe, before, after } from 'node:test';
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

/**
 * The full engine's witnesses for the US–China guide (`Guide.witnesses`: a
 * seed and the choices of a run to each ending), computed in a fresh page of
 * `browser` on the server at `origin`: the runs tests replay to reach a card.
 */
export async function guideWitnesses(browser, origin) {
  const p = await browser.newPage();
  await gotoBlank(p, origin);
  const witnesses = await p.evaluate(async () => {
    const m = await import('/pkg/agreement_guide.js');
    await m.default();
    const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 0);
    const w = g.witnesses(200000);
    g.free();
    return w;
  });
  await p.close();
  return witnesses;
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

// ── One setup for a suite of browser tests ──

/**
 * A handle that can be destructured when a suite is declared and works once
 * its `before` hook has set the real object: every property read goes to the
 * object itself (methods bound to it). Reading it before then fails loudly.
 */
function late(what) {
  let target;
  const handle = new Proxy(
    {},
    {
      get(_, key) {
        if (!target) throw new Error(`${what} is used before the suite's before() hook has set it up`);
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
      has: (_, key) => !!target && key in target,
    },
  );
  return { handle, set: (t) => (target = t) };
}

/**
 * Registers, at the current level (a file or a describe), the setup every
 * browser test needs and its teardown, and returns what the tests use:
 *
 *   server     www/ (or `root`) served on an ephemeral port: `{ url, port, close }`
 *   browser    Debian Chromium with a fresh profile (`launchBrowser(options.browser)`),
 *              or none with `browser: false` (a test that launches its own)
 *   newPage()  a new page of that browser with `watch = watchPage(page)` and
 *              its CSP violations recorded (every frame, `window.__violations`):
 *              `{ page, watch }`; `await watch.assertClean()` fails on either
 *   serve(root)    another server for the rest of the suite (e.g. a host site), closed after it
 *   tmpDir(prefix) a fresh temporary directory, removed after the suite
 *
 * Checks that the wasm bundle is built first (`requireBuild`). `server` and
 * `browser` may be destructured when the suite is declared; they work from
 * its `before` hooks on (this one runs first, as it is registered first).
 */
export function inBrowser({ browser: browserOptions = {}, root, server: serveWww = true } = {}) {
  const server = late('server');
  const browser = late('browser');
  const cleanup = []; // run last-in first-out after the suite
  const env = {
    server: server.handle,
    browser: browser.handle,
    async newPage() {
      const page = await browser.handle.newPage();
      await recordCspViolations(page);
      const watch = watchPage(page);
      const assertClean = watch.assertClean;
      watch.cspViolations = () => cspViolations(page);
      watch.assertClean = async (message) => {
        assertClean(message);
        assert.deepEqual(await cspViolations(page), [], `${message ?? 'page reported problems'}: CSP violations`);
      };
      return { page, watch };
    },
    async serve(dir) {
      const s = await startServer({ port: 0, root: dir });
      cleanup.push(() => s.close());
      return s;
    },
    tmpDir(prefix = 'agreement-guide-test-') {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
  before(async () => {
    requireBuild();
    if (serveWww) server.set(await env.serve(root));
    if (browserOptions) {
      const context = await launchBrowser(browserOptions);
      cleanup.push(() => context.close());
      browser.set(context);
    }
  });
  after(async () => {
    const errors = [];
    for (const step of cleanup.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'the browser suite did not tear down cleanly');
  });
  return env;
}

/** `describe(name, …)` with `inBrowser(options)` set up for it: `body(env)` declares the tests. */
export function describeInBrowser(name, options, body) {
  if (typeof options === 'function') [options, body] = [{}, options];
  return describe(name, () => body(inBrowser(options)));
}

/** From now on, every frame of `page` keeps its CSP violations in `window.__violations`. */
export function recordCspViolations(page) {
  return page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** The CSP violations the page's main frame has recorded (see recordCspViolations). */
export function cspViolations(page) {
  return page.evaluate(() => window.__violations ?? []);
}
