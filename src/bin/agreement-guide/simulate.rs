//! `simulate`: many playthroughs under a strategy (Monte Carlo).

use crate::args::SimulateArgs;
use crate::{finish, out, start_run, Outcome};
use agreement_guide::Guide;

/// Runs `simulate`.
pub fn run(a: &SimulateArgs) -> Outcome {
    let run = start_run(&a.file, &a.twists)?;
    finish(simulate(&run, &a.strategy, a.runs, a.seed))
}

fn simulate(g: &Guide, strategy: &str, runs: u64, seed: u64) -> agreement_guide::Result<()> {
    let scenario = g.scenario();
    let start = std::time::Instant::now();
    let sim = g.simulate(runs, Some(strategy), seed)?;
    let secs = start.elapsed().as_secs_f64();
    out!("{runs} playthroughs, strategy {strategy}, seed {seed}:");
    for (e, n) in scenario.endings.iter().zip(&sim.endings) {
        out!(
            "  {:<24} {n:>9}  {:>6.2}%",
            e.id,
            *n as f64 * 100.0 / runs.max(1) as f64
        );
    }
    if sim.unfinished > 0 {
        out!("  {:<24} {:>9}", "(unfinished)", sim.unfinished);
    }
    out!(
        "mean length {:.2} steps; {:.0} steps/s",
        sim.steps as f64 / runs.max(1) as f64,
        sim.steps as f64 / secs.max(1e-9)
    );
    Ok(())
}
