//! Site-wide outputs: every file a build writes besides the pages themselves, one module each,
//! registered in [`OUTPUTS`]. Each output states the paths it will write before anything is
//! rendered ([`Claim`]s), so every collision — a copied file over a generated one, a file where a
//! page's folder goes, two files on one path — is found before the first write and reported at
//! the source file that causes it.
//!
//! To add an output file (a feed, a tag page, `llms.txt`): write a module with a type that
//! implements [`Output`] and add it to [`OUTPUTS`]. Files made one per document (the Markdown
//! copies) come from [`Output::doc_files`], which the page pass calls beside each page, so they
//! are written as they are made rather than all held at once.

mod aliases;
pub mod assets;
mod claims;
mod copies;
mod llms;
mod markdown_copies;
mod not_found;
pub mod print;
pub mod review;
pub mod search_files;
mod single_file;
mod sitemap;
mod tag_pages;

use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Diagnostic, Error};
use crate::fs::{SiteFile, SiteFs};
use crate::markdown::{Highlighter, MarkdownOptions, Rendered, Uses};
use crate::search::{IndexBuilder, IndexedBody};
use crate::site::urls::LinkStyle;
use crate::site::{DocRef, Site};
use crate::templates::Templates;
use crate::templates::views::ViewBuilder;
use crate::write::{OutputFile, OutputSink, put_all};
pub use claims::{Claim, check_claims};

/// Every site-wide output, in the order they are made.
pub const OUTPUTS: &[&dyn Output] = &[
    &assets::ThemeAssets,
    &not_found::NotFound,
    &sitemap::Sitemap,
    &tag_pages::TagPages,
    &aliases::AliasPages,
    &markdown_copies::MarkdownCopies,
    &llms::LlmsTxt,
    &copies::Copies,
    &review::ReviewPage,
    &print::PrintPage,
    &search_files::SearchFiles,
    &single_file::SingleFilePage,
];

/// One site-wide output.
pub trait Output: Sync {
    /// Whether this build makes it at all (a sitemap needs a `base_url`, say); an output that is
    /// not made claims nothing.
    fn is_made(&self, _ctx: &OutputContext<'_>) -> bool {
        true
    }

    /// The paths it will write: files, or folders (ending in `/`) for outputs whose file names
    /// depend on what they hold. Known before any page is rendered.
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim>;

    /// Whether it reads the files of the outputs made before it (`Done::files`): those are then
    /// held until it is made rather than written as they come.
    fn reads_earlier_files(&self) -> bool {
        false
    }

    /// Whether it is made from the rendered pages (and so after them), rather than with them.
    fn after_pages(&self) -> bool {
        false
    }

    /// Makes its files from the context and what was made before it.
    fn make(&self, ctx: &OutputContext<'_>, done: &mut Done) -> Result<Vec<OutputFile>, Error>;

    /// The files it makes from one document (whose page's render is `rendered`), made (in
    /// parallel) and written with its page. `quire serve` keeps them between builds by the
    /// document's body, links, URL, title and summary (or description) and the build's style,
    /// Markdown options and `base_url`: they must depend on nothing else.
    fn doc_files(
        &self,
        _ctx: &OutputContext<'_>,
        _doc: DocRef,
        _rendered: &Rendered,
    ) -> Vec<OutputFile> {
        Vec::new()
    }
}

/// Every output's files of one document (see [`Output::doc_files`]).
pub fn doc_files(ctx: &OutputContext<'_>, doc: DocRef, rendered: &Rendered) -> Vec<OutputFile> {
    OUTPUTS
        .iter()
        .filter(|o| o.is_made(ctx))
        .flat_map(|o| o.doc_files(ctx, doc, rendered))
        .collect()
}

/// What was made before an output: the pages' renders (for outputs made after the pages) and the
/// files of the outputs before it in the same pass, and the warnings of the outputs so far.
#[derive(Default)]
pub struct Done<'a> {
    /// Each document's render, in `Site::docs` order; empty for outputs made with the pages.
    pub pages: Vec<RenderedDoc>,
    /// The files made so far, when a later output reads them (else they are written at once).
    pub files: Vec<OutputFile>,
    /// Every page's search text, indexed by the pages' pass; `None`: it is in `pages`.
    pub search_index: Option<IndexBuilder>,
    /// Problems that do not stop the build (an image too large to inline).
    pub warnings: Vec<Diagnostic>,
    /// Where files go as they are made when no later output reads them: an output that makes
    /// many (the search index) writes them one by one, so they are never all in memory.
    sink: Option<&'a dyn OutputSink>,
    /// How many files were written to `sink`.
    written: usize,
}

impl Done<'_> {
    /// Writes `file` now if nothing made later reads it, else keeps it in `files`.
    pub fn write(&mut self, file: OutputFile) -> Result<(), Error> {
        match self.sink {
            Some(sink) => {
                sink.put(file)?;
                self.written += 1;
            }
            None => self.files.push(file),
        }
        Ok(())
    }

    /// Writes `files` (in parallel) now if nothing made later reads them, else keeps them.
    fn write_all(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        match self.sink {
            Some(sink) => {
                self.written += files.len();
                put_all(sink, files)
            }
            None => {
                self.files.extend(files);
                Ok(())
            }
        }
    }
}

/// Makes the outputs of one pass (with the pages, or `after_pages`), each seeing what the ones
/// before it made, and writes their files to `sink` (each output's as it is made, unless a later
/// one reads them); returns how many files were written and every warning. `search_index`: the
/// pages' search text, when the pages' pass indexed it as it went.
pub fn make_outputs(
    ctx: &OutputContext<'_>,
    after_pages: bool,
    pages: Vec<RenderedDoc>,
    search_index: Option<IndexBuilder>,
    sink: &dyn OutputSink,
) -> Result<(usize, Vec<Diagnostic>), Error> {
    let outputs: Vec<&dyn Output> = OUTPUTS
        .iter()
        .copied()
        .filter(|o| o.after_pages() == after_pages && o.is_made(ctx))
        .collect();
    let held = outputs.iter().any(|o| o.reads_earlier_files());
    let mut done = Done {
        pages,
        search_index,
        sink: (!held).then_some(sink),
        ..Done::default()
    };
    let mut problems = Vec::new();
    for output in outputs {
        match output.make(ctx, &mut done) {
            Ok(files) => done.write_all(files)?,
            Err(Error::Content(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Content(crate::error::sorted(problems)));
    }
    let written = done.written + done.files.len();
    put_all(sink, done.files)?;
    Ok((written, done.warnings))
}

/// How a caller keeps laid-out pages between builds: given a template's name, the JSON of the
/// view it lays out and the way to lay it out, the page (kept, or laid out now).
pub type KeptPages<'a> = dyn Fn(&str, &[u8], &dyn Fn() -> Result<Arc<[u8]>, Diagnostic>) -> Result<Arc<[u8]>, Diagnostic>
    + Sync
    + 'a;

/// What the site-wide outputs are made from.
pub struct OutputContext<'a> {
    pub fs: &'a SiteFs,
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub views: &'a ViewBuilder<'a>,
    pub style: LinkStyle,
    pub highlighter: &'a Highlighter,
    pub markdown: &'a MarkdownOptions,
    /// The theme's bundled files, made before the pages (they name them).
    pub asset_files: &'a [OutputFile],
    /// Files copied as they are: the site's own `static/` files, then the files beside pages.
    pub copies: &'a [&'a SiteFile],
    /// Every page's review questions, in reading order.
    pub questions: &'a [review::PageQuestions],
    /// How pages laid out by outputs (tag pages) are kept between builds; `None`: laid out
    /// afresh.
    pub kept_pages: Option<&'a KeptPages<'a>>,
}

impl OutputContext<'_> {
    /// Template `name` laid out around `view`, through the caller's kept pages if it keeps them.
    pub fn lay_out<T: serde::Serialize>(
        &self,
        name: &str,
        view: &T,
    ) -> Result<Arc<[u8]>, Diagnostic> {
        let render = || {
            self.templates
                .render(name, view)
                .map(|html| Arc::from(html.into_bytes()))
        };
        let Some(kept) = self.kept_pages else {
            return render();
        };
        let json = serde_json::to_vec(view).map_err(|e| {
            Diagnostic::error(format!(
                "cannot lay out `{name}`: its view is not JSON ({e})"
            ))
        })?;
        kept(name, &json, &render)
    }
}

impl OutputContext<'_> {
    /// Whether the site is small enough to print on one page (or read as one file).
    pub fn has_print_page(&self) -> bool {
        self.site.has_print_page()
    }
}

/// What a document's render leaves for the outputs made after the pages (listed in `Site::docs`
/// order).
pub struct RenderedDoc {
    /// What the body needs loaded (the print page draws its diagrams too).
    pub uses: Uses,
    /// What the search index needs of its body; `None` once the pages' pass indexed it
    /// (`Done::search_index`).
    pub search: Option<Arc<IndexedBody>>,
    /// The body as rendered for the print page (empty when there is none).
    pub print_html: String,
}

/// The claims of every output and of every page, checked together; `Err` lists every collision.
pub fn check_all_claims(ctx: &OutputContext<'_>) -> Result<(), Error> {
    let site = ctx.site;
    let mut claims: Vec<Claim> = site
        .docs()
        .map(|doc| {
            Claim::file(
                format!("{}index.html", site.url(doc)),
                page_source(site, doc),
            )
        })
        .collect();
    for output in OUTPUTS.iter().filter(|o| o.is_made(ctx)) {
        claims.extend(output.claims(ctx));
    }
    let problems: Vec<Diagnostic> = check_claims(claims);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(problems))
    }
}

fn page_source(site: &Site, doc: DocRef) -> Option<PathBuf> {
    Some(site.source(doc).path.clone())
}
