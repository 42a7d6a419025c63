//! Expanding includes: what the body holds, where each piece of it is located, and every broken
//! directive reported at its file, line and column.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::fs::Refused;

/// Reads straight through the site's file system.
struct Direct<'a>(&'a SiteFs);

impl IncludeFiles for Direct<'_> {
    fn read(&self, path: &Path) -> Result<Arc<FileText>, Refused> {
        let file = self.0.read_included(path)?;
        Ok(Arc::new(FileText {
            real: file.real,
            text: file.text.into(),
        }))
    }
}

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Expands `content/{rel}` of the site in `dir`.
fn expand_in(dir: &Path, rel: &str) -> Expanded {
    let fs = SiteFs::open(dir).unwrap();
    let text = std::fs::read_to_string(dir.join("content").join(rel)).unwrap();
    let source = Source::new(fs.path(&format!("content/{rel}")), rel.into(), text, 0);
    let reader = Direct(&fs);
    expand(&source, &Includes::new(&fs, &reader))
}

/// The messages of the problems, each with its `file:line:column`.
fn problems(expanded: &Expanded) -> Vec<String> {
    expanded
        .problems
        .iter()
        .map(|d| {
            let loc = d.location.as_ref().unwrap();
            let file = loc.path.file_name().unwrap().to_string_lossy();
            format!("{file}:{}:{}: {}", loc.line, loc.column, d.message)
        })
        .collect()
}

const MAIN_RS: &str = "use std::io;\n\n// ANCHOR: main\nfn main() {\n    // ANCHOR: call\n    run();\n    // ANCHOR_END: call\n}\n// ANCHOR_END: main\n";

#[test]
fn whole_files_ranges_and_anchors_are_spliced_in_without_markers() {
    let dir = site(&[
        ("listings/main.rs", MAIN_RS),
        (
            "content/a.md",
            "```rust\n{{#include ../listings/main.rs}}\n```\n\n```rust\n{{#rustdoc_include ../listings/main.rs:main}}\n```\n\n`{{#include ../listings/main.rs:6}}` and `{{ #include ../listings/main.rs:4:4 }}`\n",
        ),
    ]);
    let expanded = expand_in(dir.path(), "a.md");
    assert!(expanded.problems.is_empty(), "{:?}", problems(&expanded));
    assert_eq!(
        expanded.body.text(),
        "```rust\nuse std::io;\n\nfn main() {\n    run();\n}\n```\n\n```rust\nfn main() {\n    run();\n}\n```\n\n`    run();` and `fn main() {`\n"
    );
}

#[test]
fn included_text_is_located_in_its_own_file_and_knows_its_origin() {
    let dir = site(&[
        (
            "snippets/part.md",
            "First line.\n\n[link](pic.png) {{#include deeper.md}}\n",
        ),
        ("snippets/deeper.md", "deep *text*"),
        (
            "content/guide/a.md",
            "Intro.\n{{#include ../../snippets/part.md}}\nAfter.\n",
        ),
    ]);
    let expanded = expand_in(dir.path(), "guide/a.md");
    assert!(expanded.problems.is_empty(), "{:?}", problems(&expanded));
    let body = &expanded.body;
    assert_eq!(
        body.text(),
        "Intro.\nFirst line.\n\n[link](pic.png) deep *text*\nAfter.\n"
    );
    let at = |needle: &str| body.text().find(needle).unwrap();
    let located = |offset: usize| {
        let d = body.locate(Diagnostic::error("x"), offset);
        let loc = d.location.unwrap();
        let name = loc.path.file_name().unwrap().to_string_lossy().into_owned();
        (name, loc.line, loc.column)
    };
    assert_eq!(located(at("[link]")), ("part.md".into(), 3, 1));
    assert_eq!(located(at("*text*")), ("deeper.md".into(), 1, 6));
    assert_eq!(located(at("After")), ("a.md".into(), 3, 1));
    assert_eq!(
        body.origin(body.origin_index(at("[link]"))),
        "snippets/part.md"
    );
    assert_eq!(
        body.origin(body.origin_index(at("*text*"))),
        "snippets/deeper.md"
    );
    assert_eq!(
        body.origin(body.origin_index(at("After"))),
        "content/guide/a.md"
    );
    assert_eq!(body.origins(), 3);
}

#[test]
fn broken_directives_are_errors_at_the_directive_with_a_hint() {
    let dir = site(&[
        ("content/main.rs", MAIN_RS),
        ("content/loop.md", "{{#include again.md}}\n"),
        ("content/again.md", "x\n  {{#include loop.md}}\n"),
        (
            "content/a.md",
            "{{#include missing.rs}}\n{{#include main.rs:nope}}\n  {{#include main.rs:5:40}}\n{{#include main.rs:10:2}}\n{{#inclde main.rs}}\n{{#playground main.rs}}\n{{#include main.rs\n}}\n{{#include loop.md}}\n",
        ),
    ]);
    let expanded = expand_in(dir.path(), "a.md");
    assert_eq!(
        problems(&expanded),
        [
            "a.md:1:1: cannot include `missing.rs` (content/missing.rs): no such file",
            "a.md:2:1: no anchor `nope` in `main.rs`",
            "a.md:3:3: `main.rs` has no lines 5 to 40",
            "a.md:4:1: the line range of `main.rs` is empty or backwards",
            "a.md:5:1: unknown directive `{{#inclde}}`",
            "a.md:6:1: mdBook's `{{#playground}}` is not supported by quire",
            "a.md:7:1: `{{#include` is not closed with `}}` on its line",
            "again.md:2:3: include cycle: content/a.md → content/loop.md → content/again.md → content/loop.md",
        ]
        .map(|m| m.replace("content/missing.rs", &dir.path().join("content/missing.rs").display().to_string()))
    );
    let hints: Vec<_> = expanded
        .problems
        .iter()
        .map(|d| d.hint.clone().unwrap_or_default())
        .collect();
    assert_eq!(hints[1], "its anchors are `main`, `call`");
    assert_eq!(hints[2], "it has 9 lines");
    assert_eq!(hints[4], "did you mean `{{#include}}`?");
    // The broken directives stay as they were written.
    assert!(
        expanded
            .body
            .text()
            .starts_with("{{#include missing.rs}}\n")
    );
}

#[test]
fn escapes_other_directives_and_leads_are_kept_apart() {
    let dir = site(&[
        ("content/steps.sh", "make\r\nmake install\r\n"),
        (
            "content/a.md",
            "Write \\{{#include file.rs}} to include.\n{{#each items}} stays.\n\n1. Build:\n   ```sh\n   {{#include steps.sh}}\n   ```\n> {{#include steps.sh}}\n",
        ),
    ]);
    let expanded = expand_in(dir.path(), "a.md");
    assert!(expanded.problems.is_empty(), "{:?}", problems(&expanded));
    assert_eq!(
        expanded.body.text(),
        "Write {{#include file.rs}} to include.\n{{#each items}} stays.\n\n1. Build:\n   ```sh\n   make\n   make install\n   ```\n> make\n> make install\n"
    );
}

#[test]
fn nothing_outside_the_site_and_its_work_tree_is_read() {
    let outside = site(&[("secret.txt", "SECRET")]);
    let dir = site(&[("content/a.md", "")]);
    let secret = outside.path().canonicalize().unwrap().join("secret.txt");
    // From content/ to the file system's root: one `..` for content/, one per folder above.
    let depth = dir.path().canonicalize().unwrap().components().count() - 1;
    let up = "../".repeat(depth + 1);
    let page = format!(
        "{{{{#include {up}{}}}}}\n",
        secret.display().to_string().trim_start_matches('/')
    );
    std::fs::write(dir.path().join("content/a.md"), &page).unwrap();
    let expanded = expand_in(dir.path(), "a.md");
    let message = &expanded.problems[0].message;
    assert!(
        message.contains("it is outside the site folder"),
        "{message}"
    );
    assert!(!expanded.body.text().contains("SECRET"));
}

#[test]
fn a_body_without_directives_is_not_copied() {
    let dir = site(&[("content/a.md", "Plain {{ text }} here.\n")]);
    let expanded = expand_in(dir.path(), "a.md");
    assert_eq!(expanded.body.text(), "Plain {{ text }} here.\n");
    assert_eq!(expanded.body.origins(), 1);
}
