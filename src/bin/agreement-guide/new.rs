//! `new`: a small, valid starter guide (and schema.json beside it) to edit.

use crate::args::NewArgs;
use crate::Outcome;
use std::path::Path;
use std::process::ExitCode;

/// Runs `new`.
pub fn run(a: &NewArgs) -> Outcome {
    Ok(new(&a.file, a.force))
}

/// The starter scenario `new` writes (checked by the tests like every other).
const STARTER: &str = include_str!("../../../templates/starter.json");

fn new(file: &Path, force: bool) -> ExitCode {
    if file.exists() && !force {
        eprintln!(
            "agreement-guide: {} already exists; use --force to overwrite it",
            file.display()
        );
        return ExitCode::from(2);
    }
    let schema = file.with_file_name("schema.json");
    let schema_new = !schema.exists();
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    let written = dir
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(file, STARTER))
        .and_then(|()| {
            if schema_new {
                std::fs::write(&schema, agreement_guide::model::json_schema())
            } else {
                Ok(())
            }
        });
    if let Err(e) = written {
        eprintln!("agreement-guide: cannot write {}: {e}", file.display());
        return ExitCode::from(2);
    }
    if schema_new {
        eprintln!(
            "wrote {} (and {} for editors)",
            file.display(),
            schema.display()
        );
    } else {
        eprintln!(
            "wrote {} ({} is already there)",
            file.display(),
            schema.display()
        );
    }
    eprintln!(
        "next: edit it, then `agreement-guide check {}` and `agreement-guide play {}`",
        file.display(),
        file.display()
    );
    ExitCode::SUCCESS
}
