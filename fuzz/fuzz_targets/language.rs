//! Any bytes as a second language's compiled file, added to a run of the
//! shipped guide (`Guide::add_language`, what the reader runtime does when a
//! reader switches language): a clear refusal with the guide unchanged, or a
//! guide that plays safely in every language.
//!
//! An input that starts with the format's magic (`AGGC`) is taken as it is;
//! any other patches the shipped guide's compiled Chinese file and refits its
//! hashes (see `hostile::language_input`).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| hostile::language_input(data));
