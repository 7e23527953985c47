// Makes a Rust wasm module's panics trap at once, before wasm-opt runs
// (scripts/build.sh, for the reader runtime only):
//
//   node scripts/wasm-trap-panics.mjs <in.wasm> <out.wasm>
//
// Why: the reader runtime is built with `panic = "abort"`, so a panic already
// ends in a trap (`RuntimeError: unreachable`) and its message is never shown
// (wasm32-unknown-unknown has no stderr, and the reader runtime installs no
// panic hook). But std's panic handler still formats that message first, which
// keeps `core::fmt`, the panic hook machinery and their callers in the module.
// Nightly Rust drops them with `-Zbuild-std -Cpanic=immediate-abort`; stable
// Rust cannot (std's handler is the only one while std is linked), so this
// does the same after linking: every function whose only job is to start a
// panic (they never return: `-> !`) gets a body of `unreachable`, and
// wasm-opt then removes whatever only they reached. A panic still traps at
// the same place; nothing else changes. (The Rust and WebAssembly book's
// `wasm-snip --snip-rust-panicking-code` does this too; its walrus version
// cannot read today's modules, and binaryen.js is already here.)
//
// The names come from the module's name section (wasm-bindgen keeps it); the
// script fails if it finds no panic entry, so a renamed std cannot make it a
// silent no-op. It prints what it replaced.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';

/**
 * Functions that only start a panic, by their (demangled) path. Each diverges,
 * so replacing its body by a trap is what `panic = "abort"` ends in anyway.
 */
export const PANIC_ENTRIES = [
  /^core::panicking::/, // panic, panic_fmt, panic_bounds_check, panic_nounwind, assert_failed, panic_const::*, …: all `-> !`
  /^std::panicking::(begin_panic_handler|rust_panic_with_hook|begin_panic)\b/,
  /^(__rustc::)?rust_begin_unwind$/,
  /^core::option::(unwrap|expect)_failed/,
  /^core::result::unwrap_failed/,
  /^core::slice::index::slice_\w*fail/,
  /^core::str::slice_error_fail/,
  /^core::cell::panic_already_(mutably_)?borrowed/,
  /^alloc::raw_vec::(capacity_overflow|handle_error)/,
  /^alloc::alloc::handle_alloc_error/,
];

/**
 * A name section entry as a plain path: wasm-ld writes demangled names, which keep
 * the crate's disambiguator (`core[1a2b…]::`, v0 mangling) or a hash suffix (`::h1a2b…`, legacy).
 */
const plain = (name) => name.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

/** @param {Uint8Array} bytes @returns {{ out: Uint8Array, trapped: string[] }} */
export function trapPanics(bytes) {
  binaryen.setDebugInfo(true); // keep the names for wasm-opt's and twiggy's readers; wasm-opt strips them
  const mod = binaryen.readBinary(bytes);
  try {
    const trapped = [];
    for (let i = 0; i < mod.getNumFunctions(); i++) {
      const f = mod.getFunctionByIndex(i);
      const info = binaryen.getFunctionInfo(f);
      if (!info.body) continue; // an import
      const name = plain(info.name);
      if (!PANIC_ENTRIES.some((re) => re.test(name))) continue;
      binaryen.Function.setBody(f, mod.unreachable());
      trapped.push(name);
    }
    if (!mod.validate()) throw new Error('the module does not validate after replacing the panic entries');
    return { out: mod.emitBinary(), trapped };
  } finally {
    mod.dispose();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node scripts/wasm-trap-panics.mjs <in.wasm> <out.wasm>');
    process.exit(2);
  }
  const { out, trapped } = trapPanics(readFileSync(input));
  if (!trapped.length) {
    console.error(`${input}: no panic entry found by name (is the name section there? has std renamed them?)`);
    process.exit(1);
  }
  writeFileSync(output, out);
  console.log(`  panics trap at once: ${trapped.length} panic entries in ${input} (${[...new Set(trapped.map((n) => n.split('::').slice(0, 2).join('::')))].join(', ')})`);
}
