//! `agreement-guide bundle`: one HTML file that holds the whole guide — the
//! widget's JS and CSS, the wasm core and its glue, and the scenario — and
//! works opened from disk (file://) with no network, e.g. in a classroom
//! whose network blocks downloads.
//!
//! How it fits together: the widget finds its files through `assetUrl(name)`,
//! which reads `globalThis.AGREEMENT_GUIDE_ASSETS` (name → URL) when a page
//! sets it. The file carries that map as an inline JSON data block, a tiny
//! bootstrap script (a data: URL) copies it into the global, the widget itself
//! is a module script from a data: URL, and the scenario is the element's inline
//! `<script type="application/json">` child. Nothing is fetched from anywhere:
//! the file's own Content-Security-Policy allows data: URLs and nothing else.

use crate::args::BundleArgs;
use crate::{plain, print_diagnostics, read_guide, Outcome};
use agreement_guide::facade::prerender::escape;
use agreement_guide::{load_scenario, Guide, Scenario};
use base64::Engine as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs `bundle`.
pub fn run(a: &BundleArgs) -> Outcome {
    let text = read_guide(&a.file)?;
    let loaded = load_scenario(&text);
    let options = Options {
        seed: a.seed,
        classroom: a.mode == "classroom",
    };
    let written = Written {
        path: &a.output,
        scorm: a.scorm.as_deref().and_then(crate::scorm::Version::parse),
    };
    Ok(write(
        &a.file,
        &text,
        loaded,
        &written,
        &a.www,
        a.lang.as_deref(),
        options,
    ))
}

/// What `bundle` writes: one HTML file, or with `--scorm` a SCORM package.
struct Written<'a> {
    path: &'a Path,
    scorm: Option<crate::scorm::Version>,
}

fn write(
    file: &Path,
    text: &str,
    loaded: agreement_guide::Result<Scenario>,
    written: &Written<'_>,
    www: &Path,
    lang: Option<&str>,
    options: Options,
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
        let course = crate::scorm::Course {
            id: &info.id,
            title: &crate::scorm::words(&info.title),
            description: &crate::scorm::words(&info.summary),
            lang: &lang,
            scenario: text,
            options,
        };
        return match crate::scorm::build(www, version, &course) {
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
    let card = crate::render::words(&lang)
        .or_else(|| crate::render::words("en"))
        .map(|words| {
            let options = agreement_guide::facade::prerender::Options {
                heading_level: 1,
                classroom: options.classroom,
                ..Default::default()
            };
            agreement_guide::facade::prerender::card(&guide, &lang, &words, &options)
        });
    let html = match build(
        www,
        &Page {
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

/// The page's policy: scripts, styles, fetches and images from data: URLs only
/// (so no request can leave the file), wasm compilation allowed.
///
/// Why not hashes (`'sha256-…'`) for the scripts: the widget loads its core and
/// on-demand modules with `import()` of data: URLs, which a hash cannot allow, nor
/// `'strict-dynamic'` (tried in Chromium 156 from file://: both block the import).
/// `data:` lets in only what is written in the file itself, which has no markup
/// from the scenario (text nodes only; its JSON is escaped in `script_safe_json`).
const CSP: &str = "default-src 'none'; script-src data: 'wasm-unsafe-eval'; style-src data:; connect-src data:; img-src data:; base-uri 'none'; form-action 'none'";

/// Copies the asset map into the global the widget reads, before the widget runs.
const BOOTSTRAP: &str = "globalThis.AGREEMENT_GUIDE_ASSETS = JSON.parse(document.getElementById('agreement-guide-assets').textContent);\n";

/// A file the bundle needs, read from the built `www/` directory.
pub struct Asset {
    /// What the widget calls it (`globalThis.AGREEMENT_GUIDE_ASSETS`'s key).
    pub name: String,
    /// Where it is under `www/` (`pkg/agreement_guide_bg.wasm`), `/`-separated.
    pub path: String,
    mime: &'static str,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// What went wrong, as one plain sentence.
pub type Problem = String;

/// The built files the bundle inlines: (asset name, path under www/, MIME type).
const REQUIRED: &[(&str, &str, &str)] = &[
    ("widget", "agreement-guide.js", "text/javascript"),
    ("css", "agreement-guide.css", "text/css"),
    ("core", "pkg/agreement_guide.js", "text/javascript"),
    ("wasm", "pkg/agreement_guide_bg.wasm", "application/wasm"),
];

fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// JSON made safe inside a `<script>` data block: `<` (the only way to write
/// `</script>` or `<!--`) can appear only inside JSON strings, where `\u003c`
/// means the same character.
fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Reads the built files from `www`, with a plain message naming what is missing:
/// the widget, its stylesheet, the full engine and every module the widget
/// loads on demand.
pub fn read_assets(www: &Path) -> Result<Vec<Asset>, Problem> {
    let mut assets = Vec::new();
    // Name the folder looked in as a full path: run from elsewhere than the
    // repository root, the default `www` is not the built one.
    let looked_in = std::env::current_dir().map_or_else(|_| www.to_path_buf(), |d| d.join(www));
    for (name, rel, mime) in REQUIRED {
        let path = www.join(rel);
        let bytes = std::fs::read(&path).map_err(|e| {
            format!(
                "no built widget in {} (--www): cannot read {rel} ({e}); run `npm run build` first in the repository, then run this from its root or point --www at its www/ directory",
                looked_in.display()
            )
        })?;
        assets.push(Asset {
            name: (*name).to_string(),
            path: (*rel).to_string(),
            mime,
            bytes,
        });
    }
    // Modules the widget loads on demand: www/agreement-guide-<name>.js → <name>.
    let mut extra: Vec<PathBuf> = std::fs::read_dir(www)
        .map_err(|e| format!("cannot list {} ({e})", www.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("agreement-guide-") && name.ends_with(".js")
        })
        .collect();
    extra.sort();
    for path in extra {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let name = file
            .trim_start_matches("agreement-guide-")
            .trim_end_matches(".js")
            .to_string();
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
        assets.push(Asset {
            name,
            path: file.to_string(),
            mime: "text/javascript",
            bytes,
        });
    }
    Ok(assets)
}

/// What the page says about itself.
pub struct Page<'a> {
    /// The guide's title, in `lang`.
    pub title: &'a str,
    /// The language the reader sees first.
    pub lang: &'a str,
    /// The scenario file's text, as written.
    pub scenario: &'a str,
    /// The element's other attributes.
    pub options: Options,
    /// The first card as HTML (`agreement-guide render`), shown before the
    /// widget runs and in its place where it cannot.
    pub card: Option<String>,
}

/// How the guide in the file plays.
#[derive(Clone, Copy, Default)]
pub struct Options {
    /// Fixed dice (the element's `seed`).
    pub seed: Option<u32>,
    /// `mode="classroom"`: discussion prompts shown.
    pub classroom: bool,
}

/// Builds the single HTML file from the built files in `www`.
pub fn build(www: &Path, page: &Page<'_>) -> Result<String, Problem> {
    let assets = read_assets(www)?;
    let widget = assets
        .iter()
        .find(|a| a.name == "widget")
        .expect("required");
    // The modules the widget imports statically (`from './agreement-guide-<name>.js'`):
    // a module at a data: URL has no folder to resolve them in, so each gets its data: URL.
    let mut widget_js = String::from_utf8_lossy(&widget.bytes).into_owned();
    for a in assets.iter().filter(|a| a.mime == "text/javascript") {
        let import = format!("from './agreement-guide-{}.js'", a.name);
        if widget_js.contains(&import) {
            widget_js =
                widget_js.replace(&import, &format!("from '{}'", data_url(a.mime, &a.bytes)));
        }
    }
    let mut map = serde_json::Map::new();
    for a in assets.iter().filter(|a| a.name != "widget") {
        map.insert(
            a.name.clone(),
            serde_json::Value::String(data_url(a.mime, &a.bytes)),
        );
    }
    let map = script_safe_json(&serde_json::Value::Object(map).to_string());
    // The demo pages' stylesheet gives the page around the guide its type and colours, and the
    // pre-rendered card's stylesheet (built by scripts/card-css.mjs) gives the card its shape
    // (each optional).
    let page_css = ["demo/demo.css", "agreement-guide-card.css"]
        .iter()
        .filter_map(|name| std::fs::read(www.join(name)).ok())
        .map(|css| {
            format!(
                "  <link rel=\"stylesheet\" href=\"{}\">\n",
                data_url("text/css", &css)
            )
        })
        .collect::<String>();
    let lang = escape(page.lang);
    let mut attributes = String::new();
    if let Some(seed) = page.options.seed {
        attributes.push_str(&format!(" seed=\"{seed}\""));
    }
    if page.options.classroom {
        attributes.push_str(" mode=\"classroom\"");
    }
    Ok(format!(
        "<!doctype html>
<!-- {title}: an interactive guide in one file, made by `agreement-guide bundle`. Open it in a browser; it needs no network. -->
<html lang=\"{lang}\">
<head>
  <meta charset=\"utf-8\">
  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
  <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">
  <link rel=\"icon\" href=\"data:,\">
  <title>{title}</title>
{page_css}  <script type=\"application/json\" id=\"agreement-guide-assets\">{map}</script>
  <script src=\"{bootstrap}\"></script>
  <script type=\"module\" src=\"{widget}\"></script>
</head>
<body class=\"ag-demo ag-embed\">
  <main>
    <agreement-guide heading-level=\"1\" lang=\"{lang}\"{attributes}><script type=\"application/json\">{scenario}</script>
{card}</agreement-guide>{noscript}
  </main>
</body>
</html>
",
        title = escape(page.title),
        page_css = page_css,
        bootstrap = data_url("text/javascript", BOOTSTRAP.as_bytes()),
        widget = data_url(widget.mime, widget_js.as_bytes()),
        card = page
            .card
            .as_deref()
            .map(|c| c.lines().map(|l| format!("      {l}\n")).collect::<String>())
            .unwrap_or_default(),
        noscript = if page.card.is_some() {
            ""
        } else {
            "\n    <noscript><p>This interactive guide needs JavaScript.</p></noscript>"
        },
        scenario = script_safe_json(page.scenario.trim()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_block_cannot_close_it() {
        let json = r#"{"a":"</script><script>alert(1)</script><!--"}"#;
        let safe = script_safe_json(json);
        assert!(!safe.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["a"], "</script><script>alert(1)</script><!--");
    }

    #[test]
    fn titles_are_escaped_as_html_text() {
        assert_eq!(
            escape(r#"A & B <i>"x"</i>"#),
            "A &amp; B &lt;i&gt;&quot;x&quot;&lt;/i&gt;"
        );
    }
}
