//! Two format features, in general form: an image on a card (a relative
//! address on the guide's own site, with alt text required in every
//! language), and a source's own language (so the page can mark an English
//! source in a Chinese reading as English).

use agreement_guide::model::lint::Lint;
use agreement_guide::{load_scenario, DiagnosticCode, Guide, Span};
use std::sync::Arc;

const WITH_IMAGE: &str = "tests/fixtures/valid/with-image.json";

fn with_image() -> String {
    std::fs::read_to_string(WITH_IMAGE).unwrap()
}

/// The diagnostics of a scenario as `location: code` lines, leaving out the
/// standards lints (the fixture's placeholder text is neither cited nor marked).
fn problems(src: &str) -> Vec<String> {
    let diags = match load_scenario(src) {
        Ok(s) => s.warnings,
        Err(e) => e.diagnostics().to_vec(),
    };
    diags
        .iter()
        .filter(|d| Lint::from_code(d.code).is_none())
        .map(|d| format!("{}: {}", d.location, d.code))
        .collect()
}

#[test]
fn a_cards_image_reaches_the_view_with_alt_text_and_caption_in_the_readers_language() {
    assert_eq!(problems(&with_image()), Vec::<String>::new());
    let s = load_scenario(&with_image()).unwrap();
    let g = Guide::new(Arc::new(s), 1);
    let en = g
        .view("en")
        .node
        .unwrap()
        .image
        .expect("the first card has an image");
    assert_eq!(en.src, "images/hotline.png");
    assert_eq!(en.alt, "A red telephone on a desk");
    // The caption is rich text: it may cite a source like any other text.
    let caption = en.caption.as_ref().unwrap();
    assert_eq!(
        caption[0][0],
        Span::Text {
            text: "The hotline, as imagined.".into()
        }
    );
    assert_eq!(
        caption[0][1],
        Span::Cite {
            key: "zh-src".into()
        }
    );
    let zh = g.view("zh").node.unwrap().image.unwrap();
    assert_eq!(zh.alt, "桌上的一部红色电话");
    assert_eq!(zh.src, en.src);
    // As JSON (what the widget gets): `image: { src, alt, caption }`; a card without one has no `image`.
    let json = serde_json::to_value(g.view("en")).unwrap();
    assert_eq!(json["node"]["image"]["alt"], "A red telephone on a desk");
    let plain = Guide::from_json(
        &std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap(),
        1,
    )
    .unwrap();
    assert!(serde_json::to_value(plain.view("en")).unwrap()["node"]
        .get("image")
        .is_none());
}

/// An image's width and height, given in the guide, reach the view (so the
/// live card's `<img>` reserves the box before it loads), survive packing
/// (a reader's page plays the packed file), and win over a size the caller
/// measured for the pre-rendered card. Both or neither, each 1–65,535.
#[test]
fn an_images_width_and_height_reach_the_view_the_packed_file_and_the_pre_rendered_card() {
    use agreement_guide::facade::prerender::{card, Options, Words};
    let sized = with_image().replace(
        r#""src": "images/hotline.png","#,
        r#""src": "images/hotline.png", "width": 640, "height": 360,"#,
    );
    assert_eq!(problems(&sized), Vec::<String>::new());
    let g = Guide::from_json(&sized, 1).unwrap();
    let json = serde_json::to_value(g.view("en")).unwrap();
    assert_eq!(json["node"]["image"]["width"], 640);
    assert_eq!(json["node"]["image"]["height"], 360);
    let unsized_view =
        serde_json::to_value(Guide::from_json(&with_image(), 1).unwrap().view("en")).unwrap();
    assert!(unsized_view["node"]["image"]["width"].is_null());
    let files = agreement_guide::model::pack::pack(g.scenario());
    let packed = Guide::from_packed(&files[0].bytes, 1).unwrap();
    let image = packed.view("en").node.unwrap().image.unwrap();
    assert_eq!((image.width, image.height), (Some(640), Some(360)));
    let measured = Options {
        image_size: Some((1, 1)),
        ..Options::default()
    };
    let html = card(&g, "en", &Words::default(), &measured);
    assert!(html.contains(r#" width="640" height="360""#), "{html}");
    let html = card(
        &Guide::from_json(&with_image(), 1).unwrap(),
        "en",
        &Words::default(),
        &measured,
    );
    assert!(html.contains(r#" width="1" height="1""#), "{html}");
    for (size, problem) in [
        (r#""width": 640,"#, "nodes[0].image.height: image-size"),
        (r#""height": 360,"#, "nodes[0].image.width: image-size"),
        (
            r#""width": 0, "height": 360,"#,
            "nodes[0].image.width: image-size",
        ),
        (
            r#""width": 640, "height": 65536,"#,
            "nodes[0].image.height: image-size",
        ),
    ] {
        let src = with_image().replace(
            r#""src": "images/hotline.png","#,
            &format!(r#""src": "images/hotline.png", {size}"#),
        );
        assert_eq!(problems(&src), [problem], "{size}");
    }
}

#[test]
fn a_sources_language_reaches_the_guides_info_and_is_absent_when_not_given() {
    let g = Guide::from_json(&with_image(), 1).unwrap();
    let json = serde_json::to_value(g.info("en")).unwrap();
    let sources = json["sources"].as_array().unwrap();
    assert_eq!(sources[0]["key"], "src");
    assert!(sources[0].get("lang").is_none());
    assert_eq!(sources[1]["key"], "zh-src");
    assert_eq!(sources[1]["lang"], "zh");
}

#[test]
fn an_image_address_must_be_relative_to_the_guides_own_site() {
    for ok in [
        "images/a.png",
        "../shared/a.png",
        "/img/a.png",
        "a.png?v=2",
        "maps/2015:09.png",
    ] {
        let src = with_image().replace("images/hotline.png", ok);
        assert_eq!(
            problems(&src),
            Vec::<String>::new(),
            "{ok} is a relative address"
        );
    }
    for bad in [
        "https://example.com/a.png",
        "http://example.com/a.png",
        "//cdn.example.com/a.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
        "images/a b.png",
        "",
        "C:\\\\a.png",
    ] {
        let src = with_image().replace("images/hotline.png", bad);
        assert_eq!(
            problems(&src),
            ["nodes[0].image.src: unsafe-image"],
            "{bad:?} is refused"
        );
    }
}

#[test]
fn alt_text_is_required_in_every_language_and_a_missing_translation_falls_back() {
    let empty = with_image().replace(r#""en": "A red telephone on a desk""#, r#""en": """#);
    assert_eq!(problems(&empty), ["nodes[0].image.alt.en: missing-alt"]);
    let plain_empty = with_image().replace(
        r#"{ "en": "A red telephone on a desk", "zh": "桌上的一部红色电话" }"#,
        r#""""#,
    );
    assert_eq!(problems(&plain_empty), ["nodes[0].image.alt: missing-alt"]);
    let untranslated = with_image().replace(r#", "zh": "桌上的一部红色电话""#, "");
    assert_eq!(
        problems(&untranslated),
        ["nodes[0].image.alt: missing-translation"]
    );
    let g = Guide::from_json(&untranslated, 1).unwrap();
    assert_eq!(
        g.view("zh").node.unwrap().image.unwrap().alt,
        "A red telephone on a desk"
    );
    let missing = with_image().replace(
        r#""alt": { "en": "A red telephone on a desk", "zh": "桌上的一部红色电话" }, "#,
        "",
    );
    let err = load_scenario(&missing).unwrap_err();
    assert_eq!(
        err.diagnostics()[0].message,
        "missing required field \"alt\""
    );
}

#[test]
fn a_misspelt_image_field_is_named_with_a_suggestion() {
    let src = with_image().replace(r#""alt": {"#, r#""atl": {"#);
    let err = load_scenario(&src).unwrap_err();
    let d = err
        .diagnostics()
        .iter()
        .find(|d| d.code == DiagnosticCode::UnknownField)
        .unwrap();
    assert_eq!(d.location, "nodes[0].image.atl");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean \"alt\"?"));
}

#[test]
fn a_source_language_must_be_a_language_code() {
    let src = with_image().replace(r#""lang": "zh""#, r#""lang": "Chinese""#);
    assert_eq!(problems(&src), ["meta.sources.zh-src.lang: bad-language"]);
    let src = with_image().replace(r#""lang": "zh""#, r#""lang": "zh-Hant""#);
    assert_eq!(problems(&src), Vec::<String>::new());
}

#[test]
fn the_json_schema_flags_a_full_url_as_an_image_address_so_editors_underline_it() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("scenarios/schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (src, ok) in [
        ("images/a.png", true),
        ("../a.png", true),
        ("/img/a.png", true),
        ("https://example.com/a.png", false),
        ("//cdn.example.com/a.png", false),
        ("data:image/png;base64,AA", false),
        ("a b.png", false),
    ] {
        let doc: serde_json::Value =
            serde_json::from_str(&with_image().replace("images/hotline.png", src)).unwrap();
        assert_eq!(validator.is_valid(&doc), ok, "{src}");
        // The schema and the engine agree.
        assert_eq!(
            load_scenario(&serde_json::to_string(&doc).unwrap()).is_ok(),
            ok,
            "{src}"
        );
    }
}

#[test]
fn the_core_writes_no_words_of_its_own_into_the_info_a_built_in_strategy_is_named_by_the_page() {
    let src = std::fs::read_to_string("scenarios/us-china-2015.json").unwrap();
    let g = Guide::from_json(&src, 1).unwrap();
    for lang in ["en", "zh"] {
        let info = g.info(lang);
        let first = &info.strategies[0];
        assert_eq!(first.id, "uniform");
        assert!(
            first.label.is_empty() && first.description.is_empty(),
            "{lang}: the built-in strategy is named by the widget's strings, not the core: {first:?}"
        );
        // The guide's own strategies carry the guide's words, in that language.
        let guide_own = &g.scenario().strategies[0];
        assert_eq!(info.strategies[1].id, guide_own.id);
        let i = g.scenario().language_index(lang).unwrap();
        let want = agreement_guide::model::text::plain_text(guide_own.label.get(i, 0));
        assert_eq!(info.strategies[1].label, want);
        assert!(!want.is_empty());
    }
}
