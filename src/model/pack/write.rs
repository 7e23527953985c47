//! Writing a packed file: the core section (everything but reader text,
//! then which optional texts are there) and the text spans. The layout is in
//! `mod.rs`; reading it back is `read.rs`, which follows this order field for
//! field.

use super::super::expr::{Code, Expr};
use super::super::scenario::*;
use super::super::text::{Marker, Rich, Span};
use crate::prelude::*;

pub(super) fn write_core(w: &mut Vec<u8>, s: &Scenario) {
    let m = &s.meta;
    str_w(w, &m.id);
    varint(w, m.version as u64);
    varint(w, m.languages.len() as u64);
    for l in &m.languages {
        str_w(w, l);
    }
    varint(w, m.default_language as u64);
    varint(w, m.sources.len() as u64);
    for src in &m.sources {
        str_w(w, &src.key);
        str_w(w, &src.citation);
        opt_str_w(w, src.url.as_deref());
        opt_str_w(w, src.date.as_deref());
        opt_str_w(w, src.lang.as_deref());
    }
    varint(w, m.start as u64);
    opt_w(w, m.progress.as_ref().map(|p| p.variable));
    varint(w, s.actors.len() as u64);
    for a in &s.actors {
        str_w(w, &a.id);
    }
    varint(w, s.tags.len() as u64);
    for t in &s.tags {
        str_w(w, t);
    }
    varint(w, s.variables.len() as u64);
    for x in &s.variables {
        str_w(w, &x.id);
        w.push(x.is_flag as u8 | (x.shown as u8) << 1);
        f64w(w, x.min);
        f64w(w, x.max);
        f64w(w, x.start);
    }
    varint(w, s.flashpoints.len() as u64);
    for f in &s.flashpoints {
        str_w(w, &f.id);
        list_w(w, &f.sources);
        varint(w, f.variable as u64);
    }
    varint(w, s.nodes.len() as u64);
    for n in &s.nodes {
        str_w(w, &n.id);
        varint(w, n.actor as u64);
        list_w(w, &n.sources);
        match &n.image {
            None => w.push(0),
            Some(i) => {
                w.push(1);
                str_w(w, &i.src);
                // Width, then height when there is one (0: no size given).
                match i.size {
                    None => varint(w, 0),
                    Some((width, height)) => {
                        varint(w, width as u64);
                        varint(w, height as u64);
                    }
                }
            }
        }
        effects_w(w, &n.effects);
        varint(w, n.choices.len() as u64);
        for c in &n.choices {
            str_w(w, &c.id);
            opt_expr_w(w, c.when.as_ref());
            list_w(w, &c.tags);
            opt_w(w, c.flashpoint);
            effects_w(w, &c.effects);
            match &c.step {
                Step::Next(routes) => {
                    w.push(0);
                    routes_w(w, routes);
                }
                Step::Outcomes(outs) => {
                    w.push(1);
                    varint(w, outs.len() as u64);
                    for o in outs {
                        str_w(w, &o.id);
                        opt_w(w, o.actor);
                        expr_w(w, &o.weight);
                        effects_w(w, &o.effects);
                        routes_w(w, &o.next);
                        list_w(w, &o.sources);
                    }
                }
            }
        }
    }
    varint(w, s.endings.len() as u64);
    for e in &s.endings {
        str_w(w, &e.id);
        list_w(w, &e.sources);
    }
    varint(w, s.strategies.len() as u64);
    for st in &s.strategies {
        str_w(w, &st.id);
        varint(w, st.rules.len() as u64);
        for rule in &st.rules {
            opt_expr_w(w, rule.when.as_ref());
            varint(w, rule.prefer.len() as u64);
            for &(tag, score) in &rule.prefer {
                varint(w, tag as u64);
                f64w(w, score);
            }
        }
    }
    varint(w, s.warnings.len() as u64);
    presence_w(w, s);
}

/// Which optional text slots the guide fills: one bit per optional slot, in
/// the order [`Scenario::visit_texts`] meets them (cards in file order),
/// eight to a byte, lowest bit first; the last byte's unused bits are 0.
/// Written from the walk, so a new optional text needs nothing here.
fn presence_w(w: &mut Vec<u8>, s: &Scenario) {
    let mut filled = Vec::new();
    s.visit_texts(&s.card_order(), &mut |slot| {
        if let Slot::Optional(t) = slot {
            filled.push(t.is_some());
        }
    });
    for eight in filled.chunks(8) {
        w.push(
            eight
                .iter()
                .rev()
                .fold(0, |byte, &bit| byte << 1 | bit as u8),
        );
    }
}

pub(super) fn varint(w: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        w.push(n as u8 | 0x80);
        n >>= 7;
    }
    w.push(n as u8);
}

pub(super) fn f64w(w: &mut Vec<u8>, v: f64) {
    let whole =
        libm::trunc(v) == v && v.abs() < 2_147_483_648.0 && !(v == 0.0 && v.is_sign_negative());
    if whole {
        let i = v as i64;
        varint(w, (((i << 1) ^ (i >> 63)) as u64) << 1);
    } else {
        varint(w, 1);
        w.extend_from_slice(&v.to_le_bytes());
    }
}

pub(super) fn str_w(w: &mut Vec<u8>, s: &str) {
    varint(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

pub(super) fn opt_str_w(w: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => w.push(0),
        Some(s) => {
            w.push(1);
            str_w(w, s);
        }
    }
}

pub(super) fn opt_w(w: &mut Vec<u8>, n: Option<usize>) {
    varint(w, n.map_or(0, |n| n as u64 + 1));
}

pub(super) fn list_w(w: &mut Vec<u8>, xs: &[usize]) {
    varint(w, xs.len() as u64);
    for &x in xs {
        varint(w, x as u64);
    }
}

pub(super) fn expr_w(w: &mut Vec<u8>, e: &Expr) {
    let codes: Vec<Code> = e.codes().collect();
    varint(w, codes.len() as u64);
    for c in codes {
        match c {
            Code::Const(v) => {
                w.push(0);
                f64w(w, v);
            }
            Code::Var(i) => {
                w.push(1);
                varint(w, i as u64);
            }
            Code::Op(k) => w.push(k),
        }
    }
}

pub(super) fn opt_expr_w(w: &mut Vec<u8>, e: Option<&Expr>) {
    match e {
        None => w.push(0),
        Some(e) => {
            w.push(1);
            expr_w(w, e);
        }
    }
}

pub(super) fn effects_w(w: &mut Vec<u8>, effects: &[Effect]) {
    varint(w, effects.len() as u64);
    for e in effects {
        varint(w, e.variable as u64);
        match &e.op {
            EffectOp::Set(x) => {
                w.push(0);
                expr_w(w, x);
            }
            EffectOp::Add(x) => {
                w.push(1);
                expr_w(w, x);
            }
            EffectOp::Clamp(lo, hi) => {
                w.push(2);
                expr_w(w, lo);
                expr_w(w, hi);
            }
        }
    }
}

pub(super) fn routes_w(w: &mut Vec<u8>, routes: &[Route]) {
    varint(w, routes.len() as u64);
    for r in routes {
        opt_expr_w(w, r.when.as_ref());
        match r.to {
            Target::Node(n) => varint(w, (n as u64) << 1),
            Target::Ending(e) => varint(w, (e as u64) << 1 | 1),
        }
    }
}

pub(super) fn step_w(w: &mut Vec<u8>, step: &Step) {
    match step {
        Step::Next(routes) => {
            w.push(0);
            routes_w(w, routes);
        }
        Step::Outcomes(outs) => {
            w.push(1);
            varint(w, outs.len() as u64);
            for o in outs {
                expr_w(w, &o.weight);
                effects_w(w, &o.effects);
                routes_w(w, &o.next);
            }
        }
    }
}

/// Span kinds: one byte each. A new kind of span is one arm here and one in
/// `Reader::span` (and a format bump if old runtimes must refuse it).
pub(super) fn write_span(w: &mut Vec<u8>, s: &Span) {
    match s {
        Span::Text { text } => {
            w.push(0);
            str_w(w, text);
        }
        Span::Em { text } => {
            w.push(1);
            str_w(w, text);
        }
        Span::Strong { text } => {
            w.push(2);
            str_w(w, text);
        }
        Span::Link { text, href } => {
            w.push(3);
            str_w(w, text);
            str_w(w, href);
        }
        Span::Cite { key } => {
            w.push(4);
            str_w(w, key);
        }
        Span::Marker { marker } => {
            w.push(5);
            w.push(match marker {
                Marker::Game => 0,
                Marker::Model => 1,
            });
        }
    }
}

pub(super) fn write_rich(w: &mut Vec<u8>, rich: &Rich) {
    varint(w, rich.len() as u64);
    for p in rich {
        varint(w, p.len() as u64);
        for s in p {
            write_span(w, s);
        }
    }
}
