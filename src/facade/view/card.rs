//! [`View`]: what to show now — the projection a front end renders after
//! every step: the card and its choices, the meters with their change, the
//! outcome just drawn, the path so far, progress, and the ending once reached.

use super::{teams, EndingView, Lang};
use crate::facade::guide::Guide;
use crate::model::scenario::{Choice, Outcome, Scenario, Step};
use crate::model::text::Rich;
use crate::prelude::*;
use crate::run::state::{self, Position};
use serde::Serialize;

/// What to show now.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct View {
    /// Steps taken.
    pub step: usize,
    /// The current card, unless the run has ended.
    pub node: Option<CardView>,
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

/// The card on screen: what the reader sees of one of the guide's nodes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct CardView {
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
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ImageView {
    /// Relative address.
    pub src: String,
    /// Alt text, plain.
    pub alt: String,
    /// Caption.
    pub caption: Option<Rich>,
    /// Width in pixels, when the guide gives the image's size.
    pub width: Option<u32>,
    /// Height in pixels, when the guide gives the image's size.
    pub height: Option<u32>,
}

/// A choice button.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct MeterView {
    /// Id.
    pub id: String,
    /// Label, plain text.
    pub label: String,
    /// Explanation, plain text.
    pub description: Option<String>,
    /// `"meter"` or `"flag"`.
    #[cfg_attr(feature = "cli", schemars(extend("enum" = ["meter", "flag"])))]
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
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ProgressView {
    /// Value now.
    pub value: f64,
    /// Maximum.
    pub max: f64,
    /// "Month 6 of 24".
    pub label: String,
}

/// Team play: who picks the outcome of a random choice instead of the dice (see `ChoiceView::respondent`).
fn respondent(s: &Scenario, outcomes: &[Outcome]) -> Option<String> {
    let first = outcomes.first()?.actor?;
    let sides = teams(s);
    let other_side = sides.contains(&first) && sides.first() != Some(&first);
    (other_side && outcomes.iter().all(|o| o.actor == Some(first)))
        .then(|| s.actors[first].id.clone())
}

/// `template` with `{value}` and `{max}` filled in: a scan for `{`, not two
/// `str::replace` calls, whose substring searcher was 1.5 KB of the reader
/// runtime (docs/performance.md, "The reader runtime's diet").
fn format_progress(template: &str, value: f64, max: f64) -> String {
    use crate::model::expr::format_number;
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("{value}") {
            out.push_str(&format_number(value));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{max}") {
            out.push_str(&format_number(max));
            rest = after;
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

impl Guide {
    /// What to show now, in `language` (the default language if unknown).
    pub fn view(&self, language: &str) -> View {
        let l = Lang::of(self, language);
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
                    .map(|(ci, c)| self.choice_view(&l, n, ci, c))
                    .collect();
                let view = CardView {
                    id: node.id.clone(),
                    actor: l.actor(node.actor),
                    heading: l.rich(&node.heading),
                    body: l.rich(&node.body),
                    sources: l.keys(&node.sources),
                    prompt: node.prompt.as_ref().map(|p| l.rich(p)),
                    image: node.image.as_ref().map(|i| ImageView {
                        src: i.src.clone(),
                        alt: l.plain(&i.alt),
                        caption: i.caption.as_ref().map(|c| l.rich(c)),
                        width: i.size.map(|(w, _)| w),
                        height: i.size.map(|(_, h)| h),
                    }),
                    turn: if s.actors[node.actor].id == "narrator" {
                        None
                    } else {
                        teams(s).first().map(|&a| l.actor(a))
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
                actor: o.actor.map(|a| l.actor(a)),
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
                    actor: l.actor(node.actor),
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
            Position::Ending(e) => Some(l.ending(&s.endings[e])),
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

    /// The button of choice `ci` of card `n`, offered in the run's state.
    fn choice_view(&self, l: &Lang<'_>, n: usize, ci: usize, c: &Choice) -> ChoiceView {
        let s = l.s;
        let values = self.values();
        let enabled = state::enabled(c, values);
        // A random choice: its outcomes with their odds now, and who (if
        // anyone) picks among them instead of the dice.
        let (chance, outcomes, respondent) = match &c.step {
            Step::Next(_) => (false, Vec::new(), None),
            Step::Outcomes(outs) => (
                true,
                outs.iter()
                    .zip(state::outcome_odds(s, n, ci, values))
                    .map(|(o, probability)| OutcomeOption {
                        id: o.id.clone(),
                        actor: o.actor.map(|a| l.actor(a)),
                        label: l.rich(&o.label),
                        probability,
                    })
                    .collect(),
                respondent(s, outs),
            ),
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
            chance,
            outcomes,
            respondent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_progress;

    #[test]
    fn progress_fills_in_value_and_max_as_two_replaces_would() {
        for t in [
            "Month {value} of {max}",
            "{max}/{value}/{max}",
            "{{value}} {",
            "{val{max}ue} {value",
            "no placeholder",
            "第{value}个月，共{max}个月}",
            "",
        ] {
            let replaced = t.replace("{value}", "6").replace("{max}", "24.5");
            assert_eq!(format_progress(t, 6.0, 24.5), replaced, "{t}");
        }
    }
}
