//! Keyboard-only use: the skip link comes first, focus is visible, and the search box and the
//! sidebar are reachable with Tab.

use serde::Deserialize;

use super::{Mode, Outcome, Session, fixture_site, run};

/// The focused element after a Tab press.
#[derive(Debug, Deserialize)]
struct Focus {
    id: String,
    class: String,
    in_sidebar: bool,
    /// Computed outline or box-shadow, to tell that focus is visible.
    outline: String,
}

const FOCUS: &str = "(() => { const e = document.activeElement; const st = getComputedStyle(e);
    return { id: e.id || '', class: e.className || '', in_sidebar: !!e.closest('.site-nav'),
             outline: st.outlineStyle !== 'none' && st.outlineWidth !== '0px'
                 ? st.outlineStyle + ' ' + st.outlineWidth : (st.boxShadow === 'none' ? '' : st.boxShadow) }; })()";

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn keyboard_reaches_skip_link_search_and_sidebar() {
    run("keyboard_reaches_skip_link_search_and_sidebar", |s| {
        let site = fixture_site(Mode::Http);
        s.goto(&site.page("advanced/read-copy-update"))?;
        let first = tab(s)?;
        check!(
            first.class.contains("skip-link"),
            "the first Tab should reach the skip link: {first:?}"
        );
        check!(
            !first.outline.is_empty(),
            "focus on the skip link is not visible: {first:?}"
        );
        let mut reached_search = false;
        let mut reached_sidebar = None;
        for _ in 0..40 {
            let focus = tab(s)?;
            reached_search |= focus.id == "search-input";
            if focus.in_sidebar && reached_sidebar.is_none() {
                reached_sidebar = Some(focus);
            }
            if reached_search && reached_sidebar.is_some() {
                break;
            }
        }
        check!(reached_search, "Tab never reached the search box");
        let sidebar = reached_sidebar.ok_or("Tab never reached a sidebar link")?;
        check!(
            !sidebar.outline.is_empty(),
            "focus in the sidebar is not visible: {sidebar:?}"
        );
        Ok(())
    });
}

fn tab(s: &Session) -> Outcome<Focus> {
    s.press_key("Tab")?;
    s.eval_json(FOCUS)
}
