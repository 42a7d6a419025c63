//! Assets: the theme's static files in; one stylesheet (theme, search, code highlighting), the
//! scripts and the icon out, each named by a hash of its content so it can be cached forever.

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::templates::theme::StaticFiles;
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

/// Bundles the theme's static files: one stylesheet (theme, search and code highlighting), the
/// page script, the search script and the favicon. `search_index` is left for the index stage.
pub fn bundle_assets(statics: &StaticFiles, highlight_css: &str) -> (Assets, Vec<OutputFile>) {
    let mut css = Vec::new();
    for part in [
        statics.get("style.css"),
        statics.get("search.css"),
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
    };
    (assets, files)
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
