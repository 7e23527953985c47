// oEmbed, as a CMS that embeds by URL meets it: the content-hashed build, written
// for the address it is served at, gives every guide a page per language whose
// discovery link names a valid oEmbed answer; and WordPress, given such a page's
// address, embeds it as it embeds any provider it does not trust — and the guide
// shows, sizes itself and plays inside that frame, with WordPress's own
// wp-embed.js (Debian's `wordpress` package, unpacked by scripts/setup.sh) on
// the host page.
//
// WordPress's PHP side is not run (no PHP here): its two steps are followed as
// wp-includes/class-wp-oembed.php (discover: the first <link> of type
// application/json+oembed in the <head>, its href fetched as it is) and
// wp-includes/embed.php (wp_filter_oembed_result: the answer's html kept to a
// blockquote and an iframe, a 10-character secret added as `#?secret=` and
// data-secret, the iframe hidden by a clip until its page reports a height, and
// sandbox="allow-scripts" security="restricted") write them in WordPress 6.1.
//
// Run after `npm run build` and `npm run setup`:  node --test tests/e2e/wordpress.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, ROOT, WWW, ready, step, chooseFirst, screenshot } from './helpers.mjs';

/** WordPress's own host-side script, from Debian's package (scripts/setup.sh). */
const WP_EMBED = path.join(ROOT, 'node_modules', '.cache', 'wordpress', 'usr', 'share', 'wordpress', 'wp-includes', 'js', 'wp-embed.js');

const OEMBED_TYPE = 'application/json+oembed';

/** What WordPress's discover() finds: the first <link> of the oEmbed JSON type before </head>, its href as written. */
function discover(html) {
  const head = html.slice(0, html.toLowerCase().indexOf('</head>'));
  for (const [, atts] of head.matchAll(/<link([^<>]+)\/?>/gi)) {
    const attr = (name) => new RegExp(`\\s${name}=(["'])(.*?)\\1`, 'i').exec(atts)?.[2];
    if (attr('type') === OEMBED_TYPE && attr('href')) return attr('href').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  return null;
}

/** The attributes wp_filter_oembed_result lets through (its $allowed_html). */
const ALLOWED = { a: ['href'], blockquote: [], iframe: ['src', 'width', 'height', 'frameborder', 'marginwidth', 'marginheight', 'scrolling', 'title'] };

/**
 * wp_filter_oembed_result for a provider WordPress does not trust. Its wp_kses
 * pass is checked rather than run: every tag and attribute of the answer must
 * be one it keeps (so kses would change nothing).
 */
function wpFilterOembedResult(html, secret) {
  for (const [, close, tag, atts] of html.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>/gi)) {
    assert.ok(tag in ALLOWED, `WordPress would strip <${tag}>`);
    if (close) continue;
    for (const [, name] of atts.matchAll(/\s([a-z-]+)=/gi)) assert.ok(ALLOWED[tag].includes(name), `WordPress would strip ${tag}[${name}]`);
  }
  const content = /(<blockquote>.*?<\/blockquote>)?.*(<iframe.*?><\/iframe>)/s.exec(html);
  assert.ok(content?.[2], 'WordPress requires an iframe');
  let out = (content[1] ?? '') + content[2];
  const src = / src=(['"])(.*?)\1/.exec(out);
  assert.ok(src, 'the iframe has a src');
  out = out.replace(src[0], ` src=${src[1]}${src[2]}#?secret=${secret}${src[1]} data-secret=${src[1]}${secret}${src[1]}`);
  out = out.replace('<blockquote', `<blockquote data-secret="${secret}"`);
  if (content[1]) {
    out = out.replace('<iframe', '<iframe style="position: absolute; clip: rect(1px, 1px, 1px, 1px);"');
    out = out.replace('<blockquote', '<blockquote class="wp-embedded-content"');
  }
  return out.replace(/<iframe/i, '<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted"');
}

describeInBrowser('oEmbed, as WordPress discovers and embeds a guide', { server: false }, (env) => {
  const { browser } = env;
  let site; // the guides' host: dist/ built for its address
  let host; // the newsroom's WordPress
  let hostDir;
  let manifest;
  const scenario = (id) => JSON.parse(readFileSync(path.join(WWW, 'scenarios', `${id}.json`), 'utf8'));

  before(async () => {
    assert.ok(existsSync(WP_EMBED), `${WP_EMBED} is missing — run 'npm run setup' (unpacks Debian's wordpress package)`);
    const siteDir = env.tmpDir('agreement-guide-oembed-site-');
    site = await env.serve(siteDir);
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), '--out', path.join(siteDir, 'dist'), '--url', `${site.url}dist/`], { encoding: 'utf8', cwd: ROOT });
    assert.equal(run.status, 0, run.stderr);
    manifest = JSON.parse(readFileSync(path.join(siteDir, 'dist', 'manifest.json'), 'utf8'));
    hostDir = env.tmpDir('agreement-guide-wordpress-');
    copyFileSync(WP_EMBED, path.join(hostDir, 'wp-embed.js'));
    host = await env.serve(hostDir);
  });

  test("every guide's page in every language links a valid oEmbed answer whose iframe shows that page", async () => {
    const base = `${site.url}dist/`;
    assert.equal(manifest.url, base);
    const pages = [];
    for (const s of manifest.scenarios) {
      assert.deepEqual(Object.keys(s.oembed).sort(), [...s.languages].sort(), `${s.id}: a page per language`);
      const meta = scenario(s.id).meta;
      for (const lang of s.languages) {
        const page = base + s.oembed[lang].page;
        pages.push(page);
        const res = await fetch(page);
        assert.equal(res.status, 200, page);
        const html = await res.text();
        const href = discover(html);
        assert.equal(href, base + s.oembed[lang].json, `${page}: its discovery link`);
        const answer = await fetch(href);
        assert.equal(answer.status, 200, href);
        assert.match(answer.headers.get('content-type'), /^application\/json/);
        const a = await answer.json();
        const title = typeof meta.title === 'string' ? meta.title : meta.title[lang];
        assert.deepEqual(
          { version: a.version, type: a.type, title: a.title, provider: typeof a.provider_name, width: Number.isInteger(a.width) && a.width > 0, height: Number.isInteger(a.height) && a.height > 0, html: typeof a.html },
          { version: '1.0', type: 'rich', title, provider: 'string', width: true, height: true, html: 'string' },
          href,
        );
        assert.ok(!('thumbnail_url' in a), `${href}: no card of ${s.id} has an image, so no thumbnail`);
        const frames = [...a.html.matchAll(/<iframe\s[^>]*src="([^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(frames, [page], `${href}: one iframe, of the page itself`);
        assert.match(html, new RegExp(`<html lang="${lang}"`), `${page} is in ${lang}`);
      }
    }
    assert.ok(pages.includes(`${base}us-china-2015.en.html`) && pages.includes(`${base}us-china-2015.zh.html`) && pages.includes(`${base}wto-disputes.en.html`), pages.join('\n'));
    // embed.html with no query shows the default guide: it links that guide's answer too.
    assert.equal(discover(await (await fetch(`${base}embed.html`)).text()), `${base}us-china-2015.en.oembed.json`);
  });

  test('pasted into WordPress, the page becomes a sandboxed embed that wp-embed.js sizes (1,000 px at most) and a reader plays inside', async () => {
    // What WordPress does with a pasted address it has no provider for: discover, fetch, filter.
    const url = `${site.url}dist/us-china-2015.en.html`;
    const answer = await (await fetch(discover(await (await fetch(url)).text()))).json();
    const secret = 'Ab3De6Gh9K';
    const embed = wpFilterOembedResult(answer.html, secret);
    assert.match(embed, /^<blockquote class="wp-embedded-content" data-secret="Ab3De6Gh9K"><a href="[^"]+">[^<]+<\/a><\/blockquote><iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" style="position: absolute; clip: rect\(1px, 1px, 1px, 1px\);" src="[^"]+#\?secret=Ab3De6Gh9K" data-secret="Ab3De6Gh9K"/);
    // A post as WordPress 6.1 writes it: the embed block's figure, wp-embed.js in the footer.
    writeFileSync(
      path.join(hostDir, 'post.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title><link rel="icon" href="data:,"><script src="log.js"></script></head>
<body><article><h1>A post</h1><p>The deal, explained.</p>
<figure class="wp-block-embed is-type-rich is-provider-agreement-guide wp-block-embed-agreement-guide"><div class="wp-block-embed__wrapper">
${embed}
</div></figure><p>After the guide.</p></article>
<script src="wp-embed.js" id="wp-embed-js"></script></body></html>`,
    );
    // Every message the frame posts, as the host page receives it.
    writeFileSync(path.join(hostDir, 'log.js'), `window.messages = []; window.addEventListener('message', (e) => window.messages.push(e.data));`);
    const { page, watch } = await env.newPage();
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(`${host.url}post.html`);
    const iframe = page.locator('iframe.wp-embedded-content');
    // Shown (wp-embed.js drops the clip on the first message) and sized by the height message.
    await page.waitForFunction(() => {
      const f = document.querySelector('iframe.wp-embedded-content');
      return f && !f.hasAttribute('style') && f.getAttribute('height') !== '900';
    });
    assert.equal(await page.locator('blockquote.wp-embedded-content').evaluate((b) => getComputedStyle(b).display), 'none', 'the fallback link is hidden');
    const frame = await (await iframe.elementHandle()).contentFrame();
    await ready(frame);
    // The page's height as a parent sizes it (the body with its margins), and the last height the frame reported.
    const measure = () =>
      frame.evaluate(() => {
        const style = getComputedStyle(document.body);
        return Math.ceil(document.body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
      });
    const reported = () => page.evaluate((s) => window.messages.filter((m) => m && m.secret === s && m.message === 'height').map((m) => m.value).at(-1), secret);
    let last;
    for (let i = 0; i < 100 && (last = [await measure(), await reported()])[0] !== last[1]; i++) await page.waitForTimeout(50);
    assert.equal(last[1], last[0], 'the frame reported its height with the secret');
    assert.ok(last[0] > 1000, `the guide is taller than WordPress's cap (${last[0]} px)`);
    await page.waitForFunction(() => document.querySelector('iframe.wp-embedded-content').getAttribute('height') === '1000');
    assert.ok((await iframe.boundingBox()).height <= 1000);

    // The reader plays inside the 1,000-px frame: a choice, and the next card's heading is in view.
    await chooseFirst(frame);
    assert.equal(await step(frame), 1);
    // (brought there in the frame after the step: waited for, then checked)
    await frame.waitForFunction(() => {
      const r = document.querySelector('agreement-guide').shadowRoot.querySelector('[data-focus-target]').getBoundingClientRect();
      return r.top >= 0 && r.top < 100;
    });
    const inView = await frame.evaluate(() => {
      const h = document.querySelector('agreement-guide').shadowRoot.querySelector('[data-focus-target]');
      const r = h.getBoundingClientRect();
      return { focused: document.querySelector('agreement-guide').shadowRoot.activeElement === h, top: r.top, bottom: r.bottom, viewport: innerHeight };
    });
    assert.ok(inView.focused && inView.top >= 0 && inView.top < 100 && inView.bottom <= inView.viewport, `the new card's heading is focused, at the top of the frame's view: ${JSON.stringify(inView)}`);
    // The run's token joins WordPress's secret in the frame's fragment; neither displaces the other.
    assert.match(new URL(frame.url()).hash, /^#\?secret=Ab3De6Gh9K&ag=ag\d+\.us-china-2015\./);
    await screenshot(page, 'wordpress-embed');

    // A source link in the sandbox goes to wp-embed.js as a link message (it opens only its frame's own site).
    await page.evaluate(() => (window.messages.length = 0));
    const source = frame.locator('.ag-sources a[href^="https://"]').first();
    const href = await source.getAttribute('href');
    await source.click();
    await page.waitForFunction(() => window.messages.some((m) => m && m.message === 'link'));
    assert.deepEqual(await page.evaluate(() => window.messages.filter((m) => m && m.message === 'link')), [{ secret, message: 'link', value: href }]);
    assert.equal(page.url(), `${host.url}post.html`, 'another site: the post stays where it is');
    await watch.assertClean();
  });
});
