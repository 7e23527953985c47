//! What a guide is: the model, its text, its expressions, and loading with
//! validation.

pub mod compiled;
pub mod expr;
pub mod decode;
pub mod json;
pub mod lint;
pub mod model;
pub(crate) mod order;
pub mod text;
pub mod validate;

/// The JSON Schema of the scenario format, generated from the types that
/// `decode.rs` fills (checked in as `scenarios/schema.json`; a test fails
/// when it is stale). Editors use it through a scenario's `"$schema"`.
#[cfg(feature = "cli")]
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(model::raw::Scenario);
    schema.insert("title".into(), "agreement-guide scenario".into());
    schema.insert(
        "description".into(),
        "An interactive, cited guide to an agreement. See docs/format.md and docs/authoring.md.".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
