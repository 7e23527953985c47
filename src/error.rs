//! Errors: one public [`Error`] over a private inner enum, and the located
//! [`Diagnostic`]s that a scenario check produces.
//!
//! Messages are terse, lowercase and name the offending id, so that the CLI,
//! the widget and a test can all show them as they are.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be used until this is fixed.
    Error,
    /// The scenario loads, but an author should look at this.
    Warning,
}

/// One problem found in a scenario, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short, stable name for the kind of problem (`unknown-node`, `json-syntax`, …).
    pub code: &'static str,
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
    pub fn error(code: &'static str, location: impl Into<String>, message: impl Into<String>) -> Self {
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
    pub fn warning(code: &'static str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, location, message) }
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}: ")?;
        }
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " — {s}")?;
        }
        Ok(())
    }
}

/// What went wrong, for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
pub type Result<T> = std::result::Result<T, Error>;

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
        Error(Box::new(Inner::ChoiceUnavailable { id: id.to_string(), reason }))
    }
    pub(crate) fn finished() -> Self {
        Error(Box::new(Inner::Finished))
    }
    pub(crate) fn nothing_to_undo() -> Self {
        Error(Box::new(Inner::NothingToUndo))
    }
    pub(crate) fn unknown_strategy(id: &str, known: Vec<String>) -> Self {
        Error(Box::new(Inner::UnknownStrategy { id: id.to_string(), known }))
    }
    pub(crate) fn unknown_flashpoint(id: &str, known: Vec<String>) -> Self {
        Error(Box::new(Inner::UnknownFlashpoint { id: id.to_string(), known }))
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Inner::Scenario(d) => {
                let errors = d.iter().filter(|d| d.is_error()).count();
                write!(f, "the scenario has {errors} problem{}", if errors == 1 { "" } else { "s" })?;
                for d in d.iter().filter(|d| d.is_error()) {
                    write!(f, "\n{d}")?;
                }
                Ok(())
            }
            Inner::Token(m) => write!(f, "{m}"),
            Inner::UnknownChoice(id) => write!(f, "no choice \"{id}\" here"),
            Inner::ChoiceUnavailable { id, reason } => write!(f, "choice \"{id}\" is not available: {reason}"),
            Inner::Finished => write!(f, "the guide has reached an ending; restart or undo to play on"),
            Inner::NothingToUndo => write!(f, "there is no step to undo"),
            Inner::UnknownStrategy { id, known } => {
                write!(f, "no strategy \"{id}\"; known: {}", known.join(", "))
            }
            Inner::UnknownFlashpoint { id, known } if known.is_empty() => {
                write!(f, "no flashpoint \"{id}\": this guide has none")
            }
            Inner::UnknownFlashpoint { id, known } => {
                write!(f, "no flashpoint \"{id}\"; known: {}", known.join(", "))
            }
            Inner::Limit(m) | Inner::Compiled(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}
