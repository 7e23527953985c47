// Two format features in the widget: a card's image (an <img> with the
// scenario's alt text in the reader's language, part "image", loaded from the
// guide's own site, relative to the scenario file) and a source's own
// language (the `lang` attribute on that source's text, for screen readers).
//
// Run after `npm run build`:  node --test tests/e2e/images.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, watchPage, ROOT, ready, assertNoAxeViolations, screenshot } from './helpers.mjs';

const SCENARIO = readFileSync(path.join(ROOT, 'tests/fixtures/valid/with-image.json'), 'utf8');
// A 2×1 PNG (one red, one white pixel).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGP4z8Dw//9/AAv7A/3dF29HAAAAAElFTkSuQmCC', 'base64');

describeInBrowser('images on cards and sources in their own language', ({ server, browser }) => {
  const served = [];

  /** A page where `guides/with-image.json` and its image exist on the test server's origin. */
  async function open(query) {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.route(`${server.url}guides/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      served.push(pathname);
      if (pathname === '/guides/with-image.json') return route.fulfill({ status: 200, contentType: 'application/json', body: SCENARIO });
      if (pathname === '/guides/images/hotline.png') return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${server.url}embed.html?src=guides/with-image.json&seed=1&${query}`);
    await ready(page);
    return { page, watch };
  }

  test('a card shows its image with the alt text, resolved against the scenario file', async () => {
    const { page, watch } = await open('lang=en');
    const img = page.locator('.ag-card img');
    assert.equal(await img.count(), 1);
    assert.equal(await img.getAttribute('alt'), 'A red telephone on a desk');
    assert.equal(await img.getAttribute('part'), 'image');
    assert.equal(await img.getAttribute('src'), `${server.url}guides/images/hotline.png`);
    await page.waitForFunction(() => document.querySelector('agreement-guide').shadowRoot.querySelector('.ag-card img').complete);
    assert.equal(await img.evaluate((i) => i.naturalWidth), 2, 'the image loaded from this site');
    assert.ok(served.includes('/guides/images/hotline.png'));
    const caption = page.locator('.ag-card figcaption');
    assert.match(await caption.textContent(), /^The hotline, as imagined\.\s*\[2\]$/);
    assert.equal(await page.locator('.ag-card figure').getAttribute('part'), 'figure');
    await screenshot(page, 'image-card.png');
    await assertNoAxeViolations(page, 'a card with an image', watch);

    // The next card has no image.
    await page.locator('[data-choice-id="quiet"]').click();
    await page.locator('.ag[data-step="1"]').waitFor();
    assert.equal(await page.locator('.ag-card img').count(), 0);
    watch.assertClean();
    await page.close();
  });

  test('an image whose size the guide gives has its box before it loads, and nothing moves when it arrives', async () => {
    const sized = SCENARIO.replace('"src": "images/hotline.png",', '"src": "images/hotline.png", "width": 400, "height": 200,');
    assert.notEqual(sized, SCENARIO);
    const page = await browser.newPage();
    const watch = watchPage(page);
    /** @type {() => void} */
    let release = () => {};
    const held = new Promise((resolve) => (release = () => resolve(undefined)));
    await page.route(`${server.url}guides/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/guides/with-image.json') return route.fulfill({ status: 200, contentType: 'application/json', body: sized });
      if (pathname === '/guides/images/hotline.png') {
        await held;
        return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
      }
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${server.url}embed.html?src=guides/with-image.json&seed=1&lang=en`);
    await ready(page);
    const img = page.locator('.ag-card img');
    assert.equal(await img.getAttribute('width'), '400');
    assert.equal(await img.getAttribute('height'), '200');
    const box = () => img.evaluate((i) => ({ complete: i.complete, ...JSON.parse(JSON.stringify(i.getBoundingClientRect())) }));
    const before = await box();
    assert.equal(before.complete, false, 'the image is still on its way');
    assert.ok(before.height > 0 && Math.abs(before.height - before.width / 2) < 1, `its box is reserved at its shape: ${before.width}×${before.height}`);
    release();
    await page.waitForFunction(() => document.querySelector('agreement-guide')?.shadowRoot?.querySelector('.ag-card img')?.complete);
    const after = await box();
    assert.deepEqual([after.width, after.height, after.top], [before.width, before.height, before.top], 'nothing moved when it loaded');
    watch.assertClean();
    await page.close();
  });

  test('the alt text follows the reader\'s language', async () => {
    const { page, watch } = await open('lang=zh');
    assert.equal(await page.locator('.ag-card img').getAttribute('alt'), '桌上的一部红色电话');
    // Switch language mid-run: the same card, its alt text in the other language.
    await page.locator('[data-action="language"][data-lang="en"]').click();
    await page.waitForFunction(() => document.querySelector('agreement-guide').shadowRoot.querySelector('.ag-card img')?.alt === 'A red telephone on a desk');
    watch.assertClean();
    await page.close();
  });

  test('a source that declares its language carries a lang attribute; the others follow the guide', async () => {
    const { page, watch } = await open('lang=en');
    const zh = page.locator('.ag-source-list li[data-source="zh-src"] [lang]');
    assert.equal(await zh.count(), 1);
    assert.equal(await zh.getAttribute('lang'), 'zh');
    assert.equal(await zh.textContent(), '一份中文资料，2015年');
    assert.equal(await page.locator('.ag-source-list li[data-source="src"] [lang]').count(), 0);
    // The source's lang attribute is what the accessibility tree reports for its text.
    assert.equal(await zh.evaluate((e) => e.closest('[lang]').lang), 'zh');
    assert.equal(await page.locator('.ag-source-list li[data-source="src"]').evaluate((e) => e.closest('[lang]').lang), 'en');
    watch.assertClean();
    await page.close();
  });

  test('the US–China guide read in Chinese marks each source with its own language', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?src=scenarios/us-china-2015.json&lang=zh&seed=1`);
    await ready(page);
    assert.equal(await page.locator('.ag').getAttribute('lang'), 'zh');
    const declared = JSON.parse(readFileSync(path.join(ROOT, 'scenarios/us-china-2015.json'), 'utf8')).meta.sources;
    const shown = await page
      .locator('.ag-source-list li')
      .evaluateAll((items) => items.map((li) => [li.dataset.source, li.querySelector('[lang]')?.lang ?? null]));
    assert.ok(shown.length >= 5);
    assert.deepEqual(shown.map(([key]) => key).sort(), Object.keys(declared).sort());
    assert.deepEqual(shown, shown.map(([key]) => [key, declared[key].lang]));
    // Most of the guide's sources are English: a Chinese reader's screen reader is told so.
    assert.ok(shown.filter(([, lang]) => lang === 'en').length >= 5);
    await assertNoAxeViolations(page, 'the zh guide with en sources', watch);
    await page.close();
  });
});
