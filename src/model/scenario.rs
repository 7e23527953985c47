//! What a guide is: the file format as authors write it ([`raw`]) and the
//! compiled, index-based form the simulator runs ([`Scenario`]).
//!
//! Loading goes raw → compiled in `compile/`, which checks every reference
//! and reports every problem at once. After that nothing looks anything up by
//! name: ids became indices, expressions became code, markup became spans.

use super::expr::Expr;
use super::text::LocalText;
use crate::prelude::*;
use serde::Serialize;

/// The file format as written, decoded from JSON by `decode.rs` (which
/// refuses unknown fields, so a misspelt field name is an error, not silently
/// ignored). Maps keep the file's order.
pub mod raw {
    use super::super::decode::{file_format, Decoder};
    use super::super::text::RawText;
    use crate::prelude::*;

    /// A source: a full citation, or an object with citation, url and date.
    #[cfg(feature = "cli")]
    #[derive(schemars::JsonSchema)]
    #[serde(untagged)]
    #[allow(dead_code)]
    pub enum SourceEntry {
        /// Just the citation.
        Citation(String),
        /// Citation with optional url and date.
        Full(Source),
    }

    file_format! {
        /// A whole scenario file.
        #[derive(Debug, Clone)]
        pub struct Scenario {
            /// Link to the JSON Schema, for editors; ignored by the engine.
            schema["$schema"]: Option<String> = opt(Decoder::string),
            /// Title, languages, sources, start.
            meta: Meta = req(Meta::decode),
            /// Meters and flags.
            variables: Vec<Variable> = or_default(Decoder::list_of),
            /// The cards.
            nodes: Vec<Node> = req(Decoder::list_of),
            /// Where a playthrough can finish.
            endings: Vec<Ending> = req(Decoder::list_of),
            /// Reader policies for simulation.
            strategies: Vec<Strategy> = or_default(Decoder::list_of),
            /// Twists a teacher can switch on (classroom mode); off by default.
            flashpoints: Vec<Flashpoint> = or_default(Decoder::list_of),
        }
    }

    file_format! {
        /// A flashpoint: a twist that is off unless switched on for a run. Its id
        /// reads as a flag in expressions (true when on), and a choice with
        /// `"flashpoint": id` is offered only when it is on.
        #[derive(Debug, Clone)]
        pub struct Flashpoint {
            /// Id, also its name in expressions (letters, digits and _).
            id: String = req(Decoder::string),
            /// Short name for the teacher's switch.
            label: RawText = req(Decoder::text),
            /// What it changes, for the teacher.
            description: Option<RawText> = opt(Decoder::text),
            /// Cited source keys.
            sources: Vec<String> = list(Decoder::string),
        }
    }

    file_format! {
        /// `meta`.
        #[derive(Debug, Clone)]
        pub struct Meta {
            /// Stable id, part of share tokens.
            id: String = req(Decoder::string),
            /// Bumped when the playable content changes.
            version: u32 = req(Decoder::whole),
            /// Title.
            title: RawText = req(Decoder::text),
            /// One paragraph on the agreement.
            summary: RawText = req(Decoder::text),
            /// Declared languages.
            languages: Vec<String> = req(|d, j, p| d.list(j, p, Decoder::string)),
            /// Fallback language.
            default_language: String = req(Decoder::string),
            /// Key → source.
            #[cfg_attr(
                feature = "cli",
                schemars(with = "std::collections::BTreeMap<String, SourceEntry>")
            )]
            sources: Vec<(String, Source)> = or_default(|d, j, p| d.map(j, p, Decoder::source)),
            /// What the model invents.
            assumptions: RawText = req(Decoder::text),
            /// First node id.
            start: String = req(Decoder::string),
            /// Optional progress meter.
            progress: Option<Progress> = opt(Progress::decode),
            /// Actor id → label.
            #[cfg_attr(
                feature = "cli",
                schemars(with = "Option<std::collections::BTreeMap<String, RawText>>")
            )]
            actors: Option<Vec<(String, RawText)>> = opt(|d, j, p| d.map(j, p, Decoder::text)),
        }
    }

    file_format! {
        /// A cited source.
        #[derive(Debug, Clone)]
        pub struct Source {
            /// Full citation.
            citation: String = req(Decoder::string),
            /// Optional https address.
            url: Option<String> = opt(Decoder::string),
            /// Optional publication date.
            date: Option<String> = opt(Decoder::string),
            /// The language the source is written in, when it differs from the
            /// text around it (an English source cited in a Chinese reading), so
            /// the page can tell a screen reader how to voice it.
            lang: Option<String> = opt(Decoder::string),
        }
    }

    file_format! {
        /// An image on a card.
        #[derive(Debug, Clone)]
        pub struct Image {
            /// A relative address on the guide's own site (`images/map.png`),
            /// resolved against the scenario file: a guide loads nothing from
            /// another site.
            #[cfg_attr(
                feature = "cli",
                schemars(regex(pattern = r"^(?![A-Za-z][A-Za-z0-9+.\-]*:)(?!//)[^\s\\]+$"))
            )]
            src: String = req(Decoder::string),
            /// What the image shows, for readers who cannot see it (required, in
            /// every language).
            alt: RawText = req(Decoder::text),
            /// Optional caption shown under the image (credit, source).
            caption: Option<RawText> = opt(Decoder::text),
            /// The image's width in pixels, as its file has it (optional; give
            /// it with `height`), so the page reserves the image's box before
            /// it loads.
            #[cfg_attr(feature = "cli", schemars(range(min = 1, max = 65535)))]
            width: Option<u32> = opt(Decoder::whole),
            /// The image's height in pixels (optional; give it with `width`).
            #[cfg_attr(feature = "cli", schemars(range(min = 1, max = 65535)))]
            height: Option<u32> = opt(Decoder::whole),
        }
    }

    file_format! {
        /// `meta.progress`.
        #[derive(Debug, Clone)]
        pub struct Progress {
            /// The meter that measures progress.
            variable: String = req(Decoder::string),
            /// `"Month {value} of {max}"`.
            label: RawText = req(Decoder::text),
        }
    }

    /// Kinds of variable.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "cli", serde(rename_all = "lowercase"))]
    pub enum VariableKind {
        /// A number in `[min, max]`.
        Meter,
        /// True or false.
        Flag,
    }

    /// A number or a boolean as a start value.
    #[derive(Debug, Clone, Copy)]
    #[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "cli", serde(untagged))]
    pub enum Scalar {
        /// A boolean.
        Bool(bool),
        /// A number.
        Number(f64),
    }

    file_format! {
        /// A variable.
        #[derive(Debug, Clone)]
        pub struct Variable {
            /// Id used in expressions.
            id: String = req(Decoder::string),
            /// Meter or flag.
            kind: VariableKind = req(Decoder::variable_kind),
            /// Label on the dashboard.
            label: RawText = req(Decoder::text),
            /// Longer explanation.
            description: Option<RawText> = opt(Decoder::text),
            /// Lower bound (meters).
            min: Option<f64> = opt(Decoder::number),
            /// Upper bound (meters).
            max: Option<f64> = opt(Decoder::number),
            /// Start value.
            start: Scalar = req(Decoder::scalar),
            /// On the dashboard? Default true.
            shown: Option<bool> = opt(Decoder::boolean),
        }
    }

    /// A number, a boolean, or an expression string.
    #[derive(Debug, Clone)]
    #[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "cli", serde(untagged))]
    pub enum Value {
        /// A boolean.
        Bool(bool),
        /// A number.
        Number(f64),
        /// An expression.
        Expr(String),
    }

    file_format! {
        /// `effects`.
        #[derive(Debug, Clone, Default)]
        pub struct Effects {
            /// Variable → new value.
            #[cfg_attr(
                feature = "cli",
                schemars(with = "std::collections::BTreeMap<String, Value>")
            )]
            set: Vec<(String, Value)> = or_default(|d, j, p| d.map(j, p, Decoder::value)),
            /// Variable → amount added.
            #[cfg_attr(
                feature = "cli",
                schemars(with = "std::collections::BTreeMap<String, Value>")
            )]
            add: Vec<(String, Value)> = or_default(|d, j, p| d.map(j, p, Decoder::value)),
            /// Variable → `[lo, hi]`.
            #[cfg_attr(
                feature = "cli",
                schemars(with = "std::collections::BTreeMap<String, [Value; 2]>")
            )]
            clamp: Vec<(String, [Value; 2])> = or_default(|d, j, p| d.map(j, p, Decoder::bounds)),
        }
    }

    file_format! {
        /// A route: go `to` when `when` holds.
        #[derive(Debug, Clone)]
        pub struct Route {
            /// Condition; none on the last route.
            when: Option<String> = opt(Decoder::string),
            /// Node or ending id.
            to: String = req(Decoder::string),
        }
    }

    /// `next`: an id or a list of routes.
    #[derive(Debug, Clone)]
    #[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "cli", serde(untagged))]
    pub enum Next {
        /// Always here.
        To(String),
        /// The first route whose condition holds.
        Routes(Vec<Route>),
    }

    file_format! {
        /// A node.
        #[derive(Debug, Clone)]
        pub struct Node {
            /// Id.
            id: String = req(Decoder::string),
            /// Who acts here.
            actor: String = req(Decoder::string),
            /// Heading.
            heading: RawText = req(Decoder::text),
            /// Body.
            body: RawText = req(Decoder::text),
            /// Cited source keys.
            sources: Vec<String> = list(Decoder::string),
            /// Discussion prompt.
            prompt: Option<RawText> = opt(Decoder::text),
            /// An image shown on the card.
            image: Option<Image> = opt(Image::decode),
            /// Applied on arrival.
            effects: Option<Effects> = opt(Effects::decode),
            /// The choices.
            choices: Vec<Choice> = req(Decoder::list_of),
        }
    }

    file_format! {
        /// A choice.
        #[derive(Debug, Clone)]
        pub struct Choice {
            /// Id, unique within the node.
            id: String = req(Decoder::string),
            /// Button label.
            label: RawText = req(Decoder::text),
            /// Availability condition.
            when: Option<String> = opt(Decoder::string),
            /// Why it is unavailable.
            unmet: Option<RawText> = opt(Decoder::text),
            /// Strategy tags.
            tags: Vec<String> = list(Decoder::string),
            /// A flashpoint id: the choice is offered only when it is switched on.
            flashpoint: Option<String> = opt(Decoder::string),
            /// Applied when chosen.
            effects: Option<Effects> = opt(Effects::decode),
            /// Fixed destination.
            next: Option<Next> = opt(Decoder::next),
            /// Weighted random destination.
            outcomes: Option<Vec<Outcome>> = opt(Decoder::list_of),
        }
    }

    file_format! {
        /// A weighted outcome.
        #[derive(Debug, Clone)]
        pub struct Outcome {
            /// Id, unique within the choice.
            id: String = req(Decoder::string),
            /// Short label ("China opens an investigation").
            label: RawText = req(Decoder::text),
            /// What happened.
            text: Option<RawText> = opt(Decoder::text),
            /// Who acts.
            actor: Option<String> = opt(Decoder::string),
            /// Relative weight.
            weight: Value = req(Decoder::value),
            /// Applied when drawn.
            effects: Option<Effects> = opt(Effects::decode),
            /// Destination.
            next: Next = req(Decoder::next),
            /// Cited source keys.
            sources: Vec<String> = list(Decoder::string),
        }
    }

    file_format! {
        /// An ending.
        #[derive(Debug, Clone)]
        pub struct Ending {
            /// Id.
            id: String = req(Decoder::string),
            /// One line.
            verdict: RawText = req(Decoder::text),
            /// What this ending means.
            summary: RawText = req(Decoder::text),
            /// What actually happened.
            reality: RawText = req(Decoder::text),
            /// Cited source keys.
            sources: Vec<String> = list(Decoder::string),
        }
    }

    file_format! {
        /// A strategy rule.
        #[derive(Debug, Clone)]
        pub struct Rule {
            /// When the rule applies.
            when: Option<String> = opt(Decoder::string),
            /// Tag → score.
            #[cfg_attr(
                feature = "cli",
                schemars(with = "std::collections::BTreeMap<String, f64>")
            )]
            prefer: Vec<(String, f64)> = req(|d, j, p| d.map(j, p, Decoder::number)),
        }
    }

    file_format! {
        /// A strategy.
        #[derive(Debug, Clone)]
        pub struct Strategy {
            /// Id.
            id: String = req(Decoder::string),
            /// Name.
            label: RawText = req(Decoder::text),
            /// Explanation.
            description: Option<RawText> = opt(Decoder::text),
            /// Rules, first match wins.
            rules: Vec<Rule> = req(Decoder::list_of),
        }
    }
}

/// Who acts or speaks on a card: a scenario declares its actors in
/// `meta.actors` (id → label); `narrator` always exists. Without
/// `meta.actors` the actors are `us`, `china` and `both`, whose labels the
/// front end supplies.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    /// Id used in `nodes[].actor`.
    pub id: String,
    /// Label for badges, when the scenario gives one.
    pub label: Option<LocalText>,
}

/// The actor ids available when a scenario declares none.
pub const DEFAULT_ACTORS: [&str; 3] = ["us", "china", "both"];

/// A compiled scenario, ready to play.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Title, languages, sources.
    pub meta: Meta,
    /// Meters and flags, in file order.
    pub variables: Vec<Variable>,
    /// Cards, in file order.
    pub nodes: Vec<Node>,
    /// Endings, in file order.
    pub endings: Vec<Ending>,
    /// Strategies, in file order.
    pub strategies: Vec<Strategy>,
    /// Actors; index 0 is the narrator. Nodes and outcomes refer to them by index.
    pub actors: Vec<Actor>,
    /// Interned tag names (a choice's tags are indices into this).
    pub tags: Vec<String>,
    /// Flashpoints, in file order; each is a hidden flag variable (start 0)
    /// that a run's configuration, not the guide, switches on (see
    /// [`Flashpoints`](crate::run::config::Flashpoints)).
    pub flashpoints: Vec<Flashpoint>,
    /// Warnings found at load (errors prevent loading).
    pub warnings: Vec<crate::Diagnostic>,
}

/// Compiled `meta`.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Stable id.
    pub id: String,
    /// Content version.
    pub version: u32,
    /// Title.
    pub title: LocalText,
    /// Summary.
    pub summary: LocalText,
    /// Language codes; indices are language indices.
    pub languages: Vec<String>,
    /// Index of the default language.
    pub default_language: usize,
    /// Sources in file order.
    pub sources: Vec<Source>,
    /// Model assumptions.
    pub assumptions: LocalText,
    /// First node.
    pub start: usize,
    /// Progress meter.
    pub progress: Option<Progress>,
}

/// A cited source.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
pub struct Source {
    /// Key used in `[^key]`.
    pub key: String,
    /// Full citation.
    pub citation: String,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The source's own language, when the author gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// An image on a card.
#[derive(Debug, Clone, Default)]
pub struct Image {
    /// Relative address, resolved against the scenario file.
    pub src: String,
    /// Alt text.
    pub alt: LocalText,
    /// Caption.
    pub caption: Option<LocalText>,
    /// Width and height in pixels, when the guide gives them.
    pub size: Option<(u32, u32)>,
}

/// Progress meter.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Variable index.
    pub variable: usize,
    /// Label with `{value}` and `{max}`.
    pub label: LocalText,
}

/// A variable.
#[derive(Debug, Clone, Default)]
pub struct Variable {
    /// Id.
    pub id: String,
    /// True for flags.
    pub is_flag: bool,
    /// Label.
    pub label: LocalText,
    /// Explanation.
    pub description: Option<LocalText>,
    /// Lower bound (0 for flags).
    pub min: f64,
    /// Upper bound (1 for flags).
    pub max: f64,
    /// Start value.
    pub start: f64,
    /// On the dashboard.
    pub shown: bool,
}

/// How an effect changes a variable.
#[derive(Debug, Clone, PartialEq)]
pub enum EffectOp {
    /// `var = value`.
    Set(Expr),
    /// `var += value`.
    Add(Expr),
    /// `var = clamp(var, lo, hi)`.
    Clamp(Expr, Expr),
}

/// One effect on one variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// Variable index.
    pub variable: usize,
    /// What happens to it.
    pub op: EffectOp,
}

/// A route.
#[derive(Debug, Clone)]
pub struct Route {
    /// Condition (none = always).
    pub when: Option<Expr>,
    /// Where to.
    pub to: Target,
}

/// A node or an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Node index.
    Node(usize),
    /// Ending index.
    Ending(usize),
}

/// A card.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Id.
    pub id: String,
    /// Who acts (index into `Scenario::actors`).
    pub actor: usize,
    /// Heading.
    pub heading: LocalText,
    /// Body.
    pub body: LocalText,
    /// Source indices cited by the card.
    pub sources: Vec<usize>,
    /// Discussion prompt.
    pub prompt: Option<LocalText>,
    /// Image.
    pub image: Option<Image>,
    /// On arrival.
    pub effects: Vec<Effect>,
    /// Choices.
    pub choices: Vec<Choice>,
}

/// A compiled flashpoint.
#[derive(Debug, Clone, Default)]
pub struct Flashpoint {
    /// Id.
    pub id: String,
    /// Label.
    pub label: LocalText,
    /// What it changes.
    pub description: Option<LocalText>,
    /// Source indices.
    pub sources: Vec<usize>,
    /// Index of its flag in `Scenario::variables` (hidden, start 0; a run sets it).
    pub variable: usize,
}

/// A choice.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Id.
    pub id: String,
    /// Label.
    pub label: LocalText,
    /// Availability.
    pub when: Option<Expr>,
    /// Why unavailable.
    pub unmet: Option<LocalText>,
    /// Tag indices.
    pub tags: Vec<usize>,
    /// The flag variable of the flashpoint that must be on for the choice to be offered.
    pub flashpoint: Option<usize>,
    /// When chosen.
    pub effects: Vec<Effect>,
    /// Where it goes.
    pub step: Step,
}

/// Fixed or random destination.
#[derive(Debug, Clone)]
pub enum Step {
    /// Routes.
    Next(Vec<Route>),
    /// Weighted outcomes.
    Outcomes(Vec<Outcome>),
}

/// A weighted outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Id.
    pub id: String,
    /// Label.
    pub label: LocalText,
    /// Text.
    pub text: Option<LocalText>,
    /// Who acts (index into `Scenario::actors`).
    pub actor: Option<usize>,
    /// Weight.
    pub weight: Expr,
    /// When drawn.
    pub effects: Vec<Effect>,
    /// Routes.
    pub next: Vec<Route>,
    /// Source indices.
    pub sources: Vec<usize>,
}

/// An ending.
#[derive(Debug, Clone, Default)]
pub struct Ending {
    /// Id.
    pub id: String,
    /// Verdict.
    pub verdict: LocalText,
    /// Summary.
    pub summary: LocalText,
    /// In reality.
    pub reality: LocalText,
    /// Source indices.
    pub sources: Vec<usize>,
}

/// A strategy.
#[derive(Debug, Clone, Default)]
pub struct Strategy {
    /// Id.
    pub id: String,
    /// Name.
    pub label: LocalText,
    /// Explanation.
    pub description: Option<LocalText>,
    /// Rules.
    pub rules: Vec<Rule>,
}

/// A strategy rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Condition.
    pub when: Option<Expr>,
    /// (tag index, score).
    pub prefer: Vec<(usize, f64)>,
}

impl Scenario {
    /// Index of the node with this id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }
    /// Index of the ending with this id.
    pub fn ending_index(&self, id: &str) -> Option<usize> {
        self.endings.iter().position(|e| e.id == id)
    }
    /// Index of the variable with this id.
    pub fn variable_index(&self, id: &str) -> Option<usize> {
        self.variables.iter().position(|v| v.id == id)
    }
    /// Index of a language code.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.meta.languages.iter().position(|l| l == code)
    }
    /// The start values of every variable, every flashpoint off (a run sets
    /// its flashpoints: [`Flashpoints::start_values`](crate::run::config::Flashpoints::start_values)).
    pub fn start_values(&self) -> Vec<f64> {
        self.variables.iter().map(|v| v.start).collect()
    }
}

impl Choice {
    /// Every route the choice can take, each with the outcome it belongs to:
    /// its own routes (a fixed destination), or every outcome's in order (a
    /// random choice). The one walk over a choice's routes that reading
    /// order, the map and the handout share.
    pub fn routes(&self) -> impl Iterator<Item = (Option<&Outcome>, &Route)> {
        let (own, outcomes): (&[Route], &[Outcome]) = match &self.step {
            Step::Next(r) => (r, &[]),
            Step::Outcomes(o) => (&[], o),
        };
        own.iter().map(|r| (None, r)).chain(
            outcomes
                .iter()
                .flat_map(|o| o.next.iter().map(move |r| (Some(o), r))),
        )
    }
}

/// What a walk over a guide's text meets: a text slot the guide must fill,
/// an optional text slot (met whether it holds a text or not), or a list of
/// cited sources (indices into `meta.sources`) where the guide gives one.
#[derive(Debug)]
pub enum Slot<T, O, S> {
    /// A text slot the guide must fill.
    Text(T),
    /// An optional text slot: `Some` when the guide fills it.
    Optional(O),
    /// A list of cited sources.
    Sources(S),
}

/// A slot as [`Scenario::visit_texts`] gives it.
pub type SlotRef<'a> = Slot<&'a LocalText, &'a Option<LocalText>, &'a [usize]>;
/// A slot as [`Scenario::visit_texts_mut`] gives it, to change.
pub type SlotMut<'a> = Slot<&'a mut LocalText, &'a mut Option<LocalText>, &'a mut Vec<usize>>;

impl<'a> SlotRef<'a> {
    /// The text the slot holds: a required one, or an optional one the guide fills.
    pub fn text(self) -> Option<&'a LocalText> {
        match self {
            Slot::Text(t) | Slot::Optional(Some(t)) => Some(t),
            Slot::Optional(None) | Slot::Sources(_) => None,
        }
    }
}

impl<'a> SlotMut<'a> {
    /// The text the slot holds, to change: a required one, or an optional one the guide fills.
    pub fn text(self) -> Option<&'a mut LocalText> {
        match self {
            Slot::Text(t) | Slot::Optional(Some(t)) => Some(t),
            Slot::Optional(None) | Slot::Sources(_) => None,
        }
    }
}

/// Writes `text_slots!` from one body and keeps that body's tokens as
/// [`SLOT_LAYOUT`], so the packed format's check follows the list itself:
/// a packed file records the layout's hash and a runtime whose list differs
/// refuses it (`model/pack`), whether or not anyone bumped `pack::FORMAT`.
macro_rules! define_text_slots {
    (($($pattern:tt)*) => { $($body:tt)* }) => {
        macro_rules! text_slots {
            ($($pattern)*) => {{ $($body)* }};
        }

        /// The text slots' walk as written below (its tokens, from
        /// `stringify!`): what a packed file's text section and presence
        /// bits follow. Its hash ([`SLOT_LAYOUT_HASH`]) is in every packed
        /// file's header.
        pub const SLOT_LAYOUT: &str = stringify!($($body)*);
    };
}

/// FNV-1a of [`SLOT_LAYOUT`] without its whitespace (how `stringify!`
/// spaces tokens may differ between compilers; the tokens do not).
pub const SLOT_LAYOUT_HASH: u32 = super::hash::fnv1a_tokens(SLOT_LAYOUT.as_bytes());

// The one list of a guide's text slots, for [`Scenario::visit_texts`] and
// [`Scenario::visit_texts_mut`] (`$($m)?` is `mut` for the second). Adding
// a text field to the model is one line here: the packed file's writer and
// reader (its text and, for an optional slot, its presence bit), the format
// check, the citation order and the source renumbering all follow it.
define_text_slots! {
    ($s:ident, $cards:ident, $f:ident, $($m:tt)?) => {
        let meta = & $($m)? $s.meta;
        $f(Slot::Text(& $($m)? meta.title));
        $f(Slot::Text(& $($m)? meta.summary));
        $f(Slot::Text(& $($m)? meta.assumptions));
        if let Some(p) = & $($m)? meta.progress {
            $f(Slot::Text(& $($m)? p.label));
        }
        for a in & $($m)? $s.actors {
            $f(Slot::Optional(& $($m)? a.label));
        }
        for v in & $($m)? $s.variables {
            $f(Slot::Text(& $($m)? v.label));
            $f(Slot::Optional(& $($m)? v.description));
        }
        for fp in & $($m)? $s.flashpoints {
            $f(Slot::Text(& $($m)? fp.label));
            $f(Slot::Optional(& $($m)? fp.description));
            $f(Slot::Sources(& $($m)? fp.sources));
        }
        for &i in $cards {
            let n = & $($m)? $s.nodes[i];
            $f(Slot::Text(& $($m)? n.heading));
            $f(Slot::Text(& $($m)? n.body));
            $f(Slot::Sources(& $($m)? n.sources));
            $f(Slot::Optional(& $($m)? n.prompt));
            if let Some(image) = & $($m)? n.image {
                $f(Slot::Text(& $($m)? image.alt));
                $f(Slot::Optional(& $($m)? image.caption));
            }
            for c in & $($m)? n.choices {
                $f(Slot::Text(& $($m)? c.label));
                $f(Slot::Optional(& $($m)? c.unmet));
                if let Step::Outcomes(outs) = & $($m)? c.step {
                    for o in outs {
                        $f(Slot::Text(& $($m)? o.label));
                        $f(Slot::Optional(& $($m)? o.text));
                        $f(Slot::Sources(& $($m)? o.sources));
                    }
                }
            }
        }
        for e in & $($m)? $s.endings {
            $f(Slot::Text(& $($m)? e.verdict));
            $f(Slot::Text(& $($m)? e.summary));
            $f(Slot::Text(& $($m)? e.reality));
            $f(Slot::Sources(& $($m)? e.sources));
        }
        for st in & $($m)? $s.strategies {
            $f(Slot::Text(& $($m)? st.label));
            $f(Slot::Optional(& $($m)? st.description));
        }
    }
}

impl Scenario {
    /// Visits every text slot and every list of cited sources, once, in the
    /// one fixed order: `meta` (title, summary, assumptions, progress label),
    /// actors, variables, flashpoints, the cards in `cards`' order (each
    /// card's heading, body, sources, prompt, image, then its choices and
    /// their outcomes), endings, strategies. An optional slot is met whether
    /// the guide fills it or not ([`Slot::Optional`]); [`SlotRef::text`]
    /// gives the text a slot holds.
    ///
    /// With `cards` in file order this is the order of a packed file's text
    /// section and presence bits (`model/pack`); the citation order
    /// (`model/order.rs`) walks it with the cards in reading order.
    pub fn visit_texts<'a>(&'a self, cards: &[usize], f: &mut dyn FnMut(SlotRef<'a>)) {
        let f = &mut |slot: Slot<&'a LocalText, &'a Option<LocalText>, &'a Vec<usize>>| {
            f(match slot {
                Slot::Text(t) => Slot::Text(t),
                Slot::Optional(t) => Slot::Optional(t),
                Slot::Sources(s) => Slot::Sources(s.as_slice()),
            })
        };
        text_slots!(self, cards, f,);
    }

    /// [`Scenario::visit_texts`], each slot and list given to change.
    pub fn visit_texts_mut(&mut self, cards: &[usize], f: &mut dyn FnMut(SlotMut<'_>)) {
        text_slots!(self, cards, f, mut);
    }

    /// Every card index in file order (the `cards` of a whole-guide walk).
    pub fn card_order(&self) -> Vec<usize> {
        (0..self.nodes.len()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout a packed file's header carries is the walk as written: it
    /// names every slot, and its hash reads the tokens, not their spacing.
    #[test]
    fn the_slot_layout_is_the_walk_s_tokens() {
        let tokens: String = SLOT_LAYOUT.split_whitespace().collect();
        for slot in [
            "n.prompt",
            "image.caption",
            "o.text",
            "e.reality",
            "st.description",
        ] {
            assert!(tokens.contains(slot), "{slot} in {SLOT_LAYOUT}");
        }
        let spaced = SLOT_LAYOUT.replace(' ', "  \n\t");
        assert_eq!(
            super::super::hash::fnv1a_tokens(spaced.as_bytes()),
            SLOT_LAYOUT_HASH
        );
        let changed = tokens.replacen("n.prompt", "n.prompts", 1);
        assert_ne!(
            super::super::hash::fnv1a_tokens(changed.as_bytes()),
            SLOT_LAYOUT_HASH
        );
    }

    /// The visitor is the one list of text slots, so a text field added to
    /// the model but not to `text_slots!` would be packed, numbered and
    /// translated by nothing: every `LocalText` a loaded guide holds (as its
    /// `Debug` form shows them, whatever field they sit in) is met once.
    #[test]
    fn the_visitor_meets_every_text_the_model_holds() {
        let mut total = 0;
        for file in [
            "scenarios/us-china-2015.json",
            "scenarios/wto-disputes.json",
            "templates/starter.json",
            "tests/fixtures/valid/with-image.json",
            "tests/fixtures/valid/flashpoints.json",
            "tests/fixtures/valid/cited-and-marked.json",
        ] {
            let s = crate::load_scenario(&std::fs::read_to_string(file).unwrap()).unwrap();
            let held = format!("{s:?}").matches("LocalText {").count();
            let mut met = 0;
            let mut lists = 0;
            s.visit_texts(&s.card_order(), &mut |slot| match slot {
                Slot::Text(_) | Slot::Optional(Some(_)) => met += 1,
                Slot::Optional(None) => {}
                Slot::Sources(_) => lists += 1,
            });
            assert_eq!(met, held, "{file}: text slots met / held");
            let held_lists = s.flashpoints.len()
                + s.nodes.len()
                + s.endings.len()
                + s.nodes
                    .iter()
                    .flat_map(|n| &n.choices)
                    .filter_map(|c| match &c.step {
                        Step::Outcomes(o) => Some(o.len()),
                        Step::Next(_) => None,
                    })
                    .sum::<usize>();
            assert_eq!(lists, held_lists, "{file}: source lists met / held");
            total += met;
        }
        assert!(total > 500, "only {total} text slots in the guides read");
    }
}
