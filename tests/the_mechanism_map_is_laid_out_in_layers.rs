//! The mechanism map: every card and ending placed once, in layers from the
//! start, forward links pointing down, loops marked, and the same layout on
//! every run.

mod common;
use agreement_guide::analysis::map::{crossings, layout};

#[test]
fn every_item_is_placed_once_with_the_start_on_top() {
    for (path, s) in common::valid_scenarios() {
        let m = layout(&s);
        assert_eq!(
            m.items.len(),
            s.nodes.len() + s.endings.len(),
            "{}",
            path.display()
        );
        assert_eq!(m.items[s.meta.start].layer, 0);
        // Dormant items (behind a flashpoint that is off) sit in a row of their own below.
        assert!(
            m.items.iter().all(|i| i.dormant == (i.layer == m.layers)),
            "{}",
            path.display()
        );
        for layer in 0..=m.layers {
            let mut xs: Vec<f64> = m
                .items
                .iter()
                .filter(|i| i.layer == layer)
                .map(|i| i.x)
                .collect();
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            assert_eq!(
                xs.len(),
                m.items.iter().filter(|i| i.layer == layer).count(),
                "{}: overlap in layer {layer}",
                path.display()
            );
        }
        for l in &m.links {
            let (a, b) = (&m.items[l.from], &m.items[l.to]);
            assert_eq!(
                l.back,
                b.kind == "node" && b.layer <= a.layer,
                "{}: {} → {}",
                path.display(),
                a.id,
                b.id
            );
            if !l.back {
                assert!(
                    b.layer > a.layer,
                    "{}: {} → {} does not go down",
                    path.display(),
                    a.id,
                    b.id
                );
            }
        }
        for (i, item) in m.items.iter().enumerate().skip(s.nodes.len()) {
            assert_eq!(item.kind, "ending");
            assert!(
                item.dormant || m.links.iter().any(|l| l.to == i),
                "ending {} has no arrow",
                item.id
            );
        }
    }
}

#[test]
fn the_layout_is_the_same_every_time() {
    for (_, s) in common::valid_scenarios() {
        assert_eq!(layout(&s), layout(&s));
        assert_eq!(
            serde_json::to_string(&layout(&s)).unwrap(),
            serde_json::to_string(&layout(&s)).unwrap()
        );
    }
}

#[test]
fn the_minimal_map_has_its_loop_and_chance_links_marked() {
    let s = common::valid_scenarios()
        .into_iter()
        .find(|(p, _)| p.ends_with("minimal.json"))
        .unwrap()
        .1;
    let m = layout(&s);
    let id = |i: usize| m.items[i].id.as_str();
    let links: Vec<(&str, &str, bool, bool)> = m
        .links
        .iter()
        .map(|l| (id(l.from), id(l.to), l.chance, l.back))
        .collect();
    assert_eq!(
        links,
        [
            ("complaint", "months", true, false),
            ("months", "good", false, false),
            ("months", "bad", false, false),
            ("months", "complaint", false, true)
        ]
    );
    assert_eq!(m.links[0].choices, ["call", "sanction", "quiet"]);
    assert_eq!(crossings(&m), 0);
}

#[test]
fn the_shipped_maps_stay_readable() {
    for (path, s) in common::valid_scenarios() {
        let m = layout(&s);
        let c = crossings(&m);
        println!(
            "{}: {} layers, width {}, {} links, {c} crossings",
            path.display(),
            m.layers,
            m.width,
            m.links.len()
        );
        assert!(
            m.width <= 12,
            "{}: {} items side by side",
            path.display(),
            m.width
        );
    }
}
