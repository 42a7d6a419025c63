//! A word piece → the terms the tokenizer made of it (`WordMemo`), for the pieces seen last: prose
//! repeats its words, so each is lowercased and stemmed once while remembered, and a caller can
//! keep a note with each term (a page's id for it) instead of looking the term up again.

use hashbrown::HashTable;

use super::intern::fx_hash;

/// Pieces remembered at most: past this the memo forgets them all and starts again, so its size
/// stays flat however large the site (about 1 MB a thread), while prose's common words come back
/// within a few pages. hashbrown fills a table up to 7/8: these fill one of 16,384 slots.
const MAX_WORDS: usize = 14 * 1024;

/// Longer pieces are not remembered: they are rare (identifiers, blobs) and would crowd the text.
pub(super) const MAX_PIECE_BYTES: usize = 64;

/// The pieces and their terms, each term with its hash and its caller's note.
#[derive(Default)]
pub(super) struct WordMemo {
    /// Every piece followed by its terms, back to back.
    text: String,
    words: HashTable<Word>,
    terms: Vec<Remembered>,
}

/// A remembered piece: its text is `text[start..end]`, its terms are `terms[first..last]`.
#[derive(Clone, Copy)]
struct Word {
    /// The piece's `fx_hash`, kept for when the table grows.
    hash: u64,
    start: u32,
    end: u32,
    first: u32,
    last: u32,
}

/// A term of a remembered piece: its text is `text[start..end]`.
struct Remembered {
    start: u32,
    end: u32,
    hash: u64,
    note: u64,
}

/// A term of a piece, as callers of `Tokenizer::terms` get it.
pub(super) struct Term<'a> {
    pub(super) text: &'a str,
    /// `fx_hash(text)`.
    pub(super) hash: u64,
    /// The caller's own number for this term: 0 when the term is new to the memo, then what the
    /// caller set until the memo forgets the term (always 0 for a term it does not keep: a
    /// bigram, a long piece's). Several pieces can make the same term, each with its own note.
    pub(super) note: &'a mut u64,
}

/// Which terms of the memo a piece has.
#[derive(Clone, Copy)]
pub(super) struct Terms {
    first: u32,
    last: u32,
}

impl WordMemo {
    /// The terms of `piece` (whose `fx_hash` is `hash`) if it is remembered.
    pub(super) fn find(&self, piece: &str, hash: u64) -> Option<Terms> {
        let text = self.text.as_bytes();
        let word = self.words.find(hash, |w| {
            text.get(w.start as usize..w.end as usize) == Some(piece.as_bytes())
        })?;
        Some(Terms {
            first: word.first,
            last: word.last,
        })
    }

    /// Remembers `piece` (no longer than `MAX_PIECE_BYTES`, not remembered yet) with the terms
    /// `make` passes to its argument, in order.
    pub(super) fn insert(
        &mut self,
        piece: &str,
        hash: u64,
        make: impl FnOnce(&mut dyn FnMut(&str)),
    ) -> Terms {
        if self.words.len() >= MAX_WORDS {
            self.text.clear();
            self.words.clear();
            self.terms.clear();
        }
        let start = self.text.len() as u32;
        self.text.push_str(piece);
        let end = self.text.len() as u32;
        let first = self.terms.len() as u32;
        make(&mut |term| {
            let start = self.text.len() as u32;
            self.text.push_str(term);
            self.terms.push(Remembered {
                start,
                end: self.text.len() as u32,
                hash: fx_hash(term),
                note: 0,
            });
        });
        let word = Word {
            hash,
            start,
            end,
            first,
            last: self.terms.len() as u32,
        };
        self.words.insert_unique(hash, word, |w| w.hash);
        Terms {
            first: word.first,
            last: word.last,
        }
    }

    /// Calls `emit` with each of `terms`.
    pub(super) fn emit(&mut self, terms: Terms, emit: &mut impl FnMut(Term<'_>)) {
        for term in &mut self.terms[terms.first as usize..terms.last as usize] {
            emit(Term {
                text: &self.text[term.start as usize..term.end as usize],
                hash: term.hash,
                note: &mut term.note,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_of(memo: &mut WordMemo, terms: Terms) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        memo.emit(terms, &mut |t| {
            assert_eq!(t.hash, fx_hash(t.text));
            out.push((t.text.to_string(), *t.note));
            *t.note += 1;
        });
        out
    }

    #[test]
    fn remembers_terms_and_notes_until_full() {
        let mut memo = WordMemo::default();
        let piece = "ThreadPool";
        assert!(memo.find(piece, fx_hash(piece)).is_none());
        let terms = memo.insert(piece, fx_hash(piece), |add| {
            ["threadpool", "thread", "pool"].into_iter().for_each(add)
        });
        assert_eq!(
            terms_of(&mut memo, terms),
            [
                ("threadpool".into(), 0),
                ("thread".into(), 0),
                ("pool".into(), 0)
            ]
        );
        let found = memo
            .find(piece, fx_hash(piece))
            .map(|t| terms_of(&mut memo, t));
        assert_eq!(
            found.unwrap(),
            [
                ("threadpool".into(), 1),
                ("thread".into(), 1),
                ("pool".into(), 1)
            ]
        );
        let none = memo.insert("the", fx_hash("the"), |_| {});
        assert!(terms_of(&mut memo, none).is_empty());
        for n in 0..MAX_WORDS {
            let other = format!("w{n}");
            memo.insert(&other, fx_hash(&other), |add| add(&other));
        }
        assert!(memo.find(piece, fx_hash(piece)).is_none());
        assert_eq!(memo.words.len(), 2);
    }
}
