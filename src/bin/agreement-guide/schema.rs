//! `schema`: the JSON Schema of the scenario format, or of the widget's contract.

use crate::args::SchemaArgs;
use crate::Outcome;
use std::process::ExitCode;

/// Runs `schema`.
pub fn run(a: &SchemaArgs) -> Outcome {
    print!(
        "{}",
        if a.contract {
            agreement_guide::facade::contract::json_schema()
        } else {
            agreement_guide::model::json_schema()
        }
    );
    Ok(ExitCode::SUCCESS)
}
