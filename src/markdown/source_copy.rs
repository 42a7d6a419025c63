//! The Markdown copy of a body (for the `.md` copies of pages): a body, where its copy can differ
//! from it (`CopySpots`, noted while the body is rendered), a link rewriter and the site's
//! options in; the same text out with each inline link's and link reference definition's
//! destination replaced where the rewriter gives a new one and — when the site does not allow
//! raw HTML — the `<` of raw HTML escaped, as the page shows it; every other byte kept.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, RefDefs, Tag};

use super::{MarkdownOptions, parser_options};

/// Where a body's Markdown copy can differ from the body: each inline link's, image's and link
/// reference definition's destination, and raw HTML. Noted from the parser's events, by the
/// render pass as it goes (so a page's copy needs no parse of its own) or by [`copy_spots`].
#[derive(Debug, Clone, Default)]
pub struct CopySpots(Vec<CopySpot>);

#[derive(Debug, Clone)]
enum CopySpot {
    /// A destination as the parser read it, where it is written, and the offset the rewriter
    /// gets with it.
    Destination {
        dest: String,
        at: Range<usize>,
        offset: usize,
    },
    Html(Range<usize>),
}

impl CopySpots {
    /// Starts with the destinations of the link reference definitions of `src`.
    pub(super) fn new(src: &str, definitions: &RefDefs<'_>) -> Self {
        let mut spots = Vec::new();
        for (_, definition) in definitions.iter() {
            let span = definition.span.clone();
            // `[label]: dest "title"`: the destination is the first thing after `]:`.
            let after = src[span.clone()]
                .find("]:")
                .map_or(span.start, |i| span.start + i + 2);
            spots.extend(locate(src, after..span.end, &definition.dest).map(|at| {
                CopySpot::Destination {
                    dest: definition.dest.to_string(),
                    at,
                    offset: span.start,
                }
            }));
        }
        Self(spots)
    }

    /// Notes what `event` (at `range` of `src`) adds: raw HTML, or an inline link's or image's
    /// destination.
    pub(super) fn note(&mut self, src: &str, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => self.0.push(CopySpot::Html(range.clone())),
            Event::Start(
                Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url,
                    ..
                },
            ) => {
                // `[text](dest "title")`: the destination follows the last `](` of the link.
                let after = src[range.clone()]
                    .rfind("](")
                    .map_or(range.start, |i| range.start + i + 2);
                if let Some(at) = locate(src, after..range.end, dest_url) {
                    self.0.push(CopySpot::Destination {
                        dest: dest_url.to_string(),
                        at,
                        offset: range.start,
                    });
                }
            }
            _ => {}
        }
    }
}

/// The [`CopySpots`] of `src`, for a copy made apart from a render of it.
pub fn copy_spots(src: &str) -> CopySpots {
    let parser = Parser::new_ext(src, parser_options()).into_offset_iter();
    let mut spots = CopySpots::new(src, parser.reference_definitions());
    for (event, range) in parser {
        spots.note(src, &event, &range);
    }
    spots
}

/// `src` with the destinations `rewrite` maps (it gets each as the parser reads it) replaced in
/// the text, and raw HTML escaped unless `options` allow it; `spots` are those of `src`. A
/// destination written with escapes or entities, which does not appear as read, is left as
/// written.
pub fn markdown_copy(
    src: &str,
    spots: &CopySpots,
    rewrite: &dyn Fn(&str, usize) -> Option<String>,
    options: &MarkdownOptions,
) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for spot in &spots.0 {
        match spot {
            CopySpot::Html(range) => {
                if !options.unsafe_html {
                    edits.push((range.clone(), src[range.clone()].replace('<', "&lt;")));
                }
            }
            CopySpot::Destination { dest, at, offset } => {
                if let Some(new) = rewrite(dest, *offset) {
                    edits.push((at.clone(), new));
                }
            }
        }
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
            &copy_spots(src),
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
            markdown_copy(src, &copy_spots(src), &keep, &safe),
            "&lt;div onclick=\"x()\">\n\nBlock\n\n&lt;/div>\n\nInline &lt;b>bold&lt;/b>, `<code>` kept.\n"
        );
        let trusted = MarkdownOptions { unsafe_html: true };
        assert_eq!(markdown_copy(src, &copy_spots(src), &keep, &trusted), src);
    }
}
