// Writes pkg-npm/: the npm package a newsroom's build installs (`npm pack
// pkg-npm` makes the tarball; `npm publish pkg-npm` would publish it). Run by
// scripts/build.sh after the wasm build.
//
// Why a generated package and not the repository's own package.json: the root
// package is the development workspace (private, with dev dependencies and
// scripts), while the package ships built files (the wasm core, its glue)
// that are not in git. The generated one has no dependencies, no scripts,
// and only what a host needs:
//
//   agreement-guide.js            the element (ES module; defines <agreement-guide>)
//   agreement-guide-*.js          parts it loads beside itself on demand (classroom mode, Explore panel)
//   agreement-guide.css           its stylesheet (loaded into the shadow root)
//   agreement-guide-card.css      the pre-rendered card's stylesheet (`agreement-guide render`), for the host page
//   pkg/agreement_guide.js        the wasm glue
//   pkg/agreement_guide_bg.wasm   the Rust core (full engine: JSON guides, Explore, the handout)
//   pkg-reader/agreement_guide_reader{.js,_bg.wasm}  the reader runtime (compiled guides)
//   agreement-guide.d.ts          types (npm/agreement-guide.d.ts)
//   types/contract.d.ts           the values the core sends, generated from the Rust types (www/types/)
//   types/engine.d.ts             the wasm handles (www/types/), and their glue's declarations beside
//                                 it: pkg/agreement_guide.d.ts, pkg-reader/agreement_guide_reader.d.ts
//   custom-elements.json          the Custom Elements Manifest (npm/custom-elements.json)
//   scenarios/*.json, *.bin       the shipped guides, their compiled editions (the element's
//                                 default src is scenarios/us-china-2015.compiled.json beside
//                                 it) and their schema
//   README.md                     npm/README.md
//
// The element finds its files next to its own module (import.meta.url): a
// host that bundles it copies them beside the bundle, or points
// AGREEMENT_GUIDE_ASSETS at them (npm/README.md says how).
//
// Option --out DIR (default pkg-npm/).
import { readFileSync, writeFileSync, mkdirSync, rmSync, copyFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const OUT = path.resolve(args.out ?? path.join(ROOT, 'pkg-npm'));
const WWW = path.join(ROOT, 'www');

const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const cargoVersion = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
if (cargoVersion !== root.version) throw new Error(`package.json says ${root.version}, Cargo.toml ${cargoVersion}: one version for both`);

const copies = [
  ['www/agreement-guide.js', 'agreement-guide.js'],
  ['www/agreement-guide.css', 'agreement-guide.css'],
  ['www/agreement-guide-card.css', 'agreement-guide-card.css'],
  ['www/pkg/agreement_guide.js', 'pkg/agreement_guide.js'],
  ['www/pkg/agreement_guide_bg.wasm', 'pkg/agreement_guide_bg.wasm'],
  ['www/pkg-reader/agreement_guide_reader.js', 'pkg-reader/agreement_guide_reader.js'],
  ['www/pkg-reader/agreement_guide_reader_bg.wasm', 'pkg-reader/agreement_guide_reader_bg.wasm'],
  ['npm/agreement-guide.d.ts', 'agreement-guide.d.ts'],
  ['www/types/contract.d.ts', 'types/contract.d.ts'],
  ['www/types/engine.d.ts', 'types/engine.d.ts'],
  ['npm/pkg.d.ts', 'pkg/agreement_guide.d.ts'],
  ['npm/pkg-reader.d.ts', 'pkg-reader/agreement_guide_reader.d.ts'],
  ['npm/custom-elements.json', 'custom-elements.json'],
  ['npm/README.md', 'README.md'],
  ['LICENSE', 'LICENSE'],
];
for (const f of readdirSync(WWW).filter((f) => /^agreement-guide-[\w-]+\.js$/.test(f)).sort()) copies.push([`www/${f}`, f]);
// The guides as the build checked and copied them (www/scenarios/).
for (const f of readdirSync(path.join(WWW, 'scenarios')).filter((f) => f.endsWith('.json') || f.endsWith('.bin') || f.endsWith('.bin.gz')).sort()) copies.push([`www/scenarios/${f}`, `scenarios/${f}`]);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.join(OUT, 'pkg'), { recursive: true });
mkdirSync(path.join(OUT, 'pkg-reader'), { recursive: true });
mkdirSync(path.join(OUT, 'scenarios'), { recursive: true });
mkdirSync(path.join(OUT, 'types'), { recursive: true });
for (const [from, to] of copies) {
  const src = path.join(ROOT, from);
  if (!existsSync(src)) throw new Error(`${from} is missing — run 'npm run build' (the wasm build comes first)`);
  copyFileSync(src, path.join(OUT, to));
}

const pkg = {
  name: root.name,
  version: root.version,
  description: root.description,
  license: root.license,
  type: 'module',
  main: './agreement-guide.js',
  module: './agreement-guide.js',
  types: './agreement-guide.d.ts',
  customElements: 'custom-elements.json',
  exports: {
    '.': { types: './agreement-guide.d.ts', default: './agreement-guide.js' },
    './agreement-guide.js': { types: './agreement-guide.d.ts', default: './agreement-guide.js' },
    './agreement-guide.css': './agreement-guide.css',
    './agreement-guide-card.css': './agreement-guide-card.css',
    './wasm': './pkg/agreement_guide_bg.wasm',
    './pkg/*': './pkg/*',
    './pkg-reader/*': './pkg-reader/*',
    './agreement-guide-*.js': './agreement-guide-*.js',
    './scenarios/*': './scenarios/*',
    './types/*': './types/*',
    './custom-elements.json': './custom-elements.json',
    './package.json': './package.json',
  },
  // Importing the module defines <agreement-guide>: a bundler must keep it.
  sideEffects: ['./agreement-guide.js'],
  // npm packs README.md and LICENSE whatever `files` says.
  files: copies.map(([, to]) => to).filter((f) => f !== 'README.md' && f !== 'LICENSE'),
  keywords: ['web-component', 'custom-element', 'webassembly', 'interactive', 'newsroom', 'explainer'],
};
writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = 0;
for (const [, to] of [...copies, [null, 'package.json']]) {
  const bytes = statSync(path.join(OUT, to)).size;
  total += bytes;
  console.log(`    ${to.padEnd(30)} ${kb(bytes).padStart(9)}`);
}
console.log(`    ${'total'.padEnd(30)} ${kb(total).padStart(9)}  → ${path.relative(ROOT, OUT)}/`);
