// @ts-check
// Text for labels and messages: clip() cuts it to fit a label (the element's
// charts and map, explore.js; the author page's outline, pickers and map,
// which www/author/dom.js re-exports), errorMessage() says what a throw said.

/** Grapheme clusters when the browser can tell them (an emoji with its modifier is one), else code points; made on first use. @type {Intl.Segmenter | null | undefined} */
let segmenter;

/**
 * A string with its runs of white space made single spaces, shortened to `max`
 * characters with an ellipsis. Counts and cuts whole characters: never half of
 * a surrogate pair (`'🇨🇳'.slice(0, 1)` would be) or of a grapheme cluster.
 * @param {unknown} text  a string (null and undefined are '')
 * @param {number} max
 */
export function clip(text, max) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  segmenter ??= 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  const chars = segmenter ? Array.from(segmenter.segment(s), (x) => x.segment) : [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/**
 * What a caught value says: an error's message (the core's errors are Errors with a `kind`), else the value as text.
 * @param {unknown} err
 */
export function errorMessage(err) {
  return err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
}
