// @ts-check
// Finding and loading what a guide needs: the widget's own files (assetUrl),
// the two wasm modules (the reader runtime for compiled guides, the full
// engine on demand), the guide's files (one request per file per page), and
// `openGuide`, which turns an element's `src` (or inline JSON) into a running
// Guide or a plain-language reason it cannot start.

import { matchLanguage } from './strings.js';
import { preferCompressed, guideBytes } from './guide-file.js';

/**
 * Where the widget's own files are: beside this script, unless the page set
 * `globalThis.AGREEMENT_GUIDE_ASSETS = { core, wasm, css, … }` (name → URL)
 * before loading it — the single-file offline bundle does, with data: URLs.
 * Modules loaded on demand (`explore`, `classroom`) are found the same way.
 * (In the built www/agreement-guide.js, `import.meta.url` is that file's address.)
 * @param {string} name
 * @param {string} relative
 */
export function assetUrl(name, relative) {
  const given = /** @type {any} */ (globalThis).AGREEMENT_GUIDE_ASSETS?.[name];
  return given ? String(given) : new URL(relative, import.meta.url).href;
}

const MODULE_URL = assetUrl('core', './pkg/agreement_guide.js');
const WASM_URL = assetUrl('wasm', './pkg/agreement_guide_bg.wasm');
// The reader runtime: plays a compiled guide (step, view, token) and nothing more; the full engine above
// is fetched only when something needs it (a JSON guide, Explore, classroom mode). Its URLs are found
// when first needed: the offline bundle (a data: module, which nothing resolves against) has no reader.
const READER_MODULE_URL = () => assetUrl('reader', './pkg-reader/agreement_guide_reader.js');
const READER_WASM_URL = () => assetUrl('readerWasm', './pkg-reader/agreement_guide_reader_bg.wasm');
export const STYLESHEET_URL = assetUrl('css', './agreement-guide.css');
// A script loaded from a data: URL (the offline bundle) has no base to resolve against: no default then.
const DEFAULT_SRC = (() => {
  try {
    return new URL('./scenarios/us-china-2015.compiled.json', import.meta.url).href;
  } catch {
    return '';
  }
})();

/**
 * One page-wide load of a wasm module (glue + wasm), shared by every element.
 * The wasm download starts now, beside the glue's, not after it: one round
 * trip fewer before the first card (the glue compiles it as it streams in).
 * A data: URL (single-file bundle) is handed over as is.
 * @param {() => string} moduleUrlOf
 * @param {() => string} wasmUrlOf
 * @returns {() => Promise<any>}
 */
function wasmLoader(moduleUrlOf, wasmUrlOf) {
  /** @type {Promise<any> | null} */
  let promise = null;
  return () => {
    if (promise) return promise;
    // No WebAssembly (switched off, or a locked-down browser): nothing to download.
    if (typeof WebAssembly !== 'object') return Promise.reject(new Error('WebAssembly is not available'));
    let moduleUrl, wasmUrl;
    try {
      [moduleUrl, wasmUrl] = [moduleUrlOf(), wasmUrlOf()];
    } catch (err) {
      return Promise.reject(err);
    }
    const wasm = wasmUrl.startsWith('data:') ? wasmUrl : fetch(wasmUrl, { credentials: 'same-origin' });
    if (typeof wasm !== 'string') wasm.catch(() => {}); // reported through the glue below, not as an unhandled rejection
    // The page's first Intl object initialises ICU (tens of ms): do it while the network works.
    setTimeout(() => new Intl.NumberFormat().format(1), 0);
    promise = import(moduleUrl)
      .then(async (m) => {
        await m.default({ module_or_path: wasm });
        return m;
      })
      .catch((err) => {
        promise = null; // let a later element try again
        throw err;
      });
    return promise;
  };
}
/** The full engine (www/pkg/): JSON guides, odds, simulation, map, handout script. */
export const loadCore = wasmLoader(() => MODULE_URL, () => WASM_URL);
/** The reader runtime (www/pkg-reader/): compiled guides only. */
const loadReader = wasmLoader(READER_MODULE_URL, READER_WASM_URL);

/**
 * A part of the widget loaded only when used (`explore`, `classroom`): its own
 * file beside this one (www/agreement-guide-<name>.js, built by scripts/build.sh),
 * once per page. A failed load is forgotten, so a later need tries again.
 * (The file name is written out in full: scripts/dist.mjs rewrites it to the hashed name.)
 * @param {string} name
 * @param {string} file
 * @returns {() => Promise<any>}
 */
function partLoader(name, file) {
  /** @type {Promise<any> | null} */
  let promise = null;
  return () =>
    (promise ??= import(assetUrl(name, file)).catch((err) => {
      promise = null;
      throw err;
    }));
}
/** The Explore panel (odds, strategy lab, map). */
export const loadExplore = partLoader('explore', './agreement-guide-explore.js');
/** Classroom mode's parts (prompts, team play, handout, hand-in code). */
export const loadClassroom = partLoader('classroom', './agreement-guide-classroom.js');

/** A `src` whose name says it is a compiled guide's manifest (`<id>.compiled.json`, or hashed in dist/). */
const COMPILED_NAME = /\.compiled(\.[0-9a-z_-]+)?\.json$/i;

/**
 * The compiled guide's manifest (`agreement-guide compile`: `{ id, format,
 * defaultLanguage, files: { <lang>: <file> }, json? }`) when `text` is one,
 * else null (then it is a guide's JSON, for the full engine).
 * @param {string} text
 */
function compiledManifest(text) {
  try {
    const m = JSON.parse(text);
    const files = m?.files;
    if (!m || m.nodes || m.format == null || !files || typeof files !== 'object' || Array.isArray(files)) return null;
    const names = Object.entries(files).filter(([, v]) => typeof v === 'string' && v);
    return names.length ? preferCompressed({ ...m, files: Object.fromEntries(names) }) : null;
  } catch {
    return null;
  }
}

/**
 * @typedef {{ text?: string, bytes?: Uint8Array, status?: string, timeout?: boolean, error?: string }} Answer
 */

/**
 * Guide files fetched on this page, by absolute URL: elements that show the
 * same guide share one request and its text. A failed answer is forgotten,
 * so a later element (or `reload()`) asks again.
 * @type {Map<string, Promise<Answer>>}
 */
const guideFiles = new Map();

/**
 * @param {string} url
 * @param {number} limit ms
 * @param {'text' | 'bytes'} [as]
 * @returns {Promise<Answer>}
 */
export function fetchGuide(url, limit, as = 'text') {
  let answer = guideFiles.get(url);
  if (answer) return answer;
  answer = (async () => {
    // The timeout covers the whole body, not just the headers.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limit);
    try {
      const res = await fetch(url, { credentials: 'same-origin', signal: abort.signal });
      if (!res.ok) return { status: `${res.status} ${res.statusText}`.trim() };
      return as === 'bytes' ? { bytes: await guideBytes(res) } : { text: await res.text() };
    } catch (err) {
      return abort.signal.aborted ? { timeout: true } : { error: /** @type {Error} */ (err).message };
    } finally {
      clearTimeout(timer);
    }
  })();
  guideFiles.set(url, answer);
  answer.then((a) => {
    if (a.text == null && a.bytes == null && guideFiles.get(url) === answer) guideFiles.delete(url);
  });
  return answer;
}

/**
 * Why the interactive part cannot start, when the browser has no WebAssembly
 * or the page's security policy forbids compiling it: a reason id, or null
 * for any other failure.
 * @param {any} err
 */
function wasmUnavailable(err) {
  if (typeof WebAssembly !== 'object') return 'noWasm';
  if (/content security policy|wasm-unsafe-eval|wasm-eval|unsafe-eval/i.test(String(err?.message ?? err))) return 'wasmBlocked';
  return null;
}

/**
 * The guide's title from its file, without the core (for the no-WebAssembly fallback); null if it cannot be read.
 * @param {string} text
 * @param {string} lang
 */
function titleFromFile(text, lang) {
  try {
    const meta = JSON.parse(text)?.meta;
    const title = meta?.title;
    if (typeof title === 'string') return title;
    if (!title || typeof title !== 'object') return null;
    const langs = Object.keys(title).filter((k) => typeof title[k] === 'string');
    const best = matchLanguage(lang, langs, meta.default_language ?? langs[0]);
    return title[best] ?? title[langs[0]] ?? null;
  } catch {
    return null;
  }
}

/**
 * @typedef {object} Compiled  a compiled guide on the reader runtime
 * @property {any} manifest
 * @property {string} url       the manifest's address
 * @property {string} json      the guide's JSON, for the full engine
 * @property {Set<string>} loaded  languages whose file the run has
 * @property {Set<string>} adding  languages being fetched
 * @property {Promise<void> | null} upgrade  the move onto the full engine, once started
 *
 * @typedef {{ guide: any, compiled: Compiled | null, base: string }} Opened
 * @typedef {{ error: { message: string, diagnostics: any[], fallback?: { title: string | null } } }} Failed
 */

/**
 * Opens the guide an element names: fetches `src` (or takes its inline JSON),
 * starts the module it needs beside the download — the reader runtime for a
 * compiled guide's manifest, the full engine for JSON or in classroom mode —
 * and loads it. Resolves to the running guide, to a failure with a message in
 * the reader's words, or to null when `stale()` says a newer load took over.
 *
 * @param {object} o
 * @param {string | null} o.src       the `src` attribute (or query parameter); the default guide when empty
 * @param {string | null} o.inline    the element's inline JSON, when it has no `src`
 * @param {boolean} o.classroom       classroom mode: the full engine from the start
 * @param {boolean} o.fromQuery       `src` came from the page's query string (must stay on this site)
 * @param {boolean} o.fresh           ask the server again (reload)
 * @param {string} o.lang             the language asked for
 * @param {number} o.seed
 * @param {number} o.limit            fetch timeout, ms
 * @param {(id: string, vars?: Record<string, unknown>) => string} o.t
 * @param {(n: number) => string} o.number
 * @param {() => boolean} o.stale
 * @param {(href: string) => Answer | null} [o.carried] the compiled manifest the page's pre-rendered card carries for `href` (prerender.js), saving its request
 * @returns {Promise<Opened | Failed | null>}
 */
export async function openGuide({ src, inline, classroom, fromQuery, fresh, lang, seed, limit, t, number, stale, carried }) {
  const url = new URL(src || DEFAULT_SRC, document.baseURI);
  const shown = src || url.pathname;
  /** @returns {Failed} */
  const fail = (message, diagnostics = []) => ({ error: { message, diagnostics } });

  // A src from the page's own query string is reader input: keep it on this site.
  if (fromQuery && src && url.origin !== location.origin) return fail(t('errorOrigin', { src: shown }));
  // The module the guide needs starts loading beside the guide's file: the reader runtime for a
  // compiled guide's manifest (by its name; its content decides below), the full engine for JSON.
  /** @type {Record<string, Promise<any>>} */
  const modules = {};
  /** @param {boolean} compiled */
  const start = (compiled) =>
    (modules[String(compiled)] ??= (compiled ? loadReader() : loadCore()).catch((err) => ({ error: err })));
  // Classroom mode plays on the full engine from the start: its handout is the full engine's script,
  // and the browser's own Print (beforeprint) cannot wait for a download.
  start(inline == null && COMPILED_NAME.test(url.pathname) && !classroom);
  let base = inline != null ? document.baseURI : url.href;
  /** @returns {Promise<Answer | Failed>} */
  const fetched = async (/** @type {string} */ href, /** @type {string} */ what, /** @type {'text' | 'bytes'} */ as = 'text') => {
    if (fresh) guideFiles.delete(href);
    const answer = await fetchGuide(href, limit, as);
    if (answer.status) return fail(t('errorHttp', { src: what, status: answer.status }));
    if (answer.timeout) return fail(t('errorTimeout', { src: what, seconds: number(limit / 1000) }));
    if (answer.error != null) return fail(t('errorNetwork', { src: what, message: answer.error }));
    return answer;
  };
  let text = inline;
  if (text == null) {
    const answer = carried?.(url.href) ?? (await fetched(url.href, shown));
    if ('error' in answer && typeof answer.error === 'object') return /** @type {Failed} */ (answer);
    text = /** @type {string} */ (/** @type {Answer} */ (answer).text);
  }
  if (stale()) return null;
  let manifest = inline == null ? compiledManifest(text) : null;
  /** @type {Uint8Array | null} */
  let bytes = null;
  let binLang = '';
  const jsonOf = (/** @type {any} */ m) => new URL(m.json ?? `${m.id}.json`, url);
  if (manifest && classroom) {
    const json = jsonOf(manifest);
    if (json.origin !== url.origin) return fail(t('errorManifestOrigin', { src: shown }));
    const answer = await fetched(json.href, json.pathname);
    if ('error' in answer && typeof answer.error === 'object') return /** @type {Failed} */ (answer);
    text = /** @type {string} */ (/** @type {Answer} */ (answer).text);
    manifest = null;
    base = json.href;
  }
  if (manifest) {
    // Only the reader's language: another is fetched when the reader switches to it.
    const langs = Object.keys(manifest.files);
    binLang = matchLanguage(lang, langs, manifest.files[manifest.defaultLanguage] ? manifest.defaultLanguage : langs[0]);
    const bin = new URL(manifest.files[binLang], url);
    // A manifest names files beside it: never another site (no request leaves the guide's origin).
    if (bin.origin !== url.origin || jsonOf(manifest).origin !== url.origin) return fail(t('errorManifestOrigin', { src: shown }));
    start(true);
    const answer = await fetched(bin.href, bin.pathname, 'bytes');
    if ('error' in answer && typeof answer.error === 'object') return /** @type {Failed} */ (answer);
    bytes = /** @type {Uint8Array} */ (/** @type {Answer} */ (answer).bytes);
  }
  const m = await start(!!manifest);
  if (stale()) return null;
  if (m.error) {
    // No WebAssembly: the guide's title, one line saying why, and what the page put inside the element.
    const reason = wasmUnavailable(m.error);
    if (reason) {
      // A compiled guide's title is in its JSON beside it (read without the engine, on this path only).
      const titled = manifest ? (await fetchGuide(jsonOf(manifest).href, limit)).text : text;
      if (stale()) return null;
      const failed = fail(t('fallback', { reason: t(reason) }));
      failed.error.fallback = { title: titled == null ? null : titleFromFile(titled, lang) };
      return failed;
    }
    return fail(t('errorEngine', { message: m.error.message }));
  }

  try {
    if (manifest) {
      const guide = m.Reader.load(bytes, seed);
      const compiled = { manifest, url: url.href, json: jsonOf(manifest).href, loaded: new Set([binLang]), adding: new Set(), upgrade: null };
      return { guide, compiled, base };
    }
    return { guide: m.Guide.load(text, seed), compiled: null, base };
  } catch (err) {
    const e = /** @type {any} */ (err);
    if (manifest) return fail(t('errorCompiled', { src: new URL(manifest.files[binLang], url).pathname, message: String(e?.message ?? e) }));
    const diagnostics = Array.isArray(e?.diagnostics) ? e.diagnostics : [];
    if (diagnostics.length) return fail(t(inline != null ? 'inlineInvalid' : 'errorInvalid', { src: shown, count: diagnostics.length }), diagnostics);
    return fail(t('errorOther', { message: e?.message ?? String(e) }));
  }
}

/**
 * Adds another language's compiled file to a compiled guide's run (which goes
 * on where it is). Resolves to null when added, to a problem's words when the
 * file could not be fetched or read, or to undefined when there is nothing to
 * do (no such file, already on its way) or the run has moved on (`current()`
 * is the run's guide, or null then).
 * @param {Compiled | null} c
 * @param {string} lang
 * @param {number} limit
 * @param {() => any} current
 * @returns {Promise<string | null | undefined>}
 */
export async function addLanguageFile(c, lang, limit, current) {
  const name = c?.manifest.files[lang];
  if (!c || !name || c.adding.has(lang)) return undefined;
  c.adding.add(lang);
  const answer = await fetchGuide(new URL(name, c.url).href, limit, 'bytes');
  const guide = current();
  if (!guide) return undefined;
  c.adding.delete(lang);
  const problem = answer.status ?? (answer.timeout ? 'timeout' : answer.error);
  if (problem) return problem;
  try {
    guide.addLanguage(answer.bytes);
    c.loaded.add(lang);
    return null;
  } catch (err) {
    return String(/** @type {any} */ (err)?.message ?? err);
  }
}

/**
 * The full engine for a compiled guide's run, loaded on demand (Explore, the
 * handout): a Guide from the guide's JSON (named by its manifest) with the
 * run's flashpoints, restored from its share token, so nothing changes for
 * the reader. Null when the run moved on meanwhile (`current()` is the run's
 * guide on the reader runtime, or null then).
 * @param {string} json  the guide's JSON address
 * @param {() => any} current
 * @param {number} seed
 * @param {string} lang
 * @param {number} limit
 */
export async function fullEngineFor(json, current, seed, lang, limit) {
  const [m, answer] = await Promise.all([loadCore(), fetchGuide(json, limit)]);
  const now = current();
  if (!now) return null;
  if (answer.text == null) throw new Error(`${new URL(json).pathname}: ${answer.status ?? (answer.timeout ? 'timeout' : answer.error)}`);
  const guide = m.Guide.load(answer.text, seed);
  try {
    guide.setFlashpoints(now.info(lang).flashpoints.filter((/** @type {any} */ f) => f.on).map((/** @type {any} */ f) => f.id).join(','));
    guide.restore(now.save());
  } catch (err) {
    guide.free();
    throw err;
  }
  return guide;
}
