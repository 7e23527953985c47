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
use std::sync::OnceLock;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fn shipped() -> &'static [u8] {
    static F: OnceLock<Vec<u8>> = OnceLock::new();
    F.get_or_init(|| {
        let json = include_str!("../../scenarios/us-china-2015.json");
        let s = agreement_guide::load_scenario(json).expect("the shipped guide loads");
        agreement_guide::scenario::compiled::compile(&s).remove(0).bytes
    })
}

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"AGGC") {
        return hostile::compiled(data, 1);
    }
    match data.split_first() {
        Some((&mode, rest)) => {
            let mut file = shipped().to_vec();
            for patch in rest.chunks_exact(3) {
                let at = u16::from_le_bytes([patch[0], patch[1]]) as usize * 7 % file.len();
                file[at] = patch[2];
            }
            if mode & 2 == 2 {
                let keep = u16::from_le_bytes([mode, rest.first().copied().unwrap_or(0)]) as usize % file.len();
                file.truncate(keep.max(8));
            }
            agreement_guide::scenario::compiled::reseal(&mut file);
            hostile::compiled(&file, mode as u64);
        }
        None => hostile::compiled(data, 1),
    }
});
