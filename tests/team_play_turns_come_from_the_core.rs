//! Classroom team play: which team chooses and which picks a response instead
//! of the dice is the core's rule (the widget only shows it): the sides are the
//! actors but `narrator` and `both`; the first side chooses; a random choice
//! whose outcomes all name another side is answered by that side's team.

use agreement_guide::Guide;

fn guide(file: &str) -> Guide {
    let src = std::fs::read_to_string(format!("scenarios/{file}.json")).unwrap();
    Guide::from_json(&src, 3).unwrap()
}

#[test]
fn the_sides_are_the_actors_but_the_narrator_and_both_in_the_scenarios_order() {
    assert_eq!(guide("us-china-2015").info("en").teams, ["us", "china"]);
    assert_eq!(
        guide("wto-disputes").info("en").teams,
        ["country-a", "country-b"]
    );
}

#[test]
fn a_narrated_card_is_read_together_and_the_first_side_chooses_elsewhere() {
    let mut g = guide("us-china-2015");
    assert_eq!(
        g.view("en").node.unwrap().turn,
        None,
        "the opening is the narrator's"
    );
    for id in ["read-on", "read-on", "start", "weigh-options"] {
        g.choose(id).unwrap();
    }
    let v = g.view("en");
    assert_eq!(v.node.as_ref().unwrap().id, "us-decide");
    assert_eq!(v.node.unwrap().turn.as_deref(), Some("us"));
}

#[test]
fn chinas_responses_are_the_china_teams_to_pick_and_the_other_choices_are_not() {
    let mut g = guide("us-china-2015");
    for id in ["read-on", "read-on", "start", "weigh-options"] {
        g.choose(id).unwrap();
    }
    let choices = g.view("en").choices;
    let complaint = choices.iter().find(|c| c.id == "file-complaint").unwrap();
    assert!(complaint.chance);
    assert_eq!(complaint.respondent.as_deref(), Some("china"));
    for c in &choices {
        let all_china = c.chance
            && c.outcomes
                .iter()
                .all(|o| o.actor.as_deref() == Some("china"));
        assert_eq!(
            c.respondent.is_some(),
            all_china,
            "{}: respondent {:?}",
            c.id,
            c.respondent
        );
    }
    // A choice that is not random never has a respondent.
    assert!(choices
        .iter()
        .filter(|c| !c.chance)
        .all(|c| c.respondent.is_none()));
}
