//! Simulated playthroughs: N runs under a reader policy, deterministic by seed.
//!
//! The hot loop reuses its buffers and allocates nothing per step.

use crate::model::scenario::Scenario;
use crate::prelude::*;
use crate::run::config::Flashpoints;
use crate::run::policy::Policy;
use crate::run::rng::Rng;
use crate::run::state::{self, Position};

/// A run longer than this is counted as unfinished (only cyclic guides hit it).
pub const MAX_STEPS_PER_RUN: usize = 10_000;

/// Totals over many simulated playthroughs.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Runs made.
    pub runs: u64,
    /// Runs that ended at each ending (indexed like `scenario.endings`).
    pub endings: Vec<u64>,
    /// Runs cut off at [`MAX_STEPS_PER_RUN`].
    pub unfinished: u64,
    /// Steps taken in all runs.
    pub steps: u64,
    /// The seed.
    pub seed: u64,
}

/// The seed of run `i` of a batch seeded with `seed`.
fn run_seed(seed: u64, i: u64) -> u64 {
    Rng::new(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

/// Plays `runs` playthroughs from the start under `policy`, every
/// flashpoint off. Ties among a policy's candidates and outcomes are drawn
/// from one stream per run.
pub fn simulate(scenario: &Scenario, policy: Policy<'_>, runs: u64, seed: u64) -> Simulation {
    simulate_range(scenario, Flashpoints::OFF, policy, 0, runs, seed)
}

/// Runs `first .. first + runs` of [`simulate`] with `flashpoints` switched
/// on: run `i` depends only on `seed` and `i`, so batches covering `0..n`
/// sum to `simulate(…, n, seed)`.
pub fn simulate_range(
    scenario: &Scenario,
    flashpoints: Flashpoints,
    policy: Policy<'_>,
    first: u64,
    runs: u64,
    seed: u64,
) -> Simulation {
    let mut sim = Simulation {
        runs,
        endings: vec![0; scenario.endings.len()],
        unfinished: 0,
        steps: 0,
        seed,
    };
    let (start_pos, start_values) = state::start(scenario, flashpoints);
    let mut values = start_values.clone();
    let mut cands = Vec::with_capacity(8);
    for i in first..first.saturating_add(runs) {
        let mut rng = Rng::new(run_seed(seed, i));
        values.copy_from_slice(&start_values);
        let mut pos = start_pos;
        let mut steps = 0;
        while let Position::Node(n) = pos {
            if steps == MAX_STEPS_PER_RUN {
                break;
            }
            policy.candidates(scenario, n, &values, &mut cands);
            if cands.is_empty() {
                break;
            }
            let c = cands[if cands.len() == 1 {
                0
            } else {
                rng.below(cands.len())
            }];
            pos = state::take(scenario, n, c, &mut values, |total| rng.next_f64() * total).0;
            steps += 1;
        }
        sim.steps += steps as u64;
        match pos {
            Position::Ending(e) => sim.endings[e] += 1,
            Position::Node(_) => sim.unfinished += 1,
        }
    }
    sim
}

/// A run that reaches an ending: a guide seed and the choice ids to click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// Ending index.
    pub ending: usize,
    /// Seed to give the [`Guide`](crate::Guide).
    pub seed: u64,
    /// Choice ids, in order.
    pub choices: Vec<String>,
}

/// For each ending, one (seed, choices) run that reaches it, if found within
/// `tries` random playthroughs. The outcomes are drawn from `Rng::new(seed)`
/// exactly as a [`Guide`](crate::Guide) with that seed draws them, so
/// replaying the choices in a guide made with the seed reaches the ending.
/// Every flashpoint is off (see [`witnesses_with`]).
pub fn witnesses(scenario: &Scenario, tries: u64) -> Vec<Option<Witness>> {
    witnesses_with(scenario, Flashpoints::OFF, tries)
}

/// [`witnesses`] of runs with `flashpoints` switched on.
pub fn witnesses_with(
    scenario: &Scenario,
    flashpoints: Flashpoints,
    tries: u64,
) -> Vec<Option<Witness>> {
    let mut found: Vec<Option<Witness>> = vec![None; scenario.endings.len()];
    let mut cands = Vec::new();
    for seed in 0..tries {
        if found.iter().all(Option::is_some) {
            break;
        }
        let (pos, choices) = random_walk(
            scenario,
            flashpoints,
            seed,
            MAX_STEPS_PER_RUN,
            &mut cands,
            |_| false,
        );
        if let Position::Ending(e) = pos {
            if found[e].is_none() {
                found[e] = Some(Witness {
                    ending: e,
                    seed,
                    choices,
                });
            }
        }
    }
    found
}

/// The shortest of `tries` random runs (uniform choices, seeds `0..tries`)
/// that arrives at `target`, a node or an ending, as a [`Witness`]-like
/// (seed, choices) pair: replaying the choices in a guide made with the seed
/// arrives there. `None` when no run did (it is unreachable, or behind a
/// flashpoint that is off). For authors' tools: a preview that follows the
/// card being edited. Every flashpoint is off (see [`reach_with`]).
pub fn reach(scenario: &Scenario, target: Position, tries: u64) -> Option<(u64, Vec<String>)> {
    reach_with(scenario, Flashpoints::OFF, target, tries)
}

/// [`reach`] by runs with `flashpoints` switched on.
pub fn reach_with(
    scenario: &Scenario,
    flashpoints: Flashpoints,
    target: Position,
    tries: u64,
) -> Option<(u64, Vec<String>)> {
    if state::start(scenario, flashpoints).0 == target {
        return Some((0, Vec::new()));
    }
    let mut best: Option<(u64, Vec<String>)> = None;
    let mut cands = Vec::new();
    for seed in 0..tries {
        // A run longer than the best so far cannot improve on it.
        let longest = best.as_ref().map_or(MAX_STEPS_PER_RUN, |b| b.1.len());
        let (pos, choices) = random_walk(scenario, flashpoints, seed, longest, &mut cands, |pos| {
            pos == target
        });
        if pos == target {
            best = Some((seed, choices));
        }
    }
    best
}

/// One playthrough with uniformly random choices, as [`witnesses`] and
/// [`reach`] take them: choices drawn from `run_seed(seed, 0x5eed)`, outcomes
/// from `Rng::new(seed)` exactly as a [`Guide`](crate::Guide) with that seed
/// draws them. It stops at an ending, a card with no choice available, after
/// `max_steps` choices, or when `stop` says so of the position a step
/// arrived at; it returns that position and the choice ids taken.
fn random_walk(
    scenario: &Scenario,
    flashpoints: Flashpoints,
    seed: u64,
    max_steps: usize,
    cands: &mut Vec<usize>,
    mut stop: impl FnMut(Position) -> bool,
) -> (Position, Vec<String>) {
    let (mut pos, mut values) = state::start(scenario, flashpoints);
    let mut guide_rng = Rng::new(seed);
    let mut pick_rng = Rng::new(run_seed(seed, 0x5eed));
    let mut choices = Vec::new();
    while let Position::Node(n) = pos {
        if choices.len() >= max_steps {
            break;
        }
        Policy::Uniform.candidates(scenario, n, &values, cands);
        if cands.is_empty() {
            break;
        }
        let c = cands[pick_rng.below(cands.len())];
        choices.push(scenario.nodes[n].choices[c].id.clone());
        pos = state::take(scenario, n, c, &mut values, |total| {
            guide_rng.next_f64() * total
        })
        .0;
        if stop(pos) {
            break;
        }
    }
    (pos, choices)
}
