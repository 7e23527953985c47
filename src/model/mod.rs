//! What a guide is and how it is read: the JSON reader and decoder, the
//! [`scenario`] model, text markup, expressions, the compile step with its
//! lints and limits, the packed format readers load (`pack`/`unpack`), and
//! reading order. Nothing here knows a run or an analysis.

pub mod compile;
pub(crate) mod decode;
pub mod expr;
pub(crate) mod hash;
pub(crate) mod json;
pub mod limits;
pub mod lint;
pub(crate) mod order;
pub mod pack;
pub mod scenario;
pub mod text;

/// The JSON Schema of the scenario format, generated from the types that
/// `decode.rs` fills (checked in as `scenarios/schema.json`; a test fails
/// when it is stale). Editors use it through a scenario's `"$schema"`.
#[cfg(feature = "cli")]
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(scenario::raw::Scenario);
    schema.insert("title".into(), "agreement-guide scenario".into());
    schema.insert(
        "description".into(),
        "An interactive, cited guide to an agreement. See docs/format.md and docs/authoring.md."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
