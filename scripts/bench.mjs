// Browser benchmark for the <agreement-guide> widget (`npm run bench`).
// Prints numbers; asserts nothing. Needs a build (`npm run build`).
//
//   first card      navigation start → the element's first card on screen
//                   (performance mark 'agreement-guide:first-card'), over fresh loads
//   click → card    a choice button's click → the next card in the DOM (the element
//                   fires 'agreement-guide-choice' right after rendering), and → the
//                   next frame; restarts on reaching an ending
//   core            Guide.simulate(10000) and Guide.odds() in the page
//   explore         the Explore panel (benchExplore, below): 10,000 strategy-lab
//                   playthroughs from click to chart (batches + yields), the same
//                   runs as bare core batches, and Guide.map() layout time
//
// Options (environment): LOADS=10  STEPS=200  RUNS=10000
import { startServer, launchBrowser, requireBuild } from '../tests/e2e/helpers.mjs';

const LOADS = Number(process.env.LOADS ?? 10);
const STEPS = Number(process.env.STEPS ?? 200);
const RUNS = Number(process.env.RUNS ?? 10000);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const stats = (xs) => ({ n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) });

requireBuild();
const server = await startServer({ port: 0 });
const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
const rows = [];

try {
  // 1 ─ navigation → first card, fresh page (and fresh wasm fetch: the server sends no-store) each time.
  for (const pageName of ['index.html', 'embed.html?seed=1']) {
    const times = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage();
      await page.goto(server.url + pageName);
      await page.waitForFunction(() => performance.getEntriesByName('agreement-guide:first-card').length > 0, null, { timeout: 30_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('agreement-guide:first-card')[0].startTime));
      await page.close();
    }
    rows.push([`first card, ${pageName.split('?')[0]} (${LOADS} loads)`, stats(times)]);
  }

  // 2 ─ click → updated card, measured inside the page.
  const page = await browser.newPage();
  await page.goto(`${server.url}embed.html?seed=7`);
  await page.waitForFunction(() => performance.getEntriesByName('agreement-guide:first-card').length > 0);
  const latency = await page.evaluate(async (steps) => {
    const el = document.querySelector('agreement-guide');
    const root = el.shadowRoot;
    const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    let rng = 12345; // a fixed, simple choice sequence so runs compare
    const pick = (n) => ((rng = (rng * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const toDom = [];
    const toFrame = [];
    let endings = 0;
    while (toDom.length < steps) {
      const buttons = [...root.querySelectorAll('button[data-choice-id]:not([aria-disabled="true"])')];
      if (!buttons.length) {
        endings += 1;
        root.querySelector('.ag-ending [data-action="restart"]').click();
        await nextFrame();
        continue;
      }
      const button = buttons[pick(buttons.length)];
      let rendered = 0;
      const done = new Promise((r) =>
        el.addEventListener('agreement-guide-choice', () => r((rendered = performance.now())), { once: true }),
      );
      const t0 = performance.now();
      button.click();
      await done;
      const painted = await nextFrame();
      toDom.push(rendered - t0);
      toFrame.push(painted - t0);
      await nextFrame(); // let the frame settle before the next click
    }
    return { toDom, toFrame, endings };
  }, STEPS);
  rows.push([`click → card in DOM (${STEPS} steps, ${latency.endings} endings)`, stats(latency.toDom)]);
  rows.push([`click → next frame (${STEPS} steps)`, stats(latency.toFrame)]);

  // 3 ─ the core's analysis, in the page.
  const core = await page.evaluate(async (runs) => {
    const m = await import('/pkg/agreement_guide.js');
    await m.default();
    const text = await (await fetch('/scenarios/us-china-2015.json')).text();
    const time = (fn) => {
      const t0 = performance.now();
      const result = fn();
      return [performance.now() - t0, result];
    };
    const [load] = time(() => m.Guide.load(text, 1).free());
    const g = m.Guide.load(text, 1);
    const sims = [];
    let summary;
    for (let i = 0; i < 5; i++) {
      const [t, r] = time(() => g.simulate(runs, 'uniform', i + 1));
      sims.push(t);
      summary = r;
    }
    const odds = [];
    let exact;
    for (let i = 0; i < 5; i++) {
      const [t, r] = time(() => g.odds('uniform'));
      odds.push(t);
      exact = r;
    }
    const [views] = time(() => {
      for (let i = 0; i < 1000; i++) g.view('en');
    });
    g.free();
    return { load, sims, odds, views, steps: summary.steps, states: exact.states, exact: exact.exact };
  }, RUNS);
  rows.push([`Guide.load (parse + validate)`, stats([core.load])]);
  rows.push([`Guide.simulate(${RUNS}) ×5 (${core.steps} steps each)`, stats(core.sims)]);
  rows.push([`Guide.odds() ×5 (${core.states} states, exact: ${core.exact})`, stats(core.odds)]);
  rows.push([`Guide.view('en') (per call, 1000 calls)`, stats([core.views / 1000])]);
  await page.close();

  rows.push(...(await benchExplore(browser, server.url)));
} finally {
  await browser.close();
  await server.close();
}

/**
 * The Explore panel (issue 5): the strategy lab's 10,000 playthroughs, from
 * the Run click to the chart (in batches of 2,000 with a yield between them;
 * target under 100 ms), the same runs as bare core calls, and the mechanism
 * map's layout (Guide.map) and drawing. Self-contained: returns table rows.
 */
async function benchExplore(browser, url, repeats = 5) {
  const out = [];
  const page = await browser.newPage();
  await page.goto(`${url}embed.html?seed=1`);
  await page.waitForFunction(() => performance.getEntriesByName('agreement-guide:first-card').length > 0, null, { timeout: 30_000 });
  await page.evaluate(() => document.querySelector('agreement-guide').shadowRoot.querySelector('[data-action="explore"]').click());
  await page.waitForFunction(() => !!document.querySelector('agreement-guide').shadowRoot.querySelector('[data-explore="lab-run"]'), null, { timeout: 30_000 });
  const lab = [];
  for (let i = 0; i < repeats; i++) {
    lab.push(
      await page.evaluate(async (i) => {
        const r = document.querySelector('agreement-guide').shadowRoot;
        for (const box of r.querySelectorAll('[data-explore="lab"] input[type="checkbox"]')) box.checked = box.value === 'tit-for-tat';
        r.querySelector('[data-explore="lab-runs"]').value = '10000';
        r.querySelector('[data-explore="lab-seed"]').value = String(i + 1);
        const chart = r.querySelector('[data-explore="lab-chart"]');
        const before = Number(chart.dataset.run ?? 0);
        const t0 = performance.now();
        r.querySelector('[data-explore="lab-run"]').click();
        while (Number(chart.dataset.run ?? 0) === before) await new Promise((res) => setTimeout(res, 0));
        return performance.now() - t0;
      }, i),
    );
  }
  out.push([`explore: strategy lab, 10000 runs click → chart ×${repeats}`, stats(lab)]);
  const core = await page.evaluate(async (repeats) => {
    const m = await import('/pkg/agreement_guide.js');
    await m.default();
    const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 1);
    const batches = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      for (let first = 0; first < 10000; first += 2000) g.simulateBatch(first, 2000, 'tit-for-tat', i + 1);
      batches.push(performance.now() - t0);
    }
    const maps = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      g.map();
      maps.push(performance.now() - t0);
    }
    g.free();
    return { batches, maps };
  }, repeats);
  out.push([`explore: 10000 runs as 5 core batches ×${repeats}`, stats(core.batches)]);
  out.push([`explore: Guide.map() layout ×20`, stats(core.maps)]);
  await page.close();
  return out;
}

const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1)).padStart(8);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`\n<agreement-guide> benchmark — Chromium ${process.env.CHROMIUM ?? '/usr/bin/chromium'}, times in ms\n`);
console.log(`${'measure'.padEnd(width)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
console.log('-'.repeat(width + 36));
for (const [name, s] of rows) {
  console.log(`${name.padEnd(width)} ${ms(s.median)} ${ms(s.p95)} ${ms(s.min)} ${ms(s.max)}`);
}
console.log('');
