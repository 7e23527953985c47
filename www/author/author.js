// @ts-check
// The authors' editor (author.html): the page's state and how its parts meet.
//
// One text is the guide: the JSON view edits it directly; the form and the
// translation view edit the parsed guide and write it back as the shipped
// guides are formatted (./doc.js). Every change goes through setText:
// it is recorded for undo (./drafts.js), saved as a draft in this
// browser, and re-checked by the Rust core (Guide.check: syntax, types,
// references, expressions, translations, the model check and any lints),
// whose diagnostics are listed with their line and put beside their field in
// the form. A guide without errors plays in the real <agreement-guide> at the
// card being edited (the core finds a run that reaches it), with the exact
// odds of each ending per strategy. Like the widget, this page holds no
// rules: every number and message is the core's. Text from a guide reaches
// the page only as text nodes and form values.

import { el, count } from './dom.js';
import { WORDS as EXPLORE_WORDS } from '../element/explore-words.js';
import { format, languages } from './doc.js';
import { History, saveDraft, loadDraft, currentDraft, recentDrafts, newDraftId } from './drafts.js';
import { createFormEditor, itemOf } from './form.js';
import { createTranslationView, baseline } from './translate.js';
import { createMapView } from './map.js';
import { plain } from '../element/dom.js';
import { loadFullEngineBeside } from '../element/wasm.js';
import { scormPackage } from '../scorm/package.js';

/** The site's root (www/, this module's parent folder): the built files are found from it. */
const SITE = new URL('../', import.meta.url).href;
const STARTER_URL = new URL('templates/starter.json', SITE).href;
/** The guide the demo article plays, offered to an empty editor. */
const DEMO_URL = new URL('scenarios/us-china-2015.json', SITE).href;

/** Edits are re-checked this long after the last keystroke (ms): the full check includes the model check. */
const DEBOUNCE_MS = 250;

/**
 * A file bigger than this is not opened (a huge or binary file would freeze
 * the page); it is the core's own limit on a scenario file (MAX_FILE_BYTES
 * in src/model/limits.rs), which would refuse it anyway.
 */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Random runs the core tries to find a way to the card being edited (each a few microseconds). */
const REACH_TRIES = 400;

/** @typedef {import('../types/contract').Diagnostic} Diagnostic */
/** @typedef {import('../types/contract').MechanismMap} MechanismMap */
/** @typedef {import('../types/contract').OddsResult} OddsResult */
/** @typedef {import('../types/contract').StrategyInfo} StrategyInfo */
/** @typedef {import('../types/engine').FullEngineModule} FullEngineModule */

/** The page's element with this id (author.html has each one). @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const $button = (id) => /** @type {HTMLButtonElement} */ ($(id));
/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));
/** The element matching `selector` that `event` happened in, if any. @param {Event} event @param {string} selector */
const closest = (event, selector) => /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest(selector) : null);
const source = /** @type {HTMLTextAreaElement} */ ($('source'));
const gutter = $('gutter');
const caret = $('caret');
const summary = $('summary');
const list = $('diagnostics');
const preview = $('preview');
const previewNote = $('preview-note');
const previewFollow = $('preview-follow');
const oddsBox = $('odds');
const draftStatus = $('draft-status');

/** The full engine, loaded on first use (once per page: the element's loader, www/element/wasm.js). */
const core = () => loadFullEngineBeside(SITE);

// ── the page's state ─────────────────────────────────────────────────────────

const state = {
  text: '',
  doc: null, // the parsed guide when the text is a JSON object, else null
  draft: null, // { id, name, record } once something is open
  selected: { kind: 'meta' },
  view: 'form',
};
const undoList = new History();

function parse(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Nothing is open and nothing typed: the page invites a start (#start) instead of reporting a syntax error. */
const empty = () => !state.draft && !state.text;

const form = createFormEditor({
  doc: () => state.doc,
  empty,
  selected: () => state.selected,
  select,
  commit(key, { outline = false } = {}) {
    setText(format(state.doc), { key, from: 'form' });
    if (outline) form.refreshOutline();
  },
});
$('form-view').append(form.element);

const translation = createTranslationView({
  doc: () => state.doc,
  empty,
  record: () => state.draft?.record ?? {},
  setRecord(record) {
    if (state.draft) state.draft.record = record;
  },
  commit(key) {
    setText(format(state.doc), { key, from: 'translate' });
  },
});
$('translate-view').append(translation.element);

const mapView = createMapView({
  open(kind, index) {
    showView('form');
    select({ kind, index }, '.form-title');
  },
});
$('map-view').append(mapView.element);

/** The core's mechanism map of the last text without errors (null until there is one). @type {MechanismMap | null} */
let layout = null;

/**
 * The one way the guide changes. `from` is the editor that made the change
 * (it is not redrawn, so the author's caret stays); `key` names the field,
 * so typing in one field is one step of undo.
 */
function setText(text, { key = null, from = null, record = true } = {}) {
  state.text = text;
  summary.dataset.pending = 'true';
  if (from !== 'form' && from !== 'translate') state.doc = parse(text);
  if (from !== 'json') {
    source.value = text;
    updateGutter();
  }
  if (record) undoList.push(text, key);
  updateButtons();
  updateStart();
  autosave();
  if (from !== 'form') form.render();
  if (from !== 'translate' && state.view === 'translate') translation.render();
  clearTimeout(timer);
  if (from === 'json' || from === 'form' || from === 'translate') timer = setTimeout(check, DEBOUNCE_MS);
  else check();
}

/** Selects an outline item; the form shows it, the preview follows it. */
function select(item, focusSelector) {
  state.selected = item;
  form.render();
  if (focusSelector !== null) form.focus(focusSelector);
  if (lastValid === state.text) play(state.text);
}

function updateButtons() {
  $button('undo').disabled = !undoList.canUndo;
  $button('redo').disabled = !undoList.canRedo;
  $button('download').disabled = !state.draft;
  for (const b of document.querySelectorAll('[data-scorm]')) /** @type {HTMLButtonElement} */ (b).disabled = !state.draft;
}

/** The invitation to start shows while nothing is open. */
function updateStart() {
  $('start').hidden = !empty();
  document.body.dataset.empty = String(empty());
}

// ── views ────────────────────────────────────────────────────────────────────

function showView(view) {
  state.view = view;
  for (const b of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.author-views button'))) b.setAttribute('aria-pressed', String(b.dataset.view === view));
  for (const v of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.author-view'))) v.hidden = v.dataset.view !== view;
  if (view === 'form') form.render();
  if (view === 'translate') translation.render();
  if (view === 'map') mapView.render(state.doc, lastValid === state.text ? layout : null);
  if (view === 'json') updateGutter();
  document.body.dataset.view = view;
}

document.querySelector('.author-views').addEventListener('click', (event) => {
  const b = closest(event, 'button[data-view]');
  if (b) showView(b.dataset.view);
});

// ── the JSON editor: a textarea with a line-number gutter ────────────────────

/** The UTF-16 offset of 1-based `line`:`column` in `text` (the core counts columns in code points). */
export function offsetOf(text, line, column) {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let off = start;
  for (let c = 1; c < column && off < end; c++) off += text.codePointAt(off) > 0xffff ? 2 : 1;
  return off;
}

/** The 1-based line and column (in code points) of UTF-16 offset `off` in `text`. */
export function positionOf(text, off) {
  const before = text.slice(0, off);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

let gutterLines = 0;
function updateGutter() {
  const lines = source.value.split('\n').length;
  if (lines !== gutterLines) {
    gutterLines = lines;
    gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join('\n');
  }
  gutter.scrollTop = source.scrollTop;
}

function showCaret() {
  const { line, column } = positionOf(source.value, source.selectionStart);
  caret.textContent = `Line ${line}, column ${column}`;
  caret.dataset.line = String(line);
  caret.dataset.column = String(column);
}

let charWidth = 0;
function measureChar() {
  if (!charWidth) {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(source).font;
    charWidth = ctx.measureText('0').width || 8;
  }
  return charWidth;
}

/** Shows the JSON view with the caret at `line`:`column`, scrolled into view. */
function jumpTo(line, column) {
  if (state.view !== 'json') showView('json');
  const text = source.value;
  const off = offsetOf(text, line, column);
  source.focus({ preventScroll: true });
  source.setSelectionRange(off, off);
  const style = getComputedStyle(source);
  const lineHeight = parseFloat(style.lineHeight) || 20;
  source.scrollTop = Math.max(0, (line - 1) * lineHeight - source.clientHeight / 3);
  const x = (column - 1) * measureChar();
  const visible = source.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  source.scrollLeft = x < visible - 2 * measureChar() ? 0 : Math.max(0, x - visible / 2);
  updateGutter();
  showCaret();
}

let timer = 0;
source.addEventListener('input', () => {
  updateGutter();
  showCaret();
  if (!state.draft) startDraft('pasted.json', '');
  setText(source.value, { key: 'json', from: 'json' });
});
source.addEventListener('scroll', () => {
  gutter.scrollTop = source.scrollTop;
});
for (const type of ['keyup', 'click', 'select', 'focus']) source.addEventListener(type, showCaret);

// ── opening: the starter, a shipped guide, a file (picked or dropped), a draft ─

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Why `text` cannot be opened as a guide, or null. A file that is JSON but
 * has errors opens (its problems are listed and located); a file that is
 * not text, or JSON of another format, is refused and nothing changes.
 */
function refusal(text, name) {
  if (/[\u0000\uFFFD]/.test(text)) return `${name} is not a text file (it holds binary data), so it is not a guide. It was not opened; your draft is unchanged.`;
  const v = parse(text);
  if (v && !('meta' in v) && !('nodes' in v) && Object.keys(v).length) {
    const keys = Object.keys(v).slice(0, 4).join(', ');
    return `${name} is JSON of another format (its top-level fields are ${keys}); a guide has “meta”, “nodes” and “endings”. It was not opened; your draft is unchanged.`;
  }
  return null;
}

function startDraft(name, text) {
  const doc = parse(text);
  state.draft = { id: newDraftId(), name, record: doc ? baseline(doc) : {} };
}

/** Opens `text` as a new draft (every earlier draft stays in the list). */
function open(text, name) {
  const why = refusal(text, name);
  if (why) {
    summary.textContent = why;
    summary.dataset.state = 'refused';
    summary.dataset.pending = 'false';
    return false;
  }
  startDraft(name, text);
  state.selected = { kind: 'meta' };
  undoList.reset(text);
  setText(text, { record: false });
  if (!state.doc && state.view !== 'json') showView('json');
  else if (state.doc?.nodes?.length) select({ kind: 'nodes', index: 0 }, null);
  source.scrollTop = 0;
  source.setSelectionRange(0, 0);
  showCaret();
  document.body.dataset.file = name ?? '';
  return true;
}

/** Reads a file the author gave us, unless it is too big to be a guide. */
async function openFile(file) {
  summary.dataset.pending = 'true';
  if (file.size > MAX_FILE_BYTES) {
    summary.textContent = `${file.name} is ${mb(file.size)}; a scenario file may be at most ${mb(MAX_FILE_BYTES)}. It was not opened.`;
    summary.dataset.state = 'refused';
    summary.dataset.pending = 'false';
    return;
  }
  if (open(await file.text(), file.name)) $select('example').value = '';
}

async function openUrl(url, name) {
  summary.dataset.pending = 'true';
  try {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    open(await res.text(), name);
  } catch (err) {
    summary.textContent = `${name} could not be loaded (${err.message}).`;
    summary.dataset.pending = 'false';
  }
}

$('file').addEventListener('change', async (event) => {
  const file = /** @type {HTMLInputElement} */ (event.target).files?.[0];
  if (file) await openFile(file);
});

$('example').addEventListener('change', (event) => {
  const url = /** @type {HTMLSelectElement} */ (event.target).value;
  if (url) openUrl(url, url.split('/').pop());
});

const openStarter = () => {
  $select('example').value = '';
  openUrl(STARTER_URL, 'my-guide.json');
};
$('new-guide').addEventListener('click', openStarter);
$('start-new').addEventListener('click', openStarter);
$('start-demo').addEventListener('click', () => {
  $select('example').value = 'scenarios/us-china-2015.json';
  openUrl(DEMO_URL, 'us-china-2015.json');
});
$('start-file').addEventListener('click', () => $('file').click());

/**
 * Opens the guide named by the page's `?src=` (e.g. the demo article's "Edit this guide"): a guide's
 * JSON, or a compiled guide's manifest, whose JSON it names. Only from this site: the page reads
 * no other site's files. Once open, `src` leaves the page's address, so a reload reopens the
 * draft with the author's edits rather than the file again.
 * @param {string} src
 */
async function openAsked(src) {
  const refuse = (/** @type {string} */ why) => {
    summary.textContent = why;
    summary.dataset.state = 'refused';
    summary.dataset.pending = 'false';
  };
  /** @type {URL | null} */
  let url = null;
  try {
    url = new URL(src, location.href);
  } catch {
    url = null;
  }
  if (!url || url.origin !== location.origin) {
    return refuse(`The link asked for the guide at “${src}”, which is not on this site, so it was not opened: this editor opens guides from ${location.origin} only. Open a file or start a guide below.`);
  }
  summary.dataset.pending = 'true';
  try {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    let text = await res.text();
    const manifest = parse(text);
    if (manifest && !('nodes' in manifest) && typeof manifest.files === 'object' && typeof manifest.id === 'string') {
      // A compiled guide (<id>.compiled.json): its source is the JSON it names, beside it.
      const json = new URL(typeof manifest.json === 'string' ? manifest.json : `${manifest.id}.json`, url);
      if (json.origin !== location.origin) return refuse(`The compiled guide at “${src}” names its JSON on another site, so it was not opened.`);
      url = json;
      const again = await fetch(url, { credentials: 'same-origin' });
      if (!again.ok) throw new Error(`the server answered ${again.status} for ${url.pathname}`);
      text = await again.text();
    }
    if (!open(text, decodeURIComponent(url.pathname.split('/').pop() || 'guide.json'))) return;
    const shipped = [...$select('example').options].find((o) => o.value && new URL(o.value, location.href).href === url?.href);
    $select('example').value = shipped?.value ?? '';
    const page = new URL(location.href);
    page.searchParams.delete('src');
    history.replaceState(history.state, '', page.pathname + page.search + page.hash);
  } catch (err) {
    refuse(`The guide at “${src}” could not be loaded (${err?.message ?? err}).`);
  }
}

const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
document.addEventListener('dragover', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  document.body.classList.add('author-dropping');
});
document.addEventListener('dragleave', (event) => {
  if (!event.relatedTarget) document.body.classList.remove('author-dropping');
});
document.addEventListener('drop', async (event) => {
  document.body.classList.remove('author-dropping');
  const file = event.dataTransfer?.files?.[0];
  if (!file) return;
  event.preventDefault();
  await openFile(file);
});

// ── drafts: saved at every change, listed, reopened ──────────────────────────

function title() {
  const t = state.doc?.meta?.title;
  const { def } = languages(state.doc ?? {});
  return (typeof t === 'string' ? t : t?.[def]) || state.draft?.name || 'Untitled guide';
}

function autosave() {
  if (!state.draft) return;
  const error = saveDraft({ ...state.draft, title: title(), text: state.text });
  draftStatus.textContent = error ?? `Draft saved in this browser at ${new Date().toLocaleTimeString('en-GB')}.`;
  draftStatus.dataset.saved = error ? 'false' : 'true';
  fillRecent();
}

function fillRecent() {
  const drafts = recentDrafts();
  const select = $select('recent');
  const current = state.draft?.id;
  select.replaceChildren(
    ...(drafts.length ? drafts.map((d) => el('option', { value: d.id }, `${d.title || d.name}${d.id === current ? ' (open now)' : ''} — ${new Date(d.saved).toLocaleString('en-GB')}`)) : [el('option', { value: '' }, 'No drafts yet')]),
  );
  if (current) select.value = current;
  $button('open-recent').disabled = !drafts.length;
}

function reopen(draft) {
  state.draft = { id: draft.id, name: draft.name, record: draft.record ?? {} };
  state.selected = { kind: 'meta' };
  undoList.reset(draft.text);
  setText(draft.text, { record: false });
  if (!state.doc) showView('json');
  else if (state.doc.nodes?.length) select({ kind: 'nodes', index: 0 }, null);
  draftStatus.textContent = `Reopened your draft “${title()}”, saved ${new Date(draft.saved).toLocaleString('en-GB')}.`;
}

$('open-recent').addEventListener('click', () => {
  const d = loadDraft($select('recent').value);
  if (d) reopen(d);
});

// ── undo, redo, download ─────────────────────────────────────────────────────

function undoRedo(which) {
  const text = which === 'undo' ? undoList.undo() : undoList.redo();
  if (text == null) return;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.path : undefined;
  setText(text, { record: false });
  const again = focused ? /** @type {HTMLElement | null} */ (document.querySelector(`[data-path="${CSS.escape(focused)}"]`)) : null;
  (again ?? $(which)).focus();
  draftStatus.textContent = which === 'undo' ? 'Undone.' : 'Redone.';
}

$('undo').addEventListener('click', () => undoRedo('undo'));
$('redo').addEventListener('click', () => undoRedo('redo'));
document.addEventListener('keydown', (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.target === source) return;
  const k = event.key.toLowerCase();
  if (k === 'z' || k === 'y') {
    event.preventDefault();
    undoRedo(k === 'y' || event.shiftKey ? 'redo' : 'undo');
  }
});

/** Hands `blob` to the browser as a download named `name`. @param {Blob} blob @param {string} name */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The draft's id, for file names. */
const draftId = () => (typeof state.doc?.meta?.id === 'string' && /^[a-z0-9-]+$/.test(state.doc.meta.id) ? state.doc.meta.id : 'guide');

$('download').addEventListener('click', () => {
  const text = state.doc ? format(state.doc) : state.text;
  save(new Blob([text], { type: 'application/json' }), `${draftId()}.json`);
});

// The same SCORM package as `agreement-guide bundle --scorm`, built here (./scorm/package.js)
// from the guide as it is now, the site's built files and the same templates.
document.querySelector('.author-scorm')?.addEventListener('click', async (event) => {
  const button = closest(event, '[data-scorm]');
  if (!button) return;
  const version = button.dataset.scorm === '2004' ? '2004' : '1.2';
  const text = state.text;
  if (lastValid !== text) {
    draftStatus.textContent = 'A package needs a guide with no errors: fix the ones listed under Problems first.';
    return;
  }
  draftStatus.textContent = `Building the SCORM ${version} package…`;
  try {
    const m = await core();
    const g = m.Guide.load(text, 0);
    let course;
    try {
      const info = g.info('');
      const classroom = /** @type {HTMLInputElement} */ ($('scorm-classroom')).checked;
      course = { id: info.id, title: plain(info.title), description: plain(info.summary), lang: info.language, scenario: text, classroom };
    } finally {
      g.free();
    }
    const zip = await scormPackage(version, course, SITE);
    const name = `${course.id}-scorm-${version}.zip`;
    save(zip, name);
    draftStatus.textContent = `Downloaded ${name} (${Math.ceil(zip.size / 1024)} KB): upload it to your learning platform as a SCORM package.`;
  } catch (err) {
    draftStatus.textContent = `The package could not be built: ${err?.message ?? err}`;
  }
});

// ── checking ─────────────────────────────────────────────────────────────────

let checks = 0;
let lastValid = null; // the last text the core found no errors in

async function check() {
  const text = state.text;
  const m = await core();
  if (text !== state.text) return; // edited meanwhile: the next check will come
  checks += 1;
  const diagnostics = m.Guide.check(text);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  showDiagnostics(diagnostics);
  form.showDiagnostics(diagnostics);
  if (errors) {
    lastValid = null;
    layout = null;
    if (state.view === 'map') mapView.render(state.doc, null);
    stopPreview('Fix the errors listed under Problems and the guide plays here.');
    oddsBox.replaceChildren();
    return done('invalid');
  }
  lastValid = text;
  await play(text);
  showOdds(m, text);
  if (state.view === 'map') mapView.render(state.doc, layout);
  done('valid');
}

function done(s) {
  summary.dataset.state = s;
  summary.dataset.pending = 'false';
  summary.dataset.checks = String(checks);
}

/** @param {Diagnostic[]} diagnostics */
function showDiagnostics(diagnostics) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (errors) summary.textContent = `${count(errors, 'error', 'errors')}${warnings ? `, ${count(warnings, 'warning', 'warnings')}` : ''}: the guide cannot play until the errors are fixed.`;
  else if (warnings) summary.textContent = `No errors; ${count(warnings, 'warning', 'warnings')}. The guide plays below.`;
  else summary.textContent = 'No problems. The guide plays below.';

  list.replaceChildren(
    ...diagnostics.map((d) => {
      const where = d.line ? `${d.line}:${d.column ?? 1}` : null;
      const parts = [
        el('span', { class: 'author-severity' }, d.severity === 'error' ? 'Error' : 'Warning'),
        where ? el('span', { class: 'author-position' }, where) : null,
        d.location ? el('code', { class: 'author-location' }, d.location) : null,
        el('span', { class: 'author-message' }, d.message),
        d.suggestion ? el('span', { class: 'author-suggestion' }, d.suggestion) : null,
      ];
      const body = where
        ? el('button', { type: 'button', class: 'author-jump', 'data-line': d.line, 'data-column': d.column ?? 1, 'data-location': d.location }, parts)
        : el('div', { class: 'author-jump' }, parts);
      return el('li', { class: 'author-diagnostic', 'data-severity': d.severity, 'data-code': d.code }, body);
    }),
  );
}

// A problem, clicked: in the JSON view the caret goes to its line; in the form, to its field.
list.addEventListener('click', (event) => {
  const button = closest(event, 'button[data-line]');
  if (!button) return;
  const loc = button.dataset.location;
  if (state.view === 'json' || !state.doc || !loc) return jumpTo(Number(button.dataset.line), Number(button.dataset.column));
  if (state.view !== 'form') showView('form');
  select(itemOf(loc), null);
  form.focusLocation(loc);
});

// ── the preview: the real widget, at the card being edited ───────────────────

let played = null; // what the preview shows: the text and the card it follows

function stopPreview(note) {
  played = null;
  preview.replaceChildren();
  previewNote.textContent = note;
  previewNote.hidden = false;
  previewFollow.hidden = true;
}

/** The card or ending the form shows, if any. */
function followed() {
  const s = state.selected;
  if (s.kind === 'nodes') return state.doc?.nodes?.[s.index]?.id ?? null;
  if (s.kind === 'endings') return state.doc?.endings?.[s.index]?.id ?? null;
  return null;
}

/**
 * Plays `text` in a fresh widget. When a card is being edited, the core finds
 * a run that reaches it and its share token goes in the page's hash, which
 * the widget restores on load: the preview opens at that card without
 * taking the author's focus.
 */
async function play(text) {
  const target = followed();
  const key = `${target}\n${text}`;
  if (key === played) return;
  played = key;
  let token = null;
  let seed = null;
  const m = await core();
  if (target) {
    const g = m.Guide.load(text, 0);
    try {
      const route = g.reach(target, REACH_TRIES);
      if (route) {
        g.restart(route.seed);
        for (const c of route.choices) g.choose(c);
        token = g.save();
        seed = route.seed;
        previewFollow.textContent = route.choices.length ? `Showing “${target}”, reached in ${count(route.choices.length, 'step', 'steps')} from the start.` : `Showing “${target}”, the first card.`;
      } else previewFollow.textContent = `No run reaches “${target}” with every flashpoint off, so the preview starts at the beginning.`;
      previewFollow.hidden = false;
    } finally {
      g.free();
    }
  } else previewFollow.hidden = true;
  if (played !== key) return;
  previewNote.hidden = true;
  history.replaceState(history.state, '', location.pathname + location.search + (token ? `#ag=${token}` : ''));
  const guide = el('agreement-guide', { 'heading-level': '3', 'hash-key': 'ag', seed, 'data-follows': target }, el('script', { type: 'application/json' }, text));
  preview.replaceChildren(guide);
}

// ── exact odds, per strategy ─────────────────────────────────────────────────

function percent(p) {
  return new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p);
}

/** @param {FullEngineModule} m @param {string} text */
function showOdds(m, text) {
  let g;
  try {
    g = m.Guide.load(text, 0);
    layout = g.map();
    const info = g.info('en');
    // The core gives its built-in `uniform` no words (the front end names it): this English page
    // names it with the widget's own English strings.
    const named = (/** @type {StrategyInfo} */ s) =>
      s.id === 'uniform' && !s.label ? { ...s, label: EXPLORE_WORDS.en.strategyUniform, description: EXPLORE_WORDS.en.strategyUniformNote } : s;
    /** @type {{ strategy: StrategyInfo, odds?: OddsResult, error?: string }[]} */
    const columns = info.strategies.map(named).map((s) => {
      try {
        return { strategy: s, odds: g.odds(s.id) };
      } catch (err) {
        return { strategy: s, error: err?.message ?? String(err) };
      }
    });
    const inexact = columns.some((c) => c.odds && !c.odds.exact);
    const table = el(
      'table',
      { class: 'author-odds-table' },
      el('caption', {}, 'Chance of each ending (rows) for each strategy (columns)', inexact ? ' — marked ≈ where the state space was too large for an exact answer' : ''),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Ending'), columns.map((c) => el('th', { scope: 'col', title: c.strategy.description || null, 'data-strategy': c.strategy.id }, c.strategy.label)))),
      el(
        'tbody',
        {},
        info.endings.map((e) =>
          el(
            'tr',
            { 'data-ending': e.id },
            el('th', { scope: 'row' }, e.verdict, ' ', el('code', {}, e.id)),
            columns.map((c) => {
              if (c.error) return el('td', { class: 'author-odds-error' }, c.error);
              const p = c.odds.endings[e.id] ?? 0;
              return el('td', { 'data-p': p }, `${c.odds.exact ? '' : '≈'}${percent(p)}`);
            }),
          ),
        ),
      ),
    );
    oddsBox.replaceChildren(el('div', { class: 'author-table-scroll', role: 'region', 'aria-label': 'Table of odds', tabindex: '0' }, table));
  } catch (err) {
    oddsBox.replaceChildren(el('p', { class: 'author-odds-error' }, `The odds could not be computed: ${err?.message ?? err}`));
  } finally {
    g?.free();
  }
}

// ── start: reopen the draft this browser was working on, if any ──────────────

updateGutter();
showCaret();
fillRecent();
updateButtons();
showView('form');
updateStart();
const asked = new URLSearchParams(location.search).get('src');
const last = currentDraft();
if (asked != null) openAsked(asked);
else if (last) reopen(last);
else done('empty');
