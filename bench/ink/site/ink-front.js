// A minimal front end for an ink story, the counterpart of <agreement-guide>
// in `npm run bench`: the card's heading and paragraphs, the drawn outcome,
// the shown meters, the choices as buttons, a restart button at the end.
// Text goes in as text nodes only. Marks 'ink:first-card' once, and fires
// 'ink-choice' on the section after each rendered step (read by the bench).
import { Story } from './ink.mjs';

const root = document.getElementById('story');
const seed = Number(new URLSearchParams(location.search).get('seed') ?? NaN);
const el = (tag, cls, text) => {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  if (text != null) n.textContent = text;
  return n;
};

const json = await (await fetch('us-china-2015.ink.json', { credentials: 'same-origin' })).text();
const story = new Story(json);
if (Number.isFinite(seed)) story.state.storySeed = seed;
// Global tags `# meter: id: Label` name the dashboard's meters.
const meters = (story.globalTags ?? [])
  .filter((t) => t.startsWith('meter:'))
  .map((t) => t.slice(6).trim())
  .map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1).trim()]);
let marked = false;
const li = (child) => {
  const n = el('li');
  n.append(child);
  return n;
};

function render() {
  const card = el('article', 'card');
  let text = card;
  while (story.canContinue) {
    const line = story.Continue().trim();
    const tags = story.currentTags;
    if (tags.includes('outcome')) {
      text = el('div', 'outcome');
      card.append(text);
      text.append(el('p', 'outcome-label', line));
    } else if (tags.includes('heading')) {
      text = card;
      card.append(el('h2', tags.includes('ending') ? 'ending' : null, line));
    } else if (tags.includes('reality')) {
      card.append(el('h3', null, line));
    } else if (line) {
      text.append(el('p', line.startsWith('Sources:') ? 'sources' : null, line));
    }
  }
  const dash = el('dl', 'meters');
  for (const [id, label] of meters) dash.append(el('dt', null, label), el('dd', null, String(story.variablesState[id])));
  const list = el('ul', 'choices');
  for (const c of story.currentChoices) {
    const b = el('button', null, c.text);
    b.type = 'button';
    b.dataset.index = c.index;
    list.append(li(b));
  }
  if (!story.currentChoices.length) {
    const b = el('button', 'restart', 'Start over');
    b.type = 'button';
    b.dataset.action = 'restart';
    list.append(li(b));
  }
  root.replaceChildren(card, dash, list);
  root.querySelector('h2')?.setAttribute('tabindex', '-1');
  if (!marked) {
    marked = true;
    performance.mark('ink:first-card');
  }
}

root.addEventListener('click', (e) => {
  const b = e.target.closest('button');
  if (!b) return;
  if (b.dataset.action === 'restart') story.ResetState();
  else story.ChooseChoiceIndex(Number(b.dataset.index));
  render();
  root.querySelector('h2')?.focus({ preventScroll: true });
  root.dispatchEvent(new CustomEvent('ink-choice'));
});

render();
globalThis.inkStory = story;
