// @ts-check
// The element's attributes, declared once (as lit's reactive-element declares
// its properties): each entry names the attribute, how its value becomes the
// property's and back and what the element does when it changes; its doc
// comment (Markdown) is what the README, npm/agreement-guide.d.ts and
// npm/custom-elements.json say it does, with the property's type for the
// .d.ts (`@propertyType`; a oneOf's values or a flag say it themselves), the
// attribute's when it differs (`@attributeType`) and a default to show
// (`@defaultValue`). Comments, so the minified element carries none of it.
// attributes.js makes the getters and setters from it, element.js its
// `observedAttributes` and change handler, and scripts/element-api.mjs writes
// the three documents (the build runs it; tests/e2e/element-api.test.mjs fails
// when one is out of date). Plain data: Node imports it without a DOM.

/**
 * What the element does when an observed attribute changes (element.js has one
 * method per name): load the guide again, redraw in another language, restart
 * with the new dice, enter or leave classroom mode, redraw, switch flashpoints,
 * rebuild the shell (heading levels), move the run to a new fragment key, or
 * nothing (`none`: the property is read where it is used).
 * @typedef {'load' | 'language' | 'seed' | 'mode' | 'redraw' | 'flashpoints' | 'shell' | 'key' | 'none'} Reaction
 */

/**
 * @template T  the property's value
 * @typedef {object} Spec
 * @property {string} attribute  its name in HTML
 * @property {readonly string[]} [values]  the values it takes (oneOf), the first the default
 * @property {true} [flag]  present or not (flag)
 * @property {Reaction} [on]  observed: what a change does (unobserved attributes are read by CSS only)
 * @property {boolean} [query]  with `from-query`, the property reads the page's query parameter of the same name first
 *   (the element reads `src`, `lang` and `seed` from the query itself, when it loads)
 * @property {'element' | 'HTMLElement'} [property]  the property is defined elsewhere (not made from `from`/`to`)
 * @property {(value: string | null, element: HTMLElement & { mode: 'reader' | 'classroom' }) => T} from  attribute (or query) → property
 * @property {(value: never) => string | null} to  property → attribute (null removes it)
 */

/**
 * A text attribute: its value, else `fallback`.
 * @param {string} fallback
 */
const text = (fallback) => ({
  from: (/** @type {string | null} */ v) => v ?? fallback,
  to: (/** @type {unknown} */ v) => String(v),
});

/**
 * One of `values`, else the first.
 * @template {string} V
 * @param {readonly [V, ...V[]]} values
 */
const oneOf = (values) => ({
  values,
  from: (/** @type {string | null} */ v) => /** @type {V} */ (values.find((x) => x === v) ?? values[0]),
  to: (/** @type {V} */ v) => String(v),
});

/** Present or not (`toggleAttribute`). */
const flag = () => ({
  flag: /** @type {const} */ (true),
  from: (/** @type {string | null} */ v) => v != null,
  to: (/** @type {unknown} */ v) => (v ? '' : null),
});

export const ATTRIBUTES = {
  /**
   * the guide: a compiled guide's `<id>.compiled.json` (fast) or its `.json` (full engine),
   * resolved against the page (default: the US–China guide, compiled)
   * @propertyType string
   */
  src: {
    attribute: 'src',
    on: 'load',
    ...text(''),
  },
  /**
   * the reader's language, for the guide's text and the widget's own words (default: the nearest
   * `lang`, else `en`)
   * @propertyType string
   */
  lang: {
    attribute: 'lang',
    on: 'language',
    property: 'HTMLElement',
    ...text(''),
  },
  /**
   * fixes the dice, e.g. for a class that should all see the same run: a whole number ≥ 0
   * (default: random)
   * @propertyType string | number | null
   * @attributeType string
   */
  seed: {
    attribute: 'seed',
    on: 'seed',
    from: (/** @type {string | null} */ v) => v,
    to: (/** @type {string | number | null} */ v) => (v == null ? null : String(v)),
  },
  /**
   * `reader` (default) or `classroom`: discussion prompts, team play, a printable worksheet (or
   * the full script) and a hand-in code (see [In the classroom](#in-the-classroom))
   */
  mode: {
    attribute: 'mode',
    on: 'mode',
    query: true,
    ...oneOf(/** @type {const} */ (['reader', 'classroom'])),
  },
  /**
   * twists to switch on, by id, comma-separated (`flashpoints="new_intrusion"`; the property also
   * takes an array); the guide declares them (default: none)
   * @propertyType string | string[]
   * @attributeType string
   */
  flashpoints: {
    attribute: 'flashpoints',
    on: 'flashpoints',
    query: true,
    from: (/** @type {string | null} */ v) => v ?? '',
    to: (/** @type {string | string[]} */ v) => (Array.isArray(v) ? v.join(',') : String(v)),
  },
  /**
   * in classroom mode, `off` turns team play off (default: on; the property is true when team play
   * is on, and setting it false writes `teams="off"`)
   * @propertyType boolean
   * @attributeType 'off'
   */
  teams: {
    attribute: 'teams',
    on: 'redraw',
    query: true,
    from: (/** @type {string | null} */ v, /** @type {{ mode: string }} */ element) => element.mode === 'classroom' && v !== 'off',
    to: (/** @type {unknown} */ v) => (v ? null : 'off'),
  },
  /**
   * level of the guide's title, 1–4 (default 2; cards are one level below)
   * @propertyType number
   * @defaultValue 2
   */
  headingLevel: {
    attribute: 'heading-level',
    on: 'shell',
    from: (/** @type {string | null} */ v) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 2;
    },
    to: (/** @type {number} */ v) => String(v),
  },
  /**
   * `auto` (default: follows the reader's light/dark setting), `light`, `dark` or `high-contrast`;
   * each keeps text contrast ≥ 4.5:1 (read by agreement-guide.css, so not observed)
   */
  theme: {
    attribute: 'theme',
    ...oneOf(/** @type {const} */ (['auto', 'light', 'dark', 'high-contrast'])),
  },
  /**
   * the key of the run's share token in the page's fragment, `#<key>=<token>` (default: `ag` for
   * the first guide on the page, then the guide's id; see [Embed it](#embed-it))
   * @propertyType string
   */
  hashKey: {
    attribute: 'hash-key',
    on: 'key',
    property: 'element',
    ...text(''),
  },
  /**
   * `replace` (default): keep the run in the page's fragment, leaving the rest of it as it was;
   * `none`: never touch the URL (a host router listens for `agreement-guide-urlchange` and calls
   * `restore(token)`)
   */
  history: {
    attribute: 'history',
    on: 'none',
    ...oneOf(/** @type {const} */ (['replace', 'none'])),
  },
  /**
   * take `src`, `lang`, `seed`, `mode`, `flashpoints`, `teams` from the page's query string (what
   * `embed.html` does); such a `src` must be on the same site
   */
  fromQuery: {
    attribute: 'from-query',
    on: 'load',
    ...flag(),
  },
};

/** @typedef {typeof ATTRIBUTES} AttributeTable */
/** @typedef {keyof AttributeTable} AttributeProperty */
/**
 * The properties made from the table (those whose `property` is not defined elsewhere), typed by
 * what each entry's `from` returns: renaming or retyping an entry changes the element's type.
 * @typedef {{ -readonly [K in AttributeProperty as AttributeTable[K] extends { property: string } ? never : K]: ReturnType<AttributeTable[K]['from']> }} AttributeProperties
 */

/** @type {[AttributeProperty, Spec<unknown>][]} */
export const ENTRIES = /** @type {[AttributeProperty, Spec<unknown>][]} */ (/** @type {unknown} */ (Object.entries(ATTRIBUTES)));

/** The attributes the element observes, in the table's order. */
export const OBSERVED = ENTRIES.filter(([, spec]) => spec.on).map(([, spec]) => spec.attribute);
