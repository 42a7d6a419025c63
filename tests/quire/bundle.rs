//! `quire bundle`: the offline site as one zip with one top-level folder, deterministic.
//!
//! Input: the small site below, titled "Bundle Test" (so the zip's folder is `bundle-test/`).

use crate::support::{quire, site};

const SITE: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Bundle Test\nbase_url: https://example.org/\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Home\n---\nStart with [the first topic](basics/first.md).\n",
    ),
    (
        "content/basics/_index.md",
        "---\ntitle: Basics\nweight: 1\n---\n",
    ),
    (
        "content/basics/first.md",
        "---\ntitle: First\nweight: 1\n---\nThen the [second](second.md).\n",
    ),
    (
        "content/basics/second.md",
        "---\ntitle: Second\nweight: 2\n---\nBack to the [first](first.md).\n",
    ),
    (
        "content/advanced/_index.md",
        "---\ntitle: Advanced\nweight: 2\n---\n",
    ),
    (
        "content/advanced/deep-end.md",
        "---\ntitle: The deep end\n---\n## Going further\n\nSee [basics](../basics/_index.md).\n",
    ),
];

fn bundle(site: &std::path::Path, extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("site.zip");
    let mut args = vec![
        "bundle",
        site.to_str().unwrap(),
        "-o",
        zip.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = quire(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, zip)
}

fn names(zip: &std::path::Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn zip_holds_the_offline_site_in_one_folder() {
    let site = site(SITE);
    let (_keep, zip) = bundle(site.path(), &[]);
    let names = names(&zip);
    for expected in [
        "bundle-test/index.html",
        "bundle-test/print.html",
        "bundle-test/404.html",
        "bundle-test/basics/first/index.html",
        "bundle-test/advanced/deep-end/index.html",
    ] {
        assert!(
            names.contains(&expected.to_string()),
            "missing {expected} in {names:?}"
        );
    }
    assert!(
        names.iter().all(|n| n.starts_with("bundle-test/")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("bundle-test/search/index."))
    );
    assert!(
        !names.contains(&"bundle-test/sitemap.xml".to_string()),
        "offline: no sitemap"
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut first = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name("bundle-test/basics/first/index.html")
            .unwrap(),
        &mut first,
    )
    .unwrap();
    assert!(
        first.contains(r#"href="../second/index.html""#),
        "offline links in the zip"
    );
}

#[test]
fn bundles_are_byte_identical_across_runs() {
    let site = site(SITE);
    let (_a, zip_a) = bundle(site.path(), &[]);
    let (_b, zip_b) = bundle(site.path(), &[]);
    assert!(std::fs::read(zip_a).unwrap() == std::fs::read(zip_b).unwrap());
}

#[test]
fn single_file_inlines_styles_and_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("guide.html");
    let site = site(SITE);
    let run = quire(&[
        "bundle",
        site.path().to_str().unwrap(),
        "--single-file",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<style>"), "styles inlined");
    assert!(
        !html.contains("rel=\"stylesheet\""),
        "no stylesheet links left"
    );
    assert!(
        !html.contains("src=\"./assets/"),
        "no script or image files referenced"
    );
    assert!(
        html.contains("id=\"doc-basics-first\""),
        "topics on the page"
    );
}
