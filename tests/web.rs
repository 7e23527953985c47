//! The exported Wasm API, driven in headless Chromium by wasm-bindgen-test:
//! `cargo test --target wasm32-unknown-unknown --no-default-features --features wasm --test web`.
#![cfg(target_arch = "wasm32")]

use agreement_guide::wasm::Guide;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCENARIO: &str = include_str!("../scenarios/us-china-2015.json");
const MINIMAL: &str = include_str!("fixtures/valid/minimal.json");
const BROKEN: &str = include_str!("fixtures/invalid/several-problems.json");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn first_enabled_choice(view: &JsValue) -> String {
    let choices: Array = get(view, "choices").into();
    choices
        .iter()
        .find(|c| get(c, "enabled").as_bool() == Some(true))
        .map(|c| get(&c, "id").as_string().unwrap())
        .unwrap()
}

#[wasm_bindgen_test]
fn a_guide_loads_from_text_and_plays_to_an_ending() {
    let mut g = Guide::load(SCENARIO.into(), 7.0).unwrap();
    let info = g.info("en");
    assert_eq!(get(&info, "id").as_string().unwrap(), "us-china-2015");
    let mut steps = 0;
    loop {
        let view = g.view("en");
        if !get(&view, "ending").is_null() {
            break;
        }
        g.choose(&first_enabled_choice(&view)).unwrap();
        steps += 1;
        assert!(steps < 500);
    }
    assert!(steps > 3);
    assert!(g.save().starts_with("ag4.us-china-2015."));
}

#[wasm_bindgen_test]
fn a_guide_loads_from_a_parsed_object() {
    let obj = JSON::parse(MINIMAL).unwrap();
    let g = Guide::load(obj, 1.0).unwrap();
    let view = g.view("zh");
    let heading = get(&get(&view, "node"), "heading");
    let text = get(&Array::from(&Array::from(&heading).get(0)).get(0), "text");
    assert_eq!(text.as_string().unwrap(), "投诉");
}

#[wasm_bindgen_test]
fn an_invalid_scenario_throws_an_error_with_every_located_diagnostic() {
    let err = Guide::load(BROKEN.into(), 1.0).err().expect("must throw");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "kind").as_string().unwrap(), "invalid-scenario");
    let diags: Array = get(&err, "diagnostics").into();
    assert_eq!(diags.length(), 3);
    let locations: Vec<String> = diags
        .iter()
        .map(|d| get(&d, "location").as_string().unwrap())
        .collect();
    assert!(
        locations.contains(&"nodes[0].choices[2].next".to_string()),
        "{locations:?}"
    );
    assert_eq!(get(&diags.get(0), "line").as_f64(), Some(56.0));
}

#[wasm_bindgen_test]
fn a_value_that_is_not_a_scenario_throws_an_invalid_scenario_error_with_its_diagnostic() {
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    // undefined stringifies to undefined, a cycle makes JSON.stringify throw.
    for value in [JsValue::UNDEFINED, cyclic.into()] {
        let err = Guide::load(value, 1.0).err().expect("must throw");
        assert!(err.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&err, "kind").as_string().unwrap(), "invalid-scenario");
        let diags: Array = get(&err, "diagnostics").into();
        assert_eq!(diags.length(), 1);
        assert_eq!(
            get(&diags.get(0), "code").as_string().unwrap(),
            "wrong-type"
        );
        let message = get(&diags.get(0), "message").as_string().unwrap();
        assert!(
            message.contains("neither JSON text nor a plain object"),
            "{message}"
        );
    }
}

#[wasm_bindgen_test]
fn save_restore_undo_and_restart_round_trip() {
    let mut g = Guide::load(MINIMAL.into(), 5.0).unwrap();
    g.choose("call").unwrap();
    let token = g.save();
    let mut other = Guide::load(MINIMAL.into(), 9.0).unwrap();
    other.restore(&token).unwrap();
    assert_eq!(other.save(), token);
    let bad = other
        .restore("ag1.minimal.1.5.0.00000000")
        .err()
        .expect("tampered token refused");
    assert_eq!(get(&bad, "kind").as_string().unwrap(), "bad-token");
    assert_eq!(other.save(), token, "a refused token changes nothing");
    other.undo().unwrap();
    assert!(other.undo().is_err());
    other.choose("quiet").unwrap();
    other.restart(None);
    assert_eq!(get(&other.view("en"), "step").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn odds_sum_to_one_and_simulation_is_deterministic() {
    let g = Guide::load(MINIMAL.into(), 1.0).unwrap();
    let odds = get(&g.odds(None).unwrap(), "endings");
    let total: f64 = js_sys::Object::values(&odds.into())
        .iter()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
    let a = JSON::stringify(&g.simulate(1000, Some("hawk".into()), 3.0).unwrap()).unwrap();
    let b = JSON::stringify(&g.simulate(1000, Some("hawk".into()), 3.0).unwrap()).unwrap();
    assert_eq!(a, b);
    assert!(g.simulate(10, Some("nope".into()), 1.0).is_err());
    let w: Array = g.witnesses(10_000).into();
    assert_eq!(w.length(), 2);
}

#[wasm_bindgen_test]
fn check_reports_model_check_problems_that_a_fast_load_skips() {
    let errors = |src: &str| -> Vec<String> {
        let diags: Array = Guide::check(src).into();
        diags
            .iter()
            .filter(|d| get(d, "severity").as_string().as_deref() == Some("error"))
            .map(|d| get(&d, "code").as_string().unwrap())
            .collect()
    };
    // The fixtures' paragraphs are unmarked, so the standards lints add
    // warnings; the dead end's one error is the model check's.
    assert_eq!(
        errors(include_str!("fixtures/invalid/dead-end.json")),
        ["dead-end"]
    );
    assert!(errors(MINIMAL).is_empty());
}

#[wasm_bindgen_test]
fn flashpoints_switch_on_by_id_and_an_unknown_one_throws_a_named_error() {
    let mut g = Guide::load(SCENARIO.into(), 3.0).unwrap();
    g.set_flashpoints("new_intrusion").unwrap();
    let info = g.info("en");
    let fps: Array = get(&info, "flashpoints").into();
    assert_eq!(get(&fps.get(0), "on").as_bool(), Some(true));
    assert!(g.save().starts_with("ag4.us-china-2015."));
    let err = g.set_flashpoints("nope").err().expect("must throw");
    assert_eq!(get(&err, "kind").as_string().unwrap(), "unknown-flashpoint");
    g.set_flashpoints("").unwrap();
    assert!(g.save().starts_with("ag4.us-china-2015."));
}

#[wasm_bindgen_test]
fn the_script_lists_every_node_and_batches_add_up_to_one_simulation() {
    let g = Guide::load(SCENARIO.into(), 1.0).unwrap();
    let script = g.script("zh");
    let nodes: Array = get(&script, "nodes").into();
    let parsed = JSON::parse(SCENARIO).unwrap();
    let want: Array = get(&parsed, "nodes").into();
    assert_eq!(nodes.length(), want.length());
    let whole = g
        .simulate(3000, Some("dialogue-first".into()), 9.0)
        .unwrap();
    let a = g
        .simulate_batch(0.0, 1000, Some("dialogue-first".into()), 9.0)
        .unwrap();
    let b = g
        .simulate_batch(1000.0, 2000, Some("dialogue-first".into()), 9.0)
        .unwrap();
    let endings = get(&whole, "endings");
    for key in js_sys::Object::keys(&endings.clone().into()).iter() {
        let k = key.as_string().unwrap();
        let sum = get(&get(&a, "endings"), &k).as_f64().unwrap()
            + get(&get(&b, "endings"), &k).as_f64().unwrap();
        assert_eq!(sum, get(&endings, &k).as_f64().unwrap(), "{k}");
    }
}

#[wasm_bindgen_test]
fn reach_finds_a_run_to_a_card_that_a_restart_with_its_seed_replays() {
    let mut g = Guide::load(SCENARIO.into(), 0.0).unwrap();
    let route = g.reach("incident-resurface", 400);
    let seed = get(&route, "seed").as_f64().unwrap();
    let choices: Array = get(&route, "choices").into();
    assert!(choices.length() > 0);
    g.restart(Some(seed));
    for c in choices.iter() {
        g.choose(&c.as_string().unwrap()).unwrap();
    }
    assert_eq!(
        get(&get(&g.view("en"), "node"), "id").as_string().unwrap(),
        "incident-resurface"
    );
    let start: Array = get(&g.reach("opening", 10), "choices").into();
    assert_eq!(start.length(), 0, "the start is reached in no step");
    assert!(g.reach("no-such-card", 10).is_null());
}
