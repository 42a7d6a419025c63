//! Rebuilds that reuse `quire serve`'s cache: after every kind of edit, a rebuild with the warm
//! cache makes byte for byte the files that a build with an empty cache makes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use quire::error::Error;
use quire::pipeline::{BuildCache, BuildOptions, render_site};

use crate::support::{site, write};

fn build(site_dir: &Path, cache: &Arc<BuildCache>) -> BTreeMap<String, Vec<u8>> {
    let options = BuildOptions {
        site_dir: site_dir.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        cache: Some(Arc::clone(cache)),
        ..BuildOptions::default()
    };
    let rendered = render_site(&options).unwrap_or_else(|e| panic!("build failed: {e}"));
    rendered
        .files
        .into_iter()
        .map(|f| (f.path, f.bytes.to_vec()))
        .collect()
}

/// Rebuilds with `warm` and from scratch, and asserts that both make the same files.
fn assert_same_as_cold(site_dir: &Path, warm: &Arc<BuildCache>, step: &str) {
    let rebuilt = build(site_dir, warm);
    let cold = build(site_dir, &Arc::default());
    let paths = |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&rebuilt), paths(&cold), "{step}: different files");
    for (path, bytes) in &cold {
        assert!(
            rebuilt[path] == *bytes,
            "{step}: {path} differs from a build from scratch"
        );
    }
}

/// Writes `text` to `rel` keeping the file's modification time, as a second save within the
/// same clock tick would: only the watcher's report can tell the file changed.
fn write_keeping_time(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let modified: SystemTime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, text).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
}

#[test]
fn a_warm_rebuild_makes_what_a_cold_build_makes_after_every_kind_of_edit() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/a/_index.md",
            "---\ntitle: Part A\nweight: 1\n---\n",
        ),
        (
            "content/a/one.md",
            "---\ntitle: One\nweight: 1\nsummary: First.\n---\nSee [two](two.md).\n\n## Start\n\nText.\n",
        ),
        (
            "content/a/two.md",
            "---\ntitle: Two\nweight: 2\nrelated: [one]\n---\nBack to [one](one.md#start).\n\n```python\nprint(2)\n```\n",
        ),
        (
            "content/b/_index.md",
            "---\ntitle: Part B\nweight: 2\n---\n",
        ),
        (
            "content/b/three.md",
            "---\ntitle: Three\n---\nAlone, for now.\n",
        ),
    ]);
    let root = dir.path();
    let warm = Arc::new(BuildCache::default());
    assert_same_as_cold(root, &warm, "first build");
    assert!(!warm.markdown.is_empty() && !warm.pages.is_empty());

    // The default page template with one more line: every topic page changes.
    let page_template =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/page.html"))
            .unwrap()
            .replace(
                "{% block content %}",
                "{% block content %}<p>Edited template</p>",
            );
    assert!(page_template.contains("Edited template"));
    let edits: [(&str, &str, &str); 7] = [
        (
            "a body edit",
            "content/a/two.md",
            "---\ntitle: Two\nweight: 2\nrelated: [one]\n---\nBack to [one](one.md#start), again.\n\n```python\nprint(2)\n```\n",
        ),
        (
            "a title every sidebar shows",
            "content/a/one.md",
            "---\ntitle: One, renamed\nweight: 1\nsummary: First.\n---\nSee [two](two.md).\n\n## Start\n\nText.\n",
        ),
        (
            "a new link, so a new backlink elsewhere",
            "content/b/three.md",
            "---\ntitle: Three\n---\nNow linked to [two](../a/two.md).\n",
        ),
        (
            "a new page",
            "content/b/four.md",
            "---\ntitle: Four\nweight: 0\n---\nFirst in part B.\n",
        ),
        (
            "a new order",
            "content/a/two.md",
            "---\ntitle: Two\nweight: 0\nrelated: [one]\n---\nBack to [one](one.md#start), again.\n\n```python\nprint(2)\n```\n",
        ),
        ("the site's title", "site.yaml", "title: Renamed site\n"),
        ("a template", "templates/page.html", &page_template),
    ];
    for (step, rel, text) in edits {
        write(root, rel, text.as_bytes());
        warm.sources.forget(&[PathBuf::from(rel)]);
        assert_same_as_cold(root, &warm, step);
    }

    // A page deleted, and a folder with it.
    std::fs::remove_dir_all(root.join("content/b")).unwrap();
    std::fs::remove_file(root.join("content/a/one.md")).unwrap();
    write(
        root,
        "content/a/two.md",
        b"---\ntitle: Two\n---\nOn its own.\n",
    );
    warm.sources.forget(&[PathBuf::from("content")]);
    assert_same_as_cold(root, &warm, "deleted pages");

    // Same length, same modification time: the watcher's report is what makes it count.
    write_keeping_time(
        root,
        "content/a/two.md",
        "---\ntitle: Two\n---\nOn its OWN.\n",
    );
    warm.sources.forget(&[PathBuf::from("content/a/two.md")]);
    assert_same_as_cold(root, &warm, "a same-length edit in the same clock tick");
}

#[test]
fn a_warm_rebuild_after_an_included_file_changes_makes_what_a_cold_build_makes() {
    // A project with its docs in `docs/`: the pages include a file beside them, one outside
    // content/ and one outside the site, in the project's work tree.
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(
        root,
        "src/main.rs",
        b"// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n",
    );
    write(root, "docs/site.yaml", b"title: Docs\n");
    write(root, "docs/content/_index.md", b"---\ntitle: Home\n---\n");
    write(
        root,
        "docs/content/guide.md",
        b"---\ntitle: Guide\n---\n```rust\n{{#include ../../src/main.rs:main}}\n```\n\n{{#include ../snippets/part.md}}\n",
    );
    write(
        root,
        "docs/content/other.md",
        b"---\ntitle: Other\n---\n```python\n{{#include code.py}}\n```\n",
    );
    write(root, "docs/content/code.py", b"print(1)\n");
    write(root, "docs/snippets/part.md", b"A shared part.\n");
    let site_dir = root.join("docs");
    let warm = Arc::new(BuildCache::default());
    assert_same_as_cold(&site_dir, &warm, "first build");
    assert_eq!(warm.includes.len(), 3);
    let main_rs = root.canonicalize().unwrap().join("src/main.rs");
    assert!(warm.includes.asked().contains(&main_rs));

    let page = |files: &BTreeMap<String, Vec<u8>>| {
        String::from_utf8_lossy(&files["guide/index.html"]).into_owned()
    };
    // A new length is noticed with no report.
    write(
        root,
        "src/main.rs",
        b"// ANCHOR: main\nfn main() { start(); }\n// ANCHOR_END: main\n",
    );
    assert_same_as_cold(&site_dir, &warm, "an edit outside the site");
    assert!(page(&build(&site_dir, &warm)).contains("start"));
    // Same length, same time: the watcher's report (absolute, outside the site) counts.
    write_keeping_time(
        root,
        "src/main.rs",
        "// ANCHOR: main\nfn main() { START(); }\n// ANCHOR_END: main\n",
    );
    warm.forget(std::slice::from_ref(&main_rs));
    assert_same_as_cold(&site_dir, &warm, "a same-length edit outside the site");
    assert!(page(&build(&site_dir, &warm)).contains("START"));
    // Inside the site, reported relative to it.
    write_keeping_time(&site_dir, "snippets/part.md", "A SHARED part.\n");
    warm.forget(&[PathBuf::from("snippets/part.md")]);
    assert_same_as_cold(&site_dir, &warm, "a same-length edit of included Markdown");
    write_keeping_time(&site_dir, "content/code.py", "print(2)\n");
    warm.forget(&[PathBuf::from("content/code.py")]);
    assert_same_as_cold(&site_dir, &warm, "a same-length edit beside the pages");

    // The anchor goes away: the build fails, then the fix is picked up.
    write(root, "src/main.rs", b"fn main() {}\n");
    let options = BuildOptions {
        site_dir: site_dir.clone(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        cache: Some(Arc::clone(&warm)),
        ..BuildOptions::default()
    };
    let Err(Error::Content(failed)) = render_site(&options) else {
        panic!("the build should fail");
    };
    assert_eq!(failed[0].message, "no anchor `main` in `../../src/main.rs`");
    assert!(
        warm.includes.asked().contains(&main_rs),
        "followed after a failure"
    );
    write(
        root,
        "src/main.rs",
        b"// ANCHOR: main\nfn main() { fixed(); }\n// ANCHOR_END: main\n",
    );
    assert_same_as_cold(&site_dir, &warm, "a fixed include");
    assert!(page(&build(&site_dir, &warm)).contains("fixed"));
}
