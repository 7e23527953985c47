// The reader runtime (www/pkg-reader/, a compiled guide) and the full engine
// (www/pkg/, the JSON) as built, both run as WebAssembly in V8 (Node's; the
// engine Chromium uses): for every shipped guide, in every language, the
// views, infos and share tokens are equal at every step of a witness run to
// every ending and of seeded random runs. No browser needed (≈2 s).
// Run after `npm run build`: node --test tests/e2e/reader-runtime.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.mjs';

const www = (p) => path.join(ROOT, 'www', p);
const full = await import(pathToFileURL(www('pkg/agreement_guide.js')).href);
await full.default({ module_or_path: readFileSync(www('pkg/agreement_guide_bg.wasm')) });
const reader = await import(pathToFileURL(www('pkg-reader/agreement_guide_reader.js')).href);
await reader.default({ module_or_path: readFileSync(www('pkg-reader/agreement_guide_reader_bg.wasm')) });

const guides = readdirSync(www('scenarios'))
  .filter((f) => f.endsWith('.compiled.json'))
  .map((f) => JSON.parse(readFileSync(www(`scenarios/${f}`), 'utf8')));

function lockstep(json, file, lang, seed, picks) {
  const a = full.Guide.load(json, seed);
  const b = reader.Reader.load(file, seed);
  try {
    assert.deepEqual(b.info(lang), a.info(lang), 'info');
    for (const [i, id] of picks.entries()) {
      assert.deepEqual(b.view(lang), a.view(lang), `view before step ${i + 1}`);
      a.choose(id);
      b.choose(id);
    }
    assert.deepEqual(b.view(lang), a.view(lang), 'last view');
    assert.equal(b.save(), a.save());
  } finally {
    a.free();
    b.free();
  }
}

test('the reader runtime shows what the full engine shows, at every step, for every guide and language', () => {
  assert.ok(guides.length >= 2, 'the build compiled the shipped guides');
  for (const g of guides) {
    const json = readFileSync(www(`scenarios/${g.id}.json`), 'utf8');
    const engine = full.Guide.load(json, 1);
    const runs = engine.witnesses(20000).filter((w) => w.choices).map((w) => [w.seed, w.choices]);
    for (let seed = 0; seed < 4; seed++) {
      const r = full.Guide.load(json, seed);
      const picks = [];
      for (let step = 0; !r.view('en').ending && step < 200; step++) {
        const enabled = r.view('en').choices.filter((c) => c.enabled);
        const id = enabled[(seed * 31 + step * 7) % enabled.length].id;
        r.choose(id);
        picks.push(id);
      }
      runs.push([seed, picks]);
      r.free();
    }
    engine.free();
    for (const [lang, name] of Object.entries(g.files)) {
      const file = new Uint8Array(readFileSync(www(`scenarios/${name}`)));
      for (const [seed, picks] of runs) lockstep(json, file, lang, seed, picks);
    }
  }
});

test('a damaged compiled file is refused with a plain message', () => {
  const g = guides[0];
  const file = new Uint8Array(readFileSync(www(`scenarios/${g.files[g.defaultLanguage]}`)));
  for (const bad of [file.slice(0, 100), new Uint8Array([1, 2, 3]), file.map((x, i) => (i === 500 ? x ^ 1 : x))]) {
    assert.throws(() => reader.Reader.load(bad, 1), (e) => e.kind === 'invalid-compiled' && /^compiled guide: /.test(e.message));
  }
});
