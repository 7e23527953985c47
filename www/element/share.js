// @ts-check
// Share state: where a run's token sits in the page's fragment (`#ag=<token>`
// beside whatever else the page keeps there), read and written with the one
// fragment parser the iframe loader also uses (./fragment.js).

import { readFragment, writeFragment } from './fragment.js';

export { readFragment };

/**
 * The key of the first guide on a page (and of every old link): its share
 * token rides in the page URL as `#ag=<token>`. Other guides on the page use
 * their guide's id (see `hashKey`).
 */
export const FIRST_KEY = 'ag';

/**
 * Where a guide keeps its strategy lab's settings in the fragment: `lab` beside `ag`, else `<key>.lab`.
 * @param {string} key
 */
export function labKey(key) {
  return key === FIRST_KEY ? 'lab' : `${key}.lab`;
}

/**
 * An element's key in the fragment (documented at the element's `hashKey`),
 * from the page's markup and the guide's id only, so it is the same on every
 * load whatever order the guides arrive in.
 * @param {HTMLElement} element
 * @param {string | null} given  its `hash-key` attribute, if set
 * @param {string} guideId
 */
export function keyFor(element, given, guideId) {
  if (given) return given;
  const root = /** @type {Document | ShadowRoot} */ (element.getRootNode());
  const peers = [...(root.querySelectorAll?.(element.localName) ?? [])].filter((e) => !e.hasAttribute('hash-key'));
  const at = peers.indexOf(element);
  if (at <= 0) return FIRST_KEY;
  // A second element showing the same guide file needs more than the guide's id.
  const file = (/** @type {Element} */ e) => {
    const src = e.getAttribute('src');
    return src ? new URL(src, document.baseURI).href : 'inline';
  };
  const mine = file(element);
  const before = peers.slice(0, at).filter((e) => file(e) === mine).length;
  if (before === (file(peers[0]) === mine ? 1 : 0)) return guideId;
  return `${guideId}:${element.id || before + 1}`; // n: its place among the elements showing this file
}

/**
 * Writes these keys in the page's fragment (null removes one), keeping every other part; no history entry.
 * @param {Record<string, string | null>} entries
 */
export function replaceFragment(entries) {
  const hash = writeFragment(location.hash, entries);
  if (hash === location.hash || (hash === '' && !location.href.includes('#'))) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

/**
 * This page's URL with the run's token under `key` (the page's other parts kept): the share link.
 * @param {string} key
 * @param {string} token
 * @param {string | null} lab
 */
export function shareUrl(key, token, lab) {
  const url = new URL(location.href);
  url.hash = writeFragment(location.hash, { [key]: token, [labKey(key)]: lab });
  return url.href;
}
