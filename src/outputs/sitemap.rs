//! `sitemap.xml`: every page's absolute URL for search engines, in a stable order, with the date
//! it was last committed when git knows it; made only for a hosted site with a `base_url`.
//! Aliases and tag pages are left out.

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::history::CommitDate;
use crate::html::escape_html;
use crate::site::urls::LinkStyle;
use crate::write::OutputFile;

pub struct Sitemap;

const PATH: &str = "sitemap.xml";

impl Output for Sitemap {
    fn is_made(&self, ctx: &OutputContext<'_>) -> bool {
        ctx.style == LinkStyle::Hosted && !ctx.site.config.base_url.is_empty()
    }

    fn claims(&self, _: &OutputContext<'_>) -> Vec<Claim> {
        vec![Claim::generated(PATH)]
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let site = ctx.site;
        let mut urls: Vec<(&str, Option<&str>)> = site
            .docs()
            .map(|d| (site.url(d), site.updated(d).map(CommitDate::iso)))
            .collect();
        urls.sort_unstable();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (url, updated) in urls {
            xml.push_str("  <url><loc>");
            escape_html(&mut xml, &format!("{}{url}", site.config.base_url));
            xml.push_str("</loc>");
            if let Some(date) = updated {
                xml.push_str("<lastmod>");
                escape_html(&mut xml, date);
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        Ok(vec![OutputFile {
            path: PATH.into(),
            bytes: xml.into_bytes().into(),
        }])
    }
}
