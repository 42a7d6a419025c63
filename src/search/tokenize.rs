//! Text → search terms: Unicode words (UAX #29), lowercased and stemmed, code identifiers also
//! split into their parts, CJK/Thai runs as character bigrams. Mirrored by `terms` in
//! static/search.js.

use super::intern::fx_hash;
use super::stem::stem;
use super::word_memo::{MAX_PIECE_BYTES, Term, WordMemo};
use super::words::word_pieces;

/// Longer terms (hashes, encoded blobs) are not indexed.
const MAX_TERM_BYTES: usize = 64;

/// Reusable buffers for turning text into terms without allocating per token, and the terms of
/// the words seen last.
#[derive(Default)]
pub(super) struct Tokenizer {
    term: String,
    run: Vec<char>,
    parts: Vec<(usize, usize)>,
    memo: WordMemo,
}

impl Tokenizer {
    /// Calls `emit` with every term of `text`, in order.
    ///
    /// - Words are Unicode words (UAX #29), split again at the punctuation UAX #29 keeps inside
    ///   words (`os.path` → `os`, `path`; `3.12` → `3`, `12`); apostrophes and soft hyphens are
    ///   dropped (`don't` → `dont`, `Python's` → `python` after stemming).
    /// - Terms are lowercased (final sigma folded to σ) and stemmed; one-character words and a
    ///   few English stop words are skipped.
    /// - Identifiers also yield their parts: `ThreadPoolExecutor` → `threadpoolexecutor`,
    ///   `thread`, `pool`, `executor`; `tp_free` → `tp_free`, `tp`, `free`. So both the whole
    ///   identifier and any part of it can be found; queries are not split (see search.js).
    /// - Runs of scripts written without spaces (CJK, Thai, Lao, Khmer, Myanmar) yield their
    ///   overlapping character bigrams (a lone character yields itself).
    pub(super) fn terms(&mut self, text: &str, emit: &mut impl FnMut(Term<'_>)) {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut in_run = false;
        let mut i = 0;
        while i < bytes.len() {
            if !in_run {
                // Every unspaced character is at U+0E00 or above: its first byte is 0xE0 or more.
                match bytes[i..].iter().position(|&b| b >= 0xE0) {
                    Some(lead) => i += lead,
                    None => break,
                }
            }
            let b = bytes[i];
            if b & 0xC0 == 0x80 {
                // Inside a character.
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or_default();
            let run = b >= 0xE0 && is_unspaced(c);
            if run != in_run {
                self.stretch(&text[start..i], in_run, emit);
                start = i;
                in_run = run;
            }
            i += c.len_utf8();
        }
        self.stretch(&text[start..], in_run, emit);
    }

    fn stretch(&mut self, text: &str, unspaced: bool, emit: &mut impl FnMut(Term<'_>)) {
        if text.is_empty() {
            return;
        }
        if unspaced {
            self.bigrams(text, emit);
            return;
        }
        word_pieces(text, |piece| self.word(piece, emit));
    }

    fn bigrams(&mut self, text: &str, emit: &mut impl FnMut(Term<'_>)) {
        self.run.clear();
        self.run.extend(text.chars());
        if let [only] = self.run[..] {
            self.term.clear();
            self.term.push(only);
            emit_unkept(&self.term, emit);
        }
        for pair in self.run.windows(2) {
            self.term.clear();
            self.term.extend(pair);
            emit_unkept(&self.term, emit);
        }
    }

    /// The terms of a word piece: from the memo when it is there.
    fn word(&mut self, piece: &str, emit: &mut impl FnMut(Term<'_>)) {
        let Tokenizer {
            term, parts, memo, ..
        } = self;
        if piece.len() > MAX_PIECE_BYTES {
            word_terms(piece, term, parts, &mut |t| emit_unkept(t, emit));
            return;
        }
        let hash = fx_hash(piece);
        let terms = match memo.find(piece, hash) {
            Some(terms) => terms,
            None => memo.insert(piece, hash, |add| word_terms(piece, term, parts, add)),
        };
        memo.emit(terms, emit);
    }
}

/// Emits `term` with a note of its own that nothing keeps (a bigram, a long piece's term).
fn emit_unkept(term: &str, emit: &mut impl FnMut(Term<'_>)) {
    emit(Term {
        text: term,
        hash: fx_hash(term),
        note: &mut 0,
    });
}

/// Calls `emit` with the terms of a word piece: the whole, then its identifier parts if any.
/// `term` and `parts` are buffers.
fn word_terms(
    piece: &str,
    term: &mut String,
    parts: &mut Vec<(usize, usize)>,
    emit: &mut dyn FnMut(&str),
) {
    if normalize(piece, term) {
        emit(term);
    }
    if is_one_part(piece) {
        return;
    }
    identifier_parts(piece, parts);
    if parts.len() < 2 && parts.first() == Some(&(0, piece.len())) {
        return;
    }
    for &(start, end) in parts.iter() {
        if normalize(&piece[start..end], term) {
            emit(term);
        }
    }
}

/// Lowercases and stems `word` into `term`; false if it is not worth indexing.
fn normalize(word: &str, term: &mut String) -> bool {
    term.clear();
    let chars = if word.is_ascii() {
        term.push_str(word);
        if word.contains('\'') {
            term.retain(|c| c != '\'');
        }
        term.make_ascii_lowercase();
        term.len()
    } else {
        let mut chars = 0;
        for c in word.chars().filter(|&c| !is_dropped(c)) {
            chars += 1;
            let lower = c.to_lowercase().map(|l| if l == 'ς' { 'σ' } else { l });
            term.extend(lower);
        }
        chars
    };
    if chars < 2 || term.len() > MAX_TERM_BYTES || is_stop_word(term) {
        return false;
    }
    stem(term);
    true
}

/// Whether `identifier_parts` would find `word` whole: no `_`, no capital after the first byte.
fn is_one_part(word: &str) -> bool {
    let b = word.as_bytes();
    !b.is_empty() && !b.contains(&b'_') && !b[1..].iter().any(u8::is_ascii_uppercase)
}

/// Byte ranges of the parts of an identifier: split at `_` and at ASCII camel-case humps
/// (`HTTPServer` → `HTTP`, `Server`; `utf8Decoder` → `utf8`, `Decoder`).
fn identifier_parts(word: &str, parts: &mut Vec<(usize, usize)>) {
    parts.clear();
    let b = word.as_bytes();
    let mut start = 0;
    for i in 0..b.len() {
        if b[i] == b'_' {
            if i > start {
                parts.push((start, i));
            }
            start = i + 1;
            continue;
        }
        if i == start {
            continue;
        }
        let prev = b[i - 1];
        let next_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        let hump = b[i].is_ascii_uppercase()
            && (prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower));
        if hump {
            parts.push((start, i));
            start = i;
        }
    }
    if b.len() > start {
        parts.push((start, b.len()));
    }
}

/// Scripts written without spaces between words: indexed as character bigrams.
pub(super) fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'     // Thai, Lao
        | '\u{1000}'..='\u{109F}'   // Myanmar
        | '\u{1780}'..='\u{17FF}'   // Khmer
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'   // halfwidth Katakana
        | '\u{20000}'..='\u{323AF}' // CJK extensions B–H
    )
}

/// Apostrophes and soft hyphens vanish: `don't` → `dont`.
fn is_dropped(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{FF07}' | '\u{00AD}')
}

/// Words too common to be worth an index entry (Python keywords such as `with`, `for`, `not`,
/// `from`, `as`, `if` are deliberately kept).
pub(super) fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "an" | "and"
            | "are"
            | "at"
            | "be"
            | "been"
            | "but"
            | "by"
            | "can"
            | "do"
            | "does"
            | "had"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "so"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "was"
            | "we"
            | "were"
            | "which"
            | "will"
            | "would"
            | "you"
            | "your"
    )
}

#[cfg(test)]
mod tests {
    use super::Tokenizer;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Tokenizer::default().terms(text, &mut |t| out.push(t.text.to_string()));
        out
    }

    #[test]
    fn words_are_lowercased_stemmed_and_split_at_punctuation() {
        assert_eq!(
            terms("The Garbage Collector's generations, os.path.join() & Python 3.12!"),
            [
                "garbag",
                "collector",
                "generation",
                "os",
                "path",
                "join",
                "python",
                "12"
            ]
        );
        assert_eq!(terms("don’t — e.g. naïve café"), ["dont", "naïve", "café"]);
    }

    /// Words are remembered with their terms (`WordMemo`): the second time a tokenizer sees a
    /// text it must make the terms it made the first time, long words and bigrams included.
    #[test]
    fn remembered_words_make_the_same_terms() {
        let long = "x".repeat(80) + "_Tail";
        let text = format!("ThreadPoolExecutor pools the GIL's threads; 垃圾回收 {long} os.path");
        let mut tokenizer = Tokenizer::default();
        let mut pass = || {
            let mut out = Vec::new();
            tokenizer.terms(&text, &mut |t| out.push(t.text.to_string()));
            out
        };
        let first = pass();
        assert_eq!(pass(), first);
        assert_eq!(terms(&text), first);
        assert!(first.contains(&"tail".to_string()), "{first:?}");
    }

    #[test]
    fn identifiers_yield_the_whole_and_the_parts() {
        assert_eq!(terms("deepcopy"), ["deepcopy"]);
        assert_eq!(
            terms("ThreadPoolExecutor"),
            ["threadpoolexecutor", "thread", "pool", "executor"]
        );
        assert_eq!(terms("HTTPServer"), ["httpserver", "http", "server"]);
        assert_eq!(
            terms("__init__ is_valid"),
            ["__init__", "init", "is_valid", "valid"]
        );
        assert_eq!(terms("utf8Decoder"), ["utf8decoder", "utf8", "decoder"]);
    }

    #[test]
    fn unspaced_scripts_become_bigrams() {
        assert_eq!(terms("垃圾回收"), ["垃圾", "圾回", "回收"]);
        assert_eq!(terms("GIL是全局锁。"), ["gil", "是全", "全局", "局锁"]);
        assert_eq!(terms("ガベージ"), ["ガベ", "ベー", "ージ"]);
        assert_eq!(terms("一 つ"), ["一", "つ"]);
    }

    #[test]
    fn other_scripts_are_words() {
        assert_eq!(terms("Сборщик мусора"), ["сборщик", "мусора"]);
        assert_eq!(terms("ΟΔΟΣ"), ["οδοσ"]);
        assert_eq!(terms("가비지 컬렉터"), ["가비지", "컬렉터"]);
        assert_eq!(terms("संग्रहकर्ता"), ["संग्रहकर्ता"]);
    }

    #[test]
    fn huge_unspaced_text_stays_linear() {
        let text: String = (0..200_000u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap_or('一'))
            .collect();
        let mut n = 0;
        Tokenizer::default().terms(&text, &mut |_| n += 1);
        assert_eq!(n, 199_999);
    }
}
