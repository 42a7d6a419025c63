//! Each document's Markdown beside its page, `<page-url>/index.html.md` (the llmstxt.org
//! convention): the title, the summary and the body after preprocessing (includes expanded),
//! with links between pages pointing at the site — absolute with a hosted `base_url`, else
//! relative to the file. Each is made with its page (`Output::doc_files`) and claimed as the
//! page's own. Offline builds also write `index.html.md.js`, the same text as a script that the
//! "Copy page as Markdown" button loads with a `<script>` tag, since from `file://`
//! nothing may be fetched.

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::markdown::{CopySpots, MarkdownOptions, Rendered, markdown_copy};
use crate::site::files::file_url;
use crate::site::urls::{LinkStyle, relative_url};
use crate::site::{DocRef, Site, Target};
use crate::write::OutputFile;

pub struct MarkdownCopies;

/// The Markdown copy's file name, in the page's folder.
pub const FILE: &str = "index.html.md";
/// The same as a script, for offline builds.
const SCRIPT: &str = "index.html.md.js";

impl Output for MarkdownCopies {
    fn is_made(&self, ctx: &OutputContext<'_>) -> bool {
        ctx.site.config.markdown_copies
    }

    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        let site = ctx.site;
        site.docs()
            .flat_map(|doc| {
                let url = site.url(doc);
                let script = (ctx.style == LinkStyle::Offline).then(|| format!("{url}{SCRIPT}"));
                let source = site.source(doc).path.clone();
                std::iter::once(format!("{url}{FILE}"))
                    .chain(script)
                    .map(move |path| Claim::file(path, Some(source.clone())))
            })
            .collect()
    }

    fn make(&self, _: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        Ok(Vec::new())
    }

    fn doc_files(
        &self,
        ctx: &OutputContext<'_>,
        doc: DocRef,
        rendered: &Rendered,
    ) -> Vec<OutputFile> {
        let site = ctx.site;
        let url = site.url(doc);
        let spots = &rendered.copy_spots;
        let markdown = doc_markdown(site, doc, url, (ctx.style, ctx.markdown), spots, false);
        let script = (ctx.style == LinkStyle::Offline).then(|| OutputFile {
            path: format!("{url}{SCRIPT}"),
            bytes: markdown_script(&markdown).into_bytes().into(),
        });
        let mut files = vec![OutputFile {
            path: format!("{url}{FILE}"),
            bytes: markdown.into_bytes().into(),
        }];
        files.extend(script);
        files
    }
}

/// `doc` as Markdown for a file at site-root-relative URL `from`: `# Title`, the summary as a
/// quote, (with `source`) a line naming the page, then the body with links between pages
/// rewritten to the site's URLs (and raw HTML escaped if the site does not allow it); `spots`
/// are the body's.
pub(super) fn doc_markdown(
    site: &Site,
    doc: DocRef,
    from: &str,
    (style, options): (LinkStyle, &MarkdownOptions),
    spots: &CopySpots,
    source: bool,
) -> String {
    let body = site.body(doc).text();
    let mut out = String::with_capacity(body.len() + 200);
    out.push_str("# ");
    out.push_str(&text(site.title(doc)));
    out.push_str("\n\n");
    if source {
        out.push_str("Source: ");
        out.push_str(&site_url(site, from, site.url(doc), style));
        out.push_str("\n\n");
    }
    let lead = site.lead(doc);
    if !lead.trim().is_empty() {
        out.push_str("> ");
        out.push_str(&text(lead));
        out.push_str("\n\n");
    }
    let rewrite = |dest: &str, offset: usize| {
        let origin = site.body(doc).origin_index(offset);
        match site.links(doc).get(origin, dest)? {
            Target::Doc { doc: to, .. } if *to == doc && dest.starts_with('#') => None,
            Target::Doc { doc: to, anchor } => {
                let mut url = site_url(site, from, site.url(*to), style);
                if let Some(anchor) = anchor {
                    url.push('#');
                    url.push_str(anchor);
                }
                Some(url)
            }
            Target::File { path, suffix } => {
                Some(file_site_url(site, from, path, style) + &destination(suffix))
            }
        }
    };
    let copy = markdown_copy(body, spots, &rewrite, options);
    out.push_str(copy.trim_start_matches(['\n', '\r']));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The URL of the page at `to` as a Markdown file at `from` links to it: absolute on a hosted
/// site with a `base_url`, else relative; safe as a link destination.
pub(super) fn site_url(site: &Site, from: &str, to: &str, style: LinkStyle) -> String {
    let base = &site.config.base_url;
    if style == LinkStyle::Hosted && !base.is_empty() {
        destination(&format!("{base}{to}"))
    } else {
        destination(&relative_url(from, to, style))
    }
}

/// The URL of the copied file at `path` as a Markdown file at `from` links to it: absolute on a
/// hosted site with a `base_url`, else relative; safe as a link destination.
fn file_site_url(site: &Site, from: &str, path: &str, style: LinkStyle) -> String {
    let base = &site.config.base_url;
    if style == LinkStyle::Hosted && !base.is_empty() {
        destination(&format!("{base}{}", file_url("", path)))
    } else {
        destination(&file_url(from, path))
    }
}

/// A URL as a Markdown link destination (or bare text): the characters that would end it or
/// start markup percent-encoded.
pub(super) fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '<' | '>' | '(' | ')' | '"' | '\\' | '[' | ']' | '`' => {
                out.push_str(&format!("%{:02X}", u32::from(c)));
            }
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Plain text (a title, a summary) as Markdown that shows it as written: on one line (a line
/// break would end a heading or a quote), with the characters that would start markup — raw
/// HTML, an entity, a link — escaped.
pub(super) fn text(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len());
    for (i, word) in plain.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(c, '\\' | '<' | '>' | '[' | ']' | '&') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The script that hands the page's Markdown to the copy button: a JSON string is a JavaScript
/// string literal.
fn markdown_script(markdown: &str) -> String {
    let literal = serde_json::Value::String(markdown.to_string()).to_string();
    format!("window.quirePageMarkdown = {literal};\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::copy_spots;
    use crate::site::tests::site_from;

    const HOSTED: (LinkStyle, &MarkdownOptions) =
        (LinkStyle::Hosted, &MarkdownOptions { unsafe_html: true });

    fn spots(site: &Site, doc: DocRef) -> CopySpots {
        copy_spots(site.body(doc).text())
    }

    #[test]
    fn links_point_at_the_site_from_where_the_file_is() {
        let mut site = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\nStart at [a](s/a.md#part).\n"),
            ("s/_index.md", "---\ntitle: S\n---\n"),
            (
                "s/a.md",
                "---\ntitle: A\nsummary: |\n  First\n  line.\n---\n## Part\n\nBack [home](../_index.md), [here](#part).\n",
            ),
        ])
        .unwrap();
        let a = DocRef::Page(site.content.pages.ids().next().unwrap());
        assert_eq!(
            doc_markdown(&site, a, "s/a/", HOSTED, &spots(&site, a), false),
            "# A\n\n> First line.\n\n## Part\n\nBack [home](../../), [here](#part).\n"
        );
        assert_eq!(
            doc_markdown(
                &site,
                DocRef::HOME,
                "",
                (LinkStyle::Offline, HOSTED.1),
                &spots(&site, DocRef::HOME),
                true
            ),
            "# Home\n\nSource: index.html\n\nStart at [a](s/a/index.html#part).\n"
        );
        site.config.base_url = "https://x.org/docs/".into();
        assert!(
            doc_markdown(&site, a, "s/a/", HOSTED, &spots(&site, a), false)
                .contains("[home](https://x.org/docs/)")
        );
    }

    #[test]
    fn front_matter_text_cannot_become_markup() {
        assert_eq!(
            text("<b>a</b> &amp; [x](y)\n  \\ b"),
            "\\<b\\>a\\</b\\> \\&amp; \\[x\\](y) \\\\ b"
        );
    }

    #[test]
    fn urls_are_safe_link_destinations() {
        assert_eq!(
            destination("https://x.org/<svg a>(b)/café/"),
            "https://x.org/%3Csvg%20a%3E%28b%29/café/"
        );
    }

    #[test]
    fn the_script_is_a_string_assignment() {
        assert_eq!(
            markdown_script("a \"b\"\n</script>"),
            "window.quirePageMarkdown = \"a \\\"b\\\"\\n</script>\";\n"
        );
    }
}
