// The author page's editors (www/author.html) in Chromium, as a producer
// uses them: a new guide built from the starter with the form alone —
// a card, a choice with two weighted outcomes, a meter, an ending, a cited
// source — downloaded and passed by the CLI's check (--strict once the CLI
// has it) and by its paths command (every ending reachable); a shipped
// guide's heading edited in the form and shown at once by the preview,
// which follows the card being edited; a draft that survives a reload;
// undo and redo; a file of another format refused; the translation view's
// untranslated count falling as a translator fills the Chinese fields;
// axe-core on every view, and the page at 1024 px and tablet width.
//
// Run after `npm run build`:  node --test tests/e2e/author-editor.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, watchPage, screenshot, assertNoAxeViolations, ROOT, ready, headingText } from './helpers.mjs';

/** The CLI: the built binary when there is one, else through cargo. */
function cli(...args) {
  const bin = path.join(ROOT, 'target', 'debug', 'agreement-guide');
  const [cmd, pre] = existsSync(bin) ? [bin, []] : ['cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--']];
  return execFileSync(cmd, [...pre, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A page on author.html with this browser's drafts cleared first (each test starts with none). */
async function freshPage(browser, server, { width = 1024 } = {}) {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${server.url}author.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  return page;
}

/** Waits until the core has checked the page's current text; returns 'valid' or 'invalid'. */
async function settled(page) {
  await page.locator('#summary[data-pending="false"]').waitFor({ timeout: 20_000 });
  return page.locator('#summary').getAttribute('data-state');
}

const field = (page, p) => page.locator(`#form-view [data-path="${p}"]`);
const outline = (page, item) => page.locator(`.outline-item[data-item='${JSON.stringify(item)}']`);

/** Opens an outline item and waits for its form. */
async function openItem(page, item) {
  await outline(page, item).click();
  await page.locator(`.outline-item[aria-current="true"][data-item='${JSON.stringify(item)}']`).waitFor();
}

/** Puts `[^key]` into the text field at `p` with its citation picker. */
async function cite(page, p, key) {
  const id = await field(page, p).getAttribute('id');
  await page.locator(`.cite-picker[data-cite-for="${id}"]`).selectOption(key);
}

/**
 * Replaces every starter placeholder in the form, item by item, as an
 * author would (each paragraph cited, so the standards lints pass too).
 */
async function replacePlaceholders(page) {
  const items = await page.locator('.outline-item').evaluateAll((bs) => bs.map((b) => b.dataset.item));
  for (const item of items) {
    await openItem(page, JSON.parse(item));
    const inputs = await page.locator('#form-view [data-path]').evaluateAll((xs) => xs.filter((x) => /REPLACE/.test(x.value ?? '')).map((x) => x.dataset.path));
    for (const p of inputs) {
      let value = 'Words of our own for this test';
      if (/\.url$/.test(p)) value = 'https://example.org/agreement';
      else if (/\.citation$/.test(p)) value = 'Test Publisher, “The agreement”, 2015';
      else if (/\.(body|summary|reality|assumptions|text|description|prompt)$/.test(p)) value = 'A paragraph written for this test, with its source.[^the-agreement]';
      await field(page, p).fill(value);
    }
  }
}

describeInBrowser('the form editor and its companions (author.html)', { browser: { acceptDownloads: true } }, ({ server, browser, tmpDir }) => {
  let tmp;
  before(() => (tmp = tmpDir('agreement-guide-author-')));

  test('a new guide from the starter, built with the form alone, downloads as JSON that the CLI passes and plays to every ending', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await page.locator('#new-guide').click();
    assert.equal(await settled(page), 'valid', 'the starter is valid');

    // A meter.
    await page.locator('button[data-action="add-variables"]').click();
    const m = (await page.locator('#form-view [data-path^="variables["]').first().getAttribute('data-path')).match(/^variables\[(\d+)\]/)[1];
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `variables[${m}].label`, 'focus goes to the new meter’s label');
    await field(page, `variables[${m}].label`).fill('Pressure (model)');
    await field(page, `variables[${m}].id`).fill('pressure');
    await field(page, `variables[${m}].description`).fill('How hard Side A pushes: a model assumption, not data.');

    // A source, added once and cited below.
    await page.locator('button[data-action="add-sources"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new-source-key');
    await page.locator('#new-source-key').fill('un-report');
    await page.locator('#new-source-title').fill('A report on the agreement');
    await page.locator('#new-source-publisher').fill('United Nations');
    await page.locator('#new-source-date').fill('2016-05-01');
    await page.locator('#new-source-url').fill('https://example.org/un-report');
    await page.locator('#new-source-lang').fill('en');
    await page.locator('form[data-form="new-source"] button[type="submit"]').click();
    await outline(page, { kind: 'sources', key: 'un-report' }).waitFor();
    assert.equal(await field(page, 'meta.sources.un-report.citation').inputValue(), 'United Nations, “A report on the agreement”');
    // A key renamed renames its citations.
    await openItem(page, { kind: 'sources', key: 'agreement' });
    await page.locator('#source-key').fill('the-agreement');
    await page.locator('#source-key').press('Tab');
    await outline(page, { kind: 'sources', key: 'the-agreement' }).waitFor();
    assert.ok(!(await page.locator('#source').inputValue()).includes('[^agreement]'));
    assert.ok((await page.locator('#source').inputValue()).includes('[^the-agreement]'));

    // An ending.
    await page.locator('button[data-action="add-endings"]').click();
    const e = 2;
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `endings[${e}].verdict`);
    await field(page, `endings[${e}].verdict`).fill('A stand-off');
    await field(page, `endings[${e}].summary`).fill('Neither side moves; the model ends in a stand-off.[^un-report]');
    await field(page, `endings[${e}].reality`).fill('What happened in reality is in the report.');
    await cite(page, `endings[${e}].reality`, 'un-report');
    assert.equal(await field(page, `endings[${e}].reality`).inputValue(), 'What happened in reality is in the report.[^un-report]');
    await field(page, `endings[${e}].id`).fill('stand-off');
    await field(page, `endings[${e}].id`).press('Tab'); // an id is renamed on change

    // A card, with a choice of two weighted outcomes.
    await page.locator('button[data-action="add-nodes"]').click();
    const n = 2;
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `nodes[${n}].heading`, 'focus goes to the new card’s heading');
    await field(page, `nodes[${n}].heading`).fill('A second round of talks');
    await field(page, `nodes[${n}].body`).fill('The two sides meet again.');
    await cite(page, `nodes[${n}].body`, 'un-report');
    await field(page, `nodes[${n}].actor`).selectOption('side-a');
    await field(page, `nodes[${n}].choices[0].label`).fill('Wait and see');
    await field(page, `nodes[${n}].choices[0].next`).selectOption('working');
    await page.locator('button[data-action="add-choice"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `nodes[${n}].choices[1].label`);
    const c = `nodes[${n}].choices[1]`;
    await field(page, `${c}.label`).fill('Press hard');
    await page.locator(`input[data-action="choice-mode"][data-path="${c}"][value="outcomes"]`).check();
    await field(page, `${c}.outcomes[0].label`).waitFor();
    await page.locator(`button[data-action="add-outcome"][data-path="${c}.outcomes"]`).click();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `${c}.outcomes[1].label`);
    await field(page, `${c}.outcomes[0].label`).fill('Side B gives way');
    await field(page, `${c}.outcomes[0].text`).fill('Side B agrees to act.');
    await field(page, `${c}.outcomes[0].weight`).fill('1 + pressure / 100');
    await field(page, `${c}.outcomes[0].next`).selectOption('working');
    await page.locator(`button[data-action="add-effect"][data-path="${c}.outcomes[0].effects"]`).click();
    const row = page.locator(`[data-effects="${c}.outcomes[0].effects"] .effect-row`).first();
    await row.locator('[data-fx="op"]').selectOption('add');
    await row.locator('[data-fx="var"]').selectOption('pressure');
    await row.locator('[data-fx="value"]').fill('10');
    await field(page, `${c}.outcomes[1].label`).fill('Side B digs in');
    await field(page, `${c}.outcomes[1].weight`).fill('2');
    await field(page, `${c}.outcomes[1].next`).selectOption('stand-off');

    // The starter's quiet choice now leads to the new card.
    await openItem(page, { kind: 'nodes', index: 0 });
    await field(page, 'nodes[0].choices[2].next').selectOption('card');
    await replacePlaceholders(page);
    await openItem(page, { kind: 'meta' });
    await field(page, 'meta.id').fill('test-guide');
    assert.equal(await settled(page), 'valid', await page.locator('#diagnostics').textContent());
    await ready(page);
    await screenshot(page, 'author-form-built.png');

    // Download it, and hand the file to the CLI.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    assert.equal(download.suggestedFilename(), 'test-guide.json');
    const file = path.join(tmp, 'test-guide.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    const guide = JSON.parse(text);
    assert.equal(text, `${JSON.stringify(guide, null, 2)}\n`, 'formatted like the shipped guides');
    assert.equal(guide.$schema, './schema.json', '$schema is kept');
    assert.equal(guide.nodes[n].choices[1].outcomes.length, 2);
    assert.deepEqual(guide.nodes[n].choices[1].outcomes[0].effects, { add: { pressure: 10 } });
    assert.match(guide.nodes[n].body, /\[\^un-report\]$/);
    assert.ok(!text.includes('REPLACE'));
    // `--strict` arrives with the standards lints; use it whenever this CLI has it.
    const strict = cli('check', '--help').includes('--strict');
    cli('check', ...(strict ? ['--strict'] : []), file); // throws (exit 1) on any problem
    const paths = JSON.parse(cli('paths', '--format', 'json', file));
    assert.deepEqual(paths.endings.map((x) => x.id), ['working', 'broken', 'stand-off']);
    for (const x of paths.endings) assert.ok(x.witness, `a run reaches ${x.id}`);
    watch.assertClean();
    await page.close();
  });

  test('a shipped guide’s heading edited in the form shows in the preview at once, which follows the card being edited', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await page.locator('#example').selectOption('scenarios/us-china-2015.json');
    assert.equal(await settled(page), 'valid');
    await ready(page);
    const doc = JSON.parse(readFileSync(path.join(ROOT, 'scenarios', 'us-china-2015.json'), 'utf8'));
    assert.equal(await headingText(page), doc.nodes[0].heading.en, 'the first card, selected on open, is playing');

    await field(page, 'nodes[0].heading').fill('A heading typed in the form');
    assert.equal(await settled(page), 'valid');
    await ready(page);
    assert.equal(await headingText(page), 'A heading typed in the form');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'nodes[0].heading', 'the author keeps the focus');

    // Another card: the preview plays to it.
    const k = doc.nodes.findIndex((x, i) => i > 2 && !x.id.startsWith('flashpoint'));
    await openItem(page, { kind: 'nodes', index: k });
    await page.locator(`#preview agreement-guide[data-follows="${doc.nodes[k].id}"]`).waitFor();
    await ready(page);
    assert.equal(await headingText(page), doc.nodes[k].heading.en);
    await field(page, `nodes[${k}].heading`).fill('Another heading');
    await settled(page);
    await ready(page);
    assert.equal(await headingText(page), 'Another heading');
    await screenshot(page, 'author-form-us-china.png');

    // The map view: the core's layout, each box opening its card in the form.
    await page.locator('#view-map').click();
    const boxes = await page.evaluate(async (text) => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const g = m.Guide.load(text, 0);
      const ids = g.map().items.filter((it) => !it.dormant).map((it) => it.id);
      g.free();
      return ids;
    }, await page.locator('#source').inputValue());
    assert.deepEqual(await page.locator('.author-map-item').evaluateAll((gs) => gs.map((g) => g.dataset.item)), boxes);
    await page.locator(`.author-map-item[data-item="${doc.nodes[1].id}"]`).click();
    assert.equal(await page.locator('#view-form').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.outline-item[aria-current="true"]').getAttribute('data-item'), JSON.stringify({ kind: 'nodes', index: 1 }));
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('form-title')), true, 'focus on the card’s form');
    await openItem(page, { kind: 'nodes', index: k });

    // Undo and redo walk over the edits.
    await page.locator('#undo').click();
    await settled(page);
    assert.equal(await field(page, `nodes[${k}].heading`).inputValue(), doc.nodes[k].heading.en);
    await page.locator('#redo').click();
    await settled(page);
    assert.equal(await field(page, `nodes[${k}].heading`).inputValue(), 'Another heading');
    watch.assertClean();
    await page.close();
  });

  test('a draft survives a reload and is listed to reopen; a file of another format is refused and changes nothing', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await page.locator('#new-guide').click();
    await settled(page);
    await field(page, 'nodes[0].heading').fill('Half-written heading');
    await settled(page);
    await ready(page);
    await page.reload();
    // The widget starts its own download of the wasm even when the page has already
    // started the core (www/agreement-guide.js, loadCore); that unused download is cut
    // short by the reload. It is not an error anyone sees; anything else is.
    const cut = watch.failedRequests.filter((r) => /\/pkg\/agreement_guide_bg\.wasm: net::ERR_ABORTED$/.test(r));
    assert.ok(cut.length <= 1, cut.join(', '));
    watch.failedRequests.splice(0, Infinity, ...watch.failedRequests.filter((r) => !cut.includes(r)));
    await settled(page);
    assert.equal(await field(page, 'nodes[0].heading').inputValue(), 'Half-written heading');
    assert.match(await page.locator('#draft-status').textContent(), /^Reopened your draft/);

    // A second draft, then the first again from the list.
    await page.locator('#example').selectOption('scenarios/wto-disputes.json');
    await settled(page);
    const drafts = await page.locator('#recent option').allTextContents();
    assert.equal(drafts.length, 2, drafts.join(' | '));
    const first = await page.locator('#recent option').nth(1).getAttribute('value');
    await page.locator('#recent').selectOption(first);
    await page.locator('#open-recent').click();
    await settled(page);
    assert.equal(await field(page, 'nodes[0].heading').inputValue(), 'Half-written heading');

    // An edit in the JSON view shows in the form, and is one more step of undo.
    await page.locator('#view-json').click();
    const json = await page.locator('#source').inputValue();
    await page.locator('#source').fill(json.replace('"Half-written heading"', '"Written in the JSON view"'));
    await settled(page);
    await page.locator('#view-form').click();
    assert.equal(await field(page, 'nodes[0].heading').inputValue(), 'Written in the JSON view');
    await page.locator('#undo').click();
    assert.equal(await field(page, 'nodes[0].heading').inputValue(), 'Half-written heading');
    await settled(page);

    // JSON of another format (an ink story) is refused; the draft stays.
    const before = await page.locator('#source').inputValue();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([JSON.stringify({ inkVersion: 21, root: [] })], 'story.ink.json', { type: 'application/json' }));
      document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.locator('#summary', { hasText: 'story.ink.json is JSON of another format' }).waitFor();
    assert.equal(await page.locator('#source').inputValue(), before);
    assert.equal(await page.locator('#recent option').count(), 2, 'no draft was made for it');
    watch.assertClean();
    await page.close();
  });

  test('the translation view counts the Chinese guide’s untranslated fields down as they are filled, and flags a changed source', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await page.locator('#example').selectOption('scenarios/us-china-2015.json');
    await settled(page);
    await page.locator('#view-translate').click();
    const counts = async () => page.locator('#translate-summary').evaluate((s) => ({ untranslated: Number(s.dataset.untranslated), changed: Number(s.dataset.changed) }));
    assert.equal(await page.locator('#translate-lang').inputValue(), 'zh');
    assert.deepEqual(await counts(), { untranslated: 0, changed: 0 }, 'the shipped guide is fully translated');

    // A new card in the form: its English text is not yet in Chinese.
    await page.locator('#view-form').click();
    await page.locator('button[data-action="add-nodes"]').click();
    const n = JSON.parse(await page.locator('.outline-item[aria-current="true"]').getAttribute('data-item')).index;
    await field(page, `nodes[${n}].heading`).fill('A new card');
    await field(page, `nodes[${n}].body`).fill('Its body, in English.');
    await field(page, `nodes[${n}].choices[0].label`).fill('Go on');
    // And an English heading changed under its translation.
    await openItem(page, { kind: 'nodes', index: 0 });
    await field(page, 'nodes[0].heading').fill('A changed English heading');
    await settled(page);
    await page.locator('#view-translate').click();
    assert.deepEqual(await counts(), { untranslated: 3, changed: 1 });
    await screenshot(page, 'author-translate.png');
    const rows = page.locator('.translate-row[data-state="untranslated"]');
    assert.equal(await rows.count(), 3);
    for (const [i, zh] of ['新卡片', '正文。', '继续'].entries()) {
      await rows.first().locator('input, textarea').fill(zh);
      assert.equal((await counts()).untranslated, 2 - i, `after filling ${i + 1}`);
    }
    await page.locator('.translate-row[data-state="changed"] input, .translate-row[data-state="changed"] textarea').fill('改过的标题');
    assert.deepEqual(await counts(), { untranslated: 0, changed: 0 });
    await settled(page);
    const saved = JSON.parse(await page.locator('#source').inputValue());
    assert.deepEqual(saved.nodes[n].heading, { en: 'A new card', zh: '新卡片' });
    assert.deepEqual(saved.nodes[0].heading, { en: 'A changed English heading', zh: '改过的标题' });
    watch.assertClean();
    await page.close();
  });

  test('axe-core finds no violations in the form, translation and JSON views; the page fits 1024 px and a tablet', async () => {
    const page = await freshPage(browser, server);
    const watch = watchPage(page);
    await page.locator('#new-guide').click();
    await settled(page);
    await ready(page);
    await field(page, 'nodes[0].heading').fill('');
    await field(page, 'nodes[0].choices[1].when').fill('stalled &&');
    assert.equal(await settled(page), 'invalid');
    assert.ok(await page.locator('#form-view .field-diag').count() >= 1, 'a problem is shown beside its field');
    const beside = await field(page, 'nodes[0].choices[1].when').evaluate((x) => x.closest('.field').querySelector('.field-diag')?.textContent ?? '');
    assert.match(beside, /^Error/);
    await assertNoAxeViolations(page, 'the form editor with problems', watch);
    await screenshot(page, 'author-form-problems.png');
    // Removing a choice puts the focus on "Add choice"; Ctrl+Z brings the choice back.
    await page.locator('button[data-action="remove"][data-path="nodes[0].choices[2]"]').click();
    assert.deepEqual(await page.evaluate(() => [document.activeElement.dataset.action, document.activeElement.dataset.path]), ['add-choice', 'nodes[0].choices']);
    assert.equal(await page.locator('#form-view [data-loc^="nodes[0].choices["].choice').count(), 2);
    await page.keyboard.press('Control+z');
    await field(page, 'nodes[0].choices[2].label').waitFor();
    assert.equal(await page.locator('#form-view [data-loc^="nodes[0].choices["].choice').count(), 3);
    // Removing a card puts the focus on "Add card", and it stays there when the check redraws the outline.
    await openItem(page, { kind: 'nodes', index: 1 });
    await page.locator('button[data-action="remove-item"]').click();
    await settled(page);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'add-nodes');
    await page.keyboard.press('Control+z');
    await settled(page);
    await page.locator('#example').selectOption('scenarios/us-china-2015.json');
    await settled(page);
    await field(page, 'nodes[0].heading').fill('A changed English heading');
    await field(page, 'nodes[0].choices[0].label').fill('A changed English label');
    await page.locator('#view-translate').click();
    assert.equal(await page.locator('.translate-row').count(), 2);
    await assertNoAxeViolations(page, 'the translation view', watch);
    await page.locator('#view-json').click();
    await assertNoAxeViolations(page, 'the JSON view', watch);
    await page.locator('#view-map').click();
    await page.locator('.author-map-item').first().waitFor();
    await assertNoAxeViolations(page, 'the map view', watch);
    await page.locator('#view-form').click();
    for (const [width, name] of [[1024, 'author-editor-1024.png'], [768, 'author-editor-tablet.png']]) {
      await page.setViewportSize({ width, height: 1000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `no sideways scrolling at ${width} px`);
      await page.screenshot({ path: path.join(ROOT, 'test-artifacts', name) });
    }
    watch.assertClean();
    await page.close();
  });
});
