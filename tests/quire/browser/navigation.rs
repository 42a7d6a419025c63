//! Navigation on the fixture site: sidebar links across sections, prev/next, and the theme toggle
//! that survives a reload — over HTTP under a sub-path and from `file://`.

use serde::Deserialize;

use super::dom::{expect_topic, nav_link, reading_order, sidebar};
use super::{Mode, Outcome, Session, SiteUnderTest, fixture_site, run};

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn navigation_over_http() {
    run("navigation_over_http", |s| {
        navigate_the_site(s, &fixture_site(Mode::HttpSubPath))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn navigation_from_file() {
    run("navigation_from_file", |s| {
        navigate_the_site(s, &fixture_site(Mode::File))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn dark_mode_is_remembered_over_http() {
    run("dark_mode_is_remembered_over_http", |s| {
        theme_toggle_is_remembered(s, &fixture_site(Mode::Http))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn dark_mode_is_remembered_from_file() {
    run("dark_mode_is_remembered_from_file", |s| {
        theme_toggle_is_remembered(s, &fixture_site(Mode::File))
    });
}

/// Opens a topic of the first section, jumps to the other section by the sidebar, then walks
/// back across the section boundary with "Previous" and forward again with "Next".
fn navigate_the_site(s: &Session, site: &SiteUnderTest) -> Outcome {
    s.goto(&site.url(""))?;
    let nav = sidebar(s)?;
    let order = reading_order(s)?;
    check!(
        nav.len() >= 2 && !nav[0].topics.is_empty() && nav[1].topics.len() >= 2,
        "the sidebar needs two sections with topics (the second with two); found {nav:?}"
    );
    let first = &nav[0].topics[0].key;
    s.goto(&site.page(first))?;
    expect_topic(s, site, first)?;

    // The second topic of the other section, so that "Previous" twice crosses into the first.
    let target = &nav[1].topics[1].key;
    s.click_to_navigate(&nav_link(target))?;
    expect_topic(s, site, target)?;

    let at = order
        .iter()
        .position(|k| k == target)
        .ok_or_else(|| format!("{target} is not in the reading order {order:?}"))?;
    check!(
        at >= 2,
        "{target} should have two topics before it in {order:?}"
    );
    s.click_to_navigate("a.pager-prev")?;
    expect_topic(s, site, &order[at - 1])?;
    s.click_to_navigate("a.pager-prev")?;
    expect_topic(s, site, &order[at - 2])?;
    s.click_to_navigate("a.pager-next")?;
    expect_topic(s, site, &order[at - 1])?;
    Ok(())
}

/// What the theme looks like right now.
#[derive(Debug, Deserialize, PartialEq)]
struct Theme {
    /// `document.documentElement.dataset.theme` ("" when unset).
    name: String,
    /// Computed background colours of `<html>` and `<body>`.
    background: Vec<String>,
    /// The toggle's `aria-pressed`.
    pressed: Option<String>,
}

const READ_THEME: &str = "({ name: document.documentElement.dataset.theme || '', \
    background: [document.documentElement, document.body].map(e => getComputedStyle(e).backgroundColor), \
    pressed: document.getElementById('theme-toggle')?.getAttribute('aria-pressed') ?? null })";

/// Clicks the theme toggle on a topic page: the theme flips, the page visibly changes colour, the
/// button says it is pressed, and all of that is still so after a reload and on another page.
fn theme_toggle_is_remembered(s: &Session, site: &SiteUnderTest) -> Outcome {
    s.goto(&site.url(""))?;
    let nav = sidebar(s)?;
    let topic = nav
        .iter()
        .flat_map(|sec| sec.topics.iter())
        .next()
        .ok_or("the sidebar has no topics")?
        .key
        .clone();
    s.goto(&site.page(&topic))?;
    s.wait_for_js(
        "the theme toggle to be shown (JS removes its `hidden`)",
        "(() => { const b = document.getElementById('theme-toggle'); \
           return !!b && !b.hidden && b.getClientRects().length > 0; })()",
    )?;
    let before: Theme = s.eval_json(READ_THEME)?;
    let wanted = if before.name == "dark" {
        "light"
    } else {
        "dark"
    };
    s.click("#theme-toggle")?;
    let after: Theme = s.wait_until(
        &format!("data-theme={wanted} and a new background after the click (was {before:?})"),
        super::session::STEP_TIMEOUT,
        || {
            let now: Theme = s.eval_json(READ_THEME)?;
            Ok((now.name == wanted && now.background != before.background).then_some(now))
        },
    )?;
    let pressed = if wanted == "dark" { "true" } else { "false" };
    check!(
        after.pressed.as_deref() == Some(pressed),
        "after switching to {wanted} the toggle has aria-pressed={:?}, expected {pressed}",
        after.pressed
    );
    // The colours change with a CSS transition: take the reference colours once it has ended.
    s.wait_for_js(
        "the theme's colour transitions to end",
        "document.getAnimations().every(a => !(a instanceof CSSTransition))",
    )?;
    let settled: Theme = s.eval_json(READ_THEME)?;

    s.reload()?;
    let reloaded: Theme = s.wait_until(
        &format!("the {wanted} theme to be restored after a reload ({settled:?})"),
        super::session::STEP_TIMEOUT,
        || {
            let now: Theme = s.eval_json(READ_THEME)?;
            Ok((now == settled).then_some(now))
        },
    )?;
    s.goto(&site.url(""))?;
    let home: Theme = s.eval_json(READ_THEME)?;
    check!(
        home.name == reloaded.name,
        "the home page shows theme {:?} after choosing {wanted} on a topic",
        home.name
    );
    Ok(())
}
