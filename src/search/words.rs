//! Spaced text → its words: Unicode words (UAX #29) split again at the punctuation UAX #29 keeps
//! inside words, found by a byte scan where the text is ASCII (most of a page, and the part of
//! tokenizing that costs the most) and by `unicode-segmentation` elsewhere, with equal results.

use unicode_segmentation::UnicodeSegmentation;

/// Calls `piece` with every word piece of `text`, in order: `os.path` → `os`, `path`; `3.12` →
/// `3`, `12`; `don't` stays whole.
pub(super) fn word_pieces<'a>(text: &'a str, mut piece: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let Some(lead) = bytes[start..].iter().position(|b| !b.is_ascii()) else {
            return ascii_pieces(&text[start..], &mut piece);
        };
        // The chunk holding the first non-ASCII character and the ASCII chunks before it.
        let at = start + lead;
        let chunk = (start + 1..at)
            .rev()
            .find(|&i| is_cut(bytes, i))
            .unwrap_or(start);
        ascii_pieces(&text[start..chunk], &mut piece);
        let end = (at + 1..bytes.len())
            .find(|&i| is_cut(bytes, i))
            .unwrap_or(bytes.len());
        for word in text[chunk..end].unicode_words() {
            word.split(is_separator).for_each(&mut piece);
        }
        start = end;
    }
}

/// Whether `text` is cut before byte `i` (past 0): a space that follows an ASCII character
/// other than a space. UAX #29 always breaks there (no rule joins such a character to a space,
/// nor lets a space reach past it), so each chunk between cuts has the words it has in the
/// whole text; those of ASCII chunks are found by `ascii_pieces` (run on several at once: a
/// chunk starts with a space, where no piece goes on).
fn is_cut(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b' ' && bytes[i - 1].is_ascii() && bytes[i - 1] != b' '
}

/// The word pieces of ASCII text, as `unicode_words` then `split(is_separator)` make them: runs
/// of letters, digits and `_` (WB5, WB8–WB10, WB13a/b), with an apostrophe kept between two
/// letters or two digits (WB6/7, WB11/12); runs without a letter or digit are not words. The
/// other punctuation UAX #29 keeps inside words (`.`, `:`, `,`, `;`) is where pieces split.
fn ascii_pieces<'a>(text: &'a str, piece: &mut impl FnMut(&'a str)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'\'' && joins(b[i - 1], b[i + 1]) {
                i += 1;
            } else {
                break;
            }
        }
        if b[start..i].iter().any(|&c| c != b'_') {
            piece(&text[start..i]);
        }
    }
}

/// Letters, digits and `_`: the bytes of an ASCII word.
fn is_word(c: u8) -> bool {
    WORD_BYTES[usize::from(c)]
}

const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    table
};

/// Whether an apostrophe between `before` and `after` is inside a word.
fn joins(before: u8, after: u8) -> bool {
    (before.is_ascii_alphabetic() && after.is_ascii_alphabetic())
        || (before.is_ascii_digit() && after.is_ascii_digit())
}

/// Punctuation that UAX #29 allows inside a word (MidLetter, MidNum, MidNumLet, quotes and
/// ExtendNumLet other than `_`), where search terms are split.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '.' | ':'
            | ','
            | ';'
            | '"'
            | '·'
            | '\u{037E}'
            | '\u{0387}'
            | '\u{055F}'
            | '\u{0589}'
            | '\u{05F4}'
            | '\u{060C}'
            | '\u{060D}'
            | '\u{066C}'
            | '\u{07F8}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{202F}'
            | '\u{203F}'
            | '\u{2040}'
            | '\u{2044}'
            | '\u{2054}'
            | '\u{FE10}'
            | '\u{FE13}'
            | '\u{FE14}'
            | '\u{FE33}'
            | '\u{FE34}'
            | '\u{FE4D}'
            ..='\u{FE4F}'
                | '\u{FE50}'
                | '\u{FE52}'
                | '\u{FE54}'
                | '\u{FE55}'
                | '\u{FF0C}'
                | '\u{FF0E}'
                | '\u{FF1A}'
                | '\u{FF1B}'
                | '\u{FF3F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `word_pieces` must give: every word of the whole text, split at separators.
    fn reference(text: &str) -> Vec<&str> {
        text.unicode_words()
            .flat_map(|word| word.split(is_separator))
            .collect()
    }

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        word_pieces(text, |piece| out.push(piece));
        out
    }

    #[test]
    fn pieces_are_words_split_at_inner_punctuation() {
        assert_eq!(
            pieces("os.path.join() don't 3.12 1,000 a:b x'1 __init__ _ 'quoted' e.g."),
            [
                "os", "path", "join", "don't", "3", "12", "1", "000", "a", "b", "x", "1",
                "__init__", "quoted", "e", "g"
            ]
        );
        assert_eq!(pieces("naïve café, x.y"), ["naïve", "café", "x", "y"]);
    }

    proptest! {
        #[test]
        fn ascii_text_splits_as_unicode_segmentation_does(
            text in "[aZ09_'.:,;\" \t\n\r\x0b#(-]{0,40}"
        ) {
            prop_assert_eq!(pieces(&text), reference(&text));
        }

        #[test]
        fn mixed_text_splits_as_unicode_segmentation_does(
            text in "[aZ9_'. \t\u{a0}\u{3000}é\u{301}\u{93f}\u{200d}\u{1f1e6}\u{5d0}\u{30a2}\u{ff0e}]{0,30}"
        ) {
            prop_assert_eq!(pieces(&text), reference(&text));
        }
    }
}
