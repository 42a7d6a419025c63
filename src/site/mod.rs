//! Resolving: the loaded documents in (`tree` assembles them into sections, pages and URLs); the
//! `Site` out, with reading order, prev/next, internal link targets and their anchors, `related:`
//! topics and backlinks resolved, and every broken reference reported.

pub mod aliases;
pub mod files;
pub mod ids;
pub mod links;
pub mod lint;
pub mod tags;
pub mod tree;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::config::Config;
use crate::content::Source;
use crate::error::Diagnostic;
use crate::fs::SiteFile;
use crate::history::{CommitDate, LastChanged};
use crate::markdown::Scan;
use crate::memo::Key;
use crate::preprocess::{Body, SiteRoot, fingerprint};
pub use aliases::Alias;
use files::{CopiedFiles, file_url};
pub use ids::{DocRef, Id, PageId, SectionId, Table};
pub use links::{DocLinks, Target};
pub use tags::Tag;
pub use tree::{Content, Page, Section};
use urls::{LinkStyle, relative_url};

/// Sites up to this many pages get a print page; past that one page is no longer printable.
pub const PRINT_MAX_PAGES: usize = 500;

/// The content with every cross-reference resolved.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// Pages in reading order: each section's pages, then its subsections, depth first.
    pub order: Vec<PageId>,
    /// Position of each page in `order`.
    position: Table<PageId, usize>,
    /// Per page: the pages its `related:` names, in the order written.
    pub related: Table<PageId, Vec<PageId>>,
    /// Per page: the sections and pages that link to it, in reading order.
    pub backlinks: Table<PageId, Vec<DocRef>>,
    /// Every tag, sorted by its slug, with its pages in reading order.
    pub tags: Vec<Tag>,
    /// Every document's old URLs, in `docs` order.
    pub aliases: Vec<Alias>,
    /// When each source was last committed (empty outside git or with `git_dates: false`).
    pub updated: Arc<LastChanged>,
    /// Per document: its links to pages and files (as written) and what they resolve to.
    section_links: Table<SectionId, DocLinks>,
    page_links: Table<PageId, DocLinks>,
}

impl Content {
    /// Every document: sections first, then pages.
    pub fn docs(&self) -> impl Iterator<Item = DocRef> + use<> {
        let sections = self.sections.ids().map(DocRef::Section);
        sections.chain(self.pages.ids().map(DocRef::Page))
    }

    pub fn source(&self, doc: DocRef) -> &Source {
        match doc {
            DocRef::Section(id) => &self.sections[id].source,
            DocRef::Page(id) => &self.pages[id].source,
        }
    }

    pub fn body(&self, doc: DocRef) -> &Body {
        match doc {
            DocRef::Section(id) => &self.sections[id].body,
            DocRef::Page(id) => &self.pages[id].body,
        }
    }

    fn source_and_body_mut(&mut self, doc: DocRef) -> (&mut Source, &mut Body) {
        match doc {
            DocRef::Section(id) => {
                let section = &mut self.sections[id];
                (&mut section.source, &mut section.body)
            }
            DocRef::Page(id) => {
                let page = &mut self.pages[id];
                (&mut page.source, &mut page.body)
            }
        }
    }
}

impl Site {
    pub fn source(&self, doc: DocRef) -> &Source {
        self.content.source(doc)
    }

    pub fn body(&self, doc: DocRef) -> &Body {
        self.content.body(doc)
    }

    pub fn title(&self, doc: DocRef) -> &str {
        match doc {
            DocRef::Section(id) => &self.content.sections[id].front.title,
            DocRef::Page(id) => &self.content.pages[id].front.title,
        }
    }

    /// What a document says of itself in one line: a page's summary, a section's description.
    pub fn lead(&self, doc: DocRef) -> &str {
        match doc {
            DocRef::Section(id) => &self.content.sections[id].front.description,
            DocRef::Page(id) => &self.content.pages[id].front.summary,
        }
    }

    pub fn url(&self, doc: DocRef) -> &str {
        match doc {
            DocRef::Section(id) => &self.content.sections[id].url,
            DocRef::Page(id) => &self.content.pages[id].url,
        }
    }

    /// When `doc`'s source was last committed, if it was.
    pub fn updated(&self, doc: DocRef) -> Option<&CommitDate> {
        self.updated.get(&self.source(doc).rel)
    }

    pub fn links(&self, doc: DocRef) -> &DocLinks {
        match doc {
            DocRef::Section(id) => &self.section_links[id],
            DocRef::Page(id) => &self.page_links[id],
        }
    }

    /// The page before and after `page` in reading order.
    pub fn prev_next(&self, page: PageId) -> (Option<PageId>, Option<PageId>) {
        let at = self.position[page];
        let prev = at.checked_sub(1).map(|i| self.order[i]);
        let next = self.order.get(at + 1).copied();
        (prev, next)
    }

    /// Every document: sections first, then pages.
    pub fn docs(&self) -> impl Iterator<Item = DocRef> + use<> {
        self.content.docs()
    }

    /// Whether the site is small enough to print on one page.
    pub fn has_print_page(&self) -> bool {
        self.content.pages.len() <= PRINT_MAX_PAGES
    }

    /// Sections and pages in print order: home, then each section followed by its pages and its
    /// subsections, depth first.
    pub fn print_order(&self) -> Vec<DocRef> {
        let mut order = Vec::with_capacity(self.content.sections.len() + self.content.pages.len());
        let mut stack = vec![SectionId::HOME];
        while let Some(id) = stack.pop() {
            let section = &self.content.sections[id];
            order.push(DocRef::Section(id));
            order.extend(section.pages.iter().map(|&p| DocRef::Page(p)));
            stack.extend(section.sections.iter().rev());
        }
        order
    }

    /// The href a link of `doc` (its destination `dest` as written, at `offset` in its body)
    /// gets in the output, relative to `doc`; `None` for links that leave the site.
    pub fn href(&self, doc: DocRef, dest: &str, offset: usize, style: LinkStyle) -> Option<String> {
        let origin = self.body(doc).origin_index(offset);
        let target = self.links(doc).get(origin, dest)?;
        Some(self.target_href(doc, target, style))
    }

    /// The href of `target` on `doc`'s page.
    pub fn target_href(&self, doc: DocRef, target: &Target, style: LinkStyle) -> String {
        match target {
            Target::Doc {
                doc: to,
                anchor: Some(anchor),
            } if *to == doc => format!("#{anchor}"),
            _ => self.href_from(self.url(doc), target, style),
        }
    }

    /// The href of `target` on the page whose URL is `from`.
    pub fn href_from(&self, from: &str, target: &Target, style: LinkStyle) -> String {
        match target {
            Target::File { path, suffix } => file_url(from, path) + suffix,
            Target::Doc { doc, anchor } => {
                let mut href = relative_url(from, self.url(*doc), style);
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(anchor);
                }
                href
            }
        }
    }

    /// Frees the source and body texts once every document is rendered; they are empty after.
    pub fn release_sources(&mut self) {
        let docs: Vec<DocRef> = self.docs().collect();
        for doc in docs {
            self.release_source(doc);
        }
    }

    /// Frees `doc`'s source and body texts once nothing reads them; they are empty after.
    pub fn release_source(&mut self, doc: DocRef) {
        let (source, body) = self.content.source_and_body_mut(doc);
        source.text = Arc::from("");
        source.body_start = 0;
        body.release();
    }

    /// Puts back `doc`'s source and body, read again after they were set aside.
    pub fn restore_source(&mut self, doc: DocRef, source: Source, body: Body) {
        let (old_source, old_body) = self.content.source_and_body_mut(doc);
        *old_source = source;
        *old_body = body;
    }

    /// One key for `doc`'s source and body texts (kept while they are set aside).
    pub fn fingerprint(&self, doc: DocRef) -> Key {
        let body = self.body(doc);
        body.set_aside_fingerprint()
            .unwrap_or_else(|| fingerprint(self.source(doc), body))
    }
}

/// What a site is resolved against besides its content: where the site folder is (relative
/// paths in included files resolve by name from there) and the site's own `static/` files.
pub struct Surroundings<'a> {
    pub root: &'a SiteRoot,
    pub statics: &'a [SiteFile],
}

/// Resolves `content`; returns the site, or every broken reference found. `scans` holds each
/// document's scan, in `Content::docs` order.
pub fn resolve_site(
    config: Config,
    content: Content,
    scans: &[Arc<Scan>],
    around: &Surroundings<'_>,
) -> Result<Site, Vec<Diagnostic>> {
    let docs: Vec<DocRef> = content.docs().collect();
    let by_rel: BTreeMap<&str, DocRef> = docs
        .iter()
        .map(|&d| (content.source(d).rel.as_str(), d))
        .collect();
    let raw_html = config.markdown.unsafe_html;
    let anchors: BTreeMap<DocRef, BTreeSet<&str>> = docs
        .iter()
        .zip(scans)
        .map(|(d, s)| {
            let headings = s.headings.iter().map(|h| h.id.as_str());
            let html_ids = s.html_ids.iter().filter(|_| raw_html).map(String::as_str);
            (*d, headings.chain(html_ids).collect())
        })
        .collect();
    let files = CopiedFiles::new(&content.assets, around.statics);
    let resolver = links::Resolver {
        by_rel: &by_rel,
        anchors: &anchors,
        files: &files,
        root: around.root,
        raw_html,
    };

    let mut diagnostics = Vec::new();
    let mut section_links = Table::filled(content.sections.len(), DocLinks::default());
    let mut page_links = Table::filled(content.pages.len(), DocLinks::default());
    let mut backlink_sets: Table<PageId, BTreeSet<DocRef>> =
        Table::filled(content.pages.len(), BTreeSet::new());
    for (&doc, scan) in docs.iter().zip(scans) {
        let resolved = resolver.resolve_links(doc, content.body(doc), scan, &mut diagnostics);
        for (_, _, target) in resolved.iter() {
            if let Target::Doc {
                doc: DocRef::Page(p),
                ..
            } = *target
                && DocRef::Page(p) != doc
            {
                backlink_sets[p].insert(doc);
            }
        }
        match doc {
            DocRef::Section(id) => section_links[id] = resolved,
            DocRef::Page(id) => page_links[id] = resolved,
        }
    }
    let related = content
        .pages
        .iter()
        .map(|page| resolver.resolve_related(page, &mut diagnostics))
        .collect();
    let aliases = aliases::resolve_aliases(&content, &mut diagnostics);

    let order = reading_order(&content);
    let mut position = Table::filled(content.pages.len(), 0);
    for (at, &page) in order.iter().enumerate() {
        position[page] = at;
    }
    let doc_position = |d: &DocRef| match *d {
        DocRef::Section(s) => (0, s.index()),
        DocRef::Page(p) => (1, position[p]),
    };
    let backlinks = backlink_sets
        .into_iter()
        .map(|set| {
            let mut v: Vec<DocRef> = set.into_iter().collect();
            v.sort_by_key(doc_position);
            v
        })
        .collect();

    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let tags = tags::collect_tags(&content, &order);
    Ok(Site {
        config,
        content,
        order,
        position,
        related,
        backlinks,
        tags,
        aliases,
        updated: Arc::default(),
        section_links,
        page_links,
    })
}

/// Pages depth first: a section's own pages, then each subsection in order.
fn reading_order(content: &Content) -> Vec<PageId> {
    let mut order = Vec::with_capacity(content.pages.len());
    let mut stack = vec![SectionId::HOME];
    while let Some(s) = stack.pop() {
        let section = &content.sections[s];
        order.extend(&section.pages);
        stack.extend(section.sections.iter().rev());
    }
    order
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::markdown::scan_markdown;

    pub fn site_from(files: &[(&str, &str)]) -> Result<Site, Vec<Diagnostic>> {
        let dir = tree::tests::site_dir(files);
        let content = tree::tests::load(dir.path(), false)?;
        let scans: Vec<Arc<Scan>> = content
            .docs()
            .map(|d| Arc::new(scan_markdown(content.body(d).text())))
            .collect();
        let config: Config = serde_yaml::from_str("title: T").unwrap();
        let root = SiteRoot::new(&dir.path().canonicalize().unwrap());
        let around = Surroundings {
            root: &root,
            statics: &[],
        };
        resolve_site(config, content, &scans, &around)
    }

    #[test]
    fn reading_order_is_depth_first_and_prev_next_cross_sections() {
        let site = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("a/_index.md", "---\ntitle: A\nweight: 1\n---\n"),
            ("a/1.md", "---\ntitle: A1\nweight: 1\n---\n"),
            ("a/2.md", "---\ntitle: A2\nweight: 2\n---\n"),
            ("a/sub/_index.md", "---\ntitle: Sub\n---\n"),
            ("a/sub/s.md", "---\ntitle: S\n---\n"),
            ("b/_index.md", "---\ntitle: B\nweight: 2\n---\n"),
            ("b/1.md", "---\ntitle: B1\n---\n"),
        ])
        .unwrap();
        let titles: Vec<_> = site
            .order
            .iter()
            .map(|&p| site.content.pages[p].front.title.as_str())
            .collect();
        assert_eq!(titles, ["A1", "A2", "S", "B1"]);
        let s = site.order[2];
        let (prev, next) = site.prev_next(s);
        assert_eq!(site.content.pages[prev.unwrap()].front.title, "A2");
        assert_eq!(site.content.pages[next.unwrap()].front.title, "B1");
        assert_eq!(site.prev_next(site.order[0]).0, None);
    }

    #[test]
    fn links_related_and_backlinks_resolve() {
        let site = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\nSee [x](a/x.md).\n"),
            ("a/_index.md", "---\ntitle: A\n---\n"),
            (
                "a/x.md",
                "---\ntitle: X\nrelated: [y, ../b/z]\n---\n## Part one\n",
            ),
            (
                "a/y.md",
                "---\ntitle: Y\n---\n[x part](x.md#part-one) and [z](../b/z.md)\n",
            ),
            ("b/_index.md", "---\ntitle: B\n---\n"),
            ("b/z.md", "---\ntitle: Z\n---\n"),
        ])
        .unwrap();
        let page = |t: &str| {
            site.content
                .pages
                .iter_ids()
                .find(|(_, p)| p.front.title == t)
                .unwrap()
                .0
        };
        let (x, y, z) = (page("X"), page("Y"), page("Z"));
        assert_eq!(site.related[x], [y, z]);
        assert_eq!(site.backlinks[x], [DocRef::HOME, DocRef::Page(y)]);
        assert_eq!(site.backlinks[z], [DocRef::Page(y)]);
        let target = site.page_links[y].get(0, "x.md#part-one").unwrap();
        let part_one = Some("part-one".to_string());
        assert_eq!(
            *target,
            Target::Doc {
                doc: DocRef::Page(x),
                anchor: part_one
            }
        );
    }
}
