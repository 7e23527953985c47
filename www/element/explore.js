// @ts-check
// The <agreement-guide> "Explore" panel, loaded on demand by the widget
// (built by scripts/build-element.mjs into www/agreement-guide-explore.js):
//
//   const { createExplorer } = await loadExplore();   // engine.js: import(assetUrl('explore'))
//   const explorer = createExplorer(context);   // context: see createExplorer below
//   container.append(explorer.element);
//   explorer.update();                          // after every step
//
// Three views of what could happen, all computed by the Rust core:
//   Odds from here   exact probability of each ending from the current state
//                    under a strategy (Guide.odds), as bars and as a table;
//   Strategy lab     the scenario's strategies over N simulated runs each
//                    (Guide.simulateBatch, in batches with a yield between them
//                    so the page never freezes), deterministic by seed;
//   Mechanism map    the scenario graph laid out by the core (Guide.map), the
//                    reader's path highlighted; a visited step jumps back there.
//
// It imports only the DOM builder (esbuild copies those few lines into its
// file, so the single-file bundle can still inline it as one data: URL); the
// widget hands it the rest. It carries its own styles (adopted into the shadow
// root on the first update). Scenario text reaches the DOM only as text nodes.

import { el, svg, plain } from './dom.js';
import { clip, errorMessage } from './text.js';

// Its words, which the element adds to its own when this file loads (engine.js).
export { WORDS } from './explore-words.js';

/** Runs per core call in the strategy lab: small enough that a batch takes a few ms. */
export const LAB_BATCH = 2_000;
/** Default number of simulated runs per strategy. */
export const LAB_RUNS = 10_000;
/** The most runs per strategy the lab accepts. */
export const LAB_MAX_RUNS = 1_000_000;

/**
 * The panel's own styles. It adopts them into the widget's shadow root when
 * first shown, as a constructable stylesheet: not inline <style> text, so a
 * strict `style-src 'self'` allows them, and inside this module, so they reach
 * a reader only with it, in the hashed dist/ file and the single-file bundle
 * alike. They use the widget's colours and sizes (--_* in agreement-guide.css).
 */
const STYLES = `
.ag-explore-panels {
  display: grid;
  gap: calc(var(--_space) * 1.5);
}

.ag-explore-section {
  min-inline-size: 0;
}

.ag-explore-title {
  margin-block: 0 0.25em;
  font-size: 1.15em;
}

.ag-explore-subtitle {
  margin-block: var(--_space) 0.25em;
  font-size: 1em;
}

.ag-explore-intro {
  margin-block: 0 0.5em;
  color: var(--_muted);
}

.ag-field {
  margin-block: 0.5em;
}

.ag-select,
.ag-input {
  font: inherit;
  color: var(--_fg);
  background: var(--_bg);
  border: 1px solid var(--_muted);
  border-radius: var(--_radius);
  padding: 0.25em 0.5em;
}

.ag-input {
  inline-size: 9em;
}

.ag-select:focus-visible,
.ag-input:focus-visible,
.ag-check input:focus-visible,
.ag-map:focus-visible,
.ag-table-scroll:focus-visible,
.ag-map-jump:focus-visible {
  outline: 3px solid var(--_focus);
  outline-offset: 2px;
}

.ag-lab-strategies {
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  margin: 0;
  padding: 0.25em 0.75em;
}

.ag-check {
  margin-block: 0.25em;
}

.ag-check-note {
  color: var(--_muted);
}

.ag-lab-settings {
  display: flex;
  flex-wrap: wrap;
  align-items: end;
  gap: 0 var(--_space);
}

.ag-lab-progress {
  inline-size: 100%;
}

.ag-chart,
.ag-table-scroll {
  overflow-x: auto;
}

.ag-chart svg,
.ag-map svg {
  display: block;
  max-inline-size: 100%;
  block-size: auto;
}

.ag-bars text {
  fill: var(--_fg);
  font-size: 13px;
}

.ag-bar-track {
  fill: var(--_surface);
}

.ag-bar {
  fill: var(--_accent);
}

.ag-bar[data-series="1"] {
  fill: var(--_actor-2);
}

.ag-bar[data-series="2"] {
  fill: var(--_actor-3);
}

.ag-bar[data-series="3"] {
  fill: var(--_verdict);
}

.ag-bar[data-series="4"] {
  fill: var(--_narrator);
}

.ag-bar[data-series="5"] {
  fill: var(--_focus);
}

.ag-lab-table {
  border-collapse: collapse;
  margin-block-start: 0.5em;
  font-size: 0.9em;
}

.ag-lab-table :is(th, td) {
  border: 1px solid var(--_border);
  padding: 0.2em 0.5em;
  text-align: start;
}

.ag-lab-table td {
  font-variant-numeric: tabular-nums;
}

.ag-lab-table caption {
  text-align: start;
  color: var(--_muted);
}

.ag-map {
  overflow: auto;
  max-block-size: 36rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
}

.ag-map svg {
  max-inline-size: none;
}

.ag-map-box {
  fill: var(--_surface);
  stroke: var(--_border);
  stroke-width: 1;
}

.ag-map-text {
  fill: var(--_muted);
  font-size: 12px;
}

.ag-map-item[data-state="visited"],
.ag-map-item[data-state="current"] {
  cursor: pointer;
}

.ag-map-item[data-state="current"] {
  cursor: default;
}

.ag-map-item[data-state="visited"] .ag-map-box {
  fill: var(--_bg);
  stroke: var(--_accent);
  stroke-width: 2;
}

.ag-map-item[data-state="current"] .ag-map-box {
  fill: var(--_accent);
  stroke: var(--_accent);
  stroke-width: 2;
}

.ag-map-item:is([data-state="visited"], [data-state="current"]) .ag-map-text {
  fill: var(--_fg);
  font-weight: 600;
}

.ag-map-item[data-state="current"] .ag-map-text {
  fill: var(--_accent-fg);
}

.ag-map-item[data-state="visited"]:hover .ag-map-box {
  fill: var(--_surface);
}

.ag-map-link {
  fill: none;
  stroke: var(--_border);
  stroke-width: 1;
}

.ag-map-link[data-chance="true"] {
  stroke-dasharray: 4 3;
}

.ag-map-link[data-taken="true"] {
  stroke: var(--_accent);
  stroke-width: 2.5;
  stroke-dasharray: none;
}

.ag-map-arrowhead {
  fill: var(--_muted);
}

.ag-map-steps {
  columns: 16rem auto;
  margin: 0;
  padding-inline-start: 1.5em;
}

.ag-map-steps li[data-state="untaken"] {
  color: var(--_muted);
}

.ag-map-steps li[data-state="current"] {
  font-weight: 600;
}

.ag-map-state {
  color: var(--_muted);
  font-weight: normal;
}

.ag-map-jump {
  font: inherit;
  color: var(--_accent);
  background: none;
  border: none;
  padding: 0;
  text-decoration: underline;
  cursor: pointer;
  text-align: start;
}
`;

/** One sheet per page, shared by every widget's panel. @type {CSSStyleSheet | null} */
let sheet = null;

/**
 * Adds the panel's styles to the shadow root (or document) holding `node`, once.
 * @param {Node} node
 */
function adoptStyles(node) {
  const root = /** @type {Document | ShadowRoot} */ (node.getRootNode());
  if (!root || !('adoptedStyleSheets' in root)) return; // not attached yet: the next update adopts them
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** Yields to the page (input, paint) between lab batches. */
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

/** @typedef {import('../types/contract').Info} Info */
/** @typedef {import('../types/contract').View} View */
/** @typedef {import('../types/engine').Guide} Guide */
/** The strategy lab's settings (in the share link as `seed.runs.a,b`). @typedef {{ seed: number, runs: number, strategies: string[] }} LabSettings */

/**
 * What the element lends the panel (explore-host.js builds it).
 * @typedef {object} ExplorerContext
 * @property {Guide} guide  the core's Guide handle (odds, simulateBatch, map, script)
 * @property {(id: string, vars?: Record<string, unknown>) => string} t  the widget's strings, in the language on screen
 * @property {import('./render.js').RenderContext['h']} h  a heading one level below the widget's cards
 * @property {(p: number) => string} percent  formatter for the language on screen
 * @property {(n: number) => string} number  formatter for the language on screen
 * @property {() => Info | null} info  what the guide is
 * @property {() => View | null} view  what to show now
 * @property {() => string} lang  the language on screen
 * @property {(prefix: string) => string} uid  a unique id for labels
 * @property {(step: number) => boolean} rewind  jump back to the state after `step` steps
 * @property {LabSettings | null} lab  settings from a shared link
 * @property {(settings: LabSettings) => void} onLab  the lab was run with these settings (the widget puts them in the link)
 */

/** The panel createExplorer builds. @typedef {ReturnType<typeof createExplorer>} Explorer */
/** The panel and the language it was built in. @typedef {ReturnType<typeof explorePanel>} ExplorePanel */
/** One bar of a chart row. @typedef {{ key?: string, value: number, count?: number, text: string }} Bar */
/** One ending's row of a chart: its bars, one per series. @typedef {{ id: string, label: string, series: Bar[] }} ChartRow */
/** An ending's probability (the odds table). @typedef {{ id: string, label: string, p: number }} OddsRow */
/** One strategy's lab result. @typedef {{ strategy: string, counts: Record<string, number>, unfinished: number }} LabResult */
/** A map item with its place in the core's list. @typedef {import('../types/contract').MapItem & { index: number }} PlacedItem */

/**
 * Parses the lab's link parameter `seed.runs.strategy,strategy`, or null.
 * @param {string | null} value
 * @returns {LabSettings | null}
 */
export function parseLabParam(value) {
  if (!value) return null;
  const [seed, runs, list] = value.split('.');
  const s = Number(seed);
  const r = Number(runs);
  if (!Number.isSafeInteger(s) || s < 0 || !Number.isSafeInteger(r) || r < 1 || r > LAB_MAX_RUNS) return null;
  const strategies = (list ?? '').split(',').filter((x) => /^[a-z0-9][a-z0-9_-]*$/.test(x));
  return strategies.length ? { seed: s, runs: r, strategies } : null;
}

/**
 * The lab's link parameter for these settings.
 * @param {LabSettings} settings
 */
export function formatLabParam({ seed, runs, strategies }) {
  return `${seed}.${runs}.${strategies.join(',')}`;
}

/**
 * Builds the Explore panel.
 * @param {ExplorerContext} ctx
 */
export function createExplorer(ctx) {
  const { t } = ctx;
  let labRun = 0; // a newer run cancels an older one
  let labSettings = ctx.lab;
  /** @type {{ lang: string, value: import('../types/contract').Script } | null} */
  let scriptCache = null;

  const ids = {
    odds: ctx.uid('ag-odds'),
    strategy: ctx.uid('ag-odds-strategy'),
    lab: ctx.uid('ag-lab'),
    runs: ctx.uid('ag-lab-runs'),
    seed: ctx.uid('ag-lab-seed'),
    map: ctx.uid('ag-map'),
  };

  // ── Odds from here ──────────────────────────────────────────────────────
  const strategySelect = el('select', { id: ids.strategy, class: 'ag-select', 'data-explore': 'odds-strategy' });
  const oddsChart = el('div', { class: 'ag-chart', 'data-explore': 'odds-chart' });
  const oddsNote = el('p', { class: 'ag-model-tag' });
  const oddsSection = el(
    'section',
    { class: 'ag-explore-section', 'aria-labelledby': ids.odds, 'data-explore': 'odds' },
    ctx.h(2, { id: ids.odds, class: 'ag-explore-title' }, t('oddsTitle')),
    el('p', { class: 'ag-explore-intro' }, t('oddsIntro')),
    el('p', { class: 'ag-field' }, el('label', { for: ids.strategy }, t('oddsStrategy')), ' ', strategySelect),
    oddsChart,
    oddsNote,
  );
  strategySelect.addEventListener('change', () => renderOdds());

  // ── Strategy lab ────────────────────────────────────────────────────────
  const strategyBoxes = el('fieldset', { class: 'ag-lab-strategies' });
  const runsInput = el('input', { id: ids.runs, type: 'number', min: 100, max: LAB_MAX_RUNS, step: 100, inputmode: 'numeric', class: 'ag-input', 'data-explore': 'lab-runs' });
  const seedInput = el('input', { id: ids.seed, type: 'number', min: 0, step: 1, inputmode: 'numeric', class: 'ag-input', 'data-explore': 'lab-seed' });
  const runButton = el('button', { type: 'button', class: 'ag-button ag-button-primary', 'data-explore': 'lab-run' }, t('labRun'));
  const progress = el('progress', { class: 'ag-lab-progress', max: 1, value: 0, hidden: true, 'aria-label': t('labProgress') });
  const labStatus = el('p', { class: 'ag-lab-status', role: 'status', 'aria-live': 'polite', 'data-explore': 'lab-status' });
  const labChart = el('div', { class: 'ag-chart', 'data-explore': 'lab-chart' });
  const labSection = el(
    'section',
    { class: 'ag-explore-section', 'aria-labelledby': ids.lab, 'data-explore': 'lab' },
    ctx.h(2, { id: ids.lab, class: 'ag-explore-title' }, t('labTitle')),
    el('p', { class: 'ag-explore-intro' }, t('labIntro')),
    strategyBoxes,
    el(
      'div',
      { class: 'ag-lab-settings' },
      el('p', { class: 'ag-field' }, el('label', { for: ids.runs }, t('labRuns')), ' ', runsInput),
      el('p', { class: 'ag-field' }, el('label', { for: ids.seed }, t('labSeed')), ' ', seedInput),
      runButton,
    ),
    progress,
    labStatus,
    labChart,
  );
  runButton.addEventListener('click', () => runLab());

  // ── Mechanism map ───────────────────────────────────────────────────────
  // Scrolls when the map is wider than the panel, so it takes focus and a name for keyboard readers.
  const mapFigure = el('div', { class: 'ag-map', tabindex: '0', role: 'group', 'aria-label': t('mapTitle'), 'data-explore': 'map-figure' });
  const mapList = el('ol', { class: 'ag-map-steps', 'data-explore': 'map-steps' });
  const mapSection = el(
    'section',
    { class: 'ag-explore-section', 'aria-labelledby': ids.map, 'data-explore': 'map' },
    ctx.h(2, { id: ids.map, class: 'ag-explore-title' }, t('mapTitle')),
    el('p', { class: 'ag-explore-intro' }, t('mapIntro')),
    mapFigure,
    ctx.h(3, { class: 'ag-explore-subtitle' }, t('mapStepsTitle')),
    mapList,
  );

  const element = el('div', { class: 'ag-explore-panels' }, oddsSection, labSection, mapSection);

  /**
   * The guide's strategies, in the core's order (`uniform` first). The core
   * gives its built-in `uniform` no words (empty label and description); the
   * panel names it in the language on screen, like its other strings.
   */
  function strategies() {
    return (ctx.info()?.strategies ?? []).map((s) => (s.id === 'uniform' ? { ...s, label: t('strategyUniform'), description: t('strategyUniformNote') } : s));
  }

  function fillStrategyControls() {
    const list = strategies();
    const chosen = strategySelect.value || 'uniform';
    strategySelect.replaceChildren(...list.map((s) => el('option', { value: s.id }, s.label)));
    strategySelect.value = list.some((s) => s.id === chosen) ? chosen : 'uniform';

    const want = labSettings?.strategies ?? list.filter((s) => s.id !== 'uniform').map((s) => s.id);
    strategyBoxes.replaceChildren(
      el('legend', {}, t('labStrategies')),
      ...list.map((s) => {
        const id = ctx.uid('ag-lab-strategy');
        return el(
          'p',
          { class: 'ag-check' },
          el('input', { type: 'checkbox', id, value: s.id, checked: want.includes(s.id), 'data-strategy': s.id }),
          ' ',
          el('label', { for: id }, s.label),
          s.description ? el('span', { class: 'ag-check-note' }, ` — ${s.description}`) : null,
        );
      }),
    );
    runsInput.value = String(labSettings?.runs ?? LAB_RUNS);
    seedInput.value = String(labSettings?.seed ?? 1);
  }

  // ── rendering: odds ─────────────────────────────────────────────────────
  function renderOdds() {
    const info = ctx.info();
    if (!info) return;
    let odds;
    try {
      odds = ctx.guide.odds(strategySelect.value || 'uniform');
    } catch (err) {
      oddsChart.replaceChildren(el('p', { class: 'ag-explore-error' }, t('oddsFailed', { message: errorMessage(err) })));
      oddsNote.textContent = '';
      return;
    }
    const rows = info.endings.map((e) => ({ id: e.id, label: e.verdict, p: odds.endings[e.id] ?? 0 }));
    oddsChart.replaceChildren(barChart(rows.map((r) => ({ ...r, series: [{ key: 'p', value: r.p, text: ctx.percent(r.p) }] })), { kind: 'odds' }), oddsTable(rows));
    oddsNote.textContent = `${t('oddsAssumption')}${odds.exact ? '' : ` ${t('oddsApprox')}`}`;
  }

  /**
   * The odds as a table for screen readers. It is hidden in a box of its own:
   * a table is never narrower than its content, so hidden by itself it would
   * still widen the page (sideways scrolling on a phone).
   * @param {OddsRow[]} rows
   */
  function oddsTable(rows) {
    return el('div', { class: 'ag-visually-hidden' }, el(
      'table',
      { 'data-explore': 'odds-table' },
      el('caption', {}, t('oddsTitle')),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('ending')), el('th', { scope: 'col' }, t('probability')))),
      el('tbody', {}, rows.map((r) => el('tr', { 'data-ending': r.id, 'data-p': r.p }, el('th', { scope: 'row' }, r.label), el('td', {}, ctx.percent(r.p))))),
    ));
  }

  /**
   * A horizontal bar chart as SVG (hidden from screen readers, which get the
   * table beside it): one row per ending — its name on a line of its own, then
   * one bar per series. Narrow enough (272 units) to be drawn at full size in
   * a 320 px phone's column, so its 13 px text is not scaled down.
   * @param {ChartRow[]} rows
   * @param {{ kind: string, legend?: string[] | null }} options
   */
  function barChart(rows, { kind, legend = null }) {
    const labelHeight = 18;
    const barWidth = 220;
    const valueWidth = 52;
    const barHeight = 16;
    const seriesCount = Math.max(1, rows[0]?.series.length ?? 1);
    const rowHeight = labelHeight + seriesCount * (barHeight + 4) + 10;
    const legendHeight = legend ? legend.length * 20 + 8 : 0;
    const width = barWidth + valueWidth;
    const height = legendHeight + rows.length * rowHeight;
    const chart = svg('svg', {
      class: `ag-bars ag-bars-${kind}`,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      'aria-hidden': 'true',
      focusable: 'false',
      'data-explore': `${kind}-svg`,
    });
    if (legend) {
      legend.forEach((name, i) => {
        chart.append(
          svg('rect', { x: 0, y: i * 20 + 2, width: 14, height: 14, class: 'ag-bar', 'data-series': i % 6 }),
          svg('text', { x: 20, y: i * 20 + 14, class: 'ag-chart-legend' }, clip(name, ctx.lang().startsWith('zh') ? 18 : 36)),
        );
      });
    }
    rows.forEach((row, r) => {
      const top = legendHeight + r * rowHeight;
      chart.append(svg('text', { x: 0, y: top + 13, class: 'ag-chart-label' }, clip(row.label, ctx.lang().startsWith('zh') ? 20 : 40), svg('title', {}, row.label)));
      row.series.forEach((s, i) => {
        const y = top + labelHeight + i * (barHeight + 4);
        const w = Math.max(0, Math.min(1, s.value)) * barWidth;
        chart.append(
          svg('rect', { x: 0, y, width: barWidth, height: barHeight, class: 'ag-bar-track' }),
          svg('rect', { x: 0, y, width: w.toFixed(2), height: barHeight, class: 'ag-bar', 'data-series': i % 6, 'data-ending': row.id, 'data-value': s.value, 'data-count': s.count ?? null }),
          svg('text', { x: barWidth + 6, y: y + barHeight - 3, class: 'ag-chart-value' }, s.text),
        );
      });
    });
    return chart;
  }

  // ── strategy lab ────────────────────────────────────────────────────────
  /** @returns {LabSettings | { error: string }} */
  function readLabSettings() {
    const chosen = [.../** @type {NodeListOf<HTMLInputElement>} */ (strategyBoxes.querySelectorAll('input[type="checkbox"]:checked'))].map((b) => b.value);
    const runs = Math.round(Number(runsInput.value));
    const seed = Math.round(Number(seedInput.value));
    if (!chosen.length) return { error: t('labNoStrategy') };
    if (!Number.isSafeInteger(runs) || runs < 1 || runs > LAB_MAX_RUNS) return { error: t('labBadRuns', { max: ctx.number(LAB_MAX_RUNS) }) };
    if (!Number.isSafeInteger(seed) || seed < 0) return { error: t('labBadSeed') };
    return { seed, runs, strategies: chosen };
  }

  /**
   * Runs the lab with the settings in the form; resolves when done (or
   * superseded). The Run button stays usable meanwhile: a new run replaces
   * the one under way (so it is not marked disabled).
   */
  async function runLab() {
    const settings = readLabSettings();
    if ('error' in settings) {
      labStatus.textContent = settings.error;
      return null;
    }
    const id = ++labRun;
    labSettings = settings;
    const { seed, runs, strategies: chosen } = settings;
    const total = runs * chosen.length;
    /** @type {LabResult[]} */
    const results = [];
    progress.hidden = false;
    progress.value = 0;
    labStatus.textContent = t('labRunning', { count: total, runs: ctx.number(total) });
    labChart.setAttribute('aria-busy', 'true');
    const started = performance.now();
    try {
      for (const [k, strategy] of chosen.entries()) {
        /** @type {Record<string, number>} */
        const counts = {};
        let unfinished = 0;
        for (let first = 0; first < runs; first += LAB_BATCH) {
          const n = Math.min(LAB_BATCH, runs - first);
          const part = ctx.guide.simulateBatch(first, n, strategy, seed);
          for (const [ending, count] of Object.entries(part.endings)) counts[ending] = (counts[ending] ?? 0) + (count ?? 0);
          unfinished += part.unfinished;
          progress.value = (k * runs + first + n) / total;
          await yieldToPage();
          if (id !== labRun) return null; // a newer run took over
        }
        results.push({ strategy, counts, unfinished });
      }
    } catch (err) {
      if (id === labRun) labStatus.textContent = t('labFailed', { message: errorMessage(err) });
      return null;
    } finally {
      if (id === labRun) {
        progress.hidden = true;
        labChart.removeAttribute('aria-busy');
      }
    }
    const ms = performance.now() - started;
    renderLab(settings, results);
    labStatus.textContent = t('labDone', { count: total, runs: ctx.number(total), seed });
    labChart.dataset.ms = ms.toFixed(1);
    labChart.dataset.run = String(id); // how many runs this panel has started (for tests and tools)
    ctx.onLab?.(settings);
    return results;
  }

  /**
   * @param {LabSettings} settings
   * @param {LabResult[]} results
   */
  function renderLab(settings, results) {
    const info = ctx.info();
    if (!info) return;
    const label = (/** @type {string} */ id) => strategies().find((s) => s.id === id)?.label ?? id;
    const rows = info.endings.map((e) => ({
      id: e.id,
      label: e.verdict,
      series: results.map((r) => {
        const count = r.counts[e.id] ?? 0;
        const value = count / settings.runs;
        return { value, count, text: ctx.percent(value) };
      }),
    }));
    const caption = t('labCaption', { count: settings.runs, runs: ctx.number(settings.runs), seed: settings.seed });
    const table = el(
      'table',
      { class: 'ag-lab-table', 'data-explore': 'lab-table' },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('ending')), results.map((r) => el('th', { scope: 'col', 'data-strategy': r.strategy }, label(r.strategy))))),
      el(
        'tbody',
        {},
        rows.map((row) =>
          el('tr', { 'data-ending': row.id }, el('th', { scope: 'row' }, row.label), row.series.map((s) => el('td', { 'data-count': s.count }, `${s.text} (${ctx.number(s.count)})`))),
        ),
      ),
    );
    // One column per strategy is wider than a phone: the table scrolls in a box of its own, which takes focus (so a keyboard can scroll it).
    const scroller = el('div', { class: 'ag-table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table);
    labChart.replaceChildren(barChart(rows, { kind: 'lab', legend: results.map((r) => label(r.strategy)) }), scroller);
    labChart.dataset.settings = formatLabParam(settings);
  }

  // ── mechanism map ───────────────────────────────────────────────────────
  function script() {
    const lang = ctx.lang();
    if (scriptCache?.lang !== lang) scriptCache = { lang, value: ctx.guide.script(lang) };
    return scriptCache.value;
  }


  function renderMap() {
    const map = ctx.guide.map();
    const view = ctx.view();
    if (!view) return;
    const s = script();
    const names = new Map(/** @type {[string, string][]} */ ([...s.nodes.map((n) => [n.id, plain(n.heading)]), ...s.endings.map((e) => [e.id, plain(e.verdict)])]));
    // The path: each step's node, then where the reader is now.
    const path = view.history.map((h) => h.node);
    const here = view.ending ? view.ending.id : view.node?.id;
    if (here) path.push(here);
    const visited = new Set(path);
    const lastStep = new Map(); // node id → the latest step at which the reader stood there
    view.history.forEach((h, i) => lastStep.set(h.node, i));
    const takenLinks = new Set();
    for (let i = 1; i < path.length; i++) takenLinks.add(`${path[i - 1]}>${path[i]}`);

    const items = map.items.map((it, i) => ({ ...it, index: i })).filter((it) => !it.dormant);
    const xs = items.map((it) => it.x);
    const minX = Math.min(...xs);
    const maxX = Math.max(...xs);
    const boxW = 150;
    const boxH = 40;
    const colW = 170;
    const rowH = 72;
    const pad = 12;
    const width = (maxX - minX) * colW + boxW + 2 * pad;
    const height = (map.layers - 1) * rowH + boxH + 2 * pad;
    const cx = (/** @type {PlacedItem} */ it) => pad + (it.x - minX) * colW + boxW / 2;
    const cy = (/** @type {PlacedItem} */ it) => pad + it.y * rowH + boxH / 2;
    const figure = svg('svg', { class: 'ag-map-svg', viewBox: `0 0 ${width} ${height}`, width, height, 'aria-hidden': 'true', focusable: 'false', 'data-explore': 'map-svg' });
    figure.append(
      svg('defs', {}, svg('marker', { id: 'ag-map-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'ag-map-arrowhead' }))),
    );
    const byIndex = new Map(items.map((it) => [it.index, it]));
    for (const link of map.links) {
      const a = byIndex.get(link.from);
      const b = byIndex.get(link.to);
      if (!a || !b) continue;
      const taken = takenLinks.has(`${a.id}>${b.id}`);
      const x1 = cx(a);
      const y1 = cy(a) + boxH / 2;
      const x2 = cx(b);
      const y2 = cy(b) - boxH / 2;
      const d = link.back
        ? `M${x1 + boxW / 2},${cy(a)} C${x1 + boxW},${cy(a)} ${x2 + boxW},${cy(b)} ${x2 + boxW / 2},${cy(b)}`
        : `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`;
      figure.append(svg('path', { d, class: 'ag-map-link', 'data-taken': taken ? 'true' : 'false', 'data-chance': link.chance ? 'true' : null, 'marker-end': 'url(#ag-map-arrow)' }));
    }
    const charBudget = ctx.lang().startsWith('zh') ? 9 : 20;
    for (const it of items) {
      const state = it.id === here ? 'current' : visited.has(it.id) ? 'visited' : 'untaken';
      const name = names.get(it.id) ?? it.id;
      const step = lastStep.get(it.id);
      const g = svg(
        'g',
        { class: 'ag-map-item', 'data-item': it.id, 'data-kind': it.kind, 'data-state': state, 'data-actor': it.actor, 'data-step': state === 'visited' && step != null ? step : null },
        svg('title', {}, name),
        svg('rect', { x: cx(it) - boxW / 2, y: cy(it) - boxH / 2, width: boxW, height: boxH, rx: it.kind === 'ending' ? 18 : 6, class: 'ag-map-box' }),
        svg('text', { x: cx(it), y: cy(it) + 5, 'text-anchor': 'middle', class: 'ag-map-text' }, clip(name, charBudget)),
      );
      figure.append(g);
    }
    mapFigure.replaceChildren(figure);
    // The map is drawn at full size and scrolls; bring where the reader is into view (on a phone it starts far off to the side).
    const current = items.find((it) => it.id === here);
    if (current && mapFigure.clientWidth) {
      mapFigure.scrollLeft = Math.max(0, cx(current) - mapFigure.clientWidth / 2);
      mapFigure.scrollTop = Math.max(0, cy(current) - mapFigure.clientHeight / 2);
    }

    // The accessible list: every step of the machinery in layer order; visited ones jump back.
    const ordered = [...items].sort((a, b) => a.layer - b.layer || a.x - b.x);
    mapList.replaceChildren(
      ...ordered.map((it) => {
        const name = names.get(it.id) ?? it.id;
        const step = lastStep.get(it.id);
        const state = it.id === here ? 'current' : visited.has(it.id) ? 'visited' : 'untaken';
        const marker = state === 'current' ? t('mapHere') : state === 'visited' ? t('mapVisited') : t('mapNotTaken');
        const body =
          state === 'visited' && step != null
            ? el('button', { type: 'button', class: 'ag-map-jump', 'data-explore': 'map-jump', 'data-step': step, 'data-item': it.id }, t('mapJump', { name }))
            : el('span', {}, name);
        return el('li', { 'data-item': it.id, 'data-state': state, 'data-kind': it.kind }, body, el('span', { class: 'ag-map-state' }, ` (${marker})`));
      }),
    );
  }

  /** @param {Event} event */
  function onMapClick(event) {
    const target = event.target instanceof Element ? event.target.closest('[data-step]') : null;
    if (!target || !element.contains(target)) return;
    if (target.closest('.ag-map-item')?.getAttribute('data-state') !== 'visited' && !target.matches('button')) return;
    const step = Number(target.getAttribute('data-step'));
    if (Number.isInteger(step)) ctx.rewind(step);
  }
  mapFigure.addEventListener('click', onMapClick);
  mapList.addEventListener('click', onMapClick);

  fillStrategyControls();

  return {
    element,
    /** Redraws what depends on the run (after every step, language change or reload). */
    update() {
      adoptStyles(element);
      scriptCache = null;
      if (strategySelect.options.length !== strategies().length) fillStrategyControls();
      renderOdds();
      renderMap();
    },
    /** Re-reads the strategy names (language changed) and redraws. */
    relabel() {
      fillStrategyControls();
      this.update();
    },
    runLab,
    /** Stops a running lab. */
    destroy() {
      labRun++;
      mapFigure.removeEventListener('click', onMapClick);
      mapList.removeEventListener('click', onMapClick);
    },
  };
}

/**
 * The panel as the element hosts it (explore-host.js calls this once the part and the full
 * engine are here): an explorer wired to the element's run, words and share link, in the
 * language on screen now (a new language builds it again).
 * @param {import('./explore-host.js').ExploreHostOptions} host  what the element lends the panel
 */
export function explorePanel(host) {
  const r = host.render();
  const explorer = createExplorer({
    // The full engine's Guide: the host moved the run onto it before calling this.
    get guide() {
      return /** @type {Guide} */ (host.guide());
    },
    t: (id, vars) => r.w.t(id, vars),
    h: r.h,
    percent: (p) => r.w.percent(p),
    number: (n) => r.w.number(n),
    info: () => r.info,
    view: () => r.view,
    lang: () => r.w.lang,
    uid: r.uid,
    rewind: host.rewind,
    lab: parseLabParam(host.lab()),
    onLab: (settings) => host.onLab(formatLabParam(settings)),
  });
  return { explorer, lang: r.w.lang };
}
