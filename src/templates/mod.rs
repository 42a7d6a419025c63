//! Templating: the theme's and the site's Tera templates in, compiled once per build; view structs
//! (`views`) in, HTML pages out. The theme (`theme`) also supplies the default static files.

pub mod theme;
pub mod views;

use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::error::{Diagnostic, Error};
use crate::fs::SiteFs;
use theme::{TEMPLATES_DIR, TemplateSource, template_sources};

/// The compiled templates, built once per build and shared by every render.
pub struct Templates {
    tera: Tera,
    sources: Vec<TemplateSource>,
    site_dir: PathBuf,
}

impl Templates {
    /// Compiles the default templates with the site's overrides.
    pub fn load(fs: &SiteFs) -> Result<Templates, Error> {
        let sources = template_sources(fs)?;
        let mut tera = Tera::default();
        tera.set_escape_fn(crate::html::write_escaped_html);
        let compiled =
            tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())));
        let templates = Templates {
            tera,
            sources,
            site_dir: fs.dir().to_path_buf(),
        };
        match compiled {
            Ok(()) => Ok(templates),
            Err(err) => Err(Error::Content(templates.diagnostics(&err, None))),
        }
    }

    /// Every template's name and text, in a stable order.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|s| (s.name.as_str(), s.text.as_str()))
    }

    /// Renders template `name` with `view` as its context.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String, Diagnostic> {
        let first = |e: tera::Error| {
            let mut all = self.diagnostics(&e, Some(name));
            all.swap_remove(0)
        };
        let context = Context::from_serialize(view).map_err(first)?;
        self.tera.render(name, &context).map_err(first)
    }

    /// Turns a Tera error into diagnostics that point into the template files (never empty).
    fn diagnostics(&self, err: &tera::Error, rendering: Option<&str>) -> Vec<Diagnostic> {
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let name = if report.filename().is_empty() {
                    rendering.unwrap_or_default()
                } else {
                    report.filename()
                };
                let span = report.span();
                vec![self.located(name, report.message(), span.start_line, span.start_col + 1)]
            }
            ErrorKind::Msg(text) if !parse_reports(text).is_empty() => parse_reports(text)
                .into_iter()
                .map(|(message, name, line, column)| self.located(name, message, line, column))
                .collect(),
            ErrorKind::MissingParent { current, parent } => {
                vec![self.missing_parent(current, parent)]
            }
            // The last template of the chain closes the loop: that is the one to edit.
            kind @ (ErrorKind::CircularExtend {
                inheritance_chain: chain,
                ..
            }
            | ErrorKind::CircularInclude {
                include_chain: chain,
                ..
            }) => {
                let name = chain.last().map_or("base.html", String::as_str);
                let (path, _) = self.locate(name);
                vec![
                    Diagnostic::error(format!("template `{name}`: {kind}"))
                        .in_file(&path)
                        .with_hint("templates extend or include each other in a loop; break it"),
                ]
            }
            other => {
                let name = rendering.unwrap_or("base.html");
                let (path, _) = self.locate(name);
                vec![Diagnostic::error(format!("template `{name}`: {other}")).in_file(&path)]
            }
        }
    }

    /// `current` extends a template that does not exist: pointed at its `extends` tag.
    fn missing_parent(&self, current: &str, parent: &str) -> Diagnostic {
        let (path, text) = self.locate(current);
        let (line, column) = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| {
                let at = l.find("extends")?;
                l[at..].contains(parent).then(|| {
                    let tag = l[..at].rfind("{%").unwrap_or(at);
                    (i + 1, l[..tag].chars().count() + 1)
                })
            })
            .unwrap_or((1, 1));
        let mut names: Vec<&str> = self.sources.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        let hint = match crate::error::did_you_mean(parent, names.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("the templates are {}", names.join(", ")),
        };
        Diagnostic::error(format!(
            "template `{current}` extends `{parent}`, which does not exist"
        ))
        .at_line(&path, text, line, column)
        .with_hint(hint)
    }

    fn located(&self, name: &str, message: &str, line: usize, column: usize) -> Diagnostic {
        let (path, text) = self.locate(name);
        Diagnostic::error(format!("template `{name}`: {message}"))
            .at_line(&path, text, line.max(1), column.max(1))
            .with_hint(hint_for_template(message))
    }

    /// The file a template came from (the site's, or the built-in one) and its text.
    fn locate(&self, name: &str) -> (PathBuf, &str) {
        match self.sources.iter().find(|s| s.name == name) {
            Some(source) => match &source.path {
                Some(path) => (path.clone(), &source.text),
                None => (
                    PathBuf::from(format!("<built-in>/{TEMPLATES_DIR}/{name}")),
                    &source.text,
                ),
            },
            None => (self.site_dir.join(TEMPLATES_DIR).join(name), ""),
        }
    }
}

/// Tera reports build-time validation errors as text, one report per problem:
/// `error: MESSAGE` then ` --> NAME:LINE:COLUMN`. Returns (message, name, line, column) each.
fn parse_reports(text: &str) -> Vec<(&str, &str, usize, usize)> {
    let mut reports = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = at.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let row = parts.next().and_then(|l| l.parse().ok());
            if let (Some(column), Some(row), Some(name)) = (column, row, parts.next()) {
                reports.push((m, name, row, column));
            }
            message = None;
        }
    }
    reports
}

fn hint_for_template(message: &str) -> String {
    if message.contains("not found")
        || message.contains("not defined")
        || message.contains("undefined")
        || message.contains("Undefined")
    {
        "check the variable's name against the template context in the README".into()
    } else {
        "see the Tera 2 documentation for the template syntax".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extending_a_missing_template_points_at_the_extends_tag() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join(TEMPLATES_DIR);
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("page.html"),
            "{# mine #}\n  {% extends \"bsae.html\" %}\n{% block content %}x{% endblock content %}\n",
        )
        .unwrap();
        let Err(Error::Content(d)) = Templates::load(&SiteFs::open(dir.path()).unwrap()) else {
            panic!("expected a template error");
        };
        let loc = d[0].location.as_ref().unwrap();
        assert!(loc.path.ends_with("templates/page.html"), "{:?}", loc.path);
        assert_eq!((loc.line, loc.column), (2, 3));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `base.html`?"));
    }

    #[test]
    fn a_broken_site_template_points_at_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join(TEMPLATES_DIR);
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("page.html"), "<p>\n{% if %}\n").unwrap();
        let Err(Error::Content(d)) = Templates::load(&SiteFs::open(dir.path()).unwrap()) else {
            panic!("expected a template error");
        };
        let loc = d[0].location.as_ref().unwrap();
        assert!(loc.path.ends_with("templates/page.html"), "{:?}", loc.path);
        assert_eq!(loc.line, 2);
    }
}
