// @ts-check
// The element's attributes mirrored as properties, made from the table in
// attribute-table.js (`lang` is HTMLElement's own; `hashKey` and the read-only
// `token` are the element's, as they depend on the run). A base class of
// AgreementGuideElement, so the properties are the element's as before;
// `from-query` makes some of them read the page's query.

import { ENTRIES } from './attribute-table.js';

/** @typedef {import('./attribute-table.js').AttributeProperties} AttributeProperties */

/**
 * An attribute, or with `from-query` the page's query parameter of that name.
 * @param {HTMLElement} element
 * @param {string} name
 */
export function param(element, name) {
  if (element.hasAttribute('from-query')) {
    const v = new URLSearchParams(location.search).get(name);
    if (v != null && v !== '') return v;
  }
  return element.getAttribute(name);
}

/**
 * Each property is the attribute of the same name, read through its entry's
 * `from` and written through its `to` (the README's table says what each does).
 * Declared as a constructor of elements with the table's properties, since
 * they are defined on the prototype below, not in the class body.
 */
export const GuideAttributes = /** @type {{ new (): HTMLElement & AttributeProperties; prototype: HTMLElement & AttributeProperties }} */ (
  /** @type {unknown} */ (class GuideAttributes extends HTMLElement {})
);

for (const [property, spec] of ENTRIES) {
  if (spec.property) continue; // HTMLElement's (`lang`) or the element's own (`hashKey`)
  Object.defineProperty(GuideAttributes.prototype, property, {
    configurable: true,
    /** @this {HTMLElement & AttributeProperties} */
    get() {
      return spec.from(spec.query ? param(this, spec.attribute) : this.getAttribute(spec.attribute), this);
    },
    /** @this {HTMLElement} @param {unknown} value */
    set(value) {
      const attr = spec.to(/** @type {never} */ (value));
      if (attr == null) this.removeAttribute(spec.attribute);
      else this.setAttribute(spec.attribute, attr);
    },
  });
}
