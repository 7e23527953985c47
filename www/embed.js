// @ts-check
// embed.js — the iframe side of embed.html: tells the parent page how tall the
// guide is and what the reader did, and takes a share token to restore.
//
// Outgoing (to window.parent), on every change of the page's height, shrinking
// as well as growing:
//   'pymxPYMx<childId>xPYMxheightxPYMx<px>'        pym.js's string format; only when the
//                                                 URL has the `childId` pym.Parent adds
//   { sentinel: 'amp', type: 'embed-size', height } what <amp-iframe resizable> listens for
//   { type: 'agreement-guide:resize', height }      what embed-loader.js listens for
// and, for the widget's events (analytics, deep links), to the parent's origin only:
//   { type: 'agreement-guide:ready' | ':step' | ':choice' | ':complete', ...detail }
//   (detail carries `token`, the run's share token, and `step`, `choice`, `ending`, `id`)
//
// Incoming, accepted only from window.parent, from the allowed origin (the
// `parentOrigin` query parameter, else the origin of document.referrer, else
// the origin of pym's `parentUrl`), and only when well formed:
//   { type: 'agreement-guide:restore', token }      reopen that run (a deep link)
//   'pymxPYMx<childId>xPYMxwidthxPYMx<px>'          pym's parent asking for our height
//
// Query parameters besides the element's own (src, lang, seed, mode):
//   theme     auto | light | dark | high-contrast (sets the element's `theme`)
//   childId   pym.js's id for this frame (pym adds it)
//   parentOrigin  the embedding page's origin (embed-loader.js adds it)

const params = new URLSearchParams(location.search);
/** @type {(HTMLElement & { token: string }) | null} */
const guide = document.querySelector('agreement-guide');
const EVENTS = ['ready', 'step', 'choice', 'complete'];
const THEMES = ['auto', 'light', 'dark', 'high-contrast'];
const TOKEN = /^[A-Za-z0-9._~-]{1,4096}$/;

const theme = params.get('theme');
if (guide && THEMES.includes(theme)) guide.setAttribute('theme', theme);
// The page behind the guide follows its theme too (embed.html's own colours, in demo.css).
if (THEMES.includes(theme)) document.documentElement.dataset.theme = theme;

/** An origin string from a URL, or null. */
function originOf(url) {
  try {
    const o = new URL(url).origin;
    return o && o !== 'null' ? o : null;
  } catch {
    return null;
  }
}

/** The parent page's origin, or null when it cannot be known (then nothing is accepted). */
const parentOrigin = originOf(params.get('parentOrigin') ?? '') ?? originOf(document.referrer) ?? originOf(params.get('parentUrl') ?? '');
const framed = window.parent !== window;
const childId = params.get('childId');

function post(message, origin) {
  if (!framed) return;
  try {
    window.parent.postMessage(message, origin);
  } catch {
    // a malformed target origin: nothing to send to
  }
}

// ── height ──────────────────────────────────────────────────────────────────
let lastHeight = -1;

/** The content's height in CSS pixels: the body, not the viewport, so it can shrink. */
function contentHeight() {
  const body = document.body;
  const style = getComputedStyle(body);
  return Math.ceil(body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
}

function sendHeight(force = false) {
  const height = contentHeight();
  if (!force && height === lastHeight) return;
  lastHeight = height;
  if (childId) post(`pymxPYMx${childId}xPYMxheightxPYMx${height}`, '*');
  post({ sentinel: 'amp', type: 'embed-size', height }, '*');
  post({ type: 'agreement-guide:resize', height }, '*');
}

if (framed) {
  new ResizeObserver(() => sendHeight()).observe(document.body);
  sendHeight(true);
}

// ── the widget's events, to the parent ──────────────────────────────────────
for (const name of EVENTS) {
  document.addEventListener(`agreement-guide-${name}`, (event) => {
    // Events carry the share token: sent only to a parent whose origin is known.
    if (parentOrigin) post({ .../** @type {CustomEvent} */ (event).detail, type: `agreement-guide:${name}` }, parentOrigin);
  });
}

// ── messages from the parent ────────────────────────────────────────────────
window.addEventListener('message', (event) => {
  if (!framed || event.source !== window.parent) return;
  const data = event.data;
  // pym's parent sends its width when it resizes or loads: answer with our height.
  if (typeof data === 'string') {
    if (childId && data.startsWith(`pymxPYMx${childId}xPYMxwidthxPYMx`)) sendHeight(true);
    return;
  }
  if (!parentOrigin || event.origin !== parentOrigin) return;
  if (!data || typeof data !== 'object' || data.type !== 'agreement-guide:restore') return;
  if (typeof data.token !== 'string' || !TOKEN.test(data.token) || !guide) return;
  if (data.token === guide.token) return;
  // The element restores the run named in the hash (and shows a notice if it does not fit).
  history.replaceState(history.state, '', `${location.pathname}${location.search}#ag=${data.token}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
});
