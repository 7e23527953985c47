//! # agreement-guide
//!
//! An interactive, cited guide to a real-world agreement: a reader plays one
//! side of the agreement's enforcement loop — a complaint is filed, the other
//! side responds, the complaint side escalates — and sees what follows.
//!
//! This crate is the pure, deterministic core. It has no browser code: the
//! Wasm boundary lives in `src/wasm.rs` behind the `wasm` feature and only
//! converts values and calls what is here.
//!
//! - [`scenario`]: what a guide is — the model, text markup, expressions,
//!   loading with located diagnostics ([`load_scenario`]);
//! - [`sim`]: a reader moving through it — [`Guide`], seeded random draws,
//!   share tokens, undo;
//! - [`analysis`]: what can happen — exact odds, playthrough counts, Monte
//!   Carlo runs and the model check;
//! - [`view`]: the one serialisable "what to show now" value.
//!
//! ```
//! use agreement_guide::Guide;
//! let json = std::fs::read_to_string("scenarios/us-china-2015.json").unwrap();
//! let mut guide = Guide::from_json(&json, 2015).unwrap();
//! while !guide.is_finished() {
//!     let view = guide.view("en");
//!     let pick = view.choices.iter().find(|c| c.enabled).unwrap().id.clone();
//!     guide.choose(&pick).unwrap();
//! }
//! let token = guide.save();
//! let mut again = Guide::from_json(&json, 1).unwrap();
//! again.restore(&token).unwrap();
//! assert_eq!(again.view("en").ending.unwrap().id, guide.view("en").ending.unwrap().id);
//! ```
#![deny(missing_docs)]

pub mod analysis;
mod error;
pub mod scenario;
pub mod sim;
pub mod view;
#[cfg(feature = "wasm")]
pub mod wasm;
#[cfg(feature = "reader")]
pub mod wasm_reader;

pub use analysis::graph::{Policy, StateGraph};
pub use analysis::montecarlo::{simulate, witnesses, Simulation, Witness};
pub use analysis::odds::{odds, Odds};
pub use analysis::paths::{paths, PathStats};
pub use error::{Diagnostic, Error, ErrorKind, Result, Severity};
pub use scenario::expr::{Expr, ExprError};
pub use scenario::model::{Actor, Scenario};
pub use scenario::text::{parse_markup, Rich, Span};
pub use scenario::validate::{load as load_scenario, load_with as load_scenario_with, Check};
pub use sim::guide::{policy_for, Guide, StepRecord};
pub use sim::rng::Rng;
pub use sim::state::Position;
pub use view::{Info, View};
