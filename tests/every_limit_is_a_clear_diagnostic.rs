//! Every bound on a scenario — file size, JSON nesting, node, choice,
//! outcome and variable counts, text length, expression length and depth,
//! reachable states and moves — is reported as a plain, located diagnostic
//! (or a clear error from the analysis), never a hang or running out of memory.
//! How long the crafted scenarios take is printed, not asserted (see the
//! note in `fuzz/README.md` for measured numbers).

use agreement_guide::{load_scenario, load_scenario_with, Check, DiagnosticCode, ErrorKind, Guide};
use serde_json::{json, Value};
use std::time::Instant;

fn minimal() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap())
        .unwrap()
}

/// The error diagnostics of loading `doc`, as `code location: message`.
fn errors(doc: &str) -> Vec<String> {
    let e = load_scenario(doc).expect_err("the scenario should be refused");
    assert_eq!(e.kind(), ErrorKind::InvalidScenario);
    e.diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}: {}", d.code, d.location, d.message))
        .collect()
}

fn has(found: &[String], code: &str, location: &str, words: &str) {
    assert!(
        found
            .iter()
            .any(|f| f.starts_with(&format!("{code} {location}:")) && f.contains(words)),
        "no {code} at {location} saying {words:?} in {found:#?}"
    );
}

#[test]
fn a_file_over_4_mb_is_refused_before_it_is_parsed() {
    let big = format!("{{\"meta\": \"{}\"}}", "x".repeat(4 * 1024 * 1024));
    let found = errors(&big);
    assert_eq!(
        found,
        [format!(
            "too-large : the file is {} bytes; the limit is 4194304 bytes",
            big.len()
        )]
    );
}

#[test]
fn json_nested_deeper_than_128_levels_is_a_syntax_error_with_a_position() {
    let deep = format!(
        "{{\"meta\": {}1{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = load_scenario(&deep).unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.code, DiagnosticCode::JsonSyntax);
    assert!(
        d.message.contains("nested more than 128 levels deep"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column.is_some()), (Some(1), true));
}

#[test]
fn more_than_5000_nodes_is_refused_at_nodes() {
    let mut doc = minimal();
    let months = doc["nodes"][1].clone();
    let nodes = doc["nodes"].as_array_mut().unwrap();
    for i in 0..5_000 {
        let mut n = months.clone();
        n["id"] = json!(format!("copy-{i}"));
        nodes.push(n);
    }
    has(
        &errors(&doc.to_string()),
        "too-large",
        "nodes",
        "5002 nodes; the limit is 5000",
    );
}

#[test]
fn more_than_36_choices_or_64_outcomes_is_refused_where_they_are() {
    let mut doc = minimal();
    let quiet = doc["nodes"][0]["choices"][2].clone();
    let help = doc["nodes"][0]["choices"][0]["outcomes"][0].clone();
    let choices = doc["nodes"][0]["choices"].as_array_mut().unwrap();
    for i in 0..40 {
        let mut c = quiet.clone();
        c["id"] = json!(format!("more-{i}"));
        choices.push(c);
    }
    let outcomes = doc["nodes"][0]["choices"][0]["outcomes"]
        .as_array_mut()
        .unwrap();
    for i in 0..70 {
        let mut o = help.clone();
        o["id"] = json!(format!("more-{i}"));
        outcomes.push(o);
    }
    let found = errors(&doc.to_string());
    has(
        &found,
        "too-large",
        "nodes[0].choices",
        "43 choices; the limit is 36",
    );
    has(
        &found,
        "too-large",
        "nodes[0].choices[0].outcomes",
        "72 outcomes; the limit is 64",
    );
}

#[test]
fn more_than_256_variables_is_refused_at_variables() {
    let mut doc = minimal();
    let vars = doc["variables"].as_array_mut().unwrap();
    for i in 0..260 {
        vars.push(json!({ "id": format!("v{i}"), "kind": "meter", "label": "V", "min": 0, "max": 1, "start": 0, "shown": false }));
    }
    has(
        &errors(&doc.to_string()),
        "too-large",
        "variables",
        "263 variables; the limit is 256",
    );
}

#[test]
fn a_text_over_20000_bytes_is_refused_where_it_is() {
    let mut doc = minimal();
    doc["nodes"][1]["body"] = json!("word ".repeat(5_000));
    has(
        &errors(&doc.to_string()),
        "too-long",
        "nodes[1].body",
        "text is 25000 bytes; the limit is 20000",
    );
}

#[test]
fn an_expression_too_long_or_too_deep_is_refused_at_its_column() {
    let mut doc = minimal();
    doc["nodes"][0]["choices"][1]["when"] = json!(vec!["angry"; 700].join(" || "));
    doc["nodes"][0]["choices"][0]["outcomes"][0]["weight"] =
        json!(format!("{}trust{}", "(".repeat(40), ")".repeat(40)));
    doc["nodes"][0]["choices"][0]["outcomes"][1]["weight"] =
        json!(format!("{}1", "-".repeat(1_500)));
    let found = errors(&doc.to_string());
    has(
        &found,
        "expression",
        "nodes[0].choices[1].when",
        "expression is 6296 bytes long; the limit is 2000",
    );
    has(
        &found,
        "expression",
        "nodes[0].choices[0].outcomes[0].weight",
        "nested too deeply",
    );
    has(
        &found,
        "expression",
        "nodes[0].choices[0].outcomes[1].weight",
        "nested too deeply",
    );
}

#[test]
fn the_longest_allowed_expression_evaluates_in_a_bounded_number_of_steps() {
    // Evaluation is one pass over the compiled code, which the length bound
    // (2,000 bytes) limits to about a thousand operations: no loops, no calls.
    let src = vec!["1"; 1_000].join("+");
    assert!(src.len() < 2_000);
    let e = agreement_guide::Expr::parse(&src, |_| None).unwrap();
    assert_eq!(e.eval(&[]), 1_000.0);
}

/// A guide with `counters` independent meters that every choice can raise,
/// each choice with `outcomes` outcomes, looping on one card: the state space
/// is astronomically large.
fn explosive(counters: usize, choices: usize, outcomes: usize) -> String {
    let variables: Vec<Value> = (0..counters)
        .map(|i| json!({ "id": format!("v{i}"), "kind": "meter", "label": "V", "min": 0, "max": 1000, "start": 0 }))
        .collect();
    let mut list: Vec<Value> = (0..choices)
        .map(|c| {
            let outs: Vec<Value> = (0..outcomes)
                .map(|o| json!({ "id": format!("o{o}"), "label": "o", "weight": 1, "effects": { "add": { format!("v{}", (c + o) % counters): 1 + o } }, "next": "loop" }))
                .collect();
            json!({ "id": format!("c{c}"), "label": "c", "outcomes": outs })
        })
        .collect();
    list.push(json!({ "id": "stop", "label": "Stop", "next": "end" }));
    json!({
        "meta": { "id": "explosive", "version": 1, "title": "x", "summary": "x", "languages": ["en"], "default_language": "en",
                  "sources": {}, "assumptions": "x", "start": "loop" },
        "variables": variables,
        "nodes": [ { "id": "loop", "actor": "narrator", "heading": "h", "body": "b", "choices": list } ],
        "endings": [ { "id": "end", "verdict": "v", "summary": "s", "reality": "r" } ]
    })
    .to_string()
}

/// CPU time of this thread (Linux), so a busy machine does not inflate the
/// printed figure; elsewhere, `None`.
fn thread_cpu() -> Option<std::time::Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(std::time::Duration::from_nanos(
        s.split_whitespace().next()?.parse().ok()?,
    ))
}

#[test]
fn a_scenario_crafted_to_explode_the_analysis_is_cut_off_with_a_message() {
    for (counters, choices, outcomes) in [(10, 10, 1), (36, 35, 64)] {
        let src = explosive(counters, choices, outcomes);
        let (t, cpu) = (Instant::now(), thread_cpu());
        let s = load_scenario(&src).expect("it loads, with a warning");
        let took = t.elapsed();
        let cpu = cpu.zip(thread_cpu()).map(|(a, b)| b - a);
        eprintln!("full check of {counters} counters × {choices} choices × {outcomes} outcomes: {took:?} wall, {cpu:?} CPU");
        let w: Vec<_> = s
            .warnings
            .iter()
            .filter(|w| w.code == DiagnosticCode::CheckIncomplete)
            .collect();
        assert_eq!(w.len(), 1, "{:?}", s.warnings);
        let states = 250_000.min(4_000_000 / counters);
        let expected = format!("more than {states} reachable states or 300000 moves between them: dead ends and loops were checked only among the first ");
        assert!(w[0].message.starts_with(&expected), "{}", w[0].message);

        let g = Guide::from_json(&src, 1).unwrap();
        let e = g.odds(None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        assert!(
            e.to_string().contains("exact odds were not computed"),
            "{e}"
        );
        let e = g.paths().unwrap_err();
        assert!(e.to_string().contains("paths were not counted"), "{e}");
        // A reader's page load does not explore at all.
        let t = Instant::now();
        load_scenario_with(&src, Check::Static).unwrap();
        eprintln!("  static check: {:?}", t.elapsed());
    }
}
