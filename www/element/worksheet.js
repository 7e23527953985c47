// @ts-check
// Classroom mode's worksheet: what a teacher prints for a lesson, a few A4
// pages instead of the full script. The map of decisions (every card in
// reading order, numbered, with its choices and where each can lead), the
// discussion prompts with room to write, the endings' verdicts to tick, and
// the sources. Drawn from the full engine's script of the guide
// (Guide.script, the same view the full script's handout is drawn from), in
// the language on screen; shown only in print (see agreement-guide.css).
// Scenario text reaches the page only as text nodes.

import { el, arrow, plain } from './dom.js';

/** Ruled lines under each prompt: room for a sentence or two, so that the whole sheet stays within six A4 pages. */
const WRITING_LINES = 3;

/**
 * An ending's mark on the worksheet: A, B, C … (then numbers, past Z).
 * @param {number} i
 */
const endingMark = (i) => (i < 26 ? String.fromCharCode(65 + i) : String(i + 1));

/**
 * The worksheet (shown only in print).
 * @param {import('./render.js').RenderContext} r  the element's render context
 * @param {import('../types/contract').Script} s  the full engine's script of the guide
 * @returns {Node[]}
 */
export function worksheet(r, s) {
  const w = r.w;
  // Cards by their number in reading order, endings by their letter.
  /** @type {Map<string, string>} */
  const marks = new Map();
  s.nodes.forEach((n, i) => marks.set(n.id, String(i + 1)));
  s.endings.forEach((e, i) => marks.set(e.id, endingMark(i)));
  const flashpoints = new Map(s.flashpoints.map((f) => [f.id, f.label]));
  // A choice leads to one of its places: "4, 5 or 6".
  const either = w.format(Intl.ListFormat, { type: 'disjunction' });
  const leadsTo = (/** @type {string[]} */ ids) => (ids.length ? el('span', { class: 'ag-ws-to' }, ' ', arrow('→'), ' ', either.format(ids.map((id) => marks.get(id) ?? id))) : null);
  const note = (/** @type {string} */ text) => el('span', { class: 'ag-ws-note' }, ' ', w.t('parenthetical', { text }));

  const choice = (/** @type {import('../types/contract').ScriptChoice} */ c) =>
    el(
      'li',
      { 'data-choice': c.id },
      r.inline(c.label),
      c.flashpoint ? note(w.t('handoutFlashpoint', { name: flashpoints.get(c.flashpoint) ?? c.flashpoint })) : null,
      c.unmet ? note(w.t('handoutUnavailable', { reason: plain(c.unmet) })) : null,
      leadsTo(c.next),
      c.outcomes.length
        ? el(
            'ul',
            { class: 'ag-ws-outcomes' },
            c.outcomes.map((o) => el('li', { 'data-outcome': o.id }, r.inline(o.label), leadsTo(o.next))),
          )
        : null,
    );

  const map = el(
    'ol',
    { class: 'ag-ws-map' },
    s.nodes.map((n) =>
      el(
        'li',
        { class: 'ag-ws-card', 'data-node': n.id },
        el('span', { class: 'ag-ws-number' }, marks.get(n.id)),
        ' ',
        el('strong', {}, r.inline(n.heading)),
        el('span', { class: 'ag-ws-actor' }, ` · ${r.actorLabel(n.actor)}`),
        el('ul', { class: 'ag-ws-choices' }, n.choices.map(choice)),
      ),
    ),
  );

  const lines = () => el('div', { class: 'ag-ws-lines' }, Array.from({ length: WRITING_LINES }, () => el('span', {})));
  const prompts = el(
    'ol',
    { class: 'ag-ws-prompts' },
    s.nodes
      .filter((n) => n.prompt)
      .map((n) =>
        el(
          'li',
          { class: 'ag-ws-prompt', 'data-node': n.id },
          el('p', { class: 'ag-ws-where' }, w.t('worksheetCard', { n: marks.get(n.id), heading: plain(n.heading) })),
          el('div', { class: 'ag-ws-question' }, r.rich(n.prompt)),
          lines(),
        ),
      ),
  );

  const endings = el(
    'ol',
    { class: 'ag-ws-endings' },
    s.endings.map((e) =>
      el(
        'li',
        { class: 'ag-ws-ending', 'data-ending': e.id },
        el('span', { class: 'ag-ws-box', 'aria-hidden': 'true' }),
        el('strong', { class: 'ag-ws-verdict' }, `${marks.get(e.id)}. `, r.inline(e.verdict)),
        el('div', {}, r.rich(e.summary)),
      ),
    ),
  );

  const field = (/** @type {string} */ id) => el('span', { class: 'ag-ws-field' }, w.t(id), el('span', { class: 'ag-ws-blank' }));
  return [
    el('p', { class: 'ag-kicker' }, w.t('worksheetKicker')),
    r.h(0, { class: 'ag-handout-title' }, r.inline(s.title)),
    el('p', { class: 'ag-ws-fields' }, field('worksheetName'), field('worksheetTeam'), field('worksheetCode')),
    el('div', { class: 'ag-ws-summary' }, r.rich(s.summary)),
    el('p', { class: 'ag-ws-how' }, w.t('worksheetHow')),
    el('section', { class: 'ag-ws-section' }, r.h(1, {}, w.t('worksheetMap')), el('p', { class: 'ag-ws-intro' }, w.t('worksheetMapNote')), map),
    el('section', { class: 'ag-ws-section' }, r.h(1, {}, w.t('worksheetPrompts')), prompts),
    el('section', { class: 'ag-ws-section' }, r.h(1, {}, w.t('handoutEndings')), el('p', { class: 'ag-ws-intro' }, w.t('worksheetEndingsNote')), endings),
    el(
      'section',
      { class: 'ag-ws-section' },
      r.h(1, {}, w.t('handoutSources')),
      el('ol', { class: 'ag-ws-sources' }, s.sources.map((src) => el('li', { 'data-source': src.key, lang: src.lang ?? null }, src.citation, src.url ? el('span', { class: 'ag-ws-url' }, ` ${src.url}`) : ''))),
    ),
  ];
}
