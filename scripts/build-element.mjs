// Builds the element from its modules (www/element/) with esbuild: one file on
// the reader's path and one file per part loaded on demand, all minified, all
// git-ignored. Run by scripts/build.sh; run it alone after editing www/element/
// (`node scripts/build-element.mjs`, ~0.3 s; `--watch` rebuilds on every save;
// `--sizes` prints each built file's bytes and each module's share of them).
//
//   www/agreement-guide.js            www/element/index.js and what it imports: the element,
//                                     rendering, strings, engine loading, share state
//   www/agreement-guide-classroom.js  www/element/classroom.js: prompts, team play, hand-in, handout
//   www/agreement-guide-explore.js    www/element/explore.js: odds, strategy lab, map
//   www/agreement-guide-words-zh.js   www/element/words-zh.js: the reader's words in Chinese
//                                     (each part carries its own words in every language)
//   www/agreement-guide.css           www/element/agreement-guide.css: the element's stylesheet
//
// Why separate entry points and not esbuild's --splitting: the element finds
// each on-demand part by name through assetUrl() (`explore`, `classroom`), which
// the npm package, dist/ and the single-file offline bundle (`agreement-guide
// bundle`, which loads every file from a data: URL, where a relative chunk import
// cannot resolve) all rely on. Each part is self-contained: the few lines of
// ./dom.js they share are copied into each file (~0.3 KB gzip), while the words,
// the engine and the renderer reach them from the element at run time.
//
// Two things the element's source cannot say by itself, done here:
//   - default-guide.js (declared in www/element/default-guide.d.ts) is written from the default
//     guide's compiled manifest, each file a literal `new URL('./scenarios/…', import.meta.url)`:
//     the file names carry content hashes, so they are known only after the guide is compiled.
//   - `import(/* webpackIgnore: true */ /* @vite-ignore */ url)`: minifying drops the comments,
//     which a host's webpack needs (without it webpack warns "Critical dependency" and replaces
//     the import with one that fails); they are put back in the output and counted.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, context } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');

/** The guide an element with neither `src` nor an inline guide plays (its compiled manifest, by scripts/build.sh). */
export const DEFAULT_MANIFEST = 'scenarios/us-china-2015.compiled.json';

/**
 * The source of default-guide.js: the manifest's fields, with its files and JSON as literal
 * `new URL(…, import.meta.url)` beside the built element (www/agreement-guide.js, whose
 * scenarios/ folder holds them), evaluated when asked for.
 */
export function defaultGuideModule(www = WWW) {
  const file = path.join(www, DEFAULT_MANIFEST);
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing — run 'npm run build' (the guide is compiled before the element is built)`);
  const { files, gzip, json, ...fields } = JSON.parse(readFileSync(file, 'utf8'));
  const dir = path.posix.dirname(DEFAULT_MANIFEST);
  const at = (name) => {
    if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) throw new Error(`${DEFAULT_MANIFEST}: a file name beside it was expected, not ${JSON.stringify(name)}`);
    return `new URL(${JSON.stringify(`./${dir}/${name}`)}, import.meta.url).href`;
  };
  const entries = Object.entries(files ?? {});
  if (!entries.length) throw new Error(`${DEFAULT_MANIFEST} names no language file`);
  return [
    `// Written by scripts/build-element.mjs from www/${DEFAULT_MANIFEST}.`,
    'export function defaultGuide() {',
    `  const files = { ${entries.map(([lang, name]) => `${JSON.stringify(lang)}: ${at(name)}`).join(', ')} };`,
    // Each language's gzip-compressed copy too (guide-file.js picks it where the browser can decode it).
    `  const gzip = { ${Object.entries(gzip ?? {}).map(([lang, name]) => `${JSON.stringify(lang)}: ${at(name)}`).join(', ')} };`,
    `  return { manifest: { ...${JSON.stringify(fields)}, files }, files, gzip, json: ${at(json ?? `${fields.id}.json`)} };`,
    '}',
    '',
  ].join('\n');
}

/** Resolves `./default-guide.js` (from www/element/) to the module above. */
const defaultGuidePlugin = {
  name: 'default-guide',
  setup(b) {
    b.onResolve({ filter: /^\.\/default-guide\.js$/ }, () => ({ path: 'default-guide.js', namespace: 'default-guide' }));
    b.onLoad({ filter: /.*/, namespace: 'default-guide' }, () => ({ contents: defaultGuideModule(), loader: 'js', resolveDir: path.join(WWW, 'element') }));
  },
};

const IGNORE = '/* webpackIgnore: true */ /* @vite-ignore */';
// import( with an argument that is not a string literal, not a property named import.
const DYNAMIC_IMPORT = /(?<![\w$.])import\((?![\s]*["'`])/g;

/**
 * Puts the bundler comments back into each built file's `import(url)`s (see above), and fails
 * unless their number is the number of annotated imports in the sources that went into it.
 * @param {import('esbuild').BuildResult} result  with `metafile` and `outputFiles`
 */
function restoreIgnoreComments(result) {
  for (const out of result.outputFiles) {
    const meta = result.metafile.outputs[path.relative(ROOT, out.path).split(path.sep).join('/')];
    const expected = Object.keys(meta?.inputs ?? {})
      .filter((input) => !input.includes(':'))
      .map((input) => readFileSync(path.join(ROOT, input), 'utf8').split(IGNORE).length - 1)
      .reduce((a, b) => a + b, 0);
    let found = 0;
    const text = out.text.replace(DYNAMIC_IMPORT, () => {
      found++;
      return `import(${IGNORE} `;
    });
    if (found !== expected) throw new Error(`${path.relative(ROOT, out.path)}: ${found} import(url) in the output, ${expected} annotated in its sources; every import of a run-time address must carry ${IGNORE}`);
    writeFileSync(out.path, text);
  }
}

/** Output name (under www/, without .js) → its source. */
export const ENTRIES = {
  'agreement-guide': 'www/element/index.js',
  'agreement-guide-classroom': 'www/element/classroom.js',
  'agreement-guide-explore': 'www/element/explore.js',
  'agreement-guide-words-zh': 'www/element/words-zh.js',
};

const options = {
  absWorkingDir: ROOT,
  entryPoints: [...Object.entries(ENTRIES).map(([out, src]) => ({ out, in: src })), { out: 'agreement-guide', in: 'www/element/agreement-guide.css' }],
  outdir: WWW,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: '/* agreement-guide: built from www/element/ by scripts/build-element.mjs — edit the sources there. */',
    css: '/* agreement-guide.css: built from www/element/agreement-guide.css by scripts/build-element.mjs — edit it there. */',
  },
  plugins: [defaultGuidePlugin, { name: 'ignore-comments', setup: (b) => b.onEnd((result) => void (result.errors.length || restoreIgnoreComments(result))) }],
  metafile: true,
  write: false,
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--watch')) {
    const ctx = await context({ ...options, logLevel: 'info' });
    await ctx.watch();
  } else {
    const result = await build(options);
    if (process.argv.includes('--sizes')) printSizes(result);
  }
}

/**
 * `--sizes`: each built file's raw and gzip bytes (gzip -9, as scripts/size-report.mjs), and
 * what each source module weighs in it (esbuild's metafile: bytes of minified output).
 * @param {import('esbuild').BuildResult} result
 */
function printSizes(result) {
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    const bytes = readFileSync(path.join(ROOT, out));
    console.log(`${out.padEnd(40)} ${String(bytes.length).padStart(7)} raw ${String(gzipSync(bytes, { level: 9 }).length).padStart(7)} gzip`);
    const inputs = Object.entries(meta.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
    for (const [input, { bytesInOutput }] of inputs) console.log(`  ${input.padEnd(38)} ${String(bytesInOutput).padStart(7)}`);
  }
}
