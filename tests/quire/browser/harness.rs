//! Checks of the harness itself: a broken page must be reported, or the "no console errors"
//! assertion every other test relies on would pass vacuously.

use std::path::Path;
use std::time::Duration;

use super::server::StaticServer;
use super::session::STEP_TIMEOUT;
use super::{Outcome, Session, run, run_with_timeout};

/// A page with every kind of problem the harness must catch.
const BROKEN_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>broken</title><link rel="icon" href="data:,">
<script src="missing.js"></script></head>
<body><h1>broken</h1><img src="missing.png" alt="">
<script>console.error("quire-test console.error"); throw new Error("quire-test uncaught");</script>
</body></html>"#;

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn harness_reports_broken_page_over_http() {
    let dir = broken_site();
    let server = StaticServer::start(&[("/docs/", dir.path())])
        .unwrap_or_else(|e| panic!("starting the server: {e}"));
    let url = server.url("/docs/");
    run("harness_reports_broken_page_over_http", move |s| {
        s.goto(&url)?;
        expect_reported(s, BROKEN_PAGE_PROBLEMS)?;
        drop(dir);
        Ok(())
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn harness_reports_broken_page_from_file() {
    let dir = broken_site();
    let url = format!("file://{}/index.html", dir.path().display());
    run("harness_reports_broken_page_from_file", move |s| {
        s.goto(&url)?;
        expect_reported(s, BROKEN_PAGE_PROBLEMS)?;
        drop(dir);
        Ok(())
    });
}

/// What the harness must report of `BROKEN_PAGE`: both failed loads, the console error and the
/// uncaught exception.
const BROKEN_PAGE_PROBLEMS: &[&str] = &[
    "missing.js",
    "missing.png",
    "console.error",
    "quire-test uncaught",
];

fn broken_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    write(dir.path(), "index.html", BROKEN_PAGE);
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("writing {name}: {e}"));
}

/// Waits until every needle appears in some reported problem, then clears the list.
fn expect_reported(s: &Session, needles: &[&str]) -> Outcome {
    let mut seen = Vec::new();
    let found = s.wait_until(
        "the broken page's problems to be reported",
        STEP_TIMEOUT,
        || {
            seen.extend(s.take_problems());
            Ok(needles
                .iter()
                .all(|n| seen.iter().any(|p: &String| p.contains(n)))
                .then_some(()))
        },
    );
    found.map_err(|e| format!("{e}; reported: {seen:#?}").into())
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
#[should_panic(expected = "timed out after 5s (Chromium killed)")]
fn harness_fails_a_stuck_test_and_kills_chromium() {
    run_with_timeout(
        "harness_fails_a_stuck_test_and_kills_chromium",
        Duration::from_secs(5),
        |s| {
            // A promise that never settles: the evaluation blocks until Chromium is killed.
            s.eval_json_async::<bool>("new Promise(() => {})")?;
            Ok(())
        },
    );
}
