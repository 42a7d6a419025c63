//! Large sites (more than 300 pages): every page's sidebar stays small — the sections the reader
//! is not in are one link each, and the current section lists a window of topics around the page
//! with links to the rest — while each section's own page lists all of its topics.
//!
//! Input: a generated site of 4 sections with 80 topics each.

use crate::support::{build, read, site};

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
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
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
    assert_eq!(
        nav.matches("class=\"nav-compact\"").count(),
        SECTIONS - 1,
        "{nav}"
    );
    let topics = nav.matches("class=\"nav-topic\"").count();
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
