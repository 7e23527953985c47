//! A reader moving through a guide: the rules of a step ([`state`]), the
//! seeded random numbers ([`rng`]), how a reader picks a choice
//! ([`policy`]) and what is fixed for a run — its seed and the twists
//! switched on ([`config`]). The run's handle with its share tokens, [`Guide`](crate::Guide),
//! is in the facade, since it also answers analysis questions.

pub mod config;
pub mod policy;
pub mod rng;
pub mod state;
