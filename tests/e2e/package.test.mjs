// The npm package as a newsroom's build meets it: `npm pack` the generated
// package (scripts/npm-package.mjs), install the tarball into a scratch host
// project with no network, type-check a host file against its declarations
// with `tsc --noEmit` (and see a wrong one fail; the core's views and the engine's handle
// typed too), bundle the host page with
// esbuild, and play a run to an ending in Chromium under a strict CSP. Then
// the declarations and the Custom Elements Manifest are held against the
// element: each event's detail fields against what it dispatched, each
// attribute, property and method against the element itself, each CSS part
// and custom property against its sources.
//
// Run after `npm run build`:  node --test tests/e2e/package.test.mjs  (about 20 s)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { inBrowser, watchPage, ROOT, WWW } from './helpers.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const env = inBrowser({ server: false }); // the server is the host's bundle, made by a test below
const { browser } = env;
let tmp;
let server;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

before(() => (tmp = env.tmpDir('agreement-guide-package-')));

const HOST_TS = `import { AgreementGuideElement } from 'agreement-guide';
import type { AgreementGuideEventMap, AgreementGuideChoiceDetail } from 'agreement-guide';

const seen: Record<string, string[][]> = {};
function record<K extends keyof AgreementGuideEventMap>(type: K): void {
  // The events bubble out of the element and are typed on document too.
  document.addEventListener(type, (e) => {
    (seen[type] ??= []).push(Object.keys(e.detail));
  });
}
record('agreement-guide-ready');
record('agreement-guide-step');
record('agreement-guide-choice');
record('agreement-guide-complete');
record('agreement-guide-urlchange');

function mount(seed: number): AgreementGuideElement {
  const guide = document.createElement('agreement-guide'); // HTMLElementTagNameMap gives AgreementGuideElement
  guide.src = 'scenarios/us-china-2015.json';
  guide.seed = seed;
  guide.history = 'replace';
  guide.addEventListener('agreement-guide-choice', (e) => {
    const detail: AgreementGuideChoiceDetail = e.detail;
    guide.dataset.lastChoice = detail.choice;
  });
  guide.addEventListener('agreement-guide-complete', (e) => {
    const ending: string = e.detail.ending;
    document.body.dataset.ending = ending;
  });
  document.querySelector('main')?.append(guide);
  return guide;
}

Object.assign(window, { mount, seen, isGuide: (x: unknown): boolean => x instanceof AgreementGuideElement });
`;

// The engine driven directly, typed by the contract generated from the Rust types (type-checked
// only: the page does not load it).
const ENGINE_TS = `import init, { Guide } from 'agreement-guide/pkg/agreement_guide.js';
import type { View, Diagnostic, AgreementGuideError } from 'agreement-guide';

export async function firstCard(json: string): Promise<string | null> {
  await init();
  const problems: Diagnostic[] = Guide.check(json);
  if (problems.some((d) => d.severity === 'error')) return problems[0].message;
  const guide = Guide.load(json, 1);
  const view: View = guide.view('en');
  const spans = view.node?.heading.flat() ?? [];
  return spans.map((s) => (s.kind === 'cite' || s.kind === 'marker' ? '' : s.text)).join('');
}
export function kindOf(err: unknown): string | undefined {
  return (err as AgreementGuideError).kind;
}
`;

// Three mistakes the declarations must catch.
const BAD_TS = `import 'agreement-guide';
document.addEventListener('agreement-guide-complete', (e) => {
  const n: number = e.detail.ending;
  void n;
});
const g = document.createElement('agreement-guide');
g.history = 'push';
import type { View } from 'agreement-guide';
export const undo = (v: View): boolean => v.can_undo;
`;

let packed;

test('the package packs, installs offline, type-checks and bundles into a host project', async () => {
  // Generate the package afresh from the built files, then pack it.
  const pkgDir = path.join(tmp, 'pkg');
  let r = run(process.execPath, [path.join(ROOT, 'scripts', 'npm-package.mjs'), '--out', pkgDir], ROOT);
  assert.ok(r.ok, r.out);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.dependencies, undefined, 'no runtime dependencies');
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.equal(pkg.types, './agreement-guide.d.ts');
  for (const key of ['.', './agreement-guide.css', './agreement-guide-card.css', './wasm']) assert.ok(pkg.exports[key], `exports ${key}`);
  // The pre-rendered card's stylesheet the README points hosts at: its rules, and the element's tokens in front.
  const cardCss = readFileSync(path.join(pkgDir, 'agreement-guide-card.css'), 'utf8');
  assert.match(cardCss, /\.ag-prerender \.agp-figure \{/);
  assert.match(cardCss, /--_border: var\(--ag-border, /);
  assert.match(readFileSync(path.join(pkgDir, 'README.md'), 'utf8'), /agreement-guide-card\.css/);

  r = run('npm', ['pack', pkgDir, '--pack-destination', tmp, '--json', '--silent'], tmp);
  assert.ok(r.ok, r.out);
  [packed] = JSON.parse(r.out.slice(r.out.indexOf('[')));
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(
    files,
    // The compiled guides' files (content-hashed names) as the build wrote them.
    ['LICENSE', 'README.md', 'agreement-guide-card.css', 'agreement-guide-classroom.js', 'agreement-guide-explore.js', 'agreement-guide-words-zh.js', 'agreement-guide.css', 'agreement-guide.d.ts', 'agreement-guide.js', 'custom-elements.json', 'package.json', 'pkg-reader/agreement_guide_reader.d.ts', 'pkg-reader/agreement_guide_reader.js', 'pkg-reader/agreement_guide_reader_bg.wasm', 'pkg/agreement_guide.d.ts', 'pkg/agreement_guide.js', 'pkg/agreement_guide_bg.wasm', 'scenarios/schema.json', 'scenarios/us-china-2015.json', 'scenarios/wto-disputes.json', 'types/contract.d.ts', 'types/engine.d.ts']
      .concat(readdirSync(path.join(ROOT, 'www/scenarios')).filter((f) => f.endsWith('.bin') || f.endsWith('.bin.gz') || f.endsWith('.compiled.json')).map((f) => `scenarios/${f}`))
      .sort(),
  );
  console.log(`# ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
  for (const f of packed.files) console.log(`#   ${f.path.padEnd(30)} ${f.size}`);

  // A host project installs the tarball with no network.
  const host = path.join(tmp, 'host');
  mkdirSync(host);
  writeFileSync(path.join(host, 'package.json'), JSON.stringify({ name: 'host', version: '1.0.0', private: true, type: 'module' }));
  r = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(tmp, packed.filename)], host);
  assert.ok(r.ok, r.out);
  assert.deepEqual(readdirSync(path.join(host, 'node_modules')).filter((d) => !d.startsWith('.')), ['agreement-guide'], 'nothing else installed');

  // tsc --noEmit (one run for all files) under each module resolution a host may use, with the
  // package's own declarations checked too (skipLibCheck: false; with true, an error in them
  // would leave its types silently `any`): the host files pass; the wrong one fails on its
  // three mistakes and nothing else. The two runs go side by side.
  writeFileSync(path.join(host, 'host.ts'), HOST_TS);
  writeFileSync(path.join(host, 'engine.ts'), ENGINE_TS);
  writeFileSync(path.join(host, 'bad.ts'), BAD_TS);
  const resolutions = { bundler: 'esnext', nodenext: 'nodenext' };
  const outputs = await Promise.all(
    Object.entries(resolutions).map(([moduleResolution, module]) => {
      const config = `tsconfig.${moduleResolution}.json`;
      writeFileSync(
        path.join(host, config),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module, moduleResolution, lib: ['es2022', 'dom'], types: [] }, files: ['host.ts', 'engine.ts', 'bad.ts'] }),
      );
      return new Promise((resolve) => execFile(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: host }, (_, stdout, stderr) => resolve(`${stdout}${stderr}`)));
    }),
  );
  for (const [i, moduleResolution] of Object.keys(resolutions).entries()) {
    const errors = [...outputs[i].matchAll(/^(\S+\(\d+,\d+\)): error (TS\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(
      errors,
      ['bad.ts(3,9) TS2322', 'bad.ts(7,1) TS2322', 'bad.ts(9,45) TS2551'],
      `tsc, moduleResolution ${moduleResolution}: host.ts, engine.ts and the package's declarations are clean; bad.ts fails on its three mistakes:\n${outputs[i]}`,
    );
  }
});

test('the bundled host page plays a run to an ending under a strict CSP; types and manifest match the element', async () => {
  assert.ok(packed, 'the package was installed (previous test)');
  const host = path.join(tmp, 'host');
  const out = path.join(host, 'dist');
  await build({ entryPoints: [path.join(host, 'host.ts')], bundle: true, format: 'esm', target: 'es2022', outfile: path.join(out, 'host.js'), absWorkingDir: host, logLevel: 'silent' });
  // The element's own files, beside the bundle: the package's README's line for esbuild.
  const copy = 'cp -r node_modules/agreement-guide/{pkg,pkg-reader,scenarios,agreement-guide.css,agreement-guide-*.js} dist/';
  assert.ok(readFileSync(path.join(host, 'node_modules', 'agreement-guide', 'README.md'), 'utf8').includes(copy), "the package's README gives the copy line");
  const r = run('bash', ['-c', copy], host);
  assert.ok(r.ok, r.out);
  writeFileSync(
    path.join(out, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}"><title>host</title><script type="module" src="host.js"></script></head><body><main></main></body></html>`,
  );
  writeFileSync(path.join(out, 'favicon.ico'), ''); // the browser asks for one
  const bundled = readFileSync(path.join(out, 'host.js'), 'utf8');
  assert.ok(bundled.includes('agreement-guide-urlchange') && !/from\s*["']agreement-guide["']/.test(bundled), 'the element is inside the host\'s bundle');

  server = await env.serve(out);
  const page = await browser.newPage();
  const watch = watchPage(page);
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => typeof window.mount === 'function');
  // A path to an ending, from the packaged core itself.
  const w = await page.evaluate(async () => {
    const m = await import('/pkg/agreement_guide.js');
    await m.default();
    const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 0);
    const found = g.witnesses(200000).find((x) => x.choices);
    g.free();
    return found;
  });
  assert.ok(w, 'the core found a path to an ending');
  assert.equal(await page.evaluate((seed) => window.isGuide(window.mount(seed)), w.seed), true);
  await page.locator('.ag[data-state="ready"]').waitFor({ timeout: 15_000 });
  for (const [i, id] of w.choices.entries()) {
    await page.locator(`[data-choice-id="${id}"]`).click();
    await page.locator(`.ag[data-step="${i + 1}"]`).waitFor();
  }
  await page.waitForFunction(() => document.body.dataset.ending);
  assert.equal(await page.evaluate(() => document.body.dataset.ending), w.ending);
  await page.waitForFunction(() => window.seen['agreement-guide-urlchange']?.length);
  const seen = await page.evaluate(() => window.seen);
  const proto = await page.evaluate(() => {
    const C = customElements.get('agreement-guide');
    // The element's members, its own and those of its classes up to HTMLElement (its attributes are a base class's).
    const own = [];
    for (let p = C.prototype; p && p !== HTMLElement.prototype; p = Object.getPrototypeOf(p)) own.push(...Object.getOwnPropertyNames(p));
    return { observed: C.observedAttributes, own: [...new Set(own)], statics: Object.getOwnPropertyNames(C) };
  });
  watch.assertClean();

  // ── the declarations against what the element dispatched ──
  const dts = ts.createSourceFile('agreement-guide.d.ts', readFileSync(path.join(host, 'node_modules', 'agreement-guide', 'agreement-guide.d.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map();
  let klass;
  dts.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
    if (ts.isClassDeclaration(n)) klass = n;
  });
  const eventMap = interfaces.get('AgreementGuideEventMap');
  const declared = {};
  for (const m of eventMap.members) {
    const detailType = m.type.typeArguments[0].typeName.text;
    const fields = interfaces.get(detailType).members.map((f) => ({ name: f.name.text, optional: !!f.questionToken }));
    declared[m.name.text] = fields;
  }
  assert.deepEqual(Object.keys(seen).sort(), Object.keys(declared).sort(), 'every declared event was dispatched, and no other');
  for (const [type, keysList] of Object.entries(seen)) {
    const fields = declared[type];
    const required = fields.filter((f) => !f.optional).map((f) => f.name).sort();
    for (const keys of keysList) {
      assert.deepEqual(keys.filter((k) => required.includes(k)).sort(), required, `${type}: every required field of its declared detail is dispatched`);
      assert.deepEqual(keys.filter((k) => !fields.some((f) => f.name === k)), [], `${type}: no undeclared field in its detail`);
    }
  }

  // ── the declarations and the manifest against the element ──
  const lifecycle = new Set(['constructor', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback']);
  const members = proto.own.filter((n) => !lifecycle.has(n)).sort();
  const statics = proto.statics.filter((n) => !['length', 'name', 'prototype'].includes(n)).sort();
  const classMembers = klass.members.filter((m) => m.name);
  const isStatic = (m) => m.modifiers?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword);
  assert.deepEqual([...new Set(classMembers.filter((m) => !isStatic(m)).map((m) => m.name.text))].filter((n) => !/EventListener$/.test(n)).sort(), members, 'the d.ts class declares each instance property and method');
  assert.deepEqual(classMembers.filter(isStatic).map((m) => m.name.text).sort(), statics, 'and each static one');

  const cem = JSON.parse(readFileSync(path.join(host, 'node_modules', 'agreement-guide', 'custom-elements.json'), 'utf8'));
  const decl = cem.modules[0].declarations.find((d) => d.tagName === 'agreement-guide');
  assert.deepEqual(decl.attributes.map((a) => a.name).sort(), [...proto.observed, 'theme'].sort(), 'manifest attributes: what the element observes, and theme (read by its CSS)');
  assert.deepEqual(decl.members.filter((m) => !m.static).map((m) => m.name).sort(), members, 'manifest members: the element\'s own');
  assert.deepEqual(decl.members.filter((m) => m.static).map((m) => m.name).sort(), statics);
  assert.deepEqual(decl.events.map((e) => e.name).sort(), Object.keys(declared).sort(), 'manifest events: the declared ones');
  for (const e of decl.events) assert.match(e.type.text, /^CustomEvent<AgreementGuide\w+Detail>$/);

  // The element's hand-written modules (www/element/; the files in www/ are built from them, minified).
  const elementDir = path.join(WWW, 'element');
  const source = readdirSync(elementDir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(elementDir, f), 'utf8')).join('\n')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line)) // code, not comments
    .join('\n');
  const parts = new Set([...source.matchAll(/\bpart: '([^']+)'/g)].flatMap((m) => m[1].split(/\s+/)));
  assert.deepEqual(decl.cssParts.map((p) => p.name).sort(), [...parts].sort(), 'manifest CSS parts: every part the element renders');
  const css = readFileSync(path.join(WWW, 'agreement-guide.css'), 'utf8');
  const props = new Set([...css.matchAll(/var\((--ag-[a-z0-9-]+)/g)].map((m) => m[1]));
  assert.deepEqual(decl.cssProperties.map((p) => p.name).sort(), [...props].sort(), 'manifest custom properties: every --ag-* the stylesheet reads');
  await page.close();
});
