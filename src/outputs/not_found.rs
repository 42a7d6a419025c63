//! `404.html`: the page a web server shows for a missing URL, at any depth, so its links start
//! from the site's absolute base path.

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::write::OutputFile;

pub struct NotFound;

const PATH: &str = "404.html";

impl Output for NotFound {
    fn claims(&self, _: &OutputContext<'_>) -> Vec<Claim> {
        vec![Claim::generated(PATH)]
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let html = ctx
            .templates
            .render(PATH, &ctx.views.not_found())
            .map_err(|d| Error::Content(vec![d]))?;
        Ok(vec![OutputFile {
            path: PATH.into(),
            bytes: html.into_bytes().into(),
        }])
    }
}
