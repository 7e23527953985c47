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
//
// It also writes AFTER_PAINT (below), minified, as a <script> between the page's
// `<!-- after-paint js -->` markers, allowed the same way (`script-src 'self'
// 'sha256-…'`): it adds the page's `<template id="ag-after-paint">` (the preload
// hints for the reader runtime and the guide's file) to the head once the card
// has been painted (docs/performance.md, "What the page asks for before its
// first paint").
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
const JS_OPEN = '<!-- after-paint js -->';
const JS_CLOSE = '<!-- /after-paint js -->';

/**
 * The page's one inline script. The requests the element will make for the default
 * guide wait in an inert <template> until the browser reports the page's first
 * largest-contentful-paint candidate (the card), capped at 1 s for a page that does
 * not paint (a background tab, an iframe out of view); a browser without that report
 * gets them at once. A query naming another guide gets none, another language no
 * hint for the card's language file. Asked for in the head they would start before the first paint,
 * and Lighthouse's simulation counts every request that finished before the page's
 * largest paint as part of it. On a phone they still start well before the element has
 * loaded (which would otherwise name them), so the runtime's download is not later.
 */
const AFTER_PAINT = `
(() => {
  const hints = document.getElementById('ag-after-paint');
  if (!(hints instanceof HTMLTemplateElement)) return;
  let added = false;
  const add = () => {
    if (added) return;
    added = true;
    observer?.disconnect();
    // The hints are for the guide and language of the page's card: embed.html?src=…&lang=… may
    // name others, and then they would download files the element never asks for.
    const card = document.querySelector('agreement-guide > .ag-prerender');
    const query = new URLSearchParams(location.search);
    const src = query.get('src');
    const lang = query.get('lang');
    const base = (l) => (l ?? '').toLowerCase().split('-')[0];
    try {
      if (src && new URL(src, document.baseURI).href !== new URL(card?.dataset.prerenderSrc ?? '', document.baseURI).href) return;
    } catch {
      return;
    }
    const links = document.importNode(hints.content, true);
    if (lang && base(lang) !== base(card?.lang)) for (const link of links.querySelectorAll('link[href*=".bin"]')) link.remove();
    document.head.append(links);
  };
  const observer = PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint') ? new PerformanceObserver(add) : null;
  if (!observer) return add();
  observer.observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(add, 1000);
})();
`;

/** AFTER_PAINT, minified: the inline script's exact text. */
export const afterPaintJs = () => transformSync(AFTER_PAINT, { loader: 'js', minify: true, logLevel: 'warning' }).code.trim();

/** The first-paint region of demo.css and the card's stylesheet, minified. */
export function firstPaintCss(demoCss = readFileSync(path.join(ROOT, 'www/demo/demo.css'), 'utf8'), card = cardCss()) {
  const start = demoCss.indexOf(FROM);
  const end = demoCss.indexOf(TO);
  if (start < 0 || end < start) throw new Error(`www/demo/demo.css has no "First paint" region (${FROM} … ${TO})`);
  return transformSync(`${demoCss.slice(start, end)}\n${card}`, { loader: 'css', minify: true, logLevel: 'warning' }).code.trim();
}

/** The CSP source that allows exactly this <style> block's text. */
export const hashSource = (css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

/** `html` with the region between `open` and `close` replaced by `block`. */
function replaceRegion(html, open, close, block, where) {
  const a = html.indexOf(open);
  const b = html.indexOf(close);
  if (a < 0 || b < a) throw new Error(`${where} has no ${open} … ${close} markers`);
  return `${html.slice(0, a + open.length)}\n  ${block}\n  ${html.slice(b)}`;
}

/** `html` with its policy's `directive` naming `text`'s hash (in place of any hash it named). */
function allowHash(html, directive, text, where) {
  const policy = new RegExp(`(<meta http-equiv="Content-Security-Policy" content="[^"]*${directive} 'self')( 'sha256-[A-Za-z0-9+/=]+')?`);
  if (!policy.test(html)) throw new Error(`${where}: its Content-Security-Policy has no "${directive} 'self'" to add the block's hash to`);
  return html.replace(policy, `$1 ${hashSource(text)}`);
}

/**
 * `html` with the block between its markers replaced by `css` and its policy naming the block's hash;
 * given `js`, the same for the script between the after-paint markers.
 */
export function inline(html, css, where = 'the page', js = null) {
  let out = allowHash(replaceRegion(html, OPEN, CLOSE, `<style>${css}</style>`, where), 'style-src', css, where);
  if (js != null) out = allowHash(replaceRegion(out, JS_OPEN, JS_CLOSE, `<script>${js}</script>`, where), 'script-src', js, where);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = process.argv.slice(2);
  const css = firstPaintCss();
  const js = afterPaintJs();
  for (const page of pages.length ? pages : [path.join(ROOT, 'www/embed.html')]) {
    const html = readFileSync(page, 'utf8');
    // A page without the after-paint markers gets the style alone.
    const withJs = html.includes(JS_OPEN) ? js : null;
    writeFileSync(page, inline(html, css, page, withJs));
    console.log(`  ${path.relative(ROOT, page)}: first-paint css inline (${Buffer.byteLength(css)} B, ${hashSource(css)})${withJs ? `, after-paint script (${Buffer.byteLength(js)} B, ${hashSource(js)})` : ''}`);
  }
}
