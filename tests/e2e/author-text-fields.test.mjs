// The guide editor's list of translatable fields (www/author/doc.js, TEXT_FIELDS)
// against the format's own schema (scenarios/schema.json, written from the Rust
// types by `agreement-guide schema`): every object's Text fields, no more, no
// fewer. A Text field added to the format and not to the editor would otherwise
// go untranslated in its translation view without a word. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.mjs';
import { TEXT_FIELDS } from '../../www/author/doc.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'scenarios', 'schema.json'), 'utf8'));
const defs = schema.$defs;

/** The names of an object type's properties whose schema refers to Text. */
const textProps = (name) =>
  Object.entries(defs[name]?.properties ?? {})
    .filter(([, p]) => JSON.stringify(p).includes('"#/$defs/Text"'))
    .map(([k]) => k);

// The editor's section → the schema's object type.
const TYPES = { meta: 'Meta', variables: 'Variable', nodes: 'Node', image: 'Image', choices: 'Choice', outcomes: 'Outcome', endings: 'Ending', strategies: 'Strategy', flashpoints: 'Flashpoint' };
// Text fields the editor walks by hand (a map of actor → label; the progress bar's label).
const WALKED_APART = { Meta: ['actors'] };

test("the editor's Text fields are the schema's, object by object", () => {
  assert.ok(defs.Text, 'scenarios/schema.json defines Text');
  assert.deepEqual(Object.keys(TEXT_FIELDS).sort(), Object.keys(TYPES).sort());
  for (const [section, type] of Object.entries(TYPES)) {
    const want = textProps(type).filter((f) => !(WALKED_APART[type] ?? []).includes(f));
    assert.deepEqual([...TEXT_FIELDS[section]].sort(), want.sort(), `${section} (${type})`);
  }
  // Every other object type with a Text field is one the editor walks apart.
  const covered = new Set([...Object.values(TYPES), 'Progress']);
  const uncovered = Object.keys(defs).filter((name) => textProps(name).length && !covered.has(name));
  assert.deepEqual(uncovered, [], 'object types with Text fields the editor does not list');
  assert.deepEqual(textProps('Progress'), ['label']);
});
