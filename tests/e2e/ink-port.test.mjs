// The ink port used by the side-by-side benchmark (`npm run bench`): it must
// be the same game, or the comparison means nothing. Converts the US–China
// guide with bench/to-ink.mjs, compiles it with inkjs's own compiler, and
// plays it in Chromium through the minimal ink front end.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { inBrowser, watchPage, assertNoAxeViolations, gotoBlank } from './helpers.mjs';
import { prepareInk } from '../../scripts/bench.mjs';
import { inkExpression, toInk, compileInk } from '../../bench/to-ink.mjs';

const env = inBrowser(); // ours: www/
const { server: ours, browser } = env;
let site, port, server; // server: the ink port's site

before(async () => {
  site = env.tmpDir('agreement-guide-ink-');
  port = await prepareInk({ site, inkFile: null });
  server = await env.serve(site);
});

test('expressions keep the core precedence and divide in floating point in ink', () => {
  const ids = ['trust', 'pressure', 'sanctions_on', 'month'];
  assert.equal(inkExpression('trust >= 50 && !sanctions_on', ids), '((trust >= 50) and (not sanctions_on))');
  assert.equal(inkExpression('0.15 + pressure / 200', ids), '(0.15 + (FLOAT(pressure) / 200))');
  assert.equal(inkExpression('sanctions_on ? 0 : 0.1 + (100 - trust) / 400', ids), 'ite(sanctions_on, 0, (0.1 + (FLOAT((100 - trust)) / 400)))');
  assert.equal(inkExpression('clamp(trust / month, 0, 1)', ids), 'clampv(safediv(trust, month), 0, 1)');
  assert.equal(inkExpression('a || b && c', ['a', 'b', 'c']), '(a or (b and c))');
  assert.throws(() => inkExpression('trsut > 1', ids), /unknown variable "trsut"/);
});

test('a scenario that ink cannot compile is reported with ink\'s own errors', async () => {
  await assert.rejects(compileInk('=== a ===\n-> nowhere\n'), /ink did not compile/);
});

test('every node, choice and ending of the guide has its place in the ink port', () => {
  const { scenario, ink } = port;
  for (const n of scenario.nodes) {
    assert.match(ink, new RegExp(`^=== n_${n.id.replace(/-/g, '_')} ===$`, 'm'), n.id);
    assert.equal(ink.split(`=== n_${n.id.replace(/-/g, '_')} ===`)[1].split('\n=== ')[0].match(/^\+ /gm).length, n.choices.length, `${n.id}: choices`);
  }
  for (const e of scenario.endings) assert.match(ink, new RegExp(`^=== end_${e.id.replace(/-/g, '_')} ===$`, 'm'), e.id);
  assert.equal(toInk(scenario), ink, 'the port is deterministic');
});

test('the ink page shows the first card with its choices as buttons, and clicks through to an ending', async () => {
  const page = await browser.newPage();
  const watch = watchPage(page);
  await page.goto(`${server.url}index.html?seed=3`);
  await page.waitForFunction(() => performance.getEntriesByName('ink:first-card').length > 0);
  const start = port.scenario.nodes.find((n) => n.id === port.scenario.meta.start);
  assert.equal((await page.locator('#story h2').textContent()).trim(), start.heading.en);
  assert.deepEqual(
    (await page.locator('#story button[data-index]').allTextContents()).map((t) => t.trim()),
    start.choices.map((c) => c.label.en),
  );
  await assertNoAxeViolations(page, 'the ink page', watch);
  let clicks = 0;
  while (!(await page.locator('[data-action="restart"]').count())) {
    assert.ok(++clicks < 300, 'an ending within 300 clicks');
    await page.locator('#story button[data-index]').first().click();
  }
  const verdicts = port.scenario.endings.map((e) => e.verdict.en);
  assert.ok(verdicts.includes((await page.locator('#story h2.ending').textContent()).trim()));
  watch.assertClean();
  await page.close();
});

test("the ink port's endings come up about as often as the core's exact odds say", async () => {
  const page = await browser.newPage();
  await gotoBlank(page, ours.url);
  const exact = await page.evaluate(async () => {
    const m = await import('/pkg/agreement_guide.js');
    await m.default();
    const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 1);
    const odds = g.odds('uniform').endings;
    const verdicts = Object.fromEntries(g.info('en').endings.map((e) => [e.verdict, e.id]));
    return { odds, verdicts };
  });
  await page.goto(`${server.url}index.html?seed=1`);
  const runs = 800;
  const counts = await page.evaluate(async (runs) => {
    const [{ Story }, { inkEndings }] = await Promise.all([import('./ink.mjs'), import('./ink-endings.js')]);
    return inkEndings(Story, await (await fetch('us-china-2015.ink.json')).text(), runs);
  }, runs);
  await page.close();
  const freq = Object.fromEntries(Object.entries(counts).map(([v, n]) => [exact.verdicts[v], n / runs]));
  assert.deepEqual(Object.keys(freq).sort(), Object.keys(exact.odds).sort(), 'every ending reached, no other');
  const tvd = Object.entries(exact.odds).reduce((t, [id, p]) => t + Math.abs(p - freq[id]), 0) / 2;
  // 800 runs: sampling alone gives a total variation around 0.03; a wrong
  // translation (integer division, a lost effect) moves whole endings.
  assert.ok(tvd < 0.07, `total variation ${tvd.toFixed(3)} from the exact odds: ${JSON.stringify(freq)} vs ${JSON.stringify(exact.odds)}`);
});
