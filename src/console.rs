//! Terminal output for the commands: diagnostics in rustc style with coloured labels, status and
//! summary lines, and the `-q`/`-v` levels. Colour goes to terminals only and respects `NO_COLOR`
//! (anstream strips the styles otherwise).

use anstyle::{AnsiColor, Style};

use crate::error::{Diagnostic, Severity, printable};

/// How much the commands print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings, notes and one summary line per command (or per rebuild).
    #[default]
    Normal,
    /// Also what happens along the way: changed files, requests served.
    Verbose,
}

/// Where the commands print; cheap to copy into threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Console {
    pub verbosity: Verbosity,
}

const BOLD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();

fn label_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Note => AnsiColor::Cyan.on_default().bold(),
    }
}

impl Console {
    pub fn new(verbosity: Verbosity) -> Self {
        Console { verbosity }
    }

    /// Prints one diagnostic to stderr (warnings and notes are hidden by `-q`).
    pub fn diagnostic(&self, diagnostic: &Diagnostic) {
        if diagnostic.is_error() || self.verbosity != Verbosity::Quiet {
            anstream::eprint!("{}", styled(diagnostic));
        }
    }

    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            self.diagnostic(d);
        }
    }

    /// An error that is not about the site's content (a busy port, an unreadable folder).
    pub fn error(&self, message: &str) {
        let message = printable(message);
        let style = label_style(Severity::Error);
        anstream::eprintln!("{style}error{style:#}{BOLD}: {message}{BOLD:#}");
    }

    /// A warning about how the command runs rather than about the content.
    pub fn warning(&self, message: &str) {
        if self.verbosity != Verbosity::Quiet {
            let message = printable(message);
            let style = label_style(Severity::Warning);
            anstream::eprintln!("{style}warning{style:#}{BOLD}: {message}{BOLD:#}");
        }
    }

    /// A summary or status line on stdout, hidden by `-q`.
    pub fn status(&self, message: &str) {
        if self.verbosity != Verbosity::Quiet {
            anstream::println!("{}", printable(message));
        }
    }

    /// A status line whose first word is highlighted, like cargo's `Finished`.
    pub fn headline(&self, word: &str, rest: &str) {
        if self.verbosity != Verbosity::Quiet {
            anstream::println!("{GREEN}{word}{GREEN:#} {}", printable(rest));
        }
    }

    /// Detail shown only with `-v`.
    pub fn detail(&self, message: &str) {
        if self.verbosity == Verbosity::Verbose {
            anstream::println!("{}", printable(message));
        }
    }
}

/// The diagnostic's rustc-style text (its `Display`) with the label, gutter and hint styled.
pub fn styled(diagnostic: &Diagnostic) -> String {
    let text = diagnostic.to_string();
    let label = label_style(diagnostic.severity);
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            match line.split_once(": ") {
                Some((word, message)) => {
                    out.push_str(&format!("{label}{word}{label:#}{BOLD}: {message}{BOLD:#}"));
                }
                None => out.push_str(line),
            }
        } else if let Some((pad, rest)) = line.split_once("--> ") {
            out.push_str(&format!("{pad}{GUTTER}-->{GUTTER:#} {rest}"));
        } else if let Some((gutter, source)) = split_gutter(line) {
            if source.trim() == "^" {
                out.push_str(&format!(
                    "{GUTTER}{gutter}{GUTTER:#}{label}{source}{label:#}"
                ));
            } else {
                out.push_str(&format!("{GUTTER}{gutter}{GUTTER:#}{source}"));
            }
        } else if let Some(hint) = line.strip_prefix("  = hint:") {
            out.push_str(&format!("  {BOLD}= hint:{BOLD:#}{hint}"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Splits `12 | source` or `   |` into the gutter (line number and bar) and the rest.
fn split_gutter(line: &str) -> Option<(&str, &str)> {
    let bar = line.find('|')?;
    let before = &line[..bar];
    if !before.ends_with(' ') || !before.trim().chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(line.split_at(bar + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn styling_keeps_the_text_once_styles_are_stripped() {
        let text = "---\ntitle: x\n---\n";
        let d = Diagnostic::warning("page has no `summary:`")
            .at_line(Path::new("content/a.md"), text, 2, 1)
            .with_hint("add one");
        let styled = styled(&d);
        assert!(
            styled.contains("\u{1b}["),
            "expected ANSI styles: {styled:?}"
        );
        let mut plain = Vec::new();
        let mut stream = anstream::StripStream::new(&mut plain);
        std::io::Write::write_all(&mut stream, styled.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(plain).unwrap(), d.to_string());
    }
}
