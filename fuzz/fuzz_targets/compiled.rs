//! Any bytes as a compiled guide file (the reader runtime's loader, which
//! skips the checker): a clear refusal, or a guide that plays safely.
//!
//! An input that starts with the format's magic (`AGGC`: the kept seeds, and
//! what the fuzzer grows from them) is taken as it is; any other patches the
//! shipped guide's compiled English file (a mode byte, then triples of
//! position and byte) and refits its hashes, so the fuzzer reaches the
//! decoder and the player behind the checksum.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

// The input's two modes (a file as it is, or patches to the shipped guide's
// file) are read by `hostile::compiled_input`, which the CI pass replays
// kept inputs through too.
fuzz_target!(|data: &[u8]| hostile::compiled_input(data));
