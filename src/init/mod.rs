//! `quire init`: writes a small working site (configuration, a home page, two sections with two
//! pages each, an image beside a page and an example file a page includes) into an empty or
//! missing folder.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The scaffold's files: (path relative to the new site, contents).
const SCAFFOLD: &[(&str, &str)] = &[
    (".gitignore", include_str!("scaffold/gitignore")),
    ("site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/_index.md",
        include_str!("scaffold/content/_index.md"),
    ),
    (
        "content/guide/_index.md",
        include_str!("scaffold/content/guide/_index.md"),
    ),
    (
        "content/guide/getting-started.md",
        include_str!("scaffold/content/guide/getting-started.md"),
    ),
    (
        "content/guide/writing-pages.md",
        include_str!("scaffold/content/guide/writing-pages.md"),
    ),
    (
        "content/guide/page-pipeline.svg",
        include_str!("scaffold/content/guide/page-pipeline.svg"),
    ),
    (
        "examples/area.py",
        include_str!("scaffold/examples/area.py"),
    ),
    (
        "content/reference/_index.md",
        include_str!("scaffold/content/reference/_index.md"),
    ),
    (
        "content/reference/front-matter.md",
        include_str!("scaffold/content/reference/front-matter.md"),
    ),
    (
        "content/reference/configuration.md",
        include_str!("scaffold/content/reference/configuration.md"),
    ),
    (
        "content/reference/markdown.md",
        include_str!("scaffold/content/reference/markdown.md"),
    ),
];

/// Writes the scaffold into `dir` (created if missing) and returns the files written.
/// A folder that already holds anything is refused, so nothing of the user's is ever overwritten.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Usage(format!(
                    "refusing to create a site in {}: the folder is not empty (pick a new or empty folder)",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(Error::Usage(format!(
                "refusing to create a site in {}: it is a file, not a folder",
                dir.display()
            )));
        }
        Err(e) => return Err(Error::io(dir, e)),
    }
    let mut written = Vec::with_capacity(SCAFFOLD.len());
    for (rel, text) in SCAFFOLD {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // `create_new`: never replace a file, even one that appeared after the check above.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{BuildOptions, render_site};

    #[test]
    fn the_scaffold_builds_without_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("docs");
        let written = init_site(&site).unwrap();
        assert_eq!(written.len(), SCAFFOLD.len());
        let rendered = render_site(&BuildOptions {
            site_dir: site,
            ..BuildOptions::default()
        })
        .unwrap();
        assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
        assert_eq!((rendered.pages, rendered.sections), (5, 3));
    }

    #[test]
    fn a_folder_with_anything_in_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(init_site(dir.path()), Err(Error::Usage(_))));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
