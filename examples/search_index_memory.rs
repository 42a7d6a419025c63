//! Peak memory and time of building the search index for N generated pages, the way a build
//! feeds it:
//!
//!     cargo run --release --example search_index_memory -- 100000 streamed
//!
//! `streamed`: each page is made, indexed (`SearchDoc::body`, `IndexBuilder::add`) and dropped, on
//! every thread; `held`: every page is made first and held, then `build_search_index` runs (how
//! the pipeline called the index before pages were streamed). Pages imitate bench/gen_corpus.py:
//! 800-1500 words of Zipf-distributed made-up words, 5-8 headed sections, identifiers, numbers,
//! 2-4 code blocks. Prints the peak resident memory (VmHWM), the index's time and its files' size.

use std::time::{Duration, Instant};

use quire::search::{DocPart, IndexBuilder, Scope, SearchDoc, build_search_index};
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let pages: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let mode = args.next().unwrap_or_else(|| "streamed".into());
    let corpus = Corpus::new();
    let started = Instant::now();
    (0..pages)
        .into_par_iter()
        .for_each(|n| drop(corpus.page(n)));
    let generating = started.elapsed();
    let baseline = peak_rss_mb();
    let (index_time, bytes) = match mode.as_str() {
        "held" => held(&corpus, pages),
        "streamed" => streamed(&corpus, pages, generating),
        other => panic!("unknown mode {other:?} (held or streamed)"),
    };
    println!(
        "{pages} pages, {mode}: peak RSS {} MB (generator alone {baseline} MB), index {:.2} s, \
         index files {} MB",
        peak_rss_mb(),
        index_time.as_secs_f64(),
        bytes / 1_000_000
    );
}

/// Every page made and held first, then indexed at once.
fn held(corpus: &Corpus, pages: usize) -> (Duration, usize) {
    let docs: Vec<SearchDoc> = (0..pages).into_par_iter().map(|n| corpus.page(n)).collect();
    println!("pages held: peak RSS {} MB", peak_rss_mb());
    let started = Instant::now();
    let index = build_search_index(&docs, &corpus.scopes());
    let time = started.elapsed();
    (time, index.files.iter().map(|(_, b)| b.len()).sum())
}

/// Each page made, indexed and dropped; the index's time is the whole minus making the pages.
fn streamed(corpus: &Corpus, pages: usize, generating: Duration) -> (Duration, usize) {
    let started = Instant::now();
    let builder = IndexBuilder::new(pages, corpus.sections.iter().cloned(), corpus.scopes());
    let mut bytes: usize = (0..pages)
        .into_par_iter()
        .map(|n| {
            let doc = corpus.page(n);
            let files = builder.add(n, doc.head(), &doc.body());
            files.iter().map(|(_, b)| b.len()).sum::<usize>()
        })
        .sum();
    let (_, entry) = builder
        .finish(&mut |_, contents| bytes += contents.len())
        .expect("every page added once");
    bytes += entry.len();
    (started.elapsed().saturating_sub(generating), bytes)
}

/// The process's peak resident set size so far, in MB.
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// splitmix64.
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

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const FUNCTION_WORDS: &str = "the of and to a in is that for it with as on by this be are from \
    or an when which each can not but its into than then so if at all one more only also any both \
    such these those most while after before through between under over without within per";
const UNICODE_WORDS: &str =
    "naïve café façade Zürich über résumé smörgåsbord jalapeño coöperate déjà";

/// A made-up vocabulary with Zipf-like frequencies, as in bench/gen_corpus.py.
struct Corpus {
    words: Vec<String>,
    cumulative: Vec<f64>,
    function: Vec<&'static str>,
    function_cumulative: Vec<f64>,
    unicode: Vec<&'static str>,
    sections: Vec<String>,
}

impl Corpus {
    fn new() -> Self {
        let onsets: Vec<&str> =
            "b bl br c ch cl cr d dr f fl fr g gl gr h j k kl kr l m n p pl pr \
            qu r s sc sh sk sl sm sn sp st str t th tr v w wh z"
                .split(' ')
                .filter(|s| !s.is_empty())
                .collect();
        let nuclei = [
            "a", "e", "i", "o", "u", "y", "ai", "au", "ea", "ee", "ie", "io", "oa",
        ];
        let codas = [
            "b", "ck", "d", "f", "g", "k", "l", "ll", "m", "n", "nd", "ng", "nk", "nt",
        ];
        let mut rng = Rng(1);
        let mut seen = std::collections::HashSet::new();
        let mut words = Vec::new();
        while words.len() < 20_000 {
            let syllables = [1, 2, 2, 2, 3, 3, 4][rng.below(7)];
            let mut word = String::new();
            for _ in 0..syllables {
                word.push_str(onsets[rng.below(onsets.len())]);
                word.push_str(nuclei[rng.below(nuclei.len())]);
                if rng.below(2) == 0 {
                    word.push_str(codas[rng.below(codas.len())]);
                }
            }
            if (3..=14).contains(&word.len()) && seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let cumulative = running_sum((0..words.len()).map(|r| 1.0 / (r as f64 + 21.0).powf(1.05)));
        let function: Vec<&str> = FUNCTION_WORDS.split_whitespace().collect();
        let function_cumulative = running_sum((0..function.len()).map(|r| 1.0 / (r as f64 + 1.0)));
        let sections = (0..50).map(|i| format!("{} {i}", words[i * 7])).collect();
        Corpus {
            words,
            cumulative,
            function,
            function_cumulative,
            unicode: UNICODE_WORDS.split(' ').collect(),
            sections,
        }
    }

    /// Every section as the search box's filter lists it (each is a top-level section).
    fn scopes(&self) -> Vec<Scope> {
        let scope = |section: &String| Scope {
            key: section.replace(' ', "-"),
            title: section.clone(),
        };
        self.sections.iter().map(scope).collect()
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[pick(&self.cumulative, rng)]
    }

    fn prose(&self, rng: &mut Rng, words: usize, out: &mut String) {
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            let r = rng.unit();
            if r < 0.38 {
                out.push_str(self.function[pick(&self.function_cumulative, rng)]);
            } else if r < 0.385 {
                out.push_str(self.unicode[rng.below(self.unicode.len())]);
            } else if r < 0.40 {
                out.push_str(self.word(rng));
                if rng.below(10) < 6 {
                    out.push('_');
                    out.push_str(self.word(rng));
                }
            } else if r < 0.405 {
                out.push_str(&rng.below(10_000).to_string());
            } else {
                out.push_str(self.word(rng));
            }
            if rng.below(12) == 0 {
                out.push('.');
            }
        }
    }

    fn code(&self, rng: &mut Rng) -> String {
        let mut code = format!("def {}(", self.word(rng));
        for line in 0..6 + rng.below(8) {
            code.push_str(&format!(
                "\n    {}_{} = {}.{}({})",
                self.word(rng),
                self.word(rng),
                self.word(rng),
                self.word(rng),
                line * rng.below(100)
            ));
        }
        code
    }

    fn page(&self, n: usize) -> SearchDoc {
        let mut rng = Rng(0x5eed ^ (n as u64).wrapping_mul(0x9e37_79b9));
        let title_words: Vec<&str> = (0..2 + rng.below(3)).map(|_| self.word(&mut rng)).collect();
        let sections = 5 + rng.below(4);
        let mut words = 800 + rng.below(700);
        let code_blocks = 2 + rng.below(3);
        let parts = (0..sections)
            .map(|p| {
                let mut heading = String::new();
                if p > 0 {
                    let words = 2 + rng.below(4);
                    self.prose(&mut rng, words, &mut heading);
                }
                let mut text = String::new();
                let share = words / (sections - p);
                words -= share;
                self.prose(&mut rng, share, &mut text);
                DocPart {
                    anchor: heading.to_lowercase().replace(' ', "-"),
                    heading,
                    text,
                    code: if p < code_blocks {
                        self.code(&mut rng)
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let section = &self.sections[n % self.sections.len()];
        SearchDoc {
            url: format!(
                "{}/{}-{n}/",
                section.replace(' ', "-"),
                title_words.join("-")
            ),
            title: title_words.join(" "),
            section: section.clone(),
            scope: section.replace(' ', "-"),
            parts,
        }
    }
}

fn running_sum(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut total = 0.0;
    weights
        .map(|w| {
            total += w;
            total
        })
        .collect()
}

fn pick(cumulative: &[f64], rng: &mut Rng) -> usize {
    let r = rng.unit() * cumulative[cumulative.len() - 1];
    cumulative
        .partition_point(|&c| c < r)
        .min(cumulative.len() - 1)
}
