//! `check --strict`: the standards lints are warnings under `check` and
//! errors under `--strict`; the things the core decides for readers (citation
//! numbers, the odds line) follow the standards too; and the small CLI fixes a
//! new author asked for (a scripted `play` that stops short, `--flashpoints`
//! only where it does something, `bundle` naming the folder it looked in).
//! The exact message of each lint is in its `tests/fixtures/invalid/lint-*`
//! fixture.

#[path = "common/cli.rs"]
mod cli;
use agreement_guide::{load_scenario, Guide};
use cli::{run, run_in};
use std::sync::Arc;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const UNCITED: &str = "tests/fixtures/invalid/lint-uncited-paragraph.json";

#[test]
fn a_lint_is_a_warning_under_check_and_an_error_under_strict() {
    let out = run(&["check", UNCITED], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{UNCITED}:44:15: nodes[0].body.en: warning: paragraph 3"
        )),
        "{err}"
    );
    assert!(
        err.contains("ok — 1 node, 1 ending, 0 strategies, 3 warnings"),
        "{err}"
    );

    let out = run(&["check", "--strict", UNCITED], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("{UNCITED}:44:15: nodes[0].body.en: paragraph 3")),
        "{err}"
    );
    assert!(!err.contains("warning:"), "{err}");
    assert!(err.contains("3 problems found"), "{err}");

    // JSON for tools (and the author page, through the wasm `check`): severity, code and place.
    let out = run(&["check", "--strict", "--format", "json", UNCITED], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v[0];
    assert_eq!(
        (d["severity"].as_str(), d["code"].as_str()),
        (Some("error"), Some("uncited-paragraph"))
    );
    assert_eq!(
        (
            d["location"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64()
        ),
        (Some("nodes[0].body.en"), Some(44), Some(15))
    );
    let out = run(&["check", "--format", "json", UNCITED], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "warning"),
        "{v}"
    );
}

#[test]
fn a_citation_in_a_choice_label_is_refused_without_strict() {
    let out = run(
        &[
            "check",
            "tests/fixtures/invalid/citation-in-choice-label.json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("nodes[0].choices[0].label.en: choice \"call\" cites [^src] in its label"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_cited_and_marked_guide_passes_strict_and_the_marker_reaches_the_view() {
    let out = run(
        &[
            "check",
            "--strict",
            "tests/fixtures/valid/cited-and-marked.json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("0 warnings"),
        "{}",
        text(&out.stderr)
    );
    let g = Guide::from_json(
        &std::fs::read_to_string("tests/fixtures/valid/cited-and-marked.json").unwrap(),
        1,
    )
    .unwrap();
    let body = serde_json::to_value(g.view("zh").node.unwrap().body).unwrap();
    assert_eq!(
        body[1][0],
        serde_json::json!({"kind": "marker", "marker": "game"})
    );
    assert_eq!(body[1][1]["text"], "一家公司发现入侵者。");
    // The terminal shows it in words.
    let out = run(
        &["play", "tests/fixtures/valid/cited-and-marked.json"],
        "1\n",
    );
    assert!(
        text(&out.stdout).contains("[game event] A firm finds intruders."),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).contains("[model assumption] The call goes through."),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn both_shipped_guides_pass_strict_with_every_card_short() {
    for guide in [
        "scenarios/us-china-2015.json",
        "scenarios/wto-disputes.json",
    ] {
        let out = run(&["check", "--strict", guide], "");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(", 0 warnings"),
            "{}",
            text(&out.stderr)
        );
    }
    // A card one word over the limit is a warning under `check`, in each
    // language it is over in, and refuses the guide under `--strict`.
    const LONG: &str = "tests/fixtures/invalid/lint-long-card.json";
    let out = run(&["check", LONG], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("nodes[0].body.en: warning: the card reads as 221 words; a card may hold 220"),
        "{err}"
    );
    assert!(
        err.contains("nodes[0].body.zh: warning: the card reads as 221 words"),
        "{err}"
    );
    assert!(
        !err.contains("nodes[1]"),
        "a card at the limit passes: {err}"
    );
    let out = run(&["check", "--strict", "--format", "json", LONG], "");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] == "long-card" && d["severity"] == "error"),
        "{v}"
    );
}

/// A guide whose sources are declared in the opposite order to their first citation.
const CITED_OUT_OF_ORDER: &str = r#"{
  "meta": { "id": "order", "version": 1, "title": "Order", "summary": "First cited here.[^second]",
    "languages": ["en"], "default_language": "en",
    "sources": { "first": "Declared first", "never": "Never cited", "second": "Declared third" },
    "assumptions": "[!model] Invented.", "start": "a" },
  "nodes": [ { "id": "a", "actor": "us", "heading": "A", "body": "Then this.[^first]",
    "choices": [ { "id": "go", "label": "Go", "next": "end" } ] } ],
  "endings": [ { "id": "end", "verdict": "End", "summary": "[!game] Over.", "reality": "Real.[^second]" } ]
}"#;

#[test]
fn citation_numbers_follow_the_order_of_first_citation() {
    let g = Guide::from_json(CITED_OUT_OF_ORDER, 1).unwrap();
    let keys: Vec<String> = g.info("en").sources.iter().map(|s| s.key.clone()).collect();
    assert_eq!(
        keys,
        ["second", "first", "never"],
        "[1] is the first cited; a source never cited comes last"
    );
    let script: Vec<String> = g
        .script("en")
        .sources
        .iter()
        .map(|s| s.key.clone())
        .collect();
    assert_eq!(
        script, keys,
        "the printed handout numbers them the same way"
    );
}

#[test]
fn the_odds_line_never_names_a_hidden_variable() {
    // The stall's weight reads the hidden flag "angry" (labelled "Angry") and trust.
    let src = std::fs::read_to_string("tests/fixtures/valid/minimal.json")
        .unwrap()
        .replace(
            r#""weight": "1 - trust / 100""#,
            r#""weight": "angry ? 0.9 : 1 - trust / 100""#,
        );
    let s = Arc::new(load_scenario(&src).unwrap());
    let mut seen = 0;
    for seed in 0..40 {
        let mut g = Guide::new(Arc::clone(&s), seed);
        for _ in 0..4 {
            if g.is_finished() {
                break;
            }
            g.choose("call").or_else(|_| g.choose("go-on")).unwrap();
            if let Some(o) = g.view("en").outcome {
                assert!(!o.factors.iter().any(|f| f == "Angry"), "{:?}", o.factors);
                if o.id == "stall" {
                    assert_eq!(o.factors, ["Trust"]);
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 0, "some run drew the stall");
}

#[test]
fn a_scripted_play_that_stops_before_an_ending_exits_1_and_says_so() {
    let out = run(&["play", "tests/fixtures/valid/minimal.json"], "3\n");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("the input ended after 1 step, before an ending"),
        "{err}"
    );
    // Quitting on purpose is not a failure.
    assert_eq!(
        run(&["play", "tests/fixtures/valid/minimal.json"], "3\nq\n")
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn flashpoints_is_an_option_only_of_the_commands_that_run_the_guide() {
    let help = |cmd: &str| text(&run(&[cmd, "--help"], "").stdout);
    for cmd in ["check", "new", "schema", "bundle"] {
        assert!(
            !help(cmd).contains("--flashpoints"),
            "`{cmd} --help`:\n{}",
            help(cmd)
        );
    }
    for cmd in ["paths", "odds", "simulate", "play"] {
        assert!(
            help(cmd).contains("--flashpoints"),
            "`{cmd} --help`:\n{}",
            help(cmd)
        );
    }
    assert!(help("check").contains("--strict"));
    assert_eq!(
        run(
            &[
                "check",
                "tests/fixtures/valid/flashpoints.json",
                "--flashpoints",
                "crisis"
            ],
            ""
        )
        .status
        .code(),
        Some(2),
        "refused where it does nothing"
    );
}

#[test]
fn bundle_outside_the_repository_names_the_folder_it_looked_in() {
    let dir = std::env::temp_dir().join(format!("ag-bundle-elsewhere-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let guide = std::fs::canonicalize("tests/fixtures/valid/minimal.json").unwrap();
    let out = run_in(
        Some(&dir),
        &["bundle", guide.to_str().unwrap(), "-o", "guide.html"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let looked = dir.join("www");
    assert!(
        err.contains(&format!("no built widget in {} (--www)", looked.display())),
        "{err}"
    );
    assert!(err.contains("run `npm run build` first"), "{err}");
    assert!(!dir.join("guide.html").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
