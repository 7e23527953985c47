// @ts-check
/**
 * The first card in the page's HTML: what `<agreement-guide>` does with a
 * card that `agreement-guide render` (or `bundle`, or the demo page's embed
 * code) wrote into its light DOM.
 *
 *   <agreement-guide src="scenarios/us-china-2015.compiled.json">
 *     <div class="ag-prerender" data-prerender-src="scenarios/us-china-2015.compiled.json" data-prerender-manifest="{…}">…</div>
 *   </agreement-guide>
 *
 * The card shows before any script runs and reads without JavaScript or
 * WebAssembly. Once the element is defined its shadow root would hide it; so
 * while the guide loads, the shadow root shows it through a slot in the live
 * widget's place, then swaps in the live card in one frame (no blank frame, no
 * loading line in between). A card made for another guide than the element's
 * `src` is not shown while loading. If WebAssembly cannot start, the fallback
 * panel's own slot shows it.
 *
 * The card also carries the compiled guide's manifest, so the element asks
 * for the language's file at once instead of fetching the manifest first.
 *
 * The element is defined once the card's first paint has been reported
 * (`untilCardPainted`), so the card, not the live card after it, is the page's
 * largest contentful paint.
 *
 * The element and the entry point import this from marked places (`// prerender:` lines).
 */

/** The line the card shows to a reader without scripts, in the widget's languages (`agreement-guide render` writes the same). */
export const NEEDS_SCRIPTS = {
  en: { needsScripts: 'This is the first step of an interactive guide. To play it, open this page in a browser with JavaScript switched on.' },
  zh: { needsScripts: '这是互动指南的第一步。要继续，请在开启了 JavaScript 的浏览器中打开本页。' },
};

/**
 * The `src` the element will load: with `from-query`, the page's `src`
 * parameter first (as the element reads it); null when none is set.
 * @param {HTMLElement} host
 */
function elementSrc(host) {
  if (host.hasAttribute('from-query')) {
    const v = new URLSearchParams(location.search).get('src');
    if (v) return v;
  }
  return host.getAttribute('src');
}

/** @param {string | null | undefined} a @param {string | null | undefined} b */
function sameAddress(a, b) {
  if (!a || !b) return false;
  try {
    return new URL(a, document.baseURI).href === new URL(b, document.baseURI).href;
  } catch {
    return false;
  }
}

/**
 * The pre-rendered card among the element's children for the guide it loads,
 * or null (none, or one made for another guide).
 * @param {HTMLElement} host
 * @returns {HTMLElement | null}
 */
export function prerendered(host) {
  const card = /** @type {HTMLElement | undefined} */ ([...host.children].find((c) => c.classList.contains('ag-prerender')));
  if (!card) return null;
  const src = elementSrc(host);
  // A card that names its guide is shown only for that guide; one that does not, for any.
  if (card.dataset.prerenderSrc && src && !sameAddress(card.dataset.prerenderSrc, src)) return null;
  return card;
}

/**
 * Whether the element holds a pre-rendered card for its guide with the guide's
 * title: the fallback panel, which shows the element's content, then leaves out its own.
 * @param {HTMLElement} host
 */
export function carriesTitle(host) {
  return !!prerendered(host)?.querySelector('.agp-title');
}

/**
 * The compiled guide's manifest the card carries, as the element's fetch
 * would answer it (`{ text }`), when `href` is the address it was made for; else null.
 * @param {HTMLElement} host
 * @param {string} href
 * @returns {{ text: string } | null}
 */
export function carriedManifest(host, href) {
  const card = prerendered(host);
  const text = card?.dataset.prerenderManifest;
  if (!text || !sameAddress(card?.dataset.prerenderSrc, href)) return null;
  return { text };
}

/**
 * When the page carries a pre-rendered card: a promise that settles once the browser
 * has reported the page's first largest-contentful-paint candidate (the card's first
 * paint), or after `cap` ms; null when there is nothing to wait for (no card, or a
 * browser without the LCP API), and the element is defined at once.
 *
 * Why: defining the element attaches its shadow root, which lays the card out again
 * (slotted). A paint that happened just before and was not yet reported is then
 * dropped, and a node is an LCP candidate only at its first paint: the card never
 * counts, and the page's largest paint becomes the live card's, once the runtime
 * and the guide have loaded. Measured in docs/performance.md, "Take the card over in place".
 * The wait is a frame or two after the first paint; the cap covers a page loaded in a
 * background tab, which does not paint.
 * @param {number} [cap]
 * @returns {Promise<void> | null}
 */
export function untilCardPainted(cap = 1000) {
  if (!document.querySelector('agreement-guide > .ag-prerender')) return null;
  if (!PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) return null;
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new PerformanceObserver(done);
    observer.observe({ type: 'largest-contentful-paint', buffered: true });
    const timer = setTimeout(done, cap);
  });
}

/** How long the live card waits for the element's stylesheet before it shows anyway (a stalled request). */
export const STYLESHEET_WAIT = 3000;

/**
 * Sets up the takeover in `shadow`: returns the function the element calls on
 * every render with its phase. While the phase is `loading` and the element
 * holds a card for its guide, the card shows (through a slot placed before the
 * live root) and the live root is hidden; at any other phase the slot leaves the
 * tree, so the live root shows and the fallback panel's own slot gets the
 * card. The live root's size is not touched: the swap happens within one frame.
 *
 * The swap also waits for the shadow root's stylesheet (its `<link>`, given an
 * address by the element's first render) to load or fail, at most
 * STYLESHEET_WAIT ms: unstyled, the live card would lay out differently from the
 * page's card and shift the page (CLS). So the page need not preload the
 * stylesheet to have it in time (docs/performance.md, "What the page asks for
 * before its first paint").
 * @param {HTMLElement} host
 * @param {ShadowRoot} shadow
 * @param {HTMLElement} root the live widget's root element
 * @returns {(phase: string) => void}
 */
export function takeover(host, shadow, root) {
  const slot = document.createElement('slot');
  slot.className = 'ag-prerender-slot';
  const link = /** @type {HTMLLinkElement | null} */ (shadow.querySelector('link[rel="stylesheet"]'));
  let phase = 'idle';
  let styled = false; // the stylesheet has loaded or failed, or the wait is over
  let timer = 0;
  const settle = () => {
    styled = true;
    show();
  };
  link?.addEventListener('load', settle, { once: true });
  link?.addEventListener('error', settle, { once: true });
  // No stylesheet to wait for: none, no address for it (a data: module given none), or already applied.
  const ready = () => styled || !link?.getAttribute('href') || !!link.sheet;
  const show = () => {
    const showCard = phase === 'loading' || phase === 'idle' ? !!prerendered(host) : false;
    if (showCard) {
      if (!slot.isConnected) shadow.insertBefore(slot, root);
      root.hidden = true;
    } else if (slot.isConnected && ready()) {
      slot.remove();
      root.hidden = false;
    } else if (slot.isConnected && !timer) {
      timer = setTimeout(settle, STYLESHEET_WAIT);
    }
  };
  return (p) => {
    phase = p;
    show();
  };
}
