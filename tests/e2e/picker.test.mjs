// The demo article's guide picker (www/demo/demo.js): it switches the element's
// `src` between the shipped guides, keeps the choice in the page URL (so a
// reload or a share link opens the same guide), and is reachable by keyboard.
//
// Run after `npm run build`:  node --test tests/e2e/picker.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowser, watchPage, ready, choose, chooseFirst } from './helpers.mjs';

/** The guide's title as the widget shows it, and its id as the core says. */
async function shown(page) {
  return {
    src: await page.locator('agreement-guide').getAttribute('src'),
    title: (await page.locator('.ag-title').textContent()).trim(),
    picked: await page.locator('#guide-picker').inputValue(),
    query: new URL(page.url()).searchParams.get('guide'),
  };
}

describeInBrowser('the guide picker in the demo article', ({ server, browser }) => {
  const titles = {};

  before(async () => {
    for (const id of ['us-china-2015', 'wto-disputes']) {
      const json = await (await fetch(`${server.url}scenarios/${id}.json`)).json();
      titles[id] = typeof json.meta.title === 'string' ? json.meta.title : json.meta.title[json.meta.default_language];
    }
  });


  test('choosing a guide plays it, and the URL keeps the choice across a reload', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html`);
    await ready(page);
    assert.deepEqual(await shown(page), { src: 'scenarios/us-china-2015.compiled.json', title: titles['us-china-2015'], picked: 'us-china-2015', query: null });
    const usCaption = await page.locator('#guide-caption').textContent();

    // Keyboard: focus the picker and choose the second guide.
    await chooseFirst(page); // a step, so the URL carries a share token for this guide
    await page.locator('#guide-picker').focus();
    await page.keyboard.press('ArrowDown'); // a closed <select> takes the next option and fires change
    assert.equal(await page.locator('#guide-picker').inputValue(), 'wto-disputes');
    await page.locator('.ag[data-state="ready"][data-step="0"]').waitFor();
    await page.waitForFunction((t) => document.querySelector('agreement-guide').shadowRoot.querySelector('.ag-title')?.textContent.trim() === t, titles['wto-disputes']);
    assert.deepEqual(await shown(page), { src: 'scenarios/wto-disputes.compiled.json', title: titles['wto-disputes'], picked: 'wto-disputes', query: 'wto-disputes' });
    assert.equal(new URL(page.url()).hash, '', 'the other guide\'s share token is dropped');
    assert.notEqual(await page.locator('#guide-caption').textContent(), usCaption, 'the caption follows the guide');
    assert.equal(await page.locator('.ag-notice').isVisible(), false);

    await page.reload();
    await ready(page);
    assert.deepEqual(await shown(page), { src: 'scenarios/wto-disputes.compiled.json', title: titles['wto-disputes'], picked: 'wto-disputes', query: 'wto-disputes' });

    // A share link of the second guide reopens that guide at that step.
    const id = await chooseFirst(page);
    await page.waitForFunction(() => location.hash === `#ag=${document.querySelector('agreement-guide').token}`);
    const link = page.url();
    const other = await browser.newPage();
    const watchOther = watchPage(other);
    await other.goto(link);
    await ready(other);
    assert.equal((await shown(other)).title, titles['wto-disputes']);
    assert.equal(await other.locator('.ag').getAttribute('data-step'), '1');
    assert.equal(await other.locator('.ag-notice').isVisible(), false, 'the link opened without complaint');
    assert.ok(id);

    // Back to the first guide.
    await page.locator('#guide-picker').selectOption('us-china-2015');
    await page.waitForFunction((t) => document.querySelector('agreement-guide').shadowRoot.querySelector('.ag-title')?.textContent.trim() === t, titles['us-china-2015']);
    assert.equal(new URL(page.url()).searchParams.get('guide'), 'us-china-2015');
    await choose(page, await page.locator('[data-choice-id]:not([aria-disabled])').first().getAttribute('data-choice-id'));
    watch.assertClean();
    watchOther.assertClean();
    await other.close();
    await page.close();
  });

  test('a guide the picker does not offer is ignored: the page plays the default guide', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html?guide=../../etc/passwd`);
    await ready(page);
    assert.equal((await shown(page)).src, 'scenarios/us-china-2015.compiled.json');
    assert.equal((await shown(page)).picked, 'us-china-2015');
    watch.assertClean();
    await page.close();
  });
});
