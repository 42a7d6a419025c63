//! Snapshots of rendered fragments that readers see on every page.

use crate::support::{build, fixture, read};

/// The part of `html` from the first `start` to the `end` that closes it (no nesting of `end`).
fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from + html[from..].find(end).expect("fragment is closed") + end.len();
    &html[from..to]
}

#[test]
fn sidebar_of_a_topic_page() {
    let (_keep, out, run) = build(&fixture("two-sections"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&out, "basics/second/index.html");
    insta::assert_snapshot!(fragment(&html, "<nav class=\"site-nav\"", "</nav>"));
}

#[test]
fn page_body_with_admonition_anchors_and_code() {
    let (_keep, out, run) = build(&fixture("two-sections"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&out, "basics/first/index.html");
    insta::assert_snapshot!(fragment(&html, "<div class=\"prose\">", "</pre>"));
}
