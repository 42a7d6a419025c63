//! `quire serve`'s rebuilds after an edit: one that changes a page's body alone renders that page
//! only, over the last build; anything more is a full build. Either way the site served is byte
//! for byte what a build from scratch makes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire::error::Error;
use quire::pipeline::{BuildOptions, render_changes_into, render_site};
use quire::write::MemorySink;

use crate::support::{site, write};

type Files = BTreeMap<String, Vec<u8>>;

/// What serve holds: the pages of the last good build and its site-wide files.
struct Served {
    options: BuildOptions,
    pages: Files,
    site_wide: Files,
}

impl Served {
    fn new(site_dir: &Path) -> Served {
        Served {
            options: BuildOptions {
                site_dir: site_dir.to_path_buf(),
                base_url: Some("http://127.0.0.1:1111/".into()),
                cache: Some(Arc::default()),
                ..BuildOptions::default()
            },
            pages: Files::new(),
            site_wide: Files::new(),
        }
    }

    /// Rebuilds after `changed` as serve does; whether only the edited page was rendered.
    fn rebuild(&mut self, changed: &[&str]) -> Result<bool, Error> {
        let cache = self.options.cache.as_ref().unwrap();
        cache.forget(&changed.iter().map(PathBuf::from).collect::<Vec<_>>());
        let sink = MemorySink::default();
        let rest = render_changes_into(&self.options, &sink)?;
        let partial = rest.partial;
        if !partial {
            self.pages.clear();
        }
        self.pages.extend(files(sink)?);
        let sink = MemorySink::default();
        rest.write_into(&sink)?;
        self.site_wide = files(sink)?;
        Ok(partial)
    }

    fn served(&self) -> Files {
        let mut all = self.pages.clone();
        all.extend(self.site_wide.clone());
        all
    }
}

fn files(sink: MemorySink) -> Result<Files, Error> {
    let files = sink.into_files()?.into_iter();
    Ok(files.map(|f| (f.path, f.bytes.to_vec())).collect())
}

fn cold(site_dir: &Path) -> Files {
    let options = BuildOptions {
        site_dir: site_dir.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        cache: Some(Arc::default()),
        ..BuildOptions::default()
    };
    let rendered = render_site(&options).unwrap_or_else(|e| panic!("build failed: {e}"));
    let files = rendered.files.into_iter();
    files.map(|f| (f.path, f.bytes.to_vec())).collect()
}

/// Writes `text` to `rel`, rebuilds as serve does after it, checks that what is served is what a
/// build from scratch makes and that the edit took the path `fast` says.
fn edit(served: &mut Served, rel: &str, text: &str, fast: bool, step: &str) {
    let root = served.options.site_dir.clone();
    write(&root, rel, text.as_bytes());
    let partial = served
        .rebuild(&[rel])
        .unwrap_or_else(|e| panic!("{step}: {e}"));
    assert_eq!(partial, fast, "{step}: partial rebuild");
    assert_same(&served.served(), &cold(&root), step);
}

fn assert_same(served: &Files, cold: &Files, step: &str) {
    let paths = |files: &Files| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(served), paths(cold), "{step}: different files");
    for (path, bytes) in cold {
        assert!(
            served[path] == *bytes,
            "{step}: {path} differs from a build from scratch"
        );
    }
}

const TWO: &str = "---\ntitle: Two\nweight: 2\ntags: [memory]\n---\nBack to [one](one.md#start).\n\n\
                   ```python\nprint(2)\n```\n\n## Check yourself\n\n<details>\n<summary>Why?</summary>\n\n\
                   Because.\n\n</details>\n";

#[test]
fn a_body_edit_renders_one_page_and_serves_what_a_full_build_makes() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("content/a/_index.md", "---\ntitle: Part A\n---\nAbout A.\n"),
        (
            "content/a/one.md",
            "---\ntitle: One\nweight: 1\n---\nSee [two](two.md).\n\n## Start\n\nText.\n",
        ),
        ("content/a/two.md", TWO),
    ]);
    let root = dir.path();
    let mut served = Served::new(root);
    assert!(!served.rebuild(&[]).unwrap(), "the first build is whole");
    assert_same(&served.served(), &cold(root), "first build");

    let one = |body: &str| format!("---\ntitle: One\nweight: 1\n---\n{body}");
    let fast = [
        (
            "new words in a page",
            "See [two](two.md), the next page.\n\n## Start\n\nMore text, `code`.\n",
        ),
        (
            "a code block",
            "See [two](two.md).\n\n## Start\n\n```python\nimport gc\nprint(gc.isenabled())\n```\n",
        ),
    ];
    for (step, body) in fast {
        edit(&mut served, "content/a/one.md", &one(body), true, step);
    }
    edit(
        &mut served,
        "content/a/_index.md",
        "---\ntitle: Part A\n---\nAll about A.\n",
        true,
        "a section's text",
    );
    edit(
        &mut served,
        "content/a/two.md",
        &TWO.replace("print(2)", "print(3)"),
        true,
        "a page with review questions, outside them",
    );

    let full = [
        (
            "a new heading",
            "See [two](two.md).\n\n## Start\n\n## More\n",
        ),
        (
            "a new link",
            "See [two](two.md) and [home](../_index.md).\n\n## Start\n",
        ),
        (
            "a diagram",
            "See [two](two.md).\n\n## Start\n\n```mermaid\ngraph TD; A-->B\n```\n",
        ),
    ];
    for (step, body) in full {
        edit(&mut served, "content/a/one.md", &one(body), false, step);
    }
    edit(
        &mut served,
        "content/a/two.md",
        &TWO.replace("Because.", "Because of that."),
        false,
        "a review answer",
    );
    edit(
        &mut served,
        "content/a/two.md",
        &TWO.replace("weight: 2", "weight: 0"),
        false,
        "front matter",
    );

    edit(
        &mut served,
        "content/a/one.md",
        &one("See [two](two.md).\n\n## Start\n\nPlain.\n"),
        false,
        "the diagram gone",
    );
    // A broken edit keeps the last good site; its fix is fast again.
    write(
        root,
        "content/a/one.md",
        one("See [two](two.md).\n\n## Start\n\n$a + \\foo$\n").as_bytes(),
    );
    let before = served.served();
    let err = served.rebuild(&["content/a/one.md"]).unwrap_err();
    let Error::Content(found) = err else {
        panic!("{err}")
    };
    let at = found[0].location.as_ref().unwrap();
    assert_eq!(
        (at.path.ends_with("content/a/one.md"), at.line),
        (true, 9),
        "{found:?}"
    );
    assert_same(&served.served(), &before, "after a broken edit");
    edit(
        &mut served,
        "content/a/one.md",
        &one("See [two](two.md).\n\n## Start\n\n$a + b$\n"),
        true,
        "the fix",
    );

    // Two files at once, a new file: full builds.
    write(
        root,
        "content/a/one.md",
        one("See [two](two.md).\n\n## Start\n\nBoth.\n").as_bytes(),
    );
    write(
        root,
        "content/a/_index.md",
        b"---\ntitle: Part A\n---\nBoth.\n",
    );
    assert!(
        !served
            .rebuild(&["content/a/one.md", "content/a/_index.md"])
            .unwrap()
    );
    assert_same(&served.served(), &cold(root), "two files");
    edit(
        &mut served,
        "content/a/three.md",
        "---\ntitle: Three\n---\nNew.\n",
        false,
        "a new page",
    );
}
