// GENERATED FILE — do not edit. Regenerate with `npm run types` (scripts/types.mjs).
// The types of every value the Rust core sends to <agreement-guide>: the views, the guide's
// info and script, analysis results, the tally, the map, diagnostics. Made from the Rust types
// (schemars → www/types/contract.schema.json, `agreement-guide schema --contract`), converted
// by json-schema-to-typescript. An `x: T | null` is always present (null for none);
// an `x?: T` is left out when there is none. Use from JS with JSDoc:
//   /** @typedef {import('./types/contract').View} View */

/**
 * Any value the Rust core sends to the <agreement-guide> widget. Generated from the Rust types by `agreement-guide schema --contract` (npm run types); do not edit.
 */
export type AgreementGuideWidgetContract =
  | View
  | Info
  | Script
  | OddsResult
  | SimulationResult
  | ReachResult
  | WitnessResult
  | MechanismMap
  | Tally
  | Diagnostic
  | ErrorKind;
/**
 * One run of text with its style.
 */
export type Span =
  | {
      kind: 'text';
      /**
       * The characters.
       */
      text: string;
    }
  | {
      kind: 'em';
      /**
       * The characters.
       */
      text: string;
    }
  | {
      kind: 'strong';
      /**
       * The characters.
       */
      text: string;
    }
  | {
      kind: 'link';
      /**
       * The visible text.
       */
      text: string;
      /**
       * The https address.
       */
      href: string;
    }
  | {
      kind: 'cite';
      /**
       * The source key.
       */
      key: string;
    }
  | {
      kind: 'marker';
      /**
       * Which kind of invention.
       */
      marker: Marker;
    };
/**
 * What an invented paragraph's marker says it is.
 */
export type Marker = 'game' | 'model';
/**
 * Parsed text: paragraphs, each a list of spans.
 */
export type Rich = Span[][];
/**
 * How serious a diagnostic is.
 */
export type Severity = 'error' | 'warning';
/**
 * The kind of a problem: a short, stable kebab-case code.
 */
export type DiagnosticCode =
  | 'json-syntax'
  | 'too-large'
  | 'missing-field'
  | 'unknown-field'
  | 'wrong-type'
  | 'compiled'
  | 'bad-id'
  | 'duplicate-id'
  | 'bad-version'
  | 'no-languages'
  | 'bad-language'
  | 'unknown-language'
  | 'missing-translation'
  | 'too-long'
  | 'unsafe-link'
  | 'unsafe-image'
  | 'missing-alt'
  | 'image-size'
  | 'empty-citation'
  | 'unknown-source'
  | 'unknown-actor'
  | 'bad-bounds'
  | 'bad-progress'
  | 'unknown-variable'
  | 'flag-arithmetic'
  | 'expression'
  | 'unknown-flashpoint'
  | 'flashpoint-effect'
  | 'unknown-target'
  | 'bad-start'
  | 'no-nodes'
  | 'no-endings'
  | 'next-and-outcomes'
  | 'no-outcomes'
  | 'no-route'
  | 'no-fallback-route'
  | 'unreachable-route'
  | 'missing-reason'
  | 'unknown-tag'
  | 'no-rules'
  | 'citation-in-choice-label'
  | 'unreachable'
  | 'dead-end'
  | 'zero-weights'
  | 'negative-weight'
  | 'no-way-out'
  | 'never-reached'
  | 'never-available'
  | 'check-incomplete'
  | 'uncited-paragraph'
  | 'unused-source'
  | 'bad-source-date'
  | 'http-address'
  | 'starter-text'
  | 'long-card';
/**
 * What went wrong, for callers that branch on it.
 */
export type ErrorKind =
  | 'invalid-scenario'
  | 'bad-token'
  | 'unknown-choice'
  | 'choice-unavailable'
  | 'finished'
  | 'nothing-to-undo'
  | 'unknown-strategy'
  | 'unknown-flashpoint'
  | 'limit-exceeded'
  | 'invalid-compiled';

/**
 * What to show now.
 */
export interface View {
  /**
   * Steps taken.
   */
  step: number;
  /**
   * The current card, unless the run has ended.
   */
  node: CardView | null;
  /**
   * The choices at the current card.
   */
  choices: ChoiceView[];
  /**
   * Meters and flags, with their change over the last step.
   */
  meters: MeterView[];
  /**
   * The random outcome of the last step, if it had one.
   */
  outcome: OutcomeView | null;
  /**
   * The path taken.
   */
  history: HistoryView[];
  /**
   * Progress, e.g. "Month 6 of 24".
   */
  progress: ProgressView | null;
  /**
   * The ending, once reached.
   */
  ending: EndingView | null;
  /**
   * Whether there is a step to undo.
   */
  canUndo: boolean;
  /**
   * The share token of this run.
   */
  token: string;
}
/**
 * The card on screen: what the reader sees of one of the guide's nodes.
 */
export interface CardView {
  /**
   * Id.
   */
  id: string;
  /**
   * Who acts (actor id).
   */
  actor: string;
  /**
   * Heading.
   */
  heading: Rich;
  /**
   * Body.
   */
  body: Rich;
  /**
   * Keys of the sources the card cites.
   */
  sources: string[];
  /**
   * Discussion prompt.
   */
  prompt: Rich | null;
  /**
   * An image on the card.
   */
  image?: ImageView;
  /**
   * Team play: the side whose team chooses at this card (the first side);
   * none on a narrator's card, which the class reads together.
   */
  turn: string | null;
}
/**
 * An image on a card: its address as the scenario gives it (relative to the
 * scenario file), alt text and caption in the reader's language.
 */
export interface ImageView {
  /**
   * Relative address.
   */
  src: string;
  /**
   * Alt text, plain.
   */
  alt: string;
  /**
   * Caption.
   */
  caption: Rich | null;
  /**
   * Width in pixels, when the guide gives the image's size.
   */
  width: number | null;
  /**
   * Height in pixels, when the guide gives the image's size.
   */
  height: number | null;
}
/**
 * A choice button.
 */
export interface ChoiceView {
  /**
   * Id to send back.
   */
  id: string;
  /**
   * Label.
   */
  label: Rich;
  /**
   * Whether it can be taken now.
   */
  enabled: boolean;
  /**
   * Why not, when disabled.
   */
  reason: Rich | null;
  /**
   * Strategy tags.
   */
  tags: string[];
  /**
   * True when the result is a random draw.
   */
  chance: boolean;
  /**
   * For a random choice: its possible outcomes and how likely each is if
   * taken now (a model assumption). Classroom team play offers these to the
   * other side's team.
   */
  outcomes: OutcomeOption[];
  /**
   * Team play: the side whose team picks this random choice's outcome
   * instead of the dice — the one actor all its outcomes name, when that is
   * a side other than the one choosing. None when the dice decide.
   */
  respondent: string | null;
}
/**
 * A possible outcome of a random choice.
 */
export interface OutcomeOption {
  /**
   * Outcome id (for `choose_outcome`).
   */
  id: string;
  /**
   * Who acts (actor id).
   */
  actor: string | null;
  /**
   * Label.
   */
  label: Rich;
  /**
   * Probability if the choice were taken now; 0 = not possible.
   */
  probability: number;
}
/**
 * A meter or flag.
 */
export interface MeterView {
  /**
   * Id.
   */
  id: string;
  /**
   * Label, plain text.
   */
  label: string;
  /**
   * Explanation, plain text.
   */
  description: string | null;
  /**
   * `"meter"` or `"flag"`.
   */
  kind: 'meter' | 'flag';
  /**
   * Value now.
   */
  value: number;
  /**
   * Lower bound.
   */
  min: number;
  /**
   * Upper bound.
   */
  max: number;
  /**
   * Change over the last step (0 at the start).
   */
  delta: number;
  /**
   * On the dashboard.
   */
  shown: boolean;
}
/**
 * A random outcome that just happened.
 */
export interface OutcomeView {
  /**
   * The choice that led to it, plain text.
   */
  choice: string;
  /**
   * Outcome id.
   */
  id: string;
  /**
   * Who acted (actor id).
   */
  actor: string | null;
  /**
   * Label.
   */
  label: Rich;
  /**
   * What happened.
   */
  text: Rich | null;
  /**
   * Its probability in the state it was drawn in.
   */
  probability: number;
  /**
   * Labels of the variables its weight depended on that the reader can
   * see on the dashboard (hidden bookkeeping flags are never named).
   */
  factors: string[];
  /**
   * Keys of sources it cites.
   */
  sources: string[];
}
/**
 * One step of the path taken.
 */
export interface HistoryView {
  /**
   * Node id.
   */
  node: string;
  /**
   * Who acted (actor id).
   */
  actor: string;
  /**
   * Node heading, plain text.
   */
  heading: string;
  /**
   * Choice id.
   */
  choice: string;
  /**
   * Choice label, plain text.
   */
  choiceLabel: string;
  /**
   * Outcome label, plain text, for random choices.
   */
  outcome: string | null;
  /**
   * Outcome probability.
   */
  probability: number | null;
  /**
   * True when a player decided the outcome (team play).
   */
  decided: boolean;
}
/**
 * Progress through the guide.
 */
export interface ProgressView {
  /**
   * Value now.
   */
  value: number;
  /**
   * Maximum.
   */
  max: number;
  /**
   * "Month 6 of 24".
   */
  label: string;
}
/**
 * An ending: the one reached (in [`View`]) or each in the handout (in [`Script`]).
 */
export interface EndingView {
  /**
   * Id.
   */
  id: string;
  /**
   * Verdict.
   */
  verdict: Rich;
  /**
   * Summary.
   */
  summary: Rich;
  /**
   * In reality.
   */
  reality: Rich;
  /**
   * Keys of sources cited.
   */
  sources: string[];
}
/**
 * What the guide is, in one language.
 */
export interface Info {
  /**
   * Scenario id.
   */
  id: string;
  /**
   * Scenario version.
   */
  version: number;
  /**
   * The language of this view.
   */
  language: string;
  /**
   * Every language the guide declares.
   */
  languages: string[];
  /**
   * Title.
   */
  title: Rich;
  /**
   * One paragraph on the agreement.
   */
  summary: Rich;
  /**
   * What the model invents.
   */
  assumptions: Rich;
  /**
   * Sources, numbered in this order: the order in which the guide first
   * cites them (see [`Guide::script`]'s reading order), then any never cited.
   */
  sources: Source[];
  /**
   * Endings: id and verdict.
   */
  endings: EndingInfo[];
  /**
   * Strategies, `uniform` first.
   */
  strategies: StrategyInfo[];
  /**
   * Actors: id and, when the scenario gives one, a label.
   */
  actors: ActorInfo[];
  /**
   * Team play (classroom mode): the sides, in the scenario's order — every
   * actor but `narrator` and `both` (the two sides together). The first is
   * the reader's side, whose team makes the choices.
   */
  teams: string[];
  /**
   * Flashpoints (teacher-switched twists) and whether each is on.
   */
  flashpoints: FlashpointInfo[];
  /**
   * Warnings from the check (for authors' tools).
   */
  warnings: number;
}
/**
 * A cited source.
 */
export interface Source {
  /**
   * Key used in `[^key]`.
   */
  key: string;
  /**
   * Full citation.
   */
  citation: string;
  /**
   * Address.
   */
  url?: string;
  /**
   * Date.
   */
  date?: string;
  /**
   * The source's own language, when the author gave one.
   */
  lang?: string;
}
/**
 * An ending's name.
 */
export interface EndingInfo {
  /**
   * Id.
   */
  id: string;
  /**
   * Verdict, plain text.
   */
  verdict: string;
}
/**
 * A strategy's name.
 *
 * The first is always the built-in `uniform` (a reader who picks any
 * available choice with equal chance). The guide does not name it and the
 * core writes no words of its own, so its `label` and `description` are
 * empty: the front end names it from its own strings, in the reader's
 * language, by its id.
 */
export interface StrategyInfo {
  /**
   * Id.
   */
  id: string;
  /**
   * Name, plain text (empty for the built-in `uniform`).
   */
  label: string;
  /**
   * Explanation, plain text (empty for `uniform`, or when the guide gives none).
   */
  description: string;
}
/**
 * An actor's name.
 */
export interface ActorInfo {
  /**
   * Id.
   */
  id: string;
  /**
   * Label, plain text, when the scenario declares one.
   */
  label: string | null;
}
/**
 * A flashpoint: a twist a teacher can switch on.
 */
export interface FlashpointInfo {
  /**
   * Id (what `flashpoints="…"` names).
   */
  id: string;
  /**
   * Label, plain text.
   */
  label: string;
  /**
   * What it changes.
   */
  description: Rich | null;
  /**
   * Keys of sources cited.
   */
  sources: string[];
  /**
   * Switched on in this run.
   */
  on: boolean;
}
/**
 * The whole script in reading order, for a printable handout.
 */
export interface Script {
  /**
   * Title.
   */
  title: Rich;
  /**
   * Summary.
   */
  summary: Rich;
  /**
   * Model assumptions.
   */
  assumptions: Rich;
  /**
   * Sources, numbered in this order (as in [`Info::sources`](super::Info::sources)).
   */
  sources: Source[];
  /**
   * Flashpoints.
   */
  flashpoints: FlashpointInfo[];
  /**
   * Every card: breadth-first from the start, choices in order, then any
   * card not reached that way in file order.
   */
  nodes: ScriptCard[];
  /**
   * Every ending, in file order.
   */
  endings: EndingView[];
}
/**
 * A card in the script.
 */
export interface ScriptCard {
  /**
   * Id.
   */
  id: string;
  /**
   * Who acts.
   */
  actor: string;
  /**
   * Heading.
   */
  heading: Rich;
  /**
   * Body.
   */
  body: Rich;
  /**
   * Keys of sources cited.
   */
  sources: string[];
  /**
   * Discussion prompt.
   */
  prompt: Rich | null;
  /**
   * Its choices.
   */
  choices: ScriptChoice[];
}
/**
 * A choice in the script.
 */
export interface ScriptChoice {
  /**
   * Id.
   */
  id: string;
  /**
   * Label.
   */
  label: Rich;
  /**
   * When it is not always available: the reason shown when it is not.
   */
  unmet: Rich | null;
  /**
   * The flashpoint it needs, if any (id).
   */
  flashpoint: string | null;
  /**
   * Where it can lead (node or ending ids), for a fixed destination.
   */
  next: string[];
  /**
   * Its possible outcomes, for a random choice.
   */
  outcomes: ScriptOutcome[];
}
/**
 * An outcome in the script.
 */
export interface ScriptOutcome {
  /**
   * Id.
   */
  id: string;
  /**
   * Who acts.
   */
  actor: string | null;
  /**
   * Label.
   */
  label: Rich;
  /**
   * What happens.
   */
  text: Rich | null;
  /**
   * Keys of sources cited.
   */
  sources: string[];
  /**
   * Where it can lead (node or ending ids).
   */
  next: string[];
}
/**
 * Exact odds of each ending from here (`Guide.odds`).
 */
export interface OddsResult {
  /**
   * Probability of each ending, by ending id, in the guide's ending order.
   */
  endings: {
    [k: string]: number | undefined;
  };
  /**
   * False when the state graph has a cycle and the odds were iterated.
   */
  exact: boolean;
  /**
   * How many states were explored.
   */
  states: number;
}
/**
 * Simulated playthroughs from the start (`Guide.simulate`, `Guide.simulateBatch`).
 */
export interface SimulationResult {
  /**
   * Runs made.
   */
  runs: number;
  /**
   * Steps taken in all runs.
   */
  steps: number;
  /**
   * Runs cut off before an ending (only cyclic guides have any).
   */
  unfinished: number;
  /**
   * The seed.
   */
  seed: number;
  /**
   * Runs that ended at each ending, by ending id, in the guide's ending order.
   */
  endings: {
    [k: string]: number | undefined;
  };
}
/**
 * A run that arrives at a card or ending (`Guide.reach`; `null` when none was found).
 */
export interface ReachResult {
  /**
   * The guide seed to start with.
   */
  seed: number;
  /**
   * Choice ids to take, in order.
   */
  choices: string[];
}
/**
 * For one ending, a run that reaches it, or nulls when none was found
 * (`Guide.witnesses` returns one per ending, in the guide's order).
 */
export interface WitnessResult {
  /**
   * Ending id.
   */
  ending: string;
  /**
   * The guide seed to start with.
   */
  seed: number | null;
  /**
   * Choice ids to take, in order.
   */
  choices: string[] | null;
}
/**
 * The laid-out map.
 */
export interface MechanismMap {
  /**
   * Cards, then endings, in file order.
   */
  items: MapItem[];
  /**
   * Arrows.
   */
  links: MapLink[];
  /**
   * Number of layers.
   */
  layers: number;
  /**
   * Slots in the widest layer.
   */
  width: number;
}
/**
 * One box on the map.
 */
export interface MapItem {
  /**
   * Node or ending id.
   */
  id: string;
  /**
   * `"node"` or `"ending"`.
   */
  kind: 'node' | 'ending';
  /**
   * Actor id (nodes only).
   */
  actor: string | null;
  /**
   * Layer (0 = start).
   */
  layer: number;
  /**
   * Horizontal centre, in slots; layers are centred on 0.
   */
  x: number;
  /**
   * Vertical position: the layer.
   */
  y: number;
  /**
   * True when no arrow reaches it: it is behind a flashpoint that is off
   * (or unreachable, in an unchecked scenario). It has no arrows and sits
   * in a row of its own, `layer == layers`; a front end leaves it out.
   */
  dormant: boolean;
}
/**
 * One arrow: every choice or outcome from `from` that can lead to `to`.
 */
export interface MapLink {
  /**
   * Index of the source item.
   */
  from: number;
  /**
   * Index of the target item.
   */
  to: number;
  /**
   * Ids of the choices whose routes or outcomes lead here.
   */
  choices: string[];
  /**
   * True when some of them are random outcomes.
   */
  chance: boolean;
  /**
   * True when the arrow goes back up to an earlier layer (a loop).
   */
  back: boolean;
}
/**
 * The tally.
 */
export interface Tally {
  /**
   * Codes counted.
   */
  runs: number;
  /**
   * Counted runs that reached an ending.
   */
  finished: number;
  /**
   * Runs per ending, in scenario order: (ending id, count).
   */
  endings: [string, number][];
  /**
   * Choices taken, in scenario order of nodes and choices; only those taken.
   */
  choices: ChoiceCount[];
  /**
   * Codes skipped, with the reason.
   */
  rejected: Rejected[];
}
/**
 * How often one choice was taken at one card.
 */
export interface ChoiceCount {
  /**
   * Node id.
   */
  node: string;
  /**
   * Choice id.
   */
  choice: string;
  /**
   * Times taken, over all codes.
   */
  count: number;
}
/**
 * A code that could not be counted.
 */
export interface Rejected {
  /**
   * 1-based position of the code in the list.
   */
  line: number;
  /**
   * The code as given (shortened if very long).
   */
  code: string;
  /**
   * Why.
   */
  reason: string;
}
/**
 * One problem found in a scenario, with where it is.
 */
export interface Diagnostic {
  /**
   * Error or warning.
   */
  severity: Severity;
  /**
   * A short, stable name for the kind of problem (`unknown-node`, `json-syntax`, …).
   */
  code: DiagnosticCode;
  /**
   * Where in the file: a path such as `nodes[4].choices[1].next`.
   */
  location: string;
  /**
   * 1-based line in the source text, when known.
   */
  line?: number;
  /**
   * 1-based column in the source text, when known.
   */
  column?: number;
  /**
   * What is wrong, in plain words.
   */
  message: string;
  /**
   * How to fix it, when there is an obvious fix (`did you mean "sanctions"?`).
   */
  suggestion?: string;
}
