//! Files beside pages (issue 13): images and downloads next to a page, in `static/` (named from
//! the site's root or through `../static/`), and in raw HTML (`src`, `srcset`, `poster`,
//! `href`) resolve against the file they are written in, are rewritten relative to the page's
//! URL (a page's URL is a folder deeper than its source; a section can be renamed by its slug)
//! and are copied; a missing one is an error at its file, line and column. Ids in raw HTML are
//! link targets.
//!
//! Input: tests/fixtures/files-beside-pages, and small broken sites made here.

use crate::hostile::{assert_diagnostic, assert_located_with_hints, diagnostics, failing};
use crate::links::{assert_hosted_links_resolve, assert_offline_links_resolve};
use crate::support::{build, fixture, quire_in, read, site};

fn fixture_site() -> std::path::PathBuf {
    fixture("files-beside-pages")
}

#[test]
fn references_are_rewritten_relative_to_each_page() {
    let (_keep, out, run) = build(&fixture_site(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let setup = read(&out, "guide/setup/index.html");
    for expected in [
        "<img src=\"../diagram.svg\" alt=\"The diagram\" title=\"Beside the page\" />",
        "<img src=\"../../img/logo.png\" alt=\"the logo, found through static/\" />",
        "<a href=\"../files/report.txt?v=2\">the report</a>",
        "<a href=\"../renamed/\">the nested part</a>",
        "<source srcset=\"../diagram%202x.svg 2x, ../diagram.svg\">",
        "<img\n    src=\"../diagram.svg\" alt=\"The diagram again\">",
        "<a href=\"#old-name\">here</a>",
        "<a href=\"../renamed/#kept\">the nested page</a>",
    ] {
        assert!(setup.contains(expected), "no {expected} in:\n{setup}");
    }
    // A section renamed by its slug is served from a folder its files are not in.
    let nested = read(&out, "guide/renamed/index.html");
    assert!(nested.contains("src=\"../nested/pic.svg\""), "{nested}");
    assert!(read(&out, "index.html").contains("src=\"img/logo.png\""));
    // The print page, at the root, names the same files from there.
    let print = read(&out, "print.html");
    assert!(print.contains("src=\"guide/diagram.svg\""), "{print}");
    assert!(print.contains("srcset=\"guide/diagram%202x.svg 2x, guide/diagram.svg\""));
    for file in [
        "guide/diagram.svg",
        "guide/diagram 2x.svg",
        "guide/nested/pic.svg",
        "img/logo.png",
    ] {
        assert!(out.join(file).is_file(), "{file} is copied");
    }
}

#[test]
fn every_reference_resolves_hosted_and_offline() {
    assert_hosted_links_resolve(&fixture_site());
    assert_offline_links_resolve(&fixture_site());
}

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\n");

#[test]
fn a_missing_file_is_an_error_where_it_is_referenced() {
    let stderr = failing(&[
        HOME,
        ("content/guide/real.png", "png"),
        ("notes/outside.png", "png"),
        (
            "content/guide/page.md",
            "---\ntitle: Page\n---\n![Missing](rael.png)\n\n\
             ![From the root](/img/nope.png) [outside](../../notes/outside.png)\n\n\
             <img alt=\"raw\"\n     src=\"gone.svg\">\n\n\
             <img alt=\"set\" srcset=\"real.png 1x, absent.png 2x\">\n\n\
             <video poster=\"poster.png\"></video> <a href=\"#no-such-id\">x</a>\n",
        ),
    ]);
    assert_located_with_hints(&stderr);
    let expected: [&[&str]; 7] = [
        &[
            "`rael.png` names no file (looked for content/guide/rael.png)",
            "content/guide/page.md:4:1",
            "did you mean `real.png`?",
        ],
        &[
            "`/img/nope.png` names no file in static/ or content/",
            "content/guide/page.md:6:1",
        ],
        &[
            "`../../notes/outside.png` is outside content/ and static/",
            "content/guide/page.md:6:33",
        ],
        &[
            "`gone.svg` names no file",
            "content/guide/page.md:9:11",
            "put the file there",
        ],
        &["`absent.png` names no file", "content/guide/page.md:11:37"],
        &["`poster.png` names no file", "content/guide/page.md:13:16"],
        &["no heading `#no-such-id`", "content/guide/page.md:13:46"],
    ];
    for parts in expected {
        assert_diagnostic(&stderr, parts);
    }
    assert_eq!(diagnostics(&stderr).len(), expected.len(), "{stderr}");
}

#[test]
fn raw_html_ids_are_anchors_and_external_references_are_left_alone() {
    let dir = site(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\n---\n<span id=\"legacy\"></span><a name=\"older\"></a>\n\n\
             [b's old anchor](b.md#kept) [here](#legacy) [older](#older)\n\n\
             ![remote](https://example.org/x.png) [mail](mailto:a@b.org) \
             ![inline](data:image/gif;base64,R0lGODlhAQABAAAAACw=) [cdn](//cdn.example.org/x.js)\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\n---\n<div id=\"kept\">Kept.</div>\n",
        ),
    ]);
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&out, "a/index.html");
    assert!(page.contains("href=\"../b/#kept\""), "{page}");
    assert!(page.contains("src=\"https://example.org/x.png\""), "{page}");
    assert!(page.contains("href=\"//cdn.example.org/x.js\""), "{page}");
    // With raw HTML off, its ids are text, not anchors.
    let safe = site(&[
        ("site.yaml", "title: Safe\nmarkdown: {unsafe_html: false}\n"),
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\n---\n<a id=\"x\"></a> [x](#x)\n",
        ),
    ]);
    let run = quire_in(safe.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_diagnostic(&run.stderr, &["no heading `#x`", "content/a.md:4:16"]);
}
