//! Template views: the resolved site in; the serializable structs each template sees out (one
//! context per kind of page, and what every page shares). Kept apart from the domain types so
//! templates and domain can change independently; what every page shares is made in `globals`,
//! the sidebar and breadcrumbs in `nav`.

mod globals;
mod nav;
mod site_pages;
mod tags;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::markdown::{TocEntry, Uses};
use crate::site::tags::{tag_slug, tag_url};
use crate::site::urls::{LinkStyle, relative_url};
use crate::site::{DocRef, Page, PageId, SectionId, Site};
use nav::NavSection;
pub use site_pages::{Inline, PrintDoc, ReviewQuestion};
pub use tags::{TagContext, TagsContext};

/// Sites up to this many pages list every page in every page's sidebar.
pub const FULL_SIDEBAR_MAX_PAGES: usize = 300;
/// On larger sites, how many topics a section's card lists (its own page lists them all).
const CARD_TOPICS: usize = 12;

/// Content-hashed asset paths, relative to the site root.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub search_js: String,
    pub review_js: String,
    pub search_index: String,
    pub favicon: String,
    /// The script of code tabs; `""` when no page has them.
    pub tabs_js: String,
    /// Mermaid and the script that draws diagrams with it; `""` when no page has a diagram.
    pub diagrams_js: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    repo_url: &'a str,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// What every template sees.
#[derive(Serialize)]
pub struct Globals<'a> {
    site: SiteView<'a>,
    root: String,
    offline: bool,
    home_url: String,
    assets: &'a Assets,
    page_title: String,
    description: Cow<'a, str>,
    canonical: String,
    /// What link previews show: `website` for the home page, `article` for the rest.
    og_type: &'static str,
    /// The site's preview image as an absolute URL (empty without one, or without `base_url`).
    image: String,
    /// The page's Markdown beside it (`index.html.md`), for documents; empty for other pages.
    markdown: &'static str,
    /// When the document's source was last committed (git), if it was.
    updated: Option<Updated<'a>>,
    /// The list of all tags, relative to this page; empty when the site has no tags.
    tags_url: String,
    /// The top-level sections, which the search box can narrow its results to.
    search_scopes: Vec<SearchScope<'a>>,
    nav: Vec<NavSection<'a>>,
    breadcrumbs: Vec<Link<'a>>,
    kind: &'static str,
    /// What the page's body needs loaded (code tabs, diagrams).
    uses: Uses,
    /// The page's own styles, scripts and icon, when it must work as a lone file.
    inline: Option<Inline>,
    /// The review page, relative to this page; empty when the site has no review questions.
    review_url: String,
    /// The print page, relative to this page; empty when the site is too large to print.
    print_url: String,
}

/// A last-changed date: the full date and time, and the day shown.
#[derive(Serialize)]
pub struct Updated<'a> {
    datetime: &'a str,
    date: &'a str,
}

/// A section the search box can narrow results to: its key (as the search index knows it) and
/// title.
#[derive(Serialize)]
pub struct SearchScope<'a> {
    key: &'a str,
    title: &'a str,
}

/// A tag of a page, linking to the tag's page.
#[derive(Serialize)]
pub struct TagLink<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
pub struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
pub struct Card<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    summary: &'a str,
}

#[derive(Serialize)]
pub struct SectionCard<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    description: &'a str,
    pages: Vec<Card<'a>>,
    /// How many pages the section has, and how many of them `pages` leaves out.
    count: usize,
    more: usize,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    key: &'a str,
    title: &'a str,
    summary: &'a str,
    tags: Vec<TagLink<'a>>,
    content_html: &'a str,
    toc: &'a [TocEntry],
    edit_url: String,
    section: Link<'a>,
    related: Vec<Card<'a>>,
    backlinks: Vec<Link<'a>>,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    key: &'a str,
    title: &'a str,
    description: &'a str,
    content_html: &'a str,
    pages: Vec<Card<'a>>,
    sections: Vec<SectionCard<'a>>,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    title: &'a str,
    content_html: &'a str,
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    page: PageView<'a>,
}

#[derive(Serialize)]
pub struct SectionContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    section: SectionView<'a>,
}

#[derive(Serialize)]
pub struct HomeContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    home: HomeView<'a>,
    sections: Vec<SectionCard<'a>>,
}

/// The context of one document's page, and the template that lays it out.
#[derive(Serialize)]
#[serde(untagged)]
pub enum DocContext<'a> {
    Home(HomeContext<'a>),
    Section(SectionContext<'a>),
    Page(PageContext<'a>),
}

impl DocContext<'_> {
    /// Says what the page's body needs loaded.
    pub fn set_uses(&mut self, uses: Uses) {
        let globals = match self {
            DocContext::Home(c) => &mut c.globals,
            DocContext::Section(c) => &mut c.globals,
            DocContext::Page(c) => &mut c.globals,
        };
        globals.uses = uses;
    }

    pub fn template(&self) -> &'static str {
        match self {
            DocContext::Home(_) => "index.html",
            DocContext::Section(_) => "section.html",
            DocContext::Page(_) => "page.html",
        }
    }
}

/// Characters a file name keeps in a URL path segment: everything else (spaces, `#`, `?`, `%`,
/// non-ASCII) is percent-encoded.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// "Edit this page": `{repo_url}/content/{file}`, each segment of the file's path percent-encoded.
fn edit_url(repo_url: &str, rel: &str) -> String {
    let mut url = format!("{repo_url}/content");
    for segment in rel.split('/') {
        url.push('/');
        url.extend(percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT));
    }
    url
}

/// Builds the views of one build.
pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    pub style: LinkStyle,
    /// Whether the site has a review page (`outputs::review`).
    pub review: bool,
}

impl<'a> ViewBuilder<'a> {
    /// The context of any document around its rendered body (`toc` is used by pages only).
    pub fn doc(&self, doc: DocRef, toc: &'a [TocEntry], content_html: &'a str) -> DocContext<'a> {
        match doc {
            DocRef::Section(s) if s.is_home() => DocContext::Home(self.home(content_html)),
            DocRef::Section(s) => DocContext::Section(self.section(s, content_html)),
            DocRef::Page(p) => DocContext::Page(self.page(p, toc, content_html)),
        }
    }

    pub fn page(&self, id: PageId, toc: &'a [TocEntry], content_html: &'a str) -> PageContext<'a> {
        let site = self.site;
        let page = &site.content.pages[id];
        let from = page.url.as_str();
        let link = |doc: DocRef| Link {
            title: site.title(doc),
            url: relative_url(from, site.url(doc), self.style),
        };
        let (prev, next) = site.prev_next(id);
        let edit_url = if site.config.repo_url.is_empty() {
            String::new()
        } else {
            edit_url(&site.config.repo_url, &page.source.rel)
        };
        PageContext {
            globals: self.globals(DocRef::Page(id), "page", &page.front.summary),
            page: PageView {
                key: page.key(),
                title: &page.front.title,
                summary: &page.front.summary,
                tags: page
                    .front
                    .tags
                    .iter()
                    .map(|name| TagLink {
                        name,
                        url: relative_url(from, &tag_url(&tag_slug(name)), self.style),
                    })
                    .collect(),
                content_html,
                toc,
                edit_url,
                section: link(DocRef::Section(page.section)),
                related: site.related[id]
                    .iter()
                    .map(|&p| self.card(from, p))
                    .collect(),
                backlinks: site.backlinks[id].iter().map(|&d| link(d)).collect(),
                prev: prev.map(|p| link(DocRef::Page(p))),
                next: next.map(|p| link(DocRef::Page(p))),
            },
        }
    }

    pub fn section(&self, id: SectionId, content_html: &'a str) -> SectionContext<'a> {
        let section = &self.site.content.sections[id];
        SectionContext {
            globals: self.globals(DocRef::Section(id), "section", &section.front.description),
            section: SectionView {
                key: section.url.trim_end_matches('/'),
                title: &section.front.title,
                description: &section.front.description,
                content_html,
                pages: section
                    .pages
                    .iter()
                    .map(|&p| self.card(&section.url, p))
                    .collect(),
                sections: section
                    .sections
                    .iter()
                    .map(|&s| self.section_card(&section.url, s))
                    .collect(),
            },
        }
    }

    pub fn home(&self, content_html: &'a str) -> HomeContext<'a> {
        let home = self.site.content.home();
        HomeContext {
            globals: self.globals(DocRef::HOME, "home", &home.front.description),
            home: HomeView {
                title: &home.front.title,
                content_html,
            },
            sections: home
                .sections
                .iter()
                .map(|&s| self.section_card("", s))
                .collect(),
        }
    }

    fn card(&self, from: &str, page: PageId) -> Card<'a> {
        let p: &'a Page = &self.site.content.pages[page];
        Card {
            key: p.key(),
            title: &p.front.title,
            url: relative_url(from, &p.url, self.style),
            summary: &p.front.summary,
        }
    }

    fn section_card(&self, from: &str, id: SectionId) -> SectionCard<'a> {
        let section = &self.site.content.sections[id];
        let shown = if self.site.content.pages.len() <= FULL_SIDEBAR_MAX_PAGES {
            section.pages.len()
        } else {
            section.pages.len().min(CARD_TOPICS)
        };
        SectionCard {
            key: section.url.trim_end_matches('/'),
            title: &section.front.title,
            url: relative_url(from, &section.url, self.style),
            description: &section.front.description,
            pages: section.pages[..shown]
                .iter()
                .map(|&p| self.card(from, p))
                .collect(),
            count: section.pages.len(),
            more: section.pages.len() - shown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_urls_encode_what_a_url_path_cannot_hold() {
        assert_eq!(
            edit_url("https://git.example/r/edit/main", "a b/c#1?%.md"),
            "https://git.example/r/edit/main/content/a%20b/c%231%3F%25.md"
        );
        assert_eq!(
            edit_url("https://x", "internals/gil.md"),
            "https://x/content/internals/gil.md"
        );
    }
}
