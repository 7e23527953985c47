// @ts-check
// Small DOM helpers shared by the author page's modules. Text is only ever
// set as text nodes or form values: nothing from a guide is parsed as HTML.

import { el as build } from '../element/dom.js';

/**
 * Builds an element: el('p', { class: 'x' }, child, 'text', …); null/false attributes and children are
 * skipped. The widget's own builder (www/element/dom.js), except that a form control's `value` is set
 * as its property (what the author sees and edits), after its options are in.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {any}
 */
export function el(tag, attrs = {}, ...children) {
  const { value, ...rest } = attrs;
  const node = build(tag, rest, ...children);
  if (value != null && value !== false) {
    if ('value' in node) /** @type {HTMLInputElement} */ (node).value = String(value);
    else node.setAttribute('value', value === true ? '' : String(value));
  }
  return node;
}

/** The author page is in English: its plural rules pick the word. */
const plural = new Intl.PluralRules('en');

/** `3 errors`, `1 error`: the noun in its English `one` or `other` form. */
export function count(n, one, other) {
  return `${n} ${plural.select(n) === 'one' ? one : other}`;
}

let uid = 0;
/** A fresh element id with this prefix. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Plain text of a guide string with its markup left as typed, cut to `max` characters (the element's own, shared). */
export { clip } from '../element/text.js';

