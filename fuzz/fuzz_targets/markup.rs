//! Any text as rich-text markup: never a link span with an unsafe address.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    hostile::markup(&hostile::text_of(data));
});
