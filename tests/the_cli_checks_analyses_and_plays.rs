//! The authors' CLI: exit codes, located messages, JSON output, scripted play.

#[path = "common/cli.rs"]
mod cli;
use cli::run;
use std::process::Output;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_accepts_the_shipped_guide_with_exit_0() {
    let out = run(&["check", "scenarios/us-china-2015.json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("ok — "), "{}", text(&out.stderr));
}

#[test]
fn check_names_a_misspelt_node_with_its_location_and_exits_1() {
    let out = run(&["check", "tests/fixtures/invalid/unknown-node.json"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("tests/fixtures/invalid/unknown-node.json:118:19: nodes[0].choices[2].next: unknown node or ending \"monhts\" — did you mean \"months\"?"),
        "{err}"
    );
}

#[test]
fn check_prints_json_diagnostics_on_request() {
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/invalid/several-problems.json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[1]["location"], "nodes[0].choices[2].next");
    assert_eq!(errors[1]["code"], "unknown-target");
    assert_eq!(errors[1]["line"], 118);
    // The standards lints come along as warnings, located like errors.
    let lint = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "uncited-paragraph")
        .expect("a lint warning");
    assert_eq!(lint["severity"], "warning");
    assert!(
        lint["line"].is_u64() && lint["column"].is_u64() && lint["location"].is_string(),
        "{lint}"
    );
}

#[test]
fn an_unreadable_file_or_a_wrong_call_exits_2() {
    let out = run(&["check", "no/such/file.json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read no/such/file.json"));
    assert_eq!(run(&["frobnicate"], "").status.code(), Some(2));
    assert_eq!(run(&["check"], "").status.code(), Some(2));
}

#[test]
fn paths_and_odds_report_every_ending() {
    let out = run(&["paths", "tests/fixtures/valid/minimal.json"], "");
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("distinct playthroughs: 10"), "{s}");
    let out = run(
        &[
            "odds",
            "tests/fixtures/valid/minimal.json",
            "--strategy",
            "uniform",
            "--format",
            "json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = v[0]["endings"]["good"].as_f64().unwrap();
    assert!((p - 11.0 / 12.0).abs() < 1e-12, "{p}");
    let out = run(
        &[
            "odds",
            "tests/fixtures/valid/minimal.json",
            "--strategy",
            "dove",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no strategy \"dove\"; known: uniform, hawk, tit-for-tat"));
}

#[test]
fn play_reads_choices_from_stdin_and_reaches_an_ending() {
    let out = run(
        &["play", "tests/fixtures/valid/minimal.json", "--seed", "3"],
        "3\n1\n3\n1\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("*** It works ***"), "{s}");
    assert!(s.contains("share token: ag4.minimal.1.3."), "{s}");
}

#[test]
fn play_explains_bad_input_and_undoes() {
    let out = run(
        &["play", "tests/fixtures/valid/minimal.json"],
        "9\nx\n3\nu\nq\n",
    );
    let s = text(&out.stdout);
    assert!(
        s.contains("! type a number from 1 to 3, u to undo, or q to quit"),
        "{s}"
    );
    assert_eq!(s.matches("[us] A complaint").count(), 4, "{s}");
}

#[test]
fn new_writes_a_starter_that_checks_and_plays_and_will_not_overwrite() {
    let dir = std::env::temp_dir().join(format!("ag-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("my-guide.json");
    let f = file.to_str().unwrap();
    let out = run(&["new", f], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("schema.json").exists());
    let out = run(&["check", f], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Its placeholders are warnings: it plays as written…
    let err = text(&out.stderr);
    assert!(
        err.contains("ok — 2 nodes") && err.contains("warning: text left from the starter"),
        "{err}"
    );
    assert!(
        !err.contains("uncited-paragraph") && !err.contains("cites no source"),
        "the starter cites or marks every paragraph: {err}"
    );
    // …and `--strict` refuses to publish them.
    let out = run(&["check", "--strict", f], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(": meta.id: \"my-guide\" is the starter's id"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["play", f], &"1\n".repeat(50));
    assert!(
        text(&out.stdout).contains("share token: ag4."),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        run(&["new", f], "").status.code(),
        Some(2),
        "refuses to overwrite"
    );
    assert_eq!(run(&["new", f, "--force"], "").status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn flashpoints_switch_on_for_odds_and_an_unknown_one_is_named() {
    let off = run(
        &[
            "odds",
            "tests/fixtures/valid/flashpoints.json",
            "--strategy",
            "uniform",
            "--format",
            "json",
        ],
        "",
    );
    let on = run(
        &[
            "odds",
            "tests/fixtures/valid/flashpoints.json",
            "--strategy",
            "uniform",
            "--format",
            "json",
            "--flashpoints",
            "crisis",
        ],
        "",
    );
    let p = |o: &Output| {
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()[0]["endings"]["bad"]
            .as_f64()
            .unwrap()
    };
    assert!(p(&off) < 0.5, "{}", p(&off));
    assert_eq!(p(&on), 1.0);
    let bad = run(
        &[
            "simulate",
            "tests/fixtures/valid/flashpoints.json",
            "--flashpoints",
            "crisis,leek",
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        text(&bad.stderr).trim(),
        "agreement-guide: no flashpoint \"leek\"; known: leak, crisis"
    );
}
