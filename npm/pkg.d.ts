// Types for pkg/agreement_guide.js, the full engine's wasm-bindgen glue (shipped as
// pkg/agreement_guide.d.ts by scripts/npm-package.mjs). The element loads it by itself; a host
// that drives the engine directly gets its handle typed with the views the core sends.
import type { InitInput } from '../types/engine.js';

export { Guide } from '../types/engine.js';
/** Instantiates the module; `module_or_path` defaults to agreement_guide_bg.wasm beside it. */
export default function init(init?: InitInput): Promise<unknown>;
