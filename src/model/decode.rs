//! JSON values → the raw scenario types, reporting every wrong type, unknown
//! field and missing field at once, each with its path and line:column.

use super::expr::did_you_mean;
use super::json::{Json, Value};
use super::scenario::raw;
use super::text::RawText;
use crate::error::{Diagnostic, DiagnosticCode};

/// Decodes a parsed scenario file. On failure, every problem found.
pub fn scenario(j: &Json) -> Result<raw::Scenario, Vec<Diagnostic>> {
    let mut d = Decoder { diags: Vec::new() };
    let s = d.scenario(j);
    match s {
        Some(s) if d.diags.is_empty() => Ok(s),
        _ => Err(d.diags),
    }
}

struct Decoder {
    diags: Vec<Diagnostic>,
}

/// An object's members, checked against the fields a type accepts.
struct Fields<'a> {
    members: &'a [(String, Json)],
    path: String,
}

impl<'a> Fields<'a> {
    fn get(&self, name: &str) -> Option<&'a Json> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    fn at(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }
}

fn at(j: &Json, d: Diagnostic) -> Diagnostic {
    Diagnostic {
        line: Some(j.line),
        column: Some(j.column),
        ..d
    }
}

impl Decoder {
    fn wrong(&mut self, j: &Json, path: &str, expected: &str) {
        self.diags.push(at(
            j,
            Diagnostic::error(
                DiagnosticCode::WrongType,
                path,
                format!("expected {expected}, found {}", j.value.describe()),
            ),
        ));
    }

    /// Checks `j` is an object with only `allowed` fields and every `required` one.
    fn fields<'a>(
        &mut self,
        j: &'a Json,
        path: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Fields<'a>> {
        let Value::Object(members) = &j.value else {
            self.wrong(j, path, "an object");
            return None;
        };
        let f = Fields {
            members,
            path: path.to_string(),
        };
        for (k, v) in members {
            if !allowed.contains(&k.as_str()) {
                let d = Diagnostic::error(
                    DiagnosticCode::UnknownField,
                    f.at(k),
                    format!(
                        "unknown field \"{k}\"; allowed here: {}",
                        allowed.join(", ")
                    ),
                )
                .suggest(did_you_mean(k, allowed.iter().copied()));
                self.diags.push(at(v, d));
            }
        }
        for r in required {
            if f.get(r).is_none() {
                self.diags.push(at(
                    j,
                    Diagnostic::error(
                        DiagnosticCode::MissingField,
                        path,
                        format!("missing required field \"{r}\""),
                    ),
                ));
            }
        }
        Some(f)
    }

    fn string(&mut self, j: &Json, path: &str) -> Option<String> {
        match &j.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong(j, path, "a string");
                None
            }
        }
    }

    fn number(&mut self, j: &Json, path: &str) -> Option<f64> {
        match j.value {
            Value::Number(n) => Some(n),
            _ => {
                self.wrong(j, path, "a number");
                None
            }
        }
    }

    fn boolean(&mut self, j: &Json, path: &str) -> Option<bool> {
        match j.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong(j, path, "true or false");
                None
            }
        }
    }

    fn text(&mut self, j: &Json, path: &str) -> Option<RawText> {
        match &j.value {
            Value::String(s) => Some(RawText::Plain(s.clone())),
            Value::Object(m) => {
                let mut out = Vec::new();
                for (lang, v) in m {
                    out.push((lang.clone(), self.string(v, &format!("{path}.{lang}"))?));
                }
                Some(RawText::PerLanguage(out))
            }
            _ => {
                self.wrong(
                    j,
                    path,
                    "text: a string, or an object with one string per language",
                );
                None
            }
        }
    }

    fn value(&mut self, j: &Json, path: &str) -> Option<raw::Value> {
        match &j.value {
            Value::Bool(b) => Some(raw::Value::Bool(*b)),
            Value::Number(n) => Some(raw::Value::Number(*n)),
            Value::String(s) => Some(raw::Value::Expr(s.clone())),
            _ => {
                self.wrong(j, path, "a number, true/false, or an expression string");
                None
            }
        }
    }

    fn list<T>(
        &mut self,
        j: &Json,
        path: &str,
        mut item: impl FnMut(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Array(items) = &j.value else {
            self.wrong(j, path, "a list");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, v) in items.iter().enumerate() {
            match item(self, v, &format!("{path}[{i}]")) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn map<T>(
        &mut self,
        j: &Json,
        path: &str,
        mut item: impl FnMut(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<Vec<(String, T)>> {
        let Value::Object(members) = &j.value else {
            self.wrong(j, path, "an object");
            return None;
        };
        let mut out = Vec::with_capacity(members.len());
        let mut ok = true;
        for (k, v) in members {
            match item(self, v, &format!("{path}.{k}")) {
                Some(x) => out.push((k.clone(), x)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn strings(&mut self, j: Option<&Json>, path: &str) -> Option<Vec<String>> {
        match j {
            None => Some(Vec::new()),
            Some(j) => self.list(j, path, |d, v, p| d.string(v, p)),
        }
    }

    /// Required field: decodes it, or `None` (its absence was already reported).
    fn req<T>(
        &mut self,
        f: &Fields<'_>,
        name: &str,
        dec: impl FnOnce(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<T> {
        f.get(name).and_then(|j| dec(self, j, &f.at(name)))
    }

    /// Optional field: `Some(None)` when absent, `None` when present but wrong.
    fn opt<T>(
        &mut self,
        f: &Fields<'_>,
        name: &str,
        dec: impl FnOnce(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<Option<T>> {
        match f.get(name) {
            None
            | Some(Json {
                value: Value::Null, ..
            }) => Some(None),
            Some(j) => dec(self, j, &f.at(name)).map(Some),
        }
    }

    fn scenario(&mut self, j: &Json) -> Option<raw::Scenario> {
        if !matches!(j.value, Value::Object(_)) {
            self.wrong(j, "", "one object with \"meta\", \"variables\", \"nodes\", \"endings\" and \"strategies\"");
            return None;
        }
        let f = self.fields(
            j,
            "",
            &[
                "$schema",
                "meta",
                "variables",
                "nodes",
                "endings",
                "strategies",
                "flashpoints",
            ],
            &["meta", "nodes", "endings"],
        )?;
        let meta = self.req(&f, "meta", Self::meta);
        let variables = self
            .opt(&f, "variables", |d, j, p| d.list(j, p, Self::variable))
            .map(Option::unwrap_or_default);
        let nodes = self.req(&f, "nodes", |d, j, p| d.list(j, p, Self::node));
        let endings = self.req(&f, "endings", |d, j, p| d.list(j, p, Self::ending));
        let strategies = self
            .opt(&f, "strategies", |d, j, p| d.list(j, p, Self::strategy))
            .map(Option::unwrap_or_default);
        let flashpoints = self
            .opt(&f, "flashpoints", |d, j, p| d.list(j, p, Self::flashpoint))
            .map(Option::unwrap_or_default);
        let schema = self.opt(&f, "$schema", Self::string);
        Some(raw::Scenario {
            schema: schema?,
            meta: meta?,
            variables: variables?,
            nodes: nodes?,
            endings: endings?,
            strategies: strategies?,
            flashpoints: flashpoints?,
        })
    }

    fn flashpoint(&mut self, j: &Json, path: &str) -> Option<raw::Flashpoint> {
        let f = self.fields(
            j,
            path,
            &["id", "label", "description", "sources"],
            &["id", "label"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let label = self.req(&f, "label", Self::text);
        let description = self.opt(&f, "description", Self::text);
        let sources = self.strings(f.get("sources"), &f.at("sources"));
        Some(raw::Flashpoint {
            id: id?,
            label: label?,
            description: description?,
            sources: sources?,
        })
    }

    fn meta(&mut self, j: &Json, path: &str) -> Option<raw::Meta> {
        const ALLOWED: [&str; 11] = [
            "id",
            "version",
            "title",
            "summary",
            "languages",
            "default_language",
            "sources",
            "assumptions",
            "start",
            "progress",
            "actors",
        ];
        let f = self.fields(
            j,
            path,
            &ALLOWED,
            &[
                "id",
                "version",
                "title",
                "summary",
                "languages",
                "default_language",
                "assumptions",
                "start",
            ],
        )?;
        let id = self.req(&f, "id", Self::string);
        let version = self.req(&f, "version", |d, j, p| {
            let n = d.number(j, p)?;
            if n.fract() != 0.0 || !(0.0..=u32::MAX as f64).contains(&n) {
                d.wrong(j, p, "a whole number");
                return None;
            }
            Some(n as u32)
        });
        let title = self.req(&f, "title", Self::text);
        let summary = self.req(&f, "summary", Self::text);
        let languages = self.req(&f, "languages", |d, j, p| d.list(j, p, Self::string));
        let default_language = self.req(&f, "default_language", Self::string);
        let sources = self
            .opt(&f, "sources", |d, j, p| d.map(j, p, Self::source))
            .map(Option::unwrap_or_default);
        let assumptions = self.req(&f, "assumptions", Self::text);
        let start = self.req(&f, "start", Self::string);
        let progress = self.opt(&f, "progress", |d, j, p| {
            let f = d.fields(j, p, &["variable", "label"], &["variable", "label"])?;
            let variable = d.req(&f, "variable", Self::string);
            let label = d.req(&f, "label", Self::text);
            Some(raw::Progress {
                variable: variable?,
                label: label?,
            })
        });
        let actors = self.opt(&f, "actors", |d, j, p| d.map(j, p, Self::text));
        Some(raw::Meta {
            actors: actors?,
            id: id?,
            version: version?,
            title: title?,
            summary: summary?,
            languages: languages?,
            default_language: default_language?,
            sources: sources?,
            assumptions: assumptions?,
            start: start?,
            progress: progress?,
        })
    }

    fn source(&mut self, j: &Json, path: &str) -> Option<raw::Source> {
        if let Value::String(s) = &j.value {
            return Some(raw::Source {
                citation: s.clone(),
                url: None,
                date: None,
                lang: None,
            });
        }
        let f = self.fields(j, path, &["citation", "url", "date", "lang"], &["citation"])?;
        let citation = self.req(&f, "citation", Self::string);
        let url = self.opt(&f, "url", Self::string);
        let date = self.opt(&f, "date", Self::string);
        let lang = self.opt(&f, "lang", Self::string);
        Some(raw::Source {
            citation: citation?,
            url: url?,
            date: date?,
            lang: lang?,
        })
    }

    fn image(&mut self, j: &Json, path: &str) -> Option<raw::Image> {
        let f = self.fields(j, path, &["src", "alt", "caption"], &["src", "alt"])?;
        let src = self.req(&f, "src", Self::string);
        let alt = self.req(&f, "alt", Self::text);
        let caption = self.opt(&f, "caption", Self::text);
        Some(raw::Image {
            src: src?,
            alt: alt?,
            caption: caption?,
        })
    }

    fn variable(&mut self, j: &Json, path: &str) -> Option<raw::Variable> {
        let f = self.fields(
            j,
            path,
            &[
                "id",
                "kind",
                "label",
                "description",
                "min",
                "max",
                "start",
                "shown",
            ],
            &["id", "kind", "label", "start"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let kind = self.req(&f, "kind", |d, j, p| match &j.value {
            Value::String(s) if s == "meter" => Some(raw::VariableKind::Meter),
            Value::String(s) if s == "flag" => Some(raw::VariableKind::Flag),
            _ => {
                d.wrong(j, p, "\"meter\" or \"flag\"");
                None
            }
        });
        let label = self.req(&f, "label", Self::text);
        let description = self.opt(&f, "description", Self::text);
        let min = self.opt(&f, "min", Self::number);
        let max = self.opt(&f, "max", Self::number);
        let start = self.req(&f, "start", |d, j, p| match j.value {
            Value::Bool(b) => Some(raw::Scalar::Bool(b)),
            Value::Number(n) => Some(raw::Scalar::Number(n)),
            _ => {
                d.wrong(j, p, "a number (meters) or true/false (flags)");
                None
            }
        });
        let shown = self.opt(&f, "shown", Self::boolean);
        Some(raw::Variable {
            id: id?,
            kind: kind?,
            label: label?,
            description: description?,
            min: min?,
            max: max?,
            start: start?,
            shown: shown?,
        })
    }

    fn effects(&mut self, j: &Json, path: &str) -> Option<raw::Effects> {
        let f = self.fields(j, path, &["set", "add", "clamp"], &[])?;
        let set = self
            .opt(&f, "set", |d, j, p| d.map(j, p, Self::value))
            .map(Option::unwrap_or_default);
        let add = self
            .opt(&f, "add", |d, j, p| d.map(j, p, Self::value))
            .map(Option::unwrap_or_default);
        let clamp = self
            .opt(&f, "clamp", |d, j, p| {
                d.map(j, p, |d, j, p| match &j.value {
                    Value::Array(a) if a.len() == 2 => {
                        let lo = d.value(&a[0], &format!("{p}[0]"));
                        let hi = d.value(&a[1], &format!("{p}[1]"));
                        Some([lo?, hi?])
                    }
                    _ => {
                        d.wrong(j, p, "a list of two values [lowest, highest]");
                        None
                    }
                })
            })
            .map(Option::unwrap_or_default);
        Some(raw::Effects {
            set: set?,
            add: add?,
            clamp: clamp?,
        })
    }

    fn next(&mut self, j: &Json, path: &str) -> Option<raw::Next> {
        match &j.value {
            Value::String(s) => Some(raw::Next::To(s.clone())),
            Value::Array(_) => self
                .list(j, path, |d, j, p| {
                    let f = d.fields(j, p, &["when", "to"], &["to"])?;
                    let when = d.opt(&f, "when", Self::string);
                    let to = d.req(&f, "to", Self::string);
                    Some(raw::Route {
                        when: when?,
                        to: to?,
                    })
                })
                .map(raw::Next::Routes),
            _ => {
                self.wrong(
                    j,
                    path,
                    "a node or ending id, or a list of { \"when\", \"to\" } routes",
                );
                None
            }
        }
    }

    fn node(&mut self, j: &Json, path: &str) -> Option<raw::Node> {
        let f = self.fields(
            j,
            path,
            &[
                "id", "actor", "heading", "body", "sources", "prompt", "image", "effects",
                "choices",
            ],
            &["id", "actor", "heading", "body", "choices"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let actor = self.req(&f, "actor", Self::string);
        let heading = self.req(&f, "heading", Self::text);
        let body = self.req(&f, "body", Self::text);
        let sources = self.strings(f.get("sources"), &f.at("sources"));
        let prompt = self.opt(&f, "prompt", Self::text);
        let image = self.opt(&f, "image", Self::image);
        let effects = self.opt(&f, "effects", Self::effects);
        let choices = self.req(&f, "choices", |d, j, p| d.list(j, p, Self::choice));
        Some(raw::Node {
            id: id?,
            actor: actor?,
            heading: heading?,
            body: body?,
            sources: sources?,
            prompt: prompt?,
            image: image?,
            effects: effects?,
            choices: choices?,
        })
    }

    fn choice(&mut self, j: &Json, path: &str) -> Option<raw::Choice> {
        let f = self.fields(
            j,
            path,
            &[
                "id",
                "label",
                "when",
                "unmet",
                "tags",
                "flashpoint",
                "effects",
                "next",
                "outcomes",
            ],
            &["id", "label"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let label = self.req(&f, "label", Self::text);
        let when = self.opt(&f, "when", Self::string);
        let unmet = self.opt(&f, "unmet", Self::text);
        let tags = self.strings(f.get("tags"), &f.at("tags"));
        let flashpoint = self.opt(&f, "flashpoint", Self::string);
        let effects = self.opt(&f, "effects", Self::effects);
        let next = self.opt(&f, "next", Self::next);
        let outcomes = self.opt(&f, "outcomes", |d, j, p| d.list(j, p, Self::outcome));
        Some(raw::Choice {
            id: id?,
            label: label?,
            when: when?,
            unmet: unmet?,
            tags: tags?,
            flashpoint: flashpoint?,
            effects: effects?,
            next: next?,
            outcomes: outcomes?,
        })
    }

    fn outcome(&mut self, j: &Json, path: &str) -> Option<raw::Outcome> {
        let f = self.fields(
            j,
            path,
            &[
                "id", "label", "text", "actor", "weight", "effects", "next", "sources",
            ],
            &["id", "label", "weight", "next"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let label = self.req(&f, "label", Self::text);
        let text = self.opt(&f, "text", Self::text);
        let actor = self.opt(&f, "actor", Self::string);
        let weight = self.req(&f, "weight", Self::value);
        let effects = self.opt(&f, "effects", Self::effects);
        let next = self.req(&f, "next", Self::next);
        let sources = self.strings(f.get("sources"), &f.at("sources"));
        Some(raw::Outcome {
            id: id?,
            label: label?,
            text: text?,
            actor: actor?,
            weight: weight?,
            effects: effects?,
            next: next?,
            sources: sources?,
        })
    }

    fn ending(&mut self, j: &Json, path: &str) -> Option<raw::Ending> {
        let f = self.fields(
            j,
            path,
            &["id", "verdict", "summary", "reality", "sources"],
            &["id", "verdict", "summary", "reality"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let verdict = self.req(&f, "verdict", Self::text);
        let summary = self.req(&f, "summary", Self::text);
        let reality = self.req(&f, "reality", Self::text);
        let sources = self.strings(f.get("sources"), &f.at("sources"));
        Some(raw::Ending {
            id: id?,
            verdict: verdict?,
            summary: summary?,
            reality: reality?,
            sources: sources?,
        })
    }

    fn strategy(&mut self, j: &Json, path: &str) -> Option<raw::Strategy> {
        let f = self.fields(
            j,
            path,
            &["id", "label", "description", "rules"],
            &["id", "label", "rules"],
        )?;
        let id = self.req(&f, "id", Self::string);
        let label = self.req(&f, "label", Self::text);
        let description = self.opt(&f, "description", Self::text);
        let rules = self.req(&f, "rules", |d, j, p| {
            d.list(j, p, |d, j, p| {
                let f = d.fields(j, p, &["when", "prefer"], &["prefer"])?;
                let when = d.opt(&f, "when", Self::string);
                let prefer = d.req(&f, "prefer", |d, j, p| d.map(j, p, Self::number));
                Some(raw::Rule {
                    when: when?,
                    prefer: prefer?,
                })
            })
        });
        Some(raw::Strategy {
            id: id?,
            label: label?,
            description: description?,
            rules: rules?,
        })
    }
}

/// Path → (line, column) of every value in a parsed file, for locating the
/// diagnostics that later checks report by path.
pub fn positions(j: &Json) -> std::collections::HashMap<String, (usize, usize)> {
    fn walk(j: &Json, path: String, out: &mut std::collections::HashMap<String, (usize, usize)>) {
        match &j.value {
            Value::Object(m) => {
                for (k, v) in m {
                    walk(
                        v,
                        if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        },
                        out,
                    );
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
        out.insert(path, (j.line, j.column));
    }
    let mut out = std::collections::HashMap::new();
    walk(j, String::new(), &mut out);
    out
}
