//! `quire init`: a new site that builds and checks clean (tags, an alias), whose `site.yaml`
//! describes "Edit this page" links as the README does, and never a write into a used folder.

use super::support::{quire, read};

#[test]
fn a_new_site_builds_and_checks_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("docs");
    let site_arg = site.to_str().unwrap();
    let run = quire(&["init", site_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("quire serve"), "says what to do next");
    assert!(read(&site, "site.yaml").contains("title:"));
    assert!(read(&site, "content/guide/getting-started.md").contains("```python"));

    let out = dir.path().join("public");
    let run = quire(&["build", site_arg, "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the scaffold builds without warnings");
    assert!(out.join("guide/getting-started/index.html").is_file());
    assert!(out.join("reference/front-matter/index.html").is_file());
    let markdown = read(&out, "reference/markdown/index.html");
    for shown in [
        "<math",
        "<figure class=\"diagram\">",
        "<figcaption class=\"code-title\">greet.py</figcaption>",
        "<mark class=\"line\">",
        "class=\"line diff-add\"",
        "<div class=\"code-tabs\">",
        "<dl>",
    ] {
        assert!(
            markdown.contains(shown),
            "the scaffold's Markdown page shows {shown}"
        );
    }
    assert!(
        out.join("tags/install/index.html").is_file(),
        "the scaffold uses tags"
    );
    assert!(
        read(&out, "start/index.html").contains("url=../guide/getting-started/"),
        "the scaffold's alias leads to its page"
    );

    let run = quire(&["check", site_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the scaffold passes every lint");
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
    let run = quire(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(read(dir.path(), "notes.md"), "mine");
    assert!(!dir.path().join("site.yaml").exists());
}

/// The `repo_url` example in the scaffold's `site.yaml` comment, used as written, makes "Edit this
/// page" links `{repo_url}/content/{file}`, as the comment and the README say.
#[test]
fn the_scaffold_repo_url_example_makes_working_edit_links() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("docs");
    assert_eq!(quire(&["init", site.to_str().unwrap()]).code, 0);
    let yaml = read(&site, "site.yaml");
    let example = yaml
        .lines()
        .find_map(|l| l.strip_prefix("# repo_url: "))
        .expect("site.yaml shows a repo_url example")
        .trim()
        .to_string();
    let rule = "{repo_url}/content/{file}";
    assert!(yaml.contains(rule), "{yaml}");
    let readme = read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "README.md",
    );
    assert!(readme.contains(rule), "the README states the same rule");
    std::fs::write(
        site.join("site.yaml"),
        yaml.replace("# repo_url: ", "repo_url: "),
    )
    .unwrap();
    let out = dir.path().join("public");
    let run = quire(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&out, "guide/getting-started/index.html");
    let edit = format!("{example}/content/guide/getting-started.md");
    assert!(
        page.contains(&format!("<a class=\"edit-link\" href=\"{edit}\">")),
        "no edit link to {edit}"
    );
    assert!(!edit.contains("/content/content/"), "{edit}");
}
