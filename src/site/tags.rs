//! Tags: every page's `tags:` in; the site's tags out, each with its URL segment (the tag
//! slugified, so tags that slugify alike are one tag) and its pages in reading order.

use std::collections::BTreeMap;

use super::ids::PageId;
use super::tree::Content;
use crate::content::slug::slugify;

/// The folder, under the site root, of the tag pages (`tags/` lists them all).
pub const TAGS_URL: &str = "tags/";

/// One tag and the pages that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The URL segment: the tag slugified.
    pub slug: String,
    /// The tag as first written, in reading order.
    pub name: String,
    /// The pages that carry it, in reading order.
    pub pages: Vec<PageId>,
}

impl Tag {
    /// Site-root-relative URL of the tag's page, e.g. `tags/memory/`.
    pub fn url(&self) -> String {
        tag_url(&self.slug)
    }
}

/// The URL of the tag page of `slug`.
pub fn tag_url(slug: &str) -> String {
    format!("{TAGS_URL}{slug}/")
}

/// The slug a tag as written is filed under.
pub fn tag_slug(name: &str) -> String {
    slugify(name)
}

/// Every tag of the site, sorted by slug. `order` is the reading order of the pages.
pub fn collect_tags(content: &Content, order: &[PageId]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for &page in order {
        for name in &content.pages[page].front.tags {
            let slug = tag_slug(name);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                slug,
                name: name.clone(),
                pages: Vec::new(),
            });
            // A page that names one tag twice (or two spellings of it) is listed once.
            if tag.pages.last() != Some(&page) {
                tag.pages.push(page);
            }
        }
    }
    tags.into_values().collect()
}

#[cfg(test)]
mod tests {
    use crate::site::tests::site_from;

    #[test]
    fn tags_merge_by_slug_and_list_pages_in_reading_order() {
        let site = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("a/_index.md", "---\ntitle: A\n---\n"),
            (
                "a/1.md",
                "---\ntitle: One\nweight: 1\ntags: [GC, memory]\n---\n",
            ),
            (
                "a/2.md",
                "---\ntitle: Two\nweight: 2\ntags: [gc, Gc]\n---\n",
            ),
            ("b.md", "---\ntitle: Bee\ntags: [Memory Model]\n---\n"),
        ])
        .unwrap();
        let shown: Vec<(&str, &str, Vec<&str>)> = site
            .tags
            .iter()
            .map(|t| {
                let pages = t
                    .pages
                    .iter()
                    .map(|&p| site.content.pages[p].front.title.as_str());
                (t.slug.as_str(), t.name.as_str(), pages.collect())
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("gc", "GC", vec!["One", "Two"]),
                ("memory", "memory", vec!["One"]),
                ("memory-model", "Memory Model", vec!["Bee"]),
            ]
        );
    }
}
