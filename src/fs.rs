//! The one place that reads a site's files: walks of `content/`, `static/` and `templates/`,
//! text decoding (UTF-8, BOM removed) and the containment rule — nothing outside the site folder
//! is ever opened, not through a symlink, and not when a whole folder (or the site's own
//! `content/`) is a link to somewhere else. Includes may also read the git work tree around the
//! site (`included`).

mod included;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};
pub use included::{IncludedFile, Refused};

/// The site folder as quire may read it.
#[derive(Debug, Clone)]
pub struct SiteFs {
    /// The folder as the user named it, for paths shown in diagnostics.
    dir: PathBuf,
    /// The same folder with every symlink resolved: what "inside the site" means.
    real: PathBuf,
    /// The git work tree that holds the site, symlinks resolved: includes may read there too.
    work_tree: Option<PathBuf>,
}

/// A file found by [`SiteFs::walk`]: inside the site by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// The path to open, as shown to the user (`content/a.md`, without a leading `./`).
    pub path: PathBuf,
    /// The path relative to the walked folder, `/`-separated (`internals/gil.md`).
    pub rel: String,
    /// Reached through a symlink (its target can change without the link changing).
    pub linked: bool,
}

impl SiteFs {
    /// Opens the site at `dir`; a folder that does not exist is a usage error.
    pub fn open(dir: &Path) -> Result<SiteFs, Error> {
        let real = dir.canonicalize().map_err(|e| {
            Error::Usage(format!(
                "cannot use {} as a site folder: {e}",
                dir.display()
            ))
        })?;
        if !real.is_dir() {
            return Err(Error::Usage(format!(
                "cannot use {} as a site folder: it is not a folder",
                dir.display()
            )));
        }
        Ok(SiteFs {
            dir: dir.to_path_buf(),
            work_tree: included::find_work_tree(&real),
            real,
        })
    }

    /// The site folder as the user named it.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The site folder with symlinks resolved.
    pub fn real_dir(&self) -> &Path {
        &self.real
    }

    /// The path of `rel` (a `/`-separated path inside the site) as shown to the user.
    pub fn path(&self, rel: &str) -> PathBuf {
        display_path(&self.dir.join(rel))
    }

    /// Whether `path` exists (a dangling symlink counts: reading it reports why it fails).
    pub fn exists(&self, path: &Path) -> bool {
        path.symlink_metadata().is_ok()
    }

    /// Whether `path` is a plain file inside the site (not a symlink, as [`SiteFs::walk`] would
    /// list it with `linked: false`).
    pub fn is_plain_file(&self, path: &Path) -> bool {
        path.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_file())
            && self.check_inside(path).is_ok()
    }

    /// Every file under the site's `folder`, sorted by name, hidden entries (`.name`) skipped.
    /// Symlinks are followed while they stay inside the site; one that leads out (or nowhere, or
    /// into a loop) is reported and not entered. A missing folder has no files.
    pub fn walk(&self, folder: &str) -> (Vec<SiteFile>, Vec<Diagnostic>) {
        let root = display_path(&self.dir.join(folder));
        if !self.exists(&root) {
            return (Vec::new(), Vec::new());
        }
        if let Err(problem) = self.check_inside(&root) {
            return (Vec::new(), vec![problem]);
        }
        if !root.is_dir() {
            return (Vec::new(), Vec::new());
        }
        let problems = RefCell::new(Vec::new());
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .follow_links(true)
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 {
                    return true;
                }
                if entry.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                if !entry.path_is_symlink() {
                    return true;
                }
                match self.check_inside(entry.path()) {
                    Ok(()) => true,
                    Err(problem) => {
                        problems.borrow_mut().push(problem);
                        false
                    }
                }
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    problems.borrow_mut().push(walk_problem(&root, &err));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(&root) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(SiteFile {
                path: path.to_path_buf(),
                rel,
                linked: entry.path_is_symlink(),
            });
        }
        (files, problems.into_inner())
    }

    /// The text of a file found by [`SiteFs::walk`].
    pub fn read_found(&self, file: &SiteFile) -> Result<String, Diagnostic> {
        decode(&file.path, read(&file.path)?)
    }

    /// The bytes of a file found by [`SiteFs::walk`].
    pub fn read_found_bytes(&self, file: &SiteFile) -> Result<Vec<u8>, Diagnostic> {
        read(&file.path)
    }

    /// The text of any file, after checking that it (and every link on the way) is inside the site.
    pub fn read_text(&self, path: &Path) -> Result<String, Diagnostic> {
        self.check_inside(path)?;
        decode(path, read(path)?)
    }

    /// `Ok` if `path`, with every symlink resolved, is inside the site; else the diagnostic that
    /// says so (and shows nothing of the target).
    fn check_inside(&self, path: &Path) -> Result<(), Diagnostic> {
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.real) => Ok(()),
            Ok(_) => Err(Diagnostic::error("symlink points outside the site")
                .in_file(path)
                .with_hint("copy it into the site instead of linking to it")),
            Err(_) => Err(
                Diagnostic::error("symlink points outside the site (or nowhere)")
                    .in_file(path)
                    .with_hint("copy the file into the site instead of linking to it"),
            ),
        }
    }
}

fn loop_problem(path: &Path) -> Diagnostic {
    Diagnostic::error("symlink loop: this link leads to a folder that holds it (or to itself)")
        .in_file(path)
        .with_hint("remove the link, or point it somewhere else")
}

fn walk_problem(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().unwrap_or(root);
    if err.loop_ancestor().is_some() {
        return loop_problem(path);
    }
    if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
        return Diagnostic::error("symlink points outside the site (or nowhere)")
            .in_file(path)
            .with_hint("copy the file into the site instead of linking to it");
    }
    let reason = err
        .io_error()
        .map_or_else(|| err.to_string(), ToString::to_string);
    Diagnostic::error(format!("cannot read this entry: {reason}")).in_file(path)
}

fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(path))
}

/// UTF-8 text with a leading byte order mark removed; invalid UTF-8 is an error at the first bad
/// byte's line and column.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let lossy_offset = String::from_utf8_lossy(&e.as_bytes()[..valid]).len();
            Err(Diagnostic::error("file is not valid UTF-8")
                .at_offset(path, &lossy, lossy_offset)
                .with_hint("save the file as UTF-8"))
        }
    }
}

/// Drops a leading `./` so diagnostics read `content/a.md`.
pub fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, bytes) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        dir
    }

    #[test]
    fn walks_sorted_without_hidden_entries() {
        let dir = site(&[
            ("content/b.md", b"b"),
            ("content/a/x.md", b"x"),
            ("content/.git/config", b"secret"),
            ("content/.draft.md", b"d"),
        ]);
        let fs = SiteFs::open(dir.path()).unwrap();
        let (files, problems) = fs.walk("content");
        let rels: Vec<_> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/x.md", "b.md"]);
        assert!(problems.is_empty());
        assert!(fs.walk("static").0.is_empty(), "a missing folder is empty");
    }

    #[test]
    fn text_loses_its_bom_and_bad_utf8_is_located() {
        let dir = site(&[("a.md", b"\xef\xbb\xbfhi"), ("b.md", b"ok\nab\xffc\n")]);
        let fs = SiteFs::open(dir.path()).unwrap();
        assert_eq!(fs.read_text(&dir.path().join("a.md")).unwrap(), "hi");
        let err = fs.read_text(&dir.path().join("b.md")).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!(
            (err.message.as_str(), loc.line, loc.column),
            ("file is not valid UTF-8", 2, 3)
        );
    }

    #[cfg(unix)]
    #[test]
    fn nothing_outside_the_site_is_walked_or_read() {
        use std::os::unix::fs::symlink;
        let outside = site(&[("secret.md", b"SECRET"), ("deep/more.md", b"SECRET")]);
        let dir = site(&[("notes/shared.md", b"shared")]);
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        symlink(outside.path(), dir.path().join("content")).unwrap();
        symlink(
            outside.path().join("secret.md"),
            dir.path().join("static/leak.md"),
        )
        .unwrap();
        symlink(
            dir.path().join("notes/shared.md"),
            dir.path().join("static/ok.md"),
        )
        .unwrap();
        let fs = SiteFs::open(dir.path()).unwrap();
        let (files, problems) = fs.walk("content");
        assert!(files.is_empty(), "{files:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (files, problems) = fs.walk("static");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].rel, "ok.md");
        assert!(files[0].linked);
        assert_eq!(problems[0].message, "symlink points outside the site");
        assert!(fs.read_text(&dir.path().join("static/leak.md")).is_err());
    }
}
