//! Any bytes as a scenario file: loaded with the full check (syntax, types,
//! references, expressions, markup, limits, model check); a refusal is a
//! list of located errors, and a scenario that loads plays safely.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    let seed = data
        .iter()
        .take(8)
        .fold(0u64, |h, b| h.rotate_left(8) ^ u64::from(*b));
    hostile::scenario(&hostile::text_of(data), seed);
});
