//! Building valid sites: layout, URLs, cross-links, escaping, determinism.
//!
//! Input: tests/fixtures/build-two-sections (two sections, cross-links with anchors, related
//! topics, a title and tags that need escaping, an edit link) and tests/fixtures/build-nested (a
//! section inside a section, with its own slug).

use crate::support::{build, fixture, list_files, read};

#[test]
fn two_section_site_builds_with_relative_links() {
    let (_keep, out, run) = build(&fixture("build-two-sections"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Built 3 pages and 3 sections"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let files = list_files(&out);
    for expected in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "basics/index.html",
        "basics/first/index.html",
        "basics/second/index.html",
        "advanced/index.html",
        "advanced/deep-end/index.html",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected} in {files:?}"
        );
    }
    let first = read(&out, "basics/first/index.html");
    assert!(
        first.contains(r#"href="../second/""#),
        "link rewritten relative to the page"
    );
    assert!(first.contains(r#"href="../../advanced/deep-end/""#));
    assert!(
        first.contains(r##"href="#setting-up-1""##),
        "same-page anchor kept"
    );
    let home = read(&out, "index.html");
    assert!(home.contains(r##"href="advanced/deep-end/#going-further""##));
    let deep = read(&out, "advanced/deep-end/index.html");
    assert!(
        deep.contains(r#"href="../../basics/""#),
        "link to a section's _index.md"
    );
    assert!(
        deep.contains(r#"href="https://example.com/a.md""#),
        "external links untouched"
    );
}

#[test]
fn titles_and_tags_from_front_matter_are_escaped() {
    let (_keep, out, run) = build(&fixture("build-two-sections"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in list_files(&out).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out, file);
        assert!(!html.contains("<Topic>"), "{file} has an unescaped title");
        assert!(!html.contains("<b>bold</b>"), "{file} has an unescaped tag");
    }
    let first = read(&out, "basics/first/index.html");
    assert!(first.contains("First &lt;Topic&gt; &amp; more"));
}

#[test]
fn page_shows_nav_related_backlinks_prev_next_and_edit_link() {
    let (_keep, out, run) = build(&fixture("build-two-sections"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = read(&out, "basics/second/index.html");
    assert!(
        second.contains(r#"aria-current="page""#),
        "current page marked in the sidebar"
    );
    assert!(second.contains(r#"rel="prev""#) && second.contains(r#"rel="next""#));
    assert!(
        second.contains("https://git.example.org/team/docs/blob/main/content/basics/second.md"),
        "edit link from repo_url"
    );
    let deep = read(&out, "advanced/deep-end/index.html");
    assert!(
        deep.contains(r#"href="../../basics/first/""#),
        "backlink or related to first"
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/docs/basics/first/</loc>"));
}

#[test]
fn nested_sections_nest_in_paths_and_nav() {
    let (_keep, out, run) = build(&fixture("build-nested"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bottom = read(&out, "guide/down/bottom/index.html");
    assert!(bottom.contains(r#"href="../../intro/""#), "{}", bottom);
    let intro = read(&out, "guide/intro/index.html");
    assert!(intro.contains(r#"href="../down/bottom/""#));
    assert!(
        intro.contains("Deeper"),
        "nested section listed in the sidebar"
    );
}

#[test]
fn offline_build_names_index_html() {
    let (_keep, out, run) = build(&fixture("build-two-sections"), &["--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = read(&out, "basics/first/index.html");
    assert!(first.contains(r#"href="../second/index.html""#));
    assert!(!list_files(&out).contains(&"sitemap.xml".to_string()));
}

#[test]
fn output_is_byte_identical_across_builds() {
    let (_a, out_a, run_a) = build(&fixture("build-two-sections"), &[]);
    let (_b, out_b, run_b) = build(&fixture("build-two-sections"), &[]);
    assert_eq!((run_a.code, run_b.code), (0, 0));
    let files = list_files(&out_a);
    assert_eq!(files, list_files(&out_b));
    for file in files {
        let a = std::fs::read(out_a.join(&file)).unwrap();
        let b = std::fs::read(out_b.join(&file)).unwrap();
        assert!(a == b, "{file} differs between builds");
    }
}
