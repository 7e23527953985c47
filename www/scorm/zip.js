// @ts-check
// A zip writer, for the guide editor's SCORM downloads (www/scorm/package.js).
//
// Why our own and not a library: the compression itself is the browser's
// (CompressionStream('deflate-raw'), in every current engine), so what is
// left is the container — one header per file, a directory and an end record
// (PKWARE's APPNOTE, sections 4.3.7, 4.3.12 and 4.3.16), about 80 lines. The
// zip libraries on npm bring their own deflate (jszip: 95 KB minified, as a
// UMD script), and the author page is served as the ES modules it is written
// in, with no build step to bring one in. The CLI writes the same package
// with the `zip` crate (src/bin/agreement-guide/scorm.rs); the E2E test reads
// both and plays them under a SCORM runtime.

/** @type {Uint32Array | null} */
let table = null;

/**
 * CRC-32 (the zip's, IEEE 802.3) of `bytes`.
 * @param {Uint8Array} bytes
 */
export function crc32(bytes) {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** @param {Uint8Array<ArrayBuffer>} bytes */
async function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** MS-DOS date of 1980-01-01, time 00:00 — no timestamps, as the CLI writes (the same bytes for the same files). */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8 = 0x0800;

/**
 * A zip of `files` (paths `/`-separated, in this order), each deflated
 * unless that would make it larger.
 * @param {{ path: string, bytes: Uint8Array<ArrayBuffer> }[]} files
 * @returns {Promise<Blob>}
 */
export async function zip(files) {
  /** @type {BlobPart[]} */
  const parts = [];
  /** @type {Uint8Array<ArrayBuffer>[]} */
  const directory = [];
  let offset = 0;
  for (const { path, bytes } of files) {
    const name = new TextEncoder().encode(path);
    const crc = crc32(bytes);
    const deflated = await deflateRaw(bytes);
    const stored = deflated.length >= bytes.length;
    const data = stored ? bytes : deflated;
    const method = stored ? 0 : 8;

    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true); // local file header signature
    local.setUint16(4, 20, true); // version needed to extract: 2.0 (deflate)
    local.setUint16(6, UTF8, true);
    local.setUint16(8, method, true);
    local.setUint16(10, 0, true); // time
    local.setUint16(12, DOS_DATE, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, bytes.length, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true); // extra field length
    parts.push(local.buffer, name, data);

    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true); // central directory header signature
    central.setUint16(4, (3 << 8) | 20, true); // made by: Unix, 2.0 (so the permissions below are read)
    central.setUint16(6, 20, true);
    central.setUint16(8, UTF8, true);
    central.setUint16(10, method, true);
    central.setUint16(12, 0, true);
    central.setUint16(14, DOS_DATE, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, data.length, true);
    central.setUint32(24, bytes.length, true);
    central.setUint16(28, name.length, true);
    // 30: extra, 32: comment, 34: disk, 36: internal attributes — all 0
    central.setUint32(38, (0o100644 << 16) >>> 0, true); // a regular file, rw-r--r--
    central.setUint32(42, offset, true);
    directory.push(new Uint8Array(central.buffer), name);

    offset += 30 + name.length + data.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true); // end of central directory signature
  end.setUint16(8, files.length, true); // entries on this disk
  end.setUint16(10, files.length, true); // entries
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...directory, end.buffer], { type: 'application/zip' });
}
