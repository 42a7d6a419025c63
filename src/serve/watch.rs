//! File watching for `quire serve`: notices changes to `site.yaml`, `content/`, `templates/`,
//! `static/` and the files the pages include from elsewhere ([`Follow`]), waits until a burst of
//! events settles (an editor's save is several), then calls back once with the changed paths.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::error::Error;
use crate::memo;
use crate::templates::theme::{STATIC_DIR, TEMPLATES_DIR};

/// A burst of events is over when none has come for this long,
const SETTLE: Duration = Duration::from_millis(10);
/// or for this long after a file was closed from writing: the usual last event of a save.
const SETTLE_AFTER_CLOSE: Duration = Duration::from_millis(2);
/// A steady stream of events still gets a build this often.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// The folders whose contents make up the site.
const FOLDERS: [&str; 3] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR];

/// Included files outside the watched folders, each watched through its folder (an editor that
/// saves by renaming a new file over the old one would end a watch of the file itself).
#[derive(Clone)]
pub(super) struct Follow {
    root: PathBuf,
    watcher: Arc<Mutex<RecommendedWatcher>>,
    followed: Arc<Mutex<Followed>>,
}

#[derive(Default)]
struct Followed {
    /// The files whose changes count (real paths).
    files: BTreeSet<PathBuf>,
    /// The folders watched for them.
    folders: BTreeSet<PathBuf>,
}

impl Follow {
    /// From now on, changes to `files` (the real paths a build's includes read) count too; files
    /// inside the watched folders already do.
    pub(super) fn files(&self, files: &[PathBuf]) {
        let mut followed = memo::lock(&self.followed);
        followed.files = files
            .iter()
            .filter(|file| !is_site_file(&self.root, file))
            .cloned()
            .collect();
        let folders: Vec<PathBuf> = followed
            .files
            .iter()
            .filter_map(|file| file.parent().map(Path::to_path_buf))
            .filter(|folder| !followed.folders.contains(folder))
            .collect();
        let mut watcher = memo::lock(&self.watcher);
        for folder in folders {
            // A folder that cannot be watched is read again on the next build anyway.
            if watcher.watch(&folder, RecursiveMode::NonRecursive).is_ok() {
                followed.folders.insert(folder);
            }
        }
    }

    fn counts(&self, path: &Path) -> bool {
        memo::lock(&self.followed).files.contains(path)
    }
}

/// Starts watching `site_dir` on a thread that calls `on_change` after each settled burst; returns
/// what is watched, for the verbose log, and the handle that adds included files. The thread runs
/// until the process ends.
pub(super) fn watch(
    site_dir: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<(Vec<String>, Follow), Error> {
    let root = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let (tx, rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(&root, &e))?;
    // The site folder itself, not recursively: `site.yaml`, and theme folders created later.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, &e))?;
    let mut watched = vec![CONFIG_FILE.to_string()];
    for folder in FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, &e))?;
            watched.push(format!("{folder}/"));
        }
    }
    let follow = Follow {
        root: root.clone(),
        watcher: Arc::new(Mutex::new(watcher)),
        followed: Arc::default(),
    };
    let events = follow.clone();
    std::thread::spawn(move || {
        let mut changed = BTreeSet::new();
        // When the first change of the current burst came in.
        let mut burst: Option<Instant> = None;
        let mut settle = SETTLE;
        loop {
            let received = match burst {
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(start) => {
                    rx.recv_timeout(settle.min(MAX_WAIT.saturating_sub(start.elapsed())))
                }
            };
            let settled = match received {
                Ok(Ok(event)) => {
                    let paths = relevant_paths(&root, &event, |path| events.counts(path));
                    if !paths.is_empty() {
                        settle = match event.kind {
                            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                                SETTLE_AFTER_CLOSE
                            }
                            _ => SETTLE,
                        };
                    }
                    for path in paths {
                        // A theme folder that appears after the start is watched from now on.
                        if FOLDERS.iter().any(|f| root.join(f) == path) && path.is_dir() {
                            let watcher = &mut memo::lock(&events.watcher);
                            let _ = watcher.watch(&path, RecursiveMode::Recursive);
                        }
                        changed.insert(path);
                    }
                    false
                }
                Ok(Err(_)) => false, // the watcher's own hiccup; the next event still counts
                Err(RecvTimeoutError::Timeout) => true,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if changed.is_empty() {
                continue;
            }
            let start = *burst.get_or_insert_with(Instant::now);
            if settled || start.elapsed() >= MAX_WAIT {
                let paths = std::mem::take(&mut changed)
                    .into_iter()
                    .map(|p| p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(p))
                    .collect();
                burst = None;
                on_change(paths);
            }
        }
    });
    Ok((watched, follow))
}

fn watch_error(path: &Path, err: &notify::Error) -> Error {
    Error::Usage(format!(
        "cannot watch {} for changes: {err}",
        path.display()
    ))
}

/// The paths of `event` that can change the site: its files, and the included files `followed`
/// counts. Reads are not changes (the build's own reads would rebuild forever), nor are editors'
/// hidden swap and backup files.
fn relevant_paths(root: &Path, event: &Event, followed: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let is_change = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    };
    if !is_change {
        return Vec::new();
    }
    if event.need_rescan() {
        return vec![root.to_path_buf()];
    }
    event
        .paths
        .iter()
        .filter(|path| is_site_file(root, path) || followed(path))
        .cloned()
        .collect()
}

fn is_site_file(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(first) = parts.first() else {
        return false;
    };
    let noise = parts
        .iter()
        .any(|p| p.starts_with('.') || p.ends_with('~') || p.ends_with(".swp"));
    if noise {
        return false;
    }
    (parts.len() == 1 && first == CONFIG_FILE) || FOLDERS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_count() {
        let root = Path::new("/site");
        assert!(is_site_file(root, Path::new("/site/site.yaml")));
        assert!(is_site_file(root, Path::new("/site/content/a/b.md")));
        assert!(is_site_file(root, Path::new("/site/static")));
        assert!(!is_site_file(root, Path::new("/site/content/.b.md.swp")));
        assert!(!is_site_file(root, Path::new("/site/content/b.md~")));
        assert!(!is_site_file(root, Path::new("/site/public/index.html")));
        assert!(!is_site_file(root, Path::new("/site/Cargo.toml")));
        assert!(!is_site_file(root, Path::new("/elsewhere/site.yaml")));
    }

    #[test]
    fn reads_are_not_changes() {
        let root = Path::new("/site");
        let path = PathBuf::from("/site/content/a.md");
        let read = Event::new(EventKind::Access(AccessKind::Open(
            notify::event::AccessMode::Any,
        )))
        .add_path(path.clone());
        let none = |_: &Path| false;
        assert!(relevant_paths(root, &read, none).is_empty());
        let write = |path: &Path| {
            Event::new(EventKind::Modify(ModifyKind::Data(
                notify::event::DataChange::Any,
            )))
            .add_path(path.to_path_buf())
        };
        assert_eq!(relevant_paths(root, &write(&path), none), [path]);
        // An included file outside the site counts once it is followed.
        let listing = Path::new("/project/src/main.rs");
        assert!(relevant_paths(root, &write(listing), none).is_empty());
        let followed = |p: &Path| p == listing;
        assert_eq!(relevant_paths(root, &write(listing), followed), [listing]);
    }
}
