//! Front matter and site.yaml: broken YAML, wrong types, unknown keys, empty files, bad bytes,
//! and the legal oddities (BOM, CRLF) that must build exactly like plain files.

use super::{
    HOME, assert_diagnostic, assert_located_with_hints, building, diagnostics, failing,
    failing_site,
};
use crate::support::{list_files, main_part, read, site, write};

/// Nine levels of nine-fold YAML aliases: a billion items if anything expanded them.
fn alias_bomb() -> String {
    let mut yaml = String::from("---\ntitle: Bomb\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in "bcdefghi".chars().zip("abcdefgh".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    yaml + "---\n"
}

#[test]
fn malformed_and_truncated_yaml_is_located_with_a_hint() {
    let nested = format!(
        "---\ntitle: N\nextra:\n  x: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let bomb = alias_bomb();
    let stderr = failing(&[
        HOME,
        (
            "content/quote.md",
            "---\ntitle: \"unterminated\nweight: 1\n---\n",
        ),
        ("content/tab.md", "---\ntitle: T\n\ttags: [a]\n---\n"),
        (
            "content/twice.md",
            "---\ntitle: A\nsummary: s\ntitle: B\n---\n",
        ),
        ("content/colon.md", "---\ntitle: a: b\n---\n"),
        ("content/list.md", "---\n- a\n- b\n---\n"),
        ("content/scalar.md", "---\njust a string\n---\n"),
        (
            "content/anchor.md",
            "---\ntitle: T\nextra: {a: *nowhere}\n---\n",
        ),
        ("content/nested.md", &nested),
        ("content/bomb.md", &bomb),
        ("content/cut.md", "---\ntitle: T\ntags: [a, b"),
    ]);
    assert_located_with_hints(&stderr);
    assert_eq!(diagnostics(&stderr).len(), 10, "{stderr}");
    assert_diagnostic(&stderr, &["content/tab.md:3:1", "tabs"]);
    assert_diagnostic(
        &stderr,
        &["key `title` is written twice", "content/twice.md:"],
    );
    assert_diagnostic(&stderr, &["content/colon.md:2:"]);
    assert_diagnostic(
        &stderr,
        &["expected struct PageFront", "content/list.md:2:1"],
    );
    assert_diagnostic(&stderr, &["content/scalar.md:2:1"]);
    assert_diagnostic(&stderr, &["content/anchor.md:3:"]);
    assert_diagnostic(&stderr, &["nested too deeply", "content/nested.md:4:"]);
    assert_diagnostic(&stderr, &["expand to too much data", "content/bomb.md:"]);
    assert_diagnostic(
        &stderr,
        &["front matter is never closed", "content/cut.md:1:1"],
    );
    let (_, quote_line, _) = diagnostics(&stderr)
        .iter()
        .find(|b| b.contains("content/quote.md"))
        .and_then(|b| super::location(b))
        .expect("quote.md is reported");
    assert!((2..=5).contains(&quote_line), "{stderr}");
}

#[test]
fn wrong_types_name_the_key_and_its_line() {
    let stderr = failing(&[
        HOME,
        ("content/title.md", "---\ntitle: [a, b]\n---\n"),
        ("content/tags.md", "---\ntitle: T\ntags: solo\n---\n"),
        ("content/draft.md", "---\ntitle: T\ndraft: \"yes\"\n---\n"),
        (
            "content/related.md",
            "---\ntitle: T\nrelated: {a: 1}\n---\n",
        ),
        ("content/extra.md", "---\ntitle: T\nextra: [1]\n---\n"),
        ("content/weight.md", "---\ntitle: T\nweight: 1.5\n---\n"),
        (
            "content/huge.md",
            "---\ntitle: T\nweight: 99999999999999999999999\n---\n",
        ),
        ("content/s/_index.md", "---\ntitle: S\nweight: heavy\n---\n"),
    ]);
    assert_located_with_hints(&stderr);
    for (file, key, line) in [
        ("title", "title", 2),
        ("tags", "tags", 3),
        ("draft", "draft", 3),
        ("related", "related", 3),
        ("extra", "extra", 3),
        ("weight", "weight", 3),
        ("huge", "weight", 3),
        ("s/_index", "weight", 3),
    ] {
        assert_diagnostic(
            &stderr,
            &[
                &format!("wrong type for `{key}`"),
                &format!("content/{file}.md:{line}:"),
            ],
        );
    }
}

#[test]
fn unknown_keys_list_the_keys_of_their_place() {
    let stderr = failing(&[
        HOME,
        ("content/desc.md", "---\ntitle: P\ndescription: x\n---\n"),
        ("content/s/_index.md", "---\ntitle: S\nsummary: x\n---\n"),
        (
            "content/ok.md",
            "---\ntitle: P\nextra: {anything: [1, {deep: true}]}\n---\n",
        ),
    ]);
    assert_located_with_hints(&stderr);
    assert_eq!(
        diagnostics(&stderr).len(),
        2,
        "`extra:` takes anything:\n{stderr}"
    );
    assert_diagnostic(
        &stderr,
        &[
            "unknown key `description`",
            "content/desc.md:3:1",
            "`summary`",
        ],
    );
    assert_diagnostic(
        &stderr,
        &[
            "unknown key `summary`",
            "content/s/_index.md:3:1",
            "`description`",
        ],
    );
}

#[test]
fn site_yaml_mistakes_are_located_too() {
    for (yaml, parts) in [
        (
            "titl: T\n",
            &[
                "unknown key `titl`",
                "site.yaml:1:1",
                "did you mean `title`?",
            ][..],
        ),
        (
            "title: T\nmarkdown:\n  unsafe_htm: false\n",
            &[
                "unknown key `unsafe_htm` in `markdown`",
                "site.yaml:3:3",
                "`unsafe_html`",
            ],
        ),
        (
            "title: T\nmarkdown: {unsafe_html: \"no\"}\n",
            &["wrong type for `markdown.unsafe_html`", "site.yaml:2:"],
        ),
        (
            "title: T\nmarkdown_copies: no thanks\n",
            &["wrong type for `markdown_copies`", "site.yaml:2:"],
        ),
        (
            "title: T\nmarkdown_copy: false\n",
            &[
                "unknown key `markdown_copy`",
                "site.yaml:2:1",
                "`markdown_copies`",
            ],
        ),
        ("", &["missing required key `title`", "site.yaml:1:1"]),
        ("title: [T\n", &["site.yaml:"]),
    ] {
        let stderr = failing(&[("site.yaml", yaml), HOME]);
        assert_located_with_hints(&stderr);
        assert_diagnostic(&stderr, parts);
    }
}

#[test]
fn empty_and_nearly_empty_files() {
    let stderr = failing(&[
        HOME,
        ("content/spaces.md", "  \n\t\n"),
        ("content/bom-only.md", "\u{feff}"),
        ("content/no-keys.md", "---\n---\nBody.\n"),
        ("content/comment.md", "---\n# just a comment\n---\n"),
    ]);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["the file is empty", "content/spaces.md:1:1"]);
    assert_diagnostic(&stderr, &["the file is empty", "content/bom-only.md:1:1"]);
    assert_diagnostic(
        &stderr,
        &["missing required key `title`", "content/no-keys.md:"],
    );
    assert_diagnostic(
        &stderr,
        &["missing required key `title`", "content/comment.md:"],
    );

    // Front matter and nothing else is a legal page, without even a final newline.
    let built = building(&[HOME, ("content/bare.md", "---\ntitle: Bare\n---")]);
    assert!(read(&built.out, "bare/index.html").contains("<h1>Bare</h1>"));
}

#[test]
fn invalid_utf8_in_front_matter_site_yaml_and_templates() {
    let dir = site(&[HOME]);
    write(dir.path(), "content/fm.md", b"---\ntitle: caf\xe9\n---\n");
    write(dir.path(), "content/ok.md", b"---\ntitle: ok\n---\n");
    let stderr = failing_site(&dir);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["file is not valid UTF-8", "content/fm.md:2:11"]);

    let dir = site(&[HOME]);
    write(dir.path(), "site.yaml", b"title: Caf\xe9\n");
    let stderr = failing_site(&dir);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["file is not valid UTF-8", "site.yaml:1:11"]);

    let dir = site(&[HOME]);
    write(dir.path(), "templates/page.html", b"<p>\xff</p>\n");
    let stderr = failing_site(&dir);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["file is not valid UTF-8", "templates/page.html"]);
}

/// The same site with LF line ends and with a BOM and CRLF line ends everywhere.
fn lf_site() -> Vec<(&'static str, String)> {
    vec![
        ("site.yaml", "title: Line ends\ndescription: Same either way.\n".into()),
        ("content/_index.md", "---\ntitle: Home\n---\nSee [a](s/a.md#part-two).\n".into()),
        ("content/s/_index.md", "---\ntitle: Section\nweight: 1\n---\nIntro.\n".into()),
        (
            "content/s/a.md",
            "---\ntitle: Page A\ntags: [x, y]\nrelated:\n  - b\nsummary: >\n  Folded\n  summary.\n---\n\
             # Top\n\nText  \nwith a hard break.\n\n## Part two\n\n```python\nx = 1\n\nprint(x)\n```\n\n\
             > [!NOTE]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nBack to [b](b.md).\n"
                .into(),
        ),
        ("content/s/b.md", "---\ntitle: Page B\n---\nSee [two](a.md#part-two).\n".into()),
    ]
}

fn as_strs<'a>(files: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    files.iter().map(|(p, t)| (*p, t.as_str())).collect()
}

#[test]
fn bom_and_crlf_sources_build_exactly_like_lf_ones() {
    let lf = lf_site();
    let crlf: Vec<(&str, String)> = lf
        .iter()
        .map(|(path, text)| (*path, format!("\u{feff}{}", text.replace('\n', "\r\n"))))
        .collect();
    let plain = building(&as_strs(&lf));
    let windows = building(&as_strs(&crlf));
    assert_eq!(windows.run.stderr, "", "no warnings for CRLF or a BOM");
    let files = list_files(&plain.out);
    assert_eq!(files.len(), list_files(&windows.out).len());
    for page in [
        "index.html",
        "s/index.html",
        "s/a/index.html",
        "s/b/index.html",
    ] {
        let (a, b) = (read(&plain.out, page), read(&windows.out, page));
        assert_eq!(main_part(&a), main_part(&b), "{page} differs with CRLF");
        assert!(
            !b.contains('\r') && !b.contains('\u{feff}'),
            "{page} keeps a CR or BOM"
        );
    }
    let a = read(&windows.out, "s/a/index.html");
    assert!(a.contains("<title>Page A · Line ends</title>"), "{a}");
    assert!(a.contains("Folded summary."), "{a}");

    // A mistake in a CRLF file is reported at the same line and column as in an LF file.
    let stderr = failing(&[
        ("site.yaml", "\u{feff}title: T\r\n"),
        ("content/_index.md", "\u{feff}---\r\ntitle: Home\r\n---\r\n"),
        (
            "content/bad.md",
            "\u{feff}---\r\ntitle: Bad\r\nweight: x\r\n---\r\n",
        ),
    ]);
    assert_diagnostic(&stderr, &["content/bad.md:3:9", "3 | weight: x\n"]);
    let stderr = failing(&[(
        "content/_index.md",
        "---\r\ntitle: Home\r\n---\r\n\r\nA [gone](gone.md) link.\r\n",
    )]);
    assert_diagnostic(&stderr, &["content/_index.md:5:3", "broken link"]);
}

#[test]
fn empty_titles_are_errors_at_the_title() {
    let stderr = failing(&[
        ("site.yaml", "title: \"   \"\n"),
        HOME,
        ("content/blank.md", "---\ntitle: \"\"\n---\n"),
        ("content/spaces.md", "---\ntitle: \"   \"\n---\n"),
        ("content/s/_index.md", "---\ntitle: ''\n---\n"),
    ]);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["the site's `title` is empty", "site.yaml:1:1"]);
    for path in [
        "content/blank.md:2:1",
        "content/spaces.md:2:1",
        "content/s/_index.md:2:1",
    ] {
        assert_diagnostic(&stderr, &["`title` is empty", path]);
    }
}

#[test]
fn a_draft_home_page_is_an_error_in_every_command() {
    let dir = site(&[("content/_index.md", "---\ntitle: Home\ndraft: true\n---\n")]);
    let stderr = failing_site(&dir);
    assert_diagnostic(
        &stderr,
        &[
            "the home page is marked `draft: true`",
            "content/_index.md:3:1",
            "--drafts",
        ],
    );
    for command in ["check", "bundle"] {
        let run = crate::support::quire_in(dir.path(), &[command]);
        super::assert_no_panic(&run);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
    }
    let (_keep, out, run) = super::build_within(dir.path(), &["--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("index.html").is_file());
}

#[test]
fn site_urls_that_are_not_web_addresses_are_errors_at_their_key() {
    let stderr = failing(&[
        (
            "site.yaml",
            "title: T\nbase_url: javascript:alert(1)//\nrepo_url: \"data:text/html,x\"\n",
        ),
        HOME,
    ]);
    assert_located_with_hints(&stderr);
    assert_diagnostic(
        &stderr,
        &["`base_url` is not a web address", "site.yaml:2:1"],
    );
    assert_diagnostic(
        &stderr,
        &["`repo_url` is not a web address", "site.yaml:3:1"],
    );
    let dir = site(&[HOME]);
    let (_keep, _out, run) = super::build_within(dir.path(), &["--base-url", "javascript:x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
