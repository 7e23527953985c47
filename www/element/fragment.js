// @ts-check
// The page's URL fragment, shared politely: one parser and writer for every
// guide on a page and for the page's own anchors and router.
//
// A fragment is a list of parts joined by `&`. A part `key=value` belongs to
// whoever owns that key (a guide writes its share token as `ag=<token>`); any
// other part (`section-2`, a router's `/story/12`) belongs to the page and is
// kept exactly as it was written, in its place:
//
//   #section-2                      → #section-2&ag=ag1.…
//   #section-2&ag=ag1.…&wto=ag1.…   a page anchor and two guides' runs
//
// Used by the element (www/element/share.js imports it; esbuild puts it into
// www/agreement-guide.js) and by the iframe loader (scripts/build.sh bundles it into the classic
// script www/embed-loader.js with esbuild), so both read and write the same
// scheme. Pure functions of strings: no `location`, no `history`.

/**
 * The fragment's parts: `'#a&b=c'` → `['a', 'b=c']` (empty parts dropped).
 * @param {string | null | undefined} hash
 */
export function fragmentParts(hash) {
  const h = String(hash ?? '').replace(/^#/, '');
  return h ? h.split('&').filter((p) => p !== '') : [];
}

/**
 * Percent-encodes what would break the scheme (`&`, `=`, `#`, `%`, spaces,
 * non-ASCII…) and nothing else, so `lab=7.500.a,b` and `wto:2` stay readable.
 * @param {string} text
 */
function encode(text) {
  return String(text).replace(/[^A-Za-z0-9._~!$'()*+,;:@/?-]/gu, encodeURIComponent);
}

/**
 * A part's key, decoded, or null when the part is not `key=value` (an anchor, say).
 * @param {string} part
 */
function partKey(part) {
  const eq = part.indexOf('=');
  if (eq <= 0) return null;
  try {
    return decodeURIComponent(part.slice(0, eq));
  } catch {
    return null;
  }
}

/**
 * The value under `key`, decoded; null when the key is absent or its value is not valid percent-encoding.
 * @param {string | null | undefined} hash
 * @param {string} key
 */
export function readFragment(hash, key) {
  for (const part of fragmentParts(hash)) {
    if (partKey(part) !== key) continue;
    try {
      return decodeURIComponent(part.slice(part.indexOf('=') + 1));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The fragment with each `key → value` of `entries` written (a null or empty
 * value removes the key) and every other part kept as it was. A key already
 * there keeps its place; a new one goes at the end. Returns `'#…'`, or `''`
 * when nothing is left (so the URL loses its `#`).
 * @param {string | null | undefined} hash
 * @param {Record<string, string | null | undefined>} entries
 */
export function writeFragment(hash, entries) {
  const parts = fragmentParts(hash);
  for (const [key, value] of Object.entries(entries)) {
    const written = value == null || value === '' ? null : `${encode(key)}=${encode(value)}`;
    const at = parts.findIndex((p) => partKey(p) === key);
    if (at < 0) {
      if (written) parts.push(written);
    } else if (written) {
      parts[at] = written;
      // A key written twice (a hand-edited link): the first place wins, the rest go.
      for (let i = parts.length - 1; i > at; i--) if (partKey(parts[i]) === key) parts.splice(i, 1);
    } else {
      for (let i = parts.length - 1; i >= at; i--) if (partKey(parts[i]) === key) parts.splice(i, 1);
    }
  }
  return parts.length ? `#${parts.join('&')}` : '';
}
