// The <agreement-guide> element in Chromium: every ending reached by clicking
// the path the core's own analysis found, keyboard-only play, undo/restart,
// share links (good, tampered, foreign), broken and unreachable scenarios,
// citations, events, CSP, axe-core scans, and screenshots of the demo article.
// Every test of a guide's play runs once per shipped guide (GUIDES); the
// tests of the element itself (errors, CSP, languages) run once.
//
// Run after `npm run build`:  node --test tests/e2e/widget.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, watchPage, gotoBlank, screenshot, ROOT, assertNoAxeViolations, ready, step, headingText, choose } from './helpers.mjs';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'invalid');
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** The shipped guides (scenarios/<id>.json, offered by the demo article's picker); the first is the default. */
const GUIDES = ['us-china-2015', 'wto-disputes'];

// ── page helpers ────────────────────────────────────────────────────────────
// Playwright's CSS locators pierce open shadow roots, so '.ag' finds the
// element's root inside <agreement-guide>.

/**
 * The page URL once its hash carries the run's current share token (the
 * element writes it to the address bar just after each step).
 */
async function sharedUrl(page) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('agreement-guide');
      return el.token !== '' && location.hash === `#ag=${el.token}`;
    },
    null,
    { timeout: 5_000 },
  );
  return page.url();
}

/** What has focus, looking through shadow roots. */
function activeElement(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return {
      tag: a?.tagName.toLowerCase(),
      choiceId: a?.dataset?.choiceId ?? null,
      disabled: a?.getAttribute('aria-disabled') === 'true',
      action: a?.dataset?.action ?? null,
      focusTarget: a?.hasAttribute?.('data-focus-target') ?? false,
      source: a?.dataset?.source ?? null,
      text: a?.textContent?.trim() ?? '',
    };
  });
}

/** Texts that describe a run: what a restored share link must reproduce. */
async function snapshot(page) {
  return {
    step: await step(page),
    heading: await headingText(page),
    trail: await page.locator('.ag-trail-list li').allTextContents(),
    meters: await page.locator('.ag-meter').allTextContents(),
    progress: await page.locator('.ag-progress-label').textContent(),
    token: await page.evaluate(() => document.querySelector('agreement-guide').token),
  };
}

/** Parses one line of a fixture's .expected file into the panel's wording. */
function expectedPanelLine(line) {
  const [, l, c, rest] = line.match(/^(\d+):(\d+): (.*)$/);
  const cut = rest.lastIndexOf(' — ');
  const main = cut >= 0 ? rest.slice(0, cut) : rest;
  const suggestion = cut >= 0 ? rest.slice(cut + 3) : null;
  const colon = main.indexOf(': ');
  const hasLocation = colon > 0 && !main.slice(0, colon).includes(' ');
  const location = hasLocation ? main.slice(0, colon) : '';
  const message = hasLocation ? main.slice(colon + 2) : main;
  return `${l}:${c}${location ? ` ${location}` : ''} — ${message}${suggestion ? ` (${suggestion})` : ''}`;
}

for (const GUIDE of GUIDES) describeInBrowser(`<agreement-guide> in Chromium, playing ${GUIDE}`, ({ server, browser }) => {
  const SRC = `/scenarios/${GUIDE}.json`;
  /** The embed page playing this guide, with more query parameters (`seed=1`). */
  const embed = (query = '') => `${server.url}embed.html?src=scenarios/${GUIDE}.json${query ? `&${query}` : ''}`;
  /** Tests of the element itself, not of a guide's play: run with the first guide only. */
  const once = GUIDE === GUIDES[0] ? test : () => {};
  /** Screenshot names: the first guide's keep their names. */
  const shot = (name) => (GUIDE === GUIDES[0] ? name : name.replace(/\.png$/, `-${GUIDE}.png`));
  /** The core's own analysis: per ending, a seed and the choice ids that reach it. */
  let witnesses;
  let info;

  before(async () => {
    const page = await browser.newPage();
    await gotoBlank(page, server.url);
    ({ witnesses, info } = await page.evaluate(async (src) => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const text = await (await fetch(src)).text();
      const g = m.Guide.load(text, 0);
      const result = { witnesses: g.witnesses(200000), info: g.info('en') };
      g.free();
      return result;
    }, SRC));
    await page.close();
    assert.equal(witnesses.length, info.endings.length);
    for (const w of witnesses) assert.ok(w.choices, `the core found no path to the ending "${w.ending}"`);
  });

  const shortest = () => witnesses.reduce((a, b) => (b.choices.length < a.choices.length ? b : a));
  const longest = () => witnesses.reduce((a, b) => (b.choices.length > a.choices.length ? b : a));

  test('every ending is reached by clicking the path the core found, and shows its verdict', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    for (const w of witnesses) {
      await page.goto(embed(`seed=${w.seed}`));
      await ready(page);
      for (const id of w.choices) await choose(page, id);
      const ending = page.locator('[data-ending-id]');
      assert.equal(await ending.getAttribute('data-ending-id'), w.ending);
      const verdict = info.endings.find((e) => e.id === w.ending).verdict;
      assert.equal(await page.locator('.ag-verdict').textContent(), verdict);
      assert.equal(await page.locator('.ag-trail-list li').count(), w.choices.length);
      assert.ok(await page.locator('.ag-reality').isVisible(), 'the "in reality" epilogue is shown');
      const url = await sharedUrl(page);
      assert.match(new URL(url).hash, /^#ag=ag4\./, 'the URL carries the share token');
      assert.equal(await page.locator('[data-share-url]').inputValue(), url);
    }
    watch.assertClean();
    await page.close();
  });

  test('a disabled choice is a real button that says why, visibly and to screen readers', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    let found = false;
    for (const w of witnesses) {
      await page.goto(embed(`seed=${w.seed}`));
      await ready(page);
      for (const id of w.choices) {
        const disabled = page.locator('button[data-choice-id][aria-disabled="true"]');
        if (await disabled.count()) {
          const button = disabled.first();
          const describedBy = await button.getAttribute('aria-describedby');
          assert.ok(describedBy, 'aria-describedby points at the reason');
          const reason = page.locator(`[id="${describedBy}"]`);
          assert.ok(await reason.isVisible(), 'the reason is visible');
          assert.match(await reason.textContent(), /^Not available: \S/);
          const before = await snapshot(page);
          await button.click({ force: true });
          assert.deepEqual(await snapshot(page), before, 'pressing a disabled choice does nothing');
          found = true;
          break;
        }
        await choose(page, id);
      }
      if (found) break;
    }
    assert.ok(found, 'some path shows a disabled choice');
    watch.assertClean();
    await page.close();
  });

  test('a chance outcome says what happened and how likely it was, as a model assumption; focus and one live region follow', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const w = witnesses[0];
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    let checked = false;
    for (const [i, id] of w.choices.entries()) {
      await choose(page, id);
      const focus = await activeElement(page);
      assert.ok(focus.focusTarget, `focus moves to the new heading (was on ${focus.tag})`);
      if (!checked && (await page.locator('.ag-outcome').count())) {
        const line = (await page.locator('.ag-outcome-line').textContent()).replace(/\s+/g, ' ').trim();
        // The same run replayed in the core: the widget shows its label, odds and factors.
        const core = await page.evaluate(
          async ({ seed, path, src }) => {
            const m = await import('/pkg/agreement_guide.js');
            await m.default();
            const g = m.Guide.load(await (await fetch(src)).text(), seed);
            for (const c of path) g.choose(c);
            const { outcome } = g.view('en');
            g.free();
            return outcome;
          },
          { seed: w.seed, path: w.choices.slice(0, i + 1), src: SRC },
        );
        const label = core.label.map((p) => p.map((s) => s.text ?? '').join('')).join(' ');
        const factors = new Intl.ListFormat('en', { type: 'conjunction' }).format(core.factors);
        const given = core.factors.length ? ` given ${factors}` : '';
        assert.equal(line, `${label} — ${Math.round(core.probability * 100)}% likely${given} (model assumption)`);
        const heading = await headingText(page);
        const status = page.locator('[role="status"]');
        await page.waitForFunction(
          ([l, h]) => {
            const s = document.querySelector('agreement-guide').shadowRoot.querySelector('[role="status"]');
            return s.textContent.includes(l) && s.textContent.includes(h);
          },
          [label, heading],
        );
        assert.equal(await page.locator('[aria-live]').count(), 1, 'exactly one live region');
        assert.equal(await status.getAttribute('aria-live'), 'polite');
        assert.ok(!(await status.textContent()).includes('Your move'), 'the live region holds the heading and outcome, not the card');
        checked = true;
      }
    }
    assert.ok(checked, 'the path includes a chance outcome');
    watch.assertClean();
    await page.close();
  });

  test('meters show their change after a step, flags read yes/no, all labelled as model assumptions', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const w = shortest();
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    assert.match(await page.locator('.ag-dashboard').textContent(), /Model assumptions, not data/);
    assert.match(await page.locator('.ag-assumptions summary').textContent(), /model assumptions/i);
    assert.equal(await page.locator('.ag-delta').count(), 0, 'no change before the first step');
    for (const v of await page.locator('.ag-meter[data-kind="flag"] .ag-meter-value').allTextContents()) assert.match(v, /^(Yes|No)$/);
    let deltas = 0;
    for (const id of w.choices) {
      await choose(page, id);
      for (const d of await page.locator('.ag-delta').allTextContents()) {
        assert.match(d, /^[▲▼] (up|down) \d+(\.\d)?\d*$|^[▲▼] switched (on|off)$/);
        deltas += 1;
      }
    }
    assert.ok(deltas > 0, 'some step changed a meter');
    // Every numeric meter is an ARIA meter named by its label, with its value and the last change.
    const meters = await page.locator('.ag-meter[data-kind]:not([data-kind="flag"])').evaluateAll((items) =>
      items.map((li) => {
        const m = li.querySelector('[role="meter"]');
        const label = m && li.getRootNode().getElementById(m.getAttribute('aria-labelledby'));
        return {
          label: label?.textContent.trim(),
          shownLabel: li.querySelector('.ag-meter-label').textContent.trim(),
          now: m?.getAttribute('aria-valuenow'),
          shown: li.querySelector('.ag-meter-value').textContent.trim(),
          text: m?.getAttribute('aria-valuetext'),
          min: Number(m?.getAttribute('aria-valuemin')),
          max: Number(m?.getAttribute('aria-valuemax')),
          delta: li.querySelector('.ag-delta .ag-visually-hidden')?.textContent.trim() ?? null,
        };
      }),
    );
    assert.ok(meters.length > 0, 'the guide shows numeric meters');
    for (const m of meters) {
      assert.equal(m.label, m.shownLabel, 'the meter is named by its label');
      assert.equal(m.now, m.shown, 'aria-valuenow is the value shown');
      assert.ok(m.min <= Number(m.now) && Number(m.now) <= m.max, `${m.label}: ${m.min} ≤ ${m.now} ≤ ${m.max}`);
      assert.equal(m.text, m.delta ? `${m.shown}, ${m.delta}` : m.shown, 'aria-valuetext reads the value and the last change');
    }
    watch.assertClean();
    await page.close();
  });

  test('one run with the keyboard only: Tab, Shift+Tab, Enter and Space', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(embed('seed=11'));
    await ready(page);

    /** Tabs forward to the next enabled choice; returns it. */
    const tabToChoice = async () => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const a = await activeElement(page);
        if (a.choiceId && !a.disabled) return a;
      }
      assert.fail('no enabled choice reachable with Tab');
    };

    let first = await tabToChoice();
    await page.keyboard.press('Shift+Tab');
    assert.notEqual((await activeElement(page)).choiceId, first.choiceId, 'Shift+Tab moves back');
    assert.equal((await tabToChoice()).choiceId, first.choiceId, 'Tab returns to the same choice');

    let steps = 0;
    while (!(await page.locator('[data-ending-id]').count())) {
      const before = await step(page);
      await tabToChoice();
      await page.keyboard.press(steps % 2 ? 'Space' : 'Enter');
      await page.locator(`.ag[data-step="${before + 1}"]`).waitFor();
      assert.ok((await activeElement(page)).focusTarget, 'focus is on the new heading');
      steps += 1;
      assert.ok(steps < 100, 'the run ends');
    }

    for (let i = 0; ; i++) {
      await page.keyboard.press('Tab');
      const a = await activeElement(page);
      if (a.action === 'restart' && a.text === 'Play again') break;
      assert.ok(i < 80, 'Play again is reachable with Tab');
    }
    await page.keyboard.press('Enter');
    await page.locator('.ag[data-step="0"]').waitFor();
    assert.ok((await activeElement(page)).focusTarget, 'after Play again, focus is on the first heading');
    watch.assertClean();
    await page.close();
  });

  test('a step redraws only what changed: earlier trail rows and unchanged meters keep their nodes; undo removes one row', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const w = longest();
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    // Marks every trail row and meter now on the page (a property on the node itself, so a rebuilt node has none).
    const mark = () =>
      page.evaluate(() => {
        const root = document.querySelector('agreement-guide').shadowRoot;
        root.querySelectorAll('.ag-trail-list > li, .ag-meter').forEach((n) => (n.agMarked = true));
      });
    // What a step kept: the marked trail rows, and each meter by id with its value and whether its node was kept.
    const kept = () =>
      page.evaluate(() => {
        const root = document.querySelector('agreement-guide').shadowRoot;
        return {
          trail: [...root.querySelectorAll('.ag-trail-list > li')].map((li) => !!li.agMarked),
          meters: Object.fromEntries([...root.querySelectorAll('.ag-meter')].map((li) => [li.dataset.meterId, { kept: !!li.agMarked, text: li.textContent }])),
        };
      });
    let before = await kept();
    for (const [i, id] of w.choices.slice(0, 3).entries()) {
      await mark();
      await choose(page, id);
      const after = await kept();
      assert.deepEqual(after.trail, [...Array(i).fill(true), false], `step ${i + 1}: the earlier rows stay, one row is new`);
      for (const [m, now] of Object.entries(after.meters)) {
        const was = before.meters[m];
        // A meter whose text (value and last change) is as before keeps its node; one that changed is drawn anew.
        if (was) assert.equal(now.kept, was.text === now.text, `step ${i + 1}: meter ${m} (${was.text} → ${now.text})`);
      }
      assert.ok((await activeElement(page)).focusTarget, 'focus is on the new heading');
      before = after;
    }
    await mark();
    await page.locator('[data-action="back"]').click();
    await page.locator('.ag[data-step="2"]').waitFor();
    assert.deepEqual((await kept()).trail, [true, true], 'undo removes the last row and keeps the others');
    assert.ok((await activeElement(page)).focusTarget, 'after undo, focus is on the heading');
    watch.assertClean();
    await page.close();
  });

  test('back undoes one step, start over restarts, and the URL follows', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const w = longest();
    const n = Math.min(6, w.choices.length - 1); // steps taken before going back (the run must not end)
    assert.ok(n >= 2, 'a path long enough to undo and replay');
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    assert.equal(await page.locator('.ag-controls').isVisible(), false, 'nothing to undo or restart at the start');
    const start = await snapshot(page);
    const seen = [start];
    for (const id of w.choices.slice(0, n)) {
      await choose(page, id);
      seen.push(await snapshot(page));
    }
    await page.locator('[data-action="back"]').click();
    await page.locator(`.ag[data-step="${n - 1}"]`).waitFor();
    assert.deepEqual(await snapshot(page), seen[n - 1]);
    assert.ok((await activeElement(page)).focusTarget);
    const token = await page.evaluate(() => document.querySelector('agreement-guide').token);
    assert.equal(new URL(await sharedUrl(page)).hash, `#ag=${token}`);

    await page.locator('.ag-controls [data-action="restart"]').click();
    await page.locator('.ag[data-step="0"]').waitFor();
    const fresh = await snapshot(page);
    assert.equal(fresh.heading, start.heading);
    assert.deepEqual(fresh.trail, []);
    assert.deepEqual(fresh.meters, start.meters);
    // With a seed attribute, the same choices replay the same run.
    for (const id of w.choices.slice(0, n)) await choose(page, id);
    assert.deepEqual(await snapshot(page), seen[n]);
    watch.assertClean();
    await page.close();
  });

  test('a share link restores the exact run in a new page', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const w = longest();
    const half = Math.ceil(w.choices.length / 2); // share mid-run, then play on in the new page
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    for (const id of w.choices.slice(0, half)) await choose(page, id);
    const mid = await snapshot(page);
    const url = await sharedUrl(page);

    const other = await browser.newPage();
    const watchOther = watchPage(other);
    await other.goto(url.replace(/&seed=\d+/, '')); // the token alone is enough
    await ready(other);
    assert.deepEqual(await snapshot(other), mid);
    assert.equal(await other.locator('.ag-notice').isVisible(), false);
    // The restored run goes on exactly like the original.
    for (const id of w.choices.slice(half)) await choose(other, id);
    assert.equal(await other.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);

    // Copy link: to the clipboard, or, where that is refused, selected for the reader to copy.
    const endUrl = await other.locator('[data-share-url]').inputValue();
    assert.equal(endUrl, await sharedUrl(other));
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await other.locator('[data-action="copy"]').click();
    await other.locator('[data-copy-status]', { hasText: 'Link copied.' }).waitFor();
    assert.equal(await other.evaluate(() => navigator.clipboard.readText()), endUrl);
    await other.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await other.locator('[data-action="copy"]').click();
    await other.locator('[data-copy-status]', { hasText: 'Link selected' }).waitFor();
    const selected = await other.evaluate(() => {
      const input = document.querySelector('agreement-guide').shadowRoot.querySelector('[data-share-url]');
      return input.value.slice(input.selectionStart, input.selectionEnd);
    });
    assert.equal(selected, endUrl);

    // An ending's share link reopens at the ending.
    await page.goto(endUrl);
    await ready(page);
    assert.equal(await page.locator('[data-ending-id]').getAttribute('data-ending-id'), w.ending);
    watch.assertClean();
    watchOther.assertClean();
    await other.close();
    await page.close();
  });

  test('a tampered or foreign share link shows a notice and a fresh start', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const w = witnesses[0];
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    const start = await snapshot(page);
    for (const id of w.choices.slice(0, 8)) await choose(page, id);
    const token = new URL(await sharedUrl(page)).hash.slice('#ag='.length);
    const parts = token.split('.');
    const flip = (s) => s.slice(0, -1) + (s.at(-1) === '0' ? '1' : '0');
    const bad = [
      [...parts.slice(0, -2), flip(parts.at(-2)), parts.at(-1)].join('.'), // path altered, checksum kept
      [...parts.slice(0, -1), flip(parts.at(-1))].join('.'), // checksum altered
      ['ag1', 'another-guide', ...parts.slice(2)].join('.'), // another scenario
      'not-a-token',
    ];
    // The first goto loads the page; the later ones only change the hash (the
    // element listens for hashchange), so both ways in are covered.
    for (const b of bad) {
      await page.goto(`${embed(`seed=${w.seed}`)}#ag=${b}`);
      await ready(page);
      const notice = page.locator('.ag-notice');
      await notice.waitFor({ timeout: 5_000 }); // a notice for this link
      assert.match(await notice.textContent(), /^This shared link could not be opened: \S.*\. Starting fresh\.$/);
      assert.deepEqual(await snapshot(page), start, `a fresh start for ${b}`);
      assert.equal(new URL(page.url()).hash, '', 'the bad token leaves the URL');
      await choose(page, w.choices[0]);
      assert.equal(await notice.isVisible(), false, 'the notice goes with the first step');
      await sharedUrl(page); // the step's URL update lands before the next link is opened
    }
    watch.assertClean();
    await page.close();
  });

  once('a broken scenario shows an error panel listing each diagnostic', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.route(`${server.url}fixtures/**`, (route) => {
      const name = path.basename(new URL(route.request().url()).pathname);
      route.fulfill({ status: 200, contentType: 'application/json', body: readFileSync(path.join(FIXTURES, name)) });
    });
    for (const name of ['several-problems', 'json-syntax', 'unknown-node', 'expression', 'empty-file']) {
      await page.goto(`${server.url}embed.html?src=fixtures/${name}.json`);
      await ready(page, 'error');
      const expected = readFileSync(path.join(FIXTURES, `${name}.expected`), 'utf8').trim().split('\n').map(expectedPanelLine);
      assert.deepEqual(await page.locator('.ag-diagnostics li').allTextContents(), expected, name);
      const intro = await page.locator('.ag-error p').first().textContent();
      assert.match(intro, new RegExp(`fixtures/${name}\\.json has ${expected.length} problems?`));
      assert.ok(await page.locator('.ag-error h1').isVisible(), 'the panel has a heading');
    }
    await assertNoAxeViolations(page, 'the error panel', watch);
    watch.assertClean();
    await page.close();
  });

  once('an unreachable scenario (404, not JSON, network failure, another site) shows a readable error', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    // The engine loads alongside the scenario; let it finish before leaving the page.
    let wasm;
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasm = r;
    });
    const settle = async () => (await wasm.response())?.finished();

    await page.goto(`${server.url}embed.html?src=scenarios/missing.json`);
    await ready(page, 'error');
    await settle();
    assert.match(await page.locator('.ag-error').textContent(), /scenarios\/missing\.json could not be loaded: the server answered 404/);
    // The whole panel: its heading and the one line, nothing after it (no list, no stray "null").
    assert.deepEqual(await page.locator('.ag-error').evaluate((e) => [...e.childNodes].map((n) => n.textContent)), [
      'This guide could not be opened',
      'The guide file at scenarios/missing.json could not be loaded: the server answered 404 Not Found.',
    ]);
    assert.equal(watch.consoleErrors.length, 1);
    assert.match(watch.consoleErrors[0], /^Failed to load resource: the server responded with a status of 404\b.*missing\.json/);
    watch.consoleErrors.length = 0;

    await page.route(`${server.url}page.html`, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>not a guide</p>' }));
    await page.goto(`${server.url}embed.html?src=page.html`);
    await ready(page, 'error');
    await settle();
    assert.match(await page.locator('.ag-diagnostics').textContent(), /^1:1 — the file is not valid JSON/);

    await page.route(`${server.url}down.json`, (r) => r.abort('connectionrefused'));
    await page.goto(`${server.url}embed.html?src=down.json`);
    await ready(page, 'error');
    await settle();
    assert.match(await page.locator('.ag-error').textContent(), /down\.json could not be reached/);
    watch.consoleErrors.length = 0;
    watch.failedRequests.length = 0;

    await page.goto(`${server.url}embed.html?src=https://example.com/guide.json`);
    await ready(page, 'error');
    assert.match(await page.locator('.ag-error').textContent(), /Only guides from this site can be opened here/);
    watch.assertClean(); // and no request left 127.0.0.1
    await page.close();
  });

  test('citation markers jump to the numbered source and back', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(embed('seed=1'));
    await ready(page);
    const marker = page.locator('.ag-card [data-action="cite"]').first();
    const key = await marker.getAttribute('data-source');
    const n = info.sources.findIndex((s) => s.key === key) + 1;
    assert.equal(await marker.textContent(), `[${n}]`);
    assert.equal(await marker.getAttribute('aria-label'), `Source ${n}`);
    await marker.click();
    const a = await activeElement(page);
    assert.equal(a.source, key, 'focus is on the cited source');
    assert.equal(await page.locator('.ag-source-list li').nth(n - 1).getAttribute('data-source'), key, `it is number ${n} in the list`);
    assert.ok(!page.url().includes('#'), 'no #fragment: the hash is for share tokens');
    await page.locator('[data-action="back-to-text"]').click();
    assert.equal((await activeElement(page)).source, key, 'focus returns to the marker');
    assert.equal((await activeElement(page)).action, 'cite');
    for (const link of await page.locator('.ag a[href]').all()) {
      assert.match(await link.getAttribute('href'), /^https:\/\//);
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    }
    watch.assertClean();
    await page.close();
  });

  test('events bubble out of the shadow root; attributes are properties; the script can be included twice', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.addInitScript(() => {
      window.__events = [];
      for (const type of ['agreement-guide-ready', 'agreement-guide-choice', 'agreement-guide-complete']) {
        document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
      }
    });
    const w = shortest();
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    for (const id of w.choices) await choose(page, id);
    const events = await page.evaluate(() => window.__events);
    const token = new URL(await sharedUrl(page)).hash.slice('#ag='.length);
    assert.equal(events[0].type, 'agreement-guide-ready');
    assert.equal(events[0].detail.id, info.id);
    const choices = events.filter((e) => e.type === 'agreement-guide-choice');
    assert.deepEqual(choices.map((e) => e.detail.choice), w.choices);
    assert.deepEqual(choices.map((e) => e.detail.step), w.choices.map((_, i) => i + 1));
    assert.equal(choices.at(-1).detail.token, token);
    const complete = events.filter((e) => e.type === 'agreement-guide-complete');
    assert.deepEqual(complete.map((e) => e.detail), [{ ending: w.ending, token }]);
    assert.ok(events.every((e) => e.bubbles && e.composed));

    const props = await page.evaluate(async () => {
      const a = customElements.get('agreement-guide');
      const m = await import('/agreement-guide.js?included-again');
      const el = document.querySelector('agreement-guide');
      el.seed = 5;
      el.mode = 'classroom';
      // `teams` has a setter: false writes teams="off", true removes it (team play is the default).
      el.teams = false;
      const teamsOff = [el.getAttribute('teams'), el.teams];
      el.teams = true;
      const teamsOn = [el.getAttribute('teams'), el.teams];
      await new Promise((r) => setTimeout(r, 50));
      return {
        teamsOff,
        teamsOn,
        same: a === customElements.get('agreement-guide') && m.AgreementGuideElement.define() === a,
        seedAttr: el.getAttribute('seed'),
        modeAttr: el.getAttribute('mode'),
        headingLevel: el.headingLevel,
        fromQuery: el.fromQuery,
        observed: a.observedAttributes,
      };
    });
    assert.ok(props.same, 'a second include keeps the first definition');
    assert.equal(props.seedAttr, '5');
    assert.equal(props.modeAttr, 'classroom');
    assert.deepEqual(props.teamsOff, ['off', false]);
    assert.deepEqual(props.teamsOn, [null, true]);
    assert.equal(props.headingLevel, 1);
    assert.equal(props.fromQuery, true);
    assert.deepEqual(props.observed.slice().sort(), ['flashpoints', 'from-query', 'hash-key', 'heading-level', 'history', 'lang', 'mode', 'seed', 'src', 'teams']);
    assert.equal(await step(page), 0, 'a new seed starts a new run');
    // Classroom mode's part arrives on demand: wait for it rather than for a fixed time.
    await page.locator('.ag-prompt').waitFor({ timeout: 15_000 }); // classroom mode shows the discussion prompt

    // Moved in the DOM, the element keeps exactly one set of listeners.
    await page.evaluate(() => {
      const el = document.querySelector('agreement-guide');
      el.remove();
      document.querySelector('main').append(el);
    });
    await choose(page, w.choices[0]);
    assert.equal(await step(page), 1);
    watch.assertClean();
    await page.close();
  });

  once('lang picks the guide\'s language, for its text and the widget\'s own words', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=1&lang=zh`);
    await ready(page);
    assert.equal(await page.locator('.ag').getAttribute('lang'), 'zh');
    const zh = await page.evaluate(async () => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 1);
      const v = g.view('zh');
      const i = g.info('zh');
      g.free();
      return { heading: v.node.heading.map((p) => p.map((s) => s.text ?? '').join('')).join(' '), actors: i.actors };
    });
    assert.equal(await headingText(page), zh.heading, 'the card comes from the core in zh');
    // The widget's own words come from its zh table (per-string fallback to en: tests/e2e/languages.test.mjs).
    const yourMove = await page.evaluate(async () => (await import('/agreement-guide.js')).STRINGS.zh.yourMove);
    assert.equal(await page.locator('.ag-move').textContent(), yourMove);
    // The first card of an actor the guide names: its badge carries the guide's zh label (or its en one if untranslated).
    while ((await page.locator('.ag-card').getAttribute('data-actor')) === 'narrator') {
      await choose(page, await page.locator('[data-choice-id]:not([aria-disabled])').first().getAttribute('data-choice-id'));
    }
    const actor = await page.locator('.ag-card').getAttribute('data-actor');
    const label = zh.actors.find((a) => a.id === actor).label;
    assert.equal(await page.locator('.ag-card .ag-badge').textContent(), label);
    watch.assertClean();
    await page.close();
  });

  once('works under the strict CSP, with no inline style', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const url = `${server.url}__csp__.html`;
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP },
        body: `<!doctype html><html lang="en"><title>CSP</title><link rel="stylesheet" href="/agreement-guide.css">
<script type="module" src="/agreement-guide.js"></script><main><agreement-guide src="/scenarios/us-china-2015.json" seed="1" heading-level="1"></agreement-guide></main>`,
      }),
    );
    await page.route(`${server.url}favicon.ico`, (route) => route.fulfill({ status: 204 }));
    await page.goto(url);
    await ready(page);
    await page.locator('[data-choice-id]').first().click();
    await page.locator('.ag[data-step="1"]').waitFor();
    const style = await page.locator('.ag-choice').first().evaluate((b) => getComputedStyle(b).borderTopStyle);
    assert.equal(style, 'solid', 'the shadow-root stylesheet applied');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    watch.assertClean();
    await page.close();
  });

  test('axe-core finds no violations on index.html and embed.html, at the start and at an ending', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}index.html?guide=${GUIDE}`);
    await ready(page);
    assert.equal(await page.locator('.ag-title').textContent(), info.title.map((p) => p.map((s) => s.text ?? '').join('')).join(' '), 'the picker chose this guide');
    await assertNoAxeViolations(page, 'index.html at the start', watch);

    const w = shortest();
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    await assertNoAxeViolations(page, 'embed.html at the start', watch);
    for (const id of w.choices) await choose(page, id);
    await page.locator('[data-ending-id]').waitFor();
    await assertNoAxeViolations(page, 'embed.html at an ending', watch);
    watch.assertClean();
    await page.close();
  });

  test('the demo article fits 320 px to 1280 px; screenshots at 375 px and 1280 px', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    for (const width of [320, 375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}index.html?guide=${GUIDE}`);
      await ready(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `no sideways scrolling at ${width} px`);
      if (width !== 320) await screenshot(page, shot(`index-${width}.png`));
    }
    const w = shortest();
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(embed(`seed=${w.seed}`));
    await ready(page);
    for (const id of w.choices) await choose(page, id);
    await screenshot(page, shot('embed-ending-375.png'));
    watch.assertClean();
    await page.close();
  });
});
