//! Any text as an expression over `trust`, `pressure` and `sanctions_on`,
//! evaluated against values taken from the input's tail (NaN, ±∞, huge).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    let (vars, text) = if data.len() >= 24 {
        data.split_at(24)
    } else {
        (&[][..], data)
    };
    let vars: Vec<f64> = vars
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    hostile::expression(&hostile::text_of(text), &vars);
});
