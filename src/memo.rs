//! Memo tables: values kept under a blake3 key of everything that shapes them, so a caller can
//! skip work whose inputs have not changed. A leaf: it knows nothing of the pipeline's stages.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::{Mutex, MutexGuard};

/// A blake3 hash of a value's inputs.
pub type Key = [u8; 32];

/// Values by the hash of their inputs, with a note of which ones the current build used.
pub struct Memo<V> {
    entries: Mutex<HashMap<Key, V>>,
    used: Mutex<HashSet<Key>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            entries: Mutex::default(),
            used: Mutex::default(),
        }
    }
}

impl<V> std::fmt::Debug for Memo<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("entries", &lock(&self.entries).len())
            .finish()
    }
}

impl<V: Clone> Memo<V> {
    /// The value stored under `key`, or `make()` stored under it. Two threads missing the same
    /// key at once both make it; the values are equal, as `key` covers all inputs.
    pub fn get_or_make(&self, key: Key, make: impl FnOnce() -> V) -> V {
        match self.get_or_try_make(key, || Ok::<V, Infallible>(make())) {
            Ok(value) => value,
        }
    }

    /// Like [`Memo::get_or_make`], for a `make` that can fail: a failure is not stored.
    pub fn get_or_try_make<E>(
        &self,
        key: Key,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        lock(&self.used).insert(key);
        if let Some(hit) = lock(&self.entries).get(&key) {
            return Ok(hit.clone());
        }
        let value = make()?;
        lock(&self.entries).insert(key, value.clone());
        Ok(value)
    }

    /// Drops every entry the build since the last call did not use.
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

/// A key made of several parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ.
#[derive(Default)]
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    pub fn part(&mut self, bytes: impl AsRef<[u8]>) -> &mut Self {
        let bytes = bytes.as_ref();
        self.0.update(&bytes.len().to_le_bytes()).update(bytes);
        self
    }

    pub fn key(&self) -> Key {
        *self.0.finalize().as_bytes()
    }
}

/// The key of a value given as one run of bytes (a Markdown body, say).
pub fn key_of(bytes: impl AsRef<[u8]>) -> Key {
    *blake3::hash(bytes.as_ref()).as_bytes()
}

/// Locks `mutex`, going on past a panic in another holder: what it guards is still usable.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn hits_reuse_and_unused_entries_are_dropped() {
        let memo: Memo<Arc<String>> = Memo::default();
        let (a, b) = (key_of("a"), key_of("b"));
        let mut made = 0;
        for _ in 0..2 {
            memo.get_or_make(a, || {
                made += 1;
                Arc::new("A".into())
            });
        }
        assert_eq!(made, 1);
        memo.get_or_make(b, || Arc::new("B".into()));
        memo.finish_build();
        assert_eq!(memo.len(), 2);
        assert_eq!(*memo.get_or_make(b, || Arc::new("other".into())), "B");
        memo.finish_build();
        assert_eq!(memo.len(), 1, "a was not used by the last build");
    }
}
