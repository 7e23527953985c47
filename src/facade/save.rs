//! Share tokens: a whole run in a short, URL-safe string.
//!
//! `ag1.<scenario id>.<scenario version>.<seed, base 36>.<path>.<checksum>`
//!
//! The path is one base-36 digit per step: the index of the choice taken at
//! that step's node (so a node has at most 36 choices). Drawn outcomes are
//! not stored: replaying the choices with the same seed draws them again.
//! An outcome a player decided (classroom team play) follows its choice as
//! `_` and the outcome's base-36 index (format 2). A run with flashpoints
//! switched on (classroom twists) adds `.<flashpoint bits, base 36>` after
//! the path (format 3). Format 4 always writes the flashpoints and adds
//! `.<guide hash, base 36>`: a short hash of the guide's play-relevant
//! content ([`play_hash`](crate::model::pack::play_hash)), so a link
//! made before the guide changed is refused instead of replaying a
//! different run. The
//! checksum is FNV-1a (32-bit, hex) of everything before it, so a cut or
//! altered link is caught before it is replayed.

use crate::error::{Error, Result};
use crate::model::hash::{fnv1a, hex32};
use crate::prelude::*;

/// The token format's version.
///
/// Changelog:
/// - 1: first format (scenario id, version, seed, choice indices, FNV-1a).
/// - 2: a step may carry a decided outcome (`_` + index). Runs without one
///   are still written as format 1, so their links open in older builds.
/// - 3: a sixth field, the flashpoints switched on (bits, base 36). Written
///   only when one is on; otherwise the format is 1 or 2 as before.
/// - 4: always seven fields: the flashpoints (0 when none are on) and then
///   the guide's play hash (base 36). Restore checks the hash instead of the
///   version. Formats 1–3 are still read, checked by version as before.
pub const TOKEN_FORMAT: u32 = 4;
/// The oldest token format this build can read.
pub const MIN_TOKEN_FORMAT: u32 = 1;
/// The longest token accepted; longer input is refused before parsing.
pub const MAX_TOKEN_LEN: usize = 4_096;

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// A decoded token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Scenario id.
    pub scenario: String,
    /// Scenario version.
    pub version: u32,
    /// Seed.
    pub seed: u64,
    /// Per step: the choice index, and the outcome index when a player decided it.
    pub path: Vec<(usize, Option<usize>)>,
    /// Flashpoints switched on, as bits (flashpoint `i` = bit `i`).
    pub flashpoints: u64,
    /// The guide's play hash (format 4); `None` in older formats.
    pub guide: Option<u32>,
}

fn base36(mut n: u64) -> String {
    if n == 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii digits")
}

/// Encodes a token.
pub fn encode(t: &Token) -> String {
    let mut path = String::new();
    for &(c, o) in &t.path {
        path.push(DIGITS[c.min(35)] as char);
        if let Some(o) = o {
            path.push('_');
            path.push(DIGITS[o.min(35)] as char);
        }
    }
    let format = if t.guide.is_some() {
        4
    } else if t.flashpoints != 0 {
        3
    } else if t.path.iter().any(|(_, o)| o.is_some()) {
        2
    } else {
        1
    };
    // Built by hand, not with `format!`: this runs for every view, and the
    // reader runtime leaves `core::fmt` out of its step/view path.
    let mut body = String::with_capacity(t.scenario.len() + path.len() + 40);
    body.push_str("ag");
    body.push_str(&decimal(format as u64));
    body.push('.');
    body.push_str(&t.scenario);
    body.push('.');
    body.push_str(&decimal(t.version as u64));
    body.push('.');
    body.push_str(&base36(t.seed));
    body.push('.');
    body.push_str(&path);
    if format >= 3 {
        body.push('.');
        body.push_str(&base36(t.flashpoints));
    }
    if let Some(h) = t.guide {
        body.push('.');
        body.push_str(&base36(h as u64));
    }
    let sum = hex32(fnv1a(body.as_bytes()));
    body.push('.');
    body.push_str(&sum);
    body
}

/// `n` in decimal, without `core::fmt`.
fn decimal(mut n: u64) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Decodes a token, checking its shape and checksum (not the scenario).
pub fn decode(token: &str) -> Result<Token> {
    let token = token.trim();
    let bad =
        || Error::token("this link is not a saved guide (it may have been cut short or altered)");
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::token(
            "this link is ".to_string()
                + &decimal(token.len() as u64)
                + " characters long; a saved guide is at most "
                + &decimal(MAX_TOKEN_LEN as u64),
        ));
    }
    let (body, sum) = token.rsplit_once('.').ok_or_else(bad)?;
    let parts: Vec<&str> = body.split('.').collect();
    let (format, scenario, version, seed, path, flashpoints, guide) = match parts[..] {
        [format, scenario, version, seed, path] => {
            (format, scenario, version, seed, path, None, None)
        }
        [format, scenario, version, seed, path, flashpoints] => (
            format,
            scenario,
            version,
            seed,
            path,
            Some(flashpoints),
            None,
        ),
        [format, scenario, version, seed, path, flashpoints, guide] => (
            format,
            scenario,
            version,
            seed,
            path,
            Some(flashpoints),
            Some(guide),
        ),
        _ => return Err(bad()),
    };
    let format: u32 = format
        .strip_prefix("ag")
        .and_then(|f| f.parse().ok())
        .ok_or_else(bad)?;
    if !(MIN_TOKEN_FORMAT..=TOKEN_FORMAT).contains(&format) {
        return Err(Error::token(
            "this link uses save format ".to_string()
                + &decimal(format.into())
                + "; this version of the guide reads formats "
                + &decimal(MIN_TOKEN_FORMAT.into())
                + " to "
                + &decimal(TOKEN_FORMAT.into()),
        ));
    }
    if sum != hex32(fnv1a(body.as_bytes())) {
        return Err(Error::token(
            "this link's checksum does not match: it was cut short or altered",
        ));
    }
    let version: u32 = version.parse().map_err(|_| bad())?;
    let seed = u64::from_str_radix(seed, 36).map_err(|_| bad())?;
    let digit = |b: u8| DIGITS.iter().position(|d| *d == b).ok_or_else(bad);
    let mut steps = Vec::new();
    let mut bytes = path.bytes().peekable();
    while let Some(b) = bytes.next() {
        let choice = digit(b)?;
        let outcome = if bytes.peek() == Some(&b'_') && format >= 2 {
            bytes.next();
            Some(digit(bytes.next().ok_or_else(bad)?)?)
        } else {
            None
        };
        steps.push((choice, outcome));
    }
    let path = steps;
    let guide = match (format >= 4, guide) {
        (true, Some(g)) => Some(u32::from_str_radix(g, 36).map_err(|_| bad())?),
        (false, None) => None,
        _ => return Err(bad()),
    };
    let flashpoints = match (format >= 3, flashpoints) {
        (true, Some(f)) => u64::from_str_radix(f, 36).map_err(|_| bad())?,
        (false, None) => 0,
        _ => return Err(bad()),
    };
    Ok(Token {
        scenario: scenario.to_string(),
        version,
        seed,
        path,
        flashpoints,
        guide,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = Token {
            scenario: "us-china-2015".into(),
            version: 3,
            seed: 123_456_789,
            path: vec![(0, None), (3, None), (1, None), (35, None)],
            flashpoints: 0,
            guide: None,
        };
        let s = encode(&t);
        assert!(s.starts_with("ag1.us-china-2015.3.21i3v9.031z."), "{s}");
        let decided = Token {
            path: vec![(0, None), (2, Some(1)), (1, None)],
            ..t.clone()
        };
        let d = encode(&decided);
        assert!(d.starts_with("ag2.us-china-2015.3.21i3v9.02_11."), "{d}");
        assert_eq!(decode(&d).unwrap(), decided);
        assert_eq!(decode(&s).unwrap(), t);
        let twisted = Token {
            flashpoints: 0b101,
            ..decided.clone()
        };
        let f = encode(&twisted);
        assert!(f.starts_with("ag3.us-china-2015.3.21i3v9.02_11.5."), "{f}");
        assert_eq!(decode(&f).unwrap(), twisted);
        let bound = Token {
            guide: Some(0xdead_beef),
            ..decided.clone()
        };
        let g = encode(&bound);
        assert!(
            g.starts_with("ag4.us-china-2015.3.21i3v9.02_11.0.1ps9wxb."),
            "{g}"
        );
        assert_eq!(decode(&g).unwrap(), bound);
        let empty = Token { path: vec![], ..t };
        assert_eq!(decode(&encode(&empty)).unwrap(), empty);
    }

    #[test]
    fn tampering_is_caught() {
        let s = encode(&Token {
            scenario: "x".into(),
            version: 1,
            seed: 9,
            path: vec![(1, None), (2, None)],
            flashpoints: 0,
            guide: None,
        });
        let flipped = s.replacen(".12.", ".13.", 1);
        assert!(decode(&flipped)
            .unwrap_err()
            .to_string()
            .contains("checksum"));
        assert!(decode(&s[..s.len() - 1]).is_err());
        assert!(decode("").is_err());
        assert!(decode("....").is_err());
        assert_eq!(
            decode(&"a".repeat(10_000)).unwrap_err().to_string(),
            "this link is 10000 characters long; a saved guide is at most 4096"
        );
        let future = s.replacen("ag1", "ag9", 1);
        assert_eq!(
            decode(&future).unwrap_err().to_string(),
            "this link uses save format 9; this version of the guide reads formats 1 to 4"
        );
    }
}
