//! Compiling a decoded guide into a [`Scenario`]: references, ids,
//! expressions, markup, translations and limits, every problem at once.
//!
//! This is the second of loading's three steps ([`crate::facade::load`]):
//! syntax and types (`json`, `decode`), then this, then the bounded model
//! check of every reachable state ([`crate::analysis::check`]).
//!
//! One `Compiler`, its passes in files by what they compile: `meta.rs` (the
//! guide-wide passes: actors, ids of cards and endings, `meta`, variables,
//! flashpoints), `cards.rs` (cards, choices, outcomes, strategies,
//! reachability), `resolve.rs` (what every pass shares: text, references,
//! expressions, effects, routes) and `ids.rs` (the shape of each kind of id).
//! The limits are in `model/limits.rs`, shared with the packed-file reader.

mod cards;
mod ids;
mod meta;
mod resolve;

use crate::prelude::*;
pub(crate) use ids::non_relative_address;
use ids::*;

use super::expr::{did_you_mean, format_number, Expr};
use super::limits::*;
use super::lint::{self, Lint};
use super::scenario::{raw, *};
use super::text::{is_safe_href, parse_markup, LocalText, RawText, Span, MAX_TEXT_LEN};
use crate::error::{Diagnostic, DiagnosticCode};
use hashbrown::{HashMap, HashSet};

/// Compiles a decoded guide: every pass in order, each reporting all it finds.
/// Returns the scenario (none when a pass could not build one) and every
/// diagnostic. `lints` runs the standards lints (authors' tools, not a reader's page).
pub(crate) fn compile(raw: &raw::Scenario, lints: bool) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut c = Compiler::new(raw, lints);
    let scenario = c.compile(raw);
    (scenario, c.diags)
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
            actors: core::mem::take(&mut self.actors),
            tags: core::mem::take(&mut self.tags),
            flashpoints,
            warnings: Vec::new(),
        })
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
