//! Copied files: the site's own `static/` files and the files beside its pages under `content/`,
//! written to the same relative place in the output, byte for byte.

use rayon::prelude::*;

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::write::OutputFile;

pub struct Copies;

impl Output for Copies {
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        ctx.copies
            .iter()
            .map(|file| Claim::copy(file.rel.clone(), file.path.clone()))
            .collect()
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let results: Vec<Result<OutputFile, Error>> = ctx
            .copies
            .par_iter()
            .map(|file| {
                let bytes = ctx
                    .fs
                    .read_found_bytes(file)
                    .map_err(|d| Error::Content(vec![d]))?;
                Ok(OutputFile {
                    path: file.rel.clone(),
                    bytes: bytes.into(),
                })
            })
            .collect();
        results.into_iter().collect()
    }
}
