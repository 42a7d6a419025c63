//! The views of the tag pages: `tags/` (every tag with its count) and `tags/<slug>/` (the pages
//! that carry one tag), laid out like section pages.

use std::borrow::Cow;

use serde::Serialize;

use super::{Globals, Link, ViewBuilder};
use crate::site::tags::TAGS_URL;
use crate::site::urls::relative_url;
use crate::site::{DocRef, Tag};

/// `tags.html`: every tag of the site.
#[derive(Serialize)]
pub struct TagsContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    tags: Vec<TagCard<'a>>,
}

/// One tag in the list of all tags.
#[derive(Serialize)]
pub struct TagCard<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    /// How many pages carry it.
    count: usize,
}

/// `tag.html`: the pages that carry one tag.
#[derive(Serialize)]
pub struct TagContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    tag: TagView<'a>,
}

#[derive(Serialize)]
pub struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    /// The list of all tags, relative to this page.
    all_url: String,
    pages: Vec<TaggedPage<'a>>,
}

/// A page on a tag's page: its card and its section.
#[derive(Serialize)]
pub struct TaggedPage<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    summary: &'a str,
    section: Link<'a>,
}

impl<'a> ViewBuilder<'a> {
    /// The page listing every tag, at `tags/`.
    pub fn tags_index(&self) -> TagsContext<'a> {
        let site = self.site;
        let mut globals = self.globals_at(TAGS_URL, None, "tags", "");
        globals.page_title = format!("Tags · {}", site.config.title);
        globals.description = Cow::Owned(format!("Every tag of {}.", site.config.title));
        globals.breadcrumbs = vec![self.home_crumb(TAGS_URL), here("Tags")];
        TagsContext {
            globals,
            tags: site
                .tags
                .iter()
                .map(|tag| TagCard {
                    name: &tag.name,
                    slug: &tag.slug,
                    url: relative_url(TAGS_URL, &tag.url(), self.style),
                    count: tag.pages.len(),
                })
                .collect(),
        }
    }

    /// The page of one tag, at `tags/<slug>/`.
    pub fn tag(&self, tag: &'a Tag) -> TagContext<'a> {
        let site = self.site;
        let from = tag.url();
        let mut globals = self.globals_at(&from, None, "tag", "");
        globals.page_title = format!("Tagged “{}” · {}", tag.name, site.config.title);
        globals.description = Cow::Owned(format!(
            "{} tagged “{}”.",
            match tag.pages.len() {
                1 => "One page".to_string(),
                n => format!("{n} pages"),
            },
            tag.name
        ));
        globals.og_type = "article";
        globals.breadcrumbs = vec![
            self.home_crumb(&from),
            Link {
                title: "Tags",
                url: relative_url(&from, TAGS_URL, self.style),
            },
            here(&tag.name),
        ];
        let pages = tag
            .pages
            .iter()
            .map(|&id| {
                let page = &site.content.pages[id];
                let section = DocRef::Section(page.section);
                TaggedPage {
                    key: page.key(),
                    title: &page.front.title,
                    url: relative_url(&from, &page.url, self.style),
                    summary: &page.front.summary,
                    section: Link {
                        title: site.title(section),
                        url: relative_url(&from, site.url(section), self.style),
                    },
                }
            })
            .collect();
        TagContext {
            globals,
            tag: TagView {
                name: &tag.name,
                slug: &tag.slug,
                all_url: relative_url(&from, TAGS_URL, self.style),
                pages,
            },
        }
    }

    /// The breadcrumb of the home page, from `from`.
    fn home_crumb(&self, from: &str) -> Link<'a> {
        Link {
            title: self.site.title(DocRef::HOME),
            url: relative_url(from, "", self.style),
        }
    }
}

/// The last breadcrumb: the page itself.
fn here(title: &str) -> Link<'_> {
    Link {
        title,
        url: String::new(),
    }
}
