//! What one process (`quire serve`) keeps between builds, owned by the pipeline: loaded sources,
//! included files, Markdown scans and renders (with their search text as the index takes it),
//! print renders and laid-out pages, each under a key of everything that shapes it; the
//! highlighter, built once; the git dates; and the last build whole (for an edit that changes one
//! page's body only). A build that succeeds drops what it did not use. No stage knows this exists.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use super::built::LastBuild;
use super::dates::DatesMemo;
use super::includes::IncludeCache;
use super::source_cache::SourceCache;
use crate::markdown::{Highlighter, Rendered, Scan};
use crate::memo::{Key, KeyBuilder, Memo, lock};
use crate::outputs::search_files::indexed_body;
use crate::search::IndexedBody;
use crate::site::urls::LinkStyle;
use crate::site::{DocRef, Id, Site, Target};
use crate::templates::Templates;
use crate::templates::views::Assets;
use crate::write::{Packed, PackedFile};

/// Everything a build can reuse from the builds before it.
#[derive(Default)]
pub struct BuildCache {
    /// Sources with parsed front matter (or the error), by path.
    pub sources: SourceCache,
    /// Files read by includes, by path.
    pub includes: IncludeCache,
    /// Headings and links of a Markdown body, by body.
    pub scans: Memo<Arc<Scan>>,
    /// Rendered Markdown, its HTML packed, by body, resolved links and options.
    pub markdown: Memo<KeptRender>,
    /// Bodies rendered for the print page, by body, print links, id prefix and options.
    pub print: Memo<Arc<str>>,
    /// Finished pages, packed, by template and everything the template sees.
    pub pages: Memo<Arc<Packed>>,
    /// Each document's other files (its Markdown copy), packed, by what they are made from.
    pub doc_files: Memo<Arc<[PackedFile]>>,
    /// Syntaxes and themes: loaded by the first build, shared by every later one.
    pub highlighter: OnceLock<Arc<Highlighter>>,
    /// Last-changed dates from git, walked again only when the repository's `HEAD` moves.
    pub dates: DatesMemo,
    /// The paths changed since the last pages' pass that succeeded, as the watcher reported them.
    changed: Mutex<Vec<PathBuf>>,
    /// The last build that succeeded, whole, until the next build starts.
    pub(super) last: Mutex<Option<LastBuild>>,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildCache")
            .field("sources", &self.sources.len())
            .field("pages", &self.pages.len())
            .finish()
    }
}

impl BuildCache {
    /// Forgets the sources and included files at or under the changed paths (relative to the
    /// site folder as the watcher reports them, or absolute outside it).
    pub fn forget(&self, changed: &[PathBuf]) {
        self.sources.forget(changed);
        self.includes.forget(changed);
        let mut pending = lock(&self.changed);
        for path in changed {
            if !pending.contains(path) {
                pending.push(path.clone());
            }
        }
    }

    /// The one path changed since the last build that succeeded, if exactly one did.
    pub(super) fn single_change(&self) -> Option<PathBuf> {
        match &lock(&self.changed)[..] {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// Notes that the edit since the last build is built.
    pub(super) fn finish_edit(&self) {
        lock(&self.changed).clear();
    }

    /// The last build that succeeded, taken out: a build after it starts from it or without it.
    pub(super) fn take_last(&self) -> Option<LastBuild> {
        lock(&self.last).take()
    }

    /// Keeps `last` for the next build.
    pub(super) fn keep_last(&self, last: LastBuild) {
        *lock(&self.last) = Some(last);
    }

    /// Forgets what the pages' pass that just succeeded did not use, so the cache holds one site.
    pub fn finish_build(&self) {
        lock(&self.changed).clear();
        self.sources.finish_build();
        self.includes.finish_build();
        self.scans.finish_build();
        self.markdown.finish_build();
        self.print.finish_build();
        self.pages.finish_build();
        self.doc_files.finish_build();
    }
}

/// A body's render as kept between builds: its HTML, read again only when its page is laid out
/// again, packed; its search text as the index takes it; the rest (table of contents, warnings)
/// as it is.
#[derive(Clone)]
pub struct KeptRender {
    /// The render without its HTML and search text.
    pub rendered: Arc<Rendered>,
    pub html: Arc<Packed>,
    pub search: Arc<IndexedBody>,
}

impl KeptRender {
    /// Keeps `rendered`; its HTML is returned as well as packed, for the page laid out now.
    pub fn new(mut rendered: Rendered) -> (KeptRender, String) {
        let html = std::mem::take(&mut rendered.html);
        let search = indexed_body(std::mem::take(&mut rendered.text));
        let kept = KeptRender {
            rendered: Arc::new(rendered),
            html: Arc::new(Packed::new(html.as_bytes())),
            search: Arc::new(search),
        };
        (kept, html)
    }

    /// The HTML as rendered.
    pub fn html(&self) -> String {
        let bytes = self.html.unpack().into_owned();
        String::from_utf8(bytes)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
    }
}

/// A key of everything a page's layout reads besides its own rendered body: the templates, the
/// configuration, the theme's asset names, the link style, and every document's place, URL,
/// front matter, last-changed date and resolved links (from which the sidebar, cards, backlinks and prev/next are
/// made). Computed once per build: a page whose body and this key are unchanged is not laid out
/// again, and its view is never built to find that out.
pub fn layout_key(
    site: &Site,
    templates: &Templates,
    assets: &Assets,
    style: LinkStyle,
    review: bool,
) -> Key {
    let mut key = KeyBuilder::default();
    for (name, text) in templates.sources() {
        key.part(name).part(text);
    }
    key.part(json(&site.config))
        .part(json(assets))
        .part([style as u8, u8::from(review)]);
    for section in site.content.sections.iter() {
        key.part(&section.source.rel)
            .part(&section.url)
            .part(json(&section.front))
            .part(ids(&section.pages))
            .part(ids(&section.sections));
    }
    for page in site.content.pages.iter() {
        key.part(&page.source.rel)
            .part(&page.url)
            .part(json(&page.front))
            .part(page.section.index().to_le_bytes());
    }
    for doc in site.docs() {
        key.part(doc_bytes(doc))
            .part(site.updated(doc).map_or("", |date| date.iso()));
        for (origin, dest, target) in site.links(doc).iter() {
            key.part(origin.to_le_bytes()).part(dest);
            match target {
                Target::Doc { doc, anchor } => {
                    key.part(doc_bytes(*doc))
                        .part(anchor.as_deref().unwrap_or(""));
                }
                Target::File { path, suffix } => {
                    key.part(path).part(suffix);
                }
            }
        }
    }
    key.key()
}

/// A document as bytes for a key.
pub fn doc_bytes(doc: DocRef) -> [u8; 9] {
    let (kind, index) = match doc {
        DocRef::Section(s) => (0, s.index()),
        DocRef::Page(p) => (1, p.index()),
    };
    let mut bytes = [kind; 9];
    bytes[1..].copy_from_slice(&(index as u64).to_le_bytes());
    bytes
}

fn ids<I: Id>(list: &[I]) -> Vec<u8> {
    list.iter()
        .flat_map(|id| (id.index() as u64).to_le_bytes())
        .collect()
}

/// JSON bytes of a value, for keys (serialising these types cannot fail: their maps have
/// string keys).
fn json<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}
