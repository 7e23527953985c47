// @ts-check
// The <agreement-guide> element: attributes and properties, lifecycle, loading
// a guide (./engine.js), the run (choose, undo, restart, rewind, restore),
// the share link in the page's fragment (./share.js), clicks, focus and
// announcements. What it draws comes from ./render.js (and, in classroom mode,
// ./classroom.js; the Explore panel is ./explore.js), both loaded on demand.
//
// It renders what the Rust core says and holds no rules of its own: it asks
// the core for a view, draws it, sends the reader's choice back by id and
// draws the next view. Scenario text reaches the DOM only as text nodes.

import { GuideAttributes, param } from './attributes.js';
import { ENTRIES, OBSERVED } from './attribute-table.js';
import { copyField, el, reducedMotion } from './dom.js';
import { errorMessage } from './text.js';
import { ExploreHost } from './explore-host.js';
import { Words, matchLanguage } from './strings.js';
import { addLanguageFile, fullEngineFor, hasWords, loadClassroom, loadWords, openGuide, stylesheetUrl } from './engine.js';
import { keyFor, labKey, readFragment, replaceFragment, shareUrl } from './share.js';
import { announcement, buildSkeleton, cardSources, focusKey, inline, renderShell, renderView, rich } from './render.js';
import { carriedManifest, takeover } from './prerender.js'; // the first card in the page's HTML

/** @typedef {import('../types/contract').View} View */
/** @typedef {import('../types/contract').Info} Info */
/** @typedef {import('../types/contract').CardView} CardView */
/** @typedef {import('../types/contract').ChoiceView} ChoiceView */
/** @typedef {import('../types/engine').Run} Run */
/** @typedef {import('../types/engine').Guide} Guide */
/** @typedef {import('../types/engine').Reader} Reader */
/** @typedef {import('./render.js').RenderContext} RenderContext */
/** @typedef {import('./render.js').Skeleton} Skeleton */
/** @typedef {import('./render.js').ShownError} ShownError */
/** @typedef {import('./engine.js').Compiled} Compiled */
/** @typedef {typeof import('./classroom.js')} ClassroomModule */
/** @typedef {'idle' | 'loading' | 'error' | 'ready'} Phase */
/** @typedef {'worksheet' | 'script'} PrintKind */

/**
 * A value the element's code needs there (a loaded guide, the skeleton); a throw is a bug here.
 * @template T
 * @param {T | null} value
 * @returns {T}
 */
function must(value) {
  if (value == null) throw new Error('agreement-guide: called before the guide loaded');
  return value;
}

/** A seed when the page gives none: a random unsigned 32-bit number. */
function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * Parses a seed attribute: a whole number ≥ 0, or null.
 * @param {string | null} value
 */
function parseSeed(value) {
  if (value == null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** @typedef {import('./attribute-table.js').Reaction} Reaction */

/** Observed attribute → what its change does. */
const REACTION_OF = new Map(ENTRIES.flatMap(([, spec]) => (spec.on ? [/** @type {[string, Reaction]} */ ([spec.attribute, spec.on])] : [])));

export class AgreementGuideElement extends GuideAttributes {
  /** The table's observed attributes (attribute-table.js); a change runs the entry's reaction below. */
  static observedAttributes = OBSERVED;

  /**
   * How long a guide file may take to arrive, in ms, before the element gives
   * up with a message instead of "Loading…" for ever (a stalled server or a
   * response that never completes). A page may change it before loading.
   */
  static fetchTimeout = 20_000;

  /** Registers the element once, however many times the script is included. */
  static define(name = 'agreement-guide') {
    if (!customElements.get(name)) customElements.define(name, this);
    return customElements.get(name);
  }

  /** @type {ShadowRoot} */
  #shadow;
  /** @type {Skeleton | null} the skeleton's live nodes, built once per heading level */
  #els = null;
  /** @type {((phase: string) => void) | null} the page's pre-rendered card while loading (prerender.js) */
  #takeover = null;
  /** @type {Run | null} the core's handle for this run (a Guide on the full engine, a Reader on the reader runtime) */
  #guide = null;
  /** @type {Info | null} what the guide is (in #lang) */
  #info = null;
  /** @type {View | null} what to show now (in #lang) */
  #view = null;
  /** @type {Phase} */
  #phase = 'idle';
  /** @type {ShownError | null} when #phase is 'error' */
  #error = null;
  /** @type {string | null} a message shown above the card (bad share link) */
  #notice = null;
  #loadId = 0; // discards a stale load when src changes mid-flight
  #pending = false; // a render is queued in a microtask
  #dirty = { shell: false, view: false };
  /** @type {(() => void)[]} focus, announcements and events, run after the next render */
  #after = [];
  /** @type {HTMLElement | null} the citation marker a reader jumped from */
  #returnTo = null;
  #idCount = 0;
  #connected = false;
  /** @type {string | null} */
  #langCache = null;
  /** @type {string | null} a `lang` attribute set while connected */
  #langSet = null;
  /** @type {Map<string, Words>} by language, so each language's Intl objects are made once */
  #words = new Map();
  #urlTimer = 0;
  /** @type {string | null} this run's key in the page's fragment (see `hashKey`), set when the guide loads */
  #key = null;
  /** @type {string | null} what a card image's relative address is resolved against: the scenario file, or the page */
  #base = null;
  // Explore panel and classroom mode (see "explore and classroom" below)
  #explore = new ExploreHost({
    els: () => this.#els,
    render: () => this.#context(),
    guide: () => this.#guide,
    loadId: () => this.#loadId,
    fullEngine: () => this.#fullEngine(),
    rewind: (step) => this.rewind(step),
    lab: () => this.#lab,
    onLab: (lab) => {
      this.#lab = lab;
      this.#syncUrl();
      const share = /** @type {HTMLInputElement | null | undefined} */ (this.#els?.stage.querySelector('input[data-share-url]'));
      if (share) share.value = this.#shareUrl();
    },
  });
  /** @type {string | null} the strategy lab's settings for the share link ('seed.runs.a,b') */
  #lab = null;
  /** @type {string | null} team play: the choice whose response the other team is picking */
  #pendingChoice = null;
  /** @type {Compiled | null} a compiled guide on the reader runtime; null on the full engine */
  #compiled = null;
  /** @type {ClassroomModule | null} classroom mode's module (./classroom.js), once loaded */
  #classroom = null;
  /** @type {PrintKind | null} what a Print button asked for, until that print is done */
  #printKind = null;
  #printed = ''; // what the handout holds: kind, language and load, so a print does not lay it out twice
  /** @type {RenderContext | null} the render context (see #context) */
  #ctx = null;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
  }

  // Each of these is called only where its value must be there (a guide loaded, the skeleton
  // built): a throw there is a bug in this file, not something a page can cause.
  /** The run's handle. */
  #run() {
    return must(this.#guide);
  }

  /** What is on screen. */
  #shown() {
    return must(this.#view);
  }

  /** What the guide is. */
  #guideInfo() {
    return must(this.#info);
  }

  /** The skeleton's nodes. */
  #nodes() {
    return must(this.#els);
  }

  /** The share token of the current run ('' before the guide has loaded). */
  get token() {
    return this.#view?.token ?? '';
  }

  /**
   * The key under which this run's share token sits in the page's fragment
   * (`#<key>=<token>`). The `hash-key` attribute if set; else `ag` for the
   * first guide on the page (so links made when a page had one guide keep
   * working); else the guide's id (`wto-disputes`); else, for a second element
   * showing the same guide file, the guide's id and the element's `id`
   * attribute (`us-china-2015:explainer`) or, without one, its place among
   * the elements showing that file (`us-china-2015:3` for the third). '' before the guide
   * has loaded, unless `hash-key` is set.
   */
  get hashKey() {
    return this.#key ?? this.#givenKey() ?? '';
  }
  set hashKey(v) {
    if (v == null || v === '') this.removeAttribute('hash-key');
    else this.setAttribute('hash-key', String(v));
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────
  connectedCallback() {
    this.#connected = true;
    this.#shadow.addEventListener('click', this.#onClick);
    this.#shadow.addEventListener('focusin', this.#onFocusIn);
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener('beforeprint', this.#onBeforePrint);
    window.addEventListener('afterprint', this.#onAfterPrint);
    if (!this.#els) this.#build();
    if (this.#phase === 'idle') this.#load();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#shadow.removeEventListener('click', this.#onClick);
    this.#shadow.removeEventListener('focusin', this.#onFocusIn);
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener('beforeprint', this.#onBeforePrint);
    window.removeEventListener('afterprint', this.#onAfterPrint);
  }

  /**
   * @param {string} name
   * @param {string | null} oldValue
   * @param {string | null} newValue
   */
  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#connected) return;
    const spec = REACTION_OF.get(name);
    if (spec) this.#reactions[spec](newValue);
  }

  /**
   * What each reaction in the attribute table does (see `Reaction` there).
   * @type {Record<Reaction, (value: string | null) => void>}
   */
  #reactions = {
    load: () => this.#load(),
    language: (value) => {
      // Set after the start (by the page or the switcher), `lang` wins over a query's.
      this.#langSet = value || null;
      this.#relanguage();
    },
    seed: () => {
      if (this.#guide) {
        this.#run().restart(this.#seed());
        this.#readView();
        this.#invalidate('view');
      }
    },
    mode: () => {
      if (this.mode === 'classroom') {
        if (this.#guide) this.#fullEngine().catch(() => {});
        this.#loadClassroom().catch(() => {});
      }
      this.#reactions.redraw(null);
    },
    redraw: () => {
      this.#pendingChoice = null;
      this.#invalidate('shell', 'view');
    },
    flashpoints: () => {
      if (this.#guide) {
        this.#applyFlashpoints();
        this.#readGuide();
        this.#stepped('restarted');
      }
    },
    shell: () => {
      this.#build();
      this.#invalidate('shell', 'view');
    },
    key: () => {
      if (this.#guide) {
        // The run moves to its new key: the old one leaves the URL.
        const old = this.#key;
        this.#key = keyFor(this, this.#givenKey(), this.#guideInfo().id);
        if (old != null && old !== this.#key && this.history === 'replace') replaceFragment({ [old]: null, [labKey(old)]: null });
        this.#syncUrl();
      }
    },
    none: () => {},
  };

  // ── public actions (also what the buttons do) ────────────────────────────
  /** Loads the guide again from `src` or the inline script (e.g. after a page edited it); starts a new run. */
  reload() {
    if (this.#connected) this.#load({ fresh: true });
  }

  /**
   * Takes the choice with this id, as if its button were pressed.
   * @param {string} id
   */
  choose(id) {
    const choice = this.#view?.choices.find((c) => c.id === id);
    if (!choice || !choice.enabled) return false;
    this.#run().choose(id);
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped();
    const { token, step, ending } = this.#shown();
    this.#after.push(() => {
      this.#emit('agreement-guide-choice', { choice: id, step, token });
      if (ending) this.#emit('agreement-guide-complete', { ending: ending.id, token });
    });
    return true;
  }

  /** Undoes the last step. */
  undo() {
    if (!this.#view?.canUndo) return false;
    this.#run().undo();
    this.#pendingChoice = null;
    this.#readView();
    this.#stepped('wentBack');
    return true;
  }

  /**
   * Opens the run a share token describes (what a host router kept from an
   * `agreement-guide-urlchange` event). Returns false, with the element's
   * notice shown, when the token does not fit this guide.
   * @param {string} token
   */
  restore(token) {
    if (!this.#guide || typeof token !== 'string' || !token) return false;
    return this.#restoreFromOutside(token);
  }

  /** Starts again: with the `seed` attribute if there is one, else a new random seed. */
  restart() {
    if (!this.#guide) return false;
    this.#run().restart(this.#seed());
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped('restarted');
    return true;
  }

  // ── loading ───────────────────────────────────────────────────────────────
  /**
   * An attribute, or with `from-query` the page's query parameter of that name.
   * @param {string} name
   */
  #param(name) {
    return param(this, name);
  }

  /** The `seed` attribute (or query parameter), else a fresh random seed. */
  #seed() {
    return parseSeed(this.#param('seed')) ?? randomSeed();
  }

  /** The language the reader asked for: `lang` here or on an ancestor, else English (cached until it changes). */
  #lang() {
    this.#langCache ??= this.#langSet || this.#param('lang') || this.closest('[lang]')?.getAttribute('lang') || 'en';
    return this.#langCache;
  }

  /**
   * The language on screen: the guide's language nearest to the reader's
   * once the guide is loaded (so its text and the widget's words agree),
   * else the one asked for.
   */
  #shownLang() {
    return this.#info?.language ?? this.#lang();
  }

  /** The widget's words and formats in the language on screen (made once per language). */
  #w() {
    const lang = this.#shownLang();
    let w = this.#words.get(lang);
    if (!w) this.#words.set(lang, (w = new Words(lang)));
    return w;
  }

  /**
   * The widget's words in the language on screen (strings.js).
   * @param {string} id
   * @param {Record<string, unknown>} [vars]
   * @param {string} [fallback]
   */
  #t(id, vars = {}, fallback = id) {
    return this.#w().t(id, vars, fallback);
  }

  /**
   * Shows the same run in the language now asked for (the `lang` attribute
   * changed, or the reader picked one): nothing restarts, and focus stays on
   * what had it, or on its counterpart in the redrawn card.
   */
  #relanguage() {
    this.#langCache = null;
    const focus = focusKey(this.#els, this.#shadow.activeElement);
    this.#readGuide();
    this.#invalidate('shell', 'view');
    if (focus) this.#after.push(() => this.#refocus(focus));
  }

  /**
   * The reader's pick in the language switcher: the element's `lang` follows.
   * @param {string | undefined} code
   */
  #switchLanguage(code) {
    if (!code) return;
    if (!this.#guide || code === this.#info?.language) return;
    if (this.fromQuery) {
      // The page's query configures this element: keep it (and so the share link) in step.
      const url = new URL(location.href);
      url.searchParams.set('lang', code);
      history.replaceState(history.state, '', url.href);
    }
    this.setAttribute('lang', code); // attributeChangedCallback redraws, synchronously
    if (this.#info?.language !== code) {
      this.#langSet = code; // the attribute already said so
      this.#relanguage();
    }
  }

  /** @param {string | null} selector */
  #refocus(selector) {
    if (this.#shadow.activeElement?.isConnected || !selector) return;
    this.#focusIn(this.#nodes().stage, selector, { preventScroll: true });
  }

  /**
   * Loads the guide (`src`, else the inline guide) and starts a run: what the element does when it
   * connects, when `src` changes and on `reload()`. The one way a guide gets on screen.
   */
  async #load({ fresh = false } = {}) {
    const id = ++this.#loadId;
    this.#key = null;
    this.#langCache = null;
    this.#explore.close();
    this.#guide?.free();
    this.#guide = this.#info = this.#view = this.#compiled = null;
    this.#notice = null;
    this.#pendingChoice = null;
    this.#phase = 'loading';
    this.#invalidate('shell', 'view');

    // Children appended right after the element (by a script) count as its inline guide.
    await null;
    // Defined before the page has arrived (an async or injected script): the parser may not
    // have reached the inline guide yet, or only part of it. Without a src, wait for the page.
    if (!this.#param('src') && document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    if (id !== this.#loadId) return;
    const src = this.#param('src');
    const classroom = this.mode === 'classroom';
    // The widget's words in the reader's language (English is in this file), beside the guide.
    const words = loadWords(this.#lang());
    words.then(() => {
      if (id === this.#loadId && this.#phase === 'loading') this.#invalidate('shell'); // "Loading…" in them
    });
    // Classroom mode's parts arrive beside the guide, so its first card is whole.
    /** @type {Promise<import('./engine.js').Failed | null> | null} */
    const parts = classroom ? this.#loadClassroom().then(() => null, (err) => ({ error: { message: () => this.#t('errorEngine', { message: errorMessage(err) }), diagnostics: [] } })) : null;
    const w = this.#w();
    let opened = await openGuide({
      src,
      inline: src ? null : this.#inlineScenario(),
      classroom,
      fromQuery: this.fromQuery,
      fresh,
      lang: this.#lang(),
      seed: this.#seed(),
      limit: AgreementGuideElement.fetchTimeout,
      t: (tid, vars) => w.t(tid, vars),
      number: (n) => w.number(n),
      stale: () => id !== this.#loadId,
      carried: (href) => carriedManifest(this, href),
    }).catch((err) => ({ error: { message: () => w.t('errorOther', { message: errorMessage(err) }), diagnostics: [] } })); // never left on "Loading…"
    if (opened && !('error' in opened) && parts) opened = (await parts) ?? opened;
    await words;
    if (id !== this.#loadId || !opened) {
      if (opened && 'guide' in opened) opened.guide?.free();
      return;
    }
    if ('error' in opened) {
      this.#phase = 'error';
      this.#error = { ...opened.error, message: opened.error.message() };
      this.#invalidate('shell', 'view');
      this.#after.push(() => this.#announce(this.#t('errorAnnounce')));
      return;
    }
    ({ guide: this.#guide, compiled: this.#compiled, base: this.#base } = opened);

    this.#applyFlashpoints();
    this.#readGuide();
    this.#key = keyFor(this, this.#givenKey(), this.#guideInfo().id);
    // Only this element's own part of the fragment: other guides' runs and the page's anchors are not ours.
    const shared = readFragment(location.hash, this.#key);
    if (shared) {
      this.#restore(shared);
      this.#readView();
    }
    this.#phase = 'ready';
    this.#invalidate('shell', 'view');
    this.#lab = readFragment(location.hash, labKey(this.#key)) || null;
    this.#after.push(() => {
      if (this.#lab) this.#explore.toggle(true, { runLab: true });
      if (this.#notice) this.#announce(this.#notice);
      this.#emit('agreement-guide-ready', { id: this.#guideInfo().id, step: this.#shown().step, token: this.#shown().token });
    });
  }

  /** Classroom mode's module, once per page; the view is redrawn with it when it arrives after the first draw. */
  #loadClassroom() {
    if (this.#classroom) return Promise.resolve(this.#classroom);
    return loadClassroom().then((m) => {
      if (!this.#classroom) {
        this.#classroom = m;
        if (this.#phase === 'ready') this.#invalidate('shell', 'view'); // its Print buttons and words too
      }
      return m;
    });
  }

  /**
   * The guide written inside the element, for pages that cannot host a JSON
   * file: `<agreement-guide><script type="application/json">{…}</script></agreement-guide>`.
   * A `src` wins over it.
   */
  #inlineScenario() {
    const script = [...this.children].find((c) => c instanceof HTMLScriptElement && c.type.trim().toLowerCase() === 'application/json');
    return script ? script.textContent : null;
  }

  /**
   * Restores a shared run; a link that does not fit leaves a notice and a fresh start.
   * @param {string} token
   */
  #restore(token) {
    try {
      this.#run().restore(token);
      this.#notice = null;
      // A token carries the flashpoints it was played with: the guide's description follows.
      if (this.#info) this.#info = this.#run().info(this.#guideInfo().language);
      return true;
    } catch (err) {
      this.#notice = this.#t('badLink', { message: errorMessage(err).replace(/[.\s]+$/, '') });
      clearTimeout(this.#urlTimer); // a step's pending URL update must not bring a token back
      this.#urlTimer = 0;
      // The bad token leaves the URL; the page's own parts and other guides' runs stay.
      const key = this.#key;
      if (key != null && this.history === 'replace') replaceFragment({ [key]: null, [labKey(key)]: null });
      this.#run().restart(this.#seed());
      return false;
    }
  }

  /** Re-reads what the guide is (title, sources, …) and what to show now, in the reader's language. */
  #readGuide() {
    this.#langCache = null;
    if (!this.#guide) return;
    const want = this.#lang();
    let info = this.#run().info(want);
    let best = matchLanguage(want, info.languages, info.language);
    const loaded = this.#compiled?.loaded;
    if ((loaded && !loaded.has(best)) || !hasWords(best)) {
      // The reader runtime has this language's text once its file arrives, and the widget its words
      // once theirs has: until then, the one on screen (on the first read, the guide's).
      this.#addLanguage(best);
      const now = this.#info?.language;
      if (now != null && (!loaded || loaded.has(now))) best = now;
      else if (loaded && !loaded.has(best)) best = [...loaded][0];
    }
    if (best !== info.language) info = this.#run().info(best);
    this.#info = info;
    this.#readView();
  }

  /**
   * Fetches another language's compiled file and adds it to the run (which goes on where it
   * is), then shows it if it is still the one asked for.
   * @param {string} lang
   */
  async #addLanguage(lang) {
    const c = this.#compiled;
    const loadId = this.#loadId;
    // A compiled guide's run is on the reader runtime (#compiled is null once it moves to the full engine).
    const file = c && !c.loaded.has(lang) ? addLanguageFile(c, lang, AgreementGuideElement.fetchTimeout, () => (c && c === this.#compiled ? /** @type {Reader | null} */ (this.#guide) : null)) : null;
    const [problem] = await Promise.all([file, loadWords(lang)]);
    if (problem === undefined || loadId !== this.#loadId || (c && c !== this.#compiled)) return;
    if (problem) {
      const notice = this.#t('errorLanguage', { message: String(problem).replace(/[.\s]+$/, '') });
      this.#notice = notice;
      this.#invalidate('view');
      this.#after.push(() => this.#announce(notice));
      return;
    }
    this.#relanguage();
  }

  /**
   * The full engine for this run, loaded on demand (Explore, the handout): a compiled guide's run
   * moves onto the full engine with the guide's JSON (named by its manifest), restored from its
   * share token so nothing changes for the reader. Resolves when `#guide` is a full engine Guide.
   */
  #fullEngine() {
    const c = this.#compiled;
    if (!c) return Promise.resolve();
    const current = () => (c === this.#compiled ? this.#guide : null);
    c.upgrade ??= fullEngineFor(c.json, current, this.#seed(), this.#shownLang(), AgreementGuideElement.fetchTimeout).then((guide) => {
      if (!guide) return;
      this.#run().free();
      this.#guide = guide;
      this.#compiled = null;
    });
    c.upgrade.catch(() => {
      if (c.upgrade && c === this.#compiled) c.upgrade = null; // a later need tries again
    });
    return c.upgrade;
  }

  /** Re-reads what to show now: after every step. */
  #readView() {
    this.#view = this.#run().view(this.#shownLang());
  }

  /**
   * After the reader moved: share link, focus on the new heading, one announcement.
   * @param {string} [what]  the announcement's string id (`restarted`, `wentBack`…), else the heading alone
   */
  #stepped(what) {
    this.#syncUrl();
    this.#invalidate('view');
    const { step, token } = this.#shown();
    this.#after.push(() => {
      // Every step, forward or back: what a host page needs to keep a deep link current.
      this.#emit('agreement-guide-step', { step, token });
      this.#focusIn(this.#nodes().stage, '[data-focus-target]', { preventScroll: false });
      const text = announcement(this.#context());
      this.#announce(what ? this.#t(what, { heading: text }) : text);
    });
  }

  /** The `hash-key` attribute, if set (surrounding spaces ignored). */
  #givenKey() {
    return this.getAttribute('hash-key')?.trim() || null;
  }

  /** This page's URL with the run's token under this element's key (the page's other parts kept): the share link. */
  #shareUrl() {
    return shareUrl(this.#key ?? '', this.#shown().token, this.#lab);
  }

  /**
   * Puts the share token in the address bar, in a task of its own: it is
   * invisible, costs a few ms, and Chromium throttles a page that calls
   * replaceState too often, so quick steps share one update. Then tells the
   * page (`agreement-guide-urlchange`), whatever `history` says, so a host
   * router can keep the token its own way.
   */
  #syncUrl() {
    if (this.#urlTimer) return;
    this.#urlTimer = setTimeout(() => {
      this.#urlTimer = 0;
      if (!this.#view || !this.#key) return;
      const key = this.#key;
      const token = this.#shown().token;
      const lab = this.#lab ?? null;
      if (this.history === 'replace') replaceFragment({ [key]: token, [labKey(key)]: lab });
      this.#emit('agreement-guide-urlchange', { key, token, lab });
    }, 40);
  }

  /**
   * A run named from outside (the hash changed, or the page called `restore`).
   * @param {string} token
   */
  #restoreFromOutside(token) {
    this.#pendingChoice = null;
    const ok = this.#restore(token);
    this.#readView();
    this.#invalidate('view');
    if (ok) this.#syncUrl();
    const notice = this.#notice;
    if (notice) this.#after.push(() => this.#announce(notice));
    return ok;
  }

  #onHashChange = () => {
    if (!this.#guide || !this.#key) return;
    const token = readFragment(location.hash, this.#key);
    if (!token || token === this.#view?.token) return;
    this.#restoreFromOutside(token);
  };

  // ── events ────────────────────────────────────────────────────────────────
  /**
   * What each button's `data-action` does (the buttons are drawn by ./render.js and ./classroom.js).
   * (Looked up as own properties only: a `data-action` such as "toString" finds nothing.)
   * @type {Record<string, (button: HTMLElement) => unknown>}
   */
  #actions = {
    choose: (t) => this.#offerOutcomes(t.dataset.choiceId ?? '') || this.choose(t.dataset.choiceId ?? ''),
    'choose-outcome': (t) => this.chooseOutcome(t.dataset.forChoice ?? '', t.dataset.outcomeId ?? ''),
    'cancel-outcome': (t) => {
      this.#pendingChoice = null;
      this.#invalidate('view');
      this.#after.push(() => this.#focusIn(this.#nodes().stage, `[data-choice-id="${CSS.escape(t.dataset.forChoice ?? '')}"]`));
    },
    explore: () => this.#explore.toggle(!this.#explore.open),
    'print-worksheet': () => this.#printHandout('worksheet'),
    'print-handout': () => this.#printHandout('script'),
    'copy-code': () => this.#copyField('[data-hand-in]', '[data-code-status]', 'codeCopied', 'codeCopyManually'),
    back: () => this.undo(),
    restart: () => this.restart(),
    cite: (t) => this.#jumpToSource(t),
    'back-to-text': () => this.#returnFromSource(),
    copy: () => this.#copyField('[data-share-url]', '[data-copy-status]', 'copied', 'copyManually'),
    language: (t) => this.#switchLanguage(t.dataset.lang),
  };

  /** @param {Event} event */
  #onClick = (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    if (!(target instanceof HTMLElement) || target.getAttribute('aria-disabled') === 'true') return;
    const action = target.dataset.action ?? '';
    if (Object.hasOwn(this.#actions, action)) this.#actions[action](target);
  };

  /** @param {Event} event */
  #onFocusIn = (event) => {
    if (event.target instanceof HTMLInputElement && event.target.dataset.action === 'select-all') event.target.select();
  };

  /**
   * Focuses the first element under `root` that `selector` finds, if any.
   * @param {ParentNode} root
   * @param {string} selector
   * @param {FocusOptions} [options]
   */
  #focusIn(root, selector, options) {
    const target = root.querySelector(selector);
    if (target instanceof HTMLElement) target.focus(options);
  }

  /**
   * Dispatches one of the element's events (their details: npm/agreement-guide.d.ts).
   * @param {string} type
   * @param {Record<string, unknown>} detail
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** @param {HTMLElement} marker  a citation marker's button */
  #jumpToSource(marker) {
    const item = this.#nodes().sourceList.querySelector(`li[data-source="${CSS.escape(marker.dataset.source ?? '')}"]`);
    if (!(item instanceof HTMLElement)) return;
    this.#returnTo = marker;
    this.#nodes().backToText.hidden = false;
    item.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    item.focus({ preventScroll: true });
  }

  #returnFromSource() {
    const returnTo = this.#returnTo?.isConnected ? this.#returnTo : null;
    this.#nodes().backToText.hidden = true;
    this.#returnTo = null;
    if (returnTo) returnTo.focus();
    else this.#focusIn(this.#nodes().stage, '[data-focus-target]');
  }

  /**
   * Copies a read-only field to the clipboard, or selects it where that is refused; says which (string ids).
   * @param {string} fieldSelector
   * @param {string} statusSelector
   * @param {string} copied
   * @param {string} manually
   */
  async #copyField(fieldSelector, statusSelector, copied, manually) {
    const input = this.#nodes().stage.querySelector(fieldSelector);
    if (!(input instanceof HTMLInputElement)) return;
    const message = this.#t((await copyField(input)) ? copied : manually);
    const status = this.#nodes().stage.querySelector(statusSelector);
    if (status) status.textContent = message;
    this.#announce(message);
  }

  // ── explore and classroom ─────────────────────────────────────────────────
  /**
   * Takes a random choice with its response decided by a player (classroom team play).
   * @param {string} choiceId
   * @param {string} outcomeId
   */
  chooseOutcome(choiceId, outcomeId) {
    const choice = this.#view?.choices.find((c) => c.id === choiceId);
    const outcome = choice?.outcomes.find((o) => o.id === outcomeId);
    if (!choice?.enabled || !outcome || !(outcome.probability > 0)) return false;
    try {
      this.#run().chooseOutcome(choiceId, outcomeId);
    } catch {
      return false;
    }
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped();
    const { token, step, ending } = this.#shown();
    this.#after.push(() => {
      this.#emit('agreement-guide-choice', { choice: choiceId, outcome: outcomeId, step, token });
      if (ending) this.#emit('agreement-guide-complete', { ending: ending.id, token });
    });
    return true;
  }

  /**
   * Goes back to the state after `step` steps (what the mechanism map's visited steps do).
   * @param {number} step
   */
  rewind(step) {
    if (!this.#guide || !Number.isInteger(step) || step < 0 || step > this.#shown().step) return false;
    try {
      this.#run().rewind(step);
    } catch {
      return false;
    }
    this.#pendingChoice = null;
    this.#readView();
    this.#stepped('jumpedBack');
    return true;
  }

  /** Switches on the flashpoints the page asks for; a bad list leaves a notice and none on. */
  #applyFlashpoints() {
    try {
      this.#run().setFlashpoints(this.flashpoints);
    } catch (err) {
      this.#run().setFlashpoints('');
      this.#notice = this.#t('badFlashpoints', { message: errorMessage(err).replace(/[.\s]+$/, '') });
    }
  }

  /**
   * In team play, the team that picks a random choice's response instead of
   * the dice, as the core says (`respondent`). Null when the dice decide.
   * @param {CardView | null | undefined} node
   * @param {ChoiceView | null | undefined} choice
   */
  #decider(node, choice) {
    // Team play starts once classroom mode's part (its words and layout) is here.
    if (!this.teams || !this.#classroom || !node || !choice?.chance) return null;
    return choice.respondent ?? null;
  }

  /**
   * Team play: a choice the other team answers opens their options instead of rolling.
   * @param {string} choiceId
   */
  #offerOutcomes(choiceId) {
    const v = this.#view;
    const choice = v?.choices.find((c) => c.id === choiceId);
    const team = v && choice?.enabled ? this.#decider(v.node, choice) : null;
    if (!team) return false;
    this.#pendingChoice = choiceId;
    this.#invalidate('view');
    this.#after.push(() => {
      this.#focusIn(this.#nodes().stage, '[data-outcome-id]');
      this.#announce(this.#t('pickOutcome', { team: this.#actorLabel(team) }));
    });
    return true;
  }

  /** @param {string} actor */
  #actorLabel(actor) {
    return this.#info?.actors?.find((a) => a.id === actor)?.label ?? this.#t(`actor.${actor}`, {}, actor);
  }

  /**
   * Printed in classroom mode: what a Print button asked for, else (Ctrl+P, the browser's menu) the
   * worksheet, the sheet a class works on (a few pages; the full script is many more, so it is
   * printed only from its button).
   */
  #onBeforePrint = () => {
    if (this.mode === 'classroom' && this.#guide && !this.#compiled && this.#classroom) this.#renderHandout(this.#printKind ?? 'worksheet');
  };

  /** The print is done: the next one, unless a button asks otherwise, is the worksheet again. */
  #onAfterPrint = () => {
    this.#printKind = null;
  };

  /**
   * Lays out the worksheet or the whole script (shown only in print) and opens the print dialog.
   * @param {'worksheet' | 'script'} kind
   */
  async #printHandout(kind) {
    const loadId = this.#loadId;
    try {
      // The script is the full engine's; the handout's layout is classroom mode's part.
      await Promise.all([this.#fullEngine(), this.#loadClassroom()]);
    } catch (err) {
      this.#notice = this.#t('errorOther', { message: errorMessage(err) });
      this.#invalidate('view');
      return;
    }
    if (loadId !== this.#loadId || !this.#guide) return;
    this.#printKind = kind;
    this.#renderHandout(kind);
    window.print();
  }

  /** @param {'worksheet' | 'script'} kind */
  #renderHandout(kind) {
    const lang = this.#shownLang();
    const key = `${kind} ${lang} ${this.#loadId}`;
    if (key === this.#printed) return;
    this.#printed = key;
    const guide = this.#run();
    const classroom = this.#classroom;
    // The handout is printed on the full engine (#printHandout waited for it) with classroom mode's part loaded.
    if (!('script' in guide) || !classroom) return;
    const script = guide.script(lang);
    const ctx = this.#context();
    this.#nodes().handout.dataset.print = kind;
    this.#nodes().handout.replaceChildren(...(kind === 'worksheet' ? classroom.worksheet(ctx, script) : classroom.handout(ctx, script)));
  }

  // ── rendering (./render.js draws; this decides when) ──────────────────────
  /** What ./render.js and ./classroom.js draw from: the run as it is now (see render.js's head). */
  #context() {
    if (this.#ctx) return this.#ctx;
    const host = this;
    this.#ctx = {
      get w() { return host.#w(); },
      get info() { return host.#info; },
      get view() { return host.#view; },
      get mode() { return host.mode; },
      get teams() { return host.teams; },
      get base() { return host.#base; },
      get pending() { return host.#pendingChoice; },
      get classroom() { return host.#classroom; },
      h: (offset, attrs, ...children) => el(`h${Math.min(this.headingLevel + offset, 6)}`, attrs, ...children),
      uid: (prefix) => `${prefix}-${++this.#idCount}`,
      actorLabel: (actor) => this.#actorLabel(actor),
      decider: (node, choice) => this.#decider(node, choice),
      shareUrl: () => this.#shareUrl(),
      rich(paragraphs) { return rich(this, paragraphs); },
      inline(paragraphs) { return inline(this, paragraphs); },
      cardSources(keys) { return cardSources(this, keys); },
    };
    return this.#ctx;
  }

  /** @param {...('shell' | 'view')} parts  what to redraw on the next microtask */
  #invalidate(...parts) {
    for (const p of parts) this.#dirty[p] = true;
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      this.#render();
    });
  }

  /** The skeleton: built once (again if the heading level changes). */
  #build() {
    // The stylesheet's address is given by the first render, a microtask later: elements already on
    // the page upgrade while the element's module runs, before the rest of the module that imported
    // it, where a page may set AGREEMENT_GUIDE_ASSETS.
    this.#els = buildSkeleton(this.#context(), null);
    this.#printed = ''; // a new, empty handout
    this.#shadow.replaceChildren(this.#nodes().link, this.#nodes().root);
    this.#takeover = takeover(this, this.#shadow, this.#nodes().root); // the page's card while loading
  }

  #render() {
    if (!this.#els) return;
    const { shell, view } = this.#dirty;
    this.#dirty = { shell: false, view: false };
    const els = this.#els;
    if (!els.link.hasAttribute('href')) {
      const css = stylesheetUrl();
      if (css) els.link.setAttribute('href', css);
    }
    els.root.dataset.state = this.#phase === 'idle' ? 'loading' : this.#phase;
    els.root.setAttribute('aria-busy', String(this.#phase === 'loading'));
    els.loading.hidden = this.#phase !== 'loading';
    els.error.hidden = this.#phase !== 'error';
    els.body.hidden = this.#phase !== 'ready';
    els.header.hidden = this.#phase !== 'ready';
    this.#takeover?.(this.#phase);
    if (shell) {
      renderShell(els, this.#context(), { phase: this.#phase, error: this.#error, exploreOpen: this.#explore.open });
      this.#explore.relanguage();
    }
    if (view && this.#phase === 'ready') {
      renderView(els, this.#context(), { notice: this.#notice, flashpoints: (this.#info?.flashpoints ?? []).filter((f) => f.on) });
      this.#explore.update();
    }
    const after = this.#after;
    this.#after = [];
    for (const fn of after) fn();
  }

  /** @param {string} text  said by the live region */
  #announce(text) {
    const status = this.#nodes().status;
    status.textContent = '';
    // A fresh text node on the next frame is announced even when it repeats the last one.
    requestAnimationFrame(() => {
      status.textContent = text;
    });
  }
}
