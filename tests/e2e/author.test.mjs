// The authors' preview page (www/author.html) in Chromium: a dropped file is
// checked and its diagnostics listed; a diagnostic clicked puts the caret on
// its line and column; the fix re-checks and the guide plays in the real
// widget; every invalid fixture shows exactly the diagnostics of its
// .expected file (the CLI's wording, taken apart); exact odds per strategy
// match the core's; axe-core finds nothing; nothing leaves the page.
//
// Run after `npm run build`:  node --test tests/e2e/author.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, watchPage, screenshot, ROOT, assertNoAxeViolations, ready, choose, chooseFirst, step } from './helpers.mjs';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'invalid');
/** A file the server serves, as text. */
const www = (file) => readFileSync(path.join(ROOT, 'www', file), 'utf8');
const fixture = (name) => readFileSync(path.join(FIXTURES, name), 'utf8');
const INVALID = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => f.slice(0, -'.json'.length));

/** The standards lints' codes (src/model/lint.rs): warnings here, errors under `check --strict`. */
const LINTS = ['uncited-paragraph', 'unused-source', 'bad-source-date', 'http-address', 'starter-text', 'long-card'];
/** The page's diagnostics that are not lints (a fixture's placeholder text is neither cited nor marked). */
const NOT_LINT = `#diagnostics li${LINTS.map((c) => `:not([data-code="${c}"])`).join('')}`;

/**
 * Each diagnostic on the page, put back together in the CLI's `line:col: location: message — suggestion`
 * form: the standards lints only when `lints` (a fixture's .expected leaves them out, as the Rust test does).
 */
async function diagnostics(page, { lints = false } = {}) {
  return page.locator('#diagnostics li').evaluateAll((items, { lints, codes }) =>
    items.filter((li) => codes.includes(li.dataset.code) === lints).map((li) => {
      const text = (cls) => li.querySelector(`.${cls}`)?.textContent ?? null;
      const warning = li.dataset.severity === 'warning' ? 'warning: ' : '';
      const where = text('author-position');
      const location = text('author-location');
      const suggestion = text('author-suggestion');
      return `${where ? `${where}: ` : ''}${location ? `${location}: ` : ''}${warning}${text('author-message')}${suggestion ? ` — ${suggestion}` : ''}`;
    }),
  { lints, codes: LINTS });
}

/** Waits for the check that follows the `n`th one to finish; returns its state. */
async function checked(page, after) {
  await page.waitForFunction((n) => Number(document.getElementById('summary').dataset.checks ?? 0) > n, after, { timeout: 10_000 });
  return page.locator('#summary').getAttribute('data-state');
}

const checks = async (page) => Number((await page.locator('#summary').getAttribute('data-checks')) ?? 0);

/** Drops a file on the page the way a browser does: a drop event carrying a DataTransfer. */
async function dropFile(page, name, text) {
  const before = await checks(page);
  await page.evaluate(
    ({ name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'application/json' }));
      const target = document.querySelector('main');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
  return checked(page, before);
}

/** Where the editor's caret is: line and column (in characters), from the textarea itself. */
async function caret(page) {
  return page.locator('#source').evaluate((t) => {
    const before = t.value.slice(0, t.selectionStart);
    return { line: before.split('\n').length, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1, focused: document.activeElement === t };
  });
}

/** A page on author.html with no drafts in this browser (the page reopens the last one). */
async function freshPage(browser, server) {
  const page = await browser.newPage();
  await page.goto(`${server.url}author.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  return page;
}

describeInBrowser('the preview page for authors (author.html)', ({ server, browser }) => {

  test('a dropped file shows its diagnostics; clicking one puts the caret there; the fix plays to a card', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const requests = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${server.url}author.html`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    assert.equal(await page.locator('#summary').textContent(), 'No scenario yet.');

    // A file with three problems, dropped on the page.
    assert.equal(await dropFile(page, 'several-problems.json', fixture('several-problems.json')), 'invalid');
    const expected = fixture('several-problems.expected').trim().split('\n');
    assert.deepEqual(await diagnostics(page), expected);
    assert.match(await page.locator('#summary').textContent(), /^3 errors, 5 warnings: the guide cannot play/);
    assert.equal(await page.locator('#preview agreement-guide').count(), 0, 'nothing plays while there are errors');
    assert.equal(await page.locator('#source').inputValue(), fixture('several-problems.json'));
    assert.match(await page.locator(NOT_LINT).nth(1).locator('.author-suggestion').textContent(), /^did you mean "months"\?$/);

    // The JSON view: a problem clicked puts the caret on its line and column there.
    await page.locator('#view-json').click();

    // Each diagnostic, clicked, puts the caret at its line and column.
    for (const [i, line] of expected.entries()) {
      const [, l, c] = line.match(/^(\d+):(\d+):/);
      await page.locator(`${NOT_LINT} button`).nth(i).click();
      assert.deepEqual(await caret(page), { line: Number(l), column: Number(c), focused: true }, line);
      assert.equal(await page.locator('#caret').textContent(), `Line ${l}, column ${c}`);
      const inView = await page.locator('#source').evaluate((t, line) => {
        const h = parseFloat(getComputedStyle(t).lineHeight);
        const y = (line - 1) * h;
        return y >= t.scrollTop && y + h <= t.scrollTop + t.clientHeight;
      }, Number(l));
      assert.ok(inView, `line ${l} is scrolled into view`);
    }

    // A file with one problem: jump to it, fix it by typing, and the guide plays.
    assert.equal(await dropFile(page, 'unknown-node.json', fixture('unknown-node.json')), 'invalid');
    assert.deepEqual(await diagnostics(page), [fixture('unknown-node.expected').trim()]);
    await page.locator(`${NOT_LINT} button`).first().click();
    assert.deepEqual(await caret(page), { line: 118, column: 19, focused: true });
    const before = await checks(page);
    // The caret is on the opening quote of "monhts": step past `"mon`, delete `ht`, type `th`.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await page.keyboard.type('th');
    assert.equal(await checked(page, before), 'valid', 'the edit is re-checked');
    assert.equal(await page.locator(NOT_LINT).count(), 0);
    // What is left are the standards lints about the fixture's unmarked text: warnings, so it plays.
    assert.ok((await page.locator('#diagnostics li').evaluateAll((li) => li.map((x) => x.dataset.severity))).every((s) => s === 'warning'));
    assert.match(await page.locator('#summary').textContent(), /^No errors; \d+ warnings\. The guide plays below\.$/);
    await ready(page);
    assert.equal(await page.locator('.ag-title').textContent(), JSON.parse(await page.locator('#source').inputValue()).meta.title);
    const id = await chooseFirst(page);
    assert.ok(id);
    assert.equal(await step(page), 1);
    assert.ok(await page.locator('.ag-card').isVisible(), 'a card after the first choice');
    await screenshot(page, 'author-valid.png');

    // Broken again: the problem is listed and the preview goes until it is fixed.
    const again = await checks(page);
    await page.locator('#source').focus(); // the caret is still just after the typed "th"
    await page.keyboard.type('x');
    assert.equal(await checked(page, again), 'invalid');
    assert.match((await diagnostics(page))[0], /^118:19: nodes\[0\]\.choices\[2\]\.next: unknown node or ending "monthxs" — did you mean "months"\?$/);
    assert.equal(await page.locator('#preview agreement-guide').count(), 0);

    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
    assert.ok(requests.every((r) => r.startsWith('GET ')), `only GETs for the page's own files: ${requests.join(', ')}`);
    assert.ok(!requests.some((r) => /fixtures|several-problems|unknown-node/.test(r)), 'the dropped file is never sent anywhere');
    watch.assertClean();
    await page.close();
  });

  test(`every invalid fixture (${INVALID.length}) shows exactly the diagnostics in its .expected file`, async () => {
    assert.ok(INVALID.length >= 20);
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    for (const name of INVALID) {
      const before = await checks(page);
      await page.locator('#file').setInputFiles(path.join(FIXTURES, `${name}.json`));
      if (name.startsWith('lint-')) {
        // A lint fixture plays here (its lint is a warning, as under `check`); the page lists the
        // lint, located, as `check --strict` does but marked as a warning.
        assert.equal(await checked(page, before), 'valid', name);
        const expected = fixture(`${name}.expected`).trim().split('\n').map((l) => l.replace(/^(\d+:\d+: \S+: )/, '$1warning: '));
        assert.deepEqual(await diagnostics(page, { lints: true }), expected, name);
        continue;
      }
      assert.equal(await checked(page, before), 'invalid', name);
      const expected = fixture(`${name}.expected`).trim().split('\n');
      assert.deepEqual(await diagnostics(page), expected, name);
      // Every located diagnostic is a button that jumps to its place.
      const buttons = await page.locator(`${NOT_LINT} button`).evaluateAll((b) => b.map((x) => `${x.dataset.line}:${x.dataset.column}`));
      assert.deepEqual(buttons, expected.map((l) => l.match(/^(\d+:\d+):/)?.[1]).filter(Boolean), name);
    }
    watch.assertClean();
    await page.close();
  });

  test('a valid guide with warnings plays, lists the model check\'s warnings, and tables the core\'s exact odds per strategy', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    // The sanction choice and the bad ending made impossible: two located warnings
    // (every paragraph marked or cited, so the standards lints add none).
    const text = readFileSync(path.join(ROOT, 'tests/fixtures/valid/minimal.json'), 'utf8')
      .replace('"when": "angry"', '"when": "angry && trust > 100"')
      .replace('"weight": "1 - trust / 100"', '"weight": "0 * trust"')
      .replace('"Something was stolen."', '"[!game] Something was stolen."')
      .replace('"Time goes by."', '"[!game] Time goes by."')
      .replace('"summary": "Cooperation."', '"summary": "[!model] Cooperation."')
      .replace('"summary": "No cooperation."', '"summary": "[!model] No cooperation."')
      .replace('"In reality, theft went on."', '"In reality, theft went on.[^src]"');
    assert.equal(await dropFile(page, 'minimal.json', text), 'valid');
    const warnings = await diagnostics(page);
    assert.equal(warnings.length, 2);
    assert.ok(warnings.every((w) => /^\d+:\d+: \S+: warning: /.test(w)), warnings.join('\n'));
    assert.match(await page.locator('#summary').textContent(), /^No errors; 2 warnings\. The guide plays below\./);
    await ready(page);

    // A shipped guide, from the picker; the table is the core's odds for each strategy.
    const before = await checks(page);
    await page.locator('#example').selectOption('scenarios/wto-disputes.json');
    assert.equal(await checked(page, before), 'valid');
    await ready(page);
    const core = await page.evaluate(async () => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const g = m.Guide.load(await (await fetch('/scenarios/wto-disputes.json')).text(), 0);
      const info = g.info('en');
      const odds = info.strategies.map((s) => ({ id: s.id, label: s.label, endings: g.odds(s.id).endings }));
      g.free();
      return { endings: info.endings, odds };
    });
    const headers = await page.locator('.author-odds-table thead th').allTextContents();
    // The core names no built-in strategy (its words are the front end's): the page calls `uniform` a random reader.
    assert.equal(core.odds.find((o) => o.id === 'uniform')?.label, '');
    assert.deepEqual(headers, ['Ending', ...core.odds.map((o) => (o.id === 'uniform' ? 'Random reader' : o.label))]);
    const rows = await page.locator('.author-odds-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ ending: tr.dataset.ending, p: [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.p)), text: [...tr.querySelectorAll('td')].map((td) => td.textContent) })),
    );
    assert.deepEqual(rows.map((r) => r.ending), core.endings.map((e) => e.id));
    for (const r of rows) {
      assert.deepEqual(r.p, core.odds.map((o) => o.endings[r.ending]), r.ending);
      assert.ok(r.text.every((t) => /^\d+\.\d%$/.test(t)), r.text.join(' '));
    }
    for (const o of core.odds) {
      const sum = Object.values(o.endings).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `${o.id}: the odds of the endings add up to 1`);
    }
    await screenshot(page, 'author-odds.png');
    watch.assertClean();
    await page.close();
  });

  test('axe-core finds no violations on the preview page: empty, with problems, and playing with odds', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await assertNoAxeViolations(page, 'author.html, empty', watch);
    await dropFile(page, 'no-way-out.json', fixture('no-way-out.json'));
    await assertNoAxeViolations(page, 'author.html with errors and warnings', watch);
    const before = await checks(page);
    await page.locator('#example').selectOption('scenarios/us-china-2015.json');
    assert.equal(await checked(page, before), 'valid');
    await ready(page);
    await choose(page, await page.locator('[data-choice-id]:not([aria-disabled])').first().getAttribute('data-choice-id'));
    await assertNoAxeViolations(page, 'author.html playing, with odds', watch);
    // Usable on a phone: nothing makes the page scroll sideways (the odds table scrolls in its own region).
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `no sideways scrolling at ${width} px`);
    }
    await screenshot(page, 'author-1280.png');
    // A reader whose system is dark gets the dark page colours, still with enough contrast.
    await page.emulateMedia({ colorScheme: 'dark' });
    await dropFile(page, 'several-problems.json', fixture('several-problems.json'));
    // demo.css writes each colour once as light-dark(): the body follows the reader's setting (color-scheme "light dark") and is painted dark.
    assert.deepEqual(
      await page.evaluate(() => ({ scheme: getComputedStyle(document.body).colorScheme, bg: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(document.body).color })),
      { scheme: 'light dark', bg: 'rgb(21, 21, 21)', fg: 'rgb(232, 230, 225)' },
    );
    await assertNoAxeViolations(page, 'author.html with errors, dark', watch);
    await screenshot(page, 'author-dark.png');
    watch.assertClean();
    await page.close();
  });

  test('a file too big to be a scenario is refused with a message, not loaded into the editor', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await dropFile(page, 'unknown-node.json', fixture('unknown-node.json'));
    const before = await page.locator('#source').inputValue();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(5 * 1024 * 1024)], 'huge.bin'));
      document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.locator('#summary', { hasText: 'huge.bin is 5.0 MB; a scenario file may be at most 4.0 MB. It was not opened.' }).waitFor();
    assert.equal(await page.locator('#source').inputValue(), before, 'the editor keeps what it had');
    watch.assertClean();
    await page.close();
  });

  test('an empty editor invites a start (a new guide, the demo guide, a file) instead of reporting a syntax error', async () => {
    const starter = readFileSync(path.join(ROOT, 'templates', 'starter.json'), 'utf8');
    for (const [button, expected] of [
      ['#start-new', starter],
      ['#start-demo', www('scenarios/us-china-2015.json')],
      ['#start-file', starter],
    ]) {
      const page = await freshPage(browser, server);
      const watch = watchPage(page);
      assert.equal(await page.locator('#start').isVisible(), true, 'the invitation shows');
      assert.equal(await page.locator('#summary').textContent(), 'No scenario yet.');
      assert.doesNotMatch(await page.locator('.author-source').innerText(), /syntax error/);
      await page.locator('#view-translate').click();
      assert.doesNotMatch(await page.locator('.author-source').innerText(), /syntax error/);
      await page.locator('#view-form').click();
      if (button === '#start-file') {
        // The browser's own file chooser opens; the file picked is opened.
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(button).click()]);
        await chooser.setFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(starter) });
      } else await page.locator(button).click();
      await page.locator('#summary[data-state="valid"]').waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('#source').inputValue(), expected, button);
      assert.equal(await page.locator('#start').isVisible(), false, 'the invitation leaves once a guide is open');
      watch.assertClean();
      await page.close();
    }
  });

  test('author.html?src= opens that guide (its JSON, or the JSON a compiled guide names) from this site only', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await page.goto(`${server.url}author.html?src=scenarios/wto-disputes.json`);
    await page.locator('#summary[data-state="valid"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#source').inputValue(), www('scenarios/wto-disputes.json'));
    assert.equal(await page.locator('#example').inputValue(), 'scenarios/wto-disputes.json');
    assert.equal(new URL(page.url()).search, '', `src leaves the address: ${page.url()}`);
    // A reload reopens the draft, edits and all, not the file again.
    await page.locator('#view-json').click();
    await page.locator('#source').press('End');
    await page.locator('#source').press('Enter');
    await page.waitForFunction(() => document.getElementById('draft-status').dataset.saved === 'true');
    const edited = await page.locator('#source').inputValue();
    await page.reload();
    await page.locator('#summary[data-state="valid"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#source').inputValue(), edited);

    await page.goto(`${server.url}author.html?src=scenarios/us-china-2015.compiled.json`);
    await page.locator('#summary[data-state="valid"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#source').inputValue(), www('scenarios/us-china-2015.json'));
    assert.equal(await page.evaluate(() => document.body.dataset.file), 'us-china-2015.json');

    // Another site: refused in words, nothing fetched, the invitation to start instead.
    for (const src of ['https://example.com/guide.json', '//example.com/guide.json']) {
      await page.goto(`${server.url}author.html?src=${encodeURIComponent(src)}`);
      await page.locator('#summary[data-state="refused"]').waitFor();
      assert.equal(
        await page.locator('#summary').textContent(),
        `The link asked for the guide at “${src}”, which is not on this site, so it was not opened: this editor opens guides from ${new URL(server.url).origin} only. Open a file or start a guide below.`,
      );
      assert.equal(await page.locator('#start').isVisible(), true);
      assert.equal(await page.locator('#source').inputValue(), '');
    }
    // No request left 127.0.0.1 (the engine's download, cut short by each new page, may be reported aborted).
    assert.deepEqual([watch.externalRequests, watch.consoleErrors, watch.pageErrors], [[], [], []]);

    await page.goto(`${server.url}author.html?src=scenarios/missing.json`);
    await page.locator('#summary[data-state="refused"]').waitFor();
    assert.equal(await page.locator('#summary').textContent(), 'The guide at “scenarios/missing.json” could not be loaded (the server answered 404).');
    assert.match(watch.consoleErrors.join('\n'), /404/);
    await page.close();
  });

  test('the demo article\'s "Edit this guide" opens the guide on show in the editor', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html?guide=wto-disputes`);
    const link = page.locator('footer a#edit-guide');
    assert.equal(await link.getAttribute('href'), 'author.html?src=scenarios/wto-disputes.json');
    await link.click();
    await page.waitForURL(/author\.html/);
    await page.locator('#summary[data-state="valid"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('h1').textContent(), 'Guide editor');
    assert.equal(await page.locator('#source').inputValue(), www('scenarios/wto-disputes.json'));
    watch.assertClean();
    await page.close();
  });
});
