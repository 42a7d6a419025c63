//! Accessibility: axe-core finds no serious or critical violation on the home page, a section
//! page, a topic page (light and dark), a page with search results open (narrowed to a section),
//! the tag pages and the review page.
//!
//! axe-core is vendored under tests/vendor/axe-core/ (MPL-2.0) and injected into the page.

use serde::Deserialize;

use super::dom::sidebar;
use super::search::{search_for, start_page};
use super::{Mode, Outcome, Session, SiteUnderTest, fixture_site, run};

/// axe-core's browser build.
const AXE_SOURCE: &str = include_str!("../../vendor/axe-core/axe.min.js");

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_home_page() {
    run("a11y_home_page", |s| {
        let site = fixture_site(Mode::Http);
        s.goto(&site.url(""))?;
        assert_accessible(s, "the home page")
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_review_page() {
    run("a11y_review_page", |s| {
        let site = fixture_site(Mode::Http);
        s.goto(&site.page("review"))?;
        s.wait_for_js(
            "the quiz to start",
            "!document.getElementById('review-bar').hidden",
        )?;
        assert_accessible(s, "the review page (a question)")?;
        s.click(".review-card:not([hidden]) .review-show")?;
        assert_accessible(s, "the review page (an answer shown)")
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_section_page() {
    run("a11y_section_page", |s| {
        let site = fixture_site(Mode::Http);
        s.goto(&site.url(""))?;
        let section = sidebar(s)?.remove(0).key;
        s.goto(&site.page(&section))?;
        assert_accessible(s, &format!("the section page {section}"))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_topic_page_light() {
    run("a11y_topic_page_light", |s| {
        let site = fixture_site(Mode::Http);
        let topic = open_first_topic(s, &site)?;
        let theme: String = s.eval_json("document.documentElement.dataset.theme || ''")?;
        check!(
            theme != "dark",
            "a fresh profile opened {topic} in the dark theme"
        );
        assert_accessible(s, &format!("the topic page {topic} (light)"))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_topic_page_dark() {
    run("a11y_topic_page_dark", |s| {
        let site = fixture_site(Mode::Http);
        let topic = open_first_topic(s, &site)?;
        // The stored choice the theme toggle makes (read by the inline script in base.html).
        s.eval_json::<bool>("(localStorage.setItem('quire-theme', 'dark'), true)")?;
        s.reload()?;
        s.wait_for_js(
            "the dark theme after reload",
            "document.documentElement.dataset.theme === 'dark'",
        )?;
        assert_accessible(s, &format!("the topic page {topic} (dark)"))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_search_results_open() {
    run("a11y_search_results_open", |s| {
        let site = fixture_site(Mode::Http);
        let topic = start_page(s, &site)?;
        search_for(s, "RCU", "results for \"RCU\"", |hits| !hits.is_empty())?;
        assert_accessible(s, &format!("{topic} with search results open"))?;
        s.eval_json::<bool>(
            "(() => { const select = document.getElementById('search-scope'); select.focus(); \
               select.value = 'advanced'; \
               select.dispatchEvent(new Event('change', { bubbles: true })); return true; })()",
        )?;
        search_for(s, "RCU", "results for \"RCU\" in Advanced", |hits| {
            !hits.is_empty()
        })?;
        assert_accessible(s, &format!("{topic} with results narrowed to a section"))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_tag_pages() {
    run("a11y_tag_pages", |s| {
        let site = fixture_site(Mode::Http);
        s.goto(&site.url("tags/"))?;
        assert_accessible(s, "the list of all tags")?;
        s.goto(&site.url("tags/concurrency/"))?;
        assert_accessible(s, "the tag page of concurrency")
    });
}

fn open_first_topic(s: &Session, site: &SiteUnderTest) -> Outcome<String> {
    s.goto(&site.url(""))?;
    let key = sidebar(s)?
        .into_iter()
        .flat_map(|sec| sec.topics)
        .next()
        .ok_or("the sidebar has no topics")?
        .key;
    s.goto(&site.page(&key))?;
    Ok(key)
}

/// One axe rule that failed, with a few of the offending nodes.
#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
struct Node {
    target: String,
    html: String,
    summary: String,
}

/// Runs axe-core on the page as it is now and fails on serious or critical violations.
pub(super) fn assert_accessible(s: &Session, what: &str) -> Outcome {
    let loaded: bool = s.eval_json("typeof window.axe === 'object'")?;
    if !loaded {
        s.run_script(AXE_SOURCE)?;
    }
    let violations: Vec<Violation> = s.eval_json_async(
        "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations \
           .filter(v => v.impact === 'serious' || v.impact === 'critical') \
           .map(v => ({ id: v.id, impact: v.impact, help: v.help, \
             nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target.join(' '), \
               html: n.html.slice(0, 160), summary: n.failureSummary || '' })) })))",
    )?;
    let report: Vec<String> = violations
        .iter()
        .map(|v| {
            let nodes: Vec<String> = v
                .nodes
                .iter()
                .map(|n| {
                    format!(
                        "      {} {}\n        {}",
                        n.target,
                        n.html,
                        n.summary.replace('\n', " ")
                    )
                })
                .collect();
            format!(
                "  [{}] {}: {}\n{}",
                v.impact,
                v.id,
                v.help,
                nodes.join("\n")
            )
        })
        .collect();
    check!(
        report.is_empty(),
        "axe found {} serious/critical violation(s) on {what}:\n{}",
        report.len(),
        report.join("\n")
    );
    Ok(())
}
