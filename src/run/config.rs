//! A run's configuration: what is fixed for the whole of one reader's run
//! but is not part of the guide — the seed and which flashpoints (classroom
//! twists) are switched on.
//!
//! The guide ([`Scenario`]) is immutable and shared (`Arc`) by every run of
//! it; switching a twist changes only the run's start state, never the
//! guide, so it clones nothing. A flashpoint is read as a hidden flag
//! variable whose value is fixed for the run: the guide declares its flag
//! with start 0, and [`Flashpoints::start_values`] sets it from the run's
//! switches (no effect may change it: the compile step refuses one).

use crate::model::scenario::{Choice, Scenario};
use crate::prelude::*;

/// Which of a guide's flashpoints are switched on, as bits (flashpoint `i`
/// of [`Scenario::flashpoints`] = bit `i`; a guide has at most
/// [`MAX_FLASHPOINTS`](crate::model::limits::MAX_FLASHPOINTS)). The
/// default is all off. Share tokens record these bits as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flashpoints(pub u64);

impl Flashpoints {
    /// Every flashpoint off.
    pub const OFF: Flashpoints = Flashpoints(0);

    /// Whether flashpoint `i` is on.
    pub fn is_on(self, i: usize) -> bool {
        i < 64 && self.0 >> i & 1 == 1
    }

    /// The value of variable `v` fixed by these switches: `Some(1.0 or 0.0)`
    /// when `v` is a flashpoint's flag, `None` for any other variable.
    pub fn flag(self, scenario: &Scenario, v: usize) -> Option<f64> {
        let i = scenario.flashpoints.iter().position(|f| f.variable == v)?;
        Some(if self.is_on(i) { 1.0 } else { 0.0 })
    }

    /// Whether a choice is offered at all under these switches (a choice
    /// gated by a flashpoint that is off is hidden) — for views of the whole
    /// script, which have no run state to ask.
    pub fn offers(self, scenario: &Scenario, choice: &Choice) -> bool {
        choice
            .flashpoint
            .is_none_or(|v| self.flag(scenario, v) != Some(0.0))
    }

    /// The start value of every variable: the guide's, with each
    /// flashpoint's flag set from these switches.
    pub fn start_values(self, scenario: &Scenario) -> Vec<f64> {
        let mut values = scenario.start_values();
        for (i, f) in scenario.flashpoints.iter().enumerate() {
            values[f.variable] = if self.is_on(i) { 1.0 } else { 0.0 };
        }
        values
    }
}

/// A run's configuration: its seed (outcomes are drawn from it) and the
/// flashpoints switched on. With the choices taken, it is the whole run: a
/// share token is this plus the path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RunConfig {
    /// The seed outcomes are drawn from.
    pub seed: u64,
    /// The twists switched on for the run.
    pub flashpoints: Flashpoints,
}

impl RunConfig {
    /// A run with `seed` and every flashpoint off.
    pub fn new(seed: u64) -> RunConfig {
        RunConfig {
            seed,
            flashpoints: Flashpoints::OFF,
        }
    }

    /// The same configuration with exactly `flashpoints` switched on.
    pub fn with_flashpoints(self, flashpoints: Flashpoints) -> RunConfig {
        RunConfig {
            flashpoints,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_read_as_bits_and_past_64_are_off() {
        let f = Flashpoints(0b101);
        assert!(f.is_on(0) && !f.is_on(1) && f.is_on(2));
        assert!(!Flashpoints(u64::MAX).is_on(64));
        assert_eq!(RunConfig::new(7).with_flashpoints(f).flashpoints, f);
    }
}
