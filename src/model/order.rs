//! Reading order: the order in which a reader meets cards and sources.
//!
//! Sources are numbered by first citation, once, when a guide is loaded from
//! JSON: `meta.sources` is put in that order and every index into it follows.
//! A compiled file is written from the loaded guide, so it carries the same
//! order, and every front end numbers `[1]`, `[2]`… as the list stands — the
//! same for every reader, path and language, whichever files a reader has.

use super::scenario::*;
use super::text::LocalText;

/// Puts `meta.sources` in the order the guide first cites them, so that a
/// reader meets [1] before [2]: the title, summary and model assumptions, the
/// meters' and flashpoints' descriptions, then every card in reading order
/// (its text, its sources list, its choices and their outcomes), then the
/// endings, counting every language's text; a source never cited comes last,
/// in file order. Every index into the list (cards', outcomes', endings' and
/// flashpoints' sources) is renumbered to match.
pub(crate) fn number_sources(s: &mut Scenario) {
    let order = first_citation_order(s);
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let renumber = |list: &mut Vec<usize>| list.iter_mut().for_each(|i| *i = new_index[*i]);
    for f in &mut s.flashpoints {
        renumber(&mut f.sources);
    }
    for n in &mut s.nodes {
        renumber(&mut n.sources);
        for c in &mut n.choices {
            if let Step::Outcomes(outs) = &mut c.step {
                outs.iter_mut().for_each(|o| renumber(&mut o.sources));
            }
        }
    }
    for e in &mut s.endings {
        renumber(&mut e.sources);
    }
    let mut old: Vec<Option<Source>> = std::mem::take(&mut s.meta.sources)
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
    struct Order<'a> {
        s: &'a Scenario,
        seen: Vec<bool>,
        order: Vec<usize>,
    }
    impl Order<'_> {
        fn source(&mut self, i: usize) {
            if !self.seen[i] {
                self.seen[i] = true;
                self.order.push(i);
            }
        }
        fn text(&mut self, t: Option<&LocalText>) {
            for key in t.into_iter().flat_map(LocalText::citations) {
                if let Some(i) = self.s.meta.sources.iter().position(|x| x.key == key) {
                    self.source(i);
                }
            }
        }
        fn list(&mut self, sources: &[usize]) {
            sources.iter().for_each(|&i| self.source(i));
        }
    }
    let mut o = Order {
        s,
        seen: vec![false; s.meta.sources.len()],
        order: Vec::new(),
    };
    o.text(Some(&s.meta.title));
    o.text(Some(&s.meta.summary));
    o.text(Some(&s.meta.assumptions));
    for v in &s.variables {
        o.text(Some(&v.label));
        o.text(v.description.as_ref());
    }
    for f in &s.flashpoints {
        o.text(Some(&f.label));
        o.text(f.description.as_ref());
        o.list(&f.sources);
    }
    for n in reading_order(s) {
        let node = &s.nodes[n];
        o.text(Some(&node.heading));
        o.text(node.image.as_ref().and_then(|i| i.caption.as_ref()));
        o.text(Some(&node.body));
        o.list(&node.sources);
        o.text(node.prompt.as_ref());
        for c in &node.choices {
            o.text(Some(&c.label));
            o.text(c.unmet.as_ref());
            if let Step::Outcomes(outs) = &c.step {
                for out in outs {
                    o.text(Some(&out.label));
                    o.text(out.text.as_ref());
                    o.list(&out.sources);
                }
            }
        }
    }
    for e in &s.endings {
        o.text(Some(&e.verdict));
        o.text(Some(&e.summary));
        o.text(Some(&e.reality));
        o.list(&e.sources);
    }
    for i in 0..s.meta.sources.len() {
        o.source(i);
    }
    o.order
}
