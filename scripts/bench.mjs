// Side-by-side browser benchmark (`npm run bench`): <agreement-guide> against
// the same guide ported to ink and played by inkjs (bench/to-ink.mjs,
// bench/ink/site/), in one headless Chromium, in one run, alternating.
// Prints numbers; asserts nothing. Needs a build (`npm run build`).
// Results and how to read them: docs/performance.md.
//
//   bytes          what a reader downloads, raw / gzip -9 / brotli q11
//   first card     navigation start → first card on screen (performance marks
//                  'agreement-guide:first-card' / 'ink:first-card'), fresh page each load,
//                  and again with a freshly launched browser each load
//   click → card   a choice button's click → the next card in the DOM, and → the next frame
//   throughput     random playthroughs in the page: ours through the core's simulate()
//                  and through a choose()+view() loop like a front end's; ink through a
//                  ChooseChoiceIndex()+Continue() loop
//   memory         JS heap (CDP, after a forced GC) and wasm memory after 0, 10,000 and
//                  20,000 steps: growth between the last two would be a leak
//   fidelity       ending frequencies of both ports over random play, against the core's
//                  exact odds (the ink port is checked, not assumed, to be the same game)
//   core           ours only: load, simulate, exact odds, view, as before
//   explore        ours only: the Explore panel's strategy lab, 10,000 playthroughs from
//                  the Run click to the chart (batches + yields; target < 100 ms), the same
//                  runs as bare core batches, and Guide.map() layout time
//   phone          a phone on slow 4G (CDP: 150 ms RTT, 1.6 Mb/s down, CPU 4× slower), every
//                  file served gzip-compressed as a CDN would, a fresh browser per load, the
//                  pages alternating: bytes on the wire until a choice is clickable, first card
//                  visible, first choice clickable, each once on screen (median of PHONE_LOADS). Ours twice: the
//                  compiled guide on the reader runtime (what ships) and, as "before", the
//                  same guide's JSON on the full engine.
//   lighthouse     Lighthouse 12's mobile preset (simulated slow 4G, CPU 4×; Lantern) on both
//                  pages, served gzip, a fresh browser per run, alternating: FCP, LCP, TBT,
//                  time to interactive, CLS and total byte weight (median of LIGHTHOUSE_RUNS)
//
// Options (environment): LOADS=10  COLD_LOADS=6  STEPS=200  RUNS=10000  MEMORY_STEPS=10000  INK_RUNS=1000
//                        PHONE_LOADS=5  LIGHTHOUSE_RUNS=3  LIGHTHOUSE_GRAPHS=1 (what Lantern's FCP
//                        and LCP waited for, to stderr)  ONLY=<section,…>
// The bench is a list of sections (SECTIONS below): each is `async (ctx) => rows`,
// so another measurement is one more function appended there.
import { cpSync, mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import zlib, { gzipSync, brotliCompressSync } from 'node:zlib';
import { startServer, launchBrowser, requireBuild, ROOT, CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';
import { measure } from './size-report.mjs';
import { toInk, compileInk } from '../bench/to-ink.mjs';

const LOADS = Number(process.env.LOADS ?? 10);
const COLD_LOADS = Number(process.env.COLD_LOADS ?? 6);
const STEPS = Number(process.env.STEPS ?? 200);
const RUNS = Number(process.env.RUNS ?? 10000);
const MEMORY_STEPS = Number(process.env.MEMORY_STEPS ?? 10000);
const INK_RUNS = Number(process.env.INK_RUNS ?? 1000);
const PHONE_LOADS = Number(process.env.PHONE_LOADS ?? 5);
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const SCENARIO = 'us-china-2015';
export const INK_SITE = path.join(ROOT, 'bench/ink/site');

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
export const stats = (xs) => ({ n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) });

/** The compiled guide's English file (its name carries a hash of its content), once built. */
const compiledEn = () => {
  const manifest = path.join(ROOT, 'www/scenarios', `${SCENARIO}.compiled.json`);
  return existsSync(manifest) ? `www/scenarios/${JSON.parse(readFileSync(manifest, 'utf8')).files.en}` : `www/scenarios/${SCENARIO}.en.bin`;
};

/**
 * What a reader downloads for each side (the HTML page itself is left out of both): ours is
 * the reader's path — the reader runtime, the element (one bundled file: www/element/ by
 * scripts/build-element.mjs), its stylesheet, the compiled guide's manifest and its English file.
 */
export const OURS_FILES = [
  'www/pkg-reader/agreement_guide_reader_bg.wasm',
  'www/pkg-reader/agreement_guide_reader.js',
  'www/agreement-guide.js',
  'www/agreement-guide.css',
  compiledEn(),
  `www/scenarios/${SCENARIO}.compiled.json`,
];
export const INK_FILES = [
  'bench/ink/site/ink.mjs',
  `bench/ink/site/${SCENARIO}.ink.json`,
  'bench/ink/site/ink-front.js',
  'bench/ink/site/ink-front.css',
];

/**
 * Regenerates the ink port (bench/ink/<id>.ink, unless `inkFile` is null), compiles it
 * with inkjs, and puts the story and the inkjs runtime into `site` beside the front end.
 */
export async function prepareInk({ site = INK_SITE, inkFile = path.join(ROOT, 'bench/ink', `${SCENARIO}.ink`) } = {}) {
  const scenario = JSON.parse(readFileSync(path.join(ROOT, 'scenarios', `${SCENARIO}.json`), 'utf8'));
  const ink = toInk(scenario);
  if (inkFile) writeFileSync(inkFile, ink);
  mkdirSync(site, { recursive: true });
  if (path.resolve(site) !== INK_SITE) {
    for (const f of ['index.html', 'ink-front.js', 'ink-front.css', 'ink-endings.js']) cpSync(path.join(INK_SITE, f), path.join(site, f));
  }
  writeFileSync(path.join(site, `${SCENARIO}.ink.json`), await compileInk(ink));
  // The minified ES-module build inkjs ships for browsers (runtime only, no compiler).
  cpSync(path.join(ROOT, 'node_modules/inkjs/dist/ink.mjs'), path.join(site, 'ink.mjs'));
  return { scenario, ink };
}

// ─── the two sides, as the page-driving code sees them ──────────────────────

/** How to drive each side's page. The `*InPage` functions run inside the page. */
const SIDES = {
  ours: {
    name: 'ours',
    page: (ctx) => `${ctx.ours.url}embed.html?seed=1`,
    mark: 'agreement-guide:first-card',
    // A click on one enabled choice button → resolves { rendered } when the card is in the DOM.
    clickInPage: async (pick) => {
      const el = document.querySelector('agreement-guide');
      const root = el.shadowRoot;
      const buttons = [...root.querySelectorAll('button[data-choice-id]:not([aria-disabled="true"])')];
      if (!buttons.length) {
        root.querySelector('.ag-ending [data-action="restart"]').click();
        return null;
      }
      const done = new Promise((r) => el.addEventListener('agreement-guide-choice', () => r(performance.now()), { once: true }));
      const t0 = performance.now();
      buttons[pick(buttons.length)].click();
      return { t0, rendered: await done };
    },
  },
  ink: {
    name: 'inkjs',
    page: (ctx) => `${ctx.ink.url}index.html?seed=1`,
    mark: 'ink:first-card',
    clickInPage: async (pick) => {
      const root = document.getElementById('story');
      const buttons = [...root.querySelectorAll('button[data-index]')];
      if (!buttons.length) {
        root.querySelector('[data-action="restart"]').click();
        return null;
      }
      const done = new Promise((r) => root.addEventListener('ink-choice', () => r(performance.now()), { once: true }));
      const t0 = performance.now();
      buttons[pick(buttons.length)].click();
      return { t0, rendered: await done };
    },
  },
};

/** Both sides' random-playthrough loops, defined once and run inside each page. */
const LOOPS = {
  // ours, step by step like a front end: view → pick an enabled choice → choose.
  ours: async ({ steps, seed }) => {
    const m = await import('/pkg/agreement_guide.js');
    const wasm = await m.default();
    const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), seed);
    let x = seed >>> 0;
    const pick = (n) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const run = (n) => {
      let done = 0;
      let endings = 0;
      while (done < n) {
        const v = g.view('en');
        const open = v.choices.filter((c) => c.enabled);
        if (!open.length) {
          endings++;
          g.restart(x);
          continue;
        }
        g.choose(open[pick(open.length)].id);
        done++;
      }
      return endings;
    };
    globalThis.benchLoop = { run, wasmBytes: () => wasm.memory.buffer.byteLength };
  },
  ink: async ({ seed }) => {
    const { Story } = await import('./ink.mjs');
    const s = new Story(await (await fetch('us-china-2015.ink.json')).text());
    s.state.storySeed = seed;
    let x = seed >>> 0;
    const pick = (n) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const run = (n) => {
      let done = 0;
      let endings = 0;
      while (done < n) {
        while (s.canContinue) s.Continue();
        const k = s.currentChoices.length;
        if (!k) {
          endings++;
          s.ResetState();
          s.state.storySeed = x;
          continue;
        }
        s.ChooseChoiceIndex(pick(k));
        done++;
      }
      return endings;
    };
    globalThis.benchLoop = { run, wasmBytes: () => 0 };
  },
};

// ─── sections ───────────────────────────────────────────────────────────────

/** Bytes a reader downloads: per file, per side, and content (the guide) apart from code. */
async function bytes() {
  const side = (files) => {
    const rows = files.map((f) => measure(path.join(ROOT, f)));
    const sum = (rs) => rs.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
    const content = rows.filter((r) => /scenarios|\.ink\.json$/.test(r.file));
    return { rows, total: sum(rows), code: sum(rows.filter((r) => !content.includes(r))), content: sum(content) };
  };
  const ours = side(OURS_FILES);
  const ink = side(INK_FILES);
  const missing = [...ours.rows, ...ink.rows].filter((r) => r.missing).map((r) => r.file);
  if (missing.length) throw new Error(`missing: ${missing.join(', ')}`);
  const out = [];
  for (const [label, key] of [['total', 'total'], ['code (engine + front end)', 'code'], ['content (the guide)', 'content']]) {
    for (const enc of ['raw', 'gzip', 'brotli']) {
      out.push({ group: 'bytes', measure: `${label}, ${enc}`, unit: 'B', ours: ours[key][enc], ink: ink[key][enc], better: 'lower' });
    }
  }
  // Before this, ours fetched the full engine and the guide's JSON (en + zh in one file).
  const before = side(['www/pkg/agreement_guide_bg.wasm', 'www/pkg/agreement_guide.js', 'www/agreement-guide.js', 'www/agreement-guide.css', `www/scenarios/${SCENARIO}.json`]);
  out.push({ group: 'bytes', measure: 'total, gzip — the JSON route (full engine; before)', unit: 'B', ours: before.total.gzip, ink: ink.total.gzip, better: 'lower' });
  // What minifying our JS and CSS saves (the element and its stylesheet are built minified now).
  const esbuild = await import('esbuild').catch(() => null);
  if (esbuild) {
    const min = (f, loader) => sizes(Buffer.from(esbuild.transformSync(readFileSync(path.join(ROOT, f), 'utf8'), { loader, minify: true, format: loader === 'js' ? 'esm' : undefined }).code));
    const shrunk = ours.code.gzip - ours.rows[1].gzip - ours.rows[2].gzip - ours.rows[3].gzip + min(OURS_FILES[1], 'js').gzip + min(OURS_FILES[2], 'js').gzip + min(OURS_FILES[3], 'css').gzip;
    out.push({ group: 'bytes', measure: 'code, gzip, with our JS and CSS minified (esbuild)', unit: 'B', ours: shrunk, ink: ink.code.gzip, better: 'lower' });
  }
  return { rows: out, detail: { ours: ours.rows, ink: ink.rows } };
}

function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The scenario with every `{ en, zh }` text reduced to its English string. */
export function englishOnly(x) {
  if (Array.isArray(x)) return x.map(englishOnly);
  if (x && typeof x === 'object') {
    const keys = Object.keys(x);
    if (keys.includes('en') && keys.every((k) => /^[a-z]{2,3}(-[A-Za-z]+)?$/.test(k))) return x.en;
    const out = Object.fromEntries(Object.entries(x).map(([k, v]) => [k, englishOnly(v)]));
    if (out.meta?.languages) out.meta.languages = ['en'];
    return out;
  }
  return x;
}

/** Navigation → first card: fresh page per load, the two sides alternating. */
async function firstCard(ctx) {
  const times = { ours: [], ink: [] };
  for (let i = 0; i < LOADS; i++) {
    for (const key of i % 2 ? ['ink', 'ours'] : ['ours', 'ink']) {
      const s = SIDES[key];
      const page = await ctx.browser.newPage();
      await page.goto(s.page(ctx));
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, s.mark, { timeout: 30_000 });
      times[key].push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, s.mark));
      await page.close();
    }
  }
  const o = stats(times.ours);
  const k = stats(times.ink);
  return {
    rows: [
      { group: 'first card', measure: `navigation → first card, median of ${LOADS}`, unit: 'ms', ours: o.median, ink: k.median, better: 'lower' },
      { group: 'first card', measure: `navigation → first card, p95 of ${LOADS}`, unit: 'ms', ours: o.p95, ink: k.p95, better: 'lower' },
    ],
  };
}

/**
 * The same in a freshly launched browser each time: what a reader opening the
 * article meets, with nothing warm in the renderer (ICU data, compiled code).
 */
async function firstCardCold(ctx) {
  const times = { ours: [], ink: [] };
  for (let i = 0; i < COLD_LOADS; i++) {
    for (const key of i % 2 ? ['ink', 'ours'] : ['ours', 'ink']) {
      const s = SIDES[key];
      const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await browser.newPage();
        await page.goto(s.page(ctx));
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, s.mark, { timeout: 30_000 });
        times[key].push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, s.mark));
      } finally {
        await browser.close();
      }
    }
  }
  const row = (name, q) => ({ group: 'first card', measure: `navigation → first card, fresh browser, ${name} of ${COLD_LOADS}`, unit: 'ms', ours: quantile(times.ours, q), ink: quantile(times.ink, q), better: 'lower' });
  return { rows: [row('median', 0.5), row('p95', 0.95)] };
}

/** Click → updated card, in alternating blocks of STEPS/4 clicks on two open pages. */
async function clicks(ctx) {
  const pages = {};
  for (const key of ['ours', 'ink']) {
    const s = SIDES[key];
    pages[key] = await ctx.browser.newPage();
    await pages[key].goto(s.page(ctx));
    await pages[key].waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, s.mark);
  }
  const acc = { ours: { dom: [], frame: [] }, ink: { dom: [], frame: [] } };
  const block = Math.max(1, Math.ceil(STEPS / 4));
  for (let b = 0; b < 4; b++) {
    for (const key of ['ours', 'ink']) {
      await pages[key].bringToFront(); // a background tab's frames are throttled
      const r = await pages[key].evaluate(
        async ({ n, seed, click }) => {
          const clickOnce = new Function(`return (${click})`)();
          const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
          let x = seed;
          const pick = (k) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % k;
          const dom = [];
          const frame = [];
          while (dom.length < n) {
            const r = await clickOnce(pick);
            if (!r) {
              await nextFrame();
              continue;
            }
            const painted = await nextFrame();
            dom.push(r.rendered - r.t0);
            frame.push(painted - r.t0);
            await nextFrame(); // let the frame settle before the next click
          }
          return { dom, frame };
        },
        { n: block, seed: 12345 + b, click: SIDES[key].clickInPage.toString() },
      );
      acc[key].dom.push(...r.dom);
      acc[key].frame.push(...r.frame);
    }
  }
  for (const p of Object.values(pages)) await p.close();
  const row = (what, q, name) => ({
    group: 'click → card',
    measure: `${what}, ${name} of ${acc.ours.dom.length}`,
    unit: 'ms',
    ours: quantile(acc.ours[q], name === 'median' ? 0.5 : 0.95),
    ink: quantile(acc.ink[q], name === 'median' ? 0.5 : 0.95),
    better: 'lower',
  });
  return { rows: [row('click → card in DOM', 'dom', 'median'), row('click → card in DOM', 'dom', 'p95'), row('click → next frame', 'frame', 'median'), row('click → next frame', 'frame', 'p95')] };
}

async function openLoop(ctx, key, seed = 7) {
  const page = await ctx.browser.newPage();
  await page.goto(key === 'ours' ? `${ctx.ours.url}embed.html?seed=1` : `${ctx.ink.url}index.html?seed=1`);
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, SIDES[key].mark);
  await page.evaluate(`(${LOOPS[key].toString()})(${JSON.stringify({ seed })})`);
  return page;
}

/** Random playthroughs in the page, steps per second; three alternating rounds, best kept. */
async function throughput(ctx) {
  const ours = await openLoop(ctx, 'ours');
  const ink = await openLoop(ctx, 'ink');
  const rate = { simulate: [], loop: [], ink: [] };
  for (let round = 0; round < 3; round++) {
    rate.simulate.push(
      await ours.evaluate(async (runs) => {
        const m = await import('/pkg/agreement_guide.js');
        const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 1);
        const t0 = performance.now();
        const s = g.simulate(runs, 'uniform', 1);
        const dt = performance.now() - t0;
        g.free();
        return s.steps / (dt / 1000);
      }, RUNS),
    );
    const stepsLoop = Math.max(1000, Math.round(RUNS * 2)); // ≈ RUNS/10 playthroughs
    for (const [key, page, n] of [['loop', ours, stepsLoop], ['ink', ink, Math.round(INK_RUNS * 20)]]) {
      rate[key].push(
        await page.evaluate((n) => {
          const t0 = performance.now();
          globalThis.benchLoop.run(n);
          return n / ((performance.now() - t0) / 1000);
        }, n),
      );
    }
  }
  await ours.close();
  await ink.close();
  const best = (xs) => Math.max(...xs);
  return {
    rows: [
      { group: 'throughput', measure: `random play, steps/s: ours simulate(${RUNS}) vs ink loop`, unit: 'steps/s', ours: best(rate.simulate), ink: best(rate.ink), better: 'higher' },
      { group: 'throughput', measure: 'random play, steps/s: ours choose()+view() loop vs ink loop', unit: 'steps/s', ours: best(rate.loop), ink: best(rate.ink), better: 'higher' },
    ],
  };
}

/** Heap after a forced GC (CDP) and wasm memory, after 0, N and 2N steps of random play. */
async function memory(ctx) {
  const out = { ours: [], ink: [] };
  for (const key of ['ours', 'ink']) {
    const page = await openLoop(ctx, key, 11);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
      const wasm = await page.evaluate(() => globalThis.benchLoop.wasmBytes());
      return { heap, wasm };
    };
    out[key].push(await sample());
    for (let i = 0; i < 2; i++) {
      await page.evaluate((n) => globalThis.benchLoop.run(n), MEMORY_STEPS);
      out[key].push(await sample());
    }
    await cdp.detach();
    await page.close();
  }
  const rows = [];
  const labels = ['at start', `after ${MEMORY_STEPS} steps`, `after ${2 * MEMORY_STEPS} steps`];
  labels.forEach((label, i) => {
    rows.push({ group: 'memory', measure: `JS heap + wasm memory, ${label}`, unit: 'B', ours: out.ours[i].heap + out.ours[i].wasm, ink: out.ink[i].heap, better: 'lower' });
  });
  rows.push({ group: 'memory', measure: `  of which wasm memory, after ${2 * MEMORY_STEPS} steps`, unit: 'B', ours: out.ours[2].wasm, ink: 0, better: 'lower' });
  rows.push({
    group: 'memory',
    measure: `growth from ${MEMORY_STEPS} to ${2 * MEMORY_STEPS} steps`,
    unit: 'B',
    ours: out.ours[2].heap + out.ours[2].wasm - (out.ours[1].heap + out.ours[1].wasm),
    ink: out.ink[2].heap - out.ink[1].heap,
    better: 'lower',
    noRatio: true,
  });
  return { rows };
}

/** Ending frequencies over random play on both sides, against the core's exact odds. */
async function fidelity(ctx) {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.ours.url}embed.html?seed=1`);
  const ours = await page.evaluate(async (runs) => {
    const m = await import('/pkg/agreement_guide.js');
    await m.default();
    const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 1);
    const info = g.info('en');
    const exact = g.odds('uniform');
    const sim = g.simulate(runs, 'uniform', 3);
    return { verdicts: Object.fromEntries(info.endings.map((e) => [e.id, e.verdict])), exact: exact.endings, sim: sim.endings, runs };
  }, INK_RUNS * 4);
  await page.goto(`${ctx.ink.url}index.html?seed=1`);
  const ink = await page.evaluate(async (runs) => {
    const [{ Story }, { inkEndings }] = await Promise.all([import('./ink.mjs'), import('./ink-endings.js')]);
    return inkEndings(Story, await (await fetch('us-china-2015.ink.json')).text(), runs);
  }, INK_RUNS * 4);
  await page.close();
  const n = INK_RUNS * 4;
  const rows = Object.entries(ours.exact).map(([id, p]) => ({
    group: 'fidelity',
    measure: `P(${id}) — exact ${(100 * p).toFixed(1)}%`,
    unit: '%',
    ours: (100 * ours.sim[id]) / n,
    ink: (100 * (ink[ours.verdicts[id]] ?? 0)) / n,
    better: 'none',
    noRatio: true,
  }));
  const tvd = (freq) => Object.entries(ours.exact).reduce((t, [id, p]) => t + Math.abs(p - freq(id)), 0) / 2;
  rows.push({
    group: 'fidelity',
    measure: `total variation from the exact odds (${n} runs each)`,
    unit: '',
    ours: tvd((id) => ours.sim[id] / n),
    ink: tvd((id) => (ink[ours.verdicts[id]] ?? 0) / n),
    better: 'none',
    noRatio: true,
  });
  return { rows };
}

/** Ours only: the core's analysis in the page (numbers kept from the earlier bench). */
async function core(ctx) {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.ours.url}embed.html?seed=1`);
  const r = await page.evaluate(async (runs) => {
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
    for (let i = 0; i < 5; i++) sims.push(time(() => g.simulate(runs, 'uniform', i + 1))[0]);
    const odds = [];
    let exact;
    for (let i = 0; i < 5; i++) {
      const [t, res] = time(() => g.odds('uniform'));
      odds.push(t);
      exact = res;
    }
    const [views] = time(() => {
      for (let i = 0; i < 1000; i++) g.view('en');
    });
    g.free();
    return { load, sims, odds, views, states: exact.states };
  }, RUNS);
  await page.close();
  const row = (measure, v) => ({ group: 'core (ours only)', measure, unit: 'ms', ours: v, ink: null, better: 'lower', noRatio: true });
  return {
    rows: [
      row('Guide.load (parse + validate)', r.load),
      row(`Guide.simulate(${RUNS}), median of 5`, quantile(r.sims, 0.5)),
      row(`Guide.odds() exact, ${r.states} states, median of 5`, quantile(r.odds, 0.5)),
      row("Guide.view('en'), per call", r.views / 1000),
    ],
  };
}

/**
 * The Explore panel (issue 5): the strategy lab's 10,000 playthroughs, from
 * the Run click to the chart (in batches of 2,000 with a yield between them;
 * target under 100 ms), the same runs as bare core calls, and the mechanism
 * map's layout (Guide.map).
 */
async function explore(ctx, repeats = 5) {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.ours.url}embed.html?seed=1`);
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
  await page.close();
  const row = (measure, v) => ({ group: 'explore (ours only)', measure, unit: 'ms', ours: v, ink: null, better: 'lower', noRatio: true });
  return {
    rows: [
      row(`strategy lab, 10000 runs click → chart, median of ${repeats}`, quantile(lab, 0.5)),
      row(`10000 runs as 5 core batches, median of ${repeats}`, quantile(core.batches, 0.5)),
      row('Guide.map() layout, median of 20', quantile(core.maps, 0.5)),
    ],
  };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.ico': 'image/x-icon' };

/** A static server that sends every file gzip-compressed (level 6, what CDNs commonly use), compressed once. */
function gzipServer(root) {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(path.resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    let body = cache.get(file);
    if (!body) cache.set(file, (body = gzipSync(readFileSync(file), { level: 6 })));
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) })));
}

/**
 * In the page from its first script on: each animation frame, whether a choice can be clicked
 * (an enabled choice button on screen, in the element's shadow root or the ink page), marked once as
 * 'bench:clickable', with the bytes on the wire so far (Resource Timing transferSize, the page included);
 * and, for ours, the first frame the live card is on screen ('bench:live-card': the element draws it
 * hidden, behind the page's card, until its stylesheet has loaded).
 */
function watchClickable() {
  // Layout shifts from the first paint on (the takeover of the page's card by the element), summed as CLS does.
  globalThis.__benchCls = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) globalThis.__benchCls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const find = () => {
    const button = document.querySelector('agreement-guide')?.shadowRoot?.querySelector('button[data-choice-id]:not([aria-disabled="true"])') ?? document.querySelector('#story button[data-index]');
    return button?.checkVisibility() ? button : null;
  };
  const liveCard = () => {
    if (performance.getEntriesByName('bench:live-card').length) return;
    if (document.querySelector('agreement-guide')?.shadowRoot?.querySelector('.ag[data-state="ready"]')?.checkVisibility()) performance.mark('bench:live-card');
  };
  const tick = () => {
    liveCard();
    if (!find()) return requestAnimationFrame(tick);
    const now = performance.now();
    performance.mark('bench:clickable');
    const wire = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].filter((e) => e.responseEnd <= now).reduce((t, e) => t + e.transferSize, 0);
    globalThis.__benchWire = wire;
  };
  requestAnimationFrame(tick);
}

/** A phone on slow 4G: see the header. Ours (compiled), ours before (JSON on the full engine), ink. */
async function phone(ctx) {
  const servers = { ours: await gzipServer(path.join(ROOT, 'www')), ink: await gzipServer(INK_SITE) };
  const pages = {
    ours: `${servers.ours.url}embed.html?seed=1`,
    before: `${servers.ours.url}embed.html?seed=1&src=scenarios/${SCENARIO}.json`,
    ink: `${servers.ink.url}index.html?seed=1`,
  };
  // The first card on screen: ours, the live card's first visible frame; ink, its own mark.
  const marks = { ours: 'bench:live-card', before: 'bench:live-card', ink: SIDES.ink.mark };
  const got = { ours: [], before: [], ink: [] };
  try {
    for (let i = 0; i < PHONE_LOADS; i++) {
      const order = ['ours', 'before', 'ink'];
      for (let r = 0; r < i % 3; r++) order.push(order.shift()); // each takes each place in turn
      for (const key of order) {
        const browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
        try {
          const page = await browser.newPage();
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
          await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) });
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
          await page.addInitScript(watchClickable);
          await page.goto(pages[key]);
          await page.waitForFunction(() => performance.getEntriesByName('bench:clickable').length > 0, null, { timeout: 60_000 });
          await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, marks[key], { timeout: 60_000 });
          // Two frames after the live card: its layout (and any shift) is reported.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          got[key].push(
            await page.evaluate((mark) => ({
              card: performance.getEntriesByName(mark)[0].startTime,
              clickable: performance.getEntriesByName('bench:clickable')[0].startTime,
              wire: globalThis.__benchWire,
              // The first paint with content: on ours, the page's own copy of the first card (agreement-guide render).
              paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
              cls: globalThis.__benchCls,
            }), marks[key]),
          );
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await servers.ours.close();
    await servers.ink.close();
  }
  const med = (key, field) => quantile(got[key].map((g) => g[field]), 0.5);
  const rows = [];
  const n = `median of ${PHONE_LOADS}`;
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip)', measure: 'bytes on the wire until a choice is clickable', unit: 'B', ours: med('ours', 'wire'), ink: med('ink', 'wire'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip)', measure: '  the same, before (JSON on the full engine)', unit: 'B', ours: med('before', 'wire'), ink: med('ink', 'wire'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: `first card visible, ${n}`, unit: 'ms', ours: med('ours', 'card'), ink: med('ink', 'card'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: '  the same, before (JSON on the full engine)', unit: 'ms', ours: med('before', 'card'), ink: med('ink', 'card'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: `first choice clickable, ${n}`, unit: 'ms', ours: med('ours', 'clickable'), ink: med('ink', 'clickable'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: '  the same, before (JSON on the full engine)', unit: 'ms', ours: med('before', 'clickable'), ink: med('ink', 'clickable'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: `first contentful paint (ours: the card in the HTML), ${n}`, unit: 'ms', ours: med('ours', 'paint'), ink: med('ink', 'paint'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: '  the same, before (JSON on the full engine)', unit: 'ms', ours: med('before', 'paint'), ink: med('ink', 'paint'), better: 'lower' });
  rows.push({ group: 'phone (slow 4G, CPU 4×, gzip) ', measure: `CLS until the live card (the takeover), ${n}`, unit: '', ours: med('ours', 'cls'), ink: med('ink', 'cls'), better: 'lower' });
  return { rows, detail: got };
}

/**
 * Lighthouse 12 (npm `lighthouse`, pinned: 13 needs Node 22) on each side's page, its default
 * mobile preset (a Moto G Power's screen, simulated slow 4G and 4× CPU from one trace: Lantern),
 * every file gzip-compressed, a fresh browser per run, the two sides alternating. Its own numbers:
 * FCP, LCP, TBT, time to interactive, CLS, total byte weight; each run's figures, with the first paint
 * and LCP the browser itself observed (what the simulation starts from), go to stderr as it runs.
 */
async function lighthouse(ctx) {
  const { default: runLighthouse } = await import('lighthouse');
  const { default: puppeteer } = await import('puppeteer-core');
  const servers = { ours: await gzipServer(path.join(ROOT, 'www')), ink: await gzipServer(INK_SITE) };
  const pages = { ours: `${servers.ours.url}embed.html?seed=1`, ink: `${servers.ink.url}index.html?seed=1` };
  const got = { ours: [], ink: [] };
  try {
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
      for (const key of i % 2 ? ['ink', 'ours'] : ['ours', 'ink']) {
        const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
        try {
          const port = Number(new URL(browser.wsEndpoint()).port);
          const { lhr, artifacts } = await runLighthouse(pages[key], { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
          if (lhr.runtimeError) throw new Error(`Lighthouse on ${pages[key]}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
          if (process.env.LIGHTHOUSE_GRAPHS) process.stderr.write(await lanternGraphs(key, artifacts, lhr.configSettings));
          const a = lhr.audits;
          got[key].push({
            fcp: a['first-contentful-paint'].numericValue,
            lcp: a['largest-contentful-paint'].numericValue,
            tbt: a['total-blocking-time'].numericValue,
            tti: a.interactive.numericValue,
            cls: a['cumulative-layout-shift'].numericValue,
            bytes: a['total-byte-weight'].numericValue,
            // What the browser itself saw (Lighthouse's times above are simulated from it).
            observedFcp: a.metrics.details.items[0].observedFirstContentfulPaint,
            observedLcp: a.metrics.details.items[0].observedLargestContentfulPaint,
          });
          const r = got[key].at(-1);
          process.stderr.write(`  lighthouse ${key}: FCP ${r.fcp.toFixed(0)} LCP ${r.lcp.toFixed(0)} TBT ${r.tbt.toFixed(0)} TTI ${r.tti.toFixed(0)} ms (observed FCP ${r.observedFcp} LCP ${r.observedLcp})\n`);
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await servers.ours.close();
    await servers.ink.close();
  }
  const med = (key, field) => quantile(got[key].map((g) => g[field]), 0.5);
  const g = `Lighthouse ${LIGHTHOUSE_VERSION()}, mobile preset (simulated), median of ${LIGHTHOUSE_RUNS}`;
  const rows = [
    { group: g, measure: 'first contentful paint', unit: 'ms', ours: med('ours', 'fcp'), ink: med('ink', 'fcp'), better: 'lower' },
    { group: g, measure: 'largest contentful paint', unit: 'ms', ours: med('ours', 'lcp'), ink: med('ink', 'lcp'), better: 'lower' },
    { group: g, measure: 'total blocking time', unit: 'ms', ours: med('ours', 'tbt'), ink: med('ink', 'tbt'), better: 'lower' },
    { group: g, measure: 'time to interactive', unit: 'ms', ours: med('ours', 'tti'), ink: med('ink', 'tti'), better: 'lower' },
    { group: g + ' ', measure: 'total byte weight', unit: 'B', ours: med('ours', 'bytes'), ink: med('ink', 'bytes'), better: 'lower' },
    { group: g + '  ', measure: 'cumulative layout shift', unit: '', ours: med('ours', 'cls'), ink: med('ink', 'cls'), better: 'lower' },
  ];
  return { rows, detail: got };
}

/**
 * What Lighthouse's simulated FCP and LCP waited for (LIGHTHOUSE_GRAPHS=1): each metric's optimistic
 * and pessimistic graphs, as Lighthouse's own Lantern computes them from the run's artifacts, every
 * request and main-thread task in them with its simulated start and end (ms). Read in
 * docs/performance.md, "What Lighthouse's first paint waits for".
 */
async function lanternGraphs(key, artifacts, settings) {
  const { LanternFirstContentfulPaint } = await import('lighthouse/core/computed/metrics/lantern-first-contentful-paint.js');
  const { LanternLargestContentfulPaint } = await import('lighthouse/core/computed/metrics/lantern-largest-contentful-paint.js');
  const data = { trace: artifacts.Trace, devtoolsLog: artifacts.DevtoolsLog, gatherContext: artifacts.GatherContext, settings, URL: artifacts.URL, simulator: null };
  const context = { computedCache: new Map() };
  const short = (url) => url.replace(/^https?:\/\/[^/]+\//, '');
  const lines = [];
  for (const [name, metric] of [['FCP', LanternFirstContentfulPaint], ['LCP', LanternLargestContentfulPaint]]) {
    const r = await metric.request(data, context);
    for (const [graph, estimate] of [['optimistic', r.optimisticEstimate], ['pessimistic', r.pessimisticEstimate]]) {
      lines.push(`  ${key} ${name} ${graph} ${estimate.timeInMs.toFixed(0)} ms:`);
      for (const [node, t] of [...estimate.nodeTimings.entries()].sort((a, b) => a[1].startTime - b[1].startTime)) {
        const what = node.type === 'network' ? `${short(node.request.url)} (${node.request.resourceType}, ${node.request.priority})` : `main-thread task, ${((node.endTime - node.startTime) / 1000).toFixed(0)} ms observed`;
        lines.push(`    ${t.startTime.toFixed(0).padStart(5)}–${t.endTime.toFixed(0).padEnd(5)} ${what}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The Lighthouse version the bench runs (package.json pins it). */
const LIGHTHOUSE_VERSION = () => JSON.parse(readFileSync(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')).version;

/** The sections, in order. Append a function here to add a measurement. */
export const SECTIONS = [bytes, firstCard, firstCardCold, clicks, throughput, memory, fidelity, core, explore, phone, lighthouse];

// ─── the table ──────────────────────────────────────────────────────────────

const fmt = (v, unit) => {
  if (typeof v === 'number' && !Number.isFinite(v)) return '—';
  if (v == null) return '—';
  if (unit === 'B') return Math.abs(v) >= 10_000 ? `${(v / 1024).toFixed(1)} K` : `${v}`;
  if (unit === 'steps/s') return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : v.toFixed(0);
  if (unit === '%') return `${v.toFixed(1)}%`;
  if (unit === '') return v.toFixed(3);
  return v < 10 ? v.toFixed(2) : v.toFixed(1);
};

export function table(rows) {
  const lines = [];
  const w = Math.max(...rows.map((r) => r.measure.length), 10);
  lines.push(`${'measure'.padEnd(w)}  ${'ours'.padStart(10)}  ${'inkjs'.padStart(10)}  ${'ours/inkjs'.padStart(10)}`);
  let group = null;
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      lines.push(`── ${group} ${r.unit ? `(${r.unit})` : ''}`.padEnd(w + 36, '─'));
    }
    const ratio = r.noRatio || r.ink == null || !r.ink ? '' : `${(r.ours / r.ink).toFixed(2)}×`;
    lines.push(`${r.measure.padEnd(w)}  ${fmt(r.ours, r.unit).padStart(10)}  ${fmt(r.ink, r.unit).padStart(10)}  ${ratio.padStart(10)}`);
  }
  return lines.join('\n');
}

async function main() {
  requireBuild();
  const loadBefore = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  await prepareInk();
  const ctx = {
    ours: await startServer({ port: 0 }),
    ink: await startServer({ port: 0, root: INK_SITE }),
    browser: await launchBrowser({ viewport: { width: 1280, height: 900 } }),
  };
  const rows = [];
  const details = {};
  try {
    const only = process.env.ONLY?.split(',');
    for (const section of SECTIONS) {
      if (only && !only.includes(section.name)) continue;
      process.stderr.write(`… ${section.name}\n`);
      const r = await section(ctx);
      rows.push(...r.rows);
      if (r.detail) details[section.name] = r.detail;
    }
  } finally {
    await ctx.browser.close();
    await ctx.ours.close();
    await ctx.ink.close();
  }
  if (details.bytes) {
    console.log('\nfiles a reader downloads (raw / gzip / brotli bytes)');
    for (const r of [...details.bytes.ours, ...details.bytes.ink]) {
      console.log(`  ${path.relative(ROOT, r.file).padEnd(44)} ${String(r.raw).padStart(8)} ${String(r.gzip).padStart(8)} ${String(r.brotli).padStart(8)}`);
    }
  }
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\nmachine: ${os.cpus().length} CPUs, load average ${loadBefore} before, ${load} after (noise scales with it)`);
  console.log(`\n<agreement-guide> vs inkjs ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules/inkjs/package.json'), 'utf8')).version} — ${chromium}, ${new Date().toISOString()}\n`);
  console.log(table(rows));
  console.log('\nTargets: bytes ≤ 1.0× inkjs; throughput ≥ 10× inkjs; first card < 100 ms. See docs/performance.md.\n');
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main();
}
