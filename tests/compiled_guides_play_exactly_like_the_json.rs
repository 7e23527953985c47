//! One core, one behaviour: for every shipped guide and valid fixture, the
//! reader runtime's path (a compiled file → `Guide::from_packed`) and the
//! full engine's (the JSON, checked) show identical views, infos and share
//! tokens at every step — on a witness run to every ending and on seeded
//! random runs, in every language, with flashpoints off and on — and tokens
//! cross between the two.

mod common;
use agreement_guide::model::pack;
use agreement_guide::{Guide, Scenario};
use std::sync::Arc;

fn json_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// Plays `picks` (choice ids) in both, comparing everything at every step.
fn lockstep(
    name: &str,
    scenario: &Arc<Scenario>,
    file: &[u8],
    lang: &str,
    seed: u64,
    flashpoints: &[&str],
    picks: &[String],
) {
    let mut full = Guide::new(Arc::clone(scenario), seed);
    let mut reader =
        Guide::from_packed(file, seed).unwrap_or_else(|e| panic!("{name} ({lang}): {e}"));
    full.set_flashpoints(flashpoints).unwrap();
    reader.set_flashpoints(flashpoints).unwrap();
    assert_eq!(
        json_of(&reader.info(lang)),
        json_of(&full.info(lang)),
        "{name} ({lang}): info"
    );
    for (step, id) in picks.iter().enumerate() {
        assert_eq!(
            json_of(&reader.view(lang)),
            json_of(&full.view(lang)),
            "{name} ({lang}) seed {seed} step {step}: view"
        );
        full.choose(id).unwrap();
        reader.choose(id).unwrap();
    }
    assert_eq!(
        json_of(&reader.view(lang)),
        json_of(&full.view(lang)),
        "{name} ({lang}) seed {seed}: last view"
    );
    assert_eq!(reader.save(), full.save());
    // A link made by one restores in the other.
    let mut other = Guide::from_packed(file, seed ^ 77).unwrap();
    other
        .restore(&full.save())
        .unwrap_or_else(|e| panic!("{name}: the full engine's token in the reader: {e}"));
    assert_eq!(json_of(&other.view(lang)), json_of(&full.view(lang)));
    if !picks.is_empty() {
        full.undo().unwrap();
        reader.undo().unwrap();
        assert_eq!(
            json_of(&reader.view(lang)),
            json_of(&full.view(lang)),
            "{name}: after undo"
        );
    }
}

/// Random picks among the enabled choices, driven by the full engine.
fn random_run(scenario: &Arc<Scenario>, seed: u64, flashpoints: &[&str]) -> Vec<String> {
    let mut g = Guide::new(Arc::clone(scenario), seed);
    g.set_flashpoints(flashpoints).unwrap();
    common::play(&mut g, |step, n| (seed as usize * 31 + step * 7) % n.len())
}

#[test]
fn the_compiled_file_plays_every_witness_and_random_run_exactly_like_the_json() {
    for (path, scenario) in common::valid_scenarios() {
        let name = path.display().to_string();
        let files = pack::pack(&scenario);
        let all: Vec<&str> = scenario.flashpoints.iter().map(|f| f.id.as_str()).collect();
        let witnesses = agreement_guide::witnesses(&scenario, 100_000);
        for f in &files {
            for w in witnesses.iter().flatten() {
                lockstep(
                    &name,
                    &scenario,
                    &f.bytes,
                    &f.language,
                    w.seed,
                    &[],
                    &w.choices,
                );
            }
            for seed in 0..6u64 {
                let fp: &[&str] = if seed % 2 == 1 { &all } else { &[] };
                lockstep(
                    &name,
                    &scenario,
                    &f.bytes,
                    &f.language,
                    seed,
                    fp,
                    &random_run(&scenario, seed, fp),
                );
            }
        }
    }
}

#[test]
fn another_language_is_added_mid_run_and_shows_what_the_json_shows() {
    for (path, scenario) in common::valid_scenarios() {
        let files = pack::pack(&scenario);
        let picks = random_run(&scenario, 3, &[]);
        let mut full = Guide::new(Arc::clone(&scenario), 3);
        let mut reader = Guide::from_packed(&files[0].bytes, 3).unwrap();
        for id in picks.iter().take(2) {
            full.choose(id).unwrap();
            reader.choose(id).unwrap();
        }
        for f in &files[1..] {
            let token = reader.save();
            reader.add_language(&f.bytes).unwrap();
            assert_eq!(
                reader.save(),
                token,
                "{}: adding a language keeps the run",
                path.display()
            );
            for lang in [&files[0].language, &f.language] {
                assert_eq!(
                    json_of(&reader.view(lang)),
                    json_of(&full.view(lang)),
                    "{} {lang}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_file_of_another_guide_is_not_added_as_a_language() {
    let all = common::valid_scenarios();
    let a = pack::pack(&all[0].1);
    let b = pack::pack(&all[1].1);
    let mut g = Guide::from_packed(&a[0].bytes, 1).unwrap();
    let before = json_of(&g.view("en"));
    let e = g.add_language(&b[0].bytes).unwrap_err().to_string();
    assert!(e.contains("another guide"), "{e}");
    assert_eq!(json_of(&g.view("en")), before);
}

#[test]
fn a_token_from_before_the_guide_changed_is_refused_with_a_notice() {
    let json = std::fs::read_to_string("scenarios/us-china-2015.json").unwrap();
    let mut g = Guide::from_json(&json, 5).unwrap();
    let first = g
        .view("en")
        .choices
        .into_iter()
        .find(|c| c.enabled)
        .unwrap()
        .id;
    g.choose(&first).unwrap();
    let token = g.save();
    assert!(token.starts_with("ag4.us-china-2015."), "{token}");

    // Only words changed: the same run still replays.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut reworded = v.clone();
    reworded["nodes"][0]["heading"]["en"] = "Now: four promises".into();
    let mut r = Guide::from_json(&reworded.to_string(), 1).unwrap();
    r.restore(&token).unwrap();
    assert_eq!(r.values(), g.values());

    // A weight or an effect changed, version not bumped: the link is refused.
    let mut changed = v.clone();
    let node = changed["nodes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|n| n["choices"].as_array().is_some_and(|c| !c.is_empty()))
        .unwrap();
    node["choices"][0]["effects"] = serde_json::json!({ "add": { "month": 1 } });
    let mut c = Guide::from_json(&changed.to_string(), 1).unwrap();
    let before = c.save();
    let e = c.restore(&token).unwrap_err().to_string();
    assert!(e.contains("was changed"), "{e}");
    assert_eq!(c.save(), before, "the run is unchanged");

    // The compiled file of the same guide carries the same hash.
    let files = pack::pack(&agreement_guide::load_scenario(&json).unwrap());
    assert_eq!(
        Guide::from_packed(&files[0].bytes, 1).unwrap().play_hash(),
        g.play_hash()
    );
}

#[test]
fn a_language_is_added_after_a_restart_or_a_restore_but_not_to_a_guide_from_json() {
    let all = common::valid_scenarios();
    let (_, s) = all
        .iter()
        .find(|(_, s)| s.meta.languages.len() > 1)
        .expect("a shipped guide has two languages");
    let files = pack::pack(s);
    let second = &s.meta.languages[1];
    // The file's core hash is kept from load, through a restart and a restore.
    let mut g = Guide::from_packed(&files[0].bytes, 2).unwrap();
    g.choose(&g.view("en").choices[0].id.clone()).unwrap();
    let token = g.save();
    g.restart_with_seed(9);
    g.restore(&token).unwrap();
    g.add_language(&files[1].bytes).unwrap();
    let full = Guide::new(Arc::clone(s), 2);
    let mut again = full.clone();
    again.restore(&token).unwrap();
    assert_eq!(json_of(&g.view(second)), json_of(&again.view(second)));
    // A guide loaded from its JSON has every language; a file is refused, plainly.
    let mut from_json = full.clone();
    let e = from_json.add_language(&files[1].bytes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "compiled guide: this guide was loaded from its JSON, which has every language already"
    );
}
