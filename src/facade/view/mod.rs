//! The view-models: serialisable values that say what to show, one file
//! per projection of a run.
//!
//! - [`View`] (`card.rs`): what changes each step — the card, its choices,
//!   the meters, the last outcome, the path so far, the ending once reached;
//! - [`Info`] (`info.rs`): what the guide is — title, sources, endings,
//!   strategies, actors, the run's flashpoints;
//! - [`Script`] (`script.rs`): the whole guide in reading order, for a
//!   printable handout.
//!
//! A front end renders these and holds no rules of its own. Text arrives as
//! paragraphs of spans, never HTML, and the core writes no words of its own
//! into them: a built-in strategy is named by the front end in the reader's
//! language (see [`StrategyInfo`]). Field names are camelCase for JavaScript.

mod card;
mod info;
mod script;

use crate::prelude::*;
pub use card::{
    CardView, ChoiceView, HistoryView, ImageView, MeterView, OutcomeOption, OutcomeView,
    ProgressView, View,
};
pub use info::{ActorInfo, EndingInfo, FlashpointInfo, Info, StrategyInfo};
pub use script::{Script, ScriptCard, ScriptChoice, ScriptOutcome};

use crate::facade::guide::Guide;
use crate::model::scenario::{Ending, Scenario};
use crate::model::text::{plain_text, LocalText, Rich};
use serde::Serialize;

/// An ending: the one reached (in [`View`]) or each in the handout (in [`Script`]).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct EndingView {
    /// Id.
    pub id: String,
    /// Verdict.
    pub verdict: Rich,
    /// Summary.
    pub summary: Rich,
    /// In reality.
    pub reality: Rich,
    /// Keys of sources cited.
    pub sources: Vec<String>,
}

/// A guide's text in one language (the default one where a text lacks it).
struct Lang<'a> {
    s: &'a Scenario,
    i: usize,
}

impl<'a> Lang<'a> {
    /// The guide of `g` in `language` (the default language if unknown).
    fn of(g: &'a Guide, language: &str) -> Lang<'a> {
        let s = g.scenario();
        Lang {
            s,
            i: s.language_index(language)
                .unwrap_or(s.meta.default_language),
        }
    }
    fn rich(&self, t: &LocalText) -> Rich {
        t.get(self.i, self.s.meta.default_language).clone()
    }
    fn plain(&self, t: &LocalText) -> String {
        plain_text(t.get(self.i, self.s.meta.default_language))
    }
    fn keys(&self, sources: &[usize]) -> Vec<String> {
        sources
            .iter()
            .map(|&i| self.s.meta.sources[i].key.clone())
            .collect()
    }
    fn actor(&self, a: usize) -> String {
        self.s.actors[a].id.clone()
    }
    fn ending(&self, e: &Ending) -> EndingView {
        EndingView {
            id: e.id.clone(),
            verdict: self.rich(&e.verdict),
            summary: self.rich(&e.summary),
            reality: self.rich(&e.reality),
            sources: self.keys(&e.sources),
        }
    }
}

/// Team play's sides: every actor but the narrator and `both` (see `Info::teams`).
fn teams(s: &Scenario) -> Vec<usize> {
    (0..s.actors.len())
        .filter(|&a| s.actors[a].id != "narrator" && s.actors[a].id != "both")
        .collect()
}
