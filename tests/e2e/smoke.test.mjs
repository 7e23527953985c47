// First light: the static server behaves, and the built wasm module loads in
// Chromium from the server's origin and exports the `Guide` handle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeInBrowser, startServer, gotoBlank } from './helpers.mjs';

/** A raw GET (the path is sent as written, unlike fetch(), which normalises '..'). */
function rawGet(port, pathname) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] }));
      })
      .on('error', reject);
  });
}

test('the dev server serves the right MIME types, 404s, and refuses to leave its root', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-serve-'));
  const root = path.join(tmp, 'www');
  mkdirSync(path.join(root, 'pkg'), { recursive: true });
  const files = {
    'index.html': 'text/html',
    'a.js': 'text/javascript',
    'a.mjs': 'text/javascript',
    'a.css': 'text/css',
    'a.json': 'application/json',
    'pkg/a.wasm': 'application/wasm',
  };
  for (const f of Object.keys(files)) writeFileSync(path.join(root, f), 'x');
  writeFileSync(path.join(tmp, 'secret.txt'), 'outside the root');
  const server = await startServer({ port: 0, root });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (const [f, type] of Object.entries(files)) {
      const res = await rawGet(server.port, `/${f}`);
      assert.equal(res.status, 200, f);
      assert.equal(res.type.split(';')[0], type, f);
    }
    assert.equal((await rawGet(server.port, '/')).type.split(';')[0], 'text/html');
    assert.equal((await rawGet(server.port, '/missing.js')).status, 404);
    for (const evil of ['/../secret.txt', '/%2e%2e/secret.txt', '/pkg/..%2f..%2fsecret.txt']) {
      assert.equal((await rawGet(server.port, evil)).status, 403, evil);
    }
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});

describeInBrowser('in Chromium', ({ server, newPage }) => {
  test('the wasm module initialises in a served page and exports Guide', async () => {
    const { page, watch } = await newPage();
    const wasmTypes = [];
    page.on('response', (res) => {
      if (res.url().endsWith('.wasm')) wasmTypes.push(res.headers()['content-type']);
    });

    await gotoBlank(page, server.url);
    const exports = await page.evaluate(async () => {
      const m = await import('/pkg/agreement_guide.js');
      await m.default();
      return Object.keys(m);
    });

    assert.ok(exports.includes('default'), `exports: ${exports.join(', ')}`);
    assert.ok(exports.includes('Guide'), `no Guide export; exports: ${exports.join(', ')}`);
    assert.deepEqual(wasmTypes, ['application/wasm'], 'the .wasm is fetched once, as application/wasm');
    await watch.assertClean();
    await page.close();
  });

  test('the shared harness catches what a page reports: a CSP violation and a console error', async () => {
    const { page, watch } = await newPage();
    const url = `${server.url}__csp-probe__.html`;
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; style-src 'self'; img-src data:" },
        body: '<!doctype html><html lang="en"><meta charset="utf-8"><title>probe</title><link rel="icon" href="data:,"><body><p style="color: red">styled inline</p></body></html>',
      }),
    );
    await page.goto(url);
    await page.waitForFunction(() => window.__violations?.length > 0);
    assert.deepEqual(await watch.cspViolations(), ['style-src-attr inline'], 'the blocked inline style is recorded');
    await assert.rejects(watch.assertClean(), /CSP|consoleErrors/, 'assertClean fails on it');
    await page.close();
  });
});
