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
    let mut diagnostic = Diagnostic::error(describe(message)).at_line(
        source.path,
        source.file_text,
        source.first_line + line - 1,
        column,
    );
    if let Some(hint) = hint_for(message, source.known_keys) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

/// Rewords serde's terse messages into what an author can act on. serde_yaml puts the path of
/// the offending key in front (`weight: invalid type: …`).
fn describe(message: &str) -> String {
    if let Some(field) = backticked_after(message, "unknown field ") {
        return format!("unknown key `{field}`");
    }
    if let Some(field) = backticked_after(message, "missing field ") {
        return format!("missing required key `{field}`");
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

fn hint_for(message: &str, known_keys: &[&str]) -> Option<String> {
    if let Some(field) = backticked_after(message, "unknown field ") {
        return Some(match did_you_mean(field, known_keys.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "allowed keys are {}; put your own data under `extra:`",
                known_keys
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if let Some(field) = backticked_after(message, "missing field ") {
        return Some(format!("add `{field}: …` to the front matter"));
    }
    if message.contains("invalid type") {
        return Some("quote text values, write lists as `[a, b]`, numbers without quotes".into());
    }
    None
}

fn backticked_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split('`').next()
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
    fn comment_only_document_is_an_empty_mapping() {
        let d = parse("# nothing\n", 2).unwrap_err();
        assert_eq!(d.message, "missing required key `title`");
    }
}
