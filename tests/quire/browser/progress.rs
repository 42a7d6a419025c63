//! Reading progress (issue 3): "Mark as learned" on a topic is remembered across reloads and
//! pages, shows in the sidebar, and counts toward its section — over HTTP and from `file://`.

use serde::Deserialize;

use super::dom::{NavSection, sidebar};
use super::session::js_string;
use super::{Mode, Outcome, Session, SiteUnderTest, fixture_site, fixture_topics, run};

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn mark_as_learned_over_http() {
    run("mark_as_learned_over_http", |s| {
        mark_as_learned(s, &fixture_site(Mode::Http))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn mark_as_learned_from_file() {
    run("mark_as_learned_from_file", |s| {
        mark_as_learned(s, &fixture_site(Mode::File))
    });
}

/// The progress a page shows for one topic and its section.
#[derive(Debug, Deserialize)]
struct Progress {
    /// The topic's "Mark as learned" button `aria-pressed` (null when not on its page).
    pressed: Option<String>,
    /// Whether the topic's sidebar item carries a learned marker.
    marked: bool,
    /// How many sidebar topics carry a learned marker.
    marked_total: usize,
    /// The section's progress count text (whitespace collapsed), null when hidden or absent.
    count: Option<String>,
}

fn read_progress(s: &Session, section: &str, key: &str) -> Outcome<Progress> {
    s.eval_json(&format!(
        "(() => {{ \
           const isMarked = li => li.classList.contains('learned') || li.classList.contains('is-learned') \
             || li.dataset.learned === 'true' || !!li.querySelector('.learned, .learned-marker, [data-learned=\"true\"]'); \
           const items = Array.from(document.querySelectorAll('.site-nav li[data-key]')); \
           const item = items.find(li => li.dataset.key === {key}); \
           const button = document.querySelector('.learn-toggle'); \
           const sec = Array.from(document.querySelectorAll('.site-nav .nav-section')) \
             .find(el => el.dataset.section === {section}); \
           const count = sec && sec.querySelector('.progress-count'); \
           const shown = count && !count.hidden && count.getClientRects().length > 0; \
           return {{ pressed: button && button.closest('article[data-key]')?.dataset.key === {key} ? button.getAttribute('aria-pressed') : null, \
             marked: !!item && isMarked(item), \
             marked_total: items.filter(isMarked).length, \
             count: shown ? count.textContent.replace(/\\s+/g, ' ').trim() : null }}; }})()",
        key = js_string(key),
        section = js_string(section),
    ))
}

/// Marks the first topic of the first section, reloads, checks the page, the sidebar and the
/// section count, checks another page too, then unmarks it again.
fn mark_as_learned(s: &Session, site: &SiteUnderTest) -> Outcome {
    s.goto(&site.url(""))?;
    let nav = sidebar(s)?;
    let NavSection {
        key: section,
        topics,
    } = nav
        .into_iter()
        .find(|sec| !sec.topics.is_empty())
        .ok_or("the sidebar has no section with topics")?;
    let total = topics.len();
    let in_source = fixture_topics()
        .iter()
        .filter(|(key, _)| key.starts_with(&format!("{section}/")))
        .count();
    check!(
        total == in_source,
        "the sidebar lists {total} topics in {section}, the fixture site has {in_source}"
    );
    let key = topics[0].key.clone();
    s.goto(&site.page(&key))?;
    s.wait_for_js(
        "the \"Mark as learned\" button to be shown (JS removes its `hidden`)",
        "(() => { const b = document.querySelector('.learn-toggle'); \
           return !!b && !b.hidden && b.getClientRects().length > 0; })()",
    )?;
    let fresh = read_progress(s, &section, &key)?;
    check!(
        fresh.pressed.as_deref() == Some("false") && fresh.marked_total == 0,
        "a fresh profile should start with nothing learned, found {fresh:?}"
    );

    s.click(".learn-toggle")?;
    let wanted_count = format!("1 / {total}");
    let sidebar_learned = |p: &Progress| {
        p.marked && p.marked_total == 1 && p.count.as_deref().is_some_and(|c| shows(c, 1, total))
    };
    let is_learned = |p: &Progress| p.pressed.as_deref() == Some("true") && sidebar_learned(p);
    let expectation = format!(
        "{key} to be learned: aria-pressed=\"true\", its sidebar item marked (class `is-learned`), \
         the only one, and {section}'s count showing \"{wanted_count}\""
    );
    wait_for_progress(
        s,
        &section,
        &key,
        &format!("{expectation} after the click"),
        &is_learned,
    )?;

    s.reload()?;
    wait_for_progress(
        s,
        &section,
        &key,
        &format!("{expectation} after a reload"),
        &is_learned,
    )?;

    // Another page: the sidebar remembers it too (no learn button there).
    s.goto(&site.url(""))?;
    wait_for_progress(
        s,
        &section,
        &key,
        "the home page sidebar to show it learned",
        &sidebar_learned,
    )?;

    s.goto(&site.page(&key))?;
    s.click(".learn-toggle")?;
    let unlearned = |p: &Progress| {
        p.pressed.as_deref() == Some("false")
            && p.marked_total == 0
            && p.count.as_deref().is_none_or(|c| shows(c, 0, total))
    };
    wait_for_progress(
        s,
        &section,
        &key,
        "the topic to be unmarked again",
        &unlearned,
    )?;
    s.reload()?;
    wait_for_progress(
        s,
        &section,
        &key,
        "the topic to stay unmarked after a reload",
        &unlearned,
    )?;
    Ok(())
}

/// True when a count's text reads "done / total", optionally followed by words ("1 / 10 learned").
fn shows(count: &str, done: usize, total: usize) -> bool {
    count
        .strip_prefix(&format!("{done} / {total}"))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

fn wait_for_progress(
    s: &Session,
    section: &str,
    key: &str,
    what: &str,
    done: &dyn Fn(&Progress) -> bool,
) -> Outcome {
    let mut last = None;
    let result = s.wait_until(what, super::session::STEP_TIMEOUT, || {
        let progress = read_progress(s, section, key)?;
        let ok = done(&progress);
        last = Some(progress);
        Ok(ok.then_some(()))
    });
    result.map_err(|err| format!("{err}; the page showed {last:?}").into())
}
