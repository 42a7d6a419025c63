//! References between sources: URL clashes, slugs that try to leave their folder, `related:`
//! cycles (legal) and dangling entries, links to missing pages and anchors, unknown languages.

use super::{
    HOME, assert_diagnostic, assert_located_with_hints, building, diagnostics, failing, location,
};
use crate::support::{list_files, read};

#[test]
fn clashing_urls_name_both_sources() {
    let stderr = failing(&[
        HOME,
        ("content/a.md", "---\ntitle: Page a\n---\n"),
        ("content/a/_index.md", "---\ntitle: Section a\n---\n"),
        ("content/A B.md", "---\ntitle: Spaced\n---\n"),
        ("content/a-b.md", "---\ntitle: Dashed\n---\n"),
        ("content/s/_index.md", "---\ntitle: S\nslug: t\n---\n"),
        ("content/t/_index.md", "---\ntitle: T\n---\n"),
    ]);
    assert_located_with_hints(&stderr);
    assert_eq!(diagnostics(&stderr).len(), 3, "{stderr}");
    assert_diagnostic(
        &stderr,
        &["same URL `/a/`", "content/a.md", "content/a/_index.md"],
    );
    assert_diagnostic(
        &stderr,
        &["same URL `/a-b/`", "content/A B.md", "content/a-b.md"],
    );
    assert_diagnostic(
        &stderr,
        &[
            "same URL `/t/`",
            "content/s/_index.md",
            "content/t/_index.md",
        ],
    );
}

#[test]
fn slugs_cannot_climb_out_or_split() {
    let stderr = failing(&[
        HOME,
        ("content/dots.md", "---\ntitle: D\nslug: ..\n---\n"),
        ("content/hidden.md", "---\ntitle: H\nslug: .git\n---\n"),
        ("content/back.md", "---\ntitle: B\nslug: 'a\\b'\n---\n"),
        ("content/empty.md", "---\ntitle: E\nslug: ''\n---\n"),
        ("content/spaces.md", "---\ntitle: S\nslug: a b\n---\n"),
        ("content/s/_index.md", "---\ntitle: S\nslug: ../../x\n---\n"),
        (
            "content/s/deep.md",
            "---\ntitle: Deep\nslug: /etc/passwd\n---\n",
        ),
    ]);
    assert_located_with_hints(&stderr);
    assert_eq!(diagnostics(&stderr).len(), 7, "{stderr}");
    for file in [
        "dots", "hidden", "back", "empty", "spaces", "s/_index", "s/deep",
    ] {
        assert_diagnostic(
            &stderr,
            &["invalid slug", &format!("content/{file}.md:3:1")],
        );
    }
}

#[test]
fn related_cycles_are_legal() {
    let built = building(&[
        HOME,
        ("content/a.md", "---\ntitle: A\nrelated: [b]\n---\n"),
        ("content/b.md", "---\ntitle: B\nrelated: [c]\n---\n"),
        (
            "content/c.md",
            "---\ntitle: C\nrelated: [a, c]\n---\nSee [a](a.md) and [me](c.md).\n",
        ),
        ("content/s/_index.md", "---\ntitle: S\n---\n"),
        (
            "content/s/d.md",
            "---\ntitle: D\nrelated: [../a, ./d]\n---\n",
        ),
    ]);
    let a = read(&built.out, "a/index.html");
    assert!(a.contains(r#"href="../b/""#), "a lists b as related");
    let c = read(&built.out, "c/index.html");
    assert!(c.contains(r#"href="../a/""#), "c lists a as related");
    let d = read(&built.out, "s/d/index.html");
    assert!(d.contains(r#"href="../../a/""#), "{d}");
}

#[test]
fn related_entries_that_name_no_page_are_located() {
    let stderr = failing(&[
        HOME,
        (
            "content/s/a.md",
            "---\ntitle: A\nrelated:\n  - b\n  - ../../../etc/passwd\n  - ../s\n  - bb\n  - b.md\n---\n",
        ),
        ("content/s/_index.md", "---\ntitle: S\n---\n"),
        ("content/s/b.md", "---\ntitle: B\nrelated: [../S/a]\n---\n"),
    ]);
    assert_located_with_hints(&stderr);
    assert_eq!(diagnostics(&stderr).len(), 4, "{stderr}");
    assert_diagnostic(
        &stderr,
        &["`../../../etc/passwd` names no page", "content/s/a.md:5:5"],
    );
    assert_diagnostic(&stderr, &["`../s` names no page", "content/s/a.md:6:5"]);
    assert_diagnostic(
        &stderr,
        &[
            "`bb` names no page",
            "content/s/a.md:7:5",
            "did you mean `b`?",
        ],
    );
    assert_diagnostic(
        &stderr,
        &[
            "`../S/a` names no page",
            "content/s/b.md:3:11",
            "did you mean `a`?",
        ],
    );
}

#[test]
fn links_to_missing_pages_and_anchors_in_every_form() {
    let stderr = failing(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\n---\n## Real\n\n[up](../../x.md) [same](#nope) ![img](gone.md)\n\n\
             [ref][r] and <b.md#nowhere>\n\n## In a [heading](missing.md)\n\n[r]: also-missing.md\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\nNo headings at all.\n"),
        (
            "content/s/_index.md",
            "---\ntitle: S\n---\n[home](../_index.md#hi) [a](../a.md#Real)\n",
        ),
    ]);
    assert_located_with_hints(&stderr);
    let expected = [
        ("points outside content/", "content/a.md:6:1"),
        ("no heading `#nope`", "content/a.md:6:18"),
        ("`gone.md` is not a page", "content/a.md:6:32"),
        ("`also-missing.md` is not a page", "content/a.md:8:1"),
        ("`missing.md` is not a page", "content/a.md:10:9"),
        ("no heading `#hi`", "content/s/_index.md:4:1"),
        ("no heading `#Real`", "content/s/_index.md:4:25"),
    ];
    for (message, at) in expected {
        assert_diagnostic(&stderr, &[message, at]);
    }
    assert_diagnostic(&stderr, &["did you mean `#real`?"]);
    // `<b.md#nowhere>` has no scheme: neither an autolink nor a tag, just text.
    assert_eq!(diagnostics(&stderr).len(), expected.len(), "{stderr}");
}

#[test]
fn unknown_code_languages_warn_and_the_build_goes_on() {
    let built = building(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\n---\nIntro.\n\n```klingon\nqapla'\n```\n\n```pyhton\nx = 1\n```\n\n\
             ~~~\"><script>alert(1)</script>\ny\n~~~\n\n```\nno language\n```\n",
        ),
    ]);
    let warnings = diagnostics(&built.run.stderr);
    assert_eq!(warnings.len(), 3, "{}", built.run.stderr);
    for block in &warnings {
        assert!(
            block.starts_with("warning: unknown code block language"),
            "{block}"
        );
        assert!(block.contains("= hint: "), "{block}");
    }
    let lines: Vec<usize> = warnings
        .iter()
        .filter_map(|b| location(b).map(|(_, line, _)| line))
        .collect();
    assert_eq!(lines, [6, 10, 14]);
    assert_diagnostic(&built.run.stderr, &["did you mean `python`?"]);
    assert!(
        built.run.stdout.contains("3 warnings"),
        "{}",
        built.run.stdout
    );
    let page = read(&built.out, "a/index.html");
    assert!(
        page.contains("qapla'") && !page.contains("<script>alert"),
        "{page}"
    );
    assert!(list_files(&built.out).contains(&"a/index.html".to_string()));
}
