//! A cache of rendered Markdown between builds of one process (`quire serve`): a page whose body
//! and resolved links are unchanged is not parsed and highlighted again.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::markdown::Rendered;

type Key = [u8; 32];

/// Rendered Markdown by a hash of everything that shapes it.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<Key, Arc<Rendered>>>,
    used: Mutex<HashSet<Key>>,
}

impl RenderCache {
    /// The key of a body rendered with the given link rewrites and options.
    pub fn key<'a>(
        body: &str,
        rewrites: impl Iterator<Item = (&'a str, String)>,
        flags: &[bool],
    ) -> Key {
        let mut hasher = blake3::Hasher::new();
        for flag in flags {
            hasher.update(&[u8::from(*flag)]);
        }
        for (dest, href) in rewrites {
            hasher.update(dest.as_bytes());
            hasher.update(&[0]);
            hasher.update(href.as_bytes());
            hasher.update(&[0]);
        }
        hasher.update(body.as_bytes());
        *hasher.finalize().as_bytes()
    }

    /// The cached render for `key`, or `render()` stored under it.
    pub fn get_or_render(&self, key: Key, render: impl FnOnce() -> Rendered) -> Arc<Rendered> {
        lock(&self.used).insert(key);
        if let Some(hit) = lock(&self.entries).get(&key) {
            return Arc::clone(hit);
        }
        let rendered = Arc::new(render());
        lock(&self.entries).insert(key, Arc::clone(&rendered));
        rendered
    }

    /// Drops what the last build did not use, so the cache holds one site at most.
    pub fn finish_build(&self) {
        let used = std::mem::take(&mut *lock(&self.used));
        lock(&self.entries).retain(|key, _| used.contains(key));
    }

    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_reuse_and_unused_entries_are_dropped() {
        let cache = RenderCache::default();
        let a = RenderCache::key("body a", std::iter::empty(), &[false]);
        let b = RenderCache::key("body b", std::iter::empty(), &[false]);
        let mut renders = 0;
        for _ in 0..2 {
            cache.get_or_render(a, || {
                renders += 1;
                Rendered::default()
            });
        }
        assert_eq!(renders, 1);
        cache.get_or_render(b, Rendered::default);
        cache.finish_build();
        assert_eq!(cache.len(), 2);
        cache.get_or_render(b, Rendered::default);
        cache.finish_build();
        assert_eq!(cache.len(), 1, "a was not used by the last build");
    }

    #[test]
    fn key_depends_on_links_and_flags() {
        let plain = RenderCache::key("x", std::iter::empty(), &[false]);
        let offline = RenderCache::key("x", std::iter::empty(), &[true]);
        let linked = RenderCache::key("x", [("a.md", "../a/".to_string())].into_iter(), &[false]);
        assert_ne!(plain, offline);
        assert_ne!(plain, linked);
    }
}
