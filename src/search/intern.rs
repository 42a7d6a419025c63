//! A string interner for index terms: one growing buffer instead of a `String` per term, looked
//! up by a 64-bit FxHash computed once per term (and reused to partition terms across threads).

use hashbrown::HashTable;

/// Terms stored back to back in one buffer, each with an id (its index).
#[derive(Default, Clone)]
pub(super) struct TermList {
    text: String,
    /// Per id: the end of the term in `text` (it starts where the previous one ends).
    ends: Vec<u32>,
}

impl TermList {
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The terms in id order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let term = &self.text[start as usize..end as usize];
            start = end;
            term
        })
    }

    /// Adds `term` (whether or not it is in already) and returns its id.
    pub(super) fn push(&mut self, term: &str) -> u32 {
        let id = self.ends.len() as u32;
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
        id
    }

    pub(super) fn term(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start as usize..self.ends[id] as usize]
    }
}

/// A [`TermList`] that finds a term's id by its text, and adds terms.
#[derive(Default)]
pub(super) struct Interner {
    list: TermList,
    /// The ids, found by the `fx_hash` of their term (recomputed when the table grows).
    ids: HashTable<u32>,
}

impl Interner {
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    pub(super) fn term(&self, id: u32) -> &str {
        self.list.term(id)
    }

    /// A copy of the terms without the lookup table.
    pub(super) fn to_list(&self) -> TermList {
        self.list.clone()
    }

    /// Forgets every term, keeping the room they took.
    pub(super) fn clear(&mut self) {
        self.list.text.clear();
        self.list.ends.clear();
        self.ids.clear();
    }

    /// The id of `term` if it is in; `hash` as for [`Interner::intern`].
    pub(super) fn find(&self, term: &str, hash: u64) -> Option<u32> {
        self.ids.find(hash, |&id| self.term(id) == term).copied()
    }

    /// The id of `term`, adding it if it is new. `hash` must be `fx_hash(term)` (computed once by
    /// the caller, who also partitions by it).
    pub(super) fn intern(&mut self, term: &str, hash: u64) -> u32 {
        let list = &mut self.list;
        let entry = self.ids.entry(
            hash,
            |&id| list.term(id) == term,
            |&id| fx_hash(list.term(id)),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(found) => *found.get(),
            hashbrown::hash_table::Entry::Vacant(slot) => *slot.insert(list.push(term)).get(),
        }
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
    // The multiply leaves the best bits at the top; hash tables pick buckets with the bottom.
    hash.rotate_left(26)
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
        let list = interner.to_list();
        assert_eq!((list.term(a), list.term(b)), ("garbag", "collector"));
        assert_eq!(list.iter().collect::<Vec<_>>(), ["garbag", "collector"]);
        interner.clear();
        assert_eq!(interner.len(), 0);
        assert_eq!(interner.find("garbag", fx_hash("garbag")), None);
        assert_eq!(interner.intern("gil", fx_hash("gil")), 0);
    }

    /// Terms are told apart by their text, not their hash. (Two terms only: the table does not
    /// grow, so it keeps the made-up hash it was given rather than recomputing the real one.)
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
