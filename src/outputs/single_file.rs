//! The single-file print page (`quire bundle --single-file`): `print.html` with its stylesheet,
//! scripts, icon and search index inside it, so it works as a lone file mailed to someone.
//! Made after the search index, whose files it carries.

use super::print::{PATH, PrintIds, print_docs, render_print_page};
use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::site::urls::LinkStyle;
use crate::templates::views::Inline;
use crate::write::OutputFile;

pub struct SingleFilePage;

impl Output for SingleFilePage {
    fn is_made(&self, ctx: &OutputContext<'_>) -> bool {
        ctx.has_print_page() && ctx.style == LinkStyle::SingleFile
    }

    fn claims(&self, _: &OutputContext<'_>) -> Vec<Claim> {
        vec![Claim::generated(PATH)]
    }

    fn after_pages(&self) -> bool {
        true
    }

    fn make(&self, ctx: &OutputContext<'_>, done: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let ids = PrintIds::new(ctx.site);
        let docs = print_docs(ctx.site, &ids, done);
        let diagrams = docs.iter().any(|d| d.uses.diagrams);
        let inline = inline_assets(ctx, &done.files, diagrams);
        render_print_page(ctx, &docs, Some(inline))
    }
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
    fn svg_becomes_a_data_uri_without_quotes_or_hashes() {
        let uri = svg_data_uri("<svg fill=\"#fff\"></svg>");
        assert_eq!(uri, "data:image/svg+xml,%3Csvg fill='%23fff'%3E%3C/svg%3E");
    }
}
