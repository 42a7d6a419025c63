//! Broken sites: every mistake is reported with file:line:column and a hint, all in one run, exit 1,
//! and the previous output is left as it was.

use crate::support::{build, quire, site, write};

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\nHi.\n");

/// Builds a broken site and returns its stderr after checking exit code 1.
fn errors_of(files: &[(&str, &str)]) -> String {
    let dir = site(files);
    let (_keep, out, run) = build(dir.path(), &[]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(!out.exists(), "nothing written for a failed build");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

fn assert_has(stderr: &str, parts: &[&str]) {
    for part in parts {
        assert!(stderr.contains(part), "expected `{part}` in:\n{stderr}");
    }
}

#[test]
fn unknown_front_matter_key_has_did_you_mean() {
    let stderr = errors_of(&[HOME, ("content/a.md", "---\ntitle: A\nsumary: typo\n---\n")]);
    assert_has(
        &stderr,
        &[
            "error: unknown key `sumary`",
            "content/a.md:3:1",
            "sumary: typo",
            "hint: did you mean `summary`?",
        ],
    );
}

#[test]
fn malformed_yaml_points_into_the_file() {
    let stderr = errors_of(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\ntags: [one, two\nweight: 1\n---\n",
        ),
    ]);
    assert_has(&stderr, &["content/a.md:"]);
    let line: usize = stderr
        .split("content/a.md:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (3..=5).contains(&line),
        "file line, not front matter line: {stderr}"
    );
}

#[test]
fn wrong_type_and_missing_title() {
    let stderr = errors_of(&[
        HOME,
        ("content/a.md", "---\ntitle: A\nweight: heavy\n---\n"),
        ("content/b.md", "---\nsummary: no title\n---\n"),
    ]);
    assert_has(
        &stderr,
        &[
            "wrong type for `weight`: string \"heavy\", expected a whole number",
            "content/a.md:3:",
            "missing required key `title`",
            "content/b.md:",
        ],
    );
}

#[test]
fn unclosed_empty_and_missing_front_matter() {
    let stderr = errors_of(&[
        HOME,
        ("content/a.md", "---\ntitle: A\n"),
        ("content/b.md", ""),
        ("content/c.md", "# Just markdown\n"),
    ]);
    assert_has(
        &stderr,
        &[
            "front matter is never closed",
            "content/a.md:1:1",
            "the file is empty",
            "content/b.md:1:1",
            "missing front matter",
            "content/c.md:1:1",
        ],
    );
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let dir = site(&[HOME]);
    write(
        dir.path(),
        "content/bin.md",
        b"---\ntitle: B\n---\nok \xff\xfe\n",
    );
    let (_keep, _out, run) = build(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert_has(
        &run.stderr,
        &["file is not valid UTF-8", "content/bin.md:4:4"],
    );
}

#[test]
fn duplicate_urls_name_both_files() {
    let stderr = errors_of(&[
        HOME,
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/b.md", "---\ntitle: B\nslug: a\n---\n"),
    ]);
    assert_has(
        &stderr,
        &[
            "two sources map to the same URL `/a/`",
            "content/a.md and",
            "content/b.md",
        ],
    );
}

#[test]
fn unsafe_slugs_are_refused() {
    let stderr = errors_of(&[
        HOME,
        ("content/a.md", "---\ntitle: A\nslug: ../../etc\n---\n"),
        ("content/b.md", "---\ntitle: B\nslug: /abs\n---\n"),
    ]);
    assert_has(
        &stderr,
        &[
            "invalid slug `../../etc`",
            "content/a.md:3:1",
            "invalid slug `/abs`",
        ],
    );
}

#[test]
fn broken_links_anchors_and_related_are_located() {
    let stderr = errors_of(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\nrelated:\n  - b\n  - nowhere\n---\n## Real heading\n\nSee [b](b.md#nope) and [gone](gone.md).\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\n---\n## Only heading\n\n[a](a.md#real-heding)\n",
        ),
    ]);
    assert_has(
        &stderr,
        &[
            "broken anchor: no heading `#nope` in `b.md#nope`",
            "content/a.md:9:5",
            "broken link: `gone.md` is not a page",
            "content/a.md:9:24",
            "`related:` entry `nowhere` names no page",
            "content/a.md:5:5",
            "content/b.md:6:1",
            "did you mean `#real-heading`?",
        ],
    );
}

#[test]
fn template_errors_point_at_the_template() {
    let stderr = errors_of(&[
        HOME,
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ page.title | nosuchfilter }}{% endblock %}\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    assert_has(&stderr, &["templates/page.html:2:"]);
}

#[test]
fn extending_a_missing_template_points_at_the_site_s_template() {
    let stderr = errors_of(&[
        HOME,
        (
            "templates/page.html",
            "{# my page #}\n{% extends \"layout.html\" %}\n{% block content %}x{% endblock %}\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    assert_has(
        &stderr,
        &[
            "template `page.html` extends `layout.html`, which does not exist",
            "templates/page.html:2:1",
        ],
    );
    assert!(!stderr.contains("<built-in>"), "{stderr}");
}

#[test]
fn static_file_colliding_with_a_page_is_an_error() {
    let stderr = errors_of(&[
        HOME,
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("static/a/index.html", "<p>mine</p>"),
    ]);
    assert_has(
        &stderr,
        &[
            "`a/index.html` would overwrite a generated file",
            "static/a/index.html:1:1",
        ],
    );
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let stderr = errors_of(&[
        HOME,
        ("content/a.md", "---\ntitel: A\n---\n"),
        ("content/b.md", "---\ntitle: B\nweight: x\n---\n"),
        ("content/c.md", "---\ntitle: C\n"),
    ]);
    assert_eq!(
        stderr.matches("error: ").count(),
        4,
        "three errors and the summary:\n{stderr}"
    );
    assert_has(&stderr, &["3 errors in the site"]);
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let dir = site(&[HOME, ("content/a.md", "---\ntitle: A\n---\n")]);
    let out = dir.path().join("out");
    let out_str = out.to_str().unwrap();
    let site_str = dir.path().to_str().unwrap();
    assert_eq!(quire(&["build", site_str, "--out", out_str]).code, 0);
    let before = std::fs::read(out.join("a/index.html")).unwrap();
    write(dir.path(), "content/a.md", b"---\ntitle: [broken\n---\n");
    let run = quire(&["build", site_str, "--out", out_str]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), before);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = quire(&["build", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
    assert_eq!(quire(&["build", "--no-such-flag"]).code, 2);
}
