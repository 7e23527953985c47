//! `agreement-guide oembed`: what a CMS that embeds by URL needs (WordPress, and
//! every other consumer of oEmbed, <https://oembed.com/>), as static files, so no
//! server runs for it. For each language of a guide, into the directory that
//! holds the built `embed.html` (whose files the pages share):
//!
//! - `<id>.<lang>.html`: the guide's own page, the address an editor pastes and
//!   the one the embed's iframe shows: `embed.html` showing this guide in this
//!   language, with its title, its first card in the HTML and a discovery link,
//!   `<link rel="alternate" type="application/json+oembed">`, to
//! - `<id>.<lang>.oembed.json`: the oEmbed answer, type `rich`: the title, the
//!   provider, a size, `html` (an iframe of the page) and, when a card of the
//!   guide has an image, a thumbnail.
//!
//! Every address written is absolute, under `--url` (oEmbed consumers do not
//! resolve relative ones: WordPress fetches the discovery link's `href` as it is).
//!
//! `html` is shaped for what WordPress keeps from a provider it does not trust
//! (`wp_filter_oembed_result` in wp-includes/embed.php): a `<blockquote>` with a
//! link, shown until the page reports its height, then an `<iframe>` with only
//! the attributes it allows (src, width, height, title, frameborder). WordPress
//! sandboxes that iframe and adds `#?secret=…` to its address; www/embed/embed.js
//! answers with the height and link messages of WordPress's protocol.

use super::render;
use crate::args::OembedArgs;
use crate::{explained, load_valid, Outcome};
use agreement_guide::facade::prerender::escape;
use agreement_guide::{Guide, Scenario};
use serde_json::json;
use std::path::Path;
use std::sync::Arc;

/// The start of the page region the discovery link goes into (ended by render's end marker).
const LINK: &str = "<!-- agreement-guide render: oembed -->";

/// What `oembed` was asked for.
pub struct Options<'a> {
    /// Where `dir` is served: an absolute http(s) address ending in `/`.
    pub url: &'a str,
    /// The directory to write into; it holds `embed.html` unless `page` is given.
    pub dir: &'a Path,
    /// The page to start from (default: `dir/embed.html`).
    pub page: Option<&'a Path>,
    /// The element's `src`, relative to `dir` (default: `scenarios/<id>.compiled.json`).
    pub src: Option<&'a str>,
    /// `provider_name`.
    pub provider: &'a str,
    /// The iframe's size before the page reports its height.
    pub width: u32,
    /// See `width`.
    pub height: u32,
}

/// Writes both files for every language; an error is (exit code, message).
/// Runs `oembed`.
pub fn run(a: &OembedArgs) -> Outcome {
    let scenario = load_valid(&a.file)?;
    let options = Options {
        url: &a.url,
        dir: &a.output,
        page: a.page.as_deref(),
        src: a.src.as_deref(),
        provider: &a.provider,
        width: a.width,
        height: a.height,
    };
    explained(write(&a.file, scenario, &options))
}

pub fn write(file: &Path, scenario: Arc<Scenario>, o: &Options) -> Result<(), (u8, String)> {
    let url = base_url(o.url).map_err(|m| (2, m))?;
    let meta = &scenario.meta;
    let src = o.src.map_or_else(
        || format!("scenarios/{}.compiled.json", meta.id),
        str::to_string,
    );
    let template_path = o
        .page
        .map_or_else(|| o.dir.join("embed.html"), Path::to_path_buf);
    let template = render::read(&template_path).map_err(|m| {
        (
            2,
            format!("{m} (the built embed.html: run `npm run build`, or name one with --page)"),
        )
    })?;
    let manifest_path = o.dir.join(&src);
    let manifest_text = render::read(&manifest_path).map_err(|m| {
        (
            2,
            format!(
                "{m} (pack the guide into it first: agreement-guide pack {} -o {})",
                file.display(),
                manifest_path.parent().unwrap_or(o.dir).display()
            ),
        )
    })?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest_text)
        .ok()
        .filter(|m: &serde_json::Value| m["id"] == meta.id.as_str())
        .ok_or_else(|| {
            (
                2,
                format!(
                    "{} is not the compiled manifest of \"{}\"",
                    manifest_path.display(),
                    meta.id
                ),
            )
        })?;
    let thumbnail = thumbnail(file, &scenario, &url, &src);
    let guide = Guide::new(Arc::clone(&scenario), 0);
    for lang in &meta.languages {
        let title = agreement_guide::model::text::plain_text(&guide.info(lang).title);
        let page_name = format!("{}.{lang}.html", meta.id);
        let json_name = format!("{}.{lang}.oembed.json", meta.id);
        let words = render::words(lang)
            .unwrap_or_else(|| render::words("en").expect("English words are built in"));
        let card = agreement_guide::facade::prerender::card(
            &guide,
            lang,
            &words,
            &agreement_guide::facade::prerender::Options {
                heading_level: 1,
                classroom: false,
                src: Some(src.clone()),
                manifest: Some(manifest.to_string()),
                ..Default::default()
            },
        );
        let parts = Page {
            lang,
            title: &title,
            src: &src,
            card: &card,
            preload: render::preload(&manifest, lang, &src),
            oembed: &format!("{url}{json_name}"),
        };
        let html = page(&template, &parts)
            .map_err(|m| (2, format!("{}: {m}", template_path.display())))?;
        let answer = answer(
            &url,
            o,
            &title,
            &format!("{url}{page_name}"),
            thumbnail.as_ref(),
        );
        let write = |name: &str, text: &str| {
            let path = o.dir.join(name);
            std::fs::write(&path, text)
                .map_err(|e| (2, format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {}", path.display());
            Ok::<(), (u8, String)>(())
        };
        write(&page_name, &html)?;
        write(
            &json_name,
            &(serde_json::to_string_pretty(&answer).expect("an answer serialises") + "\n"),
        )?;
        eprintln!("  paste {url}{page_name} into a CMS to embed \"{title}\" ({lang})");
    }
    Ok(())
}

/// `url` checked (absolute http or https, no query or fragment) and ending in `/`.
fn base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("--url must be an absolute http:// or https:// address (where the files are served), not \"{url}\""))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!("--url \"{url}\" is not a plain address of a directory (a host, then a path; no query, fragment or spaces)"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// A thumbnail: the first image of a card (the first card's, else the next in the
/// file), when its size can be read from the file beside the guide.
struct Thumbnail {
    url: String,
    width: u32,
    height: u32,
}

fn thumbnail(file: &Path, s: &Scenario, url: &str, src: &str) -> Option<Thumbnail> {
    let image = s
        .nodes
        .get(s.meta.start)
        .into_iter()
        .chain(&s.nodes)
        .find_map(|n| n.image.as_ref())?;
    // Images are relative to the scenario file, which the site serves beside its manifest.
    let size = image
        .size
        .map(Ok)
        .unwrap_or_else(|| render::measure(file, &image.src));
    let (width, height) = match size {
        Ok(size) => size,
        Err(m) => {
            eprintln!("agreement-guide: no thumbnail: the image {m}");
            return None;
        }
    };
    Some(Thumbnail {
        url: format!("{url}{}", render::beside(src, &image.src)),
        width,
        height,
    })
}

/// The oEmbed answer for a guide's page.
fn answer(
    url: &str,
    o: &Options,
    title: &str,
    page_url: &str,
    thumbnail: Option<&Thumbnail>,
) -> serde_json::Value {
    let (u, t) = (escape(page_url), escape(title));
    let html = format!(
        "<blockquote><a href=\"{u}\">{t}</a></blockquote><iframe src=\"{u}\" width=\"{}\" height=\"{}\" title=\"{t}\" frameborder=\"0\"></iframe>",
        o.width, o.height
    );
    let mut answer = json!({
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": o.provider,
        "provider_url": url,
        "width": o.width,
        "height": o.height,
        "html": html,
    });
    if let Some(th) = thumbnail {
        answer["thumbnail_url"] = th.url.clone().into();
        answer["thumbnail_width"] = th.width.into();
        answer["thumbnail_height"] = th.height.into();
    }
    answer
}

/// What a guide's page changes in the template.
struct Page<'a> {
    lang: &'a str,
    title: &'a str,
    src: &'a str,
    card: &'a str,
    preload: Option<String>,
    oembed: &'a str,
}

/// The template (the built embed.html) made into a guide's page: its language and
/// title, the element's `src` and `lang`, the first card and its preload hint, and
/// the discovery link. Each place must be found, or it is an error naming it.
fn page(template: &str, p: &Page) -> Result<String, String> {
    let mut html = set_between(template, "<html lang=\"", "\"", &escape(p.lang))
        .ok_or("no <html lang=\"…\"> to set the page's language in")?;
    html =
        set_between(&html, "<title>", "</title>", &escape(p.title)).ok_or("no <title> to set")?;
    let tag = html
        .find("<agreement-guide")
        .ok_or("no <agreement-guide> element")?;
    let end = tag
        + html[tag..]
            .find('>')
            .ok_or("the <agreement-guide> tag is not closed")?;
    if html[tag..end].contains(" src=") || html[tag..end].contains(" lang=") {
        return Err(
            "its <agreement-guide> already names a src or lang; a guide's page sets them".into(),
        );
    }
    let at = tag + "<agreement-guide".len();
    html.insert_str(
        at,
        &format!(" src=\"{}\" lang=\"{}\"", escape(p.src), escape(p.lang)),
    );
    html = render::inject(&html, p.card, p.preload.as_deref())?;
    let link = format!(
        "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{}\" title=\"{}\">",
        escape(p.oembed),
        escape(p.title)
    );
    render::replace_region(&html, LINK, &link).ok_or_else(|| {
        format!("no region `{LINK}` … to write the discovery link into (see www/embed.html)")
    })
}

/// `text` with what lies between the first `start` and the next `end` replaced by `value`.
fn set_between(text: &str, start: &str, end: &str, value: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(format!("{}{value}{}", &text[..from], &text[to..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_address_is_absolute_and_ends_in_a_slash() {
        assert_eq!(
            base_url("https://guides.example.org/dist").unwrap(),
            "https://guides.example.org/dist/"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080/"
        );
        for bad in [
            "dist/",
            "/dist/",
            "https://",
            "ftp://x/",
            "https://x/?a=1",
            "https://x/#y",
        ] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_page_gets_the_guide_and_its_discovery_link_and_says_what_it_lacks() {
        let template = "<html lang=\"en\"><head><title>Interactive guide</title>\n  <!-- agreement-guide render: oembed -->\n  <!-- /agreement-guide render -->\n</head><body><agreement-guide from-query>\n  <!-- agreement-guide render: card -->\n  <!-- /agreement-guide render -->\n</agreement-guide></body></html>";
        let p = Page {
            lang: "zh",
            title: "A & B",
            src: "scenarios/x.compiled.json",
            card: "<p>card</p>",
            preload: None,
            oembed: "https://h.example/x.zh.oembed.json",
        };
        let out = page(template, &p).unwrap();
        assert!(
            out.starts_with("<html lang=\"zh\"><head><title>A &amp; B</title>"),
            "{out}"
        );
        assert!(out.contains("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"https://h.example/x.zh.oembed.json\" title=\"A &amp; B\">"));
        assert!(out.contains(
            "<agreement-guide src=\"scenarios/x.compiled.json\" lang=\"zh\" from-query>"
        ));
        assert!(out.contains("<p>card</p>"));
        let no_link = template.replace("<!-- agreement-guide render: oembed -->", "");
        assert!(page(&no_link, &p).unwrap_err().contains("discovery link"));
        let named = template.replace(
            "<agreement-guide from-query>",
            "<agreement-guide src=\"a\">",
        );
        assert!(page(&named, &p).unwrap_err().contains("already names"));
    }
}
