//! Reading a packed file back: the header, checksum and core hash, the
//! core section (every count, index and expression checked against what it
//! points into, then which optional texts are there) and the text spans.
//! Trusts nothing: see `mod.rs`.

use super::super::expr::{Code, Expr};
use super::super::hash::{fnv1a, hex32};
use super::super::limits::{
    MAX_CHOICES, MAX_FILE_BYTES, MAX_FLASHPOINTS, MAX_IMAGE_SIDE, MAX_LANGUAGES, MAX_NODES,
    MAX_OUTCOMES, MAX_VARIABLES,
};
use super::super::scenario::*;
use super::super::text::{close_bidi, is_safe_href, LocalText, Marker, Rich, Span};
use super::{FORMAT, MAGIC, SLOT_LAYOUT_HASH};
use crate::error::{DiagnosticCode, Error, Result};
use crate::prelude::*;

/// The core: every text slot is left at its default (empty; an optional
/// one absent) for the presence bits and the text section to fill, so a new
/// text field on a card, meter, flashpoint, ending or strategy needs no line
/// here (a choice's and an outcome's fields are written out: their
/// condition, weight and step have no default worth having).
pub(super) fn read_core(r: &mut Reader<'_>) -> Result<Scenario> {
    let id = r.string("the guide's id")?;
    let version = r.count("the version", u32::MAX as usize)? as u32;
    let languages = r.list("languages", MAX_LANGUAGES, |r| r.string("a language code"))?;
    if languages.is_empty() {
        return Err(bad("the guide declares no language"));
    }
    let default_language = r.index("the default language", languages.len())?;
    let sources = r.list("sources", usize::MAX, |r| {
        let source = Source {
            key: r.string("a source key")?,
            citation: closed(r.string("a citation")?),
            url: r.opt_string()?,
            date: r.opt_string()?.map(closed),
            lang: r.opt_string()?,
        };
        // What reaches the page as an address is held to the markup's rule
        // (found by fuzzing: a crafted file's source address had a NUL in it).
        if source.url.as_deref().is_some_and(|u| !is_safe_href(u)) {
            return Err(bad("a source's address is not a plain https address"));
        }
        Ok(source)
    })?;
    let start_at = r.count("the start", usize::MAX)?;
    let progress_var = r.opt_count()?;
    let actors = r.list("actors", usize::MAX, |r| {
        let id = r.string("an actor id")?;
        Ok(Actor {
            id,
            ..Actor::default()
        })
    })?;
    if actors.is_empty() {
        return Err(bad("the guide has no actors"));
    }
    let tags = r.list("tags", usize::MAX, |r| r.string("a tag").map(closed))?;
    let variables = r.list("variables", MAX_VARIABLES, |r| {
        let id = r.string("a variable id")?;
        let bits = r.byte()?;
        if bits > 3 {
            return Err(bad("a variable's kind marker is not valid"));
        }
        Ok(Variable {
            id,
            is_flag: bits & 1 != 0,
            shown: bits & 2 != 0,
            min: r.f64()?,
            max: r.f64()?,
            start: r.f64()?,
            ..Variable::default()
        })
    })?;
    let nv = variables.len();
    let ns = sources.len();
    let flashpoints = r.list("flashpoints", MAX_FLASHPOINTS, |r| {
        let id = r.string("a flashpoint id")?;
        let sources = r.indices("a flashpoint's sources", ns)?;
        let variable = r.index("a flashpoint's flag", nv)?;
        if !variables[variable].is_flag {
            return Err(bad("a flashpoint's variable is not a flag"));
        }
        Ok(Flashpoint {
            id,
            sources,
            variable,
            ..Flashpoint::default()
        })
    })?;
    // Endings come after nodes in the file, but routes point at them: read
    // the nodes with their targets unresolved, then check every target.
    let na = actors.len();
    let nt = tags.len();
    let mut targets: Vec<(usize, bool)> = Vec::new();
    let nodes = r.list("nodes", MAX_NODES, |r| {
        let id = r.string("a card id")?;
        let actor = r.index("a card's actor", na)?;
        let sources = r.indices("a card's sources", ns)?;
        let image = match r.flag()? {
            false => None,
            true => {
                let src = r.string("an image address")?;
                if super::super::compile::non_relative_address(&src).is_some() {
                    return Err(bad(
                        "an image address is not a relative address on the guide's own site",
                    ));
                }
                let size = match r.count("an image's width", MAX_IMAGE_SIDE as usize)? {
                    0 => None,
                    width => match r.count("an image's height", MAX_IMAGE_SIDE as usize)? {
                        0 => return Err(bad("an image has a width but no height")),
                        height => Some((width as u32, height as u32)),
                    },
                };
                Some(Image {
                    src,
                    size,
                    ..Image::default()
                })
            }
        };
        let effects = r.effects(nv)?;
        let choices = r.list("choices", MAX_CHOICES, |r| {
            let id = r.string("a choice id")?;
            let when = r.opt_expr(nv)?;
            let tags = r.indices("a choice's tags", nt)?;
            let flashpoint = match r.opt_count()? {
                Some(v) if v < nv && variables[v].is_flag => Some(v),
                Some(_) => return Err(bad("a choice's flashpoint is not a flag")),
                None => None,
            };
            let effects = r.effects(nv)?;
            let step = match r.byte()? {
                0 => Step::Next(r.routes(nv, &mut targets)?),
                1 => {
                    let outs = r.list("outcomes", MAX_OUTCOMES, |r| {
                        Ok(Outcome {
                            id: r.string("an outcome id")?,
                            text: None,
                            actor: match r.opt_count()? {
                                Some(a) if a < na => Some(a),
                                Some(_) => return Err(bad("an outcome's actor is out of range")),
                                None => None,
                            },
                            label: LocalText::default(),
                            weight: r.expr(nv)?,
                            effects: r.effects(nv)?,
                            next: r.routes(nv, &mut targets)?,
                            sources: r.indices("an outcome's sources", ns)?,
                        })
                    })?;
                    if outs.is_empty() {
                        return Err(bad("a random choice has no outcomes"));
                    }
                    Step::Outcomes(outs)
                }
                _ => return Err(bad("a choice's kind is not 0 or 1")),
            };
            Ok(Choice {
                id,
                label: LocalText::default(),
                when,
                unmet: None,
                tags,
                flashpoint,
                effects,
                step,
            })
        })?;
        Ok(Node {
            id,
            actor,
            sources,
            image,
            effects,
            choices,
            ..Node::default()
        })
    })?;
    if nodes.is_empty() || start_at >= nodes.len() {
        return Err(bad("the start is not one of the guide's cards"));
    }
    let endings = r.list("endings", usize::MAX, |r| {
        Ok(Ending {
            id: r.string("an ending id")?,
            sources: r.indices("an ending's sources", ns)?,
            ..Ending::default()
        })
    })?;
    for &(t, ending) in &targets {
        if t >= if ending { endings.len() } else { nodes.len() } {
            return Err(bad("a route leads to a card or ending that is not there"));
        }
    }
    let strategies = r.list("strategies", usize::MAX, |r| {
        let id = r.string("a strategy id")?;
        let rules = r.list("rules", usize::MAX, |r| {
            let when = r.opt_expr(nv)?;
            let prefer = r.list("preferences", usize::MAX, |r| {
                Ok((r.index("a preferred tag", nt)?, r.f64()?))
            })?;
            Ok(Rule { when, prefer })
        })?;
        Ok(Strategy {
            id,
            rules,
            ..Strategy::default()
        })
    })?;
    let warnings = r.count("the warning count", usize::MAX)?;
    let warnings = (0..warnings.min(1_000))
        .map(|_| {
            crate::Diagnostic::warning(
                DiagnosticCode::Compiled,
                "",
                "a warning found when this guide was compiled",
            )
        })
        .collect();
    let progress = match progress_var {
        Some(v) if v < nv => Some(Progress {
            variable: v,
            ..Progress::default()
        }),
        Some(_) => return Err(bad("the progress meter is not one of the variables")),
        None => None,
    };
    let mut s = Scenario {
        meta: Meta {
            id,
            version,
            languages,
            default_language,
            sources,
            start: start_at,
            progress,
            ..Meta::default()
        },
        variables,
        nodes,
        endings,
        strategies,
        actors,
        tags,
        flashpoints,
        warnings,
    };
    read_presence(r, &mut s)?;
    Ok(s)
}

/// Which optional text slots the guide fills (see `write.rs`'s
/// `presence_w`): each optional slot the walk meets takes the next bit, so
/// the number of bits follows from the core just read; unused bits must be 0.
fn read_presence(r: &mut Reader<'_>, s: &mut Scenario) -> Result<()> {
    let cards = s.card_order();
    let (mut met, mut byte, mut err) = (0usize, 0u8, None);
    s.visit_texts_mut(&cards, &mut |slot| {
        if let Slot::Optional(t) = slot {
            if met % 8 == 0 {
                match r.byte() {
                    Ok(b) => byte = b,
                    Err(e) => {
                        err.get_or_insert(e);
                    }
                }
            }
            *t = (byte >> (met % 8) & 1 == 1).then(LocalText::default);
            met += 1;
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    if met % 8 != 0 && byte >> (met % 8) != 0 {
        return Err(bad(
            "a text's presence bit is set past the last optional text",
        ));
    }
    Ok(())
}

/// Checks the header and checksum and reads the core: the scenario (text
/// slots empty), the language index, the core hash, and a reader at the
/// text section.
pub(super) fn open(bytes: &[u8]) -> Result<(Scenario, usize, u32, Reader<'_>)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(bad("the file is larger than a compiled guide may be"));
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(bad(
            "this is not a compiled guide (it does not start with AGGC)",
        ));
    }
    let mut r = Reader {
        b: &bytes[MAGIC.len()..],
    };
    let format = r.varint()?;
    if format != FORMAT as u64 {
        let mut m = String::from("this compiled guide is in format ");
        m.push_str(&crate::error::decimal(format));
        m.push_str("; this version of the guide reads format ");
        m.push_str(&crate::error::decimal(FORMAT as u64));
        m.push_str(" only: pack the guide again with this version");
        return Err(bad(&m));
    }
    if bytes.len() < 8 {
        return Err(bad("the file is cut short"));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    if fnv1a(body) != u32::from_le_bytes([sum[0], sum[1], sum[2], sum[3]]) {
        return Err(bad(
            "the file's checksum does not match: it was cut short or altered",
        ));
    }
    // Read on from the body (not from `r`, which could be shorter than the
    // checksum if the format number was written with padding bytes).
    let mut r = Reader {
        b: &body[MAGIC.len()..],
    };
    r.varint()?;
    let layout = r.u32()?;
    if layout != SLOT_LAYOUT_HASH {
        let mut m = String::from("this compiled guide was packed by a version whose text fields differ from this one's (layout ");
        m.push_str(&hex32(layout));
        m.push_str(", this version's ");
        m.push_str(&hex32(SLOT_LAYOUT_HASH));
        m.push_str("): pack the guide again with this version");
        return Err(bad(&m));
    }
    let lang = r.count("the language index", usize::MAX)?;
    let hash = r.u32()?;
    let core_start = r.b;
    let s = read_core(&mut r)?;
    if lang >= s.meta.languages.len() {
        return Err(bad("the file's language is not one the guide declares"));
    }
    if fnv1a(&core_start[..core_start.len() - r.b.len()]) != hash {
        return Err(bad(
            "the file's core does not match its hash: it was altered",
        ));
    }
    Ok((s, lang, hash, r))
}

pub(super) fn fill_text(s: &mut Scenario, lang: usize, r: &mut Reader<'_>) -> Result<()> {
    let mut err = None;
    let cards = s.card_order();
    s.visit_texts_mut(&cards, &mut |slot| {
        if let Some(t) = slot.text() {
            if err.is_none() {
                match r.rich() {
                    Ok(rich) => *t = with_text(t, lang, rich),
                    Err(e) => err = Some(e),
                }
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    if !r.b.is_empty() {
        return Err(bad("the file has bytes after its text"));
    }
    Ok(())
}

pub(super) struct Reader<'a> {
    pub(super) b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn cut() -> Error {
        bad("the file is cut short")
    }

    fn byte(&mut self) -> Result<u8> {
        let (&x, rest) = self.b.split_first().ok_or_else(Self::cut)?;
        self.b = rest;
        Ok(x)
    }

    fn flag(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad("a yes/no marker is neither 0 nor 1")),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.b.len() {
            return Err(Self::cut());
        }
        let (x, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(x)
    }

    pub(super) fn u32(&mut self) -> Result<u32> {
        let x = self.take(4)?;
        Ok(u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    }

    pub(super) fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(bad("a number in the file is too long"))
    }

    /// A number at most `max`.
    fn count(&mut self, what: &str, max: usize) -> Result<usize> {
        let n = self.varint()?;
        if n > max as u64 {
            return Err(out_of_range(what));
        }
        Ok(n as usize)
    }

    /// An index below `len`.
    fn index(&mut self, what: &str, len: usize) -> Result<usize> {
        let n = self.varint()?;
        if n >= len as u64 {
            return Err(out_of_range(what));
        }
        Ok(n as usize)
    }

    fn opt_count(&mut self) -> Result<Option<usize>> {
        let n = self.varint()?;
        Ok(if n == 0 {
            None
        } else {
            Some(usize::try_from(n - 1).map_err(|_| out_of_range("an index"))?)
        })
    }

    /// A list of at most `max` items, each read by `item`. The count is also
    /// checked against the bytes left (every item takes at least one), so a
    /// crafted count cannot make the loader loop or allocate past the file.
    fn list<T>(
        &mut self,
        what: &str,
        max: usize,
        mut item: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        let n = self.varint()?;
        if n > max as u64 {
            return Err(out_of_range(what));
        }
        if n > self.b.len() as u64 {
            return Err(Self::cut());
        }
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(item(self)?);
        }
        Ok(out)
    }

    fn indices(&mut self, what: &str, len: usize) -> Result<Vec<usize>> {
        self.list(what, usize::MAX, |r| r.index(what, len))
    }

    fn string(&mut self, what: &str) -> Result<String> {
        let n = self.varint()?;
        if n > self.b.len() as u64 {
            return Err(Self::cut());
        }
        let bytes = self.take(n as usize)?;
        match core::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => {
                let mut m = String::from(what);
                m.push_str(" is not valid UTF-8 text");
                Err(bad(&m))
            }
        }
    }

    fn opt_string(&mut self) -> Result<Option<String>> {
        Ok(if self.flag()? {
            Some(self.string("a source detail")?)
        } else {
            None
        })
    }

    pub(super) fn f64(&mut self) -> Result<f64> {
        let n = self.varint()?;
        if n & 1 == 1 {
            if n != 1 {
                return Err(bad("a number's marker is not valid"));
            }
            let x = self.take(8)?;
            let mut a = [0u8; 8];
            a.copy_from_slice(x);
            return Ok(f64::from_le_bytes(a));
        }
        let z = n >> 1;
        let i = (z >> 1) as i64 ^ -((z & 1) as i64);
        Ok(i as f64)
    }

    fn expr(&mut self, variables: usize) -> Result<Expr> {
        let codes = self.list("an expression", 4 * super::super::expr::MAX_LEN, |r| {
            Ok(match r.byte()? {
                0 => Code::Const(r.f64()?),
                1 => Code::Var(r.count("a variable", usize::MAX)?),
                k => Code::Op(k),
            })
        })?;
        Expr::from_codes(&codes, variables).ok_or_else(|| {
            bad("an expression in the file cannot be evaluated (altered or crafted)")
        })
    }

    fn opt_expr(&mut self, variables: usize) -> Result<Option<Expr>> {
        Ok(if self.flag()? {
            Some(self.expr(variables)?)
        } else {
            None
        })
    }

    fn effects(&mut self, variables: usize) -> Result<Vec<Effect>> {
        self.list("effects", usize::MAX, |r| {
            let variable = r.index("an effect's variable", variables)?;
            let op = match r.byte()? {
                0 => EffectOp::Set(r.expr(variables)?),
                1 => EffectOp::Add(r.expr(variables)?),
                2 => EffectOp::Clamp(r.expr(variables)?, r.expr(variables)?),
                _ => return Err(bad("an effect's kind is not 0, 1 or 2")),
            };
            Ok(Effect { variable, op })
        })
    }

    /// Routes, each target recorded in `targets` to be checked once every
    /// card and ending is known.
    fn routes(&mut self, variables: usize, targets: &mut Vec<(usize, bool)>) -> Result<Vec<Route>> {
        let routes = self.list("routes", usize::MAX, |r| {
            let when = r.opt_expr(variables)?;
            let t = r.varint()?;
            let i = usize::try_from(t >> 1).map_err(|_| out_of_range("a route"))?;
            targets.push((i, t & 1 == 1));
            Ok(Route {
                when,
                to: if t & 1 == 1 {
                    Target::Ending(i)
                } else {
                    Target::Node(i)
                },
            })
        })?;
        if routes.is_empty() {
            return Err(bad("a choice or outcome leads nowhere (no routes)"));
        }
        Ok(routes)
    }

    /// One span. What the markup parser guarantees is kept here too, for a
    /// file made by hand: a link is a plain https address (else the file is
    /// refused) and no bidi override is left open.
    fn span(&mut self) -> Result<Span> {
        let mut span = match self.byte()? {
            0 => Span::Text {
                text: self.string("text")?,
            },
            1 => Span::Em {
                text: self.string("text")?,
            },
            2 => Span::Strong {
                text: self.string("text")?,
            },
            3 => Span::Link {
                text: self.string("text")?,
                href: self.string("a link")?,
            },
            4 => Span::Cite {
                key: self.string("a citation")?,
            },
            5 => Span::Marker {
                marker: match self.byte()? {
                    0 => Marker::Game,
                    1 => Marker::Model,
                    _ => return Err(bad("a paragraph marker this version does not know")),
                },
            },
            _ => return Err(bad("a kind of text span this version does not know")),
        };
        if let Span::Link { href, .. } = &span {
            if !is_safe_href(href) {
                return Err(bad("a link in the file is not a plain https address"));
            }
        }
        if let Span::Text { text }
        | Span::Em { text }
        | Span::Strong { text }
        | Span::Link { text, .. } = &mut span
        {
            close_bidi(text);
        }
        Ok(span)
    }

    fn rich(&mut self) -> Result<Rich> {
        self.list("paragraphs", usize::MAX, |r| {
            r.list("spans", usize::MAX, |r| r.span())
        })
    }
}

/// `t` with the text of language `lang` set to `rich`, other languages kept.
pub(super) fn with_text(t: &LocalText, lang: usize, rich: Rich) -> LocalText {
    let mut by_language: Vec<Option<Rich>> = (0..lang)
        .map(|i| t.has(i).then(|| t.get(i, i).clone()))
        .collect();
    by_language.push(Some(rich));
    let mut i = lang + 1;
    while i < MAX_LANGUAGES && t.has(i) {
        by_language.push(Some(t.get(i, i).clone()));
        i += 1;
    }
    LocalText::new(by_language)
}

/// Free text from the file, with any bidi override it leaves open closed,
/// as the JSON path does: a crafted file cannot reorder the page after it.
fn closed(mut s: String) -> String {
    close_bidi(&mut s);
    s
}

pub(super) fn bad(message: &str) -> Error {
    let mut m = String::from("compiled guide: ");
    m.push_str(message);
    Error::compiled(m)
}

fn out_of_range(what: &str) -> Error {
    let mut m = String::from(what);
    m.push_str(" is out of range (the file was altered or crafted)");
    bad(&m)
}
