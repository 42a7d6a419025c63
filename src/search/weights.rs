//! How much a posting weighs: a page part's fields (title, heading, text, code), their lengths
//! summed over the site, and the BM25 weight of a term in a part, which boosts titles over
//! headings over body text over code.

use std::sync::atomic::{AtomicU64, Ordering};

use super::DocPart;

/// Fields of a page part, in the order of `BOOST` and `LENGTH_NORM`.
pub(super) const FIELDS: usize = 4;
pub(super) const TITLE: usize = 0;
pub(super) const HEADING: usize = 1;
pub(super) const TEXT: usize = 2;
pub(super) const CODE: usize = 3;
const BOOST: [f64; FIELDS] = [10.0, 4.0, 1.0, 0.3];
/// BM25 `b`: how much a long field dilutes each of its terms.
const LENGTH_NORM: [f64; FIELDS] = [0.5, 0.5, 0.75, 0.75];
const K1: f64 = 1.2;
/// Weights are stored as integers: `round(weight * WEIGHT_SCALE)`.
const WEIGHT_SCALE: f64 = 4.0;

/// One page part's weight for one term, as the index files store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    pub doc: u32,
    pub part: u16,
    pub weight: u16,
}

/// A posting's input to its weight: per field, how often the term occurs in the part.
pub(super) type FieldFreqs = [u16; FIELDS];

/// The length of a field as the weights use it (no field comes near 4 GB).
pub(super) fn byte_length(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// Per field (title, heading, text, code): the bytes of some page parts' fields and how many of
/// those fields are not empty.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct FieldSums {
    bytes: [u64; FIELDS],
    fields: [u64; FIELDS],
}

impl FieldSums {
    /// The sums over all of `parts` (also those past `MAX_PARTS`).
    pub(super) fn of_parts(parts: &[DocPart]) -> Self {
        let mut sums = FieldSums::default();
        for p in parts {
            sums.add(HEADING, &p.heading);
            sums.add(TEXT, &p.text);
            sums.add(CODE, &p.code);
        }
        sums
    }

    fn add(&mut self, field: usize, text: &str) {
        if !text.is_empty() {
            self.bytes[field] += text.len() as u64;
            self.fields[field] += 1;
        }
    }
}

/// The sums behind the mean length of each field (title, heading, text, code) where it is not
/// empty, added to page by page from any thread. Bytes stand in for the number of terms: only
/// ratios to the mean matter.
#[derive(Default)]
pub(super) struct FieldTotals {
    bytes: [AtomicU64; FIELDS],
    fields: [AtomicU64; FIELDS],
}

impl FieldTotals {
    /// Counts a page: its title and its body's sums.
    pub(super) fn add(&self, title: &str, body: &FieldSums) {
        let mut sums = *body;
        sums.add(TITLE, title);
        for f in 0..FIELDS {
            self.bytes[f].fetch_add(sums.bytes[f], Ordering::Relaxed);
            self.fields[f].fetch_add(sums.fields[f], Ordering::Relaxed);
        }
    }

    /// Mean length of each field, once every page is added (1 for a field no page has).
    pub(super) fn averages(&self) -> [f64; FIELDS] {
        std::array::from_fn(|f| {
            let n = self.fields[f].load(Ordering::Relaxed);
            if n > 0 {
                self.bytes[f].load(Ordering::Relaxed) as f64 / n as f64
            } else {
                1.0
            }
        })
    }
}

/// BM25 per field (saturating term frequency, length-normalised), summed with field boosts.
pub(super) fn part_weight(
    freqs: &FieldFreqs,
    lengths: &[u32; FIELDS],
    averages: &[f64; FIELDS],
) -> u16 {
    let mut weight = 0.0;
    for f in 0..FIELDS {
        if freqs[f] == 0 {
            continue;
        }
        let ratio = f64::from(lengths[f]) / averages[f];
        let tf = f64::from(freqs[f]) / (1.0 - LENGTH_NORM[f] + LENGTH_NORM[f] * ratio);
        weight += BOOST[f] * tf * (K1 + 1.0) / (tf + K1);
    }
    (weight * WEIGHT_SCALE)
        .round()
        .clamp(1.0, f64::from(u16::MAX)) as u16
}
