//! The cards: each node with its image, choices and outcomes, the
//! strategies, and the static reachability check.

use super::*;
use crate::prelude::*;

impl Compiler {
    pub(super) fn compile_node(&mut self, n: &raw::Node, l: &str) -> Node {
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
            self.check_list_id(IdOf::Choice, &c.id, ci, &mut ids, &format!("{l}.choices"));
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
    pub(super) fn compile_image(&mut self, i: &raw::Image, l: &str) -> Image {
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
        let size = self.image_size(i, l);
        Image {
            src: i.src.clone(),
            alt,
            caption,
            size,
        }
    }

    /// An image's width and height: both or neither, each 1 to [`MAX_IMAGE_SIDE`] pixels.
    fn image_size(&mut self, i: &raw::Image, l: &str) -> Option<(u32, u32)> {
        let fits = |n: u32| (1..=MAX_IMAGE_SIDE).contains(&n);
        match (i.width, i.height) {
            (None, None) => None,
            (Some(w), Some(h)) if fits(w) && fits(h) => Some((w, h)),
            (Some(w), Some(h)) => {
                let field = if fits(w) { "height" } else { "width" };
                let n = if fits(w) { h } else { w };
                self.err(
                    DiagnosticCode::ImageSize,
                    format!("{l}.{field}"),
                    format!("the image's {field} is {n}: give its size in pixels, 1 to {MAX_IMAGE_SIDE}"),
                );
                None
            }
            (w, _) => {
                let (given, missing) = if w.is_some() {
                    ("width", "height")
                } else {
                    ("height", "width")
                };
                self.err(
                    DiagnosticCode::ImageSize,
                    format!("{l}.{missing}"),
                    format!("the image gives its {given} but not its {missing}: give both, in pixels as its file has them, or neither"),
                );
                None
            }
        }
    }

    pub(super) fn missing_alt(&mut self, loc: String) {
        self.err(
            DiagnosticCode::MissingAlt,
            loc,
            "the image has no alt text: say what it shows, for readers who cannot see it",
        );
    }

    pub(super) fn compile_choice(&mut self, c: &raw::Choice, cl: &str) -> Choice {
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

    pub(super) fn compile_outcomes(&mut self, outs: &[raw::Outcome], ol: &str) -> Vec<Outcome> {
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
            self.check_list_id(IdOf::Outcome, &o.id, i, &mut ids, ol);
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

    pub(super) fn compile_strategies(&mut self, raw: &raw::Scenario) -> Vec<Strategy> {
        let mut out = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, s) in raw.strategies.iter().enumerate() {
            let l = format!("strategies[{i}]");
            self.check_list_id(IdOf::Strategy, &s.id, i, &mut seen, "strategies");
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
    pub(super) fn check_static_reachability(
        &mut self,
        start: usize,
        nodes: &[Node],
        endings: &[Ending],
    ) {
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
