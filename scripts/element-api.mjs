#!/usr/bin/env node
// Writes what the element's attribute table (www/element/attribute-table.js:
// its entries, imported, and their doc comments, read with TypeScript's parser)
// says into the three documents that show it: the README's attribute table,
// the attribute properties in npm/agreement-guide.d.ts (between its marker
// comments) and the attributes and attribute properties in
// npm/custom-elements.json (the rest of each is written by hand). Run by
// scripts/build.sh; `--check` writes nothing and fails, naming the file, when
// one is out of date (tests/e2e/element-api.test.mjs runs it).
//
// A script reading the table rather than @custom-elements-manifest/analyzer:
// the analyzer reads class syntax and JSDoc tags, and the properties are made
// from the table at run time (attributes.js), so it would need each attribute
// declared again in JSDoc: the repetition the table removes. No new dependency:
// typescript is already the type checker's.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ENTRIES } from '../www/element/attribute-table.js';

// ELEMENT_API_ROOT: another tree holding the three files (the test's copy with one made stale).
const ROOT = process.env.ELEMENT_API_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const TABLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'www', 'element', 'attribute-table.js');

/**
 * Each entry's doc comment in the table, by property: its text as one line of Markdown and its
 * tags (`@propertyType`, `@attributeType`, `@defaultValue`). Comments, so that the minified
 * element does not carry them.
 * @returns {Map<string, { text: string, tags: Record<string, string> }>}
 */
export function attributeDocs() {
  const file = ts.createSourceFile(TABLE, readFileSync(TABLE, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const docs = new Map();
  const visit = (/** @type {ts.Node} */ node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === 'ATTRIBUTES' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const prop of node.initializer.properties) {
        const jsdoc = ts.getJSDocCommentsAndTags(prop).find(ts.isJSDoc);
        const text = ts.getTextOfJSDocComment(jsdoc?.comment)?.replace(/\s*\n\s*/g, ' ').trim();
        const tags = Object.fromEntries((jsdoc?.tags ?? []).map((t) => [t.tagName.text, (ts.getTextOfJSDocComment(t.comment) ?? '').trim()]));
        if (prop.name && text) docs.set(prop.name.getText(file), { text, tags });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return docs;
}

/** The table's entries with their words and types; an entry without a doc comment, or whose type cannot be told, is an error. */
function described() {
  const docs = attributeDocs();
  return ENTRIES.map(([property, spec]) => {
    const doc = docs.get(property);
    const where = `www/element/attribute-table.js: ${property}`;
    if (!doc) throw new Error(`${where} has no doc comment (what the README says it does)`);
    const type = doc.tags.propertyType ?? (spec.values ? spec.values.map((v) => `'${v}'`).join(' | ') : spec.flag ? 'boolean' : null);
    if (!type) throw new Error(`${where}: its doc comment needs @propertyType (the .d.ts's type)`);
    const fallback = doc.tags.defaultValue ?? (spec.values ? `'${spec.values[0]}'` : undefined);
    return /** @type {const} */ ([property, { ...spec, doc: doc.text, type, attributeType: doc.tags.attributeType, default: fallback }]);
  });
}

const README_START = '<!-- attributes: generated from www/element/attribute-table.js by scripts/element-api.mjs; edit the table -->';
const README_END = '<!-- end of attributes -->';
const DTS_START = '  // <attributes> generated from www/element/attribute-table.js by scripts/element-api.mjs; edit the table';
const DTS_END = '  // </attributes>';

/** Markdown for a manifest or a doc comment: links become their text. */
const plain = (/** @type {string} */ md) => md.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
const sentence = (/** @type {string} */ md) => {
  const s = plain(md);
  return s[0].toUpperCase() + s.slice(1);
};

function readme() {
  const rows = described().map(([property, spec]) => {
    const name = property === spec.attribute || spec.property === 'HTMLElement' ? `\`${spec.attribute}\`` : `\`${spec.attribute}\` (= \`${property}\`)`;
    return `| ${name} | ${spec.doc} |`;
  });
  return [README_START, '| attribute (= property) | meaning |', '|---|---|', ...rows, README_END].join('\n');
}

function dts() {
  const lines = described().filter(([, spec]) => spec.property !== 'HTMLElement').flatMap(([property, spec]) => [
    `  /** \`${spec.attribute}\`: ${plain(spec.doc).replaceAll('*/', '*\\/')}. */`,
    `  ${property}: ${spec.type};`,
  ]);
  return [DTS_START, ...lines, DTS_END].join('\n');
}

/** @param {any} cem */
function manifest(cem) {
  const decl = cem.modules[0].declarations.find((/** @type {any} */ d) => d.tagName === 'agreement-guide');
  decl.attributes = described().map(([property, spec]) => ({
    name: spec.attribute,
    fieldName: property,
    type: { text: spec.attributeType ?? spec.type },
    description: sentence(spec.doc),
    ...(spec.default ? { default: spec.default } : {}),
  }));
  const table = new Set(ENTRIES.map(([property]) => property));
  const fields = described().filter(([, spec]) => spec.property !== 'HTMLElement').map(([property, spec]) => ({
    kind: 'field',
    name: property,
    type: { text: spec.type },
    description: sentence(spec.doc),
    attribute: spec.attribute,
    ...(spec.default ? { default: spec.default } : {}),
  }));
  decl.members = [
    ...decl.members.filter((/** @type {any} */ m) => m.static),
    ...fields,
    ...decl.members.filter((/** @type {any} */ m) => !m.static && !table.has(m.name)),
  ];
  return `${JSON.stringify(cem, null, 2)}\n`;
}

/**
 * @param {string} text
 * @param {string} start
 * @param {string} end
 * @param {string} block  from `start` to `end`, both included
 * @param {string} file
 */
function between(text, start, end, block, file) {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`${file}: the marker lines are missing (${start} … ${end})`);
  return text.slice(0, a) + block + text.slice(b + end.length);
}

/** Writes (or with --check, checks) the three documents. */
function main() {
  const outputs = [
    ['README.md', (/** @type {string} */ t) => between(t, README_START, README_END, readme(), 'README.md')],
    ['npm/agreement-guide.d.ts', (/** @type {string} */ t) => between(t, DTS_START, DTS_END, dts(), 'npm/agreement-guide.d.ts')],
    ['npm/custom-elements.json', (/** @type {string} */ t) => manifest(JSON.parse(t))],
  ];
  const stale = [];
  for (const [file, write] of outputs) {
    const full = path.join(ROOT, file);
    const before = readFileSync(full, 'utf8');
    const after = write(before);
    if (after === before) continue;
    stale.push(file);
    if (!check) writeFileSync(full, after);
  }
  if (check && stale.length) {
    console.error(`element-api: out of date with www/element/attribute-table.js: ${stale.join(', ')} (run node scripts/element-api.mjs)`);
    process.exit(1);
  }
  if (!check) console.log(stale.length ? `element-api: wrote ${stale.join(', ')}` : 'element-api: up to date');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
