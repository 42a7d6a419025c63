//! Whole-index tests: ranking, sharding sizes and determinism, read back through a small Rust
//! port of the query side of static/search.js (exact terms only).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::tokenize::Tokenizer;
use super::{DocPart, Scope, SearchDoc, SearchIndex, build_search_index};

/// The index of `docs`, every page's terms made afresh.
fn index_of(docs: &[SearchDoc]) -> SearchIndex {
    build_search_index(docs, &[])
}

/// The index files as JSON payloads, by path.
struct Loaded<'a> {
    index: &'a SearchIndex,
    payloads: HashMap<&'a str, Value>,
}

impl<'a> Loaded<'a> {
    fn new(index: &'a SearchIndex) -> Self {
        let payloads = index
            .files
            .iter()
            .map(|(path, bytes)| {
                let text = std::str::from_utf8(bytes).unwrap();
                let key = if *path == index.entry { "entry" } else { path };
                let prefix =
                    format!("(window.quireSearchData=window.quireSearchData||{{}})[\"{key}\"]=");
                let json = text
                    .strip_prefix(&prefix)
                    .unwrap()
                    .strip_suffix(";\n")
                    .unwrap();
                (path.as_str(), serde_json::from_str(json).unwrap())
            })
            .collect();
        Loaded { index, payloads }
    }

    fn entry(&self) -> &Value {
        &self.payloads[self.index.entry.as_str()]
    }

    fn size(&self, path: &str) -> usize {
        self.index
            .files
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0, |(_, b)| b.len())
    }

    /// The shard that would hold `term`: the last one whose first term is <= it.
    fn shard_for(&self, term: &str) -> &str {
        let shards = self.entry()["terms"].as_array().unwrap();
        let key = |s: &Value| s[0].as_str().unwrap().encode_utf16().collect::<Vec<_>>();
        let t: Vec<u16> = term.encode_utf16().collect();
        let i = shards.partition_point(|s| key(s) <= t);
        self.path("t", i - 1, &shards[i - 1][1])
    }

    /// The path of shard or chunk `i` with hash `hash`, as search.js builds it.
    fn path(&self, kind: &str, i: usize, hash: &Value) -> &str {
        let path = format!("search/{kind}{i}.{}.js", hash.as_str().unwrap());
        self.payloads.get_key_value(path.as_str()).unwrap().0
    }

    fn postings(&self, term: &str) -> Option<String> {
        let shard = &self.payloads[self.shard_for(term)];
        let keys: Vec<&str> = shard[0].as_str().unwrap().split(' ').collect();
        let lists: Vec<&str> = shard[1].as_str().unwrap().split(' ').collect();
        let i = keys.iter().position(|k| *k == term)?;
        Some(lists[i].to_string())
    }

    fn chunk_for(&self, doc: usize) -> &str {
        let chunks = self.entry()["chunks"].as_array().unwrap();
        let i = chunks.partition_point(|c| c[0].as_u64().unwrap() as usize <= doc);
        self.path("d", i - 1, &chunks[i - 1][1])
    }

    /// Ranked (doc id, best part) for an AND query, and the bytes a browser would load for it.
    fn search(&self, query: &str) -> (Vec<(usize, u32)>, usize) {
        let mut terms = Vec::new();
        Tokenizer::default().terms(query, &mut |t| terms.push(t.text.to_string()));
        let mut bytes = self.size(&self.index.entry);
        let mut loaded: Vec<&str> = Vec::new();
        let n = self.entry()["docs"].as_f64().unwrap();
        // doc -> (terms matched, part scores, doc-level score)
        let mut hits: BTreeMap<usize, (usize, BTreeMap<u32, f64>, f64)> = BTreeMap::new();
        for term in &terms {
            let shard = self.shard_for(term);
            if !loaded.contains(&shard) {
                loaded.push(shard);
                bytes += self.size(shard);
            }
            let Some(list) = self.postings(term) else {
                return (Vec::new(), bytes);
            };
            for Hit { doc, parts, page } in decode(&list, n) {
                let hit = hits.entry(doc).or_default();
                hit.0 += 1;
                for (part, score) in parts {
                    *hit.1.entry(part).or_default() += score;
                }
                hit.2 += page;
            }
        }
        let mut ranked: Vec<(f64, usize, u32)> = hits
            .into_iter()
            .filter(|(_, h)| h.0 == terms.len())
            .map(|(doc, (_, parts, doc_level))| {
                let title = parts.get(&0).copied().unwrap_or(0.0);
                let (best_part, best) = parts
                    .iter()
                    .filter(|(p, _)| **p != 0)
                    .fold((0, 0.0), |b, (p, s)| if *s > b.1 { (*p, *s) } else { b });
                let others: f64 = parts
                    .iter()
                    .filter(|(p, _)| **p != 0)
                    .map(|(_, s)| s)
                    .sum::<f64>()
                    - best;
                (
                    title + best + 0.3 * others.min(best) + doc_level,
                    doc,
                    best_part,
                )
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, doc, _) in ranked.iter().take(10) {
            let chunk = self.chunk_for(*doc);
            if !loaded.contains(&chunk) {
                loaded.push(chunk);
                bytes += self.size(chunk);
            }
        }
        (ranked.into_iter().map(|(_, d, p)| (d, p)).collect(), bytes)
    }
}

fn varints(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    for c in s.bytes() {
        if let Some(d) = b"0123456789abcdefghijklmnopqrstuv"
            .iter()
            .position(|&x| x == c)
        {
            out.push(acc * 32 + d as u32);
            acc = 0;
        } else {
            let d = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$@"
                .iter()
                .position(|&x| x == c)
                .unwrap();
            acc = acc * 32 + d as u32;
        }
    }
    out
}

/// One page's entry in a posting list, scores = idf * weight / 4.
struct Hit {
    doc: usize,
    parts: Vec<(u32, f64)>,
    page: f64,
}

fn decode(list: &str, n: f64) -> Vec<Hit> {
    let v = varints(list);
    let (df, doc_level) = (v[0] / 2, v[0] % 2 == 1);
    let idf = (1.0 + (n - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln();
    let mut out = Vec::new();
    let (mut i, mut doc) = (1, 0);
    for _ in 0..df {
        if doc_level {
            doc += v[i] as usize;
            let page = idf * f64::from(v[i + 1]) / 4.0;
            out.push(Hit {
                doc,
                parts: Vec::new(),
                page,
            });
            i += 2;
            continue;
        }
        doc += (v[i] / 2) as usize;
        let parts = if v[i] % 2 == 1 {
            i += 1;
            v[i] + 2
        } else {
            1
        };
        i += 1;
        let mut part = 0;
        let mut scores = Vec::new();
        for _ in 0..parts {
            part += v[i];
            scores.push((part, idf * f64::from(v[i + 1]) / 4.0));
            i += 2;
        }
        out.push(Hit {
            doc,
            parts: scores,
            page: 0.0,
        });
    }
    assert_eq!(i, v.len(), "trailing data in {list}");
    out
}

fn part(anchor: &str, heading: &str, text: &str, code: &str) -> DocPart {
    DocPart {
        anchor: anchor.into(),
        heading: heading.into(),
        text: text.into(),
        code: code.into(),
    }
}

fn doc(url: &str, title: &str, parts: Vec<DocPart>) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        title: title.into(),
        section: "Guide".into(),
        scope: "guide".into(),
        parts,
    }
}

fn filler(n: usize) -> String {
    "lorem ipsum dolor sit amet consectetur adipiscing elit ".repeat(n)
}

#[test]
fn titles_rank_above_headings_above_text_above_code() {
    let docs = vec![
        doc(
            "code/",
            "Snippets",
            vec![part("", "", &filler(3), "gc.collect() # garbage collector")],
        ),
        doc(
            "body/",
            "Memory",
            vec![part(
                "",
                "",
                &format!("{} the garbage collector runs {}", filler(2), filler(2)),
                "",
            )],
        ),
        doc(
            "heading/",
            "Runtime",
            vec![
                part("", "", &filler(3), ""),
                part(
                    "the-garbage-collector",
                    "The garbage collector",
                    &filler(3),
                    "",
                ),
            ],
        ),
        doc(
            "title/",
            "Garbage collector",
            vec![part("", "", &filler(3), "")],
        ),
        doc("other/", "Unrelated", vec![part("", "", &filler(5), "")]),
    ];
    let index = index_of(&docs);
    let loaded = Loaded::new(&index);
    let (ranked, _) = loaded.search("garbage collectors");
    let urls: Vec<&str> = ranked.iter().map(|(d, _)| docs[*d].url.as_str()).collect();
    assert_eq!(urls, ["title/", "heading/", "body/", "code/"]);
    // The heading match links to its section (part 2 = parts[1]).
    assert_eq!(ranked[1].1, 2);
}

#[test]
fn output_is_deterministic_and_content_hashed() {
    let docs = synthetic_docs(300, 8, 120, 1);
    let a = index_of(&docs);
    let b = index_of(&docs);
    assert_eq!(a, b);
    assert!(a.entry.starts_with("search/index.") && a.entry.ends_with(".js"));
    for (path, bytes) in &a.files {
        let hash = path.rsplit('.').nth(1).unwrap();
        assert_eq!(hash.len(), 8, "{path}");
        let key = if *path == a.entry { "entry" } else { path };
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(text.contains(&format!("[\"{key}\"]=")), "{path}");
    }
    let mut other = docs.clone();
    other[7].title.push_str(" changed");
    assert_ne!(index_of(&other).entry, a.entry);
}

#[test]
fn empty_site_has_an_index_too() {
    let index = index_of(&[]);
    let loaded = Loaded::new(&index);
    assert_eq!(loaded.search("anything").0, []);
    assert_eq!(index.files.len(), 3);
}

#[test]
fn content_cannot_break_out_of_the_index_files() {
    let evil = "</script><script>alert(1)</script>\"];alert(2);//\u{2028}";
    let docs = vec![doc(evil, evil, vec![part(evil, evil, evil, evil)])];
    let index = index_of(&docs);
    let loaded = Loaded::new(&index);
    let chunk = &loaded.payloads[loaded.chunk_for(0)];
    assert_eq!(chunk[0][1], evil);
    assert_eq!(chunk[0][3][0][0], evil);
    for (path, bytes) in &index.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<script") && !text.contains('&'),
            "{path}: {text}"
        );
    }
}

/// A reproducible site of `n` pages with `parts` sections of `words` words each:
/// Zipf-distributed pseudo-words, code in every third section.
fn synthetic_docs(n: usize, parts: usize, words: usize, seed: u64) -> Vec<SearchDoc> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let syllables = [
        "ka", "lo", "mi", "ne", "po", "ra", "su", "ti", "va", "ze", "gor", "bel", "ist", "ent",
        "ion", "ar",
    ];
    let vocabulary: Vec<String> = (0..40_000u64)
        .map(|i| {
            let mut w = String::new();
            let mut x = i + 17;
            while x > 0 {
                w.push_str(syllables[(x % 16) as usize]);
                x /= 16;
            }
            w
        })
        .collect();
    let cumulative: Vec<f64> = vocabulary
        .iter()
        .enumerate()
        .scan(0.0, |sum, (i, _)| {
            *sum += 1.0 / (i as f64 + 2.0);
            Some(*sum)
        })
        .collect();
    let total = cumulative[cumulative.len() - 1];
    let mut word = move || {
        let r = (next() % 1_000_000) as f64 / 1_000_000.0 * total;
        cumulative
            .partition_point(|c| *c < r)
            .min(cumulative.len() - 1)
    };
    let text_words = words;
    let mut words = |k: usize| {
        (0..k)
            .map(|_| vocabulary[word()].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (0..n)
        .map(|i| SearchDoc {
            url: format!("section{}/page{i}/", i % 20),
            title: format!("{} page{i}", words(3)),
            section: format!("Section {}", i % 20),
            scope: format!("section{}", i % 20),
            parts: (0..parts)
                .map(|p| DocPart {
                    anchor: if p == 0 {
                        String::new()
                    } else {
                        format!("heading-{p}")
                    },
                    heading: if p == 0 { String::new() } else { words(3) },
                    text: words(text_words),
                    code: if p % 3 == 1 {
                        format!("def f{p}(x):\n    return {}", words(20))
                    } else {
                        String::new()
                    },
                })
                .collect(),
        })
        .collect()
}

#[test]
fn ten_thousand_pages_load_well_under_a_megabyte_on_first_search() {
    let docs = synthetic_docs(10_000, 4, 60, 7);
    let text_bytes: usize = docs
        .iter()
        .map(|d| {
            d.title.len()
                + d.parts
                    .iter()
                    .map(|p| p.heading.len() + p.text.len() + p.code.len())
                    .sum::<usize>()
        })
        .sum();
    let started = std::time::Instant::now();
    let index = index_of(&docs);
    let elapsed = started.elapsed();
    let total: usize = index.files.iter().map(|(_, b)| b.len()).sum();
    for kind in ["search/t", "search/d"] {
        let (n, b) = index
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(kind))
            .fold((0, 0), |(n, s), (_, b)| (n + 1, s + b.len()));
        println!("{kind}*: {n} files, {b} bytes");
    }
    let loaded = Loaded::new(&index);
    let common = docs[0].parts[1]
        .text
        .split(' ')
        .next()
        .unwrap_or("")
        .to_string();
    let title_word = docs[4242].title.split(' ').next().unwrap_or("").to_string();
    let mut worst = 0;
    for query in [
        common.as_str(),
        "page4242",
        &format!("{title_word} page4242"),
        "kalo mine",
    ] {
        let (ranked, bytes) = loaded.search(query);
        println!(
            "query {query:?}: {} hits, first-search bytes {bytes}",
            ranked.len()
        );
        worst = worst.max(bytes);
    }
    assert_eq!(loaded.search("page4242").0[0].0, 4242);
    println!(
        "10k pages: text {text_bytes} B, index {total} B in {} files ({:.0}% of text), \
         entry {} B, worst first search {worst} B, built in {elapsed:.2?}",
        index.files.len(),
        100.0 * total as f64 / text_bytes as f64,
        loaded.size(&index.entry),
    );
    assert!(worst < 600_000, "first search loads {worst} bytes");
    assert!(total < text_bytes, "index {total} B vs text {text_bytes} B");
}

#[test]
fn the_entry_lists_each_docs_top_level_section_as_runs() {
    let docs: Vec<SearchDoc> = ["", "a", "a", "b", "a"]
        .iter()
        .enumerate()
        .map(|(i, scope)| SearchDoc {
            scope: (*scope).into(),
            ..doc(&format!("p{i}/"), "Title", vec![part("", "", "text", "")])
        })
        .collect();
    let index = index_of(&docs);
    let loaded = Loaded::new(&index);
    assert_eq!(
        loaded.entry()["scopes"],
        serde_json::json!([[0, ""], [1, "a"], [3, "b"], [4, "a"]])
    );
}

#[test]
fn the_entry_lists_the_filters_sections_in_the_order_given() {
    let docs = [doc("b/x/", "X", vec![]), doc("a/y/", "Y", vec![])];
    let scopes = [("b", "Beta <& more>"), ("a", "Alpha")].map(|(key, title)| Scope {
        key: key.into(),
        title: title.into(),
    });
    let index = build_search_index(&docs, &scopes);
    let loaded = Loaded::new(&index);
    assert_eq!(
        loaded.entry()["scopeTitles"],
        serde_json::json!([["b", "Beta <& more>"], ["a", "Alpha"]])
    );
    assert_eq!(
        Loaded::new(&index_of(&docs)).entry()["scopeTitles"],
        serde_json::json!([])
    );
}
