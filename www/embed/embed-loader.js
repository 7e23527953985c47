// @ts-check
/*
 * embed-loader.js — puts an agreement guide into any page as a self-sizing
 * iframe, with deep links that survive the iframe. No dependencies; a classic
 * script, so it works from any CMS's script tag; safe to include twice.
 *
 * This file is its source: scripts/build.sh bundles it with esbuild into the
 * classic script www/embed-loader.js (git-ignored), inlining the fragment
 * reader/writer the element uses too (www/element/fragment.js), so the
 * page's hash is read and written by one implementation.
 *
 *   <div data-agreement-guide-embed
 *        data-src="https://guides.example.org/embed.html?src=scenarios/us-china-2015.json&lang=en"
 *        data-title="Interactive guide: enforcing the 2015 US–China cyber agreement">
 *     <a href="https://guides.example.org/embed.html?src=scenarios/us-china-2015.json">Open the interactive guide</a>
 *   </div>
 *   <script src="https://guides.example.org/embed-loader.js" async></script>
 *
 * Anything inside the placeholder (a link, say, for readers without scripts or
 * for RSS and apps that strip them) is replaced by the guide.
 *
 * Attributes of the placeholder:
 *   data-src      the embed page (embed.html with its query: src, lang, seed, mode, theme)
 *   data-title    the iframe's accessible name (default "Interactive guide")
 *   data-height   the height before the guide reports its own (default 600, in px)
 *   data-hash-key the key for the share token in the page's hash (default
 *                 "agreement-guide"; give each guide its own when a page has several)
 *   data-sandbox  if present, its value becomes the iframe's sandbox attribute
 *                 (e.g. "allow-scripts"; the embed then has an opaque origin)
 *
 * What it does:
 *   - creates the iframe (title, loading="lazy", width 100%, no border) and
 *     sizes it from the embed's height messages — only messages whose source
 *     is that iframe's window and whose origin is the embed's;
 *   - mirrors the reader's share token into this page's hash as
 *     #agreement-guide=<token> (other hash content is kept: "#notes" becomes
 *     "#notes&agreement-guide=…"), so a link to the article reopens the run;
 *     on load, and when the hash changes, it hands the token back to the embed;
 *   - re-dispatches the embed's events on the placeholder as bubbling
 *     CustomEvents: agreement-guide-ready / -step / -choice / -complete, with
 *     the same detail the element gives (token, step, choice, ending).
 */
import { readFragment, writeFragment } from '../element/fragment.js';

/** The page's window, with the loader's one global (set by the first copy to run). */
var page = /** @type {Window & { AgreementGuideEmbed?: { scan: () => void } }} */ (window);

if (page.AgreementGuideEmbed) {
  page.AgreementGuideEmbed.scan();
} else {
  start();
}

function start() {
  var DEFAULT_KEY = 'agreement-guide';
  /** @type {Record<string, number>} */
  var EVENTS = { 'agreement-guide:ready': 1, 'agreement-guide:step': 1, 'agreement-guide:choice': 1, 'agreement-guide:complete': 1 };
  var TOKEN = /^[A-Za-z0-9._~-]{1,4096}$/;
  /** @typedef {{ host: Element, iframe: HTMLIFrameElement, key: string, origin: string, target: string, token: string | null }} Embed */
  /** @type {Embed[]} */
  var embeds = [];

  /** Our token in the page's hash, or null. @param {string} key */
  function readToken(key) {
    var value = readFragment(location.hash, key);
    return value && TOKEN.test(value) ? value : null;
  }

  /**
   * Writes (or with null removes) our token in the hash, keeping every other part; no history entry.
   * @param {string} key
   * @param {string | null} token
   */
  function writeToken(key, token) {
    /** @type {Record<string, string | null>} */
    var entries = {};
    entries[key] = token;
    var url = location.pathname + location.search + writeFragment(location.hash, entries);
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, '', url);
    }
  }

  /** @param {Element} host @param {number} index */
  function setup(host, index) {
    if (host.getAttribute('data-agreement-guide-ready') != null) return;
    var src = host.getAttribute('data-src');
    var url = null;
    try {
      url = new URL(src || '', document.baseURI);
    } catch (e) {
      url = null;
    }
    if (!src || !url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      // The placeholder (and its fallback content) stays; the page's author reads why.
      console.error('embed-loader.js: placeholder ' + (index + 1) + ' (data-agreement-guide-embed) needs data-src, the http(s) address of embed.html; it has ' + (src ? '"' + src + '"' : 'none') + '.');
      return;
    }
    host.setAttribute('data-agreement-guide-ready', '');

    var key = host.getAttribute('data-hash-key') || (index ? DEFAULT_KEY + '-' + (index + 1) : DEFAULT_KEY);
    var sandbox = host.getAttribute('data-sandbox');
    // A sandboxed embed without allow-same-origin has an opaque origin: its messages come from "null".
    var expectOrigin = sandbox != null && !/\ballow-same-origin\b/.test(sandbox) ? 'null' : url.origin;

    url.searchParams.set('parentOrigin', location.origin);
    var token = readToken(key);
    url.hash = token ? 'ag=' + token : '';

    var iframe = document.createElement('iframe');
    iframe.setAttribute('loading', 'lazy'); // before src: nothing loads until the reader scrolls near it
    iframe.src = url.href;
    iframe.title = host.getAttribute('data-title') || 'Interactive guide';
    iframe.setAttribute('allow', 'clipboard-write');
    if (sandbox != null) iframe.setAttribute('sandbox', sandbox);
    iframe.style.display = 'block';
    iframe.style.width = '100%';
    iframe.style.border = '0';
    var initial = Number(host.getAttribute('data-height'));
    iframe.style.height = (initial > 0 ? initial : 600) + 'px';
    host.textContent = ''; // any fallback content (e.g. a link to the guide) gives way to the guide
    host.appendChild(iframe);

    // Where restore messages go: the embed's origin. An opaque origin cannot be named, so a
    // sandboxed embed gets '*'; what is sent is the reader's share token, already in this
    // page's own URL, and it goes only to this iframe's window.
    var embed = { host: host, iframe: iframe, key: key, origin: expectOrigin, target: expectOrigin === 'null' ? '*' : url.origin, token: token };
    embeds.push(embed);
  }

  /** @param {MessageEvent} event */
  function onMessage(event) {
    for (var i = 0; i < embeds.length; i++) {
      var e = embeds[i];
      if (event.source !== e.iframe.contentWindow) continue;
      if (event.origin !== e.origin) return;
      var data = event.data;
      if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
      if (data.type === 'agreement-guide:resize') {
        var h = Number(data.height);
        if (isFinite(h) && h >= 0 && h < 100000) e.iframe.style.height = Math.ceil(h) + 'px';
        return;
      }
      if (!EVENTS[data.type]) return;
      /** @type {Record<string, unknown>} */
      var detail = {};
      for (var k in data) if (k !== 'type' && Object.prototype.hasOwnProperty.call(data, k)) detail[k] = data[k];
      if (typeof data.token === 'string' && TOKEN.test(data.token)) {
        // Step 0 is a fresh start: nothing to link to.
        var keep = Number(data.step) > 0 ? data.token : null;
        e.token = keep;
        writeToken(e.key, keep);
      }
      e.host.dispatchEvent(new CustomEvent(data.type.replace(':', '-'), { detail: detail, bubbles: true }));
      return;
    }
  }

  function onHashChange() {
    for (var i = 0; i < embeds.length; i++) {
      var e = embeds[i];
      var token = readToken(e.key);
      if (token && token !== e.token && e.iframe.contentWindow) {
        e.token = token;
        e.iframe.contentWindow.postMessage({ type: 'agreement-guide:restore', token: token }, e.target);
      }
    }
  }

  function scan() {
    var hosts = document.querySelectorAll('[data-agreement-guide-embed]');
    for (var i = 0; i < hosts.length; i++) setup(hosts[i], i);
  }

  page.AgreementGuideEmbed = { scan: scan };
  window.addEventListener('message', onMessage);
  window.addEventListener('hashchange', onHashChange);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
}
