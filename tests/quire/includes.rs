//! Includes (issue 13), mdBook's syntax: whole files, line ranges and anchors spliced into pages
//! with no directive or `ANCHOR` line left; included Markdown that includes again and links from
//! its own folder; every broken directive an error at its file, line and column; and reading
//! only the site folder and the git work tree around it.
//!
//! Input: tests/fixtures/includes-book (a small book laid out as mdBook books are: listings
//! outside `content/`, a shared note, an image in `img/`, an old anchor in raw HTML) and small
//! sites made here.

use std::path::Path;

use crate::hostile::{assert_diagnostic, assert_located_with_hints, diagnostics, failing};
use crate::links::{assert_hosted_links_resolve, assert_offline_links_resolve};
use crate::support::{build, fixture, main_part, quire_in, read, site, write};

fn book() -> std::path::PathBuf {
    fixture("includes-book")
}

/// Text with the highlighter's spans taken out.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
}

#[test]
fn a_book_with_listings_builds_with_every_directive_expanded() {
    let (_keep, out, run) = build(&book(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let page = read(&out, "ch01/index.html");
    let text = plain(main_part(&page));
    assert!(
        !text.contains("{{#include ../") && !text.contains("rustdoc_include"),
        "{text}"
    );
    assert!(!text.contains("ANCHOR"), "{text}");
    // The whole file (every marker line gone), then the `main` anchor alone.
    assert!(
        text.contains("use std::io;\n\nfn main() {\n    println!(\"Hello, world!\");\n}\n"),
        "{text}"
    );
    assert_eq!(text.matches("fn main()").count(), 2, "{text}");
    assert_eq!(text.matches("use std::io").count(), 1, "{text}");
    // Lines 2 to 3, then line 1.
    assert!(
        text.contains("   Compiling hello v0.1.0\n    Running `target/debug/hello`\n$ cargo run\n"),
        "{text}"
    );
    // Included code is highlighted as its block's language.
    assert!(
        page.contains(
            "<code class=\"language-rust\"><span class=kt>fn </span><span class=nf>main</span>"
        ),
        "{page}"
    );
    // The note included from outside content/ keeps its quote around its own include, and its
    // link resolves from its own folder.
    assert!(
        page.contains("<p class=\"admonition-title\">Note</p>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../ch02/\">the next chapter</a>"),
        "{page}"
    );
    assert!(page.contains("src=\"../img/flow.svg\""), "{page}");
    // An escaped directive is shown as written, without its backslash.
    assert!(
        text.contains("Write {{#include file.rs}} to include"),
        "{text}"
    );
    // mdBook's `ch01.html#old-hello` reaches the raw-HTML anchor.
    let next = read(&out, "ch02/index.html");
    assert!(next.contains("href=\"../ch01/#old-hello\""), "{next}");
}

#[test]
fn the_book_links_resolve_hosted_and_offline() {
    assert_hosted_links_resolve(&book());
    assert_offline_links_resolve(&book());
}

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\n");

#[test]
fn broken_includes_are_errors_at_the_directive_with_a_hint() {
    let stderr = failing(&[
        HOME,
        (
            "code/main.rs",
            "// ANCHOR: setup\nlet x = 1;\n// ANCHOR_END: setup\n// ANCHOR: run\nrun(x);\n// ANCHOR_END: run\n",
        ),
        ("code/a.md", "Part A.\n\n{{#include b.md}}\n"),
        (
            "code/b.md",
            "Part B, [broken](nowhere.md).\n\n{{#include a.md}}\n",
        ),
        (
            "content/page.md",
            "---\ntitle: Page\n---\n{{#include ../code/missing.rs}}\n\n\
             ```rust\n{{#include ../code/main.rs:stup}}\n{{#include ../code/main.rs:4:9}}\n```\n\n\
             {{#include ../code/a.md}}\n",
        ),
    ]);
    assert_located_with_hints(&stderr);
    assert_diagnostic(
        &stderr,
        &[
            "cannot include `../code/missing.rs`",
            "no such file",
            "content/page.md:4:1",
        ],
    );
    assert_diagnostic(
        &stderr,
        &[
            "no anchor `stup` in `../code/main.rs`",
            "content/page.md:7:1",
            "did you mean `setup`?",
        ],
    );
    assert_diagnostic(
        &stderr,
        &[
            "`../code/main.rs` has no lines 4 to 9",
            "content/page.md:8:1",
            "it has 6 lines",
        ],
    );
    assert_diagnostic(
        &stderr,
        &[
            "include cycle: content/page.md → code/a.md → code/b.md → code/a.md",
            "code/b.md:3:1",
        ],
    );
    assert_eq!(diagnostics(&stderr).len(), 4, "{stderr}");
}

#[test]
fn a_broken_link_in_included_markdown_points_at_the_included_file() {
    let stderr = failing(&[
        HOME,
        (
            "content/guide/a.md",
            "---\ntitle: A\n---\n{{#include ../../shared/part.md}}\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\n"),
        (
            "shared/part.md",
            "Good: [b](../content/b.md).\nBroken: [c](../content/c.md) and ![](../content/pic.png).\n",
        ),
    ]);
    assert_diagnostic(
        &stderr,
        &["`../content/c.md` is not a page", "shared/part.md:2:9"],
    );
    assert_diagnostic(
        &stderr,
        &["`../content/pic.png` names no file", "shared/part.md:2:34"],
    );
    assert_eq!(diagnostics(&stderr).len(), 2, "{stderr}");
}

#[test]
fn quire_check_reports_the_same() {
    let dir = site(&[
        HOME,
        (
            "content/page.md",
            "---\ntitle: Page\n---\n{{#include nothing.txt}}\n",
        ),
    ]);
    let run = quire_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_diagnostic(
        &run.stderr,
        &["cannot include `nothing.txt`", "content/page.md:4:1"],
    );
}

/// A project with its docs in `docs/`: a git work tree (a `.git` folder is all it takes).
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        ".git/config",
        b"[remote] url = https://secret-token@example.org\n",
    );
    write(dir.path(), "docs/site.yaml", b"title: Docs\n");
    write(
        dir.path(),
        "docs/content/_index.md",
        b"---\ntitle: Home\n---\n",
    );
    for (rel, text) in files {
        write(dir.path(), rel, text.as_bytes());
    }
    dir
}

fn build_docs(project: &Path) -> (tempfile::TempDir, std::path::PathBuf, crate::support::Run) {
    build(&project.join("docs"), &[])
}

#[test]
fn includes_read_the_work_tree_around_the_site() {
    let dir = project(&[
        (
            "src/main.rs",
            "fn main() {\n    // ANCHOR: setup\n    let port = 8080;\n    // ANCHOR_END: setup\n}\n",
        ),
        ("Cargo.toml", "[package]\nname = \"app\"\n"),
        (
            "docs/content/setup.md",
            "---\ntitle: Setup\n---\n```toml\n{{#include ../../Cargo.toml}}\n```\n\n```rust\n{{#include ../../src/main.rs:setup}}\n```\n",
        ),
    ]);
    let (_keep, out, run) = build_docs(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = plain(&read(&out, "setup/index.html"));
    assert!(text.contains("name = \"app\""), "{text}");
    assert!(text.contains("    let port = 8080;\n"), "{text}");
}

#[test]
fn nothing_outside_the_work_tree_or_inside_git_is_read() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", b"OUTSIDE-SECRET");
    let dir = project(&[(
        "docs/content/leak.md",
        "---\ntitle: Leak\n---\n{{#include ../../.git/config}}\n\n{{#include ../../linked.txt}}\n",
    )]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("linked.txt"),
    )
    .unwrap();
    let (_keep, out, run) = build_docs(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists());
    assert_diagnostic(
        &run.stderr,
        &[
            "cannot include `../../.git/config`",
            "inside a `.git` folder",
            "leak.md:4:1",
        ],
    );
    #[cfg(unix)]
    assert_diagnostic(
        &run.stderr,
        &[
            "cannot include `../../linked.txt`",
            "it is outside the site folder",
            "leak.md:6:1",
        ],
    );
    assert!(!run.stderr.contains("secret-token") && !run.stderr.contains("OUTSIDE-SECRET"));
    // Without a work tree around it, a site reads only itself.
    let alone = tempfile::tempdir().unwrap();
    write(alone.path(), "neighbour.txt", b"NEIGHBOUR");
    write(alone.path(), "site/site.yaml", b"title: Alone\n");
    write(alone.path(), "site/content/_index.md", HOME.1.as_bytes());
    write(
        alone.path(),
        "site/content/up.md",
        b"---\ntitle: Up\n---\n{{#include ../../neighbour.txt}}\n",
    );
    let (_keep, _, run) = build(&alone.path().join("site"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_diagnostic(
        &run.stderr,
        &[
            "cannot include `../../neighbour.txt`",
            "it is outside the site folder",
        ],
    );
}
