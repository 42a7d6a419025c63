//! Rich pages in the browser, on the fixture tests/fixtures/rich-pages (built here, hosted and
//! `--offline` for `file://`): math laid out as MathML, a Mermaid diagram drawn (and a broken one
//! shown with its message, without a console error), marked and numbered lines that copy clean,
//! code tabs switched by click and keyboard and remembered across pages, every tab panel and the
//! diagrams on the print page and in the single-file page, and axe on the page that has them all.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::a11y::assert_accessible;
use super::server::StaticServer;
use super::site::{file_url, run_quire};
use super::{Outcome, Session, run};

const EVERY_BLOCK: &str = "blocks/every-block/";
const MORE_TABS: &str = "blocks/more-tabs/";
/// The code of the block with a title, marked lines and numbers, as written.
const NUMBERED_CODE: &str =
    "import sys\n\ndef main():\n    name = sys.argv[1]\n    print(f\"Hello, {name}!\")\n";

/// The fixture, built once: hosted (and served) and offline.
struct Built {
    offline: PathBuf,
    server: StaticServer,
}

fn fixture_dir() -> PathBuf {
    crate::support::fixture("rich-pages")
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-sites");
            let (hosted, offline) = (out.join("rich-hosted"), out.join("rich-offline"));
            let site = fixture_dir();
            let site = site.to_string_lossy();
            run_quire(&["build", &site, "--out", &hosted.to_string_lossy()])?;
            run_quire(&[
                "build",
                &site,
                "--out",
                &offline.to_string_lossy(),
                "--offline",
            ])?;
            let server = StaticServer::start(&[("/", &hosted)]).map_err(|e| e.to_string())?;
            Ok(Built { offline, server })
        })
        .as_ref()
        .unwrap_or_else(|e| panic!("building the rich-pages fixture: {e}"))
}

/// The URL of a page (`""` for home, `blocks/plain/`, `print.html`) hosted or from `file://`.
fn url(offline: bool, path: &str) -> String {
    let site = built();
    if !offline {
        return site.server.url(&format!("/{path}"));
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    format!("{}{file}", file_url(&site.offline))
}

fn mode_name(offline: bool) -> &'static str {
    if offline { "file://" } else { "hosted" }
}

/// One diagram figure as the reader sees it.
#[derive(Debug, Deserialize)]
struct Diagram {
    drawn: bool,
    /// The class of the drawn version on show (`diagram-view diagram-light`, say).
    shown: String,
    width: f64,
    nodes: usize,
    error: String,
    source_visible: bool,
}

const DIAGRAMS: &str = "[...document.querySelectorAll('figure.diagram')].map(f => {
    const view = [...f.querySelectorAll('.diagram-view')].find(v => getComputedStyle(v).display !== 'none');
    const svg = view && view.querySelector('svg');
    return { drawn: f.classList.contains('is-drawn'), shown: view ? view.className : '',
             width: svg ? svg.getBoundingClientRect().width : 0,
             nodes: svg ? svg.querySelectorAll('.node').length : 0,
             error: (f.querySelector('.diagram-error') || {}).textContent || '',
             source_visible: getComputedStyle(f.querySelector('.diagram-source')).display !== 'none' };
})";

/// Waits for the diagrams script to finish, and returns the figures.
fn diagrams(s: &Session) -> Outcome<Vec<Diagram>> {
    s.wait_for_js(
        "the diagrams to be drawn",
        "document.documentElement.dataset.diagrams === 'drawn'",
    )?;
    s.eval_json(DIAGRAMS)
}

/// The first diagram is drawn (in the version for `theme`), the second shows its source and why.
fn check_diagrams(s: &Session, theme: &str) -> Outcome {
    let found = diagrams(s)?;
    let [good, broken] = &found[..] else {
        return Err(format!("two diagrams expected: {found:?}").into());
    };
    check!(
        good.drawn && good.shown.contains(&format!("diagram-{theme}")),
        "the {theme} diagram should show: {good:?}"
    );
    check!(
        good.width > 100.0 && good.nodes == 3 && !good.source_visible,
        "the diagram should be drawn with its three nodes, its source hidden: {good:?}"
    );
    check!(
        !broken.drawn && broken.source_visible && broken.error.contains("could not be drawn"),
        "the broken diagram should show its source and the problem: {broken:?}"
    );
    Ok(())
}

#[derive(Debug, Deserialize)]
struct MathLook {
    count: usize,
    font_size: f64,
    fraction_height: f64,
    block_display: String,
}

fn check_math(s: &Session) -> Outcome {
    let math: MathLook = s.eval_json(
        "(() => { const all = document.querySelectorAll('.prose math');
            const block = document.querySelector('.prose math[display=block]');
            return { count: all.length, font_size: parseFloat(getComputedStyle(block).fontSize),
                     fraction_height: block.querySelector('mfrac').getBoundingClientRect().height,
                     block_display: getComputedStyle(block).display }; })()",
    )?;
    // Laid out as MathML, a fraction stacks its numerator over its denominator.
    check!(
        math.count == 2
            && math.block_display.contains("math")
            && math.fraction_height > 1.5 * math.font_size,
        "the math should be laid out as MathML: {math:?}"
    );
    Ok(())
}

#[derive(Debug, Deserialize)]
struct Lines {
    marked: usize,
    marked_background: String,
    plain_background: String,
    code_background: String,
    marked_width: f64,
    code_width: f64,
    number: String,
    text: String,
}

fn check_marked_lines(s: &Session) -> Outcome {
    let lines: Lines = s.eval_json(
        "(() => { const pre = document.querySelector('pre.line-numbers');
            const mark = pre.querySelector('mark.line'), plain = pre.querySelector('span.line');
            const bg = e => getComputedStyle(e).backgroundColor;
            return { marked: pre.querySelectorAll('mark.line').length, marked_background: bg(mark),
                     plain_background: bg(plain), code_background: bg(pre),
                     marked_width: mark.getBoundingClientRect().width, code_width: pre.clientWidth,
                     number: getComputedStyle(plain, '::before').content,
                     text: pre.querySelector('code').textContent }; })()",
    )?;
    check!(
        lines.marked == 3
            && lines.marked_background != lines.code_background
            && lines.marked_background != "rgba(0, 0, 0, 0)"
            && lines.plain_background == "rgba(0, 0, 0, 0)",
        "lines 2, 4 and 5 should have a background of their own: {lines:?}"
    );
    let covers_the_block = lines.marked_width + 1.0 >= lines.code_width;
    check!(
        covers_the_block,
        "a marked line should be marked across the block: {lines:?}"
    );
    check!(
        lines.number != "none" && lines.text == NUMBERED_CODE,
        "lines are numbered, and the code's text is the code alone: {lines:?}"
    );
    Ok(())
}

fn every_block(s: &Session, offline: bool) -> Outcome {
    s.goto(&url(offline, EVERY_BLOCK))?;
    check_math(s)?;
    check_marked_lines(s)?;
    check_diagrams(s, "light")
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn rich_page_math_lines_and_diagrams_hosted() {
    run("rich_page_math_lines_and_diagrams_hosted", |s| {
        every_block(s, false)
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn rich_page_math_lines_and_diagrams_from_file() {
    run("rich_page_math_lines_and_diagrams_from_file", |s| {
        every_block(s, true)
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn diagrams_follow_the_dark_theme() {
    run("diagrams_follow_the_dark_theme", |s| {
        s.goto(&url(false, EVERY_BLOCK))?;
        check_diagrams(s, "light")?;
        s.click("#theme-toggle")?;
        check_diagrams(s, "dark")
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn the_copy_button_copies_the_code_without_numbers() {
    run("the_copy_button_copies_the_code_without_numbers", |s| {
        s.goto(&url(false, EVERY_BLOCK))?;
        s.eval_json::<bool>(
            "(Object.defineProperty(navigator, 'clipboard', { configurable: true,
                value: { writeText: text => { window.quireCopied = text; return Promise.resolve(); } } }),
              document.querySelector('pre.line-numbers .copy-code').click(), true)",
        )?;
        let copied = s.wait_for_js("the code to be copied", "window.quireCopied")?;
        check!(
            copied.as_str() == Some(NUMBERED_CODE.trim_end_matches('\n')),
            "copied {copied}"
        );
        Ok(())
    });
}

/// Each tab group: its tabs, the selected one, and the text of the panels on show.
#[derive(Debug, Deserialize, PartialEq)]
struct Group {
    tabs: Vec<String>,
    selected: String,
    shown: Vec<String>,
}

const GROUPS: &str = "[...document.querySelectorAll('.code-tabs')].map(g => ({
    tabs: [...g.querySelectorAll('[role=tab]')].map(t => t.textContent),
    selected: (g.querySelector('[role=tab][aria-selected=true]') || {}).textContent || '',
    shown: [...g.querySelectorAll('.code-tab')]
        .filter(p => p.getBoundingClientRect().height > 0).map(p => p.textContent.trim()),
}))";

fn selected(s: &Session) -> Outcome<Vec<String>> {
    let groups: Vec<Group> = s.eval_json(GROUPS)?;
    for group in &groups {
        let [shown] = &group.shown[..] else {
            return Err(format!("one panel should show per group: {groups:?}").into());
        };
        check!(
            shown.contains(&format!("{} ", command_of(&group.selected))),
            "the panel on show should be the selected tab's: {groups:?}"
        );
    }
    Ok(groups.into_iter().map(|g| g.selected).collect())
}

/// The package tool the fixture's panels use for a label.
fn command_of(label: &str) -> &'static str {
    match label {
        "Debian" => "apt",
        "macOS" => "brew",
        _ => "winget",
    }
}

fn tabs_switch_and_remember(s: &Session, offline: bool) -> Outcome {
    s.goto(&url(offline, EVERY_BLOCK))?;
    check!(
        selected(s)? == ["Debian", "macOS"],
        "each group starts on its first tab: {:?}",
        selected(s)?
    );
    // A click in the first group; the second group, with the same labels, follows.
    s.click("#quire-tab-0-1")?;
    check!(
        selected(s)? == ["macOS", "macOS"],
        "after a click: {:?}",
        selected(s)?
    );
    for (key, label) in [
        ("ArrowRight", "Windows"),
        ("Home", "Debian"),
        ("ArrowLeft", "Windows"),
        ("End", "Windows"),
        ("ArrowLeft", "macOS"),
    ] {
        s.press_key(key)?;
        let focused: String = s.eval_json("document.activeElement.textContent")?;
        let now = selected(s)?;
        check!(
            now == [label, label] && focused == label,
            "after {key}: {now:?}, focus on {focused}"
        );
    }
    // Another page with the same labels opens on the choice.
    s.goto(&url(offline, MORE_TABS))?;
    check!(
        selected(s)? == ["macOS"],
        "the choice should be remembered across pages: {:?}",
        selected(s)?
    );
    Ok(())
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn code_tabs_switch_and_are_remembered_hosted() {
    run("code_tabs_switch_and_are_remembered_hosted", |s| {
        tabs_switch_and_remember(s, false)
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn code_tabs_switch_and_are_remembered_from_file() {
    run("code_tabs_switch_and_are_remembered_from_file", |s| {
        tabs_switch_and_remember(s, true)
    });
}

/// Every tab panel shows, and the diagrams are drawn: the print page, and the single-file page.
fn check_print_page(s: &Session, what: &str) -> Outcome {
    let groups: Vec<Group> = s.eval_json(GROUPS)?;
    check!(
        groups.len() == 3
            && groups
                .iter()
                .all(|g| g.tabs.is_empty() && g.shown.len() == 3),
        "every panel of every group should show on {what}: {groups:?}"
    );
    check_diagrams(s, "light")
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn the_print_page_shows_every_panel_and_draws_diagrams() {
    run("the_print_page_shows_every_panel_and_draws_diagrams", |s| {
        s.goto(&url(true, "print.html"))?;
        check_print_page(s, "print.html")
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn the_single_file_page_draws_diagrams_with_nothing_beside_it() {
    run(
        "the_single_file_page_draws_diagrams_with_nothing_beside_it",
        |s| {
            let dir = tempfile::tempdir()?;
            let page = dir.path().join("rich.html");
            let site = fixture_dir();
            run_quire(&[
                "bundle",
                &site.to_string_lossy(),
                "--single-file",
                "-o",
                &page.to_string_lossy(),
            ])?;
            s.goto(&format!("{}rich.html", file_url(dir.path())))?;
            check_math(s)?;
            check_print_page(s, "the single-file page")
        },
    );
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a11y_rich_page_light_and_dark() {
    run("a11y_rich_page_light_and_dark", |s| {
        s.goto(&url(false, EVERY_BLOCK))?;
        diagrams(s)?;
        assert_accessible(s, "the rich page (light)")?;
        s.eval_json::<bool>("(localStorage.setItem('quire-theme', 'dark'), true)")?;
        s.reload()?;
        check_diagrams(s, "dark")?;
        assert_accessible(s, "the rich page (dark)")
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn a_plain_page_loads_no_extra_script() {
    run("a_plain_page_loads_no_extra_script", |s| {
        for offline in [false, true] {
            s.goto(&url(offline, "blocks/plain/"))?;
            let scripts: Vec<String> =
                s.eval_json("[...document.scripts].map(e => e.src).filter(Boolean)")?;
            check!(
                scripts.len() == 2
                    && !scripts
                        .iter()
                        .any(|src| src.contains("tabs.") || src.contains("diagrams.")),
                "{}: a page without tabs or diagrams loads only the theme's scripts: {scripts:?}",
                mode_name(offline)
            );
        }
        Ok(())
    });
}
