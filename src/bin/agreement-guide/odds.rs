//! `odds`: the exact odds of each ending under a strategy.

use crate::args::{Format, OddsArgs};
use crate::{finish, out, start_run, Outcome};
use agreement_guide::{policy_for, Guide};
use serde_json::json;

/// Runs `odds`.
pub fn run(a: &OddsArgs) -> Outcome {
    finish(odds(
        &start_run(&a.file, &a.twists)?,
        a.strategy.as_deref(),
        a.format,
    ))
}

fn odds(g: &Guide, strategy: Option<&str>, format: Format) -> agreement_guide::Result<()> {
    let scenario = g.scenario();
    let ids: Vec<String> = match strategy {
        Some(s) => {
            policy_for(scenario, Some(s))?;
            vec![s.to_string()]
        }
        None => std::iter::once("uniform".to_string())
            .chain(scenario.strategies.iter().map(|s| s.id.clone()))
            .collect(),
    };
    let mut all = Vec::new();
    for id in &ids {
        let o = g.odds(Some(id))?;
        if format == Format::Text {
            out!(
                "strategy {id}{}:",
                if o.exact {
                    ""
                } else {
                    " (iterated, not exact)"
                }
            );
            for (e, p) in scenario.endings.iter().zip(&o.endings) {
                out!("  {:<24} {:>7.3}%", e.id, p * 100.0);
            }
            if o.unfinished > 0.0 {
                out!("  {:<24} {:>7.3}%", "(never ends)", o.unfinished * 100.0);
            }
        }
        let endings: serde_json::Map<String, serde_json::Value> = scenario
            .endings
            .iter()
            .zip(&o.endings)
            .map(|(e, p)| (e.id.clone(), json!(p)))
            .collect();
        all.push(json!({"strategy": id, "exact": o.exact, "states": o.states, "endings": endings}));
    }
    if format == Format::Json {
        out!(
            "{}",
            serde_json::to_string_pretty(&all).expect("serialises")
        );
    } else {
        out!("(odds are the model's assumptions, not forecasts)");
    }
    Ok(())
}
