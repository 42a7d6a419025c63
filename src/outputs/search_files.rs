//! The search index files under `search/`: every document's title, section and search text in;
//! the sharded index (`crate::search`) out, its entry file under the name the pages load.

use rayon::prelude::*;

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::markdown::TextSection;
use crate::search::{DocPart, IndexBuilder, IndexedBody, PageHead, Scope};
use crate::site::{DocRef, SectionId, Site};
use crate::write::OutputFile;

/// The entry's name when it cannot change with the content (`quire serve`, whose server never
/// lets a browser keep a file): unchanged pages then stay byte-identical between rebuilds.
pub const FIXED_ENTRY: &str = "search/index.js";

pub struct SearchFiles;

impl Output for SearchFiles {
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        vec![
            Claim::generated(ctx.views.assets.search_index.clone()),
            Claim::Reserved {
                folder: "search/",
                matches: is_index_file_name,
                what: "search index files",
            },
        ]
    }

    fn after_pages(&self) -> bool {
        true
    }

    fn make(&self, ctx: &OutputContext<'_>, done: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let index = match done.search_index.take() {
            Some(index) => index,
            None => {
                let site = ctx.site;
                let index = site_index(site);
                let docs: Vec<DocRef> = site.docs().collect();
                let files: Vec<OutputFile> = docs
                    .par_iter()
                    .zip(&done.pages)
                    .enumerate()
                    .filter_map(|(n, (&doc, page))| Some((n, doc, page.search.as_deref()?)))
                    .flat_map_iter(|(n, doc, body)| index_doc(&index, site, n, doc, body))
                    .collect();
                for file in files {
                    done.write(file)?;
                }
                index
            }
        };
        // Shards and chunks are written as they are made; at 100,000 pages they are ~400 MB.
        let mut written = Ok(());
        let (_, entry) = index
            .finish(&mut |path, bytes| {
                if written.is_ok() {
                    written = done.write(index_file(path, bytes));
                }
            })
            .expect("the pages' pass adds every document once, numbered as in Site::docs");
        written?;
        Ok(vec![index_file(
            ctx.views.assets.search_index.clone(),
            entry,
        )])
    }
}

/// One of the index's files as an output file.
fn index_file(path: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path,
        bytes: bytes.into(),
    }
}

/// The entry's name in a build: `search/index.<hash>.js`, the hash of everything the index is
/// made from, known before any page is rendered so pages can name it before it exists.
pub fn entry_name(site: &Site) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for doc in site.docs() {
        hasher.update(site.url(doc).as_bytes());
        hasher.update(site.title(doc).as_bytes());
        hasher.update(&site.fingerprint(doc));
    }
    format!("search/index.{}.js", &hasher.finalize().to_hex()[..8])
}

/// Whether a file name under `search/` is one the index could write: `index.js`, or
/// `<stem>.<8 hex digits>.js`.
fn is_index_file_name(name: &str) -> bool {
    if name == "index.js" {
        return true;
    }
    let mut parts = name.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(stem), Some(hash), Some("js"), None) => {
            !stem.is_empty()
                && stem.bytes().all(|b| b.is_ascii_alphanumeric())
                && hash.len() == 8
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        _ => false,
    }
}

/// A search index for every document of `site`, in `Site::docs` order.
pub fn site_index(site: &Site) -> IndexBuilder {
    let sections = site.docs().map(|doc| section_name(site, doc).to_string());
    IndexBuilder::new(site.docs().count(), sections, scopes(site))
}

/// Adds document `doc`, the `n`th of `Site::docs`, to `index` with its body; returns the index
/// files that are whole once it is in, to be written now.
pub fn index_doc(
    index: &IndexBuilder,
    site: &Site,
    n: usize,
    doc: DocRef,
    body: &IndexedBody,
) -> Vec<OutputFile> {
    let files = index.add(n, page_head(site, doc), body);
    let file = |(path, bytes)| index_file(path, bytes);
    files.into_iter().map(file).collect()
}

/// The section a document is listed under in search results: a page's section, a section's
/// parent; "" for the home page.
fn section_name(site: &Site, doc: DocRef) -> &str {
    match doc {
        DocRef::Page(p) => site.title(DocRef::Section(site.content.pages[p].section)),
        DocRef::Section(s) => site.content.sections[s]
            .parent
            .map_or("", |p| site.title(DocRef::Section(p))),
    }
}

/// How the index files `doc`: its URL, title, section and scope.
fn page_head(site: &Site, doc: DocRef) -> PageHead<'_> {
    PageHead {
        url: site.url(doc),
        title: site.title(doc),
        section: section_name(site, doc),
        scope: scope(site, doc),
    }
}

/// What the search index needs of a rendered body: its search text, which moves in.
pub fn indexed_body(text: Vec<TextSection>) -> IndexedBody {
    let parts: Vec<DocPart> = text
        .into_iter()
        .map(|t| DocPart {
            anchor: t.anchor,
            heading: t.heading,
            text: t.text,
            code: t.code,
        })
        .collect();
    IndexedBody::new(&parts)
}

/// The key of the top-level section `doc` is in; "" for the home page and its own pages.
pub fn scope(site: &Site, doc: DocRef) -> &str {
    let sections = &site.content.sections;
    let mut section = match doc {
        DocRef::Section(s) => s,
        DocRef::Page(p) => site.content.pages[p].section,
    };
    while let Some(parent) = sections[section].parent.filter(|p| *p != SectionId::HOME) {
        section = parent;
    }
    sections[section].url.trim_end_matches('/')
}

/// The top-level sections, in the sidebar's order: what the search box's filter lists (with
/// two or more; search.js fills it from the index's entry, so no page repeats the list).
fn scopes(site: &Site) -> Vec<Scope> {
    let sections = &site.content.sections;
    let home = site.content.home();
    home.sections
        .iter()
        .map(|&s| Scope {
            key: sections[s].url.trim_end_matches('/').to_string(),
            title: sections[s].front.title.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_file_names_are_recognised() {
        for name in [
            "index.js",
            "t0.0123abcd.js",
            "d12.ffffffff.js",
            "index.abcdef01.js",
        ] {
            assert!(is_index_file_name(name), "{name}");
        }
        for name in [
            "readme.txt",
            "t0.js",
            "t0.0123abcz.js",
            "my.search.js",
            "a.b.0123abcd.js",
        ] {
            assert!(!is_index_file_name(name), "{name}");
        }
    }
}
