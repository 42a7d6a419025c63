//! Size and depth: megabyte pages, thousands of duplicate headings, ten thousand levels of
//! quotes and lists, sections nested past the supported depth. Each build runs under the
//! deadline of `build_within`, so a hang fails instead of blocking the suite.

use std::time::Instant;

use super::{HOME, assert_diagnostic, assert_located_with_hints, building, failing};
use crate::support::read;

/// Parts of the megabyte page, each a heading with prose, a table and a footnote.
const PARTS: usize = 5000;

/// About a megabyte of ordinary Markdown: headings, prose, links, code, tables.
fn megabyte_page() -> String {
    let mut page = String::from("---\ntitle: Big\n---\n");
    for i in 0..PARTS {
        page.push_str(&format!(
            "## Part {i}\n\nSome *prose* with `code`, a [link](#part-{i}) and a footnote[^n{i}]. \
             Enough words to make the paragraph look like a real one, then some more.\n\n\
             | a | b |\n|---|---|\n| {i} | {i} |\n\n[^n{i}]: Note {i}.\n\n",
        ));
        if i % 40 == 0 {
            page.push_str("```python\nfor i in range(10):\n    print(i)\n```\n\n");
        }
    }
    page.push_str("## The end\n");
    page
}

#[test]
fn megabyte_pages_build_completely() {
    let big = megabyte_page();
    assert!(big.len() > 1_000_000);
    let line = format!("---\ntitle: Line\n---\n{}\n", "word ".repeat(250_000));
    let heads = format!("---\ntitle: Heads\n---\n{}", "## Same\n\n".repeat(20_000));
    let code = format!(
        "---\ntitle: Code\n---\n```python\nx = \"{}\"\n```\n",
        "a".repeat(1_000_000)
    );
    let started = Instant::now();
    let built = building(&[
        HOME,
        ("content/big.md", &big),
        ("content/line.md", &line),
        ("content/heads.md", &heads),
        ("content/code.md", &code),
    ]);
    eprintln!("four megabyte pages built in {:?}", started.elapsed());
    let page = read(&built.out, "big/index.html");
    assert!(
        page.contains(r#"<h2 id="the-end">"#),
        "the last heading is there"
    );
    assert_eq!(page.matches("<table>").count(), PARTS);
    let heads = read(&built.out, "heads/index.html");
    assert!(
        heads.contains(r#"id="same-19999""#),
        "duplicate ids keep counting"
    );
    assert!(read(&built.out, "line/index.html").len() > 1_250_000);
    assert!(read(&built.out, "code/index.html").len() > 1_000_000);
}

#[test]
fn ten_thousand_levels_of_nesting_neither_overflow_nor_hang() {
    let levels = 10_000;
    let quotes = format!("{} deep quote\n", ">".repeat(levels));
    let lists = format!("{}deep item\n", "- ".repeat(levels));
    let numbered = format!("{}deep\n", "1. ".repeat(levels));
    let indented: String = (0..200)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let mixed = format!("{}x\n", "> - ".repeat(levels / 2));
    let brackets = format!("{}a{}", "[".repeat(levels), "](x)".repeat(levels));
    let emphasis = format!("{}a{}", "*".repeat(levels), "*".repeat(levels));
    let html = "<div>".repeat(levels);
    let page = [
        "---\ntitle: Deep\n---\n",
        &quotes,
        "\n",
        &lists,
        "\n",
        &numbered,
        "\n",
        &indented,
        "\n",
        &mixed,
        "\n",
        &brackets,
        "\n\n",
        &emphasis,
        "\n\n",
        &html,
        "\n",
    ]
    .concat();
    let started = Instant::now();
    // `x`, which the ten thousand links point at, is a file beside the page.
    let built = building(&[HOME, ("content/deep.md", &page), ("content/x", "")]);
    eprintln!("ten thousand levels built in {:?}", started.elapsed());
    let html = read(&built.out, "deep/index.html");
    assert!(
        html.matches("<blockquote>").count() >= levels,
        "every quote level is kept"
    );
    assert!(html.contains("deep quote") && html.contains("deep item"));
    let print = read(&built.out, "print.html");
    assert!(print.contains("deep item"), "the print page has it too");
}

#[test]
fn sections_nested_too_deep_are_refused_at_the_outermost_one() {
    let mut files = vec![HOME];
    let mut dirs = Vec::new();
    let mut dir = String::from("content");
    for level in 1..=40 {
        dir.push_str("/d");
        dirs.push((
            format!("{dir}/_index.md"),
            format!("---\ntitle: Level {level}\n---\n"),
        ));
    }
    let leaf = format!("{dir}/leaf.md");
    dirs.push((leaf, "---\ntitle: Leaf\n---\n".into()));
    files.extend(dirs.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let stderr = failing(&files);
    assert_located_with_hints(&stderr);
    let seventeenth = format!("content{}/_index.md", "/d".repeat(17));
    assert_diagnostic(&stderr, &["sections nest 17 levels deep", &seventeenth]);
    assert!(
        stderr.contains("1 error in the site"),
        "reported once:\n{stderr}"
    );

    // Sixteen levels are fine, and so are deep plain folders (no `_index.md`) under them.
    let mut files = vec![HOME];
    let mut dir = String::from("content");
    let mut owned = Vec::new();
    for level in 1..=16 {
        dir.push_str("/d");
        owned.push((
            format!("{dir}/_index.md"),
            format!("---\ntitle: Level {level}\n---\n"),
        ));
    }
    owned.push((
        format!("{dir}/{}leaf.md", "f/".repeat(30)),
        "---\ntitle: Leaf\n---\n".into(),
    ));
    files.extend(owned.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let built = building(&files);
    let leaf = format!("{}{}leaf/index.html", "d/".repeat(16), "f/".repeat(30));
    assert!(read(&built.out, &leaf).contains("<h1>Leaf</h1>"));
}
