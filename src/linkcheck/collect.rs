//! The external links of a site: every document's `http(s)` link and image destinations in; each
//! URL (without its `#fragment`) out, with every place it is written, located in the file the
//! text came from.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::markdown::scan_markdown;
use crate::site::Site;

/// Each external URL and where it is written: a diagnostic located at each place, its message
/// still empty.
pub type ExternalLinks = BTreeMap<String, Vec<Diagnostic>>;

/// Every external link of `site`'s documents, by URL.
pub fn external_links(site: &Site) -> ExternalLinks {
    let mut links = ExternalLinks::new();
    for doc in site.docs() {
        let body = site.body(doc);
        for link in scan_markdown(body.text()).links {
            let Some(url) = external_url(&link.dest) else {
                continue;
            };
            let place = body.locate(Diagnostic::error(String::new()), link.offset);
            links.entry(url.to_string()).or_default().push(place);
        }
    }
    links
}

/// The URL to request for a destination, if it is an `http(s)` one: without its fragment.
fn external_url(dest: &str) -> Option<&str> {
    let scheme = dest.split_once(':')?.0;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    Some(dest.split_once('#').map_or(dest, |(url, _)| url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::site_from;

    #[test]
    fn http_links_are_collected_with_their_places() {
        assert_eq!(external_url("https://x.org/a#b"), Some("https://x.org/a"));
        assert_eq!(external_url("HTTP://x.org/"), Some("HTTP://x.org/"));
        assert_eq!(external_url("mailto:a@b"), None);
        assert_eq!(external_url("../a.md"), None);
        let site = site_from(&[
            (
                "_index.md",
                "---\ntitle: Home\n---\nSee [x](https://x.org/a#top) and\n![i](http://y.org/i.png).\n",
            ),
            ("a.md", "---\ntitle: A\n---\n\n<https://x.org/a>\n"),
        ])
        .unwrap();
        let links = external_links(&site);
        let places = |url: &str| -> Vec<(String, usize, usize)> {
            links[url]
                .iter()
                .map(|d| {
                    let loc = d.location.as_ref().unwrap();
                    (loc.path.display().to_string(), loc.line, loc.column)
                })
                .collect()
        };
        assert_eq!(links.len(), 2);
        assert!(
            places("https://x.org/a")[0]
                .0
                .ends_with("content/_index.md")
        );
        let lines: Vec<(usize, usize)> = places("https://x.org/a")
            .into_iter()
            .map(|(_, l, c)| (l, c))
            .collect();
        assert_eq!(lines, [(4, 5), (5, 1)]);
        assert_eq!(places("http://y.org/i.png")[0].1, 5);
    }
}
