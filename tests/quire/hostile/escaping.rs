//! Escaping: text from front matter and site.yaml never becomes markup, in any output file
//! (pages, print.html, 404.html, sitemap.xml, the search index scripts, tag and alias pages, and
//! — escaped as Markdown — the Markdown copies and llms.txt); raw HTML in bodies is kept by
//! default and shown as text with `markdown: {unsafe_html: false}`.

use std::path::Path;

use super::{HOME, building};
use crate::support::{list_files, read};

const SCRIPT: &str = "<script>alert(1)</script>";
const BREAKOUT: &str = "\"><img src=x onerror=alert(1)>";

/// Markup that must never appear unescaped in the output.
const NEEDLES: &[&str] = &["<script>alert", "<img src=x", "<svg onload", "</title><"];

/// Whether a file is a Markdown copy (`index.html.md`, its offline script, `llms*.txt`): the
/// author's Markdown as text, code spans and blocks included, so checked line by line instead.
fn is_markdown_copy(file: &str) -> bool {
    file.ends_with(".md") || file.ends_with(".md.js") || file.ends_with(".txt")
}

/// Every text file of the output but the Markdown copies that contains one of the needles, with
/// the needle.
fn unescaped(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for file in list_files(out).into_iter().filter(|f| !is_markdown_copy(f)) {
        let Ok(text) = std::fs::read_to_string(out.join(&file)) else {
            continue;
        };
        for needle in NEEDLES {
            if text.contains(needle) {
                found.push(format!("{file}: {needle}"));
            }
        }
    }
    found
}

/// A YAML double-quoted string holding `text`.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A `site.yaml` with markup in every text field. URLs cannot hold quotes or angle brackets at
/// all (a `site.yaml` check refuses them, see `front_matter.rs`), so they carry the `&` that
/// must still be escaped.
fn hostile_site_yaml(extra: &str) -> String {
    format!(
        "title: {}\ndescription: {}\nbase_url: {}\nlanguage: {}\nrepo_url: {}\n{extra}",
        quoted(&format!("{SCRIPT} site")),
        quoted(BREAKOUT),
        quoted("https://example.org/a&b/"),
        quoted(&format!("en{BREAKOUT}")),
        quoted("https://git.example.org/r?x=1&y=2"),
    )
}

fn hostile_pages() -> Vec<(&'static str, String)> {
    let page = |title: &str, summary: &str, related: &str| {
        format!(
            "---\ntitle: {}\nsummary: {}\ntags: [{}, {}]\nrelated: [{related}]\n---\n\
             ## \\<script>alert(1)\\</script> heading\n\nInline `{SCRIPT}` and\n\n\
             ```html\n{SCRIPT}\n```\n\n[Other](other.md)\n",
            quoted(title),
            quoted(summary),
            quoted(SCRIPT),
            quoted(BREAKOUT)
        )
    };
    vec![
        (
            "content/_index.md",
            format!(
                "---\ntitle: {}\ndescription: {}\naliases: [/old/]\n---\nHome.\n",
                quoted(SCRIPT),
                quoted(BREAKOUT)
            ),
        ),
        (
            "content/sec/_index.md",
            format!(
                "---\ntitle: {}\ndescription: {}\n---\n",
                quoted(BREAKOUT),
                quoted(SCRIPT)
            ),
        ),
        ("content/sec/page.md", page(SCRIPT, BREAKOUT, "other")),
        ("content/sec/other.md", page(BREAKOUT, SCRIPT, "page")),
    ]
}

#[test]
fn front_matter_and_site_yaml_are_escaped_in_every_output_file() {
    let yaml = hostile_site_yaml("");
    let pages = hostile_pages();
    let mut files: Vec<(&str, &str)> = vec![("site.yaml", yaml.as_str())];
    files.extend(pages.iter().map(|(p, t)| (*p, t.as_str())));
    let hosted = building(&files);
    let all = list_files(&hosted.out);
    for expected in [
        "print.html",
        "404.html",
        "sitemap.xml",
        "sec/page/index.html",
        "tags/index.html",
        "old/index.html",
        "llms.txt",
    ] {
        assert!(
            all.contains(&expected.to_string()),
            "no {expected} in {all:?}"
        );
    }
    assert!(
        all.iter()
            .any(|f| f.starts_with("search/") && f.ends_with(".js")),
        "{all:?}"
    );
    assert_eq!(unescaped(&hosted.out), Vec::<String>::new(), "hosted build");
    let page = read(&hosted.out, "sec/page/index.html");
    assert!(
        page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
        "{page}"
    );
    // In the Markdown copies, front matter text is escaped as Markdown: outside the body's own
    // code, every needle's `<` is escaped with a backslash.
    let copy = read(&hosted.out, "sec/page/index.html.md");
    assert!(
        copy.starts_with("# \\<script\\>alert(1)\\</script\\>\n\n> \"\\>\\<img src=x"),
        "{copy}"
    );
    for file in ["llms.txt", "llms-full.txt", "sec/page/index.html.md"] {
        let text = read(&hosted.out, file);
        let in_code = |line: &str| line.starts_with("Inline `") || line == SCRIPT;
        for line in text.lines().filter(|l| !in_code(l)) {
            for needle in NEEDLES {
                let bare = line
                    .match_indices(needle)
                    .any(|(at, _)| !line[..at].ends_with('\\'));
                assert!(!bare, "{file}: {line}");
            }
        }
    }

    let (_keep, out, run) = super::build_within(hosted.site.path(), &["--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(unescaped(&out), Vec::<String>::new(), "offline build");
}

#[test]
fn raw_html_in_bodies_is_kept_by_default_and_escaped_when_unsafe_html_is_off() {
    let body = format!(
        "---\ntitle: Raw\n---\n{SCRIPT}\n\nInline <img src=x onerror=alert(1)> here.\n\n\
         <details><summary>More</summary>\n\nHidden.\n\n</details>\n\n\
         ## Heading {{onclick=alert(1)}}\n\n[link](javascript:alert(1))\n"
    );
    // `x`, the image's source, is a file beside the page.
    let files = [HOME, ("content/raw.md", body.as_str()), ("content/x", "")];
    let trusted = building(&files);
    let page = read(&trusted.out, "raw/index.html");
    assert!(
        page.contains(SCRIPT) && page.contains("<details><summary>More</summary>"),
        "{page}"
    );
    for file in list_files(&trusted.out)
        .iter()
        .filter(|f| f.ends_with(".js"))
    {
        let text = read(&trusted.out, file);
        assert!(
            !text.contains("<script>alert") && !text.contains("<img src=x"),
            "{file}"
        );
    }

    let safe_yaml = "title: Safe\nmarkdown: {unsafe_html: false}\n";
    let safe = building(&[
        ("site.yaml", safe_yaml),
        HOME,
        ("content/raw.md", body.as_str()),
    ]);
    assert_eq!(unescaped(&safe.out), Vec::<String>::new());
    // The Markdown copy shows the raw HTML as the page does: as text.
    let copy = read(&safe.out, "raw/index.html.md");
    assert!(
        copy.contains("&lt;script>alert(1)&lt;/script>") && !copy.contains("<img src=x"),
        "{copy}"
    );
    let page = read(&safe.out, "raw/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text: {page}"
    );
    assert!(
        !page.contains("<details>") && page.contains("&lt;details&gt;"),
        "{page}"
    );
    assert!(
        !page.contains("onclick") && !page.contains("javascript:"),
        "{page}"
    );
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let dir = crate::support::site(&[
        super::HOME,
        (
            "content/\u{1b}[2J\u{1b}]0;owned\u{7}.md",
            "---\ntitel: x\n---\n",
        ),
    ]);
    let stderr = super::failing_site(&dir);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}[2J"), "{stderr}");
}
