//! Search text: the text events of a body in; one [`TextSection`] per heading section out,
//! prose whitespace-collapsed, code kept apart, raw HTML tags stripped.

use super::TextSection;

/// Where the crude raw-HTML tag stripper is, between events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlState {
    Text,
    Tag,
    Comment,
}

/// Collects the search text of one body, section by section.
#[derive(Debug)]
pub(super) struct SectionsBuilder {
    sections: Vec<TextSection>,
    /// Whitespace (or a block boundary) was seen since the last word of prose.
    pending_space: bool,
    html: HtmlState,
}

impl SectionsBuilder {
    pub(super) fn new() -> Self {
        Self {
            sections: vec![TextSection::default()],
            pending_space: false,
            html: HtmlState::Text,
        }
    }

    fn current(&mut self) -> &mut TextSection {
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    /// Starts the section of a heading; the text that follows belongs to it.
    pub(super) fn start_section(&mut self, anchor: String, heading: String) {
        self.sections.push(TextSection {
            anchor,
            heading,
            ..TextSection::default()
        });
        self.pending_space = false;
    }

    /// Ends a word: the next prose starts after a space (block ends, line breaks).
    pub(super) fn word_break(&mut self) {
        self.pending_space = true;
    }

    /// Appends prose, collapsing every run of whitespace to one space.
    pub(super) fn push_prose(&mut self, text: &str) {
        let starts_with_space = text.starts_with(char::is_whitespace);
        let ends_with_space = text.ends_with(char::is_whitespace);
        let mut space = self.pending_space || starts_with_space;
        let section = self.current();
        let mut pushed = false;
        let mut push = |word: &str| {
            if space && !section.text.is_empty() {
                section.text.push(' ');
            }
            section.text.push_str(word);
            space = true;
            pushed = true;
        };
        let words = text.trim_matches(' ');
        if single_spaced(words) {
            // The words and the single spaces between them, as they are (most prose).
            if !words.is_empty() {
                push(words);
            }
        } else if text.is_ascii() {
            // What `split_whitespace` gives, without decoding characters: ASCII white space
            // is these six bytes.
            let is_space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r');
            let mut at = 0;
            for piece in text.as_bytes().split(is_space) {
                if !piece.is_empty() {
                    push(&text[at..at + piece.len()]);
                }
                at += piece.len() + 1;
            }
        } else {
            text.split_whitespace().for_each(push);
        }
        self.pending_space = if pushed {
            ends_with_space
        } else {
            self.pending_space || !text.is_empty()
        };
    }

    /// Appends the text of raw HTML, dropping tags and comments (which may span events).
    /// `tags_break_words`: a tag separates words (HTML blocks) or not (inline HTML).
    pub(super) fn push_html(&mut self, html: &str, tags_break_words: bool) {
        let mut rest = html;
        while !rest.is_empty() {
            match self.html {
                HtmlState::Text => match rest.find('<') {
                    Some(start) => {
                        self.push_prose(&rest[..start]);
                        rest = &rest[start..];
                        if rest.starts_with("<!--") {
                            self.html = HtmlState::Comment;
                            rest = &rest[4..];
                        } else if rest[1..].starts_with(|c: char| {
                            c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?'
                        }) {
                            self.html = HtmlState::Tag;
                            rest = &rest[1..];
                        } else {
                            self.push_prose("<");
                            rest = &rest[1..];
                        }
                        if tags_break_words && self.html != HtmlState::Text {
                            self.word_break();
                        }
                    }
                    None => {
                        self.push_prose(rest);
                        rest = "";
                    }
                },
                HtmlState::Tag => match rest.find('>') {
                    Some(end) => {
                        self.html = HtmlState::Text;
                        rest = &rest[end + 1..];
                    }
                    None => rest = "",
                },
                HtmlState::Comment => match rest.find("-->") {
                    Some(end) => {
                        self.html = HtmlState::Text;
                        rest = &rest[end + 3..];
                    }
                    None => rest = "",
                },
            }
        }
    }

    /// Appends the text of a code block.
    pub(super) fn push_code(&mut self, code: &str) {
        let section = self.current();
        if !section.code.is_empty() && !section.code.ends_with('\n') {
            section.code.push('\n');
        }
        section.code.push_str(code);
    }

    /// The sections; the one before the first heading only if it has text.
    pub(super) fn finish(mut self) -> Vec<TextSection> {
        let first = &self.sections[0];
        if first.text.is_empty() && first.code.is_empty() {
            self.sections.remove(0);
        }
        self.sections
    }
}

/// Whether `text` is ASCII with no white space but single spaces between its words (so that
/// collapsing its white space changes nothing).
fn single_spaced(text: &str) -> bool {
    // Without an early exit, so that the loop is vectorized: prose is mostly like this.
    let other_space_or_non_ascii = text.bytes().fold(false, |found, b| {
        found | (b.wrapping_sub(b'\t') <= b'\r' - b'\t') | (b >= 0x80)
    });
    !other_space_or_non_ascii && memchr::memmem::find(text.as_bytes(), b"  ").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(build: impl FnOnce(&mut SectionsBuilder)) -> String {
        let mut builder = SectionsBuilder::new();
        build(&mut builder);
        builder
            .finish()
            .into_iter()
            .next()
            .map(|section| section.text)
            .unwrap_or_default()
    }

    #[test]
    fn whitespace_is_collapsed_across_events() {
        let text = prose(|b| {
            b.push_prose("  one\n two ");
            b.push_prose("three");
            b.push_prose("four");
            b.word_break();
            b.push_prose("five\t");
            b.push_prose("   ");
            b.push_prose(" six");
        });
        assert_eq!(text, "one two threefour five six");
        let text = prose(|b| {
            b.push_prose("a\x0bb\x0c\x1fc\r\n");
            b.push_prose("d\u{a0}e\u{2003} f");
        });
        assert_eq!(text, "a b \x1fc d e f", "ASCII and Unicode white space");
    }

    proptest::proptest! {
        #[test]
        fn prose_events_read_as_their_text_run_together(
            texts in proptest::collection::vec("[ab \t\n\u{a0}é]{0,8}", 0..6)
        ) {
            let text = prose(|b| texts.iter().for_each(|t| b.push_prose(t)));
            let whole = texts.concat();
            let words: Vec<&str> = whole.split_whitespace().collect();
            proptest::prop_assert_eq!(text, words.join(" "));
        }
    }

    #[test]
    fn html_tags_and_comments_are_stripped() {
        let text = prose(|b| {
            b.push_html("<details><summary>More</summary>\n", true);
            b.push_html("<!-- a > b\n", true);
            b.push_html("still comment --><p class=\"x\"\n", true);
            b.push_html("data-y=\"1\">Hidden text</p>\n", true);
            b.push_html("</details>\n", true);
            b.push_prose("after");
        });
        assert_eq!(text, "More Hidden text after");
    }

    #[test]
    fn inline_tags_do_not_split_words() {
        let text = prose(|b| {
            b.push_prose("Press ");
            b.push_html("<kbd>", false);
            b.push_prose("Ctrl");
            b.push_html("</kbd>", false);
            b.push_prose("+C; 1 < 2");
        });
        assert_eq!(text, "Press Ctrl+C; 1 < 2");
    }
}
