// A small static file server for www/ — development and tests only.
//   node scripts/serve.mjs            → http://127.0.0.1:8080/  (PORT to change)
//   import { startServer } from './serve.mjs'  → await startServer({ port: 0 })
// No dependencies, GET/HEAD only, never serves outside its root, never caches.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ROOT = path.join(ROOT, 'www');

// application/wasm matters: without it WebAssembly.instantiateStreaming fails
// and wasm-bindgen falls back to a slower path with a console warning.
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Starts serving `root` on 127.0.0.1:`port` (0 picks a free port).
 * Resolves to { server, port, url, close() }; `url` ends with '/'.
 */
export async function startServer({ port = 8080, root = DEFAULT_ROOT, host = '127.0.0.1', log = false } = {}) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${status} ${body}\n`);
      if (log) console.log(status, req.method, req.url);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let rel;
    try {
      // The raw path, not new URL(...).pathname, which would quietly drop '..'.
      rel = decodeURIComponent(req.url.split(/[?#]/, 1)[0]);
      if (!rel.startsWith('/')) throw new Error('not an origin-form path');
    } catch {
      return send(400, 'bad request');
    }
    // Resolve without normalising first, so /../ and %2e%2e/ are refused, not clamped.
    let file = path.resolve(base, '.' + rel);
    if (rel.includes('\0') || (file !== base && !file.startsWith(base + path.sep))) return send(403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      if (!info.isFile()) return send(404, 'not found');
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // The widget's files may be loaded from another origin: by a page on a
        // news site, or by embed.html in an iframe sandboxed without
        // allow-same-origin (an opaque origin, so its module scripts, wasm and
        // guide fetches are all CORS requests). A host serving www/ must send this too.
        'access-control-allow-origin': '*',
      });
      if (log) console.log(200, req.method, req.url);
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer({ port: Number(process.env.PORT ?? 8080), log: !!process.env.LOG });
  console.log(`serving ${path.relative(ROOT, DEFAULT_ROOT)}/ at ${url}  (Ctrl-C to stop)`);
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
