//! [`Info`]: what the guide is, in one language — the projection a front end
//! reads once per language (title, sources, endings, strategies, actors,
//! team sides, the run's flashpoints).

use super::{teams, Lang};
use crate::facade::guide::Guide;
use crate::model::scenario::Source;
use crate::model::text::Rich;
use crate::prelude::*;
use crate::run::policy::UNIFORM;
use serde::Serialize;

/// What the guide is, in one language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct Info {
    /// Scenario id.
    pub id: String,
    /// Scenario version.
    pub version: u32,
    /// The language of this view.
    pub language: String,
    /// Every language the guide declares.
    pub languages: Vec<String>,
    /// Title.
    pub title: Rich,
    /// One paragraph on the agreement.
    pub summary: Rich,
    /// What the model invents.
    pub assumptions: Rich,
    /// Sources, numbered in this order: the order in which the guide first
    /// cites them (see [`Guide::script`]'s reading order), then any never cited.
    pub sources: Vec<Source>,
    /// Endings: id and verdict.
    pub endings: Vec<EndingInfo>,
    /// Strategies, `uniform` first.
    pub strategies: Vec<StrategyInfo>,
    /// Actors: id and, when the scenario gives one, a label.
    pub actors: Vec<ActorInfo>,
    /// Team play (classroom mode): the sides, in the scenario's order — every
    /// actor but `narrator` and `both` (the two sides together). The first is
    /// the reader's side, whose team makes the choices.
    pub teams: Vec<String>,
    /// Flashpoints (teacher-switched twists) and whether each is on.
    pub flashpoints: Vec<FlashpointInfo>,
    /// Warnings from the check (for authors' tools).
    pub warnings: usize,
}

/// An ending's name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct EndingInfo {
    /// Id.
    pub id: String,
    /// Verdict, plain text.
    pub verdict: String,
}

/// An actor's name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ActorInfo {
    /// Id.
    pub id: String,
    /// Label, plain text, when the scenario declares one.
    pub label: Option<String>,
}

/// A flashpoint: a twist a teacher can switch on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct FlashpointInfo {
    /// Id (what `flashpoints="…"` names).
    pub id: String,
    /// Label, plain text.
    pub label: String,
    /// What it changes.
    pub description: Option<Rich>,
    /// Keys of sources cited.
    pub sources: Vec<String>,
    /// Switched on in this run.
    pub on: bool,
}

/// A strategy's name.
///
/// The first is always the built-in `uniform` (a reader who picks any
/// available choice with equal chance). The guide does not name it and the
/// core writes no words of its own, so its `label` and `description` are
/// empty: the front end names it from its own strings, in the reader's
/// language, by its id.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct StrategyInfo {
    /// Id.
    pub id: String,
    /// Name, plain text (empty for the built-in `uniform`).
    pub label: String,
    /// Explanation, plain text (empty for `uniform`, or when the guide gives none).
    pub description: String,
}

impl Guide {
    /// What the guide is, in `language` (the default language if unknown).
    pub fn info(&self, language: &str) -> Info {
        let l = Lang::of(self, language);
        let s = l.s;
        let built_in = StrategyInfo {
            id: UNIFORM.into(),
            label: String::new(),
            description: String::new(),
        };
        let strategies = core::iter::once(built_in)
            .chain(s.strategies.iter().map(|st| {
                StrategyInfo {
                    id: st.id.clone(),
                    label: l.plain(&st.label),
                    description: st
                        .description
                        .as_ref()
                        .map(|d| l.plain(d))
                        .unwrap_or_default(),
                }
            }))
            .collect();
        Info {
            id: s.meta.id.clone(),
            version: s.meta.version,
            language: s.meta.languages[l.i].clone(),
            languages: s.meta.languages.clone(),
            title: l.rich(&s.meta.title),
            summary: l.rich(&s.meta.summary),
            assumptions: l.rich(&s.meta.assumptions),
            sources: s.meta.sources.clone(),
            endings: s
                .endings
                .iter()
                .map(|e| EndingInfo {
                    id: e.id.clone(),
                    verdict: l.plain(&e.verdict),
                })
                .collect(),
            strategies,
            actors: s
                .actors
                .iter()
                .map(|a| ActorInfo {
                    id: a.id.clone(),
                    label: a.label.as_ref().map(|t| l.plain(t)),
                })
                .collect(),
            teams: teams(s).into_iter().map(|a| l.actor(a)).collect(),
            flashpoints: self.flashpoint_info(&l),
            warnings: s.warnings.len(),
        }
    }

    /// The guide's flashpoints in `l`'s language, each with whether this run has it on.
    pub(super) fn flashpoint_info(&self, l: &Lang<'_>) -> Vec<FlashpointInfo> {
        let on = self.config().flashpoints;
        l.s.flashpoints
            .iter()
            .enumerate()
            .map(|(i, f)| FlashpointInfo {
                id: f.id.clone(),
                label: l.plain(&f.label),
                description: f.description.as_ref().map(|d| l.rich(d)),
                sources: l.keys(&f.sources),
                on: on.is_on(i),
            })
            .collect()
    }
}
