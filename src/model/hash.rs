//! FNV-1a (32-bit): the checksum of packed files and share tokens, and the
//! content hash in a packed file's name. Written here rather than taken from
//! a crate: it is eight lines, and both the reader runtime and the share
//! tokens need it without another dependency in the wasm.

use crate::prelude::*;

/// FNV-1a (32-bit) of `bytes`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = step(h, b);
    }
    h
}

/// FNV-1a (32-bit) of `text` with its whitespace left out, at compile time:
/// the hash of source tokens from `stringify!`, whose spacing may differ
/// between compilers while the tokens do not.
pub(crate) const fn fnv1a_tokens(text: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_whitespace() {
            h = step(h, text[i]);
        }
        i += 1;
    }
    h
}

const fn step(h: u32, b: u8) -> u32 {
    (h ^ b as u32).wrapping_mul(0x0100_0193)
}

/// `n` as 8 lowercase hex digits, without `core::fmt`.
pub(crate) fn hex32(n: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..8)
        .rev()
        .map(|i| HEX[(n >> (i * 4) & 0xf) as usize] as char)
        .collect()
}
