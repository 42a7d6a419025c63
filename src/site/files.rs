//! Files that pages reference (images, downloads): which ones the output holds — copied from
//! `content/` (beside the pages) or from `static/` — and the URL of one relative to a page.

use std::collections::BTreeSet;

use crate::fs::SiteFile;

/// The files a build copies, by their path in the output (`guide/arch.png`, `img/logo.svg`).
#[derive(Debug, Default)]
pub struct CopiedFiles<'a> {
    /// Files under `content/`, by path relative to it.
    pub content: BTreeSet<&'a str>,
    /// Files under `static/`, by path relative to it.
    pub statics: BTreeSet<&'a str>,
}

impl<'a> CopiedFiles<'a> {
    pub fn new(content: &'a [SiteFile], statics: &'a [SiteFile]) -> Self {
        CopiedFiles {
            content: content.iter().map(|f| f.rel.as_str()).collect(),
            statics: statics.iter().map(|f| f.rel.as_str()).collect(),
        }
    }

    /// Whether a file lands at `path` in the output.
    pub fn has_output(&self, path: &str) -> bool {
        self.content.contains(path) || self.statics.contains(path)
    }

    /// The output path of the file at `path` relative to the site folder (`content/a/x.png` or
    /// `static/img/y.png`), if it is copied.
    pub fn output_of<'p>(&self, path: &'p str) -> Option<&'p str> {
        if let Some(rel) = path.strip_prefix("content/") {
            return self.content.contains(rel).then_some(rel);
        }
        let rel = path.strip_prefix("static/")?;
        self.statics.contains(rel).then_some(rel)
    }

    /// Every copied file as a path relative to the site folder, for "did you mean" hints.
    pub fn site_paths(&self) -> impl Iterator<Item = String> + '_ {
        let content = self.content.iter().map(|rel| format!("content/{rel}"));
        content.chain(self.statics.iter().map(|rel| format!("static/{rel}")))
    }
}

/// Characters a file name keeps in a URL path segment; everything else is percent-encoded.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The URL of the output file at `path` (`/`-separated, not encoded) relative to the page whose
/// URL is `from` (a folder URL such as `guide/intro/`), each segment percent-encoded.
pub fn file_url(from: &str, path: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (name, folders) = to.split_last().unwrap_or((&"", &[]));
    let common = from.iter().zip(folders).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for segment in folders[common..].iter().chain([name]) {
        url.extend(percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT));
        url.push('/');
    }
    url.pop();
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_relative_to_the_page_folder() {
        assert_eq!(file_url("guide/intro/", "guide/arch.png"), "../arch.png");
        assert_eq!(file_url("guide/", "guide/arch.png"), "arch.png");
        assert_eq!(file_url("", "guide/arch.png"), "guide/arch.png");
        assert_eq!(
            file_url("a/b/c/", "img/x y#1.png"),
            "../../../img/x%20y%231.png"
        );
        assert_eq!(
            file_url("my-stuff/", "My Stuff/p.png"),
            "../My%20Stuff/p.png"
        );
    }
}
