//! A string interner for index terms: one growing buffer instead of a `String` per term, looked
//! up by a 64-bit FxHash computed once per term (and reused to partition terms across threads).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// Terms stored back to back in one buffer, each with an id (its index) and its hash.
#[derive(Default)]
pub(super) struct TermList {
    text: String,
    /// Per id: (start, end) in `text`.
    spans: Vec<(u32, u32)>,
    /// Per id: `fx_hash` of the term.
    hashes: Vec<u64>,
}

impl TermList {
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(super) fn term(&self, id: u32) -> &str {
        let (start, end) = self.spans[id as usize];
        &self.text[start as usize..end as usize]
    }

    pub(super) fn hash(&self, id: u32) -> u64 {
        self.hashes[id as usize]
    }
}

/// A [`TermList`] that finds a term's id by its text, and adds terms.
#[derive(Default)]
pub(super) struct Interner {
    list: TermList,
    /// Hash → id of the first term with that hash.
    ids: HashMap<u64, u32, BuildHasherDefault<HashIsKey>>,
    /// Terms whose hash an earlier, different term already had (practically never used).
    collided: HashMap<String, u32>,
}

impl Interner {
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    pub(super) fn term(&self, id: u32) -> &str {
        self.list.term(id)
    }

    pub(super) fn hash(&self, id: u32) -> u64 {
        self.list.hash(id)
    }

    /// The terms without the lookup tables, once no more are added.
    pub(super) fn into_list(self) -> TermList {
        let mut list = self.list;
        list.text.shrink_to_fit();
        list.spans.shrink_to_fit();
        list.hashes.shrink_to_fit();
        list
    }

    pub(super) fn find(&self, term: &str, hash: u64) -> Option<u32> {
        match self.ids.get(&hash) {
            Some(&id) if self.term(id) == term => Some(id),
            Some(_) => self.collided.get(term).copied(),
            None => None,
        }
    }

    /// The id of `term` (whose `fx_hash` is `hash`), adding it if it is new.
    pub(super) fn intern(&mut self, term: &str, hash: u64) -> u32 {
        if let Some(id) = self.find(term, hash) {
            return id;
        }
        let list = &mut self.list;
        let id = list.spans.len() as u32;
        let start = list.text.len() as u32;
        list.text.push_str(term);
        list.spans.push((start, list.text.len() as u32));
        list.hashes.push(hash);
        match self.ids.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(id);
            }
            Entry::Occupied(_) => {
                self.collided.insert(term.to_string(), id);
            }
        }
        id
    }
}

/// FxHash (as in rustc) of a term: terms are short and come from the site's own content, so a
/// fast hash beats a DoS-resistant one (SipHash) by a wide margin here.
pub(super) fn fx_hash(term: &str) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut hash = 0u64;
    let mut add = |word: u64| hash = (hash.rotate_left(5) ^ word).wrapping_mul(K);
    let mut chunks = term.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        add(u64::from_le_bytes(word));
    }
    let mut word = [0; 8];
    word[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    add(u64::from_le_bytes(word) ^ term.len() as u64);
    // The multiply leaves the best bits at the top; hash maps pick buckets with the bottom.
    hash.rotate_left(26)
}

/// The key of `Interner::ids` is already a hash: use it as is.
#[derive(Default)]
pub(super) struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{Interner, fx_hash};

    #[test]
    fn interns_and_finds_terms() {
        let mut interner = Interner::default();
        let a = interner.intern("garbag", fx_hash("garbag"));
        let b = interner.intern("collector", fx_hash("collector"));
        assert_eq!(interner.intern("garbag", fx_hash("garbag")), a);
        assert_eq!(
            (interner.term(a), interner.term(b), interner.len()),
            ("garbag", "collector", 2)
        );
        assert_eq!(interner.find("gil", fx_hash("gil")), None);
    }

    #[test]
    fn survives_hash_collisions() {
        let mut interner = Interner::default();
        let a = interner.intern("one", 42);
        let b = interner.intern("two", 42);
        assert_ne!(a, b);
        assert_eq!(interner.find("two", 42), Some(b));
        assert_eq!(interner.find("one", 42), Some(a));
        assert_eq!(interner.intern("two", 42), b);
    }
}
