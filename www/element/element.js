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
import { copyField, el, reducedMotion } from './dom.js';
import { ExploreHost } from './explore-host.js';
import { Words, matchLanguage } from './strings.js';
import { addLanguageFile, fullEngineFor, loadClassroom, openGuide, stylesheetUrl } from './engine.js';
import { keyFor, labKey, readFragment, replaceFragment, shareUrl } from './share.js';
import { announcement, buildSkeleton, cardSources, focusKey, inline, renderShell, renderView, rich } from './render.js';
import { carriedManifest, takeover } from './prerender.js'; // the first card in the page's HTML

/** A seed when the page gives none: a random unsigned 32-bit number. */
function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** Parses a seed attribute: a whole number ≥ 0, or null. */
function parseSeed(value) {
  if (value == null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export class AgreementGuideElement extends GuideAttributes {
  static observedAttributes = ['src', 'lang', 'seed', 'mode', 'heading-level', 'from-query', 'flashpoints', 'teams', 'hash-key', 'history'];

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

  #shadow;
  #els = null; // the skeleton's live nodes, built once per heading level
  #guide = null; // the core's Guide handle for this run
  #info = null; // what the guide is (in #lang)
  #view = null; // what to show now (in #lang)
  #phase = 'idle'; // idle | loading | error | ready
  #error = null; // { message, diagnostics } when #phase is 'error'
  #notice = null; // a message shown above the card (bad share link)
  #loadId = 0; // discards a stale load when src changes mid-flight
  #pending = false; // a render is queued in a microtask
  #dirty = { shell: false, view: false };
  #after = []; // focus, announcements and events, run after the next render
  #returnTo = null; // the citation marker a reader jumped from
  #idCount = 0;
  #connected = false;
  #langCache = null;
  #langSet = null; // a `lang` attribute set while connected
  #words = new Map(); // Words by language, so each language's Intl objects are made once
  #urlTimer = 0;
  #key = null; // this run's key in the page's fragment (see `hashKey`), set when the guide loads
  #base = null; // what a card image's relative address is resolved against: the scenario file, or the page
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
      const share = this.#els.stage.querySelector('[data-share-url]');
      if (share) share.value = this.#shareUrl();
    },
  });
  #lab = null; // the strategy lab's settings for the share link ('seed.runs.a,b')
  #pendingChoice = null; // team play: a choice whose response the other team is picking
  // A compiled guide on the reader runtime: { manifest, url, json, loaded, adding, upgrade }; null on the full engine.
  #compiled = null;
  #classroom = null; // classroom mode's module (./classroom.js), once loaded
  #printKind = null; // what a Print button asked for ('worksheet' | 'script'), until that print is done
  #printed = ''; // what the handout holds: kind, language and load, so a print does not lay it out twice
  #ctx = null; // the render context (see #context)

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
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

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#connected) return;
    switch (name) {
      case 'src':
      case 'from-query':
        this.#load();
        break;
      case 'lang':
        // Set after the start (by the page or the switcher), `lang` wins over a query's.
        this.#langSet = newValue || null;
        this.#relanguage();
        break;
      case 'seed':
        if (this.#guide) {
          this.#guide.restart(this.#seed());
          this.#readView();
          this.#invalidate('view');
        }
        break;
      case 'mode':
      case 'teams':
        if (name === 'mode' && this.mode === 'classroom') {
          if (this.#guide) this.#fullEngine().catch(() => {});
          this.#loadClassroom().catch(() => {});
        }
        this.#pendingChoice = null;
        this.#invalidate('shell', 'view');
        break;
      case 'flashpoints':
        if (this.#guide) {
          this.#applyFlashpoints();
          this.#readGuide();
          this.#stepped('restarted');
        }
        break;
      case 'heading-level':
        this.#build();
        this.#invalidate('shell', 'view');
        break;
      case 'hash-key':
        if (this.#guide) {
          // The run moves to its new key: the old one leaves the URL.
          const old = this.#key;
          this.#key = keyFor(this, this.#givenKey(), this.#info.id);
          if (old !== this.#key && this.history === 'replace') replaceFragment({ [old]: null, [labKey(old)]: null });
          this.#syncUrl();
        }
        break;
    }
  }

  // ── public actions (also what the buttons do) ────────────────────────────
  /** Loads the guide again from `src` or the inline script (e.g. after a page edited it); starts a new run. */
  reload() {
    if (this.#connected) this.#load({ fresh: true });
  }

  /** Takes the choice with this id, as if its button were pressed. */
  choose(id) {
    const choice = this.#view?.choices.find((c) => c.id === id);
    if (!choice || !choice.enabled) return false;
    this.#guide.choose(id);
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped();
    const { token, step, ending } = this.#view;
    this.#after.push(() => {
      this.#emit('agreement-guide-choice', { choice: id, step, token });
      if (ending) this.#emit('agreement-guide-complete', { ending: ending.id, token });
    });
    return true;
  }

  /** Undoes the last step. */
  undo() {
    if (!this.#view?.canUndo) return false;
    this.#guide.undo();
    this.#pendingChoice = null;
    this.#readView();
    this.#stepped('wentBack');
    return true;
  }

  /**
   * Opens the run a share token describes (what a host router kept from an
   * `agreement-guide-urlchange` event). Returns false, with the element's
   * notice shown, when the token does not fit this guide.
   */
  restore(token) {
    if (!this.#guide || typeof token !== 'string' || !token) return false;
    return this.#restoreFromOutside(token);
  }

  /** Starts again: with the `seed` attribute if there is one, else a new random seed. */
  restart() {
    if (!this.#guide) return false;
    this.#guide.restart(this.#seed());
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped('restarted');
    return true;
  }

  // ── loading ───────────────────────────────────────────────────────────────
  /** An attribute, or with `from-query` the page's query parameter of that name. */
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

  /** The reader's pick in the language switcher: the element's `lang` follows. */
  #switchLanguage(code) {
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

  #refocus(selector) {
    if (this.#shadow.activeElement?.isConnected) return;
    this.#els.stage.querySelector(selector)?.focus({ preventScroll: true });
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
    // Classroom mode's parts arrive beside the guide, so its first card is whole.
    const parts = classroom ? this.#loadClassroom().then(() => null, (err) => ({ error: { message: this.#t('errorEngine', { message: err?.message ?? String(err) }), diagnostics: [] } })) : null;
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
    }).catch((err) => ({ error: { message: w.t('errorOther', { message: String(err?.message ?? err) }), diagnostics: [] } })); // never left on "Loading…"
    if (opened && !('error' in opened) && parts) opened = (await parts) ?? opened;
    if (id !== this.#loadId || !opened) {
      if (opened && 'guide' in opened) opened.guide?.free();
      return;
    }
    if ('error' in opened) {
      this.#phase = 'error';
      this.#error = opened.error;
      this.#invalidate('shell', 'view');
      this.#after.push(() => this.#announce(this.#t('errorAnnounce')));
      return;
    }
    ({ guide: this.#guide, compiled: this.#compiled, base: this.#base } = opened);

    this.#applyFlashpoints();
    this.#readGuide();
    this.#key = keyFor(this, this.#givenKey(), this.#info.id);
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
      this.#emit('agreement-guide-ready', { id: this.#info.id, step: this.#view.step, token: this.#view.token });
    });
  }

  /** Classroom mode's module, once per page; the view is redrawn with it when it arrives after the first draw. */
  #loadClassroom() {
    if (this.#classroom) return Promise.resolve(this.#classroom);
    return loadClassroom().then((m) => {
      if (!this.#classroom) {
        this.#classroom = m;
        if (this.#phase === 'ready') this.#invalidate('view');
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

  /** Restores a shared run; a link that does not fit leaves a notice and a fresh start. */
  #restore(token) {
    try {
      this.#guide.restore(token);
      this.#notice = null;
      // A token carries the flashpoints it was played with: the guide's description follows.
      if (this.#info) this.#info = this.#guide.info(this.#info.language);
      return true;
    } catch (err) {
      this.#notice = this.#t('badLink', { message: String(err?.message ?? err).replace(/[.\s]+$/, '') });
      clearTimeout(this.#urlTimer); // a step's pending URL update must not bring a token back
      this.#urlTimer = 0;
      // The bad token leaves the URL; the page's own parts and other guides' runs stay.
      if (this.history === 'replace') replaceFragment({ [this.#key]: null, [labKey(this.#key)]: null });
      this.#guide.restart(this.#seed());
      return false;
    }
  }

  /** Re-reads what the guide is (title, sources, …) and what to show now, in the reader's language. */
  #readGuide() {
    this.#langCache = null;
    if (!this.#guide) return;
    const want = this.#lang();
    let info = this.#guide.info(want);
    let best = matchLanguage(want, info.languages, info.language);
    const loaded = this.#compiled?.loaded;
    if (loaded && !loaded.has(best)) {
      // The reader runtime has this language's text once its file arrives: until then, the one on screen.
      this.#addLanguage(best);
      best = loaded.has(this.#info?.language) ? this.#info.language : [...loaded][0];
    }
    if (best !== info.language) info = this.#guide.info(best);
    this.#info = info;
    this.#readView();
  }

  /**
   * Fetches another language's compiled file and adds it to the run (which goes on where it
   * is), then shows it if it is still the one asked for.
   */
  async #addLanguage(lang) {
    const c = this.#compiled;
    const problem = await addLanguageFile(c, lang, AgreementGuideElement.fetchTimeout, () => (c === this.#compiled ? this.#guide : null));
    if (problem === undefined) return;
    if (problem) {
      this.#notice = this.#t('errorLanguage', { message: String(problem).replace(/[.\s]+$/, '') });
      this.#invalidate('view');
      this.#after.push(() => this.#announce(this.#notice));
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
      this.#guide.free();
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
    this.#view = this.#guide.view(this.#shownLang());
  }

  /** After the reader moved: share link, focus on the new heading, one announcement. */
  #stepped(what) {
    this.#syncUrl();
    this.#invalidate('view');
    const { step, token } = this.#view;
    this.#after.push(() => {
      // Every step, forward or back: what a host page needs to keep a deep link current.
      this.#emit('agreement-guide-step', { step, token });
      this.#els.stage.querySelector('[data-focus-target]')?.focus({ preventScroll: false });
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
    return shareUrl(this.#key, this.#view.token, this.#lab);
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
      const token = this.#view.token;
      const lab = this.#lab ?? null;
      if (this.history === 'replace') replaceFragment({ [key]: token, [labKey(key)]: lab });
      this.#emit('agreement-guide-urlchange', { key, token, lab });
    }, 40);
  }

  /** A run named from outside (the hash changed, or the page called `restore`). */
  #restoreFromOutside(token) {
    this.#pendingChoice = null;
    const ok = this.#restore(token);
    this.#readView();
    this.#invalidate('view');
    if (ok) this.#syncUrl();
    if (this.#notice) this.#after.push(() => this.#announce(this.#notice));
    return ok;
  }

  #onHashChange = () => {
    if (!this.#guide || !this.#key) return;
    const token = readFragment(location.hash, this.#key);
    if (!token || token === this.#view?.token) return;
    this.#restoreFromOutside(token);
  };

  // ── events ────────────────────────────────────────────────────────────────
  /** What each button's `data-action` does (the buttons are drawn by ./render.js and ./classroom.js). */
  #actions = {
    __proto__: null,
    choose: (t) => this.#offerOutcomes(t.dataset.choiceId) || this.choose(t.dataset.choiceId),
    'choose-outcome': (t) => this.chooseOutcome(t.dataset.forChoice, t.dataset.outcomeId),
    'cancel-outcome': (t) => {
      this.#pendingChoice = null;
      this.#invalidate('view');
      this.#after.push(() => this.#els.stage.querySelector(`[data-choice-id="${CSS.escape(t.dataset.forChoice)}"]`)?.focus());
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

  #onClick = (event) => {
    const target = event.target.closest?.('[data-action]');
    if (!target || target.getAttribute('aria-disabled') === 'true') return;
    this.#actions[target.dataset.action]?.(target);
  };

  #onFocusIn = (event) => {
    if (event.target.dataset?.action === 'select-all') event.target.select();
  };

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #jumpToSource(marker) {
    const item = this.#els.sourceList.querySelector(`li[data-source="${CSS.escape(marker.dataset.source)}"]`);
    if (!item) return;
    this.#returnTo = marker;
    this.#els.backToText.hidden = false;
    item.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    item.focus({ preventScroll: true });
  }

  #returnFromSource() {
    const target = this.#returnTo?.isConnected ? this.#returnTo : this.#els.stage.querySelector('[data-focus-target]');
    this.#els.backToText.hidden = true;
    this.#returnTo = null;
    target?.focus();
  }

  /** Copies a read-only field to the clipboard, or selects it where that is refused; says which (string ids). */
  async #copyField(fieldSelector, statusSelector, copied, manually) {
    const input = this.#els.stage.querySelector(fieldSelector);
    if (!input) return;
    const message = this.#t((await copyField(input)) ? copied : manually);
    const status = this.#els.stage.querySelector(statusSelector);
    if (status) status.textContent = message;
    this.#announce(message);
  }

  // ── explore and classroom ─────────────────────────────────────────────────
  /** Takes a random choice with its response decided by a player (classroom team play). */
  chooseOutcome(choiceId, outcomeId) {
    const choice = this.#view?.choices.find((c) => c.id === choiceId);
    const outcome = choice?.outcomes.find((o) => o.id === outcomeId);
    if (!choice?.enabled || !(outcome?.probability > 0)) return false;
    try {
      this.#guide.chooseOutcome(choiceId, outcomeId);
    } catch {
      return false;
    }
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped();
    const { token, step, ending } = this.#view;
    this.#after.push(() => {
      this.#emit('agreement-guide-choice', { choice: choiceId, outcome: outcomeId, step, token });
      if (ending) this.#emit('agreement-guide-complete', { ending: ending.id, token });
    });
    return true;
  }

  /** Goes back to the state after `step` steps (what the mechanism map's visited steps do). */
  rewind(step) {
    if (!this.#guide || !Number.isInteger(step) || step < 0 || step > this.#view.step) return false;
    try {
      this.#guide.rewind(step);
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
      this.#guide.setFlashpoints(this.flashpoints);
    } catch (err) {
      this.#guide.setFlashpoints('');
      this.#notice = this.#t('badFlashpoints', { message: String(err?.message ?? err).replace(/[.\s]+$/, '') });
    }
  }

  /**
   * In team play, the team that picks a random choice's response instead of
   * the dice, as the core says (`respondent`). Null when the dice decide.
   */
  #decider(node, choice) {
    if (!this.teams || !node || !choice?.chance) return null;
    return choice.respondent ?? null;
  }

  /** Team play: a choice the other team answers opens their options instead of rolling. */
  #offerOutcomes(choiceId) {
    const v = this.#view;
    const choice = v?.choices.find((c) => c.id === choiceId);
    const team = choice?.enabled ? this.#decider(v.node, choice) : null;
    if (!team) return false;
    this.#pendingChoice = choiceId;
    this.#invalidate('view');
    this.#after.push(() => {
      this.#els.stage.querySelector('[data-outcome-id]')?.focus();
      this.#announce(this.#t('pickOutcome', { team: this.#actorLabel(team) }));
    });
    return true;
  }

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
      this.#notice = this.#t('errorOther', { message: String(err?.message ?? err) });
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
    const script = this.#guide.script(lang);
    const ctx = this.#context();
    this.#els.handout.dataset.print = kind;
    this.#els.handout.replaceChildren(...(kind === 'worksheet' ? this.#classroom.worksheet(ctx, script) : this.#classroom.handout(ctx, script)));
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
    this.#shadow.replaceChildren(this.#els.link, this.#els.root);
    this.#els.takeover = takeover(this, this.#shadow, this.#els.root); // the page's card while loading
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
    els.takeover(this.#phase);
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

  #announce(text) {
    const status = this.#els.status;
    status.textContent = '';
    // A fresh text node on the next frame is announced even when it repeats the last one.
    requestAnimationFrame(() => {
      status.textContent = text;
    });
  }
}
