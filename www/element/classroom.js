// @ts-check
// Classroom mode's parts of a card, loaded only in classroom mode (built by
// scripts/build.sh into www/agreement-guide-classroom.js; the element imports
// it with import(assetUrl('classroom', …)) before its first classroom card):
// discussion prompts, team play (whose turn it is; the other team picks a
// random choice's response), the hand-in code at an ending, and what a teacher
// prints: the worksheet (./worksheet.js) or the full script's handout. Each function takes the element's render context `r` (see
// ./render.js); scenario text reaches the page only as text nodes.

import { el, arrow, plain } from './dom.js';

export { worksheet } from './worksheet.js';
// Its words, which the element adds to its own when this file loads (engine.js).
export { WORDS } from './classroom-words.js';

/** @typedef {import('./render.js').RenderContext} RenderContext */
/** @typedef {import('../types/contract').View} View */
/** @typedef {import('../types/contract').CardView} CardView */
/** @typedef {import('../types/contract').Script} Script */
/** @typedef {import('../types/contract').ScriptChoice} ScriptChoice */
/** @typedef {import('../types/contract').ScriptOutcome} ScriptOutcome */

/**
 * A card's discussion prompt.
 * @param {RenderContext} r
 * @param {CardView} node
 */
export function prompt(r, node) {
  if (!node.prompt) return null;
  return el('div', { class: 'ag-prompt', part: 'prompt' }, el('p', { class: 'ag-prompt-title' }, r.w.t('discussion')), r.rich(node.prompt));
}

/**
 * Under a card in team play: whose turn it is, then the choices, or the
 * responses the other team picks from. Null when team play is off (the
 * reader's "Your move" then).
 * @param {RenderContext} r
 * @param {View} v
 * @param {string} promptId
 * @param {HTMLElement[]} choices
 */
export function moveArea(r, v, promptId, choices) {
  if (!r.teams) return null;
  const w = r.w;
  const node = v.node;
  if (!node) return null;
  const frag = document.createDocumentFragment();
  const pending = r.pending ? v.choices.find((c) => c.id === r.pending) : null;
  const decider = pending ? r.decider(node, pending) : null;
  // Narrated cards are read together; otherwise the choosing team, or the one picking a response.
  const actor = decider ?? node.turn ?? null;
  const text = actor ? w.t('turn', { team: r.actorLabel(actor) }) : w.t('turnTogether');
  frag.append(el('p', { class: 'ag-turn', part: 'turn', 'data-turn': actor ?? 'together' }, text));
  if (pending && decider) {
    const headingId = r.uid('ag-pick');
    const options = pending.outcomes
      .filter((o) => o.probability > 0)
      .map((o) =>
        el(
          'li',
          {},
          el(
            'button',
            { type: 'button', class: 'ag-choice', part: 'choice', 'data-action': 'choose-outcome', 'data-for-choice': pending.id, 'data-outcome-id': o.id },
            el('span', { class: 'ag-choice-label' }, r.inline(o.label)),
            el('span', { class: 'ag-choice-note' }, `${w.t('likely', { p: w.percent(o.probability) })} ${w.t('parenthetical', { text: w.t('modelAssumption') })}`),
          ),
        ),
      );
    frag.append(
      el('p', { class: 'ag-move', id: headingId }, w.t('pickOutcome', { team: r.actorLabel(decider) })),
      el('p', { class: 'ag-pick-hint' }, el('strong', {}, w.t('youChose', { choice: plain(pending.label) })), el('br'), w.t('pickOutcomeHint')),
      el('ul', { class: 'ag-choices ag-outcome-choices', part: 'choices', 'aria-labelledby': headingId }, options),
      el('p', {}, el('button', { type: 'button', class: 'ag-button ag-button-small', 'data-action': 'cancel-outcome', 'data-for-choice': pending.id }, w.t('cancelOutcome'))),
    );
    return frag;
  }
  frag.append(el('p', { class: 'ag-move', id: promptId }, w.t('yourMove')), el('ul', { class: 'ag-choices', part: 'choices', 'aria-labelledby': promptId }, choices));
  return frag;
}

/**
 * At an ending: the code a student hands in (the share token).
 * @param {RenderContext} r
 * @param {View} v
 */
export function handIn(r, v) {
  const w = r.w;
  const id = r.uid('ag-hand-in');
  const hint = r.uid('ag-hand-in-hint');
  return el(
    'div',
    { class: 'ag-share ag-hand-in', part: 'hand-in' },
    el('label', { for: id, class: 'ag-share-label' }, w.t('handInLabel')),
    el(
      'div',
      { class: 'ag-share-row' },
      el('input', { id, type: 'text', readonly: true, value: v.token, class: 'ag-share-url', dir: 'ltr', 'data-hand-in': '', 'data-action': 'select-all', 'aria-describedby': hint, spellcheck: 'false' }),
      el('button', { type: 'button', class: 'ag-button', part: 'button copy-code', 'data-action': 'copy-code' }, w.t('copyCode')),
    ),
    el('p', { class: 'ag-share-hint', id: hint }, w.t('handInHint')),
    el('p', { class: 'ag-copy-status', 'data-code-status': '' }),
  );
}

/**
 * The whole script as a handout (shown only in print, when the teacher asks for it): every card in reading
 * order with its choices, their possible responses, sources and prompts, then
 * every ending and the sources.
 * @param {RenderContext} r
 * @param {Script} s  the full engine's script of the guide (Guide.script)
 * @returns {Node[]}
 */
export function handout(r, s) {
  const w = r.w;
  const names = new Map(/** @type {[string, string][]} */ ([...s.nodes.map((n) => [n.id, plain(n.heading)]), ...s.endings.map((e) => [e.id, plain(e.verdict)])]));
  const flashpoints = new Map(s.flashpoints.map((f) => [f.id, f.label]));
  const leadsTo = (/** @type {string[]} */ ids) =>
    ids.length ? el('span', { class: 'ag-handout-next' }, ' ', arrow('→'), ` ${w.t('handoutLeadsTo', { to: w.list(ids.map((id) => names.get(id) ?? id)) })}`) : null;
  const note = (/** @type {string} */ text) => el('span', { class: 'ag-handout-note' }, ` — ${text}`);
  const choice = (/** @type {ScriptChoice} */ c) =>
    el(
      'li',
      { 'data-choice': c.id },
      el('strong', {}, r.inline(c.label)),
      c.flashpoint ? note(w.t('handoutFlashpoint', { name: flashpoints.get(c.flashpoint) ?? c.flashpoint })) : null,
      c.unmet ? note(w.t('handoutUnavailable', { reason: plain(c.unmet) })) : null,
      leadsTo(c.next),
      c.outcomes.length
        ? el(
            'div',
            { class: 'ag-handout-outcomes' },
            el('p', {}, w.t('handoutOutcomes')),
            el(
              'ul',
              {},
              c.outcomes.map((o) =>
                el('li', { 'data-outcome': o.id }, el('strong', {}, r.inline(o.label)), o.actor ? ` (${r.actorLabel(o.actor)})` : '', leadsTo(o.next), o.text ? el('div', {}, r.rich(o.text)) : null, r.cardSources(o.sources)),
              ),
            ),
          )
        : null,
    );
  return [
    r.h(0, { class: 'ag-handout-title' }, r.inline(s.title)),
    el('p', { class: 'ag-kicker' }, w.t('handoutTitle')),
    el('div', {}, r.rich(s.summary)),
    el('div', { class: 'ag-model-tag' }, r.rich(s.assumptions)),
    el(
      'ol',
      { class: 'ag-handout-nodes' },
      s.nodes.map((n) =>
        el(
          'li',
          { class: 'ag-handout-node', 'data-node': n.id },
          r.h(1, {}, r.inline(n.heading)),
          el('p', { class: 'ag-handout-actor' }, r.actorLabel(n.actor)),
          el('div', {}, r.rich(n.body)),
          r.cardSources(n.sources),
          n.prompt ? el('div', { class: 'ag-prompt' }, el('p', { class: 'ag-prompt-title' }, w.t('discussion')), r.rich(n.prompt)) : null,
          el('p', { class: 'ag-handout-label' }, w.t('handoutChoices')),
          el('ul', {}, n.choices.map(choice)),
        ),
      ),
    ),
    r.h(1, {}, w.t('handoutEndings')),
    el(
      'ol',
      { class: 'ag-handout-endings' },
      s.endings.map((e) =>
        el('li', { 'data-ending': e.id }, r.h(2, {}, r.inline(e.verdict)), r.rich(e.summary), el('p', { class: 'ag-handout-label' }, w.t('inReality')), r.rich(e.reality), r.cardSources(e.sources)),
      ),
    ),
    r.h(1, {}, w.t('handoutSources')),
    el('ol', { class: 'ag-handout-sources' }, s.sources.map(src => el('li', {}, src.citation, src.url ? ` ${src.url}` : ''))),
  ];
}
