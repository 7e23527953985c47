//! The reachable state graph: every (node, variable values) a playthrough can
//! be in, with the probability of each step under a reader policy.
//!
//! Exact odds, path counts and the model check ([`check`](super::check)) are all
//! computations over this one graph. Exploration is bounded by
//! [`MAX_STATES`] so a scenario crafted to explode is cut off with a message.

use crate::model::scenario::{Scenario, Step};
use crate::prelude::*;
use crate::run::policy::Policy;
use crate::run::state::{self, Position};

/// The most states explored before an analysis gives up.
pub const MAX_STATES: usize = 250_000;
/// The most moves (choice × outcome steps, to new states or known ones)
/// explored before an analysis gives up. States alone do not bound the work: a node
/// with 36 choices of 64 outcomes each has 2,304 edges per state, so 250,000
/// such states would be 576 million edges (gigabytes, minutes). This keeps a
/// crafted scenario's check under a second and its graph under ~100 MB.
pub const MAX_EDGES: usize = 300_000;
/// The most variable values stored across all states (32 MB of `f64`): a
/// guide with many variables gets proportionally fewer states, so memory —
/// the cost that dominates in the browser — stays bounded.
pub const MAX_STATE_VALUES: usize = 4_000_000;

/// The most states explored for `scenario`: [`MAX_STATES`], or fewer when it
/// has so many variables that they would pass [`MAX_STATE_VALUES`].
pub fn state_limit(scenario: &Scenario) -> usize {
    MAX_STATES.min(MAX_STATE_VALUES / scenario.variables.len().max(1))
}

/// Where an edge leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// Another state, by its index in the graph (see [`StateGraph::node`]).
    State(usize),
    /// An ending.
    Ending(usize),
}

/// One step: a choice and, for random choices, an outcome.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    /// Choice index at the state's node.
    pub choice: usize,
    /// Outcome index, for a random choice.
    pub outcome: Option<usize>,
    /// Probability of this edge given the state, under the policy.
    pub probability: f64,
    /// Where it leads.
    pub to: To,
}

/// Problems met while exploring, for the model check.
#[derive(Debug, Clone)]
pub enum Problem {
    /// No enabled choice at this state.
    DeadEnd(usize),
    /// A random choice whose weights are all 0 (or negative) here.
    NoWeight(usize, usize),
    /// A weight evaluated negative here.
    NegativeWeight(usize, usize, usize),
}

/// The explored graph, stored flat: state `i` is at node `node[i]`, has
/// values `values(i)` and edges `edges(i)`. State 0 is the start.
#[derive(Debug, Clone)]
pub struct StateGraph {
    nodes: Vec<usize>,
    values: Vec<f64>,
    width: usize,
    edge_start: Vec<usize>,
    edges: Vec<Edge>,
    /// True when the state limit cut exploration short.
    pub truncated: bool,
    /// What went wrong where (state indices).
    pub problems: Vec<Problem>,
}

/// A state's hash. Each value is mixed on its own (splitmix64's finaliser)
/// before it is combined: small whole numbers differ only in their float's
/// top bits, and a plain multiplicative hash (FxHash) keeps them there, so
/// the states of a guide with many counters all fell into a few thousand
/// hashes and exploring them took minutes instead of milliseconds.
fn hash_state(node: usize, values: &[f64]) -> u64 {
    fn mix(mut x: u64) -> u64 {
        x ^= x >> 30;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x ^= x >> 27;
        x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
    let mut h = mix(node as u64);
    for v in values {
        h = mix(h ^ v.to_bits()).wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    h
}

impl StateGraph {
    /// Explores every state reachable from `node` with `values` under `policy`,
    /// up to `limit` states (and [`MAX_STATE_VALUES`] values, [`MAX_EDGES`] moves).
    pub fn explore(
        scenario: &Scenario,
        node: usize,
        values: &[f64],
        policy: Policy<'_>,
        limit: usize,
    ) -> StateGraph {
        let width = values.len();
        let limit = limit.min(MAX_STATE_VALUES / width.max(1));
        let mut g = StateGraph {
            nodes: vec![node],
            values: values.to_vec(),
            width,
            edge_start: vec![0],
            edges: Vec::new(),
            truncated: false,
            problems: Vec::new(),
        };
        // Index of states by (node, values), looked up without building a key.
        let mut index: hashbrown::HashTable<usize> = hashbrown::HashTable::new();
        index.insert_unique(hash_state(node, values), 0, |&i| {
            hash_state(g.nodes[i], g.value_row(i))
        });
        let mut cands = Vec::new();
        let mut here = vec![0.0; width];
        let mut after_choice = vec![0.0; width];
        let mut scratch = vec![0.0; width];
        let mut next = 0;
        // Moves considered, kept or not: past the state limit most are not kept.
        let mut work = 0usize;
        while next < g.nodes.len() {
            if work >= MAX_EDGES {
                g.truncated = true;
                // The states not explored keep no edges.
                g.edge_start.resize(g.nodes.len() + 1, g.edges.len());
                break;
            }
            let node = g.nodes[next];
            here.copy_from_slice(g.value_row(next));
            policy.candidates(scenario, node, &here, &mut cands);
            if cands.is_empty() {
                g.problems.push(Problem::DeadEnd(next));
            }
            let share = match policy {
                Policy::All => 1.0,
                _ => 1.0 / cands.len().max(1) as f64,
            };
            for &ci in &cands {
                let choice = &scenario.nodes[node].choices[ci];
                after_choice.copy_from_slice(&here);
                state::apply_effects(scenario, &choice.effects, &mut after_choice);
                let (count, total) = match &choice.step {
                    Step::Next(_) => (1, 1.0),
                    Step::Outcomes(outs) => {
                        let mut total = 0.0;
                        for (oi, o) in outs.iter().enumerate() {
                            let w = o.weight.eval(&after_choice);
                            if w < 0.0 {
                                g.problems.push(Problem::NegativeWeight(next, ci, oi));
                            }
                            total += w.max(0.0);
                        }
                        if total <= 0.0 {
                            g.problems.push(Problem::NoWeight(next, ci));
                            continue;
                        }
                        (outs.len(), total)
                    }
                };
                work += count;
                for k in 0..count {
                    scratch.copy_from_slice(&after_choice);
                    let (target, outcome, p) = match &choice.step {
                        Step::Next(routes) => (state::follow(routes, &scratch), None, 1.0),
                        Step::Outcomes(outs) => {
                            let p = state::weight(&outs[k], &scratch) / total;
                            if p <= 0.0 {
                                continue;
                            }
                            state::apply_effects(scenario, &outs[k].effects, &mut scratch);
                            (state::follow(&outs[k].next, &scratch), Some(k), p)
                        }
                    };
                    let to = match state::arrive(scenario, target, &mut scratch) {
                        Position::Ending(e) => To::Ending(e),
                        Position::Node(n) => {
                            let h = hash_state(n, &scratch);
                            let found = index.find(h, |&i| {
                                g.nodes[i] == n && g.value_row(i) == scratch.as_slice()
                            });
                            match found {
                                Some(&i) => To::State(i),
                                None if g.nodes.len() < limit => {
                                    let i = g.nodes.len();
                                    g.nodes.push(n);
                                    g.values.extend_from_slice(&scratch);
                                    let (nodes, vals) = (&g.nodes, &g.values);
                                    index.insert_unique(h, i, |&j| {
                                        hash_state(nodes[j], &vals[j * width..(j + 1) * width])
                                    });
                                    To::State(i)
                                }
                                None => {
                                    g.truncated = true;
                                    continue;
                                }
                            }
                        }
                    };
                    g.edges.push(Edge {
                        choice: ci,
                        outcome,
                        probability: p * share,
                        to,
                    });
                }
            }
            g.edge_start.push(g.edges.len());
            next += 1;
        }
        g
    }

    fn value_row(&self, i: usize) -> &[f64] {
        &self.values[i * self.width..(i + 1) * self.width]
    }

    /// How many states.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when there are no states (never: the start is always one).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node of state `i`.
    pub fn node(&self, i: usize) -> usize {
        self.nodes[i]
    }

    /// The variable values of state `i`.
    pub fn values(&self, i: usize) -> &[f64] {
        self.value_row(i)
    }

    /// The edges out of state `i`.
    pub fn edges(&self, i: usize) -> &[Edge] {
        &self.edges[self.edge_start[i]..self.edge_start[i + 1]]
    }

    /// For each state, whether some path from it reaches an ending.
    pub fn can_finish(&self) -> Vec<bool> {
        let n = self.len();
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut ok = vec![false; n];
        let mut stack = Vec::new();
        for (i, finishes) in ok.iter_mut().enumerate() {
            for e in self.edges(i) {
                match e.to {
                    To::State(j) => preds[j].push(i),
                    To::Ending(_) => {
                        if !*finishes {
                            *finishes = true;
                            stack.push(i);
                        }
                    }
                }
            }
        }
        while let Some(j) = stack.pop() {
            for &i in &preds[j] {
                if !ok[i] {
                    ok[i] = true;
                    stack.push(i);
                }
            }
        }
        ok
    }

    /// States in an order where every edge goes forward, or `None` if the
    /// graph has a cycle.
    pub fn topological_order(&self) -> Option<Vec<usize>> {
        let n = self.len();
        let mut indeg = vec![0usize; n];
        for i in 0..n {
            for e in self.edges(i) {
                if let To::State(j) = e.to {
                    indeg[j] += 1;
                }
            }
        }
        let mut queue: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(i) = queue.pop() {
            order.push(i);
            for e in self.edges(i) {
                if let To::State(j) = e.to {
                    indeg[j] -= 1;
                    if indeg[j] == 0 {
                        queue.push(j);
                    }
                }
            }
        }
        (order.len() == n).then_some(order)
    }
}

/// Describes a state for a diagnostic: `trust = 10, month = 24`.
pub fn describe_values(scenario: &Scenario, values: &[f64]) -> String {
    scenario
        .variables
        .iter()
        .zip(values)
        .map(|(v, x)| {
            if v.is_flag {
                format!("{} = {}", v.id, *x != 0.0)
            } else {
                format!("{} = {}", v.id, crate::model::expr::format_number(*x))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
