//! Fuzzes the Markdown stage: any UTF-8 body through both passes, with raw HTML allowed and
//! escaped. It must never panic, and the two passes must agree on the table of contents.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use quire::markdown::{Highlighter, MarkdownOptions, RenderContext, render_markdown, scan_markdown};

/// Loading syntect's syntaxes is slow: once per process, shared by every input.
static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let scan = scan_markdown(body);
    for unsafe_html in [true, false] {
        let options = MarkdownOptions { unsafe_html };
        let rewrite = |dest: &str, _: usize| dest.strip_suffix(".md").map(|page| format!("../{page}/"));
        let rendered = render_markdown(body, &RenderContext::new(&HIGHLIGHTER, &options, &rewrite));
        let in_toc = scan
            .headings
            .iter()
            .filter(|h| (2..=4).contains(&h.level))
            .count();
        assert_eq!(rendered.toc.len(), in_toc, "scan and render disagree");
        for warning in &rendered.warnings {
            assert!(body.is_char_boundary(warning.offset) && warning.offset <= body.len());
        }
    }
});
