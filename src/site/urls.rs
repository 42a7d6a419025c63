//! URLs between pages: the link style of a build (hosted, offline, single file) and the relative
//! URLs that make the same output work under any base path and from `file://`.

/// The review page's URL (site-root-relative), made when pages have review questions.
pub const REVIEW_URL: &str = "review/";

/// The print page's URL (site-root-relative), made for sites of up to
/// [`PRINT_MAX_PAGES`](super::PRINT_MAX_PAGES) pages.
pub const PRINT_URL: &str = "print.html";

/// How a build links its pages to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinkStyle {
    /// Pretty directory URLs (`../gil/`), for a web server.
    #[default]
    Hosted,
    /// Links name `index.html` and nothing needs a server: the site works from `file://`.
    Offline,
    /// As `Offline`, and the print page inlines its styles, scripts and search index, to be handed
    /// out as one file.
    SingleFile,
}

impl LinkStyle {
    /// Whether links to a page name its `index.html` (a folder does not open as a page from disk).
    pub fn names_index_html(self) -> bool {
        self != LinkStyle::Hosted
    }
}

/// The URL of `to` relative to the page at `from` (both site-root-relative directory URLs such as
/// `internals/gil/`). Offline styles name `index.html` explicitly.
pub fn relative_url(from: &str, to: &str, style: LinkStyle) -> String {
    let mut from_parts = from.split('/').filter(|s| !s.is_empty());
    let mut to_parts = to.split('/').filter(|s| !s.is_empty()).peekable();
    // Past the folders both share, every folder left in `from` is one step up.
    let mut up = 0;
    while let Some(part) = from_parts.next() {
        if to_parts.peek() == Some(&part) {
            to_parts.next();
        } else {
            up = 1 + from_parts.count();
            break;
        }
    }
    let mut url = String::with_capacity(3 * up + to.len() + "index.html".len());
    for _ in 0..up {
        url.push_str("../");
    }
    for part in to_parts {
        url.push_str(part);
        url.push('/');
    }
    if style.names_index_html() {
        url.push_str("index.html");
    } else if url.is_empty() {
        url.push_str("./");
    }
    url
}

/// The prefix from a page at `from` to the site root: "./" at the root, "../../" two levels down.
pub fn root_prefix(from: &str) -> String {
    let depth = from.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: LinkStyle = LinkStyle::Hosted;
    const O: LinkStyle = LinkStyle::Offline;

    #[test]
    fn relative_urls_work_from_any_depth() {
        assert_eq!(
            relative_url("internals/gil/", "concurrency/asyncio/", H),
            "../../concurrency/asyncio/"
        );
        assert_eq!(relative_url("internals/gil/", "internals/", H), "../");
        assert_eq!(relative_url("internals/gil/", "", H), "../../");
        assert_eq!(relative_url("", "internals/gil/", H), "internals/gil/");
        assert_eq!(relative_url("", "", H), "./");
        assert_eq!(relative_url("a/", "a/", H), "./");
        assert_eq!(relative_url("a/b/", "a/c/", O), "../c/index.html");
        assert_eq!(relative_url("", "", O), "index.html");
        assert_eq!(relative_url("a/", "a/b/", H), "b/");
        assert_eq!(relative_url("a/b/c/", "a/x/y/", H), "../../x/y/");
        assert_eq!(relative_url("a/b/", "a/b/c/", H), "c/");
    }

    #[test]
    fn root_prefix_counts_depth() {
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("internals/gil/"), "../../");
    }
}
