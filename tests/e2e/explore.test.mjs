// The Explore panel in Chromium (www/agreement-guide-explore.js, loaded on
// demand): odds from here equal the core's numbers; the strategy lab's chart
// is the same for the same seed, equals the core's simulation, and a link
// reproduces it; the mechanism map highlights the path and jumps back; axe-core
// finds nothing with the panel open.
//
// Run after `npm run build`:  node --test tests/e2e/explore.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowser, watchPage, screenshot, assertNoAxeViolations, ready, step, choose, chooseFirst } from './helpers.mjs';

/** A fixed path into the US–China guide (the dice are fixed by the seed). */
const OPENING = ['read-on', 'read-on', 'start', 'weigh-options', 'raise-at-dialogue'];

/** Opens the Explore panel and waits for its odds table. */
async function openExplore(page) {
  await page.locator('[data-action="explore"]').click();
  await page.locator('[data-explore="odds-table"]').waitFor({ state: 'attached', timeout: 15_000 });
}

/**
 * What the core itself says, computed in the page from a fresh Guide restored
 * to `token`: `odds` (strategy) → ending → p; `simulate` ([runs, strategy,
 * seed]) → ending → count; `map` → the ids the layout does not mark dormant.
 * `guide`: which shipped scenario.
 */
function coreSays(page, token, op, arg, guide = 'us-china-2015') {
  return page.evaluate(
    async ({ token, op, arg, guide }) => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const g = m.Guide.load(await (await fetch(`/scenarios/${guide}.json`)).text(), 0);
      g.restore(token);
      let result;
      if (op === 'odds') result = g.odds(arg).endings;
      else if (op === 'simulate') result = g.simulate(arg[0], arg[1], arg[2]).endings;
      else if (op === 'map') result = g.map().items.filter((i) => !i.dormant).map((i) => i.id);
      g.free();
      return result;
    },
    { token, op, arg, guide },
  );
}

/** The odds the panel shows: ending id → the probability it was drawn from. */
async function shownOdds(page) {
  const rows = page.locator('[data-explore="odds-table"] tbody tr');
  const out = {};
  for (const row of await rows.all()) out[await row.getAttribute('data-ending')] = Number(await row.getAttribute('data-p'));
  return out;
}

/** The lab's chart and table, as markup: what must be identical for the same settings. */
async function labChart(page) {
  return page.evaluate(() => {
    const root = document.querySelector('agreement-guide').shadowRoot;
    const chart = root.querySelector('[data-explore="lab-chart"]');
    return { svg: chart.querySelector('svg').outerHTML, table: chart.querySelector('table').outerHTML, settings: chart.dataset.settings };
  });
}

/** The lab's counts: strategy id → ending id → runs. */
async function labCounts(page) {
  return page.evaluate(() => {
    const table = document.querySelector('agreement-guide').shadowRoot.querySelector('[data-explore="lab-table"]');
    const strategies = [...table.querySelectorAll('thead th[data-strategy]')].map((th) => th.dataset.strategy);
    const out = Object.fromEntries(strategies.map((s) => [s, {}]));
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.querySelectorAll('td')].forEach((td, i) => (out[strategies[i]][row.dataset.ending] = Number(td.dataset.count)));
    }
    return out;
  });
}

/** Sets the lab's form and runs it. */
async function runLab(page, { seed, runs, strategies }) {
  for (const box of await page.locator('[data-explore="lab"] input[type="checkbox"]').all()) {
    await box.setChecked(strategies.includes(await box.getAttribute('data-strategy')));
  }
  await page.locator('[data-explore="lab-runs"]').fill(String(runs));
  await page.locator('[data-explore="lab-seed"]').fill(String(seed));
  const chart = page.locator('[data-explore="lab-chart"]');
  const before = Number((await chart.getAttribute('data-run')) ?? 0);
  await page.locator('[data-explore="lab-run"]').click();
  await page.waitForFunction(
    (before) => Number(document.querySelector('agreement-guide').shadowRoot.querySelector('[data-explore="lab-chart"]').dataset.run ?? 0) > before,
    before,
    { timeout: 30_000 },
  );
  assert.match(await page.locator('[data-explore="lab-status"]').textContent(), /^Done/);
}

describeInBrowser('The Explore panel in Chromium', { browser: { viewport: { width: 1100, height: 900 } } }, ({ server, browser, newPage }) => {

  test('the odds from here are exactly the core’s, for the reader’s strategy of choice, and follow each step', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=5`);
    await ready(page);
    for (const id of OPENING.slice(0, 4)) await choose(page, id);
    await openExplore(page);
    const token = () => page.evaluate(() => document.querySelector('agreement-guide').token);
    for (const strategy of ['uniform', 'tit-for-tat', 'always-escalate']) {
      await page.locator('[data-explore="odds-strategy"]').selectOption(strategy);
      const core = await coreSays(page, await token(), 'odds', strategy);
      assert.deepEqual(await shownOdds(page), core, `odds under ${strategy}`);
      const total = Object.values(core).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, 'the odds add up to 1');
    }
    assert.match(await page.locator('[data-explore="odds"] .ag-model-tag').textContent(), /Model assumption/);
    // The bars are drawn from the same numbers: one per ending, width in proportion.
    const widths = await page.locator('[data-explore="odds-svg"] rect.ag-bar').evaluateAll((rects) => rects.map((r) => [r.dataset.ending, Number(r.dataset.value)]));
    assert.deepEqual(Object.fromEntries(widths), await shownOdds(page));

    // Another step: the odds are recomputed from the new state.
    await page.locator('[data-explore="odds-strategy"]').selectOption('uniform');
    await choose(page, OPENING[4]);
    assert.deepEqual(await shownOdds(page), await coreSays(page, await token(), 'odds', 'uniform'));
    await screenshot(page, 'explore-odds');
    watch.assertClean();
    await page.close();
  });

  test('the strategy lab draws the same chart for the same seed, equal to the core’s simulation, and its link reproduces it', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=9`);
    await ready(page);
    await openExplore(page);
    const settings = { seed: 42, runs: 5000, strategies: ['always-escalate', 'dialogue-first', 'tit-for-tat'] };
    await runLab(page, settings);
    const first = await labChart(page);
    const counts = await labCounts(page);
    assert.equal(first.settings, '42.5000.always-escalate,dialogue-first,tit-for-tat');
    // Exactly what one call of the core's simulate() says, though the panel ran it in batches.
    for (const s of settings.strategies) {
      const core = await coreSays(page, await page.evaluate(() => document.querySelector('agreement-guide').token), 'simulate', [5000, s, 42]);
      assert.deepEqual(counts[s], core, `counts for ${s}`);
    }
    // Same settings again: the same chart.
    await runLab(page, settings);
    assert.deepEqual(await labChart(page), first);
    // Another seed: another chart.
    await runLab(page, { ...settings, seed: 43 });
    assert.notDeepEqual((await labChart(page)).svg, first.svg);
    await runLab(page, settings);

    // The link carries the settings; opening it runs the lab and draws the same chart.
    await page.waitForFunction(() => location.hash.includes('lab=42.5000.'));
    const url = page.url();
    assert.match(new URL(url).hash, /&lab=42\.5000\.always-escalate,dialogue-first,tit-for-tat$/);
    const other = await browser.newPage();
    const watchOther = watchPage(other);
    await other.goto(url);
    await ready(other);
    await other.locator('[data-explore="lab-table"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await labChart(other), first);
    assert.equal(await other.locator('[data-action="explore"]').getAttribute('aria-expanded'), 'true');
    await screenshot(other, 'explore-lab');
    watchOther.assertClean();
    await other.close();
    watch.assertClean();
    await page.close();
  });

  test('the lab runs in batches with a progress bar, and the page keeps responding', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=9`);
    await ready(page);
    await openExplore(page);
    for (const box of await page.locator('[data-explore="lab"] input[type="checkbox"]').all()) await box.setChecked(true);
    await page.locator('[data-explore="lab-runs"]').fill('200000');
    // Count the page's timer turns while the lab runs: a frozen page would get none.
    const ticks = await page.evaluate(async () => {
      const root = document.querySelector('agreement-guide').shadowRoot;
      let ticks = 0;
      let seenProgress = false;
      const timer = setInterval(() => {
        ticks += 1;
        const p = root.querySelector('.ag-lab-progress');
        if (!p.hidden && p.value > 0 && p.value < 1) seenProgress = true;
      }, 0);
      root.querySelector('[data-explore="lab-run"]').click();
      await new Promise((resolve) => {
        const check = () => (root.querySelector('[data-explore="lab-status"]').textContent.startsWith('Done') ? resolve() : setTimeout(check, 5));
        check();
      });
      clearInterval(timer);
      return { ticks, seenProgress };
    });
    assert.ok(ticks.seenProgress, 'the progress bar showed partial progress');
    assert.ok(ticks.ticks >= 10, `the page ran ${ticks.ticks} timer turns during the lab`);
    assert.equal(await page.locator('.ag-lab-progress').isHidden(), true, 'the progress bar goes away when done');
    // Bad input is a plain message, not a run.
    await page.locator('[data-explore="lab-runs"]').fill('0');
    await page.locator('[data-explore="lab-run"]').click();
    assert.match(await page.locator('[data-explore="lab-status"]').textContent(), /Runs must be a whole number/);
    watch.assertClean();
    await page.close();
  });

  test('a run started while another is running replaces it, so the Run button is never announced as disabled while it works', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=9`);
    await ready(page);
    await openExplore(page);
    await page.locator('[data-explore="lab-runs"]').fill('200000');
    await page.locator('[data-explore="lab-run"]').click();
    await page.locator('.ag-lab-progress:not([hidden])').waitFor();
    assert.equal(await page.locator('[data-explore="lab-run"]').getAttribute('aria-disabled'), null, 'the button still works, so it is not marked disabled');
    await page.locator('[data-explore="lab-runs"]').fill('1000');
    await page.locator('[data-explore="lab-seed"]').fill('5');
    await page.locator('[data-explore="lab-run"]').click();
    await page.waitForFunction(() => document.querySelector('agreement-guide').shadowRoot.querySelector('[data-explore="lab-chart"]').dataset.settings?.startsWith('5.1000.'), null, { timeout: 30_000 });
    assert.match(await page.locator('[data-explore="lab-status"]').textContent(), /^Done: .* seed 5\./);
    assert.equal(await page.locator('.ag-lab-progress').isHidden(), true);
    watch.assertClean();
    await page.close();
  });

  test('the mechanism map highlights the reader’s path, greys the rest, and jumps back from a visited step', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=5`);
    await ready(page);
    for (const id of OPENING) await choose(page, id);
    await openExplore(page);
    const history = await page.locator('.ag-trail-list li').evaluateAll((lis) => lis.map((li) => li.dataset.node));
    const here = await page.locator('.ag-card').getAttribute('data-node');
    const states = await page.locator('[data-explore="map-svg"] .ag-map-item').evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.dataset.item, g.dataset.state])));
    // The map comes from the core's layout: one box per card and ending that is not dormant.
    const layout = await coreSays(page, await page.evaluate(() => document.querySelector('agreement-guide').token), 'map');
    assert.deepEqual(Object.keys(states).sort(), [...layout].sort());
    assert.equal(states[here], 'current');
    for (const node of history) assert.equal(states[node], 'visited', `${node} is on the path`);
    const untaken = Object.entries(states).filter(([, s]) => s === 'untaken').map(([id]) => id);
    assert.ok(untaken.length > 0, 'branches not taken are shown');
    for (const id of untaken) assert.ok(!history.includes(id) && id !== here);
    assert.equal(await page.locator('[data-explore="map-svg"] .ag-map-link[data-taken="true"]').count(), history.length, 'one highlighted arrow per step');
    // The list for screen readers says the same.
    const listed = await page.locator('[data-explore="map-steps"] li').evaluateAll((lis) => Object.fromEntries(lis.map((li) => [li.dataset.item, li.dataset.state])));
    assert.deepEqual(listed, states);
    await screenshot(page, 'explore-map');

    // Clicking a visited step on the map jumps back to it.
    const target = history[2];
    await page.locator(`[data-explore="map-svg"] .ag-map-item[data-item="${target}"]`).click();
    await page.locator('.ag[data-step="2"]').waitFor();
    assert.equal(await page.locator('.ag-card').getAttribute('data-node'), target);
    assert.equal(await page.locator(`[data-explore="map-svg"] .ag-map-item[data-item="${target}"]`).getAttribute('data-state'), 'current');
    assert.equal(await page.locator(`[data-explore="map-svg"] .ag-map-item[data-item="${history[3]}"]`).getAttribute('data-state'), 'untaken');

    // By keyboard, from the list: Enter on a visited step.
    const button = page.locator(`[data-explore="map-jump"][data-item="${history[0]}"]`);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('.ag[data-step="0"]').waitFor();
    assert.equal(await step(page), 0);
    assert.equal(await page.locator('.ag-card').getAttribute('data-node'), history[0]);
    watch.assertClean();
    await page.close();
  });

  test('axe-core finds no violations with the Explore panel open, the lab run and the map drawn', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html`);
    await ready(page);
    for (const id of OPENING.slice(0, 4)) await choose(page, id);
    await openExplore(page);
    await runLab(page, { seed: 1, runs: 1000, strategies: ['always-escalate', 'stay-quiet'] });
    await assertNoAxeViolations(page, 'the demo article with the Explore panel open', watch);
    watch.assertClean();
    await page.close();
  });

  test('the panel speaks the reader’s language', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=5&lang=zh`);
    await ready(page);
    await openExplore(page);
    assert.equal(await page.locator('[data-explore="odds"] h2, [data-explore="odds"] h3').first().textContent(), '从这里出发的概率');
    // Every strategy is named in Chinese, the built-in random reader too, in the odds picker and in the lab.
    const names = [
      ...(await page.locator('[data-explore="odds-strategy"] option').allTextContents()),
      ...(await page.locator('[data-explore="lab"] .ag-check').allTextContents()),
    ];
    assert.ok(names.length >= 10, names.join(' | '));
    for (const name of names) assert.match(name, /^[^A-Za-z]*\p{Script=Han}/u, `“${name}” is in Chinese`);
    // Switching language rebuilds the open panel in the new language.
    await page.locator('[data-action="language"][data-lang="en"]').click();
    await page.locator('[data-explore="odds-table"]').waitFor({ state: 'attached' });
    await page.waitForFunction(() => document.querySelector('agreement-guide').shadowRoot.querySelector('[data-explore="odds"] :is(h2, h3)')?.textContent === 'Odds from here');
    watch.assertClean();
    await page.close();
  });

  /** The demo article on a 360 px phone with `guide`, `steps` taken, the panel open and the lab run with its defaults. */
  async function openOnPhone(guide, steps = []) {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html?guide=${guide}`);
    await ready(page);
    for (const id of steps) await choose(page, id);
    await openExplore(page);
    await page.locator('[data-explore="lab-run"]').click();
    await page.locator('[data-explore="lab-table"]').waitFor({ state: 'attached', timeout: 30_000 });
    return { page, watch };
  }

  for (const guide of ['us-china-2015', 'wto-disputes']) {
    test(`on a 360 px phone the article does not scroll sideways with the panel open (${guide})`, async () => {
      const { page, watch } = await openOnPhone(guide);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
      watch.assertClean();
      await page.close();
    });

    test(`on a 360 px phone a table too wide for it scrolls in its own region, reachable by keyboard, and axe finds nothing (${guide})`, async () => {
      const { page, watch } = await openOnPhone(guide);
      const region = page.locator('[data-explore="lab-table"]').locator('xpath=..');
      assert.equal(await region.getAttribute('tabindex'), '0', 'the lab table’s scrolling box takes focus');
      assert.equal(await region.getAttribute('role'), 'region');
      await assertNoAxeViolations(page, `the Explore panel on a phone (${guide})`, watch);
      watch.assertClean();
      await page.close();
    });
  }

  test('on a 320 px phone the charts are drawn at (nearly) full size, so their labels stay readable', async () => {
    const { page, watch } = await openOnPhone('us-china-2015');
    await page.setViewportSize({ width: 320, height: 800 });
    await page.locator('[data-explore="lab-run"]').click(); // redrawn at this width
    await page.waitForFunction(() => document.querySelector('agreement-guide').shadowRoot.querySelector('[data-explore="lab-chart"]').dataset.run === '2');
    for (const kind of ['odds', 'lab']) {
      const scale = await page.locator(`[data-explore="${kind}-svg"]`).evaluate((svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
      assert.ok(scale >= 0.95, `the ${kind} chart is drawn at ${Math.round(scale * 100)}% of its size (13 px labels at ${(13 * scale).toFixed(1)} px)`);
    }
    watch.assertClean();
    await page.close();
  });

  test('on a 360 px phone the map opens scrolled to where the reader is, and follows each step', async () => {
    const { page, watch } = await openOnPhone('us-china-2015', OPENING.slice(0, 4));
    /** The current step's box lies wholly inside the map's visible area. */
    const inView = () =>
      page.evaluate(() => {
        const root = document.querySelector('agreement-guide').shadowRoot;
        const box = root.querySelector('[data-explore="map-svg"] .ag-map-item[data-state="current"] rect').getBoundingClientRect();
        const frame = root.querySelector('[data-explore="map-figure"]').getBoundingClientRect();
        return box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
      });
    assert.ok(await inView(), 'the current step is in view when the map opens');
    await choose(page, OPENING[4]);
    assert.ok(await inView(), 'and after the next step');
    watch.assertClean();
    await page.close();
  });

  test('the second guide (wto-disputes): its odds, lab and map are the core’s, and the map jumps back', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html?guide=wto-disputes`);
    await ready(page);
    for (let i = 0; i < 3; i++) await chooseFirst(page);
    await openExplore(page);
    const token = await page.evaluate(() => document.querySelector('agreement-guide').token);
    const strategies = await page.locator('[data-explore="odds-strategy"] option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(strategies.length >= 4, `the guide's strategies are offered: ${strategies}`);
    for (const strategy of strategies) {
      await page.locator('[data-explore="odds-strategy"]').selectOption(strategy);
      assert.deepEqual(await shownOdds(page), await coreSays(page, token, 'odds', strategy, 'wto-disputes'), `odds under ${strategy}`);
    }
    const lab = strategies.filter((s) => s !== 'uniform').slice(0, 3);
    await runLab(page, { seed: 7, runs: 3000, strategies: lab });
    const counts = await labCounts(page);
    for (const s of lab) assert.deepEqual(counts[s], await coreSays(page, token, 'simulate', [3000, s, 7], 'wto-disputes'), `lab counts for ${s}`);

    const history = await page.locator('.ag-trail-list li').evaluateAll((lis) => lis.map((li) => li.dataset.node));
    const states = await page.locator('[data-explore="map-svg"] .ag-map-item').evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.dataset.item, g.dataset.state])));
    assert.deepEqual(Object.keys(states).sort(), [...(await coreSays(page, token, 'map', null, 'wto-disputes'))].sort());
    assert.equal(states[await page.locator('.ag-card').getAttribute('data-node')], 'current');
    for (const node of history) assert.equal(states[node], 'visited', `${node} is on the path`);
    await page.locator(`[data-explore="map-svg"] .ag-map-item[data-item="${history[1]}"]`).click();
    await page.locator('.ag[data-step="1"]').waitFor();
    assert.equal(await page.locator('.ag-card').getAttribute('data-node'), history[1]);
    await assertNoAxeViolations(page, 'the WTO guide with the Explore panel open', watch);
    watch.assertClean();
    await page.close();
  });

  test('the panel brings its own styles under a strict CSP: adopted once into the shadow root when it opens, none of them in the widget\'s stylesheet; a lab of 1 run says "1 simulated playthrough"', async () => {
    const widgetCss = (await (await fetch(`${server.url}agreement-guide.css`)).text()).replace(/\/\*[\s\S]*?\*\//g, ''); // rules, not comments
    assert.doesNotMatch(widgetCss, /\.ag-(map|lab|chart|bar|explore-panels)\b/, 'the Explore panel\'s rules are not in the widget\'s stylesheet');
    const { page, watch } = await newPage();
    const url = `${server.url}__explore-csp__.html`;
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'" },
        body: '<!doctype html><html lang="en"><title>Explore under CSP</title><script type="module" src="/agreement-guide.js"></script><main><agreement-guide seed="5"></agreement-guide></main>',
      }),
    );
    await page.route(`${server.url}favicon.ico`, (route) => route.fulfill({ status: 204 }));
    await page.goto(url);
    await ready(page);
    const sheets = () => page.evaluate(() => document.querySelector('agreement-guide').shadowRoot.adoptedStyleSheets.map((s) => s.cssRules.length));
    assert.deepEqual(await sheets(), [], 'nothing adopted before the panel opens');
    await openExplore(page);
    const rules = await sheets();
    assert.equal(rules.length, 1, 'one adopted sheet');
    assert.ok(rules[0] > 40, `the panel's rules: ${rules[0]}`);
    const panels = page.locator('.ag-explore-panels');
    assert.equal(await panels.evaluate((e) => getComputedStyle(e).display), 'grid', 'the panel is laid out by its own rules');
    assert.equal(await page.locator('.ag-map-link').first().evaluate((e) => getComputedStyle(e).fill), 'none', 'the map is styled');
    // Closed and opened again: the same sheet, not a second copy.
    await page.locator('[data-action="explore"]').click();
    await openExplore(page);
    assert.deepEqual(await sheets(), rules);
    await runLab(page, { seed: 3, runs: 1, strategies: ['uniform'] });
    assert.match(await page.locator('[data-explore="lab-status"]').textContent(), /^Done: 1 simulated playthrough with seed 3\./);
    assert.match(await page.locator('[data-explore="lab-table"] caption').textContent(), /^Endings over 1 run per strategy/);
    await watch.assertClean();
    await page.close();
  });
});
