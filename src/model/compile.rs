//! Compiling a decoded guide into a [`Scenario`]: references, ids,
//! expressions, markup, translations and limits, every problem at once.
//!
//! This is the second of loading's three steps ([`crate::facade::load`]):
//! syntax and types (`json`, `decode`), then this, then the bounded model
//! check of every reachable state ([`crate::analysis::check`]).

use super::expr::{did_you_mean, format_number, Expr};
use super::limits::*;
use super::lint::{self, Lint};
use super::scenario::{raw, *};
use super::text::{is_safe_href, parse_markup, LocalText, RawText, Span, MAX_TEXT_LEN};
use crate::error::{Diagnostic, DiagnosticCode};
use std::collections::{HashMap, HashSet};

/// Compiles a decoded guide: every pass in order, each reporting all it finds.
/// Returns the scenario (none when a pass could not build one) and every
/// diagnostic. `lints` runs the standards lints (authors' tools, not a reader's page).
pub(crate) fn compile(raw: &raw::Scenario, lints: bool) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut c = Compiler::new(raw, lints);
    let scenario = c.compile(raw);
    (scenario, c.diags)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A BCP 47 tag's shape: a 2–3 letter language, then optional subtags (zh-Hant, pt-BR).
fn is_language_tag(l: &str) -> bool {
    let mut parts = l.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
    lang_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Why an image address is not a relative address on the guide's own site,
/// or `None` when it is one (`images/map.png`, `../shared/map.png`, `/img/map.png`).
pub(crate) fn non_relative_address(src: &str) -> Option<&'static str> {
    if src.trim().is_empty() {
        return Some("has no address");
    }
    if src.chars().any(|c| {
        c.is_whitespace() || c.is_control() || super::text::is_bidi_control(c) || c == '\\'
    }) {
        return Some("may not contain spaces, control characters, bidi controls or backslashes");
    }
    if src.starts_with("//") {
        return Some("names another site (it starts with //)");
    }
    // A scheme (`https:`, `data:`, `javascript:`) is letters, digits, + . - before the first colon.
    if let Some(colon) = src.find(':') {
        let scheme = &src[..colon];
        if !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        {
            return Some("must be a relative address, not a full URL");
        }
    }
    None
}

fn is_variable_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(s, "true" | "false" | "min" | "max" | "clamp")
}

/// What an id names: the rule for its shape and the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdOf {
    /// `meta.id`, part of every share link.
    Guide,
    /// A key of `meta.actors`.
    Actor,
    /// A key of `meta.sources`.
    Source,
    /// A node or an ending: one namespace, since `next` can name either.
    Target,
    /// A choice, unique within its node.
    Choice,
    /// An outcome, unique within its choice.
    Outcome,
    /// A strategy; `uniform` is built in.
    Strategy,
    /// A variable, read by name in expressions.
    Variable,
    /// A flashpoint, read as a flag in expressions beside the variables.
    Flashpoint,
}

impl IdOf {
    /// Whether `id` has this kind's shape.
    fn well_formed(self, id: &str) -> bool {
        match self {
            IdOf::Variable | IdOf::Flashpoint => is_variable_id(id),
            IdOf::Strategy => is_id(id) && id != "uniform",
            _ => is_id(id),
        }
    }

    /// Why `id` is not well formed.
    fn shape_message(self, id: &str) -> String {
        match self {
            IdOf::Guide | IdOf::Target | IdOf::Choice | IdOf::Outcome => {
                format!("id \"{id}\" may use only a-z, 0-9, - and _")
            }
            IdOf::Actor => format!("actor id \"{id}\" may use only a-z, 0-9, - and _"),
            IdOf::Source => format!("source key \"{id}\" may use only a-z, 0-9, - and _"),
            IdOf::Strategy => format!(
                "strategy id \"{id}\" must use a-z, 0-9, - and _ and not be \"uniform\" (built in)"
            ),
            IdOf::Variable => format!(
                "variable id \"{id}\" must start with a letter and use only letters, digits and _ (and not be a keyword)"
            ),
            IdOf::Flashpoint => format!(
                "flashpoint id \"{id}\" must start with a letter and use only letters, digits and _ (it is read as a flag in expressions)"
            ),
        }
    }

    /// How an id of this kind is named in a message about a clash.
    fn noun(self) -> &'static str {
        match self {
            IdOf::Guide | IdOf::Target => "id",
            IdOf::Actor => "actor",
            IdOf::Source => "source",
            IdOf::Choice => "choice",
            IdOf::Outcome => "outcome",
            IdOf::Strategy => "strategy",
            IdOf::Variable => "variable",
            IdOf::Flashpoint => "flashpoint",
        }
    }

    /// Names read in expressions are declared; the others are used.
    fn verb(self) -> &'static str {
        match self {
            IdOf::Variable | IdOf::Flashpoint => "declared",
            _ => "used",
        }
    }
}

/// What pass 9 compiles of `meta`.
struct Head {
    title: LocalText,
    summary: LocalText,
    assumptions: LocalText,
    progress: Option<Progress>,
    sources: Vec<Source>,
}

struct Compiler {
    diags: Vec<Diagnostic>,
    /// Whether to run the standards lints (not on a reader's page).
    lints: bool,
    /// Source keys cited anywhere, for the unused-source lint.
    cited: HashSet<String>,
    languages: Vec<String>,
    default_language: usize,
    sources: Vec<String>,
    variables: Vec<(String, bool)>,
    /// Index of the first flashpoint flag in `variables`.
    flashpoint_base: usize,
    targets: HashMap<String, Target>,
    tags: Vec<String>,
    actors: Vec<Actor>,
}

impl Compiler {
    fn new(raw: &raw::Scenario, lints: bool) -> Self {
        Compiler {
            diags: Vec::new(),
            lints,
            cited: HashSet::new(),
            languages: raw.meta.languages.clone(),
            default_language: raw
                .meta
                .languages
                .iter()
                .position(|l| *l == raw.meta.default_language)
                .unwrap_or(0),
            sources: raw.meta.sources.iter().map(|(k, _)| k.clone()).collect(),
            // Flashpoints read as flags in expressions, after the declared variables.
            variables: raw
                .variables
                .iter()
                .map(|v| (v.id.clone(), v.kind == raw::VariableKind::Flag))
                .chain(raw.flashpoints.iter().map(|f| (f.id.clone(), true)))
                .collect(),
            flashpoint_base: raw.variables.len(),
            targets: HashMap::new(),
            tags: Vec::new(),
            actors: Vec::new(),
        }
    }

    fn err(&mut self, code: DiagnosticCode, loc: impl Into<String>, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, loc, msg));
    }

    /// The one id check: `id` (of kind `of`, written at `loc`) has its kind's
    /// shape, and is not already taken — `first` is the kind and location of
    /// an earlier declaration of the same id in its namespace, if any.
    fn check_id(
        &mut self,
        of: IdOf,
        id: &str,
        loc: impl Into<String>,
        first: Option<(IdOf, String)>,
    ) {
        let loc = loc.into();
        if !of.well_formed(id) {
            self.err(DiagnosticCode::BadId, loc.clone(), of.shape_message(id));
        }
        if let Some((kind, at)) = first {
            let msg = if kind == of {
                format!("{} \"{id}\" is already {} at {at}", of.noun(), of.verb())
            } else {
                format!("\"{id}\" is already declared as a {} at {at}", kind.noun())
            };
            self.err(DiagnosticCode::DuplicateId, loc, msg);
        }
    }

    /// A standards lint: a warning here, an error under [`Check::Strict`].
    fn lint(
        &mut self,
        lint: Lint,
        loc: impl Into<String>,
        msg: impl Into<String>,
        suggestion: Option<String>,
    ) {
        if self.lints {
            self.diags
                .push(Diagnostic::warning(lint.code(), loc, msg).suggest(suggestion));
        }
    }

    /// The lints every string gets: starter placeholders and http addresses.
    fn lint_string(&mut self, s: &str, loc: &str, http: bool) {
        if !self.lints {
            return;
        }
        if lint::has_placeholder(s) {
            let msg = format!(
                "text left from the starter: replace every \"{}\" placeholder with your own words",
                lint::STARTER_PLACEHOLDER
            );
            self.lint(Lint::StarterText, loc, msg, None);
        }
        if let Some(addr) = lint::http_address(s).filter(|_| http) {
            let msg = format!("\"{addr}\" is an http address: the widget links only https, because an http link on an https page is mixed content that browsers block or flag");
            self.lint(
                Lint::HttpAddress,
                loc,
                msg,
                Some("use its https:// address".into()),
            );
        }
    }

    /// The location of language `i`'s string of `t`, written at `loc`.
    fn text_location(&self, t: &RawText, loc: &str, i: usize) -> String {
        match t {
            RawText::Plain(_) => loc.to_string(),
            RawText::PerLanguage(_) => format!("{loc}.{}", self.languages[i]),
        }
    }

    /// Text a reader takes as fact (a card body, an ending's summary and "in
    /// reality"): each paragraph cites a source or says it is invented.
    fn factual_text(&mut self, t: &RawText, loc: &str) -> LocalText {
        let lt = self.text(t, loc);
        if self.lints {
            for (i, rich) in lt.written() {
                let at = self.text_location(t, loc, i);
                for (n, words) in lint::uncited_paragraphs(rich) {
                    let msg = format!(
                        "paragraph {n} (\"{words}\") cites no source and is not marked as invented"
                    );
                    let fix = "cite a source with [^key], or begin the paragraph with [!game] (a game event) or [!model] (a model assumption)";
                    self.lint(Lint::UncitedParagraph, at.clone(), msg, Some(fix.into()));
                }
            }
        }
        lt
    }

    fn text(&mut self, t: &RawText, loc: &str) -> LocalText {
        let mut by = vec![None; self.languages.len().max(1)];
        let parse = |c: &mut Self, s: &str, l: &str| {
            if s.len() > MAX_TEXT_LEN {
                c.err(
                    DiagnosticCode::TooLong,
                    l,
                    format!("text is {} bytes; the limit is {MAX_TEXT_LEN}", s.len()),
                );
            }
            let (rich, problems) = parse_markup(s);
            // An http link is refused below; a bare http address is a lint.
            c.lint_string(s, l, problems.is_empty());
            for p in problems {
                c.err(DiagnosticCode::UnsafeLink, l, p.message);
            }
            rich
        };
        match t {
            RawText::Plain(s) => {
                let rich = parse(self, s, loc);
                let i = self.default_language.min(by.len() - 1);
                by[i] = Some(rich);
            }
            RawText::PerLanguage(map) => {
                for (lang, s) in map {
                    let l = format!("{loc}.{lang}");
                    match self.languages.iter().position(|x| x == lang) {
                        Some(i) => by[i] = Some(parse(self, s, &l)),
                        None => {
                            let s = did_you_mean(lang, self.languages.iter().map(String::as_str));
                            self.diags.push(
                                Diagnostic::error(
                                    DiagnosticCode::UnknownLanguage,
                                    l,
                                    format!("\"{lang}\" is not one of meta.languages"),
                                )
                                .suggest(s),
                            );
                        }
                    }
                }
                for (i, lang) in self.languages.clone().iter().enumerate() {
                    if by[i].is_none() && !map.iter().any(|(l, _)| l == lang) {
                        self.diags.push(Diagnostic::warning(
                            DiagnosticCode::MissingTranslation,
                            loc,
                            format!("no \"{lang}\" text; readers in that language see the default language"),
                        ));
                    }
                }
            }
        }
        let lt = LocalText::new(by);
        let cited: Vec<String> = lt.citations().map(str::to_string).collect();
        for key in cited {
            self.source_ref(&key, loc);
        }
        lt
    }

    fn opt_text(&mut self, t: &Option<RawText>, loc: &str) -> Option<LocalText> {
        t.as_ref().map(|t| self.text(t, loc))
    }

    fn source_ref(&mut self, key: &str, loc: &str) -> Option<usize> {
        let i = self.sources.iter().position(|s| s == key);
        if i.is_some() && !self.cited.contains(key) {
            self.cited.insert(key.to_string());
        }
        if i.is_none() {
            let s = did_you_mean(key, self.sources.iter().map(String::as_str));
            self.diags.push(
                Diagnostic::error(
                    DiagnosticCode::UnknownSource,
                    loc,
                    format!("unknown source \"{key}\"; add it to meta.sources"),
                )
                .suggest(s),
            );
        }
        i
    }

    fn source_list(&mut self, keys: &[String], loc: &str) -> Vec<usize> {
        keys.iter()
            .enumerate()
            .filter_map(|(i, k)| self.source_ref(k, &format!("{loc}[{i}]")))
            .collect()
    }

    fn expr(&mut self, src: &str, loc: &str) -> Option<Expr> {
        let names: Vec<&str> = self.variables.iter().map(|(n, _)| n.as_str()).collect();
        let vars = &self.variables;
        let resolve = |n: &str| vars.iter().position(|(v, _)| v == n);
        match Expr::parse_with(src, &resolve, &names) {
            Ok(e) => Some(e),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(
                        DiagnosticCode::Expression,
                        loc,
                        format!("in \"{src}\" at column {}: {}", e.column, e.message),
                    )
                    .suggest(e.suggestion),
                );
                None
            }
        }
    }

    fn value(&mut self, v: &raw::Value, loc: &str) -> Option<Expr> {
        match v {
            raw::Value::Bool(b) => Some(Expr::constant(if *b { 1.0 } else { 0.0 })),
            raw::Value::Number(n) => Some(Expr::constant(*n)),
            raw::Value::Expr(s) => self.expr(s, loc),
        }
    }

    fn variable_ref(&mut self, id: &str, loc: &str) -> Option<(usize, bool)> {
        match self.variables.iter().position(|(v, _)| v == id) {
            Some(i) => Some((i, self.variables[i].1)),
            None => {
                let s = did_you_mean(id, self.variables.iter().map(|(n, _)| n.as_str()));
                self.diags.push(
                    Diagnostic::error(
                        DiagnosticCode::UnknownVariable,
                        loc,
                        format!("unknown variable \"{id}\""),
                    )
                    .suggest(s),
                );
                None
            }
        }
    }

    fn effects(&mut self, e: &Option<raw::Effects>, loc: &str) -> Vec<Effect> {
        let Some(e) = e else { return Vec::new() };
        // A flashpoint is switched by the teacher for the whole run, never by play.
        let changed = e
            .set
            .iter()
            .map(|(id, _)| ("set", id))
            .chain(e.add.iter().map(|(id, _)| ("add", id)))
            .chain(e.clamp.iter().map(|(id, _)| ("clamp", id)));
        for (op, id) in changed.collect::<Vec<_>>() {
            let declared = self.variables[..self.flashpoint_base]
                .iter()
                .any(|(n, _)| n == id);
            if !declared
                && self.variables[self.flashpoint_base..]
                    .iter()
                    .any(|(n, _)| n == id)
            {
                self.err(DiagnosticCode::FlashpointEffect, format!("{loc}.{op}.{id}"), format!("\"{id}\" is a flashpoint: it is switched on or off for the whole run and no effect can change it"));
            }
        }
        let mut out = Vec::new();
        for (id, v) in &e.set {
            let l = format!("{loc}.set.{id}");
            if let (Some((var, _)), Some(x)) = (self.variable_ref(id, &l), self.value(v, &l)) {
                out.push(Effect {
                    variable: var,
                    op: EffectOp::Set(x),
                });
            }
        }
        for (id, v) in &e.add {
            let l = format!("{loc}.add.{id}");
            if let Some((var, is_flag)) = self.variable_ref(id, &l) {
                if is_flag {
                    self.err(
                        DiagnosticCode::FlagArithmetic,
                        &l,
                        format!("\"{id}\" is a flag: use \"set\" with true or false"),
                    );
                } else if let Some(x) = self.value(v, &l) {
                    out.push(Effect {
                        variable: var,
                        op: EffectOp::Add(x),
                    });
                }
            }
        }
        for (id, [lo, hi]) in &e.clamp {
            let l = format!("{loc}.clamp.{id}");
            if let Some((var, is_flag)) = self.variable_ref(id, &l) {
                if is_flag {
                    self.err(
                        DiagnosticCode::FlagArithmetic,
                        &l,
                        format!("\"{id}\" is a flag and cannot be clamped"),
                    );
                } else if let (Some(a), Some(b)) = (
                    self.value(lo, &format!("{l}[0]")),
                    self.value(hi, &format!("{l}[1]")),
                ) {
                    out.push(Effect {
                        variable: var,
                        op: EffectOp::Clamp(a, b),
                    });
                }
            }
        }
        out
    }

    fn target(&mut self, id: &str, loc: &str) -> Option<Target> {
        match self.targets.get(id) {
            Some(t) => Some(*t),
            None => {
                let s = did_you_mean(id, self.targets.keys().map(String::as_str));
                self.diags.push(
                    Diagnostic::error(
                        DiagnosticCode::UnknownTarget,
                        loc,
                        format!("unknown node or ending \"{id}\""),
                    )
                    .suggest(s),
                );
                None
            }
        }
    }

    fn next(&mut self, n: &raw::Next, loc: &str) -> Vec<Route> {
        match n {
            raw::Next::To(id) => self
                .target(id, loc)
                .map(|to| vec![Route { when: None, to }])
                .unwrap_or_default(),
            raw::Next::Routes(routes) => {
                if routes.is_empty() {
                    self.err(DiagnosticCode::NoRoute, loc, "the list of routes is empty");
                }
                let mut out = Vec::new();
                for (i, r) in routes.iter().enumerate() {
                    let l = format!("{loc}[{i}]");
                    let when = r
                        .when
                        .as_ref()
                        .and_then(|w| self.expr(w, &format!("{l}.when")));
                    let last = i + 1 == routes.len();
                    if last && r.when.is_some() {
                        self.err(
                            DiagnosticCode::NoFallbackRoute,
                            format!("{l}.when"),
                            "the last route must have no \"when\", so there is always somewhere to go",
                        );
                    } else if !last && r.when.is_none() {
                        self.diags.push(Diagnostic::warning(
                            DiagnosticCode::UnreachableRoute,
                            format!("{loc}[{}]", i + 1),
                            "routes after one with no \"when\" are never taken",
                        ));
                    }
                    if let Some(to) = self.target(&r.to, &format!("{l}.to")) {
                        out.push(Route { when, to });
                    }
                }
                out
            }
        }
    }

    fn tag(&mut self, t: &str) -> usize {
        match self.tags.iter().position(|x| x == t) {
            Some(i) => i,
            None => {
                // A tag reaches the page as text: no override left open
                // (found by the structural proptest: a tag ending in U+202E).
                let mut t = t.to_string();
                super::text::close_bidi(&mut t);
                self.tags.push(t);
                self.tags.len() - 1
            }
        }
    }

    fn actor(&mut self, a: &str, loc: &str) -> usize {
        self.actors
            .iter()
            .position(|x| x.id == a)
            .unwrap_or_else(|| {
                let ids: Vec<&str> = self.actors.iter().map(|x| x.id.as_str()).collect();
                let s = did_you_mean(a, ids.iter().copied());
                let list = match ids.split_last() {
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                };
                self.diags.push(
                    Diagnostic::error(
                        DiagnosticCode::UnknownActor,
                        loc,
                        format!("actor \"{a}\" must be {list}"),
                    )
                    .suggest(s),
                );
                0
            })
    }

    fn compile_actors(&mut self, raw: &raw::Scenario) {
        self.actors.push(Actor {
            id: "narrator".into(),
            label: None,
        });
        match &raw.meta.actors {
            None => self.actors.extend(DEFAULT_ACTORS.iter().map(|id| Actor {
                id: id.to_string(),
                label: None,
            })),
            Some(list) => {
                for (id, label) in list {
                    let l = format!("meta.actors.{id}");
                    let label = Some(self.text(label, &l));
                    self.check_id(IdOf::Actor, id, &l, None);
                    if id == "narrator" {
                        self.actors[0].label = label;
                    } else {
                        self.actors.push(Actor {
                            id: id.clone(),
                            label,
                        });
                    }
                }
            }
        }
    }

    /// The passes, in order. Each reads what the ones before it declared, so
    /// the order is part of the contract; each reports every problem it finds
    /// into `diags` and carries on, so one run lists them all.
    fn compile(&mut self, raw: &raw::Scenario) -> Option<Scenario> {
        // 1. The guide's id, version, languages and source keys: every text
        //    pass below needs the languages, every citation the keys.
        let meta_ok = self.check_meta(raw);
        // 2. Actors, before the nodes and outcomes that name them.
        self.compile_actors(raw);
        // 3. Variables, before any expression reads one.
        let mut variables = self.compile_variables(raw);
        // 4. Flashpoints: flags numbered after the declared variables
        //    (`flashpoint_base`, set in `new` so expressions can name them).
        let flashpoints = self.compile_flashpoints(raw, &mut variables);
        // 5. Node and ending ids, before any `next` names one; then the start.
        let start = self.declare_targets(raw);
        // 6. Nodes, whose choices declare the tags.
        let nodes = raw
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| self.compile_node(n, &format!("nodes[{i}]")))
            .collect::<Vec<_>>();
        // 7. Endings.
        let endings = self.compile_endings(raw);
        // 8. Strategies, which prefer tags declared in 6.
        let strategies = self.compile_strategies(raw);
        // 9. The guide's own texts, progress meter and sources.
        let head = self.compile_head(raw);
        // 10. Sources no pass above cited (a lint).
        self.lint_unused_sources(raw);
        // 11. Reachability from the start, only meaningful once every reference resolved.
        let unresolved = self.diags.iter().any(|d| {
            d.code == DiagnosticCode::UnknownTarget || d.code == DiagnosticCode::DuplicateId
        });
        if let (Some(start), false) = (start, unresolved) {
            self.check_static_reachability(start, &nodes, &endings);
        }
        if !meta_ok || self.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        let Head {
            title,
            summary,
            assumptions,
            progress,
            sources,
        } = head;
        Some(Scenario {
            meta: Meta {
                id: raw.meta.id.clone(),
                version: raw.meta.version,
                title,
                summary,
                languages: self.languages.clone(),
                default_language: self.default_language,
                sources,
                assumptions,
                start: start?,
                progress,
            },
            variables,
            nodes,
            endings,
            strategies,
            actors: std::mem::take(&mut self.actors),
            tags: std::mem::take(&mut self.tags),
            flashpoints,
            warnings: Vec::new(),
        })
    }

    /// Pass 5: declares every node and ending id (one namespace, since `next`
    /// can name either) and resolves the start, which must be a node.
    fn declare_targets(&mut self, raw: &raw::Scenario) -> Option<usize> {
        let mut seen: HashMap<&str, String> = HashMap::new();
        if raw.nodes.len() > MAX_NODES {
            self.err(
                DiagnosticCode::TooLarge,
                "nodes",
                format!("{} nodes; the limit is {MAX_NODES}", raw.nodes.len()),
            );
        }
        if raw.nodes.is_empty() {
            self.err(
                DiagnosticCode::NoNodes,
                "nodes",
                "a scenario needs at least one node",
            );
        }
        if raw.endings.is_empty() {
            self.err(
                DiagnosticCode::NoEndings,
                "endings",
                "a scenario needs at least one ending",
            );
        }
        let ids =
            raw.nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.as_str(), format!("nodes[{i}].id"), Target::Node(i)))
                .chain(
                    raw.endings.iter().enumerate().map(|(i, e)| {
                        (e.id.as_str(), format!("endings[{i}].id"), Target::Ending(i))
                    }),
                );
        for (id, loc, t) in ids.collect::<Vec<_>>() {
            let first = seen.get(id).map(|at| (IdOf::Target, at.clone()));
            let taken = first.is_some();
            self.check_id(IdOf::Target, id, &loc, first);
            if !taken {
                seen.insert(id, loc);
                self.targets.insert(id.to_string(), t);
            }
        }
        match self.target(&raw.meta.start, "meta.start") {
            Some(Target::Node(n)) => Some(n),
            Some(Target::Ending(_)) => {
                self.err(
                    DiagnosticCode::BadStart,
                    "meta.start",
                    "the start must be a node, not an ending",
                );
                None
            }
            None => None,
        }
    }

    /// Pass 7.
    fn compile_endings(&mut self, raw: &raw::Scenario) -> Vec<Ending> {
        let mut endings = Vec::new();
        for (i, e) in raw.endings.iter().enumerate() {
            let l = format!("endings[{i}]");
            endings.push(Ending {
                id: e.id.clone(),
                verdict: self.text(&e.verdict, &format!("{l}.verdict")),
                summary: self.factual_text(&e.summary, &format!("{l}.summary")),
                reality: self.factual_text(&e.reality, &format!("{l}.reality")),
                sources: self.source_list(&e.sources, &format!("{l}.sources")),
            });
        }
        endings
    }

    /// Pass 9: the guide's title, summary, assumptions, progress meter and sources.
    fn compile_head(&mut self, raw: &raw::Scenario) -> Head {
        let title = self.text(&raw.meta.title, "meta.title");
        let summary = self.text(&raw.meta.summary, "meta.summary");
        let assumptions = self.text(&raw.meta.assumptions, "meta.assumptions");
        let progress = raw.meta.progress.as_ref().and_then(|p| {
            let label = self.text(&p.label, "meta.progress.label");
            match self.variable_ref(&p.variable, "meta.progress.variable")? {
                (_, true) => {
                    self.err(
                        DiagnosticCode::BadProgress,
                        "meta.progress.variable",
                        "progress must be measured by a meter, not a flag",
                    );
                    None
                }
                (variable, false) => Some(Progress { variable, label }),
            }
        });
        let sources = raw
            .meta
            .sources
            .iter()
            .map(|(k, s)| {
                let mut citation = s.citation.clone();
                super::text::close_bidi(&mut citation);
                Source {
                    key: k.clone(),
                    citation,
                    url: s.url.clone(),
                    date: s.date.clone().map(|mut d| {
                        super::text::close_bidi(&mut d);
                        d
                    }),
                    lang: s.lang.clone(),
                }
            })
            .collect();
        Head {
            title,
            summary,
            assumptions,
            progress,
            sources,
        }
    }

    /// Pass 10: a source declared but never cited (a lint).
    fn lint_unused_sources(&mut self, raw: &raw::Scenario) {
        if self.lints {
            for (k, _) in &raw.meta.sources {
                if !self.cited.contains(k) {
                    let fix =
                        format!("cite it with [^{k}] where it supports the text, or remove it");
                    self.lint(
                        Lint::UnusedSource,
                        format!("meta.sources.{k}"),
                        format!("source \"{k}\" is never cited"),
                        Some(fix),
                    );
                }
            }
        }
    }

    fn check_meta(&mut self, raw: &raw::Scenario) -> bool {
        let m = &raw.meta;
        let before = self.diags.len();
        self.check_id(IdOf::Guide, &m.id, "meta.id", None);
        if m.id == lint::STARTER_ID {
            let msg = format!("\"{}\" is the starter's id: give the guide its own (it is part of every share link)", m.id);
            self.lint(Lint::StarterText, "meta.id", msg, None);
        }
        if m.version == 0 {
            self.err(
                DiagnosticCode::BadVersion,
                "meta.version",
                "version starts at 1",
            );
        }
        if m.languages.is_empty() {
            self.err(
                DiagnosticCode::NoLanguages,
                "meta.languages",
                "declare at least one language, e.g. [\"en\"]",
            );
        }
        let mut seen = HashSet::new();
        for (i, l) in m.languages.iter().enumerate() {
            if !is_language_tag(l) {
                self.err(
                    DiagnosticCode::BadLanguage,
                    format!("meta.languages[{i}]"),
                    format!("\"{l}\" is not a language code like \"en\" or \"zh\""),
                );
            }
            if !seen.insert(l) {
                self.err(
                    DiagnosticCode::DuplicateId,
                    format!("meta.languages[{i}]"),
                    format!("language \"{l}\" is listed twice"),
                );
            }
        }
        if !m.languages.contains(&m.default_language) {
            let s = did_you_mean(&m.default_language, m.languages.iter().map(String::as_str));
            self.diags.push(
                Diagnostic::error(
                    DiagnosticCode::BadLanguage,
                    "meta.default_language",
                    format!(
                        "default language \"{}\" is not in meta.languages",
                        m.default_language
                    ),
                )
                .suggest(s),
            );
        }
        for (k, s) in &m.sources {
            self.check_id(IdOf::Source, k, format!("meta.sources.{k}"), None);
            if s.citation.trim().is_empty() {
                self.err(
                    DiagnosticCode::EmptyCitation,
                    format!("meta.sources.{k}.citation"),
                    "the citation is empty",
                );
            }
            self.lint_string(&s.citation, &format!("meta.sources.{k}.citation"), true);
            if let Some(u) = &s.url {
                if u.to_ascii_lowercase().starts_with("http://") {
                    // An error, not a lint: the widget would not link it at all.
                    let d = Diagnostic::error(DiagnosticCode::UnsafeLink, format!("meta.sources.{k}.url"), format!("\"{u}\" is an http address: the widget links only https, because an http link on an https page is mixed content that browsers block or flag"));
                    self.diags
                        .push(d.suggest(Some("use its https:// address".into())));
                } else if !u.starts_with("https://") {
                    self.err(
                        DiagnosticCode::UnsafeLink,
                        format!("meta.sources.{k}.url"),
                        format!("\"{u}\" must start with https://"),
                    );
                } else if !is_safe_href(u) {
                    // The rule markup links follow: what reaches the page's href
                    // can never break out of the attribute or the address.
                    self.err(
                        DiagnosticCode::UnsafeLink,
                        format!("meta.sources.{k}.url"),
                        format!("\"{}\" is not a plain https address: it needs a host, and no spaces, quotes, angle brackets, backslashes, control characters or bidi controls", u.escape_debug()),
                    );
                } else if lint::has_placeholder(u) {
                    let msg = format!(
                        "\"{u}\" is the starter's example address: give the source's own address"
                    );
                    self.lint(
                        Lint::StarterText,
                        format!("meta.sources.{k}.url"),
                        msg,
                        None,
                    );
                }
            }
            if let Some(d) = &s.date {
                if !lint::is_date(d) {
                    let msg = format!(
                        "date \"{d}\" is not a date: write it as {}",
                        lint::DATE_FORMATS
                    );
                    self.lint(
                        Lint::BadSourceDate,
                        format!("meta.sources.{k}.date"),
                        msg,
                        None,
                    );
                }
            }
            if let Some(l) = &s.lang {
                if !is_language_tag(l) {
                    let d = Diagnostic::error(
                        DiagnosticCode::BadLanguage,
                        format!("meta.sources.{k}.lang"),
                        format!("\"{l}\" is not a language code like \"en\" or \"zh\""),
                    );
                    // Often the author wrote a language's name or a code in the wrong case.
                    let lower = l.to_ascii_lowercase();
                    let guess = if is_language_tag(&lower) {
                        Some(format!("did you mean \"{lower}\"?"))
                    } else {
                        did_you_mean(&lower, m.languages.iter().map(String::as_str))
                    };
                    self.diags.push(d.suggest(guess));
                }
            }
        }
        !self.diags[before..].iter().any(Diagnostic::is_error)
    }

    fn compile_variables(&mut self, raw: &raw::Scenario) -> Vec<Variable> {
        if raw.variables.len() > MAX_VARIABLES {
            self.err(
                DiagnosticCode::TooLarge,
                "variables",
                format!(
                    "{} variables; the limit is {MAX_VARIABLES}",
                    raw.variables.len()
                ),
            );
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, v) in raw.variables.iter().enumerate() {
            let l = format!("variables[{i}]");
            let first = seen
                .insert(&v.id, i)
                .map(|f| (IdOf::Variable, format!("variables[{f}]")));
            self.check_id(IdOf::Variable, &v.id, format!("{l}.id"), first);
            let label = self.text(&v.label, &format!("{l}.label"));
            let description = self.opt_text(&v.description, &format!("{l}.description"));
            let shown = v.shown.unwrap_or(true);
            let var = match v.kind {
                raw::VariableKind::Flag => {
                    if v.min.is_some() || v.max.is_some() {
                        self.err(DiagnosticCode::BadBounds, &l, "a flag has no min or max");
                    }
                    let start = match v.start {
                        raw::Scalar::Bool(b) => b,
                        raw::Scalar::Number(_) => {
                            self.err(
                                DiagnosticCode::WrongType,
                                format!("{l}.start"),
                                "a flag starts as true or false",
                            );
                            false
                        }
                    };
                    Variable {
                        id: v.id.clone(),
                        is_flag: true,
                        label,
                        description,
                        min: 0.0,
                        max: 1.0,
                        start: if start { 1.0 } else { 0.0 },
                        shown,
                    }
                }
                raw::VariableKind::Meter => {
                    let (min, max) = match (v.min, v.max) {
                        (Some(a), Some(b)) if a < b && a.is_finite() && b.is_finite() => (a, b),
                        (Some(_), Some(_)) => {
                            self.err(DiagnosticCode::BadBounds, &l, "min must be less than max");
                            (0.0, 1.0)
                        }
                        _ => {
                            self.err(
                                DiagnosticCode::BadBounds,
                                &l,
                                "a meter needs both min and max",
                            );
                            (0.0, 1.0)
                        }
                    };
                    let start = match v.start {
                        raw::Scalar::Number(n) => n,
                        raw::Scalar::Bool(_) => {
                            self.err(
                                DiagnosticCode::WrongType,
                                format!("{l}.start"),
                                "a meter starts at a number",
                            );
                            min
                        }
                    };
                    let bounds_ok = matches!((v.min, v.max), (Some(a), Some(b)) if a < b);
                    if bounds_ok && !(min..=max).contains(&start) {
                        self.err(
                            DiagnosticCode::BadBounds,
                            format!("{l}.start"),
                            format!(
                                "start {} is outside [{}, {}]",
                                format_number(start),
                                format_number(min),
                                format_number(max)
                            ),
                        );
                    }
                    Variable {
                        id: v.id.clone(),
                        is_flag: false,
                        label,
                        description,
                        min,
                        max,
                        start,
                        shown,
                    }
                }
            };
            out.push(var);
        }
        out
    }

    /// Flashpoints: each becomes a hidden flag (off) after the declared variables.
    fn compile_flashpoints(
        &mut self,
        raw: &raw::Scenario,
        variables: &mut Vec<Variable>,
    ) -> Vec<Flashpoint> {
        if raw.flashpoints.len() > MAX_FLASHPOINTS {
            self.err(
                DiagnosticCode::TooLarge,
                "flashpoints",
                format!(
                    "{} flashpoints; the limit is {MAX_FLASHPOINTS}",
                    raw.flashpoints.len()
                ),
            );
        }
        let mut out = Vec::new();
        for (i, f) in raw.flashpoints.iter().enumerate() {
            let l = format!("flashpoints[{i}]");
            // Flashpoints share the variables' namespace: both are read by name in expressions.
            let first = match raw.variables.iter().position(|v| v.id == f.id) {
                Some(v) => Some((IdOf::Variable, format!("variables[{v}]"))),
                None => raw.flashpoints[..i]
                    .iter()
                    .position(|g| g.id == f.id)
                    .map(|g| (IdOf::Flashpoint, format!("flashpoints[{g}]"))),
            };
            self.check_id(IdOf::Flashpoint, &f.id, format!("{l}.id"), first);
            let label = self.text(&f.label, &format!("{l}.label"));
            let description = self.opt_text(&f.description, &format!("{l}.description"));
            let sources = self.source_list(&f.sources, &format!("{l}.sources"));
            let variable = self.flashpoint_base + i;
            variables.push(Variable {
                id: f.id.clone(),
                is_flag: true,
                label: label.clone(),
                description: description.clone(),
                min: 0.0,
                max: 1.0,
                start: 0.0,
                shown: false,
            });
            out.push(Flashpoint {
                id: f.id.clone(),
                label,
                description,
                sources,
                variable,
            });
        }
        out
    }

    fn compile_node(&mut self, n: &raw::Node, l: &str) -> Node {
        let actor = self.actor(&n.actor, &format!("{l}.actor"));
        let heading = self.text(&n.heading, &format!("{l}.heading"));
        let body = self.factual_text(&n.body, &format!("{l}.body"));
        if self.lints {
            for (i, rich) in body.written() {
                let words = lint::card_words(rich);
                if words > lint::MAX_CARD_WORDS {
                    let at = self.text_location(&n.body, &format!("{l}.body"), i);
                    let msg = format!(
                        "the card reads as {words} words; a card may hold {} (Chinese and Japanese count 7 characters as 4 words)",
                        lint::MAX_CARD_WORDS
                    );
                    let fix = "split it into two cards, or move detail to a card the reader can choose to open";
                    self.lint(Lint::LongCard, at, msg, Some(fix.into()));
                }
            }
        }
        let sources = self.source_list(&n.sources, &format!("{l}.sources"));
        let prompt = self.opt_text(&n.prompt, &format!("{l}.prompt"));
        let image = n
            .image
            .as_ref()
            .map(|i| self.compile_image(i, &format!("{l}.image")));
        let effects = self.effects(&n.effects, &format!("{l}.effects"));
        if n.choices.is_empty() {
            self.err(
                DiagnosticCode::DeadEnd,
                format!("{l}.choices"),
                format!(
                    "node \"{}\" has no choices; add one whose \"next\" names an ending",
                    n.id
                ),
            );
        }
        if n.choices.len() > MAX_CHOICES {
            self.err(
                DiagnosticCode::TooLarge,
                format!("{l}.choices"),
                format!("{} choices; the limit is {MAX_CHOICES}", n.choices.len()),
            );
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut choices = Vec::new();
        for (ci, c) in n.choices.iter().enumerate() {
            let cl = format!("{l}.choices[{ci}]");
            let first = ids
                .insert(&c.id, ci)
                .map(|f| (IdOf::Choice, format!("{l}.choices[{f}]")));
            self.check_id(IdOf::Choice, &c.id, format!("{cl}.id"), first);
            choices.push(self.compile_choice(c, &cl));
        }
        Node {
            id: n.id.clone(),
            actor,
            heading,
            body,
            sources,
            prompt,
            image,
            effects,
            choices,
        }
    }

    /// An image: a relative address on the guide's own site, and alt text in every language.
    fn compile_image(&mut self, i: &raw::Image, l: &str) -> Image {
        if let Some(problem) = non_relative_address(&i.src) {
            self.diags.push(
                Diagnostic::error(
                    DiagnosticCode::UnsafeImage,
                    format!("{l}.src"),
                    format!("image \"{}\" {problem}: a guide loads nothing from another site", i.src),
                )
                .suggest(Some("copy the image beside the scenario file and give its relative address, like \"images/map.png\"".into())),
            );
        }
        let empty = |s: &str| s.trim().is_empty();
        match &i.alt {
            RawText::Plain(s) if empty(s) => self.missing_alt(format!("{l}.alt")),
            RawText::PerLanguage(map) => {
                for (lang, _) in map.iter().filter(|(_, s)| empty(s)) {
                    self.missing_alt(format!("{l}.alt.{lang}"));
                }
            }
            _ => {}
        }
        let alt = self.text(&i.alt, &format!("{l}.alt"));
        let caption = self.opt_text(&i.caption, &format!("{l}.caption"));
        Image {
            src: i.src.clone(),
            alt,
            caption,
        }
    }

    fn missing_alt(&mut self, loc: String) {
        self.err(
            DiagnosticCode::MissingAlt,
            loc,
            "the image has no alt text: say what it shows, for readers who cannot see it",
        );
    }

    fn compile_choice(&mut self, c: &raw::Choice, cl: &str) -> Choice {
        let label = self.text(&c.label, &format!("{cl}.label"));
        for (i, rich) in label.written() {
            let key = rich.iter().flatten().find_map(|s| match s {
                Span::Cite { key } => Some(key.clone()),
                _ => None,
            });
            if let Some(key) = key {
                let at = self.text_location(&c.label, &format!("{cl}.label"), i);
                let d = Diagnostic::error(
                    lint::CITATION_IN_CHOICE_LABEL,
                    at,
                    format!("choice \"{}\" cites [^{key}] in its label: a label is a button, and a citation inside it would be a button inside a button", c.id),
                );
                self.diags.push(d.suggest(Some(
                    "cite the source in the card's body or in the outcome's text".into(),
                )));
            }
        }
        let when = c
            .when
            .as_ref()
            .and_then(|w| self.expr(w, &format!("{cl}.when")));
        let unmet = self.opt_text(&c.unmet, &format!("{cl}.unmet"));
        if c.when.is_some() && c.unmet.is_none() {
            self.err(
                DiagnosticCode::MissingReason,
                format!("{cl}.unmet"),
                "a choice with \"when\" needs an \"unmet\" reason to show when it is unavailable",
            );
        }
        let tags = c.tags.iter().map(|t| self.tag(t)).collect();
        let flashpoint = c.flashpoint.as_ref().and_then(|id| {
            let names = &self.variables[self.flashpoint_base..];
            match names.iter().position(|(n, _)| n == id) {
                Some(i) => Some(self.flashpoint_base + i),
                None => {
                    let s = did_you_mean(id, names.iter().map(|(n, _)| n.as_str()));
                    let d = Diagnostic::error(
                        DiagnosticCode::UnknownFlashpoint,
                        format!("{cl}.flashpoint"),
                        format!("no flashpoint is declared with the id \"{id}\""),
                    );
                    self.diags.push(d.suggest(s));
                    None
                }
            }
        });
        let effects = self.effects(&c.effects, &format!("{cl}.effects"));
        let step = match (&c.next, &c.outcomes) {
            (Some(n), None) => Step::Next(self.next(n, &format!("{cl}.next"))),
            (None, Some(outs)) => {
                Step::Outcomes(self.compile_outcomes(outs, &format!("{cl}.outcomes")))
            }
            (Some(_), Some(_)) => {
                self.err(
                    DiagnosticCode::NextAndOutcomes,
                    cl,
                    "a choice has either \"next\" or \"outcomes\", not both",
                );
                Step::Next(Vec::new())
            }
            (None, None) => {
                self.err(
                    DiagnosticCode::DeadEnd,
                    cl,
                    format!(
                        "choice \"{}\" goes nowhere: give it \"next\" or \"outcomes\"",
                        c.id
                    ),
                );
                Step::Next(Vec::new())
            }
        };
        Choice {
            id: c.id.clone(),
            label,
            when,
            unmet,
            tags,
            flashpoint,
            effects,
            step,
        }
    }

    fn compile_outcomes(&mut self, outs: &[raw::Outcome], ol: &str) -> Vec<Outcome> {
        if outs.is_empty() {
            self.err(DiagnosticCode::NoOutcomes, ol, "\"outcomes\" is empty");
        }
        if outs.len() > MAX_OUTCOMES {
            self.err(
                DiagnosticCode::TooLarge,
                ol,
                format!("{} outcomes; the limit is {MAX_OUTCOMES}", outs.len()),
            );
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, o) in outs.iter().enumerate() {
            let l = format!("{ol}[{i}]");
            let first = ids
                .insert(&o.id, i)
                .map(|f| (IdOf::Outcome, format!("{ol}[{f}]")));
            self.check_id(IdOf::Outcome, &o.id, format!("{l}.id"), first);
            let weight = self.value(&o.weight, &format!("{l}.weight"));
            if let Some(w) = weight.as_ref().and_then(Expr::as_constant) {
                if w < 0.0 {
                    self.err(
                        DiagnosticCode::NegativeWeight,
                        format!("{l}.weight"),
                        format!("weight {} is negative", format_number(w)),
                    );
                }
            }
            let actor = o
                .actor
                .as_ref()
                .map(|a| self.actor(a, &format!("{l}.actor")));
            out.push(Outcome {
                id: o.id.clone(),
                label: self.text(&o.label, &format!("{l}.label")),
                text: self.opt_text(&o.text, &format!("{l}.text")),
                actor,
                weight: weight.unwrap_or_else(|| Expr::constant(1.0)),
                effects: self.effects(&o.effects, &format!("{l}.effects")),
                next: self.next(&o.next, &format!("{l}.next")),
                sources: self.source_list(&o.sources, &format!("{l}.sources")),
            });
        }
        if !out.is_empty() && out.iter().all(|o| o.weight.as_constant() == Some(0.0)) {
            self.err(
                DiagnosticCode::ZeroWeights,
                ol,
                "every outcome has weight 0, so none can happen",
            );
        }
        out
    }

    fn compile_strategies(&mut self, raw: &raw::Scenario) -> Vec<Strategy> {
        let mut out = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, s) in raw.strategies.iter().enumerate() {
            let l = format!("strategies[{i}]");
            let first = seen
                .insert(&s.id, i)
                .map(|f| (IdOf::Strategy, format!("strategies[{f}]")));
            self.check_id(IdOf::Strategy, &s.id, format!("{l}.id"), first);
            if s.rules.is_empty() {
                self.err(
                    DiagnosticCode::NoRules,
                    format!("{l}.rules"),
                    "a strategy needs at least one rule",
                );
            }
            let label = self.text(&s.label, &format!("{l}.label"));
            let description = self.opt_text(&s.description, &format!("{l}.description"));
            let mut rules = Vec::new();
            for (ri, r) in s.rules.iter().enumerate() {
                let rl = format!("{l}.rules[{ri}]");
                let when = r
                    .when
                    .as_ref()
                    .and_then(|w| self.expr(w, &format!("{rl}.when")));
                let mut prefer = Vec::new();
                for (tag, score) in &r.prefer {
                    match self.tags.iter().position(|t| t == tag) {
                        Some(t) => prefer.push((t, *score)),
                        None => {
                            let s = did_you_mean(tag, self.tags.iter().map(String::as_str));
                            self.diags.push(
                                Diagnostic::warning(
                                    DiagnosticCode::UnknownTag,
                                    format!("{rl}.prefer.{tag}"),
                                    format!("no choice has the tag \"{tag}\""),
                                )
                                .suggest(s),
                            );
                        }
                    }
                }
                rules.push(Rule { when, prefer });
            }
            out.push(Strategy {
                id: s.id.clone(),
                label,
                description,
                rules,
            });
        }
        out
    }

    /// Nodes and endings that no chain of choices can reach, ignoring conditions.
    fn check_static_reachability(&mut self, start: usize, nodes: &[Node], endings: &[Ending]) {
        let mut seen_nodes = vec![false; nodes.len()];
        let mut seen_endings = vec![false; endings.len()];
        let mut stack = vec![start];
        seen_nodes[start] = true;
        while let Some(n) = stack.pop() {
            for c in &nodes[n].choices {
                let routes: Vec<&Route> = match &c.step {
                    Step::Next(r) => r.iter().collect(),
                    Step::Outcomes(o) => o.iter().flat_map(|o| o.next.iter()).collect(),
                };
                for r in routes {
                    match r.to {
                        Target::Node(m) if !seen_nodes[m] => {
                            seen_nodes[m] = true;
                            stack.push(m);
                        }
                        Target::Ending(e) => seen_endings[e] = true,
                        _ => {}
                    }
                }
            }
        }
        for (i, n) in nodes.iter().enumerate() {
            if !seen_nodes[i] {
                self.err(
                    DiagnosticCode::Unreachable,
                    format!("nodes[{i}]"),
                    format!(
                        "node \"{}\" cannot be reached from the start \"{}\"",
                        n.id, nodes[start].id
                    ),
                );
            }
        }
        for (i, e) in endings.iter().enumerate() {
            if !seen_endings[i] {
                self.err(
                    DiagnosticCode::Unreachable,
                    format!("endings[{i}]"),
                    format!(
                        "ending \"{}\" is never reached: no choice or outcome leads to it",
                        e.id
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id problem, one per kind, through a real load: the messages are
    /// the ones each kind's own copy of the check wrote before `check_id`.
    #[test]
    fn every_kind_of_id_gets_its_own_words() {
        let json = r#"{
          "meta": { "id": "Bad Guide", "version": 1, "title": "t", "summary": "s", "assumptions": "a", "languages": ["en"], "default_language": "en", "start": "a",
                    "actors": { "US A": "x" }, "sources": { "Bad Key": { "citation": "c" } } },
          "variables": [ { "id": "v", "kind": "meter", "label": "v", "min": 0, "max": 1, "start": 0 },
                         { "id": "v", "kind": "meter", "label": "v", "min": 0, "max": 1, "start": 0 },
                         { "id": "9v", "kind": "meter", "label": "v", "min": 0, "max": 1, "start": 0 } ],
          "nodes": [ { "id": "a", "actor": "narrator", "heading": "h", "body": "[!game] b", "choices": [
              { "id": "c", "label": "l", "next": "e" }, { "id": "c", "label": "l", "next": "e" }, { "id": "C", "label": "l", "outcomes": [
                { "id": "o", "label": "l", "weight": 1, "next": "e" }, { "id": "o", "label": "l", "weight": 1, "next": "e" },
                { "id": "O!", "label": "l", "weight": 1, "next": "e" } ] } ] } ],
          "endings": [ { "id": "e", "verdict": "v", "summary": "[!game] s", "reality": "[!game] r" } ],
          "strategies": [ { "id": "uniform", "label": "u", "rules": [ { "prefer": {} } ] },
                          { "id": "s", "label": "s", "rules": [ { "prefer": {} } ] },
                          { "id": "s", "label": "s", "rules": [ { "prefer": {} } ] } ]
        }"#;
        let err = crate::load_scenario(json).unwrap_err();
        let mut found: Vec<String> = err
            .diagnostics()
            .iter()
            .filter(|d| d.code == DiagnosticCode::BadId || d.code == DiagnosticCode::DuplicateId)
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect();
        found.sort();
        let mut want = [
            r#"meta.id: id "Bad Guide" may use only a-z, 0-9, - and _"#,
            r#"meta.actors.US A: actor id "US A" may use only a-z, 0-9, - and _"#,
            r#"meta.sources.Bad Key: source key "Bad Key" may use only a-z, 0-9, - and _"#,
            r#"variables[1].id: variable "v" is already declared at variables[0]"#,
            r#"variables[2].id: variable id "9v" must start with a letter and use only letters, digits and _ (and not be a keyword)"#,
            r#"nodes[0].choices[1].id: choice "c" is already used at nodes[0].choices[0]"#,
            r#"nodes[0].choices[2].id: id "C" may use only a-z, 0-9, - and _"#,
            r#"nodes[0].choices[2].outcomes[1].id: outcome "o" is already used at nodes[0].choices[2].outcomes[0]"#,
            r#"nodes[0].choices[2].outcomes[2].id: id "O!" may use only a-z, 0-9, - and _"#,
            r#"strategies[0].id: strategy id "uniform" must use a-z, 0-9, - and _ and not be "uniform" (built in)"#,
            r#"strategies[2].id: strategy "s" is already used at strategies[1]"#,
        ];
        want.sort();
        assert_eq!(found, want);
    }
}
