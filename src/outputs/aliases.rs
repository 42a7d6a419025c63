//! Alias pages: for every old URL a document lists under `aliases:`, a small page that sends the
//! reader on to the document — a meta refresh with a relative URL (so it works under any base
//! path and from `file://`), a visible link, and `rel=canonical` naming the new page (absolute
//! with `base_url`). The sitemap leaves them out; collisions are found by the claims check.

use super::claims::AliasSource;
use super::{Claim, Done, Output, OutputContext};
use crate::error::{Error, Location};
use crate::html::escaped;
use crate::site::urls::{LinkStyle, relative_url};
use crate::site::{Alias, Site};
use crate::write::OutputFile;

pub struct AliasPages;

impl Output for AliasPages {
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        let site = ctx.site;
        site.aliases
            .iter()
            .map(|alias| {
                let source = site.source(alias.doc);
                let line_text = source
                    .text
                    .lines()
                    .nth(alias.line - 1)
                    .unwrap_or_default()
                    .trim_end_matches('\r')
                    .to_string();
                Claim::alias(
                    alias.path.clone(),
                    AliasSource {
                        alias: alias.written.clone(),
                        location: Location {
                            path: source.path.clone(),
                            line: alias.line,
                            column: alias.column,
                        },
                        line_text,
                    },
                )
            })
            .collect()
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        Ok(ctx
            .site
            .aliases
            .iter()
            .map(|alias| OutputFile {
                path: alias.path.clone(),
                bytes: redirect_page(ctx.site, alias, ctx.style)
                    .into_bytes()
                    .into(),
            })
            .collect())
    }
}

/// The page at an alias's path that sends the reader to its document. It is shown for an
/// instant: its icon is empty, so the browser asks the server for nothing but the new page.
fn redirect_page(site: &Site, alias: &Alias, style: LinkStyle) -> String {
    let config = &site.config;
    let target = site.url(alias.doc);
    let href = escaped(&relative_url(alias.folder(), target, style));
    let canonical = if style == LinkStyle::Hosted && !config.base_url.is_empty() {
        escaped(&format!("{}{target}", config.base_url))
    } else {
        href.clone()
    };
    let title = escaped(site.title(alias.doc));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = escaped(&config.language),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::site_from;

    #[test]
    fn a_redirect_links_relative_to_where_it_is() {
        let mut site = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("s/_index.md", "---\ntitle: S\n---\n"),
            (
                "s/new.md",
                "---\ntitle: New <page>\naliases: [/old/deep/, /legacy.html]\n---\n",
            ),
        ])
        .unwrap();
        let deep = redirect_page(&site, &site.aliases[0], LinkStyle::Hosted);
        assert!(deep.contains(r#"content="0; url=../../s/new/""#), "{deep}");
        assert!(deep.contains(r#"<link rel="canonical" href="../../s/new/">"#));
        assert!(deep.contains(r#"<a href="../../s/new/">New &lt;page&gt;</a>"#));
        let flat = redirect_page(&site, &site.aliases[1], LinkStyle::Offline);
        assert!(flat.contains(r#"url=s/new/index.html""#), "{flat}");
        site.config.base_url = "https://example.org/docs/".into();
        let hosted = redirect_page(&site, &site.aliases[1], LinkStyle::Hosted);
        assert!(
            hosted.contains(r#"<link rel="canonical" href="https://example.org/docs/s/new/">"#),
            "{hosted}"
        );
        assert!(hosted.contains(r#"url=s/new/""#));
    }
}
