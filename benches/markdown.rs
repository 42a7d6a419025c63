//! How long the Markdown stage takes on one typical page: loading the highlighter, rendering
//! (with and without highlighted code), scanning, and the theme's CSS. A measurement, not a check:
//! `cargo bench --bench markdown`. Whole builds are timed by `bench/run.py`.

use std::time::Instant;

use quire::markdown::{
    Highlighter, MarkdownOptions, RenderContext, render_markdown, scan_markdown,
};

fn main() {
    let start = Instant::now();
    let hl = Highlighter::new();
    let load = start.elapsed();

    let prose = "CPython's allocator, *pymalloc*, serves small objects from arenas; see \
                 [the GIL](../concurrency/gil.md) and `sys.getsizeof`. ";
    let code = "```python\nimport sys\n\nclass Node:\n    __slots__ = (\"value\", \"next\")\n\n    \
                def __init__(self, value, next=None):\n        self.value = value  # payload\n        \
                self.next = next\n\nprint(sys.getsizeof(Node(1)))\n```\n\n";
    let mut page = String::new();
    for section in 0..6 {
        page.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..7 {
            page.push_str(&format!("{prose}{prose}\n\n"));
        }
        if section % 2 == 0 {
            page.push_str(code);
        }
    }
    let opts = MarkdownOptions::default();
    let rewrite = |dest: &str, _: usize| dest.strip_suffix(".md").map(|page| format!("../{page}/"));
    let first = Instant::now();
    let rendered = render_markdown(&page, &RenderContext::new(&hl, &opts, &rewrite));
    let first = first.elapsed();
    // The fastest of several batches: the least disturbed by other work on the machine.
    let fastest = |run: &dyn Fn()| {
        (0..15)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..20 {
                    run();
                }
                start.elapsed() / 20
            })
            .min()
            .unwrap_or_default()
    };
    let per_page = fastest(&|| {
        std::hint::black_box(render_markdown(
            &page,
            &RenderContext::new(&hl, &opts, &rewrite),
        ));
    });
    let scan = fastest(&|| {
        std::hint::black_box(scan_markdown(&page));
    });
    let no_code = page.replace("```python", "```text");
    let plain = fastest(&|| {
        std::hint::black_box(render_markdown(
            &no_code,
            &RenderContext::new(&hl, &opts, &rewrite),
        ));
    });
    let start = Instant::now();
    let css = hl.theme_css();
    let css_time = start.elapsed();
    println!(
        "page {} bytes, html {} bytes; Highlighter::new {load:?}; first render {first:?}; \
         render {per_page:?}/page \
         ({plain:?} with the code unhighlighted); scan {scan:?}/page; theme_css {css_time:?} ({} bytes)",
        page.len(),
        rendered.html.len(),
        css.len()
    );
}

#[test]
fn an_id_prefix_reaches_every_id_and_in_page_link() {
    let src = "## Setup\n\nSee[^n] and <a id=\"old\" href=\"#old\">here</a>.\n\n[^n]: A note.\n";
    let rewrite = |dest: &str, _: usize| dest.strip_prefix('#').map(|id| format!("#doc-a--{id}"));
    let options = MarkdownOptions { unsafe_html: true };
    let ctx = RenderContext {
        id_prefix: Some("doc-a"),
        ..RenderContext::new(&HL, &options, &rewrite)
    };
    let rendered = render_markdown(src, &ctx);
    let html = &rendered.html;
    for expected in [
        "<h2 id=\"doc-a--setup\">",
        "href=\"#doc-a--setup\"",
        "id=\"doc-a--fn-n\"",
        "href=\"#doc-a--fn-n\"",
        "<a id=\"doc-a--old\" href=\"#doc-a--old\">",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert_eq!(
        rendered.toc[0].id, "setup",
        "the TOC keeps the page's own ids"
    );
}

#[test]
fn nul_bytes_become_replacement_characters() {
    let html = render("a\0b `c\0d`\n\n```\ne\0f\n```\n\n<span>g\0h</span>\n").html;
    assert!(!html.contains('\0'), "{html:?}");
    assert_eq!(html.matches('\u{FFFD}').count(), 4, "{html}");
}

#[test]
fn raw_html_left_open_is_closed_and_reported() {
    let rendered = render("Before.\n\n<!-- a note that never ends\n\nMore text.\n");
    assert!(
        rendered.html.trim_end().ends_with("-->"),
        "{}",
        rendered.html
    );
    let warning = &rendered.warnings[0];
    assert_eq!(warning.message, "this HTML comment is never closed");
    assert_eq!(warning.offset, "Before.\n\n".len());
    let rendered = render("<script>\nlet x = 1;\n");
    assert!(rendered.html.contains("</script>"), "{}", rendered.html);
    assert!(
        render("<!-- closed -->\n\n<style>p{}</style>\n")
            .warnings
            .is_empty()
    );
}

#[test]
fn a_footnote_never_takes_a_heading_id() {
    let html = render("## Notes {#fn-x}\n\nSee[^x].\n\n[^x]: The note.\n").html;
    assert_eq!(html.matches("id=\"fn-x\"").count(), 1, "{html}");
    assert!(
        html.contains("id=\"fn-x-1\"") && html.contains("href=\"#fn-x-1\""),
        "{html}"
    );
}

#[test]
fn a_second_render_reuses_the_first_one_s_code_blocks() {
    let src = "```python\nx = 1\n```\n\nText.\n\n```rust title=\"a.rs\"\nfn main() {}\n```\n";
    let options = MarkdownOptions::default();
    let first = render_markdown(
        src,
        &RenderContext {
            keep_code: true,
            ..RenderContext::new(&HL, &options, &|_, _| None)
        },
    );
    assert_eq!(first.code_bodies.len(), 2);
    let bodies = vec!["FIRST".to_string(), "SECOND".to_string()];
    let second = render_markdown(
        src,
        &RenderContext {
            reuse_code: Some(&bodies),
            ..RenderContext::new(&HL, &options, &|_, _| None)
        },
    );
    assert!(second.html.contains(">FIRST</code>"), "{}", second.html);
    assert!(second.html.contains(">SECOND</code>"), "{}", second.html);
    assert!(second.code_bodies.is_empty());
}
