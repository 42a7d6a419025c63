//! Front matter: splits a Markdown file into its YAML header and body, and types the header.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::yaml::{YamlSource, parse_yaml};

/// A topic page's front matter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    pub weight: Option<i64>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Other topics, as paths relative to this page's folder, without `.md`.
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    /// Old URLs of this page, relative to the site root (`/old/path/`), that lead to it.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

const PAGE_KEYS: &[&str] = &[
    "title", "weight", "summary", "tags", "related", "draft", "slug", "aliases", "extra",
];

/// A section's (`_index.md`) front matter; the home page is the root section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    pub title: String,
    pub weight: Option<i64>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    /// Old URLs of this section, as for pages.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

const SECTION_KEYS: &[&str] = &[
    "title",
    "weight",
    "description",
    "draft",
    "slug",
    "aliases",
    "extra",
];

/// A file cut at its front matter: the YAML, where it starts, and where the body starts.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset of the body in the file text.
    pub body_start: usize,
}

/// Cuts `text` (BOM already removed) at its `---` fences. CRLF line ends are accepted.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = line_spans(text);
    let first = lines.next();
    if !first.is_some_and(|(start, end)| is_fence(&text[start..end])) {
        let message = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "missing front matter"
        };
        return Err(Diagnostic::error(message)
            .at_line(path, text, 1, 1)
            .with_hint(
                "start the file with a `---` line, then `title: …`, then another `---` line",
            ));
    }
    let yaml_start = first.map_or(0, |(_, end)| next_line_start(text, end));
    for (start, end) in lines {
        if is_fence(&text[start..end]) {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line: 2,
                body_start: next_line_start(text, end),
            });
        }
    }
    Err(Diagnostic::error("front matter is never closed")
        .at_line(path, text, 1, 1)
        .with_hint("add a line with only `---` after the last front matter key"))
}

/// Byte ranges of each line's content, without the line ending.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = (start, end);
        start = end + 1;
        Some(line)
    })
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    (line_end + 1).min(text.len())
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Parses a page's front matter.
pub fn parse_page_front(
    path: &Path,
    text: &str,
    split: &Split<'_>,
) -> Result<PageFront, Diagnostic> {
    parse_yaml(&source(path, text, split, PAGE_KEYS))
}

/// Parses a section's front matter.
pub fn parse_section_front(
    path: &Path,
    text: &str,
    split: &Split<'_>,
) -> Result<SectionFront, Diagnostic> {
    parse_yaml(&source(path, text, split, SECTION_KEYS))
}

fn source<'a>(
    path: &'a Path,
    text: &'a str,
    split: &Split<'a>,
    known_keys: &'a [&'a str],
) -> YamlSource<'a> {
    YamlSource {
        path,
        file_text: text,
        yaml: split.yaml,
        first_line: split.yaml_line,
        known_keys,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
        split_front_matter(Path::new("p.md"), text)
    }

    #[test]
    fn splits_lf_and_crlf() {
        let s = split("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!((s.yaml, s.yaml_line), ("title: A\n", 2));
        let text = "---\r\ntitle: A\r\n---\r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(&text[s.body_start..], "body\r\n");
    }

    #[test]
    fn body_may_be_missing_entirely() {
        let text = "---\ntitle: A\n---";
        assert_eq!(&text[split(text).unwrap().body_start..], "");
    }

    #[test]
    fn unclosed_empty_and_missing_are_errors() {
        assert_eq!(
            split("---\ntitle: A\n").unwrap_err().message,
            "front matter is never closed"
        );
        assert_eq!(split("").unwrap_err().message, "the file is empty");
        assert_eq!(split("# Hi\n").unwrap_err().message, "missing front matter");
    }

    #[test]
    fn errors_use_file_lines_not_front_matter_lines() {
        let text = "---\ntitle: A\ntags: [a\nweight: 1\n---\n";
        let s = split(text).unwrap();
        let d = parse_page_front(Path::new("p.md"), text, &s).unwrap_err();
        assert!(d.location.unwrap().line >= 3);
        let text = "---\ntitle: A\nsumary: x\n---\n";
        let s = split(text).unwrap();
        let d = parse_page_front(Path::new("p.md"), text, &s).unwrap_err();
        assert_eq!(d.location.as_ref().unwrap().line, 3);
        assert_eq!(d.hint.as_deref(), Some("did you mean `summary`?"));
    }
}
