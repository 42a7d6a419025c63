//! A fenced code block's info string in; its language and attributes out. The language is the
//! first word; attributes follow, separated by spaces or commas (the words Material and Zola use):
//! `title="app.py"`, `hl_lines="2 4-5"`, `linenos`, `tab="Debian"`. Other bare words (`norun`,
//! `editable`) are left for other tools; a known attribute with a bad value is an error.

use std::ops::RangeInclusive;

/// What a fence's info string asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct CodeInfo<'a> {
    /// The first word (`""` for none).
    pub lang: &'a str,
    /// `title="…"`: a title bar above the block.
    pub title: Option<String>,
    /// `hl_lines="…"`: the lines to mark (1-based, inclusive), and where the attribute starts in
    /// the info string (for an error about a line past the end).
    pub marked: Option<(Vec<RangeInclusive<usize>>, usize)>,
    /// `linenos`: show line numbers.
    pub line_numbers: bool,
    /// `tab="…"`: the block is one tab of a group of consecutive blocks.
    pub tab: Option<String>,
}

/// A problem with an attribute, at a byte offset in the info string.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct InfoProblem {
    pub at: usize,
    pub message: String,
    pub hint: Option<String>,
    /// A known attribute with a bad value (an error), or an unknown attribute (a warning).
    pub is_error: bool,
}

const ATTRIBUTES: [&str; 4] = ["title", "hl_lines", "linenos", "tab"];

/// The language of a fenced code block: the info string's first word, split at `,` or
/// whitespace (`rust,editable` and `python norun` give `rust` and `python`).
pub(super) fn code_language(info: &str) -> &str {
    let word = first_word(info);
    if word.contains('=') { "" } else { word }
}

fn first_word(info: &str) -> &str {
    info.trim_start().split(is_separator).next().unwrap_or("")
}

fn is_separator(c: char) -> bool {
    c == ',' || c.is_whitespace()
}

/// Whether an info string carries `tab=` (cheap, for the scan pass).
pub(super) fn has_tab(info: &str) -> bool {
    info.contains("tab=") && parse_info(info).0.tab.is_some()
}

/// One word of an info string: `key`, or `key=value` with the value unquoted.
struct Word<'a> {
    at: usize,
    key: &'a str,
    value: Option<&'a str>,
    quoted: bool,
}

/// Splits the attributes part of an info string into words; an unterminated quote is a problem.
fn words(info: &str, from: usize) -> (Vec<Word<'_>>, Option<InfoProblem>) {
    let bytes = info.as_bytes();
    let mut i = from;
    let mut words = Vec::new();
    while i < info.len() {
        let rest = &info[i..];
        let Some(c) = rest.chars().next() else { break };
        if is_separator(c) {
            i += c.len_utf8();
            continue;
        }
        let at = i;
        let key_len = rest
            .find(|c: char| is_separator(c) || c == '=')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        i += key_len;
        if bytes.get(i) != Some(&b'=') {
            words.push(Word {
                at,
                key,
                value: None,
                quoted: false,
            });
            continue;
        }
        i += 1;
        let (value, quoted) = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let Some(len) = info[i + 1..].find(char::from(quote)) else {
                    let problem = InfoProblem {
                        at,
                        message: format!("the value of `{key}` has no closing quote"),
                        hint: Some(format!("write it as {key}=\"…\"")),
                        is_error: true,
                    };
                    return (words, Some(problem));
                };
                let value = &info[i + 1..i + 1 + len];
                i += len + 2;
                (value, true)
            }
            _ => {
                let len = info[i..].find(is_separator).unwrap_or(info.len() - i);
                let value = &info[i..i + len];
                i += len;
                (value, false)
            }
        };
        words.push(Word {
            at,
            key,
            value: Some(value),
            quoted,
        });
    }
    (words, None)
}

/// Parses an info string; returns what it asks for and every problem with its attributes.
pub(super) fn parse_info(info: &str) -> (CodeInfo<'_>, Vec<InfoProblem>) {
    let start = info.len() - info.trim_start().len();
    let lang = code_language(info);
    let mut parsed = CodeInfo {
        lang,
        ..CodeInfo::default()
    };
    let (words, unterminated) = words(info, start + lang.len());
    let mut problems: Vec<InfoProblem> = unterminated.into_iter().collect();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let error = |message: String, hint: &str| InfoProblem {
            at: word.at,
            message,
            hint: Some(hint.to_owned()),
            is_error: true,
        };
        match (word.key, word.value) {
            ("linenos", None) => parsed.line_numbers = true,
            ("linenos", Some(_)) => problems.push(error(
                "`linenos` takes no value".into(),
                "write the bare word `linenos`",
            )),
            ("title" | "tab" | "hl_lines", None) => problems.push(error(
                format!("`{}` needs a value", word.key),
                "write it as key=\"value\", e.g. title=\"app.py\"",
            )),
            ("title" | "tab", Some(value)) if value.trim().is_empty() => problems.push(error(
                format!("`{}` is empty", word.key),
                "give it some text, or leave the attribute out",
            )),
            ("title", Some(value)) => parsed.title = Some(value.to_owned()),
            ("tab", Some(value)) => parsed.tab = Some(value.to_owned()),
            ("hl_lines", Some(value)) => {
                // Zola writes `hl_lines=1 3-5`: unquoted, the ranges after it belong to it too.
                let mut spec = value.to_owned();
                while !word.quoted
                    && words
                        .get(i)
                        .is_some_and(|next| next.value.is_none() && is_line_range_word(next.key))
                {
                    spec.push(' ');
                    spec.push_str(words[i].key);
                    i += 1;
                }
                match parse_line_ranges(&spec) {
                    Ok(ranges) => parsed.marked = Some((ranges, word.at)),
                    Err(message) => problems.push(error(
                        message,
                        "list line numbers and ranges, e.g. hl_lines=\"2 4-5\"",
                    )),
                }
            }
            (key, Some(_)) => problems.push(InfoProblem {
                at: word.at,
                message: format!("unknown code block attribute `{key}`"),
                hint: Some(match closest_attribute(key) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!(
                        "quire knows {}",
                        ATTRIBUTES.map(|a| format!("`{a}`")).join(", ")
                    ),
                }),
                is_error: false,
            }),
            // A bare word quire does not know (`norun`, `editable`): for other tools.
            (_, None) => {}
        }
    }
    (parsed, problems)
}

fn closest_attribute(key: &str) -> Option<&'static str> {
    ATTRIBUTES
        .into_iter()
        .map(|known| (strsim::damerau_levenshtein(key, known), known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

fn is_line_range_word(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit() || b == b'-')
}

/// `"2 4-5"` (spaces or commas between) as inclusive 1-based line ranges.
fn parse_line_ranges(spec: &str) -> Result<Vec<RangeInclusive<usize>>, String> {
    let number = |text: &str, item: &str| -> Result<usize, String> {
        match text.trim().parse::<usize>() {
            Ok(0) => Err(format!(
                "`hl_lines` counts lines from 1; `{item}` names line 0"
            )),
            Ok(n) => Ok(n),
            Err(_) => Err(format!(
                "`hl_lines` expects line numbers and ranges; `{item}` is not one"
            )),
        }
    };
    let mut ranges = Vec::new();
    for item in spec.split(is_separator).filter(|s| !s.is_empty()) {
        let range = match item.split_once('-') {
            Some((first, last)) => {
                let (first, last) = (number(first, item)?, number(last, item)?);
                if first > last {
                    return Err(format!("`hl_lines` range `{item}` ends before it starts"));
                }
                first..=last
            }
            None => {
                let n = number(item, item)?;
                n..=n
            }
        };
        ranges.push(range);
    }
    if ranges.is_empty() {
        return Err("`hl_lines` names no lines".into());
    }
    Ok(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(info: &str) -> CodeInfo<'_> {
        let (parsed, problems) = parse_info(info);
        assert!(problems.is_empty(), "{info}: {problems:?}");
        parsed
    }

    fn problem(info: &str) -> InfoProblem {
        let (_, mut problems) = parse_info(info);
        assert_eq!(problems.len(), 1, "{info}: {problems:?}");
        problems.remove(0)
    }

    #[test]
    fn first_word_is_the_language() {
        assert_eq!(code_language("python"), "python");
        assert_eq!(code_language("rust,editable"), "rust");
        assert_eq!(code_language("python norun"), "python");
        assert_eq!(code_language("  python\tnorun"), "python");
        assert_eq!(code_language(""), "");
        assert_eq!(code_language(",x"), "");
        assert_eq!(code_language("title=\"a.py\""), "");
        assert_eq!(ok("text nocheck").lang, "text");
    }

    #[test]
    fn attributes_with_spaces_or_commas() {
        let spaced = ok("python title=\"app.py\" hl_lines=\"2 4-5\" linenos norun");
        let commas = ok("python,title=\"app.py\",hl_lines=\"2 4-5\",linenos,norun");
        assert_eq!(spaced, commas);
        assert_eq!(spaced.lang, "python");
        assert_eq!(spaced.title.as_deref(), Some("app.py"));
        assert_eq!(spaced.marked, Some((vec![2..=2, 4..=5], 22)));
        assert!(spaced.line_numbers);
        assert_eq!(ok("sh tab=Debian").tab.as_deref(), Some("Debian"));
        assert_eq!(ok("sh tab='Mac OS'").tab.as_deref(), Some("Mac OS"));
        assert_eq!(
            ok("title=\"only a title\"").title.as_deref(),
            Some("only a title")
        );
    }

    #[test]
    fn zola_style_unquoted_ranges() {
        let info = ok("rust,hl_lines=1 3-5 9 linenos");
        assert_eq!(info.marked.map(|m| m.0), Some(vec![1..=1, 3..=5, 9..=9]));
        assert!(info.line_numbers);
    }

    #[test]
    fn bad_values_are_errors_where_they_are_written() {
        let bad = problem("python hl_lines=\"2-x\"");
        assert!(bad.is_error && bad.at == 7, "{bad:?}");
        assert!(bad.message.contains("`2-x`"), "{bad:?}");
        assert!(
            problem("py hl_lines=\"5-2\"")
                .message
                .contains("ends before")
        );
        assert!(problem("py hl_lines=\"0\"").message.contains("line 0"));
        assert!(problem("py hl_lines=\"\"").message.contains("no lines"));
        assert!(
            problem("py title=\"app.py")
                .message
                .contains("closing quote")
        );
        assert!(problem("py title=\"\"").message.contains("empty"));
        assert!(problem("py tab").message.contains("needs a value"));
        assert!(problem("py linenos=yes").message.contains("no value"));
    }

    #[test]
    fn unknown_attributes_warn_with_a_suggestion() {
        let typo = problem("py hl_line=\"2\"");
        assert!(!typo.is_error);
        assert_eq!(typo.hint.as_deref(), Some("did you mean `hl_lines`?"));
        assert!(
            problem("py colour=red")
                .hint
                .unwrap_or_default()
                .contains("`title`")
        );
    }

    #[test]
    fn tab_detection_is_cheap_and_exact() {
        assert!(has_tab("sh tab=\"Debian\""));
        assert!(!has_tab("sh stab=x"));
        assert!(!has_tab("python"));
    }
}
