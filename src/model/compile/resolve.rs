//! The steps every pass shares: text and markup (with the standards lints),
//! references to sources, variables, targets, tags and actors, expressions,
//! effects and routes.

use super::*;
use crate::prelude::*;

impl Compiler {
    /// A standards lint: a warning here, an error under [`Check::Strict`].
    pub(super) fn lint(
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
    pub(super) fn lint_string(&mut self, s: &str, loc: &str, http: bool) {
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
    pub(super) fn text_location(&self, t: &RawText, loc: &str, i: usize) -> String {
        match t {
            RawText::Plain(_) => loc.to_string(),
            RawText::PerLanguage(_) => format!("{loc}.{}", self.languages[i]),
        }
    }

    /// Text a reader takes as fact (a card body, an ending's summary and "in
    /// reality"): each paragraph cites a source or says it is invented.
    pub(super) fn factual_text(&mut self, t: &RawText, loc: &str) -> LocalText {
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

    pub(super) fn text(&mut self, t: &RawText, loc: &str) -> LocalText {
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

    pub(super) fn opt_text(&mut self, t: &Option<RawText>, loc: &str) -> Option<LocalText> {
        t.as_ref().map(|t| self.text(t, loc))
    }

    pub(super) fn source_ref(&mut self, key: &str, loc: &str) -> Option<usize> {
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

    pub(super) fn source_list(&mut self, keys: &[String], loc: &str) -> Vec<usize> {
        keys.iter()
            .enumerate()
            .filter_map(|(i, k)| self.source_ref(k, &format!("{loc}[{i}]")))
            .collect()
    }

    pub(super) fn expr(&mut self, src: &str, loc: &str) -> Option<Expr> {
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

    pub(super) fn value(&mut self, v: &raw::Value, loc: &str) -> Option<Expr> {
        match v {
            raw::Value::Bool(b) => Some(Expr::constant(if *b { 1.0 } else { 0.0 })),
            raw::Value::Number(n) => Some(Expr::constant(*n)),
            raw::Value::Expr(s) => self.expr(s, loc),
        }
    }

    pub(super) fn variable_ref(&mut self, id: &str, loc: &str) -> Option<(usize, bool)> {
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

    pub(super) fn effects(&mut self, e: &Option<raw::Effects>, loc: &str) -> Vec<Effect> {
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

    pub(super) fn target(&mut self, id: &str, loc: &str) -> Option<Target> {
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

    pub(super) fn next(&mut self, n: &raw::Next, loc: &str) -> Vec<Route> {
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

    pub(super) fn tag(&mut self, t: &str) -> usize {
        match self.tags.iter().position(|x| x == t) {
            Some(i) => i,
            None => {
                // A tag reaches the page as text: no override left open
                // (found by the structural proptest: a tag ending in U+202E).
                let mut t = t.to_string();
                crate::model::text::close_bidi(&mut t);
                self.tags.push(t);
                self.tags.len() - 1
            }
        }
    }

    pub(super) fn actor(&mut self, a: &str, loc: &str) -> usize {
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
}
