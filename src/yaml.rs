//! The one place that speaks YAML: typed parsing of `site.yaml` and front matter, with serde_yaml's
//! errors turned into diagnostics that point at the line and column of the *file*.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

/// Where a YAML document sits inside its file, so error positions can be reported in file terms.
pub struct YamlSource<'a> {
    pub path: &'a Path,
    /// The whole file, for quoting the offending line.
    pub file_text: &'a str,
    /// The YAML document itself (a slice of the file, or all of it).
    pub yaml: &'a str,
    /// 1-based file line on which `yaml` starts.
    pub first_line: usize,
    /// The keys the document may have, for "did you mean" hints.
    pub known_keys: &'a [&'a str],
}

/// Parses `source.yaml` into `T`, which should use `deny_unknown_fields`.
pub fn parse_yaml<T: DeserializeOwned>(source: &YamlSource<'_>) -> Result<T, Diagnostic> {
    // An empty document (only comments or blank lines) is an empty mapping, not "null".
    let yaml = if source.yaml.lines().all(is_blank_or_comment) {
        "{}"
    } else {
        source.yaml
    };
    serde_yaml::from_str(yaml).map_err(|err| yaml_diagnostic(source, &err))
}

fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

fn yaml_diagnostic(source: &YamlSource<'_>, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let message = match full.find(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let diagnostic = Diagnostic::error(describe(message)).at_line(
        source.path,
        source.file_text,
        source.first_line + line - 1,
        column,
    );
    diagnostic.with_hint(hint_for(message, source.known_keys))
}

/// Rewords serde's terse messages into what an author can act on. serde_yaml puts the path of
/// the offending key in front (`weight: invalid type: …`).
fn describe(message: &str) -> String {
    if let Some((path, field, _)) = unknown_field(message) {
        return if path.is_empty() {
            format!("unknown key `{field}`")
        } else {
            format!("unknown key `{field}` in `{path}`")
        };
    }
    if let Some(field) = backticked_after(message, "missing field ") {
        return format!("missing required key `{field}`");
    }
    if let Some(field) = backticked_after(message, "duplicate field ") {
        return format!("key `{field}` is written twice");
    }
    if message.contains("recursion limit exceeded") {
        return "the YAML is nested too deeply".into();
    }
    if message.contains("repetition limit exceeded") {
        return "the YAML's aliases (`*name`) expand to too much data".into();
    }
    for (pattern, wording) in [
        ("invalid type: ", "wrong type"),
        ("invalid value: ", "wrong value"),
    ] {
        if let Some(at) = message.find(pattern) {
            let key = message[..at].trim_end_matches(": ");
            let rest = message[at + pattern.len()..]
                .replace("expected i64", "expected a whole number")
                .replace("expected a sequence", "expected a list like `[a, b]`");
            return if key.is_empty() {
                format!("{wording}: {rest}")
            } else {
                format!("{wording} for `{key}`: {rest}")
            };
        }
    }
    message.to_string()
}

/// What to do about it; every YAML diagnostic gets one.
fn hint_for(message: &str, known_keys: &[&str]) -> String {
    if let Some((path, field, expected)) = unknown_field(message) {
        // Below the top level, serde's own list of expected keys is the one that applies.
        let keys = if path.is_empty() {
            known_keys
        } else {
            &expected[..]
        };
        return match did_you_mean(field, keys.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "allowed keys are {}; put your own data under `extra:`",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
    }
    let hint = if let Some(field) = backticked_after(message, "missing field ") {
        return format!("add `{field}: …` to the front matter");
    } else if let Some(field) = backticked_after(message, "duplicate field ") {
        return format!("keep one `{field}:` line and delete the other");
    } else if message.contains("invalid type") {
        "quote text values, write lists as `[a, b]`, numbers without quotes"
    } else if message.contains("invalid value") {
        "see the README for the values this key accepts"
    } else if message.contains("tab character") {
        "indent with spaces: YAML does not allow tabs for indentation"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "keep to plain values: text, numbers, and lists or maps a few levels deep"
    } else {
        "check the YAML syntax here: one `key: value` per line, a quote or bracket may be \
         unclosed, and text containing `: ` or ` #` must be quoted"
    };
    hint.into()
}

/// The backticked word right after `prefix` in `message`.
fn backticked_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let at = message.find(prefix)?;
    let rest = message[at + prefix.len()..].strip_prefix('`')?;
    rest.split('`').next()
}

/// serde's `PATH: unknown field `KEY`, expected `A` or `B``: the path ("" at the top level),
/// the key, and the keys expected there.
fn unknown_field(message: &str) -> Option<(&str, &str, Vec<&str>)> {
    let field = backticked_after(message, "unknown field ")?;
    let path = message[..message.find("unknown field ")?].trim_end_matches(": ");
    let expected = message
        .split_once(", expected ")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    Some((path, field, expected))
}

/// The 1-based line and column of a top-level `key:` of a YAML document (or front matter) in
/// `text`, or (1, 1): where a diagnostic about that key's value points.
pub(crate) fn find_key(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or((1, 1), |i| (i + 1, 1))
}

/// The 1-based line and column of `entry` (a list item) written under the top-level `key:`, or
/// the key's own position when the entry is not found as written.
pub(crate) fn find_entry(text: &str, key: &str, entry: &str) -> (usize, usize) {
    let (key_line, key_column) = find_key(text, key);
    text.lines()
        .enumerate()
        .skip(key_line - 1)
        .find_map(|(i, line)| {
            line.find(entry)
                .map(|col| (i + 1, line[..col].chars().count() + 1))
        })
        .unwrap_or((key_line, key_column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        weight: i64,
        extra: Option<serde_json::Value>,
    }

    fn parse(yaml: &str, first_line: usize) -> Result<Doc, Diagnostic> {
        let file_text = format!("{}{yaml}", "\n".repeat(first_line - 1));
        parse_yaml(&YamlSource {
            path: Path::new("a.md"),
            file_text: &file_text,
            yaml,
            first_line,
            known_keys: &["title", "weight"],
        })
    }

    #[test]
    fn unknown_key_points_at_file_line_with_hint() {
        let d = parse("title: x\nwieght: 2\n", 2).unwrap_err();
        assert_eq!(d.message, "unknown key `wieght`");
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 1));
        assert_eq!(d.hint.as_deref(), Some("did you mean `weight`?"));
    }

    #[test]
    fn wrong_type_and_missing_title_are_explained() {
        let d = parse("title: x\nweight: heavy\n", 2).unwrap_err();
        assert_eq!(
            d.message,
            "wrong type for `weight`: string \"heavy\", expected a whole number"
        );
        assert_eq!(d.location.unwrap().line, 3);
        let d = parse("weight: 1\n", 2).unwrap_err();
        assert_eq!(d.message, "missing required key `title`");
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let d = parse("title: [unclosed\n", 2).unwrap_err();
        assert!(d.location.unwrap().line >= 2);
    }

    #[test]
    fn unknown_nested_keys_use_the_keys_of_their_level() {
        let d = parse("title: x\nextra: {a: 1}\n", 2).map(|_| ());
        assert!(d.is_ok());
        let message = "markdown: unknown field `unsafe_htm`, expected `unsafe_html`";
        assert_eq!(describe(message), "unknown key `unsafe_htm` in `markdown`");
        assert_eq!(hint_for(message, &["title"]), "did you mean `unsafe_html`?");
        let message = "unknown field `titel`, expected one of `title`, `weight`";
        assert_eq!(describe(message), "unknown key `titel`");
        assert_eq!(hint_for(message, &["title"]), "did you mean `title`?");
    }

    #[test]
    fn every_error_has_a_hint_and_limits_hold() {
        let nested = format!(
            "title: x\nextra: {}{}\n",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        let mut bomb = String::from("title: x\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip("abcdefgh".chars())
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            bomb.push_str(&format!("  {name}: &{name} [{refs}]\n"));
        }
        for yaml in [
            "title: \"unterminated\n",
            "title: x\n\tweight: 1\n",
            "title: a\ntitle: b\n",
            "title: [a\n",
            "title: a: b\n",
            "- a\n- b\n",
            &nested,
            &bomb,
        ] {
            let d = parse(yaml, 2).unwrap_err();
            assert!(d.hint.is_some(), "no hint for {yaml:?}: {d}");
            assert!(d.location.is_some(), "no location for {yaml:?}");
        }
        let d = parse("title: a\ntitle: b\n", 2).unwrap_err();
        assert_eq!(d.message, "key `title` is written twice");
        let d = parse(&nested, 2).unwrap_err();
        assert_eq!(d.message, "the YAML is nested too deeply");
        let d = parse(&bomb, 2).unwrap_err();
        assert_eq!(
            d.message,
            "the YAML's aliases (`*name`) expand to too much data"
        );
    }

    #[test]
    fn comment_only_document_is_an_empty_mapping() {
        let d = parse("# nothing\n", 2).unwrap_err();
        assert_eq!(d.message, "missing required key `title`");
    }
}
