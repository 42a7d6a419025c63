//! Output collisions: a page, a copied file or a generated file that would land on the same path,
//! or a file where another output needs a folder. Every one is found before anything is written
//! and reported at the source file that causes it, never as an operating-system error about the
//! hidden staging folder.

use super::{HOME, assert_diagnostic, assert_located_with_hints, failing};

/// No message mentions the staging folder or an OS error.
fn assert_no_os_error(stderr: &str) {
    for leak in [".quire-tmp", "os error", "File exists", "Not a directory"] {
        assert!(!stderr.contains(leak), "`{leak}` in:\n{stderr}");
    }
}

#[test]
fn slugs_that_name_generated_files_are_errors_at_the_page() {
    for name in ["index.html", "print.html", "404.html", "sitemap.xml"] {
        let page = format!("---\ntitle: P\nslug: {name}\n---\n");
        let stderr = failing(&[
            ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
            HOME,
            ("content/p.md", &page),
        ]);
        assert_no_os_error(&stderr);
        assert_located_with_hints(&stderr);
        assert_diagnostic(
            &stderr,
            &[
                &format!("`{name}` would be a file where the output needs a folder"),
                "content/p.md",
            ],
        );
    }
}

#[test]
fn files_where_pages_need_folders_and_the_reverse_are_errors_at_the_file() {
    let stderr = failing(&[
        HOME,
        ("content/alpha/_index.md", "---\ntitle: Alpha\n---\n"),
        ("static/alpha", "a file where the section's folder goes"),
        ("content/guide.md", "---\ntitle: Guide\n---\n"),
        (
            "content/guide",
            "a file beside the page, named like its folder",
        ),
        (
            "static/index.html/logo.png",
            "a folder where the home page goes",
        ),
    ]);
    assert_no_os_error(&stderr);
    assert_located_with_hints(&stderr);
    for (folder, source) in [
        ("alpha", "static/alpha"),
        ("guide", "content/guide"),
        ("index.html", "static/index.html/logo.png"),
    ] {
        assert_diagnostic(
            &stderr,
            &[
                &format!("`{folder}` would be a file where the output needs a folder"),
                source,
            ],
        );
    }
}

#[test]
fn a_copied_file_among_the_search_index_files_is_an_error() {
    let stderr = failing(&[HOME, ("static/search/t0.0123abcd.js", "old index")]);
    assert_no_os_error(&stderr);
    assert_diagnostic(
        &stderr,
        &["search index files", "static/search/t0.0123abcd.js"],
    );
}

#[test]
fn overlong_slugs_are_errors_at_the_slug() {
    let page = format!("---\ntitle: P\nslug: {}\n---\n", "x".repeat(300));
    let stderr = failing(&[HOME, ("content/p.md", &page)]);
    assert_no_os_error(&stderr);
    assert_diagnostic(&stderr, &["at most 100 characters", "content/p.md:3:1"]);
}
