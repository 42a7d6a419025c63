//! What an include shows of a file: the whole of it, a range of lines (`path:10:20`, `path:10:`,
//! `path::20`, `path:10`) or the lines between `ANCHOR: name` and `ANCHOR_END: name` (in any
//! comment syntax) — always without the `ANCHOR`/`ANCHOR_END` lines themselves.

use std::ops::Range;

/// The part of a file an include asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Selection {
    Whole,
    /// Lines `first` to `last` (1-based, inclusive; `None`: to the end).
    Lines {
        first: usize,
        last: Option<usize>,
    },
    Anchor(String),
}

/// One line of a file: where its text is (without its line break) and whether `\n` alone ends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub range: Range<usize>,
    pub newline: bool,
}

/// Why a selection cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unselectable {
    /// The range asks for a line the file does not have.
    PastEnd {
        len: usize,
    },
    /// The range ends before it starts, or starts at line 0.
    Backwards,
    NoAnchor {
        anchors: Vec<String>,
    },
    /// `ANCHOR: name` at this 1-based line has no `ANCHOR_END: name` after it.
    Unended {
        line: usize,
    },
}

/// Splits a directive's argument (`path`, `path:10:20`, `path:name`) into the path and what to
/// show of it.
pub(super) fn parse_spec(spec: &str) -> Result<(&str, Selection), String> {
    let Some((path, rest)) = spec.split_once(':') else {
        return Ok((spec, Selection::Whole));
    };
    let number = |s: &str| s.parse::<usize>().ok();
    let mut parts = rest.split(':');
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    if parts.next().is_some() {
        return Err(format!(
            "`{rest}` has too many `:`; write `path:first:last` or `path:anchor`"
        ));
    }
    let selection = match (first, second) {
        ("", None | Some("")) => Selection::Whole,
        (anchor, None) if number(anchor).is_none() => {
            if !anchor.chars().all(is_anchor_char) {
                return Err(format!(
                    "`{anchor}` is neither a line number nor an anchor name (letters, digits, `_` and `-`)"
                ));
            }
            Selection::Anchor(anchor.to_string())
        }
        (first, second) => {
            let parse = |s: &str| number(s).ok_or_else(|| format!("`{s}` is not a line number"));
            let start = if first.is_empty() { 1 } else { parse(first)? };
            let last = match second {
                None => Some(start),
                Some("") => None,
                Some(last) => Some(parse(last)?),
            };
            Selection::Lines { first: start, last }
        }
    };
    Ok((path, selection))
}

/// The lines of `text` that `selection` shows.
pub(super) fn select(text: &str, selection: &Selection) -> Result<Vec<Line>, Unselectable> {
    let lines = lines(text);
    let shown = |lines: &[Line]| -> Vec<Line> {
        lines
            .iter()
            .filter(|line| marker(&text[line.range.clone()]).is_none())
            .cloned()
            .collect()
    };
    match selection {
        Selection::Whole => Ok(shown(&lines)),
        Selection::Lines { first, last } => {
            let len = lines.len();
            let last_line = last.unwrap_or(len);
            if *first == 0 || last_line < *first {
                return Err(Unselectable::Backwards);
            }
            if *first > len || last_line > len {
                return Err(Unselectable::PastEnd { len });
            }
            Ok(shown(&lines[first - 1..last_line]))
        }
        Selection::Anchor(name) => {
            let found = |end: bool| {
                move |line: &Line| marker(&text[line.range.clone()]) == Some((end, name.as_str()))
            };
            let Some(start) = lines.iter().position(found(false)) else {
                let mut anchors: Vec<String> = lines
                    .iter()
                    .filter_map(|l| match marker(&text[l.range.clone()]) {
                        Some((false, name)) => Some(name.to_string()),
                        _ => None,
                    })
                    .collect();
                anchors.dedup();
                return Err(Unselectable::NoAnchor { anchors });
            };
            let Some(length) = lines[start + 1..].iter().position(found(true)) else {
                return Err(Unselectable::Unended { line: start + 1 });
            };
            Ok(shown(&lines[start + 1..start + 1 + length]))
        }
    }
}

/// The lines of `text` as `str::lines` splits them (`\n` or `\r\n`; no empty last line).
pub(super) fn lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let (end, next) = match text[start..].find('\n') {
            Some(at) => (start + at, start + at + 1),
            None => (text.len(), text.len()),
        };
        let content_end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        lines.push(Line {
            range: start..content_end,
            newline: content_end == end && end < text.len(),
        });
        start = next;
    }
    lines
}

/// `Some((false, name))` for a line with `ANCHOR: name`, `Some((true, name))` for one with
/// `ANCHOR_END: name`.
pub(super) fn marker(line: &str) -> Option<(bool, &str)> {
    let (end, rest) = if let Some(at) = line.find("ANCHOR_END:") {
        (true, &line[at + "ANCHOR_END:".len()..])
    } else {
        let at = line.find("ANCHOR:")?;
        (false, &line[at + "ANCHOR:".len()..])
    };
    let rest = rest.trim_start();
    let name_end = rest
        .find(|c: char| !is_anchor_char(c))
        .unwrap_or(rest.len());
    (name_end > 0).then(|| (end, &rest[..name_end]))
}

fn is_anchor_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "use a;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: body\n    go();\n    // ANCHOR_END: body\n}\n// ANCHOR_END: main\n";

    fn shown(selection: &Selection) -> String {
        let lines = select(FILE, selection).unwrap();
        let texts: Vec<&str> = lines.iter().map(|l| &FILE[l.range.clone()]).collect();
        texts.join("\n")
    }

    #[test]
    fn specs_follow_mdbook() {
        let lines = |first, last| Selection::Lines { first, last };
        assert_eq!(parse_spec("a.rs"), Ok(("a.rs", Selection::Whole)));
        assert_eq!(parse_spec("a.rs:10:20"), Ok(("a.rs", lines(10, Some(20)))));
        assert_eq!(parse_spec("a.rs:10:"), Ok(("a.rs", lines(10, None))));
        assert_eq!(parse_spec("a.rs::20"), Ok(("a.rs", lines(1, Some(20)))));
        assert_eq!(parse_spec("a.rs:10"), Ok(("a.rs", lines(10, Some(10)))));
        assert_eq!(parse_spec("a.rs:"), Ok(("a.rs", Selection::Whole)));
        assert_eq!(
            parse_spec("a.rs:here"),
            Ok(("a.rs", Selection::Anchor("here".into())))
        );
        assert!(parse_spec("a.rs:10:x").is_err());
        assert!(parse_spec("a.rs:1:2:3").is_err());
        assert!(parse_spec("a.rs:no way").is_err());
    }

    #[test]
    fn anchors_and_ranges_drop_every_marker_line() {
        assert_eq!(
            shown(&Selection::Whole),
            "use a;\nfn main() {\n    go();\n}"
        );
        assert_eq!(
            shown(&Selection::Anchor("main".into())),
            "fn main() {\n    go();\n}"
        );
        assert_eq!(shown(&Selection::Anchor("body".into())), "    go();");
        let range = Selection::Lines {
            first: 3,
            last: Some(5),
        };
        assert_eq!(shown(&range), "fn main() {\n    go();");
    }

    #[test]
    fn impossible_selections_say_why() {
        let past = Selection::Lines {
            first: 5,
            last: Some(12),
        };
        assert_eq!(select(FILE, &past), Err(Unselectable::PastEnd { len: 8 }));
        let backwards = Selection::Lines {
            first: 5,
            last: Some(2),
        };
        assert_eq!(select(FILE, &backwards), Err(Unselectable::Backwards));
        assert_eq!(
            select(FILE, &Selection::Anchor("nope".into())),
            Err(Unselectable::NoAnchor {
                anchors: vec!["main".into(), "body".into()]
            })
        );
        let unended = "// ANCHOR: a\nx\n";
        assert_eq!(
            select(unended, &Selection::Anchor("a".into())),
            Err(Unselectable::Unended { line: 1 })
        );
    }

    #[test]
    fn lines_split_like_str_lines_and_know_their_breaks() {
        let text = "a\r\nb\nc";
        let found: Vec<(&str, bool)> = lines(text)
            .iter()
            .map(|l| (&text[l.range.clone()], l.newline))
            .collect();
        assert_eq!(found, [("a", false), ("b", true), ("c", false)]);
        assert_eq!(marker("  # ANCHOR: setup-db"), Some((false, "setup-db")));
        assert_eq!(marker("<!-- ANCHOR_END: x -->"), Some((true, "x")));
        assert_eq!(marker("ANCHOR: "), None);
    }
}
