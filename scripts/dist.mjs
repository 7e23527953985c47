// Writes www/dist/: the widget's files minified (esbuild) under content-hashed
// names, so any static host or CDN can cache them forever, plus a manifest
// with each file's Subresource Integrity hash. Run by scripts/build.sh after
// the wasm build; www/'s own files stay as they are for development and tests.
//
//   www/dist/agreement-guide.<hash>.js        the element (its references rewritten)
//   www/dist/agreement-guide.<hash>.css       its stylesheet
//   www/dist/agreement-guide-card.<hash>.css  the pre-rendered card's stylesheet (for the host page)
//   www/dist/agreement_guide.<hash>.js        wasm-bindgen glue
//   www/dist/agreement_guide_bg.<hash>.wasm   the Rust core (full engine)
//   www/dist/agreement_guide_reader{,_bg}.<hash>.{js,wasm}  the reader runtime and its glue
//   www/dist/agreement-guide-<name>.<hash>.js parts the element loads on demand (classroom, explore)
//   www/dist/embed.<hash>.js, embed-loader.<hash>.js, demo.<hash>.css
//   www/dist/embed.html                       the iframe page (stable name: it is the URL
//                                             hosts embed), pointing at the hashed files
//   www/dist/scenarios/*.json                 the guides, copied (stable names: authors
//                                             link them by name, and they change)
//   www/dist/scenarios/<id>.compiled.json     each compiled guide's manifest (stable name: the
//                                             element's src), beside its content-hashed
//   www/dist/scenarios/<id>.<lang>.<hash>.bin language files, copied
//   www/dist/scenarios/<id>.<lang>.<hash>.bin.gz  the same, gzip-compressed (what the element fetches)
//   www/dist/scenarios/<id>.<lang>.card.html  each guide's first card per language (agreement-guide render)
//   www/dist/<id>.<lang>.html                 each guide's own page per language, the address an editor
//                                             pastes into a CMS (agreement-guide oembed), with
//   www/dist/<id>.<lang>.oembed.json          its oEmbed answer; embed.html links the default guide's
//   www/dist/manifest.json                    { url, files: { name → { file, integrity, bytes } },
//                                               scenarios: [ { file, id, title, languages, defaultLanguage,
//                                                 compiled: { file, languages: { lang → { file, integrity, bytes,
//                                                   gzip: { file, integrity, bytes } } } },
//                                                 cards: { lang → file }, oembed: { lang → { page, json } } } ] }
//
// oEmbed consumers need absolute addresses: the pages and answers are written for
// the address dist/ is served at, `--url URL`, else $AGREEMENT_GUIDE_URL, else
// http://127.0.0.1:$PORT/dist/ (what `npm start` serves; PORT defaults to 8080).
//
// Each reference the rewrite depends on must be found, or the build fails:
// a renamed file is an error here, not a broken widget in production.
//
// The same input always gives the same names and bytes (tests/e2e/embed.test.mjs
// builds twice to check). Options, for that test: --www DIR (the built files to
// read; default www/) and --out DIR (where to write; default <www>/dist).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync, readdirSync, existsSync, copyFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { transform } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { www: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' } } });
const WWW = path.resolve(args.www ?? path.join(ROOT, 'www'));
const DIST = path.resolve(args.out ?? path.join(WWW, 'dist'));
const given = args.url ?? process.env.AGREEMENT_GUIDE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}/dist/`;
const PUBLIC_URL = given.endsWith('/') ? given : `${given}/`;

const read = (rel) => {
  const file = path.join(WWW, rel);
  if (!existsSync(file)) throw new Error(`${file} is missing — run 'npm run build' (the wasm build comes first)`);
  return readFileSync(file);
};

const sha = (alg, bytes, enc) => createHash(alg).update(bytes).digest(enc);
const integrity = (bytes) => `sha384-${sha('sha384', bytes, 'base64')}`;

/** `name.ext` → `name.<10 hex of sha256>.ext`. */
function hashedName(name, bytes) {
  const ext = path.extname(name);
  return `${name.slice(0, -ext.length)}.${sha('sha256', bytes, 'hex').slice(0, 10)}${ext}`;
}

/** Replaces every `from` with `to`; fails if `from` is not there. */
function rewrite(text, from, to, where) {
  if (!text.includes(from)) throw new Error(`dist: ${where} no longer contains ${from}; update scripts/dist.mjs`);
  return text.split(from).join(to);
}

/**
 * Rewrites a quoted file reference in a script, `'./x.js'` or `"./x.js"` (the
 * element is esbuild's output, which writes double quotes); fails if neither is there.
 */
function rewriteRef(text, from, to, where) {
  for (const q of ["'", '"']) if (text.includes(`${q}${from}${q}`)) return text.split(`${q}${from}${q}`).join(`${q}${to}${q}`);
  throw new Error(`dist: ${where} no longer refers to '${from}'; update scripts/dist.mjs`);
}

async function minify(text, loader, format) {
  const result = await transform(text, { loader, minify: true, format, target: loader === 'css' ? 'chrome111' : 'es2022', legalComments: 'none' });
  return result.code;
}

const manifest = { version: 1, url: PUBLIC_URL, files: {}, scenarios: [] };

function emit(name, bytes) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const file = hashedName(name, buf);
  writeFileSync(path.join(DIST, file), buf);
  manifest.files[name] = { file, integrity: integrity(buf), bytes: buf.length };
  return file;
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

// Leaves first: files that reference nothing of ours.
const wasm = emit('agreement_guide_bg.wasm', read('pkg/agreement_guide_bg.wasm'));
let glue = read('pkg/agreement_guide.js').toString('utf8');
// The glue's own default wasm URL (unused: the element passes the URL) follows the rename anyway.
glue = glue.split("'agreement_guide_bg.wasm'").join(`'${wasm}'`);
const core = emit('agreement_guide.js', await minify(glue, 'js', 'esm'));
const readerWasm = emit('agreement_guide_reader_bg.wasm', read('pkg-reader/agreement_guide_reader_bg.wasm'));
let readerGlue = read('pkg-reader/agreement_guide_reader.js').toString('utf8');
readerGlue = readerGlue.split("'agreement_guide_reader_bg.wasm'").join(`'${readerWasm}'`);
const reader = emit('agreement_guide_reader.js', await minify(readerGlue, 'js', 'esm'));
const css = emit('agreement-guide.css', await minify(read('agreement-guide.css').toString('utf8'), 'css'));
// The pre-rendered card's stylesheet, for a host page that carries the card (scripts/card-css.mjs).
emit('agreement-guide-card.css', await minify(read('agreement-guide-card.css').toString('utf8'), 'css'));
const onDemand = {};
for (const f of readdirSync(WWW).filter((f) => /^agreement-guide-[\w-]+\.js$/.test(f)).sort()) {
  onDemand[f] = emit(f, await minify(read(f).toString('utf8'), 'js', 'esm'));
}

// The element (bundled from www/element/ by scripts/build-element.mjs): its references to the
// files above, then minified. Every on-demand part must be named in it.
let widget = read('agreement-guide.js').toString('utf8');
widget = rewriteRef(widget, './pkg/agreement_guide.js', `./${core}`, 'agreement-guide.js');
widget = rewriteRef(widget, './pkg/agreement_guide_bg.wasm', `./${wasm}`, 'agreement-guide.js');
widget = rewriteRef(widget, './pkg-reader/agreement_guide_reader.js', `./${reader}`, 'agreement-guide.js');
widget = rewriteRef(widget, './pkg-reader/agreement_guide_reader_bg.wasm', `./${readerWasm}`, 'agreement-guide.js');
widget = rewriteRef(widget, './agreement-guide.css', `./${css}`, 'agreement-guide.js');
for (const [f, hashed] of Object.entries(onDemand)) widget = rewriteRef(widget, `./${f}`, `./${hashed}`, 'agreement-guide.js');
const element = emit('agreement-guide.js', await minify(widget, 'js', 'esm'));

const embedJs = emit('embed.js', await minify(read('embed/embed.js').toString('utf8'), 'js', 'esm'));
// A classic script: esbuild keeps it one (no format given).
emit('embed-loader.js', await minify(read('embed-loader.js').toString('utf8'), 'js'));
const demoCss = emit('demo.css', await minify(read('demo/demo.css').toString('utf8'), 'css'));

// The iframe page, pointing at the hashed files, each with its integrity hash.
let embedHtml = read('embed.html').toString('utf8');
// crossorigin: in a frame sandboxed without allow-same-origin (WordPress's) every request is
// cross-origin, and a stylesheet fetched without CORS cannot have its integrity checked (blocked).
const withSri = (name, file) => `${file}" integrity="${manifest.files[name].integrity}" crossorigin="anonymous`;
// (Its first-paint styles are inline: scripts/first-paint.mjs; a page that still links demo/demo.css gets the hashed name.)
if (embedHtml.includes('href="demo/demo.css"')) embedHtml = rewrite(embedHtml, 'href="demo/demo.css"', `href="${withSri('demo.css', demoCss)}"`, 'embed.html');
embedHtml = rewrite(embedHtml, 'src="agreement-guide.js"', `src="${withSri('agreement-guide.js', element)}"`, 'embed.html');
embedHtml = rewrite(embedHtml, 'src="embed/embed.js"', `src="${withSri('embed.js', embedJs)}"`, 'embed.html');
// Its preload hints (what the element fetches for the default guide) follow the renames.
// (The element's stylesheet is no longer among them: the element waits for it before taking over.)
if (embedHtml.includes('href="agreement-guide.css"')) embedHtml = rewrite(embedHtml, 'href="agreement-guide.css"', `href="${css}"`, 'embed.html');
embedHtml = rewrite(embedHtml, 'href="pkg-reader/agreement_guide_reader.js"', `href="${reader}"`, 'embed.html');
embedHtml = rewrite(embedHtml, 'href="pkg-reader/agreement_guide_reader_bg.wasm"', `href="${readerWasm}"`, 'embed.html');
for (const [f, hashed] of Object.entries(onDemand)) {
  if (embedHtml.includes(`href="${f}"`)) embedHtml = rewrite(embedHtml, `href="${f}"`, `href="${hashed}"`, 'embed.html');
}
writeFileSync(path.join(DIST, 'embed.html'), embedHtml);

// The guides, and what the embed-code generator lists.
mkdirSync(path.join(DIST, 'scenarios'));
const scenarioDir = path.join(WWW, 'scenarios');
for (const f of existsSync(scenarioDir) ? readdirSync(scenarioDir).filter((f) => f.endsWith('.json') && !f.endsWith('.compiled.json')).sort() : []) {
  copyFileSync(path.join(scenarioDir, f), path.join(DIST, 'scenarios', f));
  if (f === 'schema.json') continue;
  const meta = JSON.parse(readFileSync(path.join(scenarioDir, f), 'utf8')).meta ?? {};
  const title = typeof meta.title === 'string' ? { [meta.default_language ?? 'en']: meta.title } : meta.title ?? {};
  const entry = { file: `scenarios/${f}`, id: meta.id, title, languages: meta.languages ?? [], defaultLanguage: meta.default_language ?? 'en' };
  // Its compiled edition (what readers load): the manifest and each language's file, whose
  // names already carry a hash of their content.
  const compiledName = `${meta.id}.compiled.json`;
  if (existsSync(path.join(scenarioDir, compiledName))) {
    const compiled = JSON.parse(readFileSync(path.join(scenarioDir, compiledName), 'utf8'));
    copyFileSync(path.join(scenarioDir, compiledName), path.join(DIST, 'scenarios', compiledName));
    const languages = {};
    const copied = (name) => {
      const bytes = readFileSync(path.join(scenarioDir, name));
      copyFileSync(path.join(scenarioDir, name), path.join(DIST, 'scenarios', name));
      return { file: `scenarios/${name}`, integrity: integrity(bytes), bytes: bytes.length };
    };
    for (const [lang, name] of Object.entries(compiled.files)) {
      languages[lang] = copied(name);
      // The gzip-compressed copy the element fetches (www/element/guide-file.js).
      if (compiled.gzip?.[lang]) languages[lang].gzip = copied(compiled.gzip[lang]);
    }
    entry.compiled = { file: `scenarios/${compiledName}`, languages };
  }
  // Its first card in each language (`agreement-guide render`), for the embed-code generator.
  for (const lang of entry.languages) {
    const card = `${meta.id}.${lang}.card.html`;
    if (!existsSync(path.join(scenarioDir, card))) continue;
    copyFileSync(path.join(scenarioDir, card), path.join(DIST, 'scenarios', card));
    (entry.cards ??= {})[lang] = `scenarios/${card}`;
  }
  // Its own page per language and the oEmbed answer naming it, from the CLI (the titles are the
  // core's), made from dist/embed.html, for the address dist/ is served at.
  if (entry.compiled) {
    const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--', 'oembed', path.join(scenarioDir, f), '--url', PUBLIC_URL, '-o', DIST], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`dist: agreement-guide oembed ${f} failed:\n${run.stderr}`);
    entry.oembed = Object.fromEntries(entry.languages.map((lang) => [lang, { page: `${meta.id}.${lang}.html`, json: `${meta.id}.${lang}.oembed.json` }]));
  }
  manifest.scenarios.push(entry);
}

// embed.html with no query shows the default guide in its default language: it links that oEmbed answer.
const first = manifest.scenarios.find((s) => s.id === 'us-china-2015') ?? manifest.scenarios[0];
const answer = first?.oembed?.[first.defaultLanguage];
if (answer) {
  const title = JSON.parse(readFileSync(path.join(DIST, answer.json), 'utf8')).title;
  const esc = (t) => String(t).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const region = /(<!-- agreement-guide render: oembed -->)[\s\S]*?(\n[ \t]*<!-- \/agreement-guide render -->)/;
  if (!region.test(embedHtml)) throw new Error('dist: embed.html has no <!-- agreement-guide render: oembed --> region; update scripts/dist.mjs');
  embedHtml = embedHtml.replace(region, (_, start, end) => `${start}\n  <link rel="alternate" type="application/json+oembed" href="${esc(PUBLIC_URL + answer.json)}" title="${esc(title)}">${end}`);
  writeFileSync(path.join(DIST, 'embed.html'), embedHtml);
}

writeFileSync(path.join(DIST, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, { file, bytes }] of Object.entries(manifest.files)) {
  const gz = gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;
  console.log(`    ${name.padEnd(26)} → ${file.padEnd(40)} ${kb(bytes).padStart(9)}  (gzip ${kb(gz)})`);
}
console.log(`    + embed.html, manifest.json, ${manifest.scenarios.length} guide(s) in scenarios/`);
const pages = manifest.scenarios.flatMap((s) => Object.values(s.oembed ?? {}).map((o) => o.page));
if (pages.length) console.log(`    oEmbed for ${PUBLIC_URL}: ${pages.join(', ')} (+ .oembed.json each; another address: AGREEMENT_GUIDE_URL=… npm run build)`);
