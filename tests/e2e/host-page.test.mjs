// A good citizen on a crowded article page, in Chromium: the page's own
// fragment (anchors, other keys) survives play, undo, restart and reload;
// several guides on one page (www/multi.html: two guide files, three elements
// of one of them with other seeds and languages) each restore their own run;
// one request per guide file; `history="none"` and its event; and a browser
// or page without WebAssembly gets the title, one clear line and the page's
// own content instead of a blank box.
//
// Run after `npm run build`:  node --test tests/e2e/host-page.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, launchBrowser, watchPage, gotoBlank, assertNoAxeViolations, ROOT } from './helpers.mjs';
import { fragmentParts, readFragment, writeFragment } from '../../www/element/fragment.js';

const US_CHINA_TITLE = JSON.parse(readFileSync(path.join(ROOT, 'scenarios', 'us-china-2015.json'), 'utf8')).meta.title;

describe('the fragment reader and writer (www/element/fragment.js)', () => {
  test('keeps every part it was not asked to change, in place', () => {
    assert.deepEqual(fragmentParts('#section-2&ag=x'), ['section-2', 'ag=x']);
    assert.equal(writeFragment('#section-2', { ag: 'ag1.t' }), '#section-2&ag=ag1.t');
    assert.equal(writeFragment('#ag=old&/story/12&wto=w', { ag: 'new' }), '#ag=new&/story/12&wto=w');
    assert.equal(writeFragment('#a&ag=x&lab=1.2.a,b', { ag: null, lab: null }), '#a');
    assert.equal(writeFragment('#ag=x', { ag: null }), '', 'nothing left: no "#"');
    assert.equal(writeFragment('', { 'us-china-2015:2': 't', 'us-china-2015:2.lab': '7.500.a,b' }), '#us-china-2015:2=t&us-china-2015:2.lab=7.500.a,b');
    assert.equal(writeFragment('#ag=1&x&ag=2', { ag: '3' }), '#ag=3&x', 'a key written twice keeps its first place');
    assert.equal(writeFragment('', { 'a&b': 'c=d #' }), '#a%26b=c%3Dd%20%23', 'what would break the scheme is escaped');
  });

  test('reads only the key asked for', () => {
    assert.equal(readFragment('#section-2&ag=ag1.a&agx=no&wto-disputes=ag1.w', 'ag'), 'ag1.a');
    assert.equal(readFragment('#section-2&ag=ag1.a&wto-disputes=ag1.w', 'wto-disputes'), 'ag1.w');
    assert.equal(readFragment('#ag', 'ag'), null, 'an anchor named like a key is not a value');
    assert.equal(readFragment('#ag=%E0%A4', 'ag'), null, 'bad percent-encoding reads as nothing');
    assert.equal(readFragment('#a%26b=c%3Dd%20%23', 'a&b'), 'c=d #');
  });
});

describeInBrowser('the element on a crowded page', ({ server, browser }) => {

  const IDS = ['first', 'wto', 'again', 'chosen'];

  /** Each element's key, token, step and language. */
  const runs = (page) =>
    page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
      const e = document.getElementById(id);
      const root = e.shadowRoot.querySelector('.ag');
      return [id, { key: e.hashKey, token: e.token, step: Number(root.dataset.step), lang: root.lang, state: root.dataset.state }];
    })), IDS);

  async function allReady(page) {
    for (const id of IDS) await page.locator(`#${id} .ag[data-state="ready"]`).waitFor({ timeout: 20_000 });
  }

  /** Takes the first enabled choice in one element and waits for its next card. */
  async function chooseIn(page, id) {
    const guide = page.locator(`#${id}`);
    const before = Number(await guide.locator('.ag').getAttribute('data-step'));
    await guide.locator('[data-choice-id]:not([aria-disabled])').first().click();
    await guide.locator(`.ag[data-step="${before + 1}"]`).waitFor();
  }

  /** Waits until the address bar carries every element's current token under its key. */
  async function hashCarriesAll(page) {
    await page.waitForFunction(
      (ids) => ids.every((id) => {
        const e = document.getElementById(id);
        return e.token && location.hash.split('&').includes(`${e.hashKey}=${e.token}`);
      }),
      IDS,
      { timeout: 5_000 },
    );
    return new URL(page.url()).hash;
  }

  test('four guides on one page: each its own key; the page\'s anchor kept through play, undo, restart and reload; each restores its own run; one request per guide file', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const guideRequests = [];
    const wasmRequests = [];
    page.on('request', (r) => {
      if (r.url().includes('/scenarios/')) guideRequests.push(new URL(r.url()).pathname);
      if (r.url().endsWith('.wasm')) wasmRequests.push(r.url());
    });
    await page.goto(`${server.url}multi.html#update-3`);
    await allReady(page);
    const fresh = await runs(page);
    assert.deepEqual(
      Object.fromEntries(IDS.map((id) => [id, fresh[id].key])),
      { first: 'ag', wto: 'wto-disputes', again: 'us-china-2015', chosen: 'third' },
      'the first guide keeps "ag"; the others take their guide\'s id, or the hash-key the page set',
    );
    assert.equal(fresh.again.lang, 'zh');
    assert.deepEqual(guideRequests.sort(), ['/scenarios/us-china-2015.json', '/scenarios/wto-disputes.json'], 'one request per guide file, though three elements show one of them');
    assert.equal(wasmRequests.length, 1, 'one core for the four elements');
    assert.equal(new URL(page.url()).hash, '#update-3', 'loading touches nothing');

    // Play: two steps in each, in turn.
    for (const id of IDS) await chooseIn(page, id);
    for (const id of IDS) await chooseIn(page, id);
    let hash = await hashCarriesAll(page);
    assert.ok(hash.startsWith('#update-3&'), `the page's anchor stays first: ${hash}`);
    assert.equal(hash.split('&').length, 5, hash);

    // Undo in one, restart in another: only their own parts change.
    await page.locator('#wto [data-action="back"]').click();
    await page.locator('#wto .ag[data-step="1"]').waitFor();
    await page.locator('#again [data-action="restart"]').click();
    await page.locator('#again .ag[data-step="0"]').waitFor();
    hash = await hashCarriesAll(page);
    assert.ok(hash.startsWith('#update-3&'), hash);
    const played = await runs(page);
    assert.deepEqual(IDS.map((id) => played[id].step), [2, 1, 0, 2]);

    // Reload (a reader opens the shared article): each element restores its own run, in its own language.
    guideRequests.length = 0;
    await page.reload();
    await allReady(page);
    const restored = await runs(page);
    assert.deepEqual(restored, played, 'every element back on its own run');
    assert.equal(new URL(page.url()).hash, hash, 'the URL as it was');
    assert.equal(guideRequests.length, 2, `one request per guide file after a reload too: ${guideRequests}`);

    // An old one-guide link (#ag=…) opens in the first guide only (a new page load, not a hash change).
    await page.goto('about:blank');
    await page.goto(`${server.url}multi.html#ag=${played.first.token}`);
    await allReady(page);
    const old = await runs(page);
    assert.equal(old.first.token, played.first.token);
    for (const id of ['wto', 'again', 'chosen']) assert.equal(old[id].step, 0, `${id} starts fresh`);

    // A hash change naming one element's key moves only that element.
    await page.evaluate((t) => (location.hash = `update-1&us-china-2015=${t}`), played.first.token);
    await page.locator('#again .ag[data-step="2"]').waitFor();
    const moved = await runs(page);
    assert.equal(moved.again.token, played.first.token);
    assert.equal(moved.again.lang, 'zh', 'in its own language still');
    assert.deepEqual([moved.first.token, moved.wto.step, moved.chosen.step], [played.first.token, 0, 0]);
    assert.ok(new URL(page.url()).hash.startsWith('#update-1&'));
    watch.assertClean();
    await page.close();
  });

  test('default keys follow the markup: ag, the guide\'s id, then <guide id>:<element id> or :<n> for the same file again', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const g = (attrs) => `<agreement-guide src="scenarios/us-china-2015.json" ${attrs}></agreement-guide>`;
    await gotoBlank(page, server.url, {
      body: `${g('')}${g('')}<agreement-guide src="scenarios/wto-disputes.json"></agreement-guide>${g('id="explainer"')}${g('')}${g('hash-key="mine"')}<script type="module" src="agreement-guide.js"></script>`,
    });
    await page.waitForFunction(() => [...document.querySelectorAll('agreement-guide')].every((e) => e.token));
    const keys = await page.evaluate(() => [...document.querySelectorAll('agreement-guide')].map((e) => e.hashKey));
    assert.deepEqual(keys, ['ag', 'us-china-2015', 'wto-disputes', 'us-china-2015:explainer', 'us-china-2015:4', 'mine']);
    watch.assertClean();
    await page.close();
  });

  test('history="none": the URL is never touched; the page hears agreement-guide-urlchange and can restore(token)', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await gotoBlank(page, server.url, {
      body: '<p id="anchor">Anchor</p><agreement-guide src="scenarios/us-china-2015.json" seed="5" history="none"></agreement-guide><script type="module" src="agreement-guide.js"></script>',
    });
    await page.evaluate(() => {
      window.changes = [];
      document.addEventListener('agreement-guide-urlchange', (e) => window.changes.push(e.detail));
      location.hash = 'anchor';
    });
    await page.locator('.ag[data-state="ready"]').waitFor();
    const guide = page.locator('agreement-guide');
    await guide.locator('[data-choice-id]:not([aria-disabled])').first().click();
    await guide.locator('.ag[data-step="1"]').waitFor();
    await page.waitForFunction(() => window.changes.length > 0);
    const { changes, hash, token } = await page.evaluate(() => ({ changes: window.changes, hash: location.hash, token: document.querySelector('agreement-guide').token }));
    assert.equal(hash, '#anchor', 'the URL is the page\'s own');
    assert.deepEqual(changes.at(-1), { key: 'ag', token, lab: null });

    // The host's router restores the run it kept.
    await guide.locator('[data-action="restart"]').click();
    await guide.locator('.ag[data-step="0"]').waitFor();
    assert.equal(await page.evaluate((t) => document.querySelector('agreement-guide').restore(t), token), true);
    await guide.locator('.ag[data-step="1"]').waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('agreement-guide').restore('ag1.not-a-run')), false);
    assert.equal(await page.evaluate(() => location.hash), '#anchor');
    watch.assertClean();
    await page.close();
  });
});

describeInBrowser('without WebAssembly', { browser: false }, ({ server }) => {

  /** A page whose element has content of its own (what a reader sees without the interactive part). */
  const body = '<main><h1>Article</h1><agreement-guide src="scenarios/us-china-2015.json" heading-level="2"><p id="own">The page\'s own summary of the agreement.</p></agreement-guide></main>';

  async function assertFallback(page, reason) {
    const guide = page.locator('agreement-guide');
    await guide.locator('.ag[data-state="error"]').waitFor({ timeout: 15_000 });
    assert.equal((await guide.locator('.ag-error .ag-title').textContent()).trim(), US_CHINA_TITLE.en, 'the guide\'s title, read from its file');
    const line = (await guide.locator('.ag-fallback-note').textContent()).trim();
    assert.equal(line, `The interactive part of this guide could not start: ${reason}.`);
    assert.ok(await page.locator('#own').isVisible(), 'the page\'s own content inside the element is shown');
    assert.equal(await guide.locator('.ag-error p').count(), 1, 'one line');
  }

  // V8 without its JIT (what hardened browser modes run) exposes no WebAssembly at all.
  test('a browser with WebAssembly switched off (--js-flags=--jitless)', async () => {
    const browser = await launchBrowser({ args: ['--js-flags=--jitless'] });
    try {
      const page = await browser.newPage();
      const watch = watchPage(page);
      const requests = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await gotoBlank(page, server.url, { body: `${body}<script type="module" src="agreement-guide.js"></script>` });
      assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'the flag really removes WebAssembly');
      await assertFallback(page, 'this browser has WebAssembly switched off');
      assert.ok(!requests.some((r) => r.endsWith('.wasm')), 'nothing downloaded that cannot run');
      await assertNoAxeViolations(page, 'the no-WebAssembly fallback', watch);
      watch.assertClean();
    } finally {
      await browser.close();
    }
  });

  test('a page whose Content-Security-Policy lacks \'wasm-unsafe-eval\'', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const watch = watchPage(page);
      const url = `${server.url}__no-wasm-csp__.html`;
      await page.route(url, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'" },
          body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>no wasm</title><body>${body}<script type="module" src="agreement-guide.js"></script></body></html>`,
        }),
      );
      await page.goto(url);
      await assertFallback(page, 'this page’s security policy does not allow WebAssembly');
      // The browser's own report of the blocked compile is the only complaint.
      const others = watch.consoleErrors.filter((e) => !/WebAssembly|Content Security Policy/i.test(e));
      assert.deepEqual([...others, ...watch.pageErrors], []);
    } finally {
      await browser.close();
    }
  });
});
