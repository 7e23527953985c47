//! `scenarios/schema.json` is generated from the format's types, is up to
//! date, accepts every shipped scenario and valid fixture, and rejects the
//! invalid fixtures whose problem is one of shape (types, fields).

use std::fs;

fn schema() -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string("scenarios/schema.json").unwrap()).unwrap()
}

#[test]
fn the_checked_in_schema_is_up_to_date() {
    let generated = agreement_guide::model::json_schema();
    let on_disk = fs::read_to_string("scenarios/schema.json").unwrap();
    if std::env::var_os("BLESS").is_some() && generated != on_disk {
        fs::write("scenarios/schema.json", &generated).unwrap();
        return;
    }
    assert!(
        generated == on_disk,
        "scenarios/schema.json is stale: run `cargo run --bin agreement-guide -- schema > scenarios/schema.json`"
    );
}

#[test]
fn the_schema_accepts_every_valid_scenario() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for dir in ["scenarios", "tests/fixtures/valid", "templates"] {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".json") || name == "schema.json" {
                continue;
            }
            let doc: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
    }
}

#[test]
fn the_schema_rejects_the_invalid_fixtures_that_are_shape_errors() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut checked = 0;
    for entry in fs::read_dir("tests/fixtures/invalid").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let expected = fs::read_to_string(path.with_extension("expected")).unwrap();
        let shape_error = ["expected ", "unknown field", "missing required field"]
            .iter()
            .any(|m| expected.contains(m));
        let Ok(doc) =
            serde_json::from_str::<serde_json::Value>(&fs::read_to_string(&path).unwrap())
        else {
            continue;
        };
        if shape_error {
            assert!(
                !validator.is_valid(&doc),
                "{} should fail the schema",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} shape fixtures");
}
