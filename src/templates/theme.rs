//! The default theme: templates and static files compiled into the binary; a site's own
//! `templates/` and `static/` files replace them by name.

use std::path::PathBuf;

use crate::error::Error;
use crate::fs::{SiteFile, SiteFs};

/// Folder of a site's own templates, which override the defaults by name.
pub const TEMPLATES_DIR: &str = "templates";
/// Folder of a site's own static files, which override the defaults by name.
pub const STATIC_DIR: &str = "static";

/// The default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("review.html", include_str!("../../templates/review.html")),
    (
        "partials/sidebar.html",
        include_str!("../../templates/partials/sidebar.html"),
    ),
    (
        "partials/search.html",
        include_str!("../../templates/partials/search.html"),
    ),
];

/// The default static files that quire bundles (hashed, concatenated), by name.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.css", include_bytes!("../../static/search.css")),
    ("blocks.css", include_bytes!("../../static/blocks.css")),
    ("quire.js", include_bytes!("../../static/quire.js")),
    ("search.js", include_bytes!("../../static/search.js")),
    ("review.js", include_bytes!("../../static/review.js")),
    ("tabs.js", include_bytes!("../../static/tabs.js")),
    ("diagrams.js", include_bytes!("../../static/diagrams.js")),
    (
        MERMAID_JS,
        include_bytes!("../../static/vendor/mermaid/mermaid.min.js"),
    ),
    (
        MERMAID_LICENSE,
        include_bytes!("../../static/vendor/mermaid/LICENSE"),
    ),
    (
        MERMAID_NOTICES,
        include_bytes!("../../static/vendor/mermaid/THIRD_PARTY_NOTICES"),
    ),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

/// Mermaid's browser build (npm `mermaid` 12.4.0, `dist/mermaid.min.js`, MIT), which draws
/// diagrams. Its licence and third-party notices are written at the head of the script that
/// carries it.
pub const MERMAID_JS: &str = "vendor/mermaid/mermaid.min.js";
pub const MERMAID_LICENSE: &str = "vendor/mermaid/LICENSE";
pub const MERMAID_NOTICES: &str = "vendor/mermaid/THIRD_PARTY_NOTICES";

/// A template with the file it came from (for diagnostics), if it came from the site.
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    pub path: Option<PathBuf>,
}

/// The templates to compile: the defaults, each replaced by the site's file of the same name, plus
/// every other `.html` or `.xml` file under the site's `templates/`.
pub fn template_sources(fs: &SiteFs) -> Result<Vec<TemplateSource>, Error> {
    let mut sources: Vec<TemplateSource> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| TemplateSource {
            name: (*name).into(),
            text: (*text).into(),
            path: None,
        })
        .collect();
    let mut problems = Vec::new();
    for file in site_files(fs, TEMPLATES_DIR)? {
        if !file.rel.ends_with(".html") && !file.rel.ends_with(".xml") {
            continue;
        }
        let text = match fs.read_found(&file) {
            Ok(text) => text,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let source = TemplateSource {
            name: file.rel.clone(),
            text,
            path: Some(file.path),
        };
        match sources.iter_mut().find(|s| s.name == file.rel) {
            Some(existing) => *existing = source,
            None => sources.push(source),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Error::Content(problems))
    }
}

/// The site's static files: the defaults (replaced by the site's file of the same name) and the
/// site's other files, which are copied to the output as they are.
pub struct StaticFiles {
    /// The bundled defaults, by name, with the site's replacements applied.
    pub bundled: Vec<(&'static str, Vec<u8>)>,
    /// Other files under the site's `static/`, copied to their `rel` path under the output root.
    pub extra: Vec<SiteFile>,
}

impl StaticFiles {
    pub fn get(&self, name: &str) -> &[u8] {
        self.bundled
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[], |(_, bytes)| bytes.as_slice())
    }
}

pub fn static_files(fs: &SiteFs) -> Result<StaticFiles, Error> {
    let mut bundled: Vec<(&'static str, Vec<u8>)> = DEFAULT_STATIC
        .iter()
        .map(|(name, bytes)| (*name, bytes.to_vec()))
        .collect();
    let mut extra = Vec::new();
    for file in site_files(fs, STATIC_DIR)? {
        match bundled.iter_mut().find(|(n, _)| *n == file.rel) {
            Some((_, bytes)) => {
                *bytes = fs
                    .read_found_bytes(&file)
                    .map_err(|d| Error::Content(vec![d]))?
            }
            None => extra.push(file),
        }
    }
    Ok(StaticFiles { bundled, extra })
}

/// The files under the site's `folder`; any problem (a link out of the site, a loop) fails.
fn site_files(fs: &SiteFs, folder: &str) -> Result<Vec<SiteFile>, Error> {
    let (files, problems) = fs.walk(folder);
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(Error::Content(problems))
    }
}
