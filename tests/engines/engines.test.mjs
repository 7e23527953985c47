// The cross-engine smoke suite: what a reader does, in Firefox ESR and in
// WebKitGTK (Safari's engine). Chromium keeps the full suite (tests/e2e/); here
// it only supplies the reference share tokens, so the three engines are held
// to the same numbers.
//
// In each engine: a reader plays the US–China guide to an ending in English
// and in Chinese by clicking (random outcomes resolve by the seed, so the same
// seed and clicks reach the same ending with the same share token as in
// Chromium); a share link restores the run; embed-loader.js sizes its iframe
// and keeps the host page's own fragment; and no page logs an error.
//
// Pages are served from www/ (scripts/serve.mjs) through a test root whose
// HTML files carry one extra classic script, /__engines-recorder.js, that
// records errors (uncaught, rejections, failed loads, CSP violations,
// console.error) and the guide's events in every frame: classic WebDriver
// cannot read WebKit's console, and this way both engines are checked alike.
// Host pages for the loader come from a second server (another origin).
//
// Needs `npm run build` and `npm run setup` (firefox-esr, webkit2gtk-driver, xvfb):
//   node --test tests/engines/
// On failure: the engine and step in the message, a screenshot in test-artifacts/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, gotoBlank, requireBuild, artifact, WWW } from '../e2e/helpers.mjs';
import { launchFirefox, launchWebKit } from './drivers.mjs';

const GUIDE = 'scenarios/us-china-2015.json';
const TIMEOUT = 20_000; // per wait; the machine is shared and slow, but nothing here should take seconds

/** Page-side recorder, loaded first by every HTML page the suite serves. */
const RECORDER = `(function () {
  'use strict';
  var errors = (window.__errors = []);
  var events = (window.__events = []);
  addEventListener('error', function (e) {
    if (e.target && e.target !== window) errors.push('failed to load ' + (e.target.src || e.target.href || e.target.localName));
    else errors.push('uncaught: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')');
  }, true);
  addEventListener('unhandledrejection', function (e) {
    errors.push('unhandled rejection: ' + ((e.reason && e.reason.stack) || e.reason));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    errors.push('CSP: ' + e.violatedDirective + ' blocked ' + e.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    errors.push('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return consoleError.apply(console, arguments);
  };
  ['ready', 'step', 'choice', 'complete'].forEach(function (t) {
    document.addEventListener('agreement-guide-' + t, function (e) {
      events.push({ type: t, detail: e.detail });
    });
  });
})();
`;
const RECORDER_TAG = '<script src="/__engines-recorder.js"></script>';

/** A directory that serves as www/ plus the recorder: symlinks, and copies of the HTML files with the recorder added. */
function testRoot() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-engines-www-'));
  for (const name of readdirSync(WWW)) {
    if (name.endsWith('.html')) {
      const html = readFileSync(path.join(WWW, name), 'utf8');
      assert.ok(html.includes('</head>'), `www/${name} has a </head>`);
      writeFileSync(path.join(dir, name), html.replace('</head>', `  ${RECORDER_TAG}\n</head>`));
    } else {
      symlinkSync(path.join(WWW, name), path.join(dir, name));
    }
  }
  writeFileSync(path.join(dir, '__engines-recorder.js'), RECORDER);
  return dir;
}

/** Page-side: the element's state as the reader sees it (ctx.eval(guideState)). */
function guideState(selector = 'agreement-guide') {
  const g = document.querySelector(selector);
  const root = g && g.shadowRoot;
  const ag = root && root.querySelector('.ag');
  const heading = root && root.querySelector('[data-focus-target]');
  return {
    state: ag ? ag.dataset.state : null,
    step: ag && ag.dataset.step != null ? Number(ag.dataset.step) : null,
    heading: heading ? heading.textContent.trim() : null,
    token: g ? g.token : null,
    lang: ag ? ag.lang : null,
    hash: location.hash,
    errors: window.__errors ?? ['the recorder script did not run'],
    events: window.__events ?? [],
  };
}

/** Page-side: the iframe's height on the host page, in CSS px. */
function iframeHeight(selector) {
  return document.querySelector(selector).clientHeight;
}

/** Page-side, inside the embed: its content's height, in CSS px. */
function contentHeight() {
  return Math.ceil(document.body.getBoundingClientRect().height);
}

/** Polls `fn(...args)` in `ctx` until `ok(result)`; fails saying what it waited for and what it last saw. */
async function waitFor(ctx, what, fn, args, ok) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      last = await ctx.eval(fn, ...args);
      if (ok(last)) return last;
    } catch (err) {
      last = `(${err.message.split('\n')[0]})`; // e.g. a navigation in progress
    }
    if (Date.now() - t0 > TIMEOUT) {
      const seen = typeof last === 'object' && last ? { ...last, events: last.events?.length } : last;
      throw new Error(`timed out after ${TIMEOUT / 1000} s waiting for ${what}; last seen: ${JSON.stringify(seen)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the guide shows a card or an ending; returns its state. */
const ready = (ctx, what = 'the guide to be ready') => waitFor(ctx, what, guideState, [], (s) => s?.state === 'ready');

/** Clicks choice `id` on the card shown after `step` steps (default: ask) and waits for the next card. */
async function choose(ctx, id, step) {
  const from = step ?? (await ready(ctx)).step;
  await ctx.click(`[data-choice-id="${id}"]`);
  return waitFor(ctx, `step ${from + 1} after choosing "${id}"`, guideState, [], (s) => s?.state === 'ready' && s.step === from + 1);
}

/** Asserts that the page (or frame) recorded no error. */
async function assertClean(ctx, where) {
  const { errors } = await ctx.eval(guideState);
  assert.deepEqual(errors, [], `${where} logged errors`);
}

/** Leaves the page first, so that opening a URL that differs only in its fragment is a real load, not a hash change. */
async function open(engine, url) {
  await engine.goto('about:blank');
  await engine.goto(url);
}

/**
 * Runs one reader task in `engine`: `body(step)` names each step as it goes;
 * a failure says which engine and step, and leaves a screenshot.
 */
async function task(engine, name, body) {
  let current = 'start';
  try {
    await body((what) => (current = what));
    const logged = engine.logged();
    assert.deepEqual(logged, [], 'the browser logged errors');
  } catch (err) {
    const file = artifact(`engines-${engine.slug}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-failed.png`);
    let shot = '';
    try {
      await engine.screenshot(file);
      shot = `; screenshot: ${path.relative(process.cwd(), file)}`;
    } catch (e) {
      shot = `; no screenshot (${e.message.split('\n')[0]})`;
    }
    const logged = engine.logged();
    const extra = logged.length ? `\nthe browser logged:\n  ${logged.join('\n  ')}` : '';
    throw new Error(`[${engine.name}] ${name}, at "${current}": ${err.message}${shot}${extra}`, { cause: err });
  }
}

let server; // www/ + the recorder
let host; // the news site's pages, another origin
let roots = [];
/** Reference runs computed in Chromium: { en, zh } = { seed, choices, ending, tokens: token after each step }. */
let runs;

before(async () => {
  requireBuild();
  roots = [testRoot(), mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-engines-host-'))];
  server = await startServer({ port: 0, root: roots[0] });
  host = await startServer({ port: 0, root: roots[1] });
  writeFileSync(path.join(roots[1], '__engines-recorder.js'), RECORDER);
  // The reference: Chromium's wasm core finds a run to each ending and the share token after each of its steps.
  const chromium = await launchBrowser();
  try {
    const page = await chromium.newPage();
    await gotoBlank(page, server.url);
    const witnesses = await page.evaluate(async (src) => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const json = await (await fetch(src)).text();
      const probe = m.Guide.load(json, 0);
      const found = probe.witnesses(200000);
      probe.free();
      return found.map((w) => {
        const g = m.Guide.load(json, w.seed);
        const tokens = [g.view('en').token];
        for (const c of w.choices) {
          g.choose(c);
          tokens.push(g.view('en').token);
        }
        const ending = g.view('en').ending?.id ?? null;
        g.free();
        return { ...w, ending, tokens };
      });
    }, '/' + GUIDE);
    // Runs of three steps at least (the element and loader tests take three);
    // the shortest two (every click costs a few round trips to the browser).
    const usable = witnesses.filter((w) => w.ending && w.choices.length >= 3).sort((a, b) => a.choices.length - b.choices.length);
    assert.ok(new Set(usable.map((w) => w.ending)).size >= 2, `runs to two endings: ${witnesses.map((w) => `${w.ending}: ${w.choices.length} steps`).join(', ')}`);
    runs = { en: usable[0], zh: usable.find((w) => w.ending !== usable[0].ending) }; // English, Chinese
  } finally {
    await chromium.close();
  }
});

after(async () => {
  await server?.close();
  await host?.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

for (const [label, launch] of [
  ['Firefox ESR', launchFirefox],
  ['WebKitGTK', launchWebKit],
]) {
  describe(`${label}: a reader's smoke test`, () => {
    let engine;
    before(async () => {
      engine = await launch();
    });
    after(async () => {
      await engine?.close();
    });

    test('plays to an ending in English by clicking; the seed decides the dice, so the ending and share token match Chromium’s; the share link restores the run', async () => {
      const run = runs.en;
      await task(engine, 'English run', async (step) => {
        step('open embed.html');
        const url = `${server.url}embed.html?seed=${run.seed}&lang=en`;
        await engine.goto(url);
        const first = await ready(engine);
        assert.equal(first.step, 0);
        assert.equal(first.lang, 'en');
        assert.equal(first.token, run.tokens[0], 'the fresh run’s token');
        assert.match(first.heading, /[A-Za-z]/);

        let s;
        for (const [i, id] of run.choices.entries()) {
          step(`choice ${i + 1} of ${run.choices.length}: ${id}`);
          s = await choose(engine, id, i);
          assert.equal(s.token, run.tokens[i + 1], `the share token after ${i + 1} step(s) is Chromium’s`);
        }
        step('the ending');
        const complete = s.events.filter((e) => e.type === 'complete');
        assert.deepEqual(complete.map((e) => e.detail.ending), [run.ending], 'agreement-guide-complete names Chromium’s ending');
        assert.equal(complete[0].detail.token, run.tokens.at(-1));
        s = await waitFor(engine, 'the token in the URL', guideState, [], (x) => x.hash === `#ag=${run.tokens.at(-1)}`);
        await assertClean(engine, 'the English run');

        step('open the share link');
        const shared = await engine.url();
        await open(engine, shared);
        const again = await ready(engine, 'the shared run to be restored');
        assert.deepEqual(
          { step: again.step, heading: again.heading, token: again.token },
          { step: s.step, heading: s.heading, token: s.token },
          'the share link reopens the same step with the same token',
        );
        await assertClean(engine, 'the restored run');
      });
    });

    test('plays to another ending in Chinese; a link shared mid-run restores it; tokens match Chromium’s', async () => {
      const run = runs.zh;
      await task(engine, 'Chinese run', async (step) => {
        step('open embed.html in Chinese');
        await engine.goto(`${server.url}embed.html?seed=${run.seed}&lang=zh`);
        const first = await ready(engine);
        assert.equal(first.lang, 'zh');
        assert.match(first.heading, /[\u4e00-\u9fff]/, 'the first card is in Chinese');

        const half = Math.ceil(run.choices.length / 2);
        let s;
        for (const [i, id] of run.choices.slice(0, half).entries()) {
          step(`choice ${i + 1}: ${id}`);
          s = await choose(engine, id, i);
        }
        step('share mid-run');
        await waitFor(engine, 'the token in the URL', guideState, [], (x) => x.hash === `#ag=${run.tokens[half]}`);
        await open(engine, await engine.url());
        const again = await ready(engine, 'the shared run to be restored');
        assert.deepEqual({ step: again.step, heading: again.heading, token: again.token }, { step: half, heading: s.heading, token: run.tokens[half] });
        assert.match(again.heading, /[\u4e00-\u9fff]/, 'still in Chinese');

        for (const [i, id] of run.choices.slice(half).entries()) {
          step(`choice ${half + i + 1}: ${id}`);
          s = await choose(engine, id, half + i);
          assert.equal(s.token, run.tokens[half + i + 1], `the share token after ${half + i + 1} steps is Chromium’s`);
        }
        step('the ending');
        assert.deepEqual(s.events.filter((e) => e.type === 'complete').map((e) => e.detail.ending), [run.ending]);
        assert.match(s.heading, /[\u4e00-\u9fff]/, 'the ending is in Chinese');
        await assertClean(engine, 'the Chinese run');
      });
    });

    test('the element on a news page keeps the host’s #section-2 through play, back, reload and start over', async () => {
      const run = runs.en;
      await task(engine, 'element on a host page', async (step) => {
        step('open the host page at #section-2');
        writeFileSync(
          path.join(roots[1], 'element.html'),
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news article</title><link rel="icon" href="data:,">${RECORDER_TAG}
<script type="module" src="${server.url}agreement-guide.js"></script></head>
<body><main><h1>Article</h1><h2 id="section-2">Section 2: the guide</h2>
<agreement-guide src="${server.url}${GUIDE}" seed="${run.seed}" lang="en"></agreement-guide>
<p>More of the article.</p></main></body></html>`,
        );
        await engine.goto(`${host.url}element.html#section-2`);
        let s = await ready(engine);
        assert.equal(s.hash, '#section-2', 'loading leaves the URL alone');

        for (const id of run.choices.slice(0, 3)) {
          step(`choose ${id}`);
          s = await choose(engine, id);
        }
        const atHash = (want, what) => waitFor(engine, what, guideState, [], (x) => x.hash === want);
        step('the token joins the hash');
        await atHash(`#section-2&ag=${run.tokens[3]}`, 'the run’s key beside #section-2');

        step('back one step');
        await engine.click('[data-action="back"]');
        s = await waitFor(engine, 'step 2 after back', guideState, [], (x) => x.state === 'ready' && x.step === 2);
        assert.equal(s.token, run.tokens[2]);
        await atHash(`#section-2&ag=${run.tokens[2]}`, 'the hash after back');

        step('reopen the link');
        await open(engine, await engine.url());
        s = await ready(engine, 'the run restored');
        assert.deepEqual({ step: s.step, token: s.token, hash: s.hash }, { step: 2, token: run.tokens[2], hash: `#section-2&ag=${run.tokens[2]}` });

        step('start over');
        await engine.click('[data-action="restart"]');
        s = await waitFor(engine, 'step 0 after start over', guideState, [], (x) => x.state === 'ready' && x.step === 0);
        assert.equal(s.token, run.tokens[0], 'the same seed: the fresh run’s token');
        await atHash(`#section-2&ag=${run.tokens[0]}`, 'the hash after start over');
        step('no errors logged');
        await assertClean(engine, 'the host page');
      });
    });

    test('embed-loader.js sizes its iframe, keeps the host’s #section-2, and a link to the article reopens the run', async () => {
      const run = runs.en;
      const steps = 2;
      await task(engine, 'iframe loader', async (step) => {
        step('open the host page at #section-2');
        writeFileSync(
          path.join(roots[1], 'loader.html'),
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news article</title><link rel="icon" href="data:,">${RECORDER_TAG}</head>
<body><main><h1>Article</h1><h2 id="section-2">Section 2: the guide</h2>
<div data-agreement-guide-embed data-src="${server.url}embed.html?seed=${run.seed}" data-title="Interactive guide"><a href="${server.url}embed.html">Open the guide</a></div>
<p>More of the article.</p></main>
<script src="${server.url}embed-loader.js" async></script></body></html>`,
        );
        await engine.goto(`${host.url}loader.html#section-2`);
        const frame = engine.frame('iframe');
        await ready(frame, 'the guide in the iframe');

        const fits = async (what) => {
          const t0 = Date.now();
          for (;;) {
            const inner = await frame.eval(contentHeight);
            const outer = await engine.eval(iframeHeight, 'iframe');
            if (inner > 100 && Math.abs(inner - outer) <= 1) return outer;
            if (Date.now() - t0 > TIMEOUT) assert.fail(`${what}: the iframe is ${outer} px tall, its content ${inner} px`);
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        const h0 = await fits('at the start');
        assert.notEqual(h0, 600, 'the loader’s starting height (600 px) gave way to the guide’s own');

        for (const id of run.choices.slice(0, steps)) {
          step(`choose ${id} in the iframe`);
          await choose(frame, id);
        }
        step('the token joins the host’s hash');
        const token = run.tokens[steps];
        const hostState = await waitFor(engine, 'the host hash', guideState, [], (x) => x.hash.includes('agreement-guide='));
        assert.equal(hostState.hash, `#section-2&agreement-guide=${token}`, 'the token joins the hash; #section-2 is kept');
        const h1 = await fits(`after ${steps} steps`);
        assert.ok(h0 > 100 && h1 > 100, `heights ${h0}, ${h1}`);

        step('reopen the article’s link');
        await open(engine, await engine.url());
        const again = await ready(frame, 'the run restored in the iframe');
        assert.equal(again.step, steps);
        assert.equal(again.token, token);
        assert.ok((await engine.url()).endsWith(`#section-2&agreement-guide=${token}`));
        await fits('after the reload');
        step('no errors logged');
        await assertClean(frame, 'the embed');
        await assertClean(engine, 'the host page');
      });
    });
  });
}
