//! The bounded model check run when a guide is loaded: every reachable state
//! is explored with every enabled choice (a [`StateGraph`] under
//! [`Policy::All`]), and dead ends, bad weights, loops with no way out and
//! content no state uses are reported as located diagnostics.

use super::graph::{describe_values, state_limit, Problem, StateGraph, To, MAX_EDGES, MAX_STATES};
use crate::error::{Diagnostic, DiagnosticCode};
use crate::model::scenario::Scenario;
use crate::prelude::*;
use crate::run::config::Flashpoints;
use crate::run::policy::Policy;
use crate::run::state;

/// The bounded model check that validation runs: explores every reachable
/// state with every enabled choice and reports dead ends, weights that are
/// negative or all zero, and states from which no ending can be reached.
///
/// A scenario with flashpoints is checked with them all off, with each one
/// on alone, and with all on; content counts as used if any of those runs uses it.
pub fn model_check(scenario: &Scenario) -> Vec<Diagnostic> {
    let k = scenario.flashpoints.len();
    let mut variants = vec![0u64];
    if k > 0 {
        variants.extend((0..k).map(|i| 1u64 << i));
        if k > 1 {
            variants.push((1u64 << k) - 1);
        }
    }
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut usage = Some(Usage::new(scenario));
    for on in variants {
        let clean = model_check_one(scenario, Flashpoints(on), &mut out, usage.as_mut());
        if !clean {
            usage = None;
        }
    }
    if let Some(u) = usage {
        let mut push = |d: Diagnostic| {
            if !out
                .iter()
                .any(|x| x.code == d.code && x.location == d.location)
            {
                out.push(d);
            }
        };
        unused_content(scenario, &u, &mut push);
    }
    out
}

/// What some reachable state uses: endings reached, choices taken, nodes visited.
struct Usage {
    ending_reached: Vec<bool>,
    choice_used: Vec<Vec<bool>>,
    visited: Vec<bool>,
}

impl Usage {
    fn new(scenario: &Scenario) -> Usage {
        Usage {
            ending_reached: vec![false; scenario.endings.len()],
            choice_used: scenario
                .nodes
                .iter()
                .map(|n| vec![false; n.choices.len()])
                .collect(),
            visited: vec![false; scenario.nodes.len()],
        }
    }
    fn add(&mut self, g: &StateGraph) {
        for i in 0..g.len() {
            self.visited[g.node(i)] = true;
            for e in g.edges(i) {
                self.choice_used[g.node(i)][e.choice] = true;
                if let To::Ending(x) = e.to {
                    self.ending_reached[x] = true;
                }
            }
        }
    }
}

/// The model check of one variant; returns whether it found nothing wrong
/// (and so its usage counts towards the unused-content warnings).
fn model_check_one(
    scenario: &Scenario,
    flashpoints: Flashpoints,
    out: &mut Vec<Diagnostic>,
    usage: Option<&mut Usage>,
) -> bool {
    let (_, start) = state::start(scenario, flashpoints);
    let g = StateGraph::explore(
        scenario,
        scenario.meta.start,
        &start,
        Policy::All,
        MAX_STATES,
    );
    let mut push = |d: Diagnostic| {
        if !out
            .iter()
            .any(|x| x.code == d.code && x.location == d.location)
        {
            out.push(d);
        }
    };
    for p in &g.problems {
        match *p {
            Problem::DeadEnd(s) => {
                let node = g.node(s);
                push(Diagnostic::error(
                    DiagnosticCode::DeadEnd,
                    format!("nodes[{node}]"),
                    format!(
                        "no choice at \"{}\" is available when {}",
                        scenario.nodes[node].id,
                        describe_values(scenario, g.values(s))
                    ),
                ));
            }
            Problem::NoWeight(s, c) => {
                push(Diagnostic::error(
                    DiagnosticCode::ZeroWeights,
                    format!("nodes[{}].choices[{c}].outcomes", g.node(s)),
                    format!(
                        "no outcome has a weight above 0 when {}",
                        describe_values(scenario, g.values(s))
                    ),
                ));
            }
            Problem::NegativeWeight(s, c, o) => {
                push(Diagnostic::error(
                    DiagnosticCode::NegativeWeight,
                    format!("nodes[{}].choices[{c}].outcomes[{o}].weight", g.node(s)),
                    format!(
                        "the weight is negative when {}",
                        describe_values(scenario, g.values(s))
                    ),
                ));
            }
        }
    }
    if g.truncated {
        push(Diagnostic::warning(
            DiagnosticCode::CheckIncomplete,
            "",
            format!(
                "more than {} reachable states or {MAX_EDGES} moves between them: dead ends and loops were checked only among the first {}",
                state_limit(scenario),
                g.len()
            ),
        ));
    } else if g.problems.is_empty() {
        if let Some(u) = usage {
            u.add(&g);
        }
    }
    let clean = !g.truncated && g.problems.is_empty();
    if !g.truncated && !g.problems.iter().any(|p| matches!(p, Problem::DeadEnd(_))) {
        // A dead end already explains why states cannot finish; report loops only without one.
        let ok = g.can_finish();
        for (i, ok) in ok.iter().enumerate() {
            if !ok && !g.edges(i).is_empty() {
                let node = g.node(i);
                push(Diagnostic::error(
                    DiagnosticCode::NoWayOut,
                    format!("nodes[{node}]"),
                    format!(
                        "from \"{}\" with {} no sequence of choices reaches an ending (a loop with no way out)",
                        scenario.nodes[node].id,
                        describe_values(scenario, g.values(i))
                    ),
                ));
            }
        }
    }
    clean
}

/// Warnings for content no reachable state uses: endings never reached and
/// choices never available at a card that is reached.
fn unused_content(scenario: &Scenario, u: &Usage, push: &mut impl FnMut(Diagnostic)) {
    let Usage {
        ending_reached,
        choice_used,
        visited,
    } = u;
    for (x, reached) in ending_reached.iter().enumerate() {
        if !reached {
            push(Diagnostic::warning(
                DiagnosticCode::NeverReached,
                format!("endings[{x}]"),
                format!("ending \"{}\" is never reached: in every reachable state the routes to it are closed", scenario.endings[x].id),
            ));
        }
    }
    for (n, used) in choice_used.iter().enumerate() {
        if !visited[n] {
            continue;
        }
        for (c, used) in used.iter().enumerate() {
            if !used {
                push(Diagnostic::warning(
                    DiagnosticCode::NeverAvailable,
                    format!("nodes[{n}].choices[{c}]"),
                    format!(
                        "choice \"{}\" is never available: its \"when\" is false in every state that reaches \"{}\"",
                        scenario.nodes[n].choices[c].id, scenario.nodes[n].id
                    ),
                ));
            }
        }
    }
}
