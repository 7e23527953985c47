//! How many distinct playthroughs a guide has, and how long they are.
//!
//! A playthrough is a sequence of (choice, outcome) steps from the start to
//! an ending; two that differ in any step are distinct, even if they meet
//! again later. Counted over the state graph with every enabled choice.

use super::graph::{state_limit, StateGraph, To, MAX_EDGES, MAX_STATES};
use crate::error::{Error, Result};
use crate::model::scenario::Scenario;
use crate::prelude::*;
use crate::run::policy::Policy;

/// Counts and lengths of playthroughs.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStats {
    /// Distinct playthroughs (saturating at `u128::MAX`); `None` when a cycle
    /// makes them unbounded.
    pub count: Option<u128>,
    /// Playthroughs ending at each ending (same indexing as `scenario.endings`).
    pub per_ending: Option<Vec<u128>>,
    /// Fewest steps to any ending.
    pub shortest: Option<usize>,
    /// Most steps to any ending; `None` when unbounded.
    pub longest: Option<usize>,
    /// Reachable states.
    pub states: usize,
}

/// Path statistics from `node` with `values`.
pub fn paths(scenario: &Scenario, node: usize, values: &[f64]) -> Result<PathStats> {
    let g = StateGraph::explore(scenario, node, values, Policy::All, MAX_STATES);
    if g.truncated {
        return Err(Error::limit(format!("the guide has more than {} reachable states (or {MAX_EDGES} moves between them); paths were not counted", state_limit(scenario))));
    }
    let n = g.len();
    let k = scenario.endings.len();
    // Shortest path by BFS works with cycles too.
    let shortest = {
        let mut dist = vec![usize::MAX; n];
        dist[0] = 0;
        let mut queue = alloc::collections::VecDeque::from([0usize]);
        let mut best = None;
        while let Some(s) = queue.pop_front() {
            for e in g.edges(s) {
                match e.to {
                    To::Ending(_) => {
                        best = Some(best.map_or(dist[s] + 1, |b: usize| b.min(dist[s] + 1)))
                    }
                    To::State(t) if dist[t] == usize::MAX => {
                        dist[t] = dist[s] + 1;
                        queue.push_back(t);
                    }
                    To::State(_) => {}
                }
            }
        }
        best
    };
    let Some(order) = g.topological_order() else {
        return Ok(PathStats {
            count: None,
            per_ending: None,
            shortest,
            longest: None,
            states: n,
        });
    };
    let mut counts = vec![0u128; n * k];
    let mut longest = vec![None::<usize>; n];
    for &s in order.iter().rev() {
        for e in g.edges(s) {
            match e.to {
                To::Ending(x) => {
                    counts[s * k + x] = counts[s * k + x].saturating_add(1);
                    longest[s] = Some(longest[s].map_or(1, |l| l.max(1)));
                }
                To::State(t) => {
                    for x in 0..k {
                        counts[s * k + x] = counts[s * k + x].saturating_add(counts[t * k + x]);
                    }
                    if let Some(lt) = longest[t] {
                        longest[s] = Some(longest[s].map_or(lt + 1, |l| l.max(lt + 1)));
                    }
                }
            }
        }
    }
    let per_ending = counts[..k].to_vec();
    let count = per_ending.iter().fold(0u128, |a, b| a.saturating_add(*b));
    Ok(PathStats {
        count: Some(count),
        per_ending: Some(per_ending),
        shortest,
        longest: longest[0],
        states: n,
    })
}
