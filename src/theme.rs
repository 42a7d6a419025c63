//! The default theme: templates and static files compiled into the binary; a site's own
//! `templates/` and `static/` files replace them by name.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};

/// Folder of a site's own templates, which override the defaults by name.
pub const TEMPLATES_DIR: &str = "templates";
/// Folder of a site's own static files, which override the defaults by name.
pub const STATIC_DIR: &str = "static";

/// The default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("print.html", include_str!("../templates/print.html")),
    (
        "partials/sidebar.html",
        include_str!("../templates/partials/sidebar.html"),
    ),
    (
        "partials/search.html",
        include_str!("../templates/partials/search.html"),
    ),
];

/// The default static files that quire bundles (hashed, concatenated), by name.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("search.css", include_bytes!("../static/search.css")),
    ("quire.js", include_bytes!("../static/quire.js")),
    ("search.js", include_bytes!("../static/search.js")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
];

/// A template with the file it came from (for diagnostics), if it came from the site.
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    pub path: Option<PathBuf>,
}

/// The templates to compile: the defaults, each replaced by the site's file of the same name, plus
/// every other `.html` file under the site's `templates/`.
pub fn template_sources(site_dir: &Path) -> Result<Vec<TemplateSource>, Error> {
    let mut sources: Vec<TemplateSource> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| TemplateSource {
            name: (*name).into(),
            text: (*text).into(),
            path: None,
        })
        .collect();
    for (path, name) in site_files(&site_dir.join(TEMPLATES_DIR))? {
        if !name.ends_with(".html") && !name.ends_with(".xml") {
            continue;
        }
        let text = read_text(&path)?;
        let source = TemplateSource {
            name: name.clone(),
            text,
            path: Some(path),
        };
        match sources.iter_mut().find(|s| s.name == name) {
            Some(existing) => *existing = source,
            None => sources.push(source),
        }
    }
    Ok(sources)
}

/// The site's static files: the defaults (replaced by the site's file of the same name) and the
/// site's other files, which are copied to the output as they are.
pub struct StaticFiles {
    /// The bundled defaults, by name, with the site's replacements applied.
    pub bundled: Vec<(&'static str, Vec<u8>)>,
    /// Other files under the site's `static/`: (source path, output path relative to the root).
    pub extra: Vec<(PathBuf, String)>,
}

impl StaticFiles {
    pub fn get(&self, name: &str) -> &[u8] {
        self.bundled
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[], |(_, bytes)| bytes.as_slice())
    }
}

pub fn static_files(site_dir: &Path) -> Result<StaticFiles, Error> {
    let mut bundled: Vec<(&'static str, Vec<u8>)> = DEFAULT_STATIC
        .iter()
        .map(|(name, bytes)| (*name, bytes.to_vec()))
        .collect();
    let mut extra = Vec::new();
    for (path, name) in site_files(&site_dir.join(STATIC_DIR))? {
        match bundled.iter_mut().find(|(n, _)| *n == name) {
            Some((_, bytes)) => *bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?,
            None => extra.push((path, name)),
        }
    }
    Ok(StaticFiles { bundled, extra })
}

/// Files below `dir` (sorted, hidden ones skipped) with their `/`-separated names relative to it.
/// A missing folder has no files; a symlink that leads out of the folder is refused.
fn site_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let real_dir = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    // The folder itself may be a symlink: it must still lead to a folder inside the site.
    let site_dir = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let real_site = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    if !real_dir.starts_with(&real_site) {
        return Err(Error::Content(vec![
            Diagnostic::error("symlink points outside the site")
                .in_file(dir)
                .with_hint("make this a real folder inside the site instead of a link"),
        ]));
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            if e.loop_ancestor().is_some() {
                return Error::Content(vec![
                    Diagnostic::error("symlink loop: this link leads to a folder that holds it")
                        .in_file(&path)
                        .with_hint("remove the link, or point it somewhere else"),
                ]);
            }
            Error::io(path, std::io::Error::other(e.to_string()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path
            .canonicalize()
            .map_or(true, |p| !p.starts_with(&real_dir))
        {
            return Err(Error::Content(vec![
                Diagnostic::error("symlink points outside its folder")
                    .in_file(path)
                    .with_hint("copy the file into the site instead of linking to it"),
            ]));
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((path.to_path_buf(), name));
    }
    Ok(files)
}

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::Content(vec![
            Diagnostic::error("file is not valid UTF-8")
                .in_file(path)
                .with_hint(format!(
                    "invalid byte at offset {}",
                    e.utf8_error().valid_up_to()
                )),
        ])
    })
}
