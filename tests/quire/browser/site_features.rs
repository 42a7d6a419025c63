//! What a docs team expects around the pages (issue 15), in the browser, over HTTP under a
//! sub-path and from `file://`: tag chips lead to tag pages and on to the list of all tags;
//! old URLs (aliases) land on the page that replaced them; the search box's section filter
//! narrows results to one section; "Copy page as Markdown" copies the page's Markdown.
//!
//! The fixture's `advanced/worker-pools` page has the tag `concurrency` (shared with
//! `advanced/read-copy-update`) and the aliases `/old/pools/` and `/legacy/pools.html`; the
//! word "task" is in both sections.

use super::dom::expect_topic;
use super::search::{
    expect_scopes_left_to_the_index, expect_scopes_listed, filter_by_section, focus_scope_select,
    pick_a_section_with_the_keyboard, start_page,
};
use super::{Mode, Outcome, Session, SiteUnderTest, fixture_site, run};

const TAGGED: &str = "advanced/worker-pools";
const ALIASES: [&str; 2] = ["old/pools/", "legacy/pools.html"];

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn tag_pages_over_http() {
    run("tag_pages_over_http", |s| {
        follow_tags(s, &fixture_site(Mode::HttpSubPath))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn tag_pages_from_file() {
    run("tag_pages_from_file", |s| {
        follow_tags(s, &fixture_site(Mode::File))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn aliases_lead_to_the_page_over_http() {
    run("aliases_lead_to_the_page_over_http", |s| {
        aliases_land(s, &fixture_site(Mode::HttpSubPath))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn aliases_lead_to_the_page_from_file() {
    run("aliases_lead_to_the_page_from_file", |s| {
        aliases_land(s, &fixture_site(Mode::File))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_section_filter_over_http() {
    run("search_section_filter_over_http", |s| {
        section_filter(s, &fixture_site(Mode::HttpSubPath))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_section_filter_from_file() {
    run("search_section_filter_from_file", |s| {
        section_filter(s, &fixture_site(Mode::File))
    });
}

/// A pointer that reaches for the filter before the search box gets it with its sections.
#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_section_filter_clicked_first() {
    run("search_section_filter_clicked_first", |s| {
        let site = fixture_site(Mode::HttpSubPath);
        start_page(s, &site)?;
        expect_scopes_left_to_the_index(s)?;
        s.click("#search-scope")?;
        expect_scopes_listed(s)?;
        s.wait_for_js(
            "the clicked filter to have focus",
            "document.activeElement === document.getElementById('search-scope')",
        )?;
        Ok(())
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn copy_page_as_markdown_over_http() {
    run("copy_page_as_markdown_over_http", |s| {
        copy_markdown(
            s,
            &fixture_site(Mode::HttpSubPath),
            // The fixture has a base_url: links in a hosted copy are absolute.
            "[configuration](https://example.org/docs/basics/configuration/#keys)",
        )
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn copy_page_as_markdown_from_file() {
    run("copy_page_as_markdown_from_file", |s| {
        copy_markdown(
            s,
            &fixture_site(Mode::File),
            "[configuration](../../basics/configuration/index.html#keys)",
        )
    });
}

/// The keys (`data-key`) of the topics a tag page lists, in order.
const LISTED: &str =
    "Array.from(document.querySelectorAll('.tag-page .topic-list > li')).map(li => li.dataset.key)";

/// From a topic's tag chip to the tag's page, to the list of all tags, to another tag, to its
/// topic.
fn follow_tags(s: &Session, site: &SiteUnderTest) -> Outcome {
    s.goto(&site.page(TAGGED))?;
    s.click_to_navigate(".topic-header .tags a[href*='concurrency']")?;
    let h1: String = s.eval_json("document.querySelector('main h1').textContent")?;
    check!(
        h1 == "Tagged “concurrency”",
        "the tag page's heading is {h1:?}"
    );
    let listed: Vec<String> = s.eval_json(LISTED)?;
    check!(
        listed == ["advanced/worker-pools", "advanced/read-copy-update"],
        "the concurrency tag lists {listed:?}"
    );
    s.click_to_navigate(".tag-page .lead a")?;
    let tags: Vec<String> = s.eval_json(
        "Array.from(document.querySelectorAll('.tag-list li')).map(li => li.textContent.trim())",
    )?;
    check!(
        tags.iter().any(|t| t == "concurrency 2 pages") && tags.iter().any(|t| t == "rcu 1 page"),
        "the list of all tags shows {tags:?}"
    );
    s.click_to_navigate(".tag-list a[href*='install']")?;
    let listed: Vec<String> = s.eval_json(LISTED)?;
    check!(listed == ["basics/first-steps"], "install lists {listed:?}");
    s.click_to_navigate(".tag-page .topic-list > li > a")?;
    expect_topic(s, site, "basics/first-steps")?;
    // Every page's footer links to the list of all tags.
    s.goto(&site.url(""))?;
    s.click_to_navigate(".site-footer a[href*='tags']")?;
    let h1: String = s.eval_json("document.querySelector('main h1').textContent")?;
    check!(h1 == "Tags", "the footer's Tags link opened {h1:?}");
    Ok(())
}

/// Opening an old URL lands on the page, in this mode's URL form.
fn aliases_land(s: &Session, site: &SiteUnderTest) -> Outcome {
    for alias in ALIASES {
        s.goto(&site.url(alias))?;
        s.wait_for_js(
            &format!("{alias} to lead to {TAGGED}"),
            "document.querySelector('article.topic')?.dataset.key === 'advanced/worker-pools'",
        )?;
        expect_topic(s, site, TAGGED)?;
    }
    Ok(())
}

/// The page holds only the section filter's "All sections"; reaching for the filter (before
/// the search box was used) lists the sections from the search index; picking any one as a
/// pointer does, or the first with the keyboard, narrows "task" (in both sections) to it.
fn section_filter(s: &Session, site: &SiteUnderTest) -> Outcome {
    start_page(s, site)?;
    expect_scopes_left_to_the_index(s)?;
    focus_scope_select(s)?;
    expect_scopes_listed(s)?;
    filter_by_section(s)?;
    pick_a_section_with_the_keyboard(s)
}

/// The button copies the page's Markdown (the clipboard is replaced by a recorder: headless
/// Chromium has no clipboard to read back).
fn copy_markdown(s: &Session, site: &SiteUnderTest, link: &str) -> Outcome {
    s.goto(&site.page(TAGGED))?;
    s.wait_for_js(
        "the copy button to show",
        "!document.querySelector('.copy-markdown').hidden",
    )?;
    s.run_script(
        "window.__copied = null; \
         navigator.clipboard.write = async items => { \
           window.__copied = await (await items[0].getType('text/plain')).text(); }; \
         navigator.clipboard.writeText = async text => { window.__copied = text; };",
    )?;
    s.click(".copy-markdown")?;
    let copied = s.wait_for_js("the Markdown to be copied", "window.__copied")?;
    let copied = copied.as_str().unwrap_or_default();
    check!(
        copied.starts_with("# Worker pools\n\n> How the scheduler hands tasks"),
        "copied: {copied}"
    );
    check!(
        copied.contains(link),
        "the copy should link {link}: {copied}"
    );
    s.wait_for_js(
        "the button to say it copied",
        "document.querySelector('.copy-markdown').textContent.includes('Copied')",
    )?;
    Ok(())
}
