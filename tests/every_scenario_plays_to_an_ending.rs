//! Every shipped scenario and valid fixture plays to an ending — plainly and
//! through save → restore at every step — and the two runs agree exactly.

mod common;
use agreement_guide::Guide;
use std::sync::Arc;

#[test]
fn every_scenario_plays_to_an_ending_plainly_and_through_save_and_restore() {
    for (path, scenario) in common::valid_scenarios() {
        for seed in 0..20u64 {
            let mut plain = Guide::new(Arc::clone(&scenario), seed);
            let picks = common::play(&mut plain, |step, n| {
                (seed as usize * 7 + step * 3) % n.len()
            });

            // Same run, saved and restored into a fresh guide before every step.
            let mut restored = Guide::new(Arc::clone(&scenario), 999);
            restored
                .restore(&Guide::new(Arc::clone(&scenario), seed).save())
                .unwrap();
            for id in &picks {
                let token = restored.save();
                let mut fresh = Guide::new(Arc::clone(&scenario), 12345);
                fresh
                    .restore(&token)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                fresh.choose(id).unwrap();
                restored = fresh;
            }
            assert_eq!(
                restored.position(),
                plain.position(),
                "{} seed {seed}",
                path.display()
            );
            assert_eq!(
                restored.values(),
                plain.values(),
                "{} seed {seed}",
                path.display()
            );
            assert_eq!(restored.save(), plain.save());
            let (a, b) = (
                serde_json::to_value(plain.view("en")).unwrap(),
                serde_json::to_value(restored.view("en")).unwrap(),
            );
            assert_eq!(a, b, "{} seed {seed}: views differ", path.display());
            assert!(plain.view("en").ending.is_some());
        }
    }
}

#[test]
fn every_ending_of_every_scenario_is_reached_by_some_witness_run() {
    for (path, scenario) in common::valid_scenarios() {
        let w = agreement_guide::witnesses(&scenario, 100_000);
        for (e, w) in scenario.endings.iter().zip(&w) {
            let w = w
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no run reaches ending {}", path.display(), e.id));
            let mut g = Guide::new(Arc::clone(&scenario), w.seed);
            for c in &w.choices {
                g.choose(c).unwrap();
            }
            assert_eq!(g.view("en").ending.unwrap().id, e.id, "{}", path.display());
        }
    }
}

#[test]
fn exact_odds_sum_to_one_and_agree_with_monte_carlo() {
    for (path, scenario) in common::valid_scenarios() {
        let g = Guide::new(Arc::clone(&scenario), 0);
        let mut strategies: Vec<String> = vec!["uniform".into()];
        strategies.extend(scenario.strategies.iter().map(|s| s.id.clone()));
        for s in &strategies {
            let odds = g.odds(Some(s)).unwrap();
            let total: f64 = odds.endings.iter().sum::<f64>() + odds.unfinished;
            assert!(
                (total - 1.0).abs() < 1e-9,
                "{} {s}: odds sum to {total}",
                path.display()
            );
            let runs = 20_000;
            let sim = g.simulate(runs, Some(s), 42).unwrap();
            for (i, e) in scenario.endings.iter().enumerate() {
                let observed = sim.endings[i] as f64 / runs as f64;
                // Four standard errors, plus a little: a real disagreement is far larger.
                let se = (odds.endings[i] * (1.0 - odds.endings[i]) / runs as f64).sqrt();
                assert!(
                    (observed - odds.endings[i]).abs() <= 4.0 * se + 0.002,
                    "{} {s} {}: simulated {observed}, exact {}",
                    path.display(),
                    e.id,
                    odds.endings[i]
                );
            }
        }
    }
}

#[test]
fn simulations_are_deterministic_by_seed() {
    for (_, scenario) in common::valid_scenarios() {
        let g = Guide::new(Arc::clone(&scenario), 0);
        assert_eq!(
            g.simulate(500, None, 7).unwrap(),
            g.simulate(500, None, 7).unwrap()
        );
    }
}

#[test]
fn every_card_a_random_run_reaches_is_arrived_at_by_replaying_that_run() {
    use agreement_guide::analysis::montecarlo::reach;
    use agreement_guide::run::state::Position;
    for (path, scenario) in common::valid_scenarios() {
        let targets = (0..scenario.nodes.len())
            .map(Position::Node)
            .chain((0..scenario.endings.len()).map(Position::Ending));
        let mut reached = 0;
        for target in targets {
            let Some((seed, choices)) = reach(&scenario, target, 2_000) else {
                continue;
            };
            let mut g = Guide::new(Arc::clone(&scenario), seed);
            for c in &choices {
                g.choose(c)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            assert_eq!(
                g.position(),
                target,
                "{}: the run {choices:?} with seed {seed}",
                path.display()
            );
            reached += 1;
        }
        // Every ending some random run reaches is found too (the preview can show any of them).
        let endings = agreement_guide::witnesses(&scenario, 2_000)
            .iter()
            .filter(|w| w.is_some())
            .count();
        assert!(
            reached > endings,
            "{}: {reached} cards and endings reached",
            path.display()
        );
        let start = Position::Node(scenario.meta.start);
        assert_eq!(
            reach(&scenario, start, 10),
            Some((0, Vec::new())),
            "{}: the start is reached by no step",
            path.display()
        );
    }
}
