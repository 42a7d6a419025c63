//! Staging: a build's files go into a fresh folder, which then takes the output folder's place in
//! one step, so a failed, interrupted or killed build leaves the previous site whole. A folder
//! that cannot be renamed (a mount point, the current folder) has its contents swapped instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

use super::policy::{MARKER, MARKER_TEXT, check_replaceable};
use super::{OutputFile, OutputSink, check_path, collision};
use crate::error::Error;

/// Staging folders start with this (and the building process's id).
const TEMP_PREFIX: &str = ".quire-tmp-";
/// Where an in-place swap parks the previous site until the new one is in.
const OLD_PREFIX: &str = ".quire-old-";

/// The staging folders of this process, removed when a signal ends it.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set when a signal ends the process: no more files are written.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Writes files into a fresh folder; `commit` puts them in the output folder's place. Dropped
/// without a commit (a failed build), the folder is removed and the old output stays.
pub struct Staging {
    temp: TempDir,
    out_dir: PathBuf,
    /// The output folder cannot be renamed: its contents are swapped instead of the folder.
    in_place: bool,
    written: Mutex<BTreeSet<String>>,
}

impl Staging {
    /// Prepares to replace `out_dir`, which must be a folder quire wrote (or empty, or missing)
    /// unless `force`.
    pub fn new(out_dir: &Path, force: bool) -> Result<Staging, Error> {
        check_replaceable(out_dir, force)?;
        let in_place = cannot_be_renamed(out_dir);
        let parent = if in_place {
            out_dir.to_path_buf()
        } else {
            match out_dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        remove_stale_temp_dirs(&parent);
        // Held while the folder is made: a signal's cleanup waits until it is on the list.
        let mut live = crate::memo::lock(&LIVE);
        let temp = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        live.push(temp.path().to_path_buf());
        drop(live);
        Ok(Staging {
            temp,
            out_dir: out_dir.to_path_buf(),
            in_place,
            written: Mutex::new(BTreeSet::new()),
        })
    }

    /// Makes the staged files the output folder (with the marker that says quire wrote it).
    pub fn commit(self) -> Result<(), Error> {
        let marker = self.temp.path().join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        if self.in_place {
            swap_contents(self.temp.path(), &self.out_dir)
        } else {
            swap_into_place(self.temp.path(), &self.out_dir)
        }
        // `self.temp` now holds the previous site (or nothing) and is removed when dropped.
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        crate::memo::lock(&LIVE).retain(|p| p != self.temp.path());
    }
}

impl OutputSink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        if STOPPING.load(Ordering::SeqCst) {
            return Err(Error::Usage("interrupted".into()));
        }
        check_path(&file.path)?;
        let fresh = crate::memo::lock(&self.written).insert(file.path.clone());
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

/// Removes this process's staging folders when Ctrl-C, SIGTERM or SIGHUP ends it, then exits
/// with status 130. For commands that write a site (`build`).
pub fn remove_staging_on_signal() -> Result<(), String> {
    ctrlc::set_handler(|| {
        STOPPING.store(true, Ordering::SeqCst);
        let paths: Vec<PathBuf> = crate::memo::lock(&LIVE).drain(..).collect();
        // A file being written as the signal came can add an entry while its folder is removed
        // (or make the folder again): remove until it stays gone; new writes stop at once.
        for _ in 0..100 {
            for path in &paths {
                let _ = std::fs::remove_dir_all(path);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            if paths.iter().all(|p| !p.exists()) {
                break;
            }
        }
        std::process::exit(130);
    })
    .map_err(|e| e.to_string())
}

/// Whether `out_dir` exists and cannot be renamed: the current folder, or a mount point.
fn cannot_be_renamed(out_dir: &Path) -> bool {
    let Ok(real) = out_dir.canonicalize() else {
        return false; // it will be created
    };
    let cwd = std::env::current_dir().and_then(|c| c.canonicalize()).ok();
    if cwd.as_deref() == Some(real.as_path()) {
        return true;
    }
    match real.parent() {
        None => true,
        Some(parent) => is_mount_point(&real, parent),
    }
}

#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(a), Ok(b)) => a.dev() != b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    false
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

/// For a folder that cannot be renamed: moves its entries aside into a hidden folder, moves the
/// new ones in (`new` is inside `out_dir`), then leaves the old ones in `new` to be removed. Not
/// one atomic step, but every entry is renamed, never copied, so it is quick.
fn swap_contents(new: &Path, out_dir: &Path) -> Result<(), Error> {
    let old = tempfile::Builder::new()
        .prefix(&format!("{OLD_PREFIX}{}-", std::process::id()))
        .tempdir_in(out_dir)
        .map_err(|e| Error::io(out_dir, e))?;
    let keep = [new.file_name(), old.path().file_name()];
    let entries = std::fs::read_dir(out_dir).map_err(|e| Error::io(out_dir, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if keep.contains(&Some(entry.file_name().as_os_str())) {
            continue;
        }
        std::fs::rename(&path, old.path().join(entry.file_name()))
            .map_err(|e| Error::io(&path, e))?;
    }
    let entries = std::fs::read_dir(new).map_err(|e| Error::io(new, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        std::fs::rename(&path, out_dir.join(entry.file_name())).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Removes staging folders (and in-place swaps' leftovers) of builds that have ended: at once
/// for a process that no longer runs, after an hour when that cannot be told.
fn remove_stale_temp_dirs(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let cutoff = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(TEMP_PREFIX)
            .or_else(|| name.strip_prefix(OLD_PREFIX))
        else {
            continue;
        };
        let owner = rest
            .split('-')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok());
        let stale = match owner.map(process_has_ended) {
            Some(Some(ended)) => ended,
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < cutoff),
        };
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` has ended; `None` where that cannot be told.
#[cfg(target_os = "linux")]
fn process_has_ended(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(false);
    }
    let pid = rustix::process::Pid::from_raw(i32::try_from(pid).ok()?)?;
    match rustix::process::test_kill_process(pid) {
        Ok(()) => Some(false),
        Err(rustix::io::Errno::SRCH) => Some(true),
        Err(_) => Some(false), // it exists, but is not ours to signal
    }
}

#[cfg(not(target_os = "linux"))]
fn process_has_ended(_: u32) -> Option<bool> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_ended_builds_go_at_once_running_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (above the kernel's limit), and ours is running.
        let ended = dir.path().join(format!("{TEMP_PREFIX}2147483646-abc"));
        let running = dir
            .path()
            .join(format!("{TEMP_PREFIX}{}-abc", std::process::id()));
        let unknown = dir.path().join(format!("{TEMP_PREFIX}abc"));
        for path in [&ended, &running, &unknown] {
            std::fs::create_dir_all(path).unwrap();
        }
        remove_stale_temp_dirs(dir.path());
        assert_eq!(!ended.exists(), cfg!(target_os = "linux"));
        assert!(running.exists() && unknown.exists());
    }
}
