//! `quire check`: build errors fail it; authoring lint warns with file:line:col and passes.

use super::support::{quire_in, site};

const HOME: &str = "---\ntitle: Home\n---\nSee [the page](a.md).\n";

#[test]
fn lint_warns_with_locations_and_exits_zero() {
    let dir = site(&[
        ("content/_index.md", HOME),
        (
            "content/a.md",
            "---\ntitle: A\nsummary: A page.\n---\n\n## Start\n\n#### Too deep\n\nA ![](cat.png) here.\n",
        ),
        ("content/cat.png", "not really a PNG"),
        (
            "content/lonely.md",
            "---\ntitle: Lonely\nsummary: Nobody links here.\n---\nText.\n",
        ),
    ]);
    let run = quire_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let err = &run.stderr;
    assert!(
        err.contains("warning: heading level skips from h2 to h4\n --> content/a.md:8:1"),
        "{err}"
    );
    assert!(
        err.contains("warning: image has no alt text\n  --> content/a.md:10:3"),
        "{err}"
    );
    assert!(err.contains("note: orphan page"), "{err}");
    assert!(err.contains("content/lonely.md"), "{err}");
    assert!(
        !err.contains("content/a.md:1:1"),
        "a linked page is no orphan: {err}"
    );
    assert!(run.stdout.contains("2 warnings, 1 note"), "{}", run.stdout);
}

#[test]
fn a_missing_summary_is_a_warning_at_the_title() {
    let dir = site(&[
        ("content/_index.md", HOME),
        ("content/a.md", "---\ntitle: A\n---\nText.\n"),
    ]);
    let run = quire_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: page has no `summary:`\n --> content/a.md:2:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_link_fails_the_check() {
    let dir = site(&[
        ("content/_index.md", HOME),
        (
            "content/a.md",
            "---\ntitle: A\nsummary: A page.\n---\nSee [gone](gone.md).\n",
        ),
    ]);
    let run = quire_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: broken link"), "{}", run.stderr);
    assert!(run.stderr.contains("content/a.md:5:5"), "{}", run.stderr);
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}
