//! One fenced code block and what its info string asks for in; its HTML out. A block that asks
//! for nothing is the highlighter's plain `<pre>`. A title puts the block in a `<figure>` under a
//! `<figcaption>`; marked lines, line numbers and `diff` blocks wrap each line in an element of
//! its own (`<mark class="line">` for a marked line), so CSS can colour and number it — numbers
//! are CSS counters, so copying the code never copies them.

use std::ops::RangeInclusive;

use super::code_info::{CodeInfo, InfoProblem};
use super::highlight::write_pre;
use crate::html::escape_html;

/// How one line of a block is shown.
#[derive(Clone, Copy, Default)]
struct LineLook {
    marked: bool,
    /// `" diff-add"`, `" diff-del"` or `""`.
    diff: &'static str,
}

/// The problem with `hl_lines` naming a line past the end of `code`, if it does.
pub(super) fn check_marked_lines(info: &CodeInfo<'_>, code: &str) -> Option<InfoProblem> {
    let (ranges, at) = info.marked.as_ref()?;
    let lines = code.lines().count();
    let last = ranges.iter().map(|r| *r.end()).max()?;
    (last > lines).then(|| InfoProblem {
        at: *at,
        message: format!(
            "`hl_lines` marks line {last}, but the block has {lines} line{}",
            if lines == 1 { "" } else { "s" }
        ),
        hint: Some("line numbers count from the first line inside the fence".into()),
        is_error: true,
    })
}

/// Appends the HTML of one fenced block around `body`, its highlighted text.
pub(super) fn write_code_block(info: &CodeInfo<'_>, code: &str, body: &str, out: &mut String) {
    let lang = info.lang;
    let is_diff = lang.eq_ignore_ascii_case("diff") || lang.eq_ignore_ascii_case("patch");
    let wraps_lines = info.marked.is_some() || info.line_numbers || is_diff;
    if info.title.is_none() && !wraps_lines {
        return write_pre(out, lang, "", body);
    }
    if let Some(title) = &info.title {
        out.push_str("<figure class=\"code-block\"><figcaption class=\"code-title\">");
        escape_html(out, title);
        out.push_str("</figcaption>\n");
    }
    if wraps_lines {
        let no_marks = Vec::new();
        let marked = info.marked.as_ref().map_or(&no_marks, |(ranges, _)| ranges);
        let looks = code.lines().enumerate().map(|(i, text)| LineLook {
            marked: marked
                .iter()
                .any(|r: &RangeInclusive<usize>| r.contains(&(i + 1))),
            diff: if is_diff { diff_class(text) } else { "" },
        });
        let mut lines = String::with_capacity(body.len() + code.lines().count() * 32);
        write_lines(&mut lines, body, looks);
        let classes = if info.line_numbers {
            " lines line-numbers"
        } else {
            " lines"
        };
        write_pre(out, lang, classes, &lines);
    } else {
        write_pre(out, lang, "", body);
    }
    if info.title.is_some() {
        out.push_str("</figure>\n");
    }
}

/// The class of a line of a unified diff: added, removed, or neither (headers, context).
fn diff_class(line: &str) -> &'static str {
    if line.starts_with('+') && !line.starts_with("+++") {
        " diff-add"
    } else if line.starts_with('-') && !line.starts_with("---") {
        " diff-del"
    } else {
        ""
    }
}

/// Writes `body` (escaped text, perhaps with highlighting `<span>`s that run across lines) one
/// line at a time, each inside its own element: the spans open at a line's end are closed there
/// and opened again on the next line, so every line is well-formed on its own.
fn write_lines(out: &mut String, body: &str, mut looks: impl Iterator<Item = LineLook>) {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = body;
    let mut line_tag = None;
    while !rest.is_empty() {
        if line_tag.is_none() {
            // A span that ends where a line starts was closed at the end of the line before.
            while rest.starts_with("</") {
                open.pop();
                rest = &rest[rest.find('>').map_or(rest.len(), |e| e + 1)..];
            }
            if rest.is_empty() {
                break;
            }
            let look = looks.next().unwrap_or_default();
            let tag = if look.marked { "mark" } else { "span" };
            out.push('<');
            out.push_str(tag);
            out.push_str(" class=\"line");
            out.push_str(look.diff);
            out.push_str("\">");
            open.iter().for_each(|t| out.push_str(t));
            line_tag = Some(tag);
        }
        let Some(i) = rest.find(['<', '\n']) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix('\n') {
            close_line(out, &open, line_tag.take(), "\n");
            rest = after;
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                open.pop();
            } else {
                open.push(tag);
            }
            out.push_str(tag);
            rest = &rest[end..];
        }
    }
    close_line(out, &open, line_tag, "");
}

/// Closes the open spans and the line's element (if a line is open), with `end` in between.
fn close_line(out: &mut String, open: &[&str], line_tag: Option<&str>, end: &str) {
    let Some(tag) = line_tag else { return };
    open.iter().for_each(|_| out.push_str("</span>"));
    out.push_str(end);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &str, marked: &[usize]) -> String {
        let mut out = String::new();
        let count = body.lines().count();
        let looks = (1..=count).map(|n| LineLook {
            marked: marked.contains(&n),
            diff: "",
        });
        write_lines(&mut out, body, looks);
        out
    }

    #[test]
    fn spans_across_lines_are_closed_and_reopened() {
        let body = "<span class=\"a\">x\n<span class=\"b\">y</span>\nz</span>\n";
        assert_eq!(
            lines(body, &[2]),
            "<span class=\"line\"><span class=\"a\">x</span>\n</span>\
             <mark class=\"line\"><span class=\"a\"><span class=\"b\">y</span></span>\n</mark>\
             <span class=\"line\"><span class=\"a\">z</span>\n</span>"
        );
    }

    #[test]
    fn a_last_line_without_newline_is_closed() {
        assert_eq!(
            lines("a\nb", &[]),
            "<span class=\"line\">a\n</span><span class=\"line\">b</span>"
        );
        assert_eq!(lines("", &[]), "");
    }

    #[test]
    fn diff_lines_are_classed_but_headers_are_not() {
        assert_eq!(diff_class("+added"), " diff-add");
        assert_eq!(diff_class("-removed"), " diff-del");
        assert_eq!(diff_class("+++ b/file"), "");
        assert_eq!(diff_class("--- a/file"), "");
        assert_eq!(diff_class(" context"), "");
    }
}
