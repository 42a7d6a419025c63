//! The index's exact bytes for fixed, varied sites, pinned by hash: a change in how the index is
//! built (memory layout, order of work, threads) must not change a byte of what it writes.

use super::{DocPart, Scope, SearchDoc, SearchIndex, build_search_index};

/// splitmix64: a small reproducible generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Words of every kind the tokenizer treats differently, common ones first (picked with a
/// Zipf-like skew): English, stop words, identifiers, numbers, non-ASCII, CJK (bigrams), markup.
fn word(rng: &mut Rng) -> String {
    const FIXED: &[&str] = &[
        "the",
        "garbage",
        "collector",
        "runs",
        "and",
        "thread",
        "pool",
        "memory",
        "of",
        "a",
        "ThreadPoolExecutor",
        "tp_free",
        "os.path",
        "3.12",
        "don't",
        "Python's",
        "naïve",
        "café",
        "Zürich",
        "ΣΊΣΥΦΟΣ",
        "検索エンジン",
        "日本語",
        "ภาษาไทย",
        "<script>",
        "a&b",
        "\"quoted\"",
        "x",
        "über",
        "résumé",
        "GIL",
        "asyncio",
        "await",
        "héllo-wörld",
        "e.g.",
        "i/o",
    ];
    let skewed = rng.below(64).pow(2) / 64;
    if skewed < FIXED.len() && rng.chance(50) {
        return FIXED[skewed].to_string();
    }
    let syllables = [
        "ka", "lo", "mi", "ne", "po", "ra", "su", "ti", "gor", "bel", "ist", "ion",
    ];
    let mut n = rng.below(4000).pow(2) / 4000 + 1;
    let mut w = String::new();
    while n > 0 {
        w.push_str(syllables[n % syllables.len()]);
        n /= syllables.len();
    }
    match rng.below(20) {
        0 => format!("{w}_{}", rng.below(50)),
        1 => rng.below(100_000).to_string(),
        _ => w,
    }
}

fn words(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(if rng.chance(3) { "\n  " } else { " " });
        }
        out.push_str(&word(rng));
    }
    out
}

/// A page's part: sometimes without text (its code is the excerpt), whitespace only, or empty.
fn part(rng: &mut Rng, p: usize) -> DocPart {
    let text = match rng.below(10) {
        0 => String::new(),
        1 => " \n\t ".to_string(),
        2 => "x".repeat(rng.below(300)),
        _ => {
            let n = rng.below(150);
            words(rng, n)
        }
    };
    DocPart {
        anchor: if p == 0 {
            String::new()
        } else {
            format!("h-{p}")
        },
        heading: if p == 0 {
            String::new()
        } else {
            let n = rng.below(6);
            words(rng, n)
        },
        text,
        code: if rng.chance(30) {
            let n = rng.below(40);
            format!("def f{p}(x):\n    return {}", words(rng, n))
        } else {
            String::new()
        },
    }
}

/// `n` pages of every shape: no parts, many parts, empty titles, shared and empty sections, and a
/// few extremes (more parts than are indexed, more distinct terms than are kept, a frequency past
/// `u16::MAX`).
fn varied_site(n: usize, seed: u64) -> Vec<SearchDoc> {
    let mut rng = Rng(seed);
    let sections = [
        "Guide",
        "Reference",
        "",
        "Über uns",
        "<Internals>",
        "Guide & more",
    ];
    let mut docs: Vec<SearchDoc> = (0..n)
        .map(|i| {
            let parts = match rng.below(10) {
                0 => 0,
                1 => 20 + rng.below(30),
                _ => 1 + rng.below(8),
            };
            SearchDoc {
                url: format!("s{}/page-{i}/", i % 7),
                title: if rng.chance(5) {
                    String::new()
                } else {
                    let n = 1 + rng.below(5);
                    words(&mut rng, n)
                },
                section: sections[rng.below(sections.len())].to_string(),
                scope: if i % 11 == 5 {
                    String::new()
                } else {
                    format!("part-{}", i * 3 / n)
                },
                parts: (0..parts).map(|p| part(&mut rng, p)).collect(),
            }
        })
        .collect();
    if n >= 100 {
        docs[1].parts = (0..u16::MAX as usize + 40)
            .map(|p| DocPart {
                anchor: format!("p{p}"),
                heading: format!("h{}", p % 13),
                text: if p % 2 == 0 {
                    "late".into()
                } else {
                    String::new()
                },
                code: String::new(),
            })
            .collect();
        if docs[2].parts.is_empty() {
            docs[2].parts.push(DocPart::default());
        }
        docs[2].parts[0].text = (0..10_500).map(|t| format!("w{t} ")).collect();
        docs[2].parts[0].code = "again ".repeat(70_000);
    }
    docs
}

/// The sections the search box's filter of a `varied_site` lists: not in key order, with a
/// title that needs escaping; "" (the home page's pages) is never one.
fn varied_scopes() -> Vec<Scope> {
    [
        ("part-2", "Part <2> & \"more\""),
        ("part-0", "Über"),
        ("part-1", ""),
    ]
    .map(|(key, title)| Scope {
        key: key.into(),
        title: title.into(),
    })
    .into()
}

/// One hash of every file's path and bytes, in order, and the entry's path.
/// The hash of the index's files in path order (the order they are made in is not the index).
fn digest(index: &SearchIndex) -> String {
    let mut files: Vec<_> = index.files.iter().collect();
    files.sort();
    let mut hasher = blake3::Hasher::new();
    for (path, bytes) in files {
        hasher.update(path.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.update(index.entry.as_bytes());
    hasher.finalize().to_hex()[..16].to_string()
}

fn index_of(docs: &[SearchDoc]) -> SearchIndex {
    build_search_index(docs, &varied_scopes())
}

#[test]
fn varied_sites_give_the_pinned_bytes() {
    for (pages, seed, expected) in [
        (400, 1, "e97c856825d81557"),
        (37, 2, "e4f8fa1b5081453d"),
        (1200, 3, "999b11d5a87029fd"),
        (20, 4, "67281a49cd9b4f13"),
    ] {
        let docs = varied_site(pages, seed);
        let index = index_of(&docs);
        assert_eq!(digest(&index), expected, "{pages} pages, seed {seed}");
    }
}

/// Pages added in a shuffled order from several threads give the same bytes as in order.
#[test]
fn the_order_pages_come_in_changes_nothing() {
    use super::IndexBuilder;
    use rayon::prelude::*;

    let docs = varied_site(400, 1);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = Rng(9);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let sections = docs.iter().map(|doc| doc.section.clone());
    let builder = IndexBuilder::new(docs.len(), sections, varied_scopes());
    let mut files: Vec<(String, Vec<u8>)> = order
        .par_iter()
        .with_max_len(3)
        .flat_map_iter(|&n| builder.add(n, docs[n].head(), &docs[n].body()))
        .collect();
    let (entry, bytes) = builder
        .finish(&mut |path, bytes| files.push((path, bytes)))
        .unwrap();
    files.push((entry.clone(), bytes));
    assert_eq!(digest(&SearchIndex { files, entry }), "e97c856825d81557");
}

#[test]
fn pages_given_twice_past_the_end_or_never_are_errors() {
    use super::{IndexBuilder, PageNumberError};

    let docs = varied_site(3, 5);
    let finish = |builder: IndexBuilder| builder.finish(&mut |_, _| {});
    let add = |builder: &IndexBuilder, n: usize| {
        let _ = builder.add(n, docs[n % 3].head(), &docs[n % 3].body());
    };
    let new = || IndexBuilder::new(3, docs.iter().map(|doc| doc.section.clone()), Vec::new());
    let builder = new();
    (0..3).for_each(|n| add(&builder, n));
    add(&builder, 1);
    assert_eq!(
        finish(builder),
        Err(PageNumberError::AddedTwice { page: 1 })
    );
    let builder = new();
    (0..4).for_each(|n| add(&builder, n));
    assert_eq!(
        finish(builder),
        Err(PageNumberError::OutOfRange { page: 3, pages: 3 })
    );
    let builder = new();
    add(&builder, 0);
    assert_eq!(finish(builder), Err(PageNumberError::Missing { page: 1 }));
    let builder = IndexBuilder::new(3, ["Elsewhere".to_string()], Vec::new());
    add(&builder, 0);
    assert_eq!(
        finish(builder),
        Err(PageNumberError::UnknownSection { page: 0 })
    );
}
