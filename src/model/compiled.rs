//! The compiled guide format: a checked [`Scenario`] as compact bytes that a
//! reader's page loads without checking it again.
//!
//! `agreement-guide compile` runs the full check and writes one file per
//! language: the play data (variables, cards, choices, conditions, effects,
//! weights, endings, strategies, sources) followed by the text of that one
//! language, already parsed into spans and with every fallback to the default
//! language resolved. A reader downloads one file; switching language mid-run
//! loads another file of the same guide and adds its text
//! ([`add_language`]).
//!
//! ```text
//! file    = magic "AGGC" · format (varint) · language index (varint)
//!           · core hash (u32 LE) · core · text · checksum (u32 LE)
//! core    = meta, actors, tags, variables, flashpoints, nodes, endings,
//!           strategies, warning count — ids and indices, no reader text
//! text    = one rich text per text slot, in the order `texts_mut` visits them
//! numbers = varint (LEB128); f64 = varint(2·zigzag(i)) for a whole number
//!           in ±2^31, else varint 1 and 8 bytes LE
//! ```
//!
//! Since the runtime skips the checker, [`load`] trusts nothing: every
//! length and count is checked against the bytes that remain (so nothing
//! large is allocated for a short file), every index against what it points
//! into, and every expression against what evaluation needs. A file that is
//! cut short, altered or crafted gets an [`Error`] naming the problem; it
//! never panics, hangs or reads out of bounds.

use super::expr::{Code, Expr};
use super::scenario::*;
use super::text::{close_bidi, is_safe_href, LocalText, Marker, Rich, Span};
use crate::error::{DiagnosticCode, Error, Result};

/// The compiled format's version.
///
/// Changelog:
/// - 1: first format (core + one language's text per file, FNV-1a checksums;
///   spans: text, emphasis, strong, link, citation, paragraph marker).
pub const FORMAT: u32 = 1;

/// The largest compiled file accepted (the same bound as a scenario's JSON).
pub const MAX_BYTES: usize = super::compile::MAX_FILE_BYTES;

/// The most languages a compiled guide may declare (a bound on the memory a
/// crafted file can ask for: each text slot holds one entry per language up
/// to the one loaded).
pub const MAX_LANGUAGES: usize = 64;

const MAGIC: &[u8; 4] = b"AGGC";

/// One compiled file: the language it carries and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// Language code.
    pub language: String,
    /// The file.
    pub bytes: Vec<u8>,
    /// FNV-1a (32-bit) of the core section: equal for every language of one guide.
    pub core_hash: u32,
    /// Size of the core section (for size reports).
    pub core_len: usize,
}

impl Compiled {
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

/// Compiles a loaded (checked) scenario: one file per declared language.
pub fn compile(s: &Scenario) -> Vec<Compiled> {
    let mut core = Vec::new();
    write_core(&mut core, s);
    let core_hash = fnv1a(&core);
    let mut copy = s.clone();
    (0..s.meta.languages.len())
        .map(|lang| {
            let mut out = Vec::with_capacity(core.len() * 2);
            out.extend_from_slice(MAGIC);
            varint(&mut out, FORMAT as u64);
            varint(&mut out, lang as u64);
            out.extend_from_slice(&core_hash.to_le_bytes());
            out.extend_from_slice(&core);
            let default = s.meta.default_language;
            texts_mut(&mut copy, &mut |t| {
                write_rich(&mut out, t.get(lang, default))
            });
            let sum = fnv1a(&out);
            out.extend_from_slice(&sum.to_le_bytes());
            Compiled {
                language: s.meta.languages[lang].clone(),
                bytes: out,
                core_hash,
                core_len: core.len(),
            }
        })
        .collect()
}

/// Loads a compiled file into a scenario ready to play, with the text of
/// the file's language (other languages fall back to it until added).
pub fn load(bytes: &[u8]) -> Result<Scenario> {
    let (mut s, lang, _, mut r) = open(bytes)?;
    fill_text(&mut s, lang, &mut r)?;
    Ok(s)
}

/// Adds the text of another compiled file of the same guide (another
/// language) to a scenario from [`load`]. A file of another guide or another
/// edition of it is refused and the scenario left as it was.
pub fn add_language(s: &mut Scenario, bytes: &[u8]) -> Result<()> {
    let (mut other, lang, hash, mut r) = open(bytes)?;
    let mut mine = Vec::new();
    write_core(&mut mine, s);
    if fnv1a(&mine) != hash {
        return Err(bad(
            "this file is for another guide or another edition of it than the one playing",
        ));
    }
    fill_text(&mut other, lang, &mut r)?;
    let mut incoming = Vec::new();
    texts_mut(&mut other, &mut |t| incoming.push(std::mem::take(t)));
    let mut it = incoming.into_iter();
    texts_mut(s, &mut |t| {
        if let Some(new) = it.next() {
            *t = with_text(t, lang, new.get(lang, lang).clone());
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
            .and_then(|_| r.varint())
            .map(|_| bytes.len() - r.b.len());
        if let Ok(at) = header {
            if bytes.len() >= at + 4 {
                let mut core = Reader {
                    b: &bytes[at + 4..],
                };
                if read_core(&mut core).is_ok() {
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

// ---- the core section --------------------------------------------------

fn write_core(w: &mut Vec<u8>, s: &Scenario) {
    let m = &s.meta;
    str_w(w, &m.id);
    varint(w, m.version as u64);
    varint(w, m.languages.len() as u64);
    for l in &m.languages {
        str_w(w, l);
    }
    varint(w, m.default_language as u64);
    varint(w, m.sources.len() as u64);
    for src in &m.sources {
        str_w(w, &src.key);
        str_w(w, &src.citation);
        opt_str_w(w, src.url.as_deref());
        opt_str_w(w, src.date.as_deref());
        opt_str_w(w, src.lang.as_deref());
    }
    varint(w, m.start as u64);
    opt_w(w, m.progress.as_ref().map(|p| p.variable));
    varint(w, s.actors.len() as u64);
    for a in &s.actors {
        str_w(w, &a.id);
        w.push(a.label.is_some() as u8);
    }
    varint(w, s.tags.len() as u64);
    for t in &s.tags {
        str_w(w, t);
    }
    varint(w, s.variables.len() as u64);
    for x in &s.variables {
        str_w(w, &x.id);
        w.push(x.is_flag as u8 | (x.shown as u8) << 1 | (x.description.is_some() as u8) << 2);
        f64w(w, x.min);
        f64w(w, x.max);
        f64w(w, x.start);
    }
    varint(w, s.flashpoints.len() as u64);
    for f in &s.flashpoints {
        str_w(w, &f.id);
        w.push(f.description.is_some() as u8);
        list_w(w, &f.sources);
        varint(w, f.variable as u64);
    }
    varint(w, s.nodes.len() as u64);
    for n in &s.nodes {
        str_w(w, &n.id);
        varint(w, n.actor as u64);
        list_w(w, &n.sources);
        w.push(n.prompt.is_some() as u8);
        match &n.image {
            None => w.push(0),
            Some(i) => {
                w.push(1 + i.caption.is_some() as u8);
                str_w(w, &i.src);
            }
        }
        effects_w(w, &n.effects);
        varint(w, n.choices.len() as u64);
        for c in &n.choices {
            str_w(w, &c.id);
            w.push(c.unmet.is_some() as u8);
            opt_expr_w(w, c.when.as_ref());
            list_w(w, &c.tags);
            opt_w(w, c.flashpoint);
            effects_w(w, &c.effects);
            match &c.step {
                Step::Next(routes) => {
                    w.push(0);
                    routes_w(w, routes);
                }
                Step::Outcomes(outs) => {
                    w.push(1);
                    varint(w, outs.len() as u64);
                    for o in outs {
                        str_w(w, &o.id);
                        w.push(o.text.is_some() as u8);
                        opt_w(w, o.actor);
                        expr_w(w, &o.weight);
                        effects_w(w, &o.effects);
                        routes_w(w, &o.next);
                        list_w(w, &o.sources);
                    }
                }
            }
        }
    }
    varint(w, s.endings.len() as u64);
    for e in &s.endings {
        str_w(w, &e.id);
        list_w(w, &e.sources);
    }
    varint(w, s.strategies.len() as u64);
    for st in &s.strategies {
        str_w(w, &st.id);
        w.push(st.description.is_some() as u8);
        varint(w, st.rules.len() as u64);
        for rule in &st.rules {
            opt_expr_w(w, rule.when.as_ref());
            varint(w, rule.prefer.len() as u64);
            for &(tag, score) in &rule.prefer {
                varint(w, tag as u64);
                f64w(w, score);
            }
        }
    }
    varint(w, s.warnings.len() as u64);
}

fn read_core(r: &mut Reader<'_>) -> Result<Scenario> {
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
        let label = r.flag()?.then(LocalText::default);
        Ok(Actor { id, label })
    })?;
    if actors.is_empty() {
        return Err(bad("the guide has no actors"));
    }
    let tags = r.list("tags", usize::MAX, |r| r.string("a tag").map(closed))?;
    let variables = r.list("variables", super::compile::MAX_VARIABLES, |r| {
        let id = r.string("a variable id")?;
        let bits = r.byte()?;
        Ok(Variable {
            id,
            is_flag: bits & 1 != 0,
            shown: bits & 2 != 0,
            description: (bits & 4 != 0).then(LocalText::default),
            label: LocalText::default(),
            min: r.f64()?,
            max: r.f64()?,
            start: r.f64()?,
        })
    })?;
    let nv = variables.len();
    let ns = sources.len();
    let flashpoints = r.list("flashpoints", MAX_FLASHPOINTS, |r| {
        let id = r.string("a flashpoint id")?;
        let description = r.flag()?.then(LocalText::default);
        let sources = r.indices("a flashpoint's sources", ns)?;
        let variable = r.index("a flashpoint's flag", nv)?;
        if !variables[variable].is_flag {
            return Err(bad("a flashpoint's variable is not a flag"));
        }
        Ok(Flashpoint {
            id,
            label: LocalText::default(),
            description,
            sources,
            variable,
        })
    })?;
    // Endings come after nodes in the file, but routes point at them: read
    // the nodes with their targets unresolved, then check every target.
    let na = actors.len();
    let nt = tags.len();
    let mut targets: Vec<(usize, bool)> = Vec::new();
    let nodes = r.list("nodes", super::compile::MAX_NODES, |r| {
        let id = r.string("a card id")?;
        let actor = r.index("a card's actor", na)?;
        let sources = r.indices("a card's sources", ns)?;
        let prompt = r.flag()?.then(LocalText::default);
        let image = match r.byte()? {
            0 => None,
            k @ (1 | 2) => {
                let src = r.string("an image address")?;
                if super::compile::non_relative_address(&src).is_some() {
                    return Err(bad(
                        "an image address is not a relative address on the guide's own site",
                    ));
                }
                Some(Image {
                    src,
                    alt: LocalText::default(),
                    caption: (k == 2).then(LocalText::default),
                })
            }
            _ => return Err(bad("an image marker is not 0, 1 or 2")),
        };
        let effects = r.effects(nv)?;
        let choices = r.list("choices", super::compile::MAX_CHOICES, |r| {
            let id = r.string("a choice id")?;
            let unmet = r.flag()?.then(LocalText::default);
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
                    let outs = r.list("outcomes", super::compile::MAX_OUTCOMES, |r| {
                        Ok(Outcome {
                            id: r.string("an outcome id")?,
                            text: r.flag()?.then(LocalText::default),
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
                unmet,
                tags,
                flashpoint,
                effects,
                step,
            })
        })?;
        Ok(Node {
            id,
            actor,
            heading: LocalText::default(),
            body: LocalText::default(),
            sources,
            prompt,
            image,
            effects,
            choices,
        })
    })?;
    if nodes.is_empty() || start_at >= nodes.len() {
        return Err(bad("the start is not one of the guide's cards"));
    }
    let endings = r.list("endings", usize::MAX, |r| {
        Ok(Ending {
            id: r.string("an ending id")?,
            verdict: LocalText::default(),
            summary: LocalText::default(),
            reality: LocalText::default(),
            sources: r.indices("an ending's sources", ns)?,
        })
    })?;
    for &(t, ending) in &targets {
        if t >= if ending { endings.len() } else { nodes.len() } {
            return Err(bad("a route leads to a card or ending that is not there"));
        }
    }
    let strategies = r.list("strategies", usize::MAX, |r| {
        let id = r.string("a strategy id")?;
        let description = r.flag()?.then(LocalText::default);
        let rules = r.list("rules", usize::MAX, |r| {
            let when = r.opt_expr(nv)?;
            let prefer = r.list("preferences", usize::MAX, |r| {
                Ok((r.index("a preferred tag", nt)?, r.f64()?))
            })?;
            Ok(Rule { when, prefer })
        })?;
        Ok(Strategy {
            id,
            label: LocalText::default(),
            description,
            rules,
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
            label: LocalText::default(),
        }),
        Some(_) => return Err(bad("the progress meter is not one of the variables")),
        None => None,
    };
    Ok(Scenario {
        meta: Meta {
            id,
            version,
            title: LocalText::default(),
            summary: LocalText::default(),
            languages,
            default_language,
            sources,
            assumptions: LocalText::default(),
            start: start_at,
            progress,
        },
        variables,
        nodes,
        endings,
        strategies,
        actors,
        tags,
        flashpoints,
        warnings,
    })
}

/// Every text slot of a scenario, in the one fixed order the text section
/// follows. A slot that is optional is visited only when present (its
/// presence is part of the core).
fn texts_mut(s: &mut Scenario, f: &mut dyn FnMut(&mut LocalText)) {
    let m = &mut s.meta;
    f(&mut m.title);
    f(&mut m.summary);
    f(&mut m.assumptions);
    if let Some(p) = &mut m.progress {
        f(&mut p.label);
    }
    for a in &mut s.actors {
        if let Some(t) = a.label.as_mut() {
            f(t);
        }
    }
    for v in &mut s.variables {
        f(&mut v.label);
        if let Some(t) = v.description.as_mut() {
            f(t);
        }
    }
    for fp in &mut s.flashpoints {
        f(&mut fp.label);
        if let Some(t) = fp.description.as_mut() {
            f(t);
        }
    }
    for n in &mut s.nodes {
        f(&mut n.heading);
        f(&mut n.body);
        if let Some(t) = n.prompt.as_mut() {
            f(t);
        }
        if let Some(i) = &mut n.image {
            f(&mut i.alt);
            if let Some(t) = i.caption.as_mut() {
                f(t);
            }
        }
        for c in &mut n.choices {
            f(&mut c.label);
            if let Some(t) = c.unmet.as_mut() {
                f(t);
            }
            if let Step::Outcomes(outs) = &mut c.step {
                for o in outs {
                    f(&mut o.label);
                    if let Some(t) = o.text.as_mut() {
                        f(t);
                    }
                }
            }
        }
    }
    for e in &mut s.endings {
        f(&mut e.verdict);
        f(&mut e.summary);
        f(&mut e.reality);
    }
    for st in &mut s.strategies {
        f(&mut st.label);
        if let Some(t) = st.description.as_mut() {
            f(t);
        }
    }
}

/// Checks the header and checksum and reads the core: the scenario (text
/// slots empty), the language index, the core hash, and a reader at the
/// text section.
fn open(bytes: &[u8]) -> Result<(Scenario, usize, u32, Reader<'_>)> {
    if bytes.len() > MAX_BYTES {
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
        m.push_str(" only: compile the guide again with this version");
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

fn fill_text(s: &mut Scenario, lang: usize, r: &mut Reader<'_>) -> Result<()> {
    let mut err = None;
    texts_mut(s, &mut |t| {
        if err.is_none() {
            match r.rich() {
                Ok(rich) => *t = with_text(t, lang, rich),
                Err(e) => err = Some(e),
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

// ---- writing -------------------------------------------------------------

fn varint(w: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        w.push(n as u8 | 0x80);
        n >>= 7;
    }
    w.push(n as u8);
}

fn f64w(w: &mut Vec<u8>, v: f64) {
    let whole =
        v.fract() == 0.0 && v.abs() < 2_147_483_648.0 && !(v == 0.0 && v.is_sign_negative());
    if whole {
        let i = v as i64;
        varint(w, (((i << 1) ^ (i >> 63)) as u64) << 1);
    } else {
        varint(w, 1);
        w.extend_from_slice(&v.to_le_bytes());
    }
}

fn str_w(w: &mut Vec<u8>, s: &str) {
    varint(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

fn opt_str_w(w: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => w.push(0),
        Some(s) => {
            w.push(1);
            str_w(w, s);
        }
    }
}

fn opt_w(w: &mut Vec<u8>, n: Option<usize>) {
    varint(w, n.map_or(0, |n| n as u64 + 1));
}

fn list_w(w: &mut Vec<u8>, xs: &[usize]) {
    varint(w, xs.len() as u64);
    for &x in xs {
        varint(w, x as u64);
    }
}

fn expr_w(w: &mut Vec<u8>, e: &Expr) {
    let codes: Vec<Code> = e.codes().collect();
    varint(w, codes.len() as u64);
    for c in codes {
        match c {
            Code::Const(v) => {
                w.push(0);
                f64w(w, v);
            }
            Code::Var(i) => {
                w.push(1);
                varint(w, i as u64);
            }
            Code::Op(k) => w.push(k),
        }
    }
}

fn opt_expr_w(w: &mut Vec<u8>, e: Option<&Expr>) {
    match e {
        None => w.push(0),
        Some(e) => {
            w.push(1);
            expr_w(w, e);
        }
    }
}

fn effects_w(w: &mut Vec<u8>, effects: &[Effect]) {
    varint(w, effects.len() as u64);
    for e in effects {
        varint(w, e.variable as u64);
        match &e.op {
            EffectOp::Set(x) => {
                w.push(0);
                expr_w(w, x);
            }
            EffectOp::Add(x) => {
                w.push(1);
                expr_w(w, x);
            }
            EffectOp::Clamp(lo, hi) => {
                w.push(2);
                expr_w(w, lo);
                expr_w(w, hi);
            }
        }
    }
}

fn routes_w(w: &mut Vec<u8>, routes: &[Route]) {
    varint(w, routes.len() as u64);
    for r in routes {
        opt_expr_w(w, r.when.as_ref());
        match r.to {
            Target::Node(n) => varint(w, (n as u64) << 1),
            Target::Ending(e) => varint(w, (e as u64) << 1 | 1),
        }
    }
}

fn step_w(w: &mut Vec<u8>, step: &Step) {
    match step {
        Step::Next(routes) => {
            w.push(0);
            routes_w(w, routes);
        }
        Step::Outcomes(outs) => {
            w.push(1);
            varint(w, outs.len() as u64);
            for o in outs {
                expr_w(w, &o.weight);
                effects_w(w, &o.effects);
                routes_w(w, &o.next);
            }
        }
    }
}

/// Span kinds: one byte each. A new kind of span is one arm here and one in
/// `Reader::span` (and a format bump if old runtimes must refuse it).
fn write_span(w: &mut Vec<u8>, s: &Span) {
    match s {
        Span::Text { text } => {
            w.push(0);
            str_w(w, text);
        }
        Span::Em { text } => {
            w.push(1);
            str_w(w, text);
        }
        Span::Strong { text } => {
            w.push(2);
            str_w(w, text);
        }
        Span::Link { text, href } => {
            w.push(3);
            str_w(w, text);
            str_w(w, href);
        }
        Span::Cite { key } => {
            w.push(4);
            str_w(w, key);
        }
        Span::Marker { marker } => {
            w.push(5);
            w.push(match marker {
                Marker::Game => 0,
                Marker::Model => 1,
            });
        }
    }
}

fn write_rich(w: &mut Vec<u8>, rich: &Rich) {
    varint(w, rich.len() as u64);
    for p in rich {
        varint(w, p.len() as u64);
        for s in p {
            write_span(w, s);
        }
    }
}

// ---- reading -------------------------------------------------------------

struct Reader<'a> {
    b: &'a [u8],
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

    fn u32(&mut self) -> Result<u32> {
        let x = self.take(4)?;
        Ok(u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    }

    fn varint(&mut self) -> Result<u64> {
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
        match std::str::from_utf8(bytes) {
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

    fn f64(&mut self) -> Result<f64> {
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
        let codes = self.list("an expression", 4 * super::expr::MAX_LEN, |r| {
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
fn with_text(t: &LocalText, lang: usize, rich: Rich) -> LocalText {
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

fn bad(message: &str) -> Error {
    let mut m = String::from("compiled guide: ");
    m.push_str(message);
    Error::compiled(m)
}

fn out_of_range(what: &str) -> Error {
    let mut m = String::from(what);
    m.push_str(" is out of range (the file was altered or crafted)");
    bad(&m)
}

fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn hex32(n: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..8)
        .rev()
        .map(|i| HEX[(n >> (i * 4) & 0xf) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
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
        let files = compile(&s);
        assert_eq!(files.len(), s.meta.languages.len());
        for f in &files {
            let back = load(&f.bytes).unwrap();
            assert_eq!(play_hash(&back), play_hash(&s));
            let again = compile(&back);
            let mine = files.iter().position(|x| x.language == f.language).unwrap();
            assert_eq!(again[mine].bytes, f.bytes, "{}", f.language);
        }
        assert!(files[0].file_name("g").starts_with("g.en."));
    }

    #[test]
    fn another_format_is_refused_by_number() {
        let mut b = compile(&guide()).remove(0).bytes;
        b[4] = 9;
        let e = load(&b).unwrap_err().to_string();
        assert!(e.contains("format 9") && e.contains("format 1"), "{e}");
        assert!(load(b"{\"meta\":1}")
            .unwrap_err()
            .to_string()
            .contains("not a compiled guide"));
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
            assert!(load(&b).is_err());
            reseal(&mut b);
            assert!(load(&b).is_err());
        }
    }

    #[test]
    fn addresses_in_a_crafted_file_are_held_to_the_checker_s_rules() {
        let mut s = guide();
        s.meta.sources[0].url = Some("https://www.federal\0register.gov/".into());
        let e = load(&compile(&s)[0].bytes).unwrap_err().to_string();
        assert!(e.contains("source's address"), "{e}");
        let mut s = guide();
        s.nodes[0].image = Some(Image {
            src: "https://elsewhere.example/x.png".into(),
            alt: LocalText::default(),
            caption: None,
        });
        let e = load(&compile(&s)[0].bytes).unwrap_err().to_string();
        assert!(e.contains("image address"), "{e}");
    }

    #[test]
    fn every_cut_is_a_clear_error() {
        let b = compile(&guide()).remove(0).bytes;
        for n in (0..b.len()).step_by(61) {
            let mut cut = b[..n].to_vec();
            reseal(&mut cut);
            assert!(load(&cut).is_err(), "cut at {n}");
        }
    }
}
