//! `play`: the guide in the terminal, from standard input (so it can be scripted).

use crate::args::PlayArgs;
use crate::{finish, plain, start_run, Outcome};
use agreement_guide::{Guide, Position};
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// Runs `play`.
pub fn run(a: &PlayArgs) -> Outcome {
    match play(start_run(&a.file, &a.twists)?, a.seed, &a.lang) {
        Ok(Played::InputEnded { steps }) => {
            let s = if steps == 1 { "" } else { "s" };
            eprintln!("agreement-guide: the input ended after {steps} step{s}, before an ending; add choices to the script, or end it with `q` to stop early");
            Err(ExitCode::from(1))
        }
        other => finish(other.map(|_| ())),
    }
}

/// How a `play` session stopped.
enum Played {
    /// At an ending.
    Ending,
    /// The reader typed `q`.
    Quit,
    /// Standard input ended first (a script that stops short).
    InputEnded {
        /// Steps taken by then.
        steps: usize,
    },
}

fn play(mut g: Guide, seed: u64, lang: &str) -> agreement_guide::Result<Played> {
    g.restart_with_seed(seed);
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let out = std::io::stdout();
    let mut out = out.lock();
    let info = g.info(lang);
    let w = |out: &mut std::io::StdoutLock<'_>, s: String| {
        let _ = writeln!(out, "{s}");
    };
    w(&mut out, format!("== {} ==", plain(&info.title)));
    loop {
        let v = g.view(lang);
        if let Some(o) = &v.outcome {
            let given = if o.factors.is_empty() {
                String::new()
            } else {
                format!(" given {}", o.factors.join(", "))
            };
            w(
                &mut out,
                format!(
                    "\n→ {} ({:.0}% likely{given}; a model assumption)",
                    plain(&o.label),
                    o.probability * 100.0
                ),
            );
            if let Some(t) = &o.text {
                w(&mut out, plain(t));
            }
        }
        let meters: Vec<String> = v
            .meters
            .iter()
            .filter(|m| m.shown)
            .map(|m| {
                let d = if m.delta > 0.0 {
                    format!(" ▲{}", m.delta)
                } else if m.delta < 0.0 {
                    format!(" ▼{}", -m.delta)
                } else {
                    String::new()
                };
                if m.kind == "flag" {
                    format!("{}: {}", m.label, if m.value != 0.0 { "yes" } else { "no" })
                } else {
                    format!("{}: {}{d}", m.label, m.value)
                }
            })
            .collect();
        if !meters.is_empty() {
            w(&mut out, format!("[{}]", meters.join(" | ")));
        }
        if let Some(e) = &v.ending {
            w(
                &mut out,
                format!(
                    "\n*** {} ***\n{}\n\nIn reality: {}",
                    plain(&e.verdict),
                    plain(&e.summary),
                    plain(&e.reality)
                ),
            );
            w(&mut out, format!("\nshare token: {}", v.token));
            return Ok(Played::Ending);
        }
        let node = v.node.as_ref().expect("not finished");
        if let Some(p) = &v.progress {
            w(&mut out, format!("\n{}", p.label));
        }
        w(
            &mut out,
            format!(
                "\n[{}] {}\n{}",
                actor_name(&info, &node.actor),
                plain(&node.heading),
                plain(&node.body)
            ),
        );
        for (i, c) in v.choices.iter().enumerate() {
            let extra = if c.enabled {
                String::new()
            } else {
                format!(
                    " (unavailable: {})",
                    c.reason.as_ref().map(plain).unwrap_or_default()
                )
            };
            w(&mut out, format!("  {}. {}{extra}", i + 1, plain(&c.label)));
        }
        let _ = write!(out, "> ");
        let _ = out.flush();
        let Some(Ok(line)) = lines.next() else {
            w(&mut out, "\n(end of input)".into());
            let _ = out.flush();
            return Ok(Played::InputEnded { steps: v.step });
        };
        let line = line.trim();
        match line {
            "q" => return Ok(Played::Quit),
            "u" => {
                if let Err(e) = g.undo() {
                    w(&mut out, format!("! {e}"));
                }
            }
            _ => match line.parse::<usize>() {
                Ok(n) if (1..=v.choices.len()).contains(&n) => {
                    if let Err(e) = g.choose(&v.choices[n - 1].id) {
                        w(&mut out, format!("! {e}"));
                    }
                }
                _ => w(
                    &mut out,
                    format!(
                        "! type a number from 1 to {}, u to undo, or q to quit",
                        v.choices.len()
                    ),
                ),
            },
        }
        if let Position::Ending(_) = g.position() {
            continue;
        }
    }
}

fn actor_name(info: &agreement_guide::Info, id: &str) -> String {
    info.actors
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.label.clone())
        .unwrap_or_else(|| id.to_string())
}
