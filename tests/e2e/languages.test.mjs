// <agreement-guide> in more than one language, and in right-to-left text:
// the Chinese strings table, `lang=zh`, the in-widget language switcher (which
// keeps the run), `mode` from embed.html's query, a right-to-left page, axe-core
// scans, and screenshots at 375 px (test-artifacts/zh-375.png, rtl-375.png).
//
// Expected words come from the widget's own STRINGS table and from the core's
// view of the scenario, never from guesses typed here.
//
// Run after `npm run build`:  node --test tests/e2e/languages.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, watchPage, gotoBlank, screenshot, ROOT, WWW, assertNoAxeViolations, ready, step, headingText, chooseFirst } from './helpers.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const GUIDE = '/scenarios/us-china-2015.json';
/** Steps to take for "mid-run": the first enabled choice each time lands, after step 5, on a card with a chance outcome. */
const MID = 5;

// ── page helpers (Playwright's CSS locators pierce the open shadow root) ─────

/** Waits until the guide is drawn in `lang`. */
async function shownIn(page, lang) {
  await page.locator(`.ag[data-state="ready"][lang="${lang}"]`).waitFor({ timeout: 5_000 });
}

/** What has focus, looking through the shadow root. */
function activeElement(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return {
      tag: a?.tagName.toLowerCase(),
      lang: a?.dataset?.lang ?? null,
      choiceId: a?.dataset?.choiceId ?? null,
      action: a?.dataset?.action ?? null,
    };
  });
}

/** What must survive a change of language: the run itself. */
async function run(page) {
  return {
    step: await step(page),
    token: await page.evaluate(() => document.querySelector('agreement-guide').token),
    trail: await page.locator('.ag-trail-list li').count(),
    nodes: await page.locator('.ag-trail-list li').evaluateAll((lis) => lis.map((li) => li.dataset.node)),
    card: await page.locator('.ag-card').getAttribute('data-node'),
  };
}

/** Rich text (paragraphs of spans) as the plain string the widget shows. */
const plain = (rich) => rich.map((p) => p.map((s) => s.text ?? '').join('')).join(' ');

/** Sideways scrolling of the page, and buttons whose text does not fit them (the share link's input scrolls by design). */
function overflow(page) {
  return page.evaluate(() => {
    const root = document.querySelector('agreement-guide').shadowRoot;
    const clipped = [...root.querySelectorAll('button')]
      .filter((b) => b.getClientRects().length && (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1))
      .map((b) => `${b.className} "${b.textContent.trim().slice(0, 30)}" ${b.scrollWidth}>${b.clientWidth}`);
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, clipped };
  });
}

/**
 * Where things sit, in viewport pixels, for the direction checks: the card's
 * content box, its badge, the "your move" text itself (a Range, so the glyphs'
 * box, not the block's), the first choice's button and label, and one meter's
 * label and value.
 */
function layout(page) {
  return page.evaluate(() => {
    const root = document.querySelector('agreement-guide').shadowRoot;
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    const content = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      const l = parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
      const rr = parseFloat(s.borderRightWidth) + parseFloat(s.paddingRight);
      return { left: r.left + l, right: r.right - rr };
    };
    const textBox = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return box(range);
    };
    const card = root.querySelector('.ag-card');
    const choice = root.querySelector('.ag-choice');
    const meter = root.querySelector('.ag-meter[data-kind="meter"]') ?? root.querySelector('.ag-meter');
    return {
      direction: getComputedStyle(card).direction,
      card: content(card),
      badge: box(card.querySelector('.ag-badge')),
      move: textBox(card.querySelector('.ag-move')),
      moveBlock: box(card.querySelector('.ag-move')),
      choice: content(choice),
      choiceLabel: box(choice.querySelector('.ag-choice-label')),
      meterLabel: box(meter.querySelector('.ag-meter-label')),
      meterValue: box(meter.querySelector('.ag-meter-value')),
      arrow: getComputedStyle(root.querySelector('.ag-arrow')).transform,
    };
  });
}

describeInBrowser('<agreement-guide> in Chinese and right to left', ({ server, browser }) => {
  /** The widget's own words, by language, and the language names: from agreement-guide.js. */
  let STRINGS;
  let NAMES;
  /** The guide as the core describes it, per language. */
  let info;

  /** The core's own view of a run (seed, choices) in `lang`. */
  const coreView = (page, seed, choices, lang) =>
    page.evaluate(
      async ({ seed, choices, lang, src }) => {
        const m = await import('/pkg/agreement_guide.js');
        await m.default();
        const g = m.Guide.load(await (await fetch(src)).text(), seed);
        for (const c of choices) g.choose(c);
        const v = g.view(lang);
        g.free();
        return v;
      },
      { seed, choices, lang, src: GUIDE },
    );

  before(async () => {
    const page = await browser.newPage();
    await gotoBlank(page, server.url);
    ({ STRINGS, NAMES, info } = await page.evaluate(async (src) => {
      // The element's own table holds English on the reader's path; every other table is in the file
      // that brings it (another language's words, the Explore and classroom parts).
      const { STRINGS: own, LANGUAGE_NAMES } = await import('/agreement-guide.js');
      const STRINGS = structuredClone(own);
      for (const part of ['words-zh', 'explore', 'classroom']) {
        for (const [lang, words] of Object.entries((await import(`/agreement-guide-${part}.js`)).WORDS)) Object.assign((STRINGS[lang] ??= {}), words);
      }
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      const g = m.Guide.load(await (await fetch(src)).text(), 0);
      const info = { en: g.info('en'), zh: g.info('zh') };
      g.free();
      return { STRINGS, NAMES: LANGUAGE_NAMES, info };
    }, GUIDE));
    await page.close();
    assert.deepEqual(info.en.languages, ['en', 'zh'], 'the US–China guide declares English and Chinese');
  });

  test('the zh table translates every id of the en table, with the same placeholders; plural forms are each language\'s own', () => {
    const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    // A string that depends on a number has one id per plural category of the language: `id.one`, `id.other` in English, `id.other` alone in Chinese.
    const plurals = Object.keys(STRINGS.en).filter((id) => id.endsWith('.other')).map((id) => id.slice(0, -'.other'.length));
    assert.ok(plurals.length >= 2, `plural strings: ${plurals}`);
    const isForm = (id) => plurals.some((base) => id.startsWith(`${base}.`));
    const ids = (lang) => [
      ...Object.keys(STRINGS.en).filter((id) => !isForm(id)),
      ...plurals.flatMap((base) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories.map((c) => `${base}.${c}`)),
    ].sort();
    assert.deepEqual(Object.keys(STRINGS.en).sort(), ids('en'));
    assert.deepEqual(Object.keys(STRINGS.zh).sort(), ids('zh'));
    for (const [id, en] of Object.entries(STRINGS.en)) {
      if (id.endsWith('.one')) continue; // English's own form; Chinese has none
      const zh = STRINGS.zh[id];
      assert.deepEqual(placeholders(zh), placeholders(en), `placeholders of ${id}`);
      assert.notEqual(zh, en, `${id} is translated`);
      assert.match(zh.replace(/\{\w+\}/g, ''), /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/, `${id} is Chinese`);
    }
    assert.equal(NAMES.en, 'English');
    assert.equal(NAMES.zh, '中文');
  });

  test('a count picks the plural form of the language on screen: 1 problem, 2 problems; 1 个问题, 2 个问题', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const text = readFileSync(path.join(ROOT, 'tests', 'fixtures', 'valid', 'minimal.json'), 'utf8');
    /** The minimal guide with `n` choices leading nowhere: exactly `n` problems. */
    const broken = (n) => {
      const g = JSON.parse(text);
      g.nodes.flatMap((node) => node.choices ?? []).filter((c) => c.next).slice(0, n).forEach((c, i) => (c.next = `nowhere-${i}`));
      return JSON.stringify(g).replace(/</g, '\\u003c');
    };
    const cases = [['en', 1], ['en', 2], ['zh', 1], ['zh', 2]];
    const body = cases.map(([lang, n]) => `<agreement-guide id="${lang}-${n}" lang="${lang}"><script type="application/json">${broken(n)}</script></agreement-guide>`).join('');
    await gotoBlank(page, server.url, { body: `${body}<script type="module" src="agreement-guide.js"></script>` });
    const shown = {};
    for (const [lang, n] of cases) {
      const error = page.locator(`#${lang}-${n} .ag[data-state="error"]`);
      await error.waitFor({ timeout: 15_000 });
      assert.equal(await page.locator(`#${lang}-${n} .ag-diagnostics li`).count(), n, `${lang}: ${n} diagnostics`);
      shown[`${lang}-${n}`] = (await page.locator(`#${lang}-${n} .ag-error > p`).first().textContent()).trim();
    }
    assert.deepEqual(shown, {
      'en-1': STRINGS.en['inlineInvalid.one'],
      'en-2': STRINGS.en['inlineInvalid.other'].replace('{count}', '2'),
      'zh-1': STRINGS.zh['inlineInvalid.other'].replace('{count}', '1'),
      'zh-2': STRINGS.zh['inlineInvalid.other'].replace('{count}', '2'),
    });
    assert.match(shown['en-1'], /has 1 problem that/);
    assert.match(shown['en-2'], /has 2 problems that/);
    assert.deepEqual(watch.pageErrors, []);
    await page.close();
  });

  test('the page source builds no HTML from strings', () => {
    // Every module of the element (www/element/) and the files built from them.
    const sources = readdirSync(path.join(WWW, 'element')).filter((f) => f.endsWith('.js')).map((f) => `element/${f}`);
    assert.ok(sources.includes('element/render.js') && sources.includes('element/classroom.js') && sources.includes('element/explore.js'), sources.join(', '));
    for (const f of [...sources, ...readdirSync(WWW).filter((f) => /^agreement-guide(-[\w-]+)?\.js$/.test(f))]) {
      assert.doesNotMatch(readFileSync(path.join(WWW, f), 'utf8'), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, f);
    }
  });

  test('lang=zh shows the guide from the core and the widget\'s own words in Chinese', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const zh = STRINGS.zh;
    await page.goto(`${server.url}embed.html?seed=1&lang=zh`);
    await ready(page);
    assert.equal(await page.locator('.ag').getAttribute('lang'), 'zh', 'the shadow content says it is Chinese');
    assert.equal(await page.locator('.ag-title').textContent(), plain(info.zh.title));
    const start = await coreView(page, 1, [], 'zh');
    assert.equal(await headingText(page), plain(start.node.heading), 'the card comes from the core in zh');
    assert.notEqual(await headingText(page), plain((await coreView(page, 1, [], 'en')).node.heading));
    assert.equal(await page.locator('.ag-progress-label').textContent(), start.progress.label);
    assert.equal(await page.locator('.ag-kicker').textContent(), zh.kicker);
    assert.equal(await page.locator('.ag-dashboard .ag-section-title').textContent(), zh.dashboard);
    assert.equal(await page.locator('.ag-dashboard > .ag-model-tag').textContent(), zh.dashboardNote);
    assert.equal(await page.locator('.ag-trail .ag-section-title').textContent(), zh.trail);
    assert.equal(await page.locator('.ag-trail-empty').textContent(), zh.trailEmpty);
    assert.equal(await page.locator('.ag-sources .ag-section-title').textContent(), zh.sources);
    assert.equal(await page.locator('.ag-move').textContent(), zh.yourMove);
    assert.equal(await page.locator('.ag-card .ag-badge').textContent(), zh['actor.narrator']);
    for (const v of await page.locator('.ag-meter[data-kind="flag"] .ag-meter-value').allTextContents()) assert.ok([zh.yes, zh.no].includes(v), v);

    // After a step: the back button, start over, and the trail's words.
    const first = await chooseFirst(page);
    const back = page.locator('[data-action="back"]');
    assert.equal((await back.textContent()).trim(), `← ${zh.back}`);
    assert.equal(await back.getAttribute('aria-label'), null);
    assert.equal(await back.evaluate((b) => b.querySelector('.ag-arrow').getAttribute('aria-hidden')), 'true', 'the arrow is not read aloud');
    assert.equal(await page.locator('.ag-controls [data-action="restart"]').textContent(), zh.restart);
    assert.equal(await headingText(page), plain((await coreView(page, 1, [first], 'zh')).node.heading));

    // The switcher names each language in that language, marks the one on screen, and says what it is.
    const options = page.locator('.ag-languages [data-action="language"]');
    assert.deepEqual(await options.allTextContents(), info.zh.languages.map((l) => NAMES[l]));
    assert.deepEqual(await options.evaluateAll((bs) => bs.map((b) => [b.lang, b.getAttribute('aria-pressed')])), [
      ['en', 'false'],
      ['zh', 'true'],
    ]);
    assert.equal(await page.locator('.ag-languages').getAttribute('role'), 'group');
    assert.equal(await page.locator('#ag-languages-label').textContent(), zh.language);
    assert.ok(await page.locator('#ag-languages-label').isVisible(), 'the switcher has a visible label');
    watch.assertClean();
    await page.close();
  });

  test('a regional tag (zh-CN) gets the guide\'s Chinese; a missing zh string falls back to English, string by string', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=1&lang=zh-CN`);
    await ready(page);
    assert.equal(await page.locator('.ag').getAttribute('lang'), 'zh');
    assert.equal(await headingText(page), plain((await coreView(page, 1, [], 'zh')).node.heading));
    assert.equal(await page.locator('.ag-move').textContent(), STRINGS.zh.yourMove);

    await gotoBlank(page, server.url, { body: '<main></main>' });
    await page.evaluate(async (src) => {
      // The Chinese words the element will add to its own (engine.js loadWords): the same module.
      const { WORDS } = await import('/agreement-guide-words-zh.js');
      delete WORDS.zh.trail; // as if the table had not caught up with a new id
      await import('/agreement-guide.js');
      const el = document.createElement('agreement-guide');
      el.setAttribute('src', src);
      el.setAttribute('lang', 'zh');
      el.setAttribute('seed', '1');
      document.querySelector('main').append(el);
    }, GUIDE);
    await ready(page);
    assert.equal(await page.locator('.ag-trail .ag-section-title').textContent(), STRINGS.en.trail, 'the missing id reads in English');
    assert.equal(await page.locator('.ag-dashboard .ag-section-title').textContent(), STRINGS.zh.dashboard, 'the others stay Chinese');
    watch.assertClean();
    await page.close();
  });

  test('switching English → 中文 → English mid-run keeps the step, the trail and the share token', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const seed = 3;
    await page.goto(`${server.url}embed.html?seed=${seed}`);
    await ready(page);
    const path = [];
    for (let i = 0; i < MID; i++) path.push(await chooseFirst(page));
    const en = await run(page);
    const enHeading = await headingText(page);
    const enTrail = await page.locator('.ag-trail-list li').allTextContents();
    assert.equal(en.step, MID);
    assert.equal(en.trail, MID);
    assert.ok(await page.locator('.ag-outcome').count(), 'mid-run, after a chance outcome');

    // To Chinese by mouse: same run, Chinese text, focus stays on the switcher.
    await page.locator('[data-action="language"][data-lang="zh"]').click();
    await shownIn(page, 'zh');
    assert.deepEqual(await run(page), en, 'the same run in Chinese');
    const zhView = await coreView(page, seed, path, 'zh');
    assert.equal(await headingText(page), plain(zhView.node.heading), 'the card heading is the core\'s zh heading');
    assert.notEqual(await headingText(page), enHeading);
    assert.notDeepEqual(await page.locator('.ag-trail-list li').allTextContents(), enTrail, 'the trail reads in Chinese');
    assert.equal(await page.locator('.ag-trail .ag-section-title').textContent(), STRINGS.zh.trail);
    assert.deepEqual(await activeElement(page), { tag: 'button', lang: 'zh', choiceId: null, action: 'language' }, 'focus stays on the control');
    assert.equal(await page.locator('[data-lang="zh"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-lang="en"]').getAttribute('aria-pressed'), 'false');
    const host = await page.evaluate(() => {
      const el = document.querySelector('agreement-guide');
      return { attr: el.getAttribute('lang'), prop: el.lang, query: new URL(location.href).searchParams.get('lang') };
    });
    assert.deepEqual(host, { attr: 'zh', prop: 'zh', query: 'zh' }, 'the lang attribute, property and embed query follow');

    // Back to English by keyboard: the same run, the same English as before.
    await page.locator('[data-action="language"][data-lang="en"]').focus();
    await page.keyboard.press('Enter');
    await shownIn(page, 'en');
    assert.deepEqual(await run(page), en);
    assert.equal(await headingText(page), enHeading);
    assert.deepEqual(await page.locator('.ag-trail-list li').allTextContents(), enTrail);
    assert.equal((await activeElement(page)).lang, 'en');

    // The run goes on from there, and a language set from outside still works.
    path.push(await chooseFirst(page));
    const next = await run(page);
    assert.equal(next.step, MID + 1);
    const choice = page.locator('[data-choice-id]:not([aria-disabled])').first();
    const choiceId = await choice.getAttribute('data-choice-id');
    await choice.focus();
    await page.evaluate(() => {
      document.querySelector('agreement-guide').lang = 'zh';
    });
    await shownIn(page, 'zh');
    assert.deepEqual(await run(page), next);
    assert.equal(await headingText(page), plain((await coreView(page, seed, path, 'zh')).node.heading));
    assert.equal((await activeElement(page)).choiceId, choiceId, 'focus moves to the same choice, redrawn in Chinese');
    watch.assertClean();
    await page.close();
  });

  test('a guide with one language shows no switcher; embed.html takes mode from its query', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?src=scenarios/wto-disputes.json&seed=1`);
    await ready(page);
    assert.equal(await page.locator('.ag-languages').isVisible(), false);

    await page.goto(`${server.url}embed.html?seed=1&lang=zh`);
    await ready(page);
    assert.equal(await page.locator('.ag-prompt').count(), 0, 'reader mode: no discussion prompt');
    await page.goto(`${server.url}embed.html?seed=1&lang=zh&mode=classroom`);
    await ready(page);
    assert.equal(await page.evaluate(() => document.querySelector('agreement-guide').mode), 'classroom');
    const prompt = page.locator('.ag-prompt');
    assert.ok(await prompt.isVisible(), 'classroom mode shows the discussion prompt');
    assert.equal(await prompt.locator('.ag-prompt-title').textContent(), STRINGS.zh.discussion);
    assert.equal(await prompt.locator('p:not(.ag-prompt-title)').allTextContents().then((t) => t.join(' ')), plain((await coreView(page, 1, [], 'zh')).node.prompt));
    watch.assertClean();
    await page.close();
  });

  test('in Chinese at 375 px nothing overflows or clips; axe finds no violations; screenshot', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(`${server.url}embed.html?seed=3&lang=zh`);
    await ready(page);
    assert.deepEqual(await overflow(page), { page: 0, clipped: [] }, 'at the start');
    await assertNoAxeViolations(page, 'embed.html?lang=zh at the start', watch);
    for (let i = 0; i < MID; i++) await chooseFirst(page);
    assert.deepEqual(await overflow(page), { page: 0, clipped: [] }, 'mid-run');
    // A citation marker and the word before it stay together, but never a whole Chinese sentence.
    const cites = await page.locator('.ag-cites').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    assert.ok(cites.every((w) => w < 200), `citation groups are short: ${cites.join(', ')}`);
    await assertNoAxeViolations(page, 'embed.html?lang=zh mid-run', watch);
    await screenshot(page, 'zh-375.png');
    while (!(await page.locator('[data-ending-id]').count())) await chooseFirst(page);
    assert.deepEqual(await overflow(page), { page: 0, clipped: [] }, 'at the ending');
    assert.equal(await page.locator('.ag-reality-title').textContent(), STRINGS.zh.inReality);
    assert.equal(await page.locator('[data-action="copy"]').textContent(), STRINGS.zh.copy);
    await assertNoAxeViolations(page, 'embed.html?lang=zh at an ending', watch);
    watch.assertClean();
    await page.close();
  });

  test('right to left: on a dir="rtl" page (strict CSP) the card, choices and dashboard mirror, nothing overflows at 375 px, axe is clean; screenshot', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const url = `${server.url}__rtl__.html`;
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP },
        body: `<!doctype html><html lang="en" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>RTL</title><link rel="stylesheet" href="/demo/demo.css"><script type="module" src="/agreement-guide.js"></script></head>
<body class="ag-demo ag-embed"><main><agreement-guide src="${GUIDE}" seed="3" heading-level="1"></agreement-guide></main></body></html>`,
      }),
    );
    await page.route(`${server.url}favicon.ico`, (route) => route.fulfill({ status: 204 }));
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(url);
    await ready(page);
    for (let i = 0; i < MID; i++) await chooseFirst(page);

    const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 1.5, `${what}: ${a} vs ${b}`);
    const rtl = await layout(page);
    assert.equal(rtl.direction, 'rtl');
    // The card's text starts at the right: the badge, the "your move" words and each choice's label hug the right edge.
    near(rtl.badge.right, rtl.card.right, 'badge at the right of the card');
    assert.ok(rtl.badge.left - rtl.card.left > 40, 'and away from the left');
    near(rtl.move.right, rtl.card.right, 'the words "Your move" start at the right');
    assert.ok(rtl.move.width < rtl.moveBlock.width - 40, 'the words are shorter than their line');
    near(rtl.choiceLabel.right, rtl.choice.right, 'a choice label starts at the right of its button');
    // The dashboard mirrors: a meter's label at the right, its value at the left.
    assert.ok(rtl.meterLabel.left > rtl.meterValue.right, `meter label right of its value (${rtl.meterLabel.left} > ${rtl.meterValue.right})`);
    assert.match(rtl.arrow, /^matrix\(-1, 0, 0, 1, 0, 0\)$/, 'the back arrow points the other way');
    assert.deepEqual(await overflow(page), { page: 0, clipped: [] }, 'no sideways scrolling or clipped buttons at 375 px');
    await assertNoAxeViolations(page, 'a dir="rtl" page', watch);
    await screenshot(page, 'rtl-375.png');

    // The same page turned left to right: everything flips back (so the checks above measured direction).
    await page.evaluate(() => {
      document.documentElement.dir = 'ltr';
    });
    const ltr = await layout(page);
    assert.equal(ltr.direction, 'ltr');
    near(ltr.badge.left, ltr.card.left, 'badge at the left of the card');
    near(ltr.move.left, ltr.card.left, 'the words "Your move" start at the left');
    near(ltr.choiceLabel.left, ltr.choice.left, 'a choice label starts at the left of its button');
    assert.ok(ltr.meterLabel.right < ltr.meterValue.left, 'meter label left of its value');
    assert.equal(ltr.arrow, 'none');

    // dir on the element alone is enough, and Chinese mirrors too.
    await page.evaluate(() => {
      document.documentElement.removeAttribute('dir');
      const el = document.querySelector('agreement-guide');
      el.dir = 'rtl';
      el.lang = 'zh';
    });
    await shownIn(page, 'zh');
    const zhRtl = await layout(page);
    assert.equal(zhRtl.direction, 'rtl');
    near(zhRtl.badge.right, zhRtl.card.right, 'badge at the right in Chinese');
    near(zhRtl.move.right, zhRtl.card.right, 'the Chinese "your move" starts at the right');
    assert.deepEqual(await overflow(page), { page: 0, clipped: [] }, 'Chinese right to left at 375 px');
    await assertNoAxeViolations(page, 'an element with dir="rtl" in Chinese', watch);
    watch.assertClean();
    await page.close();
  });
});
