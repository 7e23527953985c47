//! The view-model: one serialisable value that says what to show now.
//!
//! A front end renders a [`View`] (what changes each step) and an [`Info`]
//! (what the guide is: title, sources, meters' meaning, endings, strategies)
//! and holds no rules of its own. Text arrives as paragraphs of spans, never
//! HTML. Field names are camelCase for JavaScript.

use crate::facade::guide::Guide;
use crate::model::order::reading_order;
use crate::model::scenario::{Outcome, Route, Scenario, Source, Step, Target};
use crate::model::text::{plain_text, LocalText, Rich};
use crate::run::state::{self, Position};
use serde::Serialize;

/// What the guide is, in one language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
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
pub struct EndingInfo {
    /// Id.
    pub id: String,
    /// Verdict, plain text.
    pub verdict: String,
}

/// An actor's name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActorInfo {
    /// Id.
    pub id: String,
    /// Label, plain text, when the scenario declares one.
    pub label: Option<String>,
}

/// A flashpoint: a twist a teacher can switch on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// The whole script in reading order, for a printable handout.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Script {
    /// Title.
    pub title: Rich,
    /// Summary.
    pub summary: Rich,
    /// Model assumptions.
    pub assumptions: Rich,
    /// Sources, numbered in this order (as in [`Info::sources`]).
    pub sources: Vec<Source>,
    /// Flashpoints.
    pub flashpoints: Vec<FlashpointInfo>,
    /// Every card: breadth-first from the start, choices in order, then any
    /// card not reached that way in file order.
    pub nodes: Vec<ScriptNode>,
    /// Every ending, in file order.
    pub endings: Vec<EndingView>,
}

/// A card in the script.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptNode {
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

/// A strategy's name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyInfo {
    /// Id.
    pub id: String,
    /// Name, plain text.
    pub label: String,
    /// Explanation, plain text.
    pub description: String,
}

/// What to show now.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// Steps taken.
    pub step: usize,
    /// The current card, unless the run has ended.
    pub node: Option<NodeView>,
    /// The choices at the current card.
    pub choices: Vec<ChoiceView>,
    /// Meters and flags, with their change over the last step.
    pub meters: Vec<MeterView>,
    /// The random outcome of the last step, if it had one.
    pub outcome: Option<OutcomeView>,
    /// The path taken.
    pub history: Vec<HistoryView>,
    /// Progress, e.g. "Month 6 of 24".
    pub progress: Option<ProgressView>,
    /// The ending, once reached.
    pub ending: Option<EndingView>,
    /// Whether there is a step to undo.
    pub can_undo: bool,
    /// The share token of this run.
    pub token: String,
}

/// A card.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    /// Id.
    pub id: String,
    /// Who acts (actor id).
    pub actor: String,
    /// Heading.
    pub heading: Rich,
    /// Body.
    pub body: Rich,
    /// Keys of the sources the card cites.
    pub sources: Vec<String>,
    /// Discussion prompt.
    pub prompt: Option<Rich>,
    /// An image on the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageView>,
    /// Team play: the side whose team chooses at this card (the first side);
    /// none on a narrator's card, which the class reads together.
    pub turn: Option<String>,
}

/// An image on a card: its address as the scenario gives it (relative to the
/// scenario file), alt text and caption in the reader's language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageView {
    /// Relative address.
    pub src: String,
    /// Alt text, plain.
    pub alt: String,
    /// Caption.
    pub caption: Option<Rich>,
}

/// A choice button.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceView {
    /// Id to send back.
    pub id: String,
    /// Label.
    pub label: Rich,
    /// Whether it can be taken now.
    pub enabled: bool,
    /// Why not, when disabled.
    pub reason: Option<Rich>,
    /// Strategy tags.
    pub tags: Vec<String>,
    /// True when the result is a random draw.
    pub chance: bool,
    /// For a random choice: its possible outcomes and how likely each is if
    /// taken now (a model assumption). Classroom team play offers these to the
    /// other side's team.
    pub outcomes: Vec<OutcomeOption>,
    /// Team play: the side whose team picks this random choice's outcome
    /// instead of the dice — the one actor all its outcomes name, when that is
    /// a side other than the one choosing. None when the dice decide.
    pub respondent: Option<String>,
}

/// A possible outcome of a random choice.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeOption {
    /// Outcome id (for `choose_outcome`).
    pub id: String,
    /// Who acts (actor id).
    pub actor: Option<String>,
    /// Label.
    pub label: Rich,
    /// Probability if the choice were taken now; 0 = not possible.
    pub probability: f64,
}

/// A meter or flag.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeterView {
    /// Id.
    pub id: String,
    /// Label, plain text.
    pub label: String,
    /// Explanation, plain text.
    pub description: Option<String>,
    /// `"meter"` or `"flag"`.
    pub kind: &'static str,
    /// Value now.
    pub value: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// Change over the last step (0 at the start).
    pub delta: f64,
    /// On the dashboard.
    pub shown: bool,
}

/// A random outcome that just happened.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeView {
    /// The choice that led to it, plain text.
    pub choice: String,
    /// Outcome id.
    pub id: String,
    /// Who acted (actor id).
    pub actor: Option<String>,
    /// Label.
    pub label: Rich,
    /// What happened.
    pub text: Option<Rich>,
    /// Its probability in the state it was drawn in.
    pub probability: f64,
    /// Labels of the variables its weight depended on that the reader can
    /// see on the dashboard (hidden bookkeeping flags are never named).
    pub factors: Vec<String>,
    /// Keys of sources it cites.
    pub sources: Vec<String>,
}

/// One step of the path taken.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
    /// Node id.
    pub node: String,
    /// Who acted (actor id).
    pub actor: String,
    /// Node heading, plain text.
    pub heading: String,
    /// Choice id.
    pub choice: String,
    /// Choice label, plain text.
    pub choice_label: String,
    /// Outcome label, plain text, for random choices.
    pub outcome: Option<String>,
    /// Outcome probability.
    pub probability: Option<f64>,
    /// True when a player decided the outcome (team play).
    pub decided: bool,
}

/// Progress through the guide.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressView {
    /// Value now.
    pub value: f64,
    /// Maximum.
    pub max: f64,
    /// "Month 6 of 24".
    pub label: String,
}

/// The ending reached.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
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

struct Lang<'a> {
    s: &'a Scenario,
    i: usize,
}

impl Lang<'_> {
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
}

/// Team play's sides: every actor but the narrator and `both` (see `Info::teams`).
fn teams(s: &Scenario) -> Vec<usize> {
    (0..s.actors.len())
        .filter(|&a| s.actors[a].id != "narrator" && s.actors[a].id != "both")
        .collect()
}

/// Team play: who picks the outcome of a random choice instead of the dice (see `ChoiceView::respondent`).
fn respondent(s: &Scenario, outcomes: &[Outcome]) -> Option<String> {
    let first = outcomes.first()?.actor?;
    let sides = teams(s);
    let other_side = sides.contains(&first) && sides.first() != Some(&first);
    (other_side && outcomes.iter().all(|o| o.actor == Some(first)))
        .then(|| s.actors[first].id.clone())
}

fn format_progress(template: &str, value: f64, max: f64) -> String {
    use crate::model::expr::format_number;
    template
        .replace("{value}", &format_number(value))
        .replace("{max}", &format_number(max))
}

impl Guide {
    fn lang(&self, language: &str) -> Lang<'_> {
        let s = self.scenario();
        Lang {
            s,
            i: s.language_index(language)
                .unwrap_or(s.meta.default_language),
        }
    }

    /// What the guide is, in `language` (the default language if unknown).
    pub fn info(&self, language: &str) -> Info {
        let l = self.lang(language);
        let s = l.s;
        let mut strategies = vec![StrategyInfo {
            id: "uniform".into(),
            label: "Random reader".into(),
            description: "Picks any available choice with equal chance.".into(),
        }];
        strategies.extend(s.strategies.iter().map(|st| {
            StrategyInfo {
                id: st.id.clone(),
                label: l.plain(&st.label),
                description: st
                    .description
                    .as_ref()
                    .map(|d| l.plain(d))
                    .unwrap_or_default(),
            }
        }));
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
            teams: teams(s)
                .into_iter()
                .map(|a| s.actors[a].id.clone())
                .collect(),
            flashpoints: self.flashpoint_info(&l),
            warnings: s.warnings.len(),
        }
    }

    fn flashpoint_info(&self, l: &Lang<'_>) -> Vec<FlashpointInfo> {
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

    /// The whole script in reading order, in `language`: every card with its
    /// choices, outcomes, sources and prompt, then every ending (for a
    /// printable handout).
    pub fn script(&self, language: &str) -> Script {
        let l = self.lang(language);
        let s = l.s;
        let name = |t: Target| match t {
            Target::Node(n) => s.nodes[n].id.clone(),
            Target::Ending(e) => s.endings[e].id.clone(),
        };
        let ids = |routes: &[Route]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for r in routes {
                let id = name(r.to);
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            out
        };
        let order = reading_order(s);
        let flashpoint_id = |v: usize| {
            s.flashpoints
                .iter()
                .find(|f| f.variable == v)
                .map(|f| f.id.clone())
        };
        let nodes = order
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
                                        actor: o.actor.map(|a| s.actors[a].id.clone()),
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
                ScriptNode {
                    id: node.id.clone(),
                    actor: s.actors[node.actor].id.clone(),
                    heading: l.rich(&node.heading),
                    body: l.rich(&node.body),
                    sources: l.keys(&node.sources),
                    prompt: node.prompt.as_ref().map(|p| l.rich(p)),
                    choices,
                }
            })
            .collect();
        let endings = s
            .endings
            .iter()
            .map(|e| EndingView {
                id: e.id.clone(),
                verdict: l.rich(&e.verdict),
                summary: l.rich(&e.summary),
                reality: l.rich(&e.reality),
                sources: l.keys(&e.sources),
            })
            .collect();
        Script {
            title: l.rich(&s.meta.title),
            summary: l.rich(&s.meta.summary),
            assumptions: l.rich(&s.meta.assumptions),
            sources: s.meta.sources.clone(),
            flashpoints: self.flashpoint_info(&l),
            nodes,
            endings,
        }
    }

    /// What to show now, in `language` (the default language if unknown).
    pub fn view(&self, language: &str) -> View {
        let l = self.lang(language);
        let s = l.s;
        let values = self.values();
        let last = self.steps().last();
        let meters = s
            .variables
            .iter()
            .enumerate()
            .map(|(i, v)| MeterView {
                id: v.id.clone(),
                label: l.plain(&v.label),
                description: v.description.as_ref().map(|d| l.plain(d)),
                kind: if v.is_flag { "flag" } else { "meter" },
                value: values[i],
                min: v.min,
                max: v.max,
                delta: last.map_or(0.0, |st| values[i] - st.before[i]),
                shown: v.shown,
            })
            .collect();
        let (node, choices) = match self.position() {
            Position::Node(n) => {
                let node = &s.nodes[n];
                let choices = node
                    .choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| state::offered(c, values))
                    .map(|(ci, c)| {
                        let enabled = state::enabled(c, values);
                        let outcomes = match &c.step {
                            Step::Outcomes(outs) => outs
                                .iter()
                                .zip(state::outcome_odds(s, n, ci, values))
                                .map(|(o, probability)| OutcomeOption {
                                    id: o.id.clone(),
                                    actor: o.actor.map(|a| s.actors[a].id.clone()),
                                    label: l.rich(&o.label),
                                    probability,
                                })
                                .collect(),
                            Step::Next(_) => Vec::new(),
                        };
                        ChoiceView {
                            id: c.id.clone(),
                            label: l.rich(&c.label),
                            enabled,
                            reason: if enabled {
                                None
                            } else {
                                c.unmet.as_ref().map(|u| l.rich(u))
                            },
                            tags: c.tags.iter().map(|&t| s.tags[t].clone()).collect(),
                            chance: matches!(c.step, Step::Outcomes(_)),
                            outcomes,
                            respondent: match &c.step {
                                Step::Outcomes(outs) => respondent(s, outs),
                                Step::Next(_) => None,
                            },
                        }
                    })
                    .collect();
                let view = NodeView {
                    id: node.id.clone(),
                    actor: s.actors[node.actor].id.clone(),
                    heading: l.rich(&node.heading),
                    body: l.rich(&node.body),
                    sources: l.keys(&node.sources),
                    prompt: node.prompt.as_ref().map(|p| l.rich(p)),
                    image: node.image.as_ref().map(|i| ImageView {
                        src: i.src.clone(),
                        alt: l.plain(&i.alt),
                        caption: i.caption.as_ref().map(|c| l.rich(c)),
                    }),
                    turn: if s.actors[node.actor].id == "narrator" {
                        None
                    } else {
                        teams(s).first().map(|&a| s.actors[a].id.clone())
                    },
                };
                (Some(view), choices)
            }
            Position::Ending(_) => (None, Vec::new()),
        };
        let outcome = last.and_then(|st| {
            let c = &s.nodes[st.node].choices[st.choice];
            let (oi, p) = st.outcome?;
            let Step::Outcomes(outs) = &c.step else {
                return None;
            };
            let o = &outs[oi];
            // The variables this outcome's own weight reads, in declaration order;
            // for a constant weight, those of the others (its share moves with them).
            let mut reads: Vec<usize> = o.weight.variables().collect();
            if reads.is_empty() {
                reads = outs.iter().flat_map(|x| x.weight.variables()).collect();
            }
            let factors: Vec<usize> = (0..s.variables.len())
                .filter(|&v| reads.contains(&v) && s.variables[v].shown)
                .collect();
            Some(OutcomeView {
                choice: l.plain(&c.label),
                id: o.id.clone(),
                actor: o.actor.map(|a| s.actors[a].id.clone()),
                label: l.rich(&o.label),
                text: o.text.as_ref().map(|t| l.rich(t)),
                probability: p,
                factors: factors
                    .into_iter()
                    .map(|v| l.plain(&s.variables[v].label))
                    .collect(),
                sources: l.keys(&o.sources),
            })
        });
        let history = self
            .steps()
            .iter()
            .map(|st| {
                let node = &s.nodes[st.node];
                let c = &node.choices[st.choice];
                let outcome = match (&c.step, st.outcome) {
                    (Step::Outcomes(outs), Some((oi, _))) => Some(l.plain(&outs[oi].label)),
                    _ => None,
                };
                HistoryView {
                    node: node.id.clone(),
                    actor: s.actors[node.actor].id.clone(),
                    heading: l.plain(&node.heading),
                    choice: c.id.clone(),
                    choice_label: l.plain(&c.label),
                    outcome,
                    probability: st.outcome.map(|(_, p)| p),
                    decided: st.decided,
                }
            })
            .collect();
        let progress = s.meta.progress.as_ref().map(|p| {
            let v = &s.variables[p.variable];
            let value = values[p.variable];
            ProgressView {
                value,
                max: v.max,
                label: format_progress(&l.plain(&p.label), value, v.max),
            }
        });
        let ending = match self.position() {
            Position::Ending(e) => {
                let e = &s.endings[e];
                Some(EndingView {
                    id: e.id.clone(),
                    verdict: l.rich(&e.verdict),
                    summary: l.rich(&e.summary),
                    reality: l.rich(&e.reality),
                    sources: l.keys(&e.sources),
                })
            }
            Position::Node(_) => None,
        };
        View {
            step: self.steps().len(),
            node,
            choices,
            meters,
            outcome,
            history,
            progress,
            ending,
            can_undo: !self.steps().is_empty(),
            token: self.save(),
        }
    }
}
