// Types for pkg-reader/agreement_guide_reader.js, the reader runtime's wasm-bindgen glue
// (shipped as pkg-reader/agreement_guide_reader.d.ts by scripts/npm-package.mjs).
import type { InitInput } from '../types/engine.js';

export { Reader } from '../types/engine.js';
/** Instantiates the module; `module_or_path` defaults to agreement_guide_reader_bg.wasm beside it. */
export default function init(init?: InitInput): Promise<unknown>;
