// @ts-check
// The form editor's building blocks: a labelled field bound to a location
// path, the next-card picker, the effects editor and the citation picker,
// and the code that turns what the author typed back into the guide's data.
// Every input carries `data-path` (the core's location path for that value)
// so the core's diagnostics can be put beside the field they concern.

import { el, newId, clip } from './dom.js';
import { getAt, setAt, textIn, withText, languages } from './doc.js';

/**
 * What `field` draws.
 * @typedef {object} FieldSpec
 * @property {string} path the value's location path (`nodes[2].heading`)
 * @property {string} label
 * @property {'text' | 'string' | 'number' | 'expr' | 'bool' | 'tags' | 'id' | 'select'} [kind]
 * @property {boolean} [multiline]
 * @property {boolean} [optional]
 * @property {SelectOptions} [options] for `select`
 * @property {string} [help]
 * @property {boolean} [cite] a citation picker beside a `text` field
 * @property {string} [placeholder]
 */
/** @typedef {([string, string] | string[] | { group: string, options: [string, string][] | string[][] })[]} SelectOptions */

/**
 * A labelled field. `kind`: text (a guide Text, edited in the default
 * language), string, number, expr (a number, true/false or an expression),
 * bool, tags (comma-separated words), id (renamed everywhere on change),
 * select (with `options`: [[value, label]] or optgroups [{group, options}]).
 * @param {any} doc the guide's data
 * @param {FieldSpec} spec
 */
export function field(doc, { path, label, kind = 'string', multiline = false, optional = false, options, help, cite = false, placeholder }) {
  const id = newId('f');
  const diagId = `${id}-diags`;
  const helpId = help ? `${id}-help` : null;
  const value = getAt(doc, path);
  const { def } = languages(doc);
  const common = { id, 'data-path': path, 'data-kind': kind, 'data-optional': optional ? 'true' : null, 'aria-describedby': [helpId, diagId].filter(Boolean).join(' '), placeholder };
  let input;
  if (kind === 'bool') {
    input = el('input', { ...common, type: 'checkbox' });
    input.checked = value === true;
  } else if (kind === 'select') {
    input = el('select', common, optionNodes(options, value));
    input.value = value == null ? '' : String(value);
  } else {
    const shown = kind === 'text' ? textIn(value, def) : kind === 'tags' ? (Array.isArray(value) ? value.join(', ') : '') : value == null ? '' : String(value);
    input = multiline ? el('textarea', { ...common, rows: 6 }) : el('input', { ...common, type: kind === 'number' ? 'text' : 'text', inputmode: kind === 'number' ? 'decimal' : null, spellcheck: kind === 'text' ? null : 'false', autocomplete: 'off' });
    input.value = shown;
    if (kind === 'text') input.lang = def;
  }
  const labelNode = el('label', { for: id }, label, optional ? el('span', { class: 'field-optional' }, ' (optional)') : null);
  const parts = [labelNode];
  if (kind === 'bool') parts.unshift(input);
  else parts.push(input);
  if (cite && kind === 'text') parts.push(citePicker(doc, input, label));
  if (help) parts.push(el('p', { class: 'field-help', id: helpId }, help));
  parts.push(el('ul', { class: 'field-diags', id: diagId, 'data-diags-for': path }));
  return el('div', { class: `field field-${kind}`, 'data-loc': path }, parts);
}

function optionNodes(options, value) {
  const nodes = [];
  const flat = [];
  for (const o of options) {
    if (o.group) {
      nodes.push(el('optgroup', { label: o.group }, o.options.map(([v, l]) => el('option', { value: v }, l))));
      flat.push(...o.options.map(([v]) => v));
    } else {
      nodes.push(el('option', { value: o[0] }, o[1]));
      flat.push(o[0]);
    }
  }
  const v = value == null ? '' : String(value);
  if (!flat.includes(v)) nodes.unshift(el('option', { value: v }, v ? `${v} (not in this guide)` : 'Choose…'));
  return nodes;
}

/** The cards and endings, by name, for a next-card picker. */
export function targetOptions(doc) {
  const { def } = languages(doc);
  return [
    { group: 'Cards', options: (doc.nodes ?? []).map((n) => [n.id, `${clip(textIn(n.heading, def), 48) || '(no heading)'} — ${n.id}`]) },
    { group: 'Endings', options: (doc.endings ?? []).map((e) => [e.id, `${clip(textIn(e.verdict, def), 48) || '(no verdict)'} — ${e.id}`]) },
  ];
}

/** The actors a card or outcome may name. */
export function actorOptions(doc) {
  const { def } = languages(doc);
  const actors = doc.meta?.actors ?? { us: 'us', china: 'china', both: 'both' };
  return [...Object.entries(actors).map(([id, label]) => [id, `${textIn(label, def) || id} — ${id}`]), ['narrator', 'Narrator — narrator']];
}

/** "Insert a citation": a picker of the guide's sources that puts `[^key]` at the caret of `input`. */
function citePicker(doc, input, label) {
  const sources = Object.entries(doc.meta?.sources ?? {});
  const select = el(
    'select',
    { class: 'cite-picker', 'aria-label': `Insert a citation into ${label}`, 'data-cite-for': input.id },
    el('option', { value: '' }, 'Insert a citation…'),
    sources.map(([key, s]) => el('option', { value: key }, `${key} — ${clip(typeof s === 'string' ? s : s?.citation, 50)}`)),
  );
  select.disabled = sources.length === 0;
  return select;
}

/**
 * Puts `[^key]` into the text field at its caret (or its end) and reports the edit as typing would.
 * @param {HTMLSelectElement} select the citation picker (`data-cite-for` names its field)
 */
export function insertCitation(select) {
  const input = /** @type {HTMLInputElement | HTMLTextAreaElement | null} */ (document.getElementById(select.dataset.citeFor ?? ''));
  const key = select.value;
  select.value = '';
  if (!input || !key) return;
  const at = input.selectionEnd ?? input.value.length;
  const mark = `[^${key}]`;
  input.value = input.value.slice(0, at) + mark + input.value.slice(at);
  input.focus();
  input.setSelectionRange(at + mark.length, at + mark.length);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A number, true/false, or the expression as typed. */
export function exprValue(s) {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return s;
}

/** Writes what an input holds into the guide at its path. */
export function applyInput(doc, input) {
  const path = input.dataset.path;
  const kind = input.dataset.kind;
  const optional = input.dataset.optional === 'true';
  const { def } = languages(doc);
  const raw = input.type === 'checkbox' ? input.checked : input.value;
  let value;
  switch (kind) {
    case 'text': {
      const old = getAt(doc, path);
      const onlyDefault = old == null || typeof old === 'string' || Object.keys(old).every((k) => k === def);
      value = optional && raw === '' && onlyDefault ? undefined : withText(doc, old, def, raw);
      break;
    }
    case 'number':
      value = raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : optional && raw.trim() === '' ? undefined : raw;
      break;
    case 'expr':
      value = optional && raw.trim() === '' ? undefined : exprValue(raw);
      break;
    case 'bool':
      value = raw;
      break;
    case 'tags': {
      const list = raw.split(',').map((t) => t.trim()).filter(Boolean);
      value = list.length || !optional ? list : undefined;
      break;
    }
    default:
      value = optional && raw === '' ? undefined : raw;
  }
  setAt(doc, path, value);
}

/**
 * The effects editor for the `effects` object at `path`: one row per `set`
 * or `add` of a variable (a `clamp` is kept and noted). Rows are read back
 * with readEffects.
 */
export function effectsEditor(doc, path, title) {
  const effects = getAt(doc, path) ?? {};
  const vars = (doc.variables ?? []).map((v) => v?.id).filter(Boolean);
  const rows = [];
  for (const op of ['set', 'add']) for (const [v, x] of Object.entries(effects[op] ?? {})) rows.push({ op, v, x });
  const list = el('ul', { class: 'effects-rows' }, rows.map((r, i) => effectRow(vars, path, r, i)));
  const diagId = newId('fx');
  return el(
    'fieldset',
    { class: 'effects', 'data-effects': path, 'data-loc': path },
    el('legend', {}, title),
    rows.length ? null : el('p', { class: 'field-help' }, 'No effects.'),
    list,
    effects.clamp ? el('p', { class: 'field-help' }, 'This item also clamps variables (“clamp”); edit that in the JSON view.') : null,
    el('button', { type: 'button', class: 'author-add', 'data-action': 'add-effect', 'data-path': path }, 'Add effect'),
    el('ul', { class: 'field-diags', id: diagId, 'data-diags-for': path }),
  );
}

function effectRow(vars, path, { op, v, x }, i) {
  const opId = newId('fx-op');
  const varId = newId('fx-var');
  const valId = newId('fx-val');
  const varSelect = el('select', { id: varId, 'data-fx': 'var' }, [...new Set([...vars, v])].map((id) => el('option', { value: id }, id)));
  varSelect.value = v;
  const opSelect = el('select', { id: opId, 'data-fx': 'op' }, el('option', { value: 'add' }, 'add'), el('option', { value: 'set' }, 'set to'));
  opSelect.value = op;
  const val = el('input', { id: valId, type: 'text', 'data-fx': 'value', spellcheck: 'false', autocomplete: 'off', value: typeof x === 'string' ? x : JSON.stringify(x) });
  return el(
    'li',
    { class: 'effect-row', 'data-loc': `${path}.${op}.${v}` },
    el('label', { for: opId, class: 'visually-hidden' }, `Effect ${i + 1}: operation`),
    opSelect,
    el('label', { for: varId, class: 'visually-hidden' }, `Effect ${i + 1}: variable`),
    varSelect,
    el('label', { for: valId, class: 'visually-hidden' }, `Effect ${i + 1}: value (a number, true/false, or an expression)`),
    val,
    el('button', { type: 'button', class: 'author-remove', 'data-action': 'remove-effect', 'data-path': path, 'data-index': i }, el('span', { class: 'visually-hidden' }, `Remove effect ${i + 1}`), el('span', { 'aria-hidden': 'true' }, '×')),
  );
}

/** Reads an effects editor's rows back into the guide (an empty one is removed). */
export function readEffects(doc, fieldset, { drop = -1, add = false } = {}) {
  const path = fieldset.dataset.effects;
  const old = getAt(doc, path) ?? {};
  const out = {};
  [...fieldset.querySelectorAll('.effect-row')].forEach((row, i) => {
    if (i === drop) return;
    const op = row.querySelector('[data-fx="op"]').value;
    const v = row.querySelector('[data-fx="var"]').value;
    (out[op] ??= {})[v] = exprValue(row.querySelector('[data-fx="value"]').value);
  });
  if (add) {
    const first = (doc.variables ?? []).find((v) => v && !(out.add && v.id in out.add));
    if (first) (out.add ??= {})[first.id] = first.kind === 'flag' ? true : 1;
    if (first?.kind === 'flag') {
      delete out.add[first.id];
      (out.set ??= {})[first.id] = true;
    }
  }
  if (old.clamp) out.clamp = old.clamp;
  setAt(doc, path, Object.keys(out).length ? out : undefined);
}
