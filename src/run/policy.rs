//! How a reader picks among the enabled choices: every one (for the model
//! check), uniformly at random, or by one of the guide's strategies. A run and
//! every analysis take a [`Policy`]; [`policy_for`] resolves a strategy id.

use crate::error::{Error, Result};
use crate::model::scenario::{Scenario, Strategy};
use crate::prelude::*;
use crate::run::state;

/// How the reader picks among enabled choices.
#[derive(Debug, Clone, Copy)]
pub enum Policy<'a> {
    /// Every enabled choice (probabilities are then per-choice outcome odds only).
    All,
    /// Uniformly at random among enabled choices.
    Uniform,
    /// A scenario strategy.
    Strategy(&'a Strategy),
}

impl Policy<'_> {
    /// The choices this policy may take at `node` in `values`, into `out`.
    pub fn candidates(
        &self,
        scenario: &Scenario,
        node: usize,
        values: &[f64],
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let choices = &scenario.nodes[node].choices;
        match self {
            Policy::All | Policy::Uniform => {
                out.extend((0..choices.len()).filter(|&i| state::enabled(&choices[i], values)));
            }
            Policy::Strategy(s) => {
                let rule = s
                    .rules
                    .iter()
                    .find(|r| r.when.as_ref().is_none_or(|w| w.holds(values)));
                let mut best = f64::NEG_INFINITY;
                for (i, c) in choices.iter().enumerate() {
                    if !state::enabled(c, values) {
                        continue;
                    }
                    let score: f64 = rule.map_or(0.0, |r| {
                        r.prefer
                            .iter()
                            .filter(|(t, _)| c.tags.contains(t))
                            .map(|(_, s)| s)
                            .sum()
                    });
                    if score > best {
                        best = score;
                        out.clear();
                    }
                    if score == best {
                        out.push(i);
                    }
                }
            }
        }
    }
}

/// The id of the built-in strategy, a reader who picks any available choice
/// with equal chance ([`Policy::Uniform`]); no guide's strategy may take it.
pub const UNIFORM: &str = "uniform";

/// Resolves a strategy id against a scenario.
pub fn policy_for<'a>(scenario: &'a Scenario, strategy: Option<&str>) -> Result<Policy<'a>> {
    match strategy {
        None | Some(UNIFORM) | Some("") => Ok(Policy::Uniform),
        Some(id) => scenario
            .strategies
            .iter()
            .find(|s| s.id == id)
            .map(Policy::Strategy)
            .ok_or_else(|| {
                let mut known: Vec<String> = vec![UNIFORM.into()];
                known.extend(scenario.strategies.iter().map(|s| s.id.clone()));
                Error::unknown_strategy(id, known)
            }),
    }
}
