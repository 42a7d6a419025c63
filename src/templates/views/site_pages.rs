//! Views of the pages that belong to the site as a whole rather than to one document: the print
//! page (every body on one page, or one lone file), the review page and the 404 page.

use serde::Serialize;

use super::nav::prefix_nav_urls;
use super::{Globals, ViewBuilder};
use crate::markdown::Uses;
use crate::site::DocRef;
use crate::site::urls::REVIEW_URL;

/// What a page that must work as a lone file carries inside it instead of linking to.
#[derive(Debug, Serialize)]
pub struct Inline {
    /// The stylesheet, safe inside `<style>`.
    pub css: String,
    /// The icon as a `data:` URI.
    pub favicon: String,
    /// The scripts in the order they run, each safe inside `<script>`.
    pub scripts: Vec<String>,
}

/// One section or topic on the print page.
#[derive(Debug, Serialize)]
pub struct PrintDoc<'a> {
    /// Element id of the document on the print page.
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// "section" or "page".
    pub kind: &'static str,
    pub content_html: &'a str,
    /// What the body needs loaded.
    #[serde(skip)]
    pub uses: Uses,
}

/// One question on the review page.
#[derive(Debug, Serialize)]
pub struct ReviewQuestion<'a> {
    /// Stable across builds while the page and the question's place in it stay: the key under
    /// which the reader's progress is kept.
    pub id: String,
    pub page_title: &'a str,
    pub page_url: String,
    pub section_key: &'a str,
    pub section_title: &'a str,
    pub question_html: &'a str,
    pub answer_html: &'a str,
}

/// A section the review can be narrowed to.
#[derive(Debug, Serialize)]
pub struct ReviewSection<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ReviewContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    questions: &'a [ReviewQuestion<'a>],
    sections: Vec<ReviewSection<'a>>,
}

#[derive(Serialize)]
pub struct PrintContext<'a> {
    #[serde(flatten)]
    globals: Globals<'a>,
    print_docs: &'a [PrintDoc<'a>],
}

impl<'a> ViewBuilder<'a> {
    /// The whole site on one page, at the site root; `inline` when it must work as a lone file.
    /// Its bodies' diagrams are drawn; their code tabs stay stacked, every panel shown.
    pub fn print(
        &self,
        print_docs: &'a [PrintDoc<'a>],
        inline: Option<Inline>,
    ) -> PrintContext<'a> {
        let mut globals = self.globals(DocRef::HOME, "print", &self.site.config.description);
        globals.page_title = format!("{} (printable)", self.site.config.title);
        globals.canonical.clear();
        globals.markdown = "";
        globals.updated = None;
        globals.tags_url.clear();
        globals.nav.clear();
        globals.inline = inline;
        globals.uses.diagrams = print_docs.iter().any(|d| d.uses.diagrams);
        PrintContext {
            globals,
            print_docs,
        }
    }

    /// The review page, at `review/`.
    pub fn review(&self, questions: &'a [ReviewQuestion<'a>]) -> ReviewContext<'a> {
        let config = &self.site.config;
        let mut globals = self.globals_at(REVIEW_URL, None, "review", &config.description);
        globals.page_title = format!("Review · {}", config.title);
        let mut sections: Vec<ReviewSection<'a>> = Vec::new();
        for q in questions {
            match sections.last_mut() {
                Some(last) if last.key == q.section_key => last.count += 1,
                _ => sections.push(ReviewSection {
                    key: q.section_key,
                    title: q.section_title,
                    count: 1,
                }),
            }
        }
        ReviewContext {
            globals,
            questions,
            sections,
        }
    }

    /// The 404 page: a web server shows it at any depth, so hosted, its links start from the
    /// absolute base path; offline (opened from disk at the root) they are relative to the root.
    pub fn not_found(&self) -> Globals<'a> {
        let config = &self.site.config;
        let mut globals = self.globals_at("", None, "404", &config.description);
        globals.page_title = format!("Page not found · {}", config.title);
        globals.canonical.clear();
        if self.style.names_index_html() {
            return globals;
        }
        let base = config.base_path();
        prefix_nav_urls(&mut globals.nav, &base);
        for url in [
            &mut globals.tags_url,
            &mut globals.review_url,
            &mut globals.print_url,
        ] {
            if !url.is_empty() {
                *url = format!("{base}{}", url.trim_start_matches("./"));
            }
        }
        globals.home_url = base.clone();
        globals.root = base;
        globals
    }
}
