//! Template views: the serializable structs each template sees, built from the resolved site.
//! Kept apart from the domain types so templates and domain can change independently.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::Page;
use crate::markdown::TocEntry;
use crate::print::PrintDoc;
use crate::site::links::{relative_url, root_prefix};
use crate::site::{DocRef, Site};

/// Sites up to this many pages list every page in every page's sidebar.
pub const FULL_SIDEBAR_MAX_PAGES: usize = 300;
/// On larger sites, how many topics a section's card lists (its own page lists them all).
const CARD_TOPICS: usize = 12;
/// On larger sites, how many neighbours of the current page its sidebar lists on each side.
const NAV_WINDOW: usize = 10;

/// Content-hashed asset paths, relative to the site root.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub search_js: String,
    pub search_index: String,
    pub favicon: String,
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
    description: &'a str,
    canonical: String,
    nav: Vec<NavSection<'a>>,
    breadcrumbs: Vec<Link<'a>>,
    kind: &'static str,
}

#[derive(Serialize)]
pub struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
pub struct NavSection<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    current: bool,
    pages: Vec<NavPage<'a>>,
    /// Pages left out before and after `pages` (large sites list only a window of them).
    more_before: usize,
    more_after: usize,
    sections: Vec<NavSection<'a>>,
    count: usize,
}

#[derive(Serialize)]
pub struct NavPage<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    current: bool,
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
    tags: &'a [String],
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
pub struct PrintContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    print_docs: &'a [PrintDoc],
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
    pub fn template(&self) -> &'static str {
        match self {
            DocContext::Home(_) => "index.html",
            DocContext::Section(_) => "section.html",
            DocContext::Page(_) => "page.html",
        }
    }
}

/// Builds the views of one build; `offline` picks the link style.
pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    pub offline: bool,
}

impl<'a> ViewBuilder<'a> {
    /// The context of any document around its rendered body (`toc` is used by pages only).
    pub fn doc(&self, doc: DocRef, toc: &'a [TocEntry], content_html: &'a str) -> DocContext<'a> {
        match doc {
            DocRef::Section(0) => DocContext::Home(self.home(content_html)),
            DocRef::Section(s) => DocContext::Section(self.section(s, content_html)),
            DocRef::Page(p) => DocContext::Page(self.page(p, toc, content_html)),
        }
    }

    pub fn page(
        &self,
        index: usize,
        toc: &'a [TocEntry],
        content_html: &'a str,
    ) -> PageContext<'a> {
        let site = self.site;
        let page = &site.content.pages[index];
        let from = page.url.as_str();
        let link = |doc: DocRef| Link {
            title: site.title(doc),
            url: relative_url(from, site.url(doc), self.offline),
        };
        let (prev, next) = site.prev_next(index);
        let edit_url = if site.config.repo_url.is_empty() {
            String::new()
        } else {
            format!("{}/content/{}", site.config.repo_url, page.source.rel)
        };
        PageContext {
            globals: self.globals(DocRef::Page(index), "page", &page.front.summary),
            page: PageView {
                key: page.key(),
                title: &page.front.title,
                summary: &page.front.summary,
                tags: &page.front.tags,
                content_html,
                toc,
                edit_url,
                section: link(DocRef::Section(page.section)),
                related: site.related[index]
                    .iter()
                    .map(|&p| self.card(from, p))
                    .collect(),
                backlinks: site.backlinks[index].iter().map(|&d| link(d)).collect(),
                prev: prev.map(|p| link(DocRef::Page(p))),
                next: next.map(|p| link(DocRef::Page(p))),
            },
        }
    }

    pub fn section(&self, index: usize, content_html: &'a str) -> SectionContext<'a> {
        let section = &self.site.content.sections[index];
        SectionContext {
            globals: self.globals(
                DocRef::Section(index),
                "section",
                &section.front.description,
            ),
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
        let home = &self.site.content.sections[0];
        HomeContext {
            globals: self.globals(DocRef::Section(0), "home", &home.front.description),
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

    /// The whole site on one page, at the site root.
    pub fn print(&self, print_docs: &'a [PrintDoc]) -> PrintContext<'a> {
        let mut globals = self.globals(DocRef::Section(0), "print", &self.site.config.description);
        globals.page_title = format!("{} (printable)", self.site.config.title);
        globals.canonical.clear();
        globals.nav.clear();
        PrintContext {
            globals,
            print_docs,
        }
    }

    /// The 404 page: served at any depth, so its links start from the absolute base path.
    pub fn not_found(&self) -> Globals<'a> {
        let mut globals = self.globals(DocRef::Section(0), "404", &self.site.config.description);
        let base = self.site.config.base_path();
        globals.page_title = format!("Page not found · {}", self.site.config.title);
        globals.canonical.clear();
        globals.breadcrumbs.clear();
        globals.nav = self.nav(None, "");
        prefix_nav_urls(&mut globals.nav, &base);
        globals.home_url = base.clone();
        globals.root = base;
        globals
    }

    /// What every template sees; `description` is the document's own, the site's when empty.
    fn globals(&self, doc: DocRef, kind: &'static str, description: &'a str) -> Globals<'a> {
        let site = self.site;
        let config = &site.config;
        let description = if description.is_empty() {
            &config.description
        } else {
            description
        };
        let from = site.url(doc);
        let page_title = match doc {
            DocRef::Section(0) => config.title.clone(),
            _ => format!("{} · {}", site.title(doc), config.title),
        };
        let canonical = if self.offline || config.base_url.is_empty() {
            String::new()
        } else {
            format!("{}{from}", config.base_url)
        };
        Globals {
            site: SiteView {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                base_url: &config.base_url,
                repo_url: &config.repo_url,
                extra: &config.extra,
            },
            root: root_prefix(from),
            offline: self.offline,
            home_url: relative_url(from, "", self.offline),
            assets: self.assets,
            page_title,
            description,
            canonical,
            nav: self.nav(Some(doc), from),
            breadcrumbs: self.breadcrumbs(doc),
            kind,
        }
    }

    fn card(&self, from: &str, page: usize) -> Card<'a> {
        let p: &'a Page = &self.site.content.pages[page];
        Card {
            key: p.key(),
            title: &p.front.title,
            url: relative_url(from, &p.url, self.offline),
            summary: &p.front.summary,
        }
    }

    fn section_card(&self, from: &str, index: usize) -> SectionCard<'a> {
        let section = &self.site.content.sections[index];
        let shown = if self.site.content.pages.len() <= FULL_SIDEBAR_MAX_PAGES {
            section.pages.len()
        } else {
            section.pages.len().min(CARD_TOPICS)
        };
        SectionCard {
            key: section.url.trim_end_matches('/'),
            title: &section.front.title,
            url: relative_url(from, &section.url, self.offline),
            description: &section.front.description,
            pages: section.pages[..shown]
                .iter()
                .map(|&p| self.card(from, p))
                .collect(),
            count: section.pages.len(),
            more: section.pages.len() - shown,
        }
    }

    /// The sidebar tree as seen from `from`; home's own pages (if any) come first as a section.
    fn nav(&self, current: Option<DocRef>, from: &str) -> Vec<NavSection<'a>> {
        let home = &self.site.content.sections[0];
        let mut nav = Vec::new();
        if !home.pages.is_empty() {
            let mut own = self.nav_section(0, current, from);
            own.sections.clear();
            own.count = home.pages.len();
            nav.push(own);
        }
        nav.extend(
            home.sections
                .iter()
                .map(|&s| self.nav_section(s, current, from)),
        );
        nav
    }

    fn nav_section(&self, index: usize, current: Option<DocRef>, from: &str) -> NavSection<'a> {
        let content = &self.site.content;
        let section = &content.sections[index];
        let sections: Vec<NavSection<'a>> = section
            .sections
            .iter()
            .map(|&s| self.nav_section(s, current, from))
            .collect();
        let count = section.pages.len() + sections.iter().map(|s| s.count).sum::<usize>();
        let window = self.nav_window(index, current);
        NavSection {
            key: section.url.trim_end_matches('/'),
            title: &section.front.title,
            url: relative_url(from, &section.url, self.offline),
            current: current == Some(DocRef::Section(index)),
            pages: section.pages[window.clone()]
                .iter()
                .map(|&p| {
                    let page = &content.pages[p];
                    NavPage {
                        key: page.key(),
                        title: &page.front.title,
                        url: relative_url(from, &page.url, self.offline),
                        current: current == Some(DocRef::Page(p)),
                    }
                })
                .collect(),
            more_before: window.start,
            more_after: section.pages.len() - window.end,
            sections,
            count,
        }
    }

    /// Which of a section's pages the sidebar lists. Small sites list them all. Large sites list a
    /// window around the current page in its own section and none elsewhere (each section's own
    /// page lists them all), so every page's sidebar stays small and the site grows linearly.
    fn nav_window(&self, index: usize, current: Option<DocRef>) -> std::ops::Range<usize> {
        let pages = &self.site.content.sections[index].pages;
        if self.site.content.pages.len() <= FULL_SIDEBAR_MAX_PAGES {
            return 0..pages.len();
        }
        let at = match current {
            Some(DocRef::Page(p)) if self.site.content.pages[p].section == index => {
                pages.iter().position(|&q| q == p).unwrap_or_default()
            }
            Some(DocRef::Section(s)) if s == index => 0,
            _ => return 0..0,
        };
        let start = at.saturating_sub(NAV_WINDOW);
        start..(at + NAV_WINDOW + 1).min(pages.len())
    }

    /// Home, each enclosing section, then the document itself (with an empty URL).
    fn breadcrumbs(&self, doc: DocRef) -> Vec<Link<'a>> {
        let site = self.site;
        let from = site.url(doc);
        let mut chain = Vec::new();
        let mut parent = match doc {
            DocRef::Section(0) => return Vec::new(),
            DocRef::Section(s) => site.content.sections[s].parent,
            DocRef::Page(p) => Some(site.content.pages[p].section),
        };
        while let Some(s) = parent {
            chain.push(Link {
                title: site.title(DocRef::Section(s)),
                url: relative_url(from, site.url(DocRef::Section(s)), self.offline),
            });
            parent = site.content.sections[s].parent;
        }
        chain.reverse();
        chain.push(Link {
            title: site.title(doc),
            url: String::new(),
        });
        chain
    }
}

/// Makes root-relative sidebar URLs absolute under `base` (for the 404 page, served at any depth).
fn prefix_nav_urls(nav: &mut [NavSection<'_>], base: &str) {
    for section in nav {
        section.url = format!("{base}{}", section.url.trim_start_matches("./"));
        for page in &mut section.pages {
            page.url = format!("{base}{}", page.url);
        }
        prefix_nav_urls(&mut section.sections, base);
    }
}
