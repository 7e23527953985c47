#![allow(dead_code)]
//! The authors' CLI as a test runs it: the built binary, its standard input
//! given, its output kept.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `agreement-guide ARGS` in `dir` (default: the crate root) with `stdin`.
pub fn run_in(dir: Option<&Path>, args: &[&str], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agreement-guide"));
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `agreement-guide ARGS` in the crate root with `stdin`.
pub fn run(args: &[&str], stdin: &str) -> Output {
    run_in(None, args, stdin)
}
