// Times the reader runtime's view across the wasm boundary, in Node, for a
// built package directory: how long `view(lang)` takes to arrive as a JS
// object (median and p95 of many calls, after a warm-up), and how many bytes
// the module is. Used to compare the ways a view can cross (JSON text of the
// runtime's own writing + JSON.parse, what ships; serde_json's text;
// serde-wasm-bindgen's objects), one build directory each, run alternately;
// see docs/performance.md, "The reader runtime's diet".
//
//   node bench/reader-boundary.mjs [PKG_DIR] [GUIDE.bin]
// defaults: www/pkg-reader and the US–China guide's English file.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = path.resolve(process.argv[2] ?? 'www/pkg-reader');
const guide = process.argv[3] ?? path.join('www/scenarios', readdirSync('www/scenarios').find((f) => /^us-china-2015\.en\.[0-9a-f]+\.bin$/.test(f)));
const glue = readdirSync(dir).find((f) => f.endsWith('.js'));
const wasm = readdirSync(dir).find((f) => f.endsWith('.wasm'));
const m = await import(pathToFileURL(path.join(dir, glue)).href);
const wasmBytes = readFileSync(path.join(dir, wasm));
await m.default({ module_or_path: wasmBytes });

const bytes = new Uint8Array(readFileSync(guide));
const loadTimes = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  m.Reader.load(bytes, 7).free();
  loadTimes.push(performance.now() - t);
}
const r = m.Reader.load(bytes, 7);
// A few steps in, so the view has history, meters and an outcome.
for (let i = 0; i < 4; i++) {
  const c = r.view('en').choices.find((x) => x.enabled);
  if (c) r.choose(c.id);
}
const times = [];
for (let i = 0; i < 3000; i++) {
  const t = performance.now();
  const v = r.view('en');
  times.push(performance.now() - t);
  if (!v.token) throw new Error('no view');
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`${dir}: wasm ${wasmBytes.length} B raw, ${gzipSync(wasmBytes, { level: 9 }).length} B gzip; glue ${readFileSync(path.join(dir, glue)).length} B`);
console.log(`load ${path.basename(guide)} (${bytes.length} B): median ${us(q(loadTimes.slice(20), 0.5))}`);
console.log(`view('en') → JS object: median ${us(q(times.slice(300), 0.5))}, p95 ${us(q(times.slice(300), 0.95))}`);
