// Puts what embed.html needs for its first paint into the page itself
// (scripts/build.sh runs this after the first card is written into it):
//
//   node scripts/first-paint.mjs [page.html …]     (default: www/embed.html)
//
// The region of www/demo/demo.css between its "First paint" lines (the page's
// colours and type, the guide's box) and the pre-rendered card's stylesheet
// (www/agreement-guide-card.css, as scripts/card-css.mjs writes it) are
// minified into a <style> between the page's `<!-- first-paint css -->` markers, and the
// page's Content-Security-Policy allows that block by its hash
// (`style-src 'self' 'sha256-…'`): no other inline style, no attribute style.
// So the page paints the card as soon as its HTML has arrived, with no
// stylesheet request in the way (a same-origin file costs a round trip before
// the first paint: docs/performance.md, "The first paint"). Re-running
// rewrites the block and the hash in place; demo.css and www/element/card.css
// stay the sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { cardCss } from './card-css.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FROM = '/* ── First paint: from here';
const TO = '/* ── First paint: to here';
const OPEN = '<!-- first-paint css -->';
const CLOSE = '<!-- /first-paint css -->';

/** The first-paint region of demo.css and the card's stylesheet, minified. */
export function firstPaintCss(demoCss = readFileSync(path.join(ROOT, 'www/demo/demo.css'), 'utf8'), card = cardCss()) {
  const start = demoCss.indexOf(FROM);
  const end = demoCss.indexOf(TO);
  if (start < 0 || end < start) throw new Error(`www/demo/demo.css has no "First paint" region (${FROM} … ${TO})`);
  return transformSync(`${demoCss.slice(start, end)}\n${card}`, { loader: 'css', minify: true, logLevel: 'warning' }).code.trim();
}

/** The CSP source that allows exactly this <style> block's text. */
export const hashSource = (css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

/** `html` with the block between its markers replaced by `css` and its policy naming the block's hash. */
export function inline(html, css, where = 'the page') {
  const a = html.indexOf(OPEN);
  const b = html.indexOf(CLOSE);
  if (a < 0 || b < a) throw new Error(`${where} has no ${OPEN} … ${CLOSE} markers`);
  let out = `${html.slice(0, a + OPEN.length)}\n  <style>${css}</style>\n  ${html.slice(b)}`;
  const policy = /(<meta http-equiv="Content-Security-Policy" content="[^"]*style-src 'self')( 'sha256-[A-Za-z0-9+/=]+')?/;
  if (!policy.test(out)) throw new Error(`${where}: its Content-Security-Policy has no "style-src 'self'" to add the block's hash to`);
  out = out.replace(policy, `$1 ${hashSource(css)}`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = process.argv.slice(2);
  const css = firstPaintCss();
  for (const page of pages.length ? pages : [path.join(ROOT, 'www/embed.html')]) {
    writeFileSync(page, inline(readFileSync(page, 'utf8'), css, page));
    console.log(`  ${path.relative(ROOT, page)}: first-paint css inline (${Buffer.byteLength(css)} B, ${hashSource(css)})`);
  }
}
