//! Heading anchors: heading events -> plain text -> GitHub-style, page-unique ids.
//!
//! Both passes (`scan_markdown` and `render_markdown`) go through this module, so a link
//! checked against the scan always points at an id the render emits.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::Event;

/// Appends the plain-text contribution of one event inside a heading to `out`.
///
/// Text and inline code count; raw inline HTML tags and footnote references do not; line
/// breaks (setext headings span lines) become a space.
pub(super) fn push_heading_text(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(text)
        | Event::Code(text)
        | Event::InlineMath(text)
        | Event::DisplayMath(text) => out.push_str(text),
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        _ => {}
    }
}

/// GitHub-style slug of a heading's plain text: lowercase, letters and digits of any script plus
/// `-` and `_` kept, each whitespace character becomes `-`, all other punctuation is dropped.
/// Never empty: a heading with nothing left gets `section`.
pub(super) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if c == '-' || c == '_' || c.is_whitespace() {
            slug.push(if c == '_' { '_' } else { '-' });
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Ids the default templates give their own elements: a heading never takes one of them (a
/// "## Content" heading becomes `content-1`), so a page never has an id twice. Keep in step
/// with `templates/` (a test checks).
pub const TEMPLATE_IDS: &[&str] = &[
    "backlinks-title",
    "content",
    "progress-bar",
    "progress-confirm",
    "progress-panel",
    "progress-reset",
    "progress-reset-no",
    "progress-reset-yes",
    "progress-text",
    "progress-title",
    "related-title",
    "review",
    "review-bar",
    "review-done",
    "review-list",
    "review-progress",
    "review-reset",
    "review-scope",
    "search-input",
    "search-message",
    "search-results",
    "search-scope",
    "search-status",
    "sidebar",
    "theme-toggle",
];

/// The ids already given out on one page.
#[derive(Debug)]
pub(super) struct HeadingIds {
    used: HashSet<String>,
    /// Per base id, the first suffix not yet known to be taken (keeps many duplicates linear).
    next_suffix: HashMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        HeadingIds {
            used: TEMPLATE_IDS.iter().map(|id| (*id).to_owned()).collect(),
            next_suffix: HashMap::new(),
        }
    }
}

impl HeadingIds {
    /// The id for the next heading: its `{#custom-id}` if it has one, else the slug of its text;
    /// a taken id gets the first free `-1`, `-2`, … suffix.
    pub(super) fn assign(&mut self, custom: Option<&str>, text: &str) -> String {
        let base = match custom {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => slugify(text),
        };
        let mut id = base;
        if self.used.contains(&id) {
            let mut n = self.next_suffix.get(&id).copied().unwrap_or(1);
            let base_len = id.len();
            loop {
                id.truncate(base_len);
                id.push('-');
                id.push_str(&n.to_string());
                if !self.used.contains(&id) {
                    break;
                }
                n += 1;
            }
            self.next_suffix.insert(id[..base_len].to_owned(), n + 1);
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_follows_github_rules() {
        assert_eq!(slugify("How pymalloc works"), "how-pymalloc-works");
        assert_eq!(slugify("What's new in 3.12?"), "whats-new-in-312");
        assert_eq!(slugify("A & B"), "a--b");
        assert_eq!(
            slugify("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(slugify("__init__() / __new__()"), "__init__--__new__");
        assert_eq!(slugify("C++ (and C#)"), "c-and-c");
    }

    #[test]
    fn slug_is_unicode_aware() {
        assert_eq!(slugify("Über Straße"), "über-straße");
        assert_eq!(slugify("ΑΒΓ Δέλτα"), "αβγ-δέλτα");
        assert_eq!(slugify("日本語 テキスト"), "日本語-テキスト");
        assert_eq!(slugify("Привет, мир!"), "привет-мир");
        assert_eq!(slugify("emoji 🎉 party"), "emoji--party");
    }

    #[test]
    fn empty_slug_becomes_section() {
        assert_eq!(slugify(""), "section");
        assert_eq!(slugify("?!…"), "section");
        assert_eq!(slugify("🎉"), "section");
    }

    #[test]
    fn duplicates_get_numbered_suffixes() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign(None, "Example"), "example");
        assert_eq!(ids.assign(None, "Example"), "example-1");
        assert_eq!(ids.assign(None, "Example"), "example-2");
        assert_eq!(ids.assign(None, "?"), "section");
        assert_eq!(ids.assign(None, "!"), "section-1");
    }

    #[test]
    fn suffixes_never_collide_with_existing_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign(None, "a-1"), "a-1");
        assert_eq!(ids.assign(None, "a"), "a");
        assert_eq!(ids.assign(None, "a"), "a-2");
        assert_eq!(ids.assign(None, "a 2"), "a-2-1");
        assert_eq!(ids.assign(None, "a"), "a-3");
    }

    #[test]
    fn many_duplicates_stay_fast() {
        let mut ids = HeadingIds::default();
        for _ in 0..20_000 {
            ids.assign(None, "Example");
        }
        assert_eq!(ids.assign(None, "Example"), "example-20000");
    }

    #[test]
    fn headings_never_take_an_id_the_templates_use() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign(None, "Content"), "content-1");
        assert_eq!(ids.assign(Some("sidebar"), "Menu"), "sidebar-1");
        let mut literal_ids = Vec::new();
        for (name, text) in crate::templates::theme::DEFAULT_TEMPLATES {
            for (at, _) in text.match_indices(" id=\"") {
                let rest = &text[at + 5..];
                let id = &rest[..rest.find('"').unwrap_or(0)];
                if !id.contains("{{") {
                    literal_ids.push((*name, id));
                }
            }
        }
        for (name, id) in literal_ids {
            assert!(
                TEMPLATE_IDS.contains(&id),
                "templates/{name} uses id `{id}`: add it to anchors::TEMPLATE_IDS"
            );
        }
    }

    #[test]
    fn custom_ids_win_and_are_deduplicated() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign(Some("intro"), "Introduction"), "intro");
        assert_eq!(ids.assign(None, "Intro"), "intro-1");
        assert_eq!(ids.assign(Some("intro"), "Again"), "intro-2");
        assert_eq!(ids.assign(Some(""), "Fallback"), "fallback");
    }
}
