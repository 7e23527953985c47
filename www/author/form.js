// @ts-check
// The form editor: the guide's outline (the guide itself, cards, endings,
// meters and flags, sources, strategies, flashpoints) as a list of buttons,
// and a form for the item selected. Typing changes the guide's data at once
// (ctx.commit), which re-checks it with the core; adding or removing an item
// redraws the form and moves focus to where the author will work next. The
// core's diagnostics are put beside the field whose location path they name.

import { el, count, clip } from './dom.js';
import { getAt, setAt, textIn, withText, languages, make, makeSource, rename, targetIds, parsePath, joinPath } from './doc.js';
import { field, targetOptions, actorOptions, insertCitation, applyInput, effectsEditor, readEffects } from './fields.js';

/** Which outline item a diagnostic location belongs to. @param {string | null | undefined} location */
export function itemOf(location) {
  const parts = parsePath(location ?? '');
  const [a, b, c] = parts;
  if (typeof a === 'string' && ['nodes', 'endings', 'variables', 'strategies', 'flashpoints'].includes(a) && typeof b === 'number') return { kind: a, index: b };
  if (a === 'meta' && b === 'sources' && typeof c === 'string') return { kind: 'sources', key: c };
  return { kind: 'meta' };
}

const sameItem = (x, y) => x && y && x.kind === y.kind && x.index === y.index && x.key === y.key;

/**
 * ctx: { doc() → the guide object (or null), empty() → nothing is open yet,
 * commit(key, { redraw }) after a change,
 * selected() / select(item) for the outline, onSelect(item) }.
 */
export function createFormEditor(ctx) {
  const outline = el('nav', { class: 'form-outline', 'aria-label': 'Guide outline' });
  const detail = el('div', { class: 'form-detail', 'data-form': 'detail' });
  const root = el('div', { class: 'form-editor' }, outline, detail);
  /** @type {import('../types/contract').Diagnostic[]} */
  let diagnostics = [];

  // ── the outline ───────────────────────────────────────────────────────────
  function outlineSection(title, kind, items, addLabel) {
    const headingId = `outline-${kind}`;
    return el(
      'section',
      { class: 'outline-section', 'aria-labelledby': headingId },
      el('h3', { id: headingId }, title, el('span', { class: 'outline-count' }, ` (${items.length})`)),
      el('ul', {}, items.map((it) => el('li', {}, outlineButton(it)))),
      addLabel ? el('button', { type: 'button', class: 'author-add', 'data-action': `add-${kind}` }, addLabel) : null,
    );
  }

  function outlineButton({ item, label, sub }) {
    const n = diagnostics.filter((d) => d.location != null && sameItem(itemOf(d.location), item)).length;
    const errors = diagnostics.filter((d) => d.location != null && d.severity === 'error' && sameItem(itemOf(d.location), item)).length;
    return el(
      'button',
      { type: 'button', class: 'outline-item', 'data-item': JSON.stringify(item), 'aria-current': sameItem(item, ctx.selected()) ? 'true' : null },
      el('span', { class: 'outline-label' }, label || '(untitled)'),
      sub ? el('span', { class: 'outline-sub' }, sub) : null,
      n ? el('span', { class: 'outline-badge', 'data-severity': errors ? 'error' : 'warning' }, count(n, 'problem', 'problems')) : null,
    );
  }

  // A redraw between a press and its release on an outline button would swallow
  // the click (its button leaves the page): while a press is held on the outline,
  // the redraw waits for the release (seen as a flaky E2E click after a re-check).
  /** @type {any} */
  let heldDoc = null;
  let drawn = 0;
  document.addEventListener('pointerup', () => {
    const doc = heldDoc;
    const n = drawn;
    heldDoc = null;
    // After the click (which may redraw with a newer guide itself).
    if (doc) setTimeout(() => drawn === n && renderOutline(doc));
  });

  /** @param {any} doc */
  function renderOutline(doc) {
    if (outline.querySelector(':active')) {
      heldDoc = doc;
      return;
    }
    drawn++;
    const { def } = languages(doc);
    const t = (v) => clip(textIn(v, def), 44);
    // Redrawn after every check: a button that had the focus gets it back.
    const active = document.activeElement;
    const had = active instanceof HTMLElement && outline.contains(active) ? active : null;
    const again = had && (had.dataset.item ? `[data-item='${had.dataset.item}']` : had.dataset.action ? `[data-action="${had.dataset.action}"]` : null);
    outline.replaceChildren(
      el('ul', { class: 'outline-top' }, el('li', {}, outlineButton({ item: { kind: 'meta' }, label: 'The guide: title, summary, languages', sub: t(doc.meta?.title) }))),
      outlineSection('Cards', 'nodes', (doc.nodes ?? []).map((n, i) => ({ item: { kind: 'nodes', index: i }, label: t(n?.heading), sub: n?.id })), 'Add card'),
      outlineSection('Endings', 'endings', (doc.endings ?? []).map((e, i) => ({ item: { kind: 'endings', index: i }, label: t(e?.verdict), sub: e?.id })), 'Add ending'),
      outlineSection('Meters and flags', 'variables', (doc.variables ?? []).map((v, i) => ({ item: { kind: 'variables', index: i }, label: t(v?.label), sub: `${v?.id} (${v?.kind})` })), 'Add meter'),
      outlineSection('Sources', 'sources', Object.entries(doc.meta?.sources ?? {}).map(([key, s]) => ({ item: { kind: 'sources', key }, label: clip(typeof s === 'string' ? s : s?.citation, 44), sub: key })), 'Add source'),
      outlineSection('Strategies', 'strategies', (doc.strategies ?? []).map((s, i) => ({ item: { kind: 'strategies', index: i }, label: t(s?.label), sub: s?.id }))),
      outlineSection('Flashpoints', 'flashpoints', (doc.flashpoints ?? []).map((f, i) => ({ item: { kind: 'flashpoints', index: i }, label: t(f?.label), sub: f?.id }))),
    );
    if (again) outline.querySelector(again)?.focus();
  }

  // ── the forms ─────────────────────────────────────────────────────────────
  const heading = (text, sub) => el('h3', { class: 'form-title', tabindex: '-1' }, text, sub ? el('code', { class: 'form-id' }, ` ${sub}`) : null);

  function metaForm(doc) {
    return [
      heading('The guide'),
      field(doc, { path: 'meta.title', label: 'Title', kind: 'text' }),
      field(doc, { path: 'meta.summary', label: 'Summary: one paragraph on the real agreement', kind: 'text', multiline: true, cite: true }),
      field(doc, { path: 'meta.assumptions', label: 'Model assumptions: what the guide invents', kind: 'text', multiline: true, cite: true }),
      field(doc, { path: 'meta.id', label: 'Guide id (part of every share link)' }),
      field(doc, { path: 'meta.version', label: 'Version (raise it when cards or choices change)', kind: 'number' }),
      field(doc, { path: 'meta.start', label: 'First card', kind: 'select', options: [targetOptions(doc)[0]] }),
      field(doc, { path: 'meta.languages', label: 'Languages (codes, comma-separated, e.g. en, zh)', kind: 'tags' }),
      field(doc, { path: 'meta.default_language', label: 'Default language', kind: 'select', options: languages(doc).langs.map((l) => [l, l]) }),
      el(
        'fieldset',
        { class: 'group', 'data-loc': 'meta.actors' },
        el('legend', {}, 'Actors (who acts on a card)'),
        Object.keys(doc.meta?.actors ?? {}).map((a) => field(doc, { path: `meta.actors.${a}`, label: `Name of actor “${a}”`, kind: 'text' })),
      ),
    ];
  }

  function nodeForm(doc, i) {
    const p = `nodes[${i}]`;
    const node = doc.nodes[i];
    return [
      heading('Card', node.id),
      field(doc, { path: `${p}.heading`, label: 'Heading', kind: 'text' }),
      field(doc, { path: `${p}.body`, label: 'Body', kind: 'text', multiline: true, cite: true, help: 'A blank line starts a new paragraph; *emphasis*; cite a source with the picker.' }),
      field(doc, { path: `${p}.id`, label: 'Card id', kind: 'id', help: 'Renaming it renames every reference to it.' }),
      field(doc, { path: `${p}.actor`, label: 'Actor', kind: 'select', options: actorOptions(doc) }),
      field(doc, { path: `${p}.prompt`, label: 'Discussion prompt (classroom mode)', kind: 'text', multiline: true, optional: true }),
      field(doc, { path: `${p}.sources`, label: 'Sources cited by the whole card (keys, comma-separated)', kind: 'tags', optional: true }),
      imageGroup(doc, p, node),
      effectsEditor(doc, `${p}.effects`, 'Effects when the reader arrives'),
      el(
        'section',
        { class: 'group choices', 'aria-labelledby': `choices-${i}`, 'data-loc': `${p}.choices` },
        el('h4', { id: `choices-${i}` }, 'Choices'),
        (node.choices ?? []).map((c, j) => choiceGroup(doc, `${p}.choices[${j}]`, c, j)),
        el('button', { type: 'button', class: 'author-add', 'data-action': 'add-choice', 'data-path': `${p}.choices` }, 'Add choice'),
        el('ul', { class: 'field-diags', 'data-diags-for': `${p}.choices` }),
      ),
      el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove-item' }, 'Remove this card'),
    ];
  }

  function imageGroup(doc, p, node) {
    if (!node.image) return el('p', { class: 'group' }, el('button', { type: 'button', class: 'author-add', 'data-action': 'add-image', 'data-path': `${p}.image` }, 'Add image'));
    return el(
      'fieldset',
      { class: 'group', 'data-loc': `${p}.image` },
      el('legend', {}, 'Image'),
      field(doc, { path: `${p}.image.src`, label: 'Image address (relative to the guide file, e.g. images/photo.png)' }),
      field(doc, { path: `${p}.image.alt`, label: 'Alt text: what the image shows', kind: 'text' }),
      field(doc, { path: `${p}.image.caption`, label: 'Caption', kind: 'text', optional: true, cite: true }),
      el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove', 'data-path': `${p}.image`, 'data-focus-after': 'add-image' }, 'Remove image'),
    );
  }

  function choiceGroup(doc, p, c, j) {
    const mode = Array.isArray(c.outcomes) ? 'outcomes' : Array.isArray(c.next) ? 'routes' : 'next';
    const modeName = `mode-${p}`;
    const modes = [
      ['next', 'Goes to a card or ending'],
      ['outcomes', 'Draws an outcome at random (weighted)'],
      ['routes', 'Routes: the first whose condition holds'],
    ];
    return el(
      'fieldset',
      { class: 'group choice', 'data-loc': p },
      el('legend', {}, `Choice ${j + 1}`, el('code', { class: 'form-id' }, ` ${c.id ?? ''}`)),
      field(doc, { path: `${p}.label`, label: 'Label (the button the reader presses)', kind: 'text' }),
      field(doc, { path: `${p}.id`, label: 'Choice id' }),
      field(doc, { path: `${p}.when`, label: 'Condition (only available when this holds)', kind: 'expr', optional: true, placeholder: 'e.g. trust >= 50' }),
      field(doc, { path: `${p}.unmet`, label: 'Reason shown while the condition does not hold', kind: 'text', optional: true }),
      field(doc, { path: `${p}.tags`, label: 'Tags for strategies (comma-separated)', kind: 'tags', optional: true }),
      effectsEditor(doc, `${p}.effects`, 'Effects of this choice'),
      el(
        'fieldset',
        { class: 'choice-mode' },
        el('legend', {}, 'What happens next'),
        modes.map(([m, label]) => {
          const id = `${modeName}-${m}`;
          const radio = el('input', { type: 'radio', id, name: modeName, value: m, 'data-action': 'choice-mode', 'data-path': p });
          radio.checked = m === mode;
          return el('span', { class: 'radio' }, radio, el('label', { for: id }, label));
        }),
      ),
      mode === 'next' ? field(doc, { path: `${p}.next`, label: 'Next card or ending', kind: 'select', options: targetOptions(doc) }) : null,
      mode === 'routes' ? routesGroup(doc, p, c) : null,
      mode === 'outcomes' ? outcomesGroup(doc, p, c) : null,
      el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove', 'data-path': p, 'data-focus-after': 'add-choice' }, `Remove choice ${j + 1}`),
    );
  }

  function outcomesGroup(doc, p, c) {
    return el(
      'div',
      { class: 'outcomes', 'data-loc': `${p}.outcomes` },
      c.outcomes.map((o, k) =>
        el(
          'fieldset',
          { class: 'group outcome', 'data-loc': `${p}.outcomes[${k}]` },
          el('legend', {}, `Outcome ${k + 1}`, el('code', { class: 'form-id' }, ` ${o.id ?? ''}`)),
          field(doc, { path: `${p}.outcomes[${k}].label`, label: 'Label', kind: 'text' }),
          field(doc, { path: `${p}.outcomes[${k}].text`, label: 'Text: what happens', kind: 'text', multiline: true, optional: true, cite: true }),
          field(doc, { path: `${p}.outcomes[${k}].weight`, label: 'Weight (a number or an expression; the odds are each weight over their sum)', kind: 'expr' }),
          field(doc, { path: `${p}.outcomes[${k}].id`, label: 'Outcome id' }),
          field(doc, { path: `${p}.outcomes[${k}].actor`, label: 'Who acts', kind: 'select', optional: true, options: [['', 'Same as the card'], ...actorOptions(doc)] }),
          effectsEditor(doc, `${p}.outcomes[${k}].effects`, 'Effects of this outcome'),
          typeof o.next === 'string' || o.next == null
            ? field(doc, { path: `${p}.outcomes[${k}].next`, label: 'Next card or ending', kind: 'select', options: targetOptions(doc) })
            : el('p', { class: 'field-help' }, 'This outcome has routes; edit them in the JSON view.'),
          el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove', 'data-path': `${p}.outcomes[${k}]`, 'data-focus-after': 'add-outcome' }, `Remove outcome ${k + 1}`),
        ),
      ),
      el('button', { type: 'button', class: 'author-add', 'data-action': 'add-outcome', 'data-path': `${p}.outcomes` }, 'Add outcome'),
    );
  }

  function routesGroup(doc, p, c) {
    return el(
      'div',
      { class: 'routes', 'data-loc': `${p}.next` },
      c.next.map((r, k) =>
        el(
          'fieldset',
          { class: 'group route', 'data-loc': `${p}.next[${k}]` },
          el('legend', {}, `Route ${k + 1}`),
          field(doc, { path: `${p}.next[${k}].when`, label: 'When (leave empty on the last route)', kind: 'expr', optional: true }),
          field(doc, { path: `${p}.next[${k}].to`, label: 'Goes to', kind: 'select', options: targetOptions(doc) }),
          el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove', 'data-path': `${p}.next[${k}]`, 'data-focus-after': 'add-route' }, `Remove route ${k + 1}`),
        ),
      ),
      el('button', { type: 'button', class: 'author-add', 'data-action': 'add-route', 'data-path': `${p}.next` }, 'Add route'),
    );
  }

  function endingForm(doc, i) {
    const p = `endings[${i}]`;
    return [
      heading('Ending', doc.endings[i].id),
      field(doc, { path: `${p}.verdict`, label: 'Verdict', kind: 'text' }),
      field(doc, { path: `${p}.summary`, label: 'What this ending means in the model', kind: 'text', multiline: true, cite: true }),
      field(doc, { path: `${p}.reality`, label: 'In reality: what actually happened (cite every fact)', kind: 'text', multiline: true, cite: true }),
      field(doc, { path: `${p}.id`, label: 'Ending id', kind: 'id', help: 'Renaming it renames every reference to it.' }),
      field(doc, { path: `${p}.sources`, label: 'Sources (keys, comma-separated)', kind: 'tags', optional: true }),
      el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove-item' }, 'Remove this ending'),
    ];
  }

  function variableForm(doc, i) {
    const p = `variables[${i}]`;
    const v = doc.variables[i];
    const meter = v.kind !== 'flag';
    return [
      heading(meter ? 'Meter' : 'Flag', v.id),
      field(doc, { path: `${p}.label`, label: 'Label', kind: 'text' }),
      field(doc, { path: `${p}.id`, label: 'Id (used in conditions and effects)' }),
      field(doc, { path: `${p}.kind`, label: 'Kind', kind: 'select', options: [['meter', 'Meter (a number)'], ['flag', 'Flag (true or false)']] }),
      meter ? field(doc, { path: `${p}.min`, label: 'Minimum', kind: 'number' }) : null,
      meter ? field(doc, { path: `${p}.max`, label: 'Maximum', kind: 'number' }) : null,
      meter ? field(doc, { path: `${p}.start`, label: 'Start value', kind: 'number' }) : field(doc, { path: `${p}.start`, label: 'True at the start', kind: 'bool' }),
      field(doc, { path: `${p}.shown`, label: 'Shown to the reader', kind: 'bool' }),
      field(doc, { path: `${p}.description`, label: 'Description (say that it is a model assumption)', kind: 'text', multiline: true, optional: true }),
      el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove-item' }, meter ? 'Remove this meter' : 'Remove this flag'),
    ];
  }

  function sourceForm(doc, key) {
    const p = `meta.sources.${key}`;
    if (typeof doc.meta.sources[key] === 'string') doc.meta.sources[key] = { citation: doc.meta.sources[key] };
    const keyId = 'source-key';
    return [
      heading('Source', key),
      el(
        'div',
        { class: 'field', 'data-loc': p },
        el('label', { for: keyId }, 'Key (used in citations)'),
        el('input', { id: keyId, type: 'text', value: key, 'data-source-key': key, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${keyId}-help ${keyId}-diags` }),
        el('p', { class: 'field-help', id: `${keyId}-help` }, 'Renaming it renames every citation of it.'),
        el('ul', { class: 'field-diags', id: `${keyId}-diags`, 'data-diags-for': p }),
      ),
      field(doc, { path: `${p}.citation`, label: 'Citation (author, title, publisher)' }),
      field(doc, { path: `${p}.date`, label: 'Date (YYYY-MM-DD)', optional: true }),
      field(doc, { path: `${p}.url`, label: 'Address (https://…)', optional: true }),
      field(doc, { path: `${p}.lang`, label: 'Language of the source, if not the guide’s (e.g. en)', optional: true }),
      el('p', { class: 'field-help' }, 'Cite it in any text with the “Insert a citation” picker beside the field; it appears as ', el('code', {}, `[^${key}]`), '.'),
      el('button', { type: 'button', class: 'author-remove-item', 'data-action': 'remove-item' }, 'Remove this source'),
    ];
  }

  function newSourceForm() {
    const f = (name, label, extra = {}) => {
      const id = `new-source-${name}`;
      return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, name, type: 'text', autocomplete: 'off', ...extra }));
    };
    return el(
      'form',
      { class: 'new-source', 'data-form': 'new-source', 'aria-labelledby': 'new-source-heading' },
      el('h3', { id: 'new-source-heading', tabindex: '-1' }, 'Add a source'),
      f('key', 'Key (short name used in citations, e.g. white-house-2015)', { required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_\\-]*' }),
      f('title', 'Title'),
      f('publisher', 'Publisher or author'),
      f('date', 'Date (YYYY-MM-DD)'),
      f('url', 'Address (https://…)'),
      f('lang', 'Language of the source (e.g. en)'),
      el('p', { class: 'form-buttons' }, el('button', { type: 'submit' }, 'Add source'), el('button', { type: 'button', 'data-action': 'cancel-source' }, 'Cancel')),
      el('p', { class: 'field-help', role: 'status', 'data-new-source-status': '' }),
    );
  }

  function simpleForm(doc, list, i, what) {
    const p = `${list}[${i}]`;
    return [
      heading(what, doc[list][i].id),
      field(doc, { path: `${p}.label`, label: 'Label', kind: 'text' }),
      field(doc, { path: `${p}.description`, label: 'Description', kind: 'text', multiline: true, optional: true, cite: list === 'flashpoints' }),
      el('p', { class: 'field-help' }, list === 'strategies' ? 'A strategy’s rules are edited in the JSON view.' : 'Which cards and choices a flashpoint changes is edited in the JSON view.'),
    ];
  }

  let addingSource = false;

  function renderDetail(doc) {
    const sel = ctx.selected();
    let body;
    if (addingSource) body = [newSourceForm()];
    else if (sel.kind === 'nodes' && doc.nodes?.[sel.index]) body = nodeForm(doc, sel.index);
    else if (sel.kind === 'endings' && doc.endings?.[sel.index]) body = endingForm(doc, sel.index);
    else if (sel.kind === 'variables' && doc.variables?.[sel.index]) body = variableForm(doc, sel.index);
    else if (sel.kind === 'sources' && doc.meta?.sources?.[sel.key] != null) body = sourceForm(doc, sel.key);
    else if (sel.kind === 'strategies' && doc.strategies?.[sel.index]) body = simpleForm(doc, 'strategies', sel.index, 'Strategy');
    else if (sel.kind === 'flashpoints' && doc.flashpoints?.[sel.index]) body = simpleForm(doc, 'flashpoints', sel.index, 'Flashpoint');
    else body = metaForm(doc);
    detail.replaceChildren(...body.filter(Boolean));
  }

  // ── diagnostics beside their fields ───────────────────────────────────────
  /** The form's place for a location path: the field with that path, else the innermost group holding it. */
  function nearest(loc) {
    let best = null;
    for (const p of detail.querySelectorAll('[data-loc]')) {
      const l = p.dataset.loc;
      if (loc === l || (loc.startsWith(l) && '.['.includes(loc[l.length]))) if (!best || l.length > best.dataset.loc.length) best = p;
    }
    return best;
  }

  function placeDiagnostics() {
    for (const ul of root.querySelectorAll('.field-diags')) ul.replaceChildren();
    const places = [...detail.querySelectorAll('[data-loc]')];
    for (const d of diagnostics) {
      if (!d.location) continue;
      const loc = d.location;
      const best = nearest(loc);
      const list = best?.querySelector(':scope > .field-diags');
      if (!list) continue;
      best.dataset.problem = 'true';
      list.append(
        el(
          'li',
          { class: 'field-diag', 'data-severity': d.severity, 'data-code': d.code, 'data-location': loc },
          el('span', { class: 'author-severity' }, d.severity === 'error' ? 'Error' : 'Warning'),
          loc !== best.dataset.loc ? el('code', { class: 'author-location' }, loc) : null,
          el('span', { class: 'visually-hidden' }, ': '),
          d.message,
          d.suggestion ? el('span', { class: 'author-suggestion' }, ` — ${d.suggestion}`) : null,
        ),
      );
    }
    for (const p of places) if (!p.querySelector(':scope > .field-diags > li')) delete p.dataset.problem;
  }

  // ── events ────────────────────────────────────────────────────────────────
  function render() {
    const doc = ctx.doc();
    if (!doc) {
      outline.replaceChildren();
      // Nothing open yet: the page invites a start instead (ctx.empty).
      if (ctx.empty?.()) detail.replaceChildren();
      else detail.replaceChildren(el('p', { class: 'form-unavailable' }, 'The JSON has a syntax error, so the form cannot show it. Fix it in the JSON view (the problem is listed under Problems).'));
      return;
    }
    renderOutline(doc);
    renderDetail(doc);
    placeDiagnostics();
  }

  /** Redraws, then focuses the element `selector` finds in the form (or the form's title). */
  function redraw(selector) {
    render();
    const target = (selector && detail.querySelector(selector)) || detail.querySelector('.form-title, h3');
    target?.focus();
  }

  const focusField = (path) => `[data-path="${CSS.escape(path)}"]`;

  detail.addEventListener('input', (event) => {
    const doc = ctx.doc();
    const t = event.target;
    if (!doc) return;
    if (t.dataset.fx) {
      readEffects(doc, t.closest('[data-effects]'));
      return ctx.commit(t.closest('[data-effects]').dataset.effects);
    }
    if (!t.dataset.path || t.dataset.kind === 'id' || t.localName === 'select' || t.type === 'checkbox' || t.type === 'radio') return;
    applyInput(doc, t);
    ctx.commit(t.dataset.path, { outline: /\.(heading|verdict|label|citation)$|^meta\.title/.test(t.dataset.path) });
  });

  detail.addEventListener('change', (event) => {
    const doc = ctx.doc();
    const t = event.target;
    if (!doc) return;
    if (t.classList.contains('cite-picker')) return insertCitation(t);
    if (t.dataset.fx) {
      readEffects(doc, t.closest('[data-effects]'));
      return ctx.commit(t.closest('[data-effects]').dataset.effects);
    }
    if (t.dataset.action === 'choice-mode') return setChoiceMode(doc, t.dataset.path, t.value);
    if (t.dataset.kind === 'id') return renameItem(doc, t);
    if (t.dataset.sourceKey) return renameSource(doc, t);
    if (t.localName === 'select' || t.type === 'checkbox') {
      applyInput(doc, t);
      const structural = /^variables\[\d+\]\.kind$/.test(t.dataset.path);
      if (structural) {
        // A flag has no range and starts false; a meter needs both.
        const v = getAt(doc, t.dataset.path.replace(/\.kind$/, ''));
        if (v.kind === 'flag') {
          delete v.min;
          delete v.max;
          v.start = false;
        } else Object.assign(v, { min: v.min ?? 0, max: v.max ?? 100, start: typeof v.start === 'number' ? v.start : 0 });
      }
      ctx.commit(t.dataset.path);
      if (structural) redraw(focusField(t.dataset.path));
      else renderOutline(doc);
    }
  });

  function renameItem(doc, input) {
    const path = input.dataset.path;
    const from = getAt(doc, path);
    const to = input.value.trim();
    if (!to || to === from) return;
    if (targetIds(doc).includes(to)) {
      input.value = from;
      const list = input.parentElement.querySelector('.field-diags');
      list.replaceChildren(el('li', { class: 'field-diag', 'data-severity': 'error' }, `“${to}” is already the id of another card or ending; the id was not changed.`));
      return;
    }
    rename(doc, 'target', from, to);
    setAt(doc, path, to);
    ctx.commit(path);
    redraw(focusField(path));
  }

  function renameSource(doc, input) {
    const from = input.dataset.sourceKey;
    const to = input.value.trim();
    if (!to || to === from) return;
    const list = input.parentElement.querySelector('.field-diags');
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(to) || to in (doc.meta?.sources ?? {})) {
      input.value = from;
      list.replaceChildren(el('li', { class: 'field-diag', 'data-severity': 'error' }, `“${to}” cannot be the key: it is taken, or not letters, digits, - and _. The key was not changed.`));
      return;
    }
    rename(doc, 'source', from, to);
    ctx.commit(`meta.sources.${to}`);
    ctx.select({ kind: 'sources', key: to }, '#source-key');
  }

  function setChoiceMode(doc, p, mode) {
    const c = getAt(doc, p);
    const first = typeof c.next === 'string' ? c.next : Array.isArray(c.next) ? c.next.at(-1)?.to : c.outcomes?.[0]?.next;
    delete c.next;
    delete c.outcomes;
    if (mode === 'next') c.next = first ?? '';
    else if (mode === 'routes') c.next = [{ to: first ?? '' }];
    else c.outcomes = [make.outcome(doc, [], typeof first === 'string' ? first : '')];
    ctx.commit(p);
    redraw(`input[name="${CSS.escape(`mode-${p}`)}"]:checked`);
  }

  detail.addEventListener('submit', (event) => {
    event.preventDefault();
    const doc = ctx.doc();
    const form = event.target;
    const get = (n) => form.elements[n].value;
    const key = get('key').trim();
    const status = form.querySelector('[data-new-source-status]');
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(key)) return (status.textContent = 'The key needs letters, digits, - or _, starting with a letter or digit.');
    if (doc.meta?.sources && key in doc.meta.sources) return (status.textContent = `There is already a source “${key}”.`);
    setAt(doc, `meta.sources.${key}`, makeSource({ title: get('title'), publisher: get('publisher'), date: get('date'), url: get('url'), lang: get('lang') }));
    addingSource = false;
    ctx.commit(`meta.sources.${key}`);
    ctx.select({ kind: 'sources', key }, '.form-title');
  });

  root.addEventListener('click', (event) => {
    const doc = ctx.doc();
    const b = event.target.closest('button');
    if (!b || !doc) return;
    const item = b.dataset.item;
    if (item) {
      addingSource = false;
      return ctx.select(JSON.parse(item), '.form-title');
    }
    const action = b.dataset.action;
    if (!action) return;
    const p = b.dataset.path;
    const sel = ctx.selected();
    const firstEnding = doc.endings?.[0]?.id ?? '';
    switch (action) {
      case 'add-nodes': {
        (doc.nodes ??= []).push(make.node(doc, firstEnding));
        ctx.commit('add');
        return ctx.select({ kind: 'nodes', index: doc.nodes.length - 1 }, focusField(`nodes[${doc.nodes.length - 1}].heading`));
      }
      case 'add-endings': {
        (doc.endings ??= []).push(make.ending(doc));
        ctx.commit('add');
        return ctx.select({ kind: 'endings', index: doc.endings.length - 1 }, focusField(`endings[${doc.endings.length - 1}].verdict`));
      }
      case 'add-variables': {
        (doc.variables ??= []).push(make.variable(doc));
        ctx.commit('add');
        return ctx.select({ kind: 'variables', index: doc.variables.length - 1 }, focusField(`variables[${doc.variables.length - 1}].label`));
      }
      case 'add-sources':
        addingSource = true;
        return redraw('#new-source-key');
      case 'cancel-source':
        addingSource = false;
        return redraw();
      case 'add-choice': {
        const list = getAt(doc, p);
        list.push(make.choice(doc, list, firstEnding));
        ctx.commit('add');
        return redraw(focusField(`${p}[${list.length - 1}].label`));
      }
      case 'add-outcome': {
        const list = getAt(doc, p);
        list.push(make.outcome(doc, list, list.at(-1)?.next ?? firstEnding));
        ctx.commit('add');
        return redraw(focusField(`${p}[${list.length - 1}].label`));
      }
      case 'add-route': {
        const list = getAt(doc, p);
        list.push({ to: list.at(-1)?.to ?? firstEnding });
        ctx.commit('add');
        return redraw(focusField(`${p}[${list.length - 1}].to`));
      }
      case 'add-image':
        setAt(doc, p, { src: '', alt: withText(doc, undefined, languages(doc).def, '') });
        ctx.commit('add');
        return redraw(focusField(`${p}.src`));
      case 'add-effect':
      case 'remove-effect': {
        const fs = b.closest('[data-effects]');
        readEffects(doc, fs, action === 'add-effect' ? { add: true } : { drop: Number(b.dataset.index) });
        ctx.commit('effects');
        return redraw(action === 'add-effect' ? `[data-effects="${CSS.escape(p)}"] .effect-row:last-child [data-fx="op"]` : `[data-effects="${CSS.escape(p)}"] .author-add`);
      }
      case 'remove': {
        const parent = joinPath(parsePath(p).slice(0, -1));
        setAt(doc, p, undefined);
        ctx.commit('remove');
        const after = b.dataset.focusAfter;
        return redraw(after === 'add-image' ? `[data-action="add-image"]` : `[data-action="${after}"][data-path="${CSS.escape(parent)}"]`);
      }
      case 'remove-item': {
        const kind = sel.kind;
        if (kind === 'sources') delete doc.meta.sources[sel.key];
        else doc[kind].splice(sel.index, 1);
        ctx.commit('remove');
        /** @type {{ kind: string, key?: string, index?: number }} */
        let next = { kind: 'meta' };
        if (kind === 'sources') {
          const key = Object.keys(doc.meta.sources)[0];
          if (key) next = { kind, key };
        } else {
          const index = Math.min(sel.index, (doc[kind]?.length ?? 0) - 1);
          if (index >= 0) next = { kind, index };
        }
        ctx.select(next, null);
        return outline.querySelector(`[data-action="add-${kind}"]`)?.focus();
      }
      default:
    }
  });

  return {
    element: root,
    render,
    /** Focuses `selector` in the current form (after the page selected an item). */
    focus(selector) {
      const target = (selector && root.querySelector(selector)) || detail.querySelector('.form-title, h3');
      target?.focus();
      target?.scrollIntoView?.({ block: 'nearest' });
    },
    /** The core's diagnostics: placed beside their fields, counted in the outline. @param {import('../types/contract').Diagnostic[]} list */
    showDiagnostics(list) {
      diagnostics = list;
      const doc = ctx.doc();
      if (doc) renderOutline(doc);
      placeDiagnostics();
    },
    /** Refreshes the outline's names (after typing a heading). */
    refreshOutline() {
      const doc = ctx.doc();
      if (doc) renderOutline(doc);
    },
    /** Focuses the field a diagnostic location names (or the nearest group holding it). */
    focusLocation(location) {
      const best = nearest(location);
      const target = best?.querySelector('input, select, textarea, button') ?? detail.querySelector('.form-title');
      target?.focus();
      target?.scrollIntoView?.({ block: 'center' });
    },
  };
}
