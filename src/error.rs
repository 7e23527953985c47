//! Errors: one public [`Error`] over a private inner enum, and the located
//! [`Diagnostic`]s that a scenario check produces.
//!
//! Messages are terse, lowercase and name the offending id, so that the CLI,
//! the widget and a test can all show them as they are.

use crate::prelude::*;
use core::fmt;
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be used until this is fixed.
    Error,
    /// The scenario loads, but an author should look at this.
    Warning,
}

/// Declares [`DiagnosticCode`] with each code's text written once, beside its variant.
macro_rules! diagnostic_codes {
    ($($(#[$doc:meta])* $name:ident = $text:literal,)*) => {
        /// The kind of a problem: one name per kind, shown and serialised as
        /// the short, stable kebab-case code that tools, the widget and the
        /// golden files match (`unknown-target`, `json-syntax`, …). The
        /// standards lints are codes here too ([`Lint`](crate::model::lint::Lint)
        /// names the subset).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $($(#[$doc])* $name,)*
        }

        impl DiagnosticCode {
            /// Every code.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$name,)*];

            /// The code as written in diagnostics and golden files.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$name => $text,)*
                }
            }
        }
    };
}

diagnostic_codes! {
    /// The file is empty, too deep, or not valid JSON.
    JsonSyntax = "json-syntax",
    /// A file, list or guide over one of the limits.
    TooLarge = "too-large",
    /// A required field is absent.
    MissingField = "missing-field",
    /// A field the format does not have (often a misspelling).
    UnknownField = "unknown-field",
    /// A value of the wrong JSON type or shape.
    WrongType = "wrong-type",
    /// A compiled guide file that cannot be read.
    Compiled = "compiled",
    /// An id of the wrong shape for its kind.
    BadId = "bad-id",
    /// An id (or a language) declared twice in one namespace.
    DuplicateId = "duplicate-id",
    /// A guide version that is not 1 or more.
    BadVersion = "bad-version",
    /// No language declared.
    NoLanguages = "no-languages",
    /// A language code of the wrong shape, or a default not declared.
    BadLanguage = "bad-language",
    /// Text in a language the guide does not declare.
    UnknownLanguage = "unknown-language",
    /// Text missing in one of the guide's languages (a warning).
    MissingTranslation = "missing-translation",
    /// A text over the length limit.
    TooLong = "too-long",
    /// A link that is not https, or unsafe markup.
    UnsafeLink = "unsafe-link",
    /// An image address that is not relative to the guide's site.
    UnsafeImage = "unsafe-image",
    /// An image without alt text in every language.
    MissingAlt = "missing-alt",
    /// An image's width without its height (or the reverse), or a size out of range.
    ImageSize = "image-size",
    /// A source whose citation is empty.
    EmptyCitation = "empty-citation",
    /// A citation of a source key that is not declared.
    UnknownSource = "unknown-source",
    /// An actor that is not declared.
    UnknownActor = "unknown-actor",
    /// A meter whose min, max and start do not fit together.
    BadBounds = "bad-bounds",
    /// A progress meter that names a flag.
    BadProgress = "bad-progress",
    /// An expression or effect names an undeclared variable.
    UnknownVariable = "unknown-variable",
    /// Arithmetic on a flag, or a flag given a number.
    FlagArithmetic = "flag-arithmetic",
    /// An expression that does not parse or type-check.
    Expression = "expression",
    /// A flashpoint id that is not declared.
    UnknownFlashpoint = "unknown-flashpoint",
    /// An effect that sets a flashpoint, which only the run's configuration may do.
    FlashpointEffect = "flashpoint-effect",
    /// A `next` that names no node or ending.
    UnknownTarget = "unknown-target",
    /// A start that is not a node.
    BadStart = "bad-start",
    /// A guide without nodes.
    NoNodes = "no-nodes",
    /// A guide without endings.
    NoEndings = "no-endings",
    /// A choice with both `next` and `outcomes`, or neither.
    NextAndOutcomes = "next-and-outcomes",
    /// A random choice with no outcome.
    NoOutcomes = "no-outcomes",
    /// Routes that lead nowhere.
    NoRoute = "no-route",
    /// Conditional routes with no unconditional last one.
    NoFallbackRoute = "no-fallback-route",
    /// A route after the unconditional one, which is never taken.
    UnreachableRoute = "unreachable-route",
    /// A conditional choice without the reason shown when it is unavailable.
    MissingReason = "missing-reason",
    /// A strategy prefers a tag no choice carries.
    UnknownTag = "unknown-tag",
    /// A strategy without rules.
    NoRules = "no-rules",
    /// A citation inside a choice label (a button inside a button).
    CitationInChoiceLabel = "citation-in-choice-label",
    /// A node or ending no choice or outcome leads to.
    Unreachable = "unreachable",
    /// A node, or a reachable state, with no available choice.
    DeadEnd = "dead-end",
    /// A random choice whose outcomes all weigh 0.
    ZeroWeights = "zero-weights",
    /// An outcome weight that is (or becomes) negative.
    NegativeWeight = "negative-weight",
    /// A reachable state from which no ending can be reached (a loop).
    NoWayOut = "no-way-out",
    /// An ending no reachable state leads to (a warning).
    NeverReached = "never-reached",
    /// A choice never available where its card is reached (a warning).
    NeverAvailable = "never-available",
    /// The model check stopped at its state limit (a warning).
    CheckIncomplete = "check-incomplete",
    /// Lint: a paragraph taken as fact cites no source and is not marked invented.
    UncitedParagraph = "uncited-paragraph",
    /// Lint: a declared source nothing cites.
    UnusedSource = "unused-source",
    /// Lint: a source date not written YYYY-MM-DD, YYYY-MM or YYYY.
    BadSourceDate = "bad-source-date",
    /// Lint: an http address in text, which the widget would never link.
    HttpAddress = "http-address",
    /// Lint: text or an id left from the starter.
    StarterText = "starter-text",
    /// Lint: a card body longer than a phone reader gets through.
    LongCard = "long-card",
}

impl DiagnosticCode {
    /// The code written `text`, if there is one.
    pub fn parse(text: &str) -> Option<DiagnosticCode> {
        DiagnosticCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text)
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Serialised as its text, so its schema is the list of every code's text
/// (the widget's types see a union of string literals).
#[cfg(feature = "cli")]
impl schemars::JsonSchema for DiagnosticCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DiagnosticCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = DiagnosticCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "The kind of a problem: a short, stable kebab-case code.",
            "type": "string",
            "enum": codes,
        })
    }
}

/// One problem found in a scenario, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short, stable name for the kind of problem (`unknown-node`, `json-syntax`, …).
    pub code: DiagnosticCode,
    /// Where in the file: a path such as `nodes[4].choices[1].next`.
    pub location: String,
    /// 1-based line in the source text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the source text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when there is an obvious fix (`did you mean "sanctions"?`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// A new error diagnostic at `location`.
    pub fn error(
        code: DiagnosticCode,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location: location.into(),
            line: None,
            column: None,
            message: message.into(),
            suggestion: None,
        }
    }

    /// A new warning diagnostic at `location`.
    pub fn warning(
        code: DiagnosticCode,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// The same diagnostic with a suggestion.
    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The diagnostic as one line: `line:column: location: [warning: ]message — suggestion`.
    /// Built by concatenation rather than `write!`, so the reader runtime's
    /// error path does not pull in `core::fmt`'s formatting machinery.
    pub fn line_text(&self) -> String {
        let mut out = String::new();
        if let (Some(l), Some(c)) = (self.line, self.column) {
            out.push_str(&decimal(l as u64));
            out.push(':');
            out.push_str(&decimal(c as u64));
            out.push_str(": ");
        }
        if !self.location.is_empty() {
            out.push_str(&self.location);
            out.push_str(": ");
        }
        if self.severity == Severity::Warning {
            out.push_str("warning: ");
        }
        out.push_str(&self.message);
        if let Some(s) = &self.suggestion {
            out.push_str(" — ");
            out.push_str(s);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line_text())
    }
}

/// Decimal digits without `core::fmt` (the reader runtime's error and token
/// paths use it; see docs/performance.md, "The reader runtime's diet").
pub(crate) fn decimal(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().map(|&d| d as char).collect()
}

/// What went wrong, for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The scenario file has errors; see [`Error::diagnostics`].
    InvalidScenario,
    /// A share token could not be restored.
    BadToken,
    /// No choice with that id at the current node.
    UnknownChoice,
    /// The choice exists but its condition does not hold.
    ChoiceUnavailable,
    /// The guide has reached an ending; there is nothing to choose.
    Finished,
    /// There is no step to undo.
    NothingToUndo,
    /// No strategy with that id.
    UnknownStrategy,
    /// No flashpoint with that id.
    UnknownFlashpoint,
    /// An analysis or input went past a safety bound.
    LimitExceeded,
    /// A compiled guide file could not be loaded (another format, cut
    /// short, altered or crafted).
    InvalidCompiled,
}

#[derive(Debug, Clone)]
enum Inner {
    Scenario(Vec<Diagnostic>),
    Token(String),
    UnknownChoice(String),
    ChoiceUnavailable { id: String, reason: String },
    Finished,
    NothingToUndo,
    UnknownStrategy { id: String, known: Vec<String> },
    UnknownFlashpoint { id: String, known: Vec<String> },
    Limit(String),
    Compiled(String),
}

/// The crate's error type.
#[derive(Debug, Clone)]
pub struct Error(Box<Inner>);

/// `Result` with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    pub(crate) fn scenario(diagnostics: Vec<Diagnostic>) -> Self {
        Error(Box::new(Inner::Scenario(diagnostics)))
    }
    pub(crate) fn token(message: impl Into<String>) -> Self {
        Error(Box::new(Inner::Token(message.into())))
    }
    pub(crate) fn unknown_choice(id: &str) -> Self {
        Error(Box::new(Inner::UnknownChoice(id.to_string())))
    }
    pub(crate) fn choice_unavailable(id: &str, reason: String) -> Self {
        Error(Box::new(Inner::ChoiceUnavailable {
            id: id.to_string(),
            reason,
        }))
    }
    pub(crate) fn finished() -> Self {
        Error(Box::new(Inner::Finished))
    }
    pub(crate) fn nothing_to_undo() -> Self {
        Error(Box::new(Inner::NothingToUndo))
    }
    pub(crate) fn unknown_strategy(id: &str, known: Vec<String>) -> Self {
        Error(Box::new(Inner::UnknownStrategy {
            id: id.to_string(),
            known,
        }))
    }
    pub(crate) fn unknown_flashpoint(id: &str, known: Vec<String>) -> Self {
        Error(Box::new(Inner::UnknownFlashpoint {
            id: id.to_string(),
            known,
        }))
    }
    pub(crate) fn compiled(message: String) -> Self {
        Error(Box::new(Inner::Compiled(message)))
    }
    pub(crate) fn limit(message: impl Into<String>) -> Self {
        Error(Box::new(Inner::Limit(message.into())))
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        match &*self.0 {
            Inner::Scenario(_) => ErrorKind::InvalidScenario,
            Inner::Token(_) => ErrorKind::BadToken,
            Inner::UnknownChoice(_) => ErrorKind::UnknownChoice,
            Inner::ChoiceUnavailable { .. } => ErrorKind::ChoiceUnavailable,
            Inner::Finished => ErrorKind::Finished,
            Inner::NothingToUndo => ErrorKind::NothingToUndo,
            Inner::UnknownStrategy { .. } => ErrorKind::UnknownStrategy,
            Inner::UnknownFlashpoint { .. } => ErrorKind::UnknownFlashpoint,
            Inner::Limit(_) => ErrorKind::LimitExceeded,
            Inner::Compiled(_) => ErrorKind::InvalidCompiled,
        }
    }

    /// The located problems, for [`ErrorKind::InvalidScenario`]; empty otherwise.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match &*self.0 {
            Inner::Scenario(d) => d,
            _ => &[],
        }
    }
}

impl Error {
    /// The message, as [`Display`](fmt::Display) shows it. Built by
    /// concatenation, not `write!`: the reader runtime shows it and leaves
    /// `core::fmt`'s formatting out of its error path.
    pub fn message(&self) -> String {
        let quoted = |before: &str, id: &str, after: &str| [before, "\"", id, "\"", after].concat();
        match &*self.0 {
            Inner::Scenario(d) => {
                let errors = d.iter().filter(|d| d.is_error()).count();
                let mut out = String::from("the scenario has ");
                out.push_str(&decimal(errors as u64));
                out.push_str(if errors == 1 { " problem" } else { " problems" });
                for d in d.iter().filter(|d| d.is_error()) {
                    out.push('\n');
                    out.push_str(&d.line_text());
                }
                out
            }
            Inner::UnknownChoice(id) => quoted("no choice ", id, " here"),
            Inner::ChoiceUnavailable { id, reason } => {
                quoted("choice ", id, " is not available: ") + reason
            }
            Inner::Finished => {
                "the guide has reached an ending; restart or undo to play on".to_string()
            }
            Inner::NothingToUndo => "there is no step to undo".to_string(),
            Inner::UnknownStrategy { id, known } => {
                quoted("no strategy ", id, "; known: ") + &known.join(", ")
            }
            Inner::UnknownFlashpoint { id, known } if known.is_empty() => {
                quoted("no flashpoint ", id, ": this guide has none")
            }
            Inner::UnknownFlashpoint { id, known } => {
                quoted("no flashpoint ", id, "; known: ") + &known.join(", ")
            }
            Inner::Token(m) | Inner::Limit(m) | Inner::Compiled(m) => m.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_one_distinct_kebab_case_string_that_reads_back() {
        for (i, c) in DiagnosticCode::ALL.iter().enumerate() {
            let text = c.as_str();
            assert!(
                text.split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|ch| ch.is_ascii_lowercase())),
                "{text}"
            );
            assert_eq!(DiagnosticCode::parse(text), Some(*c));
            assert!(
                !DiagnosticCode::ALL[..i].iter().any(|d| d.as_str() == text),
                "{text} twice"
            );
        }
        assert_eq!(DiagnosticCode::parse("no-such-code"), None);
    }

    #[test]
    fn a_diagnostic_shows_and_serialises_its_code_as_text() {
        let d = Diagnostic::warning(DiagnosticCode::NeverReached, "endings[1]", "m");
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"code\":\"never-reached\""), "{json}");
        assert_eq!(DiagnosticCode::NoWayOut.to_string(), "no-way-out");
    }

    #[test]
    fn messages_read_as_they_did_with_write() {
        for n in [0u64, 7, 10, 1234, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        let mut d = Diagnostic::warning(DiagnosticCode::NeverReached, "endings[1]", "m")
            .suggest(Some("s".into()));
        assert_eq!(d.to_string(), "endings[1]: warning: m — s");
        (d.line, d.column) = (Some(12), Some(3));
        assert_eq!(d.to_string(), "12:3: endings[1]: warning: m — s");
        let two = Error::scenario(vec![
            Diagnostic::error(DiagnosticCode::NoNodes, "nodes", "no nodes"),
            d.clone(),
            Diagnostic::error(DiagnosticCode::BadStart, "", "bad start"),
        ]);
        assert_eq!(
            two.to_string(),
            "the scenario has 2 problems\nnodes: no nodes\nbad start"
        );
        assert_eq!(
            Error::unknown_choice("x").to_string(),
            "no choice \"x\" here"
        );
        assert_eq!(
            Error::choice_unavailable("x", "too soon".into()).to_string(),
            "choice \"x\" is not available: too soon"
        );
        assert_eq!(
            Error::unknown_flashpoint("f", vec![]).to_string(),
            "no flashpoint \"f\": this guide has none"
        );
        assert_eq!(
            Error::unknown_strategy("s", vec!["a".into(), "b".into()]).to_string(),
            "no strategy \"s\"; known: a, b"
        );
    }
}
