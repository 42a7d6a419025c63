//! Rich pages through the binary: invalid TeX and bad code block attributes fail the build at
//! their file:line:column (all of them, in one run); `quire check` warns
//! about diagrams it can tell are broken; the scripts of tabs and diagrams are written only for a
//! site that has them and loaded only by its pages that do, the print and single-file pages draw
//! diagrams, and the diagrams script carries Mermaid's licence.

use std::path::Path;

use crate::support::{build, fixture, list_files, quire, quire_in, read, site};

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\nHi.\n");

/// Builds the site in `dir`, which must fail with nothing written and report each message at
/// its file:line:column (on the line after the message); returns stderr.
fn fails_at(dir: &Path, expected: &[(&str, &str)]) -> String {
    let (_keep, out, run) = build(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists(), "nothing written for a failed build");
    let err = run.stderr;
    for (message, at) in expected {
        let found = err.find(message).map(|i| &err[i..]);
        let next_line = found.and_then(|text| text.lines().nth(1)).unwrap_or("");
        assert!(
            next_line.ends_with(at),
            "expected {message:?} at {at} in:\n{err}"
        );
    }
    err
}

#[test]
fn invalid_math_and_attributes_fail_the_build_where_they_are_written() {
    let dir = site(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\n---\nFine $x^2$, then $a + \\foo$ and\n\n\
             ```python hl_lines=\"2-x\"\nx = 1\n```\n\n```py title=\"t.py\" hl_lines=\"3\"\ny\n```\n",
        ),
    ]);
    let err = fails_at(
        dir.path(),
        &[
            (
                "error: invalid TeX math: Unknown command \"\\foo\".",
                "content/a.md:4:23",
            ),
            (
                "error: `hl_lines` expects line numbers and ranges; `2-x` is not one",
                "content/a.md:6:11",
            ),
            (
                "error: `hl_lines` marks line 3, but the block has 1 line",
                "content/a.md:10:20",
            ),
        ],
    );
    assert!(err.contains("hint: math between `$` signs is TeX; write `\\$` for a dollar sign"));
}

#[test]
fn check_warns_about_diagrams_it_can_tell_are_broken() {
    let dir = site(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\nsummary: Diagrams.\n---\n\n```mermaid\nflowchat LR\n  a --> b\n```\n\n\
             ```mermaid\n%% nothing but a comment\n```\n\n```python hl_line=\"1\"\nx\n```\n",
        ),
    ]);
    let run = quire_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let err = &run.stderr;
    for expected in [
        "warning: unknown Mermaid diagram type `flowchat`; the diagram will not draw\n --> content/a.md:6:1",
        "hint: did you mean `flowchart`?",
        "warning: this Mermaid diagram is empty\n  --> content/a.md:11:1",
        "warning: unknown code block attribute `hl_line`\n  --> content/a.md:15:11",
        "hint: did you mean `hl_lines`?",
    ] {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
}

#[test]
fn scripts_are_written_and_loaded_only_where_used() {
    let (_keep, out, run) = build(&fixture("rich-pages"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the fixture builds without warnings");
    let assets = list_files(&out.join("assets"));
    let named = |stem: &str| {
        assets
            .iter()
            .find(|f| f.starts_with(stem))
            .map(|f| format!("assets/{f}"))
            .unwrap_or_else(|| panic!("no {stem} asset in {assets:?}"))
    };
    let (tabs, diagrams) = (named("tabs."), named("diagrams."));
    let loads = |page: &str, asset: &str| read(&out, page).contains(&format!("{asset}\" defer>"));
    let every = "blocks/every-block/index.html";
    assert!(loads(every, &tabs) && loads(every, &diagrams));
    assert!(loads("blocks/more-tabs/index.html", &tabs));
    assert!(!loads("blocks/more-tabs/index.html", &diagrams));
    for plain in ["blocks/plain/index.html", "index.html", "404.html"] {
        assert!(!loads(plain, &tabs) && !loads(plain, &diagrams), "{plain}");
    }
    // The print page draws the diagrams and shows every tab panel (no tabs script).
    assert!(loads("print.html", &diagrams) && !loads("print.html", &tabs));
    let script = read(&out, &diagrams);
    assert!(script.starts_with("/*! Mermaid"), "the licence comes first");
    assert!(script.contains("Copyright (c) 2014 - 2022 Knut Sveidqvist"));
    assert!(script.contains("Third-party notices for mermaid"));

    // A site without tabs or diagrams gets neither script.
    let plain = site(&[HOME, ("content/a.md", "---\ntitle: A\n---\n$x$\n")]);
    let (_keep, out, run) = build(plain.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let assets = list_files(&out.join("assets"));
    assert!(
        !assets
            .iter()
            .any(|f| f.starts_with("tabs.") || f.starts_with("diagrams.")),
        "{assets:?}"
    );
}

#[test]
fn the_single_file_page_carries_the_diagrams_script() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("rich.html");
    let site = fixture("rich-pages");
    let run = quire(&[
        "bundle",
        site.to_str().unwrap(),
        "--single-file",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script src="), "every script is inline");
    assert!(
        html.contains("/*! Mermaid"),
        "the diagrams script is inside"
    );
    assert!(html.contains("<math display=\"block\">"));
    assert_eq!(html.matches("<div class=\"code-tabs\">").count(), 3);
}

/// A site past the print page's size frees each chunk of documents' text once its pages are
/// written; pages in every chunk are still whole, and errors in late pages (and in the files
/// they include) are still located where they are written.
#[test]
fn large_sites_free_sources_as_they_go_and_still_locate_errors() {
    let pages: Vec<(String, String)> = (0..1100)
        .map(|n| {
            let body = match n {
                1050 => "Fine $x$, then $a + \\foo$.\n".to_string(),
                1070 => "Before.\n\n{{#include ../snippets/bad.md}}\n".to_string(),
                _ => format!("Text of page {n}.\n"),
            };
            (
                format!("content/p{n:04}.md"),
                format!("---\ntitle: Page {n}\n---\n{body}"),
            )
        })
        .collect();
    let snippet = ("snippets/bad.md", "One line.\nThen $\\bar$ here.\n");
    let files = |broken: bool| -> Vec<(&str, &str)> {
        let mut files = vec![HOME];
        files.extend(
            pages
                .iter()
                .filter(|(path, _)| {
                    broken || !(path.ends_with("1050.md") || path.ends_with("1070.md"))
                })
                .map(|(path, text)| (path.as_str(), text.as_str())),
        );
        if broken {
            files.push(snippet);
        }
        files
    };

    let dir = site(&files(true));
    fails_at(
        dir.path(),
        &[
            (
                "error: invalid TeX math: Unknown command \"\\foo\".",
                "content/p1050.md:4:21",
            ),
            (
                "error: invalid TeX math: Expected argument but reached end of input.",
                "snippets/bad.md:2:11",
            ),
        ],
    );

    let dir = site(&files(false));
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for n in [0, 511, 512, 1099] {
        let page = read(&out, &format!("p{n:04}/index.html"));
        assert!(
            page.contains(&format!("Text of page {n}.")),
            "p{n:04}: {page}"
        );
        let copy = read(&out, &format!("p{n:04}/index.html.md"));
        assert!(
            copy.contains(&format!("Text of page {n}.")),
            "p{n:04}: {copy}"
        );
    }
}
