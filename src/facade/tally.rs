//! A class's hand-in codes, tallied: which endings students reached and what
//! they chose at each card. A hand-in code is a share token; each is checked
//! and replayed, and a bad one is named and skipped, never fatal.

use crate::facade::guide::Guide;
use crate::model::scenario::Scenario;
use crate::prelude::*;
use crate::run::state::Position;
use alloc::sync::Arc;
use serde::Serialize;

/// The most codes tallied at once (a class, or a school's worth).
pub const MAX_CODES: usize = 2_000;

/// How often one choice was taken at one card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChoiceCount {
    /// Node id.
    pub node: String,
    /// Choice id.
    pub choice: String,
    /// Times taken, over all codes.
    pub count: u32,
}

/// A code that could not be counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    /// 1-based position of the code in the list.
    pub line: usize,
    /// The code as given (shortened if very long).
    pub code: String,
    /// Why.
    pub reason: String,
}

/// The tally.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// Codes counted.
    pub runs: u32,
    /// Counted runs that reached an ending.
    pub finished: u32,
    /// Runs per ending, in scenario order: (ending id, count).
    pub endings: Vec<(String, u32)>,
    /// Choices taken, in scenario order of nodes and choices; only those taken.
    pub choices: Vec<ChoiceCount>,
    /// Codes skipped, with the reason.
    pub rejected: Vec<Rejected>,
}

/// Tallies hand-in codes, one per entry; blank entries are ignored.
pub fn tally<'a>(scenario: &Arc<Scenario>, codes: impl IntoIterator<Item = &'a str>) -> Tally {
    let mut endings = vec![0u32; scenario.endings.len()];
    let mut taken: Vec<Vec<u32>> = scenario
        .nodes
        .iter()
        .map(|n| vec![0; n.choices.len()])
        .collect();
    let (mut runs, mut finished) = (0, 0);
    let mut rejected = Vec::new();
    let mut g = Guide::new(Arc::clone(scenario), 0);
    for (i, code) in codes.into_iter().enumerate() {
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        if runs as usize + rejected.len() >= MAX_CODES {
            rejected.push(Rejected {
                line: i + 1,
                code: short(code),
                reason: format!("more than {MAX_CODES} codes; the rest were not read"),
            });
            break;
        }
        match g.restore(code) {
            Ok(()) => {
                runs += 1;
                for st in g.steps() {
                    taken[st.node][st.choice] += 1;
                }
                if let Position::Ending(e) = g.position() {
                    endings[e] += 1;
                    finished += 1;
                }
            }
            Err(e) => rejected.push(Rejected {
                line: i + 1,
                code: short(code),
                reason: e.to_string(),
            }),
        }
    }
    let choices = scenario
        .nodes
        .iter()
        .zip(&taken)
        .flat_map(|(n, counts)| {
            n.choices
                .iter()
                .zip(counts)
                .filter(|(_, c)| **c > 0)
                .map(|(c, count)| ChoiceCount {
                    node: n.id.clone(),
                    choice: c.id.clone(),
                    count: *count,
                })
        })
        .collect();
    Tally {
        runs,
        finished,
        endings: scenario
            .endings
            .iter()
            .map(|e| e.id.clone())
            .zip(endings)
            .collect(),
        choices,
        rejected,
    }
}

fn short(code: &str) -> String {
    if code.chars().count() > 80 {
        format!("{}…", code.chars().take(80).collect::<String>())
    } else {
        code.to_string()
    }
}
