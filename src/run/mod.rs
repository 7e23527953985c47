//! A reader moving through a guide: the rules of a step ([`state`]), the
//! seeded random numbers ([`rng`]) and how a reader picks a choice
//! ([`policy`]). The run's handle with its share tokens, [`Guide`](crate::Guide),
//! is in the facade, since it also answers analysis questions.

pub mod policy;
pub mod rng;
pub mod state;
