//! Errors as data: diagnostics that point at a file, line and column, and the crate's error type.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail the build, warnings are printed and the build goes on,
/// notes are advice (e.g. `quire check`'s orphan pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A place in a source file; `line` and `column` are 1-based and count characters, not bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// One problem found in the user's site, with where it is, what was expected and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// The text of the line at `location`, shown under the message with a caret.
    pub source_line: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            source_line: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at the `byte_offset` of `text`, the contents of `path`.
    pub fn at_offset(self, path: &Path, text: &str, byte_offset: usize) -> Self {
        let (line, column) = line_column(text, byte_offset);
        self.at_line(path, text, line, column)
    }

    /// Points the diagnostic at a 1-based `line` and `column` of `text`, the contents of `path`.
    pub fn at_line(mut self, path: &Path, text: &str, line: usize, column: usize) -> Self {
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self.location = Some(Location {
            path: path.to_path_buf(),
            line,
            column,
        });
        self
    }

    /// Points the diagnostic at a file as a whole.
    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Location {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
        });
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key that keeps reports stable: by file, line, column, then message.
    pub fn sort_key(&self) -> (Option<&Location>, &str) {
        (self.location.as_ref(), &self.message)
    }
}

/// Converts a byte offset into a 1-based (line, column) pair, counting columns in characters.
pub fn line_column(text: &str, byte_offset: usize) -> (usize, usize) {
    let mut offset = byte_offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    /// Renders rustc-style: the message, the location, the source line with a caret, the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        writeln!(f, "{label}: {}", printable(&self.message))?;
        if let Some(loc) = &self.location {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(
                f,
                "{pad}--> {}:{}:{}",
                printable(&loc.path.display().to_string()),
                loc.line,
                loc.column
            )?;
            if let Some(source) = &self.source_line {
                let (source, column) = clip_line(source, loc.column);
                let caret_pad: String = source
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| match c {
                        '\t' => "\t".to_string(),
                        c if c.is_control() => " ".repeat(c.escape_default().count()),
                        _ => " ".to_string(),
                    })
                    .collect();
                writeln!(f, "{pad} |")?;
                writeln!(f, "{number} | {}", printable(&source))?;
                writeln!(f, "{pad} | {caret_pad}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// `text` safe to print to a terminal: control characters (an escape sequence in a file name,
/// say) are shown as `\u{1b}` escapes instead of acting on the terminal; tabs are kept.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters of a source line shown under a diagnostic; longer lines (minified or generated
/// text) are cut around the column so one error cannot flood the terminal.
const SHOWN_LINE_CHARS: usize = 120;

/// The part of `line` to show and the 1-based column of `column` within it.
fn clip_line(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SHOWN_LINE_CHARS {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(1 + SHOWN_LINE_CHARS / 2)
        .min(count - SHOWN_LINE_CHARS);
    let mut shown = String::with_capacity(SHOWN_LINE_CHARS * 4 + 8);
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(SHOWN_LINE_CHARS));
    if start + SHOWN_LINE_CHARS < count {
        shown.push('…');
    }
    (shown, column.saturating_sub(start) + usize::from(start > 0))
}

/// The library's error type: what went wrong in a build, check or serve.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has mistakes; every diagnostic of the run is here (errors and warnings).
    #[error("{} error{} in the site", count_errors(.0), if count_errors(.0) == 1 { "" } else { "s" })]
    Content(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the site's content.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The command line asked for something impossible (a missing folder, a bad option value).
    #[error("{0}")]
    Usage(String),
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The Ok values in order, or every error's diagnostics together (an I/O or usage error wins
/// outright): one build reports all its problems at once.
pub fn collect_all<T>(
    results: impl IntoIterator<Item = Result<T, Error>>,
) -> Result<Vec<T>, Error> {
    let mut values = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(Error::Content(d)) => diagnostics.extend(d),
            Err(other) => return Err(other),
        }
    }
    if diagnostics.is_empty() {
        Ok(values)
    } else {
        Err(Error::Content(sorted(diagnostics)))
    }
}

/// Diagnostics in report order (file, line, column, message), each once.
pub fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    diagnostics
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_from_one() {
        let text = "ab\nçd\nef";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(line_column(text, 100), (3, 3));
    }

    #[test]
    fn renders_like_rustc_with_caret_and_hint() {
        let text = "---\ntitel: x\n---\n";
        let d = Diagnostic::error("unknown front matter key `titel`")
            .at_line(Path::new("content/a.md"), text, 2, 1)
            .with_hint("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown front matter key `titel`\n --> content/a.md:2:1\n  |\n2 | titel: x\n  | ^\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let text = format!("{}X{}\n", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("here").at_line(Path::new("a.md"), &text, 1, 5001);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[3].len() < 400, "{shown}");
        let source = lines[3].split_once(" | ").unwrap().1;
        let caret = lines[4].split_once(" | ").unwrap().1;
        assert_eq!(
            source.chars().nth(caret.chars().count() - 1),
            Some('X'),
            "{shown}"
        );
        assert!(source.starts_with('…') && source.ends_with('…'));
        let (start, col) = clip_line(&"a".repeat(500), 3);
        assert_eq!((start.chars().count(), col), (SHOWN_LINE_CHARS + 1, 3));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "---\ntitle: a\u{1b}[31mred\n---\n";
        let d = Diagnostic::error("bad \u{1b}]0;title\u{7}").at_line(
            Path::new("content/\u{1b}[2Jx.md"),
            text,
            2,
            14,
        );
        let shown = d.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown}"
        );
        assert!(shown.contains("content/\\u{1b}[2Jx.md:2:14"), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines[3].split_once(" | ").unwrap().1;
        let caret = lines[4].split_once(" | ").unwrap().1;
        assert_eq!(&source[caret.len() - 1..caret.len()], "r", "{shown}");
    }

    #[test]
    fn did_you_mean_picks_close_words_only() {
        let keys = ["title", "weight", "summary"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("wieght", keys), Some("weight"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
