// @ts-check
// Finding and loading what a guide needs: the widget's own files (assetUrl),
// the two wasm modules (the reader runtime for compiled guides, the full
// engine on demand), the guide's files (one request per file per page), and
// `openGuide`, which turns an element's `src` (or inline JSON) into a running
// Guide or a plain-language reason it cannot start.

import { addWords, matchLanguage } from './strings.js';
import { preferCompressed, guideBytes } from './guide-file.js';
import { defaultGuide } from './default-guide.js'; // written into the build by scripts/build-element.mjs
import { importUrl, loadWasm } from './wasm.js';
import { errorMessage } from './text.js';

/** @typedef {import('../types/engine').FullEngineModule} FullEngineModule */
/** @typedef {import('../types/engine').ReaderRuntimeModule} ReaderRuntimeModule */
/** @typedef {import('../types/engine').Run} Run */
/** @typedef {import('../types/engine').Guide} Guide */
/** @typedef {import('../types/engine').Reader} Reader */
/** @typedef {import('../types/contract').Diagnostic} Diagnostic */
/** @typedef {import('./render.js').ShownError} ShownError */
/** @typedef {import('./default-guide.js').DefaultGuide['manifest']} Manifest  a compiled guide's manifest */
/** @typedef {typeof import('./explore.js')} ExploreModule */
/** @typedef {typeof import('./classroom.js')} ClassroomModule */

/**
 * The widget's own files, by the name a page may give in `AGREEMENT_GUIDE_ASSETS`.
 * Each is written as a literal `new URL('./…', import.meta.url)`, the form Vite
 * and webpack 5 follow: they copy the file into the host's build (or inline it
 * as a data: URL) and write its new address here, so a host needs no option
 * and copies nothing by hand. (In the built
 * www/agreement-guide.js, `import.meta.url` is that file's address; the paths
 * are relative to it, and scripts/dist.mjs rewrites them to hashed names.)
 * Each is computed when first needed: a module loaded from a data: URL (the
 * offline bundle) has no base to resolve against, and a page may name its own
 * files after importing the element (see assetUrl).
 */
const FILES = {
  // The reader runtime: plays a compiled guide (step, view, token) and nothing more.
  reader: () => new URL('./pkg-reader/agreement_guide_reader.js', import.meta.url),
  readerWasm: () => new URL('./pkg-reader/agreement_guide_reader_bg.wasm', import.meta.url),
  // The full engine, fetched only when something needs it (a JSON guide, Explore, classroom mode).
  core: () => new URL('./pkg/agreement_guide.js', import.meta.url),
  wasm: () => new URL('./pkg/agreement_guide_bg.wasm', import.meta.url),
  css: () => new URL('./agreement-guide.css', import.meta.url),
  // Parts loaded on demand (scripts/build-element.mjs builds each beside the element).
  explore: () => new URL('./agreement-guide-explore.js', import.meta.url),
  classroom: () => new URL('./agreement-guide-classroom.js', import.meta.url),
  // The widget's own words in a language other than English, loaded before an element shows it
  // (`words-<primary subtag>`; loadWords below).
  'words-zh': () => new URL('./agreement-guide-words-zh.js', import.meta.url),
};

/** @typedef {keyof typeof FILES} AssetName */

/** The names a page may set in `AGREEMENT_GUIDE_ASSETS`. */
const ASSET_NAMES = /** @type {AssetName[]} */ (Object.keys(FILES));

/** The `AGREEMENT_GUIDE_ASSETS` object last checked for names the element does not know. */
/** @type {unknown} */
let checked = null;

/** A URL a page may give: a non-empty string or a URL object. */
const isUrl = (/** @type {unknown} */ v) => (typeof v === 'string' && v !== '') || v instanceof URL;

/**
 * Where one of the widget's files is: the page's address for it in
 * `globalThis.AGREEMENT_GUIDE_ASSETS` (resolved against the page; the
 * single-file offline bundle gives data: URLs), else beside this module (where
 * the host's bundler put it). The global is read when a file is needed, so a
 * page may set it before the import or in the same module, before the first
 * element renders; a name the element does not know, or a value that is not
 * a URL, is reported on the console (once per object) and ignored. Throws when
 * neither address can be had (a module loaded from a data: URL, given none).
 * @param {AssetName} name
 * @returns {string}
 */
export function assetUrl(name) {
  const assets = /** @type {Record<string, unknown> | null | undefined} */ (/** @type {{ AGREEMENT_GUIDE_ASSETS?: unknown }} */ (globalThis).AGREEMENT_GUIDE_ASSETS);
  if (assets !== checked && assets != null) {
    checked = assets;
    for (const [key, value] of Object.entries(assets)) {
      const problem = !ASSET_NAMES.includes(/** @type {AssetName} */ (key)) ? 'is not one of its files' : isUrl(value) ? '' : 'is not a URL';
      if (problem) console.warn(`agreement-guide: AGREEMENT_GUIDE_ASSETS.${key} ${problem}, so it is ignored (its files: ${ASSET_NAMES.join(', ')})`);
    }
  }
  const url = assets != null && Object.hasOwn(assets, name) && isUrl(assets[name]) ? String(assets[name]) : null;
  return url ? new URL(url, document.baseURI).href : FILES[name]().href;
}

/** The stylesheet's address, or null when it cannot be found (a data: module given none). */
export function stylesheetUrl() {
  try {
    return assetUrl('css');
  } catch {
    return null;
  }
}

/**
 * A page-wide load of one of the element's wasm modules (see loadWasm), at
 * the addresses assetUrl gives when it is first needed.
 * @template {import('./wasm.js').WasmModule} M
 * @param {AssetName} glue
 * @param {AssetName} binary
 * @returns {() => Promise<M>}
 */
function wasmLoader(glue, binary) {
  return () => {
    try {
      return loadWasm(assetUrl(glue), assetUrl(binary));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}
/**
 * The full engine (www/pkg/): JSON guides, odds, simulation, map, handout script.
 * @type {() => Promise<FullEngineModule>}
 */
export const loadCore = wasmLoader('core', 'wasm');
/**
 * The reader runtime (www/pkg-reader/): compiled guides only.
 * @type {() => Promise<ReaderRuntimeModule>}
 */
const loadReader = wasmLoader('reader', 'readerWasm');

/**
 * A part of the widget loaded only when used (`explore`, `classroom`): its own
 * file beside this one (www/agreement-guide-<name>.js, built by scripts/build-element.mjs),
 * once per page. A failed load is forgotten, so a later need tries again.
 * @template M  the part's module
 * @param {AssetName} name
 * @returns {() => Promise<M>}
 */
function partLoader(name) {
  /** @type {Promise<M> | null} */
  let promise = null;
  return () =>
    (promise ??= (async () => {
      const m = /** @type {M & { WORDS?: Record<string, Record<string, string>> }} */ (await importUrl(assetUrl(name)));
      // A part's words (by language) join the element's (strings.js).
      if (m.WORDS) addWords(m.WORDS);
      return m;
    })().catch((err) => {
      promise = null;
      throw err;
    }));
}
/**
 * The Explore panel (odds, strategy lab, map).
 * @type {() => Promise<ExploreModule>}
 */
export const loadExplore = partLoader('explore');
/**
 * Classroom mode's parts (prompts, team play, handout, hand-in code).
 * @type {() => Promise<ClassroomModule>}
 */
export const loadClassroom = partLoader('classroom');

/** Each language's words file, once per page: its load, settled (a failed one is not tried again). @type {Map<string, Promise<void>>} */
const wordFiles = new Map();
/** Languages whose words file has settled. @type {Set<string>} */
const settled = new Set();

/**
 * The asset holding a language's words (`words-zh` for `zh-CN`), or null: English is in this
 * file, and a language with no file of its own reads in English.
 * @param {string} lang
 * @returns {AssetName | null}
 */
function wordsAsset(lang) {
  const name = `words-${lang.toLowerCase().split(/[-_]/)[0]}`;
  return Object.hasOwn(FILES, name) ? /** @type {AssetName} */ (name) : null;
}

/**
 * Whether the widget's words in `lang` are here, or never will be (then it reads in English).
 * @param {string} lang
 */
export function hasWords(lang) {
  const name = wordsAsset(lang);
  return !name || settled.has(name);
}

/**
 * Loads the widget's words in `lang` (strings.js adds them to STRINGS). Resolves when they are
 * there or cannot be had (a failed load leaves English, and is not tried again); never rejects.
 * @param {string} lang
 * @returns {Promise<void>}
 */
export function loadWords(lang) {
  const name = wordsAsset(lang);
  if (!name) return Promise.resolve();
  let load = wordFiles.get(name);
  if (!load) {
    const loaded = partLoader(name)().then(
      () => {},
      (err) => console.warn(`agreement-guide: the words in ${lang} could not be loaded, so they read in English (${errorMessage(err)})`),
    );
    load = loaded.then(() => void settled.add(name));
    wordFiles.set(name, load);
  }
  return load;
}

/** A `src` whose name says it is a compiled guide's manifest (`<id>.compiled.json`, or hashed in dist/). */
const COMPILED_NAME = /\.compiled(\.[0-9a-z_-]+)?\.json$/i;

/**
 * The compiled guide's manifest (`agreement-guide pack`: `{ id, format,
 * defaultLanguage, files: { <lang>: <file> }, json? }`) when `text` is one,
 * else null (then it is a guide's JSON, for the full engine).
 * @param {string} text
 * @returns {Manifest | null}
 */
function compiledManifest(text) {
  try {
    const m = JSON.parse(text);
    const files = m?.files;
    if (!m || m.nodes || m.format == null || !files || typeof files !== 'object' || Array.isArray(files)) return null;
    const names = Object.entries(files).filter(([, v]) => typeof v === 'string' && v);
    return names.length ? { ...m, files: Object.fromEntries(names) } : null;
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
 * @param {unknown} err
 */
function wasmUnavailable(err) {
  if (typeof WebAssembly !== 'object') return 'noWasm';
  if (/content security policy|wasm-unsafe-eval|wasm-eval|unsafe-eval/i.test(errorMessage(err))) return 'wasmBlocked';
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
 * @property {Manifest} manifest
 * @property {string} url       the manifest's address (the default guide's: its JSON's)
 * @property {Record<string, string>} files  each language's file, as an absolute address
 * @property {string} json      the guide's JSON, for the full engine
 * @property {Set<string>} loaded  languages whose file the run has
 * @property {Set<string>} adding  languages being fetched
 * @property {Promise<void> | null} upgrade  the move onto the full engine, once started
 *
 * @typedef {{ guide: Run, compiled: Compiled | null, base: string }} Opened
 * @typedef {{ error: Refusal }} Failed
 * @typedef {Omit<ShownError, 'message'> & { message: () => string }} Refusal  why a guide cannot be opened: its
 *   message is put in words when shown (the reader's words may still be on their way when it is made)
 * @typedef {{ error: unknown }} Unloaded  a wasm module that would not load, and why
 */

/**
 * A compiled guide's files (each language's and its JSON) as absolute
 * addresses, resolved against the manifest's own; null when they cannot be:
 * a manifest given as a data: URL (a bundler inlines a small file so) has no
 * folder, so only full addresses in it can be found.
 * @param {Manifest} manifest
 * @param {URL} url
 * The files are each language's gzip-compressed copy where this browser can
 * decode it (guide-file.js).
 * @returns {{ files: Record<string, string>, json: string } | null}
 */
function located(manifest, url) {
  try {
    const at = (/** @type {unknown} */ file) => new URL(String(file), url).href;
    const files = Object.fromEntries(Object.entries(manifest.files).map(([lang, file]) => [lang, at(file)]));
    // Each language's gzip-compressed copy, where one is named and can be found (guide-file.js).
    /** @type {Record<string, string>} */
    const gzip = {};
    const named = manifest.gzip && typeof manifest.gzip === 'object' ? manifest.gzip : {};
    for (const [lang, file] of Object.entries(named)) {
      try {
        if (typeof file === 'string' && file) gzip[lang] = at(file);
      } catch {
        // a name a data: manifest cannot resolve: that language's plain file is used
      }
    }
    return preferCompressed({ files, gzip, json: at(manifest.json ?? `${manifest.id}.json`) });
  } catch {
    return null;
  }
}

/** A file's address as a message shows it: its path, or just "data:…" for a data: URL (which holds the whole file). */
const pathOf = (/** @type {string} */ href) => (href.startsWith('data:') ? 'data:…' : new URL(href).pathname);

/**
 * Opens the guide an element names: fetches `src` (or takes its inline JSON,
 * or, with neither, the default guide built into the element), starts the
 * module it needs beside the download — the reader runtime for a compiled
 * guide's manifest, the full engine for JSON or in classroom mode — and loads
 * it. Resolves to the running guide, to a failure with a message in the
 * reader's words (whatever went wrong: it never rejects, so an element never
 * stays on "Loading…"), or to null when `stale()` says a newer load took over.
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
export async function openGuide(o) {
  try {
    return await open(o);
  } catch (err) {
    // Anything unforeseen (a src that is no address, a file a bundler moved…): the error panel, in plain words.
    return { error: { message: () => o.t('errorOther', { message: errorMessage(err) }), diagnostics: [] } };
  }
}

/** @param {Parameters<typeof openGuide>[0]} o @returns {Promise<Opened | Failed | null>} */
async function open({ src, inline, classroom, fromQuery, fresh, lang, seed, limit, t, number, stale, carried }) {
  // No src and no inline guide: the default guide, whose manifest is built into the element with
  // its files' addresses (default-guide.js), so it costs no request for the manifest.
  let builtIn = null;
  if (!src && inline == null) {
    try {
      builtIn = preferCompressed(defaultGuide());
    } catch {
      throw new Error('no src, and no default guide beside an element loaded from a data: URL');
    }
  }
  const url = builtIn ? new URL(builtIn.json) : new URL(src || document.baseURI, document.baseURI);
  const shown = src || pathOf(url.href);
  /** @type {(message: () => string, diagnostics?: Diagnostic[]) => Failed} */
  const fail = (message, diagnostics = []) => ({ error: { message, diagnostics } });

  // A src from the page's own query string is reader input: keep it on this site.
  if (fromQuery && src && url.origin !== location.origin) return fail(() => t('errorOrigin', { src: shown }));
  // The module the guide needs starts loading beside the guide's file: the reader runtime for a
  // compiled guide's manifest (by its name; its content decides below), the full engine for JSON.
  /** @type {{ reader?: Promise<ReaderRuntimeModule | Unloaded>, core?: Promise<FullEngineModule | Unloaded> }} */
  const modules = {};
  /** @param {unknown} err @returns {Unloaded} */
  const unloaded = (err) => ({ error: err });
  /** @param {boolean} compiled */
  const start = (compiled) => (compiled ? (modules.reader ??= loadReader().catch(unloaded)) : (modules.core ??= loadCore().catch(unloaded)));
  // Classroom mode plays on the full engine from the start: its handout is the full engine's script,
  // and the browser's own Print (beforeprint) cannot wait for a download.
  start((builtIn != null || (inline == null && COMPILED_NAME.test(url.pathname))) && !classroom);
  let base = inline != null ? document.baseURI : url.href;
  /** @returns {Promise<Answer | Failed>} */
  const fetched = async (/** @type {string} */ href, /** @type {string} */ what, /** @type {'text' | 'bytes'} */ as = 'text') => {
    if (fresh) guideFiles.delete(href);
    const answer = await fetchGuide(href, limit, as);
    if (answer.status) return fail(() => t('errorHttp', { src: what, status: answer.status }));
    if (answer.timeout) return fail(() => t('errorTimeout', { src: what, seconds: number(limit / 1000) }));
    if (answer.error != null) return fail(() => t('errorNetwork', { src: what, message: answer.error }));
    return answer;
  };
  let text = inline;
  if (text == null && !builtIn) {
    const answer = carried?.(url.href) ?? (await fetched(url.href, shown));
    if ('error' in answer && typeof answer.error === 'object') return /** @type {Failed} */ (answer);
    text = /** @type {string} */ (/** @type {Answer} */ (answer).text);
  }
  if (stale()) return null;
  let manifest = builtIn ? builtIn.manifest : inline == null ? compiledManifest(/** @type {string} */ (text)) : null;
  const where = builtIn ?? (manifest && located(manifest, url));
  if (manifest && !where) return fail(() => t('errorManifestInline'));
  // A manifest names files beside it: never another site (no request leaves the guide's origin). One
  // given as a data: URL has no site of its own: its files must be on the page's. The default guide's
  // files are the element's own, wherever the host's bundler put them.
  const home = url.origin === 'null' ? location.origin : url.origin;
  const foreign = (/** @type {string} */ href) => !builtIn && new URL(href).origin !== home;
  /** @type {Uint8Array | null} */
  let bytes = null;
  let binLang = '';
  if (manifest && where && classroom) {
    if (foreign(where.json)) return fail(() => t('errorManifestOrigin', { src: shown }));
    const answer = await fetched(where.json, pathOf(where.json));
    if ('error' in answer && typeof answer.error === 'object') return /** @type {Failed} */ (answer);
    text = /** @type {string} */ (/** @type {Answer} */ (answer).text);
    manifest = null;
    base = where.json;
  }
  if (manifest && where) {
    // Only the reader's language: another is fetched when the reader switches to it.
    const langs = Object.keys(where.files);
    binLang = matchLanguage(lang, langs, where.files[manifest.defaultLanguage] ? manifest.defaultLanguage : langs[0]);
    const bin = where.files[binLang];
    if (foreign(bin) || foreign(where.json)) return fail(() => t('errorManifestOrigin', { src: shown }));
    start(true);
    const answer = await fetched(bin, pathOf(bin), 'bytes');
    if ('error' in answer && typeof answer.error === 'object') return /** @type {Failed} */ (answer);
    bytes = /** @type {Uint8Array} */ (/** @type {Answer} */ (answer).bytes);
  }
  const m = await start(!!manifest);
  if (stale()) return null;
  if ('error' in m) {
    // No WebAssembly: the guide's title, one line saying why, and what the page put inside the element.
    const reason = wasmUnavailable(m.error);
    if (reason) {
      // A compiled guide's title is in its JSON beside it (read without the engine, on this path only).
      const titled = manifest && where ? (await fetchGuide(where.json, limit)).text : text;
      if (stale()) return null;
      const failed = fail(() => t('fallback', { reason: t(reason) }));
      failed.error.fallback = { title: titled == null ? null : titleFromFile(titled, lang) };
      return failed;
    }
    return fail(() => t('errorEngine', { message: errorMessage(m.error) }));
  }

  try {
    if ('Reader' in m) {
      if (!manifest || !where || !bytes) throw new Error('the reader runtime was started without a compiled guide');
      const guide = m.Reader.load(bytes, seed);
      /** @type {Compiled} */
      const compiled = { manifest, url: url.href, files: where.files, json: where.json, loaded: new Set([binLang]), adding: new Set(), upgrade: null };
      return { guide, compiled, base };
    }
    return { guide: m.Guide.load(text ?? '', seed), compiled: null, base };
  } catch (err) {
    if (manifest && where) return fail(() => t('errorCompiled', { src: pathOf(where.files[binLang]), message: errorMessage(err) }));
    const e = /** @type {Partial<import('../types/engine').AgreementGuideError> | null} */ (err);
    const diagnostics = Array.isArray(e?.diagnostics) ? e.diagnostics : [];
    if (diagnostics.length) return fail(() => t(inline != null ? 'inlineInvalid' : 'errorInvalid', { src: shown, count: diagnostics.length }), diagnostics);
    return fail(() => t('errorOther', { message: errorMessage(err) }));
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
 * @param {() => Reader | null} current
 * @returns {Promise<string | null | undefined>}
 */
export async function addLanguageFile(c, lang, limit, current) {
  const href = c?.files[lang];
  if (!c || !href || c.adding.has(lang)) return undefined;
  c.adding.add(lang);
  const answer = await fetchGuide(href, limit, 'bytes');
  const guide = current();
  if (!guide) return undefined;
  c.adding.delete(lang);
  const problem = answer.status ?? (answer.timeout ? 'timeout' : answer.error);
  if (problem) return problem;
  try {
    if (!answer.bytes) return undefined;
    guide.addLanguage(answer.bytes);
    c.loaded.add(lang);
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

/**
 * The full engine for a compiled guide's run, loaded on demand (Explore, the
 * handout): a Guide from the guide's JSON (named by its manifest) with the
 * run's flashpoints, restored from its share token, so nothing changes for
 * the reader. Null when the run moved on meanwhile (`current()` is the run's
 * guide on the reader runtime, or null then).
 * @param {string} json  the guide's JSON address
 * @param {() => Run | null} current
 * @param {number} seed
 * @param {string} lang
 * @param {number} limit
 */
export async function fullEngineFor(json, current, seed, lang, limit) {
  const [m, answer] = await Promise.all([loadCore(), fetchGuide(json, limit)]);
  const now = current();
  if (!now) return null;
  if (answer.text == null) throw new Error(`${pathOf(json)}: ${answer.status ?? (answer.timeout ? 'timeout' : answer.error)}`);
  const guide = m.Guide.load(answer.text, seed);
  try {
    guide.setFlashpoints(now.info(lang).flashpoints.filter((f) => f.on).map((f) => f.id).join(','));
    guide.restore(now.save());
  } catch (err) {
    guide.free();
    throw err;
  }
  return guide;
}
