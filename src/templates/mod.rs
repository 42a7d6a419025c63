//! Templating: compiles the Tera templates once and renders view structs into HTML pages.

pub mod views;

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::error::{Diagnostic, Error};
use crate::theme::{TEMPLATES_DIR, TemplateSource, template_sources};

/// The compiled templates, built once per build and shared by every render.
pub struct Templates {
    tera: Tera,
    sources: Vec<TemplateSource>,
    site_dir: PathBuf,
}

impl Templates {
    /// Compiles the default templates with the site's overrides.
    pub fn load(site_dir: &Path) -> Result<Templates, Error> {
        let sources = template_sources(site_dir)?;
        let mut tera = Tera::default();
        let compiled =
            tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())));
        let templates = Templates {
            tera,
            sources,
            site_dir: site_dir.to_path_buf(),
        };
        match compiled {
            Ok(()) => Ok(templates),
            Err(err) => Err(Error::Content(vec![templates.diagnostic(&err, None)])),
        }
    }

    /// Renders template `name` with `view` as its context.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(view).map_err(|e| self.diagnostic(&e, Some(name)))?;
        self.tera
            .render(name, &context)
            .map_err(|e| self.diagnostic(&e, Some(name)))
    }

    /// Turns a Tera error into a diagnostic that points into the template file.
    fn diagnostic(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let name = if report.filename().is_empty() {
                    rendering.unwrap_or_default()
                } else {
                    report.filename()
                };
                let span = report.span();
                let (path, text) = self.locate(name);
                Diagnostic::error(format!("template `{name}`: {}", report.message()))
                    .at_line(&path, text, span.start_line.max(1), span.start_col + 1)
                    .with_hint(hint_for_template(report.message()))
            }
            other => {
                let name = rendering.unwrap_or("templates");
                let (path, _) = self.locate(name);
                Diagnostic::error(format!("template `{name}`: {other}")).in_file(&path)
            }
        }
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

fn hint_for_template(message: &str) -> String {
    if message.contains("not found")
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
    fn a_broken_site_template_points_at_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join(TEMPLATES_DIR);
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("page.html"), "<p>\n{% if %}\n").unwrap();
        let Err(Error::Content(d)) = Templates::load(dir.path()) else {
            panic!("expected a template error");
        };
        let loc = d[0].location.as_ref().unwrap();
        assert!(loc.path.ends_with("templates/page.html"), "{:?}", loc.path);
        assert_eq!(loc.line, 2);
    }
}
