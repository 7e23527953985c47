//! Every repository path a comment names exists: a comment in a `.rs`,
//! `.js`, `.mjs` or `.sh` file that points a reader at `src/…`, `www/…`,
//! `scripts/…`, `docs/…`, `tests/…`, `benches/…`, `fuzz/…`, `templates/…`
//! or `npm/…`, or at a top-level `*.md`, points at something that is there
//! (or at a file the build or a tool writes, as a `.gitignore` lists them). A file moved
//! or split leaves no stale pointer behind.

use std::fs;
use std::path::{Path, PathBuf};

/// The folders whose names start a repository path in a comment.
const ROOTS: [&str; 9] = [
    "src/",
    "www/",
    "scripts/",
    "docs/",
    "tests/",
    "benches/",
    "fuzz/",
    "templates/",
    "npm/",
];

/// Folders not searched: dependencies, build output, and files the build
/// writes (their comments are the sources' comments).
const SKIP: [&str; 9] = [
    "target",
    "node_modules",
    ".git",
    "pkg-npm",
    "test-artifacts",
    "www/pkg",
    "www/pkg-reader",
    "www/dist",
    "www/scenarios",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if SKIP.contains(&rel.as_str()) || rel.starts_with("bench/ink/site/ink") {
            continue;
        }
        if path.is_dir() {
            files(&path, out);
        } else if ["rs", "js", "mjs", "sh"]
            .iter()
            .any(|e| path.extension().is_some_and(|x| x == *e))
        {
            out.push(path);
        }
    }
}

/// The comments of a file, one entry per line: what follows `//` (or `#` in
/// a shell script) and the lines of `/* … */` blocks. A `//` inside an
/// address (`https://…`) is not a comment.
fn comments(text: &str, shell: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, line) in text.lines().enumerate() {
        let mut l = line;
        if in_block {
            match l.find("*/") {
                Some(end) => {
                    out.push((i + 1, l[..end].to_string()));
                    in_block = false;
                    l = &l[end + 2..];
                }
                None => {
                    out.push((i + 1, l.to_string()));
                    continue;
                }
            }
        }
        if shell {
            let t = l.trim_start();
            if let Some(c) = t.strip_prefix('#') {
                out.push((i + 1, c.to_string()));
            } else if let Some(at) = l.find(" # ") {
                out.push((i + 1, l[at + 3..].to_string()));
            }
            continue;
        }
        let mut from = 0;
        while let Some(at) = l[from..].find("//") {
            let at = from + at;
            if at > 0 && l.as_bytes()[at - 1] == b':' {
                from = at + 2;
                continue;
            }
            out.push((i + 1, l[at + 2..].to_string()));
            l = "";
            break;
        }
        if let Some(at) = l.find("/*") {
            let rest = &l[at + 2..];
            match rest.find("*/") {
                Some(end) => out.push((i + 1, rest[..end].to_string())),
                None => {
                    out.push((i + 1, rest.to_string()));
                    in_block = true;
                }
            }
        }
    }
    out
}

/// The repository paths a comment names: words that start with one of
/// [`ROOTS`] (or name a top-level Markdown file in capitals, as README.md),
/// without the punctuation around them. A word with a placeholder, a pattern
/// or an escape in it (`<id>`, `*`, `{…}`, `…`, `$`, a backslash) names no
/// one file and is passed over; so does `./src/…`, a path in another tree.
fn named_paths(comment: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in comment.split(|c: char| {
        c.is_whitespace() || matches!(c, '`' | '\'' | '"' | '(' | ')' | '[' | ']' | ',' | ';')
    }) {
        let word = word
            .split(['#', '?'])
            .next()
            .unwrap()
            .trim_end_matches([':', '.', '!']);
        // `file.rs:12` or `file.rs:12:3`: the file.
        let word = match word.split_once(".rs:").or_else(|| word.split_once(".js:")) {
            Some((file, _)) if word.contains(".rs:") => format!("{file}.rs"),
            Some((file, _)) => format!("{file}.js"),
            None => word.to_string(),
        };
        if word
            .chars()
            .any(|c| matches!(c, '<' | '>' | '*' | '{' | '}' | '…' | '$' | '|' | '\\'))
        {
            continue;
        }
        let top_md = !word.contains('/')
            && word.ends_with(".md")
            && word.len() > 3
            && word[..word.len() - 3]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-');
        if top_md
            || ROOTS
                .iter()
                .any(|r| word.starts_with(r) && word.len() > r.len())
        {
            out.push(word);
        }
    }
    out
}

/// What a `.gitignore` says the build or a tool writes (`/www/pkg/`,
/// `/www/agreement-guide-*.js`); `path` is relative to that `.gitignore`'s folder.
fn built(path: &str, ignore: &str) -> bool {
    ignore
        .lines()
        .filter_map(|l| l.strip_prefix('/'))
        .any(|pattern| {
            if let Some(dir) = pattern.strip_suffix('/') {
                path == dir || path.starts_with(pattern)
            } else if let Some((head, tail)) = pattern.split_once('*') {
                path.starts_with(head) && path.ends_with(tail)
            } else {
                path == pattern
            }
        })
}

#[test]
fn every_path_a_comment_names_exists() {
    let root = root();
    // Each `.gitignore` that lists what is written, by the folder it is in.
    let ignores: Vec<(&str, String)> = ["", "fuzz/"]
        .iter()
        .map(|dir| {
            (
                *dir,
                fs::read_to_string(root.join(dir).join(".gitignore")).unwrap(),
            )
        })
        .collect();
    let mut all = Vec::new();
    for dir in [
        "src", "www", "scripts", "tests", "benches", "fuzz", "npm", "bench",
    ] {
        if root.join(dir).is_dir() {
            files(&root.join(dir), &mut all);
        }
    }
    let mut stale = Vec::new();
    let mut named = 0;
    for file in &all {
        let text = fs::read_to_string(file).unwrap();
        let shell = file.extension().is_some_and(|e| e == "sh");
        let rel = file.strip_prefix(&root).unwrap().display().to_string();
        for (line, comment) in comments(&text, shell) {
            for path in named_paths(&comment) {
                named += 1;
                let written = ignores
                    .iter()
                    .any(|(dir, ignore)| path.strip_prefix(dir).is_some_and(|p| built(p, ignore)));
                if !root.join(&path).exists() && !written {
                    stale.push(format!("{rel}:{line}: names {path}, which is not there"));
                }
            }
        }
    }
    assert!(
        named > 100,
        "only {named} paths found in comments: is the scan still reading them?"
    );
    assert!(
        stale.is_empty(),
        "stale paths in comments:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_scan_finds_paths_and_skips_what_is_not_one() {
    let c = comments(
        "let x = 1; // see src/model/pack/mod.rs.\n/* www/element/\n  docs/format.md#x */ let u = \"https://a/src/x\";\n",
        false,
    );
    let found: Vec<String> = c.iter().flat_map(|(_, t)| named_paths(t)).collect();
    assert_eq!(
        found,
        ["src/model/pack/mod.rs", "www/element/", "docs/format.md"]
    );
    assert_eq!(
        named_paths("(`src/lib.rs:12:3`, www/scenarios/<id>.bin, DESIGN.md)"),
        ["src/lib.rs", "DESIGN.md"]
    );
    let sh = comments("run x # writes www/pkg/\n# scripts/setup.sh\n", true);
    let found: Vec<String> = sh.iter().flat_map(|(_, t)| named_paths(t)).collect();
    assert_eq!(found, ["www/pkg/", "scripts/setup.sh"]);
    assert!(built(
        "www/agreement-guide-explore.js",
        "/www/agreement-guide-*.js\n"
    ));
    assert!(!built("www/element/x.js", "/www/pkg/\n"));
}
