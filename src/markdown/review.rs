//! Review questions: a body in; the questions of its review section out. The convention, any
//! site can use it: under a heading named like `site.yaml`'s `review.heading` ("Check yourself"
//! by default), each `<details>` block is a question — its `<summary>` the question, the Markdown
//! after the summary up to `</details>` the answer. On a code host the same text reads as
//! collapsible answers.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::anchors::push_heading_text;
use super::parser_options;

/// One question of a body's review section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question: what the `<summary>` holds, as written (inline HTML allowed).
    pub question_html: String,
    /// Where the answer's Markdown is in the body.
    pub answer: Range<usize>,
}

/// The questions of `body`'s review sections (headings whose text is `heading`, any case).
pub fn find_questions(body: &str, heading: &str) -> Vec<Question> {
    // Most bodies have no review section: a plain search keeps them from being parsed again.
    if !contains_ignoring_case(body, heading) {
        return Vec::new();
    }
    let mut questions = Vec::new();
    // The level of the review heading whose section we are in.
    let mut section: Option<u8> = None;
    // The heading being read: (level, text).
    let mut open_heading: Option<(u8, String)> = None;
    // The question being read: its summary and where its answer starts.
    let mut open: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                if section.is_some_and(|s| level <= s) {
                    section = None;
                    open = None;
                }
                open_heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = open_heading.take()
                    && text.trim().eq_ignore_ascii_case(heading.trim())
                {
                    section = Some(level);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if section.is_some() => {
                if let Some(summary) = summary_of(html) {
                    open = Some((summary, range.end));
                } else if let Some(at) = find_ignoring_case(html, "</details")
                    && let Some((question_html, start)) = open.take()
                {
                    let end = (range.start + at).max(start);
                    questions.push(Question {
                        question_html,
                        answer: start..end,
                    });
                }
            }
            other => {
                if let Some((_, text)) = &mut open_heading {
                    push_heading_text(text, other);
                }
            }
        }
    }
    questions
}

/// The inner HTML of the `<summary>` element in `html`, trimmed, if it has a whole one.
fn summary_of(html: &str) -> Option<String> {
    let start = find_ignoring_case(html, "<summary")?;
    let open_end = start + html[start..].find('>')? + 1;
    let close = open_end + find_ignoring_case(&html[open_end..], "</summary")?;
    let question = html[open_end..close].trim();
    (!question.is_empty()).then(|| question.to_string())
}

/// Where `needle` first is in `haystack`, ASCII letters matched in either case (without a
/// lowercased copy of the haystack: most bodies are searched for a heading they do not have).
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    let mut starts = memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        haystack,
    );
    starts.find(|&at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(needle))
    })
}

fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.trim();
    !needle.is_empty() && find_ignoring_case(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "## Topic\n\n<details>\n<summary>Not a question here</summary>\n\nNo.\n\n</details>\n\n\
## Check yourself\n\n<details>\n<summary>What is <code>x</code>?</summary>\n\nIt is **one**.\n\nReally.\n\n</details>\n\n\
<details><summary>Second?</summary>\n\nYes.\n</details>\n\n### A sub-heading stays inside\n\n\
<details>\n<summary>Third?</summary>\n\nThree.\n\n</details>\n\n## Next topic\n\n\
<details>\n<summary>Outside again</summary>\n\nNo.\n\n</details>\n";

    #[test]
    fn finds_the_details_of_the_review_section_only() {
        let questions = find_questions(BODY, "Check yourself");
        let found: Vec<(&str, &str)> = questions
            .iter()
            .map(|q| (q.question_html.as_str(), BODY[q.answer.clone()].trim()))
            .collect();
        assert_eq!(
            found,
            [
                ("What is <code>x</code>?", "It is **one**.\n\nReally."),
                ("Second?", "Yes."),
                ("Third?", "Three."),
            ]
        );
    }

    #[test]
    fn finds_ignoring_ascii_case_only() {
        assert_eq!(find_ignoring_case("a <SUMMARY>", "<summary"), Some(2));
        assert_eq!(find_ignoring_case("Ça va, ça VA", "ça va"), Some(8));
        assert_eq!(
            find_ignoring_case("ça va", "ÇA VA"),
            None,
            "non-ASCII letters keep their case"
        );
        assert_eq!(find_ignoring_case("abc", ""), Some(0));
        assert_eq!(find_ignoring_case("ab", "abc"), None);
    }

    #[test]
    fn the_heading_is_matched_without_regard_to_case() {
        assert_eq!(find_questions(BODY, "check YOURSELF").len(), 3);
        assert!(find_questions(BODY, "Quiz").is_empty());
        assert!(
            find_questions("<details><summary>Q</summary>A</details>", "Check yourself").is_empty()
        );
    }
}
