//! Any text as a share token for a run of the shipped US–China guide (part
//! way through): a clear refusal with the run unchanged, or a valid restore.
#![no_main]
use agreement_guide::Guide;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fn guide() -> &'static Guide {
    static G: OnceLock<Guide> = OnceLock::new();
    G.get_or_init(|| {
        let json = include_str!("../../scenarios/us-china-2015.json");
        let s = Arc::new(agreement_guide::load_scenario(json).expect("the shipped guide loads"));
        let mut g = Guide::new(s, 2015);
        for _ in 0..3 {
            let id = g
                .view("en")
                .choices
                .into_iter()
                .find(|c| c.enabled)
                .map(|c| c.id);
            if let Some(id) = id {
                g.choose(&id).unwrap();
            }
        }
        g
    })
}

fuzz_target!(|data: &[u8]| {
    let mut g = guide().clone();
    hostile::token(&mut g, &hostile::text_of(data));
});
