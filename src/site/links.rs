//! Link resolution: each document's relative `.md` links and its `related:` entries in; the
//! documents and heading anchors they name out, with every broken one reported where it is written.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{DocRef, PageId};
use super::tree::Page;
use crate::content::Source;
use crate::error::{Diagnostic, did_you_mean};
use crate::markdown::Scan;
use crate::preprocess::Body;
use crate::yaml::find_key;

/// What an internal link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub doc: DocRef,
    pub anchor: Option<String>,
}

/// Lookup tables for resolving references between documents.
pub struct Resolver<'a> {
    /// Source path relative to `content/` (e.g. `internals/gil.md`) to document.
    pub by_rel: &'a BTreeMap<&'a str, DocRef>,
    /// Heading ids of every document.
    pub anchors: &'a BTreeMap<DocRef, BTreeSet<&'a str>>,
}

impl Resolver<'_> {
    /// Resolves every internal link of one document, reporting the broken ones.
    pub fn resolve_links(
        &self,
        doc: DocRef,
        source: &Source,
        body: &Body,
        scan: &Scan,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, Target> {
        let mut resolved = BTreeMap::new();
        for link in &scan.links {
            let error = |message: String| body.locate(Diagnostic::error(message), link.offset);
            let (path, anchor) = match link.dest.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (link.dest.as_str(), None),
            };
            let target_doc = if path.is_empty() {
                doc
            } else if is_internal(path) {
                match normalize(parent_dir(&source.rel), path) {
                    Some(rel) => {
                        match self.by_rel.get(rel.as_str()) {
                            Some(&target) => target,
                            None => {
                                let dir = parent_dir(&source.rel);
                                let hint = match did_you_mean(&rel, self.by_rel.keys().copied()) {
                                    Some(close) => {
                                        format!("did you mean `{}`?", relative_to(dir, close))
                                    }
                                    None => "link to an existing `.md` file, relative to this file"
                                        .into(),
                                };
                                diagnostics.push(
                                error(format!("broken link: `{path}` is not a page (looked for content/{rel})"))
                                    .with_hint(hint),
                            );
                                continue;
                            }
                        }
                    }
                    None => {
                        diagnostics.push(
                            error(format!("broken link: `{path}` points outside content/"))
                                .with_hint("remove some `../`"),
                        );
                        continue;
                    }
                }
            } else {
                continue;
            };
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let ids = &self.anchors[&target_doc];
                if !ids.contains(anchor) {
                    let hint = match did_you_mean(anchor, ids.iter().copied()) {
                        Some(close) => format!("did you mean `#{close}`?"),
                        None if ids.is_empty() => "that page has no headings".into(),
                        None => format!(
                            "its headings are {}",
                            ids.iter()
                                .take(8)
                                .map(|i| format!("`#{i}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    diagnostics.push(
                        error(format!(
                            "broken anchor: no heading `#{anchor}` in `{}`",
                            link.dest
                        ))
                        .with_hint(hint),
                    );
                    continue;
                }
            }
            resolved.insert(
                link.dest.clone(),
                Target {
                    doc: target_doc,
                    anchor: anchor.filter(|a| !a.is_empty()).map(str::to_string),
                },
            );
        }
        resolved
    }

    /// Resolves a page's `related:` entries to pages, reporting the ones that name no page.
    pub fn resolve_related(&self, page: &Page, diagnostics: &mut Vec<Diagnostic>) -> Vec<PageId> {
        let mut related = Vec::new();
        let dir = parent_dir(&page.source.rel);
        for entry in &page.front.related {
            let name = entry.trim_end_matches(".md");
            let wanted = normalize(dir, &format!("{name}.md"));
            let found = wanted
                .as_deref()
                .and_then(|rel| self.by_rel.get(rel).copied());
            match found {
                Some(DocRef::Page(p)) => related.push(p),
                _ => {
                    let (line, column) = locate_entry(&page.source.text, entry);
                    let pages = self
                        .by_rel
                        .iter()
                        .filter(|(_, doc)| matches!(doc, DocRef::Page(_)))
                        .map(|(rel, _)| rel.trim_end_matches(".md"));
                    let wanted = wanted.as_deref().unwrap_or(name).trim_end_matches(".md");
                    let close = did_you_mean(wanted, pages);
                    diagnostics.push(
                        Diagnostic::error(format!("`related:` entry `{entry}` names no page"))
                            .at_line(&page.source.path, &page.source.text, line, column)
                            .with_hint(match close {
                                Some(c) => format!("did you mean `{}`?", relative_to(dir, c)),
                                None => "write a page path relative to this file's folder, without `.md`".into(),
                            }),
                    );
                }
            }
        }
        related
    }
}

/// Whether a link destination is a relative link to a Markdown source.
fn is_internal(path: &str) -> bool {
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    !has_scheme && !path.starts_with('/') && path.ends_with(".md")
}

/// Joins `path` onto `dir` (both `/`-separated, relative to content/), resolving `.` and `..`;
/// `None` if it climbs out of content/.
pub fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `path` (relative to content/) as a link written in a file in folder `dir` would name it.
fn relative_to(dir: &str, path: &str) -> String {
    let dir_parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let path_parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let common = dir_parts
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(dir_parts.len() - common);
    out.push_str(&path_parts[common..].join("/"));
    out
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Finds where a `related:` entry is written in the front matter (line, column), for diagnostics.
fn locate_entry(text: &str, entry: &str) -> (usize, usize) {
    let (key_line, _) = find_key(text, "related");
    text.lines()
        .enumerate()
        .skip(key_line - 1)
        .find_map(|(i, line)| {
            line.find(entry)
                .map(|col| (i + 1, line[..col].chars().count() + 1))
        })
        .unwrap_or((key_line, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_refuses_to_climb_out() {
        assert_eq!(normalize("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("a", "./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("", "../x.md"), None);
    }

    #[test]
    fn only_relative_md_links_are_internal() {
        assert!(is_internal("gil.md"));
        assert!(is_internal("../a/b.md"));
        assert!(!is_internal("https://x.org/a.md"));
        assert!(!is_internal("/abs.md"));
        assert!(!is_internal("mailto:a@b"));
        assert!(!is_internal("page.html"));
    }

    #[test]
    fn suggestions_are_relative_to_the_linking_file() {
        assert_eq!(relative_to("s", "s/b.md"), "b.md");
        assert_eq!(relative_to("a/b", "a/c/d"), "../c/d");
        assert_eq!(relative_to("", "x/y.md"), "x/y.md");
        assert_eq!(relative_to("x", "_index.md"), "../_index.md");
    }

    #[test]
    fn related_entries_are_located_in_the_front_matter() {
        let text = "---\ntitle: T\nrelated:\n  - a\n  - ../missing\n---\n";
        assert_eq!(locate_entry(text, "../missing"), (5, 5));
    }
}
