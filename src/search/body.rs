//! A page's body as the index takes it (`IndexedBody`): its parts as results show them, its
//! terms and its fields' sizes, made once from its text, which can then go. With the page's URL,
//! title and section it is all [`IndexBuilder::add`](super::IndexBuilder::add) needs.

use super::DocPart;
use super::postings::BodyTerms;
use super::shard::parts_json;
use super::weights::FieldSums;

/// What the index needs of a page's body.
#[derive(Clone)]
pub struct IndexedBody {
    /// The parts as results show them: `[[anchor, heading, excerpt], ...]` as JSON.
    pub(super) parts: Box<str>,
    pub(super) terms: BodyTerms,
    pub(super) sums: FieldSums,
}

impl IndexedBody {
    /// The body made of `parts`, in order (the first usually has anchor "": the text before any
    /// heading).
    pub fn new(parts: &[DocPart]) -> Self {
        IndexedBody {
            parts: parts_json(parts).into_boxed_str(),
            terms: BodyTerms::new(parts),
            sums: FieldSums::of_parts(parts),
        }
    }
}
