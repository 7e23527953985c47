//! JSON values → the raw scenario types, reporting every wrong type, unknown
//! field and missing field at once, each with its path and line:column.
//!
//! Each field of the file format is declared once, in `scenario.rs`'s
//! [`raw`] types, through [`file_format!`]: the struct field, whether the
//! object requires it, and how it is read. The lists of allowed and required
//! fields that the messages name, and the reading itself, come from that one
//! declaration, so adding a field is one line (plus its compile step).

use super::expr::did_you_mean;
use super::json::{Json, Value};
use super::scenario::raw;
use super::text::RawText;
use crate::error::{Diagnostic, DiagnosticCode};
use crate::prelude::*;

/// Declares a type of the file format once: the struct (with its docs and
/// any schema attributes of its own, passed through), the fields its JSON
/// object accepts (in declaration order: the order the "allowed here"
/// message lists them and the order they are read in), which it requires,
/// and how each is read. The JSON Schema (`agreement-guide schema`, with the
/// `cli` feature) follows the same declaration: the macro adds the schemars
/// derive, `deny_unknown_fields`, each field's JSON name and `default` for
/// every field the decoder does not require, so the schema and the decoder
/// cannot disagree on which fields are required.
///
/// Each field is `name: Type = how(decoder)`, `decoder` being a function
/// `(&mut Decoder, &Json, path) -> Option<T>`, and `how` one of:
/// - `req`: required, `Type` is `T`;
/// - `opt`: optional, `Type` is `Option<T>` (absent or `null` is `None`);
/// - `or_default`: optional, `Type` is `T`, its default when absent or `null`;
/// - `list`: optional, `Type` is `Vec<T>`, empty when absent (a `null` is a
///   wrong type, as for any other non-list).
///
/// A field whose JSON name is not its Rust name gives it in brackets:
/// `schema["$schema"]: Option<String> = opt(Decoder::string)`. A field whose
/// schema is not its Rust type's gives it with `#[cfg_attr(feature = "cli",
/// schemars(with = "…"))]`.
macro_rules! file_format {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$fattr:meta])*
                $field:ident $([$json:literal])? : $ty:ty = $how:ident($dec:expr)
            ),* $(,)?
        }
    ) => {
        $crate::model::decode::file_format!(
            @struct [
                $(#[$attr])*
                #[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
                #[cfg_attr(feature = "cli", serde(deny_unknown_fields))]
                pub struct $name
            ] []
            $( $(#[$fattr])* $field $([$json])? : $ty = $how, )*
        );

        impl $crate::model::decode::Decode for $name {
            const FIELDS: &'static [(&'static str, bool)] = &[
                $((
                    $crate::model::decode::file_format!(@name $field $($json)?),
                    $crate::model::decode::file_format!(@required $how),
                ),)*
            ];

            fn read_fields(
                d: &mut $crate::model::decode::Decoder,
                f: &$crate::model::decode::Fields<'_>,
            ) -> Option<Self> {
                $(
                    let $field = $crate::model::decode::file_format!(
                        @read d, f, $how,
                        $crate::model::decode::file_format!(@name $field $($json)?),
                        $dec
                    );
                )*
                Some($name { $( $field: $field?, )* })
            }
        }
    };
    // The struct, one field at a time: each with its JSON name and, when the
    // decoder does not require it and its type is not an `Option` (which the
    // schema already leaves out of `required`), `default`.
    (@struct [$($head:tt)*] [$($done:tt)*]) => {
        $($head)* { $($done)* }
    };
    // Each kind of field forwards to `@field` with the attribute it adds:
    // `default` where the decoder fills in a missing field itself.
    (@struct $head:tt $done:tt
        $(#[$a:meta])* $field:ident $([$json:literal])? : $ty:ty = req, $($rest:tt)*
    ) => {
        $crate::model::decode::file_format!(@field $head $done [] $(#[$a])* $field $([$json])? : $ty, $($rest)*);
    };
    (@struct $head:tt $done:tt
        $(#[$a:meta])* $field:ident $([$json:literal])? : $ty:ty = opt, $($rest:tt)*
    ) => {
        $crate::model::decode::file_format!(@field $head $done [] $(#[$a])* $field $([$json])? : $ty, $($rest)*);
    };
    (@struct $head:tt $done:tt
        $(#[$a:meta])* $field:ident $([$json:literal])? : $ty:ty = or_default, $($rest:tt)*
    ) => {
        $crate::model::decode::file_format!(@field $head $done [#[cfg_attr(feature = "cli", serde(default))]]
            $(#[$a])* $field $([$json])? : $ty, $($rest)*);
    };
    (@struct $head:tt $done:tt
        $(#[$a:meta])* $field:ident $([$json:literal])? : $ty:ty = list, $($rest:tt)*
    ) => {
        $crate::model::decode::file_format!(@field $head $done [#[cfg_attr(feature = "cli", serde(default))]]
            $(#[$a])* $field $([$json])? : $ty, $($rest)*);
    };
    (@field $head:tt [$($done:tt)*] [$($default:tt)*]
        $(#[$a:meta])* $field:ident $([$json:literal])? : $ty:ty, $($rest:tt)*
    ) => {
        $crate::model::decode::file_format!(@struct $head [
            $($done)*
            $(#[$a])*
            $(#[cfg_attr(feature = "cli", serde(rename = $json))])?
            $($default)*
            pub $field: $ty,
        ] $($rest)*);
    };
    (@name $field:ident) => { stringify!($field) };
    (@name $field:ident $json:literal) => { $json };
    (@required req) => { true };
    (@required $how:ident) => { false };
    (@read $d:ident, $f:ident, req, $n:expr, $dec:expr) => { $d.req($f, $n, $dec) };
    (@read $d:ident, $f:ident, opt, $n:expr, $dec:expr) => { $d.opt($f, $n, $dec) };
    (@read $d:ident, $f:ident, or_default, $n:expr, $dec:expr) => {
        $d.opt($f, $n, $dec).map(Option::unwrap_or_default)
    };
    (@read $d:ident, $f:ident, list, $n:expr, $dec:expr) => {
        match $f.get($n) {
            None => Some(Vec::new()),
            Some(j) => $d.list(j, &$f.at($n), $dec),
        }
    };
}
pub(crate) use file_format;

/// A type of the file format read from a JSON object (implemented by
/// [`file_format!`]).
pub(crate) trait Decode: Sized {
    /// Every field the object accepts, in order, and whether it is required.
    const FIELDS: &'static [(&'static str, bool)];

    /// Reads the fields of an object already checked against [`Self::FIELDS`].
    fn read_fields(d: &mut Decoder, f: &Fields<'_>) -> Option<Self>;

    /// Reads `j`, an object with only the fields the type accepts and every
    /// one it requires; `None` when it is not (every problem reported).
    fn decode(d: &mut Decoder, j: &Json, path: &str) -> Option<Self> {
        let f = d.fields(j, path, Self::FIELDS)?;
        Self::read_fields(d, &f)
    }
}

/// Decodes a parsed scenario file. On failure, every problem found.
pub fn scenario(j: &Json) -> Result<raw::Scenario, Vec<Diagnostic>> {
    let mut d = Decoder { diags: Vec::new() };
    let s = d.scenario(j);
    match s {
        Some(s) if d.diags.is_empty() => Ok(s),
        _ => Err(d.diags),
    }
}

/// Reads the file format, collecting every problem it finds.
pub(crate) struct Decoder {
    diags: Vec<Diagnostic>,
}

/// An object's members, checked against the fields a type accepts.
pub(crate) struct Fields<'a> {
    members: &'a [(String, Json)],
    path: String,
}

impl<'a> Fields<'a> {
    pub(crate) fn get(&self, name: &str) -> Option<&'a Json> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    pub(crate) fn at(&self, name: &str) -> String {
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

    /// Checks `j` is an object with only the `fields` listed and every one
    /// marked required.
    fn fields<'a>(
        &mut self,
        j: &'a Json,
        path: &str,
        fields: &[(&str, bool)],
    ) -> Option<Fields<'a>> {
        let Value::Object(members) = &j.value else {
            self.wrong(j, path, "an object");
            return None;
        };
        let f = Fields {
            members,
            path: path.to_string(),
        };
        let allowed = || fields.iter().map(|&(name, _)| name);
        for (k, v) in members {
            if !allowed().any(|a| a == k) {
                let d = Diagnostic::error(
                    DiagnosticCode::UnknownField,
                    f.at(k),
                    format!(
                        "unknown field \"{k}\"; allowed here: {}",
                        allowed().collect::<Vec<_>>().join(", ")
                    ),
                )
                .suggest(did_you_mean(k, allowed()));
                self.diags.push(at(v, d));
            }
        }
        for r in fields.iter().filter(|f| f.1).map(|f| f.0) {
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

    pub(crate) fn string(&mut self, j: &Json, path: &str) -> Option<String> {
        match &j.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong(j, path, "a string");
                None
            }
        }
    }

    pub(crate) fn number(&mut self, j: &Json, path: &str) -> Option<f64> {
        match j.value {
            Value::Number(n) => Some(n),
            _ => {
                self.wrong(j, path, "a number");
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, j: &Json, path: &str) -> Option<bool> {
        match j.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong(j, path, "true or false");
                None
            }
        }
    }

    pub(crate) fn text(&mut self, j: &Json, path: &str) -> Option<RawText> {
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

    pub(crate) fn value(&mut self, j: &Json, path: &str) -> Option<raw::Value> {
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

    pub(crate) fn list<T>(
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

    pub(crate) fn map<T>(
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

    /// Required field: decodes it, or `None` (its absence was already reported).
    pub(crate) fn req<T>(
        &mut self,
        f: &Fields<'_>,
        name: &str,
        dec: impl FnOnce(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<T> {
        f.get(name).and_then(|j| dec(self, j, &f.at(name)))
    }

    /// Optional field: `Some(None)` when absent, `None` when present but wrong.
    pub(crate) fn opt<T>(
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
        raw::Scenario::decode(self, j, "")
    }

    /// A list of one type of the file format.
    pub(crate) fn list_of<T: Decode>(&mut self, j: &Json, path: &str) -> Option<Vec<T>> {
        self.list(j, path, T::decode)
    }

    /// A whole number that fits in 32 bits (`meta.version`, an image's size).
    pub(crate) fn whole(&mut self, j: &Json, path: &str) -> Option<u32> {
        let n = self.number(j, path)?;
        if libm::trunc(n) != n || !(0.0..=u32::MAX as f64).contains(&n) {
            self.wrong(j, path, "a whole number");
            return None;
        }
        Some(n as u32)
    }

    /// A source: a bare citation, or an object.
    pub(crate) fn source(&mut self, j: &Json, path: &str) -> Option<raw::Source> {
        if let Value::String(s) = &j.value {
            return Some(raw::Source {
                citation: s.clone(),
                url: None,
                date: None,
                lang: None,
            });
        }
        raw::Source::decode(self, j, path)
    }

    /// A variable's kind.
    pub(crate) fn variable_kind(&mut self, j: &Json, path: &str) -> Option<raw::VariableKind> {
        match &j.value {
            Value::String(s) if s == "meter" => Some(raw::VariableKind::Meter),
            Value::String(s) if s == "flag" => Some(raw::VariableKind::Flag),
            _ => {
                self.wrong(j, path, "\"meter\" or \"flag\"");
                None
            }
        }
    }

    /// A variable's start value.
    pub(crate) fn scalar(&mut self, j: &Json, path: &str) -> Option<raw::Scalar> {
        match j.value {
            Value::Bool(b) => Some(raw::Scalar::Bool(b)),
            Value::Number(n) => Some(raw::Scalar::Number(n)),
            _ => {
                self.wrong(j, path, "a number (meters) or true/false (flags)");
                None
            }
        }
    }

    /// A clamp's `[lowest, highest]`.
    pub(crate) fn bounds(&mut self, j: &Json, path: &str) -> Option<[raw::Value; 2]> {
        match &j.value {
            Value::Array(a) if a.len() == 2 => {
                let lo = self.value(&a[0], &format!("{path}[0]"));
                let hi = self.value(&a[1], &format!("{path}[1]"));
                Some([lo?, hi?])
            }
            _ => {
                self.wrong(j, path, "a list of two values [lowest, highest]");
                None
            }
        }
    }

    /// `next`: an id or a list of routes.
    pub(crate) fn next(&mut self, j: &Json, path: &str) -> Option<raw::Next> {
        match &j.value {
            Value::String(s) => Some(raw::Next::To(s.clone())),
            Value::Array(_) => self.list_of(j, path).map(raw::Next::Routes),
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
}

/// Path → (line, column) of every value in a parsed file, for locating the
/// diagnostics that later checks report by path.
pub fn positions(j: &Json) -> hashbrown::HashMap<String, (usize, usize)> {
    fn walk(j: &Json, path: String, out: &mut hashbrown::HashMap<String, (usize, usize)>) {
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
    let mut out = hashbrown::HashMap::new();
    walk(j, String::new(), &mut out);
    out
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::Decode;
    use crate::model::scenario::raw;

    /// Field names an object allows, and those it requires (each sorted).
    type Fields = (Vec<String>, Vec<String>);

    /// The fields an object of the schema allows, and those it requires.
    fn schema_fields(def: &serde_json::Value) -> Fields {
        let names = |v: &serde_json::Value| -> Vec<String> {
            let mut out: Vec<String> = match v {
                serde_json::Value::Object(m) => m.keys().cloned().collect(),
                serde_json::Value::Array(a) => {
                    a.iter().map(|x| x.as_str().unwrap().to_string()).collect()
                }
                _ => Vec::new(),
            };
            out.sort();
            out
        };
        (names(&def["properties"]), names(&def["required"]))
    }

    fn decoder_fields<T: Decode>() -> Fields {
        let mut all: Vec<String> = T::FIELDS.iter().map(|(n, _)| n.to_string()).collect();
        let mut required: Vec<String> = T::FIELDS
            .iter()
            .filter(|(_, r)| *r)
            .map(|(n, _)| n.to_string())
            .collect();
        all.sort();
        required.sort();
        (all, required)
    }

    /// One answer on every object of the format: the JSON Schema
    /// (`agreement-guide schema`, `scenarios/schema.json`) allows and requires
    /// exactly the fields the decoder does (`meta.sources` once differed).
    #[test]
    fn the_schema_allows_and_requires_what_the_decoder_does() {
        let schema: serde_json::Value = serde_json::from_str(&crate::model::json_schema()).unwrap();
        let def = |name: &str| {
            if name == "Scenario" {
                schema.clone()
            } else {
                schema["$defs"][name].clone()
            }
        };
        let checks: Vec<(&str, Fields)> = vec![
            ("Scenario", decoder_fields::<raw::Scenario>()),
            ("Meta", decoder_fields::<raw::Meta>()),
            ("Source", decoder_fields::<raw::Source>()),
            ("Flashpoint", decoder_fields::<raw::Flashpoint>()),
            ("Image", decoder_fields::<raw::Image>()),
            ("Progress", decoder_fields::<raw::Progress>()),
            ("Variable", decoder_fields::<raw::Variable>()),
            ("Effects", decoder_fields::<raw::Effects>()),
            ("Route", decoder_fields::<raw::Route>()),
            ("Node", decoder_fields::<raw::Node>()),
            ("Choice", decoder_fields::<raw::Choice>()),
            ("Outcome", decoder_fields::<raw::Outcome>()),
            ("Ending", decoder_fields::<raw::Ending>()),
            ("Rule", decoder_fields::<raw::Rule>()),
            ("Strategy", decoder_fields::<raw::Strategy>()),
        ];
        for (name, decoder) in checks {
            let d = def(name);
            assert!(d.is_object(), "{name} is not in the schema");
            assert_eq!(schema_fields(&d), decoder, "{name}: (allowed, required)");
        }
    }
}
