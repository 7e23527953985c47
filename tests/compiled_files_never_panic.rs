//! A compiled guide file is loaded by the reader runtime without the
//! checker, so its loader is a hostile-input entry point of its own: cut,
//! altered, grown, crafted or foreign bytes never panic — each is refused
//! with a plain message, or loads into a guide that plays safely (the rule
//! is `hostile::compiled`, shared with `fuzz/fuzz_targets/compiled.rs`).
//! Bounded for CI; the open-ended search is `cargo fuzz run compiled`.
//! Every file in `fuzz/seeds/compiled/` and `fuzz/regressions/compiled/` is
//! replayed here.

#[path = "common/hostile.rs"]
mod hostile;

use agreement_guide::model::pack::{self, reseal};
use proptest::prelude::*;
use std::sync::OnceLock;

const SHIPPED: [&str; 3] = [
    "scenarios/us-china-2015.json",
    "scenarios/wto-disputes.json",
    "tests/fixtures/valid/flashpoints.json",
];

/// Every language file of each shipped guide and a fixture with flashpoints.
fn files() -> &'static [Vec<u8>] {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        SHIPPED
            .iter()
            .flat_map(|p| {
                let s =
                    agreement_guide::load_scenario(&std::fs::read_to_string(p).unwrap()).unwrap();
                pack::pack(&s).into_iter().map(|f| f.bytes)
            })
            .collect()
    })
}

#[test]
fn the_kept_fuzz_inputs_never_panic() {
    for dir in ["fuzz/seeds/compiled", "fuzz/regressions/compiled"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            hostile::compiled_input(&bytes);
        }
    }
}

#[test]
fn every_file_loads_and_plays_and_empty_or_foreign_bytes_are_refused() {
    for f in files() {
        hostile::compiled(f, 1);
        assert!(agreement_guide::Guide::from_packed(f, 1).is_ok());
    }
    for junk in [
        &b""[..],
        b"AGGC",
        b"AGGC\x01",
        b"{\"meta\":{}}",
        &[0xff; 64],
    ] {
        let e = agreement_guide::Guide::from_packed(junk, 1).unwrap_err();
        assert_eq!(e.kind(), agreement_guide::ErrorKind::InvalidCompiled, "{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Changed bytes with the checksum left as it was: refused as altered.
    #[test]
    fn altered_files_are_refused(which in 0usize..8, at in any::<prop::sample::Index>(), byte in 1u8..) {
        let mut f = files()[which % files().len()].clone();
        let i = at.index(f.len());
        f[i] ^= byte;
        prop_assert!(agreement_guide::Guide::from_packed(&f, 1).is_err());
    }

    /// Changed, cut and grown files with the checksum made to fit (what a
    /// crafted file looks like): never a panic, a hang or a huge allocation.
    #[test]
    fn crafted_files_never_panic(
        which in 0usize..8,
        patches in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in prop::option::of(any::<prop::sample::Index>()),
        grow in prop::collection::vec(any::<u8>(), 0..6),
        seed in 0u64..1000,
    ) {
        let mut f = files()[which % files().len()].clone();
        for (at, byte) in &patches {
            let i = at.index(f.len());
            f[i] = *byte;
        }
        if let Some(c) = cut {
            f.truncate(c.index(f.len()).max(1));
        }
        let end = f.len().saturating_sub(4);
        f.splice(end..end, grow);
        reseal(&mut f);
        hostile::compiled(&f, seed);
    }

    /// Counts and lengths set to the largest numbers a varint can hold, at
    /// any place: the loader checks each against the bytes left.
    #[test]
    fn huge_counts_are_refused_without_allocating(which in 0usize..8, at in any::<prop::sample::Index>()) {
        let mut f = files()[which % files().len()].clone();
        let i = at.index(f.len().saturating_sub(5)).max(5);
        f.splice(i..i, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        reseal(&mut f);
        hostile::compiled(&f, 2);
    }
}
