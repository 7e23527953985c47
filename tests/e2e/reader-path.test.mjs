// The reader's path in Chromium: a compiled guide (`<id>.compiled.json`, the
// default src) plays on the reader runtime (www/pkg-reader/) with only the
// reader's language file; the full engine (www/pkg/) and the guide's JSON are
// fetched only when something needs them (Explore, classroom mode,
// a guide given as JSON). Every claim is checked against the requests the page
// made. Also: switching language mid-run fetches the other file and keeps the
// run; a share token made before the guide's play changed is refused with a
// notice; a damaged compiled file shows an error panel. The element's first
// file holds what a reader needs before the first click: another language's
// words (agreement-guide-words-zh.js) arrive when an element shows it.
//
// Run after `npm run build`:  node --test tests/e2e/reader-path.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, launchBrowser, watchPage, gotoBlank, guideWitnesses, ROOT, WWW, ready, step, choose, chooseFirst } from './helpers.mjs';

const MANIFEST = JSON.parse(readFileSync(path.join(WWW, 'scenarios/us-china-2015.compiled.json'), 'utf8'));
const FULL_WASM = '/pkg/agreement_guide_bg.wasm';
const READER_WASM = '/pkg-reader/agreement_guide_reader_bg.wasm';
const JSON_GUIDE = '/scenarios/us-china-2015.json';
// What the element fetches for a language: its gzip-compressed file (www/element/guide-file.js).
const bin = (lang) => `/scenarios/${MANIFEST.gzip[lang]}`;

/** Every path the page asks the server for, from now on. */
function requests(page) {
  const seen = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname));
  return seen;
}

const token = (page) => page.evaluate(() => document.querySelector('agreement-guide').token);

describeInBrowser('the reader path', ({ server, browser, tmpDir }) => {
  test('a reader loads the reader runtime and their language only; Explore fetches the full engine and keeps the run', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const seen = requests(page);
    // No src: the default is the compiled US–China guide beside the module.
    await gotoBlank(page, server.url, { body: '<agreement-guide lang="en" seed="7"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    await ready(page);
    assert.ok(seen.includes(READER_WASM), 'the reader runtime');
    assert.ok(!seen.includes('/scenarios/us-china-2015.compiled.json'), 'no manifest: the default guide\'s is built into the element');
    assert.ok(seen.includes(bin('en')), "the reader's language file");
    for (const not of [FULL_WASM, '/pkg/agreement_guide.js', JSON_GUIDE, bin('zh')]) assert.ok(!seen.includes(not), `${not} is not fetched on first load`);

    await chooseFirst(page);
    await chooseFirst(page);
    const before = { step: await step(page), token: await token(page), card: await page.locator('.ag-card').getAttribute('data-node') };
    assert.equal(before.step, 2);

    await page.locator('[data-action="explore"]').click();
    await page.locator('[data-explore="odds-table"] tr[data-ending]').first().waitFor({ timeout: 15_000 });
    assert.ok(seen.includes(FULL_WASM), 'Explore fetched the full engine');
    assert.ok(seen.includes(JSON_GUIDE), "and the guide's JSON, named beside the manifest");
    assert.deepEqual({ step: await step(page), token: await token(page), card: await page.locator('.ag-card').getAttribute('data-node') }, before, 'the run goes on where it was');
    // The run continues on the full engine: a step, then undo, both as before.
    await chooseFirst(page);
    assert.equal(await step(page), 3);
    await page.locator('[data-action="back"]').click();
    await page.locator('.ag[data-step="2"]').waitFor();
    assert.equal(await token(page), before.token, 'undo returns to the same token');
    watch.assertClean();
    await page.close();
  });

  test("a reader's first load fetches the element's one file, the runtime, its wasm and the guide's file; Chinese words come with a Chinese page or a switch, focus stays; the share link copies", async () => {
    const witness = (await guideWitnesses(browser, server.url))[0];
    const page = await browser.newPage();
    const watch = watchPage(page);
    const seen = requests(page);
    /** The scripts, wasm and guide files the page asked for (not the page, not the stylesheet). */
    const fetched = () => seen.filter((p) => /\.(js|wasm)$/.test(p) || p.startsWith('/scenarios/')).sort();
    const WORDS_ZH = '/agreement-guide-words-zh.js';
    const body = (lang) => `<agreement-guide lang="${lang}" seed="${witness.seed}"></agreement-guide><script type="module" src="agreement-guide.js"></script>`;
    await gotoBlank(page, server.url, { body: body('en') });
    await ready(page);
    const first = ['/agreement-guide.js', '/pkg-reader/agreement_guide_reader.js', READER_WASM, bin('en')].sort();
    assert.deepEqual(fetched(), first, 'the element, the runtime, its wasm and the guide: nothing else before the first click');
    const zh = await page.evaluate(async (url) => (await import(url)).WORDS.zh, WORDS_ZH); // fetched here, for the expected words only
    seen.length = 0;

    // A page in Chinese: the element fetches its Chinese words beside the guide, and the first card is in them.
    await gotoBlank(page, server.url, { body: body('zh') });
    await ready(page);
    assert.deepEqual(fetched(), [...first.filter((p) => p !== bin('en')), bin('zh'), WORDS_ZH].sort());
    assert.equal(await page.locator('.ag-move').textContent(), zh.yourMove);
    assert.equal(await page.locator('.ag-trail .ag-section-title').textContent(), zh.trail);
    seen.length = 0;

    // An English page switched to Chinese mid-run: the words and the guide's file arrive on the switch,
    // the run goes on, and focus stays on the button pressed.
    await gotoBlank(page, server.url, { body: body('en') });
    await ready(page);
    await choose(page, witness.choices[0]);
    const run = { step: await step(page), token: await token(page) };
    seen.length = 0;
    await page.locator('[data-action="language"][data-lang="zh"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.ag[data-state="ready"][lang="zh"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(fetched(), [WORDS_ZH, bin('zh')].sort(), 'the Chinese words and file, when asked for');
    assert.equal(await page.locator('.ag-move').textContent(), zh.yourMove);
    assert.deepEqual({ step: await step(page), token: await token(page) }, run, 'the same run');
    const focused = () => page.evaluate(() => document.querySelector('agreement-guide').shadowRoot.activeElement?.getAttribute('data-lang') ?? null);
    assert.equal(await focused(), 'zh', 'focus stays on the button pressed');
    await page.locator('[data-action="language"][data-lang="en"]').click();
    await page.locator('.ag[data-state="ready"][lang="en"]').waitFor();
    assert.equal(await focused(), 'en');

    // To an ending, then Copy link: the link reaches the clipboard, said in the status and the live region.
    for (const id of witness.choices.slice(1)) await choose(page, id);
    await page.locator('.ag-ending').waitFor();
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    seen.length = 0;
    await page.locator('[data-action="copy"]').click();
    await page.locator('[data-copy-status]', { hasText: 'Link copied.' }).waitFor();
    await page.locator('[role="status"]', { hasText: 'Link copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.locator('input[data-share-url]').inputValue());
    assert.deepEqual(fetched(), [], 'copying needs no other file');
    watch.assertClean();
    await page.close();
  });

  test('a Chinese page whose guide cannot be opened says why in Chinese: the panel waits for the words', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page); // the 404 is logged by the browser: only page errors are checked
    await gotoBlank(page, server.url, { body: '<agreement-guide src="missing/g.compiled.json" lang="zh"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    await ready(page, 'error');
    const zh = await page.evaluate(async () => (await import('/agreement-guide-words-zh.js')).WORDS.zh);
    const expected = zh.errorHttp.replace('{src}', 'missing/g.compiled.json').replace('{status}', '404 Not Found');
    assert.equal((await page.locator('.ag-error > p').first().textContent()).trim(), expected);
    await page.locator('[role="status"]', { hasText: zh.errorAnnounce }).waitFor();
    assert.deepEqual(watch.pageErrors, []);
    await page.close();
  });

  test("embed.html's first load fetches the element as one script and no on-demand part; Explore and classroom mode fetch theirs when used", async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const seen = requests(page);
    await page.goto(`${server.url}embed.html?seed=7`);
    await ready(page);
    const parts = ['/agreement-guide-explore.js', '/agreement-guide-classroom.js'];
    assert.ok(seen.includes('/agreement-guide.js'), 'the element');
    // The element is one bundled file (scripts/build-element.mjs): none of its sources, no part loaded on demand.
    assert.deepEqual(seen.filter((p) => p.startsWith('/element/') || /^\/agreement-guide-[\w-]+\.js$/.test(p)), [], 'nothing but the element script of the widget');
    assert.equal(await page.locator('.ag-turn, .ag-prompt, [data-hand-in]').count(), 0, 'reader mode draws no classroom parts');

    await chooseFirst(page);
    await page.locator('[data-action="explore"]').click();
    await page.locator('[data-explore="odds-table"] tr[data-ending]').first().waitFor({ timeout: 15_000 });
    assert.ok(seen.includes(parts[0]), 'opening Explore fetched its part');
    assert.ok(!seen.includes(parts[1]), 'and not the classroom part');

    // Classroom mode, switched on mid-run: its part arrives and the card gains whose turn it is.
    await page.evaluate(() => document.querySelector('agreement-guide').setAttribute('mode', 'classroom'));
    await page.locator('.ag-card .ag-turn').waitFor({ timeout: 15_000 });
    assert.ok(seen.includes(parts[1]), 'classroom mode fetched its part');
    assert.equal(seen.filter((p) => p === parts[1]).length, 1, 'once');
    watch.assertClean();
    await page.close();
  });

  test('switching language mid-run fetches the other file, keeps the step and token, and a reload restores the run', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const seen = requests(page);
    await gotoBlank(page, server.url, { body: '<agreement-guide src="scenarios/us-china-2015.compiled.json" lang="en" seed="3"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    await ready(page);
    for (let i = 0; i < 3; i++) await chooseFirst(page);
    const run = { step: await step(page), token: await token(page), card: await page.locator('.ag-card').getAttribute('data-node') };
    assert.ok(!seen.includes(bin('zh')));
    await page.locator('[data-action="language"][data-lang="zh"]').click();
    await page.locator('.ag[data-state="ready"][lang="zh"]').waitFor({ timeout: 10_000 });
    assert.ok(seen.includes(bin('zh')), 'the Chinese file was fetched when asked for');
    assert.deepEqual({ step: await step(page), token: await token(page), card: await page.locator('.ag-card').getAttribute('data-node') }, run, 'same run');
    const heading = (await page.locator('[data-focus-target]').textContent()).trim();
    assert.match(heading, /\p{Script=Han}/u, 'the card is in Chinese');
    assert.ok(![FULL_WASM, JSON_GUIDE].some((p) => seen.includes(p)), 'still no full engine');

    // The share link in the URL replays the run on a fresh load.
    const url = page.url();
    assert.ok(url.includes(`ag=${run.token}`), 'the token is in the fragment');
    await page.goto(url);
    await ready(page);
    assert.equal(await step(page), run.step);
    assert.equal(await token(page), run.token);
    watch.assertClean();
    await page.close();
  });

  test('classroom mode on a compiled guide plays on the full engine (its handout is the full engine\'s script) and prints the handout', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const seen = requests(page);
    await gotoBlank(page, server.url, { body: '<agreement-guide src="scenarios/us-china-2015.compiled.json" mode="classroom" lang="en" seed="5"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    await ready(page);
    assert.ok(seen.includes(FULL_WASM) && seen.includes(JSON_GUIDE), 'the full engine and the JSON named beside the manifest');
    assert.ok(!seen.includes(READER_WASM), 'not the reader runtime');
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => (window.printed += 1);
    });
    await page.locator('[data-action="print-handout"]').click();
    await page.waitForFunction(() => window.printed === 1, null, { timeout: 15_000 });
    const nodes = await page.locator('.ag-handout-node').count();
    const json = JSON.parse(readFileSync(path.join(WWW, JSON_GUIDE), 'utf8'));
    assert.equal(nodes, json.nodes.length, 'every card is in the handout');
    // Printing from the browser's menu also gets the handout, now the engine is here.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.ag-handout').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    watch.assertClean();
    await page.close();
  });

  test('a guide given as JSON, by src and inline, plays on the full engine', async () => {
    for (const body of [
      '<agreement-guide src="scenarios/us-china-2015.json" lang="en"></agreement-guide>',
      `<agreement-guide lang="en"><script type="application/json">${readFileSync(path.join(WWW, JSON_GUIDE), 'utf8').replaceAll('</', '<\\/')}</script></agreement-guide>`,
    ]) {
      const page = await browser.newPage();
      const watch = watchPage(page);
      const seen = requests(page);
      await gotoBlank(page, server.url, { body: `${body}<script type="module" src="agreement-guide.js"></script>` });
      await ready(page);
      assert.ok(seen.includes(FULL_WASM), 'the full engine');
      assert.ok(!seen.includes(READER_WASM), 'not the reader runtime');
      await chooseFirst(page);
      assert.equal(await step(page), 1);
      watch.assertClean();
      await page.close();
    }
  });

  test("a share token made before the guide's play changed is refused with a notice", async () => {
    // The same guide, one meter starting elsewhere, compiled by the CLI into a scratch folder.
    const dir = tmpDir('ag-changed-');
    const json = JSON.parse(readFileSync(path.join(WWW, JSON_GUIDE), 'utf8'));
    json.variables[0].start += 1;
    writeFileSync(path.join(dir, 'us-china-2015.json'), JSON.stringify(json));
    execFileSync(path.join(ROOT, 'target/debug/agreement-guide'), ['pack', path.join(dir, 'us-china-2015.json'), '-o', dir], { stdio: 'pipe' });
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.route(/\/changed\/[^/]+$/, (route) => {
      const name = path.basename(new URL(route.request().url()).pathname);
      route.fulfill({ status: 200, body: readFileSync(path.join(dir, name)), contentType: name.endsWith('.bin') ? 'application/octet-stream' : 'application/json' });
    });
    const body = (src) => `<agreement-guide src="${src}" lang="en" seed="9"></agreement-guide><script type="module" src="agreement-guide.js"></script>`;
    await gotoBlank(page, server.url, { body: body('scenarios/us-china-2015.compiled.json') });
    await ready(page);
    await chooseFirst(page);
    await chooseFirst(page);
    const old = await token(page);

    const url = await gotoBlank(page, server.url, { body: body('changed/us-china-2015.compiled.json') });
    await page.goto(`${url}#ag=${old}`);
    await ready(page);
    const notice = page.locator('.ag-notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), /could not be opened/);
    assert.equal(await step(page), 0, 'a fresh start');
    assert.ok(!page.url().includes(old), 'the stale token left the URL');
    watch.assertClean();
    await page.close();
  });

  test('without WebAssembly, a compiled guide still shows its title (from the JSON beside it) and the page\'s own content', async () => {
    const jitless = await launchBrowser({ args: ['--js-flags=--jitless'] });
    try {
      const page = await jitless.newPage();
      await gotoBlank(page, server.url, { body: '<agreement-guide lang="en"><p id="own">A summary.</p></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
      await ready(page, 'error');
      const title = JSON.parse(readFileSync(path.join(WWW, JSON_GUIDE), 'utf8')).meta.title.en;
      assert.equal((await page.locator('.ag-error .ag-title').textContent()).trim(), title);
      assert.ok(await page.locator('#own').isVisible());
    } finally {
      await jitless.close();
    }
  });

  test('a compiled manifest naming a file on another site is refused before any request leaves the origin', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.route(`${server.url}elsewhere/g.compiled.json`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...MANIFEST, files: { en: 'https://example.com/g.en.bin' }, gzip: { en: 'https://example.com/g.en.bin.gz' } }) }),
    );
    await gotoBlank(page, server.url, { body: '<agreement-guide src="elsewhere/g.compiled.json" lang="en"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    await ready(page, 'error');
    assert.match(await page.locator('.ag-error').textContent(), /names a file on another site/);
    watch.assertClean(); // no external request
    await page.close();
  });

  test('a truncated or altered compiled file shows an error panel naming the file', async () => {
    const good = readFileSync(path.join(WWW, 'scenarios', MANIFEST.files.en));
    const altered = Buffer.from(good);
    altered[Math.floor(altered.length / 2)] ^= 0x55;
    for (const [what, bytes] of [
      ['truncated', good.subarray(0, Math.floor(good.length / 3))],
      ['altered', altered],
      ['empty', Buffer.alloc(0)],
    ]) {
      const page = await browser.newPage();
      const watch = watchPage(page);
      // Not gzip (by its first bytes): taken as it came, as from a server that decoded it.
      await page.route(`${server.url}scenarios/${MANIFEST.gzip.en}`, (route) => route.fulfill({ status: 200, body: bytes, contentType: 'application/octet-stream' }));
      await gotoBlank(page, server.url, { body: '<agreement-guide src="scenarios/us-china-2015.compiled.json" lang="en"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
      await ready(page, 'error');
      const text = (await page.locator('.ag-error').textContent()).trim();
      assert.match(text, new RegExp(`The guide file at /scenarios/${MANIFEST.gzip.en.replaceAll('.', '\\.')} could not be read \\(compiled guide: .+\\)`), `${what}: ${text}`);
      assert.ok(await page.locator('.ag-error').isVisible(), `${what}: the panel is visible`);
      watch.assertClean();
      await page.close();
    }
  });
});
