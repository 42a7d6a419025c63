//! What every page's template sees besides its own view (`Globals`): the site, where the page
//! is, its title and description for the head and link previews, the sidebar and the links to
//! the site's own pages.

use std::borrow::Cow;

use super::{Globals, SearchScope, SiteView, Updated, ViewBuilder};
use crate::markdown::Uses;
use crate::site::DocRef;
use crate::site::tags::TAGS_URL;
use crate::site::urls::{PRINT_URL, REVIEW_URL, relative_url, root_prefix};

impl<'a> ViewBuilder<'a> {
    /// What a document's template sees; `description` is the document's own, the site's when
    /// empty.
    pub(super) fn globals(
        &self,
        doc: DocRef,
        kind: &'static str,
        description: &'a str,
    ) -> Globals<'a> {
        let site = self.site;
        let mut globals = self.globals_at(site.url(doc), Some(doc), kind, description);
        if doc != DocRef::HOME {
            globals.page_title = format!("{} · {}", site.title(doc), site.config.title);
            globals.og_type = "article";
        }
        globals.breadcrumbs = self.breadcrumbs(doc);
        if site.config.markdown_copies {
            globals.markdown = "index.html.md";
        }
        globals.updated = site.updated(doc).map(|date| Updated {
            datetime: date.iso(),
            date: date.day(),
        });
        globals
    }

    /// What every template sees, for a page at `from` (a site-root-relative URL) that is the
    /// document `current`, if it is one; titled like the home page.
    pub(super) fn globals_at(
        &self,
        from: &str,
        current: Option<DocRef>,
        kind: &'static str,
        description: &'a str,
    ) -> Globals<'a> {
        let site = self.site;
        let config = &site.config;
        let description = if description.is_empty() {
            &config.description
        } else {
            description
        };
        let canonical = self.canonical(from);
        let tags_url = if site.tags.is_empty() {
            String::new()
        } else {
            relative_url(from, TAGS_URL, self.style)
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
            offline: self.style.names_index_html(),
            home_url: relative_url(from, "", self.style),
            assets: self.assets,
            page_title: config.title.clone(),
            description: Cow::Borrowed(description),
            canonical,
            og_type: "website",
            image: preview_image(&config.image, &config.base_url),
            markdown: "",
            updated: None,
            tags_url,
            search_scopes: self.search_scopes(),
            nav: self.nav(current, from),
            breadcrumbs: Vec::new(),
            kind,
            uses: Uses::default(),
            inline: None,
            review_url: if self.review {
                relative_url(from, REVIEW_URL, self.style)
            } else {
                String::new()
            },
            print_url: if site.has_print_page() {
                format!("{}{PRINT_URL}", root_prefix(from))
            } else {
                String::new()
            },
        }
    }

    /// The absolute URL of the page at `url` (site-root-relative), for hosted sites with a
    /// `base_url`; empty otherwise.
    fn canonical(&self, url: &str) -> String {
        let config = &self.site.config;
        if self.style.names_index_html() || config.base_url.is_empty() {
            String::new()
        } else {
            format!("{}{url}", config.base_url)
        }
    }

    fn search_scopes(&self) -> Vec<SearchScope<'a>> {
        let sections = &self.site.content.sections;
        let home = self.site.content.home();
        home.sections
            .iter()
            .map(|&s| SearchScope {
                key: sections[s].url.trim_end_matches('/'),
                title: &sections[s].front.title,
            })
            .collect()
    }
}

/// The site's preview image as an absolute URL: as written when it is one, else under
/// `base_url`; empty without either (a preview needs an absolute URL).
fn preview_image(image: &str, base_url: &str) -> String {
    if image.starts_with("https://") || image.starts_with("http://") {
        image.to_string()
    } else if image.is_empty() || base_url.is_empty() {
        String::new()
    } else {
        format!("{base_url}{}", image.trim_start_matches('/'))
    }
}
