//! Helpers shared by the integration tests.
#![allow(dead_code)]

use agreement_guide::{Guide, Scenario};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Every valid scenario: the shipped guides and the valid fixtures, loaded
/// (and model-checked) once per test binary.
pub fn valid_scenarios() -> Vec<(PathBuf, Arc<Scenario>)> {
    static LOADED: OnceLock<Vec<(PathBuf, Arc<Scenario>)>> = OnceLock::new();
    LOADED.get_or_init(load_all).clone()
}

fn load_all() -> Vec<(PathBuf, Arc<Scenario>)> {
    let mut out = Vec::new();
    for dir in ["scenarios", "tests/fixtures/valid", "templates"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".json") || name == "schema.json" {
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap();
            let s = agreement_guide::load_scenario(&src)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            out.push((p, Arc::new(s)));
        }
    }
    assert!(
        out.len() >= 2,
        "expected the shipped guide and the fixtures"
    );
    out
}

/// Plays `guide` to an ending, picking with `pick(step, enabled choice ids)`.
/// Returns the ids chosen.
pub fn play(guide: &mut Guide, mut pick: impl FnMut(usize, &[String]) -> usize) -> Vec<String> {
    let mut taken = Vec::new();
    let mut step = 0;
    while !guide.is_finished() {
        let enabled: Vec<String> = guide
            .view("en")
            .choices
            .into_iter()
            .filter(|c| c.enabled)
            .map(|c| c.id)
            .collect();
        assert!(
            !enabled.is_empty(),
            "a reachable node offered no enabled choice"
        );
        let id = enabled[pick(step, &enabled) % enabled.len()].clone();
        guide.choose(&id).unwrap();
        taken.push(id);
        step += 1;
        assert!(step < 10_000, "no ending after 10,000 steps");
    }
    taken
}
