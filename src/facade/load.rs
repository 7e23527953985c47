//! Loading: JSON text → a checked, compiled [`Scenario`], or every problem at once.
//!
//! Three steps, each reporting all it finds:
//! 1. syntax and types (the model's JSON reader and decoder, with line:column);
//! 2. references, ids, expressions, markup, translations, limits
//!    ([`compile`](crate::model::compile));
//! 3. a bounded model check of every reachable state (dead ends, weights,
//!    states that can no longer reach an ending), in [`crate::analysis::check`].
//!
//! It sits in the facade because step 3 is an analysis: the model layer
//! below it never calls analysis.

use crate::analysis::check::model_check;
use crate::error::{Diagnostic, DiagnosticCode, Error, Result, Severity};
use crate::model::compile::compile;
use crate::model::limits::MAX_FILE_BYTES;
use crate::model::lint::Lint;
use crate::model::scenario::Scenario;
use crate::model::{decode, json, order};
use crate::prelude::*;
use hashbrown::HashMap;

/// How much checking [`load_with`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Syntax, types, references, expressions, markup, translations and
    /// limits, plus the model check over every reachable state. For authors'
    /// tools and CI.
    Full,
    /// Everything but the model check and the standards lints: fast enough
    /// for a reader's page load, for scenarios that passed a full check when
    /// they were published.
    Static,
    /// [`Check::Full`], with the standards lints ([`Lint`]) as errors, not
    /// warnings: what `check --strict` and the build use before publishing.
    Strict,
}

/// Loads and fully checks a scenario from JSON text ([`Check::Full`]).
///
/// ```
/// let err = agreement_guide::load_scenario("{ \"meta\": 1 }").unwrap_err();
/// assert_eq!(err.kind(), agreement_guide::ErrorKind::InvalidScenario);
/// // Every problem at once: `meta` has the wrong type, `nodes` and `endings` are missing.
/// let found: Vec<String> = err.diagnostics().iter().map(|d| d.to_string()).collect();
/// assert_eq!(found, [
///     "1:1: missing required field \"nodes\"",
///     "1:1: missing required field \"endings\"",
///     "1:11: meta: expected an object, found a number",
/// ]);
/// ```
pub fn load(src: &str) -> Result<Scenario> {
    load_with(src, Check::Full)
}

/// Loads a scenario with the given depth of checking.
pub fn load_with(src: &str, check: Check) -> Result<Scenario> {
    if src.len() > MAX_FILE_BYTES {
        return Err(Error::scenario(vec![Diagnostic::error(
            DiagnosticCode::TooLarge,
            "",
            format!(
                "the file is {} bytes; the limit is {} bytes",
                src.len(),
                MAX_FILE_BYTES
            ),
        )]));
    }
    if src.trim().is_empty() {
        let d = Diagnostic::error(DiagnosticCode::JsonSyntax, "", "the file is empty");
        return Err(Error::scenario(vec![Diagnostic {
            line: Some(1),
            column: Some(1),
            ..d
        }]));
    }
    let json = json::parse(src).map_err(|e| {
        Error::scenario(vec![Diagnostic {
            line: Some(e.line),
            column: Some(e.column),
            ..Diagnostic::error(
                DiagnosticCode::JsonSyntax,
                "",
                format!("the file is not valid JSON: {}", e.message),
            )
        }])
    })?;
    let raw = decode::scenario(&json).map_err(Error::scenario)?;
    let (mut scenario, mut diags) = compile(&raw, check != Check::Static);
    if let Some(s) = &scenario {
        if check != Check::Static && !diags.iter().any(Diagnostic::is_error) {
            diags.extend(model_check(s));
        }
    }
    if check == Check::Strict {
        for d in diags
            .iter_mut()
            .filter(|d| Lint::from_code(d.code).is_some())
        {
            d.severity = Severity::Error;
        }
        if diags.iter().any(Diagnostic::is_error) {
            scenario = None;
        }
    }
    // Only a located diagnostic needs the path → line:column table; a clean
    // load (every reader's page) skips building it.
    let unplaced = |d: &Diagnostic| d.line.is_none() && !d.location.is_empty();
    let positions = if diags.iter().any(unplaced) {
        decode::positions(&json)
    } else {
        HashMap::new()
    };
    for d in &mut diags {
        if d.line.is_none() && !d.location.is_empty() {
            if let Some(&(l, col)) = nearest_position(&positions, &d.location) {
                d.line = Some(l);
                d.column = Some(col);
            }
        }
    }
    match scenario {
        Some(mut s) if !diags.iter().any(Diagnostic::is_error) => {
            order::number_sources(&mut s);
            s.warnings = diags;
            Ok(s)
        }
        _ => Err(Error::scenario(diags)),
    }
}

/// The position of `path`, or of its closest enclosing value.
fn nearest_position<'a>(
    positions: &'a HashMap<String, (usize, usize)>,
    path: &str,
) -> Option<&'a (usize, usize)> {
    let mut p = path;
    loop {
        if let Some(pos) = positions.get(p) {
            return Some(pos);
        }
        let cut = p.rfind(['.', '['])?;
        p = &p[..cut];
    }
}
