// Prints raw, gzip and brotli sizes of what a reader downloads, against the
// size budget. Informational: it never fails the build (a budget overrun is a
// conversation, not a red CI). `--json` prints machine-readable numbers.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The shipped files; keep in step with what www/index.html loads. */
export const FILES = [
  'www/pkg/agreement_guide_bg.wasm',
  'www/pkg/agreement_guide.js',
  'www/agreement-guide.js',
  'www/agreement-guide.css',
];

/** Budget for the whole widget, gzip-compressed, as served over the wire. */
export const GZIP_BUDGET_BYTES = 40 * 1024;

/** Sizes of one file: raw, gzip -9 and brotli q11 (what a CDN would serve). */
export function measure(file) {
  const abs = path.resolve(ROOT, file);
  if (!existsSync(abs)) return { file, missing: true, raw: 0, gzip: 0, brotli: 0 };
  const bytes = readFileSync(abs);
  return {
    file,
    missing: false,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

export function report(files = FILES) {
  const rows = files.map(measure);
  const total = rows.reduce(
    (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  return { rows, total, budget: { gzip: GZIP_BUDGET_BYTES }, withinBudget: total.gzip <= GZIP_BUDGET_BYTES };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function print({ rows, total, withinBudget }) {
  const w = Math.max(...rows.map((r) => r.file.length), 'total'.length);
  const col = (n) => String(n).padStart(10);
  console.log(`${'file'.padEnd(w)} ${col('raw')} ${col('gzip')} ${col('brotli')}`);
  for (const r of rows) {
    if (r.missing) console.log(`${r.file.padEnd(w)} ${col('missing')}`);
    else console.log(`${r.file.padEnd(w)} ${col(r.raw)} ${col(r.gzip)} ${col(r.brotli)}`);
  }
  console.log(`${'total'.padEnd(w)} ${col(total.raw)} ${col(total.gzip)} ${col(total.brotli)}`);
  const verdict = withinBudget ? 'within budget' : `OVER budget by ${kb(total.gzip - GZIP_BUDGET_BYTES)}`;
  console.log(`gzip total ${kb(total.gzip)} of ${kb(GZIP_BUDGET_BYTES)} target — ${verdict}`);
}

/** The reader runtime (www/pkg-reader/) and the compiled guides beside the JSON. */
export function readerFiles() {
  const dir = path.join(ROOT, 'www/scenarios');
  const compiled = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')).sort().map((f) => `www/scenarios/${f}`) : [];
  return ['www/pkg-reader/agreement_guide_reader_bg.wasm', 'www/pkg-reader/agreement_guide_reader.js', ...compiled];
}

function printReader(rows) {
  const w = Math.max(...rows.map((r) => r.file.length));
  const col = (n) => String(n).padStart(10);
  console.log(`\nreader runtime and compiled guides (a reader fetches the runtime and one guide file, in their language):`);
  for (const r of rows) console.log(`${r.file.padEnd(w)} ${r.missing ? col('missing') : `${col(r.raw)} ${col(r.gzip)} ${col(r.brotli)}`}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = report();
  const reader = readerFiles().map(measure);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...r, reader }, null, 2));
  else {
    print(r);
    printReader(reader);
  }
}
