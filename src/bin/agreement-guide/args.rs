//! The command line as clap types: [`Cli`], one [`Command`] variant per
//! command, and each command's arguments as a struct its module takes.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "agreement-guide",
    version,
    about = "Check, analyse and play agreement-guide scenario files",
    long_about = None,
    after_help = "Start with `agreement-guide new scenarios/my-guide.json`, then `check` it after every edit.\n\
                  The walk-through is docs/authoring.md; the field-by-field reference is docs/format.md.\n\
                  To see a guide play in the browser as you edit it, open www/author.html (`npm start`).\n\
                  `agreement-guide <command> --help` explains each command."
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The option of the commands that run the guide (paths, odds, simulate, play).
#[derive(Args, Clone, Default)]
pub struct Twists {
    /// Flashpoints (the guide's classroom twists) to switch on, by id, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub flashpoints: Vec<String>,
}

/// How a command prints its results.
#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum Format {
    /// Lines for people.
    Text,
    /// JSON for tools.
    Json,
}

/// The commands, one module each (`main.rs` dispatches).
#[derive(Subcommand)]
pub enum Command {
    /// Check a scenario file: every problem, with its location.
    ///
    /// Checks syntax, types and field names, references (nodes, endings,
    /// sources, variables, actors), expressions, markup, translations and
    /// limits, then model-checks every reachable state: dead ends, weights
    /// that are negative or all zero, loops with no way out, endings never
    /// reached and choices never available.
    ///
    /// It also checks the guide against a newsroom's standards (lints): every
    /// paragraph of a card body, an ending summary or "in reality" cites a
    /// source or begins with [!game] or [!model]; every source is cited; a
    /// source's date is a date; no http:// address; no text left from the
    /// starter. These are warnings, and errors with --strict.
    ///
    /// Exit 0 when valid (warnings are printed), 1 when invalid (one
    /// `file:line:column: location: message — suggestion` line per problem on
    /// stderr), 2 when the file cannot be read.
    ///
    /// Example: agreement-guide check --strict scenarios/my-guide.json
    Check(CheckArgs),
    /// Count the distinct playthroughs, their lengths, and find a run to each ending.
    ///
    /// For each ending, prints a seed and the choice ids of one run that
    /// reaches it (replay it with `play --seed`), or says that none was found.
    ///
    /// Example: agreement-guide paths scenarios/my-guide.json
    Paths(PathsArgs),
    /// Exact odds of each ending from the start, under a strategy.
    ///
    /// Computed over every reachable state (no sampling). A strategy is a
    /// reader policy declared in the scenario's `strategies`; `uniform` is a
    /// reader who picks any available choice at random. The odds follow from
    /// the scenario's weights, which are model assumptions.
    ///
    /// Example: agreement-guide odds scenarios/my-guide.json --strategy tit-for-tat
    Odds(OddsArgs),
    /// Simulate many playthroughs under a strategy (Monte Carlo).
    ///
    /// Prints how often each ending was reached and the mean run length; the
    /// same seed gives the same counts. `odds` gives the exact numbers these
    /// approach.
    ///
    /// Example: agreement-guide simulate scenarios/my-guide.json --strategy uniform --runs 100000
    Simulate(SimulateArgs),
    /// Print the JSON Schema of the scenario format (as in scenarios/schema.json).
    ///
    /// Editors that understand JSON Schema autocomplete field names and flag
    /// typos as you type when the scenario's `$schema` points at this file.
    ///
    /// Example: agreement-guide schema > scenarios/schema.json
    Schema(SchemaArgs),
    /// Write a small, valid starter scenario to FILE (and schema.json beside it) to edit.
    ///
    /// The starter has two cards, meters and a flag, a weighted random
    /// outcome, a conditional choice, two endings and two strategies, each
    /// `REPLACE:` marking what to write; it passes `check` as written (with a
    /// warning for each placeholder left, which `check --strict` refuses).
    /// Refuses to overwrite FILE unless `--force` is given.
    ///
    /// Example: agreement-guide new scenarios/my-guide.json
    New(NewArgs),
    /// Write the guide as ONE HTML file that works offline, opened from disk.
    ///
    /// The file holds the widget's JS and CSS, the wasm core and the scenario
    /// (inlined as data: URLs and an inline JSON block) and makes no request:
    /// for a classroom whose network blocks downloads, or to send by email.
    /// The scenario is checked first (exit 1, with the same located messages
    /// as `check`, if it is invalid). Needs the built files: run
    /// `npm run build` first.
    ///
    /// With `--scorm 1.2` or `--scorm 2004` it writes a SCORM package instead:
    /// a zip to upload to a learning platform (Moodle, Canvas, …), whose
    /// launch page reports the run to the platform (progress kept for a
    /// relaunch, each choice, completion at an ending).
    ///
    /// Example: `agreement-guide bundle scenarios/us-china-2015.json -o guide.html`
    ///
    /// Example: `agreement-guide bundle scenarios/us-china-2015.json --scorm 1.2 -o guide.zip`
    Bundle(BundleArgs),
    /// Pack a guide for readers' pages: one small file per language.
    ///
    /// Runs the full check first (exit 1, with the same located messages as
    /// `check`, if the guide is invalid), then writes, for each language the
    /// guide declares, `<id>.<language>.<hash>.bin` — the play data and that
    /// language's text, parsed — and the same file gzip-compressed
    /// (`….bin.gz`, which the element fetches where the browser can decode
    /// it, so a reader moves the compressed size from any static host), and
    /// `<id>.compiled.json`, which names each language's file (`files`) and
    /// its compressed copy (`gzip`). The reader runtime loads such a file
    /// without checking it again. File names carry a hash of their content,
    /// so a host can cache them forever. A card's image whose size the guide
    /// does not give is measured from its file and packed with it, so the
    /// page reserves its box. See docs/format.md#compiled-guides. (`compile`,
    /// this command's former name, still works.)
    ///
    /// Example: agreement-guide pack scenarios/my-guide.json -o www/scenarios
    #[command(alias = "compile")]
    Pack(PackArgs),
    /// Write the first card as plain HTML, for a page to carry inside the element.
    ///
    /// Writes the guide's title and introduction, a line saying the
    /// interactive guide needs a browser with JavaScript, and the card a run
    /// is at — the first, or the one a share token leads to — with its
    /// heading, body, choices (as disabled buttons) and the sources it cites,
    /// numbered and linked as in the widget. Every text is escaped. Put it
    /// inside `<agreement-guide>`: it shows before any script runs, reads
    /// without JavaScript or WebAssembly, and the element takes over in place.
    /// Style it with the `ag-prerender` rules of www/demo/demo.css.
    ///
    /// With the compiled guide's manifest (`<id>.compiled.json`, found beside
    /// the JSON or given with --manifest) the card carries it, so the element
    /// fetches the language's file straight away; --src says how the page
    /// names the manifest (the element's `src`).
    ///
    /// Example: agreement-guide render scenarios/us-china-2015.json --lang zh -o card.html
    Render(RenderArgs),
    /// Write the guide's oEmbed files, so a CMS that embeds by URL (WordPress…) shows it.
    ///
    /// For each language the guide declares, into DIR (the built files, with
    /// embed.html and the compiled guide): `<id>.<lang>.html`, the guide's own
    /// page for an iframe (embed.html showing this guide in this language, its
    /// first card, and a `<link rel="alternate" type="application/json+oembed">`
    /// to the next file), and `<id>.<lang>.oembed.json`, the oEmbed answer
    /// (type "rich": title, provider, size, `html` with an iframe of the page,
    /// and a thumbnail when a card has an image). An editor pastes the page's
    /// address into the CMS. Every address in them is absolute, under --url:
    /// where DIR is served. Static files: no server needed.
    ///
    /// Example: agreement-guide oembed scenarios/my-guide.json --url https://guides.example.org/dist/ -o www/dist
    Oembed(OembedArgs),
    /// Play in the terminal: type a choice's number (or `u` to undo, `q` to quit).
    ///
    /// Shows each card, the meters and the choices (a disabled one with its
    /// reason), then the ending. Reads from standard input, so a playthrough
    /// can be scripted: `printf '1\n2\n' | agreement-guide play FILE --seed 7`.
    /// Exits 1 when the input ends before an ending (a script that stops
    /// short), 0 when it reaches one or `q` quits.
    Play(PlayArgs),
}

/// The arguments of `check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// Output format; `json` prints the diagnostics (each with its
    /// severity, code, location, line and column) as a JSON array on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Treat the standards lints as errors, not warnings (what the build uses
    /// before publishing a guide).
    #[arg(long)]
    pub strict: bool,
}

/// The arguments of `paths`.
#[derive(Args)]
pub struct PathsArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub twists: Twists,
}

/// The arguments of `odds`.
#[derive(Args)]
pub struct OddsArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// Strategy id (`uniform` = a reader who picks at random). Omit to show every strategy.
    #[arg(long)]
    pub strategy: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub twists: Twists,
}

/// The arguments of `simulate`.
#[derive(Args)]
pub struct SimulateArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// Strategy id (`uniform`, or one of the scenario's `strategies`).
    #[arg(long, default_value = "uniform")]
    pub strategy: String,
    /// Number of playthroughs to simulate.
    #[arg(long, default_value_t = 10_000)]
    pub runs: u64,
    /// Seed for the random outcomes (the same seed gives the same counts).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub twists: Twists,
}

/// The arguments of `schema`.
#[derive(Args)]
pub struct SchemaArgs {
    /// Print instead the schema of what the widget receives from the core
    /// (views, analysis results, diagnostics): the source of
    /// www/types/contract.d.ts, for the widget's developers (npm run types).
    #[arg(long)]
    pub contract: bool,
}

/// The arguments of `new`.
#[derive(Args)]
pub struct NewArgs {
    /// Where to write it, e.g. scenarios/my-agreement.json.
    pub file: PathBuf,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `bundle`.
#[derive(Args)]
pub struct BundleArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// Where to write the HTML file (the zip, with --scorm).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Write a SCORM package (zip) for a learning platform: SCORM 1.2 or 2004 (4th Edition).
    #[arg(long, value_name = "VERSION", value_parser = ["1.2", "2004"])]
    pub scorm: Option<String>,
    /// The built widget directory (agreement-guide.js, agreement-guide.css, pkg/).
    #[arg(long, value_name = "DIR", default_value = "www")]
    pub www: PathBuf,
    /// The language the reader sees first (default: the guide's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Fix the dice, so everyone who opens the file sees the same run (default: random).
    #[arg(long)]
    pub seed: Option<u32>,
    /// `classroom` also shows each card's discussion prompt.
    #[arg(long, value_parser = ["reader", "classroom"], default_value = "reader")]
    pub mode: String,
}

/// The arguments of `pack`.
#[derive(Args)]
pub struct PackArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// The directory to write into (default: the scenario's own directory).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// The arguments of `render`.
#[derive(Args)]
pub struct RenderArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// The language (default: the guide's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// A share token: render the card that run is at.
    #[arg(long)]
    pub token: Option<String>,
    /// The level of the guide's title, 1–4 (the element's `heading-level`).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub heading_level: u8,
    /// `classroom` also shows the card's discussion prompt.
    #[arg(long, value_parser = ["reader", "classroom"], default_value = "reader")]
    pub mode: String,
    /// The widget's words as JSON (`{"needsScripts": …, "kicker": …, "cardSources": …,
    /// "sources": …, "yourMove": …, "markerGame": …, "markerModel": …, "discussion": …,
    /// "verdict": …, "inReality": …, "newTab": …, "actors": {id: label}}`); needed for
    /// a language other than en and zh.
    #[arg(long, value_name = "FILE")]
    pub words: Option<PathBuf>,
    /// The compiled guide's manifest (default: `<id>.compiled.json` beside FILE, if there).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// The element's `src` as the page writes it (default: the manifest's file name).
    #[arg(long, value_name = "URL")]
    pub src: Option<String>,
    /// Where to write the card (default: standard output).
    #[arg(short, long, value_name = "FILE", conflicts_with = "inject")]
    pub output: Option<PathBuf>,
    /// Write the card (and a preload hint for the language's file) into the marked
    /// regions of this HTML page instead (see www/embed.html).
    #[arg(long, value_name = "PAGE")]
    pub inject: Option<PathBuf>,
}

/// The arguments of `oembed`.
#[derive(Args)]
pub struct OembedArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// The public address of DIR (`https://guides.example.org/dist/`).
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The directory with the built embed.html and the compiled guide; the files go here.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// The page to make each guide's page from (default: DIR/embed.html).
    #[arg(long, value_name = "FILE")]
    pub page: Option<PathBuf>,
    /// The compiled guide's manifest, relative to DIR (default: scenarios/<id>.compiled.json).
    #[arg(long, value_name = "PATH")]
    pub src: Option<String>,
    /// The provider's name in the answer (`provider_name`).
    #[arg(long, default_value = "agreement-guide")]
    pub provider: String,
    /// The iframe's width, in CSS px.
    #[arg(long, default_value_t = 640)]
    pub width: u32,
    /// The iframe's height until the page reports its own (WordPress caps it at 1000).
    #[arg(long, default_value_t = 900)]
    pub height: u32,
}

/// The arguments of `play`.
#[derive(Args)]
pub struct PlayArgs {
    /// The scenario JSON file.
    pub file: PathBuf,
    /// Seed for the random outcomes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Language code, one of the scenario's `meta.languages` (else its default language).
    #[arg(long, default_value = "en")]
    pub lang: String,
    #[command(flatten)]
    pub twists: Twists,
}
