//! Reading order: the order in which a reader meets cards and sources.
//!
//! Sources are numbered by first citation, once, when a guide is loaded from
//! JSON: `meta.sources` is put in that order and every index into it follows.
//! A packed file is written from the loaded guide, so it carries the same
//! order, and every front end numbers `[1]`, `[2]`… as the list stands — the
//! same for every reader, path and language, whichever files a reader has.

use super::scenario::*;
use crate::prelude::*;

/// Puts `meta.sources` in the order the guide first cites them, so that a
/// reader meets [1] before [2]: every text slot and list of sources in the
/// order of [`Scenario::visit_texts`] with the cards in reading order (the
/// guide's title, summary and assumptions, meters, flashpoints, then each
/// card's text, its sources list, its choices and their outcomes, then the
/// endings), counting every language's text; a source never cited comes
/// last, in file order. Every index into the list (cards', outcomes',
/// endings' and flashpoints' sources) is renumbered to match.
pub(crate) fn number_sources(s: &mut Scenario) {
    let order = first_citation_order(s);
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let cards = s.card_order();
    s.visit_texts_mut(&cards, &mut |slot| {
        if let Slot::Sources(list) = slot {
            list.iter_mut().for_each(|i| *i = new_index[*i]);
        }
    });
    let mut old: Vec<Option<Source>> = core::mem::take(&mut s.meta.sources)
        .into_iter()
        .map(Some)
        .collect();
    s.meta.sources = order.iter().filter_map(|&i| old[i].take()).collect();
}

/// Cards in reading order: breadth-first from the start over every choice
/// and route, then any card not reached that way, in file order.
pub(crate) fn reading_order(s: &Scenario) -> Vec<usize> {
    let mut order = vec![s.meta.start];
    let mut seen = vec![false; s.nodes.len()];
    seen[s.meta.start] = true;
    let mut i = 0;
    while i < order.len() {
        let n = order[i];
        i += 1;
        for c in &s.nodes[n].choices {
            for (_, r) in c.routes() {
                if let Target::Node(m) = r.to {
                    if !seen[m] {
                        seen[m] = true;
                        order.push(m);
                    }
                }
            }
        }
    }
    order.extend((0..s.nodes.len()).filter(|&n| !seen[n]));
    order
}

/// The indices of `meta.sources` in the order the guide first cites them
/// (see [`number_sources`]).
fn first_citation_order(s: &Scenario) -> Vec<usize> {
    let mut seen = vec![false; s.meta.sources.len()];
    let mut order = Vec::new();
    let mut cite = |i: usize| {
        if !seen[i] {
            seen[i] = true;
            order.push(i);
        }
    };
    s.visit_texts(&reading_order(s), &mut |slot| match slot {
        Slot::Sources(list) => list.iter().for_each(|&i| cite(i)),
        text => {
            for key in text.text().iter().flat_map(|t| t.citations()) {
                if let Some(i) = s.meta.sources.iter().position(|x| x.key == key) {
                    cite(i);
                }
            }
        }
    });
    (0..s.meta.sources.len()).for_each(cite);
    order
}
