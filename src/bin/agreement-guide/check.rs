//! `check`: every problem in a guide, located, as lines or JSON.

use crate::args::{CheckArgs, Format};
use crate::{out, print_diagnostics, read_guide, Outcome};
use agreement_guide::{load_scenario_with, Check, Scenario};
use std::path::Path;
use std::process::ExitCode;

/// Runs `check`.
pub fn run(a: &CheckArgs) -> Outcome {
    let text = read_guide(&a.file)?;
    let loaded = load_scenario_with(&text, if a.strict { Check::Strict } else { Check::Full });
    Ok(check(&a.file, loaded, a.format))
}

fn check(file: &Path, loaded: agreement_guide::Result<Scenario>, format: Format) -> ExitCode {
    let (diags, ok) = match &loaded {
        Ok(s) => (s.warnings.clone(), true),
        Err(e) => (e.diagnostics().to_vec(), false),
    };
    if format == Format::Json {
        out!(
            "{}",
            serde_json::to_string_pretty(&diags).expect("diagnostics serialise")
        );
    } else {
        print_diagnostics(file, &diags);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.len() - errors;
        if ok {
            let s = loaded.as_ref().expect("ok");
            let n = |k: usize, one: &str, many: &str| {
                format!("{k} {}", if k == 1 { one } else { many })
            };
            eprintln!(
                "{}: ok — {}, {}, {}, {}",
                file.display(),
                n(s.nodes.len(), "node", "nodes"),
                n(s.endings.len(), "ending", "endings"),
                n(s.strategies.len(), "strategy", "strategies"),
                n(warnings, "warning", "warnings"),
            );
        } else {
            eprintln!(
                "{}: {errors} problem{} found",
                file.display(),
                if errors == 1 { "" } else { "s" }
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
