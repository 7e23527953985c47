// The classroom worksheet in Chromium: classroom mode's "Print a worksheet"
// lays out the map of decisions, the discussion prompts with lines to write
// on, the endings' verdicts and the sources; printed to PDF on A4 (Chromium's
// own print, with its default margins) it fits on at most six pages in
// English and in Chinese, and the PDF's text holds every prompt and every
// ending's verdict of the guide file. "Print the full script" still prints
// every card, and the browser's own Print gets the worksheet. Pages are
// counted with pdfinfo and the first is drawn with pdftoppm (Debian's
// poppler-utils, installed by npm run setup) into test-artifacts/.
//
// Run after `npm run build`:  node --test tests/e2e/worksheet.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describeInBrowser, ready, artifact, ROOT } from './helpers.mjs';

/** The most pages a teacher should have to print for one lesson. */
const MAX_PAGES = 6;

/** Chromium's default print margins (about 1 cm), which a teacher's print dialog starts with. */
const PRINT = { format: 'A4', margin: { top: '1cm', right: '1cm', bottom: '1cm', left: '1cm' } };

const guide = (file) => JSON.parse(readFileSync(path.join(ROOT, 'scenarios', file), 'utf8'));

/** A text of the guide file in `lang`, as plain text (markup marks and citations taken out). */
const textIn = (t, lang) =>
  (typeof t === 'string' ? t : t[lang])
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/\[!\w+\]/g, '')
    .replace(/[*_]/g, '');

/** Text with every space and line break taken out (pdftotext breaks lines and may space ideographs). */
const squeeze = (s) => s.replace(/\s+/g, '');

const pages = (pdf) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
const pdfText = (pdf) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

/** Clicks a print button (the print dialog stubbed) and waits for what it laid out. */
async function printFrom(page, action, kind) {
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => (window.printed += 1);
  });
  await page.locator(`[data-action="${action}"]`).click();
  await page.waitForFunction(() => window.printed === 1, null, { timeout: 15_000 });
  assert.equal(await page.locator('.ag-handout').getAttribute('data-print'), kind);
}

describeInBrowser('the classroom worksheet', { browser: { viewport: { width: 1100, height: 900 } } }, ({ server, newPage }) => {
  for (const [file, lang] of [
    ['us-china-2015.json', 'en'],
    ['us-china-2015.json', 'zh'],
    ['wto-disputes.json', 'en'],
  ]) {
    const json = guide(file);
    const name = `${file.replace('.json', '')}-${lang}`;

    test(`${name}: the worksheet prints on at most ${MAX_PAGES} A4 pages with every prompt and verdict; the full script still prints`, async () => {
      const { page, watch } = await newPage();
      await page.goto(`${server.url}embed.html?seed=1&mode=classroom&lang=${lang}&src=scenarios/${file}`);
      await ready(page);
      assert.equal(await page.locator('[data-action="print-worksheet"]').isVisible(), true);
      await printFrom(page, 'print-worksheet', 'worksheet');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.ag-body').isVisible(), false, 'the game is not printed');

      // The map: every card once, in reading order from the start, each with all its choices.
      const cards = await page.locator('.ag-ws-card').evaluateAll((lis) => lis.map((li) => ({ id: li.dataset.node, choices: [...li.querySelectorAll(':scope > ul > li')].map((c) => c.dataset.choice) })));
      assert.equal(cards[0].id, json.meta.start);
      assert.deepEqual(cards.map((c) => c.id).sort(), json.nodes.map((n) => n.id).sort());
      for (const n of json.nodes) assert.deepEqual(cards.find((c) => c.id === n.id).choices, n.choices.map((c) => c.id), `the choices of ${n.id}`);
      // A choice names where it leads: a card by its number, an ending by its letter.
      const first = json.nodes.find((n) => n.id === json.meta.start).choices[0];
      assert.equal(typeof first.next, 'string', 'the first choice leads to one card');
      const firstTarget = cards.findIndex((c) => c.id === first.next) + 1;
      assert.match(await page.locator(`.ag-ws-card[data-node="${json.meta.start}"] [data-choice="${first.id}"] .ag-ws-to`).textContent(), new RegExp(`→\\s*${firstTarget}$`));

      // Every prompt (with its lines to write on) and every ending, as the guide file words them.
      const prompted = json.nodes.filter((n) => n.prompt);
      assert.deepEqual(await page.locator('.ag-ws-prompt').evaluateAll((lis) => lis.map((li) => li.dataset.node)), cards.map((c) => c.id).filter((id) => prompted.some((n) => n.id === id)));
      assert.equal(await page.locator('.ag-ws-prompt .ag-ws-lines > span').count(), prompted.length * 3);
      assert.deepEqual(await page.locator('.ag-ws-ending').evaluateAll((lis) => lis.map((li) => li.dataset.ending)), json.endings.map((e) => e.id));
      assert.equal(await page.locator('.ag-ws-sources > li').count(), Object.keys(json.meta.sources).length);

      const pdf = artifact(`worksheet-${name}.pdf`);
      await page.pdf({ path: pdf, ...PRINT });
      const n = pages(pdf);
      console.log(`# ${name}: worksheet ${n} A4 pages`);
      assert.ok(n >= 2 && n <= MAX_PAGES, `the worksheet is ${n} pages`);
      // On paper (the PDF's own text): every prompt and every ending's verdict of the guide.
      const printed = squeeze(pdfText(pdf));
      for (const p of prompted) assert.ok(printed.includes(squeeze(textIn(p.prompt, lang))), `prompt of ${p.id} printed`);
      for (const e of json.endings) assert.ok(printed.includes(squeeze(textIn(e.verdict, lang))), `verdict of ${e.id} printed`);
      // The first page as an image, to look at.
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, artifact(`worksheet-${name}-page1`)]);

      // The full script, from its own button: every card with its text, on more pages.
      await page.emulateMedia({ media: 'screen' });
      await printFrom(page, 'print-handout', 'script');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.ag-handout-node').count(), json.nodes.length);
      const full = artifact(`script-${name}.pdf`);
      await page.pdf({ path: full, ...PRINT });
      const fullPages = pages(full);
      console.log(`# ${name}: full script ${fullPages} A4 pages`);
      assert.ok(fullPages > n, `the full script (${fullPages} pages) is longer than the worksheet`);
      assert.ok(squeeze(pdfText(full)).includes(squeeze(textIn(json.endings[0].verdict, lang))));

      // The browser's own Print (Ctrl+P) gets the worksheet again.
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      assert.equal(await page.locator('.ag-handout').getAttribute('data-print'), 'worksheet');
      assert.equal(await page.locator('.ag-ws-prompt').count(), prompted.length);
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await page.locator('.ag-handout').isVisible(), false, 'on screen nothing of it shows');
      await watch.assertClean();
      await page.close();
    });
  }
});
