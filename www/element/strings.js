// @ts-check
// The widget's own words: STRINGS (by language, then by id), each language's
// name for the switcher, and `Words`, which formats them for one language
// (placeholders, plurals by Intl.PluralRules, numbers, lists). Scenario text
// comes from the core in the reader's language; nothing here holds rules.

import { isolated } from './dom.js';

/**
 * The widget's own words, by language, then by string id (scenario text comes
 * from the core in the reader's language). `{name}` is a placeholder. A
 * missing id falls back to `en`.
 *
 * Only the words of the reader's path in English are in this file (and so in
 * www/agreement-guide.js). Every other table arrives with the file that needs
 * it and is added here (addWords) when that file loads: another language's
 * reader words in a file of their own (./words-zh.js, built into
 * www/agreement-guide-words-zh.js, loaded by engine.js's loadWords when an
 * element shows that language), Explore's and classroom mode's words, in every
 * language, in their parts (./explore-words.js, ./classroom-words.js). A new
 * language is one more words-<code>.js with the same ids, one more entry in
 * scripts/build-element.mjs and engine.js's FILES, and its tables in the two
 * parts' words. So this object holds the languages and parts loaded so far.
 */
/** @type {Record<string, Record<string, string>>} */
export const STRINGS = {
  en: {
    kicker: 'Interactive guide',
    loading: 'Loading the guide…',
    'actor.us': 'United States',
    'actor.china': 'China',
    'actor.both': 'Both governments',
    'actor.narrator': 'Narrator',
    yourMove: 'Your move',
    chance: 'Result drawn by chance',
    unavailable: 'Not available: {reason}',
    youChose: 'You chose: {choice}',
    likelyGiven: '{p} likely given {factors}',
    likely: '{p} likely',
    modelAssumption: 'model assumption',
    cardSources: 'Sources:',
    back: 'Back one step',
    restart: 'Start over',
    playAgain: 'Play again',
    dashboard: 'Where things stand',
    dashboardNote: 'Model assumptions, not data',
    up: 'up {n}',
    down: 'down {n}',
    flagOn: 'switched on',
    flagOff: 'switched off',
    yes: 'Yes',
    no: 'No',
    aboutNumbers: 'About these numbers (model assumptions)',
    trail: 'Your path',
    trailEmpty: 'No steps yet. Your choices will be listed here.',
    trailOutcome: '{outcome} ({p})',
    sources: 'Sources',
    citeLabel: 'Source {n}',
    markerGame: 'Game event',
    markerModel: 'Model assumption',
    backToText: 'Back to the text',
    newTab: '(opens in a new tab)',
    verdict: 'The verdict',
    inReality: 'In reality',
    share: 'Share this run',
    shareHint: 'Anyone who opens this link sees exactly the run you played.',
    copy: 'Copy link',
    copied: 'Link copied.',
    copyManually: 'Link selected: press Ctrl+C (⌘C on a Mac) to copy it.',
    wentBack: 'Went back one step. {heading}',
    restarted: 'Started over. {heading}',
    badLink: 'This shared link could not be opened: {message}. Starting fresh.',
    errorTitle: 'This guide could not be opened',
    'errorInvalid.one': 'The guide file at {src} has 1 problem that must be fixed:',
    'errorInvalid.other': 'The guide file at {src} has {count} problems that must be fixed:',
    errorHttp: 'The guide file at {src} could not be loaded: the server answered {status}.',
    errorNetwork: 'The guide file at {src} could not be reached ({message}).',
    errorTimeout: 'The guide file at {src} did not arrive within {seconds} seconds. Check the connection, then reload the page.',
    errorOrigin: 'Only guides from this site can be opened here; {src} is on another site.',
    'inlineInvalid.one': 'The guide inside this page has 1 problem that must be fixed:',
    'inlineInvalid.other': 'The guide inside this page has {count} problems that must be fixed:',
    errorEngine: 'The guide’s engine could not start ({message}).',
    fallback: 'The interactive part of this guide could not start: {reason}.',
    noWasm: 'this browser has WebAssembly switched off',
    wasmBlocked: 'this page’s security policy does not allow WebAssembly',
    errorOther: 'Something went wrong while opening the guide: {message}',
    errorCompiled: 'The guide file at {src} could not be read ({message}). It may be damaged or cut short; build the guide again.',
    errorLanguage: 'This language could not be loaded ({message}).',
    errorManifestOrigin: 'The compiled guide at {src} names a file on another site, so it is not opened.',
    errorManifestInline: 'This compiled guide came as a data: URL, so the files it names cannot be found: serve it as a file beside them, or name them by full address.',
    errorAnnounce: 'The guide could not be opened.',
    language: 'Language',
    parenthetical: '({text})',
    explore: 'Explore the odds and the map',
    exploreHide: 'Hide the odds and the map',
    exploreLoading: 'Loading…',
    exploreFailed: 'The explore panel could not be loaded ({message}).',
    jumpedBack: 'Went back. {heading}',
    trailDecided: '(picked by a team)',
    flashpointsOn: 'Twists switched on by the teacher',
    badFlashpoints: 'Twists could not be switched on: {message}.',
  },
};

/**
 * Adds a file's words (by language, then id) to STRINGS.
 * @param {Record<string, Record<string, string>>} table
 */
export function addWords(table) {
  for (const [lang, words] of Object.entries(table)) Object.assign((STRINGS[lang] ??= {}), words);
}

/**
 * Each language's name in that language, for the language switcher. A code
 * not listed here is named by `Intl.DisplayNames`, else shown as the code.
 */
/** @type {Record<string, string>} */
export const LANGUAGE_NAMES = {
  ar: 'العربية',
  de: 'Deutsch',
  en: 'English',
  es: 'Español',
  fa: 'فارسی',
  fr: 'Français',
  he: 'עברית',
  ja: '日本語',
  ko: '한국어',
  pt: 'Português',
  ru: 'Русский',
  ur: 'اردو',
  zh: '中文',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};

/**
 * A language's own name: the table above, else the browser's, else the code.
 * @param {string} code
 */
export function languageName(code) {
  const known = /** @type {Record<string, string>} */ (LANGUAGE_NAMES)[code];
  if (known) return known;
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
    if (name) return name;
  } catch {
    // not a valid language tag: show it as it is
  }
  return code;
}

/** Languages written right to left, by primary subtag (when Intl.Locale cannot say). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

/**
 * Whether a language is written right to left.
 * @param {string} code
 */
export function isRtl(code) {
  try {
    // getTextInfo() (textInfo in older engines) is newer than TypeScript's lib.
    const locale = /** @type {Intl.Locale & { getTextInfo?: () => { direction?: string }, textInfo?: { direction?: string } }} */ (new Intl.Locale(code));
    const info = locale.getTextInfo?.() ?? locale.textInfo;
    if (info?.direction) return info.direction === 'rtl';
  } catch {
    // not a valid language tag
  }
  return RTL_LANGUAGES.has(code.toLowerCase().split(/[-_]/)[0]);
}

/**
 * The guide language that best serves a reader who asked for `want`: the
 * same tag, else the same primary language (`zh-CN` → `zh`), else `fallback`.
 * @param {string} want
 * @param {string[]} available
 * @param {string} fallback
 */
export function matchLanguage(want, available, fallback) {
  const primary = (/** @type {string} */ tag) => tag.toLowerCase().split(/[-_]/)[0];
  const w = want.toLowerCase();
  return available.find((l) => l.toLowerCase() === w) ?? available.find((l) => primary(l) === primary(w)) ?? fallback;
}

/** Scripts written without spaces between words (where Intl.Segmenter finds the words). */
const SPACELESS_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

/**
 * The widget's words and formats in one language (the language on screen).
 * Made once per language by the element, so its Intl objects are made once.
 */
export class Words {
  /** @param {string} lang */
  constructor(lang) {
    this.lang = lang;
    /** @type {Map<string, unknown>} */
    this.formats = new Map();
  }

  /**
   * An Intl formatter (or segmenter) for this language, made once.
   * @template T
   * @template O
   * @param {new (lang: string, options: O) => T} Kind
   * @param {O} options
   * @returns {T}
   */
  format(Kind, options) {
    const key = `${Kind.name} ${JSON.stringify(options)}`;
    let f = /** @type {T | undefined} */ (this.formats.get(key));
    if (!f) this.formats.set(key, (f = new Kind(this.lang, options)));
    return f;
  }

  /**
   * A UI string with its `{placeholders}` filled in.
   * @param {string} id
   * @param {Record<string, unknown>} [vars]
   * @param {string} [fallback]
   */
  t(id, vars = {}, fallback = id) {
    return this.template(id, fallback, vars.count).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
  }

  /**
   * A UI string with its `{placeholders}`. A string that depends on a number
   * is written once per plural category of each language (`id.one`,
   * `id.other`; Chinese has only `other`): `count` picks the form by the
   * language's own rules (Intl.PluralRules), `other` when a language lacks that form.
   * @param {string} id
   * @param {string} [fallback]
   * @param {unknown} [count]
   * @returns {string}
   */
  template(id, fallback = id, count = undefined) {
    const lang = this.lang;
    const table = STRINGS[lang] ?? STRINGS[lang.split('-')[0]] ?? STRINGS.en;
    if (`${id}.other` in STRINGS.en) {
      const form = `${id}.${this.format(Intl.PluralRules, {}).select(Number(count))}`;
      return table[form] ?? table[`${id}.other`] ?? STRINGS.en[form] ?? STRINGS.en[`${id}.other`];
    }
    return table[id] ?? STRINGS.en[id] ?? fallback;
  }

  /**
   * Like `t`, as nodes, each placeholder's value (scenario text) in its own
   * <bdi>: right-to-left or direction-override characters in a label cannot
   * reorder the widget's words around it.
   * @param {string} id
   * @param {Record<string, unknown>} vars
   */
  isolated(id, vars) {
    return this.template(id, id, vars.count)
      .split(/(\{\w+\})/)
      .map((part) => {
        const k = part.match(/^\{(\w+)\}$/)?.[1];
        return k ? isolated(String(vars[k] ?? '')) : part;
      })
      .filter((part) => part !== '');
  }

  /** @param {number} p */
  percent(p) {
    return this.format(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(p);
  }

  /** @param {number} n */
  number(n) {
    return this.format(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(n);
  }

  /** @param {string[]} items */
  list(items) {
    return this.format(Intl.ListFormat, { type: 'conjunction' }).format(items);
  }

  /**
   * The last word of a text and the punctuation after it ("agreement.",
   * "投诉。"), or null. Chinese and Japanese put no spaces between words, so
   * the word comes from Intl.Segmenter, not from the last run of non-spaces
   * (which could be a whole sentence that would then never wrap).
   * @param {string} text
   * @returns {string | null}
   */
  lastWord(text) {
    const run = text.match(/\S+$/)?.[0];
    // Text in scripts that space their words needs no segmenter: a word
    // segmenter's first use loads ICU's break dictionaries, which cost more
    // than everything else before the first card (docs/performance.md).
    if (!run || !SPACELESS_SCRIPT.test(run) || typeof Intl.Segmenter !== 'function') return run ?? null;
    const segments = [...this.format(Intl.Segmenter, { granularity: 'word' }).segment(run)];
    let i = segments.length - 1;
    while (i > 0 && !segments[i].isWordLike) i--;
    return run.slice(segments[i].index);
  }
}
