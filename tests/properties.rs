//! Property tests: random playthroughs finish, save → restore continues
//! identically, and loading never panics on mutated or random input.

mod common;
use agreement_guide::Guide;
use proptest::prelude::*;
use std::sync::Arc;

fn picks() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(any::<usize>(), 0..200)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_playthroughs_reach_an_ending_within_a_bound(seed in any::<u64>(), choices in picks()) {
        for (path, scenario) in common::valid_scenarios() {
            let mut g = Guide::new(Arc::clone(&scenario), seed);
            let mut steps = 0usize;
            while !g.is_finished() {
                let v = g.view("en");
                let enabled: Vec<_> = v.choices.iter().filter(|c| c.enabled).collect();
                prop_assert!(!enabled.is_empty(), "{}: stuck at {:?}", path.display(), v.node.map(|n| n.id));
                let pick = choices.get(steps).copied().unwrap_or(steps);
                g.choose(&enabled[pick % enabled.len()].id).unwrap();
                steps += 1;
                prop_assert!(steps <= 500, "{}: no ending within 500 steps", path.display());
            }
        }
    }

    #[test]
    fn restore_of_save_continues_identically(seed in any::<u64>(), choices in picks(), cut in 0usize..60) {
        for (_, scenario) in common::valid_scenarios() {
            let mut a = Guide::new(Arc::clone(&scenario), seed);
            let mut i = 0;
            let mut b: Option<Guide> = None;
            while !a.is_finished() {
                if i == cut {
                    let mut fresh = Guide::new(Arc::clone(&scenario), 0);
                    fresh.restore(&a.save()).unwrap();
                    b = Some(fresh);
                }
                let v = a.view("en");
                let enabled: Vec<_> = v.choices.iter().filter(|c| c.enabled).collect();
                let id = enabled[choices.get(i).copied().unwrap_or(0) % enabled.len()].id.clone();
                a.choose(&id).unwrap();
                if let Some(b) = b.as_mut() {
                    b.choose(&id).unwrap();
                    prop_assert_eq!(b.values(), a.values());
                    prop_assert_eq!(b.position(), a.position());
                }
                i += 1;
            }
        }
    }

    #[test]
    fn random_tokens_never_panic_and_never_change_a_run(token in ".{0,80}", bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let (_, scenario) = common::valid_scenarios().remove(0);
        let mut g = Guide::new(scenario, 3);
        let before = g.save();
        let _ = g.restore(&token);
        let _ = g.restore(&String::from_utf8_lossy(&bytes));
        let mut altered = before.clone().into_bytes();
        if !altered.is_empty() {
            let i = bytes.first().copied().unwrap_or(0) as usize % altered.len();
            altered[i] ^= 1 << (bytes.get(1).copied().unwrap_or(0) % 7);
            let altered = String::from_utf8_lossy(&altered).to_string();
            if altered != before {
                prop_assert!(g.restore(&altered).is_err(), "{altered} was accepted");
            }
        }
        prop_assert_eq!(g.save(), before);
    }

    #[test]
    fn validation_never_panics_on_mutated_scenarios(cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..6)) {
        let src = std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap();
        let mut bytes = src.into_bytes();
        for (at, b, how) in cuts {
            let i = at.index(bytes.len().max(1)).min(bytes.len().saturating_sub(1));
            match how {
                0 => bytes[i] = b,
                1 => { bytes.remove(i); }
                2 => bytes.insert(i, b),
                _ => { let j = (i + (b as usize)).min(bytes.len()); bytes.drain(i..j); }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = agreement_guide::load_scenario(&text) {
            prop_assert!(!e.diagnostics().is_empty());
        }
    }

    #[test]
    fn validation_never_panics_on_structurally_mutated_scenarios(edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..6), 1..4)) {
        let src = std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&src).unwrap();
        for (at, how) in edits {
            let mut slots = Vec::new();
            collect_paths(&value, String::new(), &mut slots);
            let path = &slots[at.index(slots.len())];
            if let Some(v) = value.pointer_mut(path) {
                *v = match how {
                    0 => serde_json::Value::Null,
                    1 => serde_json::json!("monhts"),
                    2 => serde_json::json!(-1),
                    3 => serde_json::json!([]),
                    4 => serde_json::json!({}),
                    _ => serde_json::json!("trust >= && ("),
                };
            }
        }
        let _ = agreement_guide::load_scenario(&value.to_string());
    }
}

fn collect_paths(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| collect_paths(v, format!("{at}/{k}"), out)),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_paths(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}
