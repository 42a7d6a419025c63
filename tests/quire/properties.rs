//! Property tests (proptest) of the stages that take arbitrary text: front matter splitting,
//! slugs, heading ids, relative URLs and Markdown rendering. 256 cases each keeps them quick.

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;

use quire::content::front_matter::split_front_matter;
use quire::content::slug::{check_slug, slugify};
use quire::markdown::{
    Highlighter, MarkdownOptions, RenderContext, render_markdown, scan_markdown,
};
use quire::site::urls::{LinkStyle, relative_url};

static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

/// Pieces of Markdown syntax, mixed with arbitrary text to reach the parser's odd corners.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "#### ",
    "\n",
    "\n\n",
    "> ",
    "> [!NOTE]\n",
    "- ",
    "1. ",
    "- [x] ",
    "```python\n",
    "```\n",
    "```pyhton x\n",
    "~~~\n",
    "    ",
    "*",
    "**",
    "_",
    "`",
    "~~",
    "[a](b.md#c)",
    "[",
    "](",
    ")",
    "![i](p.png)",
    "<details>",
    "</details>",
    "<b>",
    "<!--",
    "-->",
    "|a|b|\n|-|-|\n",
    "|",
    "[^1]",
    "[^1]: f\n",
    "{#id}",
    "{#x .c k=v}",
    "\\",
    "&amp;",
    "<",
    ">",
    "Wörd",
    "日本",
    "\u{301}",
    "\r\n",
    "\t",
    "===\n",
    "---\n",
    "\"'",
    "İ",
];

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => ".{0,12}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Heading text: words that collide, custom ids, inline markup, or anything on one line.
fn heading_text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "Same",
        " ",
        "{#same}",
        "{#x .c}",
        "`code`",
        "*em*",
        "[l](x.md)",
        "?",
        "日本",
        "İ",
        "-",
        "_",
        "same-1",
        "Same 1",
        "<b>",
        "\\#",
    ];
    prop::collection::vec(
        prop_oneof![3 => prop::sample::select(WORDS).prop_map(str::to_owned), 1 => "[^\n\r]{0,12}"],
        0..6,
    )
    .prop_map(|words| words.concat())
}

/// A YAML-ish line that is not a front matter fence.
fn front_matter_line() -> impl Strategy<Value = String> {
    "[^\n]{0,30}".prop_filter("not a fence", |line| line.trim_end() != "---")
}

/// A site-root-relative directory URL ("" for the root) over a small alphabet, so that two of
/// them often share a prefix.
fn dir_url() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(&["a", "b", "c", "d-e", "f_1"][..]),
        0..5,
    )
    .prop_map(|segments| segments.iter().map(|s| format!("{s}/")).collect::<String>())
}

/// `href` followed from the page at `from`, as a site-root-relative directory URL.
fn follow(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    parts.iter().map(|p| format!("{p}/")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn splitting_never_panics_and_cuts_at_a_char_boundary(
        text in prop_oneof![any::<String>(), "---\r?\n(?s).{0,80}"],
    ) {
        if let Ok(split) = split_front_matter(Path::new("p.md"), &text) {
            prop_assert!(split.body_start <= text.len());
            prop_assert!(text.is_char_boundary(split.body_start));
        }
    }

    #[test]
    fn splitting_recovers_yaml_and_body_exactly(
        lines in prop::collection::vec(front_matter_line(), 0..6),
        body in "(?s).{0,200}",
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let yaml: String = lines.iter().map(|l| format!("{l}{nl}")).collect();
        let text = format!("---{nl}{yaml}---{nl}{body}");
        let split = split_front_matter(Path::new("p.md"), &text).expect("well-formed front matter");
        prop_assert_eq!(split.yaml, yaml.as_str());
        prop_assert_eq!(&text[split.body_start..], body.as_str());
    }

    #[test]
    fn slugify_makes_one_safe_segment(
        name in prop_oneof![any::<String>(), "\\PC{0,40}", "[./\\\\ İẞǅ_a-]{0,10}"],
    ) {
        let slug = slugify(&name);
        prop_assert!(!slug.is_empty());
        prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.contains(".."));
        prop_assert_eq!(check_slug(&slug), Ok(()), "slug {:?} of {:?}", slug, name);
    }

    #[test]
    fn heading_ids_are_unique_nonempty_and_agree_between_passes(
        headings in prop::collection::vec((1..=6usize, heading_text()), 0..12),
    ) {
        let doc: String = headings
            .iter()
            .map(|(level, text)| format!("{} {text}\n\n", "#".repeat(*level)))
            .collect();
        let scan = scan_markdown(&doc);
        let ids: Vec<&str> = scan.headings.iter().map(|h| h.id.as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        prop_assert_eq!(unique.len(), ids.len(), "duplicate ids in {:?}", ids);
        for id in &ids {
            prop_assert!(!id.is_empty() && !id.contains(|c: char| c.is_ascii_whitespace()), "{:?}", id);
        }
        for unsafe_html in [true, false] {
            let rendered = render_markdown(&doc, &RenderContext::new(&HL, &MarkdownOptions { unsafe_html }, &|_, _| None));
            let toc: Vec<&str> = rendered.toc.iter().map(|t| t.id.as_str()).collect();
            let scanned: Vec<&str> = scan
                .headings
                .iter()
                .filter(|h| (2..=4).contains(&h.level))
                .map(|h| h.id.as_str())
                .collect();
            prop_assert_eq!(&toc, &scanned);
            let anchors: Vec<&str> = rendered
                .text
                .iter()
                .map(|s| s.anchor.as_str())
                .filter(|a| !a.is_empty())
                .collect();
            prop_assert_eq!(&anchors, &ids);
        }
    }

    #[test]
    fn relative_urls_lead_to_their_target_and_are_never_absolute(
        from in dir_url(),
        to in dir_url(),
        offline in any::<bool>(),
    ) {
        let style = if offline { LinkStyle::Offline } else { LinkStyle::Hosted };
        let href = relative_url(&from, &to, style);
        prop_assert!(!href.is_empty() && !href.starts_with('/') && !href.contains("://"));
        let dir = if offline {
            href.strip_suffix("index.html").expect("offline links name index.html")
        } else {
            href.as_str()
        };
        prop_assert_eq!(follow(&from, dir), to);
    }

    #[test]
    fn rendering_never_panics_on_arbitrary_text(
        text in prop_oneof![any::<String>(), "\\PC{0,300}"],
        unsafe_html in any::<bool>(),
    ) {
        let rendered = render_markdown(&text, &RenderContext::new(&HL, &MarkdownOptions { unsafe_html }, &|_, _| None));
        for warning in &rendered.warnings {
            prop_assert!(text.is_char_boundary(warning.offset) && warning.offset <= text.len());
        }
        let _ = scan_markdown(&text);
    }

    #[test]
    fn rendering_markdownish_text_keeps_the_passes_in_step(doc in markdownish(), unsafe_html in any::<bool>()) {
        let rewrite = |dest: &str, _: usize| dest.strip_suffix(".md").map(|d| format!("../{d}/"));
        let rendered = render_markdown(&doc, &RenderContext::new(&HL, &MarkdownOptions { unsafe_html }, &rewrite));
        let scan = scan_markdown(&doc);
        let in_toc = scan.headings.iter().filter(|h| (2..=4).contains(&h.level)).count();
        prop_assert_eq!(rendered.toc.len(), in_toc);
        if !unsafe_html {
            let lower = rendered.html.to_lowercase();
            prop_assert!(!lower.contains("<details") && !lower.contains("<b>"), "{}", rendered.html);
        }
    }
}
