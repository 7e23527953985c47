//! Every subcommand of the authors' CLI has a useful `--help`: what it does,
//! its arguments, and an example; the top-level help points to the guides.

use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_agreement-guide"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_top_level_help_lists_every_command_and_points_to_the_authoring_guide() {
    let h = help(&["--help"]);
    for cmd in [
        "check", "paths", "odds", "simulate", "schema", "new", "play", "bundle", "pack", "render",
        "oembed",
    ] {
        assert!(
            h.lines().any(|l| l.trim_start().starts_with(cmd)),
            "{cmd} is listed:\n{h}"
        );
    }
    assert!(
        h.contains("docs/authoring.md") && h.contains("www/author.html"),
        "{h}"
    );
}

#[test]
fn each_command_help_says_what_it_does_and_shows_its_arguments() {
    let cases: &[(&str, &[&str])] = &[
        (
            "check",
            &[
                "<FILE>",
                "--format",
                "Exit 0",
                "Example: agreement-guide check",
            ],
        ),
        (
            "paths",
            &["<FILE>", "--format", "Example: agreement-guide paths"],
        ),
        (
            "odds",
            &[
                "<FILE>",
                "--strategy",
                "model assumptions",
                "Example: agreement-guide odds",
            ],
        ),
        (
            "simulate",
            &[
                "<FILE>",
                "--strategy",
                "--runs",
                "--seed",
                "Example: agreement-guide simulate",
            ],
        ),
        ("schema", &["$schema", "Example: agreement-guide schema"]),
        (
            "new",
            &["<FILE>", "--force", "Example: agreement-guide new"],
        ),
        ("play", &["<FILE>", "--seed", "--lang", "undo"]),
        (
            "bundle",
            &["<FILE>", "--output", "offline", "agreement-guide bundle"],
        ),
        (
            "pack",
            &[
                "<FILE>",
                "--output",
                "one small file per language",
                "Example: agreement-guide pack",
            ],
        ),
        (
            "render",
            &[
                "<FILE>",
                "--lang",
                "--token",
                "--manifest",
                "--inject",
                "without JavaScript",
                "Example: agreement-guide render",
            ],
        ),
    ];
    for (cmd, wanted) in cases {
        let h = help(&[cmd, "--help"]);
        for w in *wanted {
            assert!(h.contains(w), "`{cmd} --help` mentions {w:?}:\n{h}");
        }
        assert!(
            h.lines().next().is_some_and(|l| l.len() > 20),
            "`{cmd} --help` starts with a sentence:\n{h}"
        );
    }
}
