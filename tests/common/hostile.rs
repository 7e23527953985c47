//! What every hostile-input entry point must do, checked in one place and
//! shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`, via `#[path]`) and
//! the bounded CI pass (`tests/hostile_input_never_panics.rs`).
//!
//! The rule for all four entry points — scenario loading, expressions, rich
//! text markup and share tokens — is the same: never panic; either succeed,
//! or fail with a clear, located message and leave nothing changed. Each
//! function here panics (so a fuzzer records a crash, a test fails) when that
//! rule is broken.
#![allow(dead_code)]

use agreement_guide::{
    load_scenario, parse_markup, DiagnosticCode, Expr, Guide, Scenario, Severity, Span,
};
use std::sync::Arc;

/// Languages a random run asks for: declared, undeclared and malformed ones.
const LANGUAGES: [&str; 4] = ["en", "zh", "xx-\u{202e}", ""];

/// True for an address a page may turn into a link: absolute https with a
/// host, and nothing that could break out of an attribute or a URL, or
/// reorder the text around it (bidi controls).
pub fn is_safe_link(href: &str) -> bool {
    let Some(rest) = href.strip_prefix("https://") else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !href.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

/// Panics unless every link span in `spans` carries a safe https address.
pub fn assert_safe_spans<'a>(spans: impl IntoIterator<Item = &'a Span>, what: &str) {
    for s in spans {
        if let Span::Link { href, .. } = s {
            assert!(
                is_safe_link(href),
                "{what}: a link span carries the unsafe address {href:?}"
            );
        }
    }
}

/// Panics unless every `href` or `url` anywhere in a serialised view or info
/// is a safe https address: what reaches the page can never be a script link.
pub fn assert_no_unsafe_address(value: &serde_json::Value, what: &str) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "href" || k == "url" {
                    if let Some(s) = v.as_str() {
                        assert!(is_safe_link(s), "{what}: {k} = {s:?} reached the view");
                    }
                }
                assert_no_unsafe_address(v, what);
            }
        }
        serde_json::Value::String(s) => {
            let mut closed = s.clone();
            agreement_guide::model::text::close_bidi(&mut closed);
            assert_eq!(&closed, s, "{what}: a string leaves a bidi override open");
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| assert_no_unsafe_address(v, what))
        }
        _ => {}
    }
}

/// Scenario text from any bytes: loading takes `&str`, so invalid UTF-8 is
/// what a front end's decoder would make of it.
pub fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Loads `src` with the full check. A refusal must list at least one error,
/// each with a plain message and a place (a line and column, or a path); a
/// scenario that loads must play: see [`play`].
pub fn scenario(src: &str, seed: u64) -> Option<Arc<Scenario>> {
    match load_scenario(src) {
        Err(e) => {
            let diags = e.diagnostics();
            assert!(!diags.is_empty(), "a refused scenario must say why: {e}");
            assert!(
                diags.iter().any(|d| d.severity == Severity::Error),
                "refused with warnings only: {diags:?}"
            );
            for d in diags {
                assert!(
                    !d.message.trim().is_empty(),
                    "a diagnostic with no message: {d:?}"
                );
                let file_level = matches!(
                    d.code,
                    DiagnosticCode::TooLarge | DiagnosticCode::CheckIncomplete
                );
                assert!(
                    d.line.is_some() || !d.location.is_empty() || file_level,
                    "a diagnostic with no location: {d:?}"
                );
                if let (Some(l), Some(c)) = (d.line, d.column) {
                    assert!(l >= 1 && c >= 1, "line and column are 1-based: {d:?}");
                    assert!(
                        l <= src.lines().count().max(1) + 1,
                        "line {l} is past the end of the file: {d:?}"
                    );
                }
            }
            None
        }
        Ok(s) => {
            let s = Arc::new(s);
            play(&s, seed);
            Some(s)
        }
    }
}

/// Plays a loaded scenario for a bounded number of steps, picking with
/// `seed`: every view is safe to render, and save → restore reproduces it.
pub fn play(scenario: &Arc<Scenario>, seed: u64) {
    let mut g = Guide::new(Arc::clone(scenario), seed);
    let mut pick = seed;
    for lang in LANGUAGES {
        let info = serde_json::to_value(g.info(lang)).expect("info serialises");
        assert_no_unsafe_address(&info, "info");
    }
    for step in 0..64 {
        let lang = LANGUAGES[step % LANGUAGES.len()];
        let view = g.view(lang);
        for p in view
            .node
            .iter()
            .flat_map(|n| n.body.iter().chain(n.heading.iter()))
        {
            assert_safe_spans(p, "node text");
        }
        assert_no_unsafe_address(
            &serde_json::to_value(&view).expect("view serialises"),
            "view",
        );
        if g.is_finished() {
            break;
        }
        let enabled: Vec<_> = view.choices.iter().filter(|c| c.enabled).collect();
        if enabled.is_empty() {
            // A dead end is refused by the full check; it can only be reached past the state limit.
            assert!(
                scenario
                    .warnings
                    .iter()
                    .any(|w| w.code == DiagnosticCode::CheckIncomplete),
                "a checked scenario reached a dead end at step {step}"
            );
            break;
        }
        pick = pick
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let id = enabled[(pick >> 33) as usize % enabled.len()].id.clone();
        g.choose(&id)
            .unwrap_or_else(|e| panic!("an enabled choice {id:?} was refused: {e}"));
        if step % 7 == 3 {
            let token = g.save();
            let mut again = Guide::new(Arc::clone(scenario), seed ^ 1);
            again
                .restore(&token)
                .unwrap_or_else(|e| panic!("its own token {token} was refused: {e}"));
            assert_eq!(again.save(), token, "restore reproduces the run");
            assert_eq!(again.values(), g.values());
        }
    }
    if !g.steps().is_empty() {
        let before = g.save();
        g.undo().expect("undo after a step");
        assert_ne!(g.save(), before, "undo changes the run");
    }
}

/// Parses `src` as an expression over three variables and evaluates it: a
/// refusal names a column inside the text; a parsed expression evaluates to
/// a finite number for any inputs.
pub fn expression(src: &str, vars: &[f64]) {
    let names = ["trust", "pressure", "sanctions_on"];
    let resolve = |n: &str| names.iter().position(|k| *k == n);
    match Expr::parse_with(src, &resolve, &names) {
        Err(e) => {
            assert!(
                !e.message.trim().is_empty(),
                "an expression error with no message"
            );
            assert!(
                e.column >= 1 && e.column <= src.chars().count() + 1,
                "column {} is outside the expression ({} characters): {}",
                e.column,
                src.chars().count(),
                e.message
            );
        }
        Ok(expr) => {
            let v = expr.eval(vars);
            assert!(v.is_finite(), "{src:?} evaluated to {v}");
            let _ = expr.holds(vars);
            assert_eq!(expr.source(), src);
        }
    }
}

/// Parses `src` as rich text: never a script link, every unsafe link
/// reported, and no word lost.
pub fn markup(src: &str) {
    let (rich, problems) = parse_markup(src);
    for p in &rich {
        assert_safe_spans(p, "markup");
    }
    for p in &problems {
        assert!(!p.message.trim().is_empty());
    }
}

/// Restores `token` into a run of `guide`: either a clear error and the run
/// unchanged, or a run whose own token restores to the same state.
pub fn token(guide: &mut Guide, token: &str) {
    let before = guide.save();
    let values = guide.values().to_vec();
    match guide.restore(token) {
        Err(e) => {
            assert!(
                !e.to_string().trim().is_empty(),
                "a refused token must say why"
            );
            assert_eq!(guide.save(), before, "a refused token changed the run");
            assert_eq!(
                guide.values(),
                values.as_slice(),
                "a refused token changed the values"
            );
        }
        Ok(()) => {
            let again = guide.save();
            let mut other = Guide::new(Arc::clone(guide.scenario_arc()), 0);
            other
                .restore(&again)
                .unwrap_or_else(|e| panic!("a restored run's own token {again} was refused: {e}"));
            assert_eq!(other.save(), again);
            assert_eq!(other.values(), guide.values());
            assert_eq!(other.position(), guide.position());
        }
    }
}

/// Loads any bytes as a compiled guide (`scenario::compiled`, the reader
/// runtime's loader, which skips the checker): a refusal is a plain
/// message; a file that loads plays a bounded run with every view safe to
/// render, and save → restore reproduces it. A crafted file may hold a dead
/// end (the check ran when a real file was compiled): the run just stops.
pub fn compiled(bytes: &[u8], seed: u64) {
    let mut g = match Guide::from_packed(bytes, seed) {
        Ok(g) => g,
        Err(e) => {
            let m = e.to_string();
            assert!(
                m.starts_with("compiled guide: ") && m.len() > 20,
                "unclear refusal: {m}"
            );
            return;
        }
    };
    let mut pick = seed;
    for lang in LANGUAGES {
        assert_no_unsafe_address(
            &serde_json::to_value(g.info(lang)).expect("info serialises"),
            "info",
        );
    }
    for step in 0..64 {
        let view = g.view(LANGUAGES[step % LANGUAGES.len()]);
        assert_no_unsafe_address(
            &serde_json::to_value(&view).expect("view serialises"),
            "view",
        );
        let enabled: Vec<_> = view.choices.iter().filter(|c| c.enabled).collect();
        if g.is_finished() || enabled.is_empty() {
            break;
        }
        pick = pick
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let id = enabled[(pick >> 33) as usize % enabled.len()].id.clone();
        if g.choose(&id).is_err() {
            // Two choices of one card may share an id in a crafted file; the first is taken.
            break;
        }
        if step % 5 == 2 {
            let token = g.save();
            let mut again = g.clone();
            again.restart_with_seed(seed ^ 1);
            again
                .restore(&token)
                .unwrap_or_else(|e| panic!("its own token {token} was refused: {e}"));
            assert_eq!(again.save(), token, "restore reproduces the run");
        }
    }
    if !g.steps().is_empty() {
        g.undo().expect("undo after a step");
    }
}

/// A fuzz input for the compiled-file loader, as `fuzz/fuzz_targets/compiled.rs`
/// and the replay of kept inputs read it: one that starts with the format's
/// magic (`AGGC`) is a file as it is; any other patches the shipped guide's
/// compiled English file (a mode byte, then triples of position and byte;
/// mode bit 2 also cuts it) and refits its hashes, so the input reaches the
/// decoder and the player behind the checksum. Then [`compiled`].
pub fn compiled_input(data: &[u8]) {
    use std::sync::OnceLock;
    static SHIPPED: OnceLock<Vec<u8>> = OnceLock::new();
    if data.starts_with(b"AGGC") {
        return compiled(data, 1);
    }
    let Some(&mode) = data.first() else {
        return compiled(data, 1);
    };
    let shipped = SHIPPED.get_or_init(|| {
        let s = load_scenario(include_str!("../../scenarios/us-china-2015.json"))
            .expect("the shipped guide loads");
        agreement_guide::model::pack::pack(&s).remove(0).bytes
    });
    compiled(&patched(shipped, data), mode as u64);
}

/// `file` patched by a fuzz input (a mode byte, then triples of position and
/// byte; mode bit 2 also cuts it), its hashes refitted.
fn patched(file: &[u8], data: &[u8]) -> Vec<u8> {
    let mut file = file.to_vec();
    let Some((&mode, rest)) = data.split_first() else {
        return file;
    };
    for patch in rest.chunks_exact(3) {
        let at = u16::from_le_bytes([patch[0], patch[1]]) as usize * 7 % file.len();
        file[at] = patch[2];
    }
    if mode & 2 == 2 {
        let keep =
            u16::from_le_bytes([mode, rest.first().copied().unwrap_or(0)]) as usize % file.len();
        file.truncate(keep.max(8));
    }
    agreement_guide::model::pack::reseal(&mut file);
    file
}

/// A fuzz input for a language file added to a run of the shipped guide
/// (`Guide::add_language`: the reader fetches a second language's compiled
/// file when the reader switches to it). One that starts with the magic is
/// a file as it is; any other patches the shipped guide's compiled Chinese
/// file as [`compiled_input`] does, so it gets past the checksum and, when
/// the patches miss the core, past the check that it belongs to this guide.
/// A refusal is a plain `compiled guide: …` message and leaves the run's
/// info and views as they were; a file that is taken gives a guide that
/// plays safely in every language: see [`play`].
pub fn language_input(data: &[u8]) {
    use std::sync::OnceLock;
    static SHIPPED: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    let (en, zh) = SHIPPED.get_or_init(|| {
        let s = load_scenario(include_str!("../../scenarios/us-china-2015.json"))
            .expect("the shipped guide loads");
        let files = agreement_guide::model::pack::pack(&s);
        let of = |l: &str| {
            files
                .iter()
                .find(|f| f.language == l)
                .unwrap()
                .bytes
                .clone()
        };
        (of("en"), of("zh"))
    });
    let file = if data.starts_with(b"AGGC") {
        data.to_vec()
    } else {
        patched(zh, data)
    };
    let mut g = Guide::from_packed(en, 1).expect("the shipped English file loads");
    let shown = |g: &Guide| -> Vec<serde_json::Value> {
        LANGUAGES
            .iter()
            .flat_map(|l| {
                [
                    serde_json::to_value(g.info(l)).expect("info serialises"),
                    serde_json::to_value(g.view(l)).expect("view serialises"),
                ]
            })
            .collect()
    };
    let before = shown(&g);
    match g.add_language(&file) {
        Err(e) => {
            let m = e.to_string();
            assert!(
                m.starts_with("compiled guide: ") && m.len() > 20,
                "unclear refusal: {m}"
            );
            assert!(
                shown(&g) == before,
                "a refused language file changed the guide"
            );
        }
        Ok(()) => play(g.scenario_arc(), data.first().copied().unwrap_or(0) as u64),
    }
}
