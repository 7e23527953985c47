//! Reader-facing text: per-language strings and the small safe markup.
//!
//! Markup is parsed here into [`Span`]s — plain text, emphasis, strong, https
//! links and source citations — so that no front end ever has to interpret a
//! scenario's characters as HTML. Anything that is not markup stays text.

use crate::prelude::*;
use serde::Serialize;

/// Text as an author writes it: one string for every language, or one per language.
#[derive(Debug, Clone, PartialEq)]
pub enum RawText {
    /// The same string in every language.
    Plain(String),
    /// `{ "en": "…", "zh": "…" }`, in file order.
    PerLanguage(Vec<(String, String)>),
}

#[cfg(feature = "cli")]
impl schemars::JsonSchema for RawText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Reader-facing text: one string for every language, or an object with one string per language code. Markup: blank line = paragraph, *emphasis*, **strong**, [text](https://…), [^source-key]; a paragraph that begins with [!game] (a game event) or [!model] (a model assumption) is marked as invented.",
            "anyOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": { "type": "string" }, "minProperties": 1 }
            ]
        })
    }
}

/// One run of text with its style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Span {
    /// Plain text.
    Text {
        /// The characters.
        text: String,
    },
    /// `*emphasis*`.
    Em {
        /// The characters.
        text: String,
    },
    /// `**strong**`.
    Strong {
        /// The characters.
        text: String,
    },
    /// `[text](https://…)`.
    Link {
        /// The visible text.
        text: String,
        /// The https address.
        href: String,
    },
    /// `[^key]`: a citation of a source.
    Cite {
        /// The source key.
        key: String,
    },
    /// `[!game]` or `[!model]` at the start of a paragraph: the paragraph is
    /// invented — a game event made up for play, or a model assumption (odds,
    /// meter values, modelled behaviour). Always the paragraph's first span;
    /// a front end shows it as a labelled tag in its own words.
    Marker {
        /// Which kind of invention.
        marker: Marker,
    },
}

impl Span {
    /// The characters a reader reads in this span, as prose: the text of
    /// plain, emphasised, strong and link spans; none for a citation or a
    /// marker, which a front end shows as a button or a tag of its own.
    pub fn prose(&self) -> Option<&str> {
        match self {
            Span::Text { text }
            | Span::Em { text }
            | Span::Strong { text }
            | Span::Link { text, .. } => Some(text),
            Span::Cite { .. } | Span::Marker { .. } => None,
        }
    }
}

/// What an invented paragraph's marker says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Marker {
    /// `[!game]`: an event the guide made up for play.
    Game,
    /// `[!model]`: a model assumption (odds, meter values, modelled behaviour).
    Model,
}

impl Marker {
    /// The markers and how an author writes each.
    pub const ALL: [(Marker, &'static str); 2] =
        [(Marker::Game, "[!game]"), (Marker::Model, "[!model]")];

    /// How an author writes it: `[!game]` or `[!model]`.
    pub fn syntax(self) -> &'static str {
        match self {
            Marker::Game => "[!game]",
            Marker::Model => "[!model]",
        }
    }

    /// Its words in plain text (the CLI, plain labels).
    pub fn words(self) -> &'static str {
        match self {
            Marker::Game => "game event",
            Marker::Model => "model assumption",
        }
    }
}

/// Parsed text: paragraphs of spans.
pub type Rich = Vec<Vec<Span>>;

/// A problem found while parsing markup.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkupProblem {
    /// What is wrong.
    pub message: String,
}

/// The upper bound on one string's length, in bytes.
pub const MAX_TEXT_LEN: usize = 20_000;

/// Parses markup into paragraphs of spans. Problems (a link that is not
/// https) are reported; the offending link is kept as plain text so a reader
/// still sees the words.
///
/// ```
/// use agreement_guide::{parse_markup, Span};
/// let (rich, problems) = parse_markup("Both sides *agree*.[^wh-factsheet]");
/// assert!(problems.is_empty());
/// assert_eq!(rich[0][1], Span::Em { text: "agree".into() });
/// assert_eq!(rich[0][3], Span::Cite { key: "wh-factsheet".into() });
/// ```
pub fn parse_markup(src: &str) -> (Rich, Vec<MarkupProblem>) {
    let mut problems = Vec::new();
    let normalised = src.replace("\r\n", "\n");
    let paragraphs = normalised
        .split("\n\n")
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut spans = parse_paragraph(p, &mut problems);
            for s in &mut spans {
                if let Span::Text { text }
                | Span::Em { text }
                | Span::Strong { text }
                | Span::Link { text, .. } = s
                {
                    close_bidi(text);
                }
            }
            spans
        })
        .collect();
    (paragraphs, problems)
}

/// Closes every bidi embedding, override and isolate that `text` opens and
/// leaves open (U+202A–U+202E, U+2066–U+2068), so that no span can reorder
/// what a front end puts after it ("Trojan Source" text in a label that
/// would run backwards through the widget's own words). Balanced use — an
/// Arabic name inside an isolate — is kept as written.
pub fn close_bidi(text: &mut String) {
    const PDF: char = '\u{202C}';
    const PDI: char = '\u{2069}';
    if !text
        .chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return;
    }
    // What is open, innermost last: true for an isolate, false for an embedding or override.
    let mut open: Vec<bool> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(false),
            '\u{2066}'..='\u{2068}' => open.push(true),
            PDF if open.last() == Some(&false) => {
                open.pop();
            }
            PDI if open.contains(&true) => {
                // A PDI closes its isolate and every embedding opened inside it.
                while open.pop() == Some(false) {}
            }
            _ => {}
        }
    }
    for isolate in open.into_iter().rev() {
        text.push(if isolate { PDI } else { PDF });
    }
}

fn push_text(out: &mut Vec<Span>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Span::Text { text }) = out.last_mut() {
        text.push_str(s);
    } else {
        out.push(Span::Text {
            text: s.to_string(),
        });
    }
}

fn parse_paragraph(p: &str, problems: &mut Vec<MarkupProblem>) -> Vec<Span> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = p;
    // An invented paragraph opens with its marker (the paragraph is already trimmed).
    if let Some((marker, after)) = Marker::ALL
        .iter()
        .find_map(|&(m, syntax)| rest.strip_prefix(syntax).map(|a| (m, a)))
    {
        out.push(Span::Marker { marker });
        rest = after.trim_start();
    }
    let flush = |out: &mut Vec<Span>, plain: &mut String| {
        let collapsed = plain.replace('\n', " ");
        push_text(out, &collapsed);
        plain.clear();
    };
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let mut it = rest.chars();
            it.next();
            match it.next() {
                Some(n @ ('*' | '[' | ']' | '\\' | '(' | ')')) => {
                    plain.push(n);
                    rest = &rest[1 + n.len_utf8()..];
                }
                _ => {
                    plain.push('\\');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        if let Some(after) = rest.strip_prefix("**").filter(|a| opens(a)) {
            if let Some(end) = closing(after, "**") {
                flush(&mut out, &mut plain);
                out.push(Span::Strong {
                    text: after[..end].replace('\n', " "),
                });
                rest = &after[end + 2..];
                continue;
            }
        } else if let Some(after) = rest.strip_prefix('*').filter(|a| opens(a)) {
            if let Some(end) = closing(after, "*") {
                flush(&mut out, &mut plain);
                out.push(Span::Em {
                    text: after[..end].replace('\n', " "),
                });
                rest = &after[end + 1..];
                continue;
            }
        } else if let Some(after) = rest.strip_prefix("[^") {
            if let Some(end) = after.find(']') {
                let key = &after[..end];
                if !key.is_empty() && !key.contains(char::is_whitespace) {
                    flush(&mut out, &mut plain);
                    out.push(Span::Cite {
                        key: key.to_string(),
                    });
                    rest = &after[end + 1..];
                    continue;
                }
            }
        } else if let Some(after) = rest.strip_prefix('[') {
            if let Some(end) = after.find("](") {
                if let Some(close) = closing_paren(&after[end + 2..]) {
                    let text = &after[..end];
                    let href = after[end + 2..end + 2 + close].trim();
                    if !text.contains('[') {
                        flush(&mut out, &mut plain);
                        if is_safe_href(href) {
                            out.push(Span::Link {
                                text: text.replace('\n', " "),
                                href: href.to_string(),
                            });
                        } else {
                            problems.push(MarkupProblem {
                                message: if href.to_ascii_lowercase().starts_with("http://") {
                                    format!("link \"{href}\" is not allowed: links must start with https:// (an http link on an https page is mixed content, which browsers block or flag)")
                                } else if href.starts_with("https://") {
                                    format!("link \"{}\" is not allowed: a link is a plain https address with a host, and no spaces, quotes, angle brackets, backslashes, control characters or bidi controls", href.escape_debug())
                                } else {
                                    format!("link \"{href}\" is not allowed: links must start with https://")
                                },
                            });
                            push_text(&mut out, text);
                        }
                        rest = &after[end + 2 + close + 1..];
                        continue;
                    }
                }
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut out, &mut plain);
    out
}

/// An emphasis marker opens only before a non-space character.
fn opens(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != '*')
}

/// The index of the closing `marker`: after a non-space, unescaped character.
fn closing(s: &str, marker: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(marker).map(|i| i + from) {
        let prev = s[..i].chars().next_back();
        if i > 0 && prev.is_some_and(|c| !c.is_whitespace() && c != '\\') {
            return Some(i);
        }
        from = i + marker.len();
    }
    None
}

/// The index of the `)` that closes a link target, allowing nested pairs.
fn closing_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Only absolute https links with a host, and no whitespace, control
/// characters, bidi controls, or characters that can end an attribute in some HTML parser
/// (`"`, `<`, `>`, `\\`, and the backtick old browsers took for a quote —
/// found by fuzzing; none is valid unescaped in a URL).
pub(crate) fn is_safe_href(href: &str) -> bool {
    let Some(rest) = href.strip_prefix("https://") else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !href.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || is_bidi_control(c)
                || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

/// The invisible characters that reorder text (embeddings, overrides,
/// isolates and marks): never valid unescaped in a URL, and in a link's or
/// an image's address they would make it read as another (found by fuzzing:
/// addresses holding U+202E or U+2067 reached the view).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The plain characters of rich text, paragraphs joined by blank lines;
/// citations become `[key]`.
pub fn plain_text(rich: &Rich) -> String {
    rich.iter()
        .map(|p| {
            p.iter()
                .map(|s| match s {
                    Span::Text { text }
                    | Span::Em { text }
                    | Span::Strong { text }
                    | Span::Link { text, .. } => text.clone(),
                    Span::Cite { key } => ["[", key.as_str(), "]"].concat(),
                    Span::Marker { marker } => ["[", marker.words(), "] "].concat(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Text in each of a scenario's languages, parsed; a language with no string
/// falls back to the scenario's default language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalText {
    by_language: Vec<Option<Rich>>,
}

impl LocalText {
    pub(crate) fn new(by_language: Vec<Option<Rich>>) -> Self {
        LocalText { by_language }
    }

    /// The text in language index `lang`, else in `default`, else the first present.
    pub fn get(&self, lang: usize, default: usize) -> &Rich {
        static EMPTY: Rich = Vec::new();
        self.by_language
            .get(lang)
            .and_then(Option::as_ref)
            .or_else(|| self.by_language.get(default).and_then(Option::as_ref))
            .or_else(|| self.by_language.iter().flatten().next())
            .unwrap_or(&EMPTY)
    }

    /// Whether a string was written for language index `lang`.
    pub fn has(&self, lang: usize) -> bool {
        self.by_language.get(lang).is_some_and(Option::is_some)
    }

    /// Each language's text that was written, with its language index.
    pub fn written(&self) -> impl Iterator<Item = (usize, &Rich)> {
        self.by_language
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (i, r)))
    }

    /// The source keys cited inside the text, in any language.
    pub fn citations(&self) -> impl Iterator<Item = &str> {
        self.by_language
            .iter()
            .flatten()
            .flatten()
            .flatten()
            .filter_map(|s| match s {
                Span::Cite { key } => Some(key.as_str()),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Span {
        Span::Text { text: s.into() }
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_lines_join() {
        let (r, p) = parse_markup("one\ntwo\n\nthree\r\n\r\n\n  ");
        assert!(p.is_empty());
        assert_eq!(r, vec![vec![t("one two")], vec![t("three")]]);
    }

    #[test]
    fn emphasis_strong_links_and_citations() {
        let (r, p) = parse_markup("a *b* **c** [d](https://example.org/x) e[^vox]");
        assert!(p.is_empty());
        assert_eq!(
            r[0],
            vec![
                t("a "),
                Span::Em { text: "b".into() },
                t(" "),
                Span::Strong { text: "c".into() },
                t(" "),
                Span::Link {
                    text: "d".into(),
                    href: "https://example.org/x".into()
                },
                t(" e"),
                Span::Cite { key: "vox".into() },
            ]
        );
    }

    #[test]
    fn unsafe_links_become_text_and_are_reported() {
        for bad in [
            "javascript:alert(1)",
            "http://example.org",
            "data:text/html,x",
            "https://",
            "https:///x",
            "https://x.org/`onmouseover",
        ] {
            let (r, p) = parse_markup(&format!("[click]({bad})"));
            assert_eq!(p.len(), 1, "{bad}");
            assert_eq!(r[0], vec![t("click")], "{bad}");
        }
    }

    #[test]
    fn html_is_just_text() {
        let (r, p) = parse_markup("<script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(p.is_empty());
        assert_eq!(
            r[0],
            vec![t("<script>alert(1)</script> <img src=x onerror=alert(1)>")]
        );
    }

    #[test]
    fn bidi_overrides_left_open_are_closed_within_their_span() {
        let (r, _) =
            parse_markup("a \u{202e}evil *b\u{2067}c* \u{202b}x\u{202c} \u{2068}ok\u{2069}");
        assert_eq!(
            r[0],
            vec![
                t("a \u{202e}evil \u{202c}"),
                Span::Em {
                    text: "b\u{2067}c\u{2069}".into()
                },
                t(" \u{202b}x\u{202c} \u{2068}ok\u{2069}"),
            ]
        );
        let mut nested = "\u{2067}\u{202e}\u{202d}x\u{2069}\u{202e}".to_string();
        close_bidi(&mut nested);
        assert_eq!(nested, "\u{2067}\u{202e}\u{202d}x\u{2069}\u{202e}\u{202c}");
        let mut stray = "\u{202c}\u{2069}plain".to_string();
        close_bidi(&mut stray);
        assert_eq!(
            stray, "\u{202c}\u{2069}plain",
            "stray closers are harmless and kept"
        );
    }

    #[test]
    fn unmatched_markers_and_escapes_stay_literal() {
        let (r, _) = parse_markup("5 * 3 = 15, [not a link], \\*x\\* and [^ no]");
        assert_eq!(r[0], vec![t("5 * 3 = 15, [not a link], *x* and [^ no]")]);
    }

    #[test]
    fn a_paragraph_may_open_with_an_invented_marker() {
        let (r, p) = parse_markup("  [!game] The hotline rings.\n\n[!model]Odds are ours.\n\nNot [!game] here. [!other] no");
        assert!(p.is_empty());
        assert_eq!(
            r[0],
            vec![
                Span::Marker {
                    marker: Marker::Game
                },
                t("The hotline rings.")
            ]
        );
        assert_eq!(
            r[1],
            vec![
                Span::Marker {
                    marker: Marker::Model
                },
                t("Odds are ours.")
            ]
        );
        assert_eq!(
            r[2],
            vec![t("Not [!game] here. [!other] no")],
            "only at a paragraph's start"
        );
        let json = serde_json::to_string(&r[0][0]).unwrap();
        assert_eq!(json, r#"{"kind":"marker","marker":"game"}"#);
        assert_eq!(plain_text(&r), "[game event] The hotline rings.\n\n[model assumption] Odds are ours.\n\nNot [!game] here. [!other] no");
        let (escaped, _) = parse_markup("\\[!game] literal");
        assert_eq!(
            escaped[0],
            vec![t("[!game] literal")],
            "an escaped bracket is text"
        );
    }

    #[test]
    fn plain_text_round_trips_words() {
        let (r, _) = parse_markup("a *b*[^k]\n\nc");
        assert_eq!(plain_text(&r), "a b[k]\n\nc");
    }

    #[test]
    fn local_text_falls_back_to_default() {
        let (en, _) = parse_markup("hello");
        let lt = LocalText::new(vec![Some(en.clone()), None]);
        assert_eq!(lt.get(1, 0), &en);
        assert!(!lt.has(1));
    }
}
