// What a reader's first load moves for the guide file from a plain static
// host: scripts/serve.mjs, which compresses nothing (as `python3 -m
// http.server`); a CDN-like server that gzips text types but, as most do, not
// `application/octet-stream`; and one that sends `.gz` files with
// `Content-Encoding: gzip` (Apache's AddEncoding), so the browser has already
// decoded it. The element fetches the compressed file the build writes and
// decodes it itself (www/element/guide-file.js); without DecompressionStream it
// fetches the file as it is. Bytes are the browser's own count of each
// response's body as it crossed the network.
//
// Run after `npm run build`:  node --test tests/e2e/static-host.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import path from 'node:path';
import { MIME } from '../../scripts/serve.mjs';
import { describeInBrowser, WWW, ready, chooseFirst, step, gotoBlank } from './helpers.mjs';

const LIMIT = 16 * 1024;
const MANIFEST = JSON.parse(readFileSync(path.join(WWW, 'scenarios', 'us-china-2015.compiled.json'), 'utf8'));
const isGuideFile = (url) => new URL(url).pathname.startsWith('/scenarios/us-china-2015.en.');

/**
 * A static server for www/ with a compression policy, as hosts have them:
 * `compress(type)` says which types it gzips on the fly; `gzAsEncoding` sends a
 * `.gz` file as its inner type with `Content-Encoding: gzip`.
 */
async function staticServer({ compress = () => false, gzAsEncoding = false } = {}) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(WWW, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    let size;
    try {
      size = statSync(file).size;
    } catch {
      return res.writeHead(404).end();
    }
    const gz = file.endsWith('.gz');
    const ext = path.extname(gz && gzAsEncoding ? file.slice(0, -3) : file);
    const type = gz && !gzAsEncoding ? 'application/gzip' : MIME[ext] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (gz && gzAsEncoding) headers['content-encoding'] = 'gzip';
    if (!gz && compress(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      return createReadStream(file).pipe(createGzip()).pipe(res);
    }
    res.writeHead(200, { ...headers, 'content-length': size });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

describeInBrowser('the guide file from a static host', (env) => {
  const { server, newPage } = env; // scripts/serve.mjs: no compression
  let cdn, apache;

  before(async () => {
    cdn = await staticServer({ compress: (type) => /^(text\/|application\/(json|javascript|wasm)|image\/svg)/.test(type) });
    apache = await staticServer({ gzAsEncoding: true });
  });
  after(() => Promise.all([cdn?.close(), apache?.close()]));

  /** Opens `embed.html` from `origin`, plays one step; returns the guide file's responses: { path, bytes, encoding }. */
  async function firstLoad(origin, what, { blank = false, noDecompressionStream = false } = {}) {
    const { page, watch } = await newPage();
    if (noDecompressionStream) await page.addInitScript(() => delete globalThis.DecompressionStream);
    const pending = [];
    page.on('requestfinished', (req) => {
      if (!isGuideFile(req.url())) return;
      pending.push(
        (async () => {
          const [sizes, res] = await Promise.all([req.sizes(), req.response()]);
          return { path: new URL(req.url()).pathname, bytes: sizes.responseBodySize, encoding: (await res.allHeaders())['content-encoding'] ?? null };
        })(),
      );
    });
    if (blank) await gotoBlank(page, origin, { body: '<agreement-guide src="scenarios/us-china-2015.compiled.json" lang="en" seed="3"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    else await page.goto(`${origin}embed.html?seed=3`);
    await ready(page);
    await chooseFirst(page);
    assert.equal(await step(page), 1, `${what}: the guide plays`);
    await watch.assertClean(what);
    const seen = await Promise.all(pending);
    await page.close();
    console.log(`# ${what}: ${seen.map((s) => `${s.path} ${s.bytes} B${s.encoding ? ` (${s.encoding})` : ''}`).join(', ')}`);
    return seen;
  }

  const gzFile = `/scenarios/${MANIFEST.gzip.en}`;
  const gzBytes = () => statSync(path.join(WWW, gzFile)).size;

  test('a server that compresses nothing moves the compressed file, under 16 KB, once', async () => {
    const seen = await firstLoad(server.url, 'no compression (scripts/serve.mjs)');
    assert.deepEqual(seen, [{ path: gzFile, bytes: gzBytes(), encoding: null }]);
    assert.ok(gzBytes() <= LIMIT, `${gzBytes()} B`);
    const raw = statSync(path.join(WWW, 'scenarios', MANIFEST.files.en)).size;
    console.log(`# the English guide file: ${raw} B as it is, ${gzBytes()} B gzip-compressed`);
  });

  test('a CDN-like server that gzips text types moves the same compressed file', async () => {
    const seen = await firstLoad(cdn.url, 'CDN-like (gzip for text, JSON, JS, wasm)');
    assert.deepEqual(seen, [{ path: gzFile, bytes: gzBytes(), encoding: null }]);
  });

  test('a server that sends .gz with Content-Encoding: gzip (decoded by the browser) still plays', async () => {
    const seen = await firstLoad(apache.url, 'Content-Encoding for .gz (Apache AddEncoding)');
    assert.deepEqual(seen, [{ path: gzFile, bytes: gzBytes(), encoding: 'gzip' }]);
  });

  test('a damaged compressed file ends in the error panel naming it, not in a hang', async () => {
    const { page, watch } = await newPage();
    const gz = readFileSync(path.join(WWW, gzFile));
    await page.route(`${server.url}scenarios/${MANIFEST.gzip.en}`, (route) => route.fulfill({ status: 200, contentType: 'application/gzip', body: gz.subarray(0, gz.length >> 1) }));
    await gotoBlank(page, server.url, { body: '<agreement-guide src="scenarios/us-china-2015.compiled.json" lang="en"></agreement-guide><script type="module" src="agreement-guide.js"></script>' });
    await ready(page, 'error');
    const text = (await page.locator('.ag-error').textContent()).trim();
    assert.ok(text.includes(gzFile), text);
    assert.match(text, /could not be read \(compiled guide: /, text);
    await watch.assertClean();
    await page.close();
  });

  test('a browser without DecompressionStream fetches the file as it is', async () => {
    const seen = await firstLoad(server.url, 'no DecompressionStream', { blank: true, noDecompressionStream: true });
    assert.deepEqual(seen.map((s) => s.path), [`/scenarios/${MANIFEST.files.en}`]);
  });
});
