//! The reader's run: choosing, undo, restart, views, and share tokens that
//! refuse what does not fit with a message that says why.

use agreement_guide::{ErrorKind, Guide};

fn minimal(seed: u64) -> Guide {
    Guide::from_json(
        &std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap(),
        seed,
    )
    .unwrap()
}

#[test]
fn the_first_view_shows_the_start_card_meters_and_progress() {
    let g = minimal(1);
    let v = g.view("en");
    assert_eq!(v.node.as_ref().unwrap().id, "complaint");
    assert_eq!(v.choices.len(), 3);
    assert!(!v.choices[1].enabled);
    assert_eq!(
        agreement_guide::model::text::plain_text(v.choices[1].reason.as_ref().unwrap()),
        "Only after a stall."
    );
    assert!(v.choices[0].chance && !v.choices[2].chance);
    assert_eq!(v.progress.as_ref().unwrap().label, "Month 0 of 12");
    assert_eq!(v.meters.iter().map(|m| m.delta).sum::<f64>(), 0.0);
    assert!(!v.can_undo);
    assert!(v.outcome.is_none() && v.ending.is_none());
}

#[test]
fn the_view_speaks_the_requested_language_and_falls_back() {
    let g = minimal(1);
    let zh = g.view("zh");
    assert_eq!(
        agreement_guide::model::text::plain_text(&zh.node.unwrap().heading),
        "投诉"
    );
    assert_eq!(zh.progress.unwrap().label, "第 0 个月，共 12 个月");
    // The body has no Chinese string: the default language fills in.
    assert_eq!(
        agreement_guide::model::text::plain_text(&g.view("zh").node.unwrap().body),
        "Something was stolen."
    );
    assert_eq!(g.info("fr").language, "en");
}

#[test]
fn a_random_outcome_reports_its_probability_and_meters_their_change() {
    let mut g = minimal(3);
    g.choose("call").unwrap();
    let v = g.view("en");
    let o = v.outcome.unwrap();
    assert_eq!(o.probability, 0.5);
    assert_eq!(o.factors, vec!["Trust".to_string()]);
    let month = v.meters.iter().find(|m| m.id == "month").unwrap();
    assert_eq!((month.value, month.delta), (6.0, 6.0));
    assert_eq!(v.history.len(), 1);
    assert_eq!(v.history[0].choice, "call");
    assert_eq!(v.history[0].probability, Some(0.5));
}

#[test]
fn unavailable_and_unknown_choices_are_refused_without_changing_the_run() {
    let mut g = minimal(1);
    let before = g.save();
    assert_eq!(
        g.choose("sanction").unwrap_err().kind(),
        ErrorKind::ChoiceUnavailable
    );
    assert_eq!(
        g.choose("nope").unwrap_err().to_string(),
        "no choice \"nope\" here"
    );
    assert_eq!(g.save(), before);
}

#[test]
fn undo_and_restart_replay_exactly() {
    let mut g = minimal(5);
    g.choose("call").unwrap();
    let after_one = g.save();
    g.choose("go-on").unwrap();
    g.undo().unwrap();
    assert_eq!(g.save(), after_one);
    g.undo().unwrap();
    assert_eq!(g.undo().unwrap_err().kind(), ErrorKind::NothingToUndo);
    g.choose("quiet").unwrap();
    g.restart();
    assert_eq!(g.steps().len(), 0);
    assert_eq!(g.seed(), 5);
}

#[test]
fn a_finished_guide_refuses_more_choices() {
    let mut g = minimal(5);
    for c in ["quiet", "go-on", "quiet", "go-on"] {
        g.choose(c).unwrap();
    }
    assert!(g.is_finished());
    assert_eq!(g.choose("quiet").unwrap_err().kind(), ErrorKind::Finished);
    assert_eq!(g.view("en").ending.unwrap().id, "good");
}

#[test]
fn share_tokens_for_other_scenarios_versions_or_altered_links_are_refused_by_name() {
    let mut g = minimal(5);
    g.choose("quiet").unwrap();
    let token = g.save();
    let mut other = minimal(1);
    let before = other.save();

    let wrong_version = token.replacen("ag4.minimal.1.", "ag4.minimal.2.", 1);
    let e = other.restore(&wrong_version).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadToken);
    assert!(e.to_string().contains("checksum"), "{e}");

    let body = "ag1.minimal.2.5.2";
    let resigned = format!("{body}.{:08x}", fnv(body));
    let e = other.restore(&resigned).unwrap_err().to_string();
    assert_eq!(
        e,
        "this link was made with version 2 of \"minimal\"; this is version 1"
    );

    let body = "ag1.other-guide.1.5.2";
    let e = other
        .restore(&format!("{body}.{:08x}", fnv(body)))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "this link is for the guide \"other-guide\", not \"minimal\""
    );

    let body = "ag1.minimal.1.5.1";
    let e = other
        .restore(&format!("{body}.{:08x}", fnv(body)))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("step 1 of this link does not fit this guide"),
        "{e}"
    );

    assert!(other.restore(&token[..token.len() - 3]).is_err());
    assert!(other.restore("hello").is_err());
    assert_eq!(
        other.save(),
        before,
        "a refused token leaves the run as it was"
    );
    other.restore(&token).unwrap();
    assert_eq!(other.save(), token);
}

fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

#[test]
fn unknown_strategies_are_named_with_the_known_ones() {
    let g = minimal(1);
    let e = g.odds(Some("dove")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no strategy \"dove\"; known: uniform, hawk, tit-for-tat"
    );
}

#[test]
fn odds_from_an_ending_are_certain() {
    let mut g = minimal(5);
    for c in ["quiet", "go-on", "quiet", "go-on"] {
        g.choose(c).unwrap();
    }
    assert_eq!(g.odds(None).unwrap().endings, vec![1.0, 0.0]);
}

#[test]
fn paths_are_counted_exactly() {
    let stats = minimal(0).paths().unwrap();
    // Round one: help / stall / quiet; after a stall, round two offers call (2 outcomes), sanction, quiet.
    // help → 3 (trust 60: call→help/stall, quiet); stall → 4 (help, stall, sanction, quiet); quiet → 3.
    assert_eq!(stats.count, Some(10));
    assert_eq!(stats.shortest, Some(4));
    assert_eq!(stats.longest, Some(4));
}

#[test]
fn a_scenario_declares_its_own_actors_with_labels() {
    let src = std::fs::read_to_string("tests/fixtures/valid/minimal.json").unwrap().replace(
        r#""start": "complaint","#,
        r#""start": "complaint", "actors": { "us": { "en": "Complainant", "zh": "申诉方" }, "respondent": "Respondent" },"#,
    ).replace(r#""actor": "china""#, r#""actor": "respondent""#);
    let g = Guide::from_json(&src, 1).unwrap();
    let actors: Vec<(String, Option<String>)> = g
        .info("zh")
        .actors
        .into_iter()
        .map(|a| (a.id, a.label))
        .collect();
    assert_eq!(
        actors,
        [
            ("narrator".into(), None),
            ("us".into(), Some("申诉方".into())),
            ("respondent".into(), Some("Respondent".into()))
        ]
    );
    let broken = src.replace(r#""actor": "respondent""#, r#""actor": "respondnet""#);
    let e = Guide::from_json(&broken, 1).unwrap_err().to_string();
    assert!(e.contains("actor \"respondnet\" must be narrator, us or respondent — did you mean \"respondent\"?"), "{e}");
}

#[test]
fn a_team_can_decide_the_other_sides_response_and_the_link_keeps_it() {
    let mut g = minimal(5);
    let v = g.view("en");
    let call = &v.choices[0];
    let odds: Vec<(String, f64)> = call
        .outcomes
        .iter()
        .map(|o| (o.id.clone(), o.probability))
        .collect();
    assert_eq!(
        odds,
        [("help".to_string(), 0.5), ("stall".to_string(), 0.5)]
    );
    assert!(v.choices[2].outcomes.is_empty());

    g.choose_outcome("call", "stall").unwrap();
    let v = g.view("en");
    let o = v.outcome.unwrap();
    assert_eq!((o.id.as_str(), o.probability), ("stall", 0.5));
    assert!(v.history[0].decided);
    let token = g.save();
    assert!(token.starts_with("ag4.minimal.1.5.0_1"), "{token}");

    let mut other = minimal(1);
    other.restore(&token).unwrap();
    assert_eq!(other.save(), token);
    assert_eq!(other.values(), g.values());
    g.choose("go-on").unwrap();
    g.undo().unwrap();
    assert_eq!(g.save(), token, "undo keeps a decided outcome");

    let mut h = minimal(5);
    assert!(
        h.choose_outcome("quiet", "help").is_err(),
        "not a random choice"
    );
    assert!(h.choose_outcome("call", "nope").is_err());
    assert_eq!(h.steps().len(), 0);
}

#[test]
fn an_impossible_decided_outcome_is_refused_without_changing_the_run() {
    let src = std::fs::read_to_string("tests/fixtures/valid/minimal.json")
        .unwrap()
        .replace(
            r#""weight": "trust / 100""#,
            r#""weight": "trust / 200 - 0.25""#,
        );
    let mut g = Guide::from_json(&src, 1).unwrap();
    let before = g.save();
    let e = g.choose_outcome("call", "help").unwrap_err();
    assert_eq!(
        e.to_string(),
        "choice \"call\" is not available: that response is not possible in this state"
    );
    assert_eq!(g.save(), before);
    assert_eq!(g.values(), &[50.0, 0.0, 0.0]);
}
