// The typed contract with the widget (www/types/): the checked-in declarations are what
// json-schema-to-typescript makes of the checked-in schema (tests/the_widget_contract_is_fresh.rs
// holds the schema to the Rust types and the full engine's values to the schema), and the reader
// runtime — JSON text of its own writing (src/json_text.rs) — sends what the declarations say: `null` for an
// `x: T | null` that is none, no property at all for an `x?: T`, plain objects and arrays.
// No browser (≈3 s). Run after `npm run build`: node --test tests/e2e/contract.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.mjs';
import ts from 'typescript';
import { declarations, SCHEMA, DECLARATIONS } from '../../scripts/types.mjs';

test('www/types/contract.d.ts is what `npm run types` makes of the schema', async () => {
  const want = await declarations(readFileSync(SCHEMA, 'utf8'));
  assert.ok(
    readFileSync(DECLARATIONS, 'utf8') === want,
    'www/types/contract.d.ts is stale or was edited by hand: run `npm run types` and commit www/types/',
  );
});

/**
 * The JS names of the methods the `#[wasm_bindgen] impl` blocks in `files` export, plus `free`:
 * a handle's own file and src/wasm_handle.rs, whose macro emits the methods both handles share.
 */
function rustExports(...files) {
  const names = ['free'];
  let jsName = null;
  for (const line of files.flatMap((file) => readFileSync(path.join(ROOT, file), 'utf8').split('\n'))) {
    const attr = line.match(/#\[wasm_bindgen\(js_name = (\w+)\)\]/);
    if (attr) jsName = attr[1];
    const fn = line.match(/^ +pub fn (\w+)\(/);
    if (fn) {
      names.push(jsName ?? fn[1]);
      jsName = null;
    }
  }
  return names.sort();
}

/** The methods (static or not) of class `name` in www/types/engine.d.ts. */
function declaredMethods(name) {
  const file = path.join(ROOT, 'www/types/engine.d.ts');
  const dts = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  let out;
  dts.forEachChild((n) => {
    if (ts.isClassDeclaration(n) && n.name?.text === name) out = n.members.filter(ts.isMethodDeclaration).map((m) => m.name.getText());
  });
  return out.sort();
}

test('www/types/engine.d.ts declares exactly the methods src/wasm.rs and src/wasm_reader.rs export', () => {
  assert.deepEqual(declaredMethods('Guide'), rustExports('src/wasm.rs', 'src/wasm_handle.rs'), 'Guide (src/wasm.rs)');
  assert.deepEqual(declaredMethods('Reader'), rustExports('src/wasm_reader.rs', 'src/wasm_handle.rs'), 'Reader (src/wasm_reader.rs)');
});

const www = (p) => path.join(ROOT, 'www', p);
const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));

/**
 * The problems of `value` against `def`, for the schema shapes schemars writes here (objects,
 * arrays, tuples, nullable types, string enums, tagged unions, maps): every required property
 * present (null allowed only where declared), none undeclared, no `undefined` anywhere.
 */
function problems(value, def, at, out = []) {
  if (def.$ref) return problems(value, schema.definitions[def.$ref.split('/').pop()], at, out);
  if (def.allOf) return def.allOf.forEach((d) => problems(value, d, at, out)), out;
  const alternatives = def.anyOf ?? def.oneOf;
  if (alternatives) {
    if (!alternatives.some((d) => problems(value, d, at).length === 0)) out.push(`${at}: fits no alternative: ${JSON.stringify(value)}`);
    return out;
  }
  const types = [def.type ?? []].flat();
  const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const t = typeOf(value);
  if (types.length && !types.includes(t) && !(t === 'integer' && types.includes('number'))) {
    out.push(`${at}: ${t === 'undefined' ? 'undefined' : JSON.stringify(value)} is not ${types.join(' | ')}`);
    return out;
  }
  if (def.const !== undefined && value !== def.const) out.push(`${at}: not ${def.const}`);
  if (def.enum && !def.enum.includes(value)) out.push(`${at}: ${value} not in ${def.enum}`);
  if (t === 'array') {
    if (Array.isArray(def.items)) def.items.forEach((d, i) => problems(value[i], d, `${at}[${i}]`, out));
    else if (def.items) value.forEach((v, i) => problems(v, def.items, `${at}[${i}]`, out));
  } else if (t === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) out.push(`${at}: not a plain object`);
    const props = def.properties ?? {};
    for (const k of def.required ?? []) if (!(k in value)) out.push(`${at}.${k}: missing`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) problems(v, props[k], `${at}.${k}`, out);
      else if (def.additionalProperties) problems(v, def.additionalProperties, `${at}.${k}`, out);
      else out.push(`${at}.${k}: not declared`);
    }
  }
  return out;
}

test('the reader runtime sends exactly the declared shapes (null for none, absent when skipped)', async () => {
  const reader = await import(pathToFileURL(www('pkg-reader/agreement_guide_reader.js')).href);
  await reader.default({ module_or_path: readFileSync(www('pkg-reader/agreement_guide_reader_bg.wasm')) });
  const manifests = readdirSync(www('scenarios')).filter((f) => f.endsWith('.compiled.json'));
  assert.ok(manifests.length >= 2, 'the build compiled the shipped guides');
  const def = (name) => ({ $ref: `#/definitions/${name}` });
  let views = 0;
  for (const m of manifests) {
    const manifest = JSON.parse(readFileSync(www(`scenarios/${m}`), 'utf8'));
    for (const [lang, file] of Object.entries(manifest.files)) {
      const r = reader.Reader.load(readFileSync(www(`scenarios/${file}`)), 3);
      try {
        assert.deepEqual(problems(r.info(lang), def('Info'), `${m} info`), []);
        for (let step = 0; step < 200; step++) {
          const v = r.view(lang);
          assert.deepEqual(problems(v, def('View'), `${m} ${lang} view ${step}`), []);
          views++;
          if (step === 0) assert.equal(v.outcome, null, 'no outcome yet: null, not undefined');
          if (v.ending) break;
          const enabled = v.choices.filter((c) => c.enabled);
          r.choose(enabled[step % enabled.length].id);
        }
      } finally {
        r.free();
      }
    }
  }
  assert.ok(views > 20, `checked ${views} views`);
});

test('the checker can fail: undefined, an undeclared field and a missing one are caught', () => {
  const v = { step: 0, node: null, choices: [], meters: [], outcome: undefined, history: [], progress: null, ending: null, canUndo: false, token: 't' };
  const found = problems(v, { $ref: '#/definitions/View' }, 'view');
  assert.ok(found.some((p) => p.startsWith('view.outcome:')), found.join('\n'));
  const { canUndo, ...rest } = { ...v, outcome: null };
  assert.ok(problems({ ...rest, can_undo: canUndo }, { $ref: '#/definitions/View' }, 'v').length === 2);
});
