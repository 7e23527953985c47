// The element's attribute table (www/element/attribute-table.js) is the one place an attribute
// is declared: the README's table, npm/agreement-guide.d.ts's attribute properties and
// npm/custom-elements.json's attributes are written from it by scripts/element-api.mjs (run by
// the build), and this fails when one of them was edited by hand or the table changed without a
// build. What the element does with each attribute is checked in a browser by
// tests/e2e/package.test.mjs (the manifest and the .d.ts against the element) and widget.test.mjs.
// Also: the element's modules name no `any` in their JSDoc types (tsconfig.json checks them
// strictly). No browser; about a second.
//
//   node --test tests/e2e/element-api.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers.mjs';
import ts from 'typescript';
import { ENTRIES, OBSERVED } from '../../www/element/attribute-table.js';
import { attributeDocs } from '../../scripts/element-api.mjs';

const FILES = ['README.md', 'npm/agreement-guide.d.ts', 'npm/custom-elements.json'];

/** scripts/element-api.mjs --check over `root` (default: the repository). */
function check(root = ROOT) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'element-api.mjs'), '--check'], {
    env: { ...process.env, ELEMENT_API_ROOT: root },
    encoding: 'utf8',
  });
}

test('the README, the .d.ts and the manifest say what the attribute table says', () => {
  const r = check();
  assert.equal(r.status, 0, r.stderr);
});

test('a hand edit to any of them is caught', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'element-api-'));
  try {
    for (const file of FILES) {
      mkdirSync(path.join(tmp, path.dirname(file)), { recursive: true });
      cpSync(path.join(ROOT, file), path.join(tmp, file));
    }
    assert.equal(check(tmp).status, 0, 'the copies are up to date');
    for (const file of FILES) {
      const full = path.join(tmp, file);
      const good = readFileSync(full, 'utf8');
      // One attribute's words changed by hand, as someone documenting a change might.
      const edited = good.replace('of the guide\'s title, 1–4', 'of the title, 1–6');
      assert.notEqual(edited, good, `${file} describes heading-level`);
      writeFileSync(full, edited);
      const r = check(tmp);
      assert.equal(r.status, 1, `${file}: the edit is reported`);
      assert.match(r.stderr, new RegExp(file.replace(/[.*/]/g, '\\$&')));
      writeFileSync(full, good);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('each attribute has one entry, a doc comment, and its property is its name in camelCase', () => {
  const names = ENTRIES.map(([, spec]) => spec.attribute);
  const docs = attributeDocs();
  assert.equal(new Set(names).size, names.length);
  for (const [property, spec] of ENTRIES) {
    assert.equal(property, spec.attribute.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), spec.attribute);
    assert.ok((docs.get(property)?.text ?? '').length > 20, `${spec.attribute} is described (its doc comment)`);
  }
  // `theme` is read by the stylesheet only; every other attribute is observed.
  assert.deepEqual(names.filter((n) => !OBSERVED.includes(n)), ['theme']);
});

/** Where a JS file's JSDoc types (and casts) say `any`: "line:column" for each. */
function anyTypes(name, text) {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = [];
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`${line + 1}:${character + 1}`);
    }
    // getChildren (unlike forEachChild) includes the JSDoc comments and their type expressions.
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  return found;
}

test('the element\'s modules type nothing as any', () => {
  assert.deepEqual(anyTypes('probe.js', '/** @param {any} x @returns {string} */\nfunction f(x) { return /** @type {any} */ (x).y; }'), ['1:13', '2:35'], 'the probe finds a JSDoc any and a cast');
  const dir = path.join(ROOT, 'www', 'element');
  const found = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => anyTypes(f, readFileSync(path.join(dir, f), 'utf8')).map((at) => `www/element/${f}:${at}`));
  assert.deepEqual(found, []);
});
