//! The index files, made as their contents come: term shards (contiguous ranges of the sorted
//! terms), document chunks (titles, URLs, sections and excerpts), and the entry file that lists
//! them. search.js loads the entry first, then only the shards and chunks a query needs.

use super::encode::{js_file, push_postings};
use super::weights::Posting;
use super::{DocPart, Scope};

/// A term shard is closed once its payload reaches this size (a single term may exceed it).
const TERM_SHARD_BYTES: usize = 48 * 1024;
/// A document chunk is closed once its payload reaches this size.
const DOC_CHUNK_BYTES: usize = 16 * 1024;
/// Excerpt kept per part for result snippets, in characters.
const EXCERPT_CHARS: usize = 120;

/// Where each index file goes as soon as it is made: (path, contents).
pub(super) type WriteFile<'a> = dyn FnMut(String, Vec<u8>) + 'a;

/// Terms found in more pages than this are stored at doc level (see `push_postings`).
pub(super) fn doc_level_threshold(docs: usize) -> usize {
    (docs / 32).max(256)
}

/// One term's posting list as the shards store it.
pub(super) fn encode_postings(postings: &[Posting], doc_level_above: usize) -> String {
    let docs = postings.chunk_by(|a, b| a.doc == b.doc).count();
    let mut out = String::new();
    push_postings(&mut out, postings, docs > doc_level_above);
    out
}

/// Writes the term shards `search/t<i>.<hash>.js` from the terms in sorted order, each with its
/// encoded posting list; `finish` gives `[first term, hash]` per shard (the first shard's key is
/// "").
pub(super) struct TermShards {
    groups: SizeGroups<(String, String)>,
    shards: Vec<(String, String)>,
}

impl TermShards {
    pub(super) fn new() -> Self {
        TermShards {
            groups: SizeGroups::new(TERM_SHARD_BYTES),
            shards: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, term: &str, list: String, write: &mut WriteFile<'_>) {
        let size = term.len() + list.len() + 2;
        let shards = &mut self.shards;
        self.groups
            .push((term.to_string(), list), size, &mut |terms| {
                write_term_shard(terms, shards, write);
            });
    }

    pub(super) fn finish(mut self, write: &mut WriteFile<'_>) -> Vec<(String, String)> {
        let shards = &mut self.shards;
        self.groups
            .finish(&mut |terms| write_term_shard(terms, shards, write));
        self.shards
    }
}

fn write_term_shard(
    terms: Vec<(String, String)>,
    shards: &mut Vec<(String, String)>,
    write: &mut WriteFile<'_>,
) {
    let keys: Vec<&str> = terms.iter().map(|(term, _)| term.as_str()).collect();
    let lists: Vec<&str> = terms.iter().map(|(_, list)| list.as_str()).collect();
    let payload = serde_json::json!([keys.join(" "), lists.join(" ")]);
    let file = js_file(&format!("t{}", shards.len()), &payload.to_string());
    let first = match (shards.is_empty(), terms.into_iter().next()) {
        (false, Some((term, _))) => term,
        _ => String::new(),
    };
    write(file.path, file.bytes);
    shards.push((first, file.hash));
}

/// A page's parts as its entry in the document chunks lists them: `[[anchor, heading, excerpt],
/// ...]` as JSON, the excerpt from the part's text (or its code when it has no text).
pub(super) fn parts_json(parts: &[DocPart]) -> String {
    let parts: Vec<_> = parts
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
    serde_json::json!(parts).to_string()
}

/// One page's entry in the document chunks, `[url, title, section index, [[anchor, heading,
/// excerpt], ...]]` as JSON but for the section index, known once every page is in.
pub(super) struct DocEntry {
    /// The entry with the section index left out at `split`.
    json: Box<str>,
    split: u32,
}

impl DocEntry {
    /// The entry of the page at `url` titled `title`, whose parts are `parts` (`parts_json`).
    pub(super) fn new(url: &str, title: &str, parts: &str) -> Self {
        let head = serde_json::json!([url, title]).to_string();
        let head = head.strip_suffix(']').unwrap_or(&head);
        let json = format!("{head},,{parts}]");
        DocEntry {
            split: head.len() as u32 + 1,
            json: json.into_boxed_str(),
        }
    }

    fn with_section(&self, section: usize) -> String {
        let (head, tail) = self.json.split_at(self.split as usize);
        format!("{head}{section}{tail}")
    }
}

/// Writes the document chunks `search/d<i>.<hash>.js` from the pages in order, each with its
/// section's index in the sorted section names; `finish` gives `[first doc id, hash]` per chunk.
pub(super) struct DocChunks {
    groups: SizeGroups<String>,
    chunks: Vec<(usize, String)>,
    /// Pages in the chunks written so far.
    docs: usize,
}

impl DocChunks {
    pub(super) fn new() -> Self {
        DocChunks {
            groups: SizeGroups::new(DOC_CHUNK_BYTES),
            chunks: Vec::new(),
            docs: 0,
        }
    }

    pub(super) fn push(&mut self, doc: &DocEntry, section: usize, write: &mut WriteFile<'_>) {
        let encoded = doc.with_section(section);
        let size = encoded.len() + 1;
        let (chunks, docs) = (&mut self.chunks, &mut self.docs);
        self.groups.push(encoded, size, &mut |entries| {
            write_doc_chunk(entries, chunks, docs, write);
        });
    }

    pub(super) fn finish(mut self, write: &mut WriteFile<'_>) -> Vec<(usize, String)> {
        let (chunks, docs) = (&mut self.chunks, &mut self.docs);
        self.groups
            .finish(&mut |entries| write_doc_chunk(entries, chunks, docs, write));
        self.chunks
    }
}

fn write_doc_chunk(
    entries: Vec<String>,
    chunks: &mut Vec<(usize, String)>,
    docs: &mut usize,
    write: &mut WriteFile<'_>,
) {
    let payload = format!("[{}]", entries.join(","));
    let file = js_file(&format!("d{}", chunks.len()), &payload);
    write(file.path, file.bytes);
    chunks.push((*docs, file.hash));
    *docs += entries.len();
}

/// Writes the entry file `search/index.<hash>.js`; returns its path. Besides the shards and
/// chunks it names, it holds what the search box shows before any query: the sections its
/// filter lists (`scopeTitles`, `[key, title]` each), which the pages leave out.
pub(super) fn write_entry(
    docs: usize,
    sections: &[String],
    scopes: &[(usize, &str)],
    scope_titles: &[Scope],
    term_shards: &[(String, String)],
    doc_chunks: &[(usize, String)],
) -> (String, Vec<u8>) {
    let scope_titles: Vec<(&str, &str)> = scope_titles
        .iter()
        .map(|s| (s.key.as_str(), s.title.as_str()))
        .collect();
    let entry = serde_json::json!({
        "v": 1,
        "docs": docs,
        "sections": sections,
        "scopes": scopes,
        "scopeTitles": scope_titles,
        "terms": term_shards,
        "chunks": doc_chunks,
    });
    let entry = js_file("index", &entry.to_string());
    (entry.path, entry.bytes)
}

/// Items cut into consecutive groups, each closed once its total size reaches `limit`; at least
/// one (possibly empty) group. Items that fit in two groups make one: a small site loads at
/// once. Each group is handed out as soon as it is known.
struct SizeGroups<T> {
    limit: usize,
    /// Total size of the items so far.
    total: usize,
    /// Until the items are known to fill more than two groups: every item, with its size.
    held: Vec<(T, usize)>,
    /// Once they are: the group being filled, and its size.
    group: Option<(Vec<T>, usize)>,
}

impl<T> SizeGroups<T> {
    fn new(limit: usize) -> Self {
        SizeGroups {
            limit,
            total: 0,
            held: Vec::new(),
            group: None,
        }
    }

    fn push(&mut self, item: T, size: usize, emit: &mut impl FnMut(Vec<T>)) {
        self.total += size;
        if self.group.is_none() && self.total > 2 * self.limit {
            self.group = Some((Vec::new(), 0));
            for (item, size) in std::mem::take(&mut self.held) {
                self.fill(item, size, emit);
            }
        }
        if self.group.is_some() {
            self.fill(item, size, emit);
        } else {
            self.held.push((item, size));
        }
    }

    fn fill(&mut self, item: T, size: usize, emit: &mut impl FnMut(Vec<T>)) {
        if let Some((group, group_size)) = &mut self.group {
            group.push(item);
            *group_size += size;
            if *group_size >= self.limit {
                emit(std::mem::take(group));
                *group_size = 0;
            }
        }
    }

    fn finish(self, emit: &mut impl FnMut(Vec<T>)) {
        match self.group {
            Some((group, _)) if group.is_empty() => {}
            Some((group, _)) => emit(group),
            None => emit(self.held.into_iter().map(|(item, _)| item).collect()),
        }
    }
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
    use super::{EXCERPT_CHARS, SizeGroups, excerpt};

    /// The groups `sizes` are cut into, as item indexes.
    fn groups(sizes: &[usize], limit: usize) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        let mut groups = SizeGroups::new(limit);
        for (i, &size) in sizes.iter().enumerate() {
            groups.push(i, size, &mut |g| out.push(g));
        }
        groups.finish(&mut |g| out.push(g));
        out
    }

    #[test]
    fn groups_close_when_full_unless_all_fit_in_two() {
        assert_eq!(groups(&[], 10), [Vec::<usize>::new()]);
        assert_eq!(groups(&[6, 7, 7], 10), [vec![0, 1, 2]]);
        assert_eq!(groups(&[6, 7, 8], 10), [vec![0, 1], vec![2]]);
        assert_eq!(
            groups(&[3, 3, 3, 30, 1, 9, 2], 10),
            [vec![0, 1, 2, 3], vec![4, 5], vec![6]]
        );
        assert_eq!(groups(&[25, 10], 10), [vec![0], vec![1]]);
    }

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
