//! `agreement-guide bundle FILE --scorm 1.2|2004`: the guide as a SCORM
//! package, the zip a learning platform (Moodle, Canvas, Blackboard, …)
//! accepts as a course activity.
//!
//! The zip holds `imsmanifest.xml` at its root (one organisation, one item,
//! one SCO resource whose launch page is `index.html`, every file listed; the
//! guide's title and summary as the course's), the launch page, the widget's
//! built files (widget, stylesheet, on-demand modules, full engine), the
//! SCORM adapter `scorm/scorm.js` and the page's stylesheet, each at its path
//! under `www/`, and the guide as `guide.json`: everything the page loads, so
//! no request leaves the package.
//!
//! The manifest and the launch page are the templates in `templates/scorm/`,
//! filled by one rule that the guide editor's download (`www/scorm/package.js`)
//! follows too: each `{{name}}` is replaced by its value, HTML/XML-escaped;
//! `{{files}}` is one `<file href="…"/>` line per file, sorted by path;
//! `{{attributes}}` is the element's extra attributes (` seed="7"`,
//! ` mode="classroom"`).

use crate::bundle::{self, Problem};
use agreement_guide::facade::prerender::escape;
use std::io::Write as _;
use std::path::Path;

/// The launch page (the SCO) and the two manifests, shared with the guide editor.
const LAUNCH: &str = include_str!("../../../templates/scorm/launch.html");
const MANIFEST_1_2: &str = include_str!("../../../templates/scorm/imsmanifest-1.2.xml");
const MANIFEST_2004: &str = include_str!("../../../templates/scorm/imsmanifest-2004.xml");

/// The launch page's stylesheet for the page around the guide, and the
/// adapter that talks to the LMS: source files under `www/`, at the same paths in the package.
const PAGE_FILES: &[&str] = &["demo/demo.css", "scorm/scorm.js"];

/// Which SCORM: 1.2 (what every LMS takes) or 2004 4th Edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// SCORM 1.2.
    V1_2,
    /// SCORM 2004 4th Edition.
    V2004,
}

impl Version {
    /// From the command line's `--scorm` value.
    pub fn parse(s: &str) -> Option<Version> {
        match s {
            "1.2" => Some(Version::V1_2),
            "2004" => Some(Version::V2004),
            _ => None,
        }
    }

    /// As the launch page's `<meta name="agreement-guide-scorm">` says it.
    pub fn name(self) -> &'static str {
        match self {
            Version::V1_2 => "1.2",
            Version::V2004 => "2004",
        }
    }
}

/// What the course says about itself.
pub struct Course<'a> {
    /// The guide's id (the manifest's identifier is `agreement-guide-<id>`).
    pub id: &'a str,
    /// Title, in `lang`.
    pub title: &'a str,
    /// One paragraph on the agreement, in `lang`.
    pub description: &'a str,
    /// The language the student sees first.
    pub lang: &'a str,
    /// The scenario file's text, as written.
    pub scenario: &'a str,
    /// Seed and mode.
    pub options: bundle::Options,
}

/// Rich text as the course's words: its characters only (citations and
/// `[!game]`/`[!model]` markers left out), paragraphs joined by a space —
/// the widget's own rule (`plain` in www/element/dom.js), which the guide
/// editor's download uses, so both write the same manifest.
pub fn words(rich: &agreement_guide::Rich) -> String {
    rich.iter()
        .map(|p| p.iter().filter_map(|s| s.prose()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// Each `{{name}}` in `template` replaced by its value (values are used as
/// given, in one pass: a value that holds `{{…}}` stays as it is).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, end))
        });
        match value {
            Some((v, end)) => {
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The element's attributes beyond the template's.
fn attributes(options: bundle::Options) -> String {
    let mut out = String::new();
    if let Some(seed) = options.seed {
        out.push_str(&format!(" seed=\"{seed}\""));
    }
    if options.classroom {
        out.push_str(" mode=\"classroom\"");
    }
    out
}

/// Every file of the package, by path, manifest excluded: launch page, guide, built and page files.
fn files(
    www: &Path,
    version: Version,
    course: &Course<'_>,
) -> Result<Vec<(String, Vec<u8>)>, Problem> {
    let mut files: Vec<(String, Vec<u8>)> = bundle::read_assets(www)?
        .into_iter()
        .map(|a| (a.path, a.bytes))
        .collect();
    for rel in PAGE_FILES {
        let bytes = std::fs::read(www.join(rel)).map_err(|e| {
            format!(
                "cannot read {} ({e}): point --www at the repository's www/ directory",
                www.join(rel).display()
            )
        })?;
        files.push(((*rel).to_string(), bytes));
    }
    files.push(("guide.json".into(), course.scenario.as_bytes().to_vec()));
    let launch = fill(
        LAUNCH,
        &[
            ("version", version.name()),
            ("lang", &escape(course.lang)),
            ("title", &escape(course.title)),
            ("attributes", &attributes(course.options)),
        ],
    );
    files.push(("index.html".into(), launch.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The manifest for these files.
fn manifest(version: Version, course: &Course<'_>, paths: &[&str]) -> String {
    let list = paths
        .iter()
        .map(|p| format!("      <file href=\"{}\"/>", escape(p)))
        .collect::<Vec<_>>()
        .join("\n");
    fill(
        match version {
            Version::V1_2 => MANIFEST_1_2,
            Version::V2004 => MANIFEST_2004,
        },
        &[
            ("identifier", &format!("agreement-guide-{}", course.id)),
            ("lang", &escape(course.lang)),
            ("title", &escape(course.title)),
            ("description", &escape(course.description)),
            ("files", &list),
        ],
    )
}

/// Builds the package (a zip, as bytes) from the built files in `www`.
pub fn build(www: &Path, version: Version, course: &Course<'_>) -> Result<Vec<u8>, Problem> {
    let files = files(www, version, course)?;
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let manifest = manifest(version, course, &paths);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Deflated; no timestamps (the zip's 1980 default), so the same guide and
    // build always give the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let broken = |e: &dyn std::fmt::Display| format!("cannot write the package ({e})");
    zip.start_file("imsmanifest.xml", options)
        .map_err(|e| broken(&e))?;
    zip.write_all(manifest.as_bytes()).map_err(|e| broken(&e))?;
    for (path, bytes) in &files {
        zip.start_file(path.as_str(), options)
            .map_err(|e| broken(&e))?;
        zip.write_all(bytes).map_err(|e| broken(&e))?;
    }
    let out = zip.finish().map_err(|e| broken(&e))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course<'static> {
        Course {
            id: "a-b",
            title: "Q & A <1>",
            description: "\"quoted\"",
            lang: "en",
            scenario: "{}",
            options: bundle::Options {
                seed: Some(7),
                classroom: true,
            },
        }
    }

    #[test]
    fn the_manifest_lists_every_file_and_escapes_the_words() {
        let m = manifest(Version::V1_2, &course(), &["a&b.js", "index.html"]);
        assert!(m.contains(r#"<manifest identifier="agreement-guide-a-b""#));
        assert!(m.contains("<title>Q &amp; A &lt;1&gt;</title>"));
        assert!(m.contains("&quot;quoted&quot;"));
        assert!(m.contains("      <file href=\"a&amp;b.js\"/>\n      <file href=\"index.html\"/>"));
        assert!(!m.contains("{{"), "every placeholder filled");
        let m = manifest(Version::V2004, &course(), &["index.html"]);
        assert!(m.contains("<schemaversion>2004 4th Edition</schemaversion>"));
        assert!(!m.contains("{{"), "every placeholder filled");
    }

    #[test]
    fn the_launch_page_names_its_version_and_the_element_carries_the_options() {
        let page = fill(
            LAUNCH,
            &[
                ("version", "2004"),
                ("lang", "zh"),
                ("title", "T"),
                ("attributes", &attributes(course().options)),
            ],
        );
        assert!(page.contains(r#"<meta name="agreement-guide-scorm" content="2004">"#));
        assert!(page.contains(r#"history="none" seed="7" mode="classroom">"#));
        assert!(!page.contains("{{"));
    }

    #[test]
    fn a_value_holding_a_placeholder_is_left_as_written() {
        assert_eq!(
            fill("{{a}}-{{b}}-{{c}}", &[("a", "{{b}}"), ("b", "x")]),
            "{{b}}-x-{{c}}"
        );
    }
}
