// @ts-check
// The one loader of a wasm-bindgen module (glue + .wasm): the element's two
// (engine.js: the reader runtime and the full engine, at the addresses
// assetUrl gives) and the author and tally pages' full engine (beside them).

/** @typedef {import('../types/engine').InitInput} InitInput */
/** @typedef {import('../types/engine').FullEngineModule} FullEngineModule */
/** @typedef {import('../types/engine').ReaderRuntimeModule} ReaderRuntimeModule */
/** @typedef {{ default(init?: InitInput): Promise<unknown> }} WasmModule */

/**
 * `import()` of an address known only at run time. The comments tell webpack
 * and Vite to leave it to the browser (the address is already the bundled
 * file's); scripts/build-element.mjs puts them back after minifying, which
 * drops them, and checks that each one is there.
 * @param {string} url
 * @returns {Promise<unknown>}
 */
export const importUrl = (url) => import(/* webpackIgnore: true */ /* @vite-ignore */ url);

/** Glue address → its load, shared by every caller on the page. @type {Map<string, Promise<WasmModule>>} */
const loads = new Map();

/**
 * One page-wide load of a wasm module: the glue at `moduleUrl`, initialised
 * with the binary at `wasmUrl`. The wasm download starts now, beside the
 * glue's, not after it: one round trip fewer before the first card (the glue
 * compiles it as it streams in). A data: URL (single-file bundle, or a bundler
 * that inlined it) is handed over as is. A failed load is forgotten, so a later
 * call tries again.
 * @template {WasmModule} M  the glue's type (www/types/engine.d.ts)
 * @param {string} moduleUrl
 * @param {string} wasmUrl
 * @returns {Promise<M>}
 */
export function loadWasm(moduleUrl, wasmUrl) {
  const loaded = loads.get(moduleUrl);
  if (loaded) return /** @type {Promise<M>} */ (loaded);
  // No WebAssembly (switched off, or a locked-down browser): nothing to download.
  if (typeof WebAssembly !== 'object') return Promise.reject(new Error('WebAssembly is not available'));
  const wasm = wasmUrl.startsWith('data:') ? wasmUrl : fetch(wasmUrl, { credentials: 'same-origin' });
  if (typeof wasm !== 'string') wasm.catch(() => {}); // reported through the glue below, not as an unhandled rejection
  // The page's first Intl object initialises ICU (tens of ms): do it while the network works.
  setTimeout(() => new Intl.NumberFormat().format(1), 0);
  const load = importUrl(moduleUrl)
    .then(async (m) => {
      const glue = /** @type {M} */ (m);
      await glue.default({ module_or_path: wasm });
      return glue;
    })
    .catch((err) => {
      loads.delete(moduleUrl); // let a later call try again
      throw err;
    });
  loads.set(moduleUrl, load);
  return load;
}

/**
 * The full engine in the site's pkg/ (`<base>/pkg/`), for the pages
 * that are not the element (the author page, the tally page).
 * @param {string} base  the URL of the folder that holds pkg/ (www/; from a page's folder, `new URL('../', import.meta.url)`)
 * @returns {Promise<FullEngineModule>}
 */
export const loadFullEngineBeside = (base) => loadWasm(new URL('./pkg/agreement_guide.js', base).href, new URL('./pkg/agreement_guide_bg.wasm', base).href);
