// @ts-check
// The demo article's guide picker (index.html): which shipped guide the
// <agreement-guide> element plays, and the footer's "Edit this guide" opens
// in the editor. The choice lives in the page URL (`?guide=<id>`), so a
// reload or a shared link opens the same guide; the list of guides is the
// picker's own <option>s, so nothing else can be asked for. Loaded before
// agreement-guide.js, so the element starts with the right `src` instead of
// loading the default guide first.

const picker = /** @type {HTMLSelectElement | null} */ (document.getElementById('guide-picker'));
const guide = document.querySelector('.guide-figure agreement-guide');
const caption = document.getElementById('guide-caption');
const edit = /** @type {HTMLAnchorElement | null} */ (document.getElementById('edit-guide'));

/** @param {string} id */
const srcOf = (id) => `scenarios/${id}.compiled.json`; // the compiled guide: the reader runtime

if (picker && guide) {
  const known = () => [...picker.options].map((o) => o.value);

  /** @param {string} id */
  const show = (id) => {
    const option = [...picker.options].find((o) => o.value === id);
    picker.value = id;
    if (caption && option?.dataset.caption) caption.textContent = option.dataset.caption;
    if (guide.getAttribute('src') !== srcOf(id)) guide.setAttribute('src', srcOf(id));
    // "Edit this guide" opens the one on show in the editor (its JSON, beside the compiled guide).
    edit?.setAttribute('href', `author.html?src=scenarios/${id}.json`);
  };

  const asked = new URLSearchParams(location.search).get('guide');
  if (asked && known().includes(asked)) show(asked);
  else show(picker.value);

  picker.addEventListener('change', () => {
    const id = picker.value;
    const url = new URL(location.href);
    url.searchParams.set('guide', id);
    url.hash = ''; // a share token belongs to the guide it came from
    history.replaceState(history.state, '', url.href);
    show(id);
  });
}

export {}; // an ES module (index.html loads it as one): its names stay its own
