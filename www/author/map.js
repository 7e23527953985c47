// @ts-check
// The author page's map view: every card and ending where the core's
// mechanism map puts them (Guide.map: the layered layout the widget's
// Explore panel draws), each a button that opens it in the form. The page
// only draws boxes and arrows at the core's coordinates.

import { el, clip } from './dom.js';
import { svg } from '../element/dom.js';
import { textIn, languages } from './doc.js';

const BOX_W = 150;
const BOX_H = 40;
const COL_W = 170;
const ROW_H = 72;
const PAD = 12;

/** ctx: { open(kind, index) } — what a box does when pressed. */
export function createMapView(ctx) {
  const note = el('p', { class: 'field-help', id: 'map-note' });
  const figure = el('div', { class: 'author-map', 'data-map': '' });
  const root = el('div', { class: 'author-map-view' }, note, figure);

  /**
   * Draws `map` (the core's layout) for `doc`; `map` is null while the guide has errors.
   * @param {any} doc the guide's data
   * @param {import('../types/contract').MechanismMap | null} map
   */
  function render(doc, map) {
    if (!doc || !map) {
      note.textContent = 'The map appears when the guide has no errors.';
      figure.replaceChildren();
      return;
    }
    note.textContent = 'Every card (square) and ending (round) in layers from the start, as the core lays them out; dashed arrows are random outcomes. Press a box to edit it.';
    const { def } = languages(doc);
    const names = new Map([...(doc.nodes ?? []).map((n, i) => [n.id, { name: textIn(n.heading, def), kind: 'nodes', index: i }]), ...(doc.endings ?? []).map((e, i) => [e.id, { name: textIn(e.verdict, def), kind: 'endings', index: i }])]);
    const items = map.items.map((it, i) => ({ ...it, index: i })).filter((it) => !it.dormant);
    if (!items.length) return figure.replaceChildren();
    const minX = Math.min(...items.map((it) => it.x));
    const maxX = Math.max(...items.map((it) => it.x));
    const width = (maxX - minX) * COL_W + BOX_W + 2 * PAD;
    const height = (map.layers - 1) * ROW_H + BOX_H + 2 * PAD;
    const cx = (it) => PAD + (it.x - minX) * COL_W + BOX_W / 2;
    const cy = (it) => PAD + it.y * ROW_H + BOX_H / 2;
    const picture = svg('svg', { class: 'author-map-svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': 'Map of the guide' });
    picture.append(svg('defs', {}, svg('marker', { id: 'author-map-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'author-map-head' }))));
    const byIndex = new Map(items.map((it) => [it.index, it]));
    for (const link of map.links) {
      const a = byIndex.get(link.from);
      const b = byIndex.get(link.to);
      if (!a || !b) continue;
      const [x1, y1, x2, y2] = [cx(a), cy(a) + BOX_H / 2, cx(b), cy(b) - BOX_H / 2];
      const d = link.back
        ? `M${x1 + BOX_W / 2},${cy(a)} C${x1 + BOX_W},${cy(a)} ${x2 + BOX_W},${cy(b)} ${x2 + BOX_W / 2},${cy(b)}`
        : `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`;
      picture.append(svg('path', { d, class: 'author-map-link', 'data-chance': link.chance ? 'true' : null, 'marker-end': 'url(#author-map-arrow)' }));
    }
    for (const it of items) {
      const info = names.get(it.id);
      const label = `${it.kind === 'ending' ? 'Ending' : 'Card'}: ${info?.name || it.id}`;
      picture.append(
        svg(
          'g',
          { class: 'author-map-item', role: 'button', tabindex: '0', 'aria-label': label, 'data-kind': it.kind, 'data-item': it.id, 'data-open': info ? `${info.kind}:${info.index}` : null },
          svg('rect', { x: cx(it) - BOX_W / 2, y: cy(it) - BOX_H / 2, width: BOX_W, height: BOX_H, rx: it.kind === 'ending' ? 18 : 6 }),
          svg('text', { x: cx(it), y: cy(it) + 5, 'text-anchor': 'middle', 'aria-hidden': 'true' }, clip(info?.name || it.id, 20)),
        ),
      );
    }
    figure.replaceChildren(picture);
    // Wide maps scroll: start with the first card in view.
    const first = items.find((it) => it.layer === 0);
    if (first && figure.clientWidth) figure.scrollLeft = Math.max(0, cx(first) - figure.clientWidth / 2);
  }

  function press(event) {
    const g = event.target.closest?.('[data-open]');
    if (!g) return;
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    const [kind, index] = g.dataset.open.split(':');
    ctx.open(kind, Number(index));
  }
  figure.addEventListener('click', press);
  figure.addEventListener('keydown', press);

  return { element: root, render };
}
