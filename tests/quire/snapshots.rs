//! Snapshots of rendered fragments that readers see on every page.
//!
//! Input: the small site below (two sections, a title that needs escaping, an admonition with a
//! cross-section link, a highlighted code block). Output: the sidebar of a topic page and the
//! start of a page body, compared with tests/quire/snapshots/.

use crate::support::{build, read, site};

const SITE: &[(&str, &str)] = &[
    ("content/_index.md", "---\ntitle: Home\n---\nHome.\n"),
    (
        "content/basics/_index.md",
        "---\ntitle: Basics\nweight: 1\n---\nThe basics.\n",
    ),
    (
        "content/basics/first.md",
        "---\ntitle: First <Topic> & more\nweight: 1\n---\n\
         An introduction that links to the [second topic](second.md).\n\n\
         ## Setting up\n\n\
         > [!TIP]\n> Read the [deep end](../advanced/deep-end.md) later.\n\n\
         ```python\nprint(\"hello\")\n```\n",
    ),
    (
        "content/basics/second.md",
        "---\ntitle: Second topic\nweight: 2\n---\nBack to [the first](first.md).\n",
    ),
    (
        "content/advanced/_index.md",
        "---\ntitle: Advanced\nweight: 2\n---\n",
    ),
    (
        "content/advanced/deep-end.md",
        "---\ntitle: The deep end\n---\nEverything else.\n",
    ),
];

/// The part of `html` from the first `start` to the `end` that closes it (no nesting of `end`).
fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from + html[from..].find(end).expect("fragment is closed") + end.len();
    &html[from..to]
}

#[test]
fn sidebar_of_a_topic_page() {
    let site = site(SITE);
    let (_keep, out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&out, "basics/second/index.html");
    insta::assert_snapshot!(fragment(&html, "<nav class=\"site-nav\"", "</nav>"));
}

#[test]
fn page_body_with_admonition_anchors_and_code() {
    let site = site(SITE);
    let (_keep, out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&out, "basics/first/index.html");
    insta::assert_snapshot!(fragment(&html, "<div class=\"prose\">", "</pre>"));
}
