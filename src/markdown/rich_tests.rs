//! Tests of the richer blocks through the render pass: math, code block attributes, code tabs,
//! diagrams and definition lists — their HTML, the search text, what a page must load, and where
//! their problems are reported.

use super::tests::render;
use super::*;

#[test]
fn inline_and_display_math_become_mathml() {
    let src = "Sorting is $O(n \\log n)$.\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n";
    let rendered = render(src);
    assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
    let html = &rendered.html;
    assert!(
        html.contains("Sorting is <math><mi>O</mi>"),
        "inline math is MathML in the text: {html}"
    );
    assert!(html.contains("<math display=\"block\">"), "{html}");
    assert!(!html.contains('$'), "no dollar signs are left: {html}");
    // Search finds the TeX's words, not MathML tags.
    let text = &rendered.text[0].text;
    assert!(text.contains("O(n \\log n)"), "{text}");
    assert!(!text.contains("<mi>"), "{text}");
    assert_eq!(rendered.uses, Uses::default(), "math needs no script");
}

#[test]
fn invalid_tex_is_an_error_where_it_is_written() {
    let src = "Intro.\n\nBad: $x + \\foo$ here.\n\n> $$\n> y + \\qux\n> $$\n";
    let rendered = render(src);
    let [unknown, quoted] = &rendered.errors[..] else {
        panic!("two errors expected: {:?}", rendered.errors);
    };
    assert_eq!(unknown.offset, src.find("\\foo").unwrap_or_default());
    assert!(unknown.message.contains("\\foo"), "{unknown:?}");
    // Display math in a quote is not one piece of the source: it is reported at its start.
    assert_eq!(quoted.offset, src.find("$$").unwrap_or_default());
    assert!(quoted.message.contains("\\qux"), "{quoted:?}");
    assert!(rendered.warnings.is_empty());
}

#[test]
fn math_in_a_heading_keeps_its_id_and_toc_text() {
    let rendered = render("## Cost $O(n)$\n");
    assert!(
        rendered.html.contains("<h2 id=\"cost-on\">Cost <math>"),
        "{}",
        rendered.html
    );
    assert_eq!(rendered.toc[0].title, "Cost O(n)");
    let scan = scan_markdown("## Cost $O(n)$\n");
    assert_eq!(scan.headings[0].id, "cost-on");
}

#[test]
fn dollar_signs_in_prose_stay_text() {
    let rendered = render("It costs $5 and $10, or \\$20.\n");
    assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
    assert!(!rendered.html.contains("<math"), "{}", rendered.html);
}

#[test]
fn code_titles_marked_lines_and_numbers() {
    let src = "```python title=\"app.py\" hl_lines=\"2 3-3\" linenos\nx = 1\ny = '''a\nb'''\nz = 3\n```\n";
    let rendered = render(src);
    assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
    insta::assert_snapshot!(rendered.html);
    assert_eq!(rendered.text[0].code, "x = 1\ny = '''a\nb'''\nz = 3\n");
}

#[test]
fn diff_blocks_colour_their_lines() {
    let html = render("```diff\n--- a\n+++ b\n-old\n+new\n same\n```\n").html;
    assert!(html.contains("<span class=\"line diff-del\">"), "{html}");
    assert!(html.contains("<span class=\"line diff-add\">"), "{html}");
    assert_eq!(html.matches("class=\"line\"").count(), 3, "{html}");
}

#[test]
fn bad_code_attributes_are_errors_at_the_fence() {
    let src = "Text.\n\n```python hl_lines=\"2-x\"\nx\n```\n\n```py hl_lines=\"3\"\na\nb\n```\n\n\
               ```py hl_line=\"1\" norun\nc\n```\n";
    let rendered = render(src);
    let [range, past_end] = &rendered.errors[..] else {
        panic!("two errors expected: {:?}", rendered.errors);
    };
    assert_eq!(
        range.offset,
        src.find("hl_lines=\"2-x\"").unwrap_or_default()
    );
    assert!(range.message.contains("`2-x`"), "{range:?}");
    assert_eq!(
        past_end.offset,
        src.find("hl_lines=\"3\"").unwrap_or_default()
    );
    assert!(past_end.message.contains("has 2 lines"), "{past_end:?}");
    let [typo] = &rendered.warnings[..] else {
        panic!("one warning expected: {:?}", rendered.warnings);
    };
    assert_eq!(typo.offset, src.find("hl_line=").unwrap_or_default());
}

#[test]
fn plain_code_blocks_are_unchanged_by_attributes_support() {
    let html = render("```python norun\nx = 1\n```\n").html;
    assert!(
        html.starts_with("<pre class=\"code\" data-lang=\"python\" tabindex=\"0\"><code class=\"language-python\">x <span class=o>"),
        "{html}"
    );
    assert!(!html.contains("class=\"line"), "{html}");
}

#[test]
fn consecutive_tab_blocks_make_one_group() {
    let src = "```sh tab=\"Debian\"\napt install x\n```\n\n```sh tab=\"macOS\"\nbrew install x\n```\n\
               ```text tab=Windows\nwinget install x\n```\n\nBetween.\n\n\
               ```sh tab=\"Debian\"\nalone\n```\n```sh\nnot a tab\n```\n";
    let rendered = render(src);
    let html = &rendered.html;
    assert_eq!(
        html.matches("<div class=\"code-tabs\">").count(),
        2,
        "{html}"
    );
    let first = &html[..html.find("<p>Between.</p>").unwrap_or_default()];
    assert_eq!(first.matches("class=\"code-tab\"").count(), 3, "{first}");
    for label in ["Debian", "macOS", "Windows"] {
        assert!(first.contains(&format!("<p class=\"code-tab-label\">{label}</p>")));
    }
    // The untabbed block after a group is outside it.
    let after_last_group = &html[html.rfind("</div>\n</div>\n").unwrap_or_default()..];
    assert!(
        after_last_group.contains("<pre class=\"code\" data-lang=\"sh\"")
            && after_last_group.contains("not</span>"),
        "{html}"
    );
    assert!(rendered.uses.tabs && !rendered.uses.diagrams);
    assert_eq!(scan_markdown(src).uses, rendered.uses);
}

#[test]
fn a_tab_group_ends_at_the_end_of_its_container() {
    let html = render("- ```sh tab=A\n  a\n  ```\n- ```sh tab=B\n  b\n  ```\n").html;
    assert_eq!(
        html.matches("<div class=\"code-tabs\">").count(),
        2,
        "{html}"
    );
    assert!(html.contains("<li><div class=\"code-tabs\">"), "{html}");
}

#[test]
fn mermaid_blocks_are_diagrams() {
    let src = "```mermaid\nflowchart LR\n  a --> b\n```\n\n```mermaid\nflowchat LR\n```\n";
    let rendered = render(src);
    assert!(rendered.uses.diagrams && !rendered.uses.tabs);
    assert_eq!(scan_markdown(src).uses, rendered.uses);
    assert!(
        rendered
            .html
            .starts_with("<figure class=\"diagram\"><pre class=\"diagram-source\""),
        "{}",
        rendered.html
    );
    assert!(
        !rendered.html.contains("<span class"),
        "diagrams are not highlighted"
    );
    let [typo] = &rendered.warnings[..] else {
        panic!("one warning expected: {:?}", rendered.warnings);
    };
    assert_eq!(typo.offset, src.rfind("```mermaid").unwrap_or_default());
    assert!(typo.message.contains("`flowchat`"), "{typo:?}");
    assert!(rendered.text[0].code.contains("a --> b"));
}

#[test]
fn definition_lists() {
    let rendered = render("Term\n: The definition.\n\nOther *term*\n: One.\n: Two.\n");
    assert_eq!(
        rendered.html,
        "<dl>\n<dt>Term</dt>\n<dd>The definition.</dd>\n<dt>Other <em>term</em></dt>\n\
         <dd>One.</dd>\n<dd>Two.</dd>\n</dl>\n"
    );
    assert_eq!(
        rendered.text[0].text,
        "Term The definition. Other term One. Two."
    );
}
