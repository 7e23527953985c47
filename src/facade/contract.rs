//! The typed contract with the widget: the shapes of the full engine's
//! analysis results as JavaScript receives them (ending ids as keys, numbers
//! as numbers), and — with the `cli` feature — the JSON Schema of every value
//! that crosses to the widget, from which `www/types/contract.d.ts` is
//! generated (`npm run types`; `tests/the_widget_contract_is_fresh.rs`
//! fails when it is stale).
//!
//! The views themselves ([`View`](super::view::View), [`Info`](super::view::Info),
//! [`Script`](super::view::Script)), the tally, the map and diagnostics are
//! the core's own types; only the results below are shaped for the boundary.

use crate::analysis::montecarlo::{Simulation, Witness};
use crate::analysis::odds::Odds;
use crate::model::scenario::Scenario;
use crate::prelude::*;
use serde::Serialize;

/// Exact odds of each ending from here (`Guide.odds`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct OddsResult {
    /// Probability of each ending, by ending id, in the guide's ending order.
    #[serde(serialize_with = "pairs")]
    #[cfg_attr(
        feature = "cli",
        schemars(with = "std::collections::BTreeMap<String, f64>")
    )]
    pub endings: Vec<(String, f64)>,
    /// False when the state graph has a cycle and the odds were iterated.
    pub exact: bool,
    /// How many states were explored.
    pub states: usize,
}

/// Simulated playthroughs from the start (`Guide.simulate`, `Guide.simulateBatch`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct SimulationResult {
    /// Runs made.
    pub runs: f64,
    /// Steps taken in all runs.
    pub steps: f64,
    /// Runs cut off before an ending (only cyclic guides have any).
    pub unfinished: f64,
    /// The seed.
    pub seed: f64,
    /// Runs that ended at each ending, by ending id, in the guide's ending order.
    #[serde(serialize_with = "pairs")]
    #[cfg_attr(
        feature = "cli",
        schemars(with = "std::collections::BTreeMap<String, f64>")
    )]
    pub endings: Vec<(String, f64)>,
}

/// A run that arrives at a card or ending (`Guide.reach`; `null` when none was found).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct ReachResult {
    /// The guide seed to start with.
    pub seed: f64,
    /// Choice ids to take, in order.
    pub choices: Vec<String>,
}

/// For one ending, a run that reaches it, or nulls when none was found
/// (`Guide.witnesses` returns one per ending, in the guide's order).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct WitnessResult {
    /// Ending id.
    pub ending: String,
    /// The guide seed to start with.
    pub seed: Option<f64>,
    /// Choice ids to take, in order.
    pub choices: Option<Vec<String>>,
}

/// Each ending's id beside its value, in the scenario's ending order.
fn by_ending(s: &Scenario, values: impl Iterator<Item = f64>) -> Vec<(String, f64)> {
    s.endings.iter().map(|e| e.id.clone()).zip(values).collect()
}

impl OddsResult {
    /// The widget's shape of `odds` in `s`.
    pub fn new(s: &Scenario, odds: Odds) -> Self {
        OddsResult {
            endings: by_ending(s, odds.endings.into_iter()),
            exact: odds.exact,
            states: odds.states,
        }
    }
}

impl SimulationResult {
    /// The widget's shape of `sim` in `s` (counts as JavaScript numbers).
    pub fn new(s: &Scenario, sim: &Simulation) -> Self {
        SimulationResult {
            runs: sim.runs as f64,
            steps: sim.steps as f64,
            unfinished: sim.unfinished as f64,
            seed: sim.seed as f64,
            endings: by_ending(s, sim.endings.iter().map(|n| *n as f64)),
        }
    }
}

impl WitnessResult {
    /// One per ending of `s`, from [`witnesses`](crate::analysis::montecarlo::witnesses).
    pub fn all(s: &Scenario, found: Vec<Option<Witness>>) -> Vec<Self> {
        s.endings
            .iter()
            .zip(found)
            .map(|(e, w)| WitnessResult {
                ending: e.id.clone(),
                seed: w.as_ref().map(|w| w.seed as f64),
                choices: w.map(|w| w.choices),
            })
            .collect()
    }
}

/// Serialises `(key, value)` pairs as one object, keeping their order.
fn pairs<S: serde::Serializer>(v: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(v.iter().map(|(k, x)| (k, x)))
}

/// The JSON Schema (draft 7) of every value the widget receives from the
/// core, one definition per type, as the values are *serialised*: an
/// `Option` without `skip_serializing_if` is a required `T | null` (both
/// wasm modules send `null` for none), one with it an optional property.
/// Checked in as `www/types/contract.schema.json` and converted to
/// `www/types/contract.d.ts` by `scripts/types.mjs` (`npm run types`).
#[cfg(feature = "cli")]
pub fn json_schema() -> String {
    use super::{tally, view};
    let mut generator = schemars::generate::SchemaSettings::draft07()
        .for_serialize()
        .into_generator();
    // The roots: what each method of the two wasm handles returns or throws.
    generator.subschema_for::<view::View>();
    generator.subschema_for::<view::Info>();
    generator.subschema_for::<view::Script>();
    generator.subschema_for::<OddsResult>();
    generator.subschema_for::<SimulationResult>();
    generator.subschema_for::<ReachResult>();
    generator.subschema_for::<WitnessResult>();
    generator.subschema_for::<crate::analysis::map::MechanismMap>();
    generator.subschema_for::<tally::Tally>();
    generator.subschema_for::<crate::error::Diagnostic>();
    generator.subschema_for::<crate::error::ErrorKind>();
    let mut definitions = generator.take_definitions(true);
    let roots: Vec<serde_json::Value> = definitions
        .keys()
        .filter(|k| ROOTS.contains(&k.as_str()))
        .map(|k| serde_json::json!({ "$ref": format!("#/definitions/{k}") }))
        .collect();
    let rich = serde_json::json!({
        "description": "Parsed text: paragraphs, each a list of spans.",
        "type": "array",
        "items": { "type": "array", "items": { "$ref": "#/definitions/Span" } },
    });
    for definition in definitions.values_mut() {
        tidy(definition, &rich);
    }
    definitions.insert("Rich".into(), rich);
    let mut schema = serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "agreement-guide widget contract",
        "description": "Any value the Rust core sends to the <agreement-guide> widget. Generated from the Rust types by `agreement-guide schema --contract` (npm run types); do not edit.",
        "anyOf": roots,
    });
    schema["definitions"] = definitions.into();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

/// The definitions the root of the contract names: what the wasm handles'
/// methods return or throw (the rest are their parts).
#[cfg(feature = "cli")]
const ROOTS: [&str; 11] = [
    "View",
    "Info",
    "Script",
    "OddsResult",
    "SimulationResult",
    "ReachResult",
    "WitnessResult",
    "MechanismMap",
    "Tally",
    "Diagnostic",
    "ErrorKind",
];

/// Two rewrites that make the generated TypeScript say what JavaScript sees:
/// a property that is not required is one serde skips when it is `None`, so
/// it is absent, never `null` (`url?: string`, not `url?: string | null`);
/// and [`Rich`](crate::model::text::Rich), a type alias schemars cannot
/// name, becomes a reference to one `Rich` definition instead of
/// `Span[][]` written out at every use.
#[cfg(feature = "cli")]
fn tidy(schema: &mut serde_json::Value, rich: &serde_json::Value) {
    use serde_json::Value;
    let Value::Object(map) = schema else { return };
    let same_as_rich = |m: &serde_json::Map<String, Value>, ty: &Value| {
        ty == &rich["type"] && m.get("items") == Some(&rich["items"])
    };
    if let Some(ty) = map.get("type").cloned() {
        let nullable_array = serde_json::json!(["array", "null"]);
        let reference = serde_json::json!({ "$ref": "#/definitions/Rich" });
        if same_as_rich(map, &ty) {
            map.remove("type");
            map.remove("items");
            map.insert("allOf".into(), Value::Array(vec![reference]));
        } else if ty == nullable_array && same_as_rich(map, &rich["type"]) {
            map.remove("type");
            map.remove("items");
            map.insert(
                "anyOf".into(),
                serde_json::json!([reference, { "type": "null" }]),
            );
        }
    }
    let required: Vec<String> = match map.get("required") {
        Some(Value::Array(r)) => r
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if !required.contains(name) {
                drop_null(property);
            }
        }
    }
    for value in map.values_mut() {
        match value {
            Value::Object(_) => tidy(value, rich),
            Value::Array(items) => items.iter_mut().for_each(|v| tidy(v, rich)),
            _ => {}
        }
    }
}

/// `T | null` → `T`, for a property serde leaves out when it is `None`.
#[cfg(feature = "cli")]
fn drop_null(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(map) = schema else { return };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            map.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(options)) = map.get_mut("anyOf") {
        options.retain(|o| !matches!(o.get("type"), Some(t) if t == "null"));
        if options.len() == 1 {
            let only = options.remove(0);
            map.remove("anyOf");
            map.insert("allOf".into(), Value::Array(vec![only]));
        }
    }
}
