//! Large sites (more than 300 pages): every page's sidebar stays small — the sections the reader
//! is not in are one link each, and the current section lists a window of topics around the page
//! with links to the rest — while each section's own page lists all of its topics.
//!
//! Sites past the print page's size (500 pages) hold each source only while it is scanned and
//! read it again as its page renders: pages, includes, links and anchors come out whole, a
//! mistake is still shown where it is written, and a review question brings the sources back
//! for the review page.
//!
//! Input: a generated site of 4 sections with 80 topics each; a flat one of 600 pages.

use crate::support::{build, list_files, read, site};

const SECTIONS: usize = 4;
const PER_SECTION: usize = 80;

fn large_site() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![(
        "content/_index.md".into(),
        "---\ntitle: Home\n---\nHi.\n".into(),
    )];
    for s in 0..SECTIONS {
        files.push((
            format!("content/s{s}/_index.md"),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\n"),
        ));
        for p in 0..PER_SECTION {
            files.push((
                format!("content/s{s}/t{p:03}.md"),
                format!("---\ntitle: Topic {s}-{p}\nweight: {p}\n---\nText.\n"),
            ));
        }
    }
    site_of(&files)
}

/// A throwaway site of generated files.
fn site_of(files: &[(String, String)]) -> tempfile::TempDir {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    site(&borrowed)
}

/// The sidebar of a page: from `<nav class="site-nav"` to `</nav>`.
fn sidebar(html: &str) -> &str {
    let start = html.find("<nav class=\"site-nav\"").expect("a sidebar");
    &html[start..start + html[start..].find("</nav>").expect("its end")]
}

#[test]
fn every_sidebar_stays_small_and_section_pages_list_everything() {
    let dir = large_site();
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let page = read(&out, "s1/t040/index.html");
    let nav = sidebar(&page);
    // Other sections are their links alone, in items with nothing else (see sidebar.html).
    assert_eq!(nav.matches("<li><a href=").count(), SECTIONS - 1, "{nav}");
    let topics = nav.matches("<li data-key=").count();
    assert_eq!(topics, 11, "five topics each side of the page: {nav}");
    assert!(nav.contains("35 earlier topics in Section 1"), "{nav}");
    assert!(nav.contains("34 more topics in Section 1"), "{nav}");
    assert!(nav.contains("aria-current=\"page\">Topic 1-40<"), "{nav}");
    assert!(nav.len() < 4_000, "{} bytes", nav.len());

    let section = read(&out, "s1/index.html");
    let main = &section[section.find("<main").unwrap_or(0)..];
    for p in [0, 40, 79] {
        assert!(
            main.contains(&format!("Topic 1-{p}<")),
            "the section page lists topic {p}"
        );
    }
}

/// 600 pages; page 5 includes a snippet and links to a heading of page 590; `extra` replaces
/// the body of the pages it names.
fn flat_site(extra: &[(usize, &str)]) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![
        (
            "content/_index.md".into(),
            "---\ntitle: Home\n---\nHi.\n".into(),
        ),
        ("snippets/part.md".into(), "Included words.\n".into()),
    ];
    for n in 0..600 {
        let body = match n {
            5 => "See [the deep part](p0590.md#deep-part).\n\n{{#include ../snippets/part.md}}\n"
                .into(),
            590 => "Intro.\n\n## Deep part\n\nText.\n".into(),
            _ => format!("Text of page {n}.\n"),
        };
        let body = extra
            .iter()
            .find(|(page, _)| *page == n)
            .map_or(body, |(_, text)| text.to_string());
        files.push((
            format!("content/p{n:04}.md"),
            format!("---\ntitle: Page {n}\nweight: {n}\n---\n{body}"),
        ));
    }
    site_of(&files)
}

#[test]
fn sites_past_the_print_page_read_each_source_again_as_its_page_renders() {
    let dir = flat_site(&[]);
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&out, "p0005/index.html");
    assert!(page.contains("Included words."), "{page}");
    assert!(page.contains("href=\"../p0590/#deep-part\""), "{page}");
    assert!(read(&out, "p0599/index.html").contains("Text of page 599."));
    let copy = read(&out, "p0005/index.html.md");
    assert!(copy.contains("Included words."), "{copy}");
    let files = list_files(&out);
    assert!(
        !files.iter().any(|f| f == "print.html"),
        "too large to print"
    );
    assert!(
        !files.iter().any(|f| f.starts_with("review/")),
        "no questions"
    );

    // A broken link is found with the sources set aside; it is shown with them read again.
    let dir = flat_site(&[(599, "Fine.\n\nSee [nothing](p9999.md).\n")]);
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists(), "nothing written for a failed build");
    assert!(
        run.stderr.contains("content/p0599.md:7:5"),
        "{}",
        run.stderr
    );

    // Review questions need every body after the pages: the sources are kept.
    let question = "Text.\n\n## Check yourself\n\n<details>\n<summary>Why?</summary>\n\n\
                    Because.\n\n</details>\n";
    let dir = flat_site(&[(3, question)]);
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let review = read(&out, "review/index.html");
    assert!(review.contains("Because."), "{review}");
}
