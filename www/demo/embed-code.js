// @ts-check
// The embed-code generator on the demo page (index.html, "Embed this guide"):
// pick a guide, language, theme and route; copy the snippet. The files come
// from the content-hashed build (dist/manifest.json, written by
// scripts/dist.mjs), so script tags carry Subresource Integrity hashes. The
// oEmbed route is no code but the guide's own page's address, for a CMS that
// embeds by URL (WordPress…): the build wrote that page and its oEmbed answer.

/**
 * www/dist/manifest.json, as scripts/dist.mjs writes it.
 * @typedef {{ file: string, integrity: string, bytes: number }} HashedFile
 * @typedef {{ file: string, id: string, title: Record<string, string>, languages: string[], defaultLanguage: string,
 *   compiled?: { file: string, languages: Record<string, HashedFile & { gzip?: HashedFile }> },
 *   cards?: Record<string, string>, oembed?: Record<string, { page: string, json: string }> }} ManifestGuide
 * @typedef {{ version: number, url?: string, files: Record<string, HashedFile>, scenarios: ManifestGuide[] }} Manifest
 * @typedef {{ scenario: string, lang: string, theme: string, route: string }} Choice  the form's fields
 */

const form = /** @type {HTMLFormElement | null} */ (document.getElementById('embed-code-form'));
const output = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('embed-code-output'));
const copy = /** @type {HTMLButtonElement} */ (document.getElementById('embed-code-copy'));
const status = /** @type {HTMLElement} */ (document.getElementById('embed-code-status'));

const BASE = new URL('dist/', document.baseURI);

/** HTML attribute escaping for the snippet's text. @param {string} s */
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A guide's title in a language, else in its default language. @param {ManifestGuide} s @param {string} lang */
const titleOf = (s, lang) => s.title[lang] ?? s.title[s.defaultLanguage] ?? Object.values(s.title)[0] ?? s.id;

/** A language's own name, for the picker. @param {string} code */
function languageName(code) {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The snippet for the form's current choices. `first` (optional) is what the
 * element route carries: `{ card, compiled }`, the guide's first card in the
 * language (`agreement-guide render`, from the build) and its compiled
 * manifest's text; with them the snippet shows the card before any script
 * runs, and asks for the reader runtime and the language's file at once.
 * @param {Manifest} manifest @param {Choice} choice
 * @param {{ card?: string | null, compiled?: string | null }} [first]
 */
export function snippet(manifest, { scenario, lang, theme, route }, first = {}) {
  const s = manifest.scenarios.find((x) => x.file === scenario) ?? manifest.scenarios[0];
  const title = `Interactive guide: ${titleOf(s, lang)}`;
  /** @param {string} name */
  const file = (name) => new URL(manifest.files[name].file, BASE).href;
  /** @param {string} name */
  const sri = (name) => `integrity="${manifest.files[name].integrity}" crossorigin="anonymous"`;
  // Readers get the compiled guide (the small reader runtime) where the build made one.
  const src = s.compiled?.file ?? s.file;
  const query = new URLSearchParams({ src, lang });
  if (theme !== 'auto') query.set('theme', theme);
  const embed = `${new URL('embed.html', BASE).href}?${query}`;
  switch (route) {
    case 'loader':
      return [
        `<div data-agreement-guide-embed data-src="${attr(embed)}" data-title="${attr(title)}"></div>`,
        `<script src="${file('embed-loader.js')}" ${sri('embed-loader.js')} async></script>`,
      ].join('\n');
    case 'oembed': {
      // The guide's own page: a CMS that reads oEmbed finds its answer through the page's discovery link.
      const page = s.oembed?.[lang]?.page;
      return page ? new URL(page, BASE).href : 'This build has no oEmbed pages: run `npm run build`, then reload.';
    }
    case 'amp':
      return [
        // amp-iframe wants a placeholder to show when the guide is taller than the page lets it grow.
        `<amp-iframe src="${attr(embed)}" title="${attr(title)}" width="auto" height="900" layout="fixed-height" resizable sandbox="allow-scripts allow-same-origin allow-popups">`,
        `  <div overflow tabindex="0" role="button" aria-label="Show the whole guide">Show the whole guide</div>`,
        `</amp-iframe>`,
      ].join('\n');
    case 'iframe':
      return [
        `<!-- Resizes itself inside pym.js (new pym.Parent) or <amp-iframe resizable>; otherwise set a height. -->`,
        // frameborder, not style="border: 0": a page with a strict CSP (style-src without 'unsafe-inline') refuses style attributes.
        `<iframe src="${attr(embed)}" title="${attr(title)}" loading="lazy" width="100%" height="900" allow="clipboard-write" frameborder="0"></iframe>`,
      ].join('\n');
    default: {
      const themeAttr = theme !== 'auto' ? ` theme="${attr(theme)}"` : '';
      const srcUrl = new URL(src, BASE).href;
      // The file the element fetches: the gzip-compressed copy where the build wrote one (www/element/guide-file.js).
      const bin = s.compiled?.languages?.[lang]?.gzip?.file ?? s.compiled?.languages?.[lang]?.file;
      const lines = [];
      if (first.card && bin) {
        // What the element fetches, asked for at once, side by side (the manifest is in the card).
        lines.push(
          `<link rel="modulepreload" href="${file('agreement_guide_reader.js')}">`,
          `<link rel="preload" href="${file('agreement_guide_reader_bg.wasm')}" as="fetch" type="application/wasm" crossorigin>`,
          `<link rel="preload" href="${new URL(bin, BASE).href}" as="fetch" type="application/octet-stream" crossorigin>`,
        );
      }
      // The card's look: the live card's shape, so the element's takeover moves nothing.
      if (first.card) lines.push(`<link rel="stylesheet" href="${file('agreement-guide-card.css')}" ${sri('agreement-guide-card.css')}>`);
      lines.push(`<script type="module" src="${file('agreement-guide.js')}" ${sri('agreement-guide.js')}></script>`);
      if (!first.card) {
        lines.push(`<agreement-guide src="${attr(srcUrl)}" lang="${attr(lang)}"${themeAttr}></agreement-guide>`);
        return lines.join('\n');
      }
      // The card, already escaped HTML from the build; it learns which src it belongs to and carries the manifest.
      const carried = ` data-prerender-src="${attr(srcUrl)}"${first.compiled ? ` data-prerender-manifest="${attr(JSON.stringify(JSON.parse(first.compiled)))}"` : ''}`;
      const card = first.card.trim().replace(/^<div class="ag-prerender"/, `<div class="ag-prerender"${carried}`);
      lines.push(`<agreement-guide src="${attr(srcUrl)}" lang="${attr(lang)}"${themeAttr}>`, card, '</agreement-guide>');
      return lines.join('\n');
    }
  }
}

/** @param {HTMLSelectElement} select @param {[string, string][]} options @param {string} keep */
function fill(select, options, keep) {
  select.replaceChildren(
    ...options.map(([value, label]) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      return o;
    }),
  );
  if (options.some(([v]) => v === keep)) select.value = keep;
}

async function start() {
  if (!form || !output) return;
  /** @type {Manifest} */
  let manifest;
  try {
    const res = await fetch(new URL('manifest.json', BASE));
    if (!res.ok) throw new Error(`${res.status}`);
    manifest = await res.json();
    if (!manifest.scenarios?.length) throw new Error('no guides');
  } catch {
    status.textContent = 'The embed code needs the content-hashed build: run `npm run build`, then reload.';
    for (const el of form.elements) /** @type {HTMLInputElement} */ (el).disabled = true;
    copy.disabled = true;
    return;
  }
  const scenario = /** @type {HTMLSelectElement} */ (form.elements.namedItem('scenario'));
  const lang = /** @type {HTMLSelectElement} */ (form.elements.namedItem('lang'));
  fill(scenario, manifest.scenarios.map((s) => [s.file, titleOf(s, s.defaultLanguage)]), scenario.value);

  // The first cards and compiled manifests, fetched once each (null when missing: the snippet goes without).
  /** @type {Map<string, Promise<string | null>>} */
  const texts = new Map();
  /** @param {string | null | undefined} file */
  const text = (file) => {
    if (!file) return null;
    if (!texts.has(file)) texts.set(file, fetch(new URL(file, BASE)).then((r) => (r.ok ? r.text() : null), () => null));
    return texts.get(file);
  };
  let shown = 0;
  const update = async () => {
    const s = manifest.scenarios.find((x) => x.file === scenario.value) ?? manifest.scenarios[0];
    fill(lang, s.languages.map((l) => [l, languageName(l)]), lang.value || s.defaultLanguage);
    const choice = /** @type {Choice} */ (Object.fromEntries(new FormData(form)));
    const n = ++shown;
    delete output.dataset.ready;
    output.value = snippet(manifest, choice);
    const [card, compiled] = await Promise.all([text(s.cards?.[choice.lang]), text(s.compiled?.file)]);
    if (n !== shown) return; // a later choice is being written
    output.value = snippet(manifest, choice, { card, compiled });
    output.dataset.ready = '';
    // oEmbed answers name absolute addresses, fixed when the build wrote them.
    status.textContent =
      choice.route !== 'oembed'
        ? ''
        : manifest.url && manifest.url !== BASE.href
          ? `The oEmbed files were written for ${manifest.url}, not ${BASE.href}: build with AGREEMENT_GUIDE_URL=${BASE.href} npm run build for this address.`
          : 'Paste the address on a line of its own. The embed follows the reader’s light or dark setting.';
  };
  form.addEventListener('change', update);
  update();

  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(output.value);
      status.textContent = 'Code copied.';
    } catch {
      output.focus();
      output.select();
      status.textContent = 'Code selected: press Ctrl+C (⌘C on a Mac) to copy it.';
    }
  });
}

start();
