//! Writing: the built files in; a fresh folder beside the output that is swapped into place out,
//! so a failed or killed build leaves the previous site whole. Which folders may be written to
//! and replaced is decided here and nowhere else.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Error};
use crate::templates::theme::{STATIC_DIR, TEMPLATES_DIR};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so that a page kept between builds is not copied.
    pub bytes: Arc<[u8]>,
}

const TEMP_PREFIX: &str = ".quire-tmp-";

/// Where rendered files go as soon as they are ready; implementations are shared across threads.
pub trait OutputSink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Error>;
}

/// Keeps every file in memory (for `serve`, `check` and bundles).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, sorted by path; two files with one path are an error naming it.
    pub fn into_files(self) -> Result<Vec<OutputFile>, Error> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let duplicates: Vec<Diagnostic> = files
            .windows(2)
            .filter(|w| w[0].path == w[1].path)
            .map(|w| collision(&w[0].path))
            .collect();
        if duplicates.is_empty() {
            Ok(files)
        } else {
            Err(Error::Content(duplicates))
        }
    }
}

impl OutputSink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        check_path(&file.path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// Writes files into a fresh folder beside the output; `commit` swaps it into place. Dropped
/// without a commit (a failed build), the folder is removed and the old output stays.
pub struct Staging {
    temp: TempDir,
    out_dir: PathBuf,
    written: Mutex<BTreeSet<String>>,
}

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Staging, Error> {
        check_replaceable(out_dir)?;
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        remove_stale_temp_dirs(&parent);
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        Ok(Staging {
            temp,
            out_dir: out_dir.to_path_buf(),
            written: Mutex::new(BTreeSet::new()),
        })
    }

    /// Makes the staged files the output folder in one step.
    pub fn commit(self) -> Result<(), Error> {
        swap_into_place(self.temp.path(), &self.out_dir)
        // `self.temp` now holds the previous site (or nothing) and is removed when dropped.
    }
}

impl OutputSink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        check_path(&file.path)?;
        let fresh = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path.clone());
        if !fresh {
            return Err(Error::Content(vec![collision(&file.path)]));
        }
        let path = self.temp.path().join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))
    }
}

fn collision(path: &str) -> Diagnostic {
    Diagnostic::error(format!("two outputs are written to `{path}`")).with_hint(
        "a file under static/ or content/ has the same path as a generated page; rename it",
    )
}

fn check_path(path: &str) -> Result<(), Error> {
    if is_safe_relative(path) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "refusing to write `{path}`: it is not a path inside the output folder"
        )))
    }
}

/// Refuses to replace a folder that holds something other than a previous build.
fn check_replaceable(out_dir: &Path) -> Result<(), Error> {
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
    let empty = entries.next().is_none();
    if empty || out_dir.join("index.html").is_file() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "refusing to replace {}: it is not empty and does not look like a built site (no index.html)",
            out_dir.display()
        )))
    }
}

/// Refuses output folders that would swallow the site itself, or that a site's next build
/// would read back as sources (inside `content/`, `static/` or `templates/`).
pub fn check_out_dir(site_dir: &Path, out_dir: &Path) -> Result<(), Error> {
    let site = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let out = resolve_existing(out_dir);
    if site.starts_with(&out) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it contains the site itself",
            out_dir.display()
        )));
    }
    for folder in [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR] {
        if out.starts_with(site.join(folder)) {
            return Err(Error::Usage(format!(
                "refusing to build into {}: it is inside the site's {folder}/ folder, so the \
                 next build would read its own output",
                out_dir.display()
            )));
        }
    }
    Ok(())
}

/// `path` with symlinks resolved even if it does not exist yet: its nearest existing ancestor
/// made canonical, the missing rest appended.
fn resolve_existing(path: &Path) -> PathBuf {
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

/// Exchanges the new folder with the old one atomically where the OS allows it.
fn swap_into_place(new: &Path, out_dir: &Path) -> Result<(), Error> {
    if !out_dir.exists() {
        match std::fs::rename(new, out_dir) {
            Ok(()) => return Ok(()),
            // Another build created it in the meantime: exchange with that one instead.
            Err(_) if out_dir.is_dir() => {}
            Err(e) => return Err(Error::io(out_dir, e)),
        }
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, new, CWD, out_dir, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // Fallback: two renames; the old site stays recoverable beside the output until the second.
    let old = new.with_extension("old");
    std::fs::rename(out_dir, &old).map_err(|e| Error::io(out_dir, e))?;
    std::fs::rename(new, out_dir).map_err(|e| Error::io(out_dir, e))?;
    std::fs::rename(&old, new).map_err(|e| Error::io(new, e))
}

/// Removes temp folders left by builds that were killed long ago (not ones that may be running).
fn remove_stale_temp_dirs(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let cutoff = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < cutoff);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A relative path made only of normal components: it cannot leave the output folder.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(out: &Path, files: Vec<OutputFile>) -> Result<(), Error> {
        let staging = Staging::new(out)?;
        for file in files {
            staging.put(file)?;
        }
        staging.commit()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
    }

    #[test]
    fn replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            vec![file("index.html", "one"), file("a/index.html", "a")],
        )
        .unwrap();
        write_site(&out, vec![file("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("a").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temp folders must be cleaned up");
    }

    #[test]
    fn refuses_unsafe_paths_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(write_site(&out, vec![file("../escape.html", "x")]).is_err());
        assert!(write_site(&out, vec![file("/abs.html", "x")]).is_err());
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            write_site(&out, vec![file("index.html", "x")]),
            Err(Error::Usage(_))
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
