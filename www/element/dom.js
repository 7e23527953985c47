// @ts-check
// The one DOM builder of the element and its on-demand parts (render, classroom, Explore).
// Every node is built from data with createElement/createElementNS, setAttribute and
// text nodes: scenario text never reaches the page as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @typedef {Node | string | number | null | undefined | false | readonly unknown[]} Child  (arrays of children, nested, are flattened) */

/**
 * Appends children, flattening arrays and skipping null/false.
 * @param {Element | DocumentFragment} node
 * @param {Child[]} children
 */
function fill(node, children) {
  // append() writes a number as its text.
  node.append(.../** @type {(Node | string)[]} */ (children.flat(Infinity).filter((c) => c != null && c !== false)));
}

/**
 * An attribute's value: `true` is an empty attribute, null/false leaves it out.
 * @param {Element} node
 * @param {Record<string, unknown>} attrs
 */
function setAttributes(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
}

/**
 * A small DOM builder: el('p', { class: 'x', part: 'y' }, child, 'text', …).
 * Typed by its tag: el('select') is an HTMLSelectElement.
 * @template {string} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...Child} children
 * @returns {K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = /** @type {K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement} */ (document.createElement(tag));
  setAttributes(node, attrs);
  fill(node, children);
  return node;
}

/**
 * An SVG element: svg('rect', { x: 1 }, children…).
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...Child} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  setAttributes(node, attrs);
  fill(node, children);
  return node;
}

/**
 * Scenario text set apart from the widget's own words, so its direction cannot leak into them.
 * @param {...Child} children
 */
export function isolated(...children) {
  return el('bdi', {}, ...children);
}

/**
 * An arrow that points the other way in right-to-left text (see `.ag-arrow`); not read aloud.
 * @param {string} glyph
 */
export function arrow(glyph) {
  return el('span', { class: 'ag-arrow', 'aria-hidden': 'true' }, glyph);
}

/**
 * Rich text (paragraphs of spans, as the core gives it) as one plain string.
 * @param {import('../types/contract').Rich | null | undefined} rich
 */
export function plain(rich) {
  return (rich ?? []).map((p) => p.map((s) => ('text' in s ? s.text : '')).join('')).join(' ').trim();
}

/** Whether the reader asked for less motion. */
export const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Copies a read-only field's text to the clipboard; where the browser refuses,
 * selects it for the reader to copy. Whether it was copied.
 * @param {HTMLInputElement} input
 */
export async function copyField(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    return false;
  }
}
