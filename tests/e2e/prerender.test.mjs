// The first card in the HTML (`agreement-guide render`): readable with
// scripts off on embed.html and in the offline bundle, and on embed.html styled
// with no stylesheet request (scripts/first-paint.mjs); with scripts on, the
// element takes over in place with no layout shift (CLS measured by a
// PerformanceObserver), fetches no manifest (the card carries it), still
// plays, and a share link still restores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeInBrowser, ready, chooseFirst, headingText, step, screenshot, ROOT } from './helpers.mjs';
import { firstPaintCss, afterPaintJs, hashSource } from '../../scripts/first-paint.mjs';

/** Sums every layout shift the page records from its first paint on (buffered), as CLS does. */
const RECORD_SHIFTS = () => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) window.__shifts.push({ value: e.value, sources: (e.sources ?? []).map((s) => s.node?.nodeName ?? '?') });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/** Two animation frames: whatever the last render changed has been laid out and reported. */
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The text a reader sees in the element's light DOM (scripts off: the element is never defined). */
const cardText = (page) => page.locator('agreement-guide .ag-prerender').innerText();

describeInBrowser('the first card in the HTML', { browser: { viewport: { width: 1100, height: 900 } } }, ({ server, browser, newPage }) => {
  test('with scripts off, embed.html shows the title, the first card, its choices and its sources', async () => {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(`${server.url}embed.html`);
    const text = await cardText(page);
    assert.match(text, /The US–China cyber deal: can you enforce it\?/);
    assert.match(text, /Four commitments in one agreement/);
    assert.match(text, /Read what the deal leaves out/);
    assert.match(text, /open this page in a browser with JavaScript switched on/);
    assert.equal(await page.locator('agreement-guide .agp-choice').first().isDisabled(), true);
    assert.equal(await page.locator('agreement-guide .agp-choice').first().isVisible(), true);
    // A citation marker leads to its numbered source, which links out over https.
    const href = await page.locator('agreement-guide .agp-card .agp-cite a').first().getAttribute('href');
    const source = page.locator(`agreement-guide ${href}`);
    assert.equal(await source.isVisible(), true);
    assert.match(await source.locator('a').getAttribute('href'), /^https:\/\//);
    // Styled as a card (demo.css), not raw text: the choice is a bordered box of the live widget's height.
    const box = await page.locator('agreement-guide .agp-choice').first().boundingBox();
    assert.ok(box.height >= 44, `choice ${box.height}px tall`);
    await screenshot(page, 'prerender-embed-noscript.png');
    await page.close();
  });

  test("embed.html's first paint needs no stylesheet: with every .css request refused, the card is still styled", async () => {
    // The inline block is demo.css's "First paint" region as the build writes it, allowed by its hash.
    const html = readFileSync(path.join(ROOT, 'www/embed.html'), 'utf8');
    const css = firstPaintCss();
    assert.ok(html.includes(`<style>${css}</style>`), 'embed.html carries the current first-paint css (run npm run build)');
    assert.match(html, new RegExp(`style-src 'self' ${hashSource(css).replace(/[+/]/g, '\\$&')}`));
    // Its one inline script, the same way (the element and the runtime load under this policy in the tests below).
    const js = afterPaintJs();
    assert.ok(html.includes(`<script>${js}</script>`), 'embed.html carries the current after-paint script (run npm run build)');
    assert.match(html, new RegExp(`script-src 'self' ${hashSource(js).replace(/[+/]/g, '\\$&')} 'wasm-unsafe-eval'`));
    assert.doesNotMatch(html, /<link rel="stylesheet"/);
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.route('**/*.css', (route) => route.abort()); // (the element's own stylesheet is preloaded for later)
    await page.goto(`${server.url}embed.html`);
    const box = await page.locator('agreement-guide .agp-choice').first().boundingBox();
    assert.ok(box.height >= 44, `choice ${box.height}px tall`);
    const card = await page.locator('agreement-guide .agp-card').evaluate((n) => getComputedStyle(n).borderTopWidth);
    assert.equal(card, '4px');
    await page.close();
  });

  test('with scripts off, the offline bundle shows the first card in the chosen language', async () => {
    const dir = path.join(ROOT, 'test-artifacts');
    const out = path.join(dir, 'prerender-bundle-zh.html');
    const made = spawnSync('cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--', 'bundle', 'scenarios/us-china-2015.json', '-o', out, '--lang', 'zh'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(pathToFileURL(out).href);
    const text = await cardText(page);
    assert.match(text, /互动指南/);
    assert.match(text, /JavaScript/);
    assert.ok((await page.locator('agreement-guide .agp-choice').count()) >= 1);
    await screenshot(page, 'prerender-bundle-noscript.png');
    await page.close();
  });

  test('with scripts on, the element takes over embed.html in place: no layout shift, no manifest request, and it plays', async () => {
    const { page, watch } = await newPage();
    await page.addInitScript(RECORD_SHIFTS);
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}embed.html?seed=7`);
    await ready(page);
    await settle(page);
    const shifts = await page.evaluate(() => window.__shifts);
    const cls = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.equal(cls, 0, `layout shifts during the takeover: ${JSON.stringify(shifts)}`);
    // The live card replaced the page's: the light-DOM card is no longer drawn.
    assert.equal(await page.locator('agreement-guide > .ag-prerender').evaluate((n) => n.getClientRects().length), 0);
    assert.equal(await headingText(page), 'Four commitments in one agreement');
    // The manifest came with the page; the language's file was fetched once.
    assert.deepEqual(requests.filter((p) => p.endsWith('.compiled.json')), []);
    assert.equal(requests.filter((p) => /\.bin(\.gz)?$/.test(p)).length, 1, requests.join('\n'));
    await chooseFirst(page);
    await chooseFirst(page);
    assert.equal(await step(page), 2);
    const heading = await headingText(page);
    const token = await page.evaluate(() => document.querySelector('agreement-guide').token);
    await watch.assertClean();

    // The share link restores the run (the page's card is the first; the run's card replaces it).
    const again = await newPage();
    await again.page.goto(`${server.url}embed.html?seed=7#ag=${token}`);
    await again.page.locator('.ag[data-step="2"]').waitFor();
    assert.equal(await headingText(again.page), heading);
    await again.watch.assertClean();
    await again.page.close();
    await page.close();
  });

  test('embed.html asks for the reader runtime and the guide\'s file once its card has been painted, each once', async () => {
    const { page, watch } = await newPage();
    await page.addInitScript(() => {
      new PerformanceObserver((list, observer) => {
        window.__firstLcp ??= list.getEntries()[0].startTime;
        observer.disconnect();
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}embed.html?seed=7`);
    await ready(page);
    const { lcp, started } = await page.evaluate(() => ({
      lcp: window.__firstLcp,
      started: performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname, e.startTime]),
    }));
    // Before the card's paint: nothing but the page's two scripts (no hint for what the element loads).
    const before = started.filter(([, t]) => t < lcp).map(([p]) => p);
    assert.deepEqual(before.sort(), ['/agreement-guide.js', '/embed/embed.js'], `requested before the first paint (${lcp} ms): ${JSON.stringify(started)}`);
    // After it, the hints and the element's own requests are the same ones: each file once.
    for (const file of [/\/agreement_guide_reader\.js$/, /\/agreement_guide_reader_bg\.wasm$/, /\.bin\.gz$/, /\/agreement-guide\.css$/]) {
      assert.equal(requests.filter((p) => file.test(p)).length, 1, `${file}: ${requests.join(' ')}`);
    }
    await watch.assertClean();
    await page.close();

    // In another language, the card's language file is not asked for: only the one the element loads.
    const zh = await newPage();
    const zhRequests = [];
    zh.page.on('request', (r) => zhRequests.push(new URL(r.url()).pathname));
    await zh.page.goto(`${server.url}embed.html?lang=zh&seed=7`);
    await ready(zh.page);
    assert.deepEqual(zhRequests.filter((p) => /\.bin(\.gz)?$/.test(p)).map((p) => p.replace(/\.[0-9a-f]+\.bin/, '.bin')), ['/scenarios/us-china-2015.zh.bin.gz'], zhRequests.join(' '));
    assert.equal(zhRequests.filter((p) => p.endsWith('/agreement_guide_reader_bg.wasm')).length, 1, zhRequests.join(' '));
    await zh.watch.assertClean();
    await zh.page.close();
  });

  test("the live card waits for the element's stylesheet: one that arrives after the guide shifts nothing", async () => {
    const { page, watch } = await newPage();
    await page.addInitScript(RECORD_SHIFTS);
    // The element's stylesheet is held back until the live card has been drawn (the page may not preload it).
    let release;
    const released = new Promise((r) => (release = r));
    await page.route('**/agreement-guide.css', async (route) => {
      await released;
      await route.continue();
    });
    // What a reader sees in the frame after the live card is drawn (the element marks that moment).
    await page.addInitScript(() => {
      new PerformanceObserver((list, observer) => {
        if (!list.getEntriesByName('agreement-guide:first-card').length) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          const host = document.querySelector('agreement-guide');
          window.__atDraw = { card: host.querySelector(':scope > .ag-prerender').getClientRects().length > 0, live: host.shadowRoot.querySelector('.ag').checkVisibility() };
        });
      }).observe({ type: 'mark', buffered: true });
    });
    await page.goto(`${server.url}embed.html?seed=7`);
    try {
      const atDraw = await (await page.waitForFunction(() => window.__atDraw, null, { timeout: 15_000 })).jsonValue();
      // Drawn but not shown: the page's card is still what a reader sees.
      assert.deepEqual(atDraw, { card: true, live: false }, "the page's card shows, the unstyled live card does not");
    } finally {
      release();
    }
    await ready(page);
    await settle(page);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.equal(shifts.reduce((sum, s) => sum + s.value, 0), 0, `layout shifts during the takeover: ${JSON.stringify(shifts)}`);
    assert.equal(await page.locator('agreement-guide > .ag-prerender').evaluate((n) => n.getClientRects().length), 0);
    assert.equal(await headingText(page), 'Four commitments in one agreement');
    await watch.assertClean();
    await page.close();
  });

  test("the page's largest contentful paint is its pre-rendered card, painted before the element takes over, and stays it", async () => {
    const { page, watch } = await newPage();
    await page.setViewportSize({ width: 412, height: 823 }); // Lighthouse's phone, and its CPU (the race below needs a slow one)
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__lcp.push({ time: e.startTime, size: e.size, card: !!e.element?.closest('.ag-prerender'), shadow: !e.element });
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      // When the element was defined (it attaches its shadow root then, and the card is laid out again).
      customElements.whenDefined('agreement-guide').then(() => (window.__definedAt = performance.now()));
    });
    await page.goto(`${server.url}embed.html?seed=3`);
    await ready(page);
    await settle(page);
    const { lcp, definedAt } = await page.evaluate(() => ({ lcp: window.__lcp, definedAt: window.__definedAt }));
    // The card counts at its paint before the element took over (defined first, its paint would come later, slotted)…
    assert.ok(lcp.some((e) => e.card && e.time < definedAt), `the card's paint before the element was defined (${definedAt}) is a candidate: ${JSON.stringify(lcp)}`);
    // … and no later paint (the live card, in the shadow root) replaces it.
    assert.ok(lcp.every((e) => e.card), `every candidate is the page's card, none the live one: ${JSON.stringify(lcp)}`);
    await watch.assertClean();
    await page.close();
  });

  test("under a policy that forbids WebAssembly, the fallback panel shows the page's card below its one line, and the title once", async () => {
    const title = 'The US–China cyber deal: can you enforce it?';
    for (const card of [true, false]) {
      const { page } = await newPage();
      // embed.html as served, with 'wasm-unsafe-eval' taken out of its policy (and, the second time, without its card).
      await page.route(`${server.url}embed.html`, async (route) => {
        const res = await route.fetch();
        let body = (await res.text()).replace(" 'wasm-unsafe-eval'", '');
        assert.ok(!body.includes('wasm-unsafe-eval'));
        if (!card) body = body.replace(/<!-- agreement-guide render: card -->[^]*?<!-- \/agreement-guide render -->/, '');
        await route.fulfill({ response: res, body });
      });
      await page.goto(`${server.url}embed.html`);
      await page.locator('.ag-error[data-fallback]').waitFor({ timeout: 15_000 });
      assert.match(await page.locator('.ag-fallback-note').textContent(), /security policy/);
      // The guide's title shows once: the card's when the page has one, else the panel's own.
      assert.equal(await page.getByRole('heading', { name: title }).count(), 1, `the title once (${card ? 'with' : 'without'} the card)`);
      assert.equal(await page.locator('.ag-error .ag-title').count(), card ? 0 : 1);
      if (card) {
        // The card is drawn, through the panel's slot: title, card heading, the choice.
        for (const selector of ['.agp-title', '.agp-heading', '.agp-choice']) {
          assert.equal(await page.locator(`agreement-guide ${selector}`).first().isVisible(), true, selector);
        }
        await screenshot(page, 'prerender-fallback-no-wasm.png');
      } else {
        assert.equal(await page.locator('.ag-error .ag-title').textContent(), title);
      }
      await page.close();
    }
  });

  test('a first card with an image and caption: the page shows them, and the takeover still shifts nothing', async () => {
    // embed.html with the with-image fixture's first card in place of its own, the guide and its
    // image (480×240, beside it: the CLI writes that size on the <img>) served from guides/ on
    // this origin, as a host would serve them.
    const made = spawnSync('cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--', 'render', 'tests/fixtures/valid/with-image.json', '--heading-level', '1', '--src', 'guides/with-image.json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const embed = readFileSync(path.join(ROOT, 'www/embed.html'), 'utf8');
    const page_ = embed.replace(/(<!-- agreement-guide render: card -->)[^]*?(<!-- \/agreement-guide render -->)/, (_, a, b) => `${a}\n${made.stdout}${b}`);
    assert.notEqual(page_, embed, 'embed.html has its card markers');
    const { page, watch } = await newPage();
    await page.addInitScript(RECORD_SHIFTS);
    await page.route(`${server.url}guides/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/guides/with-image.json') return route.fulfill({ status: 200, contentType: 'application/json', body: readFileSync(path.join(ROOT, 'tests/fixtures/valid/with-image.json')) });
      if (pathname === '/guides/images/hotline.png') return route.fulfill({ status: 200, contentType: 'image/png', body: readFileSync(path.join(ROOT, 'tests/fixtures/valid/images/hotline.png')) });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.route((url) => url.pathname === '/embed-image.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: page_ }));
    await page.goto(`${server.url}embed-image.html?src=guides/with-image.json&seed=1`);
    const pre = page.locator('agreement-guide > .ag-prerender');
    assert.equal(await pre.locator('img').getAttribute('alt'), 'A red telephone on a desk');
    assert.deepEqual(await pre.locator('img').evaluate((i) => [i.getAttribute('width'), i.getAttribute('height')]), ['480', '240']);
    assert.match(await pre.locator('figcaption').innerText(), /^The hotline, as imagined\.\s*\[2\]$/);
    await ready(page);
    await settle(page);
    const shifts = await page.evaluate(() => window.__shifts);
    const cls = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.equal(cls, 0, `layout shifts during the takeover: ${JSON.stringify(shifts)}`);
    assert.equal(await pre.evaluate((n) => n.getClientRects().length), 0, 'the live card replaced the page\'s');
    // The live card shows the same image at the same size.
    const live = page.locator('.ag-card img');
    assert.equal(await live.getAttribute('src'), `${server.url}guides/images/hotline.png`);
    assert.equal(await live.evaluate((i) => i.getBoundingClientRect().height), 240);
    await watch.assertClean();
    await page.close();
  });

  test('a card made for another guide is not shown while the element loads that guide', async () => {
    const { page, watch } = await newPage();
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}embed.html?src=scenarios/wto-disputes.compiled.json`);
    await ready(page);
    // Nor are the card's guide's files asked for.
    assert.deepEqual(requests.filter((p) => p.includes('us-china-2015')), []);
    // The page carried the US–China card; the element shows the WTO guide and fetched its own manifest.
    assert.doesNotMatch(await headingText(page), /Four commitments/);
    assert.equal(await page.locator('agreement-guide > .ag-prerender').evaluate((n) => n.getClientRects().length), 0);
    await watch.assertClean();
    await page.close();
  });
});
