// Builds the element from its modules (www/element/) with esbuild: one file on
// the reader's path and one file per part loaded on demand, all minified, all
// git-ignored. Run by scripts/build.sh; run it alone after editing www/element/
// (`node scripts/build-element.mjs`, ~0.3 s; `--watch` rebuilds on every save).
//
//   www/agreement-guide.js            www/element/index.js and what it imports: the element,
//                                     rendering, strings, engine loading, share state
//   www/agreement-guide-classroom.js  www/element/classroom.js: prompts, team play, hand-in, handout
//   www/agreement-guide-explore.js    www/element/explore.js: odds, strategy lab, map
//
// Why separate entry points and not esbuild's --splitting: the element finds
// each on-demand part by name through assetUrl() (`explore`, `classroom`), which
// the npm package, dist/ and the single-file offline bundle (`agreement-guide
// bundle`, which loads every file from a data: URL, where a relative chunk import
// cannot resolve) all rely on. Each part is self-contained: the few lines of
// ./dom.js they share are copied into each file (~0.3 KB gzip), while the words,
// the engine and the renderer reach them from the element at run time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, context } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');

/** Output name (under www/, without .js) → its source. */
export const ENTRIES = {
  'agreement-guide': 'www/element/index.js',
  'agreement-guide-classroom': 'www/element/classroom.js',
  'agreement-guide-explore': 'www/element/explore.js',
};

const options = {
  absWorkingDir: ROOT,
  entryPoints: Object.entries(ENTRIES).map(([out, src]) => ({ out, in: src })),
  outdir: WWW,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: '/* agreement-guide: built from www/element/ by scripts/build-element.mjs — edit the sources there. */' },
};

if (process.argv.includes('--watch')) {
  const ctx = await context({ ...options, logLevel: 'info' });
  await ctx.watch();
} else {
  await build(options);
}
