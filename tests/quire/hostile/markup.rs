//! Bodies that could break the page around them: NUL bytes, raw HTML comments and `<script>`s
//! left open, a heading id that a footnote also wants; and file names that need encoding in the
//! "Edit this page" link.

use super::{HOME, assert_diagnostic, building};
use crate::support::read;

#[test]
fn nul_bytes_never_reach_the_html() {
    let built = building(&[
        HOME,
        ("content/a.md", "---\ntitle: A\n---\nbefore\0after\n"),
    ]);
    let page = read(&built.out, "a/index.html");
    assert!(!page.contains('\0'));
    assert!(page.contains("before\u{FFFD}after"), "{page}");
}

#[test]
fn raw_html_left_open_cannot_swallow_the_page_or_the_next_topics() {
    let built = building(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\nweight: 1\n---\nText.\n\n<!-- a comment that never ends\n\nMore.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B after A\nweight: 2\n---\n<script>\nlet x = 1;\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C last\nweight: 3\n---\nThe end.\n",
        ),
    ]);
    assert_diagnostic(
        &built.run.stderr,
        &[
            "warning: this HTML comment is never closed",
            "content/a.md:7:1",
        ],
    );
    assert_diagnostic(
        &built.run.stderr,
        &[
            "this `<script>` element is never closed",
            "content/b.md:5:1",
        ],
    );
    let page = read(&built.out, "a/index.html");
    let footer = page.find("<footer").expect("the footer is there");
    let closed = page[..footer].rfind("-->").expect("the comment is closed");
    assert!(closed > page.find("a comment that never ends").unwrap());
    let print = read(&built.out, "print.html");
    for later in [">B after A</h2>", ">C last</h2>", "The end."] {
        let at = print.find(later).expect(later);
        let open_comment = print[..at].rfind("<!--").unwrap_or(0);
        assert!(
            print[open_comment..at].contains("-->"),
            "{later} is inside a comment"
        );
    }
}

#[test]
fn a_footnote_and_a_heading_never_share_an_id() {
    let built = building(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\n---\n## Notes {#fn-x}\n\nSee[^x].\n\n[^x]: The note.\n",
        ),
    ]);
    let page = read(&built.out, "a/index.html");
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in {page}");
}

#[test]
fn edit_links_encode_spaces_hashes_question_marks_and_percents() {
    let built = building(&[
        (
            "site.yaml",
            "title: T\nrepo_url: https://git.example/team/docs/edit/main\n",
        ),
        HOME,
        ("content/a b#c?d%e.md", "---\ntitle: Odd\n---\nHi.\n"),
    ]);
    let page = read(&built.out, "a-bcde/index.html");
    assert!(
        page.contains("https://git.example/team/docs/edit/main/content/a%20b%23c%3Fd%25e.md"),
        "{page}"
    );
}
