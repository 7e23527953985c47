//! The packed guide format (the `.bin` files): a checked [`Scenario`] as
//! compact bytes that a reader's page loads without checking it again.
//! [`pack`] writes them (model → `.bin`), [`unpack`] reads one (`.bin` →
//! model); the writing is in `write.rs`, the reading in `read.rs`.
//!
//! `agreement-guide pack` runs the full check and packs one file per
//! language: the play data (variables, cards, choices, conditions, effects,
//! weights, endings, strategies, sources) followed by the text of that one
//! language, already parsed into spans and with every fallback to the default
//! language resolved. A reader downloads one file; switching language mid-run
//! loads another file of the same guide and adds its text
//! ([`unpack_language`]).
//!
//! ```text
//! file     = magic "AGGC" · format (varint) · layout (u32 LE)
//!            · language index (varint) · core hash (u32 LE) · core · text
//!            · checksum (u32 LE)
//! layout   = SLOT_LAYOUT_HASH: the hash of the text slots' walk as written
//! core     = meta, actors, tags, variables, flashpoints, nodes, endings,
//!            strategies, warning count — ids and indices, no reader text —
//!            then presence
//! presence = one bit per optional text slot, in the order
//!            `Scenario::visit_texts` meets them (cards in file order): 1
//!            when the guide fills it; eight to a byte, lowest bit first
//! text     = one rich text per text slot that holds one, in that order
//! numbers = varint (LEB128); f64 = varint(2·zigzag(i)) for a whole number
//!           in ±2^31, else varint 1 and 8 bytes LE
//! ```
//!
//! Both the text section and the presence bits follow the one walk over a
//! guide's text slots (`text_slots!` in `model/scenario.rs`), so a new text
//! field, optional or not, is one line there and nothing here. The header
//! carries the hash of that walk as written ([`SLOT_LAYOUT_HASH`]): a runtime
//! whose list of slots differs from the packer's refuses the file by that
//! check, so a text field added without a [`FORMAT`] bump cannot make a file
//! read its texts into the wrong slots. [`FORMAT`] is still bumped by hand for
//! a change to the core or the spans (`write.rs` and `read.rs`, which the walk
//! does not cover).
//!
//! Since the runtime skips the checker, [`unpack`] trusts nothing: every
//! length and count is checked against the bytes that remain (so nothing
//! large is allocated for a short file), every index against what it points
//! into, and every expression against what evaluation needs. A file that is
//! cut short, altered or crafted gets an [`Error`](crate::Error) naming the problem; it
//! never panics, hangs or reads out of bounds.

mod read;
mod write;

use super::hash::{fnv1a, hex32};
use super::scenario::Scenario;
pub use super::scenario::SLOT_LAYOUT_HASH;
use crate::error::Result;
use crate::prelude::*;
use read::{bad, open, with_text, Reader};
use write::{varint, write_core, write_rich};

/// The packed format's version.
///
/// Changelog:
/// - 1: first format (core + one language's text per file, FNV-1a checksums;
///   spans: text, emphasis, strong, link, citation, paragraph marker).
/// - 2: the header carries the text slots' layout hash; which optional texts
///   a guide fills is one bit per optional slot after the core, in the walk's
///   order (was a flag beside each); an image may carry its width and height.
pub const FORMAT: u32 = 2;

const MAGIC: &[u8; 4] = b"AGGC";

/// One packed file: the language it carries and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// Language code.
    pub language: String,
    /// The file.
    pub bytes: Vec<u8>,
    /// FNV-1a (32-bit) of the core section: equal for every language of one guide.
    pub core_hash: u32,
    /// Size of the core section (for size reports).
    pub core_len: usize,
}

impl Packed {
    /// A content-hashed file name: `<id>.<language>.<hash>.bin`.
    pub fn file_name(&self, id: &str) -> String {
        let mut name = String::from(id);
        name.push('.');
        name.push_str(&self.language);
        name.push('.');
        name.push_str(&hex32(fnv1a(&self.bytes)));
        name.push_str(".bin");
        name
    }
}

/// Packs a loaded (checked) scenario: one file per declared language.
pub fn pack(s: &Scenario) -> Vec<Packed> {
    let mut core = Vec::new();
    write_core(&mut core, s);
    let core_hash = fnv1a(&core);
    let cards = s.card_order();
    (0..s.meta.languages.len())
        .map(|lang| {
            let mut out = Vec::with_capacity(core.len() * 2);
            out.extend_from_slice(MAGIC);
            varint(&mut out, FORMAT as u64);
            out.extend_from_slice(&SLOT_LAYOUT_HASH.to_le_bytes());
            varint(&mut out, lang as u64);
            out.extend_from_slice(&core_hash.to_le_bytes());
            out.extend_from_slice(&core);
            let default = s.meta.default_language;
            s.visit_texts(&cards, &mut |slot| {
                if let Some(t) = slot.text() {
                    write_rich(&mut out, t.get(lang, default))
                }
            });
            let sum = fnv1a(&out);
            out.extend_from_slice(&sum.to_le_bytes());
            Packed {
                language: s.meta.languages[lang].clone(),
                bytes: out,
                core_hash,
                core_len: core.len(),
            }
        })
        .collect()
}

/// Unpacks a packed file into a scenario ready to play, with the text of
/// the file's language (other languages fall back to it until added).
pub fn unpack(bytes: &[u8]) -> Result<Scenario> {
    unpack_with_core_hash(bytes).map(|(s, _)| s)
}

/// [`unpack`], with the file's core hash: what another language's file of
/// the same guide carries too ([`unpack_language_of`]).
pub fn unpack_with_core_hash(bytes: &[u8]) -> Result<(Scenario, u32)> {
    let (mut s, lang, hash, mut r) = open(bytes)?;
    read::fill_text(&mut s, lang, &mut r)?;
    Ok((s, hash))
}

/// Adds the text of another packed file of the same guide (another
/// language) to a scenario from [`unpack`]. A file of another guide or
/// another edition of it is refused and the scenario left as it was.
pub fn unpack_language(s: &mut Scenario, bytes: &[u8]) -> Result<()> {
    let mut mine = Vec::new();
    write_core(&mut mine, s);
    unpack_language_of(s, fnv1a(&mine), bytes)
}

/// [`unpack_language`] for a scenario whose core hash is known (kept from
/// [`unpack_with_core_hash`]), so its core is not encoded again to compare:
/// what the reader runtime calls, which then carries no core writer.
pub fn unpack_language_of(s: &mut Scenario, core_hash: u32, bytes: &[u8]) -> Result<()> {
    let (mut other, lang, hash, mut r) = open(bytes)?;
    if core_hash != hash {
        return Err(bad(
            "this file is for another guide or another edition of it than the one playing",
        ));
    }
    read::fill_text(&mut other, lang, &mut r)?;
    let cards = s.card_order();
    let mut incoming = Vec::new();
    other.visit_texts_mut(&cards, &mut |slot| {
        if let Some(t) = slot.text() {
            incoming.push(core::mem::take(t));
        }
    });
    let mut it = incoming.into_iter();
    s.visit_texts_mut(&cards, &mut |slot| {
        if let Some(t) = slot.text() {
            if let Some(new) = it.next() {
                *t = with_text(t, lang, new.get(lang, lang).clone());
            }
        }
    });
    Ok(())
}

/// Recomputes a file's core hash (when its core still reads) and checksum
/// after its bytes were changed, so tests and fuzzers reach the decoder and
/// the player behind them. Not for producing guides.
#[doc(hidden)]
pub fn reseal(bytes: &mut Vec<u8>) {
    if bytes.len() < 4 {
        return;
    }
    bytes.truncate(bytes.len() - 4);
    if bytes.starts_with(MAGIC) {
        let mut r = Reader {
            b: &bytes[MAGIC.len()..],
        };
        let header = r
            .varint()
            .and_then(|_| r.u32())
            .and_then(|_| r.varint())
            .map(|_| bytes.len() - r.b.len());
        if let Ok(at) = header {
            if bytes.len() >= at + 4 {
                let mut core = Reader {
                    b: &bytes[at + 4..],
                };
                if read::read_core(&mut core).is_ok() {
                    let end = bytes.len() - core.b.len();
                    let hash = fnv1a(&bytes[at + 4..end]);
                    bytes[at..at + 4].copy_from_slice(&hash.to_le_bytes());
                }
            }
        }
    }
    let sum = fnv1a(bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
}

/// A short hash of what decides how a run plays — variables and their
/// bounds, cards, choices, conditions, effects, weights, routes, endings'
/// places, flashpoints — and nothing a reader reads: ids and text may
/// change without it changing. Flashpoints count as off (a share token
/// records which are on). Share tokens carry it (`save.rs`).
pub fn play_hash(s: &Scenario) -> u32 {
    use write::{effects_w, f64w, opt_expr_w, opt_w, step_w};
    let mut w = Vec::new();
    let v = &mut w;
    varint(v, s.meta.start as u64);
    varint(v, s.variables.len() as u64);
    let fp: Vec<usize> = s.flashpoints.iter().map(|f| f.variable).collect();
    for (i, x) in s.variables.iter().enumerate() {
        v.push(x.is_flag as u8);
        f64w(v, x.min);
        f64w(v, x.max);
        f64w(v, if fp.contains(&i) { 0.0 } else { x.start });
    }
    varint(v, fp.len() as u64);
    for f in fp {
        varint(v, f as u64);
    }
    varint(v, s.endings.len() as u64);
    varint(v, s.nodes.len() as u64);
    for n in &s.nodes {
        effects_w(v, &n.effects);
        varint(v, n.choices.len() as u64);
        for c in &n.choices {
            opt_expr_w(v, c.when.as_ref());
            opt_w(v, c.flashpoint);
            effects_w(v, &c.effects);
            step_w(v, &c.step);
        }
    }
    fnv1a(&w)
}

#[cfg(test)]
mod tests {
    use super::super::scenario::{Image, Slot};
    use super::super::text::LocalText;
    use super::write::f64w;
    use super::*;

    fn guide() -> Scenario {
        crate::load_scenario(&std::fs::read_to_string("scenarios/us-china-2015.json").unwrap())
            .unwrap()
    }

    #[test]
    fn numbers_round_trip() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            50.0,
            0.15,
            1e300,
            -2_147_483_647.0,
            2_147_483_648.0,
            f64::NAN,
        ] {
            let mut w = Vec::new();
            f64w(&mut w, v);
            let back = Reader { b: &w }.f64().unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "{v}");
        }
    }

    #[test]
    fn every_language_file_round_trips_its_core() {
        let s = guide();
        let files = pack(&s);
        assert_eq!(files.len(), s.meta.languages.len());
        for f in &files {
            let back = unpack(&f.bytes).unwrap();
            assert_eq!(play_hash(&back), play_hash(&s));
            let again = pack(&back);
            let mine = files.iter().position(|x| x.language == f.language).unwrap();
            assert_eq!(again[mine].bytes, f.bytes, "{}", f.language);
        }
        assert!(files[0].file_name("g").starts_with("g.en."));
    }

    #[test]
    fn another_format_is_refused_by_number() {
        let mut b = pack(&guide()).remove(0).bytes;
        b[4] = 9;
        let e = unpack(&b).unwrap_err().to_string();
        assert!(e.contains("format 9") && e.contains("format 2"), "{e}");
        assert!(unpack(b"{\"meta\":1}")
            .unwrap_err()
            .to_string()
            .contains("not a compiled guide"));
    }

    /// A file packed by a build whose list of text slots differs (here: its
    /// layout hash altered and the file resealed) is refused by that check,
    /// naming both layouts, whatever its format number says.
    #[test]
    fn another_layout_of_text_slots_is_refused() {
        let mut b = pack(&guide()).remove(0).bytes;
        b[5] ^= 1;
        reseal(&mut b);
        let e = unpack(&b).unwrap_err().to_string();
        assert!(
            e.contains("text fields differ") && e.contains(&hex32(SLOT_LAYOUT_HASH)),
            "{e}"
        );
    }

    /// Which optional texts are there round-trips through the presence bits,
    /// a bit past the last optional slot is refused, and an image's size
    /// survives packing.
    #[test]
    fn optional_texts_and_an_image_size_round_trip() {
        let mut s = crate::load_scenario(
            &std::fs::read_to_string("tests/fixtures/valid/with-image.json").unwrap(),
        )
        .unwrap();
        s.nodes[0].prompt = None;
        s.nodes[1].prompt = Some(s.nodes[1].heading.clone());
        s.nodes[0].image.as_mut().unwrap().size = Some((640, 360));
        let files = pack(&s);
        let back = unpack(&files[0].bytes).unwrap();
        let filled = |s: &Scenario| {
            let mut v = Vec::new();
            s.visit_texts(&s.card_order(), &mut |slot| {
                if let Slot::Optional(t) = slot {
                    v.push(t.is_some());
                }
            });
            v
        };
        assert_eq!(filled(&back), filled(&s));
        assert!(filled(&s).contains(&false) && filled(&s).contains(&true));
        assert_eq!(back.nodes[0].image.as_ref().unwrap().size, Some((640, 360)));
        // The bits are the last bytes of the core: set every unused one.
        let optional = filled(&s).len();
        assert_ne!(optional % 8, 0, "the fixture fills its last presence byte");
        let mut b = files[0].bytes.clone();
        let core_end = 4 + 1 + 4 + 1 + 4 + files[0].core_len;
        b[core_end - 1] |= 0xff << (optional % 8);
        reseal(&mut b);
        let e = unpack(&b).unwrap_err().to_string();
        assert!(e.contains("presence bit"), "{e}");
    }

    #[test]
    fn a_padded_format_number_in_a_tiny_file_is_an_error_not_a_panic() {
        for tail in [
            &[0x81, 0x80, 0x80, 0x00][..],
            &[0x81, 0x80, 0x00, 0, 0],
            &[0x81, 0x00, 0, 0, 0, 0],
        ] {
            let mut b = MAGIC.to_vec();
            b.extend_from_slice(tail);
            assert!(unpack(&b).is_err());
            reseal(&mut b);
            assert!(unpack(&b).is_err());
        }
    }

    #[test]
    fn addresses_in_a_crafted_file_are_held_to_the_checker_s_rules() {
        let mut s = guide();
        s.meta.sources[0].url = Some("https://www.federal\0register.gov/".into());
        let e = unpack(&pack(&s)[0].bytes).unwrap_err().to_string();
        assert!(e.contains("source's address"), "{e}");
        let mut s = guide();
        s.nodes[0].image = Some(Image {
            src: "https://elsewhere.example/x.png".into(),
            alt: LocalText::default(),
            caption: None,
            size: None,
        });
        let e = unpack(&pack(&s)[0].bytes).unwrap_err().to_string();
        assert!(e.contains("image address"), "{e}");
    }

    #[test]
    fn every_cut_is_a_clear_error() {
        let b = pack(&guide()).remove(0).bytes;
        for n in (0..b.len()).step_by(61) {
            let mut cut = b[..n].to_vec();
            reseal(&mut cut);
            assert!(unpack(&cut).is_err(), "cut at {n}");
        }
    }
}
