//! `agreement-guide render`: the card a run is at (the first, or the one a
//! share token leads to) as plain HTML for the element's light DOM, written
//! by the core's pre-rendered card (`agreement_guide::facade::prerender`).
//!
//! The core has no words of its own; the widget's words come from here: the
//! same strings as the element's `STRINGS` (www/agreement-guide.js) for the
//! languages the element ships (a test holds them equal), or `--words FILE`.
//! The line about scripts is new and lives in www/element/prerender.js
//! (`NEEDS_SCRIPTS`) and here.
//!
//! A card's image is written with its width and height — the guide's own, or
//! else read from the image's file beside the guide — so the page does not
//! move when it loads.
//!
//! `--inject PAGE` rewrites the regions of an HTML page between
//! `<!-- agreement-guide render: card -->` … `<!-- /agreement-guide render -->`
//! (the card) and `<!-- agreement-guide render: preload -->` …
//! `<!-- /agreement-guide render -->` (a preload hint for the language's
//! compiled file), leaving the rest as written: what the build does to
//! www/embed.html.

use crate::args::RenderArgs;
use crate::{explained, load_valid, Outcome};
use agreement_guide::facade::prerender::Words;
use agreement_guide::{Guide, Scenario};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Runs `render`.
pub fn run(a: &RenderArgs) -> Outcome {
    explained(render_card(&a.file, load_valid(&a.file)?, a))
}

/// The width and height of a card's image, read from its file (its address is
/// relative to the guide's file), so the page can reserve its box. None for an
/// address from the site's root (no file here to read) and for a file that is
/// missing or not an image, which gets a note: the card is still written.
pub(crate) fn image_size(guide_file: &Path, src: &str) -> Option<(u32, u32)> {
    if src.starts_with('/') {
        return None;
    }
    measure(guide_file, src)
        .map_err(|m| {
            eprintln!("agreement-guide: the card's image {m}, so the page will not reserve its box before it loads");
        })
        .ok()
}

/// The CLI's one measure of an image (`render`, `pack`, `oembed`'s thumbnail):
/// its width and height from its file's header (PNG, JPEG, GIF, WebP, … as the
/// `imagesize` crate reads them), its address relative to the guide's file.
/// An error names the file and why.
pub(crate) fn measure(guide_file: &Path, src: &str) -> Result<(u32, u32), String> {
    let path = guide_file
        .parent()
        .unwrap_or(Path::new("."))
        .join(src.split(['?', '#']).next().unwrap_or(src));
    let size = imagesize::size(&path)
        .map_err(|e| format!("{} could not be measured ({e})", path.display()))?;
    match (u32::try_from(size.width), u32::try_from(size.height)) {
        (Ok(w), Ok(h)) => Ok((w, h)),
        _ => Err(format!("{} is too large to measure", path.display())),
    }
}

/// `render`: the card as HTML, to a file, standard output or a page's marked regions.
/// An error is (exit code, message): 1 for a token that does not fit, 2 for a file or a call.
fn render_card(file: &Path, scenario: Arc<Scenario>, a: &RenderArgs) -> Result<(), (u8, String)> {
    let RenderArgs {
        lang,
        token,
        heading_level,
        mode,
        words,
        manifest,
        src,
        output,
        inject,
        ..
    } = a;
    let meta = &scenario.meta;
    let lang = lang
        .clone()
        .unwrap_or_else(|| meta.languages[meta.default_language].clone());
    if scenario.language_index(&lang).is_none() {
        return Err((
            2,
            format!(
                "\"{lang}\" is not one of the guide's languages ({})",
                meta.languages.join(", ")
            ),
        ));
    }
    let words = match words {
        Some(path) => {
            let text = read(path).map_err(|m| (2, m))?;
            serde_json::from_str(&text).map_err(|e| {
                (
                    2,
                    format!("{}: not the widget's words as JSON ({e})", path.display()),
                )
            })?
        }
        None => self::words(&lang).unwrap_or_else(|| {
            // As the element does for a language it has no words in.
            eprintln!("agreement-guide: the widget's own words are in English for \"{lang}\"; give them with --words FILE");
            self::words("en").expect("English words are built in")
        }),
    };
    // The compiled guide's manifest: given, or beside the JSON.
    let manifest_path = manifest.clone().or_else(|| {
        let beside = file.with_file_name(format!("{}.compiled.json", meta.id));
        beside.exists().then_some(beside)
    });
    let manifest = match &manifest_path {
        Some(path) => {
            let text = read(path).map_err(|m| (2, m))?;
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                (
                    2,
                    format!("{}: not a compiled guide's manifest ({e})", path.display()),
                )
            })?;
            if value["id"] != meta.id.as_str() {
                return Err((
                    2,
                    format!(
                        "{} is the manifest of another guide ({}), not of \"{}\"",
                        path.display(),
                        value["id"],
                        meta.id
                    ),
                ));
            }
            Some(value)
        }
        None => None,
    };
    let src = src.clone().or_else(|| {
        manifest_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    });
    let mut guide = Guide::new(Arc::clone(&scenario), 0);
    if let Some(t) = token {
        guide.restore(t).map_err(|e| {
            (
                1,
                format!("the token does not open a run of this guide: {e}"),
            )
        })?;
    }
    let options = agreement_guide::facade::prerender::Options {
        heading_level: *heading_level,
        classroom: mode == "classroom",
        src: src.clone(),
        manifest: manifest.as_ref().map(|m| m.to_string()),
        image_size: guide
            .view(&lang)
            .node
            .and_then(|n| n.image)
            .filter(|i| i.width.is_none())
            .and_then(|i| image_size(file, &i.src)),
    };
    let card = agreement_guide::facade::prerender::card(&guide, &lang, &words, &options);
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| (2, format!("cannot write {}: {e}", path.display())))
    };
    if let Some(page) = inject {
        // The language's compiled file, for the browser to fetch beside the manifest.
        let preload = manifest
            .as_ref()
            .zip(src.as_deref())
            .and_then(|(m, src)| preload(m, &lang, src));
        let text = read(page).map_err(|m| (2, m))?;
        let out = self::inject(&text, &card, preload.as_deref())
            .map_err(|m| (2, format!("{}: {m}", page.display())))?;
        if out != text {
            write(page, &out)?;
            eprintln!("wrote the card into {}", page.display());
        }
        return Ok(());
    }
    match output {
        Some(path) => write(path, &card),
        None => {
            print!("{card}");
            Ok(())
        }
    }
}

/// The widget's words in `lang`, for the languages the element ships; None for another.
pub fn words(lang: &str) -> Option<Words> {
    let w = |s: &[&str; 11], actors: &[(&str, &str)]| Words {
        needs_scripts: s[0].into(),
        kicker: s[1].into(),
        card_sources: s[2].into(),
        sources: s[3].into(),
        your_move: s[4].into(),
        marker_game: s[5].into(),
        marker_model: s[6].into(),
        discussion: s[7].into(),
        verdict: s[8].into(),
        in_reality: s[9].into(),
        new_tab: s[10].into(),
        actors: actors
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect::<BTreeMap<_, _>>(),
    };
    match lang {
        "en" => Some(w(
            &[
                NEEDS_SCRIPTS_EN,
                "Interactive guide",
                "Sources:",
                "Sources",
                "Your move",
                "Game event",
                "Model assumption",
                "For discussion",
                "The verdict",
                "In reality",
                "(opens in a new tab)",
            ],
            &[
                ("us", "United States"),
                ("china", "China"),
                ("both", "Both governments"),
                ("narrator", "Narrator"),
            ],
        )),
        "zh" => Some(w(
            &[
                NEEDS_SCRIPTS_ZH,
                "互动指南",
                "来源：",
                "来源",
                "轮到你了",
                "游戏情节",
                "模型假设",
                "讨论题",
                "结局",
                "现实中",
                "（在新标签页中打开）",
            ],
            &[
                ("us", "美国"),
                ("china", "中国"),
                ("both", "双方"),
                ("narrator", "旁白"),
            ],
        )),
        _ => None,
    }
}

/// The line about scripts, in English (as in www/element/prerender.js).
pub const NEEDS_SCRIPTS_EN: &str =
    "This is the first step of an interactive guide. To play it, open this page in a browser with JavaScript switched on.";
/// The line about scripts, in Chinese (as in www/element/prerender.js).
pub const NEEDS_SCRIPTS_ZH: &str =
    "这是互动指南的第一步。要继续，请在开启了 JavaScript 的浏览器中打开本页。";

const CARD: &str = "<!-- agreement-guide render: card -->";
const PRELOAD: &str = "<!-- agreement-guide render: preload -->";
const END: &str = "<!-- /agreement-guide render -->";

/// Replaces the region after `start` up to the next [`END`] with `content`,
/// indented like the start marker. None when the page has no such region.
pub fn replace_region(page: &str, start: &str, content: &str) -> Option<String> {
    let at = page.find(start)?;
    let body = at + start.len();
    let end = body + page[body..].find(END)?;
    let indent: String = page[..at]
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let mut inner = String::from("\n");
    for line in content.lines() {
        inner.push_str(&indent);
        inner.push_str(line);
        inner.push('\n');
    }
    inner.push_str(&indent);
    Some(format!("{}{inner}{}", &page[..body], &page[end..]))
}

/// Writes `card` (and, given one, the preload hint) into the marked regions of `page`.
pub fn inject(page: &str, card: &str, preload: Option<&str>) -> Result<String, String> {
    let mut out = replace_region(page, CARD, card)
        .ok_or_else(|| format!("no region `{CARD}` … `{END}` to write the card into"))?;
    if let Some(p) = preload {
        if out.contains(PRELOAD) {
            out = replace_region(&out, PRELOAD, p)
                .ok_or_else(|| format!("the region `{PRELOAD}` has no `{END}` after it"))?;
        }
    }
    Ok(out)
}

/// The address of a file named in a manifest, as the page writes it: beside `src`.
pub fn beside(src: &str, name: &str) -> String {
    match src.rfind('/') {
        Some(i) => format!("{}{name}", &src[..=i]),
        None => name.to_string(),
    }
}

/// Reads `path`, naming it in the message when it cannot be read.
/// The preload hint for a language's compiled file, as the element will fetch it: the
/// gzip-compressed copy when the manifest names one (see www/element/guide-file.js), else
/// the file itself; `src` is how the page names the manifest. None when the manifest has
/// no file for `lang`.
pub fn preload(manifest: &serde_json::Value, lang: &str, src: &str) -> Option<String> {
    let file = manifest["gzip"][lang]
        .as_str()
        .or_else(|| manifest["files"][lang].as_str())?;
    Some(format!(
        "<link rel=\"preload\" href=\"{}\" as=\"fetch\" type=\"application/octet-stream\" crossorigin>",
        agreement_guide::facade::prerender::escape(&beside(src, file))
    ))
}

pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_replaced_with_its_indent_and_the_rest_kept() {
        let page = "<head>\n  <!-- agreement-guide render: preload -->old<!-- /agreement-guide render -->\n</head>\n<main>\n    <!-- agreement-guide render: card -->\n    x\n    <!-- /agreement-guide render -->\n</main>\n";
        let out = inject(page, "<p>a</p>\n<p>b</p>", Some("<link>")).unwrap();
        assert_eq!(out, "<head>\n  <!-- agreement-guide render: preload -->\n  <link>\n  <!-- /agreement-guide render -->\n</head>\n<main>\n    <!-- agreement-guide render: card -->\n    <p>a</p>\n    <p>b</p>\n    <!-- /agreement-guide render -->\n</main>\n");
        // Again: the same page.
        assert_eq!(
            inject(&out, "<p>a</p>\n<p>b</p>", Some("<link>")).unwrap(),
            out
        );
        assert!(inject("<main></main>", "x", None).is_err());
    }

    #[test]
    fn a_file_beside_the_manifest() {
        assert_eq!(
            beside("scenarios/a.compiled.json", "a.en.1.bin"),
            "scenarios/a.en.1.bin"
        );
        assert_eq!(beside("a.compiled.json", "a.en.1.bin"), "a.en.1.bin");
    }
}
