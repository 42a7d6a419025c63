//! A build's resolved site and what its pages' pass leaves: what the site-wide outputs are made
//! from, and what `quire serve` keeps whole for the next edit.

use std::sync::Arc;

use crate::error::Diagnostic;
use crate::fs::{SiteFile, SiteFs};
use crate::markdown::{Highlighter, MarkdownOptions, Uses};
use crate::outputs::review::PageQuestions;
use crate::outputs::{OutputContext, RenderedDoc};
use crate::search::IndexedBody;
use crate::site::Site;
use crate::site::urls::LinkStyle;
use crate::templates::Templates;
use crate::templates::theme::StaticFiles;
use crate::templates::views::{Assets, ViewBuilder};
use crate::write::OutputFile;

/// The resolved site and what renders it.
pub(super) struct Built {
    pub fs: SiteFs,
    pub site: Site,
    pub templates: Templates,
    pub highlighter: Arc<Highlighter>,
    pub markdown: MarkdownOptions,
    pub assets: Assets,
    pub asset_files: Vec<OutputFile>,
    pub statics: StaticFiles,
    pub style: LinkStyle,
    /// Whether the site has a review page.
    pub review: bool,
}

impl Built {
    /// The files copied as they are: the site's own `static/` files, then the files beside pages.
    pub fn copies(&self) -> Vec<&SiteFile> {
        let beside_pages = &self.site.content.assets;
        self.statics.extra.iter().chain(beside_pages).collect()
    }

    /// Whether an output made after the pages' pass reads the documents' text: the print page
    /// and `llms-full.txt` (small sites), the review page.
    pub fn reads_bodies_after_pages(&self) -> bool {
        self.site.has_print_page() || self.review
    }

    pub fn views(&self) -> ViewBuilder<'_> {
        ViewBuilder {
            site: &self.site,
            assets: &self.assets,
            style: self.style,
            review: self.review,
        }
    }

    /// What the outputs are made from, with nothing kept between builds.
    pub fn context<'a>(
        &'a self,
        views: &'a ViewBuilder<'a>,
        copies: &'a [&'a SiteFile],
        questions: &'a [PageQuestions],
    ) -> OutputContext<'a> {
        OutputContext {
            fs: &self.fs,
            site: &self.site,
            templates: &self.templates,
            views,
            style: self.style,
            highlighter: &self.highlighter,
            markdown: &self.markdown,
            asset_files: &self.asset_files,
            copies,
            questions,
            kept_pages: None,
        }
    }
}

/// What a build with a cache keeps of its pages.
pub(super) struct Kept {
    pub questions: Vec<PageQuestions>,
    /// What each document's render left, in `Site::docs` order.
    pub docs: Vec<DocEmitted>,
    /// The warnings of the outputs made with the pages.
    pub output_warnings: Vec<Diagnostic>,
    /// Files the pages' pass wrote.
    pub files: usize,
}

impl Kept {
    /// Every document's render for the outputs made after the pages.
    pub fn rendered_docs(&self) -> Vec<RenderedDoc> {
        self.docs.iter().map(DocEmitted::rendered_doc).collect()
    }
}

/// The last build that succeeded, whole: an edit to one page's body renders just that page on it.
pub(super) struct LastBuild {
    pub built: Built,
    pub kept: Kept,
}

/// One document, rendered and written: what the outputs after the pages need of it.
pub(super) struct DocEmitted {
    /// What its body needs loaded.
    pub uses: Uses,
    /// What the search index needs of its body (`None` once the pages' pass indexed it).
    pub search: Option<Arc<IndexedBody>>,
    pub print_html: Option<Arc<str>>,
    /// Its render's warnings (and lint, when asked for), located.
    pub warnings: Vec<Diagnostic>,
    /// How many files besides its page it wrote.
    pub files: usize,
}

impl DocEmitted {
    /// What the outputs made after the pages read of it.
    pub fn rendered_doc(&self) -> RenderedDoc {
        RenderedDoc {
            uses: self.uses,
            search: self.search.clone(),
            print_html: self.print_html.as_deref().unwrap_or_default().to_string(),
        }
    }
}
