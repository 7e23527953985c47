//! # agreement-guide
//!
//! An interactive, cited guide to a real-world agreement: a reader plays one
//! side of the agreement's enforcement loop — a complaint is filed, the other
//! side responds, the complaint side escalates — and sees what follows.
//!
//! This crate is the pure, deterministic core. It has no browser code: the
//! Wasm boundaries live in `src/wasm.rs` (the full engine, feature `wasm`)
//! and `src/wasm_reader.rs` (the reader runtime, feature `reader`), with the
//! methods both handles share in `src/wasm_handle.rs`; they only convert
//! values and call what is here.
//!
//! The core is in layers whose imports point down only (a test,
//! `tests/layers_import_only_downward.rs`, holds them to it):
//!
//! - [`model`]: what a guide is and how it is read — JSON, text markup,
//!   expressions, the compile step with located diagnostics, the compiled format;
//! - [`run`]: a reader moving through it — the rules of a step, seeded
//!   random draws, how a reader picks ([`Policy`]), and what is fixed for a
//!   run ([`RunConfig`]: the seed and the flashpoints switched on; the guide
//!   itself is immutable and shared);
//! - [`analysis`]: what can happen — exact odds, playthrough counts, Monte
//!   Carlo runs, the mechanism map and the model check;
//! - [`facade`]: what the widget and CLI call — loading ([`load_scenario`]),
//!   [`Guide`] with share tokens and undo, the serialisable [`View`], the
//!   classroom tally.
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
// The reader runtime is built without std (alloc only; see `wasm_reader`'s
// panic handler): every module takes what std's prelude would give from
// `prelude` below. Natively, and in the full engine, std is there as always.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

/// What std's prelude gives a module and a `no_std` build must import.
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec::Vec;
    pub(crate) use alloc::{format, vec};
}

pub mod analysis;
mod error;
pub mod facade;
#[cfg(any(feature = "reader", test))]
mod json_text;
pub mod model;
pub mod run;
#[cfg(feature = "wasm")]
pub mod wasm;
#[cfg(any(feature = "wasm", feature = "reader"))]
mod wasm_handle;
#[cfg(feature = "reader")]
pub mod wasm_reader;

pub use analysis::graph::StateGraph;
pub use analysis::montecarlo::{simulate, witnesses, Simulation, Witness};
pub use analysis::odds::{odds, Odds};
pub use analysis::paths::{paths, PathStats};
pub use error::{Diagnostic, DiagnosticCode, Error, ErrorKind, Result, Severity};
pub use facade::guide::{Guide, StepRecord};
pub use facade::load::{load as load_scenario, load_with as load_scenario_with, Check};
pub use facade::view::{Info, View};
pub use model::expr::{Expr, ExprError};
pub use model::scenario::{Actor, Scenario};
pub use model::text::{parse_markup, Rich, Span};
pub use run::config::{Flashpoints, RunConfig};
pub use run::policy::{policy_for, Policy};
pub use run::rng::Rng;
pub use run::state::Position;
