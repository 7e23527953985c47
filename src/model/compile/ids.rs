//! Ids: the shape of each kind of id, the one check that an id is well
//! formed and not taken, and the address rule for images.

use super::*;
use crate::prelude::*;

pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A BCP 47 tag's shape: a 2–3 letter language, then optional subtags (zh-Hant, pt-BR).
pub(super) fn is_language_tag(l: &str) -> bool {
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
        c.is_whitespace() || c.is_control() || crate::model::text::is_bidi_control(c) || c == '\\'
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

pub(super) fn is_variable_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(s, "true" | "false" | "min" | "max" | "clamp")
}

/// What an id names: the rule for its shape and the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IdOf {
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
    pub(super) fn well_formed(self, id: &str) -> bool {
        match self {
            IdOf::Variable | IdOf::Flashpoint => is_variable_id(id),
            IdOf::Strategy => is_id(id) && id != "uniform",
            _ => is_id(id),
        }
    }

    /// Why `id` is not well formed.
    pub(super) fn shape_message(self, id: &str) -> String {
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
    pub(super) fn noun(self) -> &'static str {
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
    pub(super) fn verb(self) -> &'static str {
        match self {
            IdOf::Variable | IdOf::Flashpoint => "declared",
            _ => "used",
        }
    }
}

impl Compiler {
    /// The one id check: `id` (of kind `of`, written at `loc`) has its kind's
    /// shape, and is not already taken — `first` is the kind and location of
    /// an earlier declaration of the same id in its namespace, if any.
    pub(super) fn check_id(
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

    /// [`check_id`](Self::check_id) for item `i` of one list (at `list`, e.g.
    /// `variables`), whose ids must differ from each other: `seen` holds the
    /// list's ids so far, and this one joins it.
    pub(super) fn check_list_id<'a>(
        &mut self,
        of: IdOf,
        id: &'a str,
        i: usize,
        seen: &mut HashMap<&'a str, usize>,
        list: &str,
    ) {
        let first = seen.insert(id, i).map(|f| (of, format!("{list}[{f}]")));
        self.check_id(of, id, format!("{list}[{i}].id"), first);
    }
}
