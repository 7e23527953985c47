//! What can happen: exact odds, playthrough counts, Monte Carlo runs, and the
//! bounded model check used by validation.

pub mod graph;
pub mod map;
pub mod montecarlo;
pub mod odds;
pub mod paths;
pub mod tally;
