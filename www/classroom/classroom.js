// @ts-check
// classroom.html: a class's hand-in codes → endings and choices per step.
// The tally is the core's (Guide.tally): each code is checked and replayed in
// Rust; this file only lays the numbers out. Text goes in as text nodes.

/** @typedef {import('../types/contract').Info} Info */
/** @typedef {import('../types/contract').Script} Script */
/** @typedef {import('../types/contract').Tally} Tally */
/** @typedef {import('../types/engine').Guide} Guide */
/** @typedef {{ guide: Guide, info: Info, script: Script }} Entry */

import { el, svg, plain } from '../element/dom.js';
import { loadFullEngineBeside } from '../element/wasm.js';
import { clip, errorMessage } from '../element/text.js';

// The full engine from the site's root (www/, this module's parent folder).
const core = await loadFullEngineBeside(new URL('../', import.meta.url).href);

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('en');
/** The page is in English: `1 code`, `2 codes` by its plural rules. */
const plural = new Intl.PluralRules('en');

const form = /** @type {HTMLFormElement} */ (document.getElementById('tally-form'));
const guideSelect = /** @type {HTMLSelectElement} */ (document.getElementById('guide'));
const codesInput = /** @type {HTMLTextAreaElement} */ (document.getElementById('codes'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const results = /** @type {HTMLElement} */ (document.getElementById('results'));

// ?src= preselects a guide on this site (only the listed ones can be chosen).
const asked = new URLSearchParams(location.search).get('src');
if (asked && [...guideSelect.options].some((o) => o.value === asked)) guideSelect.value = asked;

/** @type {Map<string, Entry>} src → the guide, its info and script */
const guides = new Map();

/** @param {string} src @returns {Promise<Entry>} */
async function loadGuide(src) {
  const loaded = guides.get(src);
  if (loaded) return loaded;
  const res = await fetch(new URL(src, location.href), { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the guide ${src} could not be loaded (the server answered ${res.status})`);
  const guide = core.Guide.load(await res.text(), 0);
  const entry = { guide, info: guide.info('en'), script: guide.script('en') };
  guides.set(src, entry);
  return entry;
}

/**
 * A horizontal bar chart (hidden from screen readers: the table beside it has the numbers).
 * @param {{ label: string, count: number }[]} rows
 * @param {number} total
 */
function bars(rows, total) {
  const labelWidth = 240;
  const barWidth = 300;
  const rowHeight = 26;
  const width = labelWidth + barWidth + 90;
  const chart = svg('svg', { class: 'classroom-chart', viewBox: `0 0 ${width} ${rows.length * rowHeight}`, width, height: rows.length * rowHeight, 'aria-hidden': 'true', focusable: 'false' });
  rows.forEach((r, i) => {
    const share = total ? r.count / total : 0;
    const y = i * rowHeight;
    chart.append(
      svg('text', { x: 0, y: y + 17, class: 'classroom-chart-label' }, clip(r.label, 34)),
      svg('rect', { x: labelWidth, y: y + 4, width: barWidth, height: 18, class: 'classroom-bar-track' }),
      svg('rect', { x: labelWidth, y: y + 4, width: (share * barWidth).toFixed(2), height: 18, class: 'classroom-bar', 'data-count': r.count }),
      svg('text', { x: labelWidth + barWidth + 6, y: y + 17, class: 'classroom-chart-value' }, `${number.format(r.count)} (${percent.format(share)})`),
    );
  });
  return chart;
}

/** @param {Entry} entry @param {Tally} tally */
function render({ info, script }, tally) {
  const endingName = new Map(info.endings.map((e) => [e.id, e.verdict]));
  const nodes = new Map(script.nodes.map((n) => [n.id, n]));
  const parts = [];

  parts.push(
    el('p', { class: 'classroom-summary', 'data-summary': '' }, `${number.format(tally.runs)} ${plural.select(tally.runs) === 'one' ? 'code' : 'codes'} counted, ${number.format(tally.finished)} reached an ending, ${number.format(tally.rejected.length)} skipped.`),
  );

  if (tally.rejected.length) {
    parts.push(
      el('section', { class: 'classroom-rejected', 'aria-labelledby': 'rejected-title' },
        el('h2', { id: 'rejected-title' }, 'Codes skipped'),
        el('ul', {}, tally.rejected.map((r) => el('li', { 'data-line': r.line }, el('strong', {}, `Line ${r.line}: `), el('code', {}, r.code), ` — ${r.reason}`))),
      ),
    );
  }

  const endingRows = tally.endings.map(([id, count]) => ({ id, label: endingName.get(id) ?? id, count }));
  parts.push(
    el('section', { 'aria-labelledby': 'endings-title' },
      el('h2', { id: 'endings-title' }, 'Endings reached'),
      bars(endingRows, tally.finished),
      el('table', { class: 'classroom-table', 'data-table': 'endings' },
        el('caption', {}, `Share of the ${number.format(tally.finished)} runs that reached an ending`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Ending'), el('th', { scope: 'col' }, 'Students'), el('th', { scope: 'col' }, 'Share'))),
        el('tbody', {}, endingRows.map((r) => el('tr', { 'data-ending': r.id }, el('th', { scope: 'row' }, r.label), el('td', { 'data-count': r.count }, number.format(r.count)), el('td', {}, percent.format(tally.finished ? r.count / tally.finished : 0))))),
      ),
    ),
  );

  // Choices per step, in the script's reading order; only steps someone reached.
  const byNode = new Map();
  for (const c of tally.choices) {
    if (!byNode.has(c.node)) byNode.set(c.node, new Map());
    byNode.get(c.node).set(c.choice, c.count);
  }
  const steps = script.nodes.filter((n) => byNode.has(n.id));
  parts.push(
    el('section', { 'aria-labelledby': 'choices-title' },
      el('h2', { id: 'choices-title' }, 'What the class chose at each step'),
      steps.length ? null : el('p', {}, 'No choices yet.'),
      steps.map((n) => {
        const counts = byNode.get(n.id);
        const rows = n.choices.map((c) => ({ id: c.id, label: plain(c.label), count: counts.get(c.id) ?? 0 }));
        const total = rows.reduce((a, r) => a + r.count, 0);
        const titleId = `step-${n.id}`;
        return el('section', { class: 'classroom-step', 'data-node': n.id, 'aria-labelledby': titleId },
          el('h3', { id: titleId }, plain(nodes.get(n.id)?.heading)),
          bars(rows, total),
          el('table', { class: 'classroom-table' },
            el('caption', { class: 'visually-hidden' }, `Choices at “${plain(n.heading)}”`),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Choice'), el('th', { scope: 'col' }, 'Times chosen'))),
            el('tbody', {}, rows.map((r) => el('tr', { 'data-choice': r.id }, el('th', { scope: 'row' }, r.label), el('td', { 'data-count': r.count }, number.format(r.count))))),
          ),
        );
      }),
    ),
  );
  results.replaceChildren(...parts);
  results.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'Tallying…';
  try {
    const entry = await loadGuide(guideSelect.value);
    const tally = entry.guide.tally(codesInput.value);
    render(entry, tally);
    status.textContent = `Tallied: ${tally.runs} counted, ${tally.rejected.length} skipped.`;
  } catch (err) {
    results.hidden = true;
    status.textContent = `The codes could not be tallied: ${errorMessage(err)}`;
  }
});

document.documentElement.dataset.ready = 'true';
