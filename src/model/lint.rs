//! Standards lints: what a newsroom's standards editor would send back.
//!
//! A lint is a [`Diagnostic`](crate::Diagnostic) whose code is one of
//! [`Lint`]'s. `check` reports lints as warnings, so a draft still plays;
//! `check --strict` ([`Check::Strict`](crate::Check)) makes them
//! errors, and the build publishes no guide that fails it. A reader's page
//! ([`Check::Static`](crate::Check)) skips them: they ran when the
//! guide was published.
//!
//! The checks themselves run where the compile step already walks the text
//! (`compile/`); this module names them and holds the small tests that
//! do not need the rest of it.

use super::text::{plain_text, Rich, Span};
use crate::error::DiagnosticCode;
use crate::prelude::*;

/// A standards lint: a warning under `check`, an error under `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lint {
    /// A paragraph a reader sees as fact (card body, ending summary, "in
    /// reality") with no `[^source]` citation and no `[!game]` / `[!model]`
    /// marker saying it is invented.
    UncitedParagraph,
    /// A source in `meta.sources` that nothing cites.
    UnusedSource,
    /// A source `date` that is not `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    BadSourceDate,
    /// An `http://` address written into a citation or reader text: the
    /// widget links only https (an http link on an https page is mixed
    /// content), so the address would be shown but never work as a link.
    HttpAddress,
    /// Text left from the starter `new` writes (its `REPLACE` placeholders,
    /// its `my-guide` id).
    StarterText,
    /// A card body longer than [`MAX_CARD_WORDS`] words in some language
    /// (Chinese and Japanese counted by [`card_words`]): on a phone it is a
    /// wall of text between the reader and the next choice.
    LongCard,
}

impl Lint {
    /// Every lint.
    pub const ALL: [Lint; 6] = [
        Lint::UncitedParagraph,
        Lint::UnusedSource,
        Lint::BadSourceDate,
        Lint::HttpAddress,
        Lint::StarterText,
        Lint::LongCard,
    ];

    /// Its diagnostic code (the one enum of codes is [`DiagnosticCode`]).
    pub const fn code(self) -> DiagnosticCode {
        match self {
            Lint::UncitedParagraph => DiagnosticCode::UncitedParagraph,
            Lint::UnusedSource => DiagnosticCode::UnusedSource,
            Lint::BadSourceDate => DiagnosticCode::BadSourceDate,
            Lint::HttpAddress => DiagnosticCode::HttpAddress,
            Lint::StarterText => DiagnosticCode::StarterText,
            Lint::LongCard => DiagnosticCode::LongCard,
        }
    }

    /// The lint with this diagnostic code, if it is one.
    pub fn from_code(code: DiagnosticCode) -> Option<Lint> {
        Lint::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// The code of the error for a citation inside a choice label. Not a lint:
/// it is refused always, because the widget renders a label as a button and
/// a citation as a button, and a button inside a button is invalid HTML (a
/// nested control, and the choice's accessible name would gain "\[7\]").
pub const CITATION_IN_CHOICE_LABEL: DiagnosticCode = DiagnosticCode::CitationInChoiceLabel;

/// The word the starter marks every placeholder with (`templates/starter.json`).
pub const STARTER_PLACEHOLDER: &str = "REPLACE";
/// The starter's guide id.
pub const STARTER_ID: &str = "my-guide";

/// The accepted date formats, for messages.
pub const DATE_FORMATS: &str = "YYYY-MM-DD, YYYY-MM or YYYY (e.g. \"2015-09-25\")";

/// Whether `s` is a calendar date written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.is_empty()
        || parts.len() > 3
        || !parts.iter().zip([4, 2, 2]).all(|(p, n)| digits(p, n))
    {
        return false;
    }
    let num = |i: usize| parts.get(i).map(|p| p.parse::<u32>().unwrap_or(0));
    let year = num(0).unwrap_or(0);
    let Some(month) = num(1) else { return true };
    if !(1..=12).contains(&month) {
        return false;
    }
    let Some(day) = num(2) else { return true };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

/// The 1-based numbers of `rich`'s paragraphs that neither cite a source nor
/// open with a marker, each with its first few words (to find it by).
pub fn uncited_paragraphs(rich: &Rich) -> Vec<(usize, String)> {
    rich.iter()
        .enumerate()
        .filter(|(_, p)| {
            !matches!(p.first(), Some(Span::Marker { .. }))
                && !p.iter().any(|s| matches!(s, Span::Cite { .. }))
        })
        .map(|(i, p)| (i + 1, opening_words(&plain_text(&vec![p.clone()]))))
        .collect()
}

/// The first few words of `text`, with "…" when there are more.
fn opening_words(text: &str) -> String {
    const MAX: usize = 40;
    let text = text.trim();
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    // End on a word boundary where the text has spaces.
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// The most words a card body may hold. The seed article the first guide is
/// built on (Vox's card-stack explainer) has four sections of 93, 100, 120
/// and 206 words, and no paragraph over 73: a card may be as long as its
/// longest section and not much more, about a minute of reading and a screen
/// and a half on a 390-px phone. A card longer than that is split, or its
/// detail moved to a card the reader can choose (docs/format.md, "Card length").
pub const MAX_CARD_WORDS: usize = 220;

/// Han characters (and kana) per word when a card's length is counted: the
/// first guide's Chinese cards ran 1.77 characters to each word of their
/// English (3,777 Han characters to 2,138 words, before this lint), so 1.75
/// is taken, written as 7 characters to 4 words.
const HAN_PER_WORD: (usize, usize) = (7, 4);

/// Whether `c` is a Han character or kana, which Chinese and Japanese write
/// without spaces between words (Hangul is written with spaces, so Korean is
/// counted in words).
fn is_han_or_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// How long a card body reads, in words: each run of letters or digits
/// between spaces and punctuation ("cyber-enabled", "2015") is one word,
/// and Han characters and kana count 4 words to 7 characters (`HAN_PER_WORD`,
/// rounded up). Citations and markers are not counted: the reader sees them
/// as small buttons and tags, not as prose.
pub fn card_words(rich: &Rich) -> usize {
    let (mut words, mut han, mut in_word) = (0, 0, false);
    for span in rich.iter().flatten() {
        let Some(text) = span.prose() else {
            in_word = false;
            continue;
        };
        for c in text.chars() {
            if is_han_or_kana(c) {
                han += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if !matches!(c, '-' | '\'' | '\u{2019}' | '.' | ',') || !in_word {
                // A hyphen, apostrophe, or a point or comma inside a number
                // ("cyber-enabled", "Xi's", "21.5", "2,150") keeps the word going
                // if a letter or digit follows; anything else ends it.
                in_word = false;
            }
        }
        in_word = false;
    }
    let (chars, per) = HAN_PER_WORD;
    words + (han * per).div_ceil(chars)
}

/// Whether `text` holds the starter's placeholder word.
pub fn has_placeholder(text: &str) -> bool {
    text.contains(STARTER_PLACEHOLDER)
}

/// The first `http://` address written in `text`, if any.
pub fn http_address(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("http://")?;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '<' | '>'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::text::parse_markup;

    #[test]
    fn dates_are_calendar_dates_in_three_shapes() {
        for ok in ["2015", "2015-09", "2015-09-25", "2016-02-29", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "",
            "15",
            "2015-9-25",
            "Sept 2015",
            "2015-13",
            "2015-00",
            "2015-02-29",
            "1900-02-29",
            "2015-04-31",
            "2015/09/25",
            "2015-09-25T10:00",
            "२०१५",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_paragraph_is_uncited_without_a_citation_or_an_opening_marker() {
        let (r, _) = parse_markup("Cited.[^a]\n\n[!game] Invented.\n\nA claim with no source at all, long enough to be cut short.\n\nMid [!model] marker.");
        assert_eq!(
            uncited_paragraphs(&r),
            [
                (3, "A claim with no source at all, long…".to_string()),
                (4, "Mid [!model] marker.".to_string())
            ]
        );
    }

    #[test]
    fn http_addresses_and_placeholders_are_found() {
        assert_eq!(
            http_address("see HTTP://example.com/x) now"),
            Some("HTTP://example.com/x")
        );
        assert_eq!(http_address("https://example.com"), None);
        assert!(has_placeholder("REPLACE: a title"));
        assert!(!has_placeholder("Replace the battery"));
    }

    #[test]
    fn a_card_is_counted_in_words_and_chinese_by_characters() {
        let words = |s: &str| card_words(&parse_markup(s).0);
        // Hyphens, apostrophes and number punctuation keep a word whole;
        // citations, markers and markup are not counted.
        assert_eq!(words("Xi's cyber-enabled deal, 21.5 million."), 5);
        assert_eq!(words("[!game] *Two* **words**.[^a]"), 2);
        assert_eq!(words("One.\n\nTwo — three."), 3);
        // Seven Han characters read as four words, rounded up; Latin words
        // inside Chinese text count as words.
        assert_eq!(words("中美两国宣布了"), 4);
        assert_eq!(words("中美"), 2);
        assert_eq!(words("火眼公司（FireEye）报告"), 4 + 1);
        assert_eq!(words("これはテスト"), 4);
        // Korean is written with spaces: counted in words.
        assert_eq!(words("한국어 문장"), 2);
        assert_eq!(words(""), 0);
    }

    #[test]
    fn a_card_may_hold_220_words_or_385_chinese_characters() {
        let body = |n: usize| vec!["word"; n].join(" ");
        let words = |s: &str| card_words(&parse_markup(s).0);
        assert_eq!(words(&body(MAX_CARD_WORDS)), MAX_CARD_WORDS);
        assert!(words(&body(MAX_CARD_WORDS + 1)) > MAX_CARD_WORDS);
        // The Chinese limit: 385 characters (220 × 1.75).
        assert_eq!(words(&"字".repeat(385)), MAX_CARD_WORDS);
        assert!(words(&"字".repeat(386)) > MAX_CARD_WORDS);
    }

    #[test]
    fn every_code_names_its_lint() {
        for l in Lint::ALL {
            assert_eq!(Lint::from_code(l.code()), Some(l));
        }
        assert_eq!(
            Lint::from_code(CITATION_IN_CHOICE_LABEL),
            None,
            "refused always, not a lint"
        );
    }
}
