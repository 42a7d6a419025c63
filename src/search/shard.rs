//! Postings and page excerpts → the index files: term shards (contiguous ranges of the sorted
//! terms), document chunks (titles, URLs, sections and excerpts), and the entry file that
//! lists them. search.js loads the entry first, then only the shards and chunks a query needs.

use super::encode::{js_file, push_postings};
use super::postings::TermPostings;
use super::{SearchDoc, SearchIndex};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::ops::Range;

/// A term shard is closed once its payload reaches this size (a single term may exceed it).
const TERM_SHARD_BYTES: usize = 48 * 1024;
/// A document chunk is closed once its payload reaches this size.
const DOC_CHUNK_BYTES: usize = 16 * 1024;
/// Excerpt kept per part for result snippets, in characters.
const EXCERPT_CHARS: usize = 120;
/// Terms found in more pages than this are stored at doc level (see `push_postings`).
fn doc_level_threshold(docs: usize) -> usize {
    (docs / 32).max(256)
}

pub(super) fn write_index(docs: &[SearchDoc], terms: &[TermPostings]) -> SearchIndex {
    let mut files = Vec::new();
    let term_shards = write_term_shards(terms, doc_level_threshold(docs.len()), &mut files);
    let (sections, doc_chunks) = write_doc_chunks(docs, &mut files);
    let entry = serde_json::json!({
        "v": 1,
        "docs": docs.len(),
        "sections": sections,
        "scopes": scope_runs(docs),
        "terms": term_shards,
        "chunks": doc_chunks,
    });
    let entry = js_file("index", &entry.to_string());
    files.push((entry.path.clone(), entry.bytes));
    SearchIndex {
        files,
        entry: entry.path,
    }
}

/// Writes the term shards `search/t<i>.<hash>.js`; returns `[first term, hash]` per shard (the
/// first shard's key is "").
fn write_term_shards(
    terms: &[TermPostings],
    doc_level_above: usize,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<(String, String)> {
    let encoded: Vec<String> = terms
        .par_iter()
        .map(|t| {
            let docs = t.postings.chunk_by(|a, b| a.doc == b.doc).count();
            let mut out = String::new();
            push_postings(&mut out, &t.postings, docs > doc_level_above);
            out
        })
        .collect();
    let sizes = terms
        .iter()
        .zip(&encoded)
        .map(|(t, list)| t.term.len() + list.len() + 2);
    let mut shards = Vec::new();
    for range in group_by_size(sizes, TERM_SHARD_BYTES) {
        let keys: Vec<&str> = terms[range.clone()]
            .iter()
            .map(|t| t.term.as_str())
            .collect();
        let payload = serde_json::json!([keys.join(" "), encoded[range.clone()].join(" ")]);
        let file = js_file(&format!("t{}", shards.len()), &payload.to_string());
        files.push((file.path, file.bytes));
        let first = match (shards.is_empty(), terms.get(range.start)) {
            (false, Some(t)) => t.term.clone(),
            _ => String::new(),
        };
        shards.push((first, file.hash));
    }
    shards
}

/// Which top-level section each document is in, as runs: `[first doc id, scope key]` for every
/// doc whose scope differs from the one before (pages of a section are mostly contiguous, so a
/// site has a few runs per section, not one entry per page).
fn scope_runs(docs: &[SearchDoc]) -> Vec<(usize, &str)> {
    let mut runs: Vec<(usize, &str)> = Vec::new();
    for (id, doc) in docs.iter().enumerate() {
        if runs.last().is_none_or(|(_, scope)| *scope != doc.scope) {
            runs.push((id, &doc.scope));
        }
    }
    runs
}

/// Writes the document chunks: each doc as `[url, title, section index, [[anchor, heading,
/// excerpt], ...]]` in `search/d<i>.<hash>.js`. Returns the sorted section names and `[first doc
/// id, hash]` per chunk.
fn write_doc_chunks(
    docs: &[SearchDoc],
    files: &mut Vec<(String, Vec<u8>)>,
) -> (Vec<String>, Vec<(usize, String)>) {
    let sections: Vec<String> = docs
        .iter()
        .map(|d| d.section.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let encoded: Vec<String> = docs
        .par_iter()
        .map(|d| {
            let section = sections.binary_search(&d.section).unwrap_or_default();
            let parts: Vec<_> = d
                .parts
                .iter()
                .map(|p| {
                    let text = if p.text.trim().is_empty() {
                        &p.code
                    } else {
                        &p.text
                    };
                    (&p.anchor, &p.heading, excerpt(text))
                })
                .collect();
            serde_json::json!([d.url, d.title, section, parts]).to_string()
        })
        .collect();
    let mut chunks = Vec::new();
    for range in group_by_size(encoded.iter().map(|d| d.len() + 1), DOC_CHUNK_BYTES) {
        let payload = format!("[{}]", encoded[range.clone()].join(","));
        let file = js_file(&format!("d{}", chunks.len()), &payload);
        files.push((file.path, file.bytes));
        chunks.push((range.start, file.hash));
    }
    (sections, chunks)
}

/// Consecutive ranges of items, each closed once its total size reaches `limit`; at least one
/// (possibly empty) range. Items that fit in two ranges get one: a small site loads at once.
fn group_by_size(sizes: impl Iterator<Item = usize>, limit: usize) -> Vec<Range<usize>> {
    let sizes: Vec<usize> = sizes.collect();
    let limit = if sizes.iter().sum::<usize>() <= 2 * limit {
        usize::MAX
    } else {
        limit
    };
    let mut ranges = Vec::new();
    let (mut start, mut total) = (0, 0);
    for (i, size) in sizes.iter().enumerate() {
        total += size;
        if total >= limit {
            ranges.push(start..i + 1);
            (start, total) = (i + 1, 0);
        }
    }
    if start < sizes.len() || ranges.is_empty() {
        ranges.push(start..sizes.len());
    }
    ranges
}

/// The start of `text` with whitespace collapsed, at most `EXCERPT_CHARS` characters, cut at a
/// word boundary when possible and marked with "…" when cut.
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > EXCERPT_CHARS {
            if out.is_empty() {
                out.extend(word.chars().take(EXCERPT_CHARS));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{EXCERPT_CHARS, excerpt};

    #[test]
    fn excerpts_are_short_and_cut_at_words() {
        assert_eq!(excerpt("  a  b\n c "), "a b c");
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(
            e.ends_with("word…") && e.chars().count() <= EXCERPT_CHARS + 1,
            "{e}"
        );
        let cjk = "字".repeat(500);
        assert_eq!(excerpt(&cjk).chars().count(), EXCERPT_CHARS + 1);
    }
}
