// @ts-check
// The Explore panel's place in the element: the button opens and closes it;
// the first opening loads the panel's module (./explore.js, built into
// www/agreement-guide-explore.js) and moves a compiled guide's run onto the
// full engine (odds, simulation and the map are the full engine's); a new
// language builds it again (its words are set when it is built).

import { el } from './dom.js';
import { loadExplore } from './engine.js';

export class ExploreHost {
  /** @type {any} the loaded explorer, while the panel exists */
  explorer = null;
  open = false;

  /**
   * @param {object} host  what the element lends the panel
   * @param {() => Record<string, any>} host.els   the element's skeleton (./render.js)
   * @param {() => any} host.render  the render context (./render.js's head)
   * @param {() => any} host.guide   the run's Guide, or null
   * @param {() => number} host.loadId  changes when the element loads another guide
   * @param {() => Promise<void>} host.fullEngine  moves the run onto the full engine
   * @param {(step: number) => boolean} host.rewind
   * @param {() => string | null} host.lab   the strategy lab's settings from the share link
   * @param {(lab: string) => void} host.onLab  the lab ran with these settings (they go in the link)
   */
  constructor(host) {
    this.host = host;
  }

  /**
   * Opens or closes the panel, loading its module the first time.
   * @param {boolean} open
   * @param {{ runLab?: boolean }} [options]  runLab: run the strategy lab (a shared link asked for it)
   */
  async toggle(open, { runLab = false } = {}) {
    const { host } = this;
    const els = host.els();
    const w = host.render().w;
    this.open = open;
    els.explore.hidden = !open;
    els.exploreButton.setAttribute('aria-expanded', String(open));
    els.exploreButton.textContent = w.t(open ? 'exploreHide' : 'explore');
    if (!open || !host.guide()) return;
    if (!this.explorer) {
      const loadId = host.loadId();
      els.explore.replaceChildren(el('p', { class: 'ag-loading' }, w.t('exploreLoading')));
      let m;
      try {
        [m] = await Promise.all([loadExplore(), host.fullEngine()]);
      } catch (err) {
        const e = /** @type {any} */ (err);
        els.explore.replaceChildren(el('p', { class: 'ag-explore-error' }, w.t('exploreFailed', { message: e?.message ?? String(e) })));
        return;
      }
      if (loadId !== host.loadId() || !host.guide() || !this.open) return;
      if (!this.explorer) {
        const r = host.render();
        this.explorer = m.createExplorer({
          get guide() {
            return host.guide();
          },
          t: (/** @type {string} */ id, /** @type {any} */ vars) => r.w.t(id, vars),
          h: r.h,
          percent: (/** @type {number} */ p) => r.w.percent(p),
          number: (/** @type {number} */ n) => r.w.number(n),
          info: () => r.info,
          view: () => r.view,
          lang: () => r.w.lang,
          uid: r.uid,
          rewind: host.rewind,
          lab: m.parseLabParam(host.lab()),
          onLab: (/** @type {any} */ settings) => host.onLab(m.formatLabParam(settings)),
        });
        this.explorer.lang = r.w.lang;
        els.explore.replaceChildren(this.explorer.element);
      }
    }
    this.explorer.update();
    if (runLab) await this.explorer.runLab();
  }

  /** Closes the panel and drops it (a new guide, or a new language). */
  close() {
    this.explorer?.destroy();
    this.explorer = null;
    this.open = false;
    const els = this.host.els();
    if (!els) return;
    els.explore.hidden = true;
    els.explore.replaceChildren();
    els.exploreButton.setAttribute('aria-expanded', 'false');
  }

  /** After the shell is drawn: a panel built in another language is built again. */
  relanguage() {
    if (!this.explorer || this.explorer.lang === this.host.render().w.lang) return;
    const open = this.open;
    this.close();
    if (open) this.toggle(true);
  }

  /** After a step: the open panel follows the run. */
  update() {
    if (this.open) this.explorer?.update();
  }
}
