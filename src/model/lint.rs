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
//! (`compile.rs`); this module names them and holds the small tests that
//! do not need the rest of it.

use super::text::{plain_text, Rich, Span};
use crate::error::DiagnosticCode;

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
}

impl Lint {
    /// Every lint.
    pub const ALL: [Lint; 5] = [
        Lint::UncitedParagraph,
        Lint::UnusedSource,
        Lint::BadSourceDate,
        Lint::HttpAddress,
        Lint::StarterText,
    ];

    /// Its diagnostic code (the one enum of codes is [`DiagnosticCode`]).
    pub const fn code(self) -> DiagnosticCode {
        match self {
            Lint::UncitedParagraph => DiagnosticCode::UncitedParagraph,
            Lint::UnusedSource => DiagnosticCode::UnusedSource,
            Lint::BadSourceDate => DiagnosticCode::BadSourceDate,
            Lint::HttpAddress => DiagnosticCode::HttpAddress,
            Lint::StarterText => DiagnosticCode::StarterText,
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
