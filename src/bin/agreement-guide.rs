//! `agreement-guide`: the authors' command-line tool.
//!
//! Exit codes: 0 success; 1 the scenario is invalid (or a play/analysis
//! failed); 2 the file could not be read or the command was wrong.

#[path = "agreement-guide/bundle.rs"]
mod bundle;
#[path = "agreement-guide/oembed.rs"]
mod oembed;
#[path = "agreement-guide/render.rs"]
mod render;
#[path = "agreement-guide/scorm.rs"]
mod scorm;

use agreement_guide::{
    load_scenario, load_scenario_with, policy_for, Check, Diagnostic, Guide, Position, Scenario,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// `println!` that stops quietly when stdout is closed (e.g. `| head`).
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

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
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The option of the commands that run the guide (paths, odds, simulate, play).
#[derive(Args, Clone, Default)]
struct Twists {
    /// Flashpoints (the guide's classroom twists) to switch on, by id, comma-separated.
    #[arg(long, value_delimiter = ',')]
    flashpoints: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    /// Lines for people.
    Text,
    /// JSON for tools.
    Json,
}

#[derive(Subcommand)]
enum Command {
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
    Check {
        /// The scenario JSON file.
        file: PathBuf,
        /// Output format; `json` prints the diagnostics (each with its
        /// severity, code, location, line and column) as a JSON array on stdout.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Treat the standards lints as errors, not warnings (what the build uses
        /// before publishing a guide).
        #[arg(long)]
        strict: bool,
    },
    /// Count the distinct playthroughs, their lengths, and find a run to each ending.
    ///
    /// For each ending, prints a seed and the choice ids of one run that
    /// reaches it (replay it with `play --seed`), or says that none was found.
    ///
    /// Example: agreement-guide paths scenarios/my-guide.json
    Paths {
        /// The scenario JSON file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        twists: Twists,
    },
    /// Exact odds of each ending from the start, under a strategy.
    ///
    /// Computed over every reachable state (no sampling). A strategy is a
    /// reader policy declared in the scenario's `strategies`; `uniform` is a
    /// reader who picks any available choice at random. The odds follow from
    /// the scenario's weights, which are model assumptions.
    ///
    /// Example: agreement-guide odds scenarios/my-guide.json --strategy tit-for-tat
    Odds {
        /// The scenario JSON file.
        file: PathBuf,
        /// Strategy id (`uniform` = a reader who picks at random). Omit to show every strategy.
        #[arg(long)]
        strategy: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        twists: Twists,
    },
    /// Simulate many playthroughs under a strategy (Monte Carlo).
    ///
    /// Prints how often each ending was reached and the mean run length; the
    /// same seed gives the same counts. `odds` gives the exact numbers these
    /// approach.
    ///
    /// Example: agreement-guide simulate scenarios/my-guide.json --strategy uniform --runs 100000
    Simulate {
        /// The scenario JSON file.
        file: PathBuf,
        /// Strategy id (`uniform`, or one of the scenario's `strategies`).
        #[arg(long, default_value = "uniform")]
        strategy: String,
        /// Number of playthroughs to simulate.
        #[arg(long, default_value_t = 10_000)]
        runs: u64,
        /// Seed for the random outcomes (the same seed gives the same counts).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        twists: Twists,
    },
    /// Print the JSON Schema of the scenario format (as in scenarios/schema.json).
    ///
    /// Editors that understand JSON Schema autocomplete field names and flag
    /// typos as you type when the scenario's `$schema` points at this file.
    ///
    /// Example: agreement-guide schema > scenarios/schema.json
    Schema {
        /// Print instead the schema of what the widget receives from the core
        /// (views, analysis results, diagnostics): the source of
        /// www/types/contract.d.ts, for the widget's developers (npm run types).
        #[arg(long)]
        contract: bool,
    },
    /// Write a small, valid starter scenario to FILE (and schema.json beside it) to edit.
    ///
    /// The starter has two cards, meters and a flag, a weighted random
    /// outcome, a conditional choice, two endings and two strategies, each
    /// `REPLACE:` marking what to write; it passes `check` as written (with a
    /// warning for each placeholder left, which `check --strict` refuses).
    /// Refuses to overwrite FILE unless `--force` is given.
    ///
    /// Example: agreement-guide new scenarios/my-guide.json
    New {
        /// Where to write it, e.g. scenarios/my-agreement.json.
        file: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
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
    Bundle {
        /// The scenario JSON file.
        file: PathBuf,
        /// Where to write the HTML file (the zip, with --scorm).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Write a SCORM package (zip) for a learning platform: SCORM 1.2 or 2004 (4th Edition).
        #[arg(long, value_name = "VERSION", value_parser = ["1.2", "2004"])]
        scorm: Option<String>,
        /// The built widget directory (agreement-guide.js, agreement-guide.css, pkg/).
        #[arg(long, value_name = "DIR", default_value = "www")]
        www: PathBuf,
        /// The language the reader sees first (default: the guide's default language).
        #[arg(long)]
        lang: Option<String>,
        /// Fix the dice, so everyone who opens the file sees the same run (default: random).
        #[arg(long)]
        seed: Option<u32>,
        /// `classroom` also shows each card's discussion prompt.
        #[arg(long, value_parser = ["reader", "classroom"], default_value = "reader")]
        mode: String,
    },
    /// Compile a guide for readers' pages: one small file per language.
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
    /// so a host can cache them forever. See docs/format.md#compiled-guides.
    ///
    /// Example: agreement-guide compile scenarios/my-guide.json -o www/scenarios
    Compile {
        /// The scenario JSON file.
        file: PathBuf,
        /// The directory to write into (default: the scenario's own directory).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Write the first card as plain HTML, for a page to carry inside the element.
    ///
    /// Writes the guide's title and introduction, a line saying the
    /// interactive guide needs a browser with JavaScript, and the card a run
    /// is at — the first, or the one a share token leads to — with its
    /// heading, body, choices (as disabled buttons) and the sources it cites,
    /// numbered and linked as in the widget. Every text is escaped. Put it
    /// inside `<agreement-guide>`: it shows before any script runs, reads
    /// without JavaScript or WebAssembly, and the element takes over in place.
    /// Style it with the `ag-prerender` rules of www/demo.css.
    ///
    /// With the compiled guide's manifest (`<id>.compiled.json`, found beside
    /// the JSON or given with --manifest) the card carries it, so the element
    /// fetches the language's file straight away; --src says how the page
    /// names the manifest (the element's `src`).
    ///
    /// Example: agreement-guide render scenarios/us-china-2015.json --lang zh -o card.html
    Render {
        /// The scenario JSON file.
        file: PathBuf,
        /// The language (default: the guide's default language).
        #[arg(long)]
        lang: Option<String>,
        /// A share token: render the card that run is at.
        #[arg(long)]
        token: Option<String>,
        /// The level of the guide's title, 1–4 (the element's `heading-level`).
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
        heading_level: u8,
        /// `classroom` also shows the card's discussion prompt.
        #[arg(long, value_parser = ["reader", "classroom"], default_value = "reader")]
        mode: String,
        /// The widget's words as JSON (`{"needsScripts": …, "kicker": …, "cardSources": …,
        /// "sources": …, "yourMove": …, "markerGame": …, "markerModel": …, "discussion": …,
        /// "verdict": …, "inReality": …, "newTab": …, "actors": {id: label}}`); needed for
        /// a language other than en and zh.
        #[arg(long, value_name = "FILE")]
        words: Option<PathBuf>,
        /// The compiled guide's manifest (default: `<id>.compiled.json` beside FILE, if there).
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// The element's `src` as the page writes it (default: the manifest's file name).
        #[arg(long, value_name = "URL")]
        src: Option<String>,
        /// Where to write the card (default: standard output).
        #[arg(short, long, value_name = "FILE", conflicts_with = "inject")]
        output: Option<PathBuf>,
        /// Write the card (and a preload hint for the language's file) into the marked
        /// regions of this HTML page instead (see www/embed.html).
        #[arg(long, value_name = "PAGE")]
        inject: Option<PathBuf>,
    },
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
    Oembed {
        /// The scenario JSON file.
        file: PathBuf,
        /// The public address of DIR (`https://guides.example.org/dist/`).
        #[arg(long, value_name = "URL")]
        url: String,
        /// The directory with the built embed.html and the compiled guide; the files go here.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The page to make each guide's page from (default: DIR/embed.html).
        #[arg(long, value_name = "FILE")]
        page: Option<PathBuf>,
        /// The compiled guide's manifest, relative to DIR (default: scenarios/<id>.compiled.json).
        #[arg(long, value_name = "PATH")]
        src: Option<String>,
        /// The provider's name in the answer (`provider_name`).
        #[arg(long, default_value = "agreement-guide")]
        provider: String,
        /// The iframe's width, in CSS px.
        #[arg(long, default_value_t = 640)]
        width: u32,
        /// The iframe's height until the page reports its own (WordPress caps it at 1000).
        #[arg(long, default_value_t = 900)]
        height: u32,
    },
    /// Play in the terminal: type a choice's number (or `u` to undo, `q` to quit).
    ///
    /// Shows each card, the meters and the choices (a disabled one with its
    /// reason), then the ending. Reads from standard input, so a playthrough
    /// can be scripted: `printf '1\n2\n' | agreement-guide play FILE --seed 7`.
    /// Exits 1 when the input ends before an ending (a script that stops
    /// short), 0 when it reaches one or `q` quits.
    Play {
        /// The scenario JSON file.
        file: PathBuf,
        /// Seed for the random outcomes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Language code, one of the scenario's `meta.languages` (else its default language).
        #[arg(long, default_value = "en")]
        lang: String,
        #[command(flatten)]
        twists: Twists,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Schema { contract } => {
            print!(
                "{}",
                if *contract {
                    agreement_guide::facade::contract::json_schema()
                } else {
                    agreement_guide::model::json_schema()
                }
            );
            return ExitCode::SUCCESS;
        }
        Command::New { file, force } => return new(file, *force),
        _ => {}
    }
    let file = match &cli.command {
        Command::Schema { .. } | Command::New { .. } => unreachable!("handled above"),
        Command::Check { file, .. }
        | Command::Paths { file, .. }
        | Command::Odds { file, .. }
        | Command::Simulate { file, .. }
        | Command::Bundle { file, .. }
        | Command::Compile { file, .. }
        | Command::Render { file, .. }
        | Command::Oembed { file, .. }
        | Command::Play { file, .. } => file.clone(),
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("agreement-guide: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    if let Command::Check { format, strict, .. } = cli.command {
        let loaded = load_scenario_with(&text, if strict { Check::Strict } else { Check::Full });
        return check(&file, loaded, format);
    }
    let loaded = load_scenario(&text);
    if let Command::Bundle {
        output,
        www,
        lang,
        seed,
        mode,
        scorm,
        ..
    } = &cli.command
    {
        let options = bundle::Options {
            seed: *seed,
            classroom: mode == "classroom",
        };
        let written = Written {
            path: output,
            scorm: scorm.as_deref().and_then(scorm::Version::parse),
        };
        return bundle(
            &file,
            &text,
            loaded,
            &written,
            www,
            lang.as_deref(),
            options,
        );
    }
    let scenario = match loaded {
        Ok(s) => Arc::new(s),
        Err(e) => {
            print_diagnostics(&file, e.diagnostics());
            eprintln!(
                "{}: invalid; run `agreement-guide check` for details",
                file.display()
            );
            return ExitCode::from(1);
        }
    };
    if let Command::Compile { output, .. } = &cli.command {
        let dir = output
            .clone()
            .unwrap_or_else(|| file.parent().map(Path::to_path_buf).unwrap_or_default());
        return compile(&scenario, &dir);
    }
    if let Command::Oembed {
        url,
        output,
        page,
        src,
        provider,
        width,
        height,
        ..
    } = &cli.command
    {
        let options = oembed::Options {
            url,
            dir: output,
            page: page.as_deref(),
            src: src.as_deref(),
            provider,
            width: *width,
            height: *height,
        };
        return match oembed::run(&file, scenario, &options) {
            Ok(()) => ExitCode::SUCCESS,
            Err((code, message)) => {
                eprintln!("agreement-guide: {message}");
                ExitCode::from(code)
            }
        };
    }
    if let Command::Render { .. } = &cli.command {
        return match render_card(&file, scenario, &cli.command) {
            Ok(()) => ExitCode::SUCCESS,
            Err((code, message)) => {
                eprintln!("agreement-guide: {message}");
                ExitCode::from(code)
            }
        };
    }
    let twists = match &cli.command {
        Command::Paths { twists, .. }
        | Command::Odds { twists, .. }
        | Command::Simulate { twists, .. }
        | Command::Play { twists, .. } => twists.clone(),
        _ => Twists::default(),
    };
    // The run the analyses and `play` start from: the guide with the
    // twists asked for switched on (the guide itself is not changed).
    let mut run = Guide::new(Arc::clone(&scenario), 0);
    if !twists.flashpoints.is_empty() {
        let ids: Vec<&str> = twists.flashpoints.iter().map(String::as_str).collect();
        if let Err(e) = run.set_flashpoints(&ids) {
            eprintln!("agreement-guide: {e}");
            return ExitCode::from(2);
        }
    }
    let result = match cli.command {
        Command::Check { .. }
        | Command::Schema { .. }
        | Command::New { .. }
        | Command::Bundle { .. }
        | Command::Compile { .. }
        | Command::Oembed { .. }
        | Command::Render { .. } => {
            unreachable!("handled above")
        }
        Command::Paths { format, .. } => paths(&run, format),
        Command::Odds {
            strategy, format, ..
        } => odds(&run, strategy.as_deref(), format),
        Command::Simulate {
            strategy,
            runs,
            seed,
            ..
        } => simulate(&run, &strategy, runs, seed),
        Command::Play { seed, lang, .. } => match play(run, seed, &lang) {
            Ok(Played::InputEnded { steps }) => {
                let s = if steps == 1 { "" } else { "s" };
                eprintln!("agreement-guide: the input ended after {steps} step{s}, before an ending; add choices to the script, or end it with `q` to stop early");
                return ExitCode::from(1);
            }
            other => other.map(|_| ()),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agreement-guide: {e}");
            ExitCode::from(1)
        }
    }
}

fn compile(scenario: &Scenario, dir: &Path) -> ExitCode {
    let files = agreement_guide::model::pack::pack(scenario);
    let id = &scenario.meta.id;
    let mut names = serde_json::Map::new();
    let mut gzipped = serde_json::Map::new();
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        for f in &files {
            let name = f.file_name(id);
            std::fs::write(dir.join(&name), &f.bytes)?;
            // The same bytes gzip-compressed, beside it: the element fetches this one and
            // decodes it with the browser's DecompressionStream, so a reader moves the
            // compressed size from any static host (most compress no `.bin`).
            let gz = format!("{name}.gz");
            let packed = gzip(&f.bytes)?;
            std::fs::write(dir.join(&gz), &packed)?;
            eprintln!(
                "wrote {} ({} bytes, {} of them play data; {} bytes as {gz})",
                dir.join(&name).display(),
                f.bytes.len(),
                f.core_len,
                packed.len()
            );
            names.insert(f.language.clone(), name.into());
            gzipped.insert(f.language.clone(), gz.into());
        }
        let manifest = json!({
            "id": id,
            "version": scenario.meta.version,
            "format": agreement_guide::model::pack::FORMAT,
            "defaultLanguage": scenario.meta.languages[scenario.meta.default_language],
            "files": names,
            "gzip": gzipped,
        });
        let path = dir.join(format!("{id}.compiled.json"));
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n",
        )?;
        eprintln!("wrote {}", path.display());
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agreement-guide: cannot write into {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}

/// `bytes` gzip-compressed at the best level. Deterministic: the header carries no
/// name and no time, so the same guide compiles to the same `.gz`.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use flate2::{write::GzEncoder, Compression};
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// `render`: the card as HTML, to a file, standard output or a page's marked regions.
/// An error is (exit code, message): 1 for a token that does not fit, 2 for a file or a call.
fn render_card(
    file: &Path,
    scenario: Arc<Scenario>,
    command: &Command,
) -> Result<(), (u8, String)> {
    let Command::Render {
        lang,
        token,
        heading_level,
        mode,
        words,
        manifest,
        src,
        output,
        inject,
        ..
    } = command
    else {
        unreachable!("called for render only")
    };
    let meta = &scenario.meta;
    let lang = lang
        .clone()
        .unwrap_or_else(|| meta.languages[meta.default_language].clone());
    if scenario.language_index(&lang).is_none() {
        return Err((
            2,
            format!(
                "\"{lang}\" is not one of the guide's languages ({})",
                meta.languages.join(", ")
            ),
        ));
    }
    let words = match words {
        Some(path) => {
            let text = render::read(path).map_err(|m| (2, m))?;
            serde_json::from_str(&text).map_err(|e| {
                (
                    2,
                    format!("{}: not the widget's words as JSON ({e})", path.display()),
                )
            })?
        }
        None => render::words(&lang).unwrap_or_else(|| {
            // As the element does for a language it has no words in.
            eprintln!("agreement-guide: the widget's own words are in English for \"{lang}\"; give them with --words FILE");
            render::words("en").expect("English words are built in")
        }),
    };
    // The compiled guide's manifest: given, or beside the JSON.
    let manifest_path = manifest.clone().or_else(|| {
        let beside = file.with_file_name(format!("{}.compiled.json", meta.id));
        beside.exists().then_some(beside)
    });
    let manifest = match &manifest_path {
        Some(path) => {
            let text = render::read(path).map_err(|m| (2, m))?;
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                (
                    2,
                    format!("{}: not a compiled guide's manifest ({e})", path.display()),
                )
            })?;
            if value["id"] != meta.id.as_str() {
                return Err((
                    2,
                    format!(
                        "{} is the manifest of another guide ({}), not of \"{}\"",
                        path.display(),
                        value["id"],
                        meta.id
                    ),
                ));
            }
            Some(value)
        }
        None => None,
    };
    let src = src.clone().or_else(|| {
        manifest_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    });
    let mut guide = Guide::new(Arc::clone(&scenario), 0);
    if let Some(t) = token {
        guide.restore(t).map_err(|e| {
            (
                1,
                format!("the token does not open a run of this guide: {e}"),
            )
        })?;
    }
    let options = agreement_guide::facade::render::Options {
        heading_level: *heading_level,
        classroom: mode == "classroom",
        src: src.clone(),
        manifest: manifest.as_ref().map(|m| m.to_string()),
    };
    let card = agreement_guide::facade::render::render(&guide, &lang, &words, &options);
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| (2, format!("cannot write {}: {e}", path.display())))
    };
    if let Some(page) = inject {
        // The language's compiled file, for the browser to fetch beside the manifest.
        let preload = manifest
            .as_ref()
            .zip(src.as_deref())
            .and_then(|(m, src)| render::preload(m, &lang, src));
        let text = render::read(page).map_err(|m| (2, m))?;
        let out = render::inject(&text, &card, preload.as_deref())
            .map_err(|m| (2, format!("{}: {m}", page.display())))?;
        if out != text {
            write(page, &out)?;
            eprintln!("wrote the card into {}", page.display());
        }
        return Ok(());
    }
    match output {
        Some(path) => write(path, &card),
        None => {
            print!("{card}");
            Ok(())
        }
    }
}

/// The starter scenario `new` writes (checked by the tests like every other).
const STARTER: &str = include_str!("../../templates/starter.json");

fn new(file: &Path, force: bool) -> ExitCode {
    if file.exists() && !force {
        eprintln!(
            "agreement-guide: {} already exists; use --force to overwrite it",
            file.display()
        );
        return ExitCode::from(2);
    }
    let schema = file.with_file_name("schema.json");
    let schema_new = !schema.exists();
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    let written = dir
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(file, STARTER))
        .and_then(|()| {
            if schema_new {
                std::fs::write(&schema, agreement_guide::model::json_schema())
            } else {
                Ok(())
            }
        });
    if let Err(e) = written {
        eprintln!("agreement-guide: cannot write {}: {e}", file.display());
        return ExitCode::from(2);
    }
    if schema_new {
        eprintln!(
            "wrote {} (and {} for editors)",
            file.display(),
            schema.display()
        );
    } else {
        eprintln!(
            "wrote {} ({} is already there)",
            file.display(),
            schema.display()
        );
    }
    eprintln!(
        "next: edit it, then `agreement-guide check {}` and `agreement-guide play {}`",
        file.display(),
        file.display()
    );
    ExitCode::SUCCESS
}

fn print_diagnostics(file: &Path, diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}:{d}", file.display());
    }
}

fn check(file: &Path, loaded: agreement_guide::Result<Scenario>, format: Format) -> ExitCode {
    let (diags, ok) = match &loaded {
        Ok(s) => (s.warnings.clone(), true),
        Err(e) => (e.diagnostics().to_vec(), false),
    };
    if format == Format::Json {
        out!(
            "{}",
            serde_json::to_string_pretty(&diags).expect("diagnostics serialise")
        );
    } else {
        print_diagnostics(file, &diags);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.len() - errors;
        if ok {
            let s = loaded.as_ref().expect("ok");
            let n = |k: usize, one: &str, many: &str| {
                format!("{k} {}", if k == 1 { one } else { many })
            };
            eprintln!(
                "{}: ok — {}, {}, {}, {}",
                file.display(),
                n(s.nodes.len(), "node", "nodes"),
                n(s.endings.len(), "ending", "endings"),
                n(s.strategies.len(), "strategy", "strategies"),
                n(warnings, "warning", "warnings"),
            );
        } else {
            eprintln!(
                "{}: {errors} problem{} found",
                file.display(),
                if errors == 1 { "" } else { "s" }
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// What `bundle` writes: one HTML file, or with `--scorm` a SCORM package.
struct Written<'a> {
    path: &'a Path,
    scorm: Option<scorm::Version>,
}

fn bundle(
    file: &Path,
    text: &str,
    loaded: agreement_guide::Result<Scenario>,
    written: &Written<'_>,
    www: &Path,
    lang: Option<&str>,
    options: bundle::Options,
) -> ExitCode {
    let (output, scorm) = (written.path, written.scorm);
    // The same check as `check`: every problem, located; an invalid guide is not bundled.
    let scenario = match loaded {
        Ok(s) => {
            print_diagnostics(file, &s.warnings);
            Arc::new(s)
        }
        Err(e) => {
            print_diagnostics(file, e.diagnostics());
            let n = e.diagnostics().iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{}: {n} problem{} found; nothing written",
                file.display(),
                if n == 1 { "" } else { "s" }
            );
            return ExitCode::from(1);
        }
    };
    let languages = &scenario.meta.languages;
    let lang = match lang {
        Some(l) if languages.iter().any(|x| x == l) => l.to_string(),
        Some(l) => {
            eprintln!(
                "agreement-guide: the guide has no language \"{l}\"; it has {}",
                languages.join(", ")
            );
            return ExitCode::from(2);
        }
        None => languages[scenario.meta.default_language].clone(),
    };
    let guide = Guide::new(Arc::clone(&scenario), 0);
    let info = guide.info(&lang);
    let title = plain(&info.title);
    if let Some(version) = scorm {
        let course = scorm::Course {
            id: &info.id,
            title: &scorm::words(&info.title),
            description: &scorm::words(&info.summary),
            lang: &lang,
            scenario: text,
            options,
        };
        return match scorm::build(www, version, &course) {
            Ok(zip) => match std::fs::write(output, &zip) {
                Ok(()) => {
                    eprintln!(
                        "wrote {} ({} KB): \"{title}\" as a SCORM {} package; upload it to your learning platform",
                        output.display(),
                        zip.len().div_ceil(1024),
                        version.name()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("agreement-guide: cannot write {}: {e}", output.display());
                    ExitCode::from(2)
                }
            },
            Err(problem) => {
                eprintln!("agreement-guide: {problem}");
                ExitCode::from(2)
            }
        };
    }
    // The first card, in the page before the widget runs (the widget's words, English for a language it lacks).
    let card = render::words(&lang)
        .or_else(|| render::words("en"))
        .map(|words| {
            let options = agreement_guide::facade::render::Options {
                heading_level: 1,
                classroom: options.classroom,
                ..Default::default()
            };
            agreement_guide::facade::render::render(&guide, &lang, &words, &options)
        });
    let html = match bundle::build(
        www,
        &bundle::Page {
            title: &title,
            lang: &lang,
            scenario: text,
            options,
            card,
        },
    ) {
        Ok(html) => html,
        Err(problem) => {
            eprintln!("agreement-guide: {problem}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::write(output, &html) {
        eprintln!("agreement-guide: cannot write {}: {e}", output.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "wrote {} ({} KB): \"{title}\", opens offline from disk",
        output.display(),
        html.len().div_ceil(1024)
    );
    ExitCode::SUCCESS
}

fn paths(g: &Guide, format: Format) -> agreement_guide::Result<()> {
    let scenario = g.scenario();
    let stats = g.paths()?;
    let wit = g.witnesses(200_000);
    if format == Format::Json {
        let endings: Vec<_> = scenario
            .endings
            .iter()
            .enumerate()
            .map(|(i, e)| {
                json!({
                    "id": e.id,
                    "playthroughs": stats.per_ending.as_ref().map(|p| p[i].to_string()),
                    "witness": wit[i].as_ref().map(|w| json!({"seed": w.seed, "choices": w.choices})),
                })
            })
            .collect();
        let out = json!({
            "playthroughs": stats.count.map(|c| c.to_string()),
            "shortest": stats.shortest,
            "longest": stats.longest,
            "states": stats.states,
            "endings": endings,
        });
        out!(
            "{}",
            serde_json::to_string_pretty(&out).expect("serialises")
        );
        return Ok(());
    }
    match stats.count {
        Some(c) => out!("distinct playthroughs: {c}"),
        None => out!("distinct playthroughs: unbounded (the guide has a loop)"),
    }
    out!("reachable states: {}", stats.states);
    out!(
        "shortest: {} steps",
        stats.shortest.map_or("-".into(), |s| s.to_string())
    );
    out!(
        "longest: {}",
        stats
            .longest
            .map_or("unbounded".into(), |s| format!("{s} steps"))
    );
    for (i, e) in scenario.endings.iter().enumerate() {
        let count = stats
            .per_ending
            .as_ref()
            .map_or("?".into(), |p| p[i].to_string());
        let w = wit[i].as_ref().map_or("no run found".into(), |w| {
            format!("e.g. seed {}: {}", w.seed, w.choices.join(" → "))
        });
        out!("  {:<24} {count:>12} playthroughs; {w}", e.id);
    }
    Ok(())
}

fn odds(g: &Guide, strategy: Option<&str>, format: Format) -> agreement_guide::Result<()> {
    let scenario = g.scenario();
    let ids: Vec<String> = match strategy {
        Some(s) => {
            policy_for(scenario, Some(s))?;
            vec![s.to_string()]
        }
        None => std::iter::once("uniform".to_string())
            .chain(scenario.strategies.iter().map(|s| s.id.clone()))
            .collect(),
    };
    let mut all = Vec::new();
    for id in &ids {
        let o = g.odds(Some(id))?;
        if format == Format::Text {
            out!(
                "strategy {id}{}:",
                if o.exact {
                    ""
                } else {
                    " (iterated, not exact)"
                }
            );
            for (e, p) in scenario.endings.iter().zip(&o.endings) {
                out!("  {:<24} {:>7.3}%", e.id, p * 100.0);
            }
            if o.unfinished > 0.0 {
                out!("  {:<24} {:>7.3}%", "(never ends)", o.unfinished * 100.0);
            }
        }
        let endings: serde_json::Map<String, serde_json::Value> = scenario
            .endings
            .iter()
            .zip(&o.endings)
            .map(|(e, p)| (e.id.clone(), json!(p)))
            .collect();
        all.push(json!({"strategy": id, "exact": o.exact, "states": o.states, "endings": endings}));
    }
    if format == Format::Json {
        out!(
            "{}",
            serde_json::to_string_pretty(&all).expect("serialises")
        );
    } else {
        out!("(odds are the model's assumptions, not forecasts)");
    }
    Ok(())
}

fn simulate(g: &Guide, strategy: &str, runs: u64, seed: u64) -> agreement_guide::Result<()> {
    let scenario = g.scenario();
    let start = std::time::Instant::now();
    let sim = g.simulate(runs, Some(strategy), seed)?;
    let secs = start.elapsed().as_secs_f64();
    out!("{runs} playthroughs, strategy {strategy}, seed {seed}:");
    for (e, n) in scenario.endings.iter().zip(&sim.endings) {
        out!(
            "  {:<24} {n:>9}  {:>6.2}%",
            e.id,
            *n as f64 * 100.0 / runs.max(1) as f64
        );
    }
    if sim.unfinished > 0 {
        out!("  {:<24} {:>9}", "(unfinished)", sim.unfinished);
    }
    out!(
        "mean length {:.2} steps; {:.0} steps/s",
        sim.steps as f64 / runs.max(1) as f64,
        sim.steps as f64 / secs.max(1e-9)
    );
    Ok(())
}

/// How a `play` session stopped.
enum Played {
    /// At an ending.
    Ending,
    /// The reader typed `q`.
    Quit,
    /// Standard input ended first (a script that stops short).
    InputEnded {
        /// Steps taken by then.
        steps: usize,
    },
}

fn play(mut g: Guide, seed: u64, lang: &str) -> agreement_guide::Result<Played> {
    g.restart_with_seed(seed);
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let out = std::io::stdout();
    let mut out = out.lock();
    let info = g.info(lang);
    let w = |out: &mut std::io::StdoutLock<'_>, s: String| {
        let _ = writeln!(out, "{s}");
    };
    w(&mut out, format!("== {} ==", plain(&info.title)));
    loop {
        let v = g.view(lang);
        if let Some(o) = &v.outcome {
            let given = if o.factors.is_empty() {
                String::new()
            } else {
                format!(" given {}", o.factors.join(", "))
            };
            w(
                &mut out,
                format!(
                    "\n→ {} ({:.0}% likely{given}; a model assumption)",
                    plain(&o.label),
                    o.probability * 100.0
                ),
            );
            if let Some(t) = &o.text {
                w(&mut out, plain(t));
            }
        }
        let meters: Vec<String> = v
            .meters
            .iter()
            .filter(|m| m.shown)
            .map(|m| {
                let d = if m.delta > 0.0 {
                    format!(" ▲{}", m.delta)
                } else if m.delta < 0.0 {
                    format!(" ▼{}", -m.delta)
                } else {
                    String::new()
                };
                if m.kind == "flag" {
                    format!("{}: {}", m.label, if m.value != 0.0 { "yes" } else { "no" })
                } else {
                    format!("{}: {}{d}", m.label, m.value)
                }
            })
            .collect();
        if !meters.is_empty() {
            w(&mut out, format!("[{}]", meters.join(" | ")));
        }
        if let Some(e) = &v.ending {
            w(
                &mut out,
                format!(
                    "\n*** {} ***\n{}\n\nIn reality: {}",
                    plain(&e.verdict),
                    plain(&e.summary),
                    plain(&e.reality)
                ),
            );
            w(&mut out, format!("\nshare token: {}", v.token));
            return Ok(Played::Ending);
        }
        let node = v.node.as_ref().expect("not finished");
        if let Some(p) = &v.progress {
            w(&mut out, format!("\n{}", p.label));
        }
        w(
            &mut out,
            format!(
                "\n[{}] {}\n{}",
                actor_name(&info, &node.actor),
                plain(&node.heading),
                plain(&node.body)
            ),
        );
        for (i, c) in v.choices.iter().enumerate() {
            let extra = if c.enabled {
                String::new()
            } else {
                format!(
                    " (unavailable: {})",
                    c.reason.as_ref().map(plain).unwrap_or_default()
                )
            };
            w(&mut out, format!("  {}. {}{extra}", i + 1, plain(&c.label)));
        }
        let _ = write!(out, "> ");
        let _ = out.flush();
        let Some(Ok(line)) = lines.next() else {
            w(&mut out, "\n(end of input)".into());
            let _ = out.flush();
            return Ok(Played::InputEnded { steps: v.step });
        };
        let line = line.trim();
        match line {
            "q" => return Ok(Played::Quit),
            "u" => {
                if let Err(e) = g.undo() {
                    w(&mut out, format!("! {e}"));
                }
            }
            _ => match line.parse::<usize>() {
                Ok(n) if (1..=v.choices.len()).contains(&n) => {
                    if let Err(e) = g.choose(&v.choices[n - 1].id) {
                        w(&mut out, format!("! {e}"));
                    }
                }
                _ => w(
                    &mut out,
                    format!(
                        "! type a number from 1 to {}, u to undo, or q to quit",
                        v.choices.len()
                    ),
                ),
            },
        }
        if let Position::Ending(_) = g.position() {
            continue;
        }
    }
}

fn actor_name(info: &agreement_guide::Info, id: &str) -> String {
    info.actors
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.label.clone())
        .unwrap_or_else(|| id.to_string())
}

fn plain(r: &agreement_guide::Rich) -> String {
    agreement_guide::model::text::plain_text(r)
}
