//! Flashpoints: teacher-switched twists. Off by default; switched on by id;
//! recorded in the share token; they change choices, routes and weights only
//! when on. Also the classroom exports built on them: the script (printable
//! handout), batched simulation and the map's dormant items.

use agreement_guide::run::config::{Flashpoints, RunConfig};
use agreement_guide::Guide;
use std::sync::Arc;

fn fixture() -> Guide {
    let src = std::fs::read_to_string("tests/fixtures/valid/flashpoints.json").unwrap();
    Guide::from_json(&src, 7).unwrap()
}

fn us_china() -> Guide {
    let src = std::fs::read_to_string("scenarios/us-china-2015.json").unwrap();
    Guide::from_json(&src, 7).unwrap()
}

fn choice_ids(g: &Guide) -> Vec<String> {
    g.view("en").choices.into_iter().map(|c| c.id).collect()
}

#[test]
fn a_flashpoint_choice_is_hidden_until_its_flashpoint_is_switched_on() {
    let mut g = fixture();
    assert!(g.flashpoints().is_empty());
    assert!(!choice_ids(&g).contains(&"publish-leak".to_string()));
    assert!(
        g.choose("publish-leak").is_err(),
        "a hidden choice cannot be taken"
    );
    assert!(g.info("en").flashpoints.iter().all(|f| !f.on));

    g.set_flashpoints(&["leak"]).unwrap();
    assert_eq!(g.flashpoints(), ["leak"]);
    assert!(choice_ids(&g).contains(&"publish-leak".to_string()));
    assert!(g
        .info("en")
        .flashpoints
        .iter()
        .any(|f| f.id == "leak" && f.on));
    g.choose("publish-leak").unwrap();
    assert_eq!(g.view("en").node.unwrap().id, "leak-fallout");
}

#[test]
fn a_flashpoint_changes_the_odds_only_when_it_is_on() {
    let mut g = fixture();
    let off = g.odds(None).unwrap();
    g.set_flashpoints(&["crisis"]).unwrap();
    let on = g.odds(None).unwrap();
    assert_ne!(off.endings, on.endings);
    // The crisis route sends every run that reaches month 12 to "bad".
    assert!((on.endings[1] - 1.0).abs() < 1e-12, "{:?}", on.endings);
    g.set_flashpoints(&[]).unwrap();
    assert_eq!(g.odds(None).unwrap().endings, off.endings);
}

#[test]
fn the_share_token_records_the_flashpoints_and_restores_them() {
    let mut g = fixture();
    g.set_flashpoints(&["leak", "crisis"]).unwrap();
    g.choose("publish-leak").unwrap();
    let token = g.save();
    assert!(token.starts_with("ag4.flashpoints."), "{token}");
    let mut fresh = fixture();
    fresh.restore(&token).unwrap();
    assert_eq!(fresh.flashpoints(), ["leak", "crisis"]);
    assert_eq!(fresh.view("en").node.unwrap().id, "leak-fallout");
    assert_eq!(fresh.save(), token);
    // A run without flashpoints writes 0 in their place.
    let plain = fixture();
    assert!(
        plain.save().starts_with("ag4.flashpoints.1.7..0."),
        "{}",
        plain.save()
    );
    // And restoring it switches them off again.
    fresh.restore(&plain.save()).unwrap();
    assert!(fresh.flashpoints().is_empty());
}

#[test]
fn switching_a_flashpoint_changes_the_run_not_the_shared_guide() {
    let mut g = fixture();
    let guide = Arc::clone(g.scenario_arc());
    g.set_flashpoints(&["leak"]).unwrap();
    assert!(
        Arc::ptr_eq(g.scenario_arc(), &guide),
        "the guide is shared, not cloned, when a twist is switched"
    );
    assert_eq!(g.config().flashpoints, Flashpoints(0b01));
    assert_eq!(g.config().seed, 7);
    let token = g.save();
    let mut other = fixture();
    let other_guide = Arc::clone(other.scenario_arc());
    other.restore(&token).unwrap();
    assert!(Arc::ptr_eq(other.scenario_arc(), &other_guide));
    assert_eq!(other.config(), g.config());
    // Another run of the same guide keeps its own switches.
    let plain = Guide::new(Arc::clone(&guide), 7);
    assert!(plain.flashpoints().is_empty());
    assert!(!choice_ids(&plain).contains(&"publish-leak".to_string()));
    // A run made from a configuration is the run those switches give.
    let configured = Guide::with_config(guide, RunConfig::new(7).with_flashpoints(Flashpoints(1)));
    assert_eq!(configured.save(), g.save());
    // Restarting, with the same or another seed, keeps the switches.
    g.restart_with_seed(8);
    assert_eq!(g.flashpoints(), ["leak"]);
}

#[test]
fn the_analyses_of_a_run_use_its_flashpoints() {
    let mut g = fixture();
    let off = (g.simulate(300, None, 1).unwrap(), g.paths().unwrap().states);
    let reach_off = g.reach("leak-fallout", 500);
    g.set_flashpoints(&["leak"]).unwrap();
    let on = (g.simulate(300, None, 1).unwrap(), g.paths().unwrap().states);
    assert_ne!(off.1, on.1, "more states are reachable with the leak on");
    assert_ne!(off.0.endings, on.0.endings);
    assert!(reach_off.is_none(), "behind a flashpoint that is off");
    let (seed, choices) = g.reach("leak-fallout", 500).expect("reachable when on");
    let mut replay = Guide::with_config(
        Arc::clone(g.scenario_arc()),
        RunConfig::new(seed).with_flashpoints(g.config().flashpoints),
    );
    for c in &choices {
        replay.choose(c).unwrap();
    }
    assert_eq!(replay.view("en").node.unwrap().id, "leak-fallout");
}

#[test]
fn an_unknown_flashpoint_is_named_with_the_known_ones_and_changes_nothing() {
    let mut g = fixture();
    g.choose("quiet").unwrap();
    let err = g.set_flashpoints(&["leek"]).unwrap_err();
    assert_eq!(err.kind(), agreement_guide::ErrorKind::UnknownFlashpoint);
    assert_eq!(
        err.to_string(),
        "no flashpoint \"leek\"; known: leak, crisis"
    );
    assert_eq!(g.steps().len(), 1, "the run is unchanged");
}

#[test]
fn a_token_with_a_flashpoint_the_guide_lacks_is_refused() {
    use agreement_guide::facade::save::{encode, Token};
    let token = encode(&Token {
        scenario: "flashpoints".into(),
        version: 1,
        seed: 7,
        path: vec![],
        flashpoints: 1 << 5,
        guide: Some(fixture().play_hash()),
    });
    let mut g = fixture();
    let err = g.restore(&token).unwrap_err();
    assert_eq!(
        err.to_string(),
        "this link switches on a twist (flashpoint) that \"flashpoints\" does not have"
    );
}

#[test]
fn the_us_china_intrusion_appears_only_when_switched_on() {
    let reaches = |on: bool| {
        let mut g = us_china();
        if on {
            g.set_flashpoints(&["new_intrusion"]).unwrap();
        }
        for id in [
            "read-on",
            "read-on",
            "start",
            "weigh-options",
            "raise-at-dialogue",
        ] {
            g.choose(id).unwrap();
        }
        g.view("en").node.unwrap().id
    };
    assert_eq!(reaches(false), "dialogue-session");
    assert_eq!(reaches(true), "flashpoint-intrusion");
}

#[test]
fn the_map_leaves_out_what_only_an_off_flashpoint_reaches() {
    let mut g = fixture();
    let off = g.map();
    let item = |m: &agreement_guide::analysis::map::MechanismMap| {
        m.items
            .iter()
            .find(|i| i.id == "leak-fallout")
            .unwrap()
            .dormant
    };
    assert!(item(&off));
    assert!(off
        .items
        .iter()
        .filter(|i| i.id != "leak-fallout")
        .all(|i| !i.dormant));
    g.set_flashpoints(&["leak"]).unwrap();
    assert!(!item(&g.map()));
}

#[test]
fn the_map_leaves_out_a_card_a_flashpoint_route_reaches_while_it_is_off() {
    let mut g = us_china();
    let dormant = |g: &Guide| {
        g.map()
            .items
            .iter()
            .find(|i| i.id == "flashpoint-intrusion")
            .unwrap()
            .dormant
    };
    assert!(dormant(&g));
    assert!(g
        .map()
        .items
        .iter()
        .filter(|i| i.id != "flashpoint-intrusion")
        .all(|i| !i.dormant));
    g.set_flashpoints(&["new_intrusion"]).unwrap();
    assert!(!dormant(&g));
}

#[test]
fn the_script_lists_every_card_and_ending_once_in_reading_order() {
    for path in [
        "scenarios/us-china-2015.json",
        "scenarios/wto-disputes.json",
        "tests/fixtures/valid/flashpoints.json",
    ] {
        let src = std::fs::read_to_string(path).unwrap();
        let g = Guide::from_json(&src, 1).unwrap();
        let script = g.script("en");
        let s = g.scenario();
        let mut ids: Vec<&str> = script.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids[0], s.nodes[s.meta.start].id,
            "{path}: the start comes first"
        );
        ids.sort();
        let mut want: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        want.sort();
        assert_eq!(ids, want, "{path}");
        assert_eq!(script.endings.len(), s.endings.len());
        let choices: usize = script.nodes.iter().map(|n| n.choices.len()).sum();
        assert_eq!(
            choices,
            s.nodes.iter().map(|n| n.choices.len()).sum::<usize>(),
            "{path}: every choice, flashpoint ones too"
        );
    }
    let g = fixture();
    let script = g.script("en");
    let leak = script
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .find(|c| c.id == "publish-leak")
        .unwrap();
    assert_eq!(leak.flashpoint.as_deref(), Some("leak"));
    assert_eq!(leak.next, ["leak-fallout"]);
}

#[test]
fn a_simulation_in_batches_of_any_size_equals_one_run() {
    let g = us_china();
    let whole = g.simulate(1_000, Some("tit-for-tat"), 42).unwrap();
    for batch in [1u64, 7, 250, 1_000] {
        let mut endings = vec![0u64; whole.endings.len()];
        let mut first = 0;
        while first < 1_000 {
            let n = batch.min(1_000 - first);
            let part = g.simulate_batch(first, n, Some("tit-for-tat"), 42).unwrap();
            for (a, b) in endings.iter_mut().zip(&part.endings) {
                *a += b;
            }
            first += n;
        }
        assert_eq!(endings, whole.endings, "batch size {batch}");
    }
}

#[test]
fn a_class_tally_counts_runs_with_flashpoints() {
    let mut g = fixture();
    g.set_flashpoints(&["leak"]).unwrap();
    g.choose("publish-leak").unwrap();
    let t = agreement_guide::facade::tally::tally(
        &Arc::new(fixture().scenario().clone()),
        [g.save().as_str()],
    );
    assert_eq!(t.runs, 1, "{:?}", t.rejected);
    assert!(t.choices.iter().any(|c| c.choice == "publish-leak"));
}
