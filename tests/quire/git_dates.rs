//! Last-updated dates from git: in a temp repository with fixed commit dates, each page shows
//! the date of the last commit that touched its source and `sitemap.xml` has it as `<lastmod>`;
//! an uncommitted page has none; the same commit builds the same bytes; `git_dates: false` and
//! a site outside git have no dates at all.

use std::path::Path;
use std::process::Command;

use crate::support::{build, list_files, read, site};

const GIT_MISSING: &str = "git not found: install git";

/// Runs `git ARGS` in `dir` with the commit dates given, ignoring the user's git configuration.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A site in a git repository: `a.md` committed twice (the second time in May, with `b.md`),
/// `_index.md` in March, `c.md` never.
fn committed_site(config: &str) -> tempfile::TempDir {
    let dir = site(&[
        ("site.yaml", config),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a.md", "---\ntitle: A\n---\nFirst.\n"),
    ]);
    let root = dir.path();
    git(root, "2024-03-01T12:00:00+01:00", &["init", "-q"]);
    git(root, "2024-03-01T12:00:00+01:00", &["add", "-A"]);
    git(
        root,
        "2024-03-01T12:00:00+01:00",
        &["commit", "-qm", "first"],
    );
    std::fs::write(root.join("content/a.md"), "---\ntitle: A\n---\nSecond.\n").unwrap();
    std::fs::write(root.join("content/b.md"), "---\ntitle: B\n---\n").unwrap();
    git(root, "2024-05-02T08:30:00+00:00", &["add", "-A"]);
    git(
        root,
        "2024-05-02T08:30:00+00:00",
        &["commit", "-qm", "second"],
    );
    std::fs::write(root.join("content/c.md"), "---\ntitle: C\n---\n").unwrap();
    dir
}

/// The `datetime` of a page's "Last updated", if it has one.
fn shown_date(out: &Path, page: &str) -> Option<String> {
    let html = read(out, page);
    let at = html.find("<time datetime=\"")? + "<time datetime=\"".len();
    Some(html[at..].split('"').next()?.to_string())
}

#[test]
#[cfg_attr(not(has_git), ignore = "git not found: install git")]
fn pages_show_their_last_commit_and_the_sitemap_lists_it() {
    let site = committed_site("title: Dated\nbase_url: https://example.org/\n");
    let (_keep, out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{GIT_MISSING}? {}", run.stderr);
    // git writes UTC as `+00:00` or `Z` depending on its version; both are valid.
    let may = |d: Option<String>| {
        d.is_some_and(|d| d == "2024-05-02T08:30:00+00:00" || d == "2024-05-02T08:30:00Z")
    };
    assert!(
        may(shown_date(&out, "a/index.html")),
        "a: the newest commit"
    );
    assert!(may(shown_date(&out, "b/index.html")));
    assert_eq!(shown_date(&out, "c/index.html"), None, "never committed");
    assert_eq!(
        shown_date(&out, "index.html"),
        None,
        "the home page shows no date"
    );
    assert!(read(&out, "a/index.html").contains(">2024-05-02</time>"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/</loc><lastmod>2024-03-01T12:00:00+01:00</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/c/</loc></url>"),
        "{sitemap}"
    );

    let (_again, out_again, _) = build(site.path(), &[]);
    for file in list_files(&out) {
        assert!(
            std::fs::read(out.join(&file)).unwrap()
                == std::fs::read(out_again.join(&file)).unwrap(),
            "{file} differs between two builds of one commit"
        );
    }
}

#[test]
#[cfg_attr(not(has_git), ignore = "git not found: install git")]
fn git_dates_false_and_sites_outside_git_have_no_dates() {
    let off = committed_site("title: Undated\nbase_url: https://example.org/\ngit_dates: false\n");
    let (_keep, out, run) = build(off.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(shown_date(&out, "a/index.html"), None);
    assert!(!read(&out, "sitemap.xml").contains("<lastmod>"));

    let outside = site(&[
        (
            "site.yaml",
            "title: Plain\nbase_url: https://example.org/\n",
        ),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let (_keep, out, run) = build(outside.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no git is no warning");
    assert_eq!(shown_date(&out, "a/index.html"), None);
}
