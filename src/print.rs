//! The printable site: every section and topic in reading order on one page (`print.html`), with
//! links between topics turned into in-page anchors.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::build::rewrite_link;
use crate::site::{DocRef, Site};

/// One section or topic on the print page.
#[derive(Debug, Serialize)]
pub struct PrintDoc {
    /// Element id of the document on the print page.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// "section" or "page".
    pub kind: &'static str,
    pub content_html: String,
}

/// Documents in print order (home, then each section followed by its pages, depth first), with
/// their rendered HTML rewritten for one page: ids prefixed per document, cross-links as anchors.
/// `offline` must match the build the HTML was rendered for, so its links can be recognised.
pub fn print_docs(
    site: &Site,
    offline: bool,
    rendered_html: &dyn Fn(DocRef) -> String,
) -> Vec<PrintDoc> {
    let mut order = Vec::new();
    let mut stack = vec![0usize];
    while let Some(s) = stack.pop() {
        let section = &site.content.sections[s];
        order.push(DocRef::Section(s));
        order.extend(section.pages.iter().map(|&p| DocRef::Page(p)));
        stack.extend(section.sections.iter().rev());
    }
    // `a/b/` and `a-b/` flatten to one id: later ones get a suffix so ids stay unique.
    let mut ids: BTreeMap<DocRef, String> = BTreeMap::new();
    let mut used = BTreeSet::new();
    for &doc in &order {
        let base = doc_id(site.url(doc));
        let mut id = base.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        ids.insert(doc, id);
    }
    order
        .iter()
        .map(|&doc| print_doc(site, doc, &ids, offline, rendered_html))
        .collect()
}

fn print_doc(
    site: &Site,
    doc: DocRef,
    ids: &BTreeMap<DocRef, String>,
    offline: bool,
    rendered_html: &dyn Fn(DocRef) -> String,
) -> PrintDoc {
    let prefix = ids
        .get(&doc)
        .cloned()
        .unwrap_or_else(|| doc_id(site.url(doc)));
    let mut html = rendered_html(doc)
        .replace(" id=\"", &format!(" id=\"{prefix}--"))
        .replace("href=\"#", &format!("href=\"#{prefix}--"));
    for (dest, target) in site.links(doc) {
        if target.doc == doc {
            continue; // same-page anchors were prefixed above
        }
        let Some(href) = rewrite_link(site, doc, dest, offline) else {
            continue;
        };
        let Some(target_id) = ids.get(&target.doc) else {
            continue;
        };
        let anchor = match &target.anchor {
            Some(anchor) => format!("#{target_id}--{anchor}"),
            None => format!("#{target_id}"),
        };
        html = html.replace(&format!("href=\"{href}\""), &format!("href=\"{anchor}\""));
    }
    let (title, summary, kind) = match doc {
        DocRef::Section(s) => {
            let front = &site.content.sections[s].front;
            (front.title.clone(), front.description.clone(), "section")
        }
        DocRef::Page(p) => {
            let front = &site.content.pages[p].front;
            (front.title.clone(), front.summary.clone(), "page")
        }
    };
    PrintDoc {
        id: prefix,
        title,
        summary,
        kind,
        content_html: html,
    }
}

/// The element id of a document on the print page: its URL with `/` as `-`, "home" for the root.
pub fn doc_id(url: &str) -> String {
    let key = url.trim_end_matches('/').replace('/', "-");
    if key.is_empty() {
        "home".into()
    } else {
        format!("doc-{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_are_flat_and_unique_per_url() {
        assert_eq!(doc_id(""), "home");
        assert_eq!(doc_id("internals/gil/"), "doc-internals-gil");
        assert_eq!(doc_id("internals/"), "doc-internals");
    }
}
