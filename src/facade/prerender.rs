//! The first card as plain HTML, for a page to carry inside the element
//! before any script runs (`agreement-guide render`, `bundle`, the demo
//! page's embed-code generator).
//!
//! What it writes: the guide's title and introduction, one line saying the
//! interactive guide needs a browser with scripts, the card a run is at (the
//! first, or the one a share token leads to) with its heading, image (alt
//! text and caption in the language), body, discussion prompt, its choices as disabled buttons, and the sources it
//! cites, numbered as the live widget numbers them, with their links. Class
//! names are the live element's with an `agp-` prefix (`agp-title`,
//! `agp-card`, `agp-choice`, …) under one `ag-prerender` wrapper, so a page's
//! stylesheet (agreement-guide-card.css, built from www/element/card.css) can give it the live card's shape while nothing
//! that looks for the live card's classes or `data-choice-id`/`data-lang` (host scripts,
//! tests that pierce the shadow root) finds this one.
//!
//! Safe by construction: every text goes through [`escape`] (text and
//! attribute values alike), scenario text sits in `<bdi>` or its own
//! paragraph so a direction override cannot leak into the words around it,
//! and a link is written only when its address passes the model's https
//! rule (`is_safe_href`); otherwise its words stay as text.
//!
//! The core holds no words of its own: the widget's words (the line about
//! scripts, "Sources", "Your move", …) come in as [`Words`], from the
//! element's string tables (the CLI and the page pass them).

use crate::facade::guide::Guide;
use crate::facade::view::{CardView, ChoiceView, EndingView, ImageView, Info, View};
use crate::model::compile::non_relative_address;
use crate::model::text::{is_safe_href, Marker, Rich, Span};
use crate::prelude::*;
use alloc::collections::BTreeMap;
use core::fmt::Write as _;

/// The widget's own words in the reader's language (the guide supplies the rest).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Words {
    /// The line saying the interactive guide needs a browser with scripts.
    pub needs_scripts: String,
    /// Above the title ("Interactive guide").
    pub kicker: String,
    /// Before a card's citation markers ("Sources:").
    pub card_sources: String,
    /// The heading of the numbered source list ("Sources").
    pub sources: String,
    /// Above the choices ("Your move").
    pub your_move: String,
    /// The tag of a `[!game]` paragraph ("Game event").
    pub marker_game: String,
    /// The tag of a `[!model]` paragraph ("Model assumption").
    pub marker_model: String,
    /// Above a discussion prompt ("For discussion").
    pub discussion: String,
    /// The ending's verdict heading ("The verdict").
    pub verdict: String,
    /// The ending's epilogue heading ("In reality").
    pub in_reality: String,
    /// After a link's words, for screen readers ("(opens in a new tab)").
    pub new_tab: String,
    /// Actor labels by id, for actors the guide does not label itself.
    pub actors: BTreeMap<String, String>,
}

/// How the card is written.
#[derive(Debug, Clone)]
pub struct Options {
    /// The level of the guide's title, 1–4 (the element's `heading-level`); the card's heading is one below.
    pub heading_level: u8,
    /// Whether the card's discussion prompt is shown (`mode="classroom"`).
    pub classroom: bool,
    /// The element's `src` as the page writes it (`scenarios/<id>.compiled.json`):
    /// the element takes the card over only when its own `src` is this one.
    pub src: Option<String>,
    /// The compiled guide's manifest (`<id>.compiled.json`'s text), carried in
    /// the card so the element need not fetch it before the language's file.
    pub manifest: Option<String>,
    /// The card's image's width and height in pixels, when the caller knows
    /// them (the CLI reads them from the image's file) and the guide does not
    /// give them: written on the `<img>` so the page reserves its box before
    /// it loads.
    pub image_size: Option<(u32, u32)>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            heading_level: 2,
            classroom: false,
            src: None,
            manifest: None,
            image_size: None,
        }
    }
}

/// Escapes text for HTML, as text or inside a double- or single-quoted
/// attribute: `& < > " '` become references; characters HTML forbids in a
/// document (NUL and the other C0/C1 controls but tab, line feed and
/// carriage return, and noncharacters) become U+FFFD; the rest, bidi
/// controls included, is kept (the markup around it isolates it).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE
}

/// The pre-rendered card: the card the run is at as HTML for the element's
/// light DOM, `<div class="ag-prerender" …>…</div>`, one line per block.
pub fn card(guide: &Guide, language: &str, words: &Words, options: &Options) -> String {
    let info = guide.info(language);
    let view = guide.view(language);
    Writer {
        info: &info,
        words,
        out: String::new(),
        level: options.heading_level.clamp(1, 4),
        cited: Vec::new(),
    }
    .page(&view, options)
}

struct Writer<'a> {
    info: &'a Info,
    words: &'a Words,
    out: String,
    level: u8,
    /// Sources cited on the card, by their place in the guide's list (0-based), in order of first citation.
    cited: Vec<usize>,
}

impl Writer<'_> {
    fn page(mut self, view: &View, options: &Options) -> String {
        let info = self.info;
        let lang = escape(&info.language);
        let mut carried = String::new();
        if let Some(src) = &options.src {
            let _ = write!(carried, " data-prerender-src=\"{}\"", escape(src));
        }
        if let Some(manifest) = &options.manifest {
            let _ = write!(
                carried,
                " data-prerender-manifest=\"{}\"",
                escape(manifest.trim())
            );
        }
        let _ = writeln!(
            self.out,
            "<div class=\"ag-prerender\" lang=\"{lang}\" data-prerender-guide=\"{}\" data-prerender-step=\"{}\"{carried}>",
            escape(&info.id),
            view.step
        );
        self.out.push_str("<header class=\"agp-header\">\n");
        self.line("p", "agp-kicker", &escape(&self.words.kicker));
        let title = self.inline(&info.title);
        self.heading(0, "agp-title", &title);
        if !info.summary.is_empty() {
            let summary = self.paragraphs(&info.summary);
            self.line("div", "agp-summary", &summary);
        }
        self.out.push_str("</header>\n");
        self.line("p", "agp-note", &escape(&self.words.needs_scripts));
        match (&view.ending, &view.node) {
            (Some(ending), _) => self.ending(ending),
            (None, Some(node)) => self.card(node, &view.choices, options),
            (None, None) => {}
        }
        self.sources();
        self.out.push_str("</div>\n");
        self.out
    }

    fn card(&mut self, node: &CardView, choices: &[ChoiceView], options: &Options) {
        let _ = writeln!(
            self.out,
            "<article class=\"agp-card\" data-prerender-actor=\"{}\" data-prerender-node=\"{}\">",
            escape(&node.actor),
            escape(&node.id)
        );
        self.badge(&node.actor);
        let heading = self.inline(&node.heading);
        self.heading(1, "agp-heading", &heading);
        if let Some(image) = &node.image {
            self.image(image, options);
        }
        let body = self.paragraphs(&node.body);
        self.line("div", "agp-card-body", &body);
        self.card_sources(&node.sources);
        if let (Some(prompt), true) = (&node.prompt, options.classroom) {
            let prompt = format!(
                "<p class=\"agp-prompt-title\">{}</p>{}",
                escape(&self.words.discussion),
                self.paragraphs(prompt)
            );
            self.line("div", "agp-prompt", &prompt);
        }
        if !choices.is_empty() {
            self.line("p", "agp-move", &escape(&self.words.your_move));
            self.out.push_str("<ul class=\"agp-choices\">\n");
            for c in choices {
                let label = self.inline(&c.label);
                let _ = writeln!(
                    self.out,
                    "<li><button type=\"button\" class=\"agp-choice\" data-prerender-choice=\"{}\" disabled><span class=\"agp-choice-label\">{label}</span></button></li>",
                    escape(&c.id)
                );
            }
            self.out.push_str("</ul>\n");
        }
        self.out.push_str("</article>\n");
    }

    /// The card's image with its alt text and caption, as the live card draws
    /// it (`<figure>`). Its address is relative to the guide's file, so it is
    /// written relative to the element's `src` (the folder of `options.src`),
    /// as the element resolves it; without a `src`, as the guide gives it.
    /// It carries its width and height: the guide's own, else `options.image_size`.
    fn image(&mut self, image: &ImageView, options: &Options) {
        // The compiler accepts only addresses on the guide's own site; checked again here.
        if non_relative_address(&image.src).is_some() {
            return;
        }
        let folder = match &options.src {
            Some(src) if !image.src.starts_with('/') => {
                let src = &src[..src.find(['?', '#']).unwrap_or(src.len())];
                &src[..src.rfind('/').map_or(0, |i| i + 1)]
            }
            _ => "",
        };
        let size = image
            .width
            .zip(image.height)
            .or(options.image_size)
            .map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\""))
            .unwrap_or_default();
        let _ = write!(
            self.out,
            "<figure class=\"agp-figure\"><img class=\"agp-image\" src=\"{}\" alt=\"{}\"{size} decoding=\"async\">",
            escape(&format!("{folder}{}", image.src)),
            escape(&image.alt)
        );
        if let Some(caption) = &image.caption {
            let caption = self.inline(caption);
            let _ = write!(
                self.out,
                "<figcaption class=\"agp-figcaption\">{caption}</figcaption>"
            );
        }
        self.out.push_str("</figure>\n");
    }

    fn ending(&mut self, ending: &EndingView) {
        let _ = writeln!(
            self.out,
            "<article class=\"agp-card agp-ending\" data-prerender-ending=\"{}\">",
            escape(&ending.id)
        );
        self.line("p", "agp-badge", &escape(&self.words.verdict));
        let verdict = self.inline(&ending.verdict);
        self.heading(1, "agp-heading", &verdict);
        let summary = self.paragraphs(&ending.summary);
        self.line("div", "agp-card-body", &summary);
        if !ending.reality.is_empty() {
            let reality = format!(
                "<p class=\"agp-reality-title\">{}</p>{}",
                escape(&self.words.in_reality),
                self.paragraphs(&ending.reality)
            );
            self.line("div", "agp-reality", &reality);
        }
        self.card_sources(&ending.sources);
        self.out.push_str("</article>\n");
    }

    fn badge(&mut self, actor: &str) {
        let label = self
            .info
            .actors
            .iter()
            .find(|a| a.id == actor)
            .and_then(|a| a.label.clone())
            .or_else(|| self.words.actors.get(actor).cloned())
            .unwrap_or_else(|| actor.to_string());
        let _ = writeln!(
            self.out,
            "<p class=\"agp-badge\" data-prerender-actor=\"{}\"><bdi>{}</bdi></p>",
            escape(actor),
            escape(&label)
        );
    }

    fn card_sources(&mut self, keys: &[String]) {
        let marks: String = keys.iter().filter_map(|k| self.cite(k)).collect();
        if marks.is_empty() {
            return;
        }
        let label = &self.words.card_sources;
        // A full-width colon ("来源：") carries its own space.
        let gap = if label.ends_with(|c: char| {
            ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        }) {
            ""
        } else {
            " "
        };
        let text = format!(
            "{}{gap}<span class=\"agp-cites\">{marks}</span>",
            escape(label)
        );
        self.line("p", "agp-card-sources", &text);
    }

    /// A citation marker linking to the source in the list below, numbered as the widget numbers it.
    fn cite(&mut self, key: &str) -> Option<String> {
        let i = self.info.sources.iter().position(|s| s.key == key)?;
        if !self.cited.contains(&i) {
            self.cited.push(i);
        }
        Some(format!(
            "<sup class=\"agp-cite\"><a href=\"#{}\">[{}]</a></sup>",
            self.source_id(i),
            i + 1
        ))
    }

    fn source_id(&self, i: usize) -> String {
        escape(&format!("ag-{}-source-{}", self.info.id, i + 1))
    }

    /// The sources the card cites, numbered by their place in the guide's list.
    fn sources(&mut self) {
        if self.cited.is_empty() {
            return;
        }
        let mut cited = self.cited.clone();
        cited.sort_unstable();
        self.out.push_str("<section class=\"agp-sources\">\n");
        self.heading(1, "agp-section-title", &escape(&self.words.sources));
        self.out.push_str("<ol class=\"agp-source-list\">\n");
        for i in cited {
            let s = &self.info.sources[i];
            let lang = s
                .lang
                .as_deref()
                .map(|l| format!(" lang=\"{}\" dir=\"auto\"", escape(l)))
                .unwrap_or_default();
            let citation = format!("<span{lang}>{}</span>", escape(&s.citation));
            let citation = match s.url.as_deref().filter(|u| is_safe_href(u)) {
                Some(url) => format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{citation}{}</a>",
                    escape(url),
                    self.hidden(&self.words.new_tab)
                ),
                None => citation,
            };
            let _ = writeln!(
                self.out,
                "<li id=\"{}\" value=\"{}\">{citation}</li>",
                self.source_id(i),
                i + 1
            );
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    fn hidden(&self, words: &str) -> String {
        if words.is_empty() {
            return String::new();
        }
        format!(
            "<span class=\"agp-visually-hidden\"> {}</span>",
            escape(words)
        )
    }

    fn line(&mut self, tag: &str, class: &str, html: &str) {
        let _ = writeln!(self.out, "<{tag} class=\"{class}\">{html}</{tag}>");
    }

    fn heading(&mut self, offset: u8, class: &str, html: &str) {
        let n = (self.level + offset).min(6);
        let _ = writeln!(self.out, "<h{n} class=\"{class}\">{html}</h{n}>");
    }

    /// Rich text as paragraphs.
    fn paragraphs(&mut self, rich: &Rich) -> String {
        rich.iter()
            .map(|p| format!("<p>{}</p>", self.spans(p)))
            .collect()
    }

    /// Rich text inline (a heading or a label), isolated from the words around it.
    fn inline(&mut self, rich: &Rich) -> String {
        let parts: Vec<String> = rich.iter().map(|p| self.spans(p)).collect();
        format!("<bdi>{}</bdi>", parts.join(" "))
    }

    fn spans(&mut self, spans: &[Span]) -> String {
        let mut out = String::new();
        for s in spans {
            match s {
                Span::Text { text } => out.push_str(&escape(text)),
                Span::Em { text } => {
                    let _ = write!(out, "<em>{}</em>", escape(text));
                }
                Span::Strong { text } => {
                    let _ = write!(out, "<strong>{}</strong>", escape(text));
                }
                Span::Link { text, href } if is_safe_href(href) => {
                    let _ = write!(
                        out,
                        "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{}{}</a>",
                        escape(href),
                        escape(text),
                        self.hidden(&self.words.new_tab)
                    );
                }
                Span::Link { text, .. } => out.push_str(&escape(text)),
                Span::Cite { key } => {
                    if let Some(mark) = self.cite(key) {
                        out.push_str(&mark);
                    }
                }
                Span::Marker { marker } => {
                    let (name, words) = match marker {
                        Marker::Game => ("game", &self.words.marker_game),
                        Marker::Model => ("model", &self.words.marker_model),
                    };
                    let _ = write!(
                        out,
                        "<span class=\"agp-marker\" data-prerender-marker=\"{name}\">{}</span> ",
                        escape(words)
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup_and_no_way_out_of_an_attribute() {
        let hostile = "</p><script>alert('x')</script>\"onload=\"y\" & <!-- `";
        let e = escape(hostile);
        for bad in ['<', '>', '"', '\''] {
            assert!(!e.contains(bad), "{e}");
        }
        assert_eq!(
            e,
            "&lt;/p&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;onload=&quot;y&quot; &amp; &lt;!-- `"
        );
    }

    #[test]
    fn escape_replaces_characters_a_document_may_not_hold() {
        assert_eq!(
            escape("a\0b\u{7}c\u{85}d\u{FFFF}e\u{FDD0}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}"
        );
        assert_eq!(escape("tab\tline\nok\r"), "tab\tline\nok\r");
        // Bidi controls are text; the markup around them isolates them.
        assert_eq!(escape("\u{202E}abc\u{2066}"), "\u{202E}abc\u{2066}");
        assert_eq!(escape("中文 ‘quotes’"), "中文 ‘quotes’");
    }
}
