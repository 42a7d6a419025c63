//! The single-file print page (`quire bundle --single-file`): `print.html` with its stylesheet,
//! scripts, icon, search index and images inside it, so it works as a lone file mailed to
//! someone. Made after the search index, whose files it carries. An image too large to inline
//! (or a video) is left out, with a warning naming it.

use std::collections::{BTreeMap, HashMap};

use base64::Engine;

use super::print::{PATH, PrintIds, print_docs, render_print_page};
use super::{Claim, Done, Output, OutputContext};
use crate::error::{Diagnostic, Error};
use crate::fs::SiteFile;
use crate::markdown::rewrite_media_references;
use crate::site::urls::LinkStyle;
use crate::templates::views::{Inline, PrintDoc};
use crate::write::OutputFile;

/// Images up to this size are inlined as data URIs.
pub const INLINE_MAX_BYTES: usize = 2 * 1024 * 1024;

pub struct SingleFilePage;

impl Output for SingleFilePage {
    fn is_made(&self, ctx: &OutputContext<'_>) -> bool {
        ctx.has_print_page() && ctx.style == LinkStyle::SingleFile
    }

    fn reads_earlier_files(&self) -> bool {
        true
    }

    fn claims(&self, _: &OutputContext<'_>) -> Vec<Claim> {
        vec![Claim::generated(PATH)]
    }

    fn after_pages(&self) -> bool {
        true
    }

    fn make(&self, ctx: &OutputContext<'_>, done: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let ids = PrintIds::new(ctx.site);
        let mut images = ImageInliner::new(ctx);
        let docs = print_docs(ctx.site, &ids, done);
        let diagrams = docs.iter().any(|d| d.uses.diagrams);
        let inline = inline_assets(ctx, &done.files, diagrams);
        let bodies: Vec<String> = docs
            .iter()
            .map(|doc| images.inline(doc.content_html))
            .collect();
        let docs: Vec<PrintDoc<'_>> = docs
            .into_iter()
            .zip(&bodies)
            .map(|(doc, body)| PrintDoc {
                content_html: body,
                ..doc
            })
            .collect();
        let page = render_print_page(ctx, &docs, Some(inline));
        done.warnings.extend(images.left_out.into_values());
        page
    }
}

/// Replaces the print page's references to copied images with data URIs.
struct ImageInliner<'a> {
    ctx: &'a OutputContext<'a>,
    /// The copied files by their path in the output.
    copies: HashMap<&'a str, &'a SiteFile>,
    /// Data URIs made so far, by output path (`None`: left out).
    made: HashMap<String, Option<String>>,
    /// Why each file left out was, by its path.
    left_out: BTreeMap<String, Diagnostic>,
}

impl<'a> ImageInliner<'a> {
    fn new(ctx: &'a OutputContext<'a>) -> Self {
        ImageInliner {
            ctx,
            copies: ctx.copies.iter().map(|f| (f.rel.as_str(), *f)).collect(),
            made: HashMap::new(),
            left_out: BTreeMap::new(),
        }
    }

    /// `html` (a body rendered for the print page) with its images inlined.
    fn inline(&mut self, html: &str) -> String {
        rewrite_media_references(html, &mut |src| self.data_uri(src)).into_owned()
    }

    /// The data URI for the image at `src` (a path from the site's root, as the print page
    /// names copied files), if it is a copied image small enough.
    fn data_uri(&mut self, src: &str) -> Option<String> {
        let path = src.split(['?', '#']).next().unwrap_or(src);
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let file = *self.copies.get(path.as_ref())?;
        if let Some(made) = self.made.get(path.as_ref()) {
            return made.clone();
        }
        let uri = self.read(file);
        self.made.insert(path.into_owned(), uri.clone());
        uri
    }

    fn read(&mut self, file: &SiteFile) -> Option<String> {
        let mut leave_out = |why: String| {
            let warning = Diagnostic::warning(format!("not inlined into the single file: {why}"))
                .in_file(&file.path)
                .with_hint("the single file shows it as a broken image; link to it from a hosted copy instead");
            self.left_out.insert(file.rel.clone(), warning);
            None
        };
        let Some(mime) = image_type(&file.rel) else {
            return leave_out(format!("`{}` is not an image", file.rel));
        };
        let bytes = match self.ctx.fs.read_found_bytes(file) {
            Ok(bytes) => bytes,
            Err(problem) => return leave_out(problem.message),
        };
        if bytes.len() > INLINE_MAX_BYTES {
            return leave_out(format!(
                "`{}` is {:.1} MB, more than the {} MB an image may have",
                file.rel,
                bytes.len() as f64 / 1_048_576.0,
                INLINE_MAX_BYTES / 1_048_576
            ));
        }
        let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Some(format!("data:{mime};base64,{data}"))
    }
}

/// The media type of an image file, by its extension.
fn image_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "apng" => "image/apng",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        _ => return None,
    })
}

/// The theme's stylesheet, icon and scripts (the diagrams' too, when the page has any) and the
/// search index files (which register themselves when run, so search works with nothing to
/// load), made safe to inline.
fn inline_assets(ctx: &OutputContext<'_>, made: &[OutputFile], diagrams: bool) -> Inline {
    let assets = &ctx.views.assets;
    let text = |path: &str| {
        ctx.asset_files
            .iter()
            .chain(made)
            .find(|f| f.path == path)
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap_or_default()
    };
    let mut index: Vec<&OutputFile> = made
        .iter()
        .filter(|f| f.path.starts_with("search/"))
        .collect();
    index.sort_by(|a, b| b.path.cmp(&a.path));
    let mut scripts: Vec<String> = index
        .iter()
        .map(|f| script_text(&String::from_utf8_lossy(&f.bytes)))
        .collect();
    scripts.push(script_text(&text(&assets.js)));
    scripts.push(script_text(&text(&assets.search_js)));
    if diagrams {
        scripts.push(script_text(&text(&assets.diagrams_js)));
    }
    Inline {
        css: text(&assets.css).replace("</style", "<\\/style"),
        favicon: svg_data_uri(&text(&assets.favicon)),
        scripts,
    }
}

fn script_text(js: &str) -> String {
    js.replace("</script", "<\\/script")
}

fn svg_data_uri(svg: &str) -> String {
    let mut uri = String::from("data:image/svg+xml,");
    for c in svg.trim().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '"' => uri.push('\''),
            '<' => uri.push_str("%3C"),
            '>' => uri.push_str("%3E"),
            '\n' | '\r' => uri.push(' '),
            c => uri.push(c),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_extension() {
        assert_eq!(image_type("img/a.PNG"), Some("image/png"));
        assert_eq!(image_type("a.svg"), Some("image/svg+xml"));
        assert_eq!(image_type("clip.mp4"), None);
        assert_eq!(image_type("README"), None);
    }

    #[test]
    fn svg_becomes_a_data_uri_without_quotes_or_hashes() {
        let uri = svg_data_uri("<svg fill=\"#fff\"></svg>");
        assert_eq!(uri, "data:image/svg+xml,%3Csvg fill='%23fff'%3E%3C/svg%3E");
    }
}
