// Types for <agreement-guide> (www/agreement-guide.js), shipped in the npm
// package. Written by hand and checked against the element in
// tests/e2e/package.test.mjs: every event's detail fields against what the
// element dispatches while a reader plays, and every attribute, property and
// method against custom-elements.json and the element itself.
//
// The values the Rust core sends (views, the guide's info, analysis results, diagnostics) are
// generated from the Rust types into types/contract.d.ts; the two wasm modules' handles are in
// types/engine.d.ts (and pkg/agreement_guide.d.ts, pkg-reader/agreement_guide_reader.d.ts).

export type {
  AgreementGuideWidgetContract,
  View,
  CardView,
  ChoiceView,
  OutcomeOption,
  MeterView,
  OutcomeView,
  HistoryView,
  ProgressView,
  EndingView,
  ImageView,
  Info,
  Source,
  EndingInfo,
  StrategyInfo,
  ActorInfo,
  FlashpointInfo,
  Script,
  Rich,
  Span,
  Marker,
  OddsResult,
  SimulationResult,
  ReachResult,
  WitnessResult,
  MechanismMap,
  MapItem,
  MapLink,
  Tally,
  Diagnostic,
  DiagnosticCode,
  Severity,
  ErrorKind,
} from './types/contract.js';
export type { AgreementGuideError, FullEngineModule, ReaderRuntimeModule, Run } from './types/engine.js';
/** @deprecated Renamed `CardView` (the card on screen; the format's object is a node). */
export type NodeView = import('./types/contract.js').CardView;

/** `agreement-guide-ready`: the guide has loaded (and any share link in the URL is restored). */
export interface AgreementGuideReadyDetail {
  /** The guide's id (its `meta.id`, `Info['id']`). */
  id: string;
  /** Steps taken so far (more than 0 when a share link was restored). */
  step: number;
  /** The run's share token. */
  token: string;
}

/** `agreement-guide-step`: after every step, forward or back, restart or rewind. */
export interface AgreementGuideStepDetail {
  step: number;
  token: string;
}

/** `agreement-guide-choice`: the reader took a choice. */
export interface AgreementGuideChoiceDetail {
  /** The choice's id (`ChoiceView['id']`). */
  choice: string;
  /** In classroom team play, the response the other team picked (the outcome's id). */
  outcome?: string;
  step: number;
  token: string;
}

/** `agreement-guide-complete`: the run reached an ending. */
export interface AgreementGuideCompleteDetail {
  /** The ending's id (`EndingView['id']`). */
  ending: string;
  token: string;
}

/**
 * `agreement-guide-urlchange`: what the element keeps (with `history="replace"`)
 * or would keep (with `history="none"`) in the page's fragment: `#<key>=<token>`,
 * and the strategy lab's settings (`lab` beside the key `ag`, else `<key>.lab`).
 */
export interface AgreementGuideUrlChangeDetail {
  key: string;
  token: string;
  lab: string | null;
}

/** The element's events: all bubble and are composed (they cross shadow roots). */
export interface AgreementGuideEventMap {
  'agreement-guide-ready': CustomEvent<AgreementGuideReadyDetail>;
  'agreement-guide-step': CustomEvent<AgreementGuideStepDetail>;
  'agreement-guide-choice': CustomEvent<AgreementGuideChoiceDetail>;
  'agreement-guide-complete': CustomEvent<AgreementGuideCompleteDetail>;
  'agreement-guide-urlchange': CustomEvent<AgreementGuideUrlChangeDetail>;
}

export declare class AgreementGuideElement extends HTMLElement {
  static observedAttributes: string[];
  /** How long a guide file may take to arrive, in ms (default 20000). */
  static fetchTimeout: number;
  /** Registers the element under `name` once, however often it is called. */
  static define(name?: string): CustomElementConstructor;

  /** The current run's share token ('' before the guide has loaded). */
  readonly token: string;
  // <attributes> generated from www/element/attribute-table.js by scripts/element-api.mjs; edit the table
  /** `src`: the guide: a compiled guide's `<id>.compiled.json` (fast) or its `.json` (full engine), resolved against the page (default: the US–China guide, compiled). */
  src: string;
  /** `seed`: fixes the dice, e.g. for a class that should all see the same run: a whole number ≥ 0 (default: random). */
  seed: string | number | null;
  /** `mode`: `reader` (default) or `classroom`: discussion prompts, team play, a printable worksheet (or the full script) and a hand-in code (see In the classroom). */
  mode: 'reader' | 'classroom';
  /** `flashpoints`: twists to switch on, by id, comma-separated (`flashpoints="new_intrusion"`; the property also takes an array); the guide declares them (default: none). */
  flashpoints: string | string[];
  /** `teams`: in classroom mode, `off` turns team play off (default: on; the property is true when team play is on, and setting it false writes `teams="off"`). */
  teams: boolean;
  /** `heading-level`: level of the guide's title, 1–4 (default 2; cards are one level below). */
  headingLevel: number;
  /** `theme`: `auto` (default: follows the reader's light/dark setting), `light`, `dark` or `high-contrast`; each keeps text contrast ≥ 4.5:1 (read by agreement-guide.css, so not observed). */
  theme: 'auto' | 'light' | 'dark' | 'high-contrast';
  /** `hash-key`: the key of the run's share token in the page's fragment, `#<key>=<token>` (default: `ag` for the first guide on the page, then the guide's id; see Embed it). */
  hashKey: string;
  /** `history`: `replace` (default): keep the run in the page's fragment, leaving the rest of it as it was; `none`: never touch the URL (a host router listens for `agreement-guide-urlchange` and calls `restore(token)`). */
  history: 'replace' | 'none';
  /** `from-query`: take `src`, `lang`, `seed`, `mode`, `flashpoints`, `teams` from the page's query string (what `embed.html` does); such a `src` must be on the same site. */
  fromQuery: boolean;
  // </attributes>

  /** Loads the guide again (a new run). */
  reload(): void;
  /** Takes the choice with this id; false if it is not on offer. */
  choose(id: string): boolean;
  /** Classroom team play: takes a choice with the response a team picked. */
  chooseOutcome(choiceId: string, outcomeId: string): boolean;
  /** Back one step. */
  undo(): boolean;
  /** Back to the state after `step` steps. */
  rewind(step: number): boolean;
  /** Starts again (with `seed` if set). */
  restart(): boolean;
  /** Opens the run a share token describes; false (and a notice) if it does not fit. */
  restore(token: string): boolean;

  addEventListener<K extends keyof AgreementGuideEventMap>(type: K, listener: (this: AgreementGuideElement, ev: AgreementGuideEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: AgreementGuideElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof AgreementGuideEventMap>(type: K, listener: (this: AgreementGuideElement, ev: AgreementGuideEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: AgreementGuideElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/**
 * The widget's own words, by language then string id: those loaded so far. The element carries
 * English on the reader's path; another language's words (`agreement-guide-words-<lang>.js`) and
 * the Explore and classroom parts' words (`agreement-guide-explore.js`, `-classroom.js`, each
 * exporting `WORDS`) are added when an element first needs them.
 */
export declare const STRINGS: Record<string, Record<string, string>>;
/** Each language's name in that language. */
export declare const LANGUAGE_NAMES: Record<string, string>;
/**
 * The element's own files, by the name `AGREEMENT_GUIDE_ASSETS` gives them: the reader runtime
 * (`reader`: pkg-reader/agreement_guide_reader.js, `readerWasm`: its .wasm), the full engine
 * (`core`: pkg/agreement_guide.js, `wasm`: pkg/agreement_guide_bg.wasm), the stylesheet (`css`)
 * and the parts loaded on demand (`explore`: agreement-guide-explore.js, `classroom`:
 * agreement-guide-classroom.js, `words-zh`: agreement-guide-words-zh.js, the widget's words in Chinese).
 */
export type AgreementGuideAssetName = 'reader' | 'readerWasm' | 'core' | 'wasm' | 'css' | 'explore' | 'classroom' | 'words-zh';
/** A page's own addresses for some of the element's files (relative ones against the page). */
export type AgreementGuideAssets = Partial<Record<AgreementGuideAssetName, string | URL>>;
/** Where one of the element's files is: the page's address for it, else beside the element's module (as the host's bundler placed it). */
export declare function assetUrl(name: AgreementGuideAssetName): string;

declare global {
  interface HTMLElementTagNameMap {
    'agreement-guide': AgreementGuideElement;
  }
  /** The events reach `document` and `window` too (they bubble and are composed). */
  interface GlobalEventHandlersEventMap extends AgreementGuideEventMap {}
  /**
   * Set before the first element renders (before the import, or in the module that imports it) to
   * serve the element's files from elsewhere: name → URL (see `AgreementGuideAssetName`). An
   * unknown name is reported on the console and ignored.
   */
  // eslint-disable-next-line no-var
  var AGREEMENT_GUIDE_ASSETS: AgreementGuideAssets | undefined;
}
