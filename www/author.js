// The authors' live preview (author.html).
//
// A scenario arrives by file picker, paste, drop or a shipped example; the
// Rust core checks it (Guide.check: syntax, types, references, expressions,
// translations, the model check over every reachable state, and the
// standards lints as warnings) and this page lists what it says, each item a button that puts the caret on that
// line and column. A guide without errors plays at once in the real
// <agreement-guide> (given the text inline, so it never leaves the page), and
// the core's exact odds of each ending are tabled per strategy. Like the
// widget, this page holds no rules: every number and message is the core's.
// Text from the file reaches the DOM only as text nodes.

const CORE_URL = new URL('./pkg/agreement_guide.js', import.meta.url).href;

/** Edits are re-checked this long after the last keystroke (ms). */
const DEBOUNCE_MS = 250;

/**
 * A file bigger than this is not put in the editor (a huge or binary file
 * would freeze the page); it is the core's own limit on a scenario file
 * (MAX_FILE_BYTES in src/scenario/validate.rs), which would refuse it anyway.
 */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const $ = (id) => document.getElementById(id);
const source = $('source');
const gutter = $('gutter');
const caret = $('caret');
const summary = $('summary');
const list = $('diagnostics');
const preview = $('preview');
const previewNote = $('preview-note');
const oddsBox = $('odds');

/** A small DOM builder: el('p', { class: 'x' }, child, 'text', …); text is never parsed as HTML. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return node;
}

let corePromise = null;
function core() {
  corePromise ??= import(CORE_URL).then(async (m) => {
    await m.default();
    return m;
  });
  return corePromise;
}

// ── positions: the core counts lines and columns in characters (code points) ──

/** The UTF-16 offset of 1-based `line`:`column` in `text` (clamped to the text). */
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

// ── the editor: a textarea with a line-number gutter ─────────────────────────

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
/** The width of one character in the editor's monospace font (for horizontal scrolling). */
function measureChar() {
  if (!charWidth) {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(source).font;
    charWidth = ctx.measureText('0').width || 8;
  }
  return charWidth;
}

/** Puts the caret at `line`:`column` and scrolls the source so it shows. */
function jumpTo(line, column) {
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

/** Reads a file the reader gave us into the editor, unless it is too big to be a scenario. */
async function openFile(file) {
  if (file.size > MAX_FILE_BYTES) {
    const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    summary.textContent = `${file.name} is ${mb(file.size)}; a scenario file may be at most ${mb(MAX_FILE_BYTES)}. It was not opened.`;
    return;
  }
  $('example').value = ''; // the editor no longer holds a shipped guide
  setSource(await file.text(), file.name);
}

/** Replaces the whole source (a file was opened or dropped) and checks it now. */
function setSource(text, name) {
  source.value = text;
  source.scrollTop = 0;
  source.setSelectionRange(0, 0);
  updateGutter();
  showCaret();
  document.body.dataset.file = name ?? '';
  clearTimeout(timer);
  check();
}

let timer = 0;
source.addEventListener('input', () => {
  updateGutter();
  showCaret();
  clearTimeout(timer);
  timer = setTimeout(check, DEBOUNCE_MS);
});
source.addEventListener('scroll', () => {
  gutter.scrollTop = source.scrollTop;
});
for (const type of ['keyup', 'click', 'select', 'focus']) source.addEventListener(type, showCaret);

// ── getting a file in: picker, example, drop ─────────────────────────────────

$('file').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (file) await openFile(file);
});

$('example').addEventListener('change', async (event) => {
  const url = event.target.value;
  if (!url) return;
  try {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    setSource(await res.text(), url.split('/').pop());
  } catch (err) {
    summary.textContent = `The example ${url} could not be loaded (${err.message}).`;
  }
});

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

// ── checking ─────────────────────────────────────────────────────────────────

let checks = 0;
let played = null; // the text now playing in the preview

async function check() {
  const text = source.value;
  const m = await core();
  if (text !== source.value) return; // edited meanwhile: the next check will come
  checks += 1;
  const diagnostics = m.Guide.check(text);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  showDiagnostics(diagnostics);
  if (errors) {
    stopPreview('Fix the errors above and the guide plays here.');
    oddsBox.replaceChildren();
    return done('invalid');
  }
  play(text);
  showOdds(m, text);
  done('valid');
}

function done(state) {
  summary.dataset.state = state;
  summary.dataset.checks = String(checks);
}

function count(n, one, other) {
  return `${n} ${n === 1 ? one : other}`;
}

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
        ? el('button', { type: 'button', class: 'author-jump', 'data-line': d.line, 'data-column': d.column ?? 1 }, parts)
        : el('div', { class: 'author-jump' }, parts);
      return el('li', { class: 'author-diagnostic', 'data-severity': d.severity, 'data-code': d.code }, body);
    }),
  );
}

list.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-line]');
  if (button) jumpTo(Number(button.dataset.line), Number(button.dataset.column));
});

// ── the preview: the real widget, with the text inline ───────────────────────

function stopPreview(note) {
  played = null;
  preview.replaceChildren();
  previewNote.textContent = note;
  previewNote.hidden = false;
}

function play(text) {
  if (text === played) return;
  played = text;
  previewNote.hidden = true;
  // A share token from the last run (the widget keeps it in the hash) belongs to another text.
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  const guide = el('agreement-guide', { 'heading-level': '3' }, el('script', { type: 'application/json' }, text));
  preview.replaceChildren(guide);
}

// ── exact odds, per strategy ─────────────────────────────────────────────────

function percent(p) {
  return new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p);
}

function showOdds(m, text) {
  let g;
  try {
    g = m.Guide.load(text, 0);
    const info = g.info('en');
    const columns = info.strategies.map((s) => {
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
      el(
        'thead',
        {},
        el('tr', {}, el('th', { scope: 'col' }, 'Ending'), columns.map((c) => el('th', { scope: 'col', title: c.strategy.description || null, 'data-strategy': c.strategy.id }, c.strategy.label))),
      ),
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

updateGutter();
showCaret();
if (source.value) check(); // a browser that restored the textarea's text
else done('empty');
