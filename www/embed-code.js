// @ts-check
// The embed-code generator on the demo page (index.html, "Embed this guide"):
// pick a guide, language, theme and route; copy the snippet. The files come
// from the content-hashed build (dist/manifest.json, written by
// scripts/dist.mjs), so script tags carry Subresource Integrity hashes.

/**
 * www/dist/manifest.json, as scripts/dist.mjs writes it.
 * @typedef {{ file: string, integrity: string, bytes: number }} HashedFile
 * @typedef {{ file: string, id: string, title: Record<string, string>, languages: string[], defaultLanguage: string,
 *   compiled?: { file: string, languages: Record<string, HashedFile> } }} ManifestGuide
 * @typedef {{ version: number, files: Record<string, HashedFile>, scenarios: ManifestGuide[] }} Manifest
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

/** The snippet for the form's current choices. @param {Manifest} manifest @param {Choice} choice */
export function snippet(manifest, { scenario, lang, theme, route }) {
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
    case 'iframe':
      return [
        `<!-- Resizes itself inside pym.js (new pym.Parent) or <amp-iframe resizable>; otherwise set a height. -->`,
        // frameborder, not style="border: 0": a page with a strict CSP (style-src without 'unsafe-inline') refuses style attributes.
        `<iframe src="${attr(embed)}" title="${attr(title)}" loading="lazy" width="100%" height="900" allow="clipboard-write" frameborder="0"></iframe>`,
      ].join('\n');
    default: {
      const themeAttr = theme !== 'auto' ? ` theme="${attr(theme)}"` : '';
      return [
        `<script type="module" src="${file('agreement-guide.js')}" ${sri('agreement-guide.js')}></script>`,
        `<agreement-guide src="${attr(new URL(src, BASE).href)}" lang="${attr(lang)}"${themeAttr}></agreement-guide>`,
      ].join('\n');
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

  const update = () => {
    const s = manifest.scenarios.find((x) => x.file === scenario.value) ?? manifest.scenarios[0];
    fill(lang, s.languages.map((l) => [l, languageName(l)]), lang.value || s.defaultLanguage);
    const choice = /** @type {Choice} */ (Object.fromEntries(new FormData(form)));
    output.value = snippet(manifest, choice);
    status.textContent = '';
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
