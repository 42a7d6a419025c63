//! `quire check`: every check a build makes (rendered in memory, nothing written), plus authoring
//! lint over the Markdown sources, reported as warnings and notes that never fail the check:
//!
//! - a page without a `summary:` (warning): cards, search results and `<meta name=description>`
//!   fall back to nothing useful;
//! - a heading that skips a level, e.g. `##` then `####` (warning); the page title is the `h1`, so
//!   a body's first heading should be `##`;
//! - an image without alt text, in Markdown or raw `<img>` (warning);
//! - an orphan page (note): a page that no *other* page or section links to, in its text or its
//!   `related:` list. The sidebar lists every page, so nothing is unreachable; the note points at
//!   topics no other topic leads a reader to. The home page and sections are never orphans.

use std::path::Path;
use std::time::{Duration, Instant};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::build::{BuildOptions, render_site};
use crate::config::load_config;
use crate::content::{Content, Source, find_key, load_content};
use crate::error::{Diagnostic, Error};
use crate::markdown::parser_options;
use crate::site::{DocRef, resolve_site};

/// What `quire check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors, warnings and notes, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
    pub elapsed: Duration,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Builds the site in memory and lints its sources; `Err` only for problems outside the content
/// (no `site.yaml`, an unreadable folder).
pub fn check_site(options: &BuildOptions) -> Result<CheckReport, Error> {
    let started = Instant::now();
    let (built, lint) = rayon::join(
        || render_site(options),
        || lint_site(&options.site_dir, options.drafts),
    );
    let mut diagnostics = lint.diagnostics;
    match built {
        Ok(site) => diagnostics.extend(site.warnings),
        Err(Error::Content(found)) => diagnostics.extend(found),
        Err(other) => return Err(other),
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    Ok(CheckReport {
        diagnostics,
        pages: lint.pages,
        sections: lint.sections,
        elapsed: started.elapsed(),
    })
}

struct Lint {
    diagnostics: Vec<Diagnostic>,
    pages: usize,
    sections: usize,
}

/// Lints every source that loads; content that does not load is the build's to report.
fn lint_site(site_dir: &Path, drafts: bool) -> Lint {
    let Ok(content) = load_content(site_dir, drafts, None) else {
        return Lint {
            diagnostics: Vec::new(),
            pages: 0,
            sections: 0,
        };
    };
    let mut diagnostics = Vec::new();
    for section in &content.sections {
        lint_markdown(&section.source, &mut diagnostics);
    }
    for page in &content.pages {
        lint_markdown(&page.source, &mut diagnostics);
        if page.front.summary.trim().is_empty() {
            let (line, column) = find_key(&page.source.text, "title");
            diagnostics.push(
                Diagnostic::warning("page has no `summary:`")
                    .at_line(&page.source.path, &page.source.text, line, column)
                    .with_hint("add one sentence as `summary: …`; cards, search results and the page's description show it"),
            );
        }
    }
    let (pages, sections) = (content.pages.len(), content.sections.len());
    if let Ok(config) = load_config(site_dir) {
        diagnostics.extend(orphans(config, content));
    }
    Lint {
        diagnostics,
        pages,
        sections,
    }
}

/// Notes for pages that no other document links to or names in `related:`.
fn orphans(config: crate::config::Config, content: Content) -> Vec<Diagnostic> {
    let Ok(site) = resolve_site(config, content, None) else {
        return Vec::new(); // broken links: the build reports them
    };
    let mut reached = vec![false; site.content.pages.len()];
    for (page, related) in site.related.iter().enumerate() {
        for &other in related {
            reached[other] |= other != page;
        }
    }
    for (page, backlinks) in site.backlinks.iter().enumerate() {
        reached[page] |= backlinks.iter().any(|&d| d != DocRef::Page(page));
    }
    site.content
        .pages
        .iter()
        .zip(reached)
        .filter(|(_, reached)| !reached)
        .map(|(page, _)| {
            Diagnostic::note("orphan page: no other page or section links to it")
                .in_file(&page.source.path)
                .with_hint(format!(
                    "link to it from a related topic, e.g. `[{}]({})`, or list it in a page's `related:`",
                    page.front.title,
                    page.source.rel.rsplit('/').next().unwrap_or(&page.source.rel)
                ))
        })
        .collect()
}

/// Heading levels and image alt text of one source.
fn lint_markdown(source: &Source, diagnostics: &mut Vec<Diagnostic>) {
    let at = |message: String, offset: usize| {
        Diagnostic::warning(message).at_offset(
            &source.path,
            &source.text,
            source.body_start + offset,
        )
    };
    // The page title is the h1; the body continues below it.
    let mut previous_level = 1;
    // An open image: where it starts and whether its alt text has anything in it yet.
    let mut image: Option<(usize, bool)> = None;
    for (event, range) in Parser::new_ext(source.body(), parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_number(level);
                if level > previous_level + 1 {
                    let hashes = "#".repeat(previous_level + 1);
                    diagnostics.push(
                        at(
                            format!("heading level skips from h{previous_level} to h{level}"),
                            range.start,
                        )
                        .with_hint(if previous_level == 1 {
                            format!("the page title is the h1: start the body's headings with `{hashes}`")
                        } else {
                            format!("use `{hashes}` here, or add the missing level above")
                        }),
                    );
                }
                previous_level = level;
            }
            Event::Start(Tag::Image { .. }) => image = Some((range.start, false)),
            Event::Text(text) | Event::Code(text) if image.is_some() => {
                if let Some((_, has_alt)) = image.as_mut() {
                    *has_alt |= !text.trim().is_empty();
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, false)) = image.take() {
                    diagnostics.push(at("image has no alt text".into(), start).with_hint(
                        "describe the image between the brackets: `![A diagram of …](…)`",
                    ));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for offset in images_without_alt(&html) {
                    diagnostics.push(
                        at("image has no alt text".into(), range.start + offset)
                            .with_hint("add an `alt=\"…\"` attribute that describes the image"),
                    );
                }
            }
            _ => {}
        }
    }
}

fn heading_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Byte offsets of `<img …>` tags in raw HTML that have no `alt` attribute.
fn images_without_alt(html: &str) -> Vec<usize> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<img") {
        let start = from + at;
        let end = lower[start..].find('>').map_or(lower.len(), |i| start + i);
        let tag = &lower[start..end];
        let has_alt = tag
            .split(|c: char| c.is_ascii_whitespace())
            .any(|attr| attr == "alt" || attr.starts_with("alt="));
        if !has_alt {
            found.push(start);
        }
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(body: &str) -> Vec<(String, usize, usize)> {
        let front = "---\ntitle: T\n---\n";
        let source = Source::new(
            "a.md".into(),
            "a.md".into(),
            format!("{front}{body}"),
            front.len(),
        );
        let mut found = Vec::new();
        lint_markdown(&source, &mut found);
        found
            .into_iter()
            .map(|d| {
                let loc = d.location.unwrap();
                (d.message, loc.line, loc.column)
            })
            .collect()
    }

    #[test]
    fn skipped_heading_levels_are_located() {
        let found = lint("## A\n\n#### B\n\n## C\n\n### D\n");
        assert_eq!(
            found,
            [("heading level skips from h2 to h4".to_string(), 6, 1)]
        );
        assert_eq!(
            lint("### First\n")[0].0,
            "heading level skips from h1 to h3"
        );
    }

    #[test]
    fn images_need_alt_text_in_markdown_and_html() {
        let found = lint("ok ![a cat](c.png) bad ![](d.png)\n\n<img src=\"e.png\">\n");
        let messages: Vec<_> = found.iter().map(|f| (f.1, f.2)).collect();
        assert_eq!(messages, [(4, 24), (6, 1)]);
        assert!(lint("<img alt=\"\" src=x.png>\n![`code`](x.png)\n").is_empty());
    }
}
