//! Hostile and broken input: every bad site fails with exit 1 and errors that name file, line,
//! column and a hint; every legal oddity builds; no input panics or hangs (each build runs under
//! a deadline and is killed past it). The cases `errors.rs` covers are not repeated here.

mod collisions;
mod crash;
mod escaping;
mod filesystem;
mod front_matter;
mod limits;
mod markup;
mod references;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{Run, quire_within, site};

pub const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\nHi.\n");

/// Generous for a debug build on a busy two-core machine; a hang is what it catches.
pub const LIMIT: Duration = Duration::from_secs(90);

/// A finished build: the run, the output folder, and the temp folders kept alive with it.
pub struct Built {
    pub run: Run,
    pub out: PathBuf,
    pub site: tempfile::TempDir,
    _out_parent: tempfile::TempDir,
}

/// Builds the site at `dir` into a fresh folder, under the deadline.
pub fn build_within(dir: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    let mut args = vec![
        "build",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = quire_within(dir, &args, LIMIT);
    assert_no_panic(&run);
    (out_parent, out, run)
}

/// Builds a site made of `files`; it must succeed.
pub fn building(files: &[(&str, &str)]) -> Built {
    let site = site(files);
    let (out_parent, out, run) = build_within(site.path(), &[]);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    Built {
        run,
        out,
        site,
        _out_parent: out_parent,
    }
}

/// Builds a site made of `files`; it must fail with exit 1 and write nothing. Returns stderr.
pub fn failing(files: &[(&str, &str)]) -> String {
    failing_site(&site(files))
}

/// Like [`failing`], for a site prepared by hand.
pub fn failing_site(site: &tempfile::TempDir) -> String {
    let (_keep, out, run) = build_within(site.path(), &[]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(!out.exists(), "a failed build writes nothing");
    run.stderr
}

pub fn assert_no_panic(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("panicked") && !text.contains("stack overflow"),
            "{text}"
        );
    }
}

/// The diagnostics of a run's stderr (errors and warnings), one text block each; the closing
/// "build failed" summary is left out.
pub fn diagnostics(stderr: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let starts = ["error: ", "warning: ", "note: "]
            .iter()
            .any(|label| line.starts_with(label));
        if starts {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.retain(|b| !b.starts_with("error: build failed"));
    blocks
}

/// The `path:line:column` a diagnostic block points at.
pub fn location(block: &str) -> Option<(String, usize, usize)> {
    let at = block
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = at.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
}

/// Every diagnostic names a file, line and column and says what to do.
pub fn assert_located_with_hints(stderr: &str) {
    let blocks = diagnostics(stderr);
    assert!(!blocks.is_empty(), "no diagnostics in:\n{stderr}");
    for block in blocks {
        assert!(location(&block).is_some(), "no location:\n{block}");
        assert!(block.contains("= hint: "), "no hint:\n{block}");
    }
}

/// One diagnostic contains every part (message, `file:line:column`, hint words…).
pub fn assert_diagnostic(stderr: &str, parts: &[&str]) {
    let found = diagnostics(stderr)
        .iter()
        .any(|block| parts.iter().all(|part| block.contains(part)));
    assert!(found, "no diagnostic with all of {parts:?} in:\n{stderr}");
}
