//! Sources kept between the builds of one process (`quire serve`): a rebuild reads and parses
//! only the files that changed, by the file watcher's account or by their size and time.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use crate::content::{CONTENT_DIR, LoadedFile};
use crate::error::Diagnostic;
use crate::memo;

/// Loaded files by their path relative to `content/`.
#[derive(Debug, Default)]
pub struct SourceCache {
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug)]
struct Entry {
    path: PathBuf,
    stamp: Stamp,
    loaded: Result<LoadedFile, Diagnostic>,
    /// Whether the current build has loaded it.
    used: bool,
}

/// What tells a changed file from an unchanged one without reading it. A quick second edit can
/// keep both, which is why the watcher's reports ([`SourceCache::forget`]) are needed too.
#[derive(Debug, PartialEq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of the file at `path` now; `None` if it cannot be looked at.
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

impl SourceCache {
    /// The file at `path` (`rel` under `content/`) as loaded before if it has not changed since,
    /// else what `load` makes of it now, kept for next time.
    pub fn get_or_load(
        &self,
        path: &Path,
        rel: &str,
        load: impl FnOnce() -> Result<LoadedFile, Diagnostic>,
    ) -> Result<LoadedFile, Diagnostic> {
        // The stamp is taken before reading: a write in between makes the next build read again.
        let Some(stamp) = Stamp::of(path) else {
            return load();
        };
        if let Some(entry) = self.lock().get_mut(rel)
            && entry.path == path
            && entry.stamp == stamp
        {
            entry.used = true;
            return entry.loaded.clone();
        }
        let loaded = load();
        let entry = Entry {
            path: path.to_path_buf(),
            stamp,
            loaded: loaded.clone(),
            used: true,
        };
        self.lock().insert(rel.to_string(), entry);
        loaded
    }

    /// Forgets the files at or under the changed paths, given relative to the site folder as
    /// the watcher reports them; the site folder itself or `content/` forgets every file.
    pub fn forget(&self, changed: &[PathBuf]) {
        let mut entries = self.lock();
        for path in changed {
            let mut parts = path.components().filter(|c| *c != Component::CurDir);
            match parts.next() {
                None => entries.clear(),
                Some(Component::Normal(dir)) if dir == CONTENT_DIR => {
                    let rel: Vec<_> = parts.map(|c| c.as_os_str().to_string_lossy()).collect();
                    if rel.is_empty() {
                        entries.clear();
                    } else {
                        let rel = rel.join("/");
                        let folder = format!("{rel}/");
                        entries.retain(|key, _| *key != rel && !key.starts_with(&folder));
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// Drops the files the build that just succeeded did not load.
    pub fn finish_build(&self) {
        self.lock()
            .retain(|_, entry| std::mem::take(&mut entry.used));
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        memo::lock(&self.entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::SiteFs;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn titles(dir: &Path, cache: &SourceCache) -> Vec<String> {
        let fs = SiteFs::open(dir).unwrap();
        let found = crate::content::discover_files(&fs);
        let mut titles = Vec::new();
        for file in &found.markdown {
            let loaded = cache.get_or_load(&file.path, &file.rel, || {
                crate::content::load_file(&fs, file)
            });
            if let Ok(LoadedFile::Page(_, front)) = loaded {
                titles.push(front.title);
            }
        }
        cache.finish_build();
        titles
    }

    #[test]
    fn keeps_files_until_they_change_or_are_reported() {
        let dir = site(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("a/_index.md", "---\ntitle: A\n---\n"),
            ("a/x.md", "---\ntitle: X1\n---\n"),
        ]);
        let cache = SourceCache::default();
        assert_eq!(titles(dir.path(), &cache), ["X1"]);
        assert_eq!(cache.len(), 3);
        // Same length, and quite possibly the same modification time: only the report tells.
        let x = dir.path().join("content/a/x.md");
        let stamp = std::fs::metadata(&x).unwrap().modified().unwrap();
        std::fs::write(&x, "---\ntitle: X2\n---\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&x)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        assert_eq!(titles(dir.path(), &cache), ["X1"], "unreported, unstamped");
        cache.forget(&[PathBuf::from("content/a")]);
        assert_eq!(cache.len(), 1, "the folder's files are forgotten");
        assert_eq!(titles(dir.path(), &cache), ["X2"]);
        // A new length is noticed without a report.
        std::fs::write(&x, "---\ntitle: X three\n---\n").unwrap();
        assert_eq!(titles(dir.path(), &cache), ["X three"]);
        // Deleted files leave the cache; the site folder forgets everything.
        std::fs::remove_file(&x).unwrap();
        assert!(titles(dir.path(), &cache).is_empty());
        assert_eq!(cache.len(), 2);
        cache.forget(&[PathBuf::from("templates/page.html")]);
        assert_eq!(cache.len(), 2, "other folders do not touch content");
        cache.forget(&[PathBuf::new()]);
        assert!(cache.is_empty());
    }
}
