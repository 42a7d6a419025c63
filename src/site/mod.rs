//! Resolving: ties loaded content together — reading order, prev/next, internal link targets and
//! their anchors, `related:` topics and backlinks — and reports every broken reference.

pub mod links;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::Memo;
use crate::config::Config;
use crate::content::{Content, Source};
use crate::error::Diagnostic;
use crate::markdown::{Scan, scan_markdown};
pub use links::Target;

/// A section or a page: anything a link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocRef {
    Section(usize),
    Page(usize),
}

/// The content with every cross-reference resolved.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// Pages in reading order: each section's pages, then its subsections, depth first.
    pub order: Vec<usize>,
    /// Position of each page in `order`.
    pub position: Vec<usize>,
    /// Per page: the pages its `related:` names, in the order written.
    pub related: Vec<Vec<usize>>,
    /// Per page: the sections and pages that link to it, in reading order.
    pub backlinks: Vec<Vec<DocRef>>,
    /// Per section, then per page: internal link destinations (as written) and what they resolve to.
    pub section_links: Vec<BTreeMap<String, Target>>,
    pub page_links: Vec<BTreeMap<String, Target>>,
}

impl Site {
    pub fn source(&self, doc: DocRef) -> &Source {
        match doc {
            DocRef::Section(i) => &self.content.sections[i].source,
            DocRef::Page(i) => &self.content.pages[i].source,
        }
    }

    pub fn title(&self, doc: DocRef) -> &str {
        match doc {
            DocRef::Section(i) => &self.content.sections[i].front.title,
            DocRef::Page(i) => &self.content.pages[i].front.title,
        }
    }

    pub fn url(&self, doc: DocRef) -> &str {
        match doc {
            DocRef::Section(i) => &self.content.sections[i].url,
            DocRef::Page(i) => &self.content.pages[i].url,
        }
    }

    pub fn links(&self, doc: DocRef) -> &BTreeMap<String, Target> {
        match doc {
            DocRef::Section(i) => &self.section_links[i],
            DocRef::Page(i) => &self.page_links[i],
        }
    }

    /// The page before and after `page` in reading order.
    pub fn prev_next(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let at = self.position[page];
        let prev = at.checked_sub(1).map(|i| self.order[i]);
        let next = self.order.get(at + 1).copied();
        (prev, next)
    }

    /// Frees the source texts once every document is rendered; `source().text` is empty after.
    pub fn release_sources(&mut self) {
        let sources = self.content.sections.iter_mut().map(|s| &mut s.source);
        for source in sources.chain(self.content.pages.iter_mut().map(|p| &mut p.source)) {
            source.text = Arc::from("");
            source.body_start = 0;
        }
    }

    /// Every document: sections first, then pages.
    pub fn docs(&self) -> impl Iterator<Item = DocRef> + '_ {
        (0..self.content.sections.len())
            .map(DocRef::Section)
            .chain((0..self.content.pages.len()).map(DocRef::Page))
    }
}

/// Resolves `content`; returns the site, or every broken reference found. With a `memo`, a body
/// unchanged since an earlier build is not scanned again.
pub fn resolve_site(
    config: Config,
    content: Content,
    memo: Option<&Memo<Arc<Scan>>>,
) -> Result<Site, Vec<Diagnostic>> {
    let docs: Vec<DocRef> = (0..content.sections.len())
        .map(DocRef::Section)
        .chain((0..content.pages.len()).map(DocRef::Page))
        .collect();
    let source_of = |doc: &DocRef| match *doc {
        DocRef::Section(i) => &content.sections[i].source,
        DocRef::Page(i) => &content.pages[i].source,
    };
    let scans: Vec<Arc<Scan>> = docs
        .par_iter()
        .map(|d| {
            let source = source_of(d);
            let scan = || Arc::new(scan_markdown(source.body()));
            match memo {
                Some(memo) => memo.get_or_make(source.body_key, scan),
                None => scan(),
            }
        })
        .collect();
    let by_rel: BTreeMap<&str, DocRef> = docs
        .iter()
        .map(|d| (source_of(d).rel.as_str(), *d))
        .collect();
    let anchors: BTreeMap<DocRef, BTreeSet<&str>> = docs
        .iter()
        .zip(&scans)
        .map(|(d, s)| (*d, s.headings.iter().map(|h| h.id.as_str()).collect()))
        .collect();
    let resolver = links::Resolver {
        by_rel: &by_rel,
        anchors: &anchors,
    };

    let mut diagnostics = Vec::new();
    let mut section_links = vec![BTreeMap::new(); content.sections.len()];
    let mut page_links = vec![BTreeMap::new(); content.pages.len()];
    let mut backlink_sets: Vec<BTreeSet<DocRef>> = vec![BTreeSet::new(); content.pages.len()];
    for (doc, scan) in docs.iter().zip(&scans) {
        let source = source_of(doc);
        let resolved = resolver.resolve_links(*doc, source, scan, &mut diagnostics);
        for target in resolved.values() {
            if let DocRef::Page(p) = target.doc {
                if target.doc != *doc {
                    backlink_sets[p].insert(*doc);
                }
            }
        }
        match *doc {
            DocRef::Section(i) => section_links[i] = resolved,
            DocRef::Page(i) => page_links[i] = resolved,
        }
    }
    let related = content
        .pages
        .iter()
        .map(|page| resolver.resolve_related(page, &mut diagnostics))
        .collect();

    let order = reading_order(&content);
    let mut position = vec![0; content.pages.len()];
    for (at, &page) in order.iter().enumerate() {
        position[page] = at;
    }
    let doc_position = |d: &DocRef| match *d {
        DocRef::Section(s) => (0, s),
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
    Ok(Site {
        config,
        content,
        order,
        position,
        related,
        backlinks,
        section_links,
        page_links,
    })
}

/// Pages depth first: a section's own pages, then each subsection in order.
fn reading_order(content: &Content) -> Vec<usize> {
    let mut order = Vec::with_capacity(content.pages.len());
    let mut stack = vec![0usize];
    while let Some(s) = stack.pop() {
        let section = &content.sections[s];
        order.extend(&section.pages);
        stack.extend(section.sections.iter().rev());
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_content;

    pub fn site_from(files: &[(&str, &str)]) -> Result<Site, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let content = load_content(dir.path(), false, None)?;
        let config: Config = serde_yaml::from_str("title: T").unwrap();
        resolve_site(config, content, None)
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
                .iter()
                .position(|p| p.front.title == t)
                .unwrap()
        };
        let (x, y, z) = (page("X"), page("Y"), page("Z"));
        assert_eq!(site.related[x], [y, z]);
        assert_eq!(site.backlinks[x], [DocRef::Section(0), DocRef::Page(y)]);
        assert_eq!(site.backlinks[z], [DocRef::Page(y)]);
        let target = &site.page_links[y]["x.md#part-one"];
        assert_eq!(
            (target.doc, target.anchor.as_deref()),
            (DocRef::Page(x), Some("part-one"))
        );
    }
}
