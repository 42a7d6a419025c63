//! Where quire may write: an output folder that neither swallows the site nor lies where the next
//! build would read it back, that quire can prove it wrote before it replaces it (the marker file
//! every build leaves), and a bundle file that is not one of the site's sources.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::error::Error;
use crate::templates::theme::{STATIC_DIR, TEMPLATES_DIR};

/// The file every build leaves in its output folder: what proves quire wrote it.
pub const MARKER: &str = ".quire-output";

/// What the marker says to whoever opens it.
pub const MARKER_TEXT: &str = "This folder was written by `quire build`, which replaces all of \
it on every build.\nDo not keep your own files here.\n";

/// Refuses output folders that would swallow the site itself, or that a site's next build
/// would read back as sources (inside `content/`, `static/` or `templates/`).
pub fn check_out_dir(site_dir: &Path, out_dir: &Path) -> Result<(), Error> {
    let site = real_site(site_dir)?;
    let out = resolve_existing(out_dir);
    if site.starts_with(&out) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it contains the site itself",
            out_dir.display()
        )));
    }
    if let Some(folder) = source_folder(&site, &out) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it is inside the site's {folder}/ folder, so the \
             next build would read its own output",
            out_dir.display()
        )));
    }
    Ok(())
}

/// Refuses a bundle file that would replace one of the site's sources or land where the next
/// build would read it.
pub fn check_bundle_target(site_dir: &Path, target: &Path) -> Result<(), Error> {
    let site = real_site(site_dir)?;
    let out = resolve_existing(target);
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "refusing to write the bundle to {}: {why}; choose a path outside the site's \
             sources (`-o guide.zip`)",
            target.display()
        )))
    };
    if out == site.join(CONFIG_FILE) {
        return refuse(format!("it is the site's {CONFIG_FILE}"));
    }
    if let Some(folder) = source_folder(&site, &out) {
        return refuse(format!("it is inside the site's {folder}/ folder"));
    }
    if out.is_dir() {
        return refuse("it is a folder".into());
    }
    Ok(())
}

/// Refuses to replace a folder quire cannot prove it wrote: one without the marker of an earlier
/// build (or the asset names of a build from before markers), unless `force` says so.
pub fn check_replaceable(out_dir: &Path, force: bool) -> Result<(), Error> {
    let mut entries = match std::fs::read_dir(out_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()), // nothing to lose
        // A file (`--out site.yaml`) would be swapped away; unreadable folders are not ours.
        Err(_) if out_dir.exists() && !out_dir.is_dir() => {
            return Err(Error::Usage(format!(
                "refusing to replace {}: it is a file, not a folder",
                out_dir.display()
            )));
        }
        Err(e) => return Err(Error::io(out_dir, e)),
    };
    if force || entries.next().is_none() || written_by_quire(out_dir) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "refusing to replace {}: it holds files that quire did not write (there is no {MARKER} \
         from an earlier build); choose another folder with --out, or pass --force to delete \
         everything in it and build there",
        out_dir.display()
    )))
}

/// Whether `dir` holds a build of quire's: its marker, or (for builds made before the marker)
/// `index.html` with quire's hashed stylesheet beside it.
fn written_by_quire(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let has_stylesheet = std::fs::read_dir(dir.join("assets")).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.strip_prefix("quire.")
                .and_then(|rest| rest.strip_suffix(".css"))
                .is_some_and(|hash| hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        })
    });
    has_stylesheet && dir.join("index.html").is_file()
}

fn real_site(site_dir: &Path) -> Result<PathBuf, Error> {
    site_dir.canonicalize().map_err(|e| {
        Error::Usage(format!(
            "cannot use {} as a site folder: {e}",
            site_dir.display()
        ))
    })
}

/// The source folder of the site that `path` is in, if any.
fn source_folder(site: &Path, path: &Path) -> Option<&'static str> {
    [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR]
        .into_iter()
        .find(|folder| path.starts_with(site.join(folder)))
}

/// `path` with symlinks resolved even if it does not exist yet: its nearest existing ancestor
/// made canonical, the missing rest appended.
pub(super) fn resolve_existing(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut current = path;
    loop {
        let existing = if current.as_os_str().is_empty() {
            Path::new(".")
        } else {
            current
        };
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (current.file_name(), current.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name);
                current = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_quire_wrote_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        assert!(
            check_replaceable(&out, false).is_ok(),
            "missing: nothing to lose"
        );
        std::fs::create_dir_all(&out).unwrap();
        assert!(check_replaceable(&out, false).is_ok(), "empty");
        std::fs::write(out.join("index.html"), "<p>mine</p>").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(check_replaceable(&out, false).is_err(), "a hand-made site");
        assert!(check_replaceable(&out, true).is_ok(), "--force");
        std::fs::create_dir_all(out.join("assets")).unwrap();
        std::fs::write(out.join("assets/quire.0123abcd.css"), "").unwrap();
        assert!(
            check_replaceable(&out, false).is_ok(),
            "a build from before markers"
        );
        let marked = dir.path().join("marked");
        std::fs::create_dir_all(&marked).unwrap();
        std::fs::write(marked.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_replaceable(&marked, false).is_ok());
    }

    #[test]
    fn bundles_never_replace_sources() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::write(site.join("site.yaml"), "title: T\n").unwrap();
        for bad in ["site.yaml", "content/_index.md", "static/x.zip", "content"] {
            assert!(check_bundle_target(site, &site.join(bad)).is_err(), "{bad}");
        }
        assert!(check_bundle_target(site, &site.join("guide.zip")).is_ok());
    }
}
