// @ts-check
// Drawing what the core says: the element's skeleton (built once), the shell
// (title, summary, sources, labels: redrawn when the language changes), and
// the view (card, meters, trail, progress: after every step). After a step
// only what changed is touched: a new card, the meters whose values moved,
// the trail's new or removed rows. Scenario text reaches the page only as
// text nodes (el(), textContent).
//
// Every function takes `r`, the element's render context (`RenderContext` below).

import { el, isolated, arrow, plain } from './dom.js';
import { isRtl, languageName } from './strings.js';
import { carriesTitle } from './prerender.js';

/** @typedef {import('../types/contract').View} View */
/** @typedef {import('../types/contract').CardView} CardView */
/** @typedef {import('../types/contract').ChoiceView} ChoiceView */
/** @typedef {import('../types/contract').MeterView} MeterView */
/** @typedef {import('../types/contract').HistoryView} HistoryView */
/** @typedef {import('../types/contract').OutcomeView} OutcomeView */
/** @typedef {import('../types/contract').ImageView} ImageView */
/** @typedef {import('../types/contract').EndingView} EndingView */
/** @typedef {import('../types/contract').Info} Info */
/** @typedef {import('../types/contract').FlashpointInfo} FlashpointInfo */
/** @typedef {import('../types/contract').Diagnostic} Diagnostic */
/** @typedef {import('../types/contract').Rich} Rich */
/** @typedef {import('../types/contract').Span} Span */
/** @typedef {import('./dom.js').Child} Child */
/** @typedef {import('./strings.js').Words} Words */
/** @typedef {typeof import('./classroom.js')} ClassroomModule */

/**
 * What the element gives every drawing function (element.js builds it; its getters read the run as it is now).
 * @typedef {object} RenderContext
 * @property {Words} w  the widget's words in the language on screen (./strings.js)
 * @property {Info | null} info  what the guide is (from the core), null before it loads
 * @property {View | null} view  what to show now (from the core), null before the guide loads
 * @property {'reader' | 'classroom'} mode
 * @property {boolean} teams  team play on
 * @property {string | null} base  what a card image's relative address is resolved against
 * @property {string | null} pending  team play: the choice whose response the other team is picking
 * @property {ClassroomModule | null} classroom  classroom mode's module once loaded (./classroom.js)
 * @property {(offset: number, attrs?: Record<string, unknown>, ...children: Child[]) => HTMLElement} h  a heading `offset` levels below the guide's title
 * @property {(prefix: string) => string} uid  a fresh id
 * @property {(actor: string) => string} actorLabel  an actor's name
 * @property {(node: CardView, choice: ChoiceView) => string | null} decider  the team that picks a random choice's response, or null
 * @property {() => string} shareUrl  the run's share link
 * @property {(paragraphs: Rich | null | undefined) => DocumentFragment} rich  rich() below, bound to this context
 * @property {(paragraphs: Rich | null | undefined) => HTMLElement} inline  inline() below, bound
 * @property {(keys: string[] | undefined) => HTMLElement | null} cardSources  cardSources() below, bound
 */

/** What the view last drew, so a step redraws only what changed. @typedef {{ meters: Map<string, { key: string, node: HTMLElement }>, trail: string[], flashpoints: string }} Drawn */
/** The element's skeleton: its live nodes by name. @typedef {ReturnType<typeof buildSkeleton>} Skeleton */
/** An error the element shows instead of the guide. @typedef {{ message: string, diagnostics: Diagnostic[], fallback?: { title: string | null } }} ShownError */

/** Set once per page, when the first card is on screen (read by scripts/bench.mjs). */
const FIRST_CARD_MARK = 'agreement-guide:first-card';
let firstCardMarked = false;

/**
 * The skeleton: built once (again if the heading level changes).
 * @param {RenderContext} r
 * @param {string | null} stylesheet  the stylesheet's URL (null: none yet; the element sets it when it first renders)
 */
export function buildSkeleton(r, stylesheet) {
  const h = (/** @type {number} */ offset) => r.h(offset, { class: 'ag-section-title' });
  const link = el('link', { rel: 'stylesheet', href: stylesheet });
  const status = el('div', { class: 'ag-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const kicker = el('p', { class: 'ag-kicker' });
  // The language switcher: one toggle button per language the guide declares.
  const languageLabel = el('span', { class: 'ag-languages-label', id: 'ag-languages-label' });
  const languageOptions = el('span', { class: 'ag-languages-options' });
  const languages = el('div', { class: 'ag-languages', part: 'languages', role: 'group', 'aria-labelledby': 'ag-languages-label', hidden: true }, languageLabel, languageOptions);
  const title = r.h(0, { class: 'ag-title', part: 'title', id: 'ag-title' });
  const summary = el('div', { class: 'ag-summary', part: 'summary' });
  const header = el('header', { class: 'ag-header', part: 'header' }, el('div', { class: 'ag-header-top' }, kicker, languages), title, summary);
  const loading = el('p', { class: 'ag-loading', part: 'loading' });
  const error = el('div', { class: 'ag-error', part: 'error', hidden: true });
  const notice = el('p', { class: 'ag-notice', part: 'notice', hidden: true });
  const progressLabel = el('span', { class: 'ag-progress-label', id: 'ag-progress-label' });
  const progressBar = el('progress', { class: 'ag-progress-bar', 'aria-labelledby': 'ag-progress-label' });
  const progress = el('div', { class: 'ag-progress', part: 'progress' }, progressLabel, progressBar);
  const stage = el('div', { class: 'ag-stage' });
  const back = el('button', { type: 'button', class: 'ag-button', part: 'button back', 'data-action': 'back' });
  const restart = el('button', { type: 'button', class: 'ag-button', part: 'button restart', 'data-action': 'restart' });
  const controls = el('div', { class: 'ag-controls', part: 'controls' }, back, restart);
  const play = el('div', { class: 'ag-play' }, progress, stage, controls);

  const dashboardTitle = h(1);
  const dashboardNote = el('p', { class: 'ag-model-tag' });
  const meters = el('ul', { class: 'ag-meters', part: 'meters' });
  const assumptionsSummary = el('summary');
  const assumptionsBody = el('div', { class: 'ag-assumptions-body' });
  const assumptions = el('details', { class: 'ag-assumptions', part: 'assumptions' }, assumptionsSummary, assumptionsBody);
  const dashboard = el('div', { class: 'ag-dashboard', part: 'dashboard' }, dashboardTitle, dashboardNote, meters, assumptions);
  const trailTitle = h(1);
  trailTitle.id = 'ag-trail-title';
  // Scrolls when long, so it takes focus (and a name) for keyboard readers.
  const trailList = el('ol', { class: 'ag-trail-list', tabindex: '0', 'aria-labelledby': 'ag-trail-title' });
  const trailEmpty = el('p', { class: 'ag-trail-empty' });
  const trail = el('div', { class: 'ag-trail', part: 'trail' }, trailTitle, trailEmpty, trailList);
  const side = el('div', { class: 'ag-side' }, dashboard, trail);

  const sourcesTitle = h(1);
  const sourceList = el('ol', { class: 'ag-source-list' });
  const backToText = el('button', { type: 'button', class: 'ag-button ag-button-small', 'data-action': 'back-to-text', hidden: true });
  const sources = el('div', { class: 'ag-sources', part: 'sources' }, sourcesTitle, sourceList, backToText);

  // Explore panel (loaded on demand) and classroom extras.
  const flashpointNote = el('div', { class: 'ag-flashpoint-note', part: 'flashpoints', hidden: true });
  const exploreButton = el('button', { type: 'button', class: 'ag-button', part: 'button explore', 'data-action': 'explore', 'aria-expanded': 'false', 'aria-controls': 'ag-explore' });
  // Classroom mode prints a worksheet (a few pages) or, on request, the full script.
  const worksheetButton = el('button', { type: 'button', class: 'ag-button', part: 'button print', 'data-action': 'print-worksheet', hidden: true });
  const printButton = el('button', { type: 'button', class: 'ag-button', part: 'button print', 'data-action': 'print-handout', hidden: true });
  const tools = el('div', { class: 'ag-tools', part: 'tools' }, exploreButton, worksheetButton, printButton);
  const explore = el('section', { class: 'ag-explore', part: 'explore', id: 'ag-explore', hidden: true });
  const handout = el('div', { class: 'ag-handout', part: 'handout' });
  const body = el('div', { class: 'ag-body' }, notice, flashpointNote, el('div', { class: 'ag-grid' }, play, side), tools, explore, sources);
  const root = el('div', { class: 'ag', part: 'root', 'data-state': 'loading' }, status, header, loading, error, body, handout);
  // What the view last drew, so a step redraws only what changed (see renderView).
  /** @type {Drawn} */
  const drawn = { meters: new Map(), trail: [], flashpoints: '' };
  return { link, status, kicker, languageLabel, languageOptions, languages, title, summary, header, loading, error, notice, progressLabel, progressBar, progress, stage, back, restart, controls, play, dashboardTitle, dashboardNote, meters, assumptionsSummary, assumptionsBody, assumptions, dashboard, trailTitle, trailList, trailEmpty, trail, side, sourcesTitle, sourceList, backToText, sources, flashpointNote, exploreButton, worksheetButton, printButton, tools, explore, handout, body, root, drawn };
}

/**
 * A selector for the focused element's counterpart after the card is redrawn
 * (a new language), or null when focus is outside the card (it survives a redraw).
 * @param {Skeleton | null} els
 * @param {Element | null} active  the shadow root's focused element
 */
export function focusKey(els, active) {
  if (!(active instanceof HTMLElement) || !els?.stage.contains(active)) return null;
  const { choiceId, action, source } = active.dataset;
  if (choiceId) return `[data-choice-id="${CSS.escape(choiceId)}"]`;
  if (active.hasAttribute('data-focus-target')) return '[data-focus-target]';
  if (action === 'cite') return `[data-action="cite"][data-source="${CSS.escape(source ?? '')}"]`;
  if (action) return `[data-action="${CSS.escape(action)}"]`;
  return '[data-focus-target]';
}

/**
 * What stays put while the reader plays: title, summary, sources, labels.
 * @param {Skeleton} els
 * @param {RenderContext} r
 * @param {{ phase: string, error: ShownError | null, exploreOpen: boolean }} state
 */
export function renderShell(els, r, { phase, error, exploreOpen }) {
  const w = r.w;
  const lang = w.lang;
  els.root.lang = lang;
  // A right-to-left language sets its direction; any other follows the page's.
  if (isRtl(lang)) els.root.dir = 'rtl';
  else els.root.removeAttribute('dir');
  els.loading.textContent = w.t('loading');
  els.back.replaceChildren(arrow('←'), ` ${w.t('back')}`);
  els.restart.textContent = w.t('restart');
  els.dashboardTitle.textContent = w.t('dashboard');
  els.dashboardNote.textContent = w.t('dashboardNote');
  els.assumptionsSummary.textContent = w.t('aboutNumbers');
  els.trailTitle.textContent = w.t('trail');
  els.trailEmpty.textContent = w.t('trailEmpty');
  els.sourcesTitle.textContent = w.t('sources');
  els.backToText.textContent = `↑ ${w.t('backToText')}`;
  els.kicker.textContent = w.t('kicker');
  renderLanguages(els, r);
  els.root.dataset.mode = r.mode;
  els.exploreButton.textContent = w.t(exploreOpen ? 'exploreHide' : 'explore');
  els.worksheetButton.textContent = w.t('printWorksheet');
  els.printButton.textContent = w.t('printHandout');
  // Shown once classroom mode's part (their words, the handout's layout) is here.
  els.worksheetButton.hidden = els.printButton.hidden = r.mode !== 'classroom' || !r.classroom;

  if (phase === 'error' && error) renderError(els, r, error);
  const info = r.info;
  if (!info) return;
  els.title.replaceChildren(inline(r, info.title));
  els.summary.replaceChildren(rich(r, info.summary));

  const descriptions = el(
    'dl',
    { class: 'ag-meter-descriptions' },
    (r.view?.meters ?? []).filter(m => m.shown && m.description).map(m => [el('dt', {}, m.label), el('dd', {}, m.description)]),
  );
  els.assumptionsBody.replaceChildren(rich(r, info.assumptions), descriptions);

  els.sourceList.replaceChildren(
    ...info.sources.map(s => {
      // A source in another language than the guide's text says so, for screen readers.
      const text = s.lang ? el('span', { lang: s.lang, dir: 'auto' }, s.citation) : s.citation;
      const citation = s.url
        ? el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, text, el('span', { class: 'ag-visually-hidden' }, ` ${w.t('newTab')}`))
        : el('span', {}, text);
      return el('li', { 'data-source': s.key, tabindex: '-1', part: 'source' }, citation);
    }),
  );
  // The language changed: the view's rows are redrawn in it.
  els.drawn.meters.clear();
  els.drawn.trail = [];
  els.drawn.flashpoints = '';
}

/**
 * The language switcher, when the guide has more than one language.
 * @param {Skeleton} els
 * @param {RenderContext} r
 */
function renderLanguages(els, r) {
  const languages = r.info?.languages ?? [];
  els.languages.hidden = languages.length < 2;
  els.languageLabel.textContent = r.w.t('language');
  // The buttons are built once per list, so the one just pressed keeps focus.
  const key = languages.join(' ');
  if (els.languageOptions.dataset.languages !== key) {
    els.languageOptions.dataset.languages = key;
    els.languageOptions.replaceChildren(
      ...languages.map((/** @type {string} */ code) => el('button', { type: 'button', class: 'ag-language', part: 'button language', 'data-action': 'language', 'data-lang': code, lang: code }, languageName(code))),
    );
  }
  for (const button of els.languageOptions.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.lang === r.info?.language));
}

/**
 * @param {Skeleton} els
 * @param {RenderContext} r
 * @param {ShownError} error
 */
function renderError(els, r, { message, diagnostics, fallback }) {
  els.error.toggleAttribute('data-fallback', !!fallback);
  if (fallback) {
    // The guide's title when its file could be read, the one line, then the element's own content;
    // a pre-rendered card there shows the title itself, so the panel does not repeat it.
    const host = /** @type {ShadowRoot} */ (els.root.getRootNode()).host;
    const titled = host instanceof HTMLElement && carriesTitle(host);
    els.error.replaceChildren(el('p', { class: 'ag-fallback-note', part: 'fallback' }, message), el('slot', { class: 'ag-fallback-content' }));
    if (!titled) els.error.prepend(r.h(0, { class: 'ag-title', part: 'title' }, fallback.title ?? r.w.t('errorTitle')));
    return;
  }
  const items = diagnostics.map((d) => {
    const where = [d.line ? `${d.line}:${d.column ?? 0}` : '', d.location ?? ''].filter(Boolean).join(' ');
    const text = `${where ? `${where} — ` : ''}${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`;
    return el('li', { 'data-code': d.code ?? '' }, text);
  });
  // replaceChildren writes null as the text "null": the list is added only when there is one.
  els.error.replaceChildren(r.h(0, { class: 'ag-error-title' }, r.w.t('errorTitle')), el('p', {}, message));
  if (items.length) els.error.append(el('ul', { class: 'ag-diagnostics' }, items));
}

/**
 * What changes with every step: the card (new), and of the rest only what changed.
 * @param {Skeleton} els
 * @param {RenderContext} r
 * @param {{ notice: string | null, flashpoints: FlashpointInfo[] }} state  flashpoints: the twists switched on
 */
export function renderView(els, r, { notice, flashpoints }) {
  const v = r.view;
  if (!v) return;
  els.root.dataset.step = String(v.step);
  els.notice.hidden = !notice;
  els.notice.textContent = notice ?? '';

  els.progress.hidden = !v.progress;
  if (v.progress) {
    els.progressLabel.textContent = v.progress.label;
    els.progressBar.max = v.progress.max || 1;
    els.progressBar.value = v.progress.value;
  }

  els.stage.replaceChildren(v.ending ? ending(r, v, v.ending) : v.node ? card(r, v, v.node) : '');
  els.controls.hidden = v.step === 0;
  els.back.disabled = !v.canUndo;
  els.restart.hidden = !!v.ending; // the ending has its own "Play again"

  renderMeters(els, r, v.meters.filter(m => m.shown));
  renderTrail(els, r, v.history);
  renderFlashpoints(els, r, flashpoints);

  if (v.node && !firstCardMarked) {
    firstCardMarked = true;
    performance.mark(FIRST_CARD_MARK);
  }
}

/**
 * The meters: a meter whose value, change and label are as drawn keeps its node
 * (and so what a screen reader is on); only the others are rebuilt.
 * @param {Skeleton} els
 * @param {RenderContext} r
 * @param {MeterView[]} meters
 */
function renderMeters(els, r, meters) {
  /** @type {Map<string, { key: string, node: HTMLElement }>} */
  const drawn = els.drawn.meters;
  const next = new Map();
  const nodes = meters.map((m) => {
    const key = JSON.stringify(m);
    const old = drawn.get(m.id);
    const node = old?.key === key ? old.node : meter(r, m);
    next.set(m.id, { key, node });
    return node;
  });
  els.drawn.meters = next;
  const current = els.meters.children;
  if (current.length === nodes.length && nodes.every((n, i) => current[i] === n || drawn.get(meters[i].id)?.node === current[i])) {
    nodes.forEach((n, i) => {
      if (current[i] !== n) current[i].replaceWith(n);
    });
  } else {
    els.meters.replaceChildren(...nodes);
  }
}

/**
 * The trail: the rows the run shares with what is drawn stay; a step forward
 * appends one, a step back removes one.
 * @param {Skeleton} els
 * @param {RenderContext} r
 * @param {HistoryView[]} history
 */
function renderTrail(els, r, history) {
  /** @type {string[]} */
  const drawn = els.drawn.trail;
  const keys = history.map((h) => JSON.stringify(h));
  let same = 0;
  while (same < keys.length && same < drawn.length && keys[same] === drawn[same] && els.trailList.children[same]) same++;
  while (els.trailList.children.length > same) els.trailList.lastElementChild?.remove();
  els.trailList.append(...history.slice(same).map((h) => trailItem(r, h)));
  els.drawn.trail = keys;
  els.trailEmpty.hidden = history.length > 0;
  els.trailList.hidden = !history.length;
}

/**
 * @param {RenderContext} r
 * @param {HistoryView} h  one step of the run's history
 */
function trailItem(r, h) {
  const w = r.w;
  const outcome = h.outcome ? [' ', arrow('→'), ' ', w.isolated('trailOutcome', { outcome: h.outcome, p: w.percent(h.probability ?? 0) }), h.decided ? ` ${w.t('trailDecided')}` : ''] : null;
  return el(
    'li',
    { 'data-actor': h.actor, 'data-node': h.node },
    el('span', { class: 'ag-trail-heading' }, isolated(h.heading)),
    el('span', { class: 'ag-trail-choice' }, isolated(h.choiceLabel), outcome),
  );
}

/**
 * The flashpoints switched on, named above the card.
 * @param {Skeleton} els
 * @param {RenderContext} r
 * @param {FlashpointInfo[]} on
 */
function renderFlashpoints(els, r, on) {
  const key = JSON.stringify(on);
  if (key === els.drawn.flashpoints) return;
  els.drawn.flashpoints = key;
  els.flashpointNote.hidden = !on.length;
  els.flashpointNote.replaceChildren(
    ...(on.length
      ? [
          el('p', { class: 'ag-flashpoint-title' }, r.w.t('flashpointsOn')),
          el('ul', {}, on.map((f) => el('li', { 'data-flashpoint': f.id }, el('strong', {}, f.label), f.description ? [' — ', inline(r, f.description)] : null))),
        ]
      : []),
  );
}

/**
 * A card: who acts, the heading, what the last draw did, the text, its sources, then the choices.
 * @param {RenderContext} r
 * @param {View} v
 * @param {CardView} node  `v.node`
 */
function card(r, v, node) {
  const w = r.w;
  const choices = v.choices.map(c => {
    const team = r.decider(node, c);
    const note = team
      ? el('span', { class: 'ag-choice-note' }, w.t('teamResponds', { team: r.actorLabel(team) }))
      : c.chance
        ? el('span', { class: 'ag-choice-note' }, w.t('chance'))
        : null;
    let reason = null;
    if (!c.enabled) {
      const id = r.uid('ag-reason');
      reason = el('p', { class: 'ag-reason', id, part: 'reason' }, w.isolated('unavailable', { reason: plain(c.reason) }));
    }
    const button = el(
      'button',
      { type: 'button', class: 'ag-choice', part: 'choice', 'data-action': 'choose', 'data-choice-id': c.id, 'aria-disabled': c.enabled ? null : 'true', 'aria-describedby': reason?.id },
      el('span', { class: 'ag-choice-label' }, inline(r, c.label)),
      note,
    );
    return el('li', {}, button, reason);
  });
  const promptId = r.uid('ag-move');
  const b = badge(r, node.actor);
  const classroom = r.mode === 'classroom' ? r.classroom : null;
  return el(
    'article',
    { class: 'ag-card', part: 'card', 'data-actor': node.actor, 'data-slot': b.dataset.slot, 'data-node': node.id },
    b,
    r.h(1, { class: 'ag-heading', part: 'heading', tabindex: '-1', 'data-focus-target': '' }, inline(r, node.heading)),
    outcome(r, v.outcome),
    image(r, node.image),
    el('div', { class: 'ag-card-body', part: 'body' }, rich(r, node.body)),
    cardSources(r, node.sources),
    classroom?.prompt(r, node) ?? null,
    classroom?.moveArea(r, v, promptId, choices) ?? moveArea(r, promptId, choices),
  );
}

/**
 * Under a card: "Your move" and the choices.
 * @param {RenderContext} r
 * @param {string} promptId
 * @param {HTMLElement[]} choices
 */
export function moveArea(r, promptId, choices) {
  const frag = document.createDocumentFragment();
  frag.append(el('p', { class: 'ag-move', id: promptId }, r.w.t('yourMove')), el('ul', { class: 'ag-choices', part: 'choices', 'aria-labelledby': promptId }, choices));
  return frag;
}

/**
 * An ending: the verdict, what happened in reality, the share link and "Play again".
 * @param {RenderContext} r
 * @param {View} v
 * @param {EndingView} e  `v.ending`
 */
function ending(r, v, e) {
  const w = r.w;
  const shareId = r.uid('ag-share');
  const hintId = r.uid('ag-share-hint');
  const classroom = r.mode === 'classroom' ? r.classroom : null;
  return el(
    'article',
    { class: 'ag-card ag-ending', part: 'ending', 'data-ending-id': e.id },
    el('p', { class: 'ag-badge ag-badge-verdict', part: 'badge' }, w.t('verdict')),
    r.h(1, { class: 'ag-heading ag-verdict', part: 'heading verdict', tabindex: '-1', 'data-focus-target': '' }, inline(r, e.verdict)),
    outcome(r, v.outcome),
    el('div', { class: 'ag-card-body', part: 'body' }, rich(r, e.summary)),
    el('section', { class: 'ag-reality', part: 'reality' }, r.h(2, { class: 'ag-reality-title' }, w.t('inReality')), rich(r, e.reality), cardSources(r, e.sources)),
    classroom?.handIn(r, v) ?? null,
    el(
      'div',
      { class: 'ag-share', part: 'share' },
      el('label', { for: shareId, class: 'ag-share-label' }, w.t('share')),
      el(
        'div',
        { class: 'ag-share-row' },
        el('input', {
          id: shareId,
          type: 'text',
          readonly: true,
          value: r.shareUrl(),
          class: 'ag-share-url',
          dir: 'ltr', // a URL reads left to right, in right-to-left text too
          'data-share-url': '',
          'data-action': 'select-all',
          'aria-describedby': hintId,
          spellcheck: 'false',
        }),
        el('button', { type: 'button', class: 'ag-button', part: 'button copy', 'data-action': 'copy' }, w.t('copy')),
      ),
      el('p', { class: 'ag-share-hint', id: hintId }, w.t('shareHint')),
      el('p', { class: 'ag-copy-status', 'data-copy-status': '' }),
    ),
    el('p', {}, el('button', { type: 'button', class: 'ag-button ag-button-primary', part: 'button play-again', 'data-action': 'restart' }, w.t('playAgain'))),
  );
}

/**
 * An actor's badge: the scenario's label for it, else the widget's own word, else its id.
 * @param {RenderContext} r
 * @param {string} actor
 */
function badge(r, actor) {
  const actors = (r.info?.actors ?? []).filter(a => a.id !== 'narrator');
  const slot = actors.findIndex(a => a.id === actor);
  return el('p', { class: 'ag-badge', part: 'badge', 'data-actor': actor, 'data-slot': slot >= 0 ? slot % 3 : null }, isolated(r.actorLabel(actor)));
}

/**
 * A card's image, resolved against the scenario file. The core accepts
 * only relative addresses; as a second lock, one that would leave this
 * page's origin is not shown. With the size the guide gives (or `pack`
 * measured), the `<img>` reserves its box before the image loads.
 * @param {RenderContext} r
 * @param {ImageView | null | undefined} img
 */
function image(r, img) {
  if (!img) return null;
  const url = new URL(img.src, r.base ?? document.baseURI);
  if (url.origin !== location.origin) return null;
  return el(
    'figure',
    { class: 'ag-figure', part: 'figure' },
    el('img', { class: 'ag-image', part: 'image', src: url.href, alt: img.alt, width: img.width, height: img.height, decoding: 'async' }),
    img.caption ? el('figcaption', { class: 'ag-figcaption', part: 'caption' }, inline(r, img.caption)) : null,
  );
}

/**
 * What the last random draw did and how likely it was: a model assumption.
 * @param {RenderContext} r
 * @param {OutcomeView | null | undefined} o
 */
function outcome(r, o) {
  if (!o) return null;
  const w = r.w;
  return el(
    'div',
    { class: 'ag-outcome', part: 'outcome' },
    el('p', { class: 'ag-outcome-choice' }, w.isolated('youChose', { choice: o.choice })),
    el(
      'p',
      { class: 'ag-outcome-line' },
      el('strong', { class: 'ag-outcome-label' }, inline(r, o.label)),
      ` — ${odds(r, o)} `,
      el('span', { class: 'ag-model-tag' }, w.t('parenthetical', { text: w.t('modelAssumption') })),
    ),
    o.text ? el('div', { class: 'ag-outcome-text' }, rich(r, o.text)) : null,
    cardSources(r, o.sources),
  );
}

/**
 * @param {RenderContext} r
 * @param {OutcomeView} o
 */
function odds(r, o) {
  const p = r.w.percent(o.probability);
  return o.factors.length ? r.w.t('likelyGiven', { p, factors: r.w.list(o.factors) }) : r.w.t('likely', { p });
}

/**
 * The live-region text for a step: the new heading and, if any, the outcome.
 * @param {RenderContext} r
 */
export function announcement(r) {
  const v = r.view;
  if (!v) return '';
  const heading = plain(v.ending ? v.ending.verdict : v.node?.heading);
  if (!v.outcome) return heading;
  return `${plain(v.outcome.label)} — ${odds(r, v.outcome)} ${r.w.t('parenthetical', { text: r.w.t('modelAssumption') })}. ${heading}`;
}

/**
 * A card's sources: "Sources: [1][2]".
 * @param {RenderContext} r
 * @param {string[] | undefined} keys
 */
export function cardSources(r, keys) {
  if (!keys?.length) return null;
  const label = r.w.t('cardSources');
  // A full-width colon ("来源：") carries its own space.
  const gap = /[\u3000-\u303f\uff00-\uffef]$/.test(label) ? '' : ' ';
  return el('p', { class: 'ag-card-sources' }, label + gap, el('span', { class: 'ag-cites' }, keys.map((k) => cite(r, k))));
}

/**
 * @param {RenderContext} r
 * @param {MeterView} m  a meter of the view
 */
function meter(r, m) {
  const w = r.w;
  const flag = m.kind === 'flag';
  const value = flag ? w.t(m.value ? 'yes' : 'no') : w.number(m.value);
  let delta = null;
  let words = null;
  if (m.delta) {
    const up = m.delta > 0;
    words = flag ? w.t(up ? 'flagOn' : 'flagOff') : w.t(up ? 'up' : 'down', { n: w.number(Math.abs(m.delta)) });
    delta = el(
      'span',
      { class: 'ag-delta', 'data-direction': up ? 'up' : 'down' },
      el('span', { 'aria-hidden': 'true' }, up ? '▲ ' : '▼ '),
      flag ? words : el('span', {}, el('span', { class: 'ag-visually-hidden' }, words), el('span', { 'aria-hidden': 'true' }, w.number(Math.abs(m.delta)))),
    );
  }
  const labelId = `ag-meter-label-${m.id}`;
  const row = el('div', { class: 'ag-meter-row' }, el('span', { class: 'ag-meter-label', id: labelId }, isolated(m.label)), el('span', { class: 'ag-meter-value' }, value), delta);
  const item = { class: 'ag-meter', part: 'meter', 'data-meter-id': m.id, 'data-kind': m.kind };
  if (flag) return el('li', item, row);
  const fill = el('span', { class: 'ag-meter-fill' });
  const span = m.max - m.min;
  fill.style.setProperty('--_fill', String(span > 0 ? (m.value - m.min) / span : 0));
  const bar = el('span', { class: 'ag-meter-bar', 'aria-hidden': 'true' }, fill);
  // A meter for assistive technology: its name is the label, its value the number and the last change.
  const valueText = words ? `${value}, ${words}` : value;
  const gauge = el(
    'div',
    { class: 'ag-meter-gauge', role: 'meter', 'aria-labelledby': labelId, 'aria-valuemin': m.min, 'aria-valuemax': m.max, 'aria-valuenow': m.value, 'aria-valuetext': valueText },
    row,
    bar,
  );
  return el('li', item, gauge);
}

/**
 * A citation marker: the source's number, jumping to it in the list.
 * @param {RenderContext} r
 * @param {string} key
 */
function cite(r, key) {
  const n = (r.info?.sources.findIndex(s => s.key === key) ?? -1) + 1;
  if (!n) return null;
  return el(
    'sup',
    { class: 'ag-cite' },
    el('button', { type: 'button', class: 'ag-cite-button', part: 'cite', 'data-action': 'cite', 'data-source': key, 'aria-label': r.w.t('citeLabel', { n }) }, `[${n}]`),
  );
}

/**
 * Rich text as paragraphs.
 * @param {RenderContext} r
 * @param {Rich | null | undefined} paragraphs
 */
export function rich(r, paragraphs) {
  const frag = document.createDocumentFragment();
  for (const p of paragraphs ?? []) frag.append(el('p', {}, spans(r, p)));
  return frag;
}

/**
 * Rich text inline (a heading or a label): paragraphs joined by spaces.
 * @param {RenderContext} r
 * @param {Rich | null | undefined} paragraphs
 */
export function inline(r, paragraphs) {
  const frag = isolated();
  (paragraphs ?? []).forEach((p, i) => {
    if (i) frag.append(' ');
    frag.append(...spans(r, p));
  });
  return frag;
}

/**
 * @param {RenderContext} r
 * @param {Span[]} list  a paragraph's spans
 */
function spans(r, list) {
  /** @type {Node[]} */
  const out = [];
  let cites = null; // adjacent citation markers stay on one line: [2][3], never [2] / [3]
  for (const s of list) {
    if (s.kind !== 'cite') {
      cites = null;
      out.push(span(r, s));
      continue;
    }
    const marker = cite(r, s.key);
    if (!marker) continue;
    if (!cites) {
      // The markers stay on the line of the word they follow: that word joins their no-wrap group.
      cites = el('span', { class: 'ag-cites' });
      const prev = out.at(-1);
      const word = prev instanceof Text ? r.w.lastWord(prev.data) : null;
      if (prev instanceof Text && word) {
        prev.data = prev.data.slice(0, -word.length);
        cites.append(word);
      }
      out.push(cites);
    }
    cites.append(marker);
  }
  return out;
}

/**
 * @param {RenderContext} r
 * @param {Span} s  one span
 * @returns {Node}
 */
function span(r, s) {
  switch (s.kind) {
    case 'marker':
      // An invented paragraph's tag, in the widget's own words (the core says which).
      return el('span', { class: 'ag-marker', part: 'marker', 'data-marker': s.marker }, r.w.t(s.marker === 'game' ? 'markerGame' : 'markerModel'));
    case 'em':
      return el('em', {}, s.text ?? '');
    case 'strong':
      return el('strong', {}, s.text ?? '');
    case 'link':
      // The core only lets https links through; this check is a second lock.
      if (!/^https:\/\//i.test(s.href ?? '')) return document.createTextNode(s.text ?? '');
      return el('a', { href: s.href, rel: 'noopener noreferrer', target: '_blank' }, s.text ?? '', el('span', { class: 'ag-visually-hidden' }, ` ${r.w.t('newTab')}`));
    case 'text':
      return document.createTextNode(s.text ?? '');
    default:
      return document.createTextNode('');
  }
}
