//! Assets: the theme's static files in; one stylesheet (theme, search, rich blocks, code
//! highlighting), the scripts and the icon out, each named by a hash of its content so it can be
//! cached forever. The scripts of code tabs and diagrams are made only for a site that has them.

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::markdown::Uses;
use crate::templates::theme::{MERMAID_JS, MERMAID_LICENSE, MERMAID_NOTICES, StaticFiles};
use crate::templates::views::Assets;
use crate::write::OutputFile;

/// The bundled theme files, made before the pages (whose links name them).
pub struct ThemeAssets;

impl Output for ThemeAssets {
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        ctx.asset_files
            .iter()
            .map(|f| Claim::generated(f.path.clone()))
            .collect()
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        Ok(ctx.asset_files.to_vec())
    }
}

/// `assets/<stem>.<8 hex digits of the content hash>.<ext>`.
pub fn hashed_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    format!("assets/{stem}.{}.{ext}", &hash[..8])
}

/// Bundles the theme's static files: one stylesheet (theme, search, rich blocks and code
/// highlighting), the page script, the search script and the favicon; and the scripts of code
/// tabs and diagrams when some page `uses` them. `search_index` is left for the index stage.
pub fn bundle_assets(
    statics: &StaticFiles,
    highlight_css: &str,
    uses: Uses,
) -> (Assets, Vec<OutputFile>) {
    let mut css = Vec::new();
    for part in [
        statics.get("style.css"),
        statics.get("search.css"),
        statics.get("blocks.css"),
        highlight_css.as_bytes(),
    ] {
        css.extend_from_slice(part);
        css.push(b'\n');
    }
    let mut files = Vec::new();
    let mut add = |stem: &str, ext: &str, bytes: Vec<u8>| {
        let path = hashed_name(stem, ext, &bytes);
        files.push(OutputFile {
            path: path.clone(),
            bytes: bytes.into(),
        });
        path
    };
    let assets = Assets {
        css: add("quire", "css", css),
        js: add("quire", "js", statics.get("quire.js").to_vec()),
        search_js: add("search", "js", statics.get("search.js").to_vec()),
        review_js: add("review", "js", statics.get("review.js").to_vec()),
        favicon: add("favicon", "svg", statics.get("favicon.svg").to_vec()),
        search_index: String::new(),
        tabs_js: if uses.tabs {
            add("tabs", "js", statics.get("tabs.js").to_vec())
        } else {
            String::new()
        },
        diagrams_js: if uses.diagrams {
            add("diagrams", "js", diagrams_script(statics))
        } else {
            String::new()
        },
    };
    (assets, files)
}

/// Mermaid under its licence and notices, then the driver that draws the page's diagrams.
fn diagrams_script(statics: &StaticFiles) -> Vec<u8> {
    let mut js = b"/*! Mermaid (https://mermaid.js.org/)\n".to_vec();
    for notice in [statics.get(MERMAID_LICENSE), statics.get(MERMAID_NOTICES)] {
        js.extend_from_slice(notice);
        js.push(b'\n');
    }
    js.extend_from_slice(b"*/\n");
    js.extend_from_slice(statics.get(MERMAID_JS));
    js.extend_from_slice(b"\n");
    js.extend_from_slice(statics.get("diagrams.js"));
    js
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_content_only() {
        assert_eq!(hashed_name("a", "css", b"x"), hashed_name("a", "css", b"x"));
        assert_ne!(hashed_name("a", "css", b"x"), hashed_name("a", "css", b"y"));
        assert!(hashed_name("quire", "css", b"x").starts_with("assets/quire."));
    }
}
