// @ts-check
// Drafts and history for the author page: every change is saved in this
// browser (localStorage, written at once, so a reload, a crash or a closed
// tab loses nothing), the recent drafts are listed to reopen, and undo/redo
// walk back and forth over every edit, whichever editor made it.
//
// localStorage rather than IndexedDB: a draft is one string of at most a few
// hundred KB, written synchronously (nothing is pending when the tab dies),
// and it needs no schema or async plumbing. A draft also keeps the
// translators' record (the hash of each source text when it was translated),
// which belongs to the draft, not to the published guide.

const PREFIX = 'agreement-guide-author:';
const INDEX = `${PREFIX}drafts`;
const CURRENT = `${PREFIX}current`;

/** How many drafts are kept; the oldest beyond this are dropped. */
export const MAX_DRAFTS = 12;

/** Edits to the same field within this long (ms) are one step of undo. */
const MERGE_MS = 1500;

/** How many steps of undo are kept. */
const MAX_HISTORY = 200;

function read(key, fallback) {
  try {
    const v = localStorage.getItem(key);
    return v == null ? fallback : JSON.parse(v);
  } catch {
    return fallback;
  }
}

/** The recent drafts, newest first: [{ id, name, title, saved }]. */
export function recentDrafts() {
  const list = read(INDEX, []);
  return Array.isArray(list) ? list.filter((d) => d && typeof d.id === 'string') : [];
}

/** The draft to reopen on load, if any: { id, name, text, record, saved }. */
export function currentDraft() {
  const id = read(CURRENT, null);
  return typeof id === 'string' ? loadDraft(id) : null;
}

export function loadDraft(id) {
  const d = read(`${PREFIX}draft:${id}`, null);
  return d && typeof d.text === 'string' ? { id, ...d, record: d.record ?? {} } : null;
}

/**
 * Saves a draft and puts it first in the list. Returns null, or an error
 * message when the browser refused (storage full or switched off).
 */
export function saveDraft({ id, name, title, text, record }) {
  const saved = new Date().toISOString();
  try {
    localStorage.setItem(`${PREFIX}draft:${id}`, JSON.stringify({ name, text, record, saved }));
    const list = [{ id, name, title, saved }, ...recentDrafts().filter((d) => d.id !== id)];
    for (const old of list.splice(MAX_DRAFTS)) localStorage.removeItem(`${PREFIX}draft:${old.id}`);
    localStorage.setItem(INDEX, JSON.stringify(list));
    localStorage.setItem(CURRENT, JSON.stringify(id));
    return null;
  } catch (err) {
    return `This browser did not save the draft (${err?.name === 'QuotaExceededError' ? 'its storage is full' : err?.message ?? err}). Download the JSON to keep your work.`;
  }
}

/** A new draft id. */
export function newDraftId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Undo and redo over whole texts: each entry is the guide's text after an
 * edit. Typing in one field is merged into one step until a pause or
 * another field.
 */
export class History {
  #entries = [];
  #at = -1;
  #lastKey = null;
  #lastTime = 0;

  reset(text) {
    this.#entries = [text];
    this.#at = 0;
    this.#lastKey = null;
  }

  /** Records `text` after an edit of `key` (a field path; null = never merged). */
  push(text, key = null) {
    if (text === this.#entries[this.#at]) return;
    const now = Date.now();
    const merge = key != null && key === this.#lastKey && now - this.#lastTime < MERGE_MS && this.#at > 0 && this.#at === this.#entries.length - 1;
    this.#entries.splice(this.#at + 1);
    if (merge) this.#entries[this.#at] = text;
    else {
      this.#entries.push(text);
      if (this.#entries.length > MAX_HISTORY) this.#entries.shift();
      this.#at = this.#entries.length - 1;
    }
    this.#lastKey = key;
    this.#lastTime = now;
  }

  get canUndo() {
    return this.#at > 0;
  }

  get canRedo() {
    return this.#at < this.#entries.length - 1;
  }

  undo() {
    if (!this.canUndo) return null;
    this.#lastKey = null;
    return this.#entries[--this.#at];
  }

  redo() {
    if (!this.canRedo) return null;
    this.#lastKey = null;
    return this.#entries[++this.#at];
  }
}
