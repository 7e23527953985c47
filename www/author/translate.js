// @ts-check
// The translation view: every Text field of the guide, the default language
// beside another, so a translator works down the list. A field is
// "untranslated" when it has no text of its own in that language, and
// "changed" when its source text is no longer the one it was translated
// from. What it was translated from is kept in the draft's record (a hash
// of the source text per field and language), not in the published guide.

import { el, count } from './dom.js';
import { getAt, setAt, textFields, textIn, hasOwn, withText, languages, hash } from './doc.js';

/** The state of each field in `lang`: 'untranslated', 'changed' or 'done'. */
export function translationState(doc, record, lang) {
  const { def } = languages(doc);
  const seen = record?.[lang] ?? {};
  return textFields(doc).map((f) => {
    const value = getAt(doc, f.path);
    const source = textIn(value, def);
    let state = 'done';
    if (!hasOwn(value, lang) && source !== '') state = 'untranslated';
    else if (seen[f.key] && seen[f.key] !== hash(source)) state = 'changed';
    return { ...f, source, target: hasOwn(value, lang) ? value[lang] : '', state };
  });
}

/**
 * Marks every field that is translated now as translated from its current
 * source text (when a guide is opened: its translations are taken as they
 * stand, and later edits of the source flag them).
 */
export function baseline(doc, record = {}) {
  const { langs, def } = languages(doc);
  const out = { ...record };
  for (const lang of langs) {
    if (lang === def) continue;
    out[lang] = { ...(out[lang] ?? {}) };
    for (const f of textFields(doc)) {
      const v = getAt(doc, f.path);
      if (hasOwn(v, lang) && !out[lang][f.key]) out[lang][f.key] = hash(textIn(v, def));
    }
  }
  return out;
}

/** ctx: { doc(), empty() (nothing is open yet), record(), setRecord(r), commit(key) }. */
export function createTranslationView(ctx) {
  const langSelect = el('select', { id: 'translate-lang' });
  const filter = el('select', { id: 'translate-filter' }, el('option', { value: 'todo' }, 'Untranslated and changed'), el('option', { value: 'all' }, 'All fields'));
  const summary = el('p', { class: 'translate-summary', id: 'translate-summary', role: 'status' });
  const rows = el('ol', { class: 'translate-rows' });
  const note = el('p', { class: 'field-help' });
  const root = el(
    'div',
    { class: 'translate' },
    el(
      'div',
      { class: 'translate-controls' },
      el('p', { class: 'field' }, el('label', { for: 'translate-lang' }, 'Translate into'), langSelect),
      el('p', { class: 'field' }, el('label', { for: 'translate-filter' }, 'Show'), filter),
    ),
    note,
    summary,
    rows,
  );
  let shown = [];

  function counts(states) {
    return { untranslated: states.filter((s) => s.state === 'untranslated').length, changed: states.filter((s) => s.state === 'changed').length, total: states.length };
  }

  function showSummary(states, lang) {
    const c = counts(states);
    summary.dataset.untranslated = String(c.untranslated);
    summary.dataset.changed = String(c.changed);
    summary.textContent =
      c.untranslated + c.changed
        ? `${lang}: ${count(c.untranslated, 'field', 'fields')} untranslated, ${count(c.changed, 'field', 'fields')} changed since translated, of ${c.total}.`
        : `${lang}: all ${c.total} fields translated.`;
  }

  function render() {
    const doc = ctx.doc();
    if (!doc) {
      rows.replaceChildren();
      summary.textContent = '';
      note.textContent = ctx.empty?.() ? 'Open or start a guide to translate it here.' : 'The JSON has a syntax error; fix it in the JSON view first.';
      return;
    }
    const { langs, def } = languages(doc);
    const others = langs.filter((l) => l !== def);
    const want = langSelect.value;
    langSelect.replaceChildren(...others.map((l) => el('option', { value: l }, l)));
    if (others.includes(want)) langSelect.value = want;
    if (!others.length) {
      note.textContent = `This guide has one language (${def}). Add a language code to “Languages” in the form (The guide), then translate it here.`;
      rows.replaceChildren();
      summary.textContent = '';
      return;
    }
    note.textContent = `The default language (${def}) on the left; the translation on the right. Flags: untranslated, or changed since it was translated.`;
    const lang = langSelect.value;
    const states = translationState(doc, ctx.record(), lang);
    showSummary(states, lang);
    shown = filter.value === 'all' ? states : states.filter((s) => s.state !== 'done');
    rows.replaceChildren(
      ...shown.map((s, i) => {
        const id = `tr-${i}`;
        const multiline = s.source.length > 80 || s.source.includes('\n');
        const input = multiline ? el('textarea', { id, rows: 3 }) : el('input', { id, type: 'text', autocomplete: 'off' });
        input.value = s.target;
        input.lang = lang;
        input.dataset.path = s.path;
        input.dataset.key = s.key;
        input.setAttribute('aria-describedby', `${id}-src ${id}-state`);
        return el(
          'li',
          { class: 'translate-row', 'data-state': s.state, 'data-path': s.path },
          el('p', { class: 'translate-where' }, `${s.where} — ${s.field}`, ' ', el('span', { class: 'translate-flag', id: `${id}-state` }, flag(s.state))),
          el('div', { class: 'translate-pair' }, el('p', { class: 'translate-source', id: `${id}-src`, lang: def }, s.source), el('div', {}, el('label', { for: id, class: 'visually-hidden' }, `${lang}: ${s.where} ${s.field}`), input)),
        );
      }),
    );
    if (!shown.length) rows.append(el('li', { class: 'translate-row' }, 'Nothing left to translate.'));
  }

  const flag = (state) => (state === 'untranslated' ? 'Untranslated' : state === 'changed' ? 'Changed since translated' : 'Translated');

  rows.addEventListener('input', (event) => {
    const input = event.target;
    const doc = ctx.doc();
    if (!doc || !input.dataset.path) return;
    const lang = langSelect.value;
    const { def } = languages(doc);
    const old = getAt(doc, input.dataset.path);
    if (input.value === '') {
      if (old && typeof old === 'object') {
        const { [lang]: _, ...rest } = old;
        setAt(doc, input.dataset.path, rest);
      }
    } else setAt(doc, input.dataset.path, withText(doc, old ?? '', lang, input.value));
    const record = ctx.record();
    record[lang] = { ...(record[lang] ?? {}), [input.dataset.key]: hash(textIn(old, def)) };
    ctx.setRecord(record);
    ctx.commit(`translate:${input.dataset.path}`);
    // The row's flag and the counts follow at once; the row stays (the list is redrawn on the next visit).
    const states = translationState(doc, record, lang);
    showSummary(states, lang);
    const s = states.find((x) => x.path === input.dataset.path);
    const row = input.closest('.translate-row');
    row.dataset.state = s?.state ?? 'done';
    row.querySelector('.translate-flag').textContent = flag(row.dataset.state);
  });

  langSelect.addEventListener('change', render);
  filter.addEventListener('change', render);
  return { element: root, render };
}
