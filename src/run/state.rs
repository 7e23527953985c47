//! The rules of one step, shared by the reader's [`Guide`](crate::Guide), the
//! simulator and the analyses, so that all three agree by construction.
//!
//! A step from node N by choice C:
//! 1. C's effects apply;
//! 2. if C has outcomes, their weights are evaluated in that state and one is
//!    drawn; its effects apply and its routes are followed; otherwise C's routes;
//! 3. arriving at a node applies the node's own effects.
//!
//! Each effect value is evaluated in the state as it is when that effect
//! applies; then the variable is clamped to its own bounds.

use super::config::Flashpoints;
use crate::model::scenario::{Choice, Effect, EffectOp, Outcome, Route, Scenario, Step, Target};
use crate::prelude::*;

/// Where a playthrough is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    /// At a node, choosing.
    Node(usize),
    /// Finished at an ending.
    Ending(usize),
}

impl From<Target> for Position {
    fn from(t: Target) -> Self {
        match t {
            Target::Node(n) => Position::Node(n),
            Target::Ending(e) => Position::Ending(e),
        }
    }
}

/// Applies effects to `values`, clamping each variable to its bounds.
#[inline]
pub fn apply_effects(scenario: &Scenario, effects: &[Effect], values: &mut [f64]) {
    for e in effects {
        let v = &scenario.variables[e.variable];
        let cur = values[e.variable];
        let new = match &e.op {
            EffectOp::Set(x) => x.eval(values),
            EffectOp::Add(x) => cur + x.eval(values),
            EffectOp::Clamp(lo, hi) => cur.max(lo.eval(values)).min(hi.eval(values)),
        };
        let mut new = new.max(v.min).min(v.max);
        if v.is_flag {
            new = if new != 0.0 { 1.0 } else { 0.0 };
        }
        values[e.variable] = new;
    }
}

/// The first route whose condition holds (validation guarantees the last
/// has none).
#[inline]
pub fn follow(routes: &[Route], values: &[f64]) -> Target {
    for r in routes {
        if r.when.as_ref().is_none_or(|w| w.holds(values)) {
            return r.to;
        }
    }
    routes.last().expect("validated: at least one route").to
}

/// Whether a choice is offered (its flashpoint, if any, is on) and its condition holds.
#[inline]
pub fn enabled(choice: &Choice, values: &[f64]) -> bool {
    offered(choice, values) && choice.when.as_ref().is_none_or(|w| w.holds(values))
}

/// Whether a choice is offered at all: false only for a choice whose
/// flashpoint is switched off (it is then hidden, not shown as unavailable).
#[inline]
pub fn offered(choice: &Choice, values: &[f64]) -> bool {
    choice.flashpoint.is_none_or(|v| values[v] != 0.0)
}

/// Outcome weights in this state; negative weights count as 0.
#[inline]
pub fn weight(outcome: &Outcome, values: &[f64]) -> f64 {
    outcome.weight.eval(values).max(0.0)
}

/// Arrives at `target`: applies the node's arrival effects.
#[inline]
pub fn arrive(scenario: &Scenario, target: Target, values: &mut [f64]) -> Position {
    if let Target::Node(n) = target {
        apply_effects(scenario, &scenario.nodes[n].effects, values);
    }
    target.into()
}

/// How a random choice's outcome is decided.
pub enum Pick<F: FnOnce(f64) -> f64> {
    /// Drawn: the function gets the total weight and returns a number in `[0, total)`.
    Draw(F),
    /// Decided by a player (classroom team play): this outcome index, which
    /// must have a positive weight in the state. Nothing is drawn.
    Forced(usize),
}

/// Takes choice `choice` at node `node`, drawing any outcome with `draw`
/// (called only for a random choice, with the total weight; it returns a
/// number in `[0, total)`). Returns the new position and the outcome (index
/// and its probability in that state), if any.
#[inline]
pub fn take(
    scenario: &Scenario,
    node: usize,
    choice: usize,
    values: &mut [f64],
    draw: impl FnOnce(f64) -> f64,
) -> (Position, Option<(usize, f64)>) {
    take_with(scenario, node, choice, values, Pick::Draw(draw))
}

/// [`take`] with the outcome drawn or forced. A forced outcome that is out
/// of range or has no weight in this state is refused with `None` and the
/// values are left unchanged.
#[inline]
pub fn take_with<F: FnOnce(f64) -> f64>(
    scenario: &Scenario,
    node: usize,
    choice: usize,
    values: &mut [f64],
    pick: Pick<F>,
) -> (Position, Option<(usize, f64)>) {
    let c = &scenario.nodes[node].choices[choice];
    let before_forced = match (&pick, &c.step) {
        (Pick::Forced(_), Step::Outcomes(_)) => Some(values.to_vec()),
        _ => None,
    };
    apply_effects(scenario, &c.effects, values);
    match &c.step {
        Step::Next(routes) => {
            let t = follow(routes, values);
            (arrive(scenario, t, values), None)
        }
        Step::Outcomes(outcomes) => {
            let total: f64 = outcomes.iter().map(|o| weight(o, values)).sum();
            let (idx, p) = match pick {
                Pick::Forced(i) => {
                    let w = outcomes.get(i).map_or(0.0, |o| weight(o, values));
                    if w <= 0.0 || total <= 0.0 {
                        if let Some(b) = before_forced {
                            values.copy_from_slice(&b);
                        }
                        return (Position::Node(node), None);
                    }
                    (i, w / total)
                }
                Pick::Draw(draw) if total > 0.0 => {
                    let r = draw(total);
                    let mut acc = 0.0;
                    let mut pick = None;
                    for (i, o) in outcomes.iter().enumerate() {
                        let w = weight(o, values);
                        acc += w;
                        if w > 0.0 && r < acc {
                            pick = Some((i, w / total));
                            break;
                        }
                    }
                    // Rounding can leave r just past the sum: take the last positive outcome.
                    pick.unwrap_or_else(|| {
                        let i = outcomes
                            .iter()
                            .rposition(|o| weight(o, values) > 0.0)
                            .unwrap_or(0);
                        (i, weight(&outcomes[i], values) / total)
                    })
                }
                // Validation rules this out for reachable states; stay total anyway.
                Pick::Draw(_) => (0, 1.0),
            };
            let o = &outcomes[idx];
            apply_effects(scenario, &o.effects, values);
            let t = follow(&o.next, values);
            (arrive(scenario, t, values), Some((idx, p)))
        }
    }
}

/// The outcomes of a random choice and their probabilities if it were taken
/// now (evaluated after the choice's own effects, as the draw is).
pub fn outcome_odds(scenario: &Scenario, node: usize, choice: usize, values: &[f64]) -> Vec<f64> {
    let c = &scenario.nodes[node].choices[choice];
    let Step::Outcomes(outcomes) = &c.step else {
        return Vec::new();
    };
    let mut after = values.to_vec();
    apply_effects(scenario, &c.effects, &mut after);
    let w: Vec<f64> = outcomes.iter().map(|o| weight(o, &after)).collect();
    let total: f64 = w.iter().sum();
    w.iter()
        .map(|x| if total > 0.0 { x / total } else { 0.0 })
        .collect()
}

/// The state every playthrough with these flashpoints switched on starts
/// in: start values (each flashpoint's flag from `flashpoints`), then the
/// start node's arrival effects.
pub fn start(scenario: &Scenario, flashpoints: Flashpoints) -> (Position, Vec<f64>) {
    let mut values = flashpoints.start_values(scenario);
    let p = arrive(scenario, Target::Node(scenario.meta.start), &mut values);
    (p, values)
}
