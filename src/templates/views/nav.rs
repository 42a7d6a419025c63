//! The sidebar and breadcrumbs of a page: the section tree as seen from one document, windowed
//! on large sites so every page's sidebar stays small.

use serde::Serialize;

use super::{FULL_SIDEBAR_MAX_PAGES, Link, ViewBuilder};
use crate::site::urls::relative_url;
use crate::site::{DocRef, SectionId};

/// Where a sidebar is seen from: the current document, the sections around it, its URL.
struct NavAt<'b> {
    current: Option<DocRef>,
    path: Vec<SectionId>,
    from: &'b str,
}

/// On larger sites, how many neighbours of the current page its sidebar lists on each side.
const NAV_WINDOW: usize = 5;

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
    /// Only the section's link (large sites, for sections the current page is not in).
    compact: bool,
}

#[derive(Serialize)]
pub struct NavPage<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    current: bool,
}

impl<'a> ViewBuilder<'a> {
    /// The sidebar tree as seen from `from`; home's own pages (if any) come first as a section.
    pub(super) fn nav(&self, current: Option<DocRef>, from: &str) -> Vec<NavSection<'a>> {
        let home = self.site.content.home();
        let mut nav = Vec::new();
        let at = NavAt {
            current,
            path: self.sections_around(current),
            from,
        };
        if !home.pages.is_empty() {
            let mut own = self.nav_section(SectionId::HOME, &at);
            own.sections.clear();
            own.count = home.pages.len();
            nav.push(own);
        }
        nav.extend(home.sections.iter().map(|&s| self.nav_section(s, &at)));
        nav
    }

    /// The sections that hold `current` (itself, if it is one), innermost first.
    fn sections_around(&self, current: Option<DocRef>) -> Vec<SectionId> {
        let content = &self.site.content;
        let mut path = Vec::new();
        let mut next = match current {
            Some(DocRef::Section(s)) => Some(s),
            Some(DocRef::Page(p)) => Some(content.pages[p].section),
            None => None,
        };
        while let Some(s) = next {
            path.push(s);
            next = content.sections[s].parent;
        }
        path
    }

    fn nav_section(&self, id: SectionId, at: &NavAt<'_>) -> NavSection<'a> {
        let (current, from) = (at.current, at.from);
        let content = &self.site.content;
        let section = &content.sections[id];
        // Large sites list each section the reader is not in as a bare link, so that every
        // page's sidebar stays small.
        if content.pages.len() > FULL_SIDEBAR_MAX_PAGES && !at.path.contains(&id) {
            return NavSection {
                key: section.url.trim_end_matches('/'),
                title: &section.front.title,
                url: relative_url(from, &section.url, self.style),
                current: false,
                pages: Vec::new(),
                more_before: 0,
                more_after: 0,
                sections: Vec::new(),
                count: 0,
                compact: true,
            };
        }
        let sections: Vec<NavSection<'a>> = section
            .sections
            .iter()
            .map(|&s| self.nav_section(s, at))
            .collect();
        let count = section.pages.len() + sections.iter().map(|s| s.count).sum::<usize>();
        let window = self.nav_window(id, current);
        NavSection {
            key: section.url.trim_end_matches('/'),
            title: &section.front.title,
            url: relative_url(from, &section.url, self.style),
            current: current == Some(DocRef::Section(id)),
            pages: section.pages[window.clone()]
                .iter()
                .map(|&p| {
                    let page = &content.pages[p];
                    NavPage {
                        key: page.key(),
                        title: &page.front.title,
                        url: relative_url(from, &page.url, self.style),
                        current: current == Some(DocRef::Page(p)),
                    }
                })
                .collect(),
            // A section none of whose topics are listed needs no "more" link: its own link goes
            // to the same page.
            more_before: if window.is_empty() { 0 } else { window.start },
            more_after: if window.is_empty() {
                0
            } else {
                section.pages.len() - window.end
            },
            sections,
            count,
            compact: false,
        }
    }

    /// Which of a section's pages the sidebar lists. Small sites list them all. Large sites list a
    /// window around the current page in its own section and none elsewhere (each section's own
    /// page lists them all), so every page's sidebar stays small and the site grows linearly.
    fn nav_window(&self, id: SectionId, current: Option<DocRef>) -> std::ops::Range<usize> {
        let pages = &self.site.content.sections[id].pages;
        if self.site.content.pages.len() <= FULL_SIDEBAR_MAX_PAGES {
            return 0..pages.len();
        }
        let at = match current {
            Some(DocRef::Page(p)) if self.site.content.pages[p].section == id => {
                pages.iter().position(|&q| q == p).unwrap_or_default()
            }
            Some(DocRef::Section(s)) if s == id => 0,
            _ => return 0..0,
        };
        let start = at.saturating_sub(NAV_WINDOW);
        start..(at + NAV_WINDOW + 1).min(pages.len())
    }

    /// Home, each enclosing section, then the document itself (with an empty URL).
    pub(super) fn breadcrumbs(&self, doc: DocRef) -> Vec<Link<'a>> {
        let site = self.site;
        let from = site.url(doc);
        let mut chain = Vec::new();
        let mut parent = match doc {
            DocRef::Section(s) if s.is_home() => return Vec::new(),
            DocRef::Section(s) => site.content.sections[s].parent,
            DocRef::Page(p) => Some(site.content.pages[p].section),
        };
        while let Some(s) = parent {
            chain.push(Link {
                title: site.title(DocRef::Section(s)),
                url: relative_url(from, site.url(DocRef::Section(s)), self.style),
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
pub(super) fn prefix_nav_urls(nav: &mut [NavSection<'_>], base: &str) {
    for section in nav {
        section.url = format!("{base}{}", section.url.trim_start_matches("./"));
        for page in &mut section.pages {
            page.url = format!("{base}{}", page.url);
        }
        prefix_nav_urls(&mut section.sections, base);
    }
}
