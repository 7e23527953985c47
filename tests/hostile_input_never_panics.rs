//! Hostile input at the entry points — scenario files, expressions, rich
//! text markup, share tokens, and language files added to a run — never
//! panics: each returns a value or a clear, located error, and a refused
//! share token or language file leaves the run as it was.
//!
//! This is the bounded, stable-toolchain pass that CI runs on every build
//! (`npm test`); the open-ended search is `cargo fuzz` (see `fuzz/README.md`),
//! which uses the very same checks (`tests/common/hostile.rs`). Every input
//! the fuzzer kept or crashed on is replayed here from `fuzz/seeds/` and
//! `fuzz/regressions/`, so a fixed crash stays fixed.

#[path = "common/hostile.rs"]
mod hostile;

use agreement_guide::Guide;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::{Arc, OnceLock};

const SHIPPED: [&str; 3] = [
    "scenarios/us-china-2015.json",
    "scenarios/wto-disputes.json",
    "tests/fixtures/valid/minimal.json",
];

fn source(i: usize) -> &'static str {
    static SOURCES: OnceLock<Vec<String>> = OnceLock::new();
    &SOURCES.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    })[i]
}

fn parsed(i: usize) -> Value {
    serde_json::from_str(source(i)).unwrap()
}

/// A run of the US–China guide three steps in, and its share token.
fn us_china_run() -> (Guide, String) {
    let mut g = Guide::from_json(source(0), 2015).unwrap();
    for _ in 0..3 {
        let id = g
            .view("en")
            .choices
            .into_iter()
            .find(|c| c.enabled)
            .unwrap()
            .id;
        g.choose(&id).unwrap();
    }
    let t = g.save();
    (g, t)
}

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn every_kept_fuzz_input_and_fixture_passes_the_checks_of_its_entry_point() {
    let mut scenarios = 0;
    for dir in [
        "scenarios",
        "templates",
        "tests/fixtures/valid",
        "tests/fixtures/invalid",
        "tests/fixtures/hostile",
        "fuzz/regressions/scenario",
    ] {
        for p in files(dir) {
            if p.extension().is_some_and(|e| e == "json") || dir.starts_with("fuzz") {
                hostile::scenario(&hostile::text_of(&std::fs::read(&p).unwrap()), 7);
                scenarios += 1;
            }
        }
    }
    assert!(scenarios > 30, "only {scenarios} scenario inputs found");
    let (run, _) = us_china_run();
    for target in ["expression", "markup", "token", "language"] {
        let kept = [
            format!("fuzz/seeds/{target}"),
            format!("fuzz/regressions/{target}"),
        ];
        let inputs: Vec<_> = kept.iter().flat_map(|d| files(d)).collect();
        assert!(
            target != "expression" || inputs.len() > 20,
            "the {target} corpus is missing"
        );
        for p in inputs {
            let bytes = std::fs::read(&p).unwrap();
            match target {
                "expression" => {
                    hostile::expression(&hostile::text_of(&bytes), &[50.0, f64::NAN, 1.0]);
                    // The fuzz target's layout: 24 bytes of values, then the text.
                    if bytes.len() >= 24 {
                        let (v, t) = bytes.split_at(24);
                        let vars: Vec<f64> = v
                            .chunks_exact(8)
                            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                            .collect();
                        hostile::expression(&hostile::text_of(t), &vars);
                    }
                }
                "markup" => hostile::markup(&hostile::text_of(&bytes)),
                "language" => hostile::language_input(&bytes),
                _ => hostile::token(&mut run.clone(), &hostile::text_of(&bytes)),
            }
        }
    }
}

/// Values an attacker would put anywhere in a scenario.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!(1e308)),
        Just(json!(-1e308)),
        Just(json!(4294967296u64)),
        Just(json!(18446744073709551615u64)),
        Just(json!(0.1)),
        Just(json!(true)),
        Just(json!("")),
        Just(json!("monhts")),
        Just(json!("trust >= && (")),
        Just(json!(
            "((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))"
        )),
        Just(json!(
            "[x](javascript:alert(1)) <script>alert(1)</script> \u{202e}"
        )),
        Just(json!("x".repeat(30_000))),
        Just(json!([])),
        Just(json!({})),
        Just(serde_json::from_str(&format!("{}1{}", "[".repeat(40), "]".repeat(40))).unwrap()),
        "[a-z_]{1,8}".prop_map(Value::String),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn paths_in(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| {
            paths_in(
                v,
                format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| paths_in(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// One structural edit: replace a value, drop it, duplicate an array item,
/// add an unknown key, or swap it with another value in the file.
fn edit(
    doc: &mut Value,
    at: prop::sample::Index,
    other: prop::sample::Index,
    how: u8,
    with: Value,
) {
    let mut slots = Vec::new();
    paths_in(doc, String::new(), &mut slots);
    let path = slots[at.index(slots.len())].clone();
    let elsewhere = doc
        .pointer(&slots[other.index(slots.len())])
        .cloned()
        .unwrap_or(Value::Null);
    let (parent, key) = path.rsplit_once('/').unwrap_or(("", ""));
    match how {
        0 | 1 => {
            if let Some(v) = doc.pointer_mut(&path) {
                *v = with;
            }
        }
        2 => {
            if let Some(v) = doc.pointer_mut(&path) {
                *v = elsewhere;
            }
        }
        3 => match doc.pointer_mut(parent) {
            Some(Value::Object(m)) => {
                m.remove(key);
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < a.len() {
                        a.remove(i);
                    }
                }
            }
            _ => {}
        },
        4 => {
            if let Some(Value::Array(a)) = doc.pointer_mut(parent) {
                if let Ok(i) = key.parse::<usize>() {
                    let copy = a[i].clone();
                    a.insert(i, copy);
                }
            }
        }
        _ => {
            if let Some(Value::Object(m)) = doc.pointer_mut(&path) {
                m.insert("onload".into(), with);
            }
        }
    }
}

fn random_expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("trust".to_string()),
        Just("pressure".to_string()),
        Just("sanctions_on".to_string()),
        Just("santcions".to_string()),
        (-1e9f64..1e9).prop_map(|f| format!("{f}")),
        Just("1e308".to_string()),
        Just("0".to_string()),
    ];
    let tree = leaf.prop_recursive(40, 400, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                "(\\+|-|\\*|/|<|<=|>|>=|==|!=|&&|\\|\\|)",
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("!{a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("{a} ? {b} : {c}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(a, b, c)| format!("clamp({a}, {b}, {c})")),
        ]
    });
    prop_oneof![
        3 => tree,
        1 => "[a-z_ 0-9.()!?:<>=&|+*/-]{0,200}",
        1 => ".{0,64}",
        1 => (1usize..3000).prop_map(|n| "(".repeat(n) + "1" + &")".repeat(n)),
        1 => (1usize..3000).prop_map(|n| "-".repeat(n) + "1"),
        1 => (1usize..700).prop_map(|n| vec!["1"; n].join("+")),
    ]
}

fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        -200f64..200.0
    ]
}

fn random_markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("*".to_string()),
        Just("**".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("[^".to_string()),
        Just("\\".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("https://".to_string()),
        Just("javascript:".to_string()),
        Just("data:text/html,".to_string()),
        Just("vbscript:".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{0}".to_string()),
        Just("<script>".to_string()),
        Just("\"".to_string()),
        Just(" ".to_string()),
        "[a-z.]{1,6}",
        ".{1,3}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// A token of the US–China guide with its checksum recomputed, so only its
/// content (not its checksum) is wrong.
fn resigned(body: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in body.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{body}.{h:08x}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn byte_mutated_shipped_scenarios_load_or_are_refused_with_located_errors(
        which in 0usize..SHIPPED.len(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..5), 1..8),
        seed in any::<u64>(),
    ) {
        let mut bytes = source(which).as_bytes().to_vec();
        for (at, b, how) in cuts {
            if bytes.is_empty() {
                // An earlier cut emptied the file (itself a case the check below covers); grow it again.
                bytes.push(b);
                continue;
            }
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = b,
                1 => { bytes.remove(i); }
                2 => bytes.insert(i, b),
                3 => bytes.truncate(i),
                _ => { let j = (i + b as usize * 8).min(bytes.len()); bytes.drain(i..j); }
            }
        }
        hostile::scenario(&hostile::text_of(&bytes), seed);
    }

    #[test]
    fn structurally_mutated_shipped_scenarios_load_or_are_refused_with_located_errors(
        which in 0usize..SHIPPED.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..6, hostile_value()), 1..5),
        seed in any::<u64>(),
    ) {
        let mut doc = parsed(which);
        for (at, other, how, with) in edits {
            edit(&mut doc, at, other, how, with);
        }
        hostile::scenario(&doc.to_string(), seed);
    }

    #[test]
    fn random_expressions_parse_and_evaluate_to_a_number_or_are_refused_at_a_column(
        src in random_expression(),
        vars in prop::collection::vec(any_value(), 0..4),
    ) {
        hostile::expression(&src, &vars);
    }

    #[test]
    fn random_markup_never_yields_an_unsafe_link(src in random_markup()) {
        hostile::markup(&src);
    }

    #[test]
    fn random_text_as_a_token_is_refused_with_the_run_unchanged(token in ".{0,120}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let (run, _) = us_china_run();
        hostile::token(&mut run.clone(), &token);
        hostile::token(&mut run.clone(), &String::from_utf8_lossy(&bytes));
        let mut prefixed = run.clone();
        hostile::token(&mut prefixed, &format!("ag1.us-china-2015.{token}"));
        prop_assert_eq!(prefixed.save(), run.save());
    }

    #[test]
    fn a_truncated_or_bit_flipped_token_is_refused_and_the_run_kept(
        seed in any::<u64>(),
        steps in 0usize..12,
        decided in any::<bool>(),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..7,
    ) {
        // A token in format 1 (drawn outcomes) or 2 (a decided outcome).
        let mut g = Guide::from_json(source(0), seed).unwrap();
        for i in 0..steps {
            if g.is_finished() { break; }
            let v = g.view("en");
            let c = v.choices.iter().filter(|c| c.enabled).nth(i % 2).or_else(|| v.choices.iter().find(|c| c.enabled)).unwrap();
            let possible = c.outcomes.iter().find(|o| o.probability > 0.0);
            match possible {
                Some(o) if decided => g.choose_outcome(&c.id.clone(), &o.id.clone()).unwrap(),
                _ => g.choose(&c.id.clone()).unwrap(),
            }
        }
        let token = g.save();
        let (run, _) = us_china_run();
        let before = run.save();

        let short = &token[..cut.index(token.len())];
        let mut r = run.clone();
        hostile::token(&mut r, short);
        prop_assert!(r.restore(short).is_err(), "a cut token {short} was accepted");
        prop_assert_eq!(r.save(), before.clone());

        let mut flipped = token.clone().into_bytes();
        let i = flip.index(flipped.len());
        flipped[i] ^= 1 << bit;
        let flipped = String::from_utf8_lossy(&flipped).to_string();
        let mut r = run.clone();
        hostile::token(&mut r, &flipped);
        if flipped.trim() != token {
            prop_assert!(r.clone().restore(&flipped).is_err(), "a flipped token {flipped} was accepted");
            prop_assert_eq!(r.save(), before);
        }

        // The untouched token restores exactly.
        let mut r = run.clone();
        r.restore(&token).unwrap();
        prop_assert_eq!(r.save(), token);
    }

    #[test]
    fn a_token_for_another_guide_or_version_or_absurdly_long_is_refused_with_a_reason(
        version in 0u32..1000,
        path in "[0-9a-z]{0,40}",
        long in 1usize..6000,
        format in 1u32..3,
    ) {
        let (run, token) = us_china_run();
        let (body, _) = token.rsplit_once('.').unwrap();
        let parts: Vec<&str> = body.split('.').collect();
        let ours = run.scenario().meta.version;

        let other_guide = resigned(&format!("ag{format}.wto-disputes.{}.{}.{}", parts[2], parts[3], parts[4]));
        let e = run.clone().restore(&other_guide).unwrap_err().to_string();
        prop_assert!(e.contains("wto-disputes") && e.contains("us-china-2015"), "{}", e);

        if version != ours {
            let other_version = resigned(&format!("ag{format}.us-china-2015.{version}.{}.{}", parts[3], parts[4]));
            let e = run.clone().restore(&other_version).unwrap_err().to_string();
            prop_assert!(e.contains(&format!("version {version}")) && e.contains(&format!("version {ours}")), "{}", e);
        }

        let any_path = resigned(&format!("ag{format}.us-china-2015.{ours}.{}.{path}", parts[3]));
        hostile::token(&mut run.clone(), &any_path);
        // Format 3 adds the classroom's flashpoint bits.
        let with_bits = resigned(&format!("ag3.us-china-2015.{ours}.{}.{path}.{}", parts[3], &path[..path.len().min(14)]));
        hostile::token(&mut run.clone(), &with_bits);

        let absurd = resigned(&format!("ag{format}.us-china-2015.{ours}.{}.{}", parts[3], "0".repeat(long)));
        let mut r = run.clone();
        hostile::token(&mut r, &absurd);
        if absurd.len() > 4_096 {
            prop_assert!(r.restore(&absurd).unwrap_err().to_string().contains("at most"), "{} steps restored", long);
            prop_assert_eq!(r.save(), token.clone());
        }

        let padded = format!("{}{}", " ".repeat(long), token);
        hostile::token(&mut run.clone(), &padded);
    }
}

#[test]
fn a_huge_token_is_refused_before_it_is_read() {
    let (mut run, token) = us_china_run();
    for n in [4_097, 100_000, 10_000_000] {
        let huge = resigned(&format!("ag1.us-china-2015.1.0.{}", "0".repeat(n)));
        let e = run.restore(&huge).unwrap_err().to_string();
        assert!(e.contains("at most 4096"), "{e}");
    }
    assert_eq!(run.save(), token);
}

#[test]
fn the_injection_guide_plays_and_no_view_carries_an_unsafe_link_or_an_open_bidi_override() {
    assert!(Path::new("tests/fixtures/hostile").is_dir());
    let s = Arc::new(
        agreement_guide::load_scenario(
            &std::fs::read_to_string("tests/fixtures/hostile/injection.json").unwrap(),
        )
        .unwrap(),
    );
    for seed in 0..20 {
        hostile::play(&s, seed);
    }
}

/// A source's address is held to the rule its links are: a mutation that puts
/// a space, quote or control character into it (which the byte-mutation pass
/// above can do) is refused at load, never shown as a link.
#[test]
fn a_source_address_that_could_break_out_of_a_link_is_refused_at_load() {
    for bad in [
        "https://example.org/a b",
        "https://example.org/\"onmouseover=\"x",
        "https://example.org/<x>",
        "https://example.org/\\x",
        "https://example.org/\u{7}",
        "https://example.org/javascript:al\u{202e}(1)",
        "https:///no-host",
    ] {
        let mut doc: Value = serde_json::from_str(source(0)).unwrap();
        doc["meta"]["sources"]["vox"]["url"] = json!(bad);
        let err = agreement_guide::load_scenario(&doc.to_string())
            .err()
            .unwrap_or_else(|| panic!("{bad:?} was accepted"));
        assert!(
            err.diagnostics().iter().any(
                |d| d.location == "meta.sources.vox.url" && d.code.to_string() == "unsafe-link"
            ),
            "{bad:?}: {:?}",
            err.diagnostics()
        );
    }
}

/// Free strings that reach the page without markup — a source's date, a
/// choice's tags — have any bidi override they leave open closed, in the JSON
/// path and after a compile → load round trip (found by the structural pass:
/// a date or tag ending in U+202E reached the view open).
#[test]
fn a_date_or_tag_that_leaves_a_bidi_override_open_is_closed_before_the_view() {
    let open = "late \u{202e}";
    let mut doc: Value = serde_json::from_str(source(2)).unwrap();
    doc["meta"]["sources"]["src"]["date"] = json!(open);
    doc["nodes"][0]["choices"][0]["tags"] = json!([open]);
    let s = Arc::new(agreement_guide::load_scenario(&doc.to_string()).unwrap());
    hostile::play(&s, 1);
    let compiled = agreement_guide::model::pack::pack(&s);
    let mut again = agreement_guide::model::pack::unpack(&compiled[0].bytes).unwrap();
    for c in &compiled[1..] {
        agreement_guide::model::pack::unpack_language(&mut again, &c.bytes).unwrap();
    }
    assert_eq!(
        again.meta.sources[0].date.as_deref(),
        Some("late \u{202e}\u{202c}")
    );
    assert_eq!(again.tags[0], "late \u{202e}\u{202c}");
    hostile::play(&Arc::new(again), 1);
}

/// A link in markup whose address holds a bidi control is refused with a
/// plain, located message and kept as text (the scenario fuzzer found such an
/// address reaching the view: fuzz/regressions/scenario/).
#[test]
fn a_markup_link_whose_address_holds_a_bidi_control_is_refused() {
    let mut doc: Value = serde_json::from_str(source(2)).unwrap();
    doc["nodes"][0]["body"] = json!("See [this](https://example.org/a\u{202e}b).[^src]");
    let Err(err) = agreement_guide::load_scenario(&doc.to_string()) else {
        panic!("the link was accepted");
    };
    let d = err
        .diagnostics()
        .iter()
        .find(|d| d.location == "nodes[0].body")
        .unwrap_or_else(|| panic!("{:?}", err.diagnostics()));
    assert!(d.message.contains("bidi controls"), "{}", d.message);
    hostile::markup("[x](https://example.org/a\u{202e}b)");
}
