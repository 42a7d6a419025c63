//! What the tests read from quire's pages: the sidebar tree and the topic on screen.
//!
//! Input: a [`Session`] on a built page. Output: the sidebar as plain structs (so tests pick
//! pages from the site instead of hard-coding its content) and checks that the browser shows the
//! topic a test expects. The selectors here are the template contract (templates/partials/
//! sidebar.html, templates/page.html); change them together.

use serde::Deserialize;

use super::session::js_string;
use super::{Outcome, Session, SiteUnderTest};

/// A section of the sidebar with its topics, in sidebar order.
#[derive(Debug, Deserialize)]
pub struct NavSection {
    pub key: String,
    pub topics: Vec<NavTopic>,
}

/// One topic link in the sidebar.
#[derive(Debug, Deserialize)]
pub struct NavTopic {
    pub key: String,
}

/// The sidebar's sections (nested ones too, in document order) and their direct topics.
pub fn sidebar(s: &Session) -> Outcome<Vec<NavSection>> {
    let nav: Vec<NavSection> = s.eval_json(
        "Array.from(document.querySelectorAll('.site-nav .nav-section')).map(sec => ({ \
           key: sec.dataset.section || '', \
           topics: Array.from(sec.querySelectorAll(':scope > ul > li[data-key]')) \
             .map(li => ({ key: li.dataset.key || '' })) }))",
    )?;
    check!(
        !nav.is_empty(),
        "the page has no sidebar sections (.site-nav .nav-section)"
    );
    Ok(nav)
}

/// Every topic key in the sidebar in document order: the site's reading order.
pub fn reading_order(s: &Session) -> Outcome<Vec<String>> {
    s.eval_json(
        "Array.from(document.querySelectorAll('.site-nav li[data-key]')).map(li => li.dataset.key)",
    )
}

/// The selector of the sidebar link to the topic `key`.
pub fn nav_link(key: &str) -> String {
    format!(".site-nav li[data-key=\"{key}\"] > a")
}

/// Checks that the browser shows the topic `key`: the article, a heading, the URL the site's
/// links use in this mode, and the sidebar marking it as the current page.
pub fn expect_topic(s: &Session, site: &SiteUnderTest, key: &str) -> Outcome {
    #[derive(Deserialize)]
    struct Shown {
        key: Option<String>,
        h1: String,
        url: String,
        current: Option<String>,
    }
    let shown: Shown = s.eval_json(&format!(
        "({{ key: document.querySelector('article.topic')?.dataset.key ?? null, \
            h1: document.querySelector('main h1')?.textContent.trim() ?? '', \
            url: location.href.split('#')[0], \
            current: document.querySelector({link})?.getAttribute('aria-current') ?? null }})",
        link = js_string(&nav_link(key)),
    ))?;
    check!(
        shown.key.as_deref() == Some(key),
        "expected the topic {key:?}, the page shows article key {:?} ({})",
        shown.key,
        shown.url
    );
    check!(!shown.h1.is_empty(), "the topic {key} has no <h1> text");
    let url_end = if site.is_offline() {
        format!("/{key}/index.html")
    } else {
        format!("/{key}/")
    };
    check!(
        shown.url.ends_with(&url_end),
        "the topic {key} was reached at {}, expected a URL ending in {url_end}",
        shown.url
    );
    check!(
        shown.current.as_deref() == Some("page"),
        "the sidebar link to {key} lacks aria-current=\"page\" (found {:?})",
        shown.current
    );
    Ok(())
}
