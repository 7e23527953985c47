//! What can happen: the reachable state graph, exact odds, playthrough
//! counts, Monte Carlo runs, the mechanism map, and the bounded model check
//! run when a guide is loaded.

pub mod check;
pub mod graph;
pub mod map;
pub mod montecarlo;
pub mod odds;
pub mod paths;
