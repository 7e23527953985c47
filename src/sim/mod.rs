//! A reader moving through a guide: the rules of a step, the seeded random
//! numbers, the [`Guide`](guide::Guide) handle and its share tokens.

pub mod guide;
pub mod rng;
pub mod save;
pub mod state;
