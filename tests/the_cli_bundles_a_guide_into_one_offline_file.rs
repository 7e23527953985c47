//! `agreement-guide bundle`: one HTML file holding the widget, the core, the
//! stylesheet, every on-demand module and the scenario; an invalid guide is
//! refused with the same located messages as `check`; missing built files say
//! to run the build. (The file opened in Chromium from file:// is in
//! tests/e2e/embed.test.mjs.) With `--scorm`, a zip: the manifest first, every
//! file named (the packages played under a SCORM runtime, and their manifests
//! validated, are in tests/e2e/scorm.test.mjs).

use base64::Engine as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agreement-guide"))
        .args(args)
        .output()
        .unwrap()
}

/// `agreement-guide bundle FILE -o OUT --www WWW [extra…]`.
fn bundle(file: &str, out: &Path, www: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "bundle",
        file,
        "-o",
        out.to_str().unwrap(),
        "--www",
        www.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A fresh directory under the target dir (removed first if a run left it).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A stand-in for a built www/: each file holds a marker the bundle must carry.
fn fake_www(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let files: Vec<(&'static str, Vec<u8>)> = vec![
        (
            "agreement-guide.js",
            b"/* widget marker */ export const x = 1;".to_vec(),
        ),
        (
            "agreement-guide.css",
            b"/* css marker */ :host { display: block }".to_vec(),
        ),
        (
            "pkg/agreement_guide.js",
            b"/* glue marker */ export default async function init() {}".to_vec(),
        ),
        (
            "pkg/agreement_guide_bg.wasm",
            vec![0, 97, 115, 109, 1, 0, 0, 0, 0xfe, 0xff, 0x3e],
        ),
        (
            "agreement-guide-explore.js",
            b"/* on-demand module marker */ export function explore() {}".to_vec(),
        ),
        (
            "demo/demo.css",
            b"/* page css marker */ body { margin: 0 }".to_vec(),
        ),
        (
            "agreement-guide-card.css",
            b"/* card css marker */ .ag-prerender { padding: 1rem }".to_vec(),
        ),
    ];
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::create_dir_all(dir.join("demo")).unwrap();
    for (rel, bytes) in &files {
        std::fs::write(dir.join(rel), bytes).unwrap();
    }
    files
}

#[test]
fn the_bundle_holds_every_built_file_and_the_scenario_in_one_html_file() {
    let dir = scratch("bundle-everything");
    let www = dir.join("www");
    let files = fake_www(&www);
    let out_file = dir.join("guide.html");
    let out = bundle("scenarios/us-china-2015.json", &out_file, &www, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("wrote "),
        "{}",
        text(&out.stderr)
    );
    let html = std::fs::read_to_string(&out_file).unwrap();

    // Every file, base64-encoded in a data: URL.
    for (rel, bytes) in &files {
        assert!(html.contains(&b64(bytes)), "{rel} is inlined");
    }
    // The widget finds them by name.
    let assets_start = html
        .find(r#"<script type="application/json" id="agreement-guide-assets">"#)
        .expect("the asset map");
    let assets_json = &html[assets_start..];
    let assets_json =
        &assets_json[assets_json.find('>').unwrap() + 1..assets_json.find("</script>").unwrap()];
    let assets: serde_json::Value = serde_json::from_str(assets_json).unwrap();
    let mut names: Vec<&str> = assets
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["core", "css", "explore", "wasm"]);
    assert!(assets["wasm"]
        .as_str()
        .unwrap()
        .starts_with("data:application/wasm;base64,"));
    assert!(assets["core"]
        .as_str()
        .unwrap()
        .starts_with("data:text/javascript;base64,"));

    // The scenario is the element's inline child, and reads back as the same JSON.
    let open = r#"<agreement-guide heading-level="1" lang="en"><script type="application/json">"#;
    let start = html.find(open).expect("the inline scenario") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let inline: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("scenarios/us-china-2015.json").unwrap())
            .unwrap();
    assert_eq!(inline, original);

    // Nothing can be fetched: the page's own policy allows data: URLs only.
    assert!(html.contains("connect-src data:"));
    assert!(
        !html.contains("http://") && !html.contains("src=\"https://"),
        "no network URL to load"
    );
    assert!(html.contains("<title>The US–China cyber deal: can you enforce it?</title>"));
}

#[test]
fn the_bundle_can_open_in_another_language_with_fixed_dice_in_classroom_mode() {
    let dir = scratch("bundle-zh");
    let www = dir.join("www");
    fake_www(&www);
    let out_file = dir.join("guide.html");
    let out = bundle(
        "scenarios/us-china-2015.json",
        &out_file,
        &www,
        &["--lang", "zh", "--seed", "42", "--mode", "classroom"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.contains(r#"<html lang="zh">"#));
    assert!(html
        .contains(r#"<agreement-guide heading-level="1" lang="zh" seed="42" mode="classroom">"#));
    let out = bundle(
        "scenarios/us-china-2015.json",
        &out_file,
        &www,
        &["--lang", "fr"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(r#"no language "fr"; it has en, zh"#),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_invalid_scenario_is_not_bundled_and_its_problems_are_located_as_check_does() {
    let dir = scratch("bundle-invalid");
    let www = dir.join("www");
    fake_www(&www);
    let out_file = dir.join("guide.html");
    let out = bundle(
        "tests/fixtures/invalid/unknown-node.json",
        &out_file,
        &www,
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("tests/fixtures/invalid/unknown-node.json:118:19: nodes[0].choices[2].next: unknown node or ending \"monhts\" — did you mean \"months\"?"),
        "{err}"
    );
    let check = run(&["check", "tests/fixtures/invalid/unknown-node.json"]);
    let first_line = |s: &str| s.lines().next().unwrap_or("").to_string();
    assert_eq!(
        first_line(&err),
        first_line(&text(&check.stderr)),
        "the same message as check"
    );
    assert!(!out_file.exists(), "nothing written");
}

#[test]
fn without_a_build_the_bundle_says_to_run_the_build() {
    let dir = scratch("bundle-unbuilt");
    let out_file = dir.join("guide.html");
    let out = bundle(
        "scenarios/us-china-2015.json",
        &out_file,
        &dir.join("empty"),
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("run `npm run build` first"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_file.exists());
}

#[test]
fn with_scorm_the_bundle_is_a_zip_with_the_manifest_first_and_every_file_named() {
    let dir = scratch("bundle-scorm");
    let www = dir.join("www");
    fake_www(&www);
    let out_file = dir.join("guide.zip");
    // The adapter is a source file of www/, not a built one: without it, the message names it.
    let out = bundle(
        "scenarios/us-china-2015.json",
        &out_file,
        &www,
        &["--scorm", "1.2"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("scorm/scorm.js"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_file.exists(), "nothing written");

    std::fs::create_dir_all(www.join("scorm")).unwrap();
    std::fs::write(www.join("scorm/scorm.js"), b"/* adapter marker */").unwrap();
    for version in ["1.2", "2004"] {
        let out = bundle(
            "scenarios/us-china-2015.json",
            &out_file,
            &www,
            &["--scorm", version, "--mode", "classroom"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(&format!("as a SCORM {version} package")),
            "{}",
            text(&out.stderr)
        );
        let zip = std::fs::read(&out_file).unwrap();
        assert_eq!(&zip[..4], b"PK\x03\x04", "a zip");
        assert_eq!(&zip[30..45], b"imsmanifest.xml", "the manifest first");
        // Names are stored as written, in each local header and the directory.
        let zip_text = String::from_utf8_lossy(&zip);
        for name in [
            "index.html",
            "guide.json",
            "scorm/scorm.js",
            "demo/demo.css",
            "agreement-guide.js",
            "agreement-guide-explore.js",
            "agreement-guide.css",
            "pkg/agreement_guide.js",
            "pkg/agreement_guide_bg.wasm",
        ] {
            assert_eq!(
                zip_text.matches(name).count(),
                2,
                "{name}, once in each place"
            );
        }
    }
    let out = bundle(
        "scenarios/us-china-2015.json",
        &out_file,
        &www,
        &["--scorm", "3"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("1.2"), "{}", text(&out.stderr));
}
