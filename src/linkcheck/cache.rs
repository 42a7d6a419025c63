//! The link check's memory between runs: `.quire-cache/external-links.json` in the site folder
//! (hidden, so never walked as content; ignore it in version control), holding when each URL last
//! answered well. Only good, direct answers are kept — a dead or redirected link is asked again
//! on every run — and an entry older than the allowed age is asked again too.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::fs::SiteFs;

/// The folder, in the site folder, of what quire keeps between runs.
pub const CACHE_DIR: &str = ".quire-cache";
const CACHE_FILE: &str = "external-links.json";

/// URLs that answered well, with when (seconds since the Unix epoch).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct LinkCache {
    alive: BTreeMap<String, u64>,
}

impl LinkCache {
    /// The cache of the site in `fs`; empty when there is none or it cannot be read (it is only
    /// a memory: the links are then asked about again).
    pub fn load(fs: &SiteFs) -> LinkCache {
        let path = cache_path(fs);
        if !fs.exists(&path) {
            return LinkCache::default();
        }
        fs.read_text(&path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Whether `url` answered well less than `max_age` ago.
    pub fn is_fresh(&self, url: &str, max_age: Duration, now: u64) -> bool {
        self.alive
            .get(url)
            .is_some_and(|&at| now.saturating_sub(at) < max_age.as_secs())
    }

    /// Records a good answer from `url` at `now`.
    pub fn alive(&mut self, url: String, now: u64) {
        self.alive.insert(url, now);
    }

    /// Forgets a URL (it answered badly).
    pub fn forget(&mut self, url: &str) {
        self.alive.remove(url);
    }

    /// Drops entries older than `max_age`, and URLs the site no longer links to.
    pub fn prune(&mut self, max_age: Duration, now: u64, linked: impl Fn(&str) -> bool) {
        self.alive
            .retain(|url, at| linked(url) && now.saturating_sub(*at) < max_age.as_secs());
    }

    /// Writes the cache into the site's `.quire-cache/` (created if missing) with one rename.
    /// A `.quire-cache` that is a symlink is refused: nothing is written outside the site.
    pub fn save(&self, fs: &SiteFs) -> Result<(), Error> {
        let dir = fs.real_dir().join(CACHE_DIR);
        if dir
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(Error::Usage(format!(
                "{} is a symlink; remove it so the link check can keep its cache",
                fs.path(CACHE_DIR).display()
            )));
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::io(&dir, std::io::Error::other(e)))?;
        let target = dir.join(CACHE_FILE);
        let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| Error::io(&dir, e))?;
        temp.write_all(&json).map_err(|e| Error::io(&target, e))?;
        temp.persist(&target)
            .map_err(|e| Error::io(&target, e.error))?;
        Ok(())
    }
}

/// Where the cache lives, as shown to the user.
fn cache_path(fs: &SiteFs) -> PathBuf {
    fs.path(&format!("{CACHE_DIR}/{CACHE_FILE}"))
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_entries_are_kept_and_old_ones_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let fs = SiteFs::open(dir.path()).unwrap();
        let day = Duration::from_secs(86_400);
        let mut cache = LinkCache::load(&fs);
        cache.alive("https://a.org/".into(), 1_000_000);
        cache.alive("https://old.org/".into(), 1_000_000 - 90_000);
        cache.alive("https://unlinked.org/".into(), 1_000_000);
        assert!(cache.is_fresh("https://a.org/", day, 1_000_100));
        assert!(!cache.is_fresh("https://old.org/", day, 1_000_100));
        assert!(!cache.is_fresh("https://a.org/", Duration::ZERO, 1_000_000));
        cache.prune(day, 1_000_100, |url| url != "https://unlinked.org/");
        cache.save(&fs).unwrap();
        let again = LinkCache::load(&fs);
        assert_eq!(again.alive.keys().collect::<Vec<_>>(), ["https://a.org/"]);
    }

    #[test]
    fn an_unreadable_cache_is_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(CACHE_DIR)).unwrap();
        std::fs::write(dir.path().join(CACHE_DIR).join(CACHE_FILE), "{not json").unwrap();
        let fs = SiteFs::open(dir.path()).unwrap();
        assert!(LinkCache::load(&fs).alive.is_empty());
    }
}
