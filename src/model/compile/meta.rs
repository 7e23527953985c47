//! The guide-wide passes: actors, card and ending ids, endings, `meta`
//! (languages, sources, start, progress), variables and flashpoints.

use super::*;
use crate::prelude::*;

impl Compiler {
    pub(super) fn compile_actors(&mut self, raw: &raw::Scenario) {
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

    /// Pass 5: declares every node and ending id (one namespace, since `next`
    /// can name either) and resolves the start, which must be a node.
    pub(super) fn declare_targets(&mut self, raw: &raw::Scenario) -> Option<usize> {
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
    pub(super) fn compile_endings(&mut self, raw: &raw::Scenario) -> Vec<Ending> {
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
    pub(super) fn compile_head(&mut self, raw: &raw::Scenario) -> Head {
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
                crate::model::text::close_bidi(&mut citation);
                Source {
                    key: k.clone(),
                    citation,
                    url: s.url.clone(),
                    date: s.date.clone().map(|mut d| {
                        crate::model::text::close_bidi(&mut d);
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
    pub(super) fn lint_unused_sources(&mut self, raw: &raw::Scenario) {
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

    pub(super) fn check_meta(&mut self, raw: &raw::Scenario) -> bool {
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

    pub(super) fn compile_variables(&mut self, raw: &raw::Scenario) -> Vec<Variable> {
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
            self.check_list_id(IdOf::Variable, &v.id, i, &mut seen, "variables");
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
    pub(super) fn compile_flashpoints(
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
}
