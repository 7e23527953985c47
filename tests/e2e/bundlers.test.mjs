// Any bundler, zero configuration: the npm package as a newsroom's build
// meets it. The built package (scripts/npm-package.mjs) is packed, and each
// scratch app installs the tarball with no network and holds only
// `import 'agreement-guide'` and `<agreement-guide></agreement-guide>`; then,
// run the way npm/README.md says (each command is checked to be there):
//
//   vite build     served by the project's static server, under the strict CSP
//   vite (dev)     its dev server (the dep optimizer follows the element's URLs)
//   webpack        no config file: the CLI's defaults (./src/index.js → ./dist/main.js)
//   esbuild        --format=esm, and the package's files copied beside the bundle
//
// and each page plays the default guide to a clicked choice, styled by
// agreement-guide.css, then switches to Chinese and opens the Explore panel
// (so every file the element may load is found), with no 404 and no console
// error. It prints the bytes a reader moves in each up to the first choice.
// Then: a Vite build that inlines every file as a data: URL still plays; a
// page that names its own files in AGREEMENT_GUIDE_ASSETS in the module that
// imports the element gets them (its stylesheet too), with a console warning
// for a name the element does not know; and a guide that cannot be opened
// (no address, a data: manifest) ends in the error panel.
//
// Run after `npm run build`:  node --test tests/e2e/bundlers.test.mjs  (about 30 s)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { inBrowser, ROOT } from './helpers.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const BIN = path.join(ROOT, 'node_modules', '.bin');
const README = readFileSync(path.join(ROOT, 'npm', 'README.md'), 'utf8');

// The commands npm/README.md gives a host (run here from the project's own node_modules).
const COMMANDS = {
  vite: 'vite build',
  viteDev: 'vite',
  webpack: 'webpack',
  esbuild: 'esbuild src/index.js --bundle --format=esm --minify --outdir=dist',
  esbuildCopy: 'cp -r node_modules/agreement-guide/{pkg,pkg-reader,scenarios,agreement-guide.css,agreement-guide-*.js} dist/',
};

const env = inBrowser({ server: false });
const { browser } = env;
let tmp;
let tarball;
/** Bytes a reader moved up to the first choice, by host (printed at the end). */
const moved = {};

/** Runs a command line in `cwd` with the project's bundlers on the PATH; fails with its output. */
function sh(line, cwd) {
  const r = spawnSync('bash', ['-c', line], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${BIN}:${process.env.PATH}`, NO_COLOR: '1' } });
  assert.equal(r.status, 0, `${line} (in ${cwd}):\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** A scratch host app: package.json, the tarball installed offline, and the given files. */
function app(name, files) {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `host-${name}`, version: '1.0.0', private: true, type: 'module' }));
  sh(`npm install --offline --no-audit --no-fund ${tarball}`, dir);
  for (const [file, text] of Object.entries({ 'src/index.js': "import 'agreement-guide';\n", ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A host page holding the element; `head` is what loads the bundle. (Under the CSP, the browser's favicon.ico request finds an empty file.) */
const page = ({ head, csp = true, body = '<agreement-guide></agreement-guide>' }) =>
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  ${csp ? `<meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}">` : '<link rel="icon" href="data:,">'}
  <title>host</title>
  ${head}
</head>
<body><main>${body}</main></body>
</html>
`;

/**
 * Opens `url` and plays the default guide to a clicked choice, checks a style from
 * agreement-guide.css, then (unless `explore` is false) switches to Chinese and opens the
 * Explore panel. Fails on any response ≥ 400, console error or CSP violation. Returns the
 * bytes moved up to the first choice (headers and bodies) and the files fetched.
 */
async function play(host, url, { explore = true } = {}) {
  const { page: p, watch } = await env.newPage();
  const failed = [];
  const sizes = [];
  p.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  p.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => ({ url: r.url(), bytes: s.responseBodySize + s.responseHeadersSize }))));
  await p.goto(url);
  await p.locator('.ag[data-state="ready"]').waitFor({ timeout: 20_000 });
  // Styled: rules of agreement-guide.css, in the shadow root.
  const style = await p.locator('.ag-choice').first().evaluate((e) => {
    const s = getComputedStyle(e);
    return { display: s.display, minHeight: s.minHeight, container: getComputedStyle(e.closest('.ag')).containerType };
  });
  assert.deepEqual(style, { display: 'flex', minHeight: '44px', container: 'inline-size' }, `${host}: the stylesheet applies`);
  const heading = await p.locator('[data-focus-target]').textContent();
  await p.locator('[data-choice-id]:not([aria-disabled])').first().click();
  await p.locator('.ag[data-step="1"]').waitFor();
  assert.notEqual(await p.locator('[data-focus-target]').textContent(), heading, `${host}: the choice moved the guide on`);
  const files = await Promise.all(sizes.splice(0));
  if (explore) {
    await p.locator('[data-action="language"][data-lang="zh"]').click();
    await p.locator('.ag[lang="zh"][data-state="ready"]').waitFor();
    await p.locator('[data-action="explore"]').click();
    await p.locator('[data-explore="odds-table"]').waitFor({ state: 'attached', timeout: 20_000 });
  }
  await Promise.all(sizes);
  assert.deepEqual(failed, [], `${host}: no request failed`);
  await watch.assertClean(`${host}: the page reported problems`);
  await p.close();
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  moved[host] = { bytes, files: files.length };
  console.log(`# ${host}: ${bytes} bytes in ${files.length} responses up to the first choice`);
  for (const f of files) console.log(`#   ${String(f.bytes).padStart(7)}  ${new URL(f.url).pathname}`);
  return { bytes, files };
}

/** A free port on 127.0.0.1 (for the Vite dev server, which is told its port). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

before(() => {
  tmp = env.tmpDir('agreement-guide-bundlers-');
  for (const [name, line] of Object.entries(COMMANDS)) {
    assert.ok(README.includes(name === 'esbuildCopy' ? line : `npx ${line}`), `npm/README.md gives the command the test runs (${name}): ${line}`);
  }
  // The package, generated afresh from the built files, packed.
  const pkg = path.join(tmp, 'pkg');
  sh(`node ${JSON.stringify(path.join(ROOT, 'scripts', 'npm-package.mjs'))} --out ${JSON.stringify(pkg)}`, ROOT);
  const out = sh(`npm pack ${JSON.stringify(pkg)} --pack-destination ${JSON.stringify(tmp)} --silent`, tmp).trim().split('\n').pop();
  tarball = path.join(tmp, out);
  assert.ok(existsSync(tarball), tarball);
});

after(() => {
  if (Object.keys(moved).length) console.log(`# bytes up to the first choice: ${Object.entries(moved).map(([h, m]) => `${h} ${m.bytes}`).join(', ')}`);
});

test('vite build: the default guide plays, styled, under the strict CSP; every file is the build\'s own', async () => {
  const dir = app('vite', { 'index.html': page({ head: '<script type="module" src="/src/index.js"></script>' }), 'public/favicon.ico': '' });
  sh(COMMANDS.vite, dir);
  const assets = readdirSync(path.join(dir, 'dist', 'assets'));
  // The build copied (and renamed) what the element loads; nothing is left to copy by hand.
  for (const f of [/^agreement_guide_reader-.*\.js$/, /^agreement_guide_reader_bg-.*\.wasm$/, /^agreement_guide_bg-.*\.wasm$/, /^agreement-guide-.*\.css$/, /^agreement-guide-explore-.*\.js$/, /^agreement-guide-classroom-.*\.js$/, /^us-china-2015\.en\./, /^us-china-2015-.*\.json$/]) {
    assert.ok(assets.some((a) => f.test(a)), `dist/assets has ${f} (${assets.join(', ')})`);
  }
  const server = await env.serve(path.join(dir, 'dist'));
  await play('vite build', `${server.url}index.html`);
});

test('vite dev server: the default guide plays, styled, with no optimizeDeps option', async () => {
  const dir = path.join(tmp, 'vite');
  assert.ok(existsSync(dir), 'the vite app (previous test)');
  const port = await freePort();
  const dev = spawn(path.join(BIN, 'vite'), ['--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  try {
    await new Promise((resolve, reject) => {
      const seen = (chunk) => {
        log += chunk;
        if (log.includes(`127.0.0.1:${port}`)) resolve();
      };
      dev.stdout.on('data', seen);
      dev.stderr.on('data', seen);
      dev.on('exit', (code) => reject(new Error(`vite exited (${code}):\n${log}`)));
    });
    await play('vite dev', `http://127.0.0.1:${port}/`);
  } finally {
    dev.kill();
  }
  assert.doesNotMatch(log, /error|Failed to resolve/i, `vite's log:\n${log}`);
});

test('webpack 5 with no config file: the default guide plays, styled, under the strict CSP', async () => {
  const dir = app('webpack', { 'dist/index.html': page({ head: '<script defer src="main.js"></script>' }), 'dist/favicon.ico': '' });
  const out = sh(COMMANDS.webpack, dir);
  assert.doesNotMatch(out, /Critical dependency|ERROR/, `webpack's output:\n${out}`);
  const server = await env.serve(path.join(dir, 'dist'));
  await play('webpack', `${server.url}index.html`);
});

test('esbuild: the default guide plays, styled, under the strict CSP, with the package\'s files beside the bundle', async () => {
  const dir = app('esbuild', {
    'dist/index.html': page({ head: '<script type="module" src="index.js"></script>' }),
    'dist/favicon.ico': '',
    // A page that serves the stylesheet from elsewhere, named in the module that imports the element.
    'src/moved.js': "import 'agreement-guide';\nglobalThis.AGREEMENT_GUIDE_ASSETS = { css: '/moved/guide.css', fragment: '/nothing.js' };\n",
    'dist/moved.html': page({ head: '<script type="module" src="moved.js"></script>' }),
  });
  sh(COMMANDS.esbuild, dir);
  sh(COMMANDS.esbuildCopy, dir);
  const server = await env.serve(path.join(dir, 'dist'));
  await play('esbuild', `${server.url}index.html`);

  // AGREEMENT_GUIDE_ASSETS set in the same module as the import: the element's stylesheet comes
  // from the page's address (and only from there), and the unknown name is reported.
  sh(COMMANDS.esbuild.replace('src/index.js', 'src/moved.js'), dir);
  mkdirSync(path.join(dir, 'dist', 'moved'));
  writeFileSync(path.join(dir, 'dist', 'moved', 'guide.css'), readFileSync(path.join(dir, 'dist', 'agreement-guide.css')));
  const { page: p, watch } = await env.newPage();
  const css = [];
  const warnings = [];
  p.on('request', (r) => r.url().endsWith('.css') && css.push(new URL(r.url()).pathname));
  p.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await p.goto(`${server.url}moved.html`);
  await p.locator('.ag[data-state="ready"]').waitFor({ timeout: 20_000 });
  assert.equal(await p.locator('.ag-choice').first().evaluate((e) => getComputedStyle(e).display), 'flex', 'styled');
  assert.deepEqual(css, ['/moved/guide.css'], 'the stylesheet from the page\'s address only');
  // The names the warning lists are the ones the declarations give.
  const dts = readFileSync(path.join(tmp, 'pkg', 'agreement-guide.d.ts'), 'utf8');
  const declared = dts.match(/type AgreementGuideAssetName = ([^;]+);/)[1].match(/'([\w-]+)'/g).map((s) => s.slice(1, -1));
  assert.deepEqual(warnings, [`agreement-guide: AGREEMENT_GUIDE_ASSETS.fragment is not one of its files, so it is ignored (its files: ${declared.join(', ')})`]);
  for (const name of declared) assert.match(README, new RegExp(`\`${name}\``), `npm/README.md documents ${name}`);
  await watch.assertClean();
  await p.close();
});

test('a guide that cannot be opened ends in the error panel; a data: manifest with full addresses plays', async () => {
  const dir = path.join(tmp, 'esbuild');
  assert.ok(existsSync(path.join(dir, 'dist', 'index.js')), 'the esbuild app (previous test)');
  const server = await env.serve(path.join(dir, 'dist'));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'dist', 'scenarios', 'us-china-2015.compiled.json'), 'utf8'));
  const dataUrl = (m) => `data:application/json,${encodeURIComponent(JSON.stringify(m))}`;
  const absolute = { ...manifest, files: Object.fromEntries(Object.entries(manifest.files).map(([l, f]) => [l, `${server.url}scenarios/${f}`])), json: `${server.url}scenarios/us-china-2015.json` };
  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writeFileSync(
    path.join(dir, 'dist', 'errors.html'),
    page({
      csp: false, // a data: manifest is fetched: the strict CSP's connect-src would refuse it
      head: '<script type="module" src="index.js"></script>',
      body: [
        '<agreement-guide id="bad-url" src="http://[" hash-key="a"></agreement-guide>',
        `<agreement-guide id="inlined" src="${attr(dataUrl(manifest))}" hash-key="b"></agreement-guide>`,
        `<agreement-guide id="absolute" src="${attr(dataUrl(absolute))}" hash-key="c"></agreement-guide>`,
      ].join('\n'),
    }),
  );
  const { page: p, watch } = await env.newPage();
  await p.goto(`${server.url}errors.html`);
  const state = (id) => p.locator(`#${id} .ag:is([data-state="error"], [data-state="ready"])`);
  for (const id of ['bad-url', 'inlined', 'absolute']) await state(id).waitFor({ timeout: 20_000 });
  assert.equal(await p.locator('#bad-url .ag').getAttribute('data-state'), 'error');
  assert.match(await p.locator('#bad-url .ag-error').textContent(), /Something went wrong while opening the guide: .*Invalid URL/);
  assert.equal(await p.locator('#inlined .ag').getAttribute('data-state'), 'error');
  assert.match(await p.locator('#inlined .ag-error').textContent(), /came as a data: URL, so the files it names cannot be found/);
  assert.equal(await p.locator('#absolute .ag').getAttribute('data-state'), 'ready', 'a data: manifest naming its files in full plays');
  await p.locator('#absolute [data-choice-id]:not([aria-disabled])').first().click();
  await p.locator('#absolute .ag[data-step="1"]').waitFor();
  await watch.assertClean();
  await p.close();
});

test('vite build with every file inlined as a data: URL (assetsInlineLimit): the guide still plays and explores', async () => {
  const dir = path.join(tmp, 'vite');
  assert.ok(existsSync(dir), 'the vite app (first test)');
  writeFileSync(path.join(dir, 'vite.config.js'), "export default { build: { assetsInlineLimit: 1e9, outDir: 'dist-inline' } };\n");
  sh('vite build', dir);
  assert.deepEqual(readdirSync(path.join(dir, 'dist-inline', 'assets')).filter((f) => !f.endsWith('.js')), [], 'nothing but the bundle: every file is inlined');
  writeFileSync(path.join(dir, 'dist-inline', 'index.html'), readFileSync(path.join(dir, 'dist-inline', 'index.html'), 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
  const server = await env.serve(path.join(dir, 'dist-inline'));
  await play('vite build, all inlined', `${server.url}index.html`);
});
