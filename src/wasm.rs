//! The full engine's WebAssembly boundary.
//!
//! One opaque [`Guide`] handle: the methods only the full engine has are
//! here, the ones it shares with the reader runtime (view, step, save) in
//! [`wasm_handle`](crate::wasm_handle). Each method converts its arguments,
//! calls the core, and returns a small value or a view; no rules live here.
//! Values cross as JSON text ([`to_js_json`](crate::wasm_handle::to_js_json)).
//! Every core error becomes one JavaScript `Error` with `kind` and, for an
//! invalid scenario, `diagnostics` (the full located list) — converted in one
//! place, [`to_js_error`].

use crate::error::{Diagnostic, DiagnosticCode, Error};
use crate::facade::contract::{OddsResult, ReachResult, SimulationResult, WitnessResult};
use crate::facade::guide::Guide as Core;
use crate::wasm_handle::{guide_handle_methods, js_error, seed_from, to_js_json as to_js};
use wasm_bindgen::prelude::*;

/// A core error as a JavaScript `Error` with `kind` and `diagnostics`.
fn to_js_error(e: Error) -> JsValue {
    let err = js_error(&e, &to_js(&e.kind()));
    let _ = js_sys::Reflect::set(err.as_ref(), &"diagnostics".into(), &to_js(e.diagnostics()));
    err.into()
}

/// A reader's run through a guide.
#[wasm_bindgen]
pub struct Guide {
    core: Core,
}

#[wasm_bindgen]
impl Guide {
    /// Loads a scenario (a JSON string or a parsed object) and starts a run.
    /// Throws an `Error` whose `diagnostics` lists every problem when the
    /// scenario is invalid.
    pub fn load(scenario: JsValue, seed: f64) -> Result<Guide, JsValue> {
        console_error_panic_hook::set_once();
        let json = match scenario.as_string() {
            Some(s) => s,
            // undefined, a function or symbol stringify to undefined; a
            // cycle or a BigInt throws. Either way: not a scenario.
            None => js_sys::JSON::stringify_with_replacer_and_space(
                &scenario,
                &JsValue::NULL,
                &JsValue::from(2),
            )
            .ok()
            .and_then(|s| JsValue::from(s).as_string())
            .ok_or_else(|| {
                to_js_error(Error::scenario(vec![Diagnostic::error(
                    DiagnosticCode::WrongType,
                    "",
                    "the scenario is neither JSON text nor a plain object",
                )]))
            })?,
        };
        let core = Core::from_json(&json, seed_from(seed)).map_err(to_js_error)?;
        for w in &core.scenario().warnings {
            web_sys::console::warn_1(&JsValue::from_str(&format!("agreement-guide: {w}")));
        }
        Ok(Guide { core })
    }

    /// Fully checks a scenario (including the model check over every
    /// reachable state) and returns every diagnostic, errors and warnings
    /// (the standards lints among them, as warnings: `check` without
    /// `--strict`), as an array of `{severity, code, location, line, column,
    /// message, suggestion}`; for authors' tools.
    pub fn check(scenario: &str) -> JsValue {
        match crate::facade::load::load(scenario) {
            Ok(s) => to_js(&s.warnings),
            Err(e) => to_js(e.diagnostics()),
        }
    }

    /// The whole script in reading order, for a printable handout: `{ title,
    /// summary, assumptions, sources, flashpoints, nodes: [{id, actor, heading,
    /// body, sources, prompt, choices: [{id, label, unmet, flashpoint, next,
    /// outcomes}]}], endings }`.
    pub fn script(&self, lang: &str) -> JsValue {
        to_js(&self.core.script(lang))
    }

    /// Runs `first .. first + runs` of `simulate(…, seed)`: batches covering
    /// `0..n` sum to exactly `simulate(n, …)`, whatever their size.
    #[wasm_bindgen(js_name = simulateBatch)]
    pub fn simulate_batch(
        &self,
        first: f64,
        runs: u32,
        strategy: Option<String>,
        seed: f64,
    ) -> Result<JsValue, JsValue> {
        let s = self
            .core
            .simulate_batch(
                seed_from(first),
                runs as u64,
                strategy.as_deref(),
                seed_from(seed),
            )
            .map_err(to_js_error)?;
        Ok(to_js(&SimulationResult::new(self.core.scenario(), &s)))
    }

    /// Exact odds of each ending from here: `{ endings: {id: p}, exact, states }`.
    pub fn odds(&self, strategy: Option<String>) -> Result<JsValue, JsValue> {
        let o = self.core.odds(strategy.as_deref()).map_err(to_js_error)?;
        Ok(to_js(&OddsResult::new(self.core.scenario(), o)))
    }

    /// `runs` simulated playthroughs from the start: `{ endings: {id: count}, runs, steps, unfinished }`.
    pub fn simulate(
        &self,
        runs: u32,
        strategy: Option<String>,
        seed: f64,
    ) -> Result<JsValue, JsValue> {
        let s = self
            .core
            .simulate(runs as u64, strategy.as_deref(), seed_from(seed))
            .map_err(to_js_error)?;
        Ok(to_js(&SimulationResult::new(self.core.scenario(), &s)))
    }

    /// Tallies a class's hand-in codes (share tokens, one per line): `{ runs,
    /// finished, endings: [[id, n]], choices: [{node, choice, count}],
    /// rejected: [{line, code, reason}] }`. Bad codes are named and skipped.
    pub fn tally(&self, codes: &str) -> JsValue {
        to_js(&crate::facade::tally::tally(
            self.core.scenario_arc(),
            codes.lines(),
        ))
    }

    /// The mechanism map: `{ items: [{id, kind, actor, layer, x, y}], links:
    /// [{from, to, choices, chance, back}], layers, width }`, laid out in the core.
    pub fn map(&self) -> JsValue {
        to_js(&self.core.map())
    }

    /// A run that arrives at the card or ending `id`: `{ seed, choices }` (the
    /// shortest found in `tries` random playthroughs), or `null` when none
    /// does. The author page's preview replays it to show the card being edited.
    pub fn reach(&self, id: &str, tries: u32) -> JsValue {
        match self.core.reach(id, tries as u64) {
            Some((seed, choices)) => to_js(&ReachResult {
                seed: seed as f64,
                choices,
            }),
            None => JsValue::NULL,
        }
    }

    /// For each ending, a `{ ending, seed, choices }` run that reaches it, found
    /// within `tries` random playthroughs (for tests and authors' tools).
    pub fn witnesses(&self, tries: u32) -> JsValue {
        let found = self.core.witnesses(tries as u64);
        to_js(&WitnessResult::all(self.core.scenario(), found))
    }
}

guide_handle_methods!(
    Guide,
    view_doc = " What to show now, in `lang` (the guide's default language if unknown)."
);
