// The two WebAssembly modules as JavaScript sees them, typed with the generated contract
// (./contract.d.ts). Written by hand: wasm-bindgen's own declarations would type every view as
// `any` (the views cross as JSON values, not wasm-bindgen classes). tests/e2e/contract.test.mjs
// checks that each handle's methods here are exactly those src/wasm.rs and src/wasm_reader.rs
// export. Use from JS with JSDoc:
//   /** @type {import('./types/engine').FullEngineModule} */
//   const core = await import(new URL('./pkg/agreement_guide.js', import.meta.url).href);
import type {
  Diagnostic,
  ErrorKind,
  Info,
  MechanismMap,
  OddsResult,
  ReachResult,
  Script,
  SimulationResult,
  Tally,
  View,
  WitnessResult,
} from './contract.js';

/** What a method of either handle throws when the core refuses (one place: `to_js_error`). */
export interface AgreementGuideError extends Error {
  name: 'AgreementGuideError';
  kind: ErrorKind;
  /** Full engine only: every located problem of an invalid guide (empty for other errors). */
  diagnostics?: Diagnostic[];
}

/** `init` of a wasm-bindgen module (`--target web`): where its `.wasm` is, or its bytes. */
export type InitInput = { module_or_path: URL | string | Response | BufferSource | WebAssembly.Module };

/** A run on the full engine (src/wasm.rs): any guide's JSON, analyses, the tally, the map. */
export declare class Guide {
  private constructor();
  free(): void;
  /** Loads a guide (JSON text or a parsed object); throws with `diagnostics` when it is invalid. */
  static load(scenario: string | object, seed: number): Guide;
  /** Every diagnostic of a full check, errors and warnings (the standards lints as warnings). */
  static check(scenario: string): Diagnostic[];
  view(lang: string): View;
  info(lang: string): Info;
  choose(id: string): void;
  chooseOutcome(choice: string, outcome: string): void;
  setFlashpoints(ids: string): void;
  script(lang: string): Script;
  simulateBatch(first: number, runs: number, strategy: string | null | undefined, seed: number): SimulationResult;
  undo(): void;
  rewind(step: number): void;
  restart(seed?: number | null): void;
  save(): string;
  restore(token: string): void;
  odds(strategy?: string | null): OddsResult;
  simulate(runs: number, strategy: string | null | undefined, seed: number): SimulationResult;
  tally(codes: string): Tally;
  map(): MechanismMap;
  /** A run that arrives at card or ending `id`, or null when none was found. */
  reach(id: string, tries: number): ReachResult | null;
  witnesses(tries: number): WitnessResult[];
}

/** A run on the reader runtime (src/wasm_reader.rs): a compiled guide's language files. */
export declare class Reader {
  private constructor();
  free(): void;
  /** Loads a compiled guide file; throws (`kind: "invalid-compiled"`) when it is not one. */
  static load(bytes: Uint8Array, seed: number): Reader;
  addLanguage(bytes: Uint8Array): void;
  view(lang: string): View;
  info(lang: string): Info;
  choose(id: string): void;
  chooseOutcome(choice: string, outcome: string): void;
  setFlashpoints(ids: string): void;
  undo(): void;
  rewind(step: number): void;
  restart(seed?: number | null): void;
  save(): string;
  restore(token: string): void;
}

/** A run on either module: what the element drives (view, info, choose, undo, save, …). */
export type Run = Guide | Reader;

/** www/pkg/agreement_guide.js, the full engine's glue. */
export interface FullEngineModule {
  default(init?: InitInput): Promise<unknown>;
  Guide: typeof Guide;
}

/** www/pkg-reader/agreement_guide_reader.js, the reader runtime's glue. */
export interface ReaderRuntimeModule {
  default(init?: InitInput): Promise<unknown>;
  Reader: typeof Reader;
}
