//! The offline homes (issue 5) from `file://`: the print page of the unzipped bundle, and the
//! single-file page opened with no other file beside it, each with its search box's section
//! filter. (Navigation, search, dark mode and progress from `file://` run on the unzipped bundle
//! in their own modules.)

use serde::Deserialize;

use super::search::{
    expect_scopes_left_to_the_index, expect_scopes_listed, filter_by_section, focus_scope_select,
};
use super::site::{file_url, run_quire};
use super::{Mode, Outcome, Session, fixture_dir, fixture_site, fixture_topics, run};

/// What a page looks like once loaded: whether the theme's stylesheet applied, and its parts.
#[derive(Debug, Deserialize)]
struct Look {
    /// `--bg` as the theme's stylesheet defines it on `<html>` ("" when no stylesheet applied).
    background_var: String,
    topics: usize,
    in_page_links: usize,
    external_stylesheets: usize,
}

const LOOK: &str = "({
    background_var: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
    topics: document.querySelectorAll('article.print-topic').length,
    in_page_links: document.querySelectorAll('article.print-topic a[href^=\"#doc-\"]').length,
    external_stylesheets: document.querySelectorAll('link[rel=stylesheet]').length,
})";

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn print_page_from_the_unzipped_bundle() {
    run("print_page_from_the_unzipped_bundle", |s| {
        let site = fixture_site(Mode::File);
        s.goto(&site.url("print.html"))?;
        let look: Look = s.eval_json(LOOK)?;
        check!(
            !look.background_var.is_empty(),
            "print.html has no styles: {look:?}"
        );
        check_topics_and_links(&look, "print.html")?;
        expect_scopes_left_to_the_index(s)?;
        focus_scope_select(s)?;
        expect_scopes_listed(s)?;
        filter_by_section(s)?;
        follow_an_in_page_link(s)
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn single_file_page_renders_with_nothing_beside_it() {
    run("single_file_page_renders_with_nothing_beside_it", |s| {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let page = dir.path().join("guide.html");
        run_quire(&[
            "bundle",
            &fixture_dir().to_string_lossy(),
            "--single-file",
            "-o",
            &page.to_string_lossy(),
        ])?;
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .map_err(|e| e.to_string())?
            .collect();
        check!(
            beside.len() == 1,
            "the single file must stand alone: {beside:?}"
        );
        s.goto(&format!("{}guide.html", file_url(dir.path())))?;
        let look: Look = s.eval_json(LOOK)?;
        check!(
            !look.background_var.is_empty(),
            "the single file has no styles: {look:?}"
        );
        check!(
            look.external_stylesheets == 0,
            "styles must be inlined: {look:?}"
        );
        check_topics_and_links(&look, "the single file")?;
        // The page carries the search index, so its section filter is complete untouched.
        expect_scopes_listed(s)?;
        filter_by_section(s)?;
        follow_an_in_page_link(s)
    });
}

/// Checks that a printable page holds every topic of the fixture, with at least as many
/// in-page links as the topics' Markdown has links to other topics' `.md` files.
fn check_topics_and_links(look: &Look, what: &str) -> Outcome {
    let topics = fixture_topics();
    let cross_links: usize = topics
        .iter()
        .map(|(_, source)| source.matches(".md)").count() + source.matches(".md#").count())
        .sum();
    check!(
        look.topics == topics.len(),
        "{what} should hold the fixture's {} topics: {look:?}",
        topics.len()
    );
    check!(
        cross_links > 0 && look.in_page_links >= cross_links,
        "the topics' {cross_links} cross-links should be in-page anchors in {what}: {look:?}"
    );
    Ok(())
}

/// Clicks the first cross-link between topics and checks the page scrolled to its target.
fn follow_an_in_page_link(s: &Session) -> Outcome {
    let target: String = s.eval_json(
        "(() => { const a = document.querySelector('article.print-topic a[href^=\"#doc-\"]');
                  a.click(); return a.getAttribute('href'); })()",
    )?;
    s.wait_for_js(
        "the in-page link to move the location hash",
        &format!("location.hash === {}", super::session::js_string(&target)),
    )?;
    Ok(())
}
