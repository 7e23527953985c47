// Every way a newsroom embeds the guide, in Chromium: the real pym.js parent,
// an AMP-style listener, a sandboxed iframe (opaque origin), embed-loader.js
// with its deep link through the host page's hash, a strict-CSP host, the
// single offline file opened from file://, and the themes under axe-core.
//
// Host pages are served by a second server (another port, so another origin):
// the embed is cross-origin to its host, as on a real news site.
//
// Run after `npm run build`:  node --test tests/e2e/embed.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync, rmSync, readFileSync, cpSync, appendFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeInBrowser, recordCspViolations, watchPage, guideWitnesses, screenshot, ROOT, WWW, assertNoAxeViolations, ready, step, headingText, choose, chooseFirst } from './helpers.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const PYM = path.join(ROOT, 'node_modules', 'pym.js', 'dist', 'pym.v1.min.js');

/** The iframe's content frame, once the guide inside it is ready. */
async function guideFrame(page, selector = 'iframe') {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  await ready(frame);
  return frame;
}

/** The height of the embed's content (its body), in CSS px. */
function contentHeight(frame) {
  return frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
}

/** The iframe's inner height (without any border), in CSS px. */
function iframeHeight(page, selector = 'iframe') {
  return page.locator(selector).evaluate((f) => f.clientHeight);
}

/** Waits until the iframe is as tall as its content (±1 px); returns that height. */
async function fitted(page, frame, selector = 'iframe') {
  let last;
  for (let i = 0; i < 100; i++) {
    const [inner, outer] = [await contentHeight(frame), await iframeHeight(page, selector)];
    last = { inner, outer };
    if (Math.abs(inner - outer) <= 1 && inner > 100) return outer;
    await page.waitForTimeout(50);
  }
  assert.fail(`the iframe never fitted its content: ${JSON.stringify(last)}`);
}

describeInBrowser('embedding the guide', (env) => {
  const { server, browser } = env; // server: www/, the embed's origin
  let host; // the news site's pages: another origin
  let hostDir;
  let witnesses;

  /** Writes a host page (and any files beside it) into the host site. */
  function hostPage(name, html, files = {}) {
    writeFileSync(path.join(hostDir, name), html);
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(hostDir, f), text);
    return host.url + name;
  }

  const page = (title, body, head = '') =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`;

  before(async () => {
    hostDir = env.tmpDir('agreement-guide-host-');
    copyFileSync(PYM, path.join(hostDir, 'pym.v1.min.js'));
    host = await env.serve(hostDir);
    witnesses = await guideWitnesses(browser, server.url);
  });

  /** The shortest path to an ending the core found. */
  const shortest = () => witnesses.reduce((a, b) => (b.choices.length < a.choices.length ? b : a));
  /** The longest one (more steps: more room for the content to change height). */
  const longest = () => witnesses.reduce((a, b) => (b.choices.length > a.choices.length ? b : a));

  test('inline data: a news page on another site loads the element from ours and plays the guide written inside it', async () => {
    const w = shortest();
    const json = readFileSync(path.join(ROOT, 'scenarios', 'us-china-2015.json'), 'utf8').replace(/</g, '\\u003c');
    const broken = JSON.stringify({ meta: { id: 'x' } });
    const url = hostPage(
      'inline.html',
      page(
        'inline host',
        `<main><h1>Article</h1>
<agreement-guide id="good" seed="${w.seed}"><script type="application/json">${json}</script></agreement-guide>
<agreement-guide id="bad"><script type="application/json">${broken}</script></agreement-guide></main>`,
        `<script type="module" src="${server.url}agreement-guide.js"></script>`,
      ),
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    const fetched = [];
    p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await p.goto(url);
    const good = p.locator('#good');
    await good.locator('.ag[data-state="ready"]').waitFor();
    for (const id of w.choices) {
      const before = Number(await good.locator('.ag').getAttribute('data-step'));
      await good.locator(`[data-choice-id="${id}"]`).click();
      await good.locator(`.ag[data-step="${before + 1}"]`).waitFor();
    }
    assert.equal(await good.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    assert.ok(!fetched.some((f) => f.startsWith('/scenarios/')), 'no guide file was fetched');
    const bad = p.locator('#bad');
    await bad.locator('.ag[data-state="error"]').waitFor();
    assert.match(await bad.locator('.ag-error').textContent(), /The guide inside this page has \d+ problems? that must be fixed/);
    watch.assertClean();
    await p.close();
  });

  test('reload() re-reads an inline guide a page script edited; step events follow every move, forward and back', async () => {
    const read = (f) => readFileSync(path.join(ROOT, 'scenarios', f), 'utf8').replace(/</g, '\\u003c');
    const url = hostPage(
      'inline-reload.html',
      page(
        'inline reload',
        `<main><h1>Article</h1><agreement-guide id="g" seed="3"><script type="application/json">${read('us-china-2015.json')}</script></agreement-guide>
<script type="application/json" id="next">${read('wto-disputes.json')}</script></main>`,
        `<script src="events.js"></script><script type="module" src="${server.url}agreement-guide.js"></script>`,
      ),
      {
        'events.js': `window.log = [];
for (const t of ['ready', 'step', 'choice']) document.addEventListener('agreement-guide-' + t, (e) => window.log.push({ type: t, target: e.target.id, ...e.detail }));`,
      },
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(url);
    const g = p.locator('#g');
    await g.locator('.ag[data-state="ready"]').waitFor();
    const log = () => p.evaluate(() => window.log.splice(0));
    assert.deepEqual((await log()).map((e) => [e.type, e.target, e.id]), [['ready', 'g', 'us-china-2015']]);

    await chooseFirst(g);
    const forward = (await log()).filter((e) => e.type === 'step');
    const token = await g.evaluate((el) => el.token);
    assert.deepEqual(forward, [{ type: 'step', target: 'g', step: 1, token }]);
    await g.locator('[data-action="back"]').click();
    await g.locator('.ag[data-step="0"]').waitFor();
    const back = (await log()).filter((e) => e.type === 'step');
    assert.equal(back.length, 1);
    assert.equal(back[0].step, 0);
    assert.equal(back[0].token, await g.evaluate((el) => el.token));

    // The page swaps the guide inside the element and asks it to read it again.
    await p.evaluate(() => {
      document.querySelector('#g script').textContent = document.getElementById('next').textContent;
      document.getElementById('g').reload();
    });
    await p.waitForFunction(() => window.log.some((e) => e.type === 'ready'));
    assert.deepEqual((await log()).filter((e) => e.type === 'ready').map((e) => [e.id, e.step]), [['wto-disputes', 0]]);
    await g.locator('.ag[data-state="ready"][data-step="0"]').waitFor();
    watch.assertClean();
    await p.close();
  });

  test('inline data still works when the element is defined before the page has arrived (an async script; the guide comes in pieces)', async () => {
    // A host whose page stops in the middle of the inline guide for a while, as a
    // slow network does, after an async module script has already defined the element.
    const json = readFileSync(path.join(ROOT, 'scenarios', 'wto-disputes.json'), 'utf8').replace(/</g, '\\u003c');
    const cut = Math.floor(json.length / 2);
    const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>slow host</title><link rel="icon" href="data:,">
<script type="module" async src="${server.url}agreement-guide.js"></script></head><body><main><h1>Article</h1>`;
    const parts = [
      `${head}<p>Before the guide.</p>${' '.repeat(4096)}<agreement-guide id="split-before"></agreement-guide>`.replace('<agreement-guide id="split-before"></agreement-guide>', '<agreement-guide id="split-before">'),
      `<script type="application/json">${json}</script></agreement-guide><agreement-guide id="split-inside"><script type="application/json">${json.slice(0, cut)}`,
      `${json.slice(cut)}</script></agreement-guide></main></body></html>`,
    ];
    const slow = http.createServer(async (req, res) => {
      if (req.url !== '/') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      for (const [i, part] of parts.entries()) {
        if (i) await new Promise((r) => setTimeout(r, 1500));
        res.write(part);
      }
      res.end();
    });
    await new Promise((r) => slow.listen(0, '127.0.0.1', r));
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.addInitScript(() => {
      window.readyGuides = {};
      document.addEventListener('agreement-guide-ready', (e) => (window.readyGuides[e.target.id] = e.detail.id));
    });
    try {
      await p.goto(`http://127.0.0.1:${slow.address().port}/`, { waitUntil: 'commit' });
      // The element is defined while the page is still arriving.
      await p.waitForFunction(() => customElements.get('agreement-guide') && document.readyState === 'loading');
      for (const id of ['split-before', 'split-inside']) {
        await p.locator(`#${id} .ag[data-state="ready"]`).waitFor();
        assert.equal(await p.evaluate((id) => window.readyGuides[id], id), 'wto-disputes', `${id}: the inline guide, not the default one`);
      }
      watch.assertClean();
    } finally {
      await p.close();
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });

  test('the real pym.js parent resizes our iframe as its content grows and shrinks', async () => {
    const w = shortest();
    const url = hostPage(
      'pym.html',
      page(
        'pym host',
        `<main><h1>Article</h1><div id="guide"></div></main><script src="pym.v1.min.js"></script>
<script>window.pymParent = new pym.Parent('guide', ${JSON.stringify(`${server.url}embed.html?seed=${w.seed}`)}, { title: 'Interactive guide' });</script>`,
      ),
    );
    const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const watch = watchPage(p);
    await p.goto(url);
    const frame = await guideFrame(p);
    assert.match(frame.url(), /[?&]childId=guide(&|$)/, 'pym added its childId');
    assert.equal(await p.locator('iframe').getAttribute('title'), 'Interactive guide');
    const wide = await fitted(p, frame);
    assert.match(await p.locator('iframe').getAttribute('height'), /^\d+px$/, 'pym set the height attribute');

    // Narrow: the text wraps onto more lines, the content grows, and so does the iframe.
    await p.setViewportSize({ width: 360, height: 800 });
    const narrow = await fitted(p, frame);
    assert.ok(narrow > wide + 50, `grew: ${wide} → ${narrow}`);
    // Wide again: it shrinks back.
    await p.setViewportSize({ width: 1200, height: 800 });
    const wideAgain = await fitted(p, frame);
    assert.ok(wideAgain < narrow - 50, `shrank: ${narrow} → ${wideAgain}`);
    assert.ok(Math.abs(wideAgain - wide) <= 2, `back to where it was: ${wide} vs ${wideAgain}`);

    // Playing changes the content too; the iframe follows to the ending.
    for (const id of w.choices) {
      await choose(frame, id);
      await fitted(p, frame);
    }
    assert.equal(await frame.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    await screenshot(p, 'embed-pym-ending.png');
    watch.assertClean();
    await p.close();
  });

  test('an AMP-style listener receives embed-size messages that grow and shrink', async () => {
    const url = hostPage(
      'amp.html',
      page(
        'amp host',
        `<iframe title="Interactive guide" src="${server.url}embed.html?seed=1" width="100%" height="400"></iframe>
<script>
  window.sizes = [];
  const frame = document.querySelector('iframe');
  addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || !e.data || e.data.sentinel !== 'amp' || e.data.type !== 'embed-size') return;
    window.sizes.push(e.data.height);
    frame.height = e.data.height; // what amp-iframe does, roughly
  });
</script>`,
      ),
    );
    const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const watch = watchPage(p);
    await p.goto(url);
    const frame = await guideFrame(p);
    const wide = await fitted(p, frame);
    await p.setViewportSize({ width: 360, height: 800 });
    const narrow = await fitted(p, frame);
    await p.setViewportSize({ width: 1200, height: 800 });
    await fitted(p, frame);
    const sizes = await p.evaluate(() => window.sizes);
    assert.ok(sizes.length >= 3, `several messages: ${sizes}`);
    assert.ok(sizes.every((h) => Number.isInteger(h) && h > 0), 'heights are whole pixels');
    assert.ok(sizes.includes(narrow) && sizes.includes(wide), `${sizes} includes ${wide} and ${narrow}`);
    const peak = sizes.indexOf(narrow);
    assert.ok(sizes.slice(peak + 1).some((h) => h < narrow), 'a smaller size followed the larger one (it shrinks)');
    watch.assertClean();
    await p.close();
  });

  test('in an iframe sandboxed with allow-scripts only (an opaque origin) the guide plays to an ending and reports out', async () => {
    const w = shortest();
    const url = hostPage(
      'sandbox.html',
      page(
        'sandbox host',
        `<iframe sandbox="allow-scripts" title="Interactive guide" src="${server.url}embed.html?seed=${w.seed}" width="100%" height="400"></iframe>
<script>
  window.messages = [];
  const frame = document.querySelector('iframe');
  addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow) return;
    window.messages.push({ origin: e.origin, data: e.data });
    if (e.data && e.data.type === 'agreement-guide:resize') frame.height = e.data.height;
  });
</script>`,
      ),
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(url);
    const frame = await guideFrame(p);
    assert.equal(await frame.evaluate(() => self.origin), 'null', 'the embed really has an opaque origin');
    for (const id of w.choices) await choose(frame, id);
    assert.equal(await frame.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    await fitted(p, frame);
    const messages = await p.evaluate(() => window.messages);
    assert.ok(messages.every((m) => m.origin === 'null'));
    const types = messages.map((m) => m.data?.type);
    assert.ok(types.includes('agreement-guide:ready') && types.includes('agreement-guide:complete'), `events reach the host: ${types}`);
    const complete = messages.find((m) => m.data?.type === 'agreement-guide:complete').data;
    assert.equal(complete.ending, w.ending);
    assert.match(complete.token, /^ag4\./);
    watch.assertClean();
    await p.close();
  });

  test('embed-loader.js: a titled lazy iframe that fits its content, events on the placeholder, and a deep link that survives a reload', async () => {
    const w = longest();
    const steps = w.choices.slice(0, 3);
    const url = hostPage(
      'loader.html',
      page(
        'loader host',
        `<main><h1 id="notes">Article</h1>
<div data-agreement-guide-embed data-src="${server.url}embed.html?seed=${w.seed}" data-title="Interactive guide: the 2015 agreement"></div>
<p>More article text.</p></main>
<script src="${server.url}embed-loader.js" async></script>
<script src="${server.url}embed-loader.js" async></script>
<script>
  window.events = [];
  for (const t of ['ready', 'step', 'choice', 'complete']) {
    document.addEventListener('agreement-guide-' + t, (e) => window.events.push({ type: e.type, detail: e.detail }));
  }
</script>`,
      ),
    );
    const p = await browser.newPage({ viewport: { width: 900, height: 800 } });
    const watch = watchPage(p);
    await p.goto(`${url}#notes`);
    assert.equal(await p.locator('iframe').count(), 1, 'included twice, set up once');
    const iframe = p.locator('iframe');
    assert.equal(await iframe.getAttribute('title'), 'Interactive guide: the 2015 agreement');
    assert.equal(await iframe.getAttribute('loading'), 'lazy');
    const frame = await guideFrame(p);
    assert.match(frame.url(), new RegExp(`[?&]parentOrigin=${encodeURIComponent(host.url.slice(0, -1)).replace(/\./g, '\\.')}`));
    await fitted(p, frame);

    for (const id of steps) await choose(frame, id);
    await fitted(p, frame);
    const before = { step: await step(frame), heading: await headingText(frame), token: await frame.evaluate(() => document.querySelector('agreement-guide').token) };
    await p.waitForFunction((t) => location.hash.endsWith(`agreement-guide=${t}`), before.token);
    assert.equal(new URL(p.url()).hash, `#notes&agreement-guide=${before.token}`, 'the token joins the hash; "#notes" is kept');
    const events = await p.evaluate(() => window.events);
    assert.deepEqual(events.filter((e) => e.type === 'agreement-guide-choice').map((e) => e.detail.choice), steps);
    assert.equal(events.at(-1).detail.token, before.token);

    // A reader shares the article's URL; it opens on the same step.
    const shared = p.url();
    await p.reload();
    const again = await guideFrame(p);
    assert.equal(await step(again), before.step);
    assert.equal(await headingText(again), before.heading);
    assert.equal(await again.evaluate(() => document.querySelector('agreement-guide').token), before.token);

    // Back one step in the embed: the host's hash follows (the step event).
    await again.locator('[data-action="back"]').click();
    await again.locator(`.ag[data-step="${before.step - 1}"]`).waitFor();
    const backToken = await again.evaluate(() => document.querySelector('agreement-guide').token);
    await p.waitForFunction((t) => location.hash.endsWith(`agreement-guide=${t}`), backToken);

    // The host's hash changes (say, the reader goes back to the shared link): the embed follows.
    await p.goto(shared);
    await again.locator(`.ag[data-step="${before.step}"]`).waitFor();
    assert.equal(await headingText(again), before.heading);

    // Start over: step 0 has nothing to link to, so the token leaves the hash.
    await again.locator('[data-action="restart"]').click();
    await again.locator('.ag[data-step="0"]').waitFor();
    await p.waitForFunction(() => location.hash === '#notes');
    await screenshot(p, 'embed-loader.png');
    watch.assertClean();
    await p.close();
  });

  test('embed-loader.js loads a guide far down the article only when the reader scrolls to it', async () => {
    const url = hostPage(
      'loader-lazy.html',
      page(
        'loader lazy',
        `<main><h1>Article</h1><div class="spacer"></div>
<div data-agreement-guide-embed data-src="${server.url}embed.html?seed=1" data-title="Interactive guide"></div></main>
<script src="spacer.js"></script><script src="${server.url}embed-loader.js"></script>`,
      ),
      // 20 000 px of article above the guide (set from a script: no style attributes).
      { 'spacer.js': `document.querySelector('.spacer').style.height = '20000px';` },
    );
    const p = await browser.newPage({ viewport: { width: 900, height: 800 } });
    const watch = watchPage(p);
    const asked = [];
    p.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await p.goto(url, { waitUntil: 'load' });
    await p.locator('iframe').waitFor({ state: 'attached' });
    await p.waitForTimeout(500);
    assert.ok(!asked.includes('/embed.html'), `not loaded while far away: ${asked}`);
    await p.locator('iframe').scrollIntoViewIfNeeded();
    await guideFrame(p);
    assert.ok(asked.includes('/embed.html'), 'loaded once in view');
    watch.assertClean();
    await p.close();
  });

  test('embed-loader.js acts only on messages from its own iframe and from the embed\'s origin', async () => {
    // Forged messages: a resize to 37 px, a choice event with a token, from three impostors.
    const forged = `[{ type: 'agreement-guide:resize', height: 37 }, { type: 'agreement-guide:choice', choice: 'forged', step: 3, token: 'ag1.forged' }]`;
    const url = hostPage(
      'loader-impostors.html',
      page(
        'loader impostors',
        `<main><h1>Article</h1>
<div data-agreement-guide-embed data-src="${server.url}embed.html?seed=1" data-title="Interactive guide"></div>
<iframe id="other" title="Another frame on the page" src="impostor.html" width="300" height="50"></iframe>
<iframe id="other-guide" title="Another guide, not the loader's" src="${server.url}embed.html?seed=1" width="320" height="200"></iframe></main>
<script src="${server.url}embed-loader.js"></script>
<script>
  window.events = [];
  document.addEventListener('agreement-guide-choice', (e) => window.events.push(e.detail));
  window.seen = [];
  addEventListener('message', (e) => { if (e.data && e.data.impostor) window.seen.push(e.data.impostor); });
</script>`,
      ),
      {
        // On this (the host's) origin: in another iframe, and later in the guide's own iframe.
        'impostor.html': page('impostor', '<p>Impostor</p><script src="impostor.js"></script>'),
        'impostor.js': `for (const m of ${forged}) parent.postMessage(m, '*'); parent.postMessage({ impostor: location.search || 'frame' }, '*');`,
      },
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(url);
    const frame = await guideFrame(p, 'iframe[title="Interactive guide"]');
    const fittedHeight = await fitted(p, frame, 'iframe[title="Interactive guide"]');
    // 1. another frame on the page; 2. another guide from the embed's origin, which
    // reports its (narrower, taller) height and a choice; 3. the page itself;
    // 4. the guide's own iframe, navigated to another origin.
    await p.waitForFunction(() => window.seen.includes('frame'));
    const other = await guideFrame(p, '#other-guide');
    await chooseFirst(other);
    await other.locator('.ag[data-step="1"]').waitFor();
    await p.evaluate((forged) => {
      for (const m of eval(forged)) window.postMessage(m, '*');
      window.postMessage({ impostor: 'page' }, '*');
    }, forged);
    await p.waitForFunction(() => window.seen.includes('page'));
    await p.locator('iframe[title="Interactive guide"]').evaluate((f, src) => {
      f.src = src;
    }, `${host.url}impostor.html?navigated`);
    await p.waitForFunction(() => window.seen.includes('?navigated'));
    await p.waitForTimeout(200);
    assert.equal(await iframeHeight(p, 'iframe[title="Interactive guide"]'), fittedHeight, 'no forged resize');
    assert.deepEqual(await p.evaluate(() => window.events), [], 'no forged event');
    assert.equal(new URL(p.url()).hash, '', 'no forged token in the hash');
    watch.assertClean();
    await p.close();
  });

  test('embed-loader.js with data-sandbox="allow-scripts" (an opaque origin) still sizes the frame and keeps the deep link; a placeholder with an unusable data-src keeps its fallback and says why', async () => {
    const w = longest();
    const url = hostPage(
      'loader-sandbox.html',
      page(
        'loader sandbox',
        `<main><h1>Article</h1><div data-agreement-guide-embed data-sandbox="allow-scripts" data-hash-key="guide" data-src="${server.url}embed.html?seed=${w.seed}"></div>
<div data-agreement-guide-embed data-src="javascript:alert(1)"><a id="fallback" href="${server.url}embed.html">Open the interactive guide</a></div></main>
<script src="${server.url}embed-loader.js"></script>`,
      ),
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(url);
    assert.equal(await p.locator('iframe').getAttribute('sandbox'), 'allow-scripts');
    const frame = await guideFrame(p);
    assert.equal(await frame.evaluate(() => self.origin), 'null');
    await fitted(p, frame);
    for (const id of w.choices.slice(0, 2)) await choose(frame, id);
    const token = await frame.evaluate(() => document.querySelector('agreement-guide').token);
    await p.waitForFunction((t) => location.hash === `#guide=${t}`, token);
    await p.reload();
    const again = await guideFrame(p);
    assert.equal(await step(again), 2);
    assert.equal(await again.evaluate(() => document.querySelector('agreement-guide').token), token);

    assert.equal(await p.locator('iframe').count(), 1, 'no frame for the javascript: address');
    assert.equal(await p.locator('#fallback').textContent(), 'Open the interactive guide', 'its fallback link stays');
    const said = watch.consoleErrors.splice(0);
    assert.ok(said.length >= 1 && said.every((m) => m.startsWith('embed-loader.js: placeholder 2 (data-agreement-guide-embed) needs data-src, the http(s) address of embed.html; it has "javascript:alert(1)".')), said.join('\n'));
    watch.assertClean();
    await p.close();
  });

  test('the embed takes a restore message only from its parent, from the allowed origin, and well formed', async () => {
    const w = longest();
    const url = hostPage(
      'origins.html',
      page(
        'origin checks',
        `<iframe id="right" title="Guide A" src="${server.url}embed.html?seed=${w.seed}&parentOrigin=${encodeURIComponent(host.url)}" width="100%" height="600"></iframe>
<iframe id="wrong" title="Guide B" src="${server.url}embed.html?seed=${w.seed}&parentOrigin=${encodeURIComponent('https://news.example')}" width="100%" height="600"></iframe>`,
      ),
    );
    // A token for a run two steps in, made on a plain embed page.
    const maker = await browser.newPage();
    await maker.goto(`${server.url}embed.html?seed=${w.seed}`);
    await ready(maker);
    for (const id of w.choices.slice(0, 2)) await choose(maker, id);
    const token = await maker.evaluate(() => document.querySelector('agreement-guide').token);
    await maker.close();

    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(url);
    const right = await guideFrame(p, '#right');
    const wrong = await guideFrame(p, '#wrong');
    const send = (id, message) => p.evaluate(([id, message]) => document.getElementById(id).contentWindow.postMessage(message, '*'), [id, message]);
    // Malformed messages change nothing.
    for (const bad of [{ type: 'agreement-guide:restore' }, { type: 'agreement-guide:restore', token: 'x y<script>' }, { type: 'other', token }, 'agreement-guide:restore', null]) {
      await send('right', bad);
    }
    // The wrong frame expects another parent origin: it ignores even a good message.
    await send('wrong', { type: 'agreement-guide:restore', token });
    // A message from a window that is not the parent (the frame itself) is ignored.
    await right.evaluate((token) => window.postMessage({ type: 'agreement-guide:restore', token }, '*'), token);
    await p.waitForTimeout(300);
    assert.equal(await step(right), 0);
    assert.equal(await step(wrong), 0);
    // The real parent, from the allowed origin: restored.
    await send('right', { type: 'agreement-guide:restore', token });
    await right.locator('.ag[data-step="2"]').waitFor();
    assert.equal(await right.evaluate(() => document.querySelector('agreement-guide').token), token);
    assert.equal(await step(wrong), 0);
    watch.assertClean();
    await p.close();
  });

  test('the single file from `agreement-guide bundle`, opened via file:// with all network blocked, plays to an ending', async () => {
    const w = shortest();
    const out = path.join(hostDir, 'offline-guide.html');
    const made = spawnSync('cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--', 'bundle', 'scenarios/us-china-2015.json', '-o', out, '--seed', String(w.seed)], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const p = await browser.newPage();
    const watch = watchPage(p, { allowHosts: [''] }); // file: URLs have no host; `requests` below checks them
    const requests = [];
    // Only the file itself may load: every other request (http, https, ws, another file) is refused.
    await p.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url === pathToFileURL(out).href ? route.continue() : route.abort('blockedbyclient');
    });
    await recordCspViolations(p);
    await p.goto(pathToFileURL(out).href);
    await ready(p);
    for (const id of w.choices) await choose(p, id);
    assert.equal(await p.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    assert.deepEqual(requests.filter((u) => !u.startsWith('data:')), [pathToFileURL(out).href], 'nothing but the file itself was requested');
    assert.deepEqual(await p.evaluate(() => window.__violations), []);
    // The share link points at the file, and reopens the run.
    const token = await p.evaluate(() => document.querySelector('agreement-guide').token);
    await p.waitForFunction((t) => location.hash === `#ag=${t}`, token);
    await p.reload();
    await ready(p);
    assert.equal(await p.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    await screenshot(p, 'embed-bundle-file.png');
    watch.assertClean();
    await p.close();
  });

  test('two content-hashed builds of the same files are identical, and a changed file renames itself and what refers to it', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-dist-'));
    try {
      const www = path.join(work, 'www');
      cpSync(WWW, www, { recursive: true, filter: (f) => !f.startsWith(path.join(WWW, 'dist')) });
      const build = (out) => {
        const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), '--www', www, '--out', path.join(work, out)], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const dir = path.join(work, out);
        const files = Object.fromEntries(readdirSync(dir, { recursive: true }).sort().map((f) => [f, statSync(path.join(dir, f)).isDirectory() ? null : readFileSync(path.join(dir, f))]));
        return { files, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) };
      };
      const a = build('a');
      const b = build('b');
      assert.deepEqual(Object.keys(b.files), Object.keys(a.files), 'the same names');
      for (const [f, bytes] of Object.entries(a.files)) assert.ok(bytes === null ? b.files[f] === null : bytes.equals(b.files[f]), `${f}: the same bytes`);

      // The stylesheet changes: it and the element that names it get new names; the rest keep theirs.
      appendFileSync(path.join(www, 'agreement-guide.css'), '\n:host { --ag-test-change: 1; }\n');
      const c = build('c');
      const name = (m, n) => m.files[n].file;
      for (const changed of ['agreement-guide.css', 'agreement-guide.js']) assert.notEqual(name(c.manifest, changed), name(a.manifest, changed), `${changed} is renamed`);
      for (const same of ['agreement_guide_bg.wasm', 'agreement_guide.js', 'embed.js', 'embed-loader.js', 'demo.css']) assert.equal(name(c.manifest, same), name(a.manifest, same), `${same} keeps its name`);
      assert.ok(c.files['embed.html'].toString().includes(`src="${name(c.manifest, 'agreement-guide.js')}" integrity="${c.manifest.files['agreement-guide.js'].integrity}"`), 'embed.html points at the new element');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('the content-hashed build in dist/: names follow content, integrity hashes match, and a host plays it through its loader with SRI', async () => {
    const dist = path.join(WWW, 'dist');
    const manifest = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8'));
    const names = Object.keys(manifest.files).sort();
    assert.deepEqual(names, ['agreement-guide.css', 'agreement-guide.js', 'agreement_guide.js', 'agreement_guide_bg.wasm', 'agreement_guide_reader.js', 'agreement_guide_reader_bg.wasm', 'demo.css', 'embed-loader.js', 'embed.js'].concat(names.filter((n) => n.startsWith('agreement-guide-'))).sort());
    // Each compiled guide's language files, by the names its manifest gives, with their integrity.
    for (const s of manifest.scenarios) {
      const compiled = JSON.parse(readFileSync(path.join(dist, s.compiled.file), 'utf8'));
      assert.deepEqual(Object.keys(s.compiled.languages).sort(), [...s.languages].sort(), `${s.id}: a file per language`);
      for (const [lang, entry] of Object.entries(s.compiled.languages)) {
        assert.equal(entry.file, `scenarios/${compiled.files[lang]}`);
        assert.equal(entry.integrity, `sha384-${createHash('sha384').update(readFileSync(path.join(dist, entry.file))).digest('base64')}`, entry.file);
      }
    }
    for (const [name, entry] of Object.entries(manifest.files)) {
      const bytes = readFileSync(path.join(dist, entry.file));
      assert.equal(entry.integrity, `sha384-${createHash('sha384').update(bytes).digest('base64')}`, name);
      assert.ok(entry.file.includes(`.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.`), `${entry.file} is named by its content`);
    }
    assert.deepEqual(manifest.scenarios.map((s) => s.id).sort(), ['us-china-2015', 'wto-disputes']);
    assert.deepEqual(manifest.scenarios.find((s) => s.id === 'us-china-2015').languages, ['en', 'zh']);

    const w = shortest();
    const loader = manifest.files['embed-loader.js'];
    const url = hostPage(
      'dist.html',
      page(
        'dist host',
        `<div data-agreement-guide-embed data-src="${server.url}dist/embed.html?src=scenarios/us-china-2015.json&seed=${w.seed}"></div>
<script src="${server.url}dist/${loader.file}" integrity="${loader.integrity}" crossorigin="anonymous" async></script>`,
      ),
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    const fetched = [];
    p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await p.goto(url);
    const frame = await guideFrame(p);
    for (const id of w.choices) await choose(frame, id);
    assert.equal(await frame.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    await fitted(p, frame);
    for (const name of ['agreement-guide.js', 'agreement-guide.css', 'agreement_guide.js', 'agreement_guide_bg.wasm', 'embed.js']) {
      assert.ok(fetched.includes(`/dist/${manifest.files[name].file}`), `${name} came from dist/ by its hashed name`);
    }
    assert.ok(!fetched.some((f) => f.startsWith('/pkg/') || f === '/agreement-guide.js'), 'nothing from the unhashed development files');
    watch.assertClean();
    await p.close();
  });

  test('the embed-code generator works by keyboard alone: pick, copy, and the code is on the clipboard', async () => {
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.slice(0, -1) });
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(`${server.url}index.html`);
    await p.locator('#embed-code-scenario option').first().waitFor({ state: 'attached' });
    const focused = () => p.evaluate(() => document.activeElement?.id);
    await p.locator('#embed-code-scenario').focus();
    await p.keyboard.press('ArrowDown'); // the second guide
    assert.equal(await p.locator('#embed-code-scenario').inputValue(), 'scenarios/wto-disputes.json');
    await p.keyboard.press('Tab');
    assert.equal(await focused(), 'embed-code-lang');
    await p.keyboard.press('Tab');
    assert.equal(await focused(), 'embed-code-theme');
    await p.keyboard.press('ArrowDown'); // light
    await p.keyboard.press('Tab');
    assert.equal(await focused(), 'embed-code-route-element');
    await p.keyboard.press('ArrowDown'); // the loader
    assert.equal(await focused(), 'embed-code-route-loader');
    await p.keyboard.press('Tab');
    assert.equal(await focused(), 'embed-code-output');
    await p.keyboard.press('Tab');
    assert.equal(await focused(), 'embed-code-copy');
    const ring = await p.locator('#embed-code-copy').evaluate((b) => getComputedStyle(b).outlineStyle);
    assert.equal(ring, 'solid', 'a visible focus ring');
    await p.keyboard.press('Enter');
    await p.locator('#embed-code-status', { hasText: 'Code copied.' }).waitFor();
    const code = await p.locator('#embed-code-output').inputValue();
    assert.match(code, /data-agreement-guide-embed data-src="[^"]+src=scenarios%2Fwto-disputes\.compiled\.json&amp;lang=en&amp;theme=light"/);
    assert.equal(await p.evaluate(() => navigator.clipboard.readText()), code);
    watch.assertClean();
    await p.close();
  });

  test('the embed-code generator on the demo page writes snippets with SRI that work when pasted into a page', async () => {
    const manifest = JSON.parse(readFileSync(path.join(WWW, 'dist', 'manifest.json'), 'utf8'));
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.goto(`${server.url}index.html`);
    const code = p.locator('#embed-code-output');
    await p.locator('#embed-code-scenario option').first().waitFor({ state: 'attached' });
    assert.deepEqual(await p.locator('#embed-code-scenario option').evaluateAll((os) => os.map((o) => o.value)), manifest.scenarios.map((s) => s.file));

    // Script + element: the hashed widget with its integrity, the guide, language and theme.
    await p.selectOption('#embed-code-scenario', 'scenarios/us-china-2015.json');
    await p.selectOption('#embed-code-lang', 'zh');
    await p.selectOption('#embed-code-theme', 'dark');
    await p.locator('#embed-code-output[data-ready]').waitFor({ state: 'attached' });
    const element = await code.inputValue();
    const widget = manifest.files['agreement-guide.js'];
    assert.ok(element.includes(`src="${server.url}dist/${widget.file}" integrity="${widget.integrity}" crossorigin="anonymous"`), element);
    // The guide's first card inside the element (readable before scripts run), carrying the manifest,
    // and preload hints for the reader runtime and the language's file.
    const compiledUrl = `${server.url}dist/scenarios/us-china-2015.compiled.json`;
    assert.ok(element.includes(`<agreement-guide src="${compiledUrl}" lang="zh" theme="dark">\n<div class="ag-prerender" data-prerender-src="${compiledUrl}" data-prerender-manifest="{&quot;id&quot;:&quot;us-china-2015&quot;`), element);
    assert.ok(element.includes('<p class="agp-kicker">互动指南</p>') && element.trimEnd().endsWith('</agreement-guide>'), element);
    const bin = manifest.scenarios.find((s) => s.id === 'us-china-2015').compiled.languages.zh.gzip.file;
    assert.ok(element.includes(`<link rel="preload" href="${server.url}dist/${bin}" as="fetch" type="application/octet-stream" crossorigin>`), element);
    // The card's stylesheet, hashed, with its integrity.
    const cardCss = manifest.files['agreement-guide-card.css'];
    assert.ok(element.includes(`<link rel="stylesheet" href="${server.url}dist/${cardCss.file}" integrity="${cardCss.integrity}" crossorigin="anonymous">`), element);

    // Through the loader.
    await p.locator('#embed-code-route-loader').check();
    const loader = await code.inputValue();
    assert.ok(loader.includes(`data-src="${server.url}dist/embed.html?src=scenarios%2Fus-china-2015.compiled.json&amp;lang=zh&amp;theme=dark"`), loader);
    assert.ok(loader.includes(`integrity="${manifest.files['embed-loader.js'].integrity}"`), loader);
    assert.ok(loader.includes('data-title="Interactive guide: 中美网络协议'), loader);

    // A plain iframe; a guide with one language offers only that language.
    await p.locator('#embed-code-route-iframe').check();
    await p.selectOption('#embed-code-scenario', 'scenarios/wto-disputes.json');
    assert.deepEqual(await p.locator('#embed-code-lang option').evaluateAll((os) => os.map((o) => o.value)), ['en']);
    const iframe = await code.inputValue();
    assert.match(iframe, /<iframe src="[^"]+dist\/embed\.html\?src=scenarios%2Fwto-disputes\.compiled\.json&amp;lang=en&amp;theme=dark" title="Interactive guide: Taking a trade dispute/);
    // AMP's resizable amp-iframe, with the placeholder it requires.
    await p.locator('#embed-code-route-amp').check();
    const amp = await code.inputValue();
    assert.match(amp, /^<amp-iframe src="[^"]+dist\/embed\.html\?src=scenarios%2Fwto-disputes\.compiled\.json&amp;lang=en&amp;theme=dark" title="Interactive guide: Taking a trade dispute[^"]*" width="auto" height="900" layout="fixed-height" resizable sandbox="allow-scripts allow-same-origin allow-popups">\n {2}<div overflow /);
    // oEmbed: the guide's own page, whose discovery link names its answer (written for the build's address, which the note gives when it is not this one).
    await p.locator('#embed-code-route-oembed').check();
    await p.locator('#embed-code-output[data-ready]').waitFor({ state: 'attached' });
    const link = await code.inputValue();
    assert.equal(link, `${server.url}dist/wto-disputes.en.html`);
    const own = await (await fetch(link)).text();
    assert.match(own, new RegExp(`<link rel="alternate" type="application/json\\+oembed" href="${manifest.url.replaceAll('.', '\\.')}wto-disputes\\.en\\.oembed\\.json"`));
    if (manifest.url !== `${server.url}dist/`) assert.match(await p.locator('#embed-code-status').textContent(), /The oEmbed files were written for http/);
    await assertNoAxeViolations(p, 'index.html with the embed-code generator', watch);
    await p.locator('.embed-code').screenshot({ path: path.join(ROOT, 'test-artifacts', 'embed-code-generator.png') });

    // Pasted into a news page on another site, under the strict policy (with our
    // origin allowed, as such a site would), each snippet shows the guide with no violation.
    const ours = server.url.slice(0, -1);
    const csp = `default-src 'self' ${ours}; script-src 'self' ${ours} 'wasm-unsafe-eval'; style-src 'self' ${ours}; img-src data:`;
    for (const [name, snippet, inFrame] of [['element', element, false], ['loader', loader, true], ['iframe', iframe, true]]) {
      const url = hostPage(`pasted-${name}.html`, page(`pasted ${name}`, `<main><h1>Article</h1>${snippet}</main>`, `<meta http-equiv="Content-Security-Policy" content="${csp}">`));
      const q = await browser.newPage();
      const qWatch = watchPage(q);
      await recordCspViolations(q);
      await q.goto(url);
      const target = inFrame ? await guideFrame(q) : q;
      if (!inFrame) await ready(q);
      // The card's stylesheet loaded under the policy, its integrity checked (a refused or mismatched one has no sheet).
      if (name === 'element') assert.equal(await q.locator('link[rel="stylesheet"][href*="agreement-guide-card."]').evaluate((l) => /** @type {HTMLLinkElement} */ (l).sheet !== null), true, 'element: the card stylesheet loaded');
      const theme = await target.evaluate(() => document.querySelector('agreement-guide').theme);
      assert.equal(theme, 'dark', `${name}: the theme arrives`);
      if (name !== 'iframe') assert.equal(await target.locator('.ag').getAttribute('lang'), 'zh', `${name}: the language arrives`);
      assert.deepEqual(await q.evaluate(() => window.__violations), [], `${name}: no CSP violation on the host page`);
      if (inFrame) assert.equal(await q.locator('iframe').evaluate((f) => getComputedStyle(f).borderTopWidth), '0px', `${name}: a borderless frame`);
      qWatch.assertClean(`the pasted ${name} snippet`);
      await q.close();
    }
    await p.close();
  });

  test('a host page and the embed under the strict CSP report zero violations', async () => {
    const w = shortest();
    // The strict policy, plus the embed's origin for the loader script and the frame.
    const embedOrigin = server.url.slice(0, -1);
    const csp = `${STRICT_CSP.replace("script-src 'self'", `script-src 'self' ${embedOrigin}`)}; frame-src ${embedOrigin}; img-src data:`;
    const url = hostPage(
      'csp.html',
      page(
        'strict CSP host',
        `<main><h1>Article</h1><div data-agreement-guide-embed data-src="${server.url}embed.html?seed=${w.seed}"></div></main>`,
        `<meta http-equiv="Content-Security-Policy" content="${csp}"><script src="csp-host.js"></script><script src="${server.url}embed-loader.js" defer></script>`,
      ),
      {
        'csp-host.js': `window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`,
      },
    );
    const p = await browser.newPage();
    const watch = watchPage(p);
    await recordCspViolations(p);
    await p.goto(url);
    const frame = await guideFrame(p);
    for (const id of w.choices) await choose(frame, id);
    await fitted(p, frame);
    assert.deepEqual(await p.evaluate(() => window.__violations), [], 'host page');
    assert.deepEqual(await frame.evaluate(() => window.__violations), [], 'embed page');
    watch.assertClean();
    await p.close();
  });
  test('every theme (auto light and dark, light, dark, high-contrast) passes axe-core at the start, at an ending and in classroom mode', async () => {
    const w = shortest();
    const cases = [
      { theme: null, scheme: 'light', bg: 'rgb(255, 255, 255)' },
      { theme: null, scheme: 'dark', bg: 'rgb(22, 22, 22)' },
      { theme: 'light', scheme: 'dark', bg: 'rgb(255, 255, 255)' },
      { theme: 'dark', scheme: 'light', bg: 'rgb(22, 22, 22)' },
      { theme: 'high-contrast', scheme: 'light', bg: 'rgb(0, 0, 0)' },
    ];
    for (const c of cases) {
      const name = `${c.theme ?? 'auto'}-${c.scheme}`;
      const p = await browser.newPage({ viewport: { width: 900, height: 900 } });
      await p.emulateMedia({ colorScheme: c.scheme });
      const watch = watchPage(p);
      await p.goto(`${server.url}embed.html?seed=${w.seed}${c.theme ? `&theme=${c.theme}` : ''}`);
      await ready(p);
      assert.equal(await p.evaluate(() => document.querySelector('agreement-guide').theme), c.theme ?? 'auto');
      assert.equal(await p.locator('agreement-guide').evaluate((el) => getComputedStyle(el).backgroundColor), c.bg, `${name}: the theme's background`);
      await assertNoAxeViolations(p, `embed.html, theme ${name}, at the start`, watch);
      for (const id of w.choices) await choose(p, id);
      await p.locator('[data-share-url]').focus(); // the focus ring and the share box in view
      await assertNoAxeViolations(p, `embed.html, theme ${name}, at an ending`, watch);
      await screenshot(p, `embed-theme-${name}.png`);
      // Classroom mode adds each card's discussion prompt, in colours of its own.
      await p.goto(`${server.url}embed.html?seed=${w.seed}&mode=classroom${c.theme ? `&theme=${c.theme}` : ''}`);
      await ready(p);
      await p.locator('.ag-prompt-title').first().waitFor();
      await assertNoAxeViolations(p, `embed.html, theme ${name}, classroom mode`, watch);
      watch.assertClean();
      await p.close();
    }
    // The demo article in the dark, with the widget following the reader's setting.
    const p = await browser.newPage();
    await p.emulateMedia({ colorScheme: 'dark' });
    const watch = watchPage(p);
    await p.goto(`${server.url}index.html`);
    await ready(p);
    await assertNoAxeViolations(p, 'index.html in dark mode', watch);
    await screenshot(p, 'index-dark.png');
    await p.close();
  });

  test('forced colours use the system palette; reduced motion turns transitions off', async () => {
    const p = await browser.newPage();
    const watch = watchPage(p);
    await p.emulateMedia({ forcedColors: 'active', reducedMotion: 'reduce' });
    await p.goto(`${server.url}embed.html?seed=1&theme=dark`);
    await ready(p);
    const styles = await p.locator('.ag-choice').first().evaluate((b) => {
      const s = getComputedStyle(b);
      return { transition: s.transitionDuration, forced: matchMedia('(forced-colors: active)').matches };
    });
    assert.ok(styles.forced);
    assert.ok(styles.transition.split(',').every((d) => parseFloat(d) <= 0.001), `transitions off: ${styles.transition}`);
    // The theme's own colours give way to the system's (Canvas / CanvasText).
    const host = await p.locator('agreement-guide').evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = 'CanvasText';
      probe.style.backgroundColor = 'Canvas';
      document.body.append(probe);
      const sys = getComputedStyle(probe);
      const out = { fg: getComputedStyle(el).color, bg: getComputedStyle(el).backgroundColor, sysFg: sys.color, sysBg: sys.backgroundColor };
      probe.remove();
      return out;
    });
    assert.equal(host.fg, host.sysFg);
    assert.equal(host.bg, host.sysBg);
    await screenshot(p, 'embed-forced-colors.png');
    watch.assertClean();
    await p.close();
  });
});
