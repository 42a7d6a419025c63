//! `{{#include path}}` and `{{#rustdoc_include path}}` (mdBook's syntax, with its line ranges and
//! anchors): found in a body, the files they name read through [`IncludeFiles`](super::IncludeFiles), the lines they
//! select spliced in with a span for each piece. Paths are relative to the file the directive is
//! written in; included Markdown may include again. `\{{#include …}}` shows the directive itself.
//!
//! When the directive is alone on its line after spaces or `>` markers (inside a list item or a
//! quote), every included line after the first gets the same lead, so the text stays inside the
//! block it was included into.

use std::ops::Range;
use std::sync::Arc;

use super::paths::parent_dir;
use super::select::{Line, Selection, Unselectable, parse_spec, select};
use super::{Body, Expanded, Includes, Span, SpanFile, document_file};
use crate::content::Source;
use crate::error::{Diagnostic, did_you_mean};

/// How deep included Markdown may include again.
pub const MAX_DEPTH: usize = 10;

/// The directives quire expands.
const INCLUDES: [&str; 2] = ["include", "rustdoc_include"];

/// Whether `text` has anything to expand (a directive or an escaped one): the test that keeps a
/// body without includes from being copied.
pub(super) fn has_directive(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"{{").any(|at| head(text, at).is_some())
}

/// The name of the directive whose `{{` is at `at`, and where the name ends: `{{`, optional
/// spaces, `#`, then letters, digits and `_`.
fn head(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = &text[at + 2..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let rest = rest[spaces..].strip_prefix('#')?;
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name_start = at + 2 + spaces + 1;
    (len > 0).then(|| (&text[name_start..name_start + len], name_start + len))
}

/// Expands every directive of `source`'s body.
pub(super) fn expand(source: &Source, includes: &Includes<'_>) -> Expanded {
    let document = document_file(source);
    let mut expansion = Expansion {
        includes,
        out: String::with_capacity(source.body().len() * 2),
        chain: vec![document.origin.clone()],
        files: vec![document],
        spans: Vec::new(),
        problems: Vec::new(),
    };
    expansion.expand_text(0, source.body_start..source.text.len(), "");
    let Expansion {
        out,
        files,
        spans,
        problems,
        ..
    } = expansion;
    Expanded {
        body: Body {
            text: out.into(),
            start: 0,
            files,
            spans,
            aside: None,
        },
        problems,
    }
}

struct Expansion<'a, 'b> {
    includes: &'a Includes<'b>,
    out: String,
    files: Vec<Arc<SpanFile>>,
    spans: Vec<Span>,
    problems: Vec<Diagnostic>,
    /// The Markdown files being expanded, outermost first: a cycle is one that comes back.
    chain: Vec<String>,
}

/// A directive as written.
struct Directive<'t> {
    name: &'t str,
    /// Where its `{{` is in its file.
    start: usize,
    /// Just past its `}}`.
    end: usize,
    /// What is between the name and the `}}`, trimmed.
    args: &'t str,
}

impl Expansion<'_, '_> {
    /// Copies `range` of file `file` into the body, expanding the directives in it. `lead` is
    /// written before each line an include adds after its first.
    fn expand_text(&mut self, file: usize, range: Range<usize>, lead: &str) {
        let text = Arc::clone(&self.files[file].text);
        let mut at = range.start;
        let mut from = range.start;
        while let Some(found) = text[from..range.end].find("{{") {
            let brace = from + found;
            from = brace + 2;
            let Some((name, name_end)) = head(&text[..range.end], brace) else {
                continue;
            };
            if brace > range.start && text.as_bytes()[brace - 1] == b'\\' {
                // `\{{#include x}}` shows the directive: drop the backslash only.
                self.copy(file, at..brace - 1);
                at = brace;
                continue;
            }
            let line_end = text[name_end..range.end]
                .find('\n')
                .map_or(range.end, |n| name_end + n);
            let close = text[name_end..line_end].find("}}").map(|c| name_end + c);
            let known = INCLUDES.contains(&name);
            let Some(close) = close.filter(|_| known) else {
                if let Some(problem) = self.unknown(file, brace, name, known) {
                    self.problems.push(problem);
                }
                continue;
            };
            let directive = Directive {
                name,
                start: brace,
                end: close + 2,
                args: text[name_end..close].trim(),
            };
            self.copy(file, at..brace);
            if !self.include(file, &directive, lead) {
                self.copy(file, brace..directive.end);
            }
            at = directive.end;
            from = directive.end;
        }
        self.copy(file, at..range.end);
    }

    /// The problem with a directive quire does not expand: one left open, one of mdBook's that
    /// quire does not have, or a misspelt include. Anything else (`{{#each}}` in a template
    /// example) is text.
    fn unknown(&self, file: usize, at: usize, name: &str, known: bool) -> Option<Diagnostic> {
        let (message, hint) = if known {
            (
                format!("`{{{{#{name}` is not closed with `}}}}` on its line"),
                format!("write `{{{{#{name} path}}}}` on one line"),
            )
        } else if let Some(hint) = mdbook_hint(name) {
            (
                format!("mdBook's `{{{{#{name}}}}}` is not supported by quire"),
                hint.to_string(),
            )
        } else {
            let close = did_you_mean(name, INCLUDES)?;
            (
                format!("unknown directive `{{{{#{name}}}}}`"),
                format!("did you mean `{{{{#{close}}}}}`?"),
            )
        };
        Some(self.at(file, at, message).with_hint(hint))
    }

    /// Expands one include; `false` (with the problem recorded) if it cannot be.
    fn include(&mut self, file: usize, directive: &Directive<'_>, lead: &str) -> bool {
        match self.try_include(file, directive, lead) {
            Ok(()) => true,
            Err(problem) => {
                self.problems.push(problem);
                false
            }
        }
    }

    fn try_include(
        &mut self,
        file: usize,
        directive: &Directive<'_>,
        lead: &str,
    ) -> Result<(), Diagnostic> {
        let (shown, text) = (
            self.files[file].shown.clone(),
            Arc::clone(&self.files[file].text),
        );
        let here =
            |message: String| Diagnostic::error(message).at_offset(&shown, &text, directive.start);
        let name = directive.name;
        let mut args = directive.args.split_whitespace();
        let Some(spec) = args.next() else {
            return Err(here(format!("`{{{{#{name}}}}}` names no file"))
                .with_hint(format!("write `{{{{#{name} path/to/file}}}}`")));
        };
        if let Some(extra) = args.next() {
            return Err(
                here(format!("unexpected `{extra}` after the path")).with_hint(
                    "a path cannot contain spaces; write `path`, `path:10:20` or `path:anchor`",
                ),
            );
        }
        let (path, selection) =
            parse_spec(spec).map_err(|why| here(format!("cannot read `{spec}`: {why}")))?;
        if path.is_empty() || path.starts_with('/') || path.contains('\\') {
            return Err(
                here(format!("cannot include `{path}`: not a relative path"))
                    .with_hint("paths are relative to this file, with `/` between folders"),
            );
        }
        let includes = self.includes;
        let from = parent_dir(&self.files[file].origin).to_string();
        let Some(target) = includes.root.join(&from, path) else {
            return Err(here(format!(
                "cannot include `{path}`: it climbs out of the file system"
            )));
        };
        let read = includes.files.read(&includes.root.absolute(&target));
        let included_text = match read {
            Ok(read) => Arc::clone(&read.text),
            Err(refused) => {
                let (why, hint) = refused.explain(&includes.fs.include_roots());
                let shown = includes.fs.path(&target);
                return Err(here(format!(
                    "cannot include `{path}` ({}): {why}",
                    shown.display()
                ))
                .with_hint(hint));
            }
        };
        let markdown = is_markdown(&target);
        if markdown && self.chain.contains(&target) {
            let mut chain = self.chain.clone();
            chain.push(target);
            return Err(
                here(format!("include cycle: {}", chain.join(" → "))).with_hint(
                    "a file cannot include itself, directly or through the files it includes",
                ),
            );
        }
        if markdown && self.chain.len() > MAX_DEPTH {
            return Err(here(format!(
                "includes nest more than {MAX_DEPTH} deep: {}",
                self.chain.join(" → ")
            )));
        }
        let lines = select(&included_text, &selection).map_err(|why| {
            let (message, hint) = unselectable(path, &selection, why);
            here(message).with_hint(hint)
        })?;
        let included = self.file_index(target.clone(), included_text);
        let lead = self.lead_for(file, directive.start, lead);
        let lead_at = line_start(&self.files[file].text, directive.start);
        if markdown {
            self.chain.push(target);
        }
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                self.line_break(included, &lines[n - 1]);
                if !lead.is_empty() {
                    self.synthetic(&lead, file, lead_at);
                }
            }
            if markdown {
                self.expand_text(included, line.range.clone(), &lead);
            } else {
                self.copy(included, line.range.clone());
            }
        }
        if markdown {
            self.chain.pop();
        }
        Ok(())
    }

    /// What goes before each added line of an include at `at`: the outer lead, and the
    /// directive's own line up to it when that is only spaces and `>` (a list item, a quote).
    fn lead_for(&self, file: usize, at: usize, outer: &str) -> String {
        let text = &self.files[file].text;
        let own = &text[line_start(text, at)..at];
        let mut lead = outer.to_string();
        if own.chars().all(|c| matches!(c, ' ' | '\t' | '>')) {
            lead.push_str(own);
        }
        lead
    }

    /// The index of the body file `origin`, added if new.
    fn file_index(&mut self, origin: String, text: Arc<str>) -> usize {
        if let Some(at) = self.files.iter().position(|f| f.origin == origin) {
            return at;
        }
        let shown = self.includes.fs.path(&origin);
        self.files.push(Arc::new(SpanFile {
            shown,
            origin,
            text,
        }));
        self.files.len() - 1
    }

    /// The line break after `line` of file `file`: the file's own `\n` where it has one.
    fn line_break(&mut self, file: usize, line: &Line) {
        if line.newline {
            self.copy(file, line.range.end..line.range.end + 1);
        } else {
            self.synthetic("\n", file, line.range.end);
        }
    }

    /// Appends `range` of file `file`, continuing the last span when the text follows on.
    fn copy(&mut self, file: usize, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let continues = self.spans.last().is_some_and(|span| {
            span.file == file && span.file_start + (self.out.len() - span.body_start) == range.start
        });
        if !continues {
            self.spans.push(Span {
                body_start: self.out.len(),
                file,
                file_start: range.start,
            });
        }
        let text = Arc::clone(&self.files[file].text);
        self.out.push_str(&text[range]);
    }

    /// Appends text written by quire, located at `file_offset` of file `file`.
    fn synthetic(&mut self, text: &str, file: usize, file_offset: usize) {
        self.spans.push(Span {
            body_start: self.out.len(),
            file,
            file_start: file_offset,
        });
        self.out.push_str(text);
    }

    /// A diagnostic at `offset` of file `file`.
    fn at(&self, file: usize, offset: usize, message: String) -> Diagnostic {
        let file = &self.files[file];
        Diagnostic::error(message).at_offset(&file.shown, &file.text, offset)
    }
}

/// Where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

fn is_markdown(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".markdown")
}

/// For mdBook's other directives, what to write instead.
fn mdbook_hint(name: &str) -> Option<&'static str> {
    match name {
        "playground" | "playpen" => Some(
            "show the file in a fenced code block: ```rust, then `{{#include file.rs}}`, then ```",
        ),
        "title" => Some("set the page's title with `title:` in its front matter"),
        _ => None,
    }
}

/// The message and hint for a selection that cannot be made of `path`.
fn unselectable(path: &str, selection: &Selection, why: Unselectable) -> (String, String) {
    match (why, selection) {
        (Unselectable::PastEnd { len }, Selection::Lines { first, last }) => {
            let wanted = match last {
                Some(last) if last == first => format!("line {first}"),
                Some(last) => format!("lines {first} to {last}"),
                None => format!("lines from {first}"),
            };
            (
                format!("`{path}` has no {wanted}"),
                format!("it has {len} line{}", if len == 1 { "" } else { "s" }),
            )
        }
        (Unselectable::NoAnchor { anchors }, Selection::Anchor(name)) => {
            let hint = match did_you_mean(name, anchors.iter().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}`?"),
                None if anchors.is_empty() => format!(
                    "it has no anchors; mark the lines with `ANCHOR: {name}` and `ANCHOR_END: {name}` comments"
                ),
                None => format!(
                    "its anchors are {}",
                    anchors
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            (format!("no anchor `{name}` in `{path}`"), hint)
        }
        (Unselectable::Unended { line }, Selection::Anchor(name)) => (
            format!("anchor `{name}` in `{path}` is never ended"),
            format!("add an `ANCHOR_END: {name}` line after its `ANCHOR: {name}` at line {line}"),
        ),
        _ => (
            format!("the line range of `{path}` is empty or backwards"),
            "lines count from 1, and the first comes before the last: `path:10:20`".into(),
        ),
    }
}
