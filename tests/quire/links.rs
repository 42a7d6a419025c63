//! Every internal link of the output resolves, anchors included, in hosted, offline and print form.
//!
//! Input: tests/fixtures/links-cross-references (links to topics, sections, a nested section with
//! its own slug, headings on other pages and on the same page, a repeated heading, the home page,
//! an external page). The checks are also run on the shipped guide by guide.rs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{build, fixture, list_files};

/// Attribute values of `name="…"` in `html`, entity `&amp;` decoded.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(needle.as_str())
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// The text of every inline `<script>` element of a page.
fn inline_scripts(html: &str) -> String {
    html.split("<script>")
        .skip(1)
        .filter_map(|rest| rest.split("</script>").next())
        .collect()
}

fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:")
}

/// Checks every link and resource of every HTML page under `out`; returns the problems.
fn broken_links(out: &Path, offline: bool) -> Vec<String> {
    let files = list_files(out);
    let ids: BTreeMap<PathBuf, BTreeSet<String>> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = std::fs::read_to_string(out.join(f)).unwrap();
            // `#x` also reaches an `<a name="x">`.
            let ids = attributes(&html, "id").into_iter();
            (out.join(f), ids.chain(attributes(&html, "name")).collect())
        })
        .collect();
    let mut problems = Vec::new();
    // Hosted, 404.html links from the site's absolute base path (a server shows it at any
    // depth); offline it is opened from the root, so its links are checked like any page's.
    for file in files
        .iter()
        .filter(|f| f.ends_with(".html") && (offline || *f != "404.html"))
    {
        let path = out.join(file);
        let html = std::fs::read_to_string(&path).unwrap();
        for url in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if url.starts_with("javascript:") {
                problems.push(format!("{file}: script URL {url}"));
            }
            if is_external(&url) {
                continue;
            }
            let (target, anchor) = match url.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (url.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or(target);
            let target = percent_decode(target);
            let target = target.as_str();
            if offline && !target.is_empty() && (target.ends_with('/') || target == ".") {
                problems.push(format!("{file}: directory link `{url}` in offline output"));
                continue;
            }
            let mut resolved = if target.is_empty() {
                path.clone()
            } else {
                path.parent().unwrap().join(target)
            };
            if target.ends_with('/') || target == "." {
                resolved = resolved.join("index.html");
            }
            let resolved = normalize(&resolved);
            if !resolved.is_file() {
                problems.push(format!("{file}: `{url}` -> missing {}", resolved.display()));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let found = ids.get(&resolved).is_some_and(|set| set.contains(anchor));
                if !found {
                    problems.push(format!("{file}: `{url}` -> no id `{anchor}`"));
                }
            }
        }
    }
    problems
}

/// `%20` and the like turned back into the bytes they stand for.
fn percent_decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn site() -> PathBuf {
    fixture("links-cross-references")
}

/// Builds `site` and fails the test if any internal link or resource of its pages is broken.
pub fn assert_hosted_links_resolve(site: &Path) {
    let (_keep, out, run) = build(site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let problems = broken_links(&out, false);
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        site.display(),
        problems.join("\n")
    );
}

/// Builds `site --offline` and fails the test on a broken link, a link to a folder, a remote
/// resource, or a script that uses `fetch()` or XHR.
pub fn assert_offline_links_resolve(site: &Path) {
    let (_keep, out, run) = build(site, &["--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let problems = broken_links(&out, true);
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        site.display(),
        problems.join("\n")
    );
    for file in list_files(&out)
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".js"))
    {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        for src in attributes(&text, "src") {
            assert!(
                !is_external(&src) || src.starts_with("data:"),
                "{file} loads {src}"
            );
        }
        // Search data files hold page text (which may quote code); scripts live in assets/. The
        // one fetch a script may hold is the hosted copy button's, behind the offline switch
        // (static/quire.js; the browser tests click that button from file:// too).
        let code = if file.starts_with("assets/") {
            text.replace("if (!offline) {\n      return fetch(", "")
        } else if file.ends_with(".html") {
            inline_scripts(&text)
        } else {
            String::new()
        };
        assert!(!code.contains("fetch("), "{file} uses fetch()");
        assert!(!code.contains("XMLHttpRequest"), "{file} uses XHR");
        assert!(
            !text.contains("<link rel=\"stylesheet\" href=\"http"),
            "{file} loads remote CSS"
        );
    }
}

#[test]
fn hosted_output_has_no_broken_links() {
    assert_hosted_links_resolve(&site());
}

#[test]
fn offline_output_has_no_broken_links_directory_links_or_remote_resources() {
    assert_offline_links_resolve(&site());
}

#[test]
fn print_page_links_are_in_page_anchors() {
    let site = site();
    let (_keep, out, run) = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = std::fs::read_to_string(out.join("print.html")).unwrap();
    let ids: BTreeSet<String> = attributes(&print, "id").into_iter().collect();
    let mut to_pages = 0;
    for href in attributes(&print, "href") {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(ids.contains(anchor), "print.html: no id for {href}");
            to_pages += usize::from(anchor.starts_with("doc-"));
        } else {
            assert!(
                is_external(&href) || href.starts_with("./"),
                "print.html links away from itself: {href}"
            );
        }
    }
    // Every link between pages in the sources (`x.md`, `x.md#y`) is on the print page.
    let in_sources: usize = list_files(&site.join("content"))
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(site.join("content").join(f)).unwrap();
            text.matches(".md)").count() + text.matches(".md#").count()
        })
        .sum();
    assert!(
        in_sources > 10 && to_pages >= in_sources,
        "{to_pages} links to pages became in-page anchors, the sources have {in_sources}"
    );
    let duplicate_ids = attributes(&print, "id").len() - ids.len();
    assert_eq!(duplicate_ids, 0, "ids on the print page are unique");
}
