//! Tests of the Markdown stage through its public API: ids, links, admonitions, raw HTML, TOC,
//! search text, robustness; plus an ignored timing test (`--ignored --nocapture`).
//! Code block tests live in `highlight.rs`.

use std::sync::LazyLock;

use super::*;

static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

fn render_with(src: &str, unsafe_html: bool) -> Rendered {
    let opts = MarkdownOptions { unsafe_html };
    render_markdown(src, &RenderContext::new(&HL, &opts, &|_, _| None))
}

pub(super) fn render(src: &str) -> Rendered {
    render_with(src, true)
}

/// The `id` attributes of the rendered headings, in order.
fn heading_ids(html: &str) -> Vec<String> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let rest = html[i + 2..].strip_prefix(|c: char| c.is_ascii_digit())?;
            let rest = rest.strip_prefix(" id=\"")?;
            Some(rest[..rest.find('"')?].to_owned())
        })
        .collect()
}

#[test]
fn heading_ids_are_slugged_deduplicated_and_custom() {
    let src = "# Intro\n## How `pymalloc` works\n## Intro\n### Ünïcode — 日本語!\n\
               ## Custom {#my-id}\n## My id\n## Again {#my-id}\n## ???\n## Intro\n";
    let ids = heading_ids(&render(src).html);
    assert_eq!(
        ids,
        [
            "intro",
            "how-pymalloc-works",
            "intro-1",
            "ünïcode--日本語",
            "my-id",
            "my-id-1",
            "my-id-2",
            "section",
            "intro-2",
        ]
    );
}

#[test]
fn scan_and_render_agree_on_ids() {
    let src = "Setext *title*\n===\n\n## A [link](x.md) and <kbd>Ctrl</kbd>\n\
               ## Footnote[^1] and ~~strike~~ **bold**\n## A link and Ctrl\n\
               > ## Quoted heading\n\n- ## In a list\n\n## Same {#same}\n## Same\n\
               ## Line<br>break\n## ![alt text](img.png) image\n\n[^1]: note\n";
    let scan = scan_markdown(src);
    for unsafe_html in [true, false] {
        let rendered = render_with(src, unsafe_html);
        let scanned: Vec<_> = scan.headings.iter().map(|h| h.id.clone()).collect();
        assert_eq!(
            scanned,
            heading_ids(&rendered.html),
            "unsafe_html: {unsafe_html}"
        );
    }
    let texts: Vec<_> = scan.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts[0], "Setext title");
    assert_eq!(texts[1], "A link and Ctrl");
    assert_eq!(scan.headings[1].id, "a-link-and-ctrl");
    assert_eq!(scan.headings[3].id, "a-link-and-ctrl-1");
    assert_eq!(scan.headings[0].level, 1);
    assert_eq!(scan.headings[1].level, 2);
}

#[test]
fn heading_anchor_markup() {
    let html = render("## Tom & \"Jerry\"\n").html;
    assert_eq!(
        html,
        "<h2 id=\"tom--jerry\">Tom &amp; \"Jerry\" <a class=\"anchor\" href=\"#tom--jerry\" \
         aria-label=\"Link to this section: Tom &amp; &quot;Jerry&quot;\">#</a></h2>\n"
    );
    insta::assert_snapshot!(
        render("# Title\n## Usage\n### The `gc` module {#gc}\n## Usage\n").html
    );
}

#[test]
fn links_are_rewritten_and_scanned_with_offsets() {
    let src = "See [the GIL](../concurrency/gil.md) and [cycles](rc.md#weak-references).\n\n\
               External: [Python](https://python.org), <https://docs.python.org>, \
               mail <me@example.com>, ![diagram](img/arena.png), [ref][r].\n\n\
               [r]: ./other.md\n";
    let rewrite = |dest: &str, _: usize| -> Option<String> {
        let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        let page = path.strip_suffix(".md")?;
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        Some(format!("../{page}/{anchor}"))
    };
    let rendered = render_markdown(
        src,
        &RenderContext::new(&HL, &MarkdownOptions::default(), &rewrite),
    );
    let html = &rendered.html;
    assert!(
        html.contains("<a href=\"../../concurrency/gil/\">the GIL</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"../rc/#weak-references\">cycles</a>"));
    assert!(html.contains("<a href=\".././other/\">ref</a>"));
    assert!(html.contains("<a href=\"https://python.org\">Python</a>"));
    assert!(html.contains("<a href=\"https://docs.python.org\">"));
    assert!(html.contains("<a href=\"mailto:me@example.com\">"));
    assert!(html.contains("<img src=\"img/arena.png\" alt=\"diagram\" />"));

    let links = scan_markdown(src).links;
    let found: Vec<_> = links
        .iter()
        .map(|link| (link.dest.as_str(), &src[link.offset..link.offset + 3]))
        .collect();
    assert_eq!(
        found,
        [
            ("../concurrency/gil.md", "[th"),
            ("rc.md#weak-references", "[cy"),
            ("https://python.org", "[Py"),
            ("https://docs.python.org", "<ht"),
            ("img/arena.png", "![d"),
            ("./other.md", "[re"),
        ]
    );
}

#[test]
fn github_alerts_become_admonitions() {
    for (marker, class, title) in [
        ("NOTE", "note", "Note"),
        ("TIP", "tip", "Tip"),
        ("IMPORTANT", "important", "Important"),
        ("WARNING", "warning", "Warning"),
        ("CAUTION", "caution", "Caution"),
    ] {
        let html = render(&format!("> [!{marker}]\n> Body.\n")).html;
        assert_eq!(
            html,
            format!(
                "<div class=\"admonition {class}\" role=\"note\">\
                 <p class=\"admonition-title\">{title}</p>\n<p>Body.</p>\n</div>\n"
            )
        );
    }
    assert_eq!(
        render("> plain quote\n").html,
        "<blockquote>\n<p>plain quote</p>\n</blockquote>\n"
    );
    insta::assert_snapshot!(render(
        "> [!WARNING]\n> The GIL is **not** a lock you can rely on.\n>\n> ```python\n> x += 1\n> ```\n"
    )
    .html);
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let src = "<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n\nHi <script>alert(1)</script>.\n";
    let unsafe_html = render_with(src, true).html;
    assert!(unsafe_html.contains("<details>\n<summary>More</summary>\n"));
    assert!(unsafe_html.contains("Hi <script>alert(1)</script>."));

    let safe = render_with(src, false).html;
    assert!(
        !safe.contains("<details>") && !safe.contains("<script>"),
        "{safe}"
    );
    assert!(
        safe.contains("<p>&lt;details&gt;\n&lt;summary&gt;More&lt;/summary&gt;\n</p>"),
        "{safe}"
    );
    assert!(safe.contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;."));
}

#[test]
fn toc_has_levels_two_to_four() {
    let rendered =
        render("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n## `Code` *em*\n");
    let toc: Vec<_> = rendered
        .toc
        .iter()
        .map(|entry| (entry.level, entry.id.as_str(), entry.title.as_str()))
        .collect();
    assert_eq!(
        toc,
        [
            (2, "two", "Two"),
            (3, "three", "Three"),
            (4, "four", "Four"),
            (2, "code-em", "Code em")
        ]
    );
}

#[test]
fn search_text_is_split_by_heading() {
    let src = "Intro   *text*\nwith `code`.\n\n```python\nx = 1\n```\n\n# Title\n\n## First\n\n\
               Para **one**s [li](x.md)nk.\n\n- item a\n- item b\n\n<details><summary>Why</summary>\n\n\
               Because.\n\n</details>\n\n```text\nout\n```\n\n## Empty\n## Last {#end}\n\n\
               | a | b |\n|---|---|\n| c | d |\n";
    let text = render(src).text;
    let sections: Vec<_> = text
        .iter()
        .map(|s| {
            (
                s.anchor.as_str(),
                s.heading.as_str(),
                s.text.as_str(),
                s.code.as_str(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("", "", "Intro text with code.", "x = 1\n"),
            ("title", "Title", "", ""),
            (
                "first",
                "First",
                "Para ones link. item a item b Why Because.",
                "out\n"
            ),
            ("empty", "Empty", "", ""),
            ("end", "Last", "a b c d", ""),
        ]
    );
    assert!(render("# Only\ntext\n").text[0].anchor == "only");
}

#[test]
fn task_lists_tables_footnotes_strikethrough() {
    let html =
        render("- [x] done\n- [ ] todo\n\n|a|\n|-|\n|b|\n\n~~old~~ new[^n]\n\n[^n]: Note.\n").html;
    assert!(html.contains("<input type=\"checkbox\" class=\"task\" disabled=\"\" checked=\"\" aria-label=\"Done\"> done"));
    assert!(html.contains("aria-label=\"To do\"> todo"));
    assert!(html.contains("<table>"));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("<a href=\"#fn-n\">1</a>"), "{html}");
    assert!(html.contains("<div class=\"footnote-definition\" id=\"fn-n\">"));
}

#[test]
fn never_panics_on_odd_input() {
    let deep_quotes = ">".repeat(50_000) + " x\n";
    let deep_lists = "- ".repeat(20_000) + "x\n";
    let brackets = "[".repeat(30_000) + &"]".repeat(30_000);
    let emphasis = "*a ".repeat(20_000);
    let inputs = [
        "",
        "\0\u{FFFD}\u{202E}",
        "```",
        "```python\n",
        "```python\ndef f(:\n  '''unterminated",
        "# \n##\n###### {#}\n",
        "## {#}\n",
        "<!--",
        "<div",
        "[x]: <>\n[x]",
        "> [!NOTE]",
        "> [!UNKNOWN]\n> x",
        "- [ ]",
        "|a|\n|-|\n|b|c|d|",
        "[^a]\n\n[^a]: [^a]",
        "\u{1F600}\u{0301}## x\r\n===\r\n",
        &deep_quotes,
        &deep_lists,
        &brackets,
        &emphasis,
    ];
    for input in inputs {
        for unsafe_html in [true, false] {
            let rendered = render_with(input, unsafe_html);
            let scan = scan_markdown(input);
            assert_eq!(scan.headings.len(), heading_ids(&rendered.html).len());
        }
    }
}

#[test]
fn never_panics_on_generated_input() {
    const PIECES: &[&str] = &[
        "# ",
        "## ",
        "### ",
        "\n",
        "\n\n",
        "> ",
        "> [!NOTE]\n",
        "> [!TIP]",
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
        "{#x .c}",
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
        "def f():\n",
        "\"'",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..1500 {
        let len = (next() % 60) as usize;
        let doc: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        for unsafe_html in [true, false] {
            let rendered = render_with(&doc, unsafe_html);
            let scanned: Vec<_> = scan_markdown(&doc)
                .headings
                .into_iter()
                .map(|h| h.id)
                .collect();
            assert_eq!(scanned, heading_ids(&rendered.html), "{doc:?}");
            for warning in &rendered.warnings {
                assert!(doc.is_char_boundary(warning.offset) && warning.offset < doc.len());
            }
        }
    }
}
