//! The Markdown copy of a body (for the `.md` copies of pages): a body, a link rewriter and the
//! site's options in; the same text out with each inline link's and link reference definition's
//! destination replaced where the rewriter gives a new one and — when the site does not allow
//! raw HTML — the `<` of raw HTML escaped, as the page shows it; every other byte kept.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::{MarkdownOptions, parser_options};

/// `src` with the destinations `rewrite` maps (it gets each as the parser reads it) replaced in
/// the text, and raw HTML escaped unless `options` allow it. A destination written with escapes
/// or entities, which does not appear as read, is left as written.
pub fn markdown_copy(
    src: &str,
    rewrite: &dyn Fn(&str, usize) -> Option<String>,
    options: &MarkdownOptions,
) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut parser = Parser::new_ext(src, parser_options()).into_offset_iter();
    for (_, definition) in parser.reference_definitions().iter() {
        let span = definition.span.clone();
        if let Some(new) = rewrite(&definition.dest, definition.span.start) {
            // `[label]: dest "title"`: the destination is the first thing after `]:`.
            let after = src[span.clone()]
                .find("]:")
                .map_or(span.start, |i| span.start + i + 2);
            edits.extend(locate(src, after..span.end, &definition.dest).map(|at| (at, new)));
        }
    }
    for (event, range) in parser.by_ref() {
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            if !options.unsafe_html {
                edits.push((range.clone(), src[range].replace('<', "&lt;")));
            }
            continue;
        }
        let (Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type: LinkType::Inline,
            dest_url,
            ..
        })) = event
        else {
            continue;
        };
        let Some(new) = rewrite(&dest_url, range.start) else {
            continue;
        };
        // `[text](dest "title")`: the destination follows the last `](` of the link.
        let after = src[range.clone()]
            .rfind("](")
            .map_or(range.start, |i| range.start + i + 2);
        edits.extend(locate(src, after..range.end, &dest_url).map(|at| (at, new)));
    }
    edits.sort_by_key(|(at, _)| at.start);
    let mut out = String::with_capacity(src.len());
    let mut done = 0;
    for (at, new) in edits {
        if at.start < done {
            continue;
        }
        out.push_str(&src[done..at.start]);
        out.push_str(&new);
        done = at.end;
    }
    out.push_str(&src[done..]);
    out
}

/// Where `dest` is first written in `src[within]`.
fn locate(src: &str, within: Range<usize>, dest: &str) -> Option<Range<usize>> {
    let start = within.start + src.get(within)?.find(dest)?;
    Some(start..start + dest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(src: &str) -> String {
        let options = MarkdownOptions { unsafe_html: true };
        markdown_copy(
            src,
            &|dest, _| {
                dest.strip_suffix(".md")
                    .map(|stem| format!("https://x.org/{stem}/"))
            },
            &options,
        )
    }

    #[test]
    fn inline_and_reference_destinations_are_replaced_in_place() {
        assert_eq!(
            rewrite("See [a](a.md \"about a.md\") and ![b](b.md).\n"),
            "See [a](https://x.org/a/ \"about a.md\") and ![b](https://x.org/b/).\n"
        );
        assert_eq!(
            rewrite("Read [the guide][g].\n\n[g]: ../guide.md \"Guide\"\n"),
            "Read [the guide][g].\n\n[g]: https://x.org/../guide/ \"Guide\"\n"
        );
        assert_eq!(rewrite("[x](<a b.md>)"), "[x](<https://x.org/a b/>)");
    }

    #[test]
    fn everything_else_is_kept() {
        let src = "# Title {#id}\n\n`[x](a.md)` in code\n\n```md\n[y](b.md)\n```\n\n[ext](https://e.org/a)\n";
        assert_eq!(rewrite(src), src);
    }

    #[test]
    fn raw_html_is_escaped_when_the_site_does_not_allow_it() {
        let src =
            "<div onclick=\"x()\">\n\nBlock\n\n</div>\n\nInline <b>bold</b>, `<code>` kept.\n";
        let keep = |_: &str, _: usize| None;
        let safe = MarkdownOptions { unsafe_html: false };
        assert_eq!(
            markdown_copy(src, &keep, &safe),
            "&lt;div onclick=\"x()\">\n\nBlock\n\n&lt;/div>\n\nInline &lt;b>bold&lt;/b>, `<code>` kept.\n"
        );
        let trusted = MarkdownOptions { unsafe_html: true };
        assert_eq!(markdown_copy(src, &keep, &trusted), src);
    }
}
