//! [`Script`]: the whole guide in reading order, in one language — every
//! card with its choices, outcomes, sources and prompt, then every ending —
//! for a printable handout.

use super::{EndingView, FlashpointInfo, Lang};
use crate::facade::guide::Guide;
use crate::model::order::reading_order;
use crate::model::scenario::{Route, Source, Step, Target};
use crate::model::text::Rich;
use crate::prelude::*;
use serde::Serialize;

/// The whole script in reading order, for a printable handout.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct Script {
    /// Title.
    pub title: Rich,
    /// Summary.
    pub summary: Rich,
    /// Model assumptions.
    pub assumptions: Rich,
    /// Sources, numbered in this order (as in [`Info::sources`](super::Info::sources)).
    pub sources: Vec<Source>,
    /// Flashpoints.
    pub flashpoints: Vec<FlashpointInfo>,
    /// Every card: breadth-first from the start, choices in order, then any
    /// card not reached that way in file order.
    pub nodes: Vec<ScriptCard>,
    /// Every ending, in file order.
    pub endings: Vec<EndingView>,
}

/// A card in the script.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ScriptCard {
    /// Id.
    pub id: String,
    /// Who acts.
    pub actor: String,
    /// Heading.
    pub heading: Rich,
    /// Body.
    pub body: Rich,
    /// Keys of sources cited.
    pub sources: Vec<String>,
    /// Discussion prompt.
    pub prompt: Option<Rich>,
    /// Its choices.
    pub choices: Vec<ScriptChoice>,
}

/// A choice in the script.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ScriptChoice {
    /// Id.
    pub id: String,
    /// Label.
    pub label: Rich,
    /// When it is not always available: the reason shown when it is not.
    pub unmet: Option<Rich>,
    /// The flashpoint it needs, if any (id).
    pub flashpoint: Option<String>,
    /// Where it can lead (node or ending ids), for a fixed destination.
    pub next: Vec<String>,
    /// Its possible outcomes, for a random choice.
    pub outcomes: Vec<ScriptOutcome>,
}

/// An outcome in the script.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ScriptOutcome {
    /// Id.
    pub id: String,
    /// Who acts.
    pub actor: Option<String>,
    /// Label.
    pub label: Rich,
    /// What happens.
    pub text: Option<Rich>,
    /// Keys of sources cited.
    pub sources: Vec<String>,
    /// Where it can lead (node or ending ids).
    pub next: Vec<String>,
}

impl Guide {
    /// The whole script in reading order, in `language`: every card with its
    /// choices, outcomes, sources and prompt, then every ending (for a
    /// printable handout).
    pub fn script(&self, language: &str) -> Script {
        let l = Lang::of(self, language);
        let s = l.s;
        // Where routes lead, each card or ending once, in route order.
        let ids = |routes: &[Route]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for r in routes {
                let id = match r.to {
                    Target::Node(n) => &s.nodes[n].id,
                    Target::Ending(e) => &s.endings[e].id,
                };
                if !out.contains(id) {
                    out.push(id.clone());
                }
            }
            out
        };
        let flashpoint_id = |v: usize| {
            s.flashpoints
                .iter()
                .find(|f| f.variable == v)
                .map(|f| f.id.clone())
        };
        let nodes = reading_order(s)
            .into_iter()
            .map(|n| {
                let node = &s.nodes[n];
                let choices = node
                    .choices
                    .iter()
                    .map(|c| {
                        let (next, outcomes) = match &c.step {
                            Step::Next(r) => (ids(r), Vec::new()),
                            Step::Outcomes(outs) => (
                                Vec::new(),
                                outs.iter()
                                    .map(|o| ScriptOutcome {
                                        id: o.id.clone(),
                                        actor: o.actor.map(|a| l.actor(a)),
                                        label: l.rich(&o.label),
                                        text: o.text.as_ref().map(|t| l.rich(t)),
                                        sources: l.keys(&o.sources),
                                        next: ids(&o.next),
                                    })
                                    .collect(),
                            ),
                        };
                        ScriptChoice {
                            id: c.id.clone(),
                            label: l.rich(&c.label),
                            unmet: c.unmet.as_ref().map(|u| l.rich(u)),
                            flashpoint: c.flashpoint.and_then(flashpoint_id),
                            next,
                            outcomes,
                        }
                    })
                    .collect();
                ScriptCard {
                    id: node.id.clone(),
                    actor: l.actor(node.actor),
                    heading: l.rich(&node.heading),
                    body: l.rich(&node.body),
                    sources: l.keys(&node.sources),
                    prompt: node.prompt.as_ref().map(|p| l.rich(p)),
                    choices,
                }
            })
            .collect();
        Script {
            title: l.rich(&s.meta.title),
            summary: l.rich(&s.meta.summary),
            assumptions: l.rich(&s.meta.assumptions),
            sources: s.meta.sources.clone(),
            flashpoints: self.flashpoint_info(&l),
            nodes,
            endings: s.endings.iter().map(|e| l.ending(e)).collect(),
        }
    }
}
