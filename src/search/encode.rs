//! Compact text encodings of the index (varints, posting lists) and the JavaScript file
//! wrapper with content-hashed names. Decoded by static/search.js.

use super::postings::TITLE_PART;
use super::weights::Posting;

/// Varint digits: a number is written in base 32, most significant digit first; every digit
/// but the last comes from `MORE`, the last from `LAST`. Numbers below 32 take one character.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$@";

/// The global every index file adds itself to, keyed by its own path.
pub(super) const GLOBAL: &str = "quireSearchData";

pub(super) fn push_varint(out: &mut String, value: u32) {
    let mut digits = [0u8; 7];
    let mut n = 0;
    let mut v = value;
    loop {
        digits[n] = (v % 32) as u8;
        n += 1;
        v /= 32;
        if v == 0 {
            break;
        }
    }
    for i in (1..n).rev() {
        out.push(char::from(MORE[usize::from(digits[i])]));
    }
    out.push(char::from(LAST[usize::from(digits[0])]));
}

/// Appends one term's posting list:
///
/// `header = df * 2 + doc_level`, then per document `delta = doc - previous doc` (the first
/// delta is the doc id itself):
/// - part level (`doc_level == 0`): `delta * 2 + (parts > 1)`, `parts - 2` if parts > 1, then
///   per part `part - previous part` (first: the part itself) and its weight;
/// - doc level: `delta`, and the weight of the page as a whole (see `page_weight`).
///
/// Terms found in very many pages are stored at doc level: they are cheap to load, and being
/// common they say little about which heading to link to.
pub(super) fn push_postings(out: &mut String, postings: &[Posting], doc_level: bool) {
    let docs: Vec<&[Posting]> = postings.chunk_by(|a, b| a.doc == b.doc).collect();
    push_varint(out, docs.len() as u32 * 2 + u32::from(doc_level));
    let mut previous = 0;
    for parts in docs {
        let doc = parts[0].doc;
        let delta = doc - previous;
        previous = doc;
        if doc_level {
            push_varint(out, delta);
            push_varint(out, page_weight(parts));
            continue;
        }
        push_varint(out, delta * 2 + u32::from(parts.len() > 1));
        if parts.len() > 1 {
            push_varint(out, parts.len() as u32 - 2);
        }
        let mut previous_part = 0;
        for p in parts {
            push_varint(out, u32::from(p.part - previous_part));
            previous_part = p.part;
            push_varint(out, u32::from(p.weight));
        }
    }
}

/// How search.js scores a page from its parts' scores: the title, plus the best section, plus
/// the other sections' sum capped at 30% of the best.
pub(super) fn page_weight(parts: &[Posting]) -> u32 {
    let title: u32 = parts
        .iter()
        .filter(|p| p.part == TITLE_PART)
        .map(|p| u32::from(p.weight))
        .sum();
    let sections = parts
        .iter()
        .filter(|p| p.part != TITLE_PART)
        .map(|p| u32::from(p.weight));
    let best = sections.clone().max().unwrap_or(0);
    let others = sections.sum::<u32>() - best;
    title + best + (others.min(best) * 3 + 5) / 10
}

/// The key the entry file stores its data under. Other files use their own path; the entry's
/// key is fixed so that the build may give the entry another name (it names it before the index
/// exists, see `SearchIndex::entry`).
pub(super) const ENTRY_KEY: &str = "entry";

/// An index file: `search/<stem>.<hash>.js`, with `hash` the first 8 hex digits of the payload's
/// BLAKE3 hash.
pub(super) struct JsFile {
    pub path: String,
    pub hash: String,
    pub bytes: Vec<u8>,
}

/// A JavaScript file that stores `payload` (a JSON value) in `window.quireSearchData[key]`, the
/// key being `ENTRY_KEY` for the entry (`stem` "index") and the file's own path for the others.
///
/// `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (they only occur inside JSON
/// strings, where the escapes mean the same): page text never shows up as markup in the
/// output, even to tools that scan it.
pub(super) fn js_file(stem: &str, payload: &str) -> JsFile {
    let payload = payload
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let hash = blake3::hash(payload.as_bytes()).to_hex()[..8].to_string();
    let path = format!("search/{stem}.{hash}.js");
    let key = if stem == "index" { ENTRY_KEY } else { &path };
    let body = format!("(window.{GLOBAL}=window.{GLOBAL}||{{}})[\"{key}\"]={payload};\n");
    JsFile {
        path,
        hash,
        bytes: body.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_use_one_char_below_32() {
        let mut s = String::new();
        for v in [0, 31, 32, 1023, 1024, u32::MAX] {
            push_varint(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 v x0 @v xw0 z@@@@@v ");
    }

    #[test]
    fn posting_lists_round_trip_the_documented_layout() {
        let p = |doc, part, weight| Posting { doc, part, weight };
        let postings = [p(3, 0, 40), p(3, 2, 5), p(7, 1, 4)];
        let mut s = String::new();
        push_postings(&mut s, &postings, false);
        // 2 docs; doc 3 with 2 parts: part 0 weight 40, part 2 weight 5; doc 7: part 1, 4.
        assert_eq!(s, "4_7_0_0x8_2_5_8_1_4".replace('_', ""));
        s.clear();
        push_postings(&mut s, &postings, true);
        // Page weights: 40 + 5 = 45 ("xd") and 4.
        assert_eq!(s, "5_3_xd_4_4".replace('_', ""));
    }
}
