//! `paths`: the distinct playthroughs, their lengths, and a run to each ending.

use crate::args::{Format, PathsArgs};
use crate::{finish, out, start_run, Outcome};
use agreement_guide::Guide;
use serde_json::json;

/// Runs `paths`.
pub fn run(a: &PathsArgs) -> Outcome {
    finish(paths(&start_run(&a.file, &a.twists)?, a.format))
}

fn paths(g: &Guide, format: Format) -> agreement_guide::Result<()> {
    let scenario = g.scenario();
    let stats = g.paths()?;
    let wit = g.witnesses(200_000);
    if format == Format::Json {
        let endings: Vec<_> = scenario
            .endings
            .iter()
            .enumerate()
            .map(|(i, e)| {
                json!({
                    "id": e.id,
                    "playthroughs": stats.per_ending.as_ref().map(|p| p[i].to_string()),
                    "witness": wit[i].as_ref().map(|w| json!({"seed": w.seed, "choices": w.choices})),
                })
            })
            .collect();
        let out = json!({
            "playthroughs": stats.count.map(|c| c.to_string()),
            "shortest": stats.shortest,
            "longest": stats.longest,
            "states": stats.states,
            "endings": endings,
        });
        out!(
            "{}",
            serde_json::to_string_pretty(&out).expect("serialises")
        );
        return Ok(());
    }
    match stats.count {
        Some(c) => out!("distinct playthroughs: {c}"),
        None => out!("distinct playthroughs: unbounded (the guide has a loop)"),
    }
    out!("reachable states: {}", stats.states);
    out!(
        "shortest: {} steps",
        stats.shortest.map_or("-".into(), |s| s.to_string())
    );
    out!(
        "longest: {}",
        stats
            .longest
            .map_or("unbounded".into(), |s| format!("{s} steps"))
    );
    for (i, e) in scenario.endings.iter().enumerate() {
        let count = stats
            .per_ending
            .as_ref()
            .map_or("?".into(), |p| p[i].to_string());
        let w = wit[i].as_ref().map_or("no run found".into(), |w| {
            format!("e.g. seed {}: {}", w.seed, w.choices.join(" → "))
        });
        out!("  {:<24} {count:>12} playthroughs; {w}", e.id);
    }
    Ok(())
}
