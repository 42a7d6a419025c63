//! Writing: puts the built files into a fresh folder beside the output and swaps it into place,
//! so a failed or killed build leaves the previous site whole.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::error::Error;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

const TEMP_PREFIX: &str = ".quire-tmp-";

/// Writes `files` as the new contents of `out_dir`, replacing what was there in one step.
pub fn write_site(out_dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    for file in files {
        if !is_safe_relative(&file.path) {
            return Err(Error::Usage(format!(
                "refusing to write `{}`: it is not a path inside the output folder",
                file.path
            )));
        }
    }
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
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| temp.path().join(p)))
        .collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = temp.path().join(&file.path);
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))
    })?;
    swap_into_place(temp.path(), out_dir)
    // `temp` now holds the previous site (or nothing) and is removed when dropped.
}

/// Refuses to replace a folder that holds something other than a previous build.
fn check_replaceable(out_dir: &Path) -> Result<(), Error> {
    let Ok(mut entries) = std::fs::read_dir(out_dir) else {
        return Ok(()); // missing: nothing to lose
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

/// Exchanges the new folder with the old one atomically where the OS allows it.
fn swap_into_place(new: &Path, out_dir: &Path) -> Result<(), Error> {
    if !out_dir.exists() {
        return std::fs::rename(new, out_dir).map_err(|e| Error::io(out_dir, e));
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

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[file("index.html", "one"), file("a/index.html", "a")],
        )
        .unwrap();
        write_site(&out, &[file("index.html", "two")]).unwrap();
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
        assert!(write_site(&out, &[file("../escape.html", "x")]).is_err());
        assert!(write_site(&out, &[file("/abs.html", "x")]).is_err());
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            write_site(&out, &[file("index.html", "x")]),
            Err(Error::Usage(_))
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
