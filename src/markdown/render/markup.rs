//! Fixed markup the render pass writes: admonition openings, task list checkboxes, footnote ids.

use pulldown_cmark::BlockQuoteKind;

/// The id of a footnote: `fn-` and its label, lowercased with whitespace runs as `-`, so that
/// `[^My note]` and `[^my note]` meet and the id is a valid HTML id (no spaces).
pub(super) fn footnote_id(label: &str) -> String {
    let mut id = String::from("fn-");
    for (i, word) in label.split_whitespace().enumerate() {
        if i > 0 {
            id.push('-');
        }
        id.extend(word.chars().flat_map(char::to_lowercase));
    }
    id
}

/// The opening of an admonition (`> [!NOTE]` and its kin), with its title.
pub(super) fn admonition_start(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"admonition note\" role=\"note\"><p class=\"admonition-title\">Note</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"admonition tip\" role=\"note\"><p class=\"admonition-title\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"admonition important\" role=\"note\">\
             <p class=\"admonition-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"admonition warning\" role=\"note\">\
             <p class=\"admonition-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"admonition caution\" role=\"note\">\
             <p class=\"admonition-title\">Caution</p>\n"
        }
    }
}

/// A task list checkbox; read-only, and named so that it passes axe-core's `label` rule.
pub(super) fn task_checkbox(checked: bool) -> &'static str {
    if checked {
        "<input type=\"checkbox\" class=\"task\" disabled=\"\" checked=\"\" aria-label=\"Done\"> "
    } else {
        "<input type=\"checkbox\" class=\"task\" disabled=\"\" aria-label=\"To do\"> "
    }
}
