//! Loading: walks `content/` (sorted) into sections and pages with typed front matter and URLs.

pub mod front_matter;
pub mod slug;
mod source_cache;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::{self, Key};
use crate::error::Diagnostic;
use front_matter::{
    PageFront, SectionFront, parse_page_front, parse_section_front, split_front_matter,
};
use slug::{check_slug, slugify};
pub use source_cache::SourceCache;

/// The folder under the site root that holds the Markdown sources.
pub const CONTENT_DIR: &str = "content";
/// The file that makes a folder a section (and `content/` the home page).
pub const SECTION_FILE: &str = "_index.md";
/// How deep sections may nest below the home page; the sidebar renders the tree recursively,
/// and past this a reader could not find their way anyway.
pub const MAX_SECTION_DEPTH: usize = 16;

/// A Markdown source file as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as shown to the user in diagnostics.
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators (e.g. `internals/gil.md`).
    pub rel: String,
    /// The file's text, BOM removed; shared, as serve's cache keeps it between builds.
    pub text: Arc<str>,
    /// Byte offset where the body starts, after the front matter.
    pub body_start: usize,
    /// A hash of the body: what caches know it by.
    pub body_key: Key,
}

impl Source {
    pub fn new(path: PathBuf, rel: String, text: String, body_start: usize) -> Source {
        let body_key = cache::key_of(&text[body_start..]);
        Source {
            path,
            rel,
            text: text.into(),
            body_start,
            body_key,
        }
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// A folder with an `_index.md`; index 0 of `Content::sections` is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    pub source: Source,
    pub front: SectionFront,
    /// Site-root-relative URL: "" for home, "internals/" for a section.
    pub url: String,
    pub parent: Option<usize>,
    /// Pages directly in this section, in order.
    pub pages: Vec<usize>,
    /// Subsections, in order.
    pub sections: Vec<usize>,
}

/// A topic page.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub front: PageFront,
    pub section: usize,
    /// Site-root-relative URL, e.g. "internals/gil/".
    pub url: String,
}

impl Page {
    /// The page's stable identity in templates and the browser: its URL without the slash.
    pub fn key(&self) -> &str {
        self.url.trim_end_matches('/')
    }
}

/// Everything under `content/`, loaded and ordered.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    /// Other files under `content/` (images, downloads), copied as they are: (source, rel path).
    pub assets: Vec<(PathBuf, String)>,
}

/// One Markdown file, read and its front matter parsed.
#[derive(Debug, Clone)]
pub enum LoadedFile {
    Section(Source, SectionFront),
    Page(Source, PageFront),
}

/// Walks `site_dir/content` and loads every section and page; all problems are reported together.
/// With a `cache`, files unchanged since an earlier build are not read again.
pub fn load_content(
    site_dir: &Path,
    include_drafts: bool,
    cache: Option<&SourceCache>,
) -> Result<Content, Vec<Diagnostic>> {
    let root = site_dir.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    let (markdown, assets) = discover_files(site_dir, &root, &mut diagnostics);
    let loaded: Vec<Result<LoadedFile, Diagnostic>> = markdown
        .par_iter()
        .map(|found| match cache {
            // A link's target can change without an event for the link: read those each time.
            Some(cache) if !found.linked => cache.get_or_load(&found.path, &found.rel, || {
                load_file(&found.path, &found.rel)
            }),
            _ => load_file(&found.path, &found.rel),
        })
        .collect();
    let mut sections = BTreeMap::new();
    let mut pages = Vec::new();
    for item in loaded {
        match item {
            Ok(LoadedFile::Section(source, front)) => {
                let dir = parent_dir(&source.rel).to_string();
                sections.insert(dir, (source, front));
            }
            Ok(LoadedFile::Page(source, front)) => pages.push((source, front)),
            Err(d) => diagnostics.push(d),
        }
    }
    let content = assemble(
        &root,
        sections,
        pages,
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

/// Files found under `content/`: (path to read, `/`-separated path relative to `content/`).
type FileList = Vec<(PathBuf, String)>;

/// A Markdown file found under `content/`.
struct Found {
    path: PathBuf,
    /// `/`-separated path relative to `content/`.
    rel: String,
    /// Reached through a symlink.
    linked: bool,
}

/// Lists Markdown files and other files under `root`, sorted, skipping hidden entries and
/// refusing symlinks that lead outside the site.
fn discover_files(
    site_dir: &Path,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Found>, FileList) {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let site_real = site_dir
        .canonicalize()
        .unwrap_or_else(|_| site_dir.to_path_buf());
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                diagnostics.push(
                    Diagnostic::error(format!("cannot read this entry: {err}")).in_file(&path),
                );
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&site_real) && target.is_file() => {}
                Ok(target) if target.starts_with(&site_real) => continue,
                _ => {
                    diagnostics.push(
                        Diagnostic::error("symlink points outside the site (or nowhere)")
                            .in_file(path)
                            .with_hint("copy the file into the site instead of linking to it"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.ends_with(".md") {
            markdown.push(Found {
                path: display_path(path),
                rel,
                linked: entry.path_is_symlink(),
            });
        } else {
            assets.push((path.to_path_buf(), rel));
        }
    }
    (markdown, assets)
}

/// Drops a leading `./` so diagnostics read `content/a.md`.
fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

/// Reads one file, splits off its front matter and parses it.
fn load_file(path: &Path, rel: &str) -> Result<LoadedFile, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(path))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let lossy_offset = String::from_utf8_lossy(&e.as_bytes()[..valid]).len();
            return Err(Diagnostic::error("file is not valid UTF-8")
                .at_offset(path, &lossy, lossy_offset)
                .with_hint("save the file as UTF-8"));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let split = split_front_matter(path, &text)?;
    let body_start = split.body_start;
    let is_section = rel == SECTION_FILE || rel.ends_with("/_index.md");
    let loaded = if is_section {
        let front = parse_section_front(path, &text, &split)?;
        check_front_slug(path, &text, front.slug.as_deref())?;
        LoadedFile::Section(source(path, rel, text, body_start), front)
    } else {
        let front = parse_page_front(path, &text, &split)?;
        check_front_slug(path, &text, front.slug.as_deref())?;
        LoadedFile::Page(source(path, rel, text, body_start), front)
    };
    Ok(loaded)
}

fn source(path: &Path, rel: &str, text: String, body_start: usize) -> Source {
    Source::new(path.to_path_buf(), rel.to_string(), text, body_start)
}

fn check_front_slug(path: &Path, text: &str, slug: Option<&str>) -> Result<(), Diagnostic> {
    let Some(slug) = slug else { return Ok(()) };
    check_slug(slug).map_err(|reason| {
        let (line, column) = find_key(text, "slug");
        Diagnostic::error(format!("invalid slug `{slug}`: {reason}"))
            .at_line(path, text, line, column)
            .with_hint("use a single word like `my-page`")
    })
}

/// The 1-based line and column of a top-level front matter `key:`, or (1, 1).
pub fn find_key(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or((1, 1), |i| (i + 1, 1))
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

type SourcesByDir = BTreeMap<String, (Source, SectionFront)>;

/// Links sections into a tree, gives every page and section its URL, orders them and checks that
/// no two sources share a URL.
fn assemble(
    root: &Path,
    section_sources: SourcesByDir,
    page_sources: Vec<(Source, PageFront)>,
    assets: Vec<(PathBuf, String)>,
    include_drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Content {
    let mut content = Content {
        assets,
        ..Content::default()
    };
    let mut section_of_dir: BTreeMap<String, usize> = BTreeMap::new();
    let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut too_deep: Vec<String> = Vec::new();
    let home_exists = section_sources.contains_key("");
    if !home_exists {
        diagnostics.push(
            Diagnostic::error("the home page `content/_index.md` is missing")
                .in_file(&display_path(root))
                .with_hint("create it with front matter `title: …` and an introduction"),
        );
        return content;
    }
    // BTreeMap order puts every folder after its parent folder.
    for (dir, (source, front)) in section_sources {
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
        let index = content.sections.len();
        if let Some(p) = parent {
            content.sections[p].sections.push(index);
        }
        section_of_dir.insert(dir, index);
        content.sections.push(Section {
            source,
            front,
            url,
            parent,
            pages: Vec::new(),
            sections: Vec::new(),
        });
    }
    for (source, front) in page_sources {
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
        let index = content.pages.len();
        content.sections[section].pages.push(index);
        content.pages.push(Page {
            source,
            front,
            section,
            url,
        });
    }
    order_content(&mut content);
    content
}

/// How many sections lie above `section` (0 for the home page).
fn section_depth(sections: &[Section], mut section: usize) -> usize {
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

fn nearest_section(section_of_dir: &BTreeMap<String, usize>, mut dir: &str) -> Option<usize> {
    loop {
        if let Some(&index) = section_of_dir.get(dir) {
            return Some(index);
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
    let page_key = |&i: &usize| {
        let p: &Page = &pages[i];
        (
            p.front.weight.unwrap_or(i64::MAX),
            p.front.title.clone(),
            p.source.rel.clone(),
        )
    };
    for section in sections.iter_mut() {
        section.pages.sort_by_cached_key(page_key);
    }
    let keys: Vec<_> = sections
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
        section.sections.sort_by_key(|&i| keys[i].clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(CONTENT_DIR).join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn sections_nest_and_pages_order_by_weight_then_title() {
        let dir = site(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("b/_index.md", "---\ntitle: B\nweight: 1\n---\n"),
            ("b/z.md", "---\ntitle: Zed\nweight: 1\n---\n"),
            ("b/a.md", "---\ntitle: Alpha\nweight: 2\n---\n"),
            ("b/m.md", "---\ntitle: Mid\n---\n"),
            ("b/c/_index.md", "---\ntitle: C\n---\n"),
            ("b/c/d.md", "---\ntitle: D\nslug: dee\n---\n"),
            ("a/_index.md", "---\ntitle: A\nweight: 2\n---\n"),
        ]);
        let c = load_content(dir.path(), false, None).unwrap();
        let home = &c.sections[0];
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
        let dir = site(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("x.md", "---\ntitle: X\n---\n"),
            ("y.md", "---\ntitle: Y\nslug: x\n---\n"),
            ("bad.md", "---\ntitel: Bad\n---\n"),
            ("evil.md", "---\ntitle: E\nslug: ../../etc\n---\n"),
        ]);
        let errors = load_content(dir.path(), false, None).unwrap_err();
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
        let dir = site(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("d.md", "---\ntitle: D\ndraft: true\n---\n"),
        ]);
        assert_eq!(
            load_content(dir.path(), false, None).unwrap().pages.len(),
            0
        );
        assert_eq!(load_content(dir.path(), true, None).unwrap().pages.len(), 1);
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join(CONTENT_DIR);
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("_index.md"), "---\ntitle: Home\n---\n").unwrap();
        std::fs::write(content.join("bad.md"), b"---\ntitle: ok\n---\nab\xffc\n").unwrap();
        let errors = load_content(dir.path(), false, None).unwrap_err();
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!(
            (errors[0].message.as_str(), loc.line, loc.column),
            ("file is not valid UTF-8", 4, 3)
        );
    }
}
