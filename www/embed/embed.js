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
//   { secret, message: 'height', value: <px> }      WordPress's wp-embed.js (which caps the
//                                                 frame at 1,000 px: the page then scrolls
//                                                 inside it); only when the URL's fragment
//                                                 carries the secret WordPress adds, `#?secret=…`
//   { secret, message: 'link', value: <url> }      WordPress again: a link the reader followed,
//                                                 for the parent to open (a frame sandboxed
//                                                 with allow-scripts alone cannot navigate
//                                                 or open a tab); only in such a frame
// and, for the widget's events (analytics, deep links), to the parent's origin only:
//   { type: 'agreement-guide:ready' | ':step' | ':choice' | ':complete', ...detail }
//   (detail carries `token`, the run's share token, and `step`, `choice`, `ending`, `id`)
//
// Incoming, accepted only from window.parent, from the allowed origin (the
// `parentOrigin` query parameter, else the origin of document.referrer, else
// the origin of pym's `parentUrl`), and only when well formed:
//   { type: 'agreement-guide:restore', token }      reopen that run (a deep link)
//   'pymxPYMx<childId>xPYMxwidthxPYMx<px>'          pym's parent asking for our height
//   { secret, message: 'ready' }                    wp-embed.js, loaded after the frame:
//                                                 answered with our height (any origin, the
//                                                 secret must match)
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

const theme = params.get('theme') ?? '';
if (guide && THEMES.includes(theme)) guide.setAttribute('theme', theme);
// The page behind the guide follows its theme too (embed.html's own colours, in demo.css).
if (THEMES.includes(theme)) document.documentElement.dataset.theme = theme;

/** An origin string from a URL, or null. @param {string} url */
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

/**
 * WordPress's secret for this frame, from the fragment it adds (`#?secret=<letters and
 * digits>`), beside any other part of the fragment (the guide's `ag=<token>`). Read
 * again when the fragment changes: wp-embed.js adds it after loading when the embed had none.
 */
const wpSecret = () => /(?:^#|&)\??secret=([A-Za-z0-9]{1,64})(?=&|$)/.exec(location.hash)?.[1] ?? null;
let secret = framed ? wpSecret() : null;
// An opaque origin: the frame is sandboxed without allow-same-origin (WordPress's
// sandbox="allow-scripts"), so it can neither navigate its parent nor open a tab.
const sandboxed = self.origin === 'null';

/** @param {unknown} message @param {string} origin */
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
  if (secret) post({ secret, message: 'height', value: height }, '*');
}

if (framed) {
  new ResizeObserver(() => sendHeight()).observe(document.body);
  sendHeight(true);
  window.addEventListener('hashchange', () => {
    if (secret) return;
    secret = wpSecret();
    if (secret) sendHeight(true);
  });
}

// ── a frame shorter than the guide ──────────────────────────────────────────
// A parent may cap the frame (WordPress at 1,000 px): the guide then scrolls inside
// it. After each step the new card (its heading, body and choices; the meters,
// trail and sources come after it) is brought to the top of the frame, where the
// element has put the focus, so the reader carries on where they are. Capped means
// shorter than the height last asked for; a frame that is still to grow to a new
// height (pym, the loader: a message away) is left alone.
document.addEventListener('agreement-guide-step', () => {
  if (!framed || lastHeight <= innerHeight + 1) return;
  requestAnimationFrame(() => guide?.shadowRoot?.querySelector('[data-focus-target]')?.scrollIntoView({ block: 'start' }));
});

// ── links, in WordPress's sandbox ───────────────────────────────────────────
// A link the reader follows (a source's page, this guide on its own) is handed to
// wp-embed.js, which opens it in the top window when it is on this frame's site
// (its rule); a click with a modifier key is left alone, as WordPress's own embeds do.
document.addEventListener('click', (event) => {
  if (!secret || !sandboxed || event.defaultPrevented || event.button !== 0) return;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const link = event.composedPath().find((n) => n instanceof HTMLAnchorElement && n.hasAttribute('href'));
  if (!(link instanceof HTMLAnchorElement) || !/^https?:$/.test(link.protocol)) return;
  // A jump within the page (a citation to its source in the list) stays in the frame.
  if (link.href.split('#')[0] === location.href.split('#')[0] && link.hash) return;
  event.preventDefault();
  post({ secret, message: 'link', value: link.href }, '*');
});

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
  // wp-embed.js says it is listening (it may load after us): from any origin, with our secret.
  if (secret && data && data.message === 'ready' && data.secret === secret) return sendHeight(true);
  if (!parentOrigin || event.origin !== parentOrigin) return;
  if (!data || typeof data !== 'object' || data.type !== 'agreement-guide:restore') return;
  if (typeof data.token !== 'string' || !TOKEN.test(data.token) || !guide) return;
  if (data.token === guide.token) return;
  // The element restores the run named in the hash (and shows a notice if it does not fit);
  // the fragment's other parts (WordPress's secret) stay.
  const rest = location.hash.replace(/^#/, '').split('&').filter((part) => part && !part.startsWith('ag='));
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${[...rest, `ag=${data.token}`].join('&')}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
});
