//! Any bytes as a compiled guide file (the reader runtime's loader, which
//! skips the checker): a clear refusal, or a guide that plays safely.
//!
//! Half the inputs are taken as they are; the other half patch the shipped
//! guide's compiled English file (pairs of position and byte) and reseal its
//! checksum, so the fuzzer reaches the decoder behind the checksum.
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
    match data.split_first() {
        Some((&mode, rest)) if mode & 1 == 1 => {
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
        _ => hostile::compiled(data, 1),
    }
});
