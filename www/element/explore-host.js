// @ts-check
// The Explore panel's place in the element: the button opens and closes it;
// the first opening loads the panel's module (./explore.js, built into
// www/agreement-guide-explore.js) and moves a compiled guide's run onto the
// full engine (odds, simulation and the map are the full engine's); a new
// language builds it again (its words are set when it is built). What wires
// the panel to the run (explorePanel) is in that module: only the button, the
// loading line and the failure stay on the reader's path.

import { el } from './dom.js';
import { loadExplore } from './engine.js';
import { errorMessage } from './text.js';

/** @typedef {import('./render.js').Skeleton} Skeleton */
/** @typedef {import('./render.js').RenderContext} RenderContext */
/** @typedef {import('./explore.js').ExplorePanel} ExplorePanel */
/** @typedef {import('../types/engine').Run} Run */

/**
 * What the element lends the panel.
 * @typedef {object} ExploreHostOptions
 * @property {() => Skeleton | null} els  the element's skeleton (./render.js)
 * @property {() => RenderContext} render  the render context (./render.js)
 * @property {() => Run | null} guide  the run's handle, or null; a Guide (the full engine) once `fullEngine()` has resolved
 * @property {() => number} loadId  changes when the element loads another guide
 * @property {() => Promise<void>} fullEngine  moves the run onto the full engine
 * @property {(step: number) => boolean} rewind
 * @property {() => string | null} lab  the strategy lab's settings from the share link
 * @property {(lab: string) => void} onLab  the lab ran with these settings (they go in the link)
 */

export class ExploreHost {
  /** @type {ExplorePanel | null} the loaded panel and its language, while it exists */
  panel = null;
  open = false;

  /** @param {ExploreHostOptions} host  what the element lends the panel */
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
    if (!els) return;
    const w = host.render().w;
    this.open = open;
    els.explore.hidden = !open;
    els.exploreButton.setAttribute('aria-expanded', String(open));
    els.exploreButton.textContent = w.t(open ? 'exploreHide' : 'explore');
    if (!open || !host.guide()) return;
    if (!this.panel) {
      const loadId = host.loadId();
      els.explore.replaceChildren(el('p', { class: 'ag-loading' }, w.t('exploreLoading')));
      let m;
      try {
        [m] = await Promise.all([loadExplore(), host.fullEngine()]);
      } catch (err) {
        els.explore.replaceChildren(el('p', { class: 'ag-explore-error' }, w.t('exploreFailed', { message: errorMessage(err) })));
        return;
      }
      if (loadId !== host.loadId() || !host.guide() || !this.open) return;
      if (!this.panel) {
        this.panel = m.explorePanel(host);
        els.explore.replaceChildren(this.panel.explorer.element);
      }
    }
    this.panel?.explorer.update();
    if (runLab) await this.panel?.explorer.runLab();
  }

  /** Closes the panel and drops it (a new guide, or a new language). */
  close() {
    this.panel?.explorer.destroy();
    this.panel = null;
    this.open = false;
    const els = this.host.els();
    if (!els) return;
    els.explore.hidden = true;
    els.explore.replaceChildren();
    els.exploreButton.setAttribute('aria-expanded', 'false');
  }

  /** After the shell is drawn: a panel built in another language is built again. */
  relanguage() {
    if (!this.panel || this.panel.lang === this.host.render().w.lang) return;
    const open = this.open;
    this.close();
    if (open) this.toggle(true);
  }

  /** After a step: the open panel follows the run. */
  update() {
    if (this.open) this.panel?.explorer.update();
  }
}
