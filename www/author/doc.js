// @ts-check
// The guide as data, for the form and translation editors: reading and
// writing a field by its location path (`nodes[4].choices[1].next`, the same
// paths the core's diagnostics use), a guide's Text in one language, new
// items with fresh ids, renaming an id everywhere it is referred to, and the
// file's formatting. No rules live here: whether a guide is valid is only
// ever the core's answer (Guide.check).

/** The shipped guides' formatting: two-space JSON and a final newline. */
export function format(doc) {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `nodes[4].choices[1].next` → ['nodes', 4, 'choices', 1, 'next']. */
export function parsePath(path) {
  const out = [];
  for (const part of String(path).match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    out.push(part.startsWith('[') ? Number(part.slice(1, -1)) : part);
  }
  return out;
}

/** The reverse of parsePath. */
export function joinPath(parts) {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** The value at `path` (undefined when any step is missing). */
export function getAt(doc, path) {
  let v = doc;
  for (const p of parsePath(path)) {
    if (v == null || typeof v !== 'object') return undefined;
    v = v[p];
  }
  return v;
}

/** Sets the value at `path`, making objects on the way; `undefined` deletes the key. */
export function setAt(doc, path, value) {
  const parts = parsePath(path);
  let v = doc;
  for (const [i, p] of parts.slice(0, -1).entries()) {
    if (v[p] == null || typeof v[p] !== 'object') v[p] = typeof parts[i + 1] === 'number' ? [] : {};
    v = v[p];
  }
  const last = parts.at(-1);
  if (value === undefined) {
    if (Array.isArray(v)) v.splice(Number(last), 1);
    else delete v[last];
  } else v[last] = value;
}

/** The guide's languages and its default language. */
export function languages(doc) {
  const langs = Array.isArray(doc?.meta?.languages) ? doc.meta.languages.filter((l) => typeof l === 'string') : [];
  const def = typeof doc?.meta?.default_language === 'string' ? doc.meta.default_language : langs[0] ?? 'en';
  return { langs: langs.length ? langs : [def], def };
}

/** A Text value in `lang`: its own string, the shared plain string, or ''. */
export function textIn(value, lang) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value[lang] === 'string') return value[lang];
  return '';
}

/** Whether a Text value has its own string for `lang` (a plain string is one text for every language). */
export function hasOwn(value, lang) {
  return !!value && typeof value === 'object' && typeof value[lang] === 'string' && value[lang] !== '';
}

/**
 * A Text value with `lang` set to `s`. In a guide of one language it stays a
 * plain string; in a guide of several it becomes (or stays) one string per
 * language, so the check can report the languages still missing.
 */
export function withText(doc, value, lang, s) {
  const { langs, def } = languages(doc);
  if (value && typeof value === 'object') return { ...value, [lang]: s };
  if (langs.length <= 1) return s;
  const out = {};
  if (typeof value === 'string' && value !== '' && lang !== def) out[def] = value;
  out[lang] = s;
  return out;
}

/** An id not yet used among `taken`: `base`, else `base-2`, `base-3`, … (`_` for variables). */
export function freshId(taken, base, sep = '-') {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}${sep}${i}`)) return `${base}${sep}${i}`;
}

/** Every card and ending id. */
export function targetIds(doc) {
  return [...(doc.nodes ?? []).map((n) => n?.id), ...(doc.endings ?? []).map((e) => e?.id)].filter((id) => typeof id === 'string');
}

/** Every choice id on a card (choices are referred to by id within their card only). */
const idsOf = (list) => (Array.isArray(list) ? list.map((x) => x?.id).filter(Boolean) : []);

/** A new card (narrator, one "Continue" choice to `next`), a new choice, outcome, ending, meter or source. */
export const make = {
  node(doc, next) {
    return {
      id: freshId(targetIds(doc), 'card'),
      actor: 'narrator',
      heading: withText(doc, undefined, languages(doc).def, ''),
      body: withText(doc, undefined, languages(doc).def, ''),
      choices: [make.choice(doc, [], next)],
    };
  },
  choice(doc, siblings, next) {
    return { id: freshId(idsOf(siblings), 'choice'), label: withText(doc, undefined, languages(doc).def, ''), next: next ?? '' };
  },
  outcome(doc, siblings, next) {
    return { id: freshId(idsOf(siblings), 'outcome'), label: withText(doc, undefined, languages(doc).def, ''), weight: 1, next: next ?? '' };
  },
  ending(doc) {
    const t = () => withText(doc, undefined, languages(doc).def, '');
    return { id: freshId(targetIds(doc), 'ending'), verdict: t(), summary: t(), reality: t() };
  },
  variable(doc) {
    return { id: freshId(idsOf(doc.variables), 'meter', '_'), kind: 'meter', label: withText(doc, undefined, languages(doc).def, ''), min: 0, max: 100, start: 50, shown: true };
  },
};

/**
 * A source entry from what a producer knows about it. The format keeps one
 * citation line, so title and publisher are written into it in the usual
 * order: Publisher, “Title”.
 */
export function makeSource({ title, publisher, date, url, lang }) {
  const citation = [publisher?.trim(), title?.trim() ? `“${title.trim()}”` : ''].filter(Boolean).join(', ');
  const out = { citation };
  if (url?.trim()) out.url = url.trim();
  if (date?.trim()) out.date = date.trim();
  if (lang?.trim()) out.lang = lang.trim();
  return out;
}

/**
 * Renames a card or ending id (`kind` 'target'), or a source key ('source'),
 * everywhere the guide refers to it: `meta.start`, `next`, routes' `to`, or
 * `sources` lists and `[^key]` citations in any text.
 */
export function rename(doc, kind, from, to) {
  const cite = new RegExp(`\\[\\^${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`, 'g');
  const walk = (v, key) => {
    if (Array.isArray(v)) {
      if (kind === 'source' && key === 'sources') return v.map((x) => (x === from ? to : x));
      return v.map((x) => walk(x, null));
    }
    if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        if (kind === 'target' && ['next', 'to', 'start'].includes(k) && v[k] === from) v[k] = to;
        else v[k] = walk(v[k], k);
      }
      return v;
    }
    if (kind === 'source' && typeof v === 'string') return v.replace(cite, `[^${to}]`);
    return v;
  };
  walk(doc, null);
  if (kind === 'source' && doc.meta?.sources && from in doc.meta.sources) {
    doc.meta.sources = Object.fromEntries(Object.entries(doc.meta.sources).map(([k, v]) => [k === from ? to : k, v]));
  }
}

/**
 * What the format calls Text, by field name (the JSON schema's Text fields;
 * `meta.actors` and `meta.progress.label` are walked on their own below).
 * tests/e2e/author-text-fields.test.mjs holds it to scenarios/schema.json.
 */
export const TEXT_FIELDS = {
  meta: ['title', 'summary', 'assumptions'],
  variables: ['label', 'description'],
  nodes: ['heading', 'body', 'prompt'],
  image: ['alt', 'caption'],
  choices: ['label', 'unmet'],
  outcomes: ['label', 'text'],
  endings: ['verdict', 'summary', 'reality'],
  strategies: ['label', 'description'],
  flashpoints: ['label', 'description'],
};

/**
 * Every Text field of the guide in reading order: `{ path, key, where, field }`.
 * `key` names it by ids rather than positions (`nodes#complaint.body`), so a
 * translation's record survives cards being added or moved.
 */
export function textFields(doc) {
  const out = [];
  const add = (path, key, where, field, optional) => {
    const v = getAt(doc, path);
    if (v === undefined && optional) return;
    out.push({ path, key, where, field });
  };
  const meta = doc.meta ?? {};
  for (const f of TEXT_FIELDS.meta) add(`meta.${f}`, `meta.${f}`, 'Guide', f);
  for (const a of Object.keys(meta.actors ?? {})) add(`meta.actors.${a}`, `actors#${a}`, 'Actors', a);
  if (meta.progress) add('meta.progress.label', 'meta.progress.label', 'Guide', 'progress label');
  (doc.variables ?? []).forEach((v, i) => TEXT_FIELDS.variables.forEach((f) => add(`variables[${i}].${f}`, `variables#${v?.id}.${f}`, `Meter ${v?.id}`, f, true)));
  (doc.nodes ?? []).forEach((n, i) => {
    const where = `Card ${n?.id}`;
    TEXT_FIELDS.nodes.forEach((f) => add(`nodes[${i}].${f}`, `nodes#${n?.id}.${f}`, where, f, f === 'prompt'));
    if (n?.image) TEXT_FIELDS.image.forEach((f) => add(`nodes[${i}].image.${f}`, `nodes#${n?.id}.image.${f}`, where, `image ${f}`, f === 'caption'));
    (n?.choices ?? []).forEach((c, j) => {
      const ck = `nodes#${n?.id}.choices#${c?.id}`;
      TEXT_FIELDS.choices.forEach((f) => add(`nodes[${i}].choices[${j}].${f}`, `${ck}.${f}`, where, `choice “${c?.id}” ${f}`, f === 'unmet'));
      (c?.outcomes ?? []).forEach((o, k) =>
        TEXT_FIELDS.outcomes.forEach((f) => add(`nodes[${i}].choices[${j}].outcomes[${k}].${f}`, `${ck}.outcomes#${o?.id}.${f}`, where, `outcome “${o?.id}” ${f}`, f === 'text')),
      );
    });
  });
  (doc.endings ?? []).forEach((e, i) => TEXT_FIELDS.endings.forEach((f) => add(`endings[${i}].${f}`, `endings#${e?.id}.${f}`, `Ending ${e?.id}`, f)));
  (doc.strategies ?? []).forEach((s, i) => TEXT_FIELDS.strategies.forEach((f) => add(`strategies[${i}].${f}`, `strategies#${s?.id}.${f}`, `Strategy ${s?.id}`, f, true)));
  (doc.flashpoints ?? []).forEach((s, i) => TEXT_FIELDS.flashpoints.forEach((f) => add(`flashpoints[${i}].${f}`, `flashpoints#${s?.id}.${f}`, `Flashpoint ${s?.id}`, f, true)));
  return out;
}

/** A short, stable fingerprint of a text (FNV-1a, 32 bits): enough to see that a source text changed. */
export function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
