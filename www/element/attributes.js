// @ts-check
// The element's attributes mirrored as properties (`lang` is HTMLElement's own;
// `hashKey` and the read-only `token` are the element's, as they depend on the
// run). A base class of AgreementGuideElement, so the properties are the
// element's as before; `from-query` makes some of them read the page's query.

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

/** Each property is the attribute of the same name (the README's table says what each does). */
export class GuideAttributes extends HTMLElement {
  get src() {
    return this.getAttribute('src') ?? '';
  }
  set src(v) {
    this.setAttribute('src', v);
  }
  get seed() {
    return this.getAttribute('seed');
  }
  set seed(v) {
    if (v == null) this.removeAttribute('seed');
    else this.setAttribute('seed', String(v));
  }
  get mode() {
    return param(this, 'mode') === 'classroom' ? 'classroom' : 'reader';
  }
  set mode(v) {
    this.setAttribute('mode', v);
  }
  get headingLevel() {
    const n = Number(this.getAttribute('heading-level'));
    return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 2;
  }
  set headingLevel(v) {
    this.setAttribute('heading-level', String(v));
  }
  /** `auto` (default: follows prefers-color-scheme), `light`, `dark` or `high-contrast`; styled in agreement-guide.css. */
  get theme() {
    const t = this.getAttribute('theme');
    return ['light', 'dark', 'high-contrast'].includes(t) ? t : 'auto';
  }
  set theme(v) {
    this.setAttribute('theme', v);
  }
  get fromQuery() {
    return this.hasAttribute('from-query');
  }
  /** Flashpoints (teacher-switched twists) to switch on: ids, comma-separated. */
  get flashpoints() {
    return param(this, 'flashpoints') ?? '';
  }
  set flashpoints(v) {
    this.setAttribute('flashpoints', Array.isArray(v) ? v.join(',') : String(v));
  }
  /** Team play in classroom mode: on unless `teams="off"`. */
  get teams() {
    return this.mode === 'classroom' && param(this, 'teams') !== 'off';
  }
  set fromQuery(v) {
    this.toggleAttribute('from-query', !!v);
  }

  /**
   * What the element does with the page's URL: `replace` (default) keeps the
   * run's token in the fragment with `history.replaceState`, leaving every
   * other part of the fragment as it was; `none` never changes the URL (a
   * host router listens for `agreement-guide-urlchange` and can call
   * `restore(token)`). Either way the element reads its own key on load and
   * when the hash changes.
   */
  get history() {
    return this.getAttribute('history') === 'none' ? 'none' : 'replace';
  }
  set history(v) {
    this.setAttribute('history', v);
  }
}
