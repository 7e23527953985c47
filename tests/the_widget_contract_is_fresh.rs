//! The typed contract with the widget (`www/types/contract.schema.json`, and
//! from it `www/types/contract.d.ts`) is generated from the Rust types, is up
//! to date, and describes exactly what the core sends: every value the full
//! engine returns while every valid guide is played to each of its endings —
//! views at every step in every language, info, script, odds, simulations,
//! the map, a tally, witnesses — and every diagnostic of the invalid
//! fixtures, checked against its definition with no field more or less.
//! (The reader runtime sends the same values: tests/e2e/reader-runtime.test.mjs.)

mod common;

use agreement_guide::analysis::montecarlo::witnesses;
use agreement_guide::facade::contract::{self, OddsResult, SimulationResult, WitnessResult};
use agreement_guide::facade::tally::tally;
use agreement_guide::Guide;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::fs;
use std::sync::Arc;

const SCHEMA: &str = "www/types/contract.schema.json";

#[test]
fn the_checked_in_contract_is_up_to_date() {
    let generated = contract::json_schema();
    let on_disk = fs::read_to_string(SCHEMA).unwrap_or_default();
    if std::env::var_os("BLESS").is_some() && generated != on_disk {
        fs::write(SCHEMA, &generated).unwrap();
        return;
    }
    assert!(
        generated == on_disk,
        "{SCHEMA} is stale: a type the widget receives changed. Run `npm run types` \
         (it rewrites the schema and www/types/contract.d.ts) and commit both"
    );
}

/// The contract with every object closed (`additionalProperties: false`),
/// so a field the schema does not name fails as surely as a missing one.
fn closed(mut schema: Value) -> Value {
    fn close(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.contains_key("properties") && !m.contains_key("additionalProperties") {
                    m.insert("additionalProperties".into(), Value::Bool(false));
                }
                m.values_mut().for_each(close);
            }
            Value::Array(a) => a.iter_mut().for_each(close),
            _ => {}
        }
    }
    close(&mut schema);
    schema
}

struct Contract {
    schema: Value,
    /// One compiled validator per definition, made on first use.
    validators: HashMap<String, jsonschema::Validator>,
    checked: usize,
}

impl Contract {
    fn new() -> Self {
        let text = contract::json_schema();
        Contract {
            schema: closed(serde_json::from_str(&text).unwrap()),
            validators: HashMap::new(),
            checked: 0,
        }
    }

    /// The problems of `value` (as the full engine sends it: JSON) against
    /// definition `name`.
    fn problems(&mut self, name: &str, value: &impl Serialize) -> Vec<String> {
        let definitions = &self.schema["definitions"];
        let validator = self.validators.entry(name.into()).or_insert_with(|| {
            let schema = serde_json::json!({
                "$schema": "http://json-schema.org/draft-07/schema#",
                "$ref": format!("#/definitions/{name}"),
                "definitions": definitions,
            });
            jsonschema::validator_for(&schema).unwrap()
        });
        let json = serde_json::to_value(value).unwrap();
        validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect()
    }

    fn check(&mut self, name: &str, value: &impl Serialize, what: &str) {
        let problems = self.problems(name, value);
        assert!(problems.is_empty(), "{what}: not a {name}: {problems:?}");
        self.checked += 1;
    }
}

#[test]
fn every_value_the_full_engine_sends_fits_the_contract() {
    let mut c = Contract::new();
    for (path, scenario) in common::valid_scenarios() {
        let what = path.display().to_string();
        let guide = Guide::new(Arc::clone(&scenario), 1);
        let languages = scenario.meta.languages.clone();
        for lang in &languages {
            c.check("Info", &guide.info(lang), &what);
            c.check("Script", &guide.script(lang), &what);
        }
        if let Ok(odds) = guide.odds(None) {
            c.check("OddsResult", &OddsResult::new(&scenario, odds), &what);
        }
        let sim = guide.simulate(200, None, 7).unwrap();
        c.check(
            "SimulationResult",
            &SimulationResult::new(&scenario, &sim),
            &what,
        );
        c.check("MechanismMap", &guide.map(), &what);
        let found = witnesses(&scenario, 2_000);
        for w in WitnessResult::all(&scenario, found.clone()) {
            c.check("WitnessResult", &w, &what);
        }
        let mut codes = vec!["not-a-code".to_string()];
        for w in found.into_iter().flatten() {
            let mut g = Guide::new(Arc::clone(&scenario), w.seed);
            for id in &w.choices {
                for lang in &languages {
                    c.check("View", &g.view(lang), &format!("{what} before {id}"));
                }
                g.choose(id).unwrap();
            }
            for lang in &languages {
                c.check("View", &g.view(lang), &format!("{what} at an ending"));
            }
            codes.push(g.save());
        }
        let t = tally(&scenario, codes.iter().map(String::as_str));
        assert_eq!(t.rejected.len(), 1, "{what}: the bad code is rejected");
        c.check("Tally", &t, &what);
    }
    for entry in fs::read_dir("tests/fixtures/invalid").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let src = fs::read_to_string(&path).unwrap_or_default();
        let what = path.display().to_string();
        // Some fixtures hold to a standard only `check --strict` enforces:
        // they load, with warnings (what `Guide.check` returns for them).
        match agreement_guide::load_scenario(&src) {
            Ok(s) => s
                .warnings
                .iter()
                .for_each(|d| c.check("Diagnostic", d, &what)),
            Err(e) => {
                c.check("ErrorKind", &e.kind(), &what);
                e.diagnostics()
                    .iter()
                    .for_each(|d| c.check("Diagnostic", d, &what));
            }
        }
    }
    assert!(c.checked > 500, "checked only {} values", c.checked);
}

#[test]
fn a_renamed_or_missing_field_breaks_the_contract() {
    let mut c = Contract::new();
    let (_, scenario) = &common::valid_scenarios()[0];
    let view = serde_json::to_value(Guide::new(Arc::clone(scenario), 1).view("en")).unwrap();
    assert!(c.problems("View", &view).is_empty());
    let mut renamed = view.clone();
    let undo = renamed.as_object_mut().unwrap().remove("canUndo").unwrap();
    assert!(!c.problems("View", &renamed).is_empty(), "a missing field");
    renamed["can_undo"] = undo;
    assert!(!c.problems("View", &renamed).is_empty(), "an unknown field");
    let mut null_list = view;
    null_list["choices"] = Value::Null;
    assert!(
        !c.problems("View", &null_list).is_empty(),
        "null for a list"
    );
}
