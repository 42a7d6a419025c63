//! The section tree: loaded files in; sections nested under the home page, every page and
//! section given its URL, ordered by (weight, title, path), with no two claiming one URL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ids::{PageId, SectionId, Table};
use crate::content::front_matter::{PageFront, SectionFront};
use crate::content::slug::slugify;
use crate::content::{CONTENT_DIR, LoadedFile, SECTION_FILE, Source};
use crate::error::Diagnostic;
use crate::fs::SiteFile;
use crate::preprocess::Body;
use crate::yaml::find_key;

/// How deep sections may nest below the home page; the sidebar renders the tree recursively,
/// and past this a reader could not find their way anyway.
pub const MAX_SECTION_DEPTH: usize = 16;

/// A folder with an `_index.md`; [`SectionId::HOME`] is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    pub source: Source,
    pub body: Body,
    pub front: SectionFront,
    /// Site-root-relative URL: "" for home, "internals/" for a section.
    pub url: String,
    pub parent: Option<SectionId>,
    /// Pages directly in this section, in order.
    pub pages: Vec<PageId>,
    /// Subsections, in order.
    pub sections: Vec<SectionId>,
}

/// A topic page.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub body: Body,
    pub front: PageFront,
    pub section: SectionId,
    /// Site-root-relative URL, e.g. "internals/gil/".
    pub url: String,
}

impl Page {
    /// The page's stable identity in templates and the browser: its URL without the slash.
    pub fn key(&self) -> &str {
        self.url.trim_end_matches('/')
    }
}

/// Every section and page, in a tree under the home page.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub sections: Table<SectionId, Section>,
    pub pages: Table<PageId, Page>,
    /// Other files under `content/` (images, downloads), copied as they are to their `rel` path.
    pub assets: Vec<SiteFile>,
}

impl Content {
    pub fn home(&self) -> &Section {
        &self.sections[SectionId::HOME]
    }
}

/// A loaded Markdown file with its preprocessed body.
pub type LoadedDoc = (LoadedFile, Body);

/// Links sections into a tree, gives every page and section its URL, orders them and checks that
/// no two sources share a URL; every problem is reported.
pub fn build_content(
    content_dir: &Path,
    docs: Vec<LoadedDoc>,
    assets: Vec<SiteFile>,
    include_drafts: bool,
) -> Result<Content, Vec<Diagnostic>> {
    let mut section_sources = BTreeMap::new();
    let mut page_sources = Vec::new();
    for (file, body) in docs {
        match file {
            LoadedFile::Section(source, front) => {
                let dir = parent_dir(&source.rel).to_string();
                section_sources.insert(dir, (source, body, front));
            }
            LoadedFile::Page(source, front) => page_sources.push((source, body, front)),
        }
    }
    let mut diagnostics = Vec::new();
    let content = assemble(
        content_dir,
        section_sources,
        page_sources,
        assets,
        include_drafts,
        &mut diagnostics,
    );
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok(content)
    }
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

type SectionsByDir = BTreeMap<String, (Source, Body, SectionFront)>;

fn assemble(
    content_dir: &Path,
    section_sources: SectionsByDir,
    page_sources: Vec<(Source, Body, PageFront)>,
    assets: Vec<SiteFile>,
    include_drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Content {
    let mut content = Content {
        assets,
        ..Content::default()
    };
    let mut section_of_dir: BTreeMap<String, SectionId> = BTreeMap::new();
    let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut too_deep: Vec<String> = Vec::new();
    match section_sources.get("") {
        None => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the home page `{CONTENT_DIR}/{SECTION_FILE}` is missing"
                ))
                .in_file(content_dir)
                .with_hint("create it with front matter `title: …` and an introduction"),
            );
            return content;
        }
        Some((source, _, front)) if front.draft && !include_drafts => {
            let (line, column) = find_key(&source.text, "draft");
            diagnostics.push(
                Diagnostic::error("the home page is marked `draft: true`")
                    .at_line(&source.path, &source.text, line, column)
                    .with_hint("a site cannot be built without its home page: remove `draft: true`, or build with --drafts"),
            );
            return content;
        }
        Some(_) => {}
    }
    // BTreeMap order puts every folder after its parent folder.
    for (dir, (source, body, front)) in section_sources {
        let parent = if dir.is_empty() {
            None
        } else {
            match nearest_section(&section_of_dir, parent_dir(&dir)) {
                Some(parent) => Some(parent),
                None => continue, // under a draft section that was left out
            }
        };
        if front.draft && !include_drafts {
            continue;
        }
        let depth = parent.map_or(0, |p| section_depth(&content.sections, p) + 1);
        if depth > MAX_SECTION_DEPTH {
            if too_deep.iter().any(|d| dir.starts_with(&format!("{d}/"))) {
                continue; // reported at the outermost one
            }
            too_deep.push(dir.clone());
            diagnostics.push(
                Diagnostic::error(format!(
                    "sections nest {depth} levels deep; at most {MAX_SECTION_DEPTH} are supported"
                ))
                .in_file(&source.path)
                .with_hint("move this section up, or make some of its parents plain folders"),
            );
            continue;
        }
        let url = match parent {
            None => String::new(),
            Some(p) => {
                let name = dir.rsplit('/').next().unwrap_or(&dir);
                let segment = front.slug.clone().unwrap_or_else(|| slugify(name));
                format!(
                    "{}{}{segment}/",
                    content.sections[p].url,
                    folders_between(&content.sections[p].source.rel, &dir)
                )
            }
        };
        claim_url(&mut owners, &url, &source.path, diagnostics);
        let id = content.sections.push(Section {
            source,
            body,
            front,
            url,
            parent,
            pages: Vec::new(),
            sections: Vec::new(),
        });
        if let Some(p) = parent {
            content.sections[p].sections.push(id);
        }
        section_of_dir.insert(dir, id);
    }
    for (source, body, front) in page_sources {
        if front.draft && !include_drafts {
            continue;
        }
        let dir = parent_dir(&source.rel);
        let Some(section) = nearest_section(&section_of_dir, dir) else {
            continue; // inside a draft section
        };
        let stem = source
            .rel
            .rsplit('/')
            .next()
            .unwrap_or(&source.rel)
            .trim_end_matches(".md");
        let segment = front.slug.clone().unwrap_or_else(|| slugify(stem));
        let section_url = &content.sections[section].url;
        let between = folders_between(&content.sections[section].source.rel, &source.rel);
        let url = format!("{section_url}{between}{segment}/");
        claim_url(&mut owners, &url, &source.path, diagnostics);
        let id = content.pages.push(Page {
            source,
            body,
            front,
            section,
            url,
        });
        content.sections[section].pages.push(id);
    }
    order_content(&mut content);
    content
}

/// How many sections lie above `section` (0 for the home page).
fn section_depth(sections: &Table<SectionId, Section>, mut section: SectionId) -> usize {
    let mut depth = 0;
    while let Some(parent) = sections[section].parent {
        depth += 1;
        section = parent;
    }
    depth
}

/// URL segments for folders (without `_index.md`) between a section's folder and a file inside it.
fn folders_between(section_rel: &str, file_rel: &str) -> String {
    let section_dir = parent_dir(section_rel);
    let file_dir = if file_rel.ends_with("/_index.md") {
        parent_dir(parent_dir(file_rel))
    } else {
        parent_dir(file_rel)
    };
    let inner = file_dir
        .strip_prefix(section_dir)
        .unwrap_or("")
        .trim_start_matches('/');
    inner
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("{}/", slugify(s)))
        .collect()
}

fn nearest_section(
    section_of_dir: &BTreeMap<String, SectionId>,
    mut dir: &str,
) -> Option<SectionId> {
    loop {
        if let Some(&id) = section_of_dir.get(dir) {
            return Some(id);
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent_dir(dir);
    }
}

fn claim_url(
    owners: &mut BTreeMap<String, PathBuf>,
    url: &str,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(first) = owners.get(url) {
        diagnostics.push(
            Diagnostic::error(format!(
                "two sources map to the same URL `/{url}`: {} and {}",
                first.display(),
                path.display()
            ))
            .in_file(path)
            .with_hint("rename one of the files or give one a different `slug:`"),
        );
    } else {
        owners.insert(url.to_string(), path.to_path_buf());
    }
}

/// Sorts pages and subsections by (weight, title, path): weightless items come last.
fn order_content(content: &mut Content) {
    let Content {
        sections, pages, ..
    } = content;
    let page_key = |&id: &PageId| {
        let p: &Page = &pages[id];
        (
            p.front.weight.unwrap_or(i64::MAX),
            p.front.title.clone(),
            p.source.rel.clone(),
        )
    };
    for section in sections.iter_mut() {
        section.pages.sort_by_cached_key(page_key);
    }
    let keys: Table<SectionId, _> = sections
        .iter()
        .map(|s| {
            (
                s.front.weight.unwrap_or(i64::MAX),
                s.front.title.clone(),
                s.source.rel.clone(),
            )
        })
        .collect();
    for section in sections.iter_mut() {
        section.sections.sort_by_key(|&id| keys[id].clone());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::{discover_files, load_file};
    use crate::fs::SiteFs;
    use crate::preprocess::Body;

    /// A site folder holding `files` under `content/`.
    pub(crate) fn site_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(CONTENT_DIR).join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// Loads and assembles the content of `dir` as a build does.
    pub(crate) fn load(dir: &Path, drafts: bool) -> Result<Content, Vec<Diagnostic>> {
        let fs = SiteFs::open(dir).unwrap();
        let found = discover_files(&fs);
        let mut errors = found.problems;
        let mut docs = Vec::new();
        for file in &found.markdown {
            match load_file(&fs, file) {
                Ok(loaded) => {
                    let body = Body::plain(loaded.source());
                    docs.push((loaded, body));
                }
                Err(d) => errors.push(d),
            }
        }
        let built = build_content(&fs.path(CONTENT_DIR), docs, found.assets, drafts);
        match built {
            Ok(content) if errors.is_empty() => Ok(content),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    #[test]
    fn sections_nest_and_pages_order_by_weight_then_title() {
        let dir = site_dir(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("b/_index.md", "---\ntitle: B\nweight: 1\n---\n"),
            ("b/z.md", "---\ntitle: Zed\nweight: 1\n---\n"),
            ("b/a.md", "---\ntitle: Alpha\nweight: 2\n---\n"),
            ("b/m.md", "---\ntitle: Mid\n---\n"),
            ("b/c/_index.md", "---\ntitle: C\n---\n"),
            ("b/c/d.md", "---\ntitle: D\nslug: dee\n---\n"),
            ("a/_index.md", "---\ntitle: A\nweight: 2\n---\n"),
        ]);
        let c = load(dir.path(), false).unwrap();
        let home = c.home();
        let titles: Vec<_> = home
            .sections
            .iter()
            .map(|&i| c.sections[i].front.title.as_str())
            .collect();
        assert_eq!(titles, ["B", "A"]);
        let b = &c.sections[home.sections[0]];
        let pages: Vec<_> = b.pages.iter().map(|&i| c.pages[i].url.as_str()).collect();
        assert_eq!(pages, ["b/z/", "b/a/", "b/m/"]);
        let sub = &c.sections[b.sections[0]];
        assert_eq!(sub.url, "b/c/");
        assert_eq!(c.pages[sub.pages[0]].url, "b/c/dee/");
    }

    #[test]
    fn every_error_is_reported_with_duplicates_named() {
        let dir = site_dir(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("x.md", "---\ntitle: X\n---\n"),
            ("y.md", "---\ntitle: Y\nslug: x\n---\n"),
            ("bad.md", "---\ntitel: Bad\n---\n"),
            ("evil.md", "---\ntitle: E\nslug: ../../etc\n---\n"),
        ]);
        let errors = load(dir.path(), false).unwrap_err();
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("two sources map to the same URL `/x/`"))
        );
        assert!(messages.contains(&"unknown key `titel`"));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("invalid slug `../../etc`"))
        );
        assert_eq!(errors.len(), 3, "{messages:?}");
    }

    #[test]
    fn drafts_are_left_out_unless_asked_for() {
        let dir = site_dir(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("d.md", "---\ntitle: D\ndraft: true\n---\n"),
        ]);
        assert_eq!(load(dir.path(), false).unwrap().pages.len(), 0);
        assert_eq!(load(dir.path(), true).unwrap().pages.len(), 1);
    }

    #[test]
    fn a_draft_home_page_is_an_error_not_a_missing_section() {
        let dir = site_dir(&[("_index.md", "---\ntitle: Home\ndraft: true\n---\n")]);
        let errors = load(dir.path(), false).unwrap_err();
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!(
            (errors[0].message.as_str(), loc.line),
            ("the home page is marked `draft: true`", 3)
        );
        assert_eq!(load(dir.path(), true).unwrap().sections.len(), 1);
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let dir = site_dir(&[("_index.md", "---\ntitle: Home\n---\n")]);
        std::fs::write(
            dir.path().join(CONTENT_DIR).join("bad.md"),
            b"---\ntitle: ok\n---\nab\xffc\n",
        )
        .unwrap();
        let errors = load(dir.path(), false).unwrap_err();
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!(
            (errors[0].message.as_str(), loc.line, loc.column),
            ("file is not valid UTF-8", 4, 3)
        );
    }
}
