//! `agreement-guide oembed` writes, for each language of a guide, its own page
//! (from the built embed.html) with a discovery link, and the oEmbed answer that
//! link names, every address absolute under `--url`; a card's image becomes the
//! thumbnail; a wrong call says what is wrong and writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agreement-guide"))
        .args(args)
        .output()
        .unwrap()
}

/// A scratch site: the guide packed into `scenarios/` and a page template with
/// the regions embed.html has.
fn site(name: &str, guide: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ag-oembed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = cli(&[
        "pack",
        guide.to_str().unwrap(),
        "-o",
        dir.join("scenarios").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        dir.join("embed.html"),
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Interactive guide</title>\n  <!-- agreement-guide render: oembed -->\n  <!-- /agreement-guide render -->\n  <!-- agreement-guide render: preload -->\n  <!-- /agreement-guide render -->\n</head>\n<body>\n  <agreement-guide from-query heading-level=\"1\">\n    <!-- agreement-guide render: card -->\n    <!-- /agreement-guide render -->\n  </agreement-guide>\n</body>\n</html>\n",
    )
    .unwrap();
    dir
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn each_language_gets_a_page_with_a_discovery_link_and_an_answer_with_an_iframe_of_it() {
    let dir = site("us-china", Path::new("scenarios/us-china-2015.json"));
    let url = "https://guides.example.org/dist/";
    let run = cli(&[
        "oembed",
        "scenarios/us-china-2015.json",
        "--url",
        "https://guides.example.org/dist",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let scenario = json(Path::new("scenarios/us-china-2015.json"));
    let compiled = json(&dir.join("scenarios/us-china-2015.compiled.json"));
    for lang in ["en", "zh"] {
        let answer = json(&dir.join(format!("us-china-2015.{lang}.oembed.json")));
        let title = scenario["meta"]["title"][lang].as_str().unwrap();
        let page = format!("{url}us-china-2015.{lang}.html");
        assert_eq!(answer["version"], "1.0");
        assert_eq!(answer["type"], "rich");
        assert_eq!(answer["title"], title);
        assert_eq!(answer["provider_name"], "agreement-guide");
        assert_eq!(answer["provider_url"], url);
        assert_eq!(
            (answer["width"].as_u64(), answer["height"].as_u64()),
            (Some(640), Some(900))
        );
        assert!(
            answer.get("thumbnail_url").is_none(),
            "no card has an image"
        );
        let html = answer["html"].as_str().unwrap();
        let t = title.replace('\'', "&#39;");
        assert_eq!(
            html,
            format!("<blockquote><a href=\"{page}\">{t}</a></blockquote><iframe src=\"{page}\" width=\"640\" height=\"900\" title=\"{t}\" frameborder=\"0\"></iframe>")
        );

        let text = std::fs::read_to_string(dir.join(format!("us-china-2015.{lang}.html"))).unwrap();
        assert!(text.contains(&format!("<html lang=\"{lang}\">")), "{text}");
        assert!(text.contains(&format!("<title>{t}</title>")));
        assert!(text.contains(&format!("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{url}us-china-2015.{lang}.oembed.json\" title=\"{t}\">")));
        assert!(text.contains(&format!("<agreement-guide src=\"scenarios/us-china-2015.compiled.json\" lang=\"{lang}\" from-query heading-level=\"1\">")));
        // The first card, carrying the manifest; the preload is the compressed file the element fetches.
        assert!(
            text.contains("class=\"ag-prerender\"") && text.contains(&format!("lang=\"{lang}\""))
        );
        let gz = compiled["gzip"][lang].as_str().unwrap();
        assert!(
            text.contains(&format!("<link rel=\"preload\" href=\"scenarios/{gz}\"")),
            "{text}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_card_image_is_the_thumbnail_with_its_size() {
    let src = std::env::temp_dir().join(format!("ag-oembed-img-src-{}", std::process::id()));
    std::fs::create_dir_all(src.join("images")).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/with-image.json",
        src.join("with-image.json"),
    )
    .unwrap();
    // A PNG's signature and header chunk are all the size needs: 64 × 48.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0, 0, 0, 64, 0, 0, 0, 48, 8, 2, 0, 0, 0]);
    std::fs::write(src.join("images/hotline.png"), png).unwrap();
    let guide = src.join("with-image.json");
    let dir = site("image", &guide);
    let run = cli(&[
        "oembed",
        guide.to_str().unwrap(),
        "--url",
        "https://h.example/g/",
        "-o",
        dir.to_str().unwrap(),
        "--width",
        "600",
        "--height",
        "700",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let answer = json(&dir.join("with-image.en.oembed.json"));
    assert_eq!(
        answer["thumbnail_url"],
        "https://h.example/g/scenarios/images/hotline.png"
    );
    assert_eq!(
        (
            answer["thumbnail_width"].as_u64(),
            answer["thumbnail_height"].as_u64()
        ),
        (Some(64), Some(48))
    );
    assert_eq!(
        (answer["width"].as_u64(), answer["height"].as_u64()),
        (Some(600), Some(700))
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&src).unwrap();
}

#[test]
fn a_wrong_call_says_what_is_wrong_and_writes_nothing() {
    let dir = site("bad", Path::new("scenarios/us-china-2015.json"));
    let d = dir.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--url", "dist/", "-o", d], "absolute http:// or https://"),
        (
            &["--url", "https://x.example/?q=1", "-o", d],
            "not a plain address",
        ),
        (
            &[
                "--url",
                "https://x.example/",
                "-o",
                d,
                "--src",
                "elsewhere/x.compiled.json",
            ],
            "pack the guide into it first",
        ),
        (
            &[
                "--url",
                "https://x.example/",
                "-o",
                d,
                "--page",
                "/nonexistent/embed.html",
            ],
            "the built embed.html",
        ),
    ];
    for (args, says) in cases {
        let mut all = vec!["oembed", "scenarios/us-china-2015.json"];
        all.extend_from_slice(args);
        let run = cli(&all);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            !dir.join("us-china-2015.en.oembed.json").exists(),
            "{args:?} wrote nothing"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
