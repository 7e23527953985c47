//! The mechanism map: the scenario's graph of cards and endings, laid out in
//! layers so a front end can draw it as a diagram (and read it out as a list).
//!
//! Layered ("Sugiyama-style") layout, deterministic so the same scenario
//! always draws the same way:
//! 1. layer = shortest number of steps from the start (breadth-first), so
//!    loops back to an earlier card become upward edges instead of breaking
//!    the layering; endings sit one layer below their deepest predecessor;
//! 2. order within a layer = barycentre of the predecessors' positions,
//!    refined over a few down-and-up sweeps, ties broken by file order;
//! 3. coordinates on a unit grid (x = slot, y = layer), centred per layer.

use crate::model::scenario::{Scenario, Step, Target};
use crate::prelude::*;
use crate::run::config::Flashpoints;
use serde::Serialize;

/// One box on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct MapItem {
    /// Node or ending id.
    pub id: String,
    /// `"node"` or `"ending"`.
    #[cfg_attr(feature = "cli", schemars(extend("enum" = ["node", "ending"])))]
    pub kind: &'static str,
    /// Actor id (nodes only).
    pub actor: Option<String>,
    /// Layer (0 = start).
    pub layer: usize,
    /// Horizontal centre, in slots; layers are centred on 0.
    pub x: f64,
    /// Vertical position: the layer.
    pub y: f64,
    /// True when no arrow reaches it: it is behind a flashpoint that is off
    /// (or unreachable, in an unchecked scenario). It has no arrows and sits
    /// in a row of its own, `layer == layers`; a front end leaves it out.
    pub dormant: bool,
}

/// One arrow: every choice or outcome from `from` that can lead to `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct MapLink {
    /// Index of the source item.
    pub from: usize,
    /// Index of the target item.
    pub to: usize,
    /// Ids of the choices whose routes or outcomes lead here.
    pub choices: Vec<String>,
    /// True when some of them are random outcomes.
    pub chance: bool,
    /// True when the arrow goes back up to an earlier layer (a loop).
    pub back: bool,
}

/// The laid-out map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct MechanismMap {
    /// Cards, then endings, in file order.
    pub items: Vec<MapItem>,
    /// Arrows.
    pub links: Vec<MapLink>,
    /// Number of layers.
    pub layers: usize,
    /// Slots in the widest layer.
    pub width: usize,
}

/// Lays out a scenario's map, every flashpoint off.
pub fn layout(s: &Scenario) -> MechanismMap {
    layout_with(s, Flashpoints::OFF)
}

/// Lays out a scenario's map for runs with `flashpoints` switched on: what
/// only a flashpoint that is off leads to is dormant.
pub fn layout_with(s: &Scenario, flashpoints: Flashpoints) -> MechanismMap {
    let n = s.nodes.len();
    let total = n + s.endings.len();
    let index = |t: Target| match t {
        Target::Node(i) => i,
        Target::Ending(e) => n + e,
    };
    // Links, merged per (from, to) in first-seen order.
    let mut links: Vec<MapLink> = Vec::new();
    // A flashpoint is known (on or off) for the whole run: a route whose
    // condition, or an outcome whose weight, is 0 with the flashpoints as they
    // are, whatever the other variables, leads nowhere on this map.
    let flashpoint = |v: usize| flashpoints.flag(s, v);
    let open =
        |r: &crate::model::scenario::Route| r.when.as_ref().is_none_or(|w| w.can_hold(flashpoint));
    for (from, node) in s.nodes.iter().enumerate() {
        for c in node.choices.iter().filter(|c| flashpoints.offers(s, c)) {
            let chance = matches!(c.step, Step::Outcomes(_));
            let targets = c
                .routes()
                .filter(|&(o, r)| o.is_none_or(|o| o.weight.can_hold(flashpoint)) && open(r))
                .map(|(_, r)| r.to);
            for t in targets {
                let to = index(t);
                match links.iter_mut().find(|l| l.from == from && l.to == to) {
                    Some(l) => {
                        if !l.choices.contains(&c.id) {
                            l.choices.push(c.id.clone());
                        }
                        l.chance |= chance;
                    }
                    None => links.push(MapLink {
                        from,
                        to,
                        choices: vec![c.id.clone()],
                        chance,
                        back: false,
                    }),
                }
            }
        }
    }
    // 1. Layers by breadth-first distance from the start.
    let mut layer = vec![usize::MAX; total];
    layer[s.meta.start] = 0;
    let mut queue = alloc::collections::VecDeque::from([s.meta.start]);
    while let Some(i) = queue.pop_front() {
        for l in links.iter().filter(|l| l.from == i) {
            if l.to < n && layer[l.to] == usize::MAX {
                layer[l.to] = layer[i] + 1;
                queue.push_back(l.to);
            }
        }
    }
    for e in n..total {
        layer[e] = links
            .iter()
            .filter(|l| l.to == e && layer[l.from] != usize::MAX)
            .map(|l| layer[l.from] + 1)
            .max()
            .unwrap_or(0);
    }
    // Items no arrow reaches (behind a flashpoint that is off, or unreachable
    // in an unchecked scenario) are dormant: they and their arrows are left
    // out of the layers, in a row of their own below the last one.
    let dormant: Vec<bool> = (0..total)
        .map(|i| {
            if i < n {
                layer[i] == usize::MAX
            } else {
                !links
                    .iter()
                    .any(|l| l.to == i && layer[l.from] != usize::MAX)
            }
        })
        .collect();
    links.retain(|l| !dormant[l.from] && !dormant[l.to]);
    let layers = (0..total)
        .filter(|&i| !dormant[i])
        .map(|i| layer[i])
        .max()
        .map_or(0, |m| m + 1);
    for (i, l) in layer.iter_mut().enumerate() {
        if dormant[i] {
            *l = layers;
        }
    }
    for l in &mut links {
        l.back = layer[l.to] <= layer[l.from] && l.to < n;
    }
    // 2. Order within layers by barycentre sweeps.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for i in (0..total).filter(|&i| !dormant[i]) {
        rows[layer[i]].push(i);
    }
    let asleep: Vec<usize> = (0..total).filter(|&i| dormant[i]).collect();
    let mut pos = vec![0.0f64; total];
    let place = |rows: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
        for row in rows {
            for (k, &i) in row.iter().enumerate() {
                pos[i] = k as f64 - (row.len() as f64 - 1.0) / 2.0;
            }
        }
    };
    place(&rows, &mut pos);
    for sweep in 0..4 {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (1..layers).collect()
        } else {
            (0..layers.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let mut keyed: Vec<(f64, usize)> = rows[r]
                .iter()
                .map(|&i| {
                    let neighbours: Vec<f64> = links
                        .iter()
                        .filter(|l| !l.back)
                        .filter_map(|l| match down {
                            true if l.to == i => Some(pos[l.from]),
                            false if l.from == i => Some(pos[l.to]),
                            _ => None,
                        })
                        .collect();
                    let bary = if neighbours.is_empty() {
                        pos[i]
                    } else {
                        neighbours.iter().sum::<f64>() / neighbours.len() as f64
                    };
                    (bary, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[r] = keyed.into_iter().map(|(_, i)| i).collect();
            place(&rows, &mut pos);
        }
    }
    for (k, &i) in asleep.iter().enumerate() {
        pos[i] = k as f64 - (asleep.len() as f64 - 1.0) / 2.0;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let items = (0..total)
        .map(|i| {
            let (id, kind, actor) = if i < n {
                (
                    s.nodes[i].id.clone(),
                    "node",
                    Some(s.actors[s.nodes[i].actor].id.clone()),
                )
            } else {
                (s.endings[i - n].id.clone(), "ending", None)
            };
            MapItem {
                id,
                kind,
                actor,
                layer: layer[i],
                x: pos[i],
                y: layer[i] as f64,
                dormant: dormant[i],
            }
        })
        .collect();
    MechanismMap {
        items,
        links,
        layers,
        width,
    }
}

/// Number of pairs of forward links that cross (for tests and tuning).
pub fn crossings(m: &MechanismMap) -> usize {
    let fwd: Vec<&MapLink> = m
        .links
        .iter()
        .filter(|l| !l.back && m.items[l.to].layer == m.items[l.from].layer + 1)
        .collect();
    let mut count = 0;
    for (a, la) in fwd.iter().enumerate() {
        for lb in &fwd[a + 1..] {
            if m.items[la.from].layer != m.items[lb.from].layer {
                continue;
            }
            let (a1, a2) = (m.items[la.from].x, m.items[la.to].x);
            let (b1, b2) = (m.items[lb.from].x, m.items[lb.to].x);
            if (a1 - b1) * (a2 - b2) < 0.0 {
                count += 1;
            }
        }
    }
    count
}
