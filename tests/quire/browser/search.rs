//! Search (issue 4): queries find the right topic in the top three, typos and multi-word queries
//! included; `/`, arrows, Enter and Escape work — over HTTP and from `file://`.
//!
//! The markup contract: the input is `#search-input`, results are `<a>` elements inside
//! `#search-results`, the section filter is `#search-scope` (templates/partials/search.html,
//! static/search.js).

use serde::Deserialize;

use super::dom::{expect_topic, sidebar};
use super::session::{STEP_TIMEOUT, js_string};
use super::{Mode, Outcome, Session, SiteUnderTest, fixture_site, run};

/// Queries and the topic URL (site-root-relative) of tests/fixtures/browser-site that must be
/// among the top three results: an acronym in a title, an identifier in code, two typos, and
/// several words found in different parts of the page.
const QUERIES: [(&str, &str); 4] = [
    ("RCU", "advanced/read-copy-update/"),
    ("spawn_worker", "advanced/worker-pools/"),
    ("alocator arenna", "advanced/memory-arenas/"),
    ("worker pool scheduler", "advanced/worker-pools/"),
];
/// The query the keyboard test types, and the page it expects the query to lead to.
const KEYBOARD_QUERY: (&str, &str) = ("RCU", "advanced/read-copy-update");

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_finds_topics_over_http() {
    run("search_finds_topics_over_http", |s| {
        queries_find_their_topics(s, &fixture_site(Mode::HttpSubPath))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_finds_topics_from_file() {
    run("search_finds_topics_from_file", |s| {
        queries_find_their_topics(s, &fixture_site(Mode::File))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_keyboard_over_http() {
    run("search_keyboard_over_http", |s| {
        keyboard(s, &fixture_site(Mode::Http))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn search_keyboard_from_file() {
    run("search_keyboard_from_file", |s| {
        keyboard(s, &fixture_site(Mode::File))
    });
}

/// One visible result link.
#[derive(Debug, Deserialize)]
pub struct Hit {
    /// The `href` attribute as written.
    pub href: String,
    /// Its text, shortened.
    pub text: String,
}

const READ_RESULTS: &str = "Array.from(document.querySelectorAll('#search-results a')) \
    .filter(a => a.getClientRects().length > 0) \
    .map(a => ({ href: a.getAttribute('href') || '', \
                 text: a.innerText.replace(/\\s+/g, ' ').trim().slice(0, 80) }))";

/// The visible result links, best first.
pub fn results(s: &Session) -> Outcome<Vec<Hit>> {
    s.eval_json(READ_RESULTS)
}

/// Types `query` into the search box (value + `input` event) and waits until `accept` likes the
/// results; the error shows the last results seen.
pub fn search_for(
    s: &Session,
    query: &str,
    what: &str,
    accept: impl Fn(&[Hit]) -> bool,
) -> Outcome<Vec<Hit>> {
    s.set_input_value("#search-input", query)?;
    let mut last = Vec::new();
    let found = s.wait_until(what, STEP_TIMEOUT, || {
        let hits = results(s)?;
        let ok = accept(&hits);
        last = hits;
        Ok(ok.then(|| std::mem::take(&mut last)))
    });
    found.map_err(|err| {
        let shown: Vec<String> = last
            .iter()
            .map(|h| format!("  {} ({})", h.href, h.text))
            .collect();
        format!("{err}; query {query:?} showed:\n{}", shown.join("\n")).into()
    })
}

/// The fixture's top-level sections as the section filter lists them after "All sections":
/// (key, title), in the order of their `weight`.
const SCOPES: [(&str, &str); 2] = [("basics", "Basics"), ("advanced", "Advanced")];
/// A query found in both sections.
const IN_BOTH: &str = "task";

/// The section filter's options as (value, text); none without a filter.
pub fn scope_options(s: &Session) -> Outcome<Vec<(String, String)>> {
    s.eval_json(
        "Array.from(document.getElementById('search-scope')?.options ?? []) \
           .map(o => [o.value, o.text])",
    )
}

/// Checks that the page holds only the filter's "All sections": the sections come with the
/// search index.
pub fn expect_scopes_left_to_the_index(s: &Session) -> Outcome {
    let shown = scope_options(s)?;
    check!(
        shown == [(String::new(), "All sections".to_string())],
        "before it is used, the section filter should hold only \"All sections\": {shown:?}"
    );
    Ok(())
}

/// Waits until the section filter lists "All sections", then the fixture's sections in order.
pub fn expect_scopes_listed(s: &Session) -> Outcome {
    let want: Vec<(String, String)> = std::iter::once(("", "All sections"))
        .chain(SCOPES)
        .map(|(key, title)| (key.to_string(), title.to_string()))
        .collect();
    let mut last = Vec::new();
    let listed = s.wait_until(
        "the section filter to list the sections",
        STEP_TIMEOUT,
        || {
            last = scope_options(s)?;
            Ok((last == want).then_some(()))
        },
    );
    listed.map_err(|err| format!("{err}; it listed {last:?}, expected {want:?}").into())
}

/// Focuses the section filter, as a reader reaching for it with the keyboard would.
pub fn focus_scope_select(s: &Session) -> Outcome {
    let found: bool = s.eval_json(
        "(() => { const select = document.getElementById('search-scope'); \
           if (!select) return false; select.focus(); return true; })()",
    )?;
    check!(found, "the page has no section filter (#search-scope)");
    Ok(())
}

/// Whether every result is in the section `key` (at least one result), or, for "", whether
/// the results come from both sections.
fn narrowed_to(hits: &[Hit], key: &str) -> bool {
    if key.is_empty() {
        SCOPES
            .iter()
            .all(|(k, _)| hits.iter().any(|h| h.href.contains(&format!("{k}/"))))
    } else {
        !hits.is_empty() && hits.iter().all(|h| h.href.contains(&format!("{key}/")))
    }
}

/// Waits until the results shown are narrowed to the section `key` ("": all sections).
fn expect_results_in(s: &Session, key: &str) -> Outcome {
    let what = format!("results narrowed to {key:?}");
    let mut last = Vec::new();
    let narrowed = s.wait_until(&what, STEP_TIMEOUT, || {
        last = results(s)?;
        Ok(narrowed_to(&last, key).then_some(()))
    });
    narrowed.map_err(|err| format!("{err}; the results were {last:?}").into())
}

/// Searches for a word found in both sections, then narrows the results with the section
/// filter to each section (as picking it does: a new value and `change`) and back to all.
/// Expects the filter at "All sections".
pub fn filter_by_section(s: &Session) -> Outcome {
    search_for(s, IN_BOTH, "results from both sections", |hits| {
        narrowed_to(hits, "")
    })?;
    for key in SCOPES.iter().rev().map(|(key, _)| *key).chain([""]) {
        s.eval_json::<bool>(&format!(
            "(() => {{ const select = document.getElementById('search-scope'); \
               select.focus(); select.value = {key}; \
               select.dispatchEvent(new Event('change', {{ bubbles: true }})); \
               return select.value === {key}; }})()",
            key = js_string(key)
        ))
        .and_then(|chosen| {
            check!(chosen, "the section filter has no option {key:?}");
            Ok(())
        })?;
        expect_results_in(s, key)?;
    }
    Ok(())
}

/// Searches for a word found in both sections; ArrowDown on the focused section filter then
/// picks its first section (closed selects do so on Windows and Linux) and narrows the results.
/// Expects the filter at "All sections".
pub fn pick_a_section_with_the_keyboard(s: &Session) -> Outcome {
    search_for(s, IN_BOTH, "results from both sections", |hits| {
        narrowed_to(hits, "")
    })?;
    focus_scope_select(s)?;
    s.press_key("ArrowDown")?;
    let (first, _) = SCOPES[0];
    expect_results_in(s, first)?;
    let value: String = s.eval_json("document.getElementById('search-scope').value")?;
    check!(
        value == first,
        "ArrowDown chose {value:?}, expected {first:?}"
    );
    Ok(())
}

/// A topic page to search from: nested two levels deep, so result links must be relative.
pub fn start_page(s: &Session, site: &SiteUnderTest) -> Outcome<String> {
    s.goto(&site.url(""))?;
    let nav = sidebar(s)?;
    let key = nav
        .iter()
        .flat_map(|sec| sec.topics.iter())
        .next()
        .ok_or("the sidebar has no topics")?
        .key
        .clone();
    s.goto(&site.page(&key))?;
    let has_box: bool = s.eval_json(
        "!!document.getElementById('search-input') && !!document.getElementById('search-results')",
    )?;
    check!(
        has_box,
        "{key} has no search box: #search-input and #search-results are missing \
         (templates/partials/search.html)"
    );
    Ok(key)
}

fn queries_find_their_topics(s: &Session, site: &SiteUnderTest) -> Outcome {
    start_page(s, site)?;
    let mut failures = Vec::new();
    for (query, topic) in QUERIES {
        let top3 = |hits: &[Hit]| hits.iter().take(3).any(|h| h.href.contains(topic));
        if let Err(err) = search_for(
            s,
            query,
            &format!("{topic} in the top 3 for {query:?}"),
            top3,
        ) {
            failures.push(err.to_string());
        }
    }
    check!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

/// `/` focuses the box (without typing a slash), ArrowDown selects a result and Enter opens it;
/// Escape closes the results.
fn keyboard(s: &Session, site: &SiteUnderTest) -> Outcome {
    start_page(s, site)?;
    let (query, topic) = KEYBOARD_QUERY;
    focus_search_with_slash(s)?;
    search_for(s, query, &format!("results for {query:?}"), |hits| {
        !hits.is_empty()
    })?;
    s.press_key("ArrowDown")?;
    let selected: Option<String> = s.eval_json(
        "(() => { const input = document.getElementById('search-input'); \
           const active = input.getAttribute('aria-activedescendant'); \
           const el = (active && document.getElementById(active)) \
             || document.querySelector('#search-results [aria-selected=\"true\"]'); \
           if (!el) return null; \
           const a = el.matches('a') ? el : (el.querySelector('a') || el.closest('a')); \
           return a ? a.href : null; })()",
    )?;
    let selected = selected.ok_or(
        "ArrowDown marked no result as selected (aria-activedescendant on the input, \
         or aria-selected=\"true\" on a result)",
    )?;
    s.expect_navigation("Enter on the selected result", || s.press_key("Enter"))?;
    let landed = s.location()?;
    check!(
        strip_hash(&landed) == strip_hash(&selected),
        "Enter opened {landed}, the selected result was {selected}"
    );
    check!(
        selected.contains(topic),
        "the first result for {query:?} is {selected}, expected {topic}"
    );
    expect_topic(s, site, topic)?;

    focus_search_with_slash(s)?;
    search_for(s, query, &format!("results for {query:?} again"), |hits| {
        !hits.is_empty()
    })?;
    s.press_key("Escape")?;
    s.wait_for_js(
        "Escape to close the results",
        "(() => { const r = document.getElementById('search-results'); \
           return !r || r.hidden || r.getClientRects().length === 0 \
             || !Array.from(r.querySelectorAll('a')).some(a => a.getClientRects().length > 0); })()",
    )?;
    Ok(())
}

/// Presses `/` with focus on the page and checks that the search box got focus, empty.
fn focus_search_with_slash(s: &Session) -> Outcome {
    s.eval_json::<bool>("(document.activeElement && document.activeElement.blur(), true)")?;
    s.press_key("/")?;
    s.wait_for_js(
        "`/` to focus #search-input",
        "document.activeElement && document.activeElement.id === 'search-input'",
    )?;
    let value: String = s.eval_json("document.getElementById('search-input').value")?;
    check!(
        !value.contains('/'),
        "pressing `/` typed into the search box (value {value:?}); its keydown should be prevented"
    );
    Ok(())
}

fn strip_hash(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}
