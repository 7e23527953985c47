//! Hand-in codes (share tokens) tallied for a teacher: endings and choices
//! counted exactly; a corrupted or foreign code is named and skipped.

use agreement_guide::facade::tally::tally;
use agreement_guide::Guide;
use std::sync::Arc;

fn minimal() -> Arc<agreement_guide::Scenario> {
    Arc::new(
        agreement_guide::load_scenario(
            &std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap(),
        )
        .unwrap(),
    )
}

fn run(s: &Arc<agreement_guide::Scenario>, seed: u64, choices: &[&str]) -> String {
    let mut g = Guide::new(Arc::clone(s), seed);
    for c in choices {
        g.choose(c).unwrap();
    }
    g.save()
}

#[test]
fn endings_and_choices_are_counted_exactly_and_bad_codes_are_named() {
    let s = minimal();
    let good = run(&s, 1, &["quiet", "go-on", "quiet", "go-on"]);
    let unfinished = run(&s, 2, &["quiet", "go-on"]);
    let mut corrupted = good.clone();
    corrupted.replace_range(corrupted.len() - 2.., "zz");
    let foreign = good.replace("ag4.minimal.", "ag4.other.");
    let codes = format!("{good}\n\n{unfinished}\n{corrupted}\n{good}\n{foreign}\n");
    let t = tally(&s, codes.lines());
    assert_eq!(t.runs, 3);
    assert_eq!(t.finished, 2);
    assert_eq!(t.endings, [("good".to_string(), 2), ("bad".to_string(), 0)]);
    let counts: Vec<(String, String, u32)> = t
        .choices
        .iter()
        .map(|c| (c.node.clone(), c.choice.clone(), c.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("complaint".into(), "quiet".into(), 5),
            ("months".into(), "go-on".into(), 5)
        ]
    );
    let rejected: Vec<(usize, &str)> = t
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0].0, 4);
    assert!(rejected[0].1.contains("checksum"), "{rejected:?}");
    assert_eq!(rejected[1].0, 6);
}

#[test]
fn an_empty_hand_in_is_an_empty_tally() {
    let t = tally(&minimal(), ["", "  "]);
    assert_eq!(
        (t.runs, t.finished, t.rejected.len(), t.choices.len()),
        (0, 0, 0, 0)
    );
}
