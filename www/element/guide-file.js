// @ts-check
// A compiled guide's language file as it crosses the network. `agreement-guide
// compile` writes each `<id>.<lang>.<hash>.bin` twice: as it is and
// gzip-compressed (`….bin.gz`, named in the manifest's `gzip`), so a reader
// moves the compressed size from any static host — one that compresses nothing
// (`python3 -m http.server`), or nothing typed `application/octet-stream`, as
// most CDNs. The browser's own DecompressionStream decodes it: no inflate code
// of ours on the reader's path. A browser without it fetches the file as it is.

/** Whether this browser can decode gzip itself. */
const canGunzip = () => typeof DecompressionStream === 'function';

/**
 * The manifest with each language's file swapped for its gzip-compressed copy,
 * when the manifest names one and this browser can decode it; else as it is.
 * @template {{ files: Record<string, string>, gzip?: unknown }} M
 * @param {M} manifest
 * @returns {M}
 */
export function preferCompressed(manifest) {
  const gzip = /** @type {Record<string, unknown> | null | undefined} */ (manifest.gzip);
  if (!canGunzip() || !gzip || typeof gzip !== 'object' || Array.isArray(gzip)) return manifest;
  const files = { ...manifest.files };
  for (const [lang, name] of Object.entries(gzip)) if (typeof name === 'string' && name && files[lang]) files[lang] = name;
  return { ...manifest, files };
}

/**
 * A guide file's bytes from its response, gunzipped when they are gzip. Told by
 * their first two bytes (1f 8b), not by the name: a server that sends a `.gz`
 * with `Content-Encoding: gzip` (Apache's `AddEncoding`) has the browser decode
 * it already, and a compiled file starts with "AGGC".
 * @param {Response} res
 * @returns {Promise<Uint8Array>}
 */
export async function guideBytes(res) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || !canGunzip()) return bytes;
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(inflated).arrayBuffer());
  } catch {
    // Cut short or altered: handed on as it came, so the reader runtime refuses it
    // as a damaged guide file, named (not as a network failure).
    return bytes;
  }
}
