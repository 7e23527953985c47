//! The core's folders are layers whose imports point down only
//! (docs: README "Layout"): model → run → analysis → facade, with
//! `error` and `prelude` shared by all. Every `crate::…` path in the code of a layer's
//! files (comments aside) must name its own layer, a lower one, or `error`;
//! a name re-exported at the crate root counts as the layer it comes from.
//! A file's `#[cfg(test)] mod tests` (last in the file, by this crate's habit)
//! is left out: a unit test may load a guide through the whole crate without
//! the layer depending on it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [&str; 4] = ["model", "run", "analysis", "facade"];
/// Shared by every layer: the errors, and `prelude` (what std's prelude
/// gives, imported from alloc for the reader runtime's `no_std` build).
const SHARED: [&str; 2] = ["error", "prelude"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// Root re-exports (`pub use facade::guide::{Guide, StepRecord};`) → the
/// module each name comes from, so `crate::Guide` is seen as `facade`.
fn root_exports(lib: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let module = rest.split("::").next().unwrap().to_string();
        let names = match (rest.find('{'), rest.rfind('}')) {
            (Some(a), Some(b)) => rest[a + 1..b].to_string(),
            _ => rest.rsplit("::").next().unwrap().to_string(),
        };
        for item in names.split(',') {
            let exported = item.split(" as ").last().unwrap().trim();
            if !exported.is_empty() {
                out.insert(exported.to_string(), module.clone());
            }
        }
    }
    out
}

/// The code of a file without its comments (line comments, doc comments and
/// `/* … */` blocks), so a doc link to a higher layer is not an import, and
/// without its unit tests (`#[cfg(test)] mod tests { … }` to the end).
fn code_only(text: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|l| l.trim() == "mod tests {")
        {
            break;
        }
        let mut l = line;
        if in_block {
            match l.find("*/") {
                Some(i) => {
                    in_block = false;
                    l = &l[i + 2..];
                }
                None => continue,
            }
        }
        if let Some(i) = l.find("/*") {
            in_block = !l[i..].contains("*/");
            l = &l[..i];
        }
        if let Some(i) = l.find("//") {
            l = &l[..i];
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The first segment of every `crate::` path in `code`, with grouped imports
/// (`crate::{a::b, c}`) expanded, and the line each is on.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        // `foo_crate::x` is another crate's path, not ours.
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push((line, first_segment(&item)));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.push((line, first_segment(&item)));
        } else {
            out.push((line, first_segment(rest)));
        }
    }
    out.retain(|(_, s)| !s.is_empty() && s != "self");
    out
}

fn first_segment(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every upward (or unknown) import in a file of `layer`, as messages.
fn violations(
    layer: &str,
    file: &str,
    text: &str,
    exports: &HashMap<String, String>,
) -> Vec<String> {
    let own = rank(layer).expect("a layer");
    let mut found = Vec::new();
    for (line, first) in crate_paths(&code_only(text)) {
        let module = exports.get(&first).cloned().unwrap_or(first.clone());
        if SHARED.contains(&module.as_str()) {
            continue;
        }
        match rank(&module) {
            Some(r) if r <= own => {}
            Some(_) => found.push(format!("{file}:{line}: the {layer} layer imports crate::{first} (the {module} layer, above it)")),
            None => found.push(format!("{file}:{line}: the {layer} layer imports crate::{first}, which is in no layer below it")),
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let exports = root_exports(&fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut problems = Vec::new();
    let mut checked = 0;
    for layer in LAYERS {
        let dir = src.join(layer);
        assert!(
            dir.is_dir(),
            "src/{layer}/ is missing: the layers are folders"
        );
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        for f in files {
            let name = f.strip_prefix(&src).unwrap().display().to_string();
            problems.extend(violations(
                layer,
                &name,
                &fs::read_to_string(&f).unwrap(),
                &exports,
            ));
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} files found under the layer folders"
    );
    assert!(
        problems.is_empty(),
        "imports that point up a layer:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_upward_imports_in_every_form() {
    let exports = root_exports("pub use facade::guide::{Guide, StepRecord};\npub use facade::load::{load as load_scenario, Check};\npub use run::rng::Rng;");
    let text = "//! A doc link to [`Guide`](crate::facade::guide::Guide) is fine.\n\
                use crate::error::Diagnostic;\n\
                use crate::model::text::Rich;\n\
                use crate::{model::expr, analysis::graph::StateGraph};\n\
                fn f() { let g = crate::Guide::from_json(\"\", 1); crate::load_scenario(\"\"); }\n\
                /* crate::facade::view */\n\
                let x = crate::run::state::start; let y = crate::Rng::new(1);\n\
                let z = other_crate::facade::x; use crate::wasm::Guide;\n\
                #[cfg(test)]\n\
                mod tests {\n\
                    use crate::facade::guide::Guide;\n\
                }\n";
    let found = violations("run", "run/x.rs", text, &exports);
    assert_eq!(
        found,
        [
            "run/x.rs:4: the run layer imports crate::analysis (the analysis layer, above it)",
            "run/x.rs:5: the run layer imports crate::Guide (the facade layer, above it)",
            "run/x.rs:5: the run layer imports crate::load_scenario (the facade layer, above it)",
            "run/x.rs:8: the run layer imports crate::wasm, which is in no layer below it",
        ]
    );
    assert!(violations("facade", "facade/x.rs", text, &exports)
        .iter()
        .all(|m| m.contains("crate::wasm")));
}
