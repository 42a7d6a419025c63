//! `llms.txt` and `llms-full.txt` at the site root, for AI tools (llmstxt.org): the first is the
//! site's title, its description as a quote and, per section, a list of its pages as
//! `- [Title](url): summary` linking to each page's Markdown copy (to the page, on a site without
//! copies); the second is every document's
//! Markdown in reading order, made (like `print.html`) for sites up to `PRINT_MAX_PAGES` pages.

use rayon::prelude::*;

use super::markdown_copies::{FILE, destination, doc_markdown, text};
use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::markdown::copy_spots;
use crate::site::urls::{LinkStyle, relative_url};
use crate::site::{DocRef, SectionId, Site};
use crate::write::OutputFile;

pub struct LlmsTxt;

const INDEX: &str = "llms.txt";
const FULL: &str = "llms-full.txt";

impl Output for LlmsTxt {
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        let mut claims = vec![Claim::generated(INDEX)];
        if ctx.has_print_page() {
            claims.push(Claim::generated(FULL));
        }
        claims
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let (site, style) = (ctx.site, ctx.style);
        let mut files = vec![OutputFile {
            path: INDEX.into(),
            bytes: llms_index(site, style).into_bytes().into(),
        }];
        if ctx.has_print_page() {
            let docs: Vec<String> = site
                .print_order()
                .par_iter()
                .map(|&doc| {
                    let spots = copy_spots(site.body(doc).text());
                    doc_markdown(site, doc, "", (style, ctx.markdown), &spots, true)
                })
                .collect();
            let full = header(site) + &docs.join("\n---\n\n");
            files.push(OutputFile {
                path: FULL.into(),
                bytes: full.into_bytes().into(),
            });
        }
        Ok(files)
    }
}

/// `# Site title` and the description as a quote.
fn header(site: &Site) -> String {
    let config = &site.config;
    let mut out = format!("# {}\n\n", text(&config.title));
    if !config.description.trim().is_empty() {
        out.push_str(&format!("> {}\n\n", text(&config.description)));
    }
    out
}

/// `llms.txt`: the home page and its own pages as a list, then a `##` list per section (nested
/// sections named with their parents), each starting with the section's own page.
fn llms_index(site: &Site, style: LinkStyle) -> String {
    let mut out = header(site);
    let mut stack = vec![(SectionId::HOME, String::new())];
    while let Some((id, heading)) = stack.pop() {
        let section = &site.content.sections[id];
        if !heading.is_empty() {
            out.push_str(&format!("## {heading}\n\n"));
        }
        list_item(&mut out, site, DocRef::Section(id), style);
        for &page in &section.pages {
            list_item(&mut out, site, DocRef::Page(page), style);
        }
        out.push('\n');
        for &child in section.sections.iter().rev() {
            let title = text(site.title(DocRef::Section(child)));
            let name = if heading.is_empty() {
                title
            } else {
                format!("{heading} › {title}")
            };
            stack.push((child, name));
        }
    }
    out
}

/// `- [Title](url): summary`, the URL of its Markdown copy (of the page itself when the site
/// makes no copies).
fn list_item(out: &mut String, site: &Site, doc: DocRef, style: LinkStyle) {
    let base = &site.config.base_url;
    let absolute = style == LinkStyle::Hosted && !base.is_empty();
    let path = if site.config.markdown_copies {
        format!("{}{FILE}", site.url(doc))
    } else if absolute {
        site.url(doc).to_owned()
    } else {
        relative_url("", site.url(doc), style)
    };
    let url = if absolute {
        destination(&format!("{base}{path}"))
    } else {
        destination(&path)
    };
    out.push_str(&format!("- [{}]({url})", text(site.title(doc))));
    let lead = site.lead(doc);
    if !lead.trim().is_empty() {
        out.push_str(": ");
        out.push_str(&text(lead));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::site_from;

    #[test]
    fn llms_txt_lists_each_section_with_its_pages() {
        let mut site = site_from(&[
            (
                "_index.md",
                "---\ntitle: Home\ndescription: Start here.\n---\n",
            ),
            ("intro.md", "---\ntitle: Intro [1]\n---\n"),
            ("a/_index.md", "---\ntitle: A\nweight: 1\n---\n"),
            ("a/p.md", "---\ntitle: P\nsummary: About p.\n---\n"),
            ("a/b/_index.md", "---\ntitle: B\n---\n"),
            ("a/b/q.md", "---\ntitle: Q\n---\n"),
            ("c/_index.md", "---\ntitle: C\nweight: 2\n---\n"),
        ])
        .unwrap();
        site.config.title = "Site".into();
        site.config.description = "All about it.".into();
        assert_eq!(
            llms_index(&site, LinkStyle::Hosted),
            "# Site\n\n> All about it.\n\n\
             - [Home](index.html.md): Start here.\n- [Intro \\[1\\]](intro/index.html.md)\n\n\
             ## A\n\n- [A](a/index.html.md)\n- [P](a/p/index.html.md): About p.\n\n\
             ## A › B\n\n- [B](a/b/index.html.md)\n- [Q](a/b/q/index.html.md)\n\n\
             ## C\n\n- [C](c/index.html.md)\n\n"
        );
        site.config.base_url = "https://x.org/".into();
        assert!(llms_index(&site, LinkStyle::Hosted).contains("(https://x.org/a/index.html.md)"));
        assert!(llms_index(&site, LinkStyle::Offline).contains("(a/index.html.md)"));
    }
}
