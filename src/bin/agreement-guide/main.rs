//! `agreement-guide`: the authors' command-line tool.
//!
//! Exit codes: 0 success; 1 the scenario is invalid (or a play/analysis
//! failed); 2 the file could not be read or the command was wrong.
//!
//! Laid out as typst-cli is: the clap types in `args.rs`, one module per
//! command with a `run` that takes its arguments, and here the one dispatch
//! and the steps commands share (read the file, load it, start a run).

mod args;
mod bundle;
mod check;
mod new;
mod odds;
mod oembed;
mod pack;
mod paths;
mod play;
mod render;
mod schema;
mod scorm;
mod simulate;

use agreement_guide::{load_scenario, Diagnostic, Guide, Scenario};
use args::{Cli, Command, Twists};
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// `println!` that stops quietly when stdout is closed (e.g. `| head`).
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}
pub(crate) use out;

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Check(a) => check::run(&a),
        Command::Paths(a) => paths::run(&a),
        Command::Odds(a) => odds::run(&a),
        Command::Simulate(a) => simulate::run(&a),
        Command::Schema(a) => schema::run(&a),
        Command::New(a) => new::run(&a),
        Command::Bundle(a) => bundle::run(&a),
        Command::Pack(a) => pack::run(&a),
        Command::Render(a) => render::run(&a),
        Command::Oembed(a) => oembed::run(&a),
        Command::Play(a) => play::run(&a),
    };
    result.unwrap_or_else(|code| code)
}

/// What a command ends with: success, or the exit code it has already
/// explained on stderr.
type Outcome = Result<ExitCode, ExitCode>;

/// The scenario file's text, or exit 2 after saying why it cannot be read.
fn read_guide(file: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(file).map_err(|e| {
        eprintln!("agreement-guide: cannot read {}: {e}", file.display());
        ExitCode::from(2)
    })
}

/// The file read and loaded (the full check), or exit 1 after its problems.
fn load_valid(file: &Path) -> Result<Arc<Scenario>, ExitCode> {
    match load_scenario(&read_guide(file)?) {
        Ok(s) => Ok(Arc::new(s)),
        Err(e) => {
            print_diagnostics(file, e.diagnostics());
            eprintln!(
                "{}: invalid; run `agreement-guide check` for details",
                file.display()
            );
            Err(ExitCode::from(1))
        }
    }
}

/// The run the analyses and `play` start from: the guide with the twists
/// asked for switched on (the guide itself is not changed); exit 2 for a
/// flashpoint the guide does not have.
fn start_run(file: &Path, twists: &Twists) -> Result<Guide, ExitCode> {
    let mut run = Guide::new(load_valid(file)?, 0);
    if !twists.flashpoints.is_empty() {
        let ids: Vec<&str> = twists.flashpoints.iter().map(String::as_str).collect();
        if let Err(e) = run.set_flashpoints(&ids) {
            eprintln!("agreement-guide: {e}");
            return Err(ExitCode::from(2));
        }
    }
    Ok(run)
}

/// An analysis's result as the exit: 0, or 1 after the error.
fn finish(result: agreement_guide::Result<()>) -> Outcome {
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("agreement-guide: {e}");
            Err(ExitCode::from(1))
        }
    }
}

/// A call's `(exit code, message)` error as the exit.
fn explained(result: Result<(), (u8, String)>) -> Outcome {
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err((code, message)) => {
            eprintln!("agreement-guide: {message}");
            Err(ExitCode::from(code))
        }
    }
}

fn print_diagnostics(file: &Path, diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}:{d}", file.display());
    }
}

fn plain(r: &agreement_guide::Rich) -> String {
    agreement_guide::model::text::plain_text(r)
}
