//! The files includes read. Within one build each is read once however many pages include it
//! ([`IncludeReader`]); between the builds of `quire serve` ([`IncludeCache`]) it is read again
//! only when its size or time changed or the watcher reported it, and the cache knows every path
//! the latest build asked for — read or not — for the watcher to follow.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use super::source_cache::Stamp;
use crate::fs::{Refused, SiteFs};
use crate::memo;
use crate::preprocess::{FileText, IncludeFiles};

type Read = Result<Arc<FileText>, Refused>;

/// One build's reads, by the path includes asked for.
pub struct IncludeReader<'a> {
    fs: &'a SiteFs,
    cache: Option<&'a IncludeCache>,
    read: Mutex<HashMap<PathBuf, Arc<OnceLock<Read>>>>,
}

impl<'a> IncludeReader<'a> {
    /// The reader of one build; with a cache, the paths the build asks for replace the last
    /// build's.
    pub fn new(fs: &'a SiteFs, cache: Option<&'a IncludeCache>) -> Self {
        if let Some(cache) = cache {
            memo::lock(&cache.asked).clear();
        }
        IncludeReader {
            fs,
            cache,
            read: Mutex::default(),
        }
    }

    fn load(&self, path: &Path) -> Read {
        let read = || {
            let file = self.fs.read_included(path)?;
            Ok(Arc::new(FileText {
                real: file.real,
                text: file.text.into(),
            }))
        };
        match self.cache {
            Some(cache) => cache.get_or_read(path, read),
            None => read(),
        }
    }
}

impl IncludeFiles for IncludeReader<'_> {
    fn read(&self, path: &Path) -> Read {
        // Pages that include the same file at once wait for one read.
        let cell = Arc::clone(
            memo::lock(&self.read)
                .entry(path.to_path_buf())
                .or_default(),
        );
        cell.get_or_init(|| self.load(path)).clone()
    }
}

/// Included files kept between builds, by the path includes asked for.
#[derive(Debug, Default)]
pub struct IncludeCache {
    entries: Mutex<HashMap<PathBuf, Entry>>,
    /// Every path the latest build's includes asked for, and where the ones read really are.
    asked: Mutex<BTreeSet<PathBuf>>,
}

#[derive(Debug)]
struct Entry {
    stamp: Stamp,
    file: Arc<FileText>,
    /// Whether the current build has read it.
    used: bool,
}

impl IncludeCache {
    /// The file at `path` as read before if it has not changed since, else what `read` makes of
    /// it now (kept for next time unless it failed).
    fn get_or_read(&self, path: &Path, read: impl FnOnce() -> Read) -> Read {
        memo::lock(&self.asked).insert(path.to_path_buf());
        let found = self.find_or_read(path, read);
        if let Ok(file) = &found {
            memo::lock(&self.asked).insert(file.real.clone());
        }
        found
    }

    fn find_or_read(&self, path: &Path, read: impl FnOnce() -> Read) -> Read {
        // The stamp is taken before reading: a write in between makes the next build read again.
        let Some(stamp) = Stamp::of(path) else {
            return read();
        };
        if let Some(entry) = self.lock().get_mut(path)
            && entry.stamp == stamp
        {
            entry.used = true;
            return Ok(Arc::clone(&entry.file));
        }
        let file = read()?;
        let entry = Entry {
            stamp,
            file: Arc::clone(&file),
            used: true,
        };
        self.lock().insert(path.to_path_buf(), entry);
        Ok(file)
    }

    /// Forgets the files at or under the changed paths: absolute, or relative to the site
    /// folder as the watcher reports them (then matched by their last names, which may forget
    /// a file too many but never one too few). An empty path forgets everything.
    pub fn forget(&self, changed: &[PathBuf]) {
        let mut entries = self.lock();
        for path in changed {
            if path.as_os_str().is_empty() {
                entries.clear();
                continue;
            }
            entries
                .retain(|asked, entry| !touches(asked, path) && !touches(&entry.file.real, path));
        }
    }

    /// Every path the latest build's includes asked for (missing ones too: creating one is a
    /// change), and the real path of each one read.
    pub fn asked(&self) -> Vec<PathBuf> {
        memo::lock(&self.asked).iter().cloned().collect()
    }

    /// Drops the files the build that just succeeded did not read.
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

    fn lock(&self) -> MutexGuard<'_, HashMap<PathBuf, Entry>> {
        memo::lock(&self.entries)
    }
}

/// Whether a change at `changed` (absolute, or relative to somewhere above `file`) can have
/// changed `file`: it is the file or a folder on its way.
fn touches(file: &Path, changed: &Path) -> bool {
    if changed.is_absolute() {
        return file.starts_with(changed);
    }
    let names: Vec<_> = changed.components().collect();
    let file: Vec<_> = file.components().collect();
    file.windows(names.len()).any(|window| window == names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_once_per_build_and_again_only_when_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("listings/a")).unwrap();
        let file = dir.path().join("listings/a/main.rs");
        std::fs::write(&file, "one").unwrap();
        let fs = SiteFs::open(dir.path()).unwrap();
        let path = fs.real_dir().join("listings/a/main.rs");
        let cache = IncludeCache::default();
        let text = |cache: &IncludeCache| {
            let reader = IncludeReader::new(&fs, Some(cache));
            let first = reader.read(&path).unwrap();
            let second = reader.read(&path).unwrap();
            assert!(Arc::ptr_eq(&first, &second), "read once per build");
            cache.finish_build();
            first.text.to_string()
        };
        assert_eq!(text(&cache), "one");
        // Same length and time: only a report tells.
        let stamp = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::fs::write(&file, "two").unwrap();
        let handle = std::fs::File::options().write(true).open(&file).unwrap();
        handle.set_modified(stamp).unwrap();
        assert_eq!(text(&cache), "one", "unreported, unstamped");
        cache.forget(&[PathBuf::from("templates/page.html")]);
        assert_eq!(text(&cache), "one", "an unrelated change forgets nothing");
        cache.forget(&[PathBuf::from("listings/a")]);
        assert!(cache.is_empty());
        assert_eq!(text(&cache), "two");
        std::fs::write(&file, "three").unwrap();
        assert_eq!(text(&cache), "three", "a new length is noticed");
        let reader = IncludeReader::new(&fs, Some(&cache));
        let nothing = fs.real_dir().join("nothing.rs");
        assert_eq!(reader.read(&nothing).unwrap_err(), Refused::Missing);
        assert_eq!(cache.asked(), [nothing], "a missing file is followed too");
        cache.finish_build();
        assert_eq!(cache.len(), 0, "a build that read nothing keeps nothing");
    }

    #[test]
    fn changes_touch_the_files_at_or_under_them() {
        let file = Path::new("/site/listings/ch01/main.rs");
        assert!(touches(file, Path::new("listings/ch01")));
        assert!(touches(file, Path::new("listings/ch01/main.rs")));
        assert!(touches(file, Path::new("/site/listings")));
        assert!(!touches(file, Path::new("listings/ch02")));
        assert!(!touches(file, Path::new("/elsewhere")));
    }
}
