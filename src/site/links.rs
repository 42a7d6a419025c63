//! Link resolution: each document's links (Markdown and raw HTML) and its `related:` entries in;
//! the documents, heading anchors and copied files they name out, with every broken one
//! reported where it is written. A link resolves against the folder of the file it is written
//! in — an included file's links against the included file's folder.

use std::collections::{BTreeMap, BTreeSet};

use super::files::CopiedFiles;
use super::ids::{DocRef, PageId};
use super::tree::Page;
use crate::error::{Diagnostic, did_you_mean};
use crate::markdown::{LinkRef, Scan};
use crate::preprocess::paths::parent_dir;
use crate::preprocess::{Body, SiteRoot};
use crate::yaml::find_entry;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page or section, maybe at an anchor.
    Doc { doc: DocRef, anchor: Option<String> },
    /// A copied file: its path in the output, and the `?query#fragment` written after it.
    File { path: String, suffix: String },
}

/// A document's links, resolved: by the file they are written in ([`Body::origin_index`]: the
/// document, then each file it includes), then by destination as written.
#[derive(Debug, Clone, Default)]
pub struct DocLinks(Vec<BTreeMap<String, Target>>);

impl DocLinks {
    /// What the link `dest`, written in the document's file number `origin`, points at.
    pub fn get(&self, origin: usize, dest: &str) -> Option<&Target> {
        self.0.get(origin)?.get(dest)
    }

    /// Every link: (origin, destination as written, target).
    pub fn iter(&self) -> impl Iterator<Item = (usize, &str, &Target)> {
        let by_origin = self.0.iter().enumerate();
        by_origin.flat_map(|(origin, links)| {
            links
                .iter()
                .map(move |(dest, target)| (origin, dest.as_str(), target))
        })
    }

    fn insert(&mut self, origin: usize, dest: &str, target: Target) {
        if self.0.len() <= origin {
            self.0.resize_with(origin + 1, BTreeMap::new);
        }
        self.0[origin].insert(dest.to_string(), target);
    }
}

/// Lookup tables for resolving references between documents.
pub struct Resolver<'a> {
    /// Source path relative to `content/` (e.g. `internals/gil.md`) to document.
    pub by_rel: &'a BTreeMap<&'a str, DocRef>,
    /// The ids links can point at in every document: its headings' and its raw HTML's.
    pub anchors: &'a BTreeMap<DocRef, BTreeSet<&'a str>>,
    /// The files the output holds besides the pages.
    pub files: &'a CopiedFiles<'a>,
    /// The site folder, to resolve relative paths against.
    pub root: &'a SiteRoot,
    /// Whether raw HTML is kept (then its references are links too).
    pub raw_html: bool,
}

/// A link destination, taken apart.
enum Dest<'d> {
    /// Another site, `mailto:`, `data:`…: left alone.
    External,
    /// `#anchor` (or nothing): this document.
    Here(&'d str),
    /// A path, percent-decoded, with what followed it (`?query`, `#fragment`).
    Local {
        path: String,
        anchor: &'d str,
        suffix: &'d str,
    },
}

impl Resolver<'_> {
    /// Resolves every link of one document, reporting the broken ones.
    pub fn resolve_links(
        &self,
        doc: DocRef,
        body: &Body,
        scan: &Scan,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> DocLinks {
        let mut resolved = DocLinks::default();
        let html_links = if self.raw_html {
            &scan.html_links[..]
        } else {
            &[]
        };
        for link in scan.links.iter().chain(html_links) {
            let origin = body.origin_index(link.offset);
            let located = |d: Diagnostic| body.locate(d, link.offset);
            match self.resolve(doc, body.origin(origin), link) {
                Ok(Some(target)) => resolved.insert(origin, &link.dest, target),
                Ok(None) => {}
                Err(problem) => diagnostics.push(located(problem)),
            }
        }
        resolved
    }

    /// What `link`, written in the file at `origin` (relative to the site folder), points at;
    /// `None` for links that leave the site.
    fn resolve(
        &self,
        doc: DocRef,
        origin: &str,
        link: &LinkRef,
    ) -> Result<Option<Target>, Diagnostic> {
        let (target_doc, anchor) = match take_apart(&link.dest) {
            Dest::External => return Ok(None),
            Dest::Here(anchor) => (doc, anchor),
            Dest::Local {
                path,
                anchor,
                suffix,
            } => match self.local(origin, &path)? {
                Local::Doc(target) => (target, anchor),
                Local::File(path) => {
                    let suffix = suffix.to_string();
                    return Ok(Some(Target::File { path, suffix }));
                }
            },
        };
        if !anchor.is_empty() {
            let ids = &self.anchors[&target_doc];
            if !ids.contains(anchor) {
                return Err(broken_anchor(anchor, &link.dest, ids));
            }
        }
        let anchor = (!anchor.is_empty()).then(|| anchor.to_string());
        Ok(Some(Target::Doc {
            doc: target_doc,
            anchor,
        }))
    }

    /// The page or copied file a local path written in `origin` names.
    fn local(&self, origin: &str, path: &str) -> Result<Local, Diagnostic> {
        if let Some(output) = path.strip_prefix('/') {
            if self.files.has_output(output) {
                return Ok(Local::File(output.to_string()));
            }
            return Err(Diagnostic::error(format!(
                "broken link: `{path}` names no file in static/ or content/"
            ))
            .with_hint(match did_you_mean(output, self.all_outputs()) {
                Some(close) => format!("did you mean `/{close}`?"),
                None => "a path that starts with `/` names a file under static/ (or content/), from the top of the site".into(),
            }));
        }
        let dir = parent_dir(origin);
        let Some(rel) = self.root.join(dir, path) else {
            return Err(outside(path));
        };
        let in_content = rel.strip_prefix("content/");
        if path.ends_with(".md") {
            let Some(page) = in_content else {
                return Err(outside(path));
            };
            return match self.by_rel.get(page) {
                Some(&doc) => Ok(Local::Doc(doc)),
                None => Err(self.not_a_page(dir, path, page)),
            };
        }
        // A book written for mdBook links `chapter.html` for `chapter.md`.
        let mdbook_page = in_content
            .and_then(|page| page.strip_suffix(".html"))
            .and_then(|stem| self.by_rel.get(format!("{stem}.md").as_str()));
        if let Some(&doc) = mdbook_page {
            return Ok(Local::Doc(doc));
        }
        if let Some(output) = self.files.output_of(&rel) {
            return Ok(Local::File(output.to_string()));
        }
        // A folder with an `_index.md` is its section.
        let section = match in_content {
            Some(folder) => format!("{}/_index.md", folder.trim_end_matches('/')),
            None if rel == "content" => "_index.md".into(),
            None => String::new(),
        };
        if let Some(&doc) = self.by_rel.get(section.as_str()) {
            return Ok(Local::Doc(doc));
        }
        Err(self.missing_file(dir, path, &rel))
    }

    fn not_a_page(&self, dir: &str, path: &str, rel: &str) -> Diagnostic {
        let content_dir = dir.strip_prefix("content").unwrap_or(dir);
        let content_dir = content_dir.trim_start_matches('/');
        let hint = match did_you_mean(rel, self.by_rel.keys().copied()) {
            Some(close) => format!("did you mean `{}`?", relative_to(content_dir, close)),
            None => "link to an existing `.md` file, relative to this file".into(),
        };
        Diagnostic::error(format!(
            "broken link: `{path}` is not a page (looked for content/{rel})"
        ))
        .with_hint(hint)
    }

    fn missing_file(&self, dir: &str, path: &str, rel: &str) -> Diagnostic {
        let copied = rel.starts_with("content/") || rel.starts_with("static/");
        let hint = if let Some(close) = self.close_file(rel) {
            format!("did you mean `{}`?", relative_to(dir, &close))
        } else if copied {
            "put the file there, or fix the path (it is relative to the file the link is written in)".into()
        } else {
            "only files under content/ and static/ are copied to the output: move it beside the page, or into static/".into()
        };
        let message = if copied {
            format!("broken link: `{path}` names no file (looked for {rel})")
        } else {
            format!(
                "broken link: `{path}` is outside content/ and static/, so the site does not have it"
            )
        };
        Diagnostic::error(message).with_hint(hint)
    }

    /// A copied file whose path is close to `rel` (site-relative): one in the same folder with a
    /// name like it, else one of the same name elsewhere.
    fn close_file(&self, rel: &str) -> Option<String> {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let files: Vec<String> = self.files.site_paths().collect();
        let siblings = files
            .iter()
            .filter_map(|f| f.strip_prefix(folder)?.strip_prefix('/'))
            .filter(|n| !n.contains('/'));
        if let Some(close) = did_you_mean(name, siblings) {
            return Some(format!("{folder}/{close}"));
        }
        let same_name = files.iter().find(|f| f.rsplit('/').next() == Some(name));
        same_name.cloned()
    }

    /// The output paths of every copied file.
    fn all_outputs(&self) -> impl Iterator<Item = &str> {
        self.files
            .content
            .iter()
            .chain(&self.files.statics)
            .copied()
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
                    let (line, column) = find_entry(&page.source.text, "related", entry);
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

/// What a local path names.
enum Local {
    Doc(DocRef),
    /// The output path of a copied file.
    File(String),
}

fn outside(path: &str) -> Diagnostic {
    Diagnostic::error(format!("broken link: `{path}` points outside content/"))
        .with_hint("remove some `../`")
}

fn broken_anchor(anchor: &str, dest: &str, ids: &BTreeSet<&str>) -> Diagnostic {
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
    Diagnostic::error(format!("broken anchor: no heading `#{anchor}` in `{dest}`")).with_hint(hint)
}

/// A destination taken apart: external, an anchor here, or a local path.
fn take_apart(dest: &str) -> Dest<'_> {
    let has_scheme = dest
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    if has_scheme || dest.starts_with("//") {
        return Dest::External;
    }
    let path_end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(path_end);
    if path.is_empty() {
        return match suffix.strip_prefix('#') {
            Some(anchor) => Dest::Here(anchor),
            None if suffix.is_empty() => Dest::Here(""),
            // `?tab=2` alone: the same page with a query, nothing to check.
            None => Dest::External,
        };
    }
    let anchor = suffix.split_once('#').map_or("", |(_, anchor)| anchor);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    Dest::Local {
        path: path.into_owned(),
        anchor,
        suffix,
    }
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

/// `path` as a link written in a file in folder `dir` would name it (both relative to the same
/// folder).
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
    fn destinations_are_taken_apart() {
        let local = |dest| match take_apart(dest) {
            Dest::Local {
                path,
                anchor,
                suffix,
            } => Some((path, anchor.to_string(), suffix.to_string())),
            _ => None,
        };
        for external in [
            "https://x.org/a.md",
            "mailto:a@b",
            "data:image/png;base64,AA",
            "//cdn.org/x.js",
            "?tab=2",
        ] {
            assert!(matches!(take_apart(external), Dest::External), "{external}");
        }
        assert!(matches!(take_apart("#top"), Dest::Here("top")));
        assert_eq!(
            local("gil.md#intro"),
            Some(("gil.md".into(), "intro".into(), "#intro".into()))
        );
        assert_eq!(
            local("../img/my%20pic.png?v=2#x"),
            Some(("../img/my pic.png".into(), "x".into(), "?v=2#x".into()))
        );
        assert_eq!(
            local("/img/a.png"),
            Some(("/img/a.png".into(), String::new(), String::new()))
        );
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
        assert_eq!(find_entry(text, "related", "../missing"), (5, 5));
    }
}
