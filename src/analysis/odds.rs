//! Exact probability of each ending from a state, under a reader policy.
//!
//! Over the reachable state graph: when it has no cycle (every shipped guide
//! advances time each round) the odds are summed backwards in topological
//! order and are exact; with a cycle they are found by iteration to a
//! tolerance of 1e-12 and marked as not exact.

use super::graph::{state_limit, StateGraph, To, MAX_EDGES, MAX_STATES};
use crate::error::{Error, Result};
use crate::model::scenario::Scenario;
use crate::prelude::*;
use crate::run::policy::Policy;

/// The chance of each ending.
#[derive(Debug, Clone, PartialEq)]
pub struct Odds {
    /// Probability per ending, indexed like `scenario.endings`.
    pub endings: Vec<f64>,
    /// Probability of never finishing (only above 0 for cyclic guides).
    pub unfinished: f64,
    /// False when the state graph has a cycle and the odds were iterated.
    pub exact: bool,
    /// How many states were explored.
    pub states: usize,
}

/// The odds of each ending from `node` with `values` under `policy`.
pub fn odds(scenario: &Scenario, node: usize, values: &[f64], policy: Policy<'_>) -> Result<Odds> {
    let g = StateGraph::explore(scenario, node, values, policy, MAX_STATES);
    if g.truncated {
        return Err(Error::limit(format!(
            "the guide has more than {} reachable states (or {MAX_EDGES} moves between them) from here; exact odds were not computed",
            state_limit(scenario)
        )));
    }
    let k = scenario.endings.len();
    let n = g.len();
    let mut dist = vec![0.0f64; n * k];
    let relax = |dist: &mut Vec<f64>, s: usize| -> f64 {
        let mut row = vec![0.0; k];
        for e in g.edges(s) {
            match e.to {
                To::Ending(x) => row[x] += e.probability,
                To::State(t) => {
                    for x in 0..k {
                        row[x] += e.probability * dist[t * k + x];
                    }
                }
            }
        }
        let mut change = 0.0f64;
        for x in 0..k {
            change = change.max((dist[s * k + x] - row[x]).abs());
            dist[s * k + x] = row[x];
        }
        change
    };
    let exact = match g.topological_order() {
        Some(order) => {
            for &s in order.iter().rev() {
                relax(&mut dist, s);
            }
            true
        }
        None => {
            for _ in 0..100_000 {
                let mut change = 0.0f64;
                for s in (0..n).rev() {
                    change = change.max(relax(&mut dist, s));
                }
                if change < 1e-12 {
                    break;
                }
            }
            false
        }
    };
    let endings = dist[..k].to_vec();
    let unfinished = (1.0 - endings.iter().sum::<f64>()).max(0.0);
    Ok(Odds {
        endings,
        unfinished: if unfinished < 1e-9 { 0.0 } else { unfinished },
        exact,
        states: n,
    })
}
