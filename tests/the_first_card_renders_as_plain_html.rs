//! `agreement-guide render` and the core's pre-rendered card behind it
//! (`facade::prerender`): the card a run is at as plain, escaped HTML for the
//! element's light DOM, in each guide's languages, for a share token's run,
//! and for a guide whose every text is an attack.

#[path = "common/cli.rs"]
mod cli;

use agreement_guide::facade::prerender::{card, escape, Options, Words};
use agreement_guide::Guide;
use cli::run;
use std::collections::BTreeMap;

fn words(note: &str) -> Words {
    Words {
        needs_scripts: note.into(),
        kicker: "Kicker".into(),
        card_sources: "Sources:".into(),
        sources: "Sources".into(),
        your_move: "Your move".into(),
        marker_game: "Game event".into(),
        marker_model: "Model assumption".into(),
        discussion: "For discussion".into(),
        verdict: "The verdict".into(),
        in_reality: "In reality".into(),
        new_tab: "(opens in a new tab)".into(),
        actors: BTreeMap::from([("us".into(), "United States".into())]),
    }
}

/// The tags and attributes the renderer may write; anything else is a leak.
const TAGS: &[&str] = &[
    "div",
    "header",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "bdi",
    "article",
    "ul",
    "ol",
    "li",
    "button",
    "span",
    "sup",
    "a",
    "em",
    "strong",
    "section",
    "figure",
    "img",
    "figcaption",
];
const ATTRIBUTES: &[&str] = &[
    "class", "lang", "dir", "id", "value", "href", "rel", "target", "type", "disabled", "src",
    "alt", "decoding",
];

/// A strict reader of the renderer's HTML: every tag and attribute on the
/// lists above, every attribute value quoted, every tag closed in order, no
/// raw `&` that is not a reference; every bidi control inside an element that
/// isolates it (`bdi`, `p`, `li`, a heading). Returns the text with tags removed.
fn check_html(html: &str) -> String {
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let chunk = &rest[..lt];
        for (i, c) in chunk.char_indices() {
            if c == '&' {
                let tail = &chunk[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                        .iter()
                        .any(|r| tail.starts_with(r)),
                    "a bare & in text: {tail:.40}"
                );
            }
            if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                assert!(
                    stack
                        .iter()
                        .any(|t| matches!(t.as_str(), "bdi" | "p" | "li" | "h2" | "h3" | "h4")),
                    "a bidi control outside an isolating element: {:?}",
                    stack
                );
            }
            assert!(c != '>', "a raw > in text");
        }
        text.push_str(chunk);
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        let gt = rest.find('>').expect("a tag is closed");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "tags close in order");
            continue;
        }
        let name_end = tag.find(' ').unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(TAGS.contains(&name), "unexpected tag <{name}>");
        let mut attrs = tag[name_end..].trim_start();
        while !attrs.is_empty() {
            let end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
            let attr = &attrs[..end];
            assert!(
                ATTRIBUTES.contains(&attr) || attr.starts_with("data-"),
                "unexpected attribute {attr} on <{name}>"
            );
            if attr == "src" {
                let value = attrs[end + 2..].split('"').next().unwrap();
                assert!(
                    !value.contains(':') && !value.starts_with("//"),
                    "an image from another site: {value}"
                );
            }
            if attr == "href" {
                let value = attrs[end + 2..].split('"').next().unwrap();
                assert!(
                    value.starts_with("https://") || value.starts_with('#'),
                    "a link to {value}"
                );
            }
            attrs = &attrs[end..];
            if let Some(v) = attrs.strip_prefix("=\"") {
                let close = v.find('"').expect("a quoted value");
                assert!(!v[..close].contains(['<', '>', '\'']), "{}", &v[..close]);
                attrs = &v[close + 1..];
            }
            attrs = attrs.trim_start();
        }
        // <img> is a void element: it has no closing tag.
        if name != "img" {
            stack.push(name.to_string());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    text
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn guide(path: &str) -> Guide {
    Guide::from_json(&std::fs::read_to_string(path).unwrap(), 1).unwrap()
}

#[test]
fn each_shipped_guide_shows_its_title_first_card_choices_and_cited_sources_in_each_language() {
    for path in [
        "scenarios/us-china-2015.json",
        "scenarios/wto-disputes.json",
    ] {
        let g = guide(path);
        for lang in g.scenario().meta.languages.clone() {
            let note = format!("needs scripts ({lang})");
            let html = card(&g, &lang, &words(&note), &Options::default());
            let text = unescape(&check_html(&html));
            let info = g.info(&lang);
            let view = g.view(&lang);
            let plain = |r: &agreement_guide::Rich| {
                r.iter()
                    .flatten()
                    .filter_map(|s| match s {
                        agreement_guide::Span::Text { text }
                        | agreement_guide::Span::Em { text }
                        | agreement_guide::Span::Strong { text } => Some(text.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            };
            for part in plain(&info.title)
                .into_iter()
                .chain(plain(&view.node.as_ref().unwrap().heading))
                .chain(plain(&view.node.as_ref().unwrap().body))
                .chain(view.choices.iter().flat_map(|c| plain(&c.label)))
            {
                assert!(text.contains(&part), "{path} {lang}: missing {part:?}");
            }
            assert!(html.contains(&format!("lang=\"{lang}\"")));
            assert!(text.contains(&note));
            assert!(html.starts_with("<div class=\"ag-prerender\""));
            assert!(html.contains("<h2 class=\"agp-title\">"));
            assert!(html.contains("<h3 class=\"agp-heading\">"));
            assert_eq!(
                html.matches(" disabled>").count(),
                view.choices.len(),
                "every choice a disabled button"
            );
            // Every citation marker points at a numbered source below it, with its link.
            for key in &view.node.as_ref().unwrap().sources {
                let n = info.sources.iter().position(|s| &s.key == key).unwrap() + 1;
                let id = format!("ag-{}-source-{n}", info.id);
                assert!(
                    html.contains(&format!("<a href=\"#{id}\">[{n}]</a>")),
                    "{id}"
                );
                assert!(
                    html.contains(&format!("<li id=\"{id}\" value=\"{n}\">")),
                    "{id}"
                );
                if let Some(url) = &info.sources[n - 1].url {
                    assert!(html.contains(&format!("href=\"{}\"", escape(url))));
                }
            }
        }
    }
}

#[test]
fn the_title_level_moves_the_card_heading_with_it_and_classroom_mode_adds_the_prompt() {
    let g = guide("tests/fixtures/valid/minimal.json");
    let options = Options {
        heading_level: 1,
        classroom: true,
        ..Options::default()
    };
    let html = card(&g, "en", &words("n"), &options);
    check_html(&html);
    assert!(html.contains("<h1 class=\"agp-title\"><bdi>A minimal guide</bdi></h1>"));
    assert!(html.contains("<h2 class=\"agp-heading\"><bdi>A complaint</bdi></h2>"));
    assert!(
        html.contains("<p class=\"agp-prompt-title\">For discussion</p><p>What would you do?</p>")
    );
    assert!(!card(&g, "en", &words("n"), &Options::default()).contains("What would you do?"));
    // The badge: the widget's word for an actor the guide does not label.
    assert!(html.contains(
        "<p class=\"agp-badge\" data-prerender-actor=\"us\"><bdi>United States</bdi></p>"
    ));
    // Chinese text, where the guide has it; the widget's words are what was passed in.
    let zh = card(&g, "zh", &words("需要脚本"), &Options::default());
    assert!(zh.contains("<bdi>投诉</bdi>") && zh.contains("需要脚本"));
}

#[test]
fn the_cards_image_comes_with_its_alt_text_and_caption_in_the_language_beside_the_guides_file() {
    let g = guide("tests/fixtures/valid/with-image.json");
    let options = |src: Option<&str>| Options {
        src: src.map(String::from),
        ..Options::default()
    };
    let en = card(
        &g,
        "en",
        &words("n"),
        &options(Some("guides/with-image.json?v=2#x")),
    );
    let text = check_html(&en);
    // As the live card: after the heading, before the body, the caption's citation numbered as the list numbers it.
    assert!(
        en.contains("<h3 class=\"agp-heading\"><bdi>A complaint</bdi></h3>\n<figure class=\"agp-figure\"><img class=\"agp-image\" src=\"guides/images/hotline.png\" alt=\"A red telephone on a desk\" decoding=\"async\"><figcaption class=\"agp-figcaption\"><bdi>The hotline, as imagined.<sup class=\"agp-cite\"><a href=\"#ag-with-image-source-2\">[2]</a></sup></bdi></figcaption></figure>\n<div class=\"agp-card-body\">"),
        "{en}"
    );
    assert!(
        text.contains("一份中文资料，2015年"),
        "the caption's source is listed"
    );
    let zh = card(
        &g,
        "zh",
        &words("n"),
        &options(Some("/site/guides/with-image.compiled.json")),
    );
    check_html(&zh);
    assert!(
        zh.contains("src=\"/site/guides/images/hotline.png\" alt=\"桌上的一部红色电话\""),
        "{zh}"
    );
    assert!(
        zh.contains("<figcaption class=\"agp-figcaption\"><bdi>想象中的热线。"),
        "{zh}"
    );
    // Without the element's src, the address as the guide gives it; a root-relative one stays as it is.
    let bare = card(&g, "en", &words("n"), &options(None));
    assert!(bare.contains("src=\"images/hotline.png\""), "{bare}");
    let rooted = Guide::from_json(
        &std::fs::read_to_string("tests/fixtures/valid/with-image.json")
            .unwrap()
            .replace("\"images/hotline.png\"", "\"/img/hotline.png\""),
        1,
    )
    .unwrap();
    let html = card(&rooted, "en", &words("n"), &options(Some("guides/g.json")));
    assert!(html.contains("src=\"/img/hotline.png\""), "{html}");
    // With its size, the image's box is reserved.
    let sized = card(
        &g,
        "en",
        &words("n"),
        &Options {
            image_size: Some((480, 240)),
            ..options(Some("g.json"))
        },
    );
    assert!(
        sized.contains("src=\"images/hotline.png\" alt=\"A red telephone on a desk\" width=\"480\" height=\"240\" decoding=\"async\">"),
        "{sized}"
    );
    // A card with no image has no figure.
    let plain = card(
        &guide("tests/fixtures/valid/minimal.json"),
        "en",
        &words("n"),
        &options(Some("g.json")),
    );
    assert!(!plain.contains("<figure"), "{plain}");

    // The CLI reads the size from the image's file beside the guide; a missing file gets a note.
    let cli = run(
        &[
            "render",
            "tests/fixtures/valid/with-image.json",
            "--src",
            "with-image.json",
        ],
        "",
    );
    let (out, err) = (
        String::from_utf8_lossy(&cli.stdout),
        String::from_utf8_lossy(&cli.stderr),
    );
    assert!(cli.status.success(), "{err}");
    assert!(out.contains("src=\"images/hotline.png\" alt=\"A red telephone on a desk\" width=\"480\" height=\"240\""), "{out}");
    assert!(err.is_empty(), "{err}");
    let dir = std::env::temp_dir().join(format!("ag-render-image-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let moved = dir.join("with-image.json");
    std::fs::copy("tests/fixtures/valid/with-image.json", &moved).unwrap();
    let cli = run(&["render", moved.to_str().unwrap()], "");
    let (out, err) = (
        String::from_utf8_lossy(&cli.stdout),
        String::from_utf8_lossy(&cli.stderr),
    );
    assert!(cli.status.success(), "{err}");
    assert!(
        out.contains("src=\"images/hotline.png\" alt=\"A red telephone on a desk\" decoding"),
        "{out}"
    );
    assert!(err.contains("could not be measured"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_share_token_renders_the_card_its_run_is_at_and_an_ending() {
    let mut g = guide("tests/fixtures/valid/minimal.json");
    g.choose("quiet").unwrap();
    let token = g.save();
    let mut again = guide("tests/fixtures/valid/minimal.json");
    again.restore(&token).unwrap();
    let html = card(&again, "en", &words("n"), &Options::default());
    check_html(&html);
    assert!(html.contains("data-prerender-step=\"1\"") && html.contains("<bdi>Months pass</bdi>"));
    assert!(html.contains("data-prerender-choice=\"go-on\""));
    // On to an ending: its verdict, summary and "in reality", with its cited source.
    while !g.is_finished() {
        let pick = g
            .view("en")
            .choices
            .iter()
            .find(|c| c.enabled)
            .unwrap()
            .id
            .clone();
        g.choose(&pick).unwrap();
    }
    let html = card(&g, "en", &words("n"), &Options::default());
    check_html(&html);
    assert!(
        html.contains("agp-ending") && html.contains("The verdict") && html.contains("In reality")
    );
    assert!(html.contains(
        "<li id=\"ag-minimal-source-1\" value=\"1\"><a href=\"https://example.org/source\""
    ));
    assert!(!html.contains("agp-choices"));
}

#[test]
fn hostile_text_stays_text_in_every_field_and_language() {
    let g = guide("tests/fixtures/hostile/injection.json");
    for lang in ["en", "zh"] {
        let hostile_words = words("<script>alert('note')</script>\u{202E}");
        let options = Options {
            classroom: true,
            src: Some("x\"><script>alert(1)</script>".into()),
            manifest: Some("{\"id\":\"</div><script>\"}".into()),
            ..Options::default()
        };
        let html = card(&g, lang, &hostile_words, &options);
        let text = check_html(&html);
        assert!(text.contains("&lt;script&gt;window.__pwned("), "{lang}");
        // One <img>, the card's own, its alt text escaped in its attribute.
        assert_eq!(html.matches("<img").count(), 1, "{lang}");
        assert!(
            html.contains("hostile.png?&lt;script&gt;x&lt;/script&gt;&quot;onerror=&quot;"),
            "{lang}"
        );
        assert!(
            html.contains(" alt=\"&lt;script&gt;window.__pwned(&#39;image-alt"),
            "{lang}"
        );
        assert!(html.contains("<figcaption class=\"agp-figcaption\"><bdi>&lt;script&gt;window.__pwned(&#39;image-caption"), "{lang}");
        for bad in [
            "<script",
            "<svg",
            "<iframe",
            "<style",
            "<base",
            "javascript:",
        ] {
            assert!(
                !html.to_lowercase().contains(bad)
                    || bad == "javascript:" && !html.contains("href=\"javascript"),
                "{lang}: {bad}"
            );
        }
        // The carried manifest round-trips through its attribute.
        assert!(html.contains(
            "data-prerender-manifest=\"{&quot;id&quot;:&quot;&lt;/div&gt;&lt;script&gt;&quot;}\""
        ));
    }
    // A guide whose title is an unclosed override: the words after it are outside its <bdi>.
    let json = std::fs::read_to_string("tests/fixtures/valid/minimal.json")
        .unwrap()
        .replace(
            "\"A minimal guide\"",
            "\"Over\\u202eride \\\"quoted\\\" 'single' <b>&amp;\"",
        );
    let g = Guide::from_json(&json, 1).unwrap();
    let html = card(&g, "en", &words("n"), &Options::default());
    check_html(&html);
    assert!(
        html.contains(
            "<bdi>Over\u{202E}ride &quot;quoted&quot; &#39;single&#39; &lt;b&gt;&amp;amp;"
        ),
        "{html}"
    );
}

// ── the CLI ──────────────────────────────────────────────────────────────────

#[test]
fn the_cli_renders_in_the_guides_language_with_the_widgets_words() {
    let out = run(
        &["render", "scenarios/us-china-2015.json", "--lang", "zh"],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    check_html(&html);
    assert!(
        html.contains("lang=\"zh\"") && html.contains("互动指南") && html.contains("JavaScript")
    );
    let en = run(
        &[
            "render",
            "scenarios/wto-disputes.json",
            "--heading-level",
            "1",
        ],
        "",
    );
    let html = String::from_utf8(en.stdout).unwrap();
    assert!(html.contains("<h1 class=\"agp-title\">") && html.contains("Interactive guide"));
}

#[test]
fn the_cli_renders_a_tokens_card_and_refuses_a_wrong_call_with_a_plain_message() {
    let mut g = guide("scenarios/us-china-2015.json");
    let first = g.view("en").choices[0].id.clone();
    g.choose(&first).unwrap();
    let heading = match &g.view("en").node.unwrap().heading[0][0] {
        agreement_guide::Span::Text { text } => text.clone(),
        other => panic!("{other:?}"),
    };
    let out = run(
        &[
            "render",
            "scenarios/us-china-2015.json",
            "--token",
            &g.save(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(unescape(&String::from_utf8(out.stdout).unwrap()).contains(&heading));

    let bad = run(
        &[
            "render",
            "scenarios/us-china-2015.json",
            "--token",
            "nonsense",
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("the token does not open a run of this guide"));
    let lang = run(
        &["render", "scenarios/us-china-2015.json", "--lang", "fr"],
        "",
    );
    assert_eq!(lang.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&lang.stderr)
        .contains("\"fr\" is not one of the guide's languages (en, zh)"));
}

#[test]
fn the_cli_writes_the_card_and_the_preload_hint_into_a_pages_marked_regions() {
    let dir = std::env::temp_dir().join(format!("ag-render-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let compiled = run(
        &[
            "pack",
            "scenarios/us-china-2015.json",
            "-o",
            dir.to_str().unwrap(),
        ],
        "",
    );
    assert!(compiled.status.success());
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        "<head>\n  <!-- agreement-guide render: preload -->\n  <!-- /agreement-guide render -->\n</head>\n<agreement-guide>\n  <!-- agreement-guide render: card -->\n  <!-- /agreement-guide render -->\n</agreement-guide>\n",
    )
    .unwrap();
    let manifest = dir.join("us-china-2015.compiled.json");
    let args = [
        "render",
        "scenarios/us-china-2015.json",
        "--manifest",
        manifest.to_str().unwrap(),
        "--src",
        "scenarios/us-china-2015.compiled.json",
        "--inject",
        page.to_str().unwrap(),
    ];
    let out = run(&args, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    // The file the element fetches: the language's gzip-compressed copy.
    let bin = m["gzip"]["en"].as_str().unwrap();
    assert!(html.contains(&format!("  <link rel=\"preload\" href=\"scenarios/{bin}\" as=\"fetch\" type=\"application/octet-stream\" crossorigin>\n")));
    assert!(html.contains(
        "  <div class=\"ag-prerender\" lang=\"en\" data-prerender-guide=\"us-china-2015\""
    ));
    assert!(html.contains("data-prerender-src=\"scenarios/us-china-2015.compiled.json\""));
    assert!(html.contains(&format!(
        "data-prerender-manifest=\"{}\"",
        escape(&m.to_string())
    )));
    // Run again: nothing changes.
    assert!(run(&args, "").status.success());
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html);
    // A page without the markers is refused, named.
    std::fs::write(&page, "<p>no markers</p>").unwrap();
    let out = run(&args, "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no region"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The CLI's copy of the widget's words is the element's: each `key: 'value'`
/// is written somewhere in www/ (the element's STRINGS, the prerender module).
#[test]
fn the_clis_words_are_the_elements_words() {
    let mut js = String::new();
    let mut stack = vec![std::path::PathBuf::from("www")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() && !["pkg", "pkg-reader", "dist", "scenarios"].contains(&name.as_str()) {
                stack.push(p);
            } else if name.ends_with(".js") {
                js.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    for lang in ["en", "zh"] {
        let out = run(
            &[
                "render",
                "tests/fixtures/valid/minimal.json",
                "--words",
                "/dev/null",
            ],
            "",
        );
        assert_eq!(out.status.code(), Some(2), "--words must be JSON");
        let card = run(
            &[
                "render",
                "tests/fixtures/valid/minimal.json",
                "--lang",
                lang,
            ],
            "",
        );
        let html = String::from_utf8(card.stdout).unwrap();
        let find = |key: &str, value: &str| {
            let written = format!("{key}: '{value}'");
            assert!(js.contains(&written), "www/ has no {written}");
        };
        let between = |start: &str, end: &str| -> String {
            let a = html.find(start).unwrap() + start.len();
            unescape(&html[a..a + html[a..].find(end).unwrap()])
        };
        find("kicker", &between("<p class=\"agp-kicker\">", "<"));
        find("needsScripts", &between("<p class=\"agp-note\">", "<"));
        find("yourMove", &between("<p class=\"agp-move\">", "<"));
        find(
            "'actor.us'",
            &between("data-prerender-actor=\"us\"><bdi>", "<"),
        );
    }
}

/// The reader above fails on what it is there to catch.
#[test]
fn the_html_checker_catches_a_leak() {
    for leak in [
        "<p><script>x</script></p>",
        "<p class=\"a\" onclick=\"x\">t</p>",
        "<div>\u{202E}over</div>",
        "<p>a & b</p>",
        "<a href=\"javascript:x\">t</a>",
        "<p><em>t</p></em>",
    ] {
        let caught = std::panic::catch_unwind(|| check_html(leak)).is_err();
        assert!(caught, "not caught: {leak}");
    }
}
