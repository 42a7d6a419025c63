//! Authoring lint of one body, fed the render pass's events: headings that skip a level and
//! images without alt text (Markdown or raw `<img>`). `quire check` reports what it finds.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Warning;
use super::raw_html::tags_without;

/// What the lint of one body has seen so far, and found.
pub(super) struct Lint {
    /// The level of the last heading; the page title is the h1, so a body starts below it.
    previous_level: u8,
    /// An open image: where it starts and whether its alt text has anything in it yet.
    image: Option<(usize, bool)>,
    found: Vec<Warning>,
}

impl Default for Lint {
    fn default() -> Self {
        Lint {
            previous_level: 1,
            image: None,
            found: Vec::new(),
        }
    }
}

impl Lint {
    /// Notes skipped heading levels and images without alt text (Markdown or raw `<img>`).
    pub(super) fn event(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                if level > self.previous_level + 1 {
                    let hashes = "#".repeat(usize::from(self.previous_level) + 1);
                    let hint = if self.previous_level == 1 {
                        format!(
                            "the page title is the h1: start the body's headings with `{hashes}`"
                        )
                    } else {
                        format!("use `{hashes}` here, or add the missing level above")
                    };
                    self.found.push(Warning {
                        offset,
                        message: format!(
                            "heading level skips from h{} to h{level}",
                            self.previous_level
                        ),
                        hint: Some(hint),
                    });
                }
                self.previous_level = level;
            }
            Event::Start(Tag::Image { .. }) => self.image = Some((offset, false)),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, has_alt)) = self.image.as_mut() {
                    *has_alt |= !text.trim().is_empty();
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, false)) = self.image.take() {
                    self.found.push(Warning {
                        offset: start,
                        message: "image has no alt text".into(),
                        hint: Some(
                            "describe the image between the brackets: `![A diagram of …](…)`"
                                .into(),
                        ),
                    });
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for at in tags_without(html, "img", "alt") {
                    self.found.push(Warning {
                        offset: offset + at,
                        message: "image has no alt text".into(),
                        hint: Some("add an `alt=\"…\"` attribute that describes the image".into()),
                    });
                }
            }
            _ => {}
        }
    }

    pub(super) fn finish(self) -> Vec<Warning> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render;

    /// (message, line, column) of each lint finding of `body`.
    fn lint(body: &str) -> Vec<(String, usize, usize)> {
        let rendered = render(body);
        rendered
            .lint
            .into_iter()
            .map(|w| {
                let (line, column) = crate::error::line_column(body, w.offset);
                (w.message, line, column)
            })
            .collect()
    }

    #[test]
    fn skipped_heading_levels_are_located() {
        let found = lint("## A\n\n#### B\n\n## C\n\n### D\n");
        assert_eq!(
            found,
            [("heading level skips from h2 to h4".to_string(), 3, 1)]
        );
        assert_eq!(
            lint("### First\n")[0].0,
            "heading level skips from h1 to h3"
        );
    }

    #[test]
    fn images_need_alt_text_in_markdown_and_html() {
        let found = lint("ok ![a cat](c.png) bad ![](d.png)\n\n<img src=\"e.png\">\n");
        let places: Vec<_> = found.iter().map(|f| (f.1, f.2)).collect();
        assert_eq!(places, [(1, 24), (3, 1)]);
        assert!(lint("<img alt=\"\" src=x.png>\n![`code`](x.png)\n").is_empty());
    }
}
